import { Exact } from '../core/exact.js';
import { appliesTo, type Adjustment, type Criteria, type DerivedIndicator, type Leaf } from '../core/model.js';
import type { DerivedInfo, Fact, InvalidInput, LeafInput, Provenance, Unit, Value } from '../core/inputs.js';
import { problem, type Location, type Problem } from '../core/problems.js';
import { kindOf } from '../core/rules/index.js';
import { isComposite, leafReads, readKey, run } from '../core/rules/evaluate.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { closest, foldText } from '../core/text.js';
import { text, type Column, type Header } from './tables/headers.js';
import { cellAt, columnWith, headedSheets, readTable } from './tables/read.js';
import { columnLetters, type Cell, type RawRow, type ReadLimits } from './tables/table.js';
import type { DerivedValue } from './records/aggregates.js';
import { cleanText, parseValue, type ValueProblem } from './values.js';
import { formatter } from '../explain/numbers.js';

/** A leaf or an adjustment that reads an indicator, with what its rule needs. */
interface Reader {
  /** Where the value is kept: the leaf's or adjustment's id, or a composite leaf's read key. */
  id: string;
  /** The leaf or adjustment, for problems. */
  subject: string;
  spec: ValueSpec;
  optional: boolean;
  manual: boolean;
  max: string;
}

export type Input = LeafInput | InvalidInput;

/** Every unit's evidence, read and parsed for the rules, with the problems found on the way. */
export interface EvidenceSet {
  /** unit id → leaf or adjustment id → input. */
  inputs: Map<string, Map<string, Input>>;
  /** Units that appear in the evidence, in order of first appearance. */
  seenUnits: string[];
  problems: Problem[];
}

/**
 * Gathers evidence from any number of files into one table. Rows are read as they stream: each
 * unit and indicator is matched (with "did you mean" for near misses), each value parsed for the
 * rule of every leaf that reads it, and a unit × indicator given twice with different values is an
 * error, never a silent pick.
 */
export class EvidenceCollector {
  private readonly readers = new Map<string, Reader[]>();
  private readonly unitsByKey = new Map<string, Unit>();
  private readonly unitsByName = new Map<string, Unit | null>();
  private readonly inputs = new Map<string, Map<string, Input>>();
  private readonly seenUnits: string[] = [];
  private readonly spelling = new Map<string, string>();
  private readonly problems: Problem[] = [];
  private readonly unknownUnits = new Map<string, { text: string; rows: number; at: Location }>();
  private readonly unknownIndicators = new Map<string, { text: string; rows: number; at: Location }>();
  private readonly ambiguousIndicators = new Map<string, { text: string; rows: number; at: Location }>();
  private readonly numberNames = new Map<string, string[]>();
  private readonly indicatorNames: string[];
  private readonly strings = new Map<string, string>();
  /** Derived indicators (folded) whose record source was read: every unit has their values. */
  private readonly derivedRead = new Set<string>();
  /** Record sources the criteria use that no file was given for. */
  private readonly sourcesNotGiven: Array<{ source: string; indicators: string[]; at: Location }> = [];

  constructor(
    private readonly criteria: Criteria,
    private readonly units_?: readonly Unit[],
  ) {
    const add = (indicator: string, reader: Reader) => {
      const key = foldText(indicator);
      this.readers.set(key, [...(this.readers.get(key) ?? []), reader]);
    };
    for (const leaf of criteria.leaves) {
      // A composite leaf reads several indicators, each as its condition or inner rule needs it.
      for (const read of leafReads(leaf)) {
        add(read.indicator, {
          id: read.key,
          subject: leaf.id,
          spec: read.spec,
          optional: leaf.optional,
          manual: leaf.rule.kind === 'manual',
          max: leaf.max.toString(),
        });
      }
    }
    for (const a of criteria.adjustments) {
      add(a.indicator, { id: a.id, subject: a.id, spec: adjustmentSpec(a), optional: false, manual: false, max: a.cap.toString() });
    }
    this.indicatorNames = [...new Set([...criteria.leaves.flatMap((l) => leafReads(l).map((r) => r.indicator)), ...criteria.adjustments.map((a) => a.indicator)])];
    for (const u of units_ ?? []) {
      this.unitsByKey.set(foldText(u.id), u);
      const nameKey = foldText(u.name);
      this.unitsByName.set(nameKey, this.unitsByName.has(nameKey) ? null : u);
    }
  }

