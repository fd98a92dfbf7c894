import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { regainOf, run } from './evaluate.js';
import type { Rule } from './index.js';
import type { Outcome, RuleKind } from './kind.js';
import { bestOf, ofRules, rulesSchema } from './nested.js';

/**
 * The best of alternatives: "Có Trung tâm dữ liệu: 35 điểm; đáp ứng tiêu chuẩn … (tính điểm cho
 * trường hợp nào có điểm cao nhất)". An alternative without evidence counts only where the others
 * already reach all it could give; otherwise the leaf has no evidence, never a guess.
 */
const schema = rulesSchema('max_of', 'The alternatives; the leaf gets the highest of their points', 'The best of alternatives: "tính điểm cho trường hợp nào có điểm cao nhất"');

export interface MaxOfRule {
  kind: 'max_of';
  rules: Rule[];
}

export const maxOfRule: RuleKind<typeof schema, MaxOfRule> = {
  kind: 'max_of',
  schema,
  ...ofRules('max_of'),
  best: (rule, max) => rule.rules.reduce((m, r) => Exact.max(m, bestOf(r, max)), Exact.ZERO),
  compose: (rule, env) => {
    const outcomes = rule.rules.map((r) => run(r, env));
    const stop = outcomes.find((o) => o.status === 'invalid' || o.status === 'insufficient_data' || o.status === 'declared_na');
    if (stop) return stop;
    const scored = outcomes.flatMap((o, i) => (o.status === 'scored' ? [{ o, i }] : []));
    const missing = outcomes.flatMap((o, i) => (o.status === 'no_evidence' ? [{ o, i }] : []));
    const evidence = outcomes.flatMap((o) => o.evidence);
    if (scored.length === 0) return missing[0]?.o ?? outcomes[0]!;
    const chosen = scored.reduce((a, b) => (b.o.points.gt(a.o.points) ? b : a));
    // What an alternative without evidence could give must not beat what is known.
    if (missing.some(({ i }) => bestOf(rule.rules[i]!, env.max).gt(chosen.o.points))) return { ...missing[0]!.o, evidence };
    const alternatives = outcomes.map((o) => (o.status === 'scored' ? { points: o.points, message: o.message, ...(o.value ? { value: o.value } : {}) } : { status: o.status }));
    return { status: 'scored', points: chosen.o.points, message: message('max_of.best', { chosen: chosen.i + 1, inner: chosen.o.message, alternatives }), evidence } satisfies Outcome;
  },
  // Any alternative done better.
  regain: (rule, _value, { max, message: m }) => {
    if (m?.id !== 'max_of.best') return [];
    return m.data.alternatives.flatMap((a, i) => ('points' in a ? regainOf(rule.rules[i]!, a.value, { max, message: a.message }) : []));
  },
};
