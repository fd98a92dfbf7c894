import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { DerivedInfo, LeafInput } from '../../src/core/inputs.js';
import { scoreIndex } from '../../src/core/score.js';
import { derivedSample, itemSentence } from '../../src/explain/items.js';
import { criteriaOf, unitsOf, x } from '../helpers/scoring.js';

/** How an explanation cites a value derived from a record file. */
const dossiers: DerivedInfo = {
  kind: 'on_time',
  n: 1373,
  hits: Exact.of(1290),
  excluded: [{ reason: 'pending', count: 12 }],
  ci: { low: x('92.5516'), high: x('95.0712'), method: 'wilson' },
  files: ['ho-so-2025.csv'],
  rowLabel: 'hồ sơ',
};

describe('the sample behind a derived value', () => {
  it('gives hits/n, the rows left out and why, the interval and the file, in either language', () => {
    expect(derivedSample(dossiers, 'vi')).toBe('1.290/1.373 hồ sơ; không tính 12 hồ sơ: 12 chưa hoàn thành; KTC 95%: 92,55–95,07%; ho-so-2025.csv');
    expect(derivedSample(dossiers, 'en')).toBe('1,290/1,373 hồ sơ; 12 hồ sơ left out: 12 not yet done; 95% CI 92.55–95.07%; ho-so-2025.csv');
    expect(derivedSample(dossiers, 'en', { method: true })).toContain('95% CI (Wilson) 92.55–95.07%');
  });

  it('says when rows not yet done count as late, and what a weighted sample is worth', () => {
    expect(derivedSample({ ...dossiers, excluded: [], pendingLate: 12 }, 'vi')).toBe(
      '1.290/1.373 hồ sơ, gồm 12 chưa hoàn thành tính là trễ hạn; KTC 95%: 92,55–95,07%; ho-so-2025.csv',
    );
    const weighted: DerivedInfo = {
      kind: 'mean',
      n: 250,
      excluded: [{ reason: 'blank', count: 3 }, { reason: 'weight', count: 1 }],
      weighted: { sum: x('248.7'), effectiveN: 231.42 },
      ci: { low: x('0.71234'), high: x('0.78901'), method: 't' },
      files: ['khao-sat.csv'],
    };
    expect(derivedSample(weighted, 'vi')).toBe(
      'trung bình có trọng số của 250 dòng, cỡ mẫu hiệu dụng 231; không tính 4 dòng: 3 để trống, 1 thiếu trọng số; KTC 95%: 0,7123–0,789; khao-sat.csv',
    );
    expect(derivedSample(weighted, 'en')).toBe(
      'weighted mean of 250 rows, effective sample size 231; 4 rows left out: 3 blank, 1 without a weight; 95% CI 0.7123–0.789; khao-sat.csv',
    );
  });

  it('names the answers a map leaves out on purpose (Không biết: null) apart from the unreadable ones', () => {
    const survey: DerivedInfo = {
      kind: 'mean',
      n: 40,
      excluded: [{ reason: 'unparseable', count: 1 }, { reason: 'not_counted', count: 6 }],
      files: ['khao-sat.csv'],
      rowLabel: 'phiếu',
    };
    expect(derivedSample(survey, 'vi')).toBe('trung bình của 40 phiếu; không tính 7 phiếu: 1 không đọc được, 6 trả lời được bỏ qua theo map; khao-sat.csv');
    expect(derivedSample(survey, 'en')).toBe('mean of 40 phiếu; 7 phiếu left out: 1 unreadable, 6 answers the map leaves out; khao-sat.csv');
  });

  it('counts rows as rows (one row, many rows) and gives no sample for insufficient data, only why', () => {
    expect(derivedSample({ kind: 'count', n: 1, hits: Exact.ONE, excluded: [], files: ['a.csv'] }, 'en')).toBe('1 row; a.csv');
    expect(derivedSample({ kind: 'count', n: 9, hits: Exact.of(4), excluded: [], files: ['a.csv'] }, 'vi')).toBe('4 trong 9 dòng; a.csv');
    expect(derivedSample({ ...dossiers, n: 3, insufficient: { minRows: 30 } }, 'vi')).toBe('không tính 12 hồ sơ: 12 chưa hoàn thành; ho-so-2025.csv');
  });

  it('is part of any rule’s sentence', () => {
    const criteria = criteriaOf(`format: parscore/criteria@1
id: thu
title: Thử
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "3.2.1", title: Tỷ lệ hồ sơ đúng hạn, max: 2, indicator: dung_han, responsible: Một cửa, rule: { kind: bands, bands: [{ min: 95, points: 2 }, { min: 90, points: 1 }] } }
`);
    // 1.290/1.373 = 93,9548% → band from 90% → 1 of 2.
    const input: LeafInput = { value: { type: 'percent', value: Exact.of(129000, 1373) }, text: '93,95%', evidence: [], derived: dossiers };
    const report = scoreIndex({ criteria, units: unitsOf({ a: 'xa' }), inputs: new Map([['a', new Map([['3.2.1', input]])]]) });
    expect(itemSentence(report.units[0]!.items[0]!, 'vi')).toBe(
      '3.2.1 Tỷ lệ hồ sơ đúng hạn: 1/2 — 93,95%, mức từ 90% (1.290/1.373 hồ sơ; không tính 12 hồ sơ: 12 chưa hoàn thành; KTC 95%: 92,55–95,07%; ho-so-2025.csv) (−1)',
    );
  });
});

