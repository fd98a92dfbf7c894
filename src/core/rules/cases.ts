import * as z from 'zod';
import { Exact } from '../exact.js';
import type { Value } from '../inputs.js';
import { message, type Message } from '../messages.js';
import { blocked, compileCondition, conditionReads, conditionSchema, evidenceOf, judge, type Condition, type FactRead } from './conditions.js';
import { readsOf, regainOf, run } from './evaluate.js';
import { compileRule, kindOf, ruleSchema, type RawRule, type Rule } from './index.js';
import { ex, pointsSchema, ruleOptions, type Outcome, type RuleKind } from './kind.js';
import { bestOf, checksWithin, declaredWithin } from './nested.js';

/**
 * A condition picks the formula: "Tự cân đối được thu, chi ngân sách được tính 10 điểm. Trường
 * hợp chưa tự cân đối …, từ 30% trở xuống được tính 3 điểm; trên 30% thì cứ thêm 5% được tính
 * thêm 0,5 điểm, nhưng tối đa không quá 8 điểm". The first case whose `when` holds decides, with
 * its points or its own rule; `otherwise` decides when none does.
 */
const caseSchema = z
  .strictObject({
    when: conditionSchema,
    points: pointsSchema.optional().meta({ description: 'The points when the condition holds' }),
    get rule() {
      return ruleSchema.optional().meta({ description: 'Or the rule that gives the points when the condition holds' });
    },
  })
  .refine((c) => (c.points === undefined) !== (c.rule === undefined), { params: { problem: 'case-outcome' } })
  .meta({ description: 'One case: `when` and either `points` or a `rule`' });

const schema = z
  .strictObject({
    kind: z.literal('cases'),
    cases: z.array(caseSchema).min(1).meta({ description: 'Tried in order; the first whose condition holds decides' }),
    get otherwise() {
      return z
        .union([z.strictObject({ points: pointsSchema }), ruleSchema])
        .meta({ description: 'What decides when no case holds: a rule, or { points: N }' });
    },
    floor: pointsSchema.optional().meta({ description: 'The lowest points (default 0; may be negative)' }),
    ...ruleOptions,
  })
  .meta({ description: 'The first case whose condition holds decides, with its points or its own rule; otherwise decides when none does' });

type Then = { points: Exact } | { rule: Rule };

export interface CasesRule {
  kind: 'cases';
  cases: Array<{ when: Condition; then: Then }>;
  otherwise: Then;
  floor?: Exact;
}

/** One case tried on a unit, for the explanation and the plan. */
export interface CaseTried {
  /** 1-based; null for `otherwise`. */
  case: number | null;
  facts: FactRead[];
  holds: boolean;
}

export const casesRule: RuleKind<typeof schema, CasesRule> = {
  kind: 'cases',
  schema,
  compile: (raw, max) => {
    const then = (t: { points?: number | undefined; rule?: RawRule | undefined } | RawRule): Then =>
      'kind' in t ? { rule: compileRule(t as RawRule, max) } : t.rule !== undefined ? { rule: compileRule(t.rule, max) } : { points: Exact.fromNumber(t.points!) };
    return {
      kind: 'cases',
      cases: raw.cases.map((c) => ({ when: compileCondition(c.when), then: then(c) })),
      otherwise: then(raw.otherwise as RawRule),
      ...(raw.floor !== undefined ? { floor: Exact.fromNumber(raw.floor) } : {}),
    };
  },
  floor: (rule) => rule.floor ?? Exact.ZERO,
  best: (rule, max) => [...rule.cases.map((c) => c.then), rule.otherwise].reduce((m, t) => Exact.max(m, thenBest(t, max)), Exact.ZERO),
  declared: (rule, max) =>
    outcomes(rule).flatMap(({ then, path }) => ('points' in then ? [{ key: path.join('.'), path, value: then.points }] : declaredWithin(then.rule, max, path))),
  check: (rule, ctx) => outcomes(rule).flatMap(({ then, path }) => ('rule' in then ? checksWithin(then.rule, ctx, path) : [])),
  reads: (rule, env) => [
    ...rule.cases.flatMap((c) => conditionReads(c.when)),
    ...[...rule.cases.map((c) => c.then), rule.otherwise].flatMap((t) => ('rule' in t ? readsOf(t.rule, env) : [])),
  ],
  compose: (rule, env) => {
    const tried: CaseTried[] = [];
    for (const [i, c] of rule.cases.entries()) {
      const v = judge(c.when, env);
      if (v.status !== 'known') return blocked(v);
      tried.push({ case: i + 1, facts: v.facts, holds: v.holds });
      if (v.holds) return decide(c.then, tried);
    }
    return decide(rule.otherwise, tried);

    function decide(then: Then, tried: CaseTried[]): Outcome {
      const evidence = evidenceOf(tried.flatMap((t) => t.facts));
      const decided = tried.find((t) => t.holds)?.case ?? null;
      if ('points' in then) return { status: 'scored', points: then.points, message: message('cases.decided', { case: decided, tried, points: then.points }), evidence };
      const o = run(then.rule, env);
      if (o.status !== 'scored') return { ...o, evidence: [...evidence, ...o.evidence] };
      return {
        status: 'scored',
        points: o.points,
        message: message('cases.decided', { case: decided, tried, points: o.points, inner: o.message, ...(o.value ? { value: o.value } : {}) }),
        evidence: [...evidence, ...o.evidence],
      };
    }
  },
  // A better case made to hold, or the deciding case's own rule done better.
  regain: (rule, _value, { max, message: m }) => {
    if (m?.id !== 'cases.decided') return [];
    const { case: decided, tried, inner, value } = m.data;
    const better = tried
      .filter((t) => !t.holds && t.case !== null && (decided === null || t.case < decided))
      .map((t) => ({ points: thenBest(rule.cases[t.case! - 1]!.then, max), message: message('regain.case', { case: t.case!, facts: t.facts.filter((f) => !f.holds) }) }));
    const then = decided === null ? rule.otherwise : rule.cases[decided - 1]!.then;
    const own = 'rule' in then && inner ? regainOf(then.rule, value, { max, message: inner }) : [];
    return [...own, ...better];
  },
};

/** Each case's outcome and the otherwise, with where its points or rule are written. */
function outcomes(rule: CasesRule): Array<{ then: Then; path: Array<string | number> }> {
  const at = (then: Then, base: Array<string | number>, own: string) => ({ then, path: 'points' in then ? [...base, 'points'] : own === '' ? base : [...base, own] });
  return [...rule.cases.map((c, i) => at(c.then, ['cases', i], 'rule')), at(rule.otherwise, ['otherwise'], '')];
}

function thenBest(then: Then, max: Exact): Exact {
  return 'points' in then ? then.points : bestOf(then.rule, max);
}

