import { Command } from 'commander';
import * as z from 'zod';
import { hasErrors } from '../../core/problems.js';
import { problemsToJson, problemsToText } from '../../report/problems.js';
import { say, type CommandContext } from '../context.js';
import { EXIT } from '../errors.js';
import { readCriteria, readInputs } from '../inputs.js';
import { useColor } from '../io.js';
import { progress } from '../progress.js';
import { langOption, parseOptions, parseRecords, recordsOption } from '../options.js';
import { recordsFlag } from '../scoring.js';

const options = z.object({
  units: z.string().optional(),
  self: z.string().optional(),
  adjust: z.string().optional(),
  sheet: z.string().optional(),
  records: recordsOption,
  by: z.enum(['unit', 'file']),
  format: z.enum(['text', 'json']),
  quiet: z.boolean().optional(),
  lang: langOption,
});

export function checkCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('check')
    .description(say(lang, 'liệt kê mọi vấn đề của minh chứng, không chấm điểm', 'list every evidence problem, without scoring'))
    .argument('<criteria>', say(lang, 'tệp tiêu chí', 'criteria file'))
    .argument('[evidence...]', say(lang, 'các tệp minh chứng (CSV, XLSX); có thể không có khi mọi chỉ tiêu tính từ --records', 'evidence files (CSV, XLSX); none needed when --records give every indicator'))
    .option('--units <file>', say(lang, 'danh sách đơn vị: unit, name, group', 'units file: unit, name, group'))
    .option('--self <file>', say(lang, 'bảng tự chấm: unit, item, points, note', 'self-assessment: unit, item, points, note'))
    .option('--adjust <file>', say(lang, 'bảng điều chỉnh: unit, item, points, reason, by', 'overrides: unit, item, points, reason, by'))
    .option('--sheet <name>', say(lang, 'chỉ đọc sheet này của tệp XLSX', 'read only this sheet of XLSX files'))
    .option(...recordsFlag(lang))
    .option('--by <grouping>', say(lang, 'nhóm theo unit (đơn vị) hoặc file (tệp)', 'group by unit or file'), 'unit')
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .option('--quiet', say(lang, 'không hiện tiến độ', 'no progress line'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .action(async (criteriaFile: string, evidenceFiles: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const criteria = await readCriteria(ctx, criteriaFile);
      const records = parseRecords(opts.records);
      const files = {
        evidence: evidenceFiles,
        records,
        ...(opts.units ? { units: opts.units } : {}),
        ...(opts.self ? { self: opts.self } : {}),
        ...(opts.adjust ? { adjust: opts.adjust } : {}),
        ...(opts.sheet ? { sheet: opts.sheet } : {}),
      };
      const inputs = await readInputs(ctx, criteria, criteriaFile, files, progress(ctx, opts.quiet ?? false));
      const named = [...evidenceFiles, ...records.map((r) => r.file), opts.units, opts.self, opts.adjust].filter((f): f is string => f !== undefined);
      const unitNames = new Map((inputs.units ?? []).map((u) => [u.id, u.name]));
      ctx.io.stdout.write(
        opts.format === 'json'
          ? problemsToJson(inputs.problems, opts.lang)
          : problemsToText(inputs.problems, { lang: opts.lang, color: useColor(ctx.io, 'stdout'), by: opts.by, files: named, unitNames }),
      );
      ctx.exit(hasErrors(inputs.problems) ? EXIT.problems : EXIT.ok);
    });
}
