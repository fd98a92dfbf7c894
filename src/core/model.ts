import { foldText } from './text.js';
import type { Exact } from './exact.js';
import type { DocPath } from './problems.js';
import type { Rule } from './rules/index.js';
import type { Status } from './report.js';

/**
 * A criteria file once loaded, validated and compiled: every number exact, every default filled
 * in, and each element keeping the YAML path it came from so that later problems can point at it.
 */
export interface Criteria {
  id: string;
  title: string;
  year: number;
  reference?: string;
  locale: 'vi' | 'en';
  /** Decimal places of leaf points. */
  precision: number;
  /** Decimal places of a shown index (default: `precision`). */
  indexPrecision: number;
  scale: Exact;
  groups: Group[];
  tiebreak: string[];
  /** The top of the tree (areas, "lĩnh vực"). */
  areas: CriteriaNode[];
  /** Every leaf in tree order. */
  leaves: Leaf[];
  /** Every node and leaf by id. */
  byId: Map<string, CriteriaNode>;
  adjustments: Adjustment[];
  indicators: Map<string, DerivedIndicator>;
  /** Facts about units (`attributes:`), read from columns of the units file. */
  attributes: Map<string, Attribute>;
  tests: CriteriaTest[];
}

/** A fact about units the criteria read (mountain commune, population): a column of the units file. */
export interface Attribute {
  name: string;
  title: string;
  type: 'boolean' | 'number' | 'text';
  /** The units file's column (default: the name). */
  column: string;
  path: DocPath;
}

export interface ThresholdBand {
  min: Exact;
  label: string;
}

export type Bands = { kind: 'threshold'; bands: ThresholdBand[] } | { kind: 'quartiles'; labels: string[] } | { kind: 'none' };

export interface Group {
  id: string;
  title: string;
  bands: Bands;
  path: DocPath;
}

interface NodeBase {
  id: string;
  title: string;
  /** The sum of the children's max, or the leaf's own max. */
  max: Exact;
  /** Groups this applies to; undefined: every group. A node's list is inherited by its leaves. */
  appliesTo?: string[];
  responsible?: string;
  reference?: string;
  description?: string;
  /** 0 for an area. */
  depth: number;
  parentId?: string;
  path: DocPath;
}

export interface Branch extends NodeBase {
  type: 'node';
  children: CriteriaNode[];
}

export interface Leaf extends NodeBase {
  type: 'leaf';
  rule: Rule;
  /** The evidence key (default: the leaf id). */
  indicator: string;
  optional: boolean;
  suppliedBy: Supplier;
}

/**
 * Who enters an indicator: the unit in its evidence, or the office itself (the sociological
 * survey's results, a penalty the council records). Indicators derived from record files are the
 * office's.
 */
export type Supplier = 'unit' | 'office';

export type CriteriaNode = Branch | Leaf;

/** The record source (`from:`) an indicator is derived from, if it is a derived indicator. */
export function recordSource(criteria: Pick<Criteria, 'indicators'>, indicator: string): string | undefined {
  const key = foldText(indicator);
  for (const d of criteria.indicators.values()) if (foldText(d.name) === key) return d.from;
  return undefined;
}

/** Whether a leaf counts for units of a group (`applies_to`, inherited from its parents). */
export function appliesTo(leaf: Leaf, group: string): boolean {
  return leaf.appliesTo === undefined || leaf.appliesTo.includes(group);
}

export interface Adjustment {
  id: string;
  title: string;
  kind: 'bonus' | 'penalty';
  cap: Exact;
  rule: Rule;
  indicator: string;
  suppliedBy: Supplier;
  responsible?: string;
  reference?: string;
  path: DocPath;
  /** The cap this adjustment shares with its siblings ("Điểm cộng, tối đa 5"): their parent. */
  shared?: SharedCap;
}

/** An adjustment with children: one cap bounding their sum, cut from the last child up to it. */
export interface SharedCap {
  id: string;
  title: string;
  cap: Exact;
  /** The children's ids, in the file's order. */
  children: string[];
  path: DocPath;
}

export type DerivedAggregate =
  | { kind: 'count'; column?: string; values?: string[] }
  | { kind: 'share'; column: string; values: string[] }
  /** `map` answers to values; an answer mapped to null is recognised and left out ("Không biết"). */
  | { kind: 'mean'; column: string; map?: Array<{ label: string; value: Exact | null }> }
  | { kind: 'on_time'; done: string; due: string; pending: 'exclude' | 'late' };

/** An indicator computed from a record file (survey answers, dossier exports). */
export interface DerivedIndicator {
  name: string;
  from: string;
  unitColumn: string;
  weightColumn?: string;
  minRows?: number;
  /** What one row is ("hồ sơ", "phiếu"), for explanations. */
  rowLabel?: string;
  aggregate: DerivedAggregate;
  path: DocPath;
}

export interface CriteriaTest {
  name: string;
  group: string;
  unit?: string;
  /** Facts about the unit, written as in a units file. */
  attributes: Array<{ name: string; value: string | number | boolean | null; path: DocPath; line?: number }>;
  evidence: Array<{ indicator: string; value: string | number | boolean | null; path: DocPath; line?: number }>;
  /** Each expectation: the final points, or the status (`không áp dụng`, `{ status: not_applicable }`). */
  expect: Array<{ item: string; expected: { points: Exact } | { status: Status }; path: DocPath; line?: number }>;
  path: DocPath;
  /** Where the test is written, once the loader has placed it. */
  line?: number;
}
