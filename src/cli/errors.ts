import type { Lang } from '../explain/numbers.js';

/** Exit codes of the design: 1 the inputs were read and something is wrong; 2 usage or unreadable. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/**
 * An error the user can act on, with its sentence in both languages. Anything else reaching the
 * top is a bug, reported in one line without a stack trace.
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    readonly text: Record<Lang, string>,
  ) {
    super(text.en);
  }
}

export function usageError(vi: string, en: string): CliError {
  return new CliError(EXIT.usage, { vi, en });
}

export function unreadable(file: string, reason: { vi: string; en: string }): CliError {
  return new CliError(EXIT.usage, {
    vi: `${file}: không đọc được tệp: ${reason.vi}`,
    en: `${file}: cannot read the file: ${reason.en}`,
  });
}
