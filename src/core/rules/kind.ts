import * as z from 'zod';
import { Exact } from '../exact.js';
import type { Value } from '../inputs.js';
import type { Message } from '../messages.js';
import type { DocPath, Problem } from '../problems.js';

/** Points in a criteria file: a plain YAML number, read exactly through its decimal text. */
export const pointsSchema = z.number().meta({ description: 'Points (absolute, never more than the leaf max)' });

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
  | { type: 'points'; floor: Exact; max: Exact | undefined };

/** A number in a rule together with where it was written, for checks that point at it. */
export interface DeclaredPoints {
  key: string;
  path: DocPath;
  value: Exact;
}

/**
 * One rule kind: its own schema for the criteria file, how it compiles to exact numbers, what
 * evidence it needs, and the checks on its own fields. Evaluators live beside it in the same file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RuleSchema = z.ZodObject<any, any>;

export interface RuleKind<S extends RuleSchema, Compiled extends { kind: string }> {
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
  check?(rule: Compiled, ctx: { id: string }): Problem[];
  expects(rule: Compiled, max: Exact): ValueSpec;
  /**
   * Points for a value of the type `expects` asked for (never "không áp dụng", never missing:
   * the core handles those), before rounding to the criteria's precision.
   */
  evaluate(rule: Compiled, value: Value, ctx: RuleContext): Evaluation;
  /**
   * What the unit could do to score more than it did on `value`: each way with the points the leaf
   * would then get (before rounding), the easiest first. Ways that give no more are left to the
   * caller to drop; the core compares them with the final points.
   */
  regain(rule: Compiled, value: Value, ctx: RegainContext): Regain[];
}

export interface RegainContext {
  max: Exact;
  /** For `relative`: the best value among the units of the group. */
  best?: Exact | undefined;
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

/** The value as the rule's `expects` promised it; anything else is a bug, not bad input. */
export function need<T extends Value['type']>(value: Value, ...types: T[]): Extract<Value, { type: T }> {
  if (!(types as string[]).includes(value.type)) throw new Error(`rule expected ${types.join('|')}, got ${value.type}`);
  return value as Extract<Value, { type: T }>;
}

export function ex(n: number | undefined, fallback: Exact): Exact {
  return n === undefined ? fallback : Exact.fromNumber(n);
}
