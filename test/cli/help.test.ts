import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Argument, Command, CommanderError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/explain/numbers.js';
import { localizeHelp, usageMessage } from '../../src/cli/help.js';
import { run } from '../helpers/cli.js';

const EN = { PARSCORE_LANG: 'en' };

/** The commands the program's help lists (not `help` itself), so that a new command is covered too. */
async function commands(): Promise<string[]> {
  const { stdout } = await run(['--help', '--lang', 'en']);
  const listed = stdout.split('Commands:\n')[1]!.split('\n\n')[0]!.split('\n');
  return listed.map((l) => l.trim().split(' ')[0]!).filter((name) => name !== 'help');
}

/** The example a help ends with: its title line and its command lines. */
function exampleOf(help: string, title: string): { what: string; lines: string[] } {
  const block = help.trimEnd().split('\n\n').at(-1)!.split('\n');
  expect(block[0]).toMatch(new RegExp(`^${title}: \\S`));
  expect(block.length).toBeGreaterThan(1);
  for (const line of block.slice(1)) expect(line).toMatch(/^ {2}parscore \S/);
  return { what: block[0]!, lines: block.slice(1).map((l) => l.trim()) };
}

describe('help', () => {
  it('lists the commands', async () => {
    expect(await commands()).toEqual(['criteria', 'init', 'validate', 'schema', 'test', 'check', 'score', 'explain', 'plan', 'template', 'recheck', 'robustness', 'compare', 'diff-criteria']);
  });

  it('frames the program help in Vietnamese by default, with no English from commander', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const english of ['Usage', 'Options:', 'Commands:', 'display help', 'default:', 'output the version', '[options]', '[command]']) {
      expect(r.stdout).not.toContain(english);
    }
    expect(r.stdout).toMatch(/^Cách dùng: parscore \[tuỳ chọn\] \[lệnh\]\n/);
    expect(r.stdout).toContain('\nTuỳ chọn:\n');
    expect(r.stdout).toMatch(/^ {2}-V, --version +in số phiên bản$/m);
    expect(r.stdout).toMatch(/^ {2}--lang <lang> +ngôn ngữ, cũng đặt được bằng biến môi trường PARSCORE_LANG \(một trong: vi, en\)$/m);
    expect(r.stdout).toMatch(/^ {2}-h, --help +hiện hướng dẫn của lệnh$/m);
    expect(r.stdout).toContain('\nLệnh:\n');
    expect(r.stdout).toMatch(/^ {2}score \[tuỳ chọn\] <criteria> \[evidence\.\.\.\] +chấm điểm, xếp hạng và giải thích$/m);
    expect(r.stdout).toMatch(/^ {2}help \[lệnh\] +hiện hướng dẫn của một lệnh$/m);
    expect(r.stdout.trimEnd()).toMatch(/parscore score --help\.\nCác ví dụ chạy từ thư mục mã nguồn parscore, trên dữ liệu mẫu trong fixtures\/\.$/);
  });

  it('frames it in English with --lang en or PARSCORE_LANG=en', async () => {
    for (const r of [await run(['--help', '--lang', 'en']), await run(['--help'], { env: EN }), await run(['--lang', 'en', '--help'])]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: parscore \[options\] \[command\]\n/);
      expect(r.stdout).toMatch(/^ {2}-V, --version +output the version number$/m);
      expect(r.stdout).toMatch(/^ {2}--lang <lang> +language, also set by the PARSCORE_LANG environment variable \(one of: vi, en\)$/m);
      expect(r.stdout).toMatch(/^ {2}help \[command\] +display help for command$/m);
      expect(r.stdout).not.toMatch(/Cách dùng|Tuỳ chọn|Lệnh:|lệnh\]/);
    }
  });

  for (const [lang, env, title, frame] of [
    ['vi', {}, 'Ví dụ', { usage: 'Cách dùng:', options: '[tuỳ chọn]', help: 'hiện hướng dẫn của lệnh', check: '  --format <format>      text hoặc json (mặc định: text)\n' }],
    ['en', EN, 'Example', { usage: 'Usage:', options: '[options]', help: 'display help for command', check: '  --format <format>      text or json (default: text)\n' }],
  ] as const) {
    it(`gives every command's help in ${lang}, ending with an example`, async () => {
      for (const name of await commands()) {
        const r = await run([name, '--help'], { env });
        expect(r.code).toBe(0);
        expect(r.stdout.startsWith(`${frame.usage} parscore ${name} ${frame.options}`)).toBe(true);
        expect(r.stdout).toMatch(new RegExp(`^ {2}-h, --help +${frame.help}$`, 'm'));
        if (lang === 'vi') {
          for (const english of ['Usage', 'Options:', 'Arguments:', 'display help', 'default:', 'output the version', '[options]', 'Example']) {
            expect(r.stdout, `${name} --help`).not.toContain(english);
          }
        } else {
          expect(r.stdout).not.toMatch(/Cách dùng|Tuỳ chọn|Tham số:|mặc định|Ví dụ/);
        }
        expect(r.stdout).not.toContain('[])');
        exampleOf(r.stdout, title);
      }
      const check = await run(['check', '--help'], { env });
      expect(check.stdout).toContain(frame.check);
      expect(check.stdout).toContain(lang === 'vi' ? '\nTham số:\n  criteria ' : '\nArguments:\n  criteria ');
      // A repeatable option's default, the empty list, is not shown: the description ends as written.
      expect(check.stdout).toMatch(lang === 'vi' ? /lặp lại được\n {2}--by / : /repeatable\n {2}--by /);
    });
  }

  it("shows an argument's accepted values and default, and a number default as it is", () => {
    const program = localizeHelp(new Command('parscore'), 'vi')
      .addArgument(new Argument('[view]', 'cách xem').choices(['ranking', 'reconcile']).default('ranking'))
      .addOption(new Option('--top <n>', 'số đơn vị').default(10));
    const help = program.helpInformation();
    expect(help).toMatch(/^ {2}view +cách xem \(một trong: ranking, reconcile; mặc định: ranking\)$/m);
    expect(help).toMatch(/^ {2}--top <n> +số đơn vị \(mặc định: 10\)$/m);
  });

  it("runs every command's example from the repository root, the same in both languages", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-help-'));
    for (const name of await commands()) {
      const vi = exampleOf((await run([name, '--help'])).stdout, 'Ví dụ');
      const en = exampleOf((await run([name, '--help'], { env: EN })).stdout, 'Example');
      expect(en.lines).toEqual(vi.lines);
      // Files the example writes go to a temporary directory; later lines read them from there.
      const written = new Map<string, string>();
      for (const line of vi.lines) {
        const words = line.split(' ').slice(1);
        const argv = words.map((w, i) => {
          if (words[i - 1] !== '-o') return written.get(w) ?? w;
          const path = join(dir, `${name}-${w}`);
          written.set(w, path);
          return path;
        });
        const r = await run(argv);
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
        expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
      }
      for (const path of written.values()) expect(existsSync(path), path).toBe(true);
    }
  }, 120_000);
});

