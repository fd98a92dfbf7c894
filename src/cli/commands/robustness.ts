import { Command } from 'commander';
import * as z from 'zod';
import { robustness, type Robustness } from '../../audit/robustness.js';
import { Exact } from '../../core/exact.js';
import type { Report } from '../../core/report.js';
import { reportToHtml } from '../../report/html.js';
import { robustnessJsonChunks, robustnessToMarkdown, robustnessToText } from '../../report/robustness.js';
import { reportToXlsx } from '../../report/xlsx.js';
import { say, type CommandContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { DEMO_INPUTS, example } from '../help.js';
import { collectRecords, parseOptions, parseRecords } from '../options.js';
import { outputFormat, requireWorkbookFile, writeOutput } from '../output.js';
import { progress } from '../progress.js';
import { scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  draws: z.coerce.number().int().min(0).max(100_000),
  seed: z.coerce.number().int().min(0).max(0xffffffff),
  census: z.array(z.string()),
  reach: z.string().transform((s, ctx) => {
    const e = Exact.parse(s.trim().replace(',', '.'));
    if (e === undefined || e.isNegative()) {
      ctx.addIssue({ code: 'custom', message: 'a number of index points, 0 or more' });
      return z.NEVER;
    }
    return e;
  }),
  format: z.enum(['text', 'json', 'md', 'html', 'xlsx']).optional(),
  output: z.string().optional(),
  force: z.boolean().optional(),
});

/** What `-o FILE`'s extension names, among the formats robustness writes. */
const FORMATS = { table: 'text', json: 'json', md: 'md', html: 'html', xlsx: 'xlsx' } as const;

export function robustnessCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('robustness'), ctx)
    .description(say(lang, 'độ vững của thứ hạng: khoảng cách, thay đổi thẩm định quyết định thứ hạng, khoảng hạng', 'how firm each rank is: gaps, decisive appraisal changes, rank intervals'))
    .option('--draws <n>', say(lang, 'số lượt rút mẫu lại các chỉ tiêu tính từ mẫu (0 đến 100.000)', 'how many times the sampled indicators are redrawn (0 to 100,000)'), '1000')
    .option('--seed <s>', say(lang, 'hạt giống của các lượt rút (số nguyên 0 đến 4294967295): cùng hạt giống, cùng kết quả', 'seed of the draws (a whole number 0 to 4294967295): the same seed gives the same result'), '1')
    .option(
      '--census <name>',
      say(lang, 'nguồn dữ liệu NAME là danh sách đầy đủ (như danh sách hồ sơ), không phải mẫu: không rút mẫu lại; lặp lại được', 'record source NAME is a complete register (a dossier export), not a sample: not redrawn; repeatable'),
      collectRecords,
      [],
    )
    .option('--reach <points>', say(lang, 'đơn vị sát mức loại trên: thiếu không quá số điểm chỉ số này', 'units within this many index points of the next band are listed as within reach'), '1')
    .option('--format <format>', say(lang, 'text, json, md, html hoặc xlsx (html, xlsx: cả báo cáo, có phần "Độ vững của xếp hạng"; mặc định: theo đuôi tệp -o, nếu không thì text)', 'text, json, md, html or xlsx (html, xlsx: the whole report with its section "How firm the ranking is"; default: the -o file\'s extension, else text)'))
    .option('-o, --output <file>', say(lang, 'ghi kết quả vào tệp (mặc định: màn hình)', 'write the result to a file (default: stdout)'))
    .option('--force', say(lang, 'ghi đè tệp kết quả đã có', 'replace an existing output file'))
    .addHelpText(
      'after',
      example(
        lang,
        say(lang, 'độ vững xếp hạng các xã mẫu, có điều chỉnh thẩm định và tự chấm, 200 lượt rút mẫu lại', 'how firm the demo ranking is, with overrides and claims, 200 draws'),
        `parscore robustness ${DEMO_INPUTS} --adjust fixtures/par-xa-2025/dieu-chinh.csv --self fixtures/par-xa-2025/tu-cham.csv --draws 200 --seed 7`,
      ),
    )
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const parsed = parseOptions(options, raw);
      const format = outputFormat(parsed.output, parsed.format, FORMATS, 'text');
      const toFile = parsed.output !== undefined && parsed.output !== '-';
      if (format === 'xlsx') requireWorkbookFile(parsed.output, { vi: 'do-vung.xlsx', en: 'robustness.xlsx' }, '--format xlsx ');
      const sources = parseRecords(parsed.records).map((r) => r.name);
      for (const name of parsed.census) {
        if (!sources.includes(name)) {
          throw usageError(
            `--census ${name}: không có tệp --records ${name}=… nào; các nguồn đã cho: ${sources.join(', ') || '(không có)'}.`,
            `--census ${name}: no --records ${name}=… was given; the sources given: ${sources.join(', ') || '(none)'}.`,
          );
        }
      }
      const manifestOptions = { draws: parsed.draws, seed: parsed.seed, ...(parsed.census.length > 0 ? { census: [...parsed.census].sort() } : {}) };
      const args = { ...scoringArgs(criteriaFile, evidence, parsed), samples: { census: parsed.census }, options: manifestOptions };
      const { report, criteria, inputs, read } = await scoreFromFiles(ctx, args, parsed.lang);
      const shown = progress(ctx, parsed.quiet ?? false);
      let result: Robustness;
      try {
        result = robustness({
          criteria,
          units: read.units ?? [],
          inputs: read.evidence.inputs,
          ...(read.self ? { self: read.self } : {}),
          ...(read.overrides ? { overrides: read.overrides } : {}),
          report,
          samples: read.samples ?? [],
          draws: parsed.draws,
          seed: parsed.seed,
          onDraw: (done, total) => shown.draws(done, total),
        });
      } finally {
        shown.end();
      }
      const view = { lang: parsed.lang, reach: parsed.reach };
      const content = await render(report, result, format, view);
      await writeOutput(ctx, parsed.output, content, { inputs, force: parsed.force ?? false });
      ctx.exit(EXIT.ok);
    });
}

async function render(report: Report, result: Robustness, format: (typeof FORMATS)[keyof typeof FORMATS], view: { lang: 'vi' | 'en'; reach: Exact }): Promise<string | Uint8Array | Iterable<string>> {
  switch (format) {
    case 'text':
      return robustnessToText(result, view);
    case 'md':
      return robustnessToMarkdown(result, view);
    case 'json':
      return robustnessJsonChunks(result);
    case 'html':
      return reportToHtml(report, { lang: view.lang, robustness: { result, reach: view.reach } });
    case 'xlsx':
      return reportToXlsx(report, { lang: view.lang, robustness: { result, reach: view.reach } });
  }
}
