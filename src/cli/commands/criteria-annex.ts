import { basename, extname } from 'node:path';
import { Command } from 'commander';
import * as z from 'zod';
import { importCriteriaTable } from '../../criteria/import.js';
import { UnreadableInput } from '../../evidence/tables/table.js';
import { formatter } from '../../explain/numbers.js';
import { annexToHtml, annexToMarkdown, annexToXlsx } from '../../report/annex.js';
import { problemsToText } from '../../report/problems.js';
import { criteriaArgument } from '../builtin.js';
import { say, type CommandContext } from '../context.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { readSpooled } from '../files.js';
import { example } from '../help.js';
import { readCriteria, unreadableInput } from '../inputs.js';
import { useColor } from '../io.js';
import { readLimits } from '../limits.js';
import { langOption, parseOptions } from '../options.js';
import { outputFormat, requireWorkbookFile, writeOutput } from '../output.js';

const annexOptions = z.object({
  format: z.enum(['md', 'html', 'xlsx']).optional(),
  output: z.string().optional(),
  force: z.boolean().optional(),
  lang: langOption,
});

/**
 * `parscore criteria annex CRITERIA -o phu-luc.xlsx`: the decision's annex (Phụ lục) from the
 * criteria file — the tree, max points and subtotals, the scoring method in words from each rule —
 * as a workbook to print, Markdown or HTML.
 */
