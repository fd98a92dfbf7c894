import { Command } from 'commander';
import * as z from 'zod';
import { reportToCsv } from '../../report/csv.js';
import { reportJsonChunks } from '../../report/json.js';
import { reportToMarkdown } from '../../report/markdown.js';
import { reportToTable } from '../../report/table.js';
import { say, type CommandContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { useColor } from '../io.js';
import { langOption, parseOptions, parseRecords, recordsOption } from '../options.js';
import { writeOutput } from '../output.js';
import { scoreFromFiles, scoringOptions } from '../scoring.js';

const options = z.object({
  units: z.string(),
  self: z.string().optional(),
  adjust: z.string().optional(),
  sheet: z.string().optional(),
  records: recordsOption,
  allowProblems: z.boolean().optional(),
  format: z.enum(['table', 'json', 'csv', 'md']),
  output: z.string().optional(),
  force: z.boolean().optional(),
  group: z.string().optional(),
  top: z.coerce.number().int().positive().optional(),
  detail: z.boolean().optional(),
  lang: langOption,
});

export function scoreCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('score'), ctx)
    .description(say(lang, 'chấm điểm, xếp hạng và giải thích', 'score, rank and explain'))
    .option('--format <format>', say(lang, 'table, json, csv hoặc md', 'table, json, csv or md'), 'table')
    .option('-o, --output <file>', say(lang, 'ghi kết quả vào tệp (mặc định: màn hình)', 'write the result to a file (default: stdout)'))
    .option('--force', say(lang, 'ghi đè tệp kết quả đã có', 'replace an existing output file'))
    .option('--group <id>', say(lang, 'chỉ nhóm này (bảng)', 'only this group (table)'))
    .option('--top <n>', say(lang, 'chỉ N đơn vị đầu mỗi nhóm (bảng)', 'only the first N units of each group (table)'))
    .option('--detail', say(lang, 'CSV: mỗi dòng một đơn vị × tiêu chí', 'CSV: one row per unit × leaf'))
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const { report, inputs } = await scoreFromFiles(
        ctx,
        {
          criteriaFile,
          files: { evidence, units: opts.units, ...(opts.self ? { self: opts.self } : {}), ...(opts.adjust ? { adjust: opts.adjust } : {}), ...(opts.sheet ? { sheet: opts.sheet } : {}), records: parseRecords(opts.records) },
          allowProblems: opts.allowProblems ?? false,
        },
        opts.lang,
      );
      if (opts.group !== undefined && !report.groups.some((g) => g.id === opts.group)) {
        throw usageError(`--group: không có nhóm "${opts.group}"; các nhóm: ${report.groups.map((g) => g.id).join(', ')}`, `--group: no group "${opts.group}"; groups: ${report.groups.map((g) => g.id).join(', ')}`);
      }
      const toFile = opts.output !== undefined && opts.output !== '-';
      const content =
        opts.format === 'json'
          ? reportJsonChunks(report, { lang: opts.lang })
          : opts.format === 'csv'
            ? reportToCsv(report, { lang: opts.lang, detail: opts.detail ?? false })
            : opts.format === 'md'
              ? reportToMarkdown(report, { lang: opts.lang })
              : reportToTable(report, {
                  lang: opts.lang,
                  color: !toFile && useColor(ctx.io, 'stdout'),
                  ...(opts.group !== undefined ? { group: opts.group } : {}),
                  ...(opts.top !== undefined ? { top: opts.top } : {}),
                });
      await writeOutput(ctx, opts.output, content, { inputs, force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}