  /**
   * Reads one evidence file, every sheet (or one), long or wide layout; `onRows` hears how many
   * rows have been read, every few thousand.
   */
  async addFile(path: string, file: string, options: { sheet?: string; onRows?: (rows: number) => void; limits?: ReadLimits } = {}): Promise<void> {
    let rows = 0;
    const counted = () => {
      if (++rows % 4096 === 0) options.onRows?.(rows);
    };
    const read = { ...(options.sheet === undefined ? {} : { sheet: options.sheet }), ...(options.limits ? { limits: options.limits } : {}) };
    // A workbook may hold sheets that are not evidence — a cover, notes, a summary of the unit's own —
    // and they are passed over, as long as some sheet is evidence; a file with no evidence sheet at
    // all (a CSV without a header, a workbook none of whose sheets has one) is an error.
    let evidenceSheets = 0;
    let passedOver: Location | undefined;
    const sheets = headedSheets(readTable(path, file, read), (sheet, first) => {
      if (first.some((r) => r.cells.some((c) => text(c) !== ''))) passedOver ??= { file, ...(sheet.name !== undefined ? { sheet: sheet.name } : {}), row: 1 };
    });
    for await (const headed of sheets) {
      const sheet = { ...headed, header: this.indicatorColumns(headed.header) };
      const where = { file, ...(sheet.name !== undefined ? { sheet: sheet.name } : {}) };
      if (sheet.name !== undefined && !isEvidence(sheet.header)) {
        passedOver ??= { ...where, row: sheet.header.row };
        for await (const _ of sheet.rows);
        continue;
      }
      evidenceSheets++;
      if (!this.checkHeader(sheet.header, where)) {
        for await (const _ of sheet.rows);
        continue;
      }
      const place = (c: Column): Place => ({ file, sheet: sheet.name, column: c.letter, header: c.header });
      const unitCol = columnWith(sheet.header, 'unit')!;
      const indicatorCol = columnWith(sheet.header, 'indicator');
      const valueCol = columnWith(sheet.header, 'value');
      const sourceCol = columnWith(sheet.header, 'source');
      const noteCol = columnWith(sheet.header, 'note');
      const unitPlace = place(unitCol);
      const width = Math.max(...sheet.header.columns.map((c) => c.index)) + 1;
      // A CSV row with more fields than its header has lost its alignment, typically a decimal comma
      // in a comma-separated file ("92,5%" read as "92" and "5%"): every value of it is suspect.
      const ragged = (row: RawRow): boolean => {
        if (row.cells.length <= width) return false;
        const extra = row.cells.slice(width).filter((c) => text(c) !== '').length;
        if (extra === 0) return false;
        const csv = sheet.name === undefined;
        this.problems.push(problem('extra-fields', csv ? 'error' : 'warning', { count: extra, csv }, { location: { ...where, row: row.row, cell: columnLetters(width) } }));
        return csv;
      };
      if (indicatorCol !== undefined && valueCol !== undefined) {
        const indicatorPlace = place(indicatorCol);
        const valuePlace = place(valueCol);
        for await (const row of sheet.rows) {
          counted();
          if (ragged(row)) continue;
          const unit = text(cellAt(row, unitCol));
          const indicator = text(cellAt(row, indicatorCol));
          if (unit === '' || indicator === '') continue;
          const named = { unit: unitPlace, indicator: indicatorPlace, indicatorRow: row.row };
          const numbered = cellAt(row, indicatorCol)?.number;
          this.add(unit, indicator, cellAt(row, valueCol), valuePlace, row.row, named, optionalText(cellAt(row, sourceCol)), optionalText(cellAt(row, noteCol)), numbered);
        }
      } else {
        const columns = sheet.header.columns.filter((c) => c.role === undefined).map((c) => ({ c, place: place(c) }));
        for await (const row of sheet.rows) {
          counted();
          if (ragged(row)) continue;
          const unit = text(cellAt(row, unitCol));
          if (unit === '') continue;
          const source = optionalText(cellAt(row, sourceCol));
          const note = optionalText(cellAt(row, noteCol));
          for (const { c, place: p } of columns) {
            const named = { unit: unitPlace, indicator: p, indicatorRow: sheet.header.row };
            this.add(unit, c.header, cellAt(row, c), p, row.row, named, source, note, c.number);
          }
        }
      }
    }
    if (evidenceSheets === 0) this.problems.push(problem('no-header', 'error', {}, { location: passedOver ?? { file, row: 1 } }));
  }

