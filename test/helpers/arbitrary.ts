import fc from 'fast-check';
import { loadCriteria } from '../../src/criteria/index.js';

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
  /** A composite leaf: every indicator it reads, with the texts evidence may give it. */
  reads?: ReadSpec[];
  /** The leaf's `indicator:` (default its id). */
  indicator?: string;
}

/** One indicator a composite rule reads and the texts its evidence may be. */
export interface ReadSpec {
  indicator: string;
  values: string[];
}

/** Bonuses under one shared cap ("Điểm cộng, tối đa 5"), each a `given` with its own cap. */
export interface SharedSpec {
  id: string;
  cap: number;
  children: Array<{ id: string; cap: number }>;
}

export interface Scenario {
  yaml: string;
  leaves: LeafSpec[];
  groups: string[];
  /** `attributes`: the unit's facts as a units file writes them (a fact left out is a blank cell). */
  units: Array<{ id: string; group: string; attributes?: Record<string, string> }>;
  /** Evidence rows: `leaf` is the indicator (a simple leaf's id, a composite leaf's reads, an adjustment's id). */
  evidence: Array<{ unit: string; leaf: string; value: string }>;
  bonus: boolean;
  shared?: SharedSpec;
}

/** The facts a composite scenario declares, both yes/no. */
export const ATTRIBUTES = ['mien_nui', 'bien_gioi'] as const;

export const quarter = (n: number) => n / 4;
export const pointsUpTo = (max: number) => fc.integer({ min: 0, max: Math.round(max * 4) }).map(quarter);

function ruleArb(max: number): fc.Arbitrary<Omit<LeafSpec, 'id' | 'max' | 'optional' | 'appliesTo'>> {
  const percentValues = ['0%', '15,5%', '49,99%', '50%', '69,99%', '70%', '89,5%', '90%', '90,01%', '100%'];
  return fc.oneof(
    fc.tuple(pointsUpTo(max), fc.boolean()).map(([no, negative]) => ({
      // "bị 0 điểm và bị trừ 0,25 điểm": below zero down to the floor.
      rule: negative ? { kind: 'boolean', no: -0.25, floor: -0.25 } : { kind: 'boolean', no: Math.min(no, max / 2) },
      values: ['không', 'có'],
      monotone: true,
    })),
    pointsUpTo(max).map((late) => ({
      rule: { kind: 'deadline', due: '2025-07-31', late },
      // Worst to best: not done, late, on the day, early.
      values: ['không', '15/08/2025', '01/08/2025', '31/07/2025', '01/07/2025'],
      monotone: true,
    })),
    fc
      .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom('full', 'zero', 'na'), { nil: undefined }))
      .chain(([thresholds, empty]) =>
        fc.array(pointsUpTo(max), { minLength: thresholds.length, maxLength: thresholds.length }).map((pts) => {
          const t = [...thresholds].sort((a, b) => b - a);
          // Points decreasing with the threshold keeps the rule monotone.
          const p = [...pts].sort((a, b) => b - a);
          // 0/0 ("không phát sinh") where `empty` says: the max is the best, zero the worst, na first (it drops out).
          const values = empty === undefined ? percentValues : empty === 'full' ? [...percentValues, '0/0'] : ['0/0', ...percentValues];
          return { rule: { kind: 'bands', bands: t.map((min, i) => ({ min, points: p[i]! })), ...(empty ? { empty } : {}) }, values, monotone: true };
        }),
      ),
    fc.tuple(fc.constantFrom('zero', 'full', 'na'), capArb(max)).map(([empty, cap]) => ({
      rule: { kind: 'proportional', empty, ...cap },
      values: ['0/849', '1/3', '2/3', '810/849', '849/849'],
      monotone: true,
    })),
    incrementArb(max),
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

/** Now and then a cap below the max ("tối đa không quá … điểm"), as the rule's `cap`. */
function capArb(max: number): fc.Arbitrary<{ cap?: number }> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: pointsUpTo(max).map((cap) => ({ cap })) });
}

