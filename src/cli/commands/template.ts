import { Command } from 'commander';
import * as z from 'zod';
import { hasErrors } from '../../core/problems.js';
import { UnreadableInput } from '../../evidence/tables/table.js';
import { readUnits } from '../../evidence/units.js';
import { problemsToText } from '../../report/problems.js';
import { evidenceTemplate } from '../../report/template.js';
import { say, type CommandContext } from '../context.js';
import { example } from '../help.js';
import { CliError, EXIT } from '../errors.js';
import { criteriaArgument } from '../builtin.js';
import { readSpooled } from '../files.js';
import { readCriteria, unreadableInput } from '../inputs.js';
import { useColor } from '../io.js';
import { langOption, parseOptions } from '../options.js';
import { outputFormat, requireWorkbookFile, writeOutput } from '../output.js';

const options = z.object({
  units: z.string(),
  output: z.string().optional(),
  force: z.boolean().optional(),
  lang: langOption,
});

export function templateCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('template')
    .description(say(lang, 'tạo tệp Excel nhập minh chứng cho các đơn vị', 'make the evidence workbook units fill in'))
    .addArgument(criteriaArgument(ctx.io.cwd, '<criteria>', say(lang, 'tệp tiêu chí, hoặc mã một bộ có sẵn', 'criteria file, or the id of a built-in set')))
    .requiredOption('--units <file>', say(lang, 'danh sách đơn vị: unit, name, group', 'units file: unit, name, group'))
    .option('-o, --output <file>', say(lang, 'tệp Excel cần tạo, ví dụ nhap-lieu.xlsx', 'the workbook to write, e.g. evidence.xlsx'))
    .option('--force', say(lang, 'ghi đè tệp đã có', 'replace an existing file'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'tệp Excel để các xã mẫu nhập minh chứng', 'the workbook the demo communes fill in'), 'parscore template criteria/par-xa-2025.yaml --units fixtures/par-xa-2025/don-vi.csv -o nhap-lieu.xlsx'))
    .action(async (criteriaFile: string, raw: unknown) => {
      const opts = parseOptions(options, raw);
      requireWorkbookFile(opts.output, { vi: 'nhap-lieu.xlsx', en: 'evidence.xlsx' });
      // The template is a workbook only: a name that says CSV or HTML would hold something else.
      outputFormat(opts.output, undefined, { xlsx: 'xlsx' }, 'xlsx');
      const criteria = await readCriteria(ctx, criteriaFile);
      const { units, problems } = await readSpooled(ctx.io, opts.units, (path) => readUnits(path, opts.units, criteria)).catch((e: unknown) => {
        throw e instanceof UnreadableInput ? unreadableInput(e) : e;
      });
      if (hasErrors(problems)) {
        const text = problemsToText(problems, { lang: opts.lang, color: useColor(ctx.io, 'stderr'), files: [opts.units] });
        throw new CliError(EXIT.problems, { vi: text.trimEnd(), en: text.trimEnd() });
      }
      const content = await evidenceTemplate(criteria, units, { lang: opts.lang });
      await writeOutput(ctx, opts.output, content, { inputs: [criteriaFile, opts.units], force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}
