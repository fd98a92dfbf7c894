import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { need, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({ kind: z.literal('manual'), ...ruleOptions })
  .meta({ description: "The appraiser's points, within [0, max]; below max without a note is a warning" });

export interface ManualRule {
  kind: 'manual';
}

export const manualRule: RuleKind<typeof schema, ManualRule> = {
  kind: 'manual',
  schema,
  compile: () => ({ kind: 'manual' }),
  floor: () => Exact.ZERO,
  best: (_rule, max) => max,
  declared: () => [],
  expects: (_rule, max) => ({ type: 'points', floor: Exact.ZERO, max }),
  evaluate: (_rule, value, { note }) => {
    const points = need(value, 'points').value;
    return { points, message: message('manual.points', { points, ...(note ? { note } : {}) }) };
  },
  regain: (_rule, _value, { max }) => [{ points: max, message: message('regain.manual', {}) }],
};
