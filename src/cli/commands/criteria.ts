import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import * as z from 'zod';
import { readFileSync } from 'node:fs';
import { closest } from '../../core/text.js';
import { VERSION } from '../../version.js';
import { BUILTIN_DIR, builtinSets, type BuiltinSet } from '../builtin.js';
import { say, type CommandContext } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { example } from '../help.js';
import { langOption, parseOptions } from '../options.js';
import { writeOutput } from '../output.js';
import { annexCommand, importCommand } from './criteria-annex.js';

const listOptions = z.object({ format: z.enum(['text', 'json']), lang: langOption });

/**
 * `parscore criteria`: the criteria sets that ship with parscore, each with its id (which every
 * command takes in place of a file), title and file; `criteria annex` and `criteria import` go
 * between a criteria file and the annex table of a decision.
 */
export function criteriaCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  const description = say(lang, 'các bộ tiêu chí có sẵn: mã, tên và tệp', 'the built-in criteria sets: id, title and file');
  // `parscore criteria` and `parscore criteria list` are the same listing.
  const listing = (cmd: Command) =>
    cmd
      .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
      .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang);
  const subcommands = ['list', 'annex', 'import'];
  return listing(new Command('criteria').description(description))
    // A word that is none of its subcommands reaches here: said as an unknown command, not as an
    // argument too many.
    .argument('[command]', say(lang, 'list, annex hoặc import (mặc định: list)', 'list, annex or import (default: list)'))
    .usage('[options] [command]')
    .action((word: string | undefined, raw: unknown) => {
      if (word !== undefined) {
        const near = closest(word, subcommands);
        const hint = near ? say(lang, ` Có phải ý bạn là ${near}?`, ` (did you mean ${near}?)`) : '';
        throw usageError(`Lệnh không tồn tại: criteria ${word}.${hint} Xem parscore criteria --help.`, `unknown command 'criteria ${word}'${hint}. See parscore criteria --help.`);
      }
      listSets(ctx, raw);
    })
    .addHelpText('after', example(lang, say(lang, 'các bộ có sẵn, rồi chấm bằng mã của một bộ từ thư mục bất kỳ', 'the built-in sets, then scoring with one named by its id from any folder'), 'parscore criteria', 'parscore validate par-xa-2025'))
    .addCommand(listing(new Command('list').description(description)).action((raw: unknown) => listSets(ctx, raw)))
    .addCommand(annexCommand(ctx))
    .addCommand(importCommand(ctx));
}

function listSets(ctx: CommandContext, raw: unknown): void {
  const opts = parseOptions(listOptions, raw);
  const sets = builtinSets();
  const shown = (s: BuiltinSet) => {
    const rel = relative(ctx.io.cwd, s.file);
    return rel.startsWith('..') ? s.file : rel;
  };
  if (opts.format === 'json') {
    ctx.io.stdout.write(JSON.stringify(sets.map((s) => ({ ...s, file: shown(s) })), null, 2) + '\n');
  } else {
    const width = Math.max(...sets.map((s) => s.id.length));
    const lines = sets.map((s) => `${s.id.padEnd(width)}  ${s.title}\n${' '.repeat(width)}  ${shown(s)}`);
    const hint = say(
      opts.lang,
      'Mỗi lệnh nhận mã bộ thay cho tệp tiêu chí (parscore score par-xa-2025 …); parscore init MÃ -o TỆP.yaml chép một bộ để sửa thành bộ của tỉnh.',
      "Every command takes a set's id in place of a criteria file (parscore score par-xa-2025 …); parscore init ID -o FILE.yaml copies a set to edit into a province's own.",
    );
    ctx.io.stdout.write(`${lines.join('\n')}\n\n${hint}\n`);
  }
  ctx.exit(EXIT.ok);
}

/** The JSON Schema of criteria files, as installed with the package. */
const SCHEMA = pathToFileURL(join(BUILTIN_DIR, '..', 'schema', 'criteria.schema.json')).href;

const initOptions = z.object({ output: z.string().optional(), force: z.boolean().optional(), lang: langOption });

/**
 * `parscore init ID -o FILE`: an editable copy of a built-in set, comments and embedded tests
 * included, the starting point for a province's own criteria.
 */
export function initCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('init')
    .description(say(lang, 'chép một bộ tiêu chí có sẵn ra tệp để sửa thành bộ của tỉnh', "copy a built-in criteria set to a file, to edit into a province's own"))
    .argument('<id>', say(lang, 'mã bộ tiêu chí có sẵn (parscore criteria)', 'id of a built-in set (parscore criteria)'))
    .option('-o, --output <file>', say(lang, 'tệp YAML sẽ ghi (mặc định: in ra màn hình)', 'the YAML file to write (default: standard output)'))
    .option('--force', say(lang, 'ghi đè tệp đã có', 'replace an existing file'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'bắt đầu bộ tiêu chí của tỉnh từ bộ PAR INDEX cấp xã', "start a province's criteria from the communes' PAR INDEX set"), 'parscore init par-xa-2025 -o bo-tieu-chi.yaml', 'parscore validate bo-tieu-chi.yaml'))
    .action(async (id: string, raw: unknown) => {
      const opts = parseOptions(initOptions, raw);
      const sets = builtinSets();
      const set = sets.find((s) => s.id === id);
      if (!set) {
        const near = closest(id, sets.map((s) => s.id));
        const ids = sets.map((s) => s.id).join(', ');
        throw usageError(
          `không có bộ tiêu chí có sẵn "${id}"${near ? `; có phải ý bạn là "${near}"?` : ''} Các bộ có sẵn: ${ids}`,
          `no built-in criteria set "${id}"${near ? `; did you mean "${near}"?` : ''} The built-in sets: ${ids}`,
        );
      }
      const head = say(
        opts.lang,
        `# Chép từ bộ tiêu chí có sẵn ${set.id} của parscore ${VERSION}. Đổi id và title thành của tỉnh,\n# sửa tiêu chí, rồi kiểm tra: parscore validate ${opts.output ?? 'TỆP.yaml'}\n`,
        `# Copied from parscore ${VERSION}'s built-in criteria set ${set.id}. Give it the province's id and\n# title, edit the criteria, then check it: parscore validate ${opts.output ?? 'FILE.yaml'}\n`,
      );
      // The editor's schema line points into the package, which the copy no longer sits beside.
      const text = readFileSync(set.file, 'utf8').replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${SCHEMA}`);
      await writeOutput(ctx, opts.output, head + text, { inputs: [set.file], force: opts.force ?? false });
      ctx.exit(EXIT.ok);
    });
}