describe('a value shown beside the limit it was compared with', () => {
  const criteria = criteriaOf(`format: parscore/criteria@1
id: gioi-han
title: Giới hạn
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Thực hiện kế hoạch, max: 2, indicator: ty_le, rule: { kind: bands, bands: [{ min: 90, points: 2 }, { min: 70, points: 1 }] } }
  - { id: "2", title: Hệ số, max: 1, indicator: he_so, rule: { kind: bands, of: number, bands: [{ min: 0.3, points: 1 }] } }
  - { id: "3", title: Dân số, max: 5, indicator: dan_so, rule: { kind: increment, from: 3500, base: 1, step: 100, per_step: 1 } }
  - { id: "4", title: Đúng hạn, max: 1, indicator: dung_han, rule: { kind: proportional } }
`);
  const sentences = (values: Record<string, string>, lang: 'vi' | 'en' = 'vi') => {
    const inputs = new Map(Object.entries(values).map(([id, v]) => [id, { value: v.startsWith('%') ? { type: 'percent' as const, value: x(v.slice(1)) } : { type: 'number' as const, value: x(v) }, text: v, evidence: [] } satisfies LeafInput]));
    const r = scoreIndex({ criteria, units: unitsOf({ a: 'xa' }), inputs: new Map([['a', inputs]]) });
    return new Map(r.units[0]!.items.map((i) => [i.id, itemSentence(i, lang)]));
  };

  it('has the digits that keep it on its side of every limit, and no more', () => {
    const s = sentences({ '1': '%89.996', '2': '0.29999', '3': '3699.99999', '4': '%99.999' });
    // 89,996 < 90: rounded to 2 places it would read "90%" next to the band from 70.
    expect(s.get('1')).toContain('89,996%, mức từ 70%');
    // 0,29999 < 0,3: at 4 places it would read 0,3.
    expect(s.get('2')).toContain('0,29999, dưới mức thấp nhất (từ 0,3)');
    // 3.699,99999 is 1 whole step of 100 above 3.500 (not 2): at 4 places it would read 3.700.
    expect(s.get('3')).toContain('3.699,99999: vượt mốc 3.500 1 bước 100');
    // 99,999% is below the target of 100%.
    expect(s.get('4')).toContain('tỷ lệ 99,999%');
    expect(sentences({ '1': '%89.996' }, 'en').get('1')).toContain('89.996%, band from 70%');
  });

  it('keeps two decimals (or four for a number) where they already tell', () => {
    const s = sentences({ '1': '%92.5', '2': '0.31234', '3': '3750', '4': '%95.4123' });
    expect(s.get('1')).toContain('92,5%, mức từ 90%');
    expect(s.get('2')).toContain('0,3123, mức từ 0,3');
    expect(s.get('3')).toContain('3.750: vượt mốc 3.500 2 bước 100');
    expect(s.get('4')).toContain('tỷ lệ 95,41%');
  });
});