/** "≤ 3.500: 10; mỗi 100 thêm 0,5", up or down, by whole steps or pro rata, now and then capped. */
function incrementArb(max: number): fc.Arbitrary<{ rule: Record<string, unknown>; values: string[]; monotone: boolean }> {
  return fc
    .record({
      from: fc.integer({ min: 0, max: 10 }),
      base: pointsUpTo(max),
      step: fc.integer({ min: 1, max: 3 }),
      per: fc.integer({ min: 1, max: 4 }).map(quarter),
      down: fc.boolean(),
      prorata: fc.boolean(),
      cap: capArb(max),
    })
    .map((r) => {
      const up = ['0', '3', '7', '12', '20', '45'];
      // Pro rata, a part step counts: values between whole steps tell the two readings apart.
      const values = r.prorata ? ['0', '2,5', '3', '7,25', '12', '20,6', '45'] : up;
      return {
        rule: {
          kind: 'increment',
          from: r.from,
          base: r.base,
          step: r.step,
          per_step: r.per,
          ...(r.down ? { direction: 'down' } : {}),
          ...(r.prorata ? { partial: 'prorata' } : {}),
          ...r.cap,
        },
        // Worst to best: going down, a lower value is better.
        values: r.down ? [...values].reverse() : values,
        monotone: true,
      };
    });
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
      return { yaml: yamlOf(specs, areas, leavesPerArea, groups, { bonus }), leaves: specs, groups, units, evidence, bonus };
    });
  });

/** A criteria file: the leaves `perArea` to an area, then the optional bonus, shared cap and attributes. */
export function yamlOf(leaves: LeafSpec[], areas: number, perArea: number, groups: string[], extra: { bonus?: boolean; shared?: SharedSpec; attributes?: boolean } = {}): string {
  const lines = ['format: parscore/criteria@1', 'id: sinh-ngau-nhien', 'title: Sinh ngẫu nhiên', 'year: 2025', 'groups:'];
  for (const g of groups) lines.push(`  - { id: ${g}, title: Nhóm ${g}, bands: [{ min: 80, label: Tốt }, { min: 0, label: Chưa tốt }] }`);
  if (extra.attributes) {
    lines.push('attributes:', '  mien_nui: { title: Xã miền núi, type: boolean, column: Miền núi }', '  bien_gioi: { title: Xã biên giới, type: boolean }');
  }
  lines.push('criteria:');
  for (let a = 0; a < areas; a++) {
    lines.push(`  - id: "${a + 1}"`, `    title: Lĩnh vực ${a + 1}`, '    children:');
    for (const l of leaves.slice(a * perArea, (a + 1) * perArea)) {
      const more = [l.indicator ? `indicator: "${l.indicator}"` : '', l.optional ? 'optional: true' : '', l.appliesTo ? `applies_to: [${l.appliesTo.join(', ')}]` : ''].filter(Boolean).join(', ');
      lines.push(`      - { id: "${l.id}", title: Tiêu chí ${l.id}, max: ${l.max}, responsible: Văn phòng, ${more ? more + ', ' : ''}rule: ${JSON.stringify(l.rule)} }`);
    }
  }
  if (extra.bonus || extra.shared) lines.push('adjustments:');
  if (extra.bonus) lines.push('  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: given } }');
  if (extra.shared) {
    lines.push(`  - id: ${extra.shared.id}`, '    title: Điểm cộng', '    kind: bonus', `    cap: ${extra.shared.cap}`, '    children:');
    for (const c of extra.shared.children) lines.push(`      - { id: "${c.id}", title: Điểm cộng ${c.id}, cap: ${c.cap}, rule: { kind: given } }`);
  }
  return lines.join('\n') + '\n';
}

// ───────────────────────────────────────────────────────────── composite rules

/**
 * Composite scenarios: criteria trees mixing the simple rules above with all/any, cases, max_of
 * and sum_of (conditions on indicators and on the units' facts, nested not/all/any, inner rules with
 * their own indicator or the leaf's, caps, negative floors), units with facts (now and then a blank
 * one), evidence for some reads and not others, and bonuses under a shared cap.
 *
 * While a rule is generated, a place that reads evidence is marked with `__values` (the texts its
 * evidence may be); `named` then gives each its indicator and lists the leaf's reads.
 */
const YES_NO = ['không', 'có'];
/** Percents and a ratio (3/4 = 75%), on and around the bounds conditions compare with. */
const PERCENTS = ['0%', '30%', '45,5%', '70%', '3/4', '90%', '100%'];
const BOUNDS = [30, 45.5, 70, 75, 90];
const FRESH = '?';

type Raw = Record<string, unknown>;

