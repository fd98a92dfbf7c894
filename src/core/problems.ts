import type { Exact } from './exact.js';
import type { Status } from './report.js';

/**
 * Problems found in the inputs: a closed set of codes, each with its own data. The sentences are
 * rendered by the catalogs in `src/explain` (Vietnamese and English), so the same problem reads in
 * either language and tests can assert codes and data rather than wording.
 */
export type Severity = 'error' | 'warning';

/** Where a problem is: a line and column in a text file, or a sheet, row and column in a table. */
export interface Location {
  file: string;
  /** 1-based, as editors show them. */
  line?: number;
  column?: number;
  sheet?: string;
  /** 1-based spreadsheet row (the header is row 1). */
  row?: number;
  /** Spreadsheet column letters ("C"). */
  cell?: string;
  /** The header of that column, for messages ("Giá trị"). */
  header?: string;
}

/** A path inside the criteria document, as YAML keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

export interface ProblemData {
  // Reading the criteria file
  'not-utf8': { offset: number };
  'yaml-syntax': { detail: string };
  'yaml-tab': Record<string, never>;
  'yaml-duplicate-key': { key: string };
  'yaml-alias-limit': { limit: number };
  'yaml-too-deep': { limit: number };
  'yaml-forbidden-key': { key: string };
  'yaml-multiple-documents': Record<string, never>;
  // The schema
  'unknown-key': { key: string; suggestion?: string; allowed: string[] };
  'missing-key': { key: string };
  'wrong-type': { expected: string; got: Found; hint?: 'decimal-comma' | 'quote-id' };
  'invalid-value': { value: string; allowed: string[]; suggestion?: string };
  'invalid-format': { value: string; format: 'id' | 'criteria-id' | 'group-id' | 'date' | 'indicator'; iso?: string };
  'too-small': { minimum: number; inclusive: boolean; what: 'number' | 'list' | 'text' };
  'too-big': { maximum: number; inclusive: boolean; what: 'number' | 'list' | 'text' };
  'not-integer': { value: number };
  'unknown-rule-kind': { kind: string; suggestion?: string; allowed: string[] };
  // Semantic checks
  'leaf-or-node': { id: string; has: 'both' | 'neither' };
  'leaf-key-on-node': { id: string; key: string };
  'leaf-without-max': { id: string };
  'duplicate-id': { id: string };
  'max-mismatch': { id: string; declared: Exact; sum: Exact };
  'points-above-max': { id: string; key: string; points: Exact; max: Exact };
  'points-below-floor': { id: string; key: string; points: Exact; floor: Exact };
  'floor-above-max': { id: string; floor: Exact; max: Exact };
  'points-precision': { id: string; key: string; points: Exact; precision: number };
  'max-unreachable': { id: string; best: Exact; max: Exact };
  'bands-order': { id: string; index: number; threshold: Exact; previous: Exact };
  'band-bound': { has: 'both' | 'neither' };
  'bands-no-zero': { id: string; lowest: Exact };
  'level-duplicate': { id: string; level: string; first: string };
  'unknown-group': { group: string; suggestion?: string; allowed: string[] };
  'duplicate-group': { group: string };
  'unknown-node': { id: string; suggestion?: string };
  'unused-indicator': { indicator: string; near?: string };
  'indicator-kind': { indicator: string; has: 'none' | 'several'; kinds: string[] };
  'indicator-option': { indicator: string; key: string; kind: string; allowed: string[] };
  'indicator-type': { id: string; indicator: string; gives: string; needs: string };
  'indicator-clash': { indicator: string; other: string };
  'count-values-without-column': { indicator: string };
  'unknown-test-item': { item: string; suggestion?: string };
  'unknown-test-indicator': { indicator: string; suggestion?: string };
  'empty-group': { group: string };
  'missing-responsible': { id: string };
  'adjustment-rule': { id: string; kind: string; allowed: string[] };
  /** An adjustment needs a rule, or children under its shared cap: not both, not neither. */
  'adjustment-shape': { id: string; has: 'both' | 'neither' };
  'adjustment-child-kind': { id: string; kind: string; parent: string; parentKind: string };
  'test-status': { value: string; allowed: Status[] };
  'unknown-test-attribute': { attribute: string; suggestion?: string };
  /** A condition that reads nothing, or two things, or tests in ways that cannot go together; `keys` as written. */
  'condition-shape': { keys: string[] };
  /** A case gives `points` or a `rule`: one of them. */
  'case-outcome': { has: 'both' | 'neither' };
  'unknown-attribute': { attribute: string; suggestion?: string; allowed: string[] };
  /** An attribute tested as it cannot be: `min` on a yes/no fact, "yes" on a number. */
  'attribute-test': { attribute: string; type: 'boolean' | 'number' | 'text'; test: 'yes' | 'is' | 'compare' };
  /**
   * One indicator read as two kinds of value (yes/no here, a number there): one of them is wrong.
   * `text` and `levels`: a condition's `is:` text that is none of the levels a levels rule reads.
   */
  'read-conflict': { indicator: string; id: string; reads: string; other: string; otherId: string; text?: string; levels?: string[] };
  /** A case no unit can reach: the earlier cases hold whenever it does. */
  'case-unreachable': { id: string; case: number; by: number[] };
  'cap-above-max': { id: string; cap: Exact; max: Exact };
  /** A rule kind that cannot sit inside another (relative needs the group's best of the leaf itself). */
  'nested-rule': { id: string; kind: string };
  /** A leaf's own rule names the indicator: say it on the leaf. */
  'rule-indicator': { id: string; indicator: string };
  /** `role`: the column role the name has in other tables (points, note, source…). */
  'reserved-indicator': { indicator: string; role: string };
  // Evidence values
  'value-type': { value: string; expected: 'boolean' | 'date' | 'number' | 'percent'; locale?: 'vi' | 'en' };
  'number-format': { value: string; locale: 'vi' | 'en'; suggestion: string };
  'percent-above-100': { value: string; percent: Exact };
  'negative-value': { value: string };
  'not-a-count': { value: string };
  'unknown-level': { value: string; levels: string[]; suggestion?: string };
  'points-out-of-range': { value: string; floor: Exact; max: Exact };
  'ratio-zero-denominator': { value: string };
  'percent-looks-like-fraction': { value: string };
  /** A spreadsheet cell holding a formula whose result the workbook never saved (scripts write such cells). */
  'formula-without-result': { formula?: string };
  /** A spreadsheet cell showing an error (#DIV/0!, #N/A), the result of `formula` when it holds one. */
  'cell-error': { value: string; formula?: string };
  // Evidence tables
  'no-header': Record<string, never>;
  'duplicate-header': { header: string };
  'extra-fields': { count: number; csv: boolean };
  'missing-column': { column: string; layout: 'long' | 'wide' | 'units' | 'self' | 'overrides' | 'published'; attribute?: string };
  /** A unit's fact left blank in the units file while a criterion of its group tests it: blank is not "không". */
  'attribute-blank': { unit: string; attribute: string; title: string; items: string[] };
  'unknown-unit': { unit: string; rows: number; suggestion?: string };
  'unknown-indicator': { indicator: string; rows: number; suggestion?: string };
  /** A number cell naming an indicator that reads as several ids once trailing zeros are lost (1.1: "1.1" or "1.10"). */
  'ambiguous-indicator': { value: string; candidates: string[]; rows: number; what: 'indicator' | 'item' };
  'not-optional': { id: string; value: string };
  'manual-without-note': { value: string; max: string };
  'conflicting-values': { indicator: string; value: string; other: string };
  'unit-no-evidence': { unit: string };
  'no-evidence': { unit: string; items: string[] };
  // Record files (survey answers, dossier exports)
  'record-missing-column': { column: string; indicators: string[] };
  'record-blank-unit': { rows: number };
  'records-not-given': { source: string; indicators: string[] };
  /**
   * Cells of one column that cannot be read for what it holds, counted per file and column: `rows`
   * in all, the first few with their text. `notation`: how the column's numbers (or dates) are read.
   */
  'record-unreadable': {
    column: string;
    rows: number;
    first: Array<{ row: number; text: string }>;
    expected: 'date' | 'number' | 'weight' | 'answer' | 'value';
    notation?: 'vi' | 'en' | 'mixed';
    answers?: string[];
  };
  /** A column of numbers written both ways (0,9101 and 0.9944): only numbers that read the same both ways are taken. */
  'record-mixed-notation': { column: string; vi: { row: number; text: string }; en: { row: number; text: string } };
  // The units file
  'unit-without-group': { unit: string };
  'unit-unknown-group': { unit: string; group: string; allowed: string[]; suggestion?: string };
  'duplicate-unit': { unit: string };
  // Self-assessment and overrides
  'unknown-item': { item: string; suggestion?: string };
  'node-item': { item: string };
  'points-not-number': { value: string };
  'self-out-of-range': { item: string; points: Exact; floor: Exact; max: Exact };
  'override-without-reason': { item: string };
  'override-out-of-range': { item: string; points: Exact; floor: Exact; max: Exact };
  'conflicting-rows': { item: string };
  // Published results (recheck, compare)
  'published-value': { value: string; expected: 'number' | 'rank' };
  'json-syntax': { detail: string };
  // A criteria table (a decision's annex) read by `parscore criteria import`
  'annex-no-header': { sheets: string[] };
  'annex-duplicate-column': { role: AnnexColumn; header: string };
  'annex-no-rows': Record<string, never>;
  /** `date`: the cell is a date, as Excel makes of "1.1" typed where dates are written d.m. */
  'annex-number-format': { value: string; date?: boolean };
  'annex-number-ambiguous': { values: string[] };
  'annex-number-skip': { number: string; parent?: string };
  'annex-number-parent': { number: string; parent: string };
  'annex-duplicate-number': { number: string };
  'annex-orphan-row': { text: string };
  'annex-missing-title': { number: string };
  'annex-missing-max': { number: string };
  /**
   * `readings`: a text that reads as two numbers, with a decimal comma (vi) and a decimal point (en);
   * `formula`: a formula whose result the workbook never saved (scripts write such cells).
   */
  'annex-max-not-number': { value: string; readings?: [Exact, Exact]; formula?: boolean };
  'annex-max-not-positive': { number: string; max: Exact };
  /** `number` empty: the total row. */
  'annex-subtotal': { number: string; declared: Exact; sum: Exact };
  'annex-merged-max': { range: string; numbers: string[] };
  'annex-no-title': Record<string, never>;
  'annex-no-year': { title: string };
  'annex-after-total': { rows: number; first: number };
  /** A total for one group of units: which criteria apply to it is not in the table. */
  'annex-total-unchecked': { label: string };
}

