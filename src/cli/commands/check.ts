import { Command } from 'commander';
import * as z from 'zod';
import { hasErrors } from '../../core/problems.js';
import { problemsToJson, problemsToText } from '../../report/problems.js';
import { say, type CommandContext } from '../context.js';
import { DEMO_INPUTS, example } from '../help.js';
import { EXIT } from '../errors.js';
import { readCriteria, readInputs } from '../inputs.js';
import { useColor } from '../io.js';
import { progress } from '../progress.js';
import { parseOptions } from '../options.js';
import { evidenceOptions, evidenceSchema, inputFiles } from '../scoring.js';

const options = evidenceSchema.extend({
  by: z.enum(['unit', 'file']),
  format: z.enum(['text', 'json']),
});

export function checkCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return evidenceOptions(new Command('check'), ctx, 'optional')
    .description(say(lang, 'liệt kê mọi vấn đề của minh chứng, không chấm điểm', 'list every evidence problem, without scoring'))
    .option('--by <grouping>', say(lang, 'nhóm theo unit (đơn vị) hoặc file (tệp)', 'group by unit or file'), 'unit')
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .option('--quiet', say(lang, 'không hiện tiến độ', 'no progress line'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'các vấn đề của minh chứng mẫu của các xã, theo đơn vị', "the problems of the demo communes' evidence, by unit"), `parscore check ${DEMO_INPUTS}`))
    .action(async (criteriaFile: string, evidenceFiles: string[], raw: unknown) => {
      const opts = parseOptions(options, raw);
      const criteria = await readCriteria(ctx, criteriaFile);
      const files = inputFiles(evidenceFiles, opts);
      const inputs = await readInputs(ctx, criteria, criteriaFile, files, progress(ctx, opts.quiet ?? false));
      const named = [...evidenceFiles, ...(files.records ?? []).map((r) => r.file), opts.units, opts.self, opts.adjust].filter((f): f is string => f !== undefined);
      const unitNames = new Map((inputs.units ?? []).map((u) => [u.id, u.name]));
      ctx.io.stdout.write(
        opts.format === 'json'
          ? problemsToJson(inputs.problems, opts.lang)
          : problemsToText(inputs.problems, { lang: opts.lang, color: useColor(ctx.io, 'stdout'), by: opts.by, files: named, unitNames }),
      );
      ctx.exit(hasErrors(inputs.problems) ? EXIT.problems : EXIT.ok);
    });
}
