import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { robustness, type Robustness, type UnitRobustness } from '../../src/audit/robustness.js';
import type { Unit } from '../../src/core/inputs.js';
import type { Criteria } from '../../src/core/model.js';
import { scoreIndex } from '../../src/core/score.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { readRecords } from '../../src/evidence/records/records.js';
import { collect, criteriaOf, layersOf, unitsOf, type Layers } from '../helpers/scoring.js';

/**
 * How firm ranks are, on small groups worked out by hand: the arithmetic of every expected figure
 * is in the comment beside it.
 */

/** Two leaves given as points, 50 each: a unit's index is its points (points / 100 × 100). */
const GIVEN = `format: parscore/criteria@1
id: thu-do-vung
title: Thử độ vững
year: 2025
groups:
  - { id: xa, title: Xã, bands: [{ min: 80, label: Tốt }, { min: 60, label: Khá }, { min: 0, label: Yếu }] }
  - { id: phuong, title: Phường, bands: { quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] } }
criteria:
  - id: "1"
    title: Lĩnh vực
    children:
      - { id: "1.1", title: Kế hoạch, max: 50, indicator: a, rule: { kind: given } }
      - { id: "1.2", title: Báo cáo, max: 50, indicator: b, rule: { kind: given } }
`;

function analyse(yaml: string, groups: Record<string, string>, evidence: Record<string, Record<string, string>>, layers: Layers = {}): Robustness {
  const criteria = criteriaOf(yaml);
  const units = unitsOf(groups);
  const set = collect(criteria, units, evidence);
  const { self, overrides } = layersOf(layers);
  const report = scoreIndex({ criteria, units, inputs: set.inputs, self, overrides });
  return robustness({ criteria, units, inputs: set.inputs, self, overrides, report, draws: 0, seed: 1 });
}

const unitOf = (r: Robustness, id: string): UnitRobustness => r.groups.flatMap((g) => g.units).find((u) => u.unit === id)!;
const shown = (x: { toFixed(p: number): string } | null) => (x === null ? null : x.toFixed(2));

describe('gaps', () => {
  // u2: 40 + 39,5 = 79,5; u1: 40 + 38 = 78; u3: 35 + 29 = 64.
  const r = analyse(GIVEN, { u1: 'xa', u2: 'xa', u3: 'xa', p1: 'phuong', p2: 'phuong', p3: 'phuong' }, {
    u1: { a: '40', b: '38' },
    u2: { a: '40', b: '39,5' },
    u3: { a: '35', b: '29' },
    // p1 and p2 tie at 70; p3 has 50.
    p1: { a: '35', b: '35' },
    p2: { a: '40', b: '30' },
    p3: { a: '25', b: '25' },
  });

  it('gives the index points to the next better and worse unit, and to the next band', () => {
    const u2 = unitOf(r, 'u2');
    const u1 = unitOf(r, 'u1');
    const u3 = unitOf(r, 'u3');
    expect([u2.rank, u1.rank, u3.rank]).toEqual([1, 2, 3]);
    // u2 first: nothing above; 79,5 − 78 = 1,5 below; Tốt from 80: 80 − 79,5 = 0,5.
    expect([shown(u2.gapAbove), shown(u2.gapBelow), shown(u2.nextBand!.gap), u2.nextBand!.label]).toEqual([null, '1.50', '0.50', 'Tốt']);
    // u1: 79,5 − 78 = 1,5 above; 78 − 64 = 14 below; 80 − 78 = 2 to Tốt.
    expect([shown(u1.gapAbove), shown(u1.gapBelow), shown(u1.nextBand!.gap)]).toEqual(['1.50', '14.00', '2.00']);
    // u3 last, Khá: 78 − 64 = 14 above; nothing below; the band above Khá is Tốt: 80 − 64 = 16.
    expect([shown(u3.gapAbove), shown(u3.gapBelow), shown(u3.nextBand!.gap), u3.band]).toEqual(['14.00', null, '16.00', 'Khá']);
  });

  it('skips the units sharing a rank, and gives no next band with quartiles', () => {
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((id) => unitOf(r, id));
    // 70 and 70 share rank 1; the next worse unit of either is p3: 70 − 50 = 20.
    expect([p1!.rank, p2!.rank, p3!.rank]).toEqual([1, 1, 3]);
    expect([shown(p1!.gapAbove), shown(p1!.gapBelow), shown(p2!.gapBelow), shown(p3!.gapAbove)]).toEqual([null, '20.00', '20.00', '20.00']);
    expect([p1!.nextBand, p3!.nextBand]).toEqual([null, null]);
  });

  it('gives each interval as the rank itself, and no band chances, without draws', () => {
    for (const u of r.groups.flatMap((g) => g.units)) {
      expect(u.rankInterval).toEqual([u.rank, u.rank]);
      expect(u.bandDraws).toEqual([]);
    }
    expect(r.draws).toBe(0);
  });
});