export function annexCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('annex')
    .description(say(lang, 'phụ lục của quyết định từ bộ tiêu chí: cây tiêu chí, điểm tối đa, phương pháp chấm điểm bằng lời', "the decision's annex from the criteria: the tree, max points, the scoring method in words"))
    .addArgument(criteriaArgument(ctx.io.cwd, '<criteria>', say(lang, 'tệp tiêu chí, hoặc mã một bộ có sẵn', 'criteria file, or the id of a built-in set')))
    .option('--format <format>', say(lang, 'md, html hoặc xlsx (mặc định: theo đuôi tệp -o, nếu không thì md)', "md, html or xlsx (default: the -o file's extension, else md)"))
    .option('-o, --output <file>', say(lang, 'tệp cần ghi: phu-luc.xlsx, phu-luc.md, phu-luc.html (mặc định: màn hình, Markdown)', 'the file to write: annex.xlsx, annex.md, annex.html (default: stdout, Markdown)'))
    .option('--force', say(lang, 'ghi đè tệp đã có', 'replace an existing file'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'phụ lục của bộ chỉ số cấp xã, để in và ký', "the communes' set as an annex to print and sign"), 'parscore criteria annex par-xa-2025 -o phu-luc.xlsx'))
    .action(async (criteriaFile: string, raw: unknown) => {
      const opts = parseOptions(annexOptions, raw);
      const format = outputFormat(opts.output, opts.format, { md: 'md', html: 'html', xlsx: 'xlsx' }, 'md');
      if (format === 'xlsx') requireWorkbookFile(opts.output, { vi: 'phu-luc.xlsx', en: 'annex.xlsx' });
      const criteria = await readCriteria(ctx, criteriaFile);
      const content = format === 'xlsx' ? await annexToXlsx(criteria, { lang: opts.lang }) : format === 'html' ? annexToHtml(criteria, { lang: opts.lang }) : annexToMarkdown(criteria, { lang: opts.lang });
      await writeOutput(ctx, opts.output, content, { inputs: [criteriaFile], force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}

const importOptions = z.object({
  output: z.string().optional(),
  sheet: z.string().optional(),
  id: z.string().regex(/^[a-z0-9-]+$/).optional(),
  title: z.string().min(1).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  force: z.boolean().optional(),
  lang: langOption,
});

/**
 * `parscore criteria import phu-luc.xlsx -o bo-tieu-chi.yaml`: a criteria file started from the
 * criteria table a province published, to choose the rules in and validate.
 */
export function importCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('import')
    .description(say(lang, 'tệp tiêu chí bắt đầu từ bảng tiêu chí đã ban hành (XLSX, CSV): cây, tên, điểm tối đa', 'a criteria file started from a published criteria table (XLSX, CSV): tree, titles, max points'))
    .argument('<table>', say(lang, 'bảng tiêu chí: .xlsx hoặc .csv', 'the criteria table: .xlsx or .csv'))
    .option('-o, --output <file>', say(lang, 'tệp YAML cần ghi (mặc định: màn hình)', 'the YAML file to write (default: stdout)'))
    .option('--sheet <name>', say(lang, 'trang tính chứa bảng (mặc định: trang đầu tiên có bảng tiêu chí)', 'the sheet holding the table (default: the first sheet with a criteria table)'))
    .option('--id <id>', say(lang, 'mã bộ tiêu chí (mặc định: tên tệp -o)', "the criteria set's id (default: the -o file's name)"))
    .option('--title <title>', say(lang, 'tên bộ tiêu chí, khi phía trên bảng không ghi', 'the title of the set, when the table has none above it'))
    .option('--year <year>', say(lang, 'năm đánh giá, khi tên bộ tiêu chí không ghi', 'the year assessed, when the title gives none'))
    .option('--force', say(lang, 'ghi đè tệp đã có', 'replace an existing file'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText(
      'after',
      example(lang, say(lang, 'phụ lục xuất ra rồi nhập lại thành tệp tiêu chí để chọn rule', 'an annex written out and read back into a criteria file to choose rules in'), 'parscore criteria annex par-xa-2025 -o phu-luc.xlsx', 'parscore criteria import phu-luc.xlsx -o bo-tieu-chi.yaml'),
    )
    .action(async (table: string, raw: unknown) => {
      const opts = parseOptions(importOptions, raw);
      if (opts.output !== undefined && opts.output !== '-' && !/\.ya?ml$/i.test(opts.output)) {
        throw usageError(`-o ${opts.output}: tệp tiêu chí là tệp YAML; hãy đặt tên có đuôi .yaml`, `-o ${opts.output}: a criteria file is YAML; give it the extension .yaml`);
      }
      if (opts.sheet !== undefined && !/\.xls[xm]$/i.test(table)) {
        throw usageError(`--sheet ${opts.sheet}: ${table} không phải sổ tính XLSX nên không có trang tính`, `--sheet ${opts.sheet}: ${table} is not an XLSX workbook, so it has no sheets`);
      }
      const named = opts.output !== undefined && opts.output !== '-' ? basename(opts.output, extname(opts.output)).toLowerCase() : undefined;
      const id = opts.id ?? (named !== undefined && /^[a-z0-9-]+$/.test(named) ? named : undefined);
      const result = await readSpooled(ctx.io, table, (path) =>
        importCriteriaTable(path, table, {
          lang: opts.lang,
          limits: readLimits(ctx.io),
          ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
          ...(id !== undefined ? { id } : {}),
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          ...(opts.year !== undefined ? { year: opts.year } : {}),
          ...(opts.output !== undefined && opts.output !== '-' ? { output: opts.output } : {}),
        }),
      ).catch((e: unknown) => {
        throw e instanceof UnreadableInput ? unreadableInput(e) : e;
      });
      const listed = result.problems.length > 0 ? problemsToText(result.problems, { lang: opts.lang, color: useColor(ctx.io, 'stderr') }) : '';
      if (result.text === undefined) throw new CliError(EXIT.problems, { vi: listed.trimEnd(), en: listed.trimEnd() });
      if (listed) ctx.io.stderr.write(listed);
      const c = result.counts!;
      const f = formatter(opts.lang);
      ctx.io.stderr.write(
        say(
          opts.lang,
          `Đã đọc ${c.nodes} lĩnh vực, tiêu chí và ${c.leaves} tiêu chí thành phần; các lĩnh vực cộng lại ${f.num(c.total)} điểm; mỗi tiêu chí thành phần đang chấm tay (manual): hãy chọn rule.\n`,
          `Read ${c.nodes} areas and criteria and ${c.leaves} sub-criteria; the areas add up to ${f.num(c.total)} points; each sub-criterion is scored by hand (manual) for now: choose its rule.\n`,
        ),
      );
      await writeOutput(ctx, opts.output, result.text, { inputs: [table], force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}
