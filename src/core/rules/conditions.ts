import * as z from 'zod';
import { Exact } from '../exact.js';
import type { Provenance, Value } from '../inputs.js';
import type { DocPath } from '../problems.js';
import { foldText } from '../text.js';
import { message } from '../messages.js';
import { ex, indicatorName, pointsSchema, ruleOptions, type CompositeKind, type Env, type Outcome, type Read, type ReadInput, type ValueSpec } from './kind.js';

/**
 * Conditions, as real decisions write them: "có bố trí kinh phí", "xã miền núi", "tỷ lệ từ 30% trở
 * xuống", joined by "và" / "hoặc". A condition reads one indicator (the unit's evidence) or one
 * attribute (a fact from the units file) and tests it; `all`, `any` and `not` join conditions.
 * Every composite rule (all, any, cases) reads its conditions here, and every fact it read goes
 * into the explanation with its value and place.
 */
export interface RawCondition {
  indicator?: string | undefined;
  attribute?: string | undefined;
  is?: string | undefined;
  min?: number | undefined;
  above?: number | undefined;
  below?: number | undefined;
  at_most?: number | undefined;
  of?: 'percent' | 'number' | undefined;
  all?: RawCondition[] | undefined;
  any?: RawCondition[] | undefined;
  not?: RawCondition | undefined;
}

const SUBJECTS = ['indicator', 'attribute', 'all', 'any', 'not'] as const;
const TESTS = ['is', 'min', 'above', 'below', 'at_most'] as const;

export const conditionSchema: z.ZodType<RawCondition> = z
  .strictObject({
    indicator: indicatorName.optional().meta({ description: 'An indicator of the unit’s evidence' }),
    attribute: z.string().min(1).optional().meta({ description: 'A fact about the unit (the criteria’s attributes)' }),
    is: z.string().min(1).optional().meta({ description: 'Holds when the value is this text (after normalisation); without a test: when it is yes' }),
    min: z.number().optional().meta({ description: 'Holds from this value up (≥)' }),
    above: z.number().optional().meta({ description: 'Holds above this value (>)' }),
    below: z.number().optional().meta({ description: 'Holds below this value (<)' }),
    at_most: z.number().optional().meta({ description: 'Holds up to this value (≤)' }),
    of: z.enum(['percent', 'number']).optional().meta({ description: 'What a compared value is (default percent; ratios as everywhere)' }),
    get all() {
      return z.array(conditionSchema).min(1).optional().meta({ description: 'Holds when every condition holds ("và")' });
    },
    get any() {
      return z.array(conditionSchema).min(1).optional().meta({ description: 'Holds when at least one condition holds ("hoặc")' });
    },
    get not() {
      return conditionSchema.optional().meta({ description: 'Holds when the condition does not' });
    },
  })
  .superRefine((c, issues) => {
    const subjects = SUBJECTS.filter((k) => c[k] !== undefined);
    const tests = TESTS.filter((k) => c[k] !== undefined);
    const fact = c.indicator !== undefined || c.attribute !== undefined;
    const clash =
      subjects.length !== 1 ||
      (!fact && (tests.length > 0 || c.of !== undefined)) ||
      (c.is !== undefined && tests.length > 1) ||
      (c.min !== undefined && c.above !== undefined) ||
      (c.below !== undefined && c.at_most !== undefined) ||
      (c.of !== undefined && (c.is !== undefined || tests.length === 0));
    if (clash) issues.addIssue({ code: 'custom', params: { problem: 'condition-shape' }, input: c });
  })
  .meta({ id: 'condition', description: 'A condition: { indicator: X } (yes), with is / min / above / below / at_most; or attribute: instead of indicator; or all, any, not' });

export interface Bound {
  value: Exact;
  /** `above` and `below` exclude the bound; `min` and `at_most` include it. */
  strict: boolean;
}

export type Test =
  | { type: 'yes' }
  | { type: 'is'; text: string }
  | { type: 'compare'; of: 'percent' | 'number'; lower?: Bound; upper?: Bound };

export type Condition =
  | { kind: 'fact'; source: 'indicator' | 'attribute'; name: string; test: Test }
  | { kind: 'all' | 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition };

export function compileCondition(raw: RawCondition): Condition {
  if (raw.all) return { kind: 'all', of: raw.all.map(compileCondition) };
  if (raw.any) return { kind: 'any', of: raw.any.map(compileCondition) };
  if (raw.not) return { kind: 'not', of: compileCondition(raw.not) };
  const bound = (n: number | undefined, strict: boolean): Bound | undefined => (n === undefined ? undefined : { value: Exact.fromNumber(n), strict });
  const lower = bound(raw.min, false) ?? bound(raw.above, true);
  const upper = bound(raw.at_most, false) ?? bound(raw.below, true);
  const test: Test =
    raw.is !== undefined
      ? { type: 'is', text: raw.is }
      : lower || upper
        ? { type: 'compare', of: raw.of ?? 'percent', ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) }
        : { type: 'yes' };
  return raw.attribute !== undefined ? { kind: 'fact', source: 'attribute', name: raw.attribute, test } : { kind: 'fact', source: 'indicator', name: raw.indicator!, test };
}

