import * as z from 'zod';
import { Exact } from '../exact.js';
import { dayNumber, parseIsoDate, type IsoDate } from '../dates.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

/** A calendar date written as yyyy-mm-dd (each use gives its own description). */
export const isoDateSchema = z
  .string()
  .refine((s) => parseIsoDate(s) !== undefined, { params: { format: 'date' } })
  .meta({ format: 'date' });

const schema = z
  .strictObject({
    kind: z.literal('deadline'),
    due: isoDateSchema.meta({ description: 'The deadline (yyyy-mm-dd); done on this day is on time' }),
    on_time: pointsSchema.optional().meta({ description: 'Points when done on or before `due` (default: the leaf max)' }),
    late: pointsSchema.optional().meta({ description: 'Points when done after `due` (default 0)' }),
    missing: pointsSchema.optional().meta({ description: 'Points when not done (default 0)' }),
    ...ruleOptions,
  })
  .meta({ description: 'A date compared with a deadline: kịp thời / không kịp thời / không thực hiện' });

export interface DeadlineRule {
  kind: 'deadline';
  due: IsoDate;
  onTime: Exact;
  late: Exact;
  missing: Exact;
  declared: Array<'on_time' | 'late' | 'missing'>;
}

export const deadlineRule: RuleKind<typeof schema, DeadlineRule> = {
  kind: 'deadline',
  schema,
  compile: (raw, max) => ({
    kind: 'deadline',
    due: parseIsoDate(raw.due)!,
    onTime: ex(raw.on_time, max),
    late: ex(raw.late, Exact.ZERO),
    missing: ex(raw.missing, Exact.ZERO),
    declared: (['on_time', 'late', 'missing'] as const).filter((k) => raw[k] !== undefined),
  }),
  floor: () => Exact.ZERO,
  best: (rule) => Exact.max(rule.onTime, Exact.max(rule.late, rule.missing)),
  declared: (rule) =>
    rule.declared.map((key) => ({
      key,
      path: [key],
      value: key === 'on_time' ? rule.onTime : key === 'late' ? rule.late : rule.missing,
    })),
  expects: () => ({ type: 'date' }),
  evaluate: (rule, value) => {
    const v = need(value, 'date', 'not_done');
    if (v.type === 'not_done') return { points: rule.missing, message: message('deadline.missing', { due: rule.due }) };
    const days = dayNumber(v.value) - dayNumber(rule.due);
    return days <= 0
      ? { points: rule.onTime, message: message('deadline.on_time', { date: v.value, due: rule.due }) }
      : { points: rule.late, message: message('deadline.late', { date: v.value, due: rule.due, days }) };
  },
  regain: (rule, value) => {
    const onTime = { points: rule.onTime, message: message('regain.deadline', { due: rule.due, late: false }) };
    // Not done at all: doing it late may already be worth something.
    return need(value!, 'date', 'not_done').type === 'not_done' ? [{ points: rule.late, message: message('regain.deadline', { due: rule.due, late: true }) }, onTime] : [onTime];
  },
};