describe('decisive changes', () => {
  // As scored: u2 79,5 (rank 1, Khá); u1 40 + 38 = 78 (rank 2, Khá) after appraisers lowered 1.1
  // from the 45 it gave to 40; u3 35 + 29 = 64 (rank 3, Khá) after 1.2 was lowered from 30 to 29.
  // u3 claimed 50 for 1.1; u2 claimed 39,5 for 1.2, its final points.
  const r = analyse(
    GIVEN,
    { u1: 'xa', u2: 'xa', u3: 'xa' },
    { u1: { a: '45', b: '38' }, u2: { a: '40', b: '39,5' }, u3: { a: '35', b: '30' } },
    {
      overrides: { u1: { '1.1': ['40', 'Kế hoạch thiếu phụ lục'] }, u3: { '1.2': ['29', 'Báo cáo gửi chậm'] } },
      self: { u3: { '1.1': '50' }, u2: { '1.2': '39,5' } },
    },
  );

  it('tries every override and every claim that differs from the final points', () => {
    // Two overrides; u3's claim differs (50 ≠ 35), u2's does not (39,5 = 39,5).
    expect(r.examined).toEqual({ overrides: 2, claims: 1 });
  });

  it('lists an override whose reversal lifts the unit into the next band and moves another unit down', () => {
    // Reverted, u1 has 45 + 38 = 83 ≥ 80: Tốt, and first, above u2's 79,5, which goes to rank 2.
    const d = r.decisive.find((c) => c.unit === 'u1')!;
    expect({ item: d.item, kind: d.kind, from: d.from.toString(), to: d.to.toString(), rank: d.rank, band: d.band, moves: d.moves, reason: d.reason }).toEqual({
      item: '1.1',
      kind: 'override',
      from: '40',
      to: '45',
      rank: [2, 1],
      band: ['Khá', 'Tốt'],
      moves: ['u2'],
      reason: 'Kế hoạch thiếu phụ lục',
    });
  });

  it('leaves out an override whose reversal changes no rank or band', () => {
    // Reverted, u3 has 35 + 30 = 65: still below 78, still Khá (60 ≤ 65 < 80).
    expect(r.decisive.some((c) => c.unit === 'u3' && c.kind === 'override')).toBe(false);
  });

  it('lists a claim that would change a rank', () => {
    // With its claim, u3 has 50 + 29 = 79 > 78: rank 2, u1 down to 3; both still Khá.
    const d = r.decisive.find((c) => c.unit === 'u3')!;
    expect({ item: d.item, kind: d.kind, from: d.from.toString(), to: d.to.toString(), rank: d.rank, band: d.band, moves: d.moves }).toEqual({
      item: '1.1',
      kind: 'claim',
      from: '35',
      to: '50',
      rank: [3, 2],
      band: ['Khá', 'Khá'],
      moves: ['u1'],
    });
    expect(r.decisive).toHaveLength(2);
  });
});