/** What a test needs the value to be. */
export function specOf(test: Test): ValueSpec {
  switch (test.type) {
    case 'yes':
      return { type: 'boolean' };
    case 'is':
      return { type: 'text' };
    case 'compare':
      return test.of === 'percent' ? { type: 'percent', empty: false } : { type: 'number', nonNegative: false };
  }
}

export type FactNode = Extract<Condition, { kind: 'fact' }>;

/** Every fact a condition tests, with the path of the map that tests it. */
export function factsAt(c: Condition, path: DocPath): Array<{ fact: FactNode; path: DocPath }> {
  switch (c.kind) {
    case 'fact':
      return [{ fact: c, path }];
    case 'not':
      return factsAt(c.of, [...path, 'not']);
    default:
      return c.of.flatMap((x, i) => factsAt(x, [...path, c.kind, i]));
  }
}

/** Every fact a condition tests, in order. */
export function factsOf(c: Condition): FactNode[] {
  return factsAt(c, []).map((f) => f.fact);
}

/** The indicators a condition reads (attributes come with the unit). */
export function conditionReads(c: Condition): Read[] {
  return factsOf(c)
    .filter((f) => f.source === 'indicator')
    .map((f) => ({ indicator: f.name, spec: specOf(f.test) }));
}

/** One fact a condition read, for the explanation: what it is, what was written and where, and whether its test held. */
export interface FactRead {
  source: 'indicator' | 'attribute';
  name: string;
  /** An attribute's title ("Xã miền núi, vùng cao"). */
  title?: string;
  test: Test;
  text: string;
  holds: boolean;
  at?: Provenance;
}

/**
 * A condition's verdict on a unit: whether it holds and the facts it read — or, when a fact it
 * needs has no evidence (never taken as "no"), cannot be read, or is a derived value with too
 * few rows, what stopped it.
 */
export type Verdict =
  | { status: 'known'; holds: boolean; facts: FactRead[] }
  | { status: 'no_evidence'; indicator: string; facts: FactRead[] }
  | { status: 'invalid'; text: string; evidence: Provenance[]; input?: ReadInput }
  | { status: 'insufficient_data'; input: ReadInput; evidence: Provenance[] };

export function judge(c: Condition, env: Env): Verdict {
  const facts: FactRead[] = [];
  let stop: Exclude<Verdict, { status: 'known' }> | undefined;
  const walk = (c: Condition): boolean => {
    if (c.kind === 'not') return !walk(c.of);
    if (c.kind !== 'fact') return c.kind === 'all' ? c.of.map(walk).every(Boolean) : c.of.map(walk).some(Boolean);
    const read = readFact(c, env);
    if ('status' in read) {
      stop ??= read;
      return false;
    }
    facts.push(read);
    return read.holds;
  };
  const holds = walk(c);
  if (stop?.status === 'no_evidence') return { ...stop, facts };
  return stop ?? { status: 'known', holds, facts };
}

function readFact(f: Extract<Condition, { kind: 'fact' }>, env: Env): FactRead | Exclude<Verdict, { status: 'known' }> {
  if (f.source === 'attribute') {
    const fact = env.attribute(f.name);
    if (!fact) return { status: 'no_evidence', indicator: f.name, facts: [] };
    return { source: 'attribute', name: f.name, title: fact.title, test: f.test, text: fact.text, holds: passes(f.test, fact.value), at: fact.evidence };
  }
  const input = env.read(f.name, specOf(f.test));
  if (!input) return { status: 'no_evidence', indicator: f.name, facts: [] };
  if ('invalid' in input) return { status: 'invalid', text: input.text, evidence: input.evidence, input };
  if (input.derived?.insufficient) return { status: 'insufficient_data', input, evidence: input.evidence };
  // "Không áp dụng" answers no test.
  if (input.value.type === 'na') return { status: 'invalid', text: input.text, evidence: input.evidence, input };
  const at = input.evidence[0];
  return { source: 'indicator', name: f.name, test: f.test, text: input.text, holds: passes(f.test, input.value), ...(at ? { at } : {}) };
}

