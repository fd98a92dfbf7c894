import { resolve } from 'node:path';
import type { Override, SelfScore, Unit } from '../core/inputs.js';
import type { Criteria } from '../core/model.js';
import type { Problem } from '../core/problems.js';
import { loadCriteriaBytes } from '../criteria/index.js';
import { EvidenceCollector, type EvidenceSet } from '../evidence/collect.js';
import { UnreadableInput } from '../evidence/table.js';
import { readOverrides, readSelf, readUnits, type ItemTable } from '../evidence/units.js';
import { problemsToText } from '../report/problems.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT } from './errors.js';
import { readInput } from './files.js';
import { useColor } from './io.js';
import { criteriaSizeLimit } from './limits.js';
import { progress, type Progress } from './progress.js';

/**
 * Reading what a scoring command is given: the criteria file, then the units, evidence,
 * self-assessment and overrides. A criteria file with errors stops here (exit 1, its problems
 * printed); a file that cannot be read stops with one line (exit 2).
 */
export async function readCriteria(ctx: CommandContext, file: string): Promise<Criteria> {
  const bytes = await readInput(ctx.io, file, criteriaSizeLimit(ctx.io));
  const { criteria, problems } = loadCriteriaBytes(bytes, file);
  if (!criteria) {
    const text = problemsToText(problems, { lang: ctx.lang, color: useColor(ctx.io, 'stderr'), sources: new Map([[file, bytes.toString('utf8')]]) });
    throw new CliError(EXIT.problems, { vi: text.trimEnd(), en: text.trimEnd() });
  }
  return criteria;
}

export interface InputFiles {
  evidence: string[];
  units?: string;
  self?: string;
  adjust?: string;
  sheet?: string;
}

export interface Inputs {
  units?: Unit[];
  evidence: EvidenceSet;
  self?: ItemTable<SelfScore>;
  overrides?: ItemTable<Override>;
  problems: Problem[];
}

export async function readInputs(ctx: CommandContext, criteria: Criteria, files: InputFiles, shown: Progress = progress(ctx, true)): Promise<Inputs> {
  const path = (f: string) => resolve(ctx.io.cwd, f);
  try {
    const problems: Problem[] = [];
    let units: Unit[] | undefined;
    if (files.units) {
      const r = await readUnits(path(files.units), files.units, criteria);
      units = r.units;
      problems.push(...r.problems);
    }
    const collector = new EvidenceCollector(criteria, units);
    for (const f of files.evidence) {
      await collector.addFile(path(f), f, { ...(files.sheet === undefined ? {} : { sheet: files.sheet }), onRows: (rows) => shown.rows(f, rows) });
    }
    shown.end();
    const evidence = collector.finish();
    problems.push(...evidence.problems);
    const out: Inputs = { evidence, problems, ...(units ? { units } : {}) };
    if (files.self) {
      const r = await readSelf(path(files.self), files.self, criteria, units);
      out.self = r.self;
      problems.push(...r.problems);
    }
    if (files.adjust) {
      const r = await readOverrides(path(files.adjust), files.adjust, criteria, units);
      out.overrides = r.overrides;
      problems.push(...r.problems);
    }
    return out;
  } catch (e) {
    if (e instanceof UnreadableInput) {
      throw new CliError(EXIT.usage, { vi: `${e.file}: không đọc được: ${e.reason.vi}`, en: `${e.file}: cannot be read: ${e.reason.en}` });
    }
    throw e;
  }
}

