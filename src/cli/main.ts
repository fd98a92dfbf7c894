import { Command, CommanderError, Option } from 'commander';
import type { Lang } from '../explain/numbers.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { criteriaCommand, initCommand } from './commands/criteria.js';
import { diffCriteriaCommand } from './commands/diff-criteria.js';
import { explainCommand } from './commands/explain.js';
import { planCommand } from './commands/plan.js';
import { recheckCommand } from './commands/recheck.js';
import { robustnessCommand } from './commands/robustness.js';
import { scoreCommand } from './commands/score.js';
import { templateCommand } from './commands/template.js';
import { testCommand } from './commands/test.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { say, type CommandContext } from './context.js';
import { CliError, EXIT } from './errors.js';
import { localizeHelp, usageMessage } from './help.js';
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

  const program = localizeHelp(new Command('parscore'), lang)
    .description(
      lang === 'vi'
        ? 'Chấm điểm chỉ số cải cách hành chính: tiêu chí YAML, minh chứng CSV/Excel, kết quả chính xác và có giải thích'
        : 'Scoring of administrative reform indices: YAML criteria, CSV/Excel evidence, exact and explained results',
    )
    .version(VERSION, '-V, --version', say(lang, 'in số phiên bản', 'output the version number'))
    // Read by detectLang; declared so that `parscore --lang en` alone shows the help in English.
    .addOption(new Option('--lang <lang>', say(lang, 'ngôn ngữ, cũng đặt được bằng biến môi trường PARSCORE_LANG', 'language, also set by the PARSCORE_LANG environment variable')).choices(['vi', 'en']))
    // The program's own options only before the command, so each command reads its own --lang.
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {},
    })
    .addHelpText(
      'after',
      say(
        lang,
        '\nMỗi lệnh có hướng dẫn riêng, kết thúc bằng một ví dụ: parscore score --help.\nCác ví dụ chạy từ thư mục mã nguồn parscore, trên dữ liệu mẫu trong fixtures/.',
        '\nEach command has its own help, ending with an example: parscore score --help.\nThe examples run from the parscore source directory, on the demo data in fixtures/.',
      ),
    );
  // The command being parsed when commander reports a usage error: its help is the one to read.
  let parsing: Command = program;
  program.hook('preSubcommand', (_, sub) => {
    parsing = sub;
  });
  for (const make of [
    criteriaCommand,
    initCommand,
    validateCommand,
    schemaCommand,
    testCommand,
    checkCommand,
    scoreCommand,
    explainCommand,
    planCommand,
    templateCommand,
    recheckCommand,
    robustnessCommand,
    compareCommand,
    diffCriteriaCommand,
  ]) {
    program.addCommand(inherit(make(ctx), program));
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    return report(e, io, lang, parsing);
  }
}

/** The program's settings (help, output, exits) on a command and on its own subcommands. */
function inherit(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inherit(sub, command);
  return command;
}

function report(e: unknown, io: Io, lang: Lang, parsing: Command): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return EXIT.ok; // --help, --version
    io.stderr.write(usageMessage(e, lang, parsing) + '\n');
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

/** The language before commander runs, so that its own errors are in it too. */
function detectLang(argv: readonly string[], env: Io['env']): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  // A --lang value that is not a language is reported in the language chosen otherwise.
  const value = given === 'vi' || given === 'en' ? given : env['PARSCORE_LANG'];
  return value === 'en' ? 'en' : 'vi';
}