  /**
   * A column named exactly like a declared indicator is that indicator, even where the name is also
   * a column role ("diem_tham_dinh" is the points of a self-assessment, "ket_qua" a long table's
   * value): an indicator column of a wide table must never be passed over. The unit column stays.
   */
  private indicatorColumns(header: Header): Header {
    if (!header.columns.some((c) => c.role !== undefined && c.role !== 'unit' && this.readers.has(foldText(c.header)))) return header;
    return {
      ...header,
      columns: header.columns.map((c) => (c.role !== undefined && c.role !== 'unit' && this.readers.has(foldText(c.header)) ? { index: c.index, letter: c.letter, header: c.header, ...(c.number ? { number: c.number } : {}) } : c)),
    };
  }

  private checkHeader(header: Header, where: { file: string; sheet?: string }): boolean {
    const seen = new Map<string, Column>();
    let ok = true;
    for (const c of header.columns) {
      const key = foldText(c.header);
      const first = seen.get(key);
      if (first) {
        this.problems.push(
          problem('duplicate-header', 'error', { header: c.header }, { location: { ...where, row: header.row, cell: c.letter, header: c.header }, also: { location: { ...where, row: header.row, cell: first.letter } } }),
        );
        ok = false;
      } else seen.set(key, c);
    }
    const hasIndicator = columnWith(header, 'indicator') !== undefined;
    const hasValue = columnWith(header, 'value') !== undefined;
    if (hasIndicator !== hasValue) {
      const missing = hasIndicator ? 'value' : 'indicator';
      this.problems.push(problem('missing-column', 'error', { column: missing, layout: 'long' }, { location: { ...where, row: header.row } }));
      ok = false;
    }
    if (!hasIndicator && !header.columns.some((c) => c.role === undefined)) {
      this.problems.push(problem('missing-column', 'error', { column: 'indicator', layout: 'wide' }, { location: { ...where, row: header.row } }));
      ok = false;
    }
    return ok;
  }

  /**
   * One value: the unit's evidence for an indicator, for every leaf that reads it, read from `row`
   * of the column `place`. `named` says where the unit and indicator are written (their columns,
   * and the header row for a wide table's indicator), for problems about them.
   */
  add(
    unitText: string,
    indicatorText: string,
    cell: Cell | undefined,
    place: Place,
    row: number,
    named?: { unit: Place; indicator: Place; indicatorRow: number },
    source?: string,
    note?: string,
    numbered?: string,
  ): void {
    const unit = this.resolveUnit(unitText, () => placeAt(named?.unit ?? place, row));
    const indicatorAt = () => (named ? placeAt(named.indicator, named.indicatorRow) : placeAt(place, row));
    const names = numbered === undefined ? [indicatorText] : this.namesOfNumber(numbered);
    if (names.length > 1) {
      this.countUnknown(this.ambiguousIndicators, indicatorText, indicatorAt);
      return;
    }
    const readers = this.readers.get(foldText(names[0] ?? indicatorText));
    if (!readers) {
      this.countUnknown(this.unknownIndicators, indicatorText, indicatorAt);
      return;
    }
    if (unit === undefined) return;
    const written = this.intern(writtenText(cell, this.criteria.locale));
    const conflict = { reported: false };
    for (const reader of readers) {
      const parsed = parseValue(cell, reader.spec, this.criteria.locale);
      if (parsed.kind === 'empty') continue;
      const report = (p: Problem) => this.problems.push({ ...p, location: placeAt(place, row), unit, subject: reader.subject });
      let input: Input;
      if (parsed.kind === 'problem') {
        report(problem(parsed.problem.code, 'error', parsed.problem.data as never));
        input = { invalid: true, text: written, evidence: [provenanceAt(place, row)] };
      } else if (parsed.value.type === 'na' && !reader.optional) {
        report(problem('not-optional', 'error', { id: reader.subject, value: written }));
        input = { invalid: true, text: written, evidence: [provenanceAt(place, row)] };
      } else {
        if (parsed.warning) report(problem(parsed.warning.code, 'warning', parsed.warning.data));
        if (reader.manual && parsed.value.type === 'points' && parsed.value.value.toString() !== reader.max && !note) {
          report(problem('manual-without-note', 'warning', { value: written, max: reader.max }));
        }
        input = new TableInput(parsed.value, written, place, row, this.intern(source), this.intern(note));
      }
      this.put(unit, reader.id, input, indicatorText, placeAt(place, row), conflict);
    }
  }

