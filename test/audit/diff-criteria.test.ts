import { describe, expect, it } from 'vitest';
import { diffLeaves, entriesOfCriteria } from '../../src/audit/diff-criteria.js';
import { diffToText } from '../../src/report/diff-criteria.js';
import { criteriaOf } from '../helpers/scoring.js';

const head = `format: parscore/criteria@1
year: 2025
groups: [{ id: xa, title: Xã }, { id: phuong, title: Phường }]
`;
const before = criteriaOf(`${head}id: cu
title: Cũ
criteria:
  - id: "1"
    title: Chung
    children:
      - { id: "1.1", title: Khác, max: 1, rule: { kind: boolean } }
      - { id: "1.2", title: Khác, max: 1, rule: { kind: boolean } }
      - { id: "1.3", title: Người chủ trì, max: 1, rule: { kind: boolean } }
      - { id: "1.4", title: Đô thị, max: 1, rule: { kind: boolean } }
adjustments:
  - { id: them, title: Điểm thêm, kind: bonus, cap: 1, rule: { kind: given } }
`);
const after = criteriaOf(`${head}id: moi
title: Mới
criteria:
  - id: "1"
    title: Chung
    children:
      - { id: "1.5", title: Khác, max: 1, rule: { kind: boolean } }
      - { id: "1.3", title: Người chủ trì, max: 1, rule: { kind: levels, levels: { Trưởng: 1, Phó: 0.5 } } }
      - { id: "1.4", title: Đô thị, max: 1, applies_to: [phuong], rule: { kind: boolean } }
adjustments:
  - { id: them, title: Điểm thêm, kind: penalty, cap: 1, rule: { kind: given } }
`);

describe('diffing criteria', () => {
  const diff = diffLeaves(entriesOfCriteria(before), entriesOfCriteria(after));

  it('does not guess between two leaves of the same title', () => {
    // "Khác" was 1.1 and 1.2; 1.5 could be either, so neither is taken for it.
    expect(diff.removed.map((e) => e.id)).toEqual(['1.1', '1.2', 'them']);
    expect(diff.added.map((e) => e.id)).toEqual(['1.5', 'them']);
  });

  it('treats a bonus become a penalty as another item, and reports a rule of another kind whole', () => {
    expect(diff.added.find((e) => e.id === 'them')?.kind).toBe('penalty');
    expect(diff.changed.map((c) => [c.new.id, c.rule ?? null, c.groups ?? null])).toEqual([
      ['1.3', ['kind'], null],
      ['1.4', null, true],
    ]);
    const text = diffToText(diff, { old: { id: 'cu', file: 'cu.yaml' }, new: { id: 'moi', file: 'moi.yaml' } }, 'en');
    expect(text).toContain('  1.3 Người chủ trì: boolean {yes: 1, no: 0} → levels {levels: [{label: Trưởng, points: 1}, {label: Phó, points: 0.5}]}\n');
    expect(text).toContain('Groups changed (1):\n  1.4 Đô thị: every group → phuong\n');
  });
});
