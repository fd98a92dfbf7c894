import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Argument } from 'commander';
import { parse } from 'yaml';

/**
 * The criteria sets that ship with parscore, in the package's `criteria/` folder (beside `dist/`
 * once installed, beside `src/` in a clone). Every command that takes a criteria file also takes a
 * built-in set's id, from any folder: `parscore score par-xa-2025 …`.
 */
export const BUILTIN_DIR = fileURLToPath(new URL('../../criteria/', import.meta.url));

export interface BuiltinSet {
  id: string;
  title: string;
  year?: number;
  /** The file's absolute path. */
  file: string;
}

/**
 * The built-in sets, by id: a set's id is its file's name (a test holds each file's `id:` to it).
 * Title and year are taken from the parsed file, not validated: the test suite validates the sets.
 */
export function builtinSets(): BuiltinSet[] {
  const names = existsSync(BUILTIN_DIR) ? readdirSync(BUILTIN_DIR).filter((f) => f.endsWith('.yaml')).sort() : [];
  return names.map((name) => {
    const file = join(BUILTIN_DIR, name);
    const head = parse(readFileSync(file, 'utf8')) as { title?: unknown; year?: unknown };
    return {
      id: name.replace(/\.yaml$/, ''),
      title: typeof head.title === 'string' ? head.title : '',
      ...(typeof head.year === 'number' ? { year: head.year } : {}),
      file,
    };
  });
}

/**
 * What a criteria argument names: a file that exists (relative to `cwd`) is that file, whatever its
 * name; otherwise a built-in set's id (its file's name, without `.yaml`) is its file; anything else
 * is left as written, so reading it reports it missing. A path is never taken for an id: an id has
 * no folder and no extension.
 */
export function criteriaPath(arg: string, cwd: string): string {
  if (existsSync(resolve(cwd, arg)) || !/^[a-z0-9-]+$/.test(arg)) return arg;
  const file = join(BUILTIN_DIR, `${arg}.yaml`);
  return existsSync(file) ? file : arg;
}

/** A command's criteria argument, read as a file or a built-in set's id. */
export function criteriaArgument(cwd: string, name: string, description: string): Argument {
  return new Argument(name, description).argParser((value: string) => criteriaPath(value, cwd));
}
