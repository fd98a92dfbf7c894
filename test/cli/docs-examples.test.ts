import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../helpers/cli.js';

/**
 * The worked example of docs/criteria.md: classifying communes by population (thresholds for
 * ordinary, mountain and border communes), natural area, budget and new-rural status. The figures
 * asserted here are worked out by hand beside each.
 */
const criteria = 'docs/examples/phan-loai-xa.yaml';
const evidence = 'docs/examples/phan-loai-xa.minh-chung.csv';
const units = 'docs/examples/phan-loai-xa.don-vi.csv';

describe('docs/examples/phan-loai-xa.yaml', () => {
  it('is valid: no error, no warning', async () => {
    const r = await run(['validate', criteria, '--format', 'json', '--strict']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('passes every one of its embedded tests', async () => {
    const tests = (parse(readFileSync(criteria, 'utf8')) as { tests: unknown[] }).tests;
    expect(tests.length).toBeGreaterThanOrEqual(6);
    const r = await run(['test', criteria]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^ {2}✔ /gm)).toHaveLength(tests.length);
    expect(r.stdout).not.toMatch(/^ {2}✖ /m);
    expect(r.stdout).toContain(`✔ ${tests.length} ví dụ đạt, 0 không đạt`);
  });

  it('classifies the four communes of its units and evidence files', async () => {
    const r = await run(['score', criteria, evidence, '--units', units, '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(';'));
    const col = (name: string) => header!.indexOf(name);
    const byUnit = new Map(rows.map((row) => [row[col('Mã đơn vị')], row]));
    const pick = (unit: string, names: string[]) => names.map((n) => byUnit.get(unit)![col(n)]);
    const fields = ['Hạng', 'Điểm', 'Chỉ số', 'Xếp loại', '1 Quy mô dân số', '2 Diện tích tự nhiên', '3 Thu, chi ngân sách', '4 Xây dựng nông thôn mới'];
    // Ordinary: 8.240 people → (8.240 − 3.500) / 100 = 47 steps → 10 + 23,5 = 33,5; 24,6 km² → 29
    // steps of 0,5 → 24,5; not balanced, 62% → 6 steps of 5 → 3 + 3 = 6; new-rural standard → 20.
    expect(pick('xa-an-phu', fields)).toEqual(['1', '84,00', '84,00', 'Loại I', '33,50', '24,50', '6,00', '20,00']);
    // Border (and mountainous; the border case comes first): (1.860 − 1.050) / 30 = 27 steps →
    // 23,5; 46,3 km² → 10 + 36 = 46, held to the max 35; 15% → 3; 9 criteria → 9.
    expect(pick('xa-bien-thuy', fields)).toEqual(['2', '70,50', '70,50', 'Loại II', '23,50', '35,00', '3,00', '9,00']);
    // Mountain: (4.100 − 2.625) / 75 = 19,67 → 19 whole steps → 19,5 (an ordinary commune: 13);
    // 31,75 km² → 43 steps → 31,5; 28% → 3; 12 criteria → 12.
    expect(pick('xa-cao-son', fields)).toEqual(['3', '66,00', '66,00', 'Loại II', '19,50', '31,50', '3,00', '12,00']);
    // Ordinary: 4.320 → 8 steps → 14; 18,2 km² → 16 steps → 18; 41,5% → 2 steps → 4; 11 criteria → 11.
    expect(pick('xa-tan-hoa', fields)).toEqual(['4', '47,00', '47,00', 'Loại III', '14,00', '18,00', '4,00', '11,00']);
  });

  it('explains which threshold a mountain commune got, and why', async () => {
    const r = await run(['explain', criteria, evidence, '--units', units, '--unit', 'xa-cao-son']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trường hợp 1: Xã có đường biên giới quốc gia trên đất liền: không đúng (không; docs/examples/phan-loai-xa.don-vi.csv, dòng 3)');
    expect(r.stdout).toContain('trường hợp 2: Xã miền núi, vùng cao: đúng (có; docs/examples/phan-loai-xa.don-vi.csv, dòng 3) → theo trường hợp 2: 4.100: vượt mốc 2.625 19 bước 75');
    expect(r.stdout).toContain('Tổng: 19,50 + 31,50 + 3,00 + 12,00 = 66,00/100,00');
  });
});
