import * as z from 'zod';
import type { Exact } from '../exact.js';
import { bandsRule, type BandsRule } from './bands.js';
import { booleanRule, type BooleanRule } from './boolean.js';
import { deadlineRule, type DeadlineRule } from './deadline.js';
import { deductionRule, type DeductionRule } from './deduction.js';
import { givenRule, type GivenRule } from './given.js';
import { incrementRule, type IncrementRule } from './increment.js';
import type { RuleKind, RuleSchema } from './kind.js';
import { levelsRule, type LevelsRule } from './levels.js';
import { manualRule, type ManualRule } from './manual.js';
import { proportionalRule, type ProportionalRule } from './proportional.js';
import { relativeRule, type RelativeRule } from './relative.js';

export type Rule =
  | BooleanRule
  | DeadlineRule
  | BandsRule
  | ProportionalRule
  | IncrementRule
  | LevelsRule
  | DeductionRule
  | RelativeRule
  | ManualRule
  | GivenRule;

export type RuleKindName = Rule['kind'];

/** Every rule kind, in the order of the design's table. */
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
} as const satisfies { [K in RuleKindName]: RuleKind<RuleSchema, Extract<Rule, { kind: K }>> };

export const ruleKindNames = Object.keys(ruleKinds) as RuleKindName[];

/** Rule kinds an adjustment (bonus or penalty) may use; its points are capped at `cap`. */
export const adjustmentKindNames = ['given', 'deduction', 'boolean', 'levels'] as const satisfies readonly RuleKindName[];

/** Dispatch to a rule's own module, keeping the compiled rule and its kind tied together. */
export function kindOf<R extends Rule>(rule: R): RuleKind<RuleSchema, R> {
  return ruleKinds[rule.kind] as unknown as RuleKind<RuleSchema, R>;
}

export const ruleSchema = z.discriminatedUnion(
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
  ] as const,
);

export type RawRule = z.infer<typeof ruleSchema>;

export function compileRule(raw: RawRule, max: Exact): Rule {
  return (ruleKinds[raw.kind] as unknown as RuleKind<RuleSchema, Rule>).compile(raw, max);
}