export function conditionArb(depth: number): fc.Arbitrary<Raw> {
  const fact = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Raw>({ indicator: FRESH, __values: YES_NO }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('min', 'above', 'below', 'at_most'), fc.constantFrom(...BOUNDS), fc.option(fc.constantFrom('below', 'at_most'), { nil: undefined }), fc.constantFrom(...BOUNDS))
        .map(([test, n, upper, m]): Raw => {
          // A range ("từ 30% đến dưới 90%") when the first test is a lower bound and an upper one is drawn.
          const range = upper !== undefined && (test === 'min' || test === 'above') && m > n ? { [upper]: m } : {};
          return { indicator: FRESH, [test]: n, ...range, __values: PERCENTS };
        }),
    },
    { weight: 2, arbitrary: fc.constantFrom<Raw>({ attribute: 'mien_nui' }, { attribute: 'bien_gioi' }) },
  );
  if (depth === 0) return fact;
  const inner = conditionArb(depth - 1);
  const list = fc.array(inner, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    { weight: 4, arbitrary: fact },
    { weight: 1, arbitrary: inner.map((c): Raw => ({ not: c })) },
    { weight: 1, arbitrary: list.map((of): Raw => ({ all: of })) },
    { weight: 1, arbitrary: list.map((of): Raw => ({ any: of })) },
  );
}

/** yes ≥ no, each within [0, max]; or left to their defaults (max and 0). */
function yesNoArb(max: number): fc.Arbitrary<Raw> {
  return fc.tuple(fc.option(pointsUpTo(max), { nil: undefined }), fc.option(pointsUpTo(max), { nil: undefined })).map(([a, b]) => {
    if (a === undefined) return b === undefined ? {} : { no: b };
    const yes = b === undefined ? a : Math.max(a, b);
    return b === undefined ? { yes } : { yes, no: Math.min(a, b) };
  });
}

/** A rule inside another: one that reads a value (marked for its indicator), or a join of conditions; now and then capped. */
export function innerRuleArb(max: number): fc.Arbitrary<Raw> {
  const percentValues = ['0%', '15,5%', '50%', '69,99%', '70%', '90%', '100%'];
  const simple: fc.Arbitrary<Raw> = fc.oneof(
    yesNoArb(max).map((yn): Raw => ({ kind: 'boolean', ...yn, __values: YES_NO })),
    fc
      .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }), fc.array(pointsUpTo(max), { minLength: 3, maxLength: 3 }), fc.option(fc.constantFrom('full', 'zero'), { nil: undefined }))
      .map(([thresholds, pts, empty]): Raw => {
        const t = [...thresholds].sort((a, b) => b - a);
        return {
          kind: 'bands',
          bands: t.map((min, i) => ({ min, points: pts[i]! })),
          ...(empty ? { empty } : {}),
          __values: empty ? [...percentValues, '0/0'] : percentValues,
        };
      }),
    fc.option(fc.constantFrom('full', 'zero'), { nil: undefined }).map((empty): Raw => ({ kind: 'proportional', ...(empty ? { empty } : {}), __values: ['0/849', '1/3', '810/849', '849/849', ...(empty ? ['0/0'] : [])] })),
    incrementArb(max).map(({ rule, values }): Raw => {
      const { cap: _, ...rest } = rule;
      return { ...rest, __values: values };
    }),
    fc.tuple(pointsUpTo(max), pointsUpTo(max)).map(([a, b]): Raw => ({ kind: 'levels', levels: { 'Cấp trưởng': max, 'Cấp phó': Math.max(a, b), Khác: Math.min(a, b) }, __values: ['Khác', 'Cấp phó', 'Cấp trưởng'] })),
    fc.constant<Raw>({ kind: 'given', __values: [0, max / 4, max / 2, max].map((v) => String(v).replace('.', ',')) }),
    pointsUpTo(max).map((late): Raw => ({ kind: 'deadline', due: '2025-07-31', late, __values: ['không', '15/08/2025', '31/07/2025', '01/07/2025'] })),
  );
  const joined = fc
    .tuple(fc.constantFrom('all', 'any'), fc.array(conditionArb(1), { minLength: 1, maxLength: 2 }), yesNoArb(max))
    .map(([kind, of, yn]): Raw => ({ kind, of, ...yn }));
  return fc.tuple(fc.oneof({ weight: 5, arbitrary: simple }, { weight: 1, arbitrary: joined }), capArb(max)).map(([rule, cap]) => ({ ...rule, ...cap }));
}

