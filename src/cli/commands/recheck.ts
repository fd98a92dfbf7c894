import { Command } from 'commander';
import * as z from 'zod';
import { recheck } from '../../audit/recheck.js';
import { Exact } from '../../core/exact.js';
import { recheckFailed, recheckToJson, recheckToText } from '../../report/recheck.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT, usageError } from '../errors.js';
import { checkPublishedSheet, readPublished } from '../inputs.js';
import { useColor } from '../io.js';
import { parseOptions } from '../options.js';
import { scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  against: z.string(),
  againstSheet: z.string().optional(),
  tolerance: z.string().optional(),
  format: z.enum(['text', 'json']),
});

/**
 * `parscore recheck`: scores the inputs again and compares the result with published figures —
 * a report JSON, a ranking table, or the workbook `score --format xlsx` writes — each figure at
 * the precision it is printed with (or within `--tolerance`), listing every difference, every
 * published unit not recomputed and every place where the published figures do not add up (exit
 * 1 on any); and what matched only within rounding, what was left blank and what was not published.
 */
export function recheckCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('recheck'), ctx)
    .description(say(lang, 'chạy lại và đối chiếu với kết quả đã công bố', 'recompute and compare with published results'))
    .requiredOption(
      '--against <file>',
      say(
        lang,
        'kết quả công bố: báo cáo JSON, bảng CSV/XLSX (unit, points, index, rank, band, cột theo mã tiêu chí), hoặc sổ tính do score --format xlsx tạo',
        'published results: a report JSON, a CSV/XLSX table (unit, points, index, rank, band, columns by criterion id), or the workbook score --format xlsx writes',
      ),
    )
    .option(
      '--against-sheet <name>',
      say(
        lang,
        'chỉ đọc trang tính này của sổ tính công bố (mặc định: mọi trang tính; với sổ tính do parscore score --format xlsx tạo, trang Xếp hạng)',
        'read only this sheet of the published workbook (default: every sheet; in the workbook parscore score --format xlsx writes, its Ranking sheet)',
      ),
    )
    .option(
      '--tolerance <x>',
      say(
        lang,
        'một chênh lệch cho phép cho mọi số liệu (mặc định: mỗi số liệu theo số chữ số thập phân công bố, 89,95 là từ 89,945 đến 89,955)',
        'one allowed difference for every figure (default: each figure at the decimals it is printed with, 89.95 standing for 89.945 to 89.955)',
      ),
    )
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .addHelpText(
      'after',
      example(
        lang,
        say(lang, 'công bố kết quả (sổ tính Excel), rồi chấm lại và đối chiếu với trang Xếp hạng; có chênh lệch thì mã thoát là 1', 'publish the results (an Excel workbook), then score again and compare with its ranking sheet; any difference exits 1'),
        `parscore score ${DEMO_INPUTS} --format xlsx -o ket-qua.xlsx`,
        `parscore recheck ${DEMO_INPUTS} --against ket-qua.xlsx`,
      ),
    )
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const tolerance = opts.tolerance === undefined ? undefined : Exact.parse(opts.tolerance.trim().replace(',', '.'));
      if (opts.tolerance !== undefined && (tolerance === undefined || tolerance.isNegative())) {
        throw usageError(`--tolerance: "${opts.tolerance}" không phải một số không âm; ví dụ 0,005`, `--tolerance: "${opts.tolerance}" is not a number ≥ 0; for example 0.005`);
      }
      // Before scoring, which takes a while on a national run.
      checkPublishedSheet(opts.against, opts.againstSheet);
      const { report, criteria } = await scoreFromFiles(ctx, scoringArgs(criteriaFile, evidence, opts), opts.lang);
      const published = await readPublished(ctx, criteria, opts.against, opts.againstSheet === undefined ? {} : { sheet: opts.againstSheet });
      const result = recheck(report, criteria, published, tolerance);
      ctx.io.stdout.write(
        opts.format === 'json'
          ? recheckToJson(result, { lang: opts.lang, ...(report.manifest ? { manifest: report.manifest } : {}) })
          : recheckToText(result, { lang: opts.lang, color: useColor(ctx.io, 'stdout') }),
      );
      ctx.exit(recheckFailed(result) ? EXIT.problems : EXIT.ok);
    });
}
