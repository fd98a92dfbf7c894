import type { IsoDate } from './dates.js';
import type { Exact } from './exact.js';

/**
 * What the core scores: for each unit, the evidence value each leaf reads, already parsed to what
 * its rule needs, with where it came from. Reading and parsing happen in `src/evidence`; the core
 * never sees a file.
 */
export type Value =
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; value: IsoDate }
  /** A deadline not met at all: empty, "không", "chưa". */
  | { type: 'not_done' }
  | { type: 'number'; value: Exact }
  /** 0–100 (a ratio a/b as written stays in the input's text); undefined for 0/0, which the rule decides. */
  | { type: 'percent'; value: Exact | undefined }
  | { type: 'count'; value: Exact }
  /** The level's label as written in the criteria file. */
  | { type: 'level'; label: string }
  /** A text as written, for a condition's `is` (compared after normalisation). */
  | { type: 'text'; value: string }
  | { type: 'points'; value: Exact }
  /** "không áp dụng": the unit says the (optional) leaf does not apply. */
  | { type: 'na' };

/** Where a value was read: file, sheet, row and column as the spreadsheet shows them. */
export interface Provenance {
  file: string;
  sheet?: string;
  row: number;
  /** Column letters ("C"). */
  column: string;
  /** The column's header ("Giá trị"). */
  header?: string;
}

/**
 * Why a row of a record file was left out of a derived value; `not_counted`: an answer the `map`
 * gives null ("Không biết").
 */
export type ExclusionReason = 'blank' | 'unparseable' | 'pending' | 'weight' | 'not_counted';

/**
 * A value derived from a record file (survey answers, dossier exports), with its sample: what an
 * explanation cites ("1.290/1.373 hồ sơ, ho-so-2025.csv") and an auditor re-counts.
 */
export interface DerivedInfo {
  kind: 'count' | 'share' | 'mean' | 'on_time';
  /**
   * Rows used: for a share, mean or on-time rate the unit's rows with a usable value (with survey
   * weights still the number of respondents, not the sum of their weights); for a count, the unit's rows.
   */
  n: number;
  /** Shares and on-time rates: rows that met the condition (with weights, the sum of their weights); counts: the rows counted. */
  hits?: Exact;
  /** Rows left out, by reason (only reasons that occurred). */
  excluded: Array<{ reason: ExclusionReason; count: number }>;
  /** Rows not yet done that `pending: late` counts as late (they are in `n`). */
  pendingLate?: number;
  /** With survey weights: their sum over the rows used, and Kish's effective sample size (Σw)²/Σw². */
  weighted?: { sum: Exact; effectiveN: number };
  /** 95% confidence interval, for shares and means: for display, computed in floating point. */
  ci?: { low: Exact; high: Exact; method: 'wilson' | 't' | 'normal' };
  /** The record files it came from. */
  files: string[];
  /** What one row is ("hồ sơ", "phiếu"), from the indicator's `row_label`. */
  rowLabel?: string;
  /** Fewer rows than the indicator's `min_rows` (or none at all where the rule cannot read 0/0). */
  insufficient?: { minRows: number };
}

export interface LeafInput {
  value: Value;
  /** The text as written, for explanations ("20/12/2024"). */
  text: string;
  evidence: Provenance[];
  /** The evidence document ("Kế hoạch số 12/KH-UBND ngày 05/01/2025"). */
  source?: string;
  note?: string;
  derived?: DerivedInfo;
}

/** A value that could not be read for its rule: scored as "invalid", reported as a problem. */
export interface InvalidInput {
  invalid: true;
  text: string;
  evidence: Provenance[];
}

export interface Unit {
  id: string;
  name: string;
  group: string;
  /** Unit ids this one replaces (the 2025 mergers), for year-over-year comparison. */
  previous: string[];
  /** Facts about the unit (the criteria's `attributes`), read from the units file's columns. */
  attributes?: ReadonlyMap<string, Fact>;
}

/** A fact about a unit (mountain commune, population), as its units file gives it. */
export interface Fact {
  value: Value;
  /** As written ("có", "12.345"). */
  text: string;
  evidence: Provenance;
}

/** What a unit claimed for a leaf in its self-assessment (tự chấm). */
export interface SelfScore {
  points: Exact;
  note?: string;
  evidence: Provenance;
}

/** An appraiser's documented change of a leaf's points (thẩm định). */
export interface Override {
  points: Exact;
  reason: string;
  by?: string;
  evidence: Provenance;
}
