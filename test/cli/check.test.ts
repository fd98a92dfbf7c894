import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const f = (name: string) => `test/evidence/fixtures/${name}`;
const criteria = f('tieu-chi.yaml');

type Json = Array<{ file: string; row?: number; column?: string; code: string; severity: string; unit?: string; message: string }>;

async function check(args: string[]): Promise<{ code: number; problems: Json; stderr: string }> {
  const r = await run(['check', criteria, ...args, '--format', 'json', '--lang', 'en']);
  return { code: r.code, problems: r.stdout ? (JSON.parse(r.stdout) as Json) : [], stderr: r.stderr };
}

const at = (p: Json[number]) => `${p.code} ${p.file.replace('test/evidence/fixtures/', '')} ${p.column ?? ''}${p.row ?? ''}`;

describe('parscore check', () => {
  it('reads the clean fixtures without a problem beyond missing evidence', async () => {
    const r = await check([f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv')]);
    expect(r.stderr).toBe('');
    // Both files together: xa-an-binh gives 1.1–2.4 except none (2.5 is for wards only);
    // xa-tan-lap gives 1.1, 1.2, 1.4, 2.2; phuong-1 gives 1.1, 1.2, 1.4 and 2.5 (its 2.2 cell is empty: no evidence).
    expect(r.problems.map((p) => [p.code, p.unit, p.message])).toEqual([
      ['no-evidence', 'xa-tan-lap', 'Unit xa-tan-lap has no evidence for 4 criteria: 1.3, 2.1, 2.3, 2.4.'],
      ['no-evidence', 'phuong-1', 'Unit phuong-1 has no evidence for 5 criteria: 1.3, 2.1, 2.2, 2.3, 2.4.'],
    ]);
    expect(r.code).toBe(0);
  });

  it('reports every kind of evidence problem once, at its exact place', async () => {
    const r = await check([f('loi.csv'), '--units', f('don-vi-loi.csv'), '--self', f('tu-cham.csv'), '--adjust', f('dieu-chinh.csv')]);
    expect(r.code).toBe(1);
    expect(r.problems.map(at).sort()).toEqual(
      [
        // don-vi-loi.csv: row 5 has no group, row 6 an undeclared group, row 7 repeats row 2.
        'unit-without-group don-vi-loi.csv C5',
        'unit-unknown-group don-vi-loi.csv C6',
        'duplicate-unit don-vi-loi.csv A7',
        // loi.csv, one row per mistake (the value column is C).
        'value-type loi.csv C2', // "53,41" where a date is due
        'percent-above-100 loi.csv C3', // 120%
        'negative-value loi.csv C4', // a count of −1
        'conflicting-values loi.csv C6', // 96,5% after 95% on row 5
        'unknown-unit loi.csv A7', // xa-an-bihn
        'unknown-indicator loi.csv B8', // cong_kai
        'unknown-level loi.csv C9', // Phó chủ tịch
        'not-optional loi.csv C11', // KAD for a leaf that is not optional
        'number-format loi.csv C12', // 1.5 in the Vietnamese notation
        'ratio-zero-denominator loi.csv C13', // 5/0
        'not-a-count loi.csv C14', // 1,5 reports
        'manual-without-note loi.csv C15', // 0,5 of 1 with no note
        'value-type loi.csv C16', // 30/02/2025
        'percent-looks-like-fraction loi.csv C17', // 0,95
        // Missing evidence, one warning per unit (no place: it is about what is absent).
        'no-evidence loi.csv ',
        'no-evidence loi.csv ',
        'no-evidence loi.csv ',
        // tu-cham.csv
        'self-out-of-range tu-cham.csv C3', // 2,5 of a max of 2
        'unknown-item tu-cham.csv B4', // 9.9
        'node-item tu-cham.csv B5', // "1" has sub-criteria
        'conflicting-rows tu-cham.csv C6', // 1.1 again
        // dieu-chinh.csv
        'override-without-reason dieu-chinh.csv D2',
        'override-out-of-range dieu-chinh.csv C3', // 1,5 of a max of 1
      ]
        .map((s) => (s.startsWith('no-evidence') ? 'no-evidence  ' : s))
        .sort(),
    );
  });

  it('names the missing leaves per unit, worked out from what each unit gave', async () => {
    const r = await check([f('loi.csv'), '--units', f('don-vi-loi.csv')]);
    const missing = Object.fromEntries(r.problems.filter((p) => p.code === 'no-evidence').map((p) => [p.unit, p.message.split(': ')[1]]));
    // xa-an-binh gave 1.1, 1.2, 1.3, 2.1 (all unreadable, but given); 2.5 is for wards only.
    // xa-tan-lap gave 1.2, 1.3, 1.4, 2.1, 2.2, 2.4 (row 8 names an unknown indicator).
    // phuong-1 gave 1.1, 1.2 and 2.4.
    expect(missing).toEqual({
      'xa-an-binh': '1.4, 2.2, 2.3, 2.4.',
      'xa-tan-lap': '1.1, 2.3.',
      'phuong-1': '1.3, 1.4, 2.1, 2.2, 2.3, 2.5.',
    });
  });

  it('says what is wrong in words, with suggestions', async () => {
    const r = await check([f('loi.csv'), '--units', f('don-vi-loi.csv')]);
    const message = (code: string) => r.problems.find((p) => p.code === code)!.message;
    expect(message('unknown-unit')).toBe('Unit "xa-an-bihn" is not in the units file (1 row). Did you mean "xa-an-binh"?');
    expect(message('unknown-indicator')).toBe('No criterion reads indicator "cong_kai" (1 row). Did you mean "cong_khai"?');
    expect(message('conflicting-values')).toBe(
      'Indicator "dung_han" is given twice with different values: "96,5%" here and "95%" before; keep the right one. (see test/evidence/fixtures/loi.csv, row 5, column C)',
    );
    expect(message('number-format')).toBe('1.2: "1.5" is not a number in the Vietnamese notation (1.234,5) of this criteria set; write "1,5".');
    expect(message('value-type')).toBe('1.1: "53,41" is not a date (dd/mm/yyyy).');
    expect(message('unit-unknown-group')).toBe('Unit xa-cu: group "huyen" is not declared in the criteria. Groups: xa, phuong.');
  });

  it('groups the text output by unit, or by file', async () => {
    const byUnit = await run(['check', criteria, f('loi.csv'), '--units', f('don-vi-loi.csv')]);
    expect(byUnit.stdout).toContain('Đơn vị xa-an-binh (Xã An Bình)');
    expect(byUnit.stdout).toMatch(/Chung\n.*unknown-unit/);
    expect(byUnit.stdout).toContain('test/evidence/fixtures/loi.csv, dòng 2, cột C');
    const byFile = await run(['check', criteria, f('loi.csv'), '--units', f('don-vi-loi.csv'), '--by', 'file']);
    expect(byFile.stdout).toMatch(/^test\/evidence\/fixtures\/loi\.csv\n {2}dòng 2, cột C/m);
  });

  it('exits 2 with one line, naming the file, for a file it cannot read', async () => {
    const r = await run(['check', criteria, f('khong-co.csv'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('test/evidence/fixtures/khong-co.csv: cannot be read: no such file; check the name and folder\n');
  });

  it.each([
    ['truncated.xlsx', 'the file is truncated or damaged'],
    ['junk.csv', 'not UTF-8 text'],
    ['empty.csv', 'the file is empty'],
    ['empty.xlsx', 'the file is empty'],
  ])('refuses %s with exit 2 and one line naming the file', async (name, words) => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-bad-'));
    const path = join(dir, name);
    if (name === 'truncated.xlsx') {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('Xã').addRows([['unit', 'ke_hoach'], ...Array.from({ length: 500 }, (_, i) => [`xa-${i}`, '20/07/2025'])]);
      await book.xlsx.writeFile(path);
      const whole = readFileSync(path);
      writeFileSync(path, whole.subarray(0, whole.length >> 1));
    } else if (name === 'junk.csv') {
      // Deterministic bytes that are not text.
      writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 251)));
    } else writeFileSync(path, '');
    const r = await run(['check', join(process.cwd(), criteria), name, '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name.replace('.', '\\.')}: cannot be read: `));
    expect(lines[0]).toContain(words);
  });
});