  /**
   * A unit's derived value (from a record file) for every leaf that reads the indicator: read as
   * each leaf's rule needs it, like an evidence value, with the sample it came from.
   */
  addDerived(unit: string, indicator: DerivedIndicator, derived: DerivedValue): void {
    const readers = this.readers.get(foldText(indicator.name));
    if (!readers) return;
    this.derivedRead.add(foldText(indicator.name));
    const at: Location = { file: derived.info.files[0] ?? '' };
    const conflict = { reported: false };
    for (const reader of readers) {
      const read = derivedInput(derived, reader.spec);
      let input: Input;
      if ('problem' in read) {
        this.problems.push({ ...problem(read.problem.code, 'error', read.problem.data as never), location: at, unit, subject: reader.subject });
        input = { invalid: true, text: derived.text, evidence: [] };
      } else {
        input = { value: read.value, text: derived.text, evidence: [], derived: read.info };
      }
      this.put(unit, reader.id, input, indicator.name, at, conflict);
    }
  }

  /** Stores a leaf's input; a second, different value for the same unit and leaf is a conflict, never a silent pick. */
  private put(unit: string, leaf: string, input: Input, indicatorText: string, at: Location, conflict: { reported: boolean }): void {
    let byLeaf = this.inputs.get(unit);
    if (!byLeaf) {
      byLeaf = new Map();
      this.inputs.set(unit, byLeaf);
    }
    const existing = byLeaf.get(leaf);
    if (!existing) {
      byLeaf.set(leaf, input);
    } else if (existing instanceof TableInput && input instanceof TableInput && sameValue(existing.value, input.value)) {
      existing.alsoAt(input.evidence[0]!);
    } else {
      // Reported once per unit × indicator, however many leaves read it.
      if (!conflict.reported) {
        conflict.reported = true;
        const other = existing.evidence[0] ?? ('derived' in existing && existing.derived ? { file: existing.derived.files[0] ?? '' } : undefined);
        this.problems.push({
          ...problem(
            'conflicting-values',
            'error',
            { indicator: indicatorText, value: input.text, other: existing.text },
            { location: at, ...(other ? { also: { location: 'row' in other ? location(other) : other } } : {}) },
          ),
          unit,
        });
      }
      byLeaf.set(leaf, { invalid: true, text: input.text, evidence: [...existing.evidence, ...input.evidence] });
    }
  }

  /** The units evidence is gathered for: the units file's, or those met so far in the evidence. */
  units(): readonly string[] {
    return this.units_?.map((u) => u.id) ?? this.seenUnits;
  }

  /** A problem found while reading a record file. */
  recordProblem(p: Problem): void {
    this.problems.push(p);
  }

  /** The criteria derive these indicators from a source no record file was given for. */
  recordsNotGiven(source: string, indicators: string[], at: Location): void {
    this.sourcesNotGiven.push({ source, indicators, at });
  }

