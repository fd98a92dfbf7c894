import { describe, expect, it } from 'vitest';
import { scoreIndex } from '../../src/core/score.js';
import { message } from '../../src/core/messages.js';
import { messageJson, reportJsonChunks, reportToJson } from '../../src/report/json.js';
import { criteriaOf, score, unitsOf, x } from '../helpers/scoring.js';

const criteria = criteriaOf(`format: parscore/criteria@1
id: thu-json
title: Thử JSON
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Lĩnh vực
    responsible: Văn phòng
    children:
      - { id: "1.1", title: "Kế hoạch \\"năm\\"", max: 1, indicator: ke_hoach, rule: { kind: boolean } }
      - { id: "1.2", title: Tỷ lệ, max: 2, indicator: ty_le, rule: { kind: proportional } }
`);

describe('the JSON report, written in pieces', () => {
  it('indents the document and writes each unit as one line of compact JSON', () => {
    const report = score(criteria, unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'xa-c': 'xa' }), {
      'xa-a': { ke_hoach: 'có', ty_le: '1.290/1.373' },
      'xa-b': { ke_hoach: 'không', ty_le: '95%' },
    });
    const pieces = [...reportJsonChunks(report, { lang: 'vi' })];
    // The document around the units, then one piece per unit, then the rest.
    expect(pieces).toHaveLength(2 + report.units.length);
    const text = pieces.join('');
    const doc = JSON.parse(text);
    expect(doc.units.map((u: { unit: string }) => u.unit)).toEqual(['xa-a', 'xa-b', 'xa-c']);
    // Everything but the units is as JSON.stringify indents it; each unit is its own line.
    const unitLines = text.split('\n').filter((l) => l.startsWith('    {"unit":'));
    expect(unitLines.map((l) => JSON.parse(l.trim().replace(/,$/, '')).unit)).toEqual(['xa-a', 'xa-b', 'xa-c']);
    expect(text).toBe(JSON.stringify({ ...doc, units: [] }, null, 2).replace('"units": []', `"units": [\n${unitLines.join('\n')}\n  ]`) + '\n');
    expect(reportToJson(report, { lang: 'vi' })).toBe(text);
  });

  it('writes an empty list of units as JSON.stringify does', () => {
    const text = reportToJson(scoreIndex({ criteria, units: [], inputs: new Map() }), { lang: 'en' });
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(text).toContain('"units": [],');
  });
});

describe('message data in the JSON', () => {
  it('keeps the digits that tell a value from the limits it was compared with', () => {
    // 89,996% reached the band from 70 but not the one from 90: at 2 places it would read 90.
    expect(messageJson(message('bands.band', { value: x('89.996'), of: 'percent', threshold: x('70'), strict: false, next: x('90') }), 2).data).toEqual({
      value: 89.996,
      of: 'percent',
      threshold: 70,
      strict: false,
      next: 90,
    });
    // A ratio that never ends is shown at the usual places when they already tell: 1.290/1.373 = 93,9548…%.
    expect(messageJson(message('proportional.rate', { value: x('129000').div(x('1373')), of: 'percent', target: x('100'), text: '1.290/1.373' }), 2).data.value).toBe(93.95);
  });
});

describe('composite rules in the JSON', () => {
  const composite = criteriaOf(`format: parscore/criteria@1
id: thu-json-hop-thanh
title: Thử JSON, quy tắc hợp thành
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "3"
    title: Tài chính
    responsible: Văn phòng
    children:
      - id: "3.1"
        title: Tự cân đối ngân sách
        max: 10
        rule:
          kind: cases
          cases:
            - { when: { indicator: tu_can_doi }, points: 10 }
          otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, cap: 8 }
      - { id: "3.2", title: Giải ngân, max: 1, rule: { kind: all, of: [ { indicator: giai_ngan, min: 70 } ] } }
`);

  it('writes the numbers nested in a composite rule’s message as JSON numbers', () => {
    // 90%: 3 + 12 × 0,5 = 9, capped at 8 inside the otherwise; 72,5% ≥ 70 holds.
    const report = score(composite, unitsOf({ a: 'xa' }), { a: { tu_can_doi: 'không', ty_le_thu: '90%', giai_ngan: '72,5%' } });
    const doc = JSON.parse(reportToJson(report, { lang: 'vi' }));
    const [cases, all] = doc.units[0].items;
    expect(cases.final).toBe(8);
    expect(cases.message.data).toMatchObject({ case: null, points: 8, inner: { id: 'rule.capped', data: { cap: 8, points: 9, inner: { id: 'increment.steps', data: { value: 90, steps: 12, perStep: 0.5 } } } } });
    expect(cases.message.data.value).toEqual({ type: 'number', value: 90 });
    expect(all.message.data.facts).toEqual([expect.objectContaining({ name: 'giai_ngan', text: '72,5%', holds: true, test: { type: 'compare', of: 'percent', lower: { value: 70, strict: false } } })]);
  });
});
