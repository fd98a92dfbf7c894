import { Command } from 'commander';
import * as z from 'zod';
import { closest } from '../../core/text.js';
import { unitExplanation } from '../../report/explain.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT, usageError } from '../errors.js';
import { useColor } from '../io.js';
import { parseOptions } from '../options.js';
import { findUnit, scoreFromFiles, scoringArgs, scoringOptions, scoringSchema } from '../scoring.js';

const options = scoringSchema.extend({
  unit: z.string(),
  item: z.string().optional(),
  order: z.enum(['lost', 'tree']),
});

export function explainCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('explain'), ctx)
    .description(say(lang, 'giải thích điểm của một đơn vị, từng tiêu chí', "one unit's derivation, criterion by criterion"))
    .requiredOption('--unit <id>', say(lang, 'mã đơn vị', 'unit id'))
    .option('--item <id>', say(lang, 'chỉ một tiêu chí (hoặc một nhóm tiêu chí)', 'only one criterion (or one branch)'))
    .option('--order <order>', say(lang, 'lost: điểm bị trừ trước; tree: theo thứ tự bộ tiêu chí', 'lost: lost points first; tree: criteria order'), 'lost')
    .addHelpText('after', example(lang, say(lang, 'vì sao Xã Hòa Bình bị trừ điểm, từng tiêu chí', 'why Xã Hòa Bình lost points, criterion by criterion'), `parscore explain ${DEMO_INPUTS} --unit xa-hoa-binh`))
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const { report } = await scoreFromFiles(ctx, scoringArgs(criteriaFile, evidence, opts), opts.lang);
      const unit = findUnit(report, opts.unit);
      if (opts.item !== undefined && !unit.items.some((i) => i.id === opts.item) && !unit.nodes.some((n) => n.id === opts.item)) {
        const near = closest(opts.item, [...unit.items.map((i) => i.id), ...unit.nodes.map((n) => n.id)]);
        throw usageError(
          `--item: không có tiêu chí "${opts.item}"${near ? `; có phải ý bạn là "${near}"?` : ''}`,
          `--item: no criterion "${opts.item}"${near ? `; did you mean "${near}"?` : ''}`,
        );
      }
      ctx.io.stdout.write(
        unitExplanation(report, unit, { lang: opts.lang, color: useColor(ctx.io, 'stdout'), order: opts.order, ...(opts.item !== undefined ? { item: opts.item } : {}) }),
      );
      ctx.exit(EXIT.ok);
    });
}
