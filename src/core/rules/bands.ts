import * as z from 'zod';
import { Exact } from '../exact.js';
import { problem, type Problem } from '../problems.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const band = z
  .strictObject({
    min: z.number().optional().meta({ description: 'The band applies from this value up (inclusive)' }),
    above: z.number().optional().meta({ description: 'The band applies above this value (exclusive)' }),
    points: pointsSchema,
  })
  .refine((b) => (b.min === undefined) !== (b.above === undefined), { params: { problem: 'band-bound' } })
  .meta({ description: 'One band: `min` (≥) or `above` (>), and its points' });

const schema = z
  .strictObject({
    kind: z.literal('bands'),
    of: z.enum(['number', 'percent']).optional().meta({ description: 'What the value is (default percent)' }),
    bands: z.array(band).min(1).meta({ description: 'From high to low; the first band the value reaches wins' }),
    otherwise: pointsSchema.optional().meta({ description: 'Points below every band (default 0)' }),
    empty: z
      .enum(['full', 'zero', 'na'])
      .optional()
      .meta({ description: 'What 0/0 earns ("không phát sinh"): full points, zero, or not applicable; without it 0/0 is refused' }),
    ...ruleOptions,
  })
  .meta({ description: 'Points by the band a rate or count falls in: "> 90%: 2; 70%–90%: 1; < 70%: 0"' });

export interface Band {
  threshold: Exact;
  /** `above`: the value must be strictly greater than the threshold. */
  strict: boolean;
  points: Exact;
}

export interface BandsRule {
  kind: 'bands';
  of: 'number' | 'percent';
  bands: Band[];
  otherwise: Exact;
  declaredOtherwise: boolean;
  empty?: 'full' | 'zero' | 'na';
}

export const bandsRule: RuleKind<typeof schema, BandsRule> = {
  kind: 'bands',
  schema,
  compile: (raw) => ({
    kind: 'bands',
    of: raw.of ?? 'percent',
    bands: raw.bands.map((b) => ({
      threshold: Exact.fromNumber(b.above ?? b.min ?? 0),
      strict: b.above !== undefined,
      points: Exact.fromNumber(b.points),
    })),
    otherwise: ex(raw.otherwise, Exact.ZERO),
    declaredOtherwise: raw.otherwise !== undefined,
    ...(raw.empty ? { empty: raw.empty } : {}),
  }),
  floor: () => Exact.ZERO,
  // 0/0 with `empty: full` earns the max, whatever the bands give.
  best: (rule, max) => (rule.empty === 'full' ? max : rule.bands.reduce((m, b) => Exact.max(m, b.points), rule.otherwise)),
  declared: (rule) => [
    ...rule.bands.map((b, i) => ({ key: `bands[${i}].points`, path: ['bands', i, 'points'], value: b.points })),
    ...(rule.declaredOtherwise ? [{ key: 'otherwise', path: ['otherwise'], value: rule.otherwise }] : []),
  ],
  check: (rule, { id }) => checkBandOrder(id, rule.bands, ['bands']),
  expects: (rule) => (rule.of === 'number' ? { type: 'number', nonNegative: false } : { type: 'percent', empty: rule.empty !== undefined }),
  evaluate: (rule, value, { max }) => {
    const v = need(value, 'number', 'percent').value;
    if (v === undefined) {
      // 0/0, "không phát sinh": the rule says what that earns (the reader refuses it otherwise).
      if (rule.empty === undefined) throw new Error('bands rule given 0/0');
      if (rule.empty === 'na') return { notApplicable: true, message: message('leaf.na_empty', {}) };
      return { points: rule.empty === 'full' ? max : Exact.ZERO, message: message('proportional.empty', { empty: rule.empty === 'full' ? 'full' : 'zero' }) };
    }
    const at = rule.bands.findIndex((b) => (b.strict ? v.gt(b.threshold) : v.gte(b.threshold)));
    const band = rule.bands[at];
    if (band) {
      const next = rule.bands[at - 1]?.threshold;
      return { points: band.points, message: message('bands.band', { value: v, of: rule.of, threshold: band.threshold, strict: band.strict, ...(next ? { next } : {}) }) };
    }
    const lowest = rule.bands[rule.bands.length - 1]!;
    return { points: rule.otherwise, message: message('bands.below', { value: v, of: rule.of, threshold: lowest.threshold, strict: lowest.strict }) };
  },
  // Every band above the value, the nearest first: the next band and the top one are both worth knowing.
  regain: (rule) =>
    rule.bands
      .map((b) => ({ points: b.points, message: message('regain.bands', { threshold: b.threshold, strict: b.strict, of: rule.of }) }))
      .reverse(),
};

/**
 * Bands are read high to low and the first one reached wins, so each band must start strictly
 * below the one before it (or at the same value, `min` after `above`); otherwise it can never win.
 */
export function checkBandOrder(
  id: string,
  bands: ReadonlyArray<{ threshold: Exact; strict: boolean }>,
  path: (string | number)[],
): Problem[] {
  const problems: Problem[] = [];
  bands.forEach((b, i) => {
    const prev = bands[i - 1];
    if (!prev) return;
    const c = b.threshold.cmp(prev.threshold);
    const reachable = c < 0 || (c === 0 && prev.strict && !b.strict);
    if (!reachable) {
      problems.push(
        problem(
          'bands-order',
          'error',
          { id, index: i + 1, threshold: b.threshold, previous: prev.threshold },
          { path: [...path, i] },
        ),
      );
    }
  });
  return problems;
}
