import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/audit/compare.js';
import { parseReportFile, type ReportFile } from '../../src/audit/report-file.js';
import type { Unit } from '../../src/core/inputs.js';
import { reportToJson } from '../../src/report/json.js';
import { criteriaOf, score, unitsOf } from '../helpers/scoring.js';

// One leaf worth 10 with a proportional rule: a unit's index is its rate.
const criteria = criteriaOf(`format: parscore/criteria@1
id: thu-so-sanh
title: Thử so sánh
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Tỷ lệ, max: 10, indicator: ty_le, rule: { kind: proportional } }
`);

function reportOf(units: Unit[], evidence: Record<string, Record<string, string>>): ReportFile {
  const { report } = parseReportFile(reportToJson(score(criteria, units, evidence), { lang: 'vi' }), 'r.json');
  return report!;
}

describe('comparing two runs', () => {
  // Last time: a 90 (rank 1), b 60 (rank 2), c nothing (unranked).
  const last = reportOf(unitsOf({ a: 'xa', b: 'xa', c: 'xa' }), { a: { ty_le: '90%' }, b: { ty_le: '60%' } });
  // Now: x (formerly a) 70, y (formerly b, c and z) 80: y ranks 1, x 2.
  const units: Unit[] = [
    { id: 'x', name: 'X', group: 'xa', previous: ['a'] },
    { id: 'y', name: 'Y', group: 'xa', previous: ['b', 'c', 'z'] },
  ];
  const now = reportOf(units, { x: { ty_le: '70%' }, y: { ty_le: '80%' } });

  it('compares a renamed unit with its one predecessor, rank and band included', () => {
    const cmp = compareReports(last, now, units);
    const x = cmp.units.find((c) => c.now.unit === 'x')!;
    // 70 − 90 = −20; rank 1 → 2 is one place down.
    expect(x.indexChange?.toString()).toBe('-20');
    expect(x.rankChange).toBe(-1);
    expect(x.before.map((b) => b.unit)).toEqual(['a']);
  });

  it('compares a merged unit with the mean of the predecessors that had an index, and names those missing', () => {
    const cmp = compareReports(last, now, units);
    const y = cmp.units.find((c) => c.now.unit === 'y')!;
    // b 60; c was unranked (no index) and z is not in the last run: the mean is 60 alone; 80 − 60 = +20.
    expect(y.indexBefore?.toString()).toBe('60');
    expect(y.indexChange?.toString()).toBe('20');
    expect(y.before.map((b) => b.unit)).toEqual(['b', 'c']);
    expect(y.missing).toEqual(['z']);
    expect(y.rankChange).toBeNull();
    // Means (90 + 60) / 2 = 75 and (70 + 80) / 2 = 75: no change on the whole, one up and one down.
    expect(cmp.groups[0]).toMatchObject({ compared: 2, up: 1, down: 1, same: 0, rankUp: 0, rankDown: 1 });
    expect(cmp.groups[0]!.meanChange?.toString()).toBe('0');
    expect(cmp.gone).toEqual([]);
  });

  it('counts a unit that kept its id through a merger among its own predecessors, never as both new and gone', () => {
    // a kept its id and took in b; the units file names only b.
    const merged: Unit[] = [{ id: 'a', name: 'A', group: 'xa', previous: ['b'] }];
    const after = reportOf(merged, { a: { ty_le: '81%' } });
    const cmp = compareReports(last, after, merged);
    const a = cmp.units.find((c) => c.now.unit === 'a')!;
    // Mean of a (90) and b (60) = 75; 81 − 75 = +6.
    expect(a.before.map((b) => b.unit)).toEqual(['a', 'b']);
    expect(a.indexBefore?.toString()).toBe('75');
    expect(a.indexChange?.toString()).toBe('6');
    // c is the only unit of the last run that is gone.
    expect(cmp.gone.map((g) => g.unit)).toEqual(['c']);
  });
});
