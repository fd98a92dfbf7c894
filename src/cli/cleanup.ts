import { rmSync } from 'node:fs';

/**
 * Files that must not outlive a command that is interrupted: the temporary file of an output being
 * written (tens of MB for a national report), a half-copied output, the copy of an input read from
 * a pipe. On SIGINT, SIGTERM or SIGHUP they are removed, and the process then ends as that signal
 * would have ended it, so the shell still sees 130, 143 or 129. The handlers are installed only
 * while there is something to remove.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const paths = new Set<string>();

/** Removes `path` if the command is interrupted from now on; call the returned function once it is gone or kept. */
export function removeOnSignal(path: string): () => void {
  if (paths.size === 0) for (const s of SIGNALS) process.on(s, interrupted);
  paths.add(path);
  return () => {
    if (!paths.delete(path) || paths.size > 0) return;
    for (const s of SIGNALS) process.off(s, interrupted);
  };
}

function interrupted(signal: NodeJS.Signals): void {
  for (const path of paths) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing more can be done on the way out; the others are still removed.
    }
  }
  paths.clear();
  for (const s of SIGNALS) process.off(s, interrupted);
  // With no handler left, the signal now ends the process the default way.
  process.kill(process.pid, signal);
}
