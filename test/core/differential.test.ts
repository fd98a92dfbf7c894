import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreIndex } from '../../src/core/score.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { runs } from '../helpers/runs.js';
import { unitsFrom } from '../helpers/scoring.js';
import { compositeScenarioArb, scenarioArb, type LeafSpec, type Scenario } from '../helpers/arbitrary.js';

/**
 * A differential test: a small reference scorer, written here from the design's rules alone —
 * its own fractions, its own reading of the few notations the generator writes, no code shared
 * with the engine — against the engine on thousands of generated criteria trees and evidence sets.
 * The composite rules (all/any with nested conditions on indicators and the units' facts, cases,
 * max_of, sum_of), caps, pro rata steps, bands' empty, negative floors and shared adjustment caps
 * are read here from the design's words too; only `engine` below touches src (to load, collect
 * and score), never the reference.
 */

// ---- Fractions: [numerator, denominator], denominator > 0, reduced. ----
type F = readonly [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const frac = (n: bigint, d: bigint = 1n): F => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const add = (a: F, b: F): F => frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
const sub = (a: F, b: F): F => add(a, [-b[0], b[1]]);
const mul = (a: F, b: F): F => frac(a[0] * b[0], a[1] * b[1]);
const div = (a: F, b: F): F => frac(a[0] * b[1], a[1] * b[0]);
const cmp = (a: F, b: F): number => {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
};
const min = (a: F, b: F): F => (cmp(a, b) <= 0 ? a : b);
const ZERO = frac(0n);
/** From a JS number written in the criteria (quarters and small decimals): through its text. */
const num = (x: number): F => dec(String(x));
/** "12,5" or "12.5" → 125/10. */
const dec = (s: string): F => {
  const [i, f = ''] = s.replace(',', '.').split('.');
  return frac(BigInt(i! + f), 10n ** BigInt(f.length));
};
/** Half away from zero to 2 places. */
const round2 = (x: F): F => {
  const scaled = x[0] * 100n;
  const q = scaled / x[1];
  const r = scaled % x[1];
  const up = (r < 0n ? -r : r) * 2n >= x[1];
  return frac(up ? q + (scaled < 0n ? -1n : 1n) : q, 100n);
};
const same = (a: F, b: { num: bigint; den: bigint }) => a[0] === b.num && a[1] === b.den;

// ---- The few notations the generator writes, read by hand. ----
function percent(v: string): F | 'empty' {
  if (v.includes('/')) {
    const [a, b] = v.split('/').map((s) => BigInt(s.replace(/\./g, '')));
    if (b === 0n) return 'empty';
    return frac(a! * 100n, b!);
  }
  return dec(v.replace('%', ''));
}
const day = (v: string) => {
  const [d, m, y] = v.split('/').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
};

type R = Record<string, unknown>;
const opt = (r: R, key: string, fallback: F): F => (r[key] === undefined ? fallback : num(r[key] as number));
const maxOf = (a: F, b: F): F => (cmp(a, b) >= 0 ? a : b);

/** What a rule comes to: points, nothing to go on (no evidence), or not applicable (0/0 with empty: na). */
type Out = F | 'none' | 'na';

/** Where a rule reads: the leaf's max, the indicator a rule reads unless it names its own, the unit's evidence and facts. */
interface Ctx {
  max: F;
  indicator: string;
  read(indicator: string): string | undefined;
  fact(name: string): string | undefined;
  /** For a relative leaf: the best value in the unit's group. */
  best?: F | undefined;
}

/**
 * A rule's points, as the design describes each kind, then its `cap` ("its points never above
 * it"). A rule inside another reads its own indicator, or the enclosing one's.
 */
function refRule(r: R, ctx: Ctx): Out {
  const here = r['indicator'] === undefined ? ctx : { ...ctx, indicator: r['indicator'] as string };
  const out = refKind(r, here);
  return r['cap'] !== undefined && out !== 'none' && out !== 'na' ? min(out, num(r['cap'] as number)) : out;
}

function refKind(r: R, ctx: Ctx): Out {
  const max = ctx.max;
  switch (r['kind']) {
    case 'all':
    case 'any': {
      // yes (default max) when all / at least one condition holds, else no (default 0); a fact
      // without evidence is no evidence for the leaf, never a "no".
      const verdicts = (r['of'] as R[]).map((c) => holds(c, ctx));
      if (verdicts.includes('none')) return 'none';
      const yes = r['kind'] === 'all' ? verdicts.every((v) => v === true) : verdicts.some((v) => v === true);
      return yes ? opt(r, 'yes', max) : opt(r, 'no', ZERO);
    }
    case 'cases': {
      // The first case whose condition holds decides; otherwise when none does.
      const then = (t: R): Out => (t['kind'] === undefined ? num(t['points'] as number) : refRule(t, ctx));
      for (const c of r['cases'] as R[]) {
        const v = holds(c['when'] as R, ctx);
        if (v === 'none') return 'none';
        if (v) return c['rule'] !== undefined ? refRule(c['rule'] as R, ctx) : num(c['points'] as number);
      }
      return then(r['otherwise'] as R);
    }
    case 'max_of': {
      // The best of the alternatives; one without evidence may not be passed over unless the best
      // read already reaches all it could give.
      const rules = r['rules'] as R[];
      const outs = rules.map((x) => refRule(x, ctx));
      const known = outs.filter((o): o is F => o !== 'none' && o !== 'na');
      if (known.length === 0) return outs.includes('none') ? 'none' : 'na';
      const best = known.reduce(maxOf);
      return rules.some((x, i) => outs[i] === 'none' && cmp(mostOf(x, max), best) > 0) ? 'none' : best;
    }
    case 'sum_of': {
      // The parts added, capped at max; a part without evidence leaves no sum.
      const outs = (r['rules'] as R[]).map((x) => refRule(x, ctx));
      if (outs.includes('none')) return 'none';
      return min(outs.reduce<F>((a, o) => (typeof o === 'string' ? a : add(a, o)), ZERO), max);
    }
  }
  const value = ctx.read(ctx.indicator);
  return value === undefined ? 'none' : simple(r, value, ctx);
}

/** The most a rule could give: what max_of weighs an alternative without evidence by. */
function mostOf(r: R, max: F): F {
  const cap = (x: F) => (r['cap'] === undefined ? x : min(x, num(r['cap'] as number)));
  switch (r['kind']) {
    case 'boolean':
    case 'all':
    case 'any':
      return cap(maxOf(opt(r, 'yes', max), opt(r, 'no', ZERO)));
    case 'deadline':
      return cap(maxOf(opt(r, 'on_time', max), maxOf(opt(r, 'late', ZERO), opt(r, 'missing', ZERO))));
    case 'levels':
      return cap(Object.values(r['levels'] as Record<string, number>).map(num).reduce(maxOf, ZERO));
    case 'bands':
      // 0/0 with empty: full earns the max.
      if (r['empty'] === 'full') return cap(max);
      return cap((r['bands'] as Array<{ points: number }>).map((b) => num(b.points)).reduce(maxOf, opt(r, 'otherwise', ZERO)));
    default:
      // increment, proportional, given: up to the max.
      return cap(max);
  }
}

/** A condition on one unit: holds or not, or 'none' when a fact it reads has no evidence. */
function holds(c: R, ctx: Ctx): boolean | 'none' {
  if (c['not'] !== undefined) {
    const v = holds(c['not'] as R, ctx);
    return v === 'none' ? v : !v;
  }
  if (c['all'] !== undefined || c['any'] !== undefined) {
    const vs = ((c['all'] ?? c['any']) as R[]).map((x) => holds(x, ctx));
    if (vs.includes('none')) return 'none';
    return c['all'] !== undefined ? vs.every((v) => v === true) : vs.some((v) => v === true);
  }
  const text = c['attribute'] !== undefined ? ctx.fact(c['attribute'] as string) : ctx.read(c['indicator'] as string);
  if (text === undefined) return 'none';
  const bounds = ['min', 'above', 'below', 'at_most'].filter((k) => c[k] !== undefined);
  if (bounds.length === 0) return text === 'có';
  const v = percent(text) as F;
  return bounds.every((k) => {
    const d = cmp(v, num(c[k] as number));
    return k === 'min' ? d >= 0 : k === 'above' ? d > 0 : k === 'below' ? d < 0 : d <= 0;
  });
}

/** A rule that reads one value: its points for the value as written. */
function simple(r: R, value: string, ctx: Ctx): F | 'na' {
  const max = ctx.max;
  switch (r['kind']) {
    case 'boolean':
      return value === 'có' ? opt(r, 'yes', max) : opt(r, 'no', ZERO);
    case 'deadline': {
      if (value === 'không') return opt(r, 'missing', ZERO);
      return day(value) <= day('31/07/2025') ? opt(r, 'on_time', max) : opt(r, 'late', ZERO);
    }
    case 'bands': {
      const v = percent(value);
      if (v === 'empty') return r['empty'] === 'full' ? max : r['empty'] === 'na' ? 'na' : ZERO;
      for (const b of r['bands'] as Array<{ min: number; points: number }>) if (cmp(v, num(b.min)) >= 0) return num(b.points);
      return opt(r, 'otherwise', ZERO);
    }
    case 'proportional': {
      const v = percent(value);
      if (v === 'empty') return r['empty'] === 'full' ? max : r['empty'] === 'na' ? 'na' : ZERO;
      return mul(max, min(frac(1n), div(v, frac(100n))));
    }
    case 'increment': {
      // base up to `from`; then per_step for each whole step beyond it (or below it, going down),
      // or for the exact fraction of a step (prorata); never above max.
      const v = dec(value);
      const from = num(r['from'] as number);
      const over = r['direction'] === 'down' ? sub(from, v) : sub(v, from);
      if (cmp(over, ZERO) <= 0) return num(r['base'] as number);
      const steps = div(over, num(r['step'] as number));
      const counted = r['partial'] === 'prorata' ? steps : frac(steps[0] / steps[1]);
      return min(add(num(r['base'] as number), mul(num(r['per_step'] as number), counted)), max);
    }
    case 'levels':
      return num((r['levels'] as Record<string, number>)[value]!);
    case 'deduction': {
      const p = sub(max, mul(num(r['per'] as number), frac(BigInt(value))));
      const floor = num(r['floor'] as number);
      return cmp(p, floor) < 0 ? floor : p;
    }
    case 'relative': {
      const v = dec(value);
      const b = ctx.best!;
      if (r['direction'] === 'higher') return b[0] === 0n ? ZERO : mul(max, div(v, b));
      return cmp(v, b) === 0 ? max : mul(max, div(b, v));
    }
    case 'given':
      return dec(value);
  }
  throw new Error(`unknown rule ${String(r['kind'])}`);
}

interface RefUnit {
  id: string;
  points: F;
  max: F;
  index: F | null;
  rank: number | null;
  tied: boolean;
  band: string | null;
  leaves: Map<string, { final: F; counted: boolean }>;
}

/** For a relative leaf: the best value among the units of the group that gave one. */
function groupBest(s: Scenario, spec: LeafSpec, group: string, value: (unit: string, leaf: string) => string | undefined): F | undefined {
  const values = s.units
    .filter((o) => o.group === group)
    .map((o) => value(o.id, spec.id))
    .filter((x): x is string => x !== undefined && x !== 'KAD')
    .map(dec);
  const lower = spec.rule['direction'] === 'lower';
  return values.length === 0 ? undefined : values.reduce((a, b) => ((lower ? cmp(b, a) < 0 : cmp(b, a) > 0) ? b : a));
}

function reference(s: Scenario): RefUnit[] {
  const value = (unit: string, leaf: string) => s.evidence.find((e) => e.unit === unit && e.leaf === leaf)?.value;
  const applies = (spec: LeafSpec, group: string) => !spec.appliesTo || spec.appliesTo.includes(group);
  const units: RefUnit[] = s.units.map((u) => {
    const leaves = new Map<string, { final: F; counted: boolean }>();
    let points = ZERO;
    let max = ZERO;
    // Ranked only with something to go on: a leaf scored on evidence, or an adjustment given.
    let data = false;
    for (const spec of s.leaves) {
      // A unit's "không áp dụng" on an optional leaf (only simple leaves read one value as theirs).
      if (!applies(spec, u.group) || (!spec.reads && value(u.id, spec.id) === 'KAD')) {
        leaves.set(spec.id, { final: ZERO, counted: false });
        continue;
      }
      const ctx: Ctx = {
        max: num(spec.max),
        indicator: spec.indicator ?? spec.id,
        read: (indicator) => value(u.id, indicator),
        fact: (name) => u.attributes?.[name],
        best: spec.rule['kind'] === 'relative' ? groupBest(s, spec, u.group, value) : undefined,
      };
      const out = refRule(spec.rule, ctx);
      if (out === 'na') {
        leaves.set(spec.id, { final: ZERO, counted: false });
        continue;
      }
      // No evidence: what the rule gives for none — `missing` (0 here) for a deadline, otherwise 0.
      if (out !== 'none') data = true;
      const final = out === 'none' ? ZERO : round2(out);
      leaves.set(spec.id, { final, counted: true });
      points = add(points, final);
      max = add(max, num(spec.max));
    }
    const bonus = value(u.id, 'thuong');
    if (bonus !== undefined) {
      data = true;
      points = add(points, min(round2(dec(bonus)), frac(2n)));
    }
    // Bonuses under a shared cap: each capped at its own, then each in turn takes what room the
    // earlier ones left under the shared one.
    if (s.shared) {
      let room = num(s.shared.cap);
      for (const c of s.shared.children) {
        const v = value(u.id, c.id);
        if (v !== undefined) data = true;
        const own = v === undefined ? ZERO : min(round2(dec(v)), num(c.cap));
        const taken = min(own, room);
        room = sub(room, taken);
        points = add(points, taken);
      }
    }
    const ranked = max[0] !== 0n && data;
    return { id: u.id, points, max, index: ranked ? mul(div(points, max), frac(100n)) : null, rank: null, tied: false, band: null, leaves };
  });
  for (const g of s.groups) {
    const ranked = units.filter((u) => s.units.find((x) => x.id === u.id)!.group === g && u.index !== null).sort((a, b) => cmp(b.index!, a.index!));
    ranked.forEach((u, i) => {
      const prev = ranked[i - 1];
      const tie = prev !== undefined && cmp(prev.index!, u.index!) === 0;
      u.rank = tie ? prev.rank : i + 1;
      if (tie) prev.tied = u.tied = true;
      // Bands on the shown index: from 80 Tốt, else Chưa tốt — the lowest band starts at 0, so it
      // also takes an index below 0 (negative floors).
      const shown = round2(u.index!);
      u.band = cmp(shown, frac(80n)) >= 0 ? 'Tốt' : 'Chưa tốt';
    });
  }
  return units;
}

function engine(s: Scenario) {
  const { criteria } = loadCriteria(s.yaml, 'gen.yaml');
  const units = unitsFrom(criteria!, s.units);
  const collector = new EvidenceCollector(criteria!, units);
  s.evidence.forEach((e, i) => collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2));
  return scoreIndex({ criteria: criteria!, units, inputs: collector.finish().inputs });
}

