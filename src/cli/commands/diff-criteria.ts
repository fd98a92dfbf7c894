import { Command } from 'commander';
import * as z from 'zod';
import { diffLeaves, entriesOfCriteria } from '../../audit/diff-criteria.js';
import { diffToJson, diffToText } from '../../report/diff-criteria.js';
import { say, type CommandContext } from '../context.js';
import { example } from '../help.js';
import { EXIT } from '../errors.js';
import { criteriaArgument } from '../builtin.js';
import { readCriteria } from '../inputs.js';
import { langOption, parseOptions } from '../options.js';

const options = z.object({
  format: z.enum(['text', 'json']),
  lang: langOption,
});

/**
 * `parscore diff-criteria OLD NEW`: the leaves added, removed, moved, and those whose max, rule,
 * groups or title changed — what a new year's criteria change before scores are compared.
 */
export function diffCriteriaCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('diff-criteria')
    .description(say(lang, 'so sánh hai bộ tiêu chí: tiêu chí thêm, bỏ, chuyển, đổi điểm tối đa hoặc quy tắc', 'compare two criteria sets: leaves added, removed, moved, with a changed max or rule'))
    .addArgument(criteriaArgument(ctx.io.cwd, '<old>', say(lang, 'bộ tiêu chí cũ (tệp hoặc mã bộ có sẵn)', 'the old criteria (a file or a built-in id)')))
    .addArgument(criteriaArgument(ctx.io.cwd, '<new>', say(lang, 'bộ tiêu chí mới (tệp hoặc mã bộ có sẵn)', 'the new criteria (a file or a built-in id)')))
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'bộ tiêu chí của sở khác bộ tiêu chí của xã ở những tiêu chí nào', "where the departments' criteria differ from the communes'"), 'parscore diff-criteria criteria/par-xa-2025.yaml criteria/par-so-2025.yaml'))
    .action(async (oldFile: string, newFile: string, raw: unknown) => {
      const opts = parseOptions(options, raw);
      const before = await readCriteria(ctx, oldFile);
      const after = await readCriteria(ctx, newFile);
      const diff = diffLeaves(entriesOfCriteria(before), entriesOfCriteria(after));
      const sides = { old: { id: before.id, file: oldFile }, new: { id: after.id, file: newFile } };
      ctx.io.stdout.write(opts.format === 'json' ? diffToJson(diff, sides) : diffToText(diff, sides, opts.lang));
      ctx.exit(EXIT.ok);
    });
}
