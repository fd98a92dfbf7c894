import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../src/core/inputs.js';
import { loadCriteriaBytes } from '../../../src/criteria/index.js';
import { EvidenceCollector } from '../../../src/evidence/collect.js';
import { readRecords } from '../../../src/evidence/records/records.js';
import { roundedRatio, type SampleTable } from '../../../src/evidence/records/samples.js';

/**
 * The rows kept for redrawing: each unit's rows, and the value an indicator takes over any
 * multiset of them, worked out by hand.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-samples-'));
const UNITS: Unit[] = ['xa-a', 'xa-b'].map((id) => ({ id, name: id, group: 'xa', previous: [] }));

const CRITERIA = `format: parscore/criteria@1
id: thu-mau
title: Thử mẫu
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Khảo sát
    children:
      - { id: "1.1", title: Hài lòng, max: 1, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }
      - { id: "1.2", title: Trực tuyến, max: 1, indicator: truc_tuyen, rule: { kind: proportional } }
      - { id: "1.3", title: Số phiếu, max: 1, indicator: so_phieu, rule: { kind: bands, of: number, bands: [{ min: 1, points: 1 }] } }
indicators:
  hai_long: { from: khao_sat, weight_column: trong_so, mean: { column: cau_1, map: { Hài lòng: 1, Bình thường: 0.6, Không hài lòng: 0 } } }
  truc_tuyen: { from: khao_sat, share: { column: kenh, values: [Trực tuyến] } }
  so_phieu: { from: khao_sat, count: {} }
`;

async function tables(csv: string): Promise<SampleTable[]> {
  const { criteria } = loadCriteriaBytes(Buffer.from(CRITERIA), 'tieu-chi.yaml');
  writeFileSync(join(dir, 'khao-sat.csv'), csv);
  const collector = new EvidenceCollector(criteria!, UNITS);
  const out = await readRecords(criteria!, 'tieu-chi.yaml', collector, [{ name: 'khao_sat', file: 'khao-sat.csv', path: join(dir, 'khao-sat.csv') }], { samples: { census: [] } });
  expect(collector.finish().problems.filter((p) => p.severity === 'error')).toEqual([]);
  return out;
}

/** Each indicator's value over the unit's rows, each drawn `times[j]` times. */
function over(t: SampleTable, unit: string, times: number[]): number[] {
  const block = t.rowsOf(unit)!;
  const out = new Float64Array(t.k);
  t.valuesOver(block.first, Int32Array.from(times), block.count, out, 0);
  return [...out];
}

const CSV = [
  'unit,trong_so,cau_1,kenh',
  'xa-a,"1,5",Hài lòng,Trực tuyến',
  'xa-a,"0,5",Không hài lòng,Trực tiếp',
  'xa-a,2,Bình thường,Trực tuyến',
  'xa-a,1,,Trực tiếp',
  'xa-b,1,Hài lòng,',
].join('\n');

describe('sample tables', () => {
  it('keeps the shares and means (not counts), each unit’s rows together', async () => {
    const [t] = await tables(CSV);
    expect(t!.indicators.map((i) => [i.indicator.name, i.kind, i.exact])).toEqual([
      ['hai_long', 'mean', true],
      ['truc_tuyen', 'share', true],
    ]);
    expect(t!.rowsOf('xa-a')!.count).toBe(4);
    expect(t!.rowsOf('xa-b')!.count).toBe(1);
  });

  it('gives each value over all the rows once as the indicator does, rounded as reports show it', async () => {
    const [t] = await tables(CSV);
    // Mean: Σw·x / Σw = (1,5 × 1 + 0,5 × 0 + 2 × 0,6) / (1,5 + 0,5 + 2) = 2,7 / 4 = 0,675 → 6750 × 10⁻⁴
    // (the blank answer's row is left out). Share: 2 online of 4 with a channel = 50% → 5000 × 10⁻².
    expect(over(t!, 'xa-a', [1, 1, 1, 1])).toEqual([6750, 5000]);
    // xa-b: one answer, 1 → 10000; no channel at all → no share (0/0).
    expect(over(t!, 'xa-b', [1])).toEqual([10000, NaN]);
  });

  it('counts a row drawn twice twice, and one not drawn not at all', async () => {
    const [t] = await tables(CSV);
    // Rows are held sorted by what they hold (weights first), whatever the file's order: the row
    // without an answer (its weight never read: 0; Trực tiếp), 0,5 (Không hài lòng, Trực tiếp),
    // 1,5 (Hài lòng, Trực tuyến), 2 (Bình thường, Trực tuyến).
    // Drawn: the 0,5 row twice, the 1,5 row twice: mean (2 × 0,5 × 0 + 2 × 1,5 × 1) / (2 × 0,5 + 2 × 1,5) = 3 / 4 = 0,75;
    // share: 2 online of 4 = 50%.
    expect(over(t!, 'xa-a', [0, 2, 2, 0])).toEqual([7500, 5000]);
    // Only the row without an answer, drawn 4 times: no mean; its channel Trực tiếp: 0%.
    expect(over(t!, 'xa-a', [4, 0, 0, 0])).toEqual([NaN, 0]);
  });

  it('holds the same rows the same way whatever the order of the file', async () => {
    const lines = CSV.split('\n');
    const [a] = await tables(CSV);
    const [b] = await tables([lines[0], ...lines.slice(1).reverse()].join('\n'));
    expect(over(b!, 'xa-a', [0, 2, 2, 0])).toEqual(over(a!, 'xa-a', [0, 2, 2, 0]));
    expect(over(b!, 'xa-a', [1, 0, 0, 3])).toEqual(over(a!, 'xa-a', [1, 0, 0, 3]));
  });

  it('rounds ratios half away from zero, exactly, in doubles and beyond them', () => {
    // 1/8 × 10² = 12,5 → 13; −12,5 → −13; 2/3 × 10⁴ = 6666,67 → 6667.
    expect(roundedRatio(1, 100, 8, 1)).toBe(13);
    expect(roundedRatio(-1, 100, 8, 1)).toBe(-13);
    expect(roundedRatio(2, 10000, 3, 1)).toBe(6667);
    // Past 2^53 the same rule in BigInt: (2^53 + 1) × 10 / 20 = 4503599627370496,5 → …497.
    expect(roundedRatio(2 ** 53 - 1, 10, 20, 1)).toBe(Number((10n * (2n ** 53n - 1n) + 10n) / 20n));
    expect(roundedRatio(5, 1, 10, 1)).toBe(1);
  });
});
