import * as z from 'zod';
import { Exact } from '../exact.js';
import { allRule, type AllRule } from './all.js';
import { anyRule, type AnyRule } from './any.js';
import { bandsRule, type BandsRule } from './bands.js';
import { booleanRule, type BooleanRule } from './boolean.js';
import { casesRule, type CasesRule } from './cases.js';
import { deadlineRule, type DeadlineRule } from './deadline.js';
import { deductionRule, type DeductionRule } from './deduction.js';
import { givenRule, type GivenRule } from './given.js';
import { incrementRule, type IncrementRule } from './increment.js';
import type { CompositeKindName, RuleKind, RuleOptions, RuleSchema } from './kind.js';
import { levelsRule, type LevelsRule } from './levels.js';
import { manualRule, type ManualRule } from './manual.js';
import { maxOfRule, type MaxOfRule } from './max-of.js';
import { proportionalRule, type ProportionalRule } from './proportional.js';
import { relativeRule, type RelativeRule } from './relative.js';
import { sumOfRule, type SumOfRule } from './sum-of.js';

export type Rule = (
  | BooleanRule
  | DeadlineRule
  | BandsRule
  | ProportionalRule
  | IncrementRule
  | LevelsRule
  | DeductionRule
  | RelativeRule
  | ManualRule
  | GivenRule
  | AllRule
  | AnyRule
  | CasesRule
  | MaxOfRule
  | SumOfRule
) &
  RuleOptions;

export type RuleKindName = Rule['kind'];

/** Every rule kind: the design's table, then the composite kinds. */
export const ruleKinds = {
  boolean: booleanRule,
  deadline: deadlineRule,
  bands: bandsRule,
  proportional: proportionalRule,
  increment: incrementRule,
  levels: levelsRule,
  deduction: deductionRule,
  relative: relativeRule,
  manual: manualRule,
  given: givenRule,
  all: allRule,
  any: anyRule,
  cases: casesRule,
  max_of: maxOfRule,
  sum_of: sumOfRule,
} as const satisfies { [K in RuleKindName]: RuleKind<RuleSchema, Extract<Rule, { kind: K }>> };

/** The kinds that read one value, in the order of the design's table. */
export const ruleKindNames = ['boolean', 'deadline', 'bands', 'proportional', 'increment', 'levels', 'deduction', 'relative', 'manual', 'given'] as const satisfies readonly RuleKindName[];

/** The kinds that read conditions and inner rules. */
export const compositeKindNames = ['all', 'any', 'cases', 'max_of', 'sum_of'] as const satisfies readonly CompositeKindName[];

/** Rule kinds an adjustment (bonus or penalty) may use; its points are capped at `cap`. */
export const adjustmentKindNames = ['given', 'deduction', 'boolean', 'levels'] as const satisfies readonly RuleKindName[];

/** Dispatch to a rule's own module, keeping the compiled rule and its kind tied together. */
export function kindOf<R extends Rule>(rule: R): RuleKind<RuleSchema, R> {
  return ruleKinds[rule.kind] as unknown as RuleKind<RuleSchema, R>;
}

/** Any rule, composite kinds' inner rules included: read lazily, since those refer back to it. */
export const ruleSchema: z.ZodType<RawRule> = z.lazy(() =>
  z.discriminatedUnion(
    'kind',
    [
      booleanRule.schema,
      deadlineRule.schema,
      bandsRule.schema,
      proportionalRule.schema,
      incrementRule.schema,
      levelsRule.schema,
      deductionRule.schema,
      relativeRule.schema,
      manualRule.schema,
      givenRule.schema,
      allRule.schema,
      anyRule.schema,
      casesRule.schema,
      maxOfRule.schema,
      sumOfRule.schema,
    ] as const,
  ),
);

/** A rule as the criteria file writes it (the schema checks its shape; each kind reads its own keys). */
export type RawRule = { kind: RuleKindName; indicator?: string | undefined; cap?: number | undefined } & Record<string, unknown>;

export function compileRule(raw: RawRule, max: Exact): Rule {
  const rule = (ruleKinds[raw.kind] as unknown as RuleKind<RuleSchema, Rule>).compile(raw as never, max);
  return {
    ...rule,
    ...(raw.indicator !== undefined ? { indicator: raw.indicator } : {}),
    ...(raw.cap !== undefined ? { cap: Exact.fromNumber(raw.cap) } : {}),
  };
}
