import { Command } from 'commander';
import * as z from 'zod';
import { lossesByCriterion, lossesByResponsible, unitPlan } from '../../core/remediation.js';
import { planTo, type Plan } from '../../report/plan.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT, usageError } from '../errors.js';
import { parseOptions } from '../options.js';
import { outputFormat, writeOutput } from '../output.js';
import { findGroup, findUnit, scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  unit: z.string().optional(),
  group: z.string().optional(),
  format: z.enum(['text', 'json', 'md']).optional(),
  output: z.string().optional(),
  force: z.boolean().optional(),
});

export function planCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('plan'), ctx)
    .description(say(lang, 'điểm bị trừ và cách lấy lại: của một đơn vị (--unit) hoặc cả nhóm (--group)', 'points lost and how to regain them: one unit (--unit) or a group (--group)'))
    .option('--unit <id>', say(lang, 'mã đơn vị', 'unit id'))
    .option('--group <id>', say(lang, 'mã nhóm: tiêu chí bị trừ nhiều điểm nhất', 'group id: the criteria where most points were lost'))
    .option('--format <format>', say(lang, 'text, json hoặc md (mặc định: theo đuôi tệp -o, nếu không thì text)', "text, json or md (default: the -o file's extension, else text)"))
    .option('-o, --output <file>', say(lang, 'ghi kết quả vào tệp (mặc định: màn hình)', 'write the result to a file (default: stdout)'))
    .option('--force', say(lang, 'ghi đè tệp kết quả đã có', 'replace an existing output file'))
    .addHelpText('after', example(lang, say(lang, 'Xã Hòa Bình bị trừ điểm ở đâu và lấy lại bằng cách nào', 'where Xã Hòa Bình lost points and how to regain them'), `parscore plan ${DEMO_INPUTS} --unit xa-hoa-binh`))
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const format = outputFormat(opts.output, opts.format, { table: 'text', json: 'json', md: 'md' }, 'text');
      if ((opts.unit === undefined) === (opts.group === undefined)) {
        throw usageError('Cần đúng một trong --unit hoặc --group.', 'Give exactly one of --unit or --group.');
      }
      const { report, criteria, inputs } = await scoreFromFiles(ctx, scoringArgs(criteriaFile, evidence, opts), opts.lang);
      let plan: Plan;
      if (opts.unit !== undefined) {
        const unit = findUnit(report, opts.unit);
        plan = { kind: 'unit', unit, lost: unitPlan(criteria, unit) };
      } else {
        const group = findGroup(report, opts.group!);
        plan = {
          kind: 'group',
          group,
          units: report.units.filter((u) => u.group === group.id).length,
          criteria: lossesByCriterion(report, group.id),
          responsible: lossesByResponsible(report, group.id),
        };
      }
      await writeOutput(ctx, opts.output, planTo(format, report, plan, opts.lang), { inputs, force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}
