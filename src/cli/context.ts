import type { Lang } from '../explain/numbers.js';
import type { Io } from './io.js';

/** What every command gets: the process around it, the language, and where to leave its exit code. */
export interface CommandContext {
  /** The process, with text made terminal-safe (see terminalSafe). */
  io: Io;
  /**
   * The terminal itself, for the progress line's own control sequences (it redraws in place);
   * nothing from the inputs is written to it.
   */
  terminal?: Io['stderr'];
  lang: Lang;
  exit(code: number): void;
}

/** The sentence in the chosen language. */
export function say(lang: Lang, vi: string, en: string): string {
  return lang === 'vi' ? vi : en;
}
