import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, realpathSync } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { say, type CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';

/**
 * Writes a result to stdout, or to `-o FILE` whole or not at all: into a temporary file beside the
 * target, then renamed over it, so a failed run leaves no partial file. Never over an input, and
 * never over an existing file unless `--force`.
 */
export async function writeOutput(
  ctx: CommandContext,
  target: string | undefined,
  content: string | Uint8Array | Iterable<string>,
  options: { inputs: readonly string[]; force: boolean },
): Promise<void> {
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  if (target === undefined || target === '-') {
    for (const piece of pieces) ctx.io.stdout.write(piece);
    return;
  }
  const path = resolve(ctx.io.cwd, target);
  const real = canonical(path);
  if (options.inputs.some((i) => canonical(resolve(ctx.io.cwd, i)) === real)) {
    throw usageError(`${target}: đây là một tệp đầu vào; hãy chọn tên khác cho tệp kết quả`, `${target}: this is one of the input files; choose another name for the output`);
  }
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw usageError(`${target}: đây là thư mục; hãy đặt tên tệp`, `${target}: this is a folder; give a file name`);
  if (existing && !options.force) {
    throw usageError(`${target}: tệp đã có; thêm --force để ghi đè`, `${target}: the file exists; add --force to replace it`);
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // Pieces are written while the next ones are made, waiting only when the disk falls behind.
    const file = createWriteStream(temp, { flags: 'wx', highWaterMark: 8 << 20 });
    const failed = once(file, 'error').then(([e]) => Promise.reject(e as Error));
    failed.catch(() => {});
    for (const piece of pieces) if (!file.write(piece)) await Promise.race([once(file, 'drain'), failed]);
    file.end();
    await Promise.race([finished(file), failed]);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    const reason = (e as Error).message;
    throw new CliError(EXIT.usage, { vi: `${target}: không ghi được: ${reason}`, en: `${target}: cannot be written: ${reason}` });
  }
  ctx.io.stderr.write(say(ctx.lang, `Đã ghi ${target}\n`, `Wrote ${target}\n`));
}

/** The same file whatever the path that names it (symlinks, `./`); the path itself if it does not exist. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
