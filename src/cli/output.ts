import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { constants, createWriteStream, realpathSync, type WriteStream } from 'node:fs';
import { copyFile, link, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { removeOnSignal } from './cleanup.js';
import { say, type CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';
import type { Output } from './io.js';

/** What an output file's extension says it holds. */
export type FileKind = 'table' | 'json' | 'csv' | 'md' | 'xlsx' | 'html';

const KINDS: Readonly<Record<string, FileKind>> = {
  '.txt': 'table',
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
};

/**
 * The format to write: the one `-o FILE`'s extension names (`ket-qua.xlsx` is a workbook, whatever
 * the default), else `--format`, else the command's default. A `--format` that contradicts a known
 * extension, or an extension naming a format the command does not write, is a usage error: a
 * table written into a file called .xlsx is a lost result.
 */
export function outputFormat<F extends string>(target: string | undefined, given: F | undefined, formats: Partial<Record<FileKind, F>>, fallback: F): F {
  const ext = target === undefined || target === '-' ? '' : extname(target).toLowerCase();
  const kind = KINDS[ext];
  if (kind === undefined) return given ?? fallback;
  const named = formats[kind];
  if (named === undefined) {
    const accepted = Object.keys(KINDS).filter((e) => formats[KINDS[e]!] !== undefined);
    const list = accepted.join(', ');
    throw usageError(
      `-o ${target}: lệnh này không ghi tệp ${ext}; hãy đặt tên tệp có đuôi ${list}`,
      `-o ${target}: this command does not write ${ext} files; give the file one of the extensions ${list}`,
    );
  }
  if (given !== undefined && given !== named) {
    throw usageError(
      `--format ${given} không khớp với -o ${target} (tệp ${ext} là định dạng ${named}); bỏ --format, hoặc đổi đuôi tệp`,
      `--format ${given} contradicts -o ${target} (a ${ext} file is ${named}); drop --format, or change the file's extension`,
    );
  }
  return named;
}

/**
 * A workbook cannot go to the terminal: without `-o FILE` (or with `-o -`) this is a usage error
 * that says which file name to give, e.g. `ket-qua.xlsx` / `results.xlsx`. `lead` names what asked
 * for a workbook (`--format xlsx `), when an option did.
 */
export function requireWorkbookFile(output: string | undefined, name: { vi: string; en: string }, lead = ''): void {
  if (output !== undefined && output !== '-') return;
  throw usageError(
    `${lead}${lead ? 'cần' : 'Cần'} tên tệp: thêm -o ${name.vi} (tệp Excel không in ra màn hình được).`,
    `${lead}${lead ? 'needs a file' : 'A file is needed'}: add -o ${name.en} (a workbook cannot be printed to the terminal).`,
  );
}

/**
 * Writes a result to stdout, or to `-o FILE` whole or not at all: into a temporary file beside the
 * target, which then takes the target's name only if nothing has it (a hard link, which fails if
 * the name exists, even when another run created it a moment ago), or with `--force` replaces the
 * file there. Never over an input; only regular files are replaced (through a symbolic link, the
 * file it points to). A character device or a FIFO (`-o /dev/null`, a named pipe) is written
 * through: there is nothing to replace.
 */
export async function writeOutput(
  ctx: CommandContext,
  target: string | undefined,
  content: string | Uint8Array | Iterable<string>,
  options: { inputs: readonly string[]; force: boolean },
): Promise<void> {
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  if (target === undefined || target === '-') {
    toStdout(ctx.io.stdout, pieces);
    return;
  }
  const path = resolve(ctx.io.cwd, target);
  const real = canonical(path);
  if (options.inputs.some((i) => canonical(resolve(ctx.io.cwd, i)) === real)) {
    throw usageError(`${target}: đây là một tệp đầu vào; hãy chọn tên khác cho tệp kết quả`, `${target}: this is one of the input files; choose another name for the output`);
  }
  // What is there, through any symbolic links (also /dev/stdout's, which name a pipe or a terminal).
  const existing = await stat(path).catch((e: unknown) => (code(e) === 'ENOENT' ? undefined : Promise.reject(cannotWrite(target, path, e))));
  if (existing?.isDirectory()) throw usageError(`${target}: đây là thư mục; hãy đặt tên tệp`, `${target}: this is a folder; give a file name`);
  if (existing && (existing.isCharacterDevice() || existing.isFIFO())) {
    if (!(await writeThrough(path, pieces).catch((e: unknown) => Promise.reject(cannotWrite(target, path, e))))) return;
  } else if (existing && !existing.isFile()) {
    throw usageError(
      `${target}: đây không phải tệp thông thường (thiết bị khối hoặc socket); hãy chọn tên tệp khác`,
      `${target}: this is not a regular file (a block device or a socket); choose another name`,
    );
  } else {
    if (existing && !options.force) throw exists(target);
    const destination = await (existing ? realpath(path) : linkDestination(path)).catch((e: unknown) => Promise.reject(cannotWrite(target, path, e)));
    await replace(target, destination, pieces, options.force);
  }
  ctx.io.stderr.write(say(ctx.lang, `Đã ghi ${target}\n`, `Wrote ${target}\n`));
}

/**
 * Pieces are generated as they are written, and generating stops once stdout fails: a reader that
 * went away (`| head -1`, EPIPE) ends the output quietly; any other failure is the user's to know.
 */
function toStdout(stdout: Output, pieces: Iterable<string | Uint8Array>): void {
  for (const piece of pieces) {
    if (stdout.failed) break;
    stdout.write(piece);
  }
  const failed = stdout.failed;
  if (failed && failed.code !== 'EPIPE') throw cannotWrite('stdout', 'stdout', failed);
}

/** The file into a temporary file beside it, then put in place; the temporary file never outlives the command. */
async function replace(target: string, path: string, pieces: Iterable<string | Uint8Array>, force: boolean): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const forget = removeOnSignal(temp);
  try {
    await writeAll(createWriteStream(temp, { flags: 'wx', highWaterMark: HIGH_WATER_MARK }), pieces);
    if (force) await rename(temp, path);
    else await place(target, temp, path);
  } catch (e) {
    // A failure of the system's (it has a code) is told as such; any other is a bug, reported as one.
    throw e instanceof CliError || code(e) === undefined ? e : cannotWrite(target, path, e, temp);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
    forget();
  }
}

/** Errors of `link` that mean the file system has no hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * The finished temporary file takes the name `path`, which must still be free: checking first and
 * renaming after would replace a file another run wrote in between. Where there are no hard links,
 * the name is claimed by creating it exclusively and then filled with a copy, removed if the copy
 * fails or the command is interrupted.
 */
async function place(target: string, temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
    return;
  } catch (e) {
    if (code(e) === 'EEXIST') throw exists(target);
    if (!NO_HARD_LINKS.has(code(e) ?? '')) throw e;
  }
  const claimed = await open(path, 'wx').catch((e: unknown) => Promise.reject(code(e) === 'EEXIST' ? exists(target) : e));
  await claimed.close();
  const forget = removeOnSignal(path);
  try {
    await copyFile(temp, path);
  } catch (e) {
    await rm(path, { force: true }).catch(() => {});
    throw e;
  } finally {
    forget();
  }
}

