import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('boolean'),
    yes: pointsSchema.optional().meta({ description: 'Points when the evidence says yes (default: the leaf max)' }),
    no: pointsSchema.optional().meta({ description: 'Points when it says no (default 0)' }),
    floor: pointsSchema.optional().meta({ description: 'The lowest points (default 0; may be negative: "bị 0 điểm và bị trừ 0,25 điểm")' }),
    ...ruleOptions,
  })
  .meta({ description: 'Yes/no: có/không, đạt/không đạt, x, yes/no, true/false, 1/0 (a blank cell is no evidence)' });

export interface BooleanRule {
  kind: 'boolean';
  yes: Exact;
  no: Exact;
  declaredYes: boolean;
  declaredNo: boolean;
  floor?: Exact;
}

export const booleanRule: RuleKind<typeof schema, BooleanRule> = {
  kind: 'boolean',
  schema,
  compile: (raw, max) => ({
    kind: 'boolean',
    yes: ex(raw.yes, max),
    no: ex(raw.no, Exact.ZERO),
    declaredYes: raw.yes !== undefined,
    declaredNo: raw.no !== undefined,
    ...(raw.floor !== undefined ? { floor: Exact.fromNumber(raw.floor) } : {}),
  }),
  floor: (rule) => rule.floor ?? Exact.ZERO,
  best: (rule) => Exact.max(rule.yes, rule.no),
  declared: (rule) => [
    ...(rule.declaredYes ? [{ key: 'yes', path: ['yes'], value: rule.yes }] : []),
    ...(rule.declaredNo ? [{ key: 'no', path: ['no'], value: rule.no }] : []),
  ],
  expects: () => ({ type: 'boolean' }),
  evaluate: (rule, value, { text }) =>
    need(value, 'boolean').value
      ? { points: rule.yes, message: message('boolean.yes', { text }) }
      : { points: rule.no, message: message('boolean.no', { text }) },
  regain: (rule, value) => (need(value!, 'boolean').value ? [] : [{ points: rule.yes, message: message('regain.boolean', {}) }]),
};