/** A composite leaf rule, before its reads are named. */
export function compositeRuleArb(max: number): fc.Arbitrary<Raw> {
  const joined = fc.oneof(
    fc.tuple(fc.constantFrom('all', 'any'), fc.array(conditionArb(2), { minLength: 1, maxLength: 3 }), yesNoArb(max)).map(([kind, of, yn]): Raw => ({ kind, of, ...yn })),
    // "… thì bị 0 điểm và bị trừ 0,25 điểm".
    fc.tuple(fc.constantFrom('all', 'any'), fc.array(conditionArb(2), { minLength: 1, maxLength: 3 })).map(([kind, of]): Raw => ({ kind, of, no: -0.25, floor: -0.25 })),
  );
  const then = fc.oneof(pointsUpTo(max).map((points): Raw => ({ points })), innerRuleArb(max).map((rule): Raw => ({ rule })));
  const cases = fc
    .tuple(fc.array(fc.tuple(conditionArb(1), then), { minLength: 1, maxLength: 3 }), then, fc.boolean())
    .map(([list, otherwise, negative]): Raw => ({
      kind: 'cases',
      // A case that takes points off ("bị trừ 0,25 điểm") needs the floor to allow it.
      cases: list.map(([when, t], i) => ({ when, ...(negative && i === 0 ? { points: -0.25 } : t) })),
      otherwise: 'rule' in otherwise ? otherwise['rule'] : otherwise,
      ...(negative ? { floor: -0.25 } : {}),
    }));
  const rules = fc.array(innerRuleArb(max), { minLength: 2, maxLength: 3 });
  return fc
    .tuple(fc.oneof(joined, cases, rules.map((r): Raw => ({ kind: 'max_of', rules: r })), rules.map((r): Raw => ({ kind: 'sum_of', rules: r }))), capArb(max))
    .map(([rule, cap]) => ({ ...rule, ...cap }));
}

/**
 * Gives each marked place of a rule its indicator: a condition's fact a fresh one, an inner rule a
 * fresh one too, except the first, which reads the leaf's own (its id) when `leafOwn` says so —
 * "a rule inside another reads the leaf's indicator unless it names its own".
 */
export function named(rule: Raw, prefix: string, leafIndicator: string, leafOwn: boolean): { rule: Raw; reads: ReadSpec[] } {
  const reads: ReadSpec[] = [];
  let own = leafOwn;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const { __values, ...rest } = v as Raw;
    const out: Raw = {};
    if (Array.isArray(__values)) {
      if (rest['indicator'] === FRESH || !own) {
        const indicator = `${prefix}x${reads.length}`;
        reads.push({ indicator, values: __values as string[] });
        out['indicator'] = indicator;
      } else {
        own = false;
        reads.push({ indicator: leafIndicator, values: __values as string[] });
      }
    }
    for (const [k, x] of Object.entries(rest)) if (!(k === 'indicator' && x === FRESH)) out[k] = walk(x);
    // The indicator first, as an author writes it.
    return 'indicator' in out ? { indicator: out['indicator'], ...out } : out;
  };
  return { rule: walk(rule) as Raw, reads };
}

