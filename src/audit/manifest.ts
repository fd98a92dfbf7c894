import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Manifest } from '../core/report.js';
import { VERSION } from '../version.js';

/**
 * What a published result was computed from, so anyone can re-run it: the engine version, the
 * criteria and every input file with its SHA-256, and the options that change the numbers. Paths
 * are relative to the working directory with "/" separators and inputs are sorted, so the manifest
 * is the same whatever order the files were given in and on whichever machine. A file that cannot
 * be read again (a pipe) comes with the SHA-256 of what was read from it.
 */
export async function buildManifest(args: {
  cwd: string;
  criteria: { id: string; file: string; sha256?: string | undefined };
  inputs: Array<{ role: string; file: string; sha256?: string | undefined }>;
  locale: string;
  precision: number;
  options: Manifest['options'];
}): Promise<Manifest> {
  const entry = async (i: { file: string; sha256?: string | undefined }) => ({
    file: shownPath(args.cwd, i.file),
    sha256: i.sha256 ?? (await sha256(resolve(args.cwd, i.file))),
  });
  const inputs = await Promise.all(args.inputs.map(async (i) => ({ role: i.role, ...(await entry(i)) })));
  inputs.sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    engine: `parscore ${VERSION}`,
    criteria: { id: args.criteria.id, ...(await entry(args.criteria)) },
    inputs,
    locale: args.locale,
    precision: args.precision,
    options: args.options,
  };
}

export function sha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    // 1 MB reads: a national run hashes 450 MB of inputs, and 64 KB reads left the thread idle between them.
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel.split(sep).join('/');
}
