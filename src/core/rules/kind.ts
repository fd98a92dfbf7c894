import * as z from 'zod';
import { Exact } from '../exact.js';
import type { Fact, InvalidInput, LeafInput, Provenance, Value } from '../inputs.js';
import type { Message } from '../messages.js';
import type { DocPath, Problem } from '../problems.js';

/** Points in a criteria file: a plain YAML number, read exactly through its decimal text. */
export const pointsSchema = z.number().meta({ description: 'Points (absolute, never more than the leaf max)' });

/** An evidence key: the name of an indicator. */
export const indicatorName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, { error: 'format:indicator' })
  .meta({ description: 'Evidence key: letters, digits, ".", "_" and "-"' });

/**
 * What every rule may also say: where a rule inside another reads its evidence (default: the
 * enclosing rule's, and at the top the leaf's), and a cap on its points below the leaf's max.
 */
export const ruleOptions = {
  indicator: indicatorName.optional().meta({ description: "For a rule inside another: the indicator it reads (default: the leaf's)" }),
  cap: z.number().min(0).optional().meta({ description: 'The most this rule gives, below the leaf max: "tối đa không quá 8 điểm"' }),
};

/** The options of `ruleOptions`, compiled; every compiled rule may carry them. */
export interface RuleOptions {
  indicator?: string;
  cap?: Exact;
}

/** What a rule needs its evidence value to be; the evidence readers parse to this. */
export type ValueSpec =
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'number'; nonNegative: boolean }
  /** `empty`: whether 0/0 means something to the rule (proportional's `empty`); else it is refused. */
  | { type: 'percent'; empty: boolean }
  | { type: 'count' }
  | { type: 'level'; levels: readonly string[] }
  /** `max` undefined: no upper bound (an adjustment's given points, capped rather than refused). */
  | { type: 'points'; floor: Exact; max: Exact | undefined }
  /** A text compared with others after normalisation (a condition's `is`). */
  | { type: 'text' };

/** A number in a rule together with where it was written, for checks that point at it. */
export interface DeclaredPoints {
  key: string;
  path: DocPath;
  value: Exact;
}

/** One indicator a rule reads, and as what. */
export interface Read {
  indicator: string;
  spec: ValueSpec;
}

/**
 * One rule kind: its own schema for the criteria file, how it compiles to exact numbers, what
 * evidence it needs, and the checks on its own fields. Evaluators live beside it in the same file.
 * A simple kind reads one value (`expects`, `evaluate`); a composite kind (`all`, `cases`…) reads
 * conditions and rules of its own through the environment (`reads`, `compose`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RuleSchema = z.ZodObject<any, any>;

/** The kinds that read conditions and inner rules rather than one value. */
export type CompositeKindName = 'all' | 'any' | 'cases' | 'max_of' | 'sum_of';

export type RuleKind<S extends RuleSchema, Compiled extends { kind: string }> = Compiled['kind'] extends CompositeKindName
  ? CompositeKind<S, Compiled>
  : RuleKindBase<S, Compiled> & Required<Pick<RuleKindBase<S, Compiled>, 'expects' | 'evaluate'>>;

export type CompositeKind<S extends RuleSchema, Compiled extends { kind: string }> = RuleKindBase<S, Compiled> & Required<Pick<RuleKindBase<S, Compiled>, 'reads' | 'compose'>>;

