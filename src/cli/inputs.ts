import { extname } from 'node:path';
import { parseReportFile, publishedFromReport, type ReportFile } from '../audit/report-file.js';
import type { Override, SelfScore, Unit } from '../core/inputs.js';
import type { Criteria } from '../core/model.js';
import { hasErrors, type Problem } from '../core/problems.js';
import { closest } from '../core/text.js';
import { loadCriteriaBytes } from '../criteria/index.js';
import { EvidenceCollector, type EvidenceSet } from '../evidence/collect.js';
import { readPublishedTable, type Published } from '../evidence/published.js';
import { readRecords } from '../evidence/records/records.js';
import type { SampleTable } from '../evidence/records/samples.js';
import { UnreadableInput } from '../evidence/tables/table.js';
import { readOverrides, readSelf, readUnits, type ItemTable } from '../evidence/units.js';
import { problemsToText } from '../report/problems.js';
import { say, type CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';
import { readInput, readSpooled, Spools } from './files.js';
import { useColor } from './io.js';
import { criteriaSizeLimit, readLimits, reportSizeLimit } from './limits.js';
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
  /** Record files by source name (--records NAME=FILE). */
  records?: Array<{ name: string; file: string }>;
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
  /** The rows behind the sampled indicators, when `samples` asked for them. */
  samples?: SampleTable[];
}

export async function readInputs(
  ctx: CommandContext,
  criteria: Criteria,
  criteriaFile: string,
  files: InputFiles,
  shown: Progress = progress(ctx, true),
  options: { samples?: { census: readonly string[] } } = {},
): Promise<Inputs> {
  const limits = readLimits(ctx.io);
  if (files.evidence.length === 0 && (files.records ?? []).length === 0) {
    throw usageError(
      'Cần ít nhất một tệp minh chứng, hoặc tệp dữ liệu gốc qua --records TÊN=TỆP.',
      'Give at least one evidence file, or record files with --records NAME=FILE.',
    );
  }
  checkSources(criteria, files.records ?? []);
  const spools = new Spools(ctx.io);
  const path = (f: string) => spools.path(f);
  try {
    await spools.copy([files.units, ...files.evidence, ...(files.records ?? []).map((r) => r.file), files.self, files.adjust]);
    const problems: Problem[] = [];
    let units: Unit[] | undefined;
    if (files.units) {
      const r = await readUnits(path(files.units), files.units, criteria);
      units = r.units;
      problems.push(...r.problems);
    }
    const collector = new EvidenceCollector(criteria, units);
    for (const f of files.evidence) {
      await collector.addFile(path(f), f, { ...(files.sheet === undefined ? {} : { sheet: files.sheet }), onRows: (rows) => shown.rows(f, rows), limits });
    }
    const samples = await readRecords(
      criteria,
      criteriaFile,
      collector,
      (files.records ?? []).map((r) => ({ name: r.name, file: r.file, path: path(r.file) })),
      { limits, onRows: (file, rows) => shown.rows(file, rows), ...(options.samples ? { samples: options.samples } : {}) },
    );
    shown.end();
    const evidence = collector.finish();
    problems.push(...evidence.problems);
    const out: Inputs = { evidence, problems, ...(units ? { units } : {}), ...(options.samples ? { samples } : {}) };
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
    if (e instanceof UnreadableInput) throw unreadableInput(e);
    throw e;
  } finally {
    await spools.remove();
  }
}


/**
 * A report JSON read back (recheck, compare): a file that is not a parscore report, or whose
 * fields are not what a report holds, stops with its problems at their lines (exit 1).
 */
export async function readReportFile(ctx: CommandContext, file: string): Promise<ReportFile> {
  const bytes = await readInput(ctx.io, file, reportSizeLimit(ctx.io));
  const text = bytes.toString('utf8');
  const { report, problems } = parseReportFile(text, file);
  if (!report) {
    const listed = problemsToText(problems, { lang: ctx.lang, color: useColor(ctx.io, 'stderr'), sources: new Map([[file, text]]) });
    const hint = say(ctx.lang, `${file} không phải báo cáo parscore/report@1 đọc được; hãy dùng tệp do parscore score --format json tạo ra.`, `${file} is not a readable parscore/report@1 report; use the file parscore score --format json wrote.`);
    throw new CliError(EXIT.problems, { vi: `${listed}${hint}`, en: `${listed}${hint}` });
  }
  return report;
}

/** Published figures: a report JSON (by its .json name), or a CSV/XLSX ranking table. */
/** `--against-sheet` names a sheet of a workbook: with a CSV or a report JSON it is a usage error (exit 2). */
export function checkPublishedSheet(file: string, sheet: string | undefined): void {
  const ext = extname(file).toLowerCase();
  if (sheet !== undefined && ext !== '.xlsx' && ext !== '.xlsm') {
    throw usageError(`--against-sheet ${sheet}: ${file} không phải sổ tính XLSX nên không có trang tính`, `--against-sheet ${sheet}: ${file} is not an XLSX workbook, so it has no sheets`);
  }
}

export async function readPublished(ctx: CommandContext, criteria: Criteria, file: string, options: { sheet?: string } = {}): Promise<Published> {
  checkPublishedSheet(file, options.sheet);
  if (extname(file).toLowerCase() === '.json') return publishedFromReport(await readReportFile(ctx, file));
  try {
    const { units, problems, sheet } = await readSpooled(ctx.io, file, (path) => readPublishedTable(path, file, criteria, options));
    if (hasErrors(problems)) {
      const listed = problemsToText(problems, { lang: ctx.lang, color: useColor(ctx.io, 'stderr') });
      throw new CliError(EXIT.problems, { vi: listed.trimEnd(), en: listed.trimEnd() });
    }
    return { file, units, ...(sheet !== undefined ? { sheet } : options.sheet !== undefined ? { sheet: options.sheet } : {}) };
  } catch (e) {
    if (e instanceof UnreadableInput) throw unreadableInput(e);
    throw e;
  }
}

/** A table that cannot be read at all: one line, exit 2. */
export function unreadableInput(e: UnreadableInput): CliError {
  return new CliError(EXIT.usage, { vi: `${e.file}: không đọc được: ${e.reason.vi}`, en: `${e.file}: cannot be read: ${e.reason.en}` });
}

/** A `--records` name must be a source the criteria derive indicators from: a typo is a usage error, not ignored data. */
function checkSources(criteria: Criteria, records: ReadonlyArray<{ name: string; file: string }>): void {
  const sources = [...new Set([...criteria.indicators.values()].map((d) => d.from))];
  for (const r of records) {
    if (sources.includes(r.name)) continue;
    if (sources.length === 0) {
      throw usageError(
        `--records ${r.name}=${r.file}: bộ tiêu chí không có chỉ tiêu nào tính từ dữ liệu (indicators), nên không cần tệp này.`,
        `--records ${r.name}=${r.file}: the criteria derive no indicator from record files (indicators), so this file is not used.`,
      );
    }
    const near = closest(r.name, sources);
    throw usageError(
      `--records ${r.name}=${r.file}: bộ tiêu chí không có nguồn dữ liệu "${r.name}".${near ? ` Có phải ý bạn là "${near}"?` : ''} Các nguồn: ${sources.join(', ')}.`,
      `--records ${r.name}=${r.file}: the criteria have no record source "${r.name}".${near ? ` Did you mean "${near}"?` : ''} Sources: ${sources.join(', ')}.`,
    );
  }
}
