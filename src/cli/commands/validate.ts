import { Command } from 'commander';
import * as z from 'zod';
import { loadCriteriaBytes } from '../../criteria/index.js';
import type { Problem } from '../../core/problems.js';
import { problemsToGithub, problemsToJson, problemsToText } from '../../report/problems.js';
import { say, type CommandContext } from '../context.js';
import { example } from '../help.js';
import { CliError, EXIT } from '../errors.js';
import { readInput } from '../files.js';
import { useColor } from '../io.js';
import { langOption, parseOptions } from '../options.js';
import { criteriaSizeLimit } from '../limits.js';
import { criteriaPath } from '../builtin.js';

const options = z.object({
  format: z.enum(['text', 'json', 'github']),
  strict: z.boolean().optional(),
  lang: langOption,
});

export function validateCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('validate')
    .description(say(lang, 'kiểm tra tệp tiêu chí (dùng trong CI)', 'check criteria files (for CI)'))
    .argument('<files...>', say(lang, 'các tệp tiêu chí YAML', 'criteria files (YAML)'))
    .option('--format <format>', say(lang, 'text, json hoặc github', 'text, json or github'), 'text')
    .option('--strict', say(lang, 'cảnh báo cũng làm thất bại', 'fail on warnings too'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'kiểm tra hai bộ tiêu chí PAR INDEX có sẵn, của xã và của sở', 'check the built-in PAR INDEX criteria of communes and of departments'), 'parscore validate criteria/par-xa-2025.yaml criteria/par-so-2025.yaml'))
    .action(async (given: string[], raw: unknown) => {
      const files = given.map((f) => criteriaPath(f, ctx.io.cwd));
      const opts = parseOptions(options, raw);
      const problems: Problem[] = [];
      const sources = new Map<string, string>();
      let unreadable = false;
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = await readInput(ctx.io, file, criteriaSizeLimit(ctx.io));
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          ctx.io.stderr.write(e.text[opts.lang] + '\n');
          unreadable = true;
          continue;
        }
        sources.set(file, bytes.toString('utf8'));
        problems.push(...loadCriteriaBytes(bytes, file).problems);
      }
      const readable = files.filter((f) => sources.has(f));
      const out =
        opts.format === 'json'
          ? problemsToJson(problems, opts.lang)
          : opts.format === 'github'
            ? problemsToGithub(problems, opts.lang)
            : problemsToText(problems, { lang: opts.lang, color: useColor(ctx.io, 'stdout'), sources, files: readable });
      if (readable.length > 0 || opts.format === 'json') ctx.io.stdout.write(out);
      const failing = problems.some((p) => p.severity === 'error' || (opts.strict && p.severity === 'warning'));
      ctx.exit(unreadable ? EXIT.usage : failing ? EXIT.problems : EXIT.ok);
    });
}
