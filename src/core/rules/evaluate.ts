import type { Exact } from '../exact.js';
import { message, type Message } from '../messages.js';
import { foldText } from '../text.js';
import { kindOf, type Rule } from './index.js';
import type { Value } from '../inputs.js';
import type { Env, Outcome, Read, Regain, ValueSpec } from './kind.js';

/**
 * The one evaluator of rules: a leaf's rule, and every rule inside a composite one, go through
 * `run`. A simple rule reads its one value (no evidence, unreadable, too few rows and the unit's
 * "không áp dụng" are outcomes of their own, never points); a composite rule reads what it needs
 * through the same environment. A rule's `cap` then bounds its points.
 */
export function run(rule: Rule, env: Env): Outcome {
  const kind = kindOf(rule);
  const own = rule.indicator === undefined ? env : withIndicator(env, rule.indicator);
  const outcome = kind.compose ? kind.compose(rule, own) : simple(rule, own);
  if (outcome.status !== 'scored' || rule.cap === undefined || !outcome.points.gt(rule.cap)) return outcome;
  return { ...outcome, points: rule.cap, message: message('rule.capped', { cap: rule.cap, points: outcome.points, inner: outcome.message }) };
}

/** The same evidence, read for a rule that names its own indicator. */
function withIndicator(env: Env, indicator: string): Env {
  return { max: env.max, indicator, read: (i, spec) => env.read(i, spec), attribute: (name) => env.attribute(name), best: env.best };
}

/** What a simple rule reads its value as: the same for a compiled rule every time, so worked out once. */
const specs = new WeakMap<Rule, ValueSpec>();
function expectsOf(rule: Rule, max: Exact): ValueSpec {
  let spec = specs.get(rule);
  if (spec === undefined) specs.set(rule, (spec = kindOf(rule).expects(rule, max)));
  return spec;
}

function simple(rule: Rule, env: Env): Outcome {
  const kind = kindOf(rule);
  const input = env.read(env.indicator, expectsOf(rule, env.max));
  if (!input) return { status: 'no_evidence', indicator: env.indicator, evidence: [] };
  const evidence = input.evidence;
  if ('invalid' in input) return { status: 'invalid', text: input.text, evidence, input };
  if (input.derived?.insufficient) return { status: 'insufficient_data', evidence, input };
  if (input.value.type === 'na') return { status: 'declared_na', text: input.text, evidence, input };
  const e = kind.evaluate(rule, input.value, { max: env.max, text: input.text, note: input.note, best: env.best });
  if ('notApplicable' in e) return { status: 'not_applicable', message: e.message, evidence, input };
  return { status: 'scored', points: e.points, message: e.message, evidence, value: input.value, input };
}

/**
 * What would regain points under a rule, as much as its cap lets through: a simple rule reads the
 * value it scored, a composite one what decided it from its (uncapped) message.
 */
export function regainOf(rule: Rule, value: Value | undefined, ctx: { max: Exact; best?: Exact | undefined; message: Message }): Regain[] {
  const kind = kindOf(rule);
  if (!kind.compose && value === undefined) return [];
  // Under a cap the rule gives no more than the cap: the ways aim at it, not at the leaf's max.
  const max = rule.cap !== undefined && rule.cap.lt(ctx.max) ? rule.cap : ctx.max;
  return kind
    .regain(rule, value, { ...ctx, max, message: uncapped(ctx.message) })
    .map((w) => (w.points.gt(max) ? { ...w, points: max } : w));
}

/** A rule's own message under the one its cap wrapped it in. */
export function uncapped(m: Message): Message {
  return m.id === 'rule.capped' ? m.data.inner : m;
}

/** Whether a rule reads conditions and inner rules rather than one value. */
export function isComposite(rule: Rule): boolean {
  return kindOf(rule).compose !== undefined;
}

/** Every indicator a rule reads, and as what, once each; `indicator` is the leaf's. */
export function readsOf(rule: Rule, env: { indicator: string; max: Exact }): Read[] {
  const kind = kindOf(rule);
  const indicator = rule.indicator ?? env.indicator;
  const reads = kind.reads ? kind.reads(rule, { indicator, max: env.max }) : [{ indicator, spec: kind.expects(rule, env.max) }];
  const seen = new Set<string>();
  return reads.filter((r) => {
    const key = readKey('', r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What a leaf reads, each with the key its value is kept under among the unit's inputs: a simple
 * leaf its one indicator under its id, a composite leaf every read under `readKey`.
 */
export function leafReads(leaf: { id: string; rule: Rule; indicator: string; max: Exact }): Array<Read & { key: string }> {
  if (!isComposite(leaf.rule)) return [{ key: leaf.id, indicator: leaf.indicator, spec: kindOf(leaf.rule).expects(leaf.rule, leaf.max) }];
  return readsOf(leaf.rule, leaf).map((r) => ({ ...r, key: readKey(leaf.id, r) }));
}

/**
 * Where a composite leaf's value for one read is kept among the unit's inputs: the leaf, the
 * indicator (folded, as evidence matches it) and what it is read as. A simple leaf's one value is
 * kept under the leaf's id.
 */
export function readKey(leaf: string, read: Read): string {
  return `${leaf}\u0000${foldText(read.indicator)}\u0000${specKey(read.spec)}`;
}

function specKey(spec: ValueSpec): string {
  switch (spec.type) {
    case 'number':
      return `number:${spec.nonNegative}`;
    case 'percent':
      return `percent:${spec.empty}`;
    case 'level':
      return `level:${spec.levels.join('\u0001')}`;
    case 'points':
      return `points:${spec.floor.toString()}:${spec.max?.toString() ?? ''}`;
    default:
      return spec.type;
  }
}
