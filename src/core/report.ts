import type { Exact } from './exact.js';
import type { DerivedInfo, Override, Provenance, Value } from './inputs.js';
import type { Criteria } from './model.js';
import type { Message } from './messages.js';
import type { Problem } from './problems.js';

/**
 * What scoring returns: for each group a ranking with bands, and for every unit and leaf the
 * points, the points lost and why, with the evidence behind them. Numbers stay exact here; the
 * formatters round them only to show them.
 */
export const STATUSES = ['met', 'partial', 'not_met', 'not_applicable', 'no_evidence', 'insufficient_data', 'invalid'] as const;
export type Status = (typeof STATUSES)[number];

/** Leaves with these statuses are in no maximum: they neither gain nor lose points. */
export const NOT_COUNTED: ReadonlySet<Status> = new Set(['not_applicable', 'insufficient_data']);

export interface ItemResult {
  id: string;
  title: string;
  /** The criteria above the leaf, from its area down: ["1", "1.1"]. */
  parents: string[];
  responsible?: string;
  /** The points the rule gives on the evidence, rounded to the precision. */
  points: Exact;
  /** After an appraiser's override (= points when there is none): what counts. */
  final: Exact;
  /** What the unit claimed in its self-assessment. */
  self?: Exact;
  /** The leaf's max (still given when it does not apply; it then counts in no maximum). */
  max: Exact;
  status: Status;
  /** Points lost: max − final for a leaf that applies, else 0. */
  deduction: Exact;
  message: Message;
  /** The value as written ("20/12/2024"). */
  written?: string;
  /** The value as the rule read it, for working out what would score more. */
  value?: Value;
  /** For `relative`: the best value among the units of the group. */
  best?: Exact;
  source?: string;
  note?: string;
  evidence: Provenance[];
  override?: Override;
  selfNote?: string;
  derived?: DerivedInfo;
}

export interface NodeResult {
  id: string;
  title: string;
  /** 0 for an area. */
  depth: number;
  /** Sum of the final points of the children that apply. */
  points: Exact;
  /** Sum of their maxima: the node's applicable max. */
  max: Exact;
  /** points / max × scale; null when nothing under the node applies. */
  index: Exact | null;
  /** A leaf at the top of the tree, given here as an area of its own (it is among the items too). */
  leaf?: true;
}

export interface AdjustmentResult {
  id: string;
  title: string;
  kind: 'bonus' | 'penalty';
  /** What the adjustment gives on the evidence, capped, ≥ 0; a penalty is subtracted. */
  points: Exact;
  /** After an appraiser's override (= points when there is none): what counts. */
  final: Exact;
  /** The points before the cap, when the cap cut them. */
  uncapped?: Exact;
  cap: Exact;
  /** When the cap shared with its siblings cut it: that cap, and the final points before the cut. */
  shared?: { id: string; title: string; cap: Exact; before: Exact };
  message: Message | null;
  written?: string;
  source?: string;
  evidence: Provenance[];
  override?: Override;
  /** What the unit claimed (≥ 0, like `points`; a penalty's claim is subtracted too). */
  self?: Exact;
  selfNote?: string;
}

export type UnitStatus = 'ranked' | 'no_data' | 'no_max';

export interface UnitResult {
  unit: string;
  name: string;
  group: string;
  /** Final points of the leaves that apply, plus bonuses, minus penalties. */
  points: Exact;
  /** The applicable max: leaves that do not apply are left out. */
  max: Exact;
  index: Exact | null;
  band: string | null;
  rank: number | null;
  /** The rank is shared with another unit (an exact tie no tiebreak settled). */
  tied: boolean;
  status: UnitStatus;
  /** Every criterion above the leaves, in tree order (each before its children), with the leaves at the top of the tree as areas. */
  nodes: NodeResult[];
  /** Every leaf in tree order. */
  items: ItemResult[];
  adjustments: AdjustmentResult[];
  /**
   * The self-assessed total, when the unit claimed anything: its claimed leaves plus claimed
   * bonuses minus claimed penalties. Leaves it did not claim (survey leaves) are not in it.
   */
  selfPoints?: Exact;
  findings: Problem[];
}

export interface GroupResult {
  id: string;
  title: string;
  /** Ranked units, best first (tied units in unit order). */
  ranking: string[];
  /** Units with no data or no applicable max: not ranked, never zero. */
  unranked: string[];
  /** The group's band labels, best first (empty when it has no bands). */
  bands: string[];
}

export interface Manifest {
  engine: string;
  criteria: { id: string; file: string; sha256: string };
  inputs: Array<{ role: string; file: string; sha256: string }>;
  locale: string;
  precision: number;
  options: Record<string, string | number | boolean | string[]>;
}

export interface Report {
  format: 'parscore/report@1';
  /** The criteria file's header, as the report shows it. */
  criteria: Pick<Criteria, 'id' | 'title' | 'year' | 'reference' | 'locale' | 'precision' | 'indexPrecision' | 'scale'>;
  manifest?: Manifest;
  units: UnitResult[];
  groups: GroupResult[];
  /** Problems not tied to one unit. */
  findings: Problem[];
}
