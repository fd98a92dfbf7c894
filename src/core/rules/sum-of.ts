import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { regainOf, run } from './evaluate.js';
import type { Rule } from './index.js';
import type { RuleKind } from './kind.js';
import { bestOf, ofRules, rulesSchema } from './nested.js';

/**
 * Parts that add up: "mỗi tiêu chí đạt được tính 1 điểm", "điểm A cộng điểm B", capped at the
 * leaf's max. Every part needs its evidence: a sum with a part unknown is no sum.
 */
const schema = rulesSchema('sum_of', 'The parts; the leaf gets their sum, up to its max', 'The sum of its rules, capped at the leaf max');

export interface SumOfRule {
  kind: 'sum_of';
  rules: Rule[];
}

export const sumOfRule: RuleKind<typeof schema, SumOfRule> = {
  kind: 'sum_of',
  schema,
  ...ofRules('sum_of'),
  best: (rule, max) => Exact.min(max, Exact.sum(rule.rules.map((r) => bestOf(r, max)))),
  compose: (rule, env) => {
    const outcomes = rule.rules.map((r) => run(r, env));
    const evidence = outcomes.flatMap((o) => o.evidence);
    const stop = outcomes.find((o) => o.status !== 'scored' && o.status !== 'not_applicable');
    if (stop) return { ...stop, evidence };
    const parts = outcomes.map((o) => (o.status === 'scored' ? { points: o.points, message: o.message, ...(o.value ? { value: o.value } : {}) } : { points: Exact.ZERO, ...('message' in o ? { message: o.message } : {}) }));
    const total = Exact.sum(parts.map((p) => p.points));
    const capped = total.gt(env.max);
    return { status: 'scored', points: capped ? env.max : total, message: message('sum_of.total', { parts, total, capped }), evidence };
  },
  // Any part done better, the others kept.
  regain: (rule, _value, { max, message: m }) => {
    if (m?.id !== 'sum_of.total') return [];
    const { parts, total } = m.data;
    return parts.flatMap((p, i) =>
      (p.message ? regainOf(rule.rules[i]!, p.value, { max, message: p.message }) : []).map((w) => ({ message: w.message, points: Exact.min(max, total.sub(p.points).add(w.points)) })),
    );
  },
};