  private resolveUnit(unitText: string, at: () => Location): string | undefined {
    const id = this.unitFor(unitText);
    if (id === undefined) this.unknownUnit(unitText, 1, at());
    return id;
  }

  /**
   * The unit a text names (its id or, if unambiguous, its name); without a units file every text
   * is a unit, met for the first time or again. Undefined for a unit not in the units file.
   */
  unitFor(unitText: string): string | undefined {
    const key = foldText(unitText);
    if (!this.units_) {
      let id = this.spelling.get(key);
      if (id === undefined) {
        id = cleanText(unitText);
        this.spelling.set(key, id);
        this.seenUnits.push(id);
      }
      return id;
    }
    const unit = this.unitsByKey.get(key) ?? this.unitsByName.get(key) ?? undefined;
    if (!unit) return undefined;
    if (!this.spelling.has(unit.id)) {
      this.spelling.set(unit.id, unit.id);
      this.seenUnits.push(unit.id);
    }
    return unit.id;
  }

  /** Rows naming a unit that is not in the units file: one problem per unit, with how many rows. */
  unknownUnit(unitText: string, rows: number, at: Location): void {
    this.countUnknown(this.unknownUnits, unitText, () => at, rows);
  }

  /**
   * The indicators a number cell may name: a typed "1.10" is the number 1.1 in Excel, so every
   * indicator that reads as the same number is a candidate ("1.1" and "1.10"); one is that indicator.
   */
  private namesOfNumber(number: string): string[] {
    let names = this.numberNames.get(number);
    if (names === undefined) {
      names = namesOfNumber(number, this.indicatorNames);
      this.numberNames.set(number, names);
    }
    return names;
  }

  /** One copy of each repeated text ("có", "Báo cáo số 12/BC-UBND"): evidence repeats them per unit. */
  private intern<S extends string | undefined>(s: S): S {
    if (s === undefined) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known as S;
    if (this.strings.size < 200_000) this.strings.set(s, s);
    return s;
  }

  private countUnknown(map: Map<string, { text: string; rows: number; at: Location }>, value: string, at: () => Location, rows = 1): void {
    const key = foldText(value);
    const entry = map.get(key);
    if (entry) entry.rows += rows;
    else map.set(key, { text: cleanText(value), rows, at: at() });
  }

  /**
   * The evidence set, with the problems that need the whole picture: unknown units and indicators
   * (once each, with how many rows), and the leaves each unit gave no evidence for.
   */
  finish(): EvidenceSet {
    const problems = [...this.problems];
    const unitIds = this.units_?.map((u) => u.id) ?? [];
    const unitNames = this.units_?.map((u) => u.name) ?? [];
    for (const u of this.unknownUnits.values()) {
      const suggestion = closest(u.text, unitIds) ?? closest(u.text, unitNames);
      problems.push(problem('unknown-unit', 'error', { unit: u.text, rows: u.rows, ...(suggestion ? { suggestion } : {}) }, { location: u.at }));
    }
    for (const [key, i] of this.ambiguousIndicators) {
      problems.push(problem('ambiguous-indicator', 'error', { value: i.text, candidates: this.numberNames.get(key) ?? [], rows: i.rows, what: 'indicator' }, { location: i.at }));
    }
    for (const i of this.unknownIndicators.values()) {
      const suggestion = closest(i.text, this.indicatorNames);
      problems.push(problem('unknown-indicator', 'error', { indicator: i.text, rows: i.rows, ...(suggestion ? { suggestion } : {}) }, { location: i.at }));
    }
    problems.push(...this.missingEvidence());
    return { inputs: this.inputs, seenUnits: this.seenUnits, problems };
  }

