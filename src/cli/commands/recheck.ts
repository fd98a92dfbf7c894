import { Command } from 'commander';
import * as z from 'zod';
import { recheck } from '../../audit/recheck.js';
import { Exact } from '../../core/exact.js';
import { recheckFailed, recheckToJson, recheckToText } from '../../report/recheck.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT, usageError } from '../errors.js';
import { readPublished } from '../inputs.js';
import { useColor } from '../io.js';
import { parseOptions } from '../options.js';
import { scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  against: z.string(),
  tolerance: z.string().optional(),
  format: z.enum(['text', 'json']),
});

/**
 * `parscore recheck`: scores the inputs again and compares the result with published figures —
 * a report JSON or a ranking table — listing every difference beyond the tolerance, every unit on
 * one side only, and every place where the published figures do not add up. Exit 1 on any.
 */
export function recheckCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('recheck'), ctx)
    .description(say(lang, 'chạy lại và đối chiếu với kết quả đã công bố', 'recompute and compare with published results'))
    .requiredOption('--against <file>', say(lang, 'kết quả công bố: báo cáo JSON, hoặc bảng CSV/XLSX (unit, points, index, rank, band, cột theo mã tiêu chí)', 'published results: a report JSON, or a CSV/XLSX table (unit, points, index, rank, band, columns by criterion id)'))
    .option('--tolerance <x>', say(lang, 'chênh lệch cho phép (mặc định: nửa đơn vị của chữ số cuối, 0,005 với 2 chữ số)', 'allowed difference (default: half a unit of the last shown place, 0.005 for 2 places)'))
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .addHelpText(
      'after',
      example(
        lang,
        say(lang, 'công bố kết quả (JSON), rồi chấm lại và đối chiếu; có chênh lệch thì mã thoát là 1', 'publish the results (JSON), then score again and compare; any difference exits 1'),
        `parscore score ${DEMO_INPUTS} --format json -o ket-qua.json`,
        `parscore recheck ${DEMO_INPUTS} --against ket-qua.json`,
      ),
    )
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const tolerance = opts.tolerance === undefined ? undefined : Exact.parse(opts.tolerance.trim().replace(',', '.'));
      if (opts.tolerance !== undefined && (tolerance === undefined || tolerance.isNegative())) {
        throw usageError(`--tolerance: "${opts.tolerance}" không phải một số không âm; ví dụ 0,005`, `--tolerance: "${opts.tolerance}" is not a number ≥ 0; for example 0.005`);
      }
      const { report, criteria } = await scoreFromFiles(ctx, scoringArgs(criteriaFile, evidence, opts), opts.lang);
      const published = await readPublished(ctx, criteria, opts.against);
      const result = recheck(report, criteria, published, tolerance);
      ctx.io.stdout.write(
        opts.format === 'json'
          ? recheckToJson(result, { lang: opts.lang, ...(report.manifest ? { manifest: report.manifest } : {}) })
          : recheckToText(result, { lang: opts.lang, color: useColor(ctx.io, 'stdout') }),
      );
      ctx.exit(recheckFailed(result) ? EXIT.problems : EXIT.ok);
    });
}