describe('rank intervals from redrawn survey answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-robustness-'));
  const yaml = `format: parscore/criteria@1
id: thu-khao-sat
title: Thử khảo sát
year: 2025
groups: [{ id: xa, title: Xã, bands: [{ min: 80, label: Tốt }, { min: 0, label: Chưa tốt }] }]
criteria:
  - id: "1"
    title: Hài lòng
    children:
      - { id: "1.1", title: Mức hài lòng, max: 10, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }
indicators:
  hai_long:
    from: khao_sat
    unit_column: ma_xa
    row_label: phiếu
    mean: { column: cau_1, map: { Hài lòng: 1, Bình thường: 0.6, Không hài lòng: 0 } }
`;

  async function drawn(survey: string, draws: number, seed = 1): Promise<Robustness> {
    const criteria: Criteria = criteriaOf(yaml);
    const units: Unit[] = unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'xa-c': 'xa' });
    writeFileSync(join(dir, 'khao-sat.csv'), survey);
    const collector = new EvidenceCollector(criteria, units);
    const samples = await readRecords(criteria, 'tieu-chi.yaml', collector, [{ name: 'khao_sat', file: 'khao-sat.csv', path: join(dir, 'khao-sat.csv') }], { samples: { census: [] } });
    const set = collector.finish();
    expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const report = scoreIndex({ criteria, units, inputs: set.inputs });
    return robustness({ criteria, units, inputs: set.inputs, report, samples, draws, seed });
  }

  // xa-a: 1 and 0, mean 0,5 → 10 × 0,5 = 5 of 10 → index 50; xa-b: 0,6 twice → 60; xa-c: 1 three times → 100.
  const SURVEY = 'ma_xa,cau_1\nxa-a,Hài lòng\nxa-a,Không hài lòng\nxa-b,Bình thường\nxa-b,Bình thường\nxa-c,Hài lòng\nxa-c,Hài lòng\nxa-c,Hài lòng\n';

  it('redraws each unit’s respondents: a unit that may draw either answer spans the ranks it can reach', async () => {
    const r = await drawn(SURVEY, 1000);
    expect(r.draws).toBe(1000);
    expect(r.redrawn).toEqual([{ source: 'khao_sat', indicator: 'hai_long', kind: 'mean', units: 3 }]);
    const [a, b, c] = ['xa-a', 'xa-b', 'xa-c'].map((id) => unitOf(r, id));
    // As scored: c 100 (1), b 60 (2), a 50 (3).
    expect([c!.rank, b!.rank, a!.rank]).toEqual([1, 2, 3]);
    // Two answers drawn with replacement from {1, 0}: both 1 with chance ¼ (a ties c at 100, rank
    // 1=, and b is third), else a is 0,5 or 0 (rank 3). So a draws rank 1 about 250 times in 1.000:
    // the 50th lowest rank is 1, the 950th is 3; b draws 3 in those same draws, 2 otherwise.
    expect(a!.rankInterval).toEqual([1, 3]);
    expect(b!.rankInterval).toEqual([2, 3]);
    // c always answers 1: always 100, first and Tốt.
    expect(c!.rankInterval).toEqual([1, 1]);
    expect(c!.bandDraws).toEqual([{ band: 'Tốt', draws: 1000 }]);
    // a is Tốt (100 ≥ 80) exactly when it draws rank 1: about a quarter of the draws.
    const good = a!.bandDraws.find((x) => x.band === 'Tốt')!.draws;
    expect(good).toBeGreaterThan(200);
    expect(good).toBeLessThan(300);
    expect(a!.bandDraws.find((x) => x.band === 'Chưa tốt')!.draws).toBe(1000 - good);
    // b stays Chưa tốt: 60 < 80 in every draw.
    expect(b!.bandDraws).toEqual([{ band: 'Chưa tốt', draws: 1000 }]);
  });

  it('draws the same with the same seed, whatever the order of the rows; another seed draws otherwise', async () => {
    const shuffled = 'ma_xa,cau_1\nxa-c,Hài lòng\nxa-a,Không hài lòng\nxa-b,Bình thường\nxa-c,Hài lòng\nxa-a,Hài lòng\nxa-b,Bình thường\nxa-c,Hài lòng\n';
    const one = await drawn(SURVEY, 200, 7);
    const again = await drawn(shuffled, 200, 7);
    const other = await drawn(SURVEY, 200, 8);
    const a = (r: Robustness) => unitOf(r, 'xa-a').bandDraws;
    expect(a(again)).toEqual(a(one));
    expect(a(other)).not.toEqual(a(one));
  });

  it('keeps every interval at the rank with zero draws', async () => {
    const r = await drawn(SURVEY, 0);
    expect(r.draws).toBe(0);
    for (const u of r.groups[0]!.units) expect(u.rankInterval).toEqual([u.rank, u.rank]);
  });

  it('redraws nothing from a source named a census', async () => {
    const criteria = criteriaOf(yaml);
    const units = unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'xa-c': 'xa' });
    writeFileSync(join(dir, 'khao-sat.csv'), SURVEY);
    const collector = new EvidenceCollector(criteria, units);
    const samples = await readRecords(criteria, 'tieu-chi.yaml', collector, [{ name: 'khao_sat', file: 'khao-sat.csv', path: join(dir, 'khao-sat.csv') }], { samples: { census: ['khao_sat'] } });
    expect(samples).toEqual([]);
  });
});
