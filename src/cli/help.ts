import { Help, type Argument, type Command, type CommanderError, type HelpConfiguration, type Option } from 'commander';
import type { Lang } from '../explain/numbers.js';
import { say } from './context.js';

/** The words commander writes around the help, in each language. */
const FRAME = {
  vi: {
    titles: { 'Usage:': 'Cách dùng:', 'Arguments:': 'Tham số:', 'Options:': 'Tuỳ chọn:', 'Commands:': 'Lệnh:' } as Record<string, string>,
    placeholders: { '[options]': '[tuỳ chọn]', '[command]': '[lệnh]' } as Record<string, string>,
    default: 'mặc định',
    choices: 'một trong',
    helpOption: 'hiện hướng dẫn của lệnh',
    helpCommand: 'help [lệnh]',
    helpCommandDescription: 'hiện hướng dẫn của một lệnh',
    example: 'Ví dụ',
  },
  en: {
    titles: {} as Record<string, string>,
    placeholders: {} as Record<string, string>,
    default: 'default',
    choices: 'one of',
    helpOption: 'display help for command',
    helpCommand: 'help [command]',
    helpCommandDescription: 'display help for command',
    example: 'Example',
  },
} as const;

/**
 * The help in the chosen language: titles, placeholders, the help option and help command, and the
 * "(default: …)" suffix. Set on the program before its commands copy its settings.
 */
