import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

/** Built-in criteria sets named by id, listed by `parscore criteria`, copied by `parscore init`. */
const REPO = resolve(import.meta.dirname, '../..');
const elsewhere = () => mkdtempSync(join(tmpdir(), 'parscore-builtin-'));
const demo = (name: string) => join(REPO, 'fixtures', 'par-xa-2025', name);

describe('parscore criteria', () => {
  it('lists the five built-in sets with their titles and files, in id order', async () => {
    const r = await run(['criteria', '--format', 'json'], { cwd: elsewhere() });
    expect(r.code).toBe(0);
    const sets = JSON.parse(r.stdout) as Array<{ id: string; title: string; year: number; file: string }>;
    expect(sets.map((s) => [s.id, s.year, s.file])).toEqual(
      ['dti-tinh-2025', 'papi-2025', 'par-so-2025', 'par-xa-2025', 'sipas-xa-2025'].map((id) => [id, 2025, join(REPO, 'criteria', `${id}.yaml`)]),
    );
    expect(sets[3]!.title).toBe('Bộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025');
  });

  it('is also parscore criteria list, as the design names it', async () => {
    const cwd = elsewhere();
    const bare = await run(['criteria', '--format', 'json'], { cwd });
    const list = await run(['criteria', 'list', '--format', 'json'], { cwd });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(bare.stdout);
  });

  it('says a word that is none of its subcommands is an unknown command, with the nearest', async () => {
    const r = await run(['criteria', 'anex', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("unknown command 'criteria anex' (did you mean annex?). See parscore criteria --help.\n");
  });

  it('shows files inside the current folder by their relative path', async () => {
    const r = await run(['criteria'], { cwd: REPO });
    expect(r.stdout).toContain('par-xa-2025    Bộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025\n               criteria/par-xa-2025.yaml\n');
  });
});

describe('a built-in set named by its id', () => {
  it('scores from another folder exactly as the file does', async () => {
    const args = [demo('minh-chung.csv'), demo('dieu-tra-xhh.csv'), '--units', demo('don-vi.csv'), '--records', `ho_so=${demo('ho-so.csv')}`, '--format', 'csv'];
    const byId = await run(['score', 'par-xa-2025', ...args], { cwd: elsewhere() });
    const byFile = await run(['score', join(REPO, 'criteria', 'par-xa-2025.yaml'), ...args], { cwd: elsewhere() });
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(byFile.stdout);
  });

  it('validates, tests and diffs by id', async () => {
    const cwd = elsewhere();
    expect((await run(['validate', 'par-so-2025', 'papi-2025'], { cwd })).code).toBe(0);
    expect((await run(['test', 'sipas-xa-2025'], { cwd })).code).toBe(0);
    const diff = await run(['diff-criteria', 'par-xa-2025', 'par-xa-2025'], { cwd });
    expect(diff.code).toBe(0);
  });

  it('gives way to a file of that name in the current folder, and never takes a path for an id', async () => {
    const cwd = elsewhere();
    writeFileSync(join(cwd, 'par-xa-2025'), 'id: [broken\n');
    // The file is read (and is broken YAML: exit 1), not the built-in set.
    expect((await run(['validate', 'par-xa-2025'], { cwd })).code).toBe(1);
    // A name with a folder or an extension is a path: missing, so unreadable (exit 2).
    const missing = await run(['validate', 'par-xa-2025.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('par-xa-2025.yaml');
  });
});

describe('parscore init', () => {
  it('writes an editable copy that validates where it is written and passes its embedded tests', async () => {
    const cwd = elsewhere();
    const r = await run(['init', 'par-xa-2025', '-o', 'bo-tieu-chi.yaml'], { cwd });
    expect(r.code).toBe(0);
    const copy = readFileSync(join(cwd, 'bo-tieu-chi.yaml'), 'utf8');
    const original = readFileSync(join(REPO, 'criteria', 'par-xa-2025.yaml'), 'utf8');
    // Two comment lines on top; the schema line points at the installed schema; the rest as is.
    expect(copy.split('\n').slice(0, 2).every((l) => l.startsWith('# '))).toBe(true);
    expect(copy).toContain(`# yaml-language-server: $schema=file://${join(REPO, 'schema', 'criteria.schema.json')}\n`);
    expect(copy.slice(copy.indexOf('\nid: '))).toBe(original.slice(original.indexOf('\nid: ')));
    expect((await run(['validate', 'bo-tieu-chi.yaml', '--strict'], { cwd })).code).toBe(0);
    expect((await run(['test', 'bo-tieu-chi.yaml'], { cwd })).code).toBe(0);
  });

  it('never replaces a file without --force, and names the nearest id for a wrong one', async () => {
    const cwd = elsewhere();
    writeFileSync(join(cwd, 'bo-tieu-chi.yaml'), 'mine\n');
    expect((await run(['init', 'par-xa-2025', '-o', 'bo-tieu-chi.yaml'], { cwd })).code).toBe(2);
    expect(readFileSync(join(cwd, 'bo-tieu-chi.yaml'), 'utf8')).toBe('mine\n');
    const wrong = await run(['init', 'par-xa-2024', '--lang', 'en'], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('no built-in criteria set "par-xa-2024"; did you mean "par-xa-2025"? The built-in sets: dti-tinh-2025, papi-2025, par-so-2025, par-xa-2025, sipas-xa-2025\n');
  });
});