  /**
   * The leaves each unit gave nothing for. Indicators derived from a record source that was read
   * have a value for every unit; those of a source that was not given are reported once for the
   * source (`records-not-given`), unless the evidence gives them.
   */
  private missingEvidence(): Problem[] {
    const notGiven = new Map<string, (typeof this.sourcesNotGiven)[number]>();
    for (const s of this.sourcesNotGiven) for (const i of s.indicators) notGiven.set(foldText(i), s);
    // What each leaf reads that the evidence must give: not what a record source that was read derives.
    const reads = this.criteria.leaves.map((l) => ({ leaf: l, reads: leafReads(l).filter((r) => !this.derivedRead.has(foldText(r.indicator))) })).filter((l) => l.reads.length > 0);
    const expected = (group: string | undefined) => reads.filter(({ leaf: l }) => (group === undefined ? l.appliesTo === undefined : appliesTo(l, group)));
    const units: ReadonlyArray<{ id: string; group?: string; attributes?: ReadonlyMap<string, Fact> }> = this.units_ ?? this.seenUnits.map((id) => ({ id }));
    const problems: Problem[] = [];
    const sourcesMissed = new Set<(typeof this.sourcesNotGiven)[number]>();
    for (const u of units) {
      const have = this.inputs.get(u.id);
      if (!have) {
        problems.push({ ...problem('unit-no-evidence', 'warning', { unit: u.id }), unit: u.id });
        continue;
      }
      const missing: string[] = [];
      for (const { leaf: l, reads: rs } of expected(u.group)) {
        // A composite leaf needs what its conditions decide it needs (a case decided before
        // another is tried): it is evaluated as scoring will, and missing when a fact it came to is.
        const lacking = isComposite(l.rule) ? lackedBy(l, have, u.attributes) : rs.some((r) => have.has(r.key)) ? [] : rs.map((r) => r.indicator);
        if (lacking.length === 0) continue;
        const sources = lacking.map((i) => notGiven.get(foldText(i)));
        for (const s of sources) if (s) sourcesMissed.add(s);
        if (sources.every((s) => s === undefined)) missing.push(l.id);
      }
      if (missing.length > 0) problems.push({ ...problem('no-evidence', 'warning', { unit: u.id, items: missing }), unit: u.id });
    }
    for (const s of sourcesMissed) problems.push(problem('records-not-given', 'error', { source: s.source, indicators: s.indicators }, { location: s.at }));
    return problems;
  }
}

/** What an adjustment reads its evidence as: its rule's value, except that points above its cap are capped, not refused. */
export function adjustmentSpec(a: Adjustment): ValueSpec {
  const spec = kindOf(a.rule).expects(a.rule, a.cap);
  return spec.type === 'points' ? { ...spec, max: undefined } : spec;
}

/** The indicator a composite leaf comes to and has no evidence for, as scoring will find it (none: []). */
function lackedBy(leaf: Leaf, have: ReadonlyMap<string, Input>, attributes: ReadonlyMap<string, Fact> | undefined): string[] {
  const outcome = run(leaf.rule, {
    max: leaf.max,
    indicator: leaf.indicator,
    read: (indicator, spec) => have.get(readKey(leaf.id, { indicator, spec })),
    attribute: (name) => {
      const fact = attributes?.get(name);
      return fact && { ...fact, title: name };
    },
  });
  return outcome.status === 'no_evidence' ? [outcome.indicator] : [];
}

/**
 * The value as the unit wrote it, for explanations and the report: a CSV field as typed; an XLSX
 * number as Excel shows it in the criteria's notation (0,5341 formatted as a percent: "53,41%").
 */
function writtenText(cell: Cell | undefined, locale: 'vi' | 'en'): string {
  if (cell?.number === undefined) return cleanText(cell?.text ?? '');
  const n = Exact.parse(cell.number)!;
  const f = formatter(locale);
  return cell.percent ? `${f.num(n.mul(Exact.HUNDRED))}%` : f.num(n);
}

/** The ids (indicators, criteria) that read as the same number as a number cell: "1.1" and "1.10" for 1.1. */
export function namesOfNumber(number: string, names: readonly string[]): string[] {
  const value = Exact.parse(number);
  return value === undefined ? [] : names.filter((n) => Exact.parse(n)?.eq(value) === true);
}

