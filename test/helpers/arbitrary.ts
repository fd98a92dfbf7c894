import fc from 'fast-check';

/**
 * Generated scenarios: a criteria file (written as YAML, so it goes through the real loader), units
 * in groups, and evidence written as offices write it. Every rule's numbers are valid by
 * construction; values are valid for their rule, or absent.
 */
export interface LeafSpec {
  id: string;
  max: number;
  rule: Record<string, unknown>;
  /** Values this rule reads, from worst to best (for monotone rules). */
  values: string[];
  monotone: boolean;
  optional: boolean;
  appliesTo?: string[];
}

export interface Scenario {
  yaml: string;
  leaves: LeafSpec[];
  groups: string[];
  units: Array<{ id: string; group: string }>;
  /** unit → indicator (= leaf id) → value index into the leaf's values, or undefined for none. */
  evidence: Array<{ unit: string; leaf: string; value: string }>;
  bonus: boolean;
}

const quarter = (n: number) => n / 4;
const pointsUpTo = (max: number) => fc.integer({ min: 0, max: Math.round(max * 4) }).map(quarter);

function ruleArb(max: number): fc.Arbitrary<Omit<LeafSpec, 'id' | 'max' | 'optional' | 'appliesTo'>> {
  const percentValues = ['0%', '15,5%', '49,99%', '50%', '69,99%', '70%', '89,5%', '90%', '90,01%', '100%'];
  return fc.oneof(
    fc.tuple(pointsUpTo(max)).map(([no]) => ({ rule: { kind: 'boolean', no: Math.min(no, max / 2) }, values: ['không', 'có'], monotone: true })),
    pointsUpTo(max).map((late) => ({
      rule: { kind: 'deadline', due: '2025-07-31', late },
      // Worst to best: not done, late, on the day, early.
      values: ['không', '15/08/2025', '01/08/2025', '31/07/2025', '01/07/2025'],
      monotone: true,
    })),
    fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 })
      .chain((thresholds) =>
        fc.array(pointsUpTo(max), { minLength: thresholds.length, maxLength: thresholds.length }).map((pts) => {
          const t = [...thresholds].sort((a, b) => b - a);
          // Points decreasing with the threshold keeps the rule monotone.
          const p = [...pts].sort((a, b) => b - a);
          return { rule: { kind: 'bands', bands: t.map((min, i) => ({ min, points: p[i]! })) }, values: percentValues, monotone: true };
        }),
      ),
    fc.constantFrom('zero', 'full', 'na').map((empty) => ({
      rule: { kind: 'proportional', empty },
      values: ['0/849', '1/3', '2/3', '810/849', '849/849'],
      monotone: true,
    })),
    fc.record({ from: fc.integer({ min: 0, max: 10 }), base: pointsUpTo(max), step: fc.integer({ min: 1, max: 3 }), per: fc.integer({ min: 1, max: 4 }).map(quarter) }).map((r) => ({
      rule: { kind: 'increment', from: r.from, base: r.base, step: r.step, per_step: r.per },
      values: ['0', '3', '7', '12', '20', '45'],
      monotone: true,
    })),
    fc.tuple(pointsUpTo(max), pointsUpTo(max)).map(([a, b]) => ({
      rule: { kind: 'levels', levels: { 'Cấp trưởng': max, 'Cấp phó': Math.max(a, b), Khác: Math.min(a, b) } },
      values: ['Khác', 'Cấp phó', 'Cấp trưởng'],
      monotone: true,
    })),
    fc.tuple(fc.integer({ min: 1, max: 8 }).map(quarter), fc.constantFrom(0, -0.25, -1)).map(([per, floor]) => ({
      rule: { kind: 'deduction', per, floor },
      values: ['9', '6', '3', '1', '0'],
      monotone: true,
    })),
    fc.constantFrom('higher', 'lower').map((direction) => ({
      rule: { kind: 'relative', direction },
      values: direction === 'higher' ? ['0', '12,5', '40', '87,6', '92'] : ['92', '87,6', '40', '12,5', '1'],
      monotone: true,
    })),
    fc.constant({ rule: { kind: 'given' }, values: [0, max / 4, max / 2, (3 * max) / 4, max].map((v) => String(v).replace('.', ',')), monotone: true }),
  );
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    areas: fc.integer({ min: 1, max: 3 }),
    leavesPerArea: fc.integer({ min: 1, max: 4 }),
    groups: fc.constantFrom<string[]>(['xa'], ['xa', 'phuong']),
    unitCount: fc.integer({ min: 1, max: 7 }),
    bonus: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ areas, leavesPerArea, groups, unitCount, bonus }) => {
    const n = areas * leavesPerArea;
    const leafArb = fc.integer({ min: 1, max: 20 }).chain((q) => {
      const max = quarter(q);
      return fc
        .record({ spec: ruleArb(max), optional: fc.boolean(), restrict: fc.boolean(), restrictTo: fc.constantFrom(...groups) })
        .map(({ spec, optional, restrict, restrictTo }) => ({ ...spec, max, optional, ...(restrict && groups.length > 1 ? { appliesTo: [restrictTo] } : {}) }));
    });
    return fc.record({
      leaves: fc.array(leafArb, { minLength: n, maxLength: n }),
      unitGroups: fc.array(fc.constantFrom(...groups), { minLength: unitCount, maxLength: unitCount }),
      picks: fc.array(fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: n, maxLength: n }), { minLength: unitCount, maxLength: unitCount }),
      bonusPicks: fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), { minLength: unitCount, maxLength: unitCount }),
    }).map(({ leaves, unitGroups, picks, bonusPicks }) => {
      const specs: LeafSpec[] = leaves.map((l, i) => {
        const id = `${Math.floor(i / leavesPerArea) + 1}.${(i % leavesPerArea) + 1}`;
        // The first leaf applies everywhere, so that no group is left without a maximum.
        if (i === 0) {
          const { appliesTo: _, ...rest } = l;
          return { ...rest, id };
        }
        return { ...l, id };
      });
      const units = unitGroups.map((group, i) => ({ id: `u${i + 1}`, group }));
      const evidence: Scenario['evidence'] = [];
      units.forEach((u, ui) => {
        specs.forEach((s, li) => {
          const pick = picks[ui]![li];
          if (pick === undefined) return;
          // Now and then an optional leaf is declared not applicable.
          const value = s.optional && pick % 7 === 0 ? 'KAD' : s.values[pick % s.values.length]!;
          evidence.push({ unit: u.id, leaf: s.id, value });
        });
        const b = bonusPicks[ui];
        if (bonus && b !== undefined) evidence.push({ unit: u.id, leaf: 'thuong', value: String(b / 4).replace('.', ',') });
      });
      return { yaml: yamlOf(specs, areas, leavesPerArea, groups, bonus), leaves: specs, groups, units, evidence, bonus };
    });
  });