function passes(test: Test, value: Value): boolean {
  switch (test.type) {
    case 'yes':
      if (value.type !== 'boolean') throw new Error(`condition expected yes/no, got ${value.type}`);
      return value.value;
    case 'is': {
      const text = value.type === 'text' ? value.value : value.type === 'level' ? value.label : undefined;
      if (text === undefined) throw new Error(`condition expected a text, got ${value.type}`);
      return foldText(text) === foldText(test.text);
    }
    case 'compare': {
      if (value.type !== 'number' && value.type !== 'percent' && value.type !== 'count') throw new Error(`condition expected a number, got ${value.type}`);
      const v = value.value;
      if (v === undefined) return false;
      const { lower, upper } = test;
      const aboveLower = !lower || (lower.strict ? v.gt(lower.value) : v.gte(lower.value));
      const belowUpper = !upper || (upper.strict ? v.lt(upper.value) : v.lte(upper.value));
      return aboveLower && belowUpper;
    }
  }
}


// ─────────────────────────────────────────────────────────────────────────── all, any

const joinedSchema = <K extends 'all' | 'any'>(kind: K, words: string) =>
  z
    .strictObject({
      kind: z.literal(kind),
      of: z.array(conditionSchema).min(1).meta({ description: `The conditions (${words})` }),
      yes: pointsSchema.optional().meta({ description: 'Points when they hold (default: the leaf max)' }),
      no: pointsSchema.optional().meta({ description: 'Points otherwise (default 0)' }),
      floor: pointsSchema.optional().meta({ description: 'The lowest points (default 0; may be negative)' }),
      ...ruleOptions,
    })
    .meta({ description: `Conditions joined by "${words}": yes when ${kind === 'all' ? 'all hold' : 'at least one holds'}, else no` });

export interface JoinedRule<K extends 'all' | 'any'> {
  kind: K;
  of: Condition[];
  yes: Exact;
  no: Exact;
  floor?: Exact;
  declaredYes: boolean;
  declaredNo: boolean;
}

/** `all` ("và") and `any` ("hoặc"): yes when all (at least one) of the conditions hold, else no. */
export function joinedKind<K extends 'all' | 'any'>(kind: K, words: string): CompositeKind<ReturnType<typeof joinedSchema<K>>, JoinedRule<K>> {
  return {
    kind,
    schema: joinedSchema(kind, words),
    compile: (raw, max) => ({
      kind,
      of: raw.of.map(compileCondition),
      yes: ex(raw.yes, max),
      no: ex(raw.no, Exact.ZERO),
      ...(raw.floor !== undefined ? { floor: Exact.fromNumber(raw.floor) } : {}),
      declaredYes: raw.yes !== undefined,
      declaredNo: raw.no !== undefined,
    }),
    floor: (rule) => rule.floor ?? Exact.ZERO,
    best: (rule) => Exact.max(rule.yes, rule.no),
    declared: (rule) => [
      ...(rule.declaredYes ? [{ key: 'yes', path: ['yes'], value: rule.yes }] : []),
      ...(rule.declaredNo ? [{ key: 'no', path: ['no'], value: rule.no }] : []),
    ],
    reads: (rule) => rule.of.flatMap(conditionReads),
    compose: (rule, env) => {
      const verdict = judge({ kind, of: rule.of }, env);
      if (verdict.status !== 'known') return blocked(verdict);
      const facts = verdict.facts;
      return {
        status: 'scored',
        points: verdict.holds ? rule.yes : rule.no,
        message: message('conditions.result', { join: kind, holds: verdict.holds, facts }),
        evidence: evidenceOf(facts),
      };
    },
    // All: every unmet fact at once; any: each unmet fact alone.
    regain: (rule, _value, { message: m }) => {
      if (m?.id !== 'conditions.result' || m.data.holds) return [];
      const failing = m.data.facts.filter((f) => !f.holds);
      const ways = kind === 'all' ? [failing] : failing.map((f) => [f]);
      return ways.map((facts) => ({ points: rule.yes, message: message('regain.conditions', { facts }) }));
    },
  };
}

/** A verdict that stopped on a fact: the outcome of the rule that asked. */
export function blocked(v: Exclude<Verdict, { status: 'known' }>): Outcome {
  switch (v.status) {
    case 'no_evidence':
      return { status: 'no_evidence', indicator: v.indicator, evidence: evidenceOf(v.facts) };
    case 'invalid':
      return { status: 'invalid', text: v.text, evidence: v.evidence, ...(v.input ? { input: v.input } : {}) };
    case 'insufficient_data':
      return { status: 'insufficient_data', input: v.input, evidence: v.evidence };
  }
}

/** The places the facts were read from, in order. */
export function evidenceOf(facts: readonly FactRead[]): Provenance[] {
  return facts.flatMap((f) => (f.at ? [f.at] : []));
}
