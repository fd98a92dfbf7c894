import type { IsoDate } from './dates.js';
import type { Exact } from './exact.js';
import type { Value } from './inputs.js';
import type { CaseTried } from './rules/cases.js';
import type { FactRead } from './rules/conditions.js';

/**
 * Why a leaf got its points, as a message id and its data. Rules report these; the catalogs in
 * `src/explain` turn them into Vietnamese and English sentences; tests assert ids and data, not
 * wording.
 */
export interface MessageData {
  'boolean.yes': { text: string };
  'boolean.no': { text: string };
  'deadline.on_time': { date: IsoDate; due: IsoDate };
  'deadline.late': { date: IsoDate; due: IsoDate; days: number };
  'deadline.missing': { due: IsoDate };
  /** `next`: the threshold of the band above, which the value did not reach. */
  'bands.band': { value: Exact; of: 'number' | 'percent'; threshold: Exact; strict: boolean; next?: Exact };
  'bands.below': { value: Exact; of: 'number' | 'percent'; threshold: Exact; strict: boolean };
  'proportional.rate': { value: Exact; of: 'number' | 'percent'; target: Exact; text: string };
  'proportional.target': { value: Exact; of: 'number' | 'percent'; target: Exact; text: string };
  'proportional.empty': { empty: 'full' | 'zero' };
  'increment.base': { value: Exact; from: Exact; step: Exact; direction: 'up' | 'down' };
  'increment.steps': { value: Exact; from: Exact; steps: number; step: Exact; perStep: Exact; base: Exact; points: Exact; direction: 'up' | 'down'; capped: boolean };
  'increment.prorata': { value: Exact; from: Exact; step: Exact; perStep: Exact; fraction: Exact; base: Exact; points: Exact; direction: 'up' | 'down'; capped: boolean };
  'levels.level': { level: string };
  'deduction.count': { count: Exact; per: Exact; floored: boolean; floor: Exact };
  'relative.ratio': { value: Exact; best: Exact; direction: 'higher' | 'lower' };
  'relative.best': { value: Exact; direction: 'higher' | 'lower' };
  'relative.zero_best': { value: Exact };
  'manual.points': { points: Exact; note?: string };
  'given.points': { points: Exact };
  'adjustment.count': { count: Exact; per: Exact };
  // Composite rules: what they read and what decided.
  'rule.capped': { cap: Exact; points: Exact; inner: Message };
  'conditions.result': { join: 'all' | 'any'; holds: boolean; facts: FactRead[] };
  'cases.decided': { case: number | null; tried: CaseTried[]; points: Exact; inner?: Message; value?: Value };
  'max_of.best': { chosen: number; inner: Message; alternatives: Array<{ points: Exact; message: Message; value?: Value } | { status: string }> };
  'sum_of.total': { parts: Array<{ points: Exact; message?: Message; value?: Value }>; total: Exact; capped: boolean };
  'leaf.none': Record<string, never>;
  /** A composite rule came to a fact with no evidence: the indicator or attribute it lacked. */
  'leaf.none_of': { indicator: string };
  /** A leaf derived from a record source that was not read (scored anyway with --allow-problems). */
  'leaf.no_records': { source: string };
  'leaf.invalid': { text: string };
  'leaf.na_group': { group: string };
  'leaf.na_declared': { text: string };
  'leaf.na_empty': Record<string, never>;
  'leaf.insufficient': { n: number; minRows: number };
  // What it would take to regain lost points (the remediation plan).
  'regain.submit': { invalid: boolean };
  /** What the scoring office supplies (a record source, the survey), not the unit. */
  'regain.office': { source?: string };
  'regain.appeal': { reason: string };
  'regain.boolean': Record<string, never>;
  'regain.deadline': { due: IsoDate; late: boolean };
  'regain.bands': { threshold: Exact; strict: boolean; of: 'number' | 'percent' };
  'regain.proportional': { target: Exact; of: 'number' | 'percent' };
  'regain.increment': { value: Exact; direction: 'up' | 'down'; steps: number };
  'regain.levels': { level: string };
  'regain.deduction': { count: Exact };
  'regain.relative': { best: Exact; direction: 'higher' | 'lower' };
  'regain.manual': Record<string, never>;
  'regain.given': Record<string, never>;
  'regain.conditions': { facts: FactRead[] };
  'regain.case': { case: number; facts: FactRead[] };
}

export type MessageId = keyof MessageData;

export type Message = { [K in MessageId]: { id: K; data: MessageData[K] } }[MessageId];

export function message<K extends MessageId>(id: K, data: MessageData[K]): Message {
  return { id, data } as Message;
}
