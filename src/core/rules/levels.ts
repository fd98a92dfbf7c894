import * as z from 'zod';
import { Exact } from '../exact.js';
import { problem, type Problem } from '../problems.js';
import { foldText } from '../text.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('levels'),
    levels: z
      .record(z.string(), pointsSchema)
      .refine((r) => Object.keys(r).length > 0, { params: { problem: 'empty-levels' } })
      .meta({ description: 'Each accepted text and its points: { Đạt: 1, Đạt một phần: 0.5, Không đạt: 0 }' }),
    floor: pointsSchema.optional().meta({ description: 'The lowest points (default 0; may be negative)' }),
    ...ruleOptions,
  })
  .meta({ description: 'One of the listed texts, matched after NFC normalisation, trimming and case folding' });

export interface Level {
  /** As written in the criteria file, for messages. */
  label: string;
  /** Folded, for matching evidence. */
  key: string;
  points: Exact;
}

export interface LevelsRule {
  kind: 'levels';
  levels: Level[];
  floor?: Exact;
}

export const levelsRule: RuleKind<typeof schema, LevelsRule> = {
  kind: 'levels',
  schema,
  compile: (raw) => ({
    kind: 'levels',
    levels: Object.entries(raw.levels).map(([label, points]) => ({ label, key: foldText(label), points: Exact.fromNumber(points) })),
    ...(raw.floor !== undefined ? { floor: Exact.fromNumber(raw.floor) } : {}),
  }),
  floor: (rule) => rule.floor ?? Exact.ZERO,
  best: (rule) => rule.levels.reduce((m, l) => Exact.max(m, l.points), Exact.ZERO),
  declared: (rule) => rule.levels.map((l) => ({ key: `levels.${l.label}`, path: ['levels', l.label], value: l.points })),
  check: (rule, { id }) => {
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    for (const l of rule.levels) {
      const first = seen.get(l.key);
      if (first !== undefined) {
        problems.push(problem('level-duplicate', 'error', { id, level: l.label, first }, { path: ['levels', l.label], atKey: true }));
      } else seen.set(l.key, l.label);
    }
    return problems;
  },
  expects: (rule) => ({ type: 'level', levels: rule.levels.map((l) => l.label) }),
  evaluate: (rule, value) => {
    const label = need(value, 'level').label;
    const level = rule.levels.find((l) => l.label === label);
    if (!level) throw new Error(`level ${label} is not in the rule`);
    return { points: level.points, message: message('levels.level', { level: level.label }) };
  },
  // Every better level, the nearest first.
  regain: (rule) =>
    [...rule.levels].sort((a, b) => a.points.cmp(b.points)).map((l) => ({ points: l.points, message: message('regain.levels', { level: l.label }) })),
};