function yamlOf(leaves: LeafSpec[], areas: number, perArea: number, groups: string[], bonus: boolean): string {
  const lines = ['format: parscore/criteria@1', 'id: sinh-ngau-nhien', 'title: Sinh ngẫu nhiên', 'year: 2025', 'groups:'];
  for (const g of groups) lines.push(`  - { id: ${g}, title: Nhóm ${g}, bands: [{ min: 80, label: Tốt }, { min: 0, label: Chưa tốt }] }`);
  lines.push('criteria:');
  for (let a = 0; a < areas; a++) {
    lines.push(`  - id: "${a + 1}"`, `    title: Lĩnh vực ${a + 1}`, '    children:');
    for (const l of leaves.slice(a * perArea, (a + 1) * perArea)) {
      const extra = [l.optional ? 'optional: true' : '', l.appliesTo ? `applies_to: [${l.appliesTo.join(', ')}]` : ''].filter(Boolean).join(', ');
      lines.push(`      - { id: "${l.id}", title: Tiêu chí ${l.id}, max: ${l.max}, responsible: Văn phòng, ${extra ? extra + ', ' : ''}rule: ${JSON.stringify(l.rule)} }`);
    }
  }
  if (bonus) lines.push('adjustments:', '  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: given } }');
  return lines.join('\n') + '\n';
}
