import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const f = (name: string) => `test/evidence/fixtures/${name}`;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A named pipe that gives the bytes of `file` once, to the first reader, as `cat file > pipe` would. */
function pipeOf(dir: string, name: string, file: string): { path: string; written: Promise<void> } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return { path, written: writeFile(path, readFileSync(file)) };
}

type Unit = { unit: string; points: number; max: number; index: number; rank: number };
const figures = (stdout: string) => (JSON.parse(stdout).units as Unit[]).map((u) => [u.unit, u.points, u.max, u.index, u.rank]);

// The copies of piped inputs go to the temporary folder: a folder of this test's own, to see them gone.
const TMP = tmpdir();
let spools: string;
let saved: string | undefined;
beforeAll(() => {
  saved = process.env['TMPDIR'];
  spools = mkdtempSync(join(TMP, 'parscore-spools-'));
  process.env['TMPDIR'] = spools;
});
afterAll(() => {
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
});

describe('inputs from pipes', () => {
  it('scores criteria, evidence and units read from named pipes as from the files, and hashes what was read', async () => {
    const dir = mkdtempSync(join(TMP, 'parscore-pipes-'));
    const criteria = pipeOf(dir, 'tieu-chi.yaml', f('tieu-chi.yaml'));
    const evidence = pipeOf(dir, 'minh-chung.csv', f('bom-crlf-champhay.csv'));
    const units = pipeOf(dir, 'don-vi.csv', f('don-vi.csv'));
    const [r] = await Promise.all([
      run(['score', criteria.path, evidence.path, f('utf16-tab.csv'), '--units', units.path, '--format', 'json']),
      criteria.written,
      evidence.written,
      units.written,
    ]);
    expect(r.code, r.stderr).toBe(0);
    // By hand in score.test.ts: xa-an-binh 8,13 of 9 → 90,33; xa-tan-lap 3 of 10 → 30; phuong-1 4 of 11 → 36,36.
    expect(figures(r.stdout)).toEqual([
      ['xa-an-binh', 8.13, 9, 90.33, 1],
      ['xa-tan-lap', 3, 10, 30, 2],
      ['phuong-1', 4, 11, 36.36, 1],
    ]);
    const report = JSON.parse(r.stdout);
    // The names given are the ones shown; the hashes are those of the bytes that went through the pipes.
    const shown = (path: string) => relative(process.cwd(), path);
    expect(report.manifest.criteria).toMatchObject({ file: shown(criteria.path), sha256: sha(readFileSync(f('tieu-chi.yaml'))) });
    expect(report.manifest.inputs).toContainEqual({ role: 'evidence', file: shown(evidence.path), sha256: sha(readFileSync(f('bom-crlf-champhay.csv'))) });
    expect(report.manifest.inputs).toContainEqual({ role: 'units', file: shown(units.path), sha256: sha(readFileSync(f('don-vi.csv'))) });
    const rate = report.units[0].items.find((i: { id: string }) => i.id === '2.1');
    expect(rate.evidence).toEqual([{ file: evidence.path, row: 4, column: 'C' }]);
    expect(readdirSync(spools)).toEqual([]);
  });

  it('reads a workbook from a pipe, which needs to be read out of order', async () => {
    const dir = mkdtempSync(join(TMP, 'parscore-pipes-'));
    const S = 'fixtures/par-so-2025';
    const args = (workbook: string) => ['score', 'criteria/par-so-2025.yaml', workbook, `${S}/dieu-tra-xhh.csv`, '--units', `${S}/don-vi.csv`, '--records', `ho_so=${S}/ho-so.xlsx`, '--format', 'json'];
    const workbook = pipeOf(dir, 'minh-chung.xlsx', `${S}/minh-chung.xlsx`);
    const [piped] = await Promise.all([run(args(workbook.path)), workbook.written]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(figures(piped.stdout)).toEqual(figures((await run(args(`${S}/minh-chung.xlsx`))).stdout));
    expect(readdirSync(spools)).toEqual([]);
  });

  it('reads a published ranking table for recheck --against from a pipe', async () => {
    const dir = mkdtempSync(join(TMP, 'parscore-pipes-'));
    const A = 'test/audit/fixtures';
    const recheck = ['recheck', `${A}/tieu-chi-2025.yaml`, `${A}/minh-chung-2025.csv`, '--units', `${A}/don-vi-2025.csv`, '--self', `${A}/tu-cham-2025.csv`, '--adjust', `${A}/dieu-chinh-2025.csv`];
    const table = pipeOf(dir, 'cong-bo-2025.csv', `${A}/cong-bo-2025.csv`);
    const [piped] = await Promise.all([run([...recheck, '--against', table.path, '--format', 'json']), table.written]);
    const direct = await run([...recheck, '--against', `${A}/cong-bo-2025.csv`, '--format', 'json']);
    // The same differences (audit.test.ts: three, exit 1), cited in the pipe's name.
    expect(piped.code).toBe(1);
    expect(piped.stdout).toBe(direct.stdout.replaceAll(`${A}/cong-bo-2025.csv`, table.path));
    expect(readdirSync(spools)).toEqual([]);
  });
});

describe('size limits', () => {
  it('names the variable that raises the limit of what was read', async () => {
    const dir = mkdtempSync(join(TMP, 'parscore-limits-'));
    const report = join(dir, 'ket-qua.json');
    expect((await run(['score', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), '--units', f('don-vi.csv'), '--format', 'json', '-o', report])).code).toBe(0);
    // 0,001 MB = 1 048,576 bytes ≈ 1 KB: smaller than the report and the criteria file.
    const env = { PARSCORE_MAX_REPORT_MB: '0.001', PARSCORE_MAX_CRITERIA_MB: '0.001' };
    const compared = await run(['compare', report, report, '--lang', 'en'], { env });
    expect(compared.code).toBe(2);
    expect(compared.stderr).toContain(`${report}: cannot read the file: the file is `);
    expect(compared.stderr).toContain('over the limit of 1.0 KB (set PARSCORE_MAX_REPORT_MB to raise it)');
    expect(compared.stderr).not.toContain('PARSCORE_MAX_CRITERIA_MB');
    const validated = await run(['validate', f('tieu-chi.yaml'), '--lang', 'en'], { env });
    expect(validated.stderr).toContain('(set PARSCORE_MAX_CRITERIA_MB to raise it)');
    // Through a pipe the size is not known beforehand: reading stops at the limit.
    const piped = pipeOf(dir, 'tieu-chi.yaml', f('tieu-chi.yaml'));
    const [fromPipe] = await Promise.all([run(['validate', piped.path, '--lang', 'en'], { env }), piped.written.catch(() => {})]);
    expect(fromPipe.code).toBe(2);
    expect(fromPipe.stderr).toContain(`${piped.path}: cannot read the file: what it gives is over the limit of 1.0 KB (set PARSCORE_MAX_CRITERIA_MB to raise it)`);
  });
});
