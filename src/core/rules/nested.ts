import * as z from 'zod';
import { Exact } from '../exact.js';
import type { DocPath, Problem } from '../problems.js';
import { readsOf } from './evaluate.js';
import { compileRule, kindOf, ruleSchema, type RawRule, type Rule } from './index.js';
import { ruleOptions, type DeclaredPoints, type Read } from './kind.js';

/**
 * A rule inside a composite one, seen from outside: the most it can give (its cap included), the
 * numbers it gives as points and the checks of its own structure, with paths inside the outer rule.
 */
export function bestOf(rule: Rule, max: Exact): Exact {
  const best = kindOf(rule).best(rule, max);
  return rule.cap !== undefined ? Exact.min(best, rule.cap) : best;
}

export function declaredWithin(rule: Rule, max: Exact, path: DocPath): DeclaredPoints[] {
  const kind = kindOf(rule);
  // A deduction or given points reach down to their floor (the others give only the points they
  // declare): below zero, the outer rule's own floor must allow it, or the leaf could score below
  // the floor its rule declares.
  const floor = kind.floor(rule);
  const reached = (rule.kind === 'deduction' || rule.kind === 'given') && floor.isNegative() ? [{ key: 'floor', path: ['floor'], value: floor }] : [];
  return [...kind.declared(rule, max), ...reached].map((d) => ({ key: `${path.join('.')}.${d.key}`, path: [...path, ...d.path], value: d.value }));
}

export function checksWithin(rule: Rule, ctx: { id: string; max?: Exact }, path: DocPath): Problem[] {
  return (kindOf(rule).check?.(rule, ctx) ?? []).map((p) => ({ ...p, path: [...path, ...(p.path ?? [])] }));
}

/** The schema of a kind made of a list of inner rules (`max_of`, `sum_of`). */
export function rulesSchema<K extends 'max_of' | 'sum_of'>(kind: K, rules: string, description: string) {
  return z
    .strictObject({
      kind: z.literal(kind),
      get rules() {
        return z.array(ruleSchema).min(2).meta({ description: rules });
      },
      ...ruleOptions,
    })
    .meta({ description });
}

/** What a kind made of a list of inner rules does with them whatever it makes of their points. */
export function ofRules<K extends 'max_of' | 'sum_of'>(kind: K) {
  return {
    compile: (raw: { rules: RawRule[] }, max: Exact) => ({ kind, rules: raw.rules.map((r) => compileRule(r, max)) }),
    floor: () => Exact.ZERO,
    declared: (rule: { rules: Rule[] }, max: Exact) => rule.rules.flatMap((r, i) => declaredWithin(r, max, ['rules', i])),
    check: (rule: { rules: Rule[] }, ctx: { id: string; max?: Exact }) => rule.rules.flatMap((r, i) => checksWithin(r, ctx, ['rules', i])),
    reads: (rule: { rules: Rule[] }, env: { indicator: string; max: Exact }): Read[] => rule.rules.flatMap((r) => readsOf(r, env)),
  };
}
