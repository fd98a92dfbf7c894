import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

/**
 * The survey-based sets scored on their fixtures with --records. Each expected figure is recounted
 * here from the survey file itself, with whole-number arithmetic, not taken from parscore's output.
 */
function survey(path: string, delimiter = ','): string[][] {
  return parse(readFileSync(path), { bom: true, delimiter, relax_column_count: true });
}

/** n/d rounded half up to `places` decimals, as text with a decimal point (n, d ≥ 0 whole numbers). */
function halfUp(n: number, d: number, places: number): string {
  const scaled = Math.floor((2 * n * 10 ** places + d) / (2 * d));
  return (scaled / 10 ** places).toFixed(places).replace(/\.?0+$/, '');
}

interface Item {
  id: string;
  points: number;
  max: number;
  status: string;
  text: string;
  derived?: { n: number; hits?: number; weighted?: { sum: number }; excluded: Array<{ reason: string; count: number }> };
}
interface Unit {
  unit: string;
  points: number;
  max: number;
  index: number | null;
  status: string;
  items: Item[];
}

async function report(args: string[]): Promise<{ units: Unit[] }> {
  const r = await run([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('PAPI-style set', () => {
  const args = ['score', 'criteria/papi-2025.yaml', '--units', 'fixtures/papi-2025/don-vi.csv', '--records', 'khao_sat=fixtures/papi-2025/khao-sat.csv'];

  it('scores a sub-dimension as its max × the weighted mean of the mapped answers', async () => {
    const rows = survey('fixtures/papi-2025/khao-sat.csv');
    const header = rows[0]!;
    const col = header.indexOf('tri_thuc_cong_dan');
    // Hà Nội's answers, weights in ten-thousandths ("0,9101" → 9101), Có = 1, Không = 0,1: in tenths 10 and 1.
    const mine = rows.slice(1).filter((r) => r[1] === 'ha-noi' && r[col] !== '');
    const w = (r: string[]) => Number(r[2]!.replace(',', '.')) * 10000;
    const sumW = mine.reduce((s, r) => s + Math.round(w(r)), 0);
    const sumWX = mine.reduce((s, r) => s + Math.round(w(r)) * (r[col] === 'Có' ? 10 : 1), 0);
    // points = 2,5 × Σwx / Σw = 25 × Σwx(tenths) / (100 × Σw); rounded to 3 places (precision: 3).
    const expected = halfUp(25 * sumWX, 100 * sumW, 3);
    const u = (await report(args)).units.find((x) => x.unit === 'ha-noi')!;
    const item = u.items.find((i) => i.id === '1.1')!;
    expect(String(item.points)).toBe(expected);
    // The JSON shows the sum of weights at the set's precision (3 places).
    expect(item.derived).toMatchObject({ n: mine.length, weighted: { sum: Math.round(sumW / 10) / 1000 } });
    expect(item.text).toContain(`trung bình có trọng số của ${mine.length} phiếu`);
  });

  it('gives each dimension 1–10, the index equal to the 8–80 total, and leaves the tiny sample unranked', async () => {
    const { units } = await report(args);
    for (const u of units.filter((x) => x.status === 'ranked')) {
      expect(u.max).toBe(80);
      expect(u.index).toBe(Math.round(u.points * 100) / 100);
    }
    // Lai Châu has 22 respondents: below min_rows on every sub-dimension, so no data — not 0.
    expect(units.find((u) => u.unit === 'lai-chau')).toMatchObject({ status: 'no_data', index: null });
    expect(units.find((u) => u.unit === 'lai-chau')!.items.every((i) => i.status === 'insufficient_data')).toBe(true);
  });
});

describe('SIPAS-style set', () => {
  const args = ['score', 'criteria/sipas-xa-2025.yaml', '--units', 'fixtures/sipas-xa-2025/don-vi.csv', '--records', 'khao_sat=fixtures/sipas-xa-2025/khao-sat.csv'];

  it('scores a criterion as its max × the share satisfied among those who answered', async () => {
    const rows = survey('fixtures/sipas-xa-2025/khao-sat.csv', ';');
    const col = rows[0]!.indexOf('tc_cho_ngoi');
    const answered = rows.slice(1).filter((r) => r[1] === 'xa-hoa-binh' && r[col] !== '');
    const satisfied = answered.filter((r) => r[col] === 'Hài lòng' || r[col] === 'Rất hài lòng').length;
    const u = (await report(args)).units.find((x) => x.unit === 'xa-hoa-binh')!;
    const item = u.items.find((i) => i.id === '1.1')!;
    // 5 × satisfied/answered, to 4 places (precision: 4).
    expect(String(item.points)).toBe(halfUp(5 * satisfied, answered.length, 4));
    expect(item.text).toContain(`(${satisfied}/${answered.length} phiếu;`);
  });
});

describe('DTI-style set', () => {
  it('publishes the index on 0–1 with 4 decimals, and leaves out survey leaves of a province without enough answers', async () => {
    const { units } = await report([
      'score',
      'criteria/dti-tinh-2025.yaml',
      'fixtures/dti-tinh-2025/minh-chung.csv',
      '--units',
      'fixtures/dti-tinh-2025/don-vi.csv',
      '--records',
      'khao_sat=fixtures/dti-tinh-2025/khao-sat.csv',
    ]);
    for (const u of units) expect(u.index).toBe(Math.round((u.points / u.max) * 10000) / 10000);
    // Lai Châu's 16 respondents are too few: its five survey leaves (80 + 4 × 50 = 280 points) are
    // out of its max, which is 1.000 − 280 = 720.
    const laiChau = units.find((u) => u.unit === 'lai-chau')!;
    expect(laiChau.items.filter((i) => i.status === 'insufficient_data').map((i) => i.id)).toEqual(['1.3.3', '2.3.1', '3.2.1', '3.2.2', '3.3.1']);
    expect(laiChau.max).toBe(720);
  });

  it('checks the inputs of all three sets with no problem', async () => {
    for (const [criteria, records, evidence] of [
      ['papi-2025', 'fixtures/papi-2025/khao-sat.csv', []],
      ['sipas-xa-2025', 'fixtures/sipas-xa-2025/khao-sat.csv', []],
      ['dti-tinh-2025', 'fixtures/dti-tinh-2025/khao-sat.csv', ['fixtures/dti-tinh-2025/minh-chung.csv']],
    ] as const) {
      const r = await run(['check', `criteria/${criteria}.yaml`, ...evidence, '--units', `fixtures/${criteria}/don-vi.csv`, '--records', `khao_sat=${records}`]);
      expect(r.stdout, criteria).toContain('✔');
      expect(r.code).toBe(0);
    }
  });
});
