/**
 * What a command may touch besides the files it names: its output streams, environment and
 * working directory. The binary passes the real process; tests pass buffers.
 */
export interface Io {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Output {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
  /**
   * Why the stream takes nothing more, once it failed: EPIPE when its reader went away
   * (`parscore … | head -1`), ENOSPC for a full disk. Writers stop there.
   */
  readonly failed?: NodeJS.ErrnoException | null | undefined;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Io, stream: 'stdout' | 'stderr'): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io[stream].isTTY === true;
}

/**
 * Text for a terminal: control characters (a bell, a backspace, an escape sequence that clears the
 * screen) and bidirectional overrides (which make "xa-an-binh" display as something else) in what
 * units wrote are shown as \uXXXX escapes, never acted upon. Tabs and line ends stay; so do the
 * colour sequences chalk writes, where colour is on. In JSON these escapes are the same string.
 */
export function terminalSafe(text: string, colour: boolean): string {
  return text.replace(UNSAFE, (ch, offset: number, whole: string) => {
    if (ch === '\r' && whole[offset + 1] === '\n') return ch;
    if (ch === '\u001b' && colour && /^\u001b\[[0-9;]*m/.test(whole.slice(offset, offset + 16))) return ch;
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

// C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional formatting characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The same process with every text written to stdout and stderr made terminal-safe. */
export function terminalSafeIo(io: Io): Io {
  const wrap = (stream: Output, name: 'stdout' | 'stderr'): Output => ({
    isTTY: stream.isTTY ?? false,
    get failed() {
      return stream.failed;
    },
    write: (chunk) => stream.write(typeof chunk === 'string' ? terminalSafe(chunk, useColor(io, name)) : chunk),
  });
  return { ...io, stdout: wrap(io.stdout, 'stdout'), stderr: wrap(io.stderr, 'stderr') };
}
