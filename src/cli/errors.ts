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

/** Node's system errors in words an officer understands. */
export function systemReason(e: unknown): { vi: string; en: string } {
  const code = (e as { code?: string })?.code;
  switch (code) {
    case 'ENOENT':
      return { vi: 'không có tệp này; kiểm tra tên và thư mục', en: 'no such file; check the name and folder' };
    case 'EACCES':
    case 'EPERM':
      return { vi: 'không có quyền đọc', en: 'permission denied' };
    case 'EISDIR':
      return { vi: 'đây là thư mục, không phải tệp', en: 'this is a folder, not a file' };
    default: {
      const msg = (e as Error)?.message ?? String(e);
      return { vi: msg, en: msg };
    }
  }
}