/**
 * A device or a pipe, opened neither created nor truncated. False when the pipe's reader went away
 * before the end (EPIPE), which ends the output quietly as on stdout.
 */
async function writeThrough(path: string, pieces: Iterable<string | Uint8Array>): Promise<boolean> {
  const handle = await open(path, constants.O_WRONLY);
  try {
    await writeAll(createWriteStream(path, { fd: handle, highWaterMark: HIGH_WATER_MARK }), pieces);
    return true;
  } catch (e) {
    if (code(e) === 'EPIPE') return false;
    throw e;
  }
}

// Pieces are written while the next ones are made, waiting only when the disk falls this far behind.
const HIGH_WATER_MARK = 8 << 20;

async function writeAll(file: WriteStream, pieces: Iterable<string | Uint8Array>): Promise<void> {
  const failed = once(file, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => {});
  try {
    for (const piece of pieces) if (!file.write(piece)) await Promise.race([once(file, 'drain'), failed]);
    file.end();
    await Promise.race([finished(file), failed]);
  } catch (e) {
    file.destroy();
    throw e;
  }
}

/**
 * Where a new file named `path` is created: where a dangling symbolic link (or a chain of them)
 * points, so that the link stays a link; `path` itself otherwise.
 */
async function linkDestination(path: string): Promise<string> {
  // The kernel's own limit on a chain of links; past it, writing fails with ELOOP as it should.
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(path).catch((e: unknown) => (code(e) === 'ENOENT' ? undefined : Promise.reject(e)));
    if (!info?.isSymbolicLink()) return path;
    path = resolve(await realpath(dirname(path)), await readlink(path));
  }
  return path;
}

function exists(target: string): CliError {
  return usageError(`${target}: tệp đã có; thêm --force để ghi đè`, `${target}: the file exists; add --force to replace it`);
}

/**
 * Why `target` could not be written, in the user's words and with what to do: the name the user
 * gave, never the temporary file's. `path` is where it was to be written (its folder is named).
 */
export function cannotWrite(target: string, path: string, error: unknown, temp?: string): CliError {
  const folder = dirname(path);
  const reason = ((): { vi: string; en: string } => {
    switch (code(error)) {
      case 'ENOENT':
        return { vi: `thư mục ${folder} không tồn tại; hãy tạo thư mục trước, hoặc chọn chỗ khác`, en: `the folder ${folder} does not exist; create it first, or choose another place` };
      case 'ENOTDIR':
        return { vi: `một phần của đường dẫn ${folder} là tệp, không phải thư mục; hãy kiểm tra đường dẫn`, en: `part of the path ${folder} is a file, not a folder; check the path` };
      case 'EACCES':
      case 'EPERM':
        return { vi: `không có quyền ghi vào thư mục ${folder}; hãy chọn thư mục khác, hoặc xin quyền ghi`, en: `no permission to write in the folder ${folder}; choose another folder, or ask for write access` };
      case 'EROFS':
        return { vi: `ổ đĩa chứa ${folder} chỉ cho đọc; hãy ghi vào chỗ khác`, en: `the file system of ${folder} is read-only; write it somewhere else` };
      case 'ENOSPC':
      case 'EDQUOT':
        return { vi: 'ổ đĩa đã đầy (hoặc hết hạn mức dung lượng), chưa ghi được gì; hãy giải phóng chỗ trống rồi chạy lại', en: 'the disk is full (or the quota is used up), and nothing was written; free some space and run again' };
      case 'EISDIR':
        return { vi: 'đây là thư mục; hãy đặt tên tệp', en: 'this is a folder; give a file name' };
      default: {
        const message = error instanceof Error ? error.message : String(error);
        const shown = temp === undefined ? message : message.split(temp).join(target);
        return { vi: shown, en: shown };
      }
    }
  })();
  return new CliError(EXIT.usage, { vi: `${target}: không ghi được: ${reason.vi}`, en: `${target}: cannot be written: ${reason.en}` });
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** The same file whatever the path that names it (symlinks, `./`); the path itself if it does not exist. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
