import { Command } from 'commander';
import * as z from 'zod';
import { reportToCsv } from '../../report/csv.js';
import { reportJsonChunks } from '../../report/json.js';
import { reportToMarkdown } from '../../report/markdown.js';
import { reconcileToCsv, reconcileToJson, reconcileToMarkdown, reconcileToText } from '../../report/reconcile.js';
import { reportToTable } from '../../report/table.js';
import { reportToHtml } from '../../report/html.js';
import { reportToXlsx } from '../../report/xlsx.js';
import { progress } from '../progress.js';
import type { Report } from '../../core/report.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT, usageError } from '../errors.js';
import { useColor } from '../io.js';
import { parseOptions } from '../options.js';
import { outputFormat, requireWorkbookFile, writeOutput } from '../output.js';
import { findGroup, scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  format: z.enum(['table', 'json', 'csv', 'md', 'xlsx', 'html']).optional(),
  output: z.string().optional(),
  force: z.boolean().optional(),
  group: z.string().optional(),
  top: z.coerce.number().int().positive().optional(),
  detail: z.boolean().optional(),
  view: z.enum(['ranking', 'reconcile']),
});

/** `score` writes every kind of file `-o` can name. */
const FORMATS = { table: 'table', json: 'json', csv: 'csv', md: 'md', xlsx: 'xlsx', html: 'html' } as const;

export function scoreCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('score'), ctx)
    .description(say(lang, 'chấm điểm, xếp hạng và giải thích', 'score, rank and explain'))
    .option(
      '--format <format>',
      say(lang, 'table, json, csv, md, xlsx hoặc html (mặc định: theo đuôi tệp -o, nếu không thì table)', "table, json, csv, md, xlsx or html (default: the -o file's extension, else table)"),
    )
    .option('-o, --output <file>', say(lang, 'ghi kết quả vào tệp (mặc định: màn hình)', 'write the result to a file (default: stdout)'))
    .option('--force', say(lang, 'ghi đè tệp kết quả đã có', 'replace an existing output file'))
    .option('--group <id>', say(lang, 'chỉ nhóm này (bảng)', 'only this group (table)'))
    .option('--top <n>', say(lang, 'chỉ N đơn vị đầu mỗi nhóm (bảng)', 'only the first N units of each group (table)'))
    .option('--detail', say(lang, 'CSV: mỗi dòng một đơn vị × tiêu chí', 'CSV: one row per unit × leaf'))
    .option(
      '--view <view>',
      say(lang, 'ranking: xếp hạng; reconcile: đối chiếu tự chấm với thẩm định (cần --self)', 'ranking, or reconcile: self-assessment against appraisal (needs --self)'),
      'ranking',
    )
    .addHelpText('after', example(lang, say(lang, 'chấm điểm và xếp hạng các xã mẫu', 'score and rank the demo communes'), `parscore score ${DEMO_INPUTS}`))
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const parsed = parseOptions(options, raw);
      const opts = { ...parsed, format: outputFormat(parsed.output, parsed.format, FORMATS, 'table') };
      if (opts.view === 'reconcile' && opts.self === undefined) {
        throw usageError('--view reconcile cần bảng tự chấm: thêm --self TỆP', '--view reconcile needs the self-assessment: add --self FILE');
      }
      if (opts.view === 'reconcile' && (opts.format === 'xlsx' || opts.format === 'html')) {
        throw usageError('--view reconcile dùng với --format table, json, csv hoặc md', '--view reconcile works with --format table, json, csv or md');
      }
      const toFile = opts.output !== undefined && opts.output !== '-';
      if (opts.format === 'xlsx') requireWorkbookFile(opts.output, { vi: 'ket-qua.xlsx', en: 'results.xlsx' }, '--format xlsx ');
      const { report, inputs } = await scoreFromFiles(ctx, scoringArgs(criteriaFile, evidence, opts), opts.lang);
      if (opts.group !== undefined) findGroup(report, opts.group);
      const content = await render(ctx, report, opts, toFile);
      await writeOutput(ctx, opts.output, content, { inputs, force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}

/** The report in the format asked for. */
async function render(ctx: CommandContext, report: Report, opts: z.infer<typeof options> & { format: keyof typeof FORMATS }, toFile: boolean): Promise<string | Uint8Array | Iterable<string>> {
  const lang = opts.lang;
  if (opts.view === 'reconcile') {
    const view = { lang, ...(opts.group !== undefined ? { group: opts.group } : {}) };
    const format = opts.format === 'xlsx' || opts.format === 'html' ? 'table' : opts.format;
    return { table: reconcileToText, json: reconcileToJson, csv: reconcileToCsv, md: reconcileToMarkdown }[format](report, view);
  }
  switch (opts.format) {
    case 'xlsx':
      return writing(ctx, opts.quiet ?? false, (onUnit) => reportToXlsx(report, { lang, onUnit }));
    case 'html':
      return reportToHtml(report, { lang });
    case 'json':
      return reportJsonChunks(report, { lang });
    case 'csv':
      return reportToCsv(report, { lang, detail: opts.detail ?? false });
    case 'md':
      return reportToMarkdown(report, { lang });
    case 'table':
      return reportToTable(report, {
        lang,
        color: !toFile && useColor(ctx.io, 'stdout'),
        ...(opts.group !== undefined ? { group: opts.group } : {}),
        ...(opts.top !== undefined ? { top: opts.top } : {}),
      });
  }
}

/** Runs a long write with a progress line for it. */
async function writing<T>(ctx: CommandContext, quiet: boolean, write: (onUnit: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const shown = progress(ctx, quiet);
  try {
    return await write((done, total) => shown.units('write', done, total));
  } finally {
    shown.end();
  }
}