export const compositeScenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    areas: fc.integer({ min: 1, max: 3 }),
    leavesPerArea: fc.integer({ min: 1, max: 3 }),
    groups: fc.constantFrom<string[]>(['xa'], ['xa', 'phuong']),
    unitCount: fc.integer({ min: 1, max: 6 }),
    bonus: fc.boolean(),
    shared: fc.option(
      fc.record({ cap: fc.integer({ min: 1, max: 12 }).map(quarter), caps: fc.array(fc.integer({ min: 1, max: 8 }).map(quarter), { minLength: 2, maxLength: 3 }) }),
      { nil: undefined },
    ),
  })
  .chain(({ areas, leavesPerArea, groups, unitCount, bonus, shared }) => {
    const n = areas * leavesPerArea;
    const leafArb = fc.integer({ min: 1, max: 20 }).chain((q) => {
      const max = quarter(q);
      return fc.record({
        composite: fc.oneof({ weight: 2, arbitrary: compositeRuleArb(max).map((rule) => ({ rule })) }, { weight: 1, arbitrary: ruleArb(max).filter((r) => r.rule['kind'] !== 'relative').map((r) => ({ simple: r })) }),
        leafOwn: fc.boolean(),
        optional: fc.boolean(),
        restrict: fc.boolean(),
        restrictTo: fc.constantFrom(...groups),
      }).map(({ composite, leafOwn, optional, restrict, restrictTo }) => ({ max, composite, leafOwn, optional, appliesTo: restrict && groups.length > 1 ? [restrictTo] : undefined }));
    });
    const sharedSpec: SharedSpec | undefined = shared && { id: 'IV', cap: shared.cap, children: shared.caps.map((cap, i) => ({ id: `IV.${i + 1}`, cap })) };
    return fc.array(leafArb, { minLength: n, maxLength: n }).chain((drawn) => {
      const specs: LeafSpec[] = drawn.map((l, i) => {
        const id = `${Math.floor(i / leavesPerArea) + 1}.${(i % leavesPerArea) + 1}`;
        // The first leaf applies everywhere, so that no group is left without a maximum.
        const where = i === 0 || !l.appliesTo ? {} : { appliesTo: l.appliesTo };
        if ('simple' in l.composite) return { id, max: l.max, ...l.composite.simple, optional: l.optional, ...where };
        const { rule, reads } = named(l.composite.rule, `k${i + 1}`, id, l.leafOwn);
        return { id, max: l.max, rule, values: [], monotone: false, optional: false, reads, ...where };
      });
      const reads = specs.flatMap((s) => s.reads ?? [{ indicator: s.id, values: s.values }]);
      const optionalOf = new Map(specs.filter((s) => !s.reads && s.optional).map((s) => [s.id, true]));
      const facts = fc.record({ mien_nui: fc.option(fc.constantFrom('có', 'không'), { nil: undefined, freq: 6 }), bien_gioi: fc.option(fc.constantFrom('có', 'không'), { nil: undefined, freq: 6 }) });
      return fc
        .record({
          unitGroups: fc.array(fc.constantFrom(...groups), { minLength: unitCount, maxLength: unitCount }),
          unitFacts: fc.array(facts, { minLength: unitCount, maxLength: unitCount }),
          picks: fc.array(fc.array(fc.option(fc.nat(), { nil: undefined, freq: 5 }), { minLength: reads.length, maxLength: reads.length }), { minLength: unitCount, maxLength: unitCount }),
          bonusPicks: fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), { minLength: unitCount, maxLength: unitCount }),
          sharedPicks: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), { minLength: 3, maxLength: 3 }), { minLength: unitCount, maxLength: unitCount }),
        })
        .map(({ unitGroups, unitFacts, picks, bonusPicks, sharedPicks }) => {
          const units = unitGroups.map((group, i) => {
            const written = Object.fromEntries(Object.entries(unitFacts[i]!).filter(([, v]) => v !== undefined)) as Record<string, string>;
            return { id: `u${i + 1}`, group, attributes: written };
          });
          const evidence: Scenario['evidence'] = [];
          const quarters = (q: number) => String(q / 4).replace('.', ',');
          units.forEach((u, ui) => {
            reads.forEach((r, ri) => {
              const pick = picks[ui]![ri];
              if (pick === undefined) return;
              // Now and then an optional simple leaf is declared not applicable.
              const value = optionalOf.get(r.indicator) && pick % 7 === 0 ? 'KAD' : r.values[pick % r.values.length]!;
              evidence.push({ unit: u.id, leaf: r.indicator, value });
            });
            const b = bonusPicks[ui];
            if (bonus && b !== undefined) evidence.push({ unit: u.id, leaf: 'thuong', value: quarters(b) });
            sharedSpec?.children.forEach((c, ci) => {
              const p = sharedPicks[ui]![ci];
              if (p !== undefined) evidence.push({ unit: u.id, leaf: c.id, value: quarters(p) });
            });
          });
          const yaml = yamlOf(specs, areas, leavesPerArea, groups, { bonus, attributes: true, ...(sharedSpec ? { shared: sharedSpec } : {}) });
          return { yaml, leaves: specs, groups, units, evidence, bonus, ...(sharedSpec ? { shared: sharedSpec } : {}) };
        });
    });
  })
  // Only files `validate` accepts: a drawn case list may repeat a condition, and a case that can
  // never decide is refused (case-unreachable), as an author would be told.
  .filter((s) => loadCriteria(s.yaml, 'gen.yaml').criteria !== undefined);
