import { Exact } from '../core/exact.js';
import type { Override } from '../core/inputs.js';
import type { Message } from '../core/messages.js';
import { NOT_COUNTED, type Status, type UnitResult } from '../core/report.js';

/**
 * Self-assessment against appraisal, for one unit: the leaves (and bonuses, penalties) whose
 * appraised points differ from what the unit claimed, largest loss first, with the totals of what
 * it claimed. Only claimed items take part: a leaf the unit did not score itself (a survey leaf)
 * is in neither total. A leaf that does not count (not applicable, insufficient data) adds
 * nothing to the appraised total.
 */
export interface ReconcileLine {
  id: string;
  title: string;
  kind: 'leaf' | 'bonus' | 'penalty';
  /** What the unit claimed, as written (a penalty's points are ≥ 0 and subtracted). */
  self: Exact;
  /** What the rule gave on the evidence. */
  computed: Exact;
  /** What counts after appraisal; null for a leaf that counts in no maximum. */
  final: Exact | null;
  /** The effect on the unit's total: appraised − claimed, a penalty counting negatively. */
  change: Exact;
  /** Why: the appraiser's override, else the rule's message. */
  override?: Override;
  message: Message | null;
  status?: Status;
}

export interface Reconciliation {
  unit: UnitResult;
  /** Claimed total: claimed leaves + claimed bonuses − claimed penalties. */
  self: Exact;
  /** The appraised total of the same items. */
  final: Exact;
  change: Exact;
  /** How many items the unit claimed. */
  claimed: number;
  /** The items where appraisal differs from the claim, largest loss first, then tree order. */
  lines: ReconcileLine[];
}

/** The unit's reconciliation, or undefined when it claimed nothing. */
export function reconcile(unit: UnitResult): Reconciliation | undefined {
  const all: ReconcileLine[] = [];
  for (const i of unit.items) {
    if (i.self === undefined) continue;
    const final = NOT_COUNTED.has(i.status) ? null : i.final;
    all.push({
      id: i.id,
      title: i.title,
      kind: 'leaf',
      self: i.self,
      computed: i.points,
      final,
      change: (final ?? Exact.ZERO).sub(i.self),
      ...(i.override ? { override: i.override } : {}),
      message: i.message,
      status: i.status,
    });
  }
  for (const a of unit.adjustments) {
    if (a.self === undefined) continue;
    const sign = (x: Exact) => (a.kind === 'bonus' ? x : x.neg());
    all.push({
      id: a.id,
      title: a.title,
      kind: a.kind,
      self: a.self,
      computed: a.points,
      final: a.final,
      change: sign(a.final).sub(sign(a.self)),
      ...(a.override ? { override: a.override } : {}),
      message: a.message,
    });
  }
  if (all.length === 0) return undefined;
  const self = Exact.sum(all.map((l) => (l.kind === 'penalty' ? l.self.neg() : l.self)));
  const change = Exact.sum(all.map((l) => l.change));
  // A stable sort keeps the tree order among equal changes.
  const lines = all.filter((l) => !l.change.isZero()).sort((a, b) => a.change.cmp(b.change));
  return { unit, self, final: self.add(change), change, claimed: all.length, lines };
}