export interface RuleKindBase<S extends RuleSchema, Compiled extends { kind: string }> {
  readonly kind: Compiled['kind'];
  readonly schema: S;
  compile(raw: z.infer<S>, max: Exact): Compiled;
  /** The lowest points the rule may give (0 unless the rule declares a floor). */
  floor(rule: Compiled): Exact;
  /** The most the rule can give, to warn when a leaf can never reach its max. */
  best(rule: Compiled, max: Exact): Exact;
  /** Every number the rule gives as points, for the range checks against max and floor. */
  declared(rule: Compiled, max: Exact): DeclaredPoints[];
  /** Checks of the rule's own structure (band order, duplicate levels); paths are inside the rule. */
  check?(rule: Compiled, ctx: { id: string; max?: Exact }): Problem[];
  /** A simple kind: the one value it reads. */
  expects?(rule: Compiled, max: Exact): ValueSpec;
  /**
   * A simple kind: points for a value of the type `expects` asked for (never "không áp dụng",
   * never missing: the dispatcher handles those), before rounding to the criteria's precision.
   */
  evaluate?(rule: Compiled, value: Value, ctx: RuleContext): Evaluation;
  /** A composite kind: every indicator it reads, its inner rules' included. */
  reads?(rule: Compiled, env: { indicator: string; max: Exact }): Read[];
  /** A composite kind: its outcome, reading conditions and running inner rules through `env`. */
  compose?(rule: Compiled, env: Env): Outcome;
  /**
   * What the unit could do to score more than it did: each way with the points the leaf would then
   * get (before rounding), the easiest first. Ways that give no more are left to the caller to drop.
   */
  regain(rule: Compiled, value: Value | undefined, ctx: RegainContext): Regain[];
}

export interface RegainContext {
  max: Exact;
  /** For `relative`: the best value among the units of the group. */
  best?: Exact | undefined;
  /** The outcome's own message: a composite rule reads what decided it from there. */
  message?: Message;
}

/** One way to regain points: what to do, as a message, and the leaf's points once it is done. */
export interface Regain {
  message: Message;
  points: Exact;
}

export interface RuleContext {
  max: Exact;
  /** The value as written ("810/849"), for messages. */
  text: string;
  note?: string | undefined;
  /** For `relative`: the best value among the units of the group. */
  best?: Exact | undefined;
}

export type Evaluation = { points: Exact; message: Message } | { notApplicable: true; message: Message };

/** What a leaf's evidence holds for one read: a value as the rule needs it, or one that could not be read. */
export type ReadInput = LeafInput | InvalidInput;

/** Where a rule finds its evidence: the leaf's reads, the unit's facts, the leaf's max. */
export interface Env {
  max: Exact;
  /** The indicator a rule reads unless it names its own. */
  indicator: string;
  read(indicator: string, spec: ValueSpec): ReadInput | undefined;
  /** A fact about the unit, with the title the criteria give it. */
  attribute(name: string): (Fact & { title: string }) | undefined;
  /** For a `relative` leaf: the best value among the units of the group. */
  best?: Exact | undefined;
}

/**
 * A rule's outcome on a unit's evidence: its points, or why there are none — the rule's own "not
 * applicable" (0/0 with `empty: na`), a read with no evidence, one that could not be read, a
 * derived value below `min_rows`, or the unit's "không áp dụng".
 */
export type Outcome =
  | { status: 'scored'; points: Exact; message: Message; evidence: Provenance[]; value?: Value; input?: ReadInput }
  | { status: 'not_applicable'; message: Message; evidence: Provenance[]; input?: ReadInput }
  | { status: 'no_evidence'; indicator: string; evidence: Provenance[] }
  | { status: 'invalid'; text: string; evidence: Provenance[]; input?: ReadInput }
  | { status: 'insufficient_data'; evidence: Provenance[]; input: ReadInput }
  | { status: 'declared_na'; text: string; evidence: Provenance[]; input: ReadInput };

/** The value as the rule's `expects` promised it; anything else is a bug, not bad input. */
export function need<T extends Value['type']>(value: Value, ...types: T[]): Extract<Value, { type: T }> {
  if (!(types as string[]).includes(value.type)) throw new Error(`rule expected ${types.join('|')}, got ${value.type}`);
  return value as Extract<Value, { type: T }>;
}

export function ex(n: number | undefined, fallback: Exact): Exact {
  return n === undefined ? fallback : Exact.fromNumber(n);
}
