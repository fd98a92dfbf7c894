import { Exact } from '../exact.js';
import type { DocPath, Problem } from '../problems.js';
import { kindOf, type Rule } from './index.js';
import type { DeclaredPoints } from './kind.js';

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