/** A header evidence can be read under: a long table's indicator or value column, or a column of a wide one. */
function isEvidence(header: Header): boolean {
  return header.columns.some((c) => c.role === undefined || c.role === 'indicator' || c.role === 'value');
}

function optionalText(c: Cell | undefined): string | undefined {
  const t = text(c);
  return t === '' ? undefined : t;
}

/** A column of a table: what every value read from it shares. */
export interface Place {
  file: string;
  sheet?: string | undefined;
  column: string;
  header: string;
}

function provenanceAt(place: Place, row: number): Provenance {
  return { file: place.file, ...(place.sheet !== undefined ? { sheet: place.sheet } : {}), row, column: place.column, header: place.header };
}

function placeAt(place: Place, row: number): Location {
  return location(provenanceAt(place, row));
}

/**
 * A value read from a table. Evidence runs to millions of values, so each keeps only its column's
 * shared place and its row, and builds its provenance when asked.
 */
class TableInput implements LeafInput {
  private more?: Provenance[];

  constructor(
    readonly value: Value,
    readonly text: string,
    private readonly place: Place,
    private readonly row: number,
    readonly source: string | undefined,
    readonly note: string | undefined,
  ) {}

  get evidence(): Provenance[] {
    return [provenanceAt(this.place, this.row), ...(this.more ?? [])];
  }

  /** The same value given again elsewhere: both places are cited. */
  alsoAt(p: Provenance): void {
    (this.more ??= []).push(p);
  }
}

export function location(p: Provenance): Location {
  return { file: p.file, ...(p.sheet !== undefined ? { sheet: p.sheet } : {}), row: p.row, cell: p.column, ...(p.header ? { header: p.header } : {}) };
}

function sameValue(a: Value, b: Value): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'boolean':
      return a.value === (b as typeof a).value;
    case 'date':
      return a.value === (b as typeof a).value;
    case 'level':
      return a.label === (b as typeof a).label;
    case 'text':
      return foldText(a.value) === foldText((b as typeof a).value);
    case 'percent': {
      const bv = (b as typeof a).value;
      return a.value === undefined || bv === undefined ? a.value === bv : a.value.eq(bv);
    }
    case 'number':
    case 'count':
    case 'points':
      return a.value.eq((b as typeof a).value);
    case 'not_done':
    case 'na':
      return true;
  }
}

/**
 * A derived value as a leaf's rule reads it: a share or on-time rate as a percent, a mean as a
 * number or points, a count as a count. With no usable row there is nothing to score: the leaf has
 * insufficient data — except where the rule says what 0/0 earns (`proportional`'s `empty`).
 */
export function derivedInput(d: DerivedValue, spec: ValueSpec): { value: Value; info: DerivedInfo } | { problem: ValueProblem } {
  const { value, info } = d;
  // Never scored: the core reports insufficient data before it looks at the value.
  const insufficient = (placeholder: Value) => ({ value: placeholder, info: { ...info, insufficient: info.insufficient ?? { minRows: 1 } } });
  switch (spec.type) {
    case 'percent':
      if (value === undefined && !spec.empty) return insufficient({ type: 'percent', value: undefined });
      return { value: { type: 'percent', value }, info };
    case 'number':
      if (value === undefined) return insufficient({ type: 'number', value: Exact.ZERO });
      if (spec.nonNegative && value.isNegative()) return { problem: { code: 'negative-value', data: { value: d.text } } };
      return { value: { type: 'number', value }, info };
    case 'points':
      if (value === undefined) return insufficient({ type: 'points', value: Exact.ZERO });
      if (value.lt(spec.floor) || (spec.max !== undefined && value.gt(spec.max))) {
        return { problem: { code: 'points-out-of-range', data: { value: d.text, floor: spec.floor, max: spec.max ?? value } } };
      }
      return { value: { type: 'points', value }, info };
    case 'count':
      return { value: { type: 'count', value: value ?? Exact.ZERO }, info };
    default:
      // The criteria checks (indicator-type) allow no other reading of a derived indicator.
      throw new Error(`derived indicator read as ${spec.type}`);
  }
}