/** The columns of a criteria table, as `parscore criteria import` recognises them by their headers. */
export type AnnexColumn = 'number' | 'title' | 'max' | 'method' | 'evidence' | 'responsible' | 'note';

export type ProblemCode = keyof ProblemData;

/** What was found where something else was expected, for "expected a number, found text "0,5"". */
export interface Found {
  type: 'text' | 'number' | 'boolean' | 'list' | 'map' | 'null' | 'other';
  value?: string;
}

export interface Problem<C extends ProblemCode = ProblemCode> {
  code: C;
  severity: Severity;
  data: ProblemData[C];
  /** Filled in once the problem is placed in its file. */
  location?: Location;
  /** Inside a criteria document: the YAML path the problem is about, placed later by the loader. */
  path?: DocPath;
  /** For a key problem, point at the key rather than its value. */
  atKey?: boolean;
  /** The other place involved (the first of two duplicates), placed like `path`. */
  also?: { path?: DocPath; line?: number; location?: Location };
  /** The unit the problem is about, for grouping by unit. */
  unit?: string;
  /** The leaf or adjustment the problem is about, named before the message. */
  subject?: string;
}

/** Any problem, with its code and data still tied together for the type checker. */
export type AnyProblem = { [C in ProblemCode]: Problem<C> }[ProblemCode];

export function problem<C extends ProblemCode>(
  code: C,
  severity: Severity,
  data: ProblemData[C],
  where: Pick<Problem, 'path' | 'location' | 'atKey' | 'also' | 'unit' | 'subject'> = {},
): Problem<C> {
  return { code, severity, data, ...where };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