export function localizeHelp(program: Command, lang: Lang): Command {
  const frame = FRAME[lang];
  const words = (text: string) =>
    text
      .split(' ')
      .map((w) => frame.placeholders[w] ?? w)
      .join(' ');
  const configuration: HelpConfiguration = {
    styleTitle: (title) => frame.titles[title] ?? title,
    commandUsage(this: Help, cmd) {
      return words(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd) {
      return words(Help.prototype.subcommandTerm.call(this, cmd));
    },
    optionDescription: (option) => {
      // The default of an option that takes a value; not a repeatable option's empty list, which
      // says nothing to the reader.
      const shown = (option.required || option.optional) && !Array.isArray(option.defaultValue) ? option.defaultValue : undefined;
      return described(option, shown, lang);
    },
    argumentDescription: (argument) => described(argument, argument.defaultValue, lang),
  };
  return program
    .configureHelp(configuration)
    .helpOption('-h, --help', frame.helpOption)
    .helpCommand(frame.helpCommand, frame.helpCommandDescription);
}

/** A description with its accepted values and its default, as "(một trong: vi, en; mặc định: vi)". */
function described(item: Option | Argument, defaultValue: unknown, lang: Lang): string {
  const frame = FRAME[lang];
  const shown = item.defaultValueDescription ?? (typeof defaultValue === 'string' ? defaultValue : JSON.stringify(defaultValue));
  const extra = [
    ...(item.argChoices ? [`${frame.choices}: ${item.argChoices.join(', ')}`] : []),
    ...(defaultValue !== undefined ? [`${frame.default}: ${shown}`] : []),
  ];
  return [item.description, ...(extra.length > 0 ? [`(${extra.join('; ')})`] : [])].filter((s) => s !== '').join(' ');
}

/**
 * The example a command's help ends with: what it shows, then the command lines, which run as they
 * are from the repository root on the built-in criteria and the demo data in fixtures/.
 */
export function example(lang: Lang, what: string, ...lines: string[]): string {
  return `\n${FRAME[lang].example}: ${what}\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** The commune demo's inputs, which most examples run on. */
export const DEMO_INPUTS =
  'criteria/par-xa-2025.yaml fixtures/par-xa-2025/minh-chung.csv fixtures/par-xa-2025/dieu-tra-xhh.csv --units fixtures/par-xa-2025/don-vi.csv --records ho_so=fixtures/par-xa-2025/ho-so.csv';

/**
 * Commander's usage errors, in the chosen language. Commander writes them in English only, so the
 * parts are read back from its message: the quoted names, the suggestion, the counts. `command` is
 * the command being parsed, for the descriptions of what is missing and for where to read its help.
 */
export function usageMessage(e: CommanderError, lang: Lang, command: Command): string {
  const text = e.message.replace(/^error: /, '');
  const first = text.split('\n')[0]!.replace(/\.$/, '');
  const quoted = [...first.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const near = /\(Did you mean (one of )?(.+)\?\)/.exec(text);
  const hint = near ? say(lang, ` Có phải ý bạn là ${near[1] ? 'một trong ' : ''}${near[2]}?`, ` (did you mean ${near[1] ?? ''}${near[2]}?)`) : '';
  const name = [...ancestry(command)].join(' ');
  const help = say(lang, `Xem ${name} --help.`, `See ${name} --help.`);
  const aside = (description: string | undefined) => (description ? ` — ${description}` : '');
  switch (e.code) {
    case 'commander.unknownOption':
      return say(lang, `Tuỳ chọn không tồn tại: ${quoted[0]}.${hint} ${help}`, `${first}${hint}. ${help}`);
    case 'commander.unknownCommand':
      return say(lang, `Lệnh không tồn tại: ${quoted[0]}.${hint} ${help}`, `${first}${hint}. ${help}`);
    case 'commander.missingArgument': {
      const what = aside(command.registeredArguments.find((a) => a.name() === quoted[0])?.description);
      return say(lang, `Thiếu tham số bắt buộc <${quoted[0]}>${what}. ${help}`, `${first}${what}. ${help}`);
    }
    case 'commander.optionMissingArgument':
      return say(lang, `Tuỳ chọn ${quoted[0]} cần một giá trị. ${help}`, `${first}. ${help}`);
    case 'commander.missingMandatoryOptionValue': {
      const what = aside(command.options.find((o) => o.flags === quoted[0])?.description);
      return say(lang, `Thiếu tuỳ chọn bắt buộc ${quoted[0]}${what}. ${help}`, `${first}${what}. ${help}`);
    }
    case 'commander.excessArguments': {
      const [, expected, got] = /Expected (\d+) arguments? but got (\d+)/.exec(text) ?? [];
      return say(lang, `Thừa tham số: lệnh ${command.name()} nhận ${expected} tham số nhưng được ${got}. ${help}`, `${text.trimEnd()} ${help}`);
    }
    case 'commander.invalidArgument': {
      // "option '--lang <lang>' argument 'fr' is invalid", or for a command-argument the value first.
      const [what, value] = first.startsWith('command-argument') ? [`tham số <${quoted[1]}>`, quoted[0]] : [`tuỳ chọn ${quoted[0]}`, quoted[1]];
      const choices = /Allowed choices are (.+)\./.exec(text)?.[1];
      return say(lang, `Giá trị "${value}" của ${what} không hợp lệ.${choices ? ` Dùng một trong: ${choices}.` : ''} ${help}`, `${text.trimEnd()} ${help}`);
    }
    case 'commander.conflictingOption': {
      const [a, b] = [...first.matchAll(/(option|environment variable) '([^']*)'/g)].map((m) => (m[1] === 'option' ? `tuỳ chọn ${m[2]}` : `biến môi trường ${m[2]}`));
      return say(lang, `Không dùng ${a} cùng với ${b} được. ${help}`, `${first}. ${help}`);
    }
    case 'commander.help':
      // The help went to stderr because no command (or no known one) was given.
      return say(lang, 'Cần một lệnh trong danh sách trên.', 'Give one of the commands above.');
    default:
      // commander.error comes only from .error(), which parscore does not call.
      return `${first}. ${help}`;
  }
}

/** "parscore score": the command's name after its parents'. */
function* ancestry(command: Command): Generator<string> {
  if (command.parent) yield* ancestry(command.parent);
  yield command.name();
}
