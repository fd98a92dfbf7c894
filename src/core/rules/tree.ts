import type { DocPath } from '../problems.js';
import { factsAt, specOf, type Condition, type FactNode } from './conditions.js';
import { isComposite } from './evaluate.js';
import { kindOf, type Rule } from './index.js';
import type { Exact } from '../exact.js';
import type { ValueSpec } from './kind.js';

/**
 * A rule seen as the criteria file writes it: the rule itself, every rule inside it and every
 * condition it reads, each with the YAML path it came from, in the file's order. The checks walk
 * this tree so that a problem deep inside a composite rule points at its own line.
 */
export type RuleNode =
  | {
      type: 'rule';
      rule: Rule;
      path: DocPath;
      /** The indicator the rule reads: its own, else the enclosing rule's, at the top the leaf's. */
      indicator: string;
      /** Inside another rule. */
      nested: boolean;
    }
  /** A condition as written in one place: a case's `when`, an item of `all`/`any`'s `of`. */
  | { type: 'condition'; condition: Condition; path: DocPath };

export function ruleTree(rule: Rule, path: DocPath, indicator: string, nested = false): RuleNode[] {
  const own = rule.indicator ?? indicator;
  const nodes: RuleNode[] = [{ type: 'rule', rule, path, indicator: own, nested }];
  const inner = (r: Rule, p: DocPath) => nodes.push(...ruleTree(r, p, own, true));
  switch (rule.kind) {
    case 'all':
    case 'any':
      rule.of.forEach((c, i) => nodes.push({ type: 'condition', condition: c, path: [...path, 'of', i] }));
      break;
    case 'cases':
      rule.cases.forEach((c, i) => {
        nodes.push({ type: 'condition', condition: c.when, path: [...path, 'cases', i, 'when'] });
        if ('rule' in c.then) inner(c.then.rule, [...path, 'cases', i, 'rule']);
      });
      if ('rule' in rule.otherwise) inner(rule.otherwise.rule, [...path, 'otherwise']);
      break;
    case 'max_of':
    case 'sum_of':
      rule.rules.forEach((r, i) => inner(r, [...path, 'rules', i]));
      break;
  }
  return nodes;
}

/** Every attribute (fact about the unit) a rule's conditions test, its inner rules' included, once each. */
export function attributesOf(rule: Rule): string[] {
  const names = ruleTree(rule, [], '').flatMap((n) => (n.type === 'condition' ? factsAt(n.condition, n.path).map((f) => f.fact) : []));
  return [...new Set(names.filter((f) => f.source === 'attribute').map((f) => f.name))];
}

/** One read of an indicator, where it is written and, for a condition, its fact. */
export interface LocatedRead {
  indicator: string;
  spec: ValueSpec;
  /** A simple rule's `kind` (the kind decides what it reads); a condition's `indicator`. */
  path: DocPath;
  fact?: FactNode;
}

/**
 * Every read of an item's rule in the file's order, repeats included: what `leafReads` lists for
 * the evaluator, each with its place. A simple rule reads the indicator in effect as its kind
 * expects; a condition reads its own indicator as its test needs (attributes come with the unit).
 */
export function locatedReads(item: { rule: Rule; indicator: string; max: Exact; path: DocPath }): LocatedRead[] {
  return ruleTree(item.rule, [...item.path, 'rule'], item.indicator).flatMap((node): LocatedRead[] => {
    if (node.type === 'rule') {
      if (isComposite(node.rule)) return [];
      return [{ indicator: node.indicator, spec: kindOf(node.rule).expects(node.rule, item.max), path: [...node.path, 'kind'] }];
    }
    return factsAt(node.condition, node.path)
      .filter(({ fact }) => fact.source === 'indicator')
      .map(({ fact, path }) => ({ indicator: fact.name, spec: specOf(fact.test), path: [...path, 'indicator'], fact }));
  });
}
