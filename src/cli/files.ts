import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Io } from './io.js';
import { systemReason } from '../evidence/tables/table.js';
import { CliError, unreadable } from './errors.js';

/**
 * Reads a text input whole, refusing what is not a regular file or larger than the limit, so that
 * a mistaken path or a huge file gives one clear line instead of an out-of-memory crash.
 */
export async function readInput(io: Io, file: string, maxBytes: number): Promise<Buffer> {
  const path = resolve(io.cwd, file);
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (s.size > maxBytes) {
      throw unreadable(file, {
        vi: `tệp lớn ${mb(s.size)}, vượt giới hạn ${mb(maxBytes)} (đặt PARSCORE_MAX_CRITERIA_MB để nâng giới hạn)`,
        en: `the file is ${mb(s.size)}, over the limit of ${mb(maxBytes)} (set PARSCORE_MAX_CRITERIA_MB to raise it)`,
      });
    }
    return await readFile(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(file, systemReason(e));
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
