import { Command } from 'commander';
import * as z from 'zod';
import { closest } from '../../core/text.js';
import { unitExplanation } from '../../report/explain.js';
import { say, type CommandContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { useColor } from '../io.js';
import { langOption, parseOptions, parseRecords, recordsOption } from '../options.js';
import { scoreFromFiles, scoringOptions } from '../scoring.js';

const options = z.object({
  units: z.string(),
  self: z.string().optional(),
  adjust: z.string().optional(),
  sheet: z.string().optional(),
  records: recordsOption,
  allowProblems: z.boolean().optional(),
  unit: z.string(),
  item: z.string().optional(),
  order: z.enum(['lost', 'tree']),
  lang: langOption,
});

export function explainCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return scoringOptions(new Command('explain'), ctx)
    .description(say(lang, 'giải thích điểm của một đơn vị, từng tiêu chí', "one unit's derivation, criterion by criterion"))
    .requiredOption('--unit <id>', say(lang, 'mã đơn vị', 'unit id'))
    .option('--item <id>', say(lang, 'chỉ một tiêu chí (hoặc một nhóm tiêu chí)', 'only one criterion (or one branch)'))
    .option('--order <order>', say(lang, 'lost: điểm bị trừ trước; tree: theo thứ tự bộ tiêu chí', 'lost: lost points first; tree: criteria order'), 'lost')
    .action(async (criteriaFile: string, evidence: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const { report } = await scoreFromFiles(
        ctx,
        {
          criteriaFile,
          files: { evidence, units: opts.units, ...(opts.self ? { self: opts.self } : {}), ...(opts.adjust ? { adjust: opts.adjust } : {}), ...(opts.sheet ? { sheet: opts.sheet } : {}), records: parseRecords(opts.records) },
          allowProblems: opts.allowProblems ?? false,
        },
        opts.lang,
      );
      const unit = report.units.find((u) => u.unit === opts.unit) ?? report.units.find((u) => u.unit.toLowerCase() === opts.unit.toLowerCase());
      if (!unit) {
        const near = closest(opts.unit, report.units.map((u) => u.unit));
        throw usageError(
          `--unit: không có đơn vị "${opts.unit}"${near ? `; có phải ý bạn là "${near}"?` : ''}`,
          `--unit: no unit "${opts.unit}"${near ? `; did you mean "${near}"?` : ''}`,
        );
      }
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
