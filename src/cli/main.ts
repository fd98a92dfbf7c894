import { Command, CommanderError } from 'commander';
import type { Lang } from '../explain/numbers.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { diffCriteriaCommand } from './commands/diff-criteria.js';
import { explainCommand } from './commands/explain.js';
import { planCommand } from './commands/plan.js';
import { recheckCommand } from './commands/recheck.js';
import { scoreCommand } from './commands/score.js';
import { templateCommand } from './commands/template.js';
import { testCommand } from './commands/test.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import type { CommandContext } from './context.js';
import { CliError, EXIT } from './errors.js';
import { terminalSafeIo, type Io } from './io.js';
import { VERSION } from '../version.js';

/**
 * The command line: builds the commands, runs one, and maps every failure to a message and an exit
 * code (0 done; 1 the inputs were read and something is wrong with them; 2 usage or unreadable).
 * Returns the exit code instead of exiting, so tests run it in-process.
 */
export async function main(argv: readonly string[], processIo: Io): Promise<number> {
  const io = terminalSafeIo(processIo);
  const lang = detectLang(argv, io.env);
  let exitCode: number = EXIT.ok;
  const ctx: CommandContext = { io, terminal: processIo.stderr, lang, exit: (code) => (exitCode = Math.max(exitCode, code)) };

  const program = new Command('parscore')
    .description(
      lang === 'vi'
        ? 'Chấm điểm chỉ số cải cách hành chính: tiêu chí YAML, minh chứng CSV/Excel, kết quả chính xác và có giải thích'
        : 'Scoring of administrative reform indices: YAML criteria, CSV/Excel evidence, exact and explained results',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {},
    });
  for (const make of [
    validateCommand,
    schemaCommand,
    testCommand,
    checkCommand,
    scoreCommand,
    explainCommand,
    planCommand,
    templateCommand,
    recheckCommand,
    compareCommand,
    diffCriteriaCommand,
  ]) {
    program.addCommand(make(ctx).copyInheritedSettings(program));
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    return report(e, io, lang);
  }
}

function report(e: unknown, io: Io, lang: Lang): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return EXIT.ok; // --help, --version
    io.stderr.write(usageMessage(e, lang) + '\n');
    return EXIT.usage;
  }
  if (e instanceof CliError) {
    io.stderr.write(e.text[lang] + '\n');
    return e.exitCode;
  }
  // A bug, not the user's fault: one line, no stack trace, and where to report it.
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr.write(
    lang === 'vi'
      ? `parscore gặp lỗi nội bộ: ${msg}. Xin báo lỗi kèm lệnh đã chạy.\n`
      : `parscore hit an internal error: ${msg}. Please report it with the command you ran.\n`,
  );
  return EXIT.usage;
}

function usageMessage(e: CommanderError, lang: Lang): string {
  const text = e.message.replace(/^error: /, '');
  const quoted = /'([^']+)'/.exec(text)?.[1] ?? '';
  const suggestion = /Did you mean (.+)\?/.exec(text)?.[1];
  const help = lang === 'vi' ? 'Xem parscore --help.' : 'See parscore --help.';
  if (lang === 'en') return `${text.split('\n')[0]}${suggestion ? ` (did you mean ${suggestion}?)` : ''}. ${help}`;
  const hint = suggestion ? ` Có phải ý bạn là ${suggestion}?` : '';
  switch (e.code) {
    case 'commander.unknownOption':
      return `Tuỳ chọn không tồn tại: ${quoted}.${hint} ${help}`;
    case 'commander.unknownCommand':
      return `Lệnh không tồn tại: ${quoted}.${hint} ${help}`;
    case 'commander.missingArgument':
      return `Thiếu tham số bắt buộc ${quoted}. ${help}`;
    case 'commander.optionMissingArgument':
      return `Tuỳ chọn ${quoted} cần một giá trị. ${help}`;
    case 'commander.excessArguments':
      return `Thừa tham số. ${help}`;
    default:
      return `${text.split('\n')[0]}. ${help}`;
  }
}

/** The language before commander runs, so that its own errors are in it too. */
function detectLang(argv: readonly string[], env: Io['env']): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? env['PARSCORE_LANG'] : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'en' ? 'en' : 'vi';
}
