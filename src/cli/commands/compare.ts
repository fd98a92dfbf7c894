import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import * as z from 'zod';
import { compareReports } from '../../audit/compare.js';
import { diffLeaves, entriesOfCriteria, entriesOfReport, type LeafEntry } from '../../audit/diff-criteria.js';
import { sha256 } from '../../audit/manifest.js';
import type { ReportFile } from '../../audit/report-file.js';
import type { Unit } from '../../core/inputs.js';
import { hasErrors } from '../../core/problems.js';
import { UnreadableInput } from '../../evidence/tables/table.js';
import { readUnits } from '../../evidence/units.js';
import { compareToJson, compareToText, type CompareContext } from '../../report/compare.js';
import { problemsToText } from '../../report/problems.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { CliError, EXIT } from '../errors.js';
import { readSpooled } from '../files.js';
import { readCriteria, readReportFile, unreadableInput } from '../inputs.js';
import { useColor } from '../io.js';
import { langOption, parseOptions } from '../options.js';

const options = z.object({
  units: z.string().optional(),
  allowDifferentCriteria: z.boolean().optional(),
  format: z.enum(['text', 'json']),
  lang: langOption,
});

/**
 * `parscore compare LAST.json THIS.json`: two runs side by side, per unit and group, following
 * merged units through `--units` (its `previous` column). Reports of different criteria sets are
 * refused (exit 1) unless --allow-different-criteria, which then lists the leaves that changed.
 */
export function compareCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('compare')
    .description(say(lang, 'so sánh hai kỳ (năm, quý): chỉ số, hạng, xếp loại', 'compare two runs (years, quarters): index, rank, band'))
    .argument('<last>', say(lang, 'báo cáo JSON kỳ trước', 'the earlier report JSON'))
    .argument('<this>', say(lang, 'báo cáo JSON kỳ này', 'the later report JSON'))
    .option('--units <file>', say(lang, 'danh sách đơn vị kỳ này, cột previous (Mã cũ): các đơn vị cũ được ghép', "this run's units file; its previous column (Mã cũ) names the units merged into each"))
    .option('--allow-different-criteria', say(lang, 'vẫn so sánh khi hai báo cáo dùng hai bộ tiêu chí khác nhau', 'compare even when the reports used different criteria'))
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText(
      'after',
      example(
        lang,
        say(lang, 'kết quả trước và sau khi hội đồng thẩm định điều chỉnh điểm', "the results before and after the appraisal council's overrides"),
        `parscore score ${DEMO_INPUTS} --format json -o truoc.json`,
        `parscore score ${DEMO_INPUTS} --adjust fixtures/par-xa-2025/dieu-chinh.csv --format json -o sau.json`,
        'parscore compare truoc.json sau.json',
      ),
    )
    .action(async (lastFile: string, thisFile: string, raw: unknown) => {
      const opts = parseOptions(options, raw);
      const last = await readReportFile(ctx, lastFile);
      const now = await readReportFile(ctx, thisFile);
      const units = opts.units === undefined ? undefined : await readUnitsFile(ctx, opts.units, now);
      const context: CompareContext = {
        last: { file: lastFile, criteria: last.criteria.id },
        now: { file: thisFile, criteria: now.criteria.id },
        places: now.criteria.indexPrecision,
      };
      if (!sameCriteria(last, now)) {
        if (!opts.allowDifferentCriteria) {
          throw new CliError(EXIT.problems, {
            vi: `${lastFile} và ${thisFile} được chấm theo hai bộ tiêu chí khác nhau (${describe(last)}; ${describe(now)}). Chỉ số theo hai bộ tiêu chí khác nhau không so sánh trực tiếp được; xem parscore diff-criteria, hoặc thêm --allow-different-criteria để vẫn so sánh và liệt kê các tiêu chí thay đổi.`,
            en: `${lastFile} and ${thisFile} were scored with different criteria (${describe(last)}; ${describe(now)}). Indices from different criteria are not directly comparable; see parscore diff-criteria, or add --allow-different-criteria to compare anyway with the changed leaves listed.`,
          });
        }
        context.criteriaDiff = diffLeaves(await leavesOf(ctx, last), await leavesOf(ctx, now));
      }
      const comparison = compareReports(last, now, units);
      ctx.io.stdout.write(opts.format === 'json' ? compareToJson(comparison, context) : compareToText(comparison, context, opts.lang));
      ctx.exit(EXIT.ok);
    });
}

function describe(r: ReportFile): string {
  return `${r.criteria.id}${r.manifest ? `, SHA-256 ${r.manifest.criteria.sha256.slice(0, 12)}…` : ''}`;
}

/**
 * The same criteria: the same file content when both reports record it in their manifest;
 * otherwise the same id and the same leaves with the same maxima.
 */
function sameCriteria(a: ReportFile, b: ReportFile): boolean {
  if (a.manifest && b.manifest) return a.manifest.criteria.sha256 === b.manifest.criteria.sha256;
  const leaves = (r: ReportFile) => JSON.stringify(entriesOfReport(r).map((e) => [e.id, e.max.toString()]));
  return a.criteria.id === b.criteria.id && leaves(a) === leaves(b);
}

/**
 * A report's leaves for the diff: from the criteria file its manifest names, when that file is
 * here with the same content (then rules are compared too); otherwise from the report itself.
 */
async function leavesOf(ctx: CommandContext, r: ReportFile): Promise<LeafEntry[]> {
  const m = r.manifest?.criteria;
  if (m && existsSync(resolve(ctx.io.cwd, m.file)) && (await sha256(resolve(ctx.io.cwd, m.file))) === m.sha256) {
    return entriesOfCriteria(await readCriteria(ctx, m.file));
  }
  return entriesOfReport(r);
}

async function readUnitsFile(ctx: CommandContext, file: string, now: ReportFile): Promise<Unit[]> {
  const { units, problems } = await readSpooled(ctx.io, file, (path) => readUnits(path, file, now)).catch((e: unknown) => {
    throw e instanceof UnreadableInput ? unreadableInput(e) : e;
  });
  if (hasErrors(problems)) {
    const listed = problemsToText(problems, { lang: ctx.lang, color: useColor(ctx.io, 'stderr') });
    throw new CliError(EXIT.problems, { vi: listed.trimEnd(), en: listed.trimEnd() });
  }
  return units;
}