export const DIFFERENTIAL_RUNS = 2000;
export const COMPOSITE_DIFFERENTIAL_RUNS = 600;

describe('differential: the engine against a reference scorer', () => {
  it.each([
    [`simple rules, ${DIFFERENTIAL_RUNS} generated cases`, scenarioArb, DIFFERENTIAL_RUNS],
    [`composite rules (all/any, cases, max_of, sum_of, caps, facts, shared caps), ${COMPOSITE_DIFFERENTIAL_RUNS} generated cases`, compositeScenarioArb, COMPOSITE_DIFFERENTIAL_RUNS],
  ] as const)('agrees on points, maxima, exact indices, ranks, ties and bands: %s', { timeout: 180_000 }, (_name, arb, numRuns) => {
    fc.assert(
      fc.property(arb, (s) => {
        const report = engine(s);
        for (const ref of reference(s)) {
          const u = report.units.find((x) => x.unit === ref.id)!;
          for (const [id, leaf] of ref.leaves) {
            const item = u.items.find((i) => i.id === id)!;
            const counted = item.status !== 'not_applicable' && item.status !== 'insufficient_data';
            expect(counted, `${ref.id} ${id} counted`).toBe(leaf.counted);
            if (counted) expect(same(leaf.final, item.final), `${ref.id} ${id}: ${item.final} vs ${leaf.final.join('/')}`).toBe(true);
          }
          expect(same(ref.points, u.points), `${ref.id} points`).toBe(true);
          expect(same(ref.max, u.max), `${ref.id} max`).toBe(true);
          expect(ref.index === null ? u.index === null : u.index !== null && same(ref.index, u.index), `${ref.id} index`).toBe(true);
          expect([u.rank, u.tied, u.band]).toEqual([ref.rank, ref.tied, ref.band]);
        }
      }),
      { numRuns: runs(numRuns) },
    );
  });
});