describe('usage errors', () => {
  const cases: Array<{ code: string; argv: string[]; vi: string; en: string }> = [
    {
      code: 'commander.unknownOption',
      argv: ['validate', 'criteria/par-xa-2025.yaml', '--formt', 'json'],
      vi: 'Tuỳ chọn không tồn tại: --formt. Có phải ý bạn là --format? Xem parscore validate --help.',
      en: "unknown option '--formt' (did you mean --format?). See parscore validate --help.",
    },
    {
      code: 'commander.unknownCommand',
      argv: ['scor', 'criteria/par-xa-2025.yaml'],
      vi: 'Lệnh không tồn tại: scor. Có phải ý bạn là score? Xem parscore --help.',
      en: "unknown command 'scor' (did you mean score?). See parscore --help.",
    },
    {
      code: 'commander.missingArgument',
      argv: ['validate'],
      vi: 'Thiếu tham số bắt buộc <files> — các tệp tiêu chí YAML. Xem parscore validate --help.',
      en: "missing required argument 'files' — criteria files (YAML). See parscore validate --help.",
    },
    {
      code: 'commander.optionMissingArgument',
      argv: ['validate', 'criteria/par-xa-2025.yaml', '--format'],
      vi: 'Tuỳ chọn --format <format> cần một giá trị. Xem parscore validate --help.',
      en: "option '--format <format>' argument missing. See parscore validate --help.",
    },
    {
      code: 'commander.missingMandatoryOptionValue',
      argv: ['score', 'criteria/par-xa-2025.yaml', 'fixtures/par-xa-2025/minh-chung.csv'],
      vi: 'Thiếu tuỳ chọn bắt buộc --units <file> — danh sách đơn vị: unit, name, group. Xem parscore score --help.',
      en: "required option '--units <file>' not specified — units file: unit, name, group. See parscore score --help.",
    },
    {
      code: 'commander.excessArguments',
      argv: ['compare', 'a.json', 'b.json', 'c.json'],
      vi: 'Thừa tham số: lệnh compare nhận 2 tham số nhưng được 3. Xem parscore compare --help.',
      en: "too many arguments for 'compare'. Expected 2 arguments but got 3. See parscore compare --help.",
    },
    {
      code: 'commander.invalidArgument',
      argv: ['--lang', 'fr', 'schema'],
      vi: 'Giá trị "fr" của tuỳ chọn --lang <lang> không hợp lệ. Dùng một trong: vi, en. Xem parscore --help.',
      en: "option '--lang <lang>' argument 'fr' is invalid. Allowed choices are vi, en. See parscore --help.",
    },
  ];

  for (const c of cases) {
    it(`says ${c.code} in the chosen language, exit 2`, async () => {
      const vi = await run(c.argv);
      expect(vi).toEqual({ code: 2, stdout: '', stderr: `${c.vi}\n` });
      const en = await run(c.argv, { env: EN });
      expect(en).toEqual({ code: 2, stdout: '', stderr: `${c.en}\n` });
    });
  }

  it('shows the help on stderr and asks for a command when none is given, exit 2', async () => {
    const vi = await run([]);
    expect(vi.code).toBe(2);
    expect(vi.stdout).toBe('');
    expect(vi.stderr).toMatch(/^Cách dùng: parscore \[tuỳ chọn\] \[lệnh\]\n/);
    expect(vi.stderr.endsWith('fixtures/.\nCần một lệnh trong danh sách trên.\n')).toBe(true);
    const en = await run(['--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/^Usage: parscore \[options\] \[command\]\n/);
    expect(en.stderr.endsWith('fixtures/.\nGive one of the commands above.\n')).toBe(true);
  });

  /** The error commander raises for `argv` on a program set up as parscore's is. */
  function raised(build: (program: Command) => void, argv: string[], lang: Lang): { error: CommanderError; program: Command } {
    const program = localizeHelp(new Command('parscore'), lang)
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput({ writeErr: () => {}, outputError: () => {} });
    build(program);
    try {
      program.parse(argv, { from: 'user' });
    } catch (e) {
      if (e instanceof CommanderError) return { error: e, program };
    }
    throw new Error(`no error for ${argv.join(' ')}`);
  }

  const scratch: Array<{ code: string; build: (p: Command) => void; argv: string[]; vi: string; en: string }> = [
    {
      code: 'commander.conflictingOption',
      build: (p) => p.addOption(new Option('--unit <id>').conflicts('group')).option('--group <id>'),
      argv: ['--unit', 'a', '--group', 'b'],
      vi: 'Không dùng tuỳ chọn --unit <id> cùng với tuỳ chọn --group <id> được. Xem parscore --help.',
      en: "option '--unit <id>' cannot be used with option '--group <id>'. See parscore --help.",
    },
    {
      code: 'commander.invalidArgument',
      build: (p) => p.addArgument(new Argument('<view>').choices(['ranking', 'reconcile'])),
      argv: ['ranks'],
      vi: 'Giá trị "ranks" của tham số <view> không hợp lệ. Dùng một trong: ranking, reconcile. Xem parscore --help.',
      en: "command-argument value 'ranks' is invalid for argument 'view'. Allowed choices are ranking, reconcile. See parscore --help.",
    },
    {
      code: 'commander.unknownOption',
      build: (p) => p.option('--forma').option('--formb'),
      argv: ['--formx'],
      vi: 'Tuỳ chọn không tồn tại: --formx. Có phải ý bạn là một trong --forma, --formb? Xem parscore --help.',
      en: "unknown option '--formx' (did you mean one of --forma, --formb?). See parscore --help.",
    },
  ];

  for (const c of scratch) {
    it(`says ${c.code} as commander words it for ${c.argv.join(' ')}`, () => {
      for (const lang of ['vi', 'en'] as const) {
        const { error, program } = raised(c.build, c.argv, lang);
        expect(error.code).toBe(c.code);
        expect(usageMessage(error, lang, program)).toBe(c[lang]);
      }
    });
  }

  it('covers every usage error commander 14 can raise', () => {
    const source = readFileSync(join(dirname(createRequire(import.meta.url).resolve('commander')), 'lib/command.js'), 'utf8');
    const codes = new Set([...source.matchAll(/'(commander\.[a-zA-Z]+)'/g)].map((m) => m[1]!));
    // Exit 0 (help shown, version), standalone executables (unused), and .error() (never called).
    for (const notUsage of ['commander.helpDisplayed', 'commander.version', 'commander.executeSubCommandAsync', 'commander.error']) codes.delete(notUsage);
    // commander.help with exit 1: the help on stderr when no command is given, tested above.
    codes.delete('commander.help');
    expect([...codes].sort()).toEqual([...new Set([...cases, ...scratch].map((c) => c.code))].sort());
  });
});
