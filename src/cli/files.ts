import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Io } from './io.js';
import { systemReason, UnreadableInput } from '../evidence/tables/table.js';
import { removeOnSignal } from './cleanup.js';
import { CliError, unreadable } from './errors.js';
import type { SizeLimit } from './limits.js';

/**
 * Reads a text input whole, refusing what is not a file or larger than the limit, so that a
 * mistaken path or a huge file gives one clear line instead of an out-of-memory crash. A pipe
 * (`<(cat tieu-chi.yaml)`, /dev/stdin) is read as it comes, up to the same limit.
 */
export async function readInput(io: Io, file: string, limit: SizeLimit): Promise<Buffer> {
  const path = resolve(io.cwd, file);
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (isPipe(s)) {
      const bytes = await readPipe(pipeSource(path, s), file, limit);
      remember(io, path, createHash('sha256').update(bytes).digest('hex'));
      return bytes;
    }
    if (s.size > limit.bytes) throw tooLarge(file, { vi: `tệp lớn ${mb(s.size)}`, en: `the file is ${mb(s.size)}` }, limit);
    return await readFile(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(file, systemReason(e));
  }
}

async function readPipe(source: Readable, file: string, limit: SizeLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit.bytes) throw tooLarge(file, { vi: 'dữ liệu đọc được', en: 'what it gives' }, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(file: string, size: { vi: string; en: string }, limit: SizeLimit): CliError {
  return unreadable(file, {
    vi: `${size.vi} vượt giới hạn ${mb(limit.bytes)} (đặt ${limit.variable} để nâng giới hạn)`,
    en: `${size.en} is over the limit of ${mb(limit.bytes)} (set ${limit.variable} to raise it)`,
  });
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Copies of the inputs that can be read only once, from the start: a pipe (`<(cat minh-chung.csv)`,
 * /dev/stdin, a named pipe) or a device. The table readers need to read again from an offset (CSV)
 * or anywhere in the file (XLSX), so such an input is first copied whole into the temporary folder
 * and the copy is read, under the name the user gave. The copies are removed when reading is done,
 * and on SIGINT, SIGTERM or SIGHUP; the SHA-256 of what was copied is kept for the manifest.
 */
export class Spools {
  private readonly copies = new Map<string, { spool: string; forget: () => void }>();

  constructor(private readonly io: Io) {}

  /** Copies each of `files` that is not a regular file (missing files are left to the readers to report). */
  async copy(files: ReadonlyArray<string | undefined>): Promise<void> {
    for (const file of files) {
      if (file === undefined) continue;
      const path = resolve(this.io.cwd, file);
      const s = await stat(path).catch(() => undefined);
      if (this.copies.has(path) || s === undefined || !isPipe(s)) continue;
      const spool = join(tmpdir(), `parscore-${randomBytes(6).toString('hex')}.tmp`);
      this.copies.set(path, { spool, forget: removeOnSignal(spool) });
      remember(this.io, path, await copyOut(pipeSource(path, s), spool, file));
    }
  }

  /** Where to read `file`: its copy, or the file itself. */
  path(file: string): string {
    const path = resolve(this.io.cwd, file);
    return this.copies.get(path)?.spool ?? path;
  }

  async remove(): Promise<void> {
    for (const { spool, forget } of this.copies.values()) {
      await rm(spool, { force: true }).catch(() => {});
      forget();
    }
    this.copies.clear();
  }
}

/** Reads one input with `read`, through a copy if it is a pipe. */
export async function readSpooled<T>(io: Io, file: string, read: (path: string) => Promise<T>): Promise<T> {
  const spools = new Spools(io);
  try {
    await spools.copy([file]);
    return await read(spools.path(file));
  } finally {
    await spools.remove();
  }
}

/** Copies what `source` gives into `spool`, returning its SHA-256. */
async function copyOut(source: Readable, spool: string, file: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(spool, { flags: 'wx', mode: 0o600 });
  let writeError: unknown;
  out.once('error', (e) => (writeError = e));
  try {
    await pipeline(
      source,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      },
      out,
    );
  } catch (e) {
    if (e !== writeError) throw new UnreadableInput(file, systemReason(e));
    const full = (e as NodeJS.ErrnoException).code === 'ENOSPC' || (e as NodeJS.ErrnoException).code === 'EDQUOT';
    throw new UnreadableInput(
      file,
      full
        ? {
            vi: `không còn chỗ trong thư mục tạm ${tmpdir()} để chép dữ liệu đọc từ đường ống; hãy giải phóng chỗ trống, hoặc đặt TMPDIR sang ổ đĩa khác`,
            en: `no space left in the temporary folder ${tmpdir()} for a copy of what the pipe gives; free some space, or set TMPDIR to another disk`,
          }
        : {
            vi: `không chép được vào thư mục tạm ${tmpdir()}: ${(e as Error).message}`,
            en: `cannot copy it into the temporary folder ${tmpdir()}: ${(e as Error).message}`,
          },
    );
  }
  return hash.digest('hex');
}

/** Not a file that can be read twice or from an offset. */
function isPipe(s: Stats): boolean {
  return s.isFIFO() || s.isCharacterDevice() || s.isSocket();
}

/**
 * The bytes a pipe gives. /dev/stdin or /dev/fd/N naming a socket (what a parent process such as
 * Node's child_process gives as stdin) cannot be opened by its path, only read through the
 * descriptor itself.
 */
function pipeSource(path: string, s: Stats): Readable {
  const fd = !s.isSocket() ? undefined : path === '/dev/stdin' ? '0' : /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
  return fd === undefined ? createReadStream(path, { highWaterMark: 1 << 20 }) : createReadStream('', { fd: Number(fd), highWaterMark: 1 << 20, autoClose: false });
}

// What was read from pipes, which cannot be read again to hash them, by the run (its Io) and path.
const pipeDigests = new WeakMap<Io, Map<string, string>>();

function remember(io: Io, path: string, sha256: string): void {
  const digests = pipeDigests.get(io) ?? new Map<string, string>();
  pipeDigests.set(io, digests);
  digests.set(path, sha256);
}

/** The SHA-256 of what `file` gave, when it was a pipe read in this run; the manifest cannot read it again. */
export function pipeDigest(io: Io, file: string): string | undefined {
  return pipeDigests.get(io)?.get(resolve(io.cwd, file));
}
