import { Exact } from '../core/exact.js';
import { factsOf, type Condition, type Test } from '../core/rules/conditions.js';
import { foldText } from '../core/text.js';

/** Above this many combinations of facts the cases are not enumerated (and nothing is said). */
export const MAX_COMBINATIONS = 4096;

/**
 * The cases that can never decide: in every unit where case i's condition holds, an earlier case
 * holds too (or case i's condition never holds at all). Found by enumeration: every fact the
 * conditions test takes each value that tells its tests apart — yes and no; each text an `is`
 * names and one text none names; each bound of a comparison, a value between two neighbouring
 * bounds, one below the lowest and one above the highest — and every combination is tried.
 * A fact read two ways (yes here, a number there) is two facts: the read conflict is its own
 * problem. `by` lists, 1-based, the earlier cases that decide instead wherever case i would hold;
 * undefined when there are too many combinations to try.
 */
export function unreachableCases(whens: readonly Condition[]): Array<{ case: number; by: number[] }> | undefined {
  const subjects = new Map<string, Subject>();
  for (const f of whens.flatMap(factsOf)) {
    const key = subjectKey(f);
    const s = subjects.get(key) ?? { test: f.test.type, texts: new Set<string>(), bounds: new Map<string, Exact>() };
    if (f.test.type === 'is') s.texts.add(foldText(f.test.text));
    if (f.test.type === 'compare') for (const b of [f.test.lower, f.test.upper]) if (b) s.bounds.set(b.value.toString(), b.value);
    subjects.set(key, s);
  }
  const keys = [...subjects.keys()];
  const domains = keys.map((k) => domainOf(subjects.get(k)!));
  const combinations = domains.reduce((n, d) => n * d.length, 1);
  if (combinations > MAX_COMBINATIONS) return undefined;

  const reached = whens.map(() => false);
  const by = whens.map(() => new Set<number>());
  const digits = domains.map(() => 0);
  for (let n = 0; n < combinations; n++) {
    const values = new Map(keys.map((k, i) => [k, domains[i]![digits[i]!]!]));
    let first: number | undefined;
    whens.forEach((w, i) => {
      if (!holds(w, values)) return;
      if (first === undefined) {
        first = i;
        reached[i] = true;
      } else by[i]!.add(first + 1);
    });
    // The next combination: count in mixed radix.
    for (let i = 0; i < digits.length; i++) {
      digits[i]!++;
      if (digits[i]! < domains[i]!.length) break;
      digits[i] = 0;
    }
  }
  return whens.flatMap((_, i) => (reached[i] ? [] : [{ case: i + 1, by: [...by[i]!].sort((a, b) => a - b) }]));
}

interface Subject {
  test: Test['type'];
  texts: Set<string>;
  bounds: Map<string, Exact>;
}

/** A value a fact takes: yes/no, a folded text (null: one no `is` names), or a number. */
type Value = boolean | string | null | Exact;

function subjectKey(f: Extract<Condition, { kind: 'fact' }>): string {
  // Evidence matches indicators folded; attributes are named exactly. Percent and number
  // comparisons read the same number.
  const name = f.source === 'indicator' ? foldText(f.name) : f.name;
  return `${f.source}\u0000${name}\u0000${f.test.type}`;
}

function domainOf(s: Subject): Value[] {
  switch (s.test) {
    case 'yes':
      return [true, false];
    case 'is':
      return [...s.texts, null];
    case 'compare': {
      const bounds = [...s.bounds.values()].sort((a, b) => a.cmp(b));
      const values: Exact[] = [bounds[0]!.sub(Exact.ONE)];
      bounds.forEach((b, i) => {
        values.push(b);
        const next = bounds[i + 1];
        values.push(next ? b.add(next).div(Exact.of(2)) : b.add(Exact.ONE));
      });
      return values;
    }
  }
}

function holds(c: Condition, values: ReadonlyMap<string, Value>): boolean {
  switch (c.kind) {
    case 'all':
      return c.of.every((x) => holds(x, values));
    case 'any':
      return c.of.some((x) => holds(x, values));
    case 'not':
      return !holds(c.of, values);
    case 'fact': {
      const v = values.get(subjectKey(c))!;
      const test = c.test;
      switch (test.type) {
        case 'yes':
          return v === true;
        case 'is':
          return v === foldText(test.text);
        case 'compare': {
          const x = v as Exact;
          const { lower, upper } = test;
          return (!lower || (lower.strict ? x.gt(lower.value) : x.gte(lower.value))) && (!upper || (upper.strict ? x.lt(upper.value) : x.lte(upper.value)));
        }
      }
    }
  }
}
