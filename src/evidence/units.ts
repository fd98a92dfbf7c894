import { Exact } from '../core/exact.js';
import type { Fact, Override, Provenance, SelfScore, Unit } from '../core/inputs.js';
import { appliesTo, type Attribute, type Criteria, type Leaf } from '../core/model.js';
import { attributesOf } from '../core/rules/tree.js';
import { problem, type Problem, type ProblemData } from '../core/problems.js';
import { kindOf } from '../core/rules/index.js';
import { closest, foldText } from '../core/text.js';
import { location, namesOfNumber } from './collect.js';
import { headerKey, text, type Column, type Header, type Role } from './tables/headers.js';
import { cellAt, columnWith, headedSheets, readTable } from './tables/read.js';
import type { Cell, RawRow } from './tables/table.js';
import { cellError, cleanText, parseLocaleNumber, parseValue, type Locale } from './values.js';

/**
 * The three tables beside the evidence, read with the same readers: the units file (who is scored
 * and in which group), the self-assessment (what each unit claimed) and the overrides (an
 * appraiser's documented changes).
 */

export interface Rows {
  header: Header;
  where: { file: string; sheet?: string };
  row: RawRow;
}

type Layout = ProblemData['missing-column']['layout'];

/** Which sheets and rows `tableRows` hands on. */
export interface RowsOptions {
  /** Only this sheet of a workbook. */
  sheet?: string;
  /** A sheet to pass over unread, its header notwithstanding. */
  skip?: (sheet: { name?: string; header: Header }) => boolean;
  /** Rows whose unit cell is empty too (a published table's "Trung bình" row, its label in another cell). */
  withoutUnit?: boolean;
}

/**
 * Every data row (with a unit) of every sheet whose header has the columns the layout needs;
 * `missing` names the columns a header lacks, each reported once, and that sheet is skipped.
 */
export async function* tableRows(
  path: string,
  file: string,
  missing: (header: Header) => string[],
  layout: Layout,
  problems: Problem[],
  options: RowsOptions = {},
): AsyncGenerator<Rows> {
  const sheets = headedSheets(readTable(path, file, options.sheet === undefined ? {} : { sheet: options.sheet }), (sheet) => {
    if (sheet.name === undefined) problems.push(problem('missing-column', 'error', { column: 'unit', layout }, { location: { file, row: 1 } }));
  });
  for await (const sheet of sheets) {
    const where = { file, ...(sheet.name !== undefined ? { sheet: sheet.name } : {}) };
    if (options.skip?.(sheet)) {
      for await (const _ of sheet.rows);
      continue;
    }
    const lacking = missing(sheet.header);
    if (lacking.length > 0) {
      for (const column of lacking) problems.push(problem('missing-column', 'error', { column, layout }, { location: { ...where, row: sheet.header.row } }));
      for await (const _ of sheet.rows);
      continue;
    }
    for await (const row of sheet.rows) {
      if (!options.withoutUnit && text(cellAt(row, columnWith(sheet.header, 'unit'))) === '') continue;
      yield { header: sheet.header, where, row };
    }
  }
}

/** The roles a header lacks. */
function lacks(required: Role[]): (header: Header) => string[] {
  return (header) => required.filter((r) => !columnWith(header, r));
}

/** A number as a cell holds it (exactly) or as written in the locale. */
export function cellNumber(cell: Cell | undefined, locale: Locale): Exact | undefined {
  return cell?.number !== undefined ? Exact.parse(cell.number) : parseLocaleNumber(cleanText(text(cell)), locale);
}

export function prov(r: Rows, column: Column): Provenance {
  return { ...r.where, row: r.row.row, column: column.letter, header: column.header };
}

/** What a units file is read for: the criteria's groups, and the attributes (facts) its columns give. */
export interface UnitsFor {
  groups: ReadonlyArray<{ id: string; title: string }>;
  attributes?: ReadonlyMap<string, Attribute>;
  locale?: Locale;
  /** The leaves, to know which attributes a unit's group needs. */
  leaves?: readonly Leaf[];
}

/**
 * The units file; only the criteria's groups are needed (compare reads it beside two reports), and
 * the column of each declared attribute, read as its type ("có", "12.345"). A blank attribute cell
 * is no fact: a rule that tests it says "no evidence", never "no".
 */
export async function readUnits(path: string, file: string, criteria: UnitsFor): Promise<{ units: Unit[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const declared = [...(criteria.attributes?.values() ?? [])];
  // group → attribute → the leaves of the group that test it.
  const tested = new Map<string, Map<string, string[]>>();
  const testedBy = (group: string): Map<string, string[]> => {
    let byAttribute = tested.get(group);
    if (byAttribute) return byAttribute;
    byAttribute = new Map();
    for (const leaf of criteria.leaves ?? []) {
      if (!appliesTo(leaf, group)) continue;
      for (const a of attributesOf(leaf.rule)) byAttribute.set(a, [...(byAttribute.get(a) ?? []), leaf.id]);
    }
    tested.set(group, byAttribute);
    return byAttribute;
  };
  const attributeColumns = new Map<Header, Array<{ attribute: Attribute; column: Column }>>();
  const columnsOf = (r: Rows) => {
    let found = attributeColumns.get(r.header);
    if (found) return found;
    found = [];
    for (const attribute of declared) {
      const column = r.header.columns.find((c) => headerKey(c.header) === headerKey(attribute.column));
      if (column) found.push({ attribute, column });
      else problems.push(problem('missing-column', 'error', { column: attribute.column, layout: 'units', attribute: attribute.name }, { location: { ...r.where, row: r.header.row } }));
    }
    attributeColumns.set(r.header, found);
    return found;
  };
  const units: Unit[] = [];
  const seen = new Map<string, Provenance>();
  const groupIds = criteria.groups.map((g) => g.id);
  const groupByKey = new Map(criteria.groups.flatMap((g) => [[foldText(g.id), g.id] as const, [foldText(g.title), g.id] as const]));
  for await (const r of tableRows(path, file, lacks(['unit', 'group']), 'units', problems)) {
    const col = (role: Role) => columnWith(r.header, role);
    const id = cleanText(text(cellAt(r.row, col('unit'))));
    const idAt = prov(r, col('unit')!);
    const earlier = seen.get(foldText(id));
    if (earlier) {
      problems.push(problem('duplicate-unit', 'error', { unit: id }, { location: location(idAt), also: { location: location(earlier) }, unit: id }));
      continue;
    }
    seen.set(foldText(id), idAt);
    const groupText = text(cellAt(r.row, col('group')));
    const groupAt = location(prov(r, col('group')!));
    const group = groupByKey.get(foldText(groupText));
    if (groupText === '') {
      problems.push(problem('unit-without-group', 'error', { unit: id }, { location: groupAt, unit: id }));
      continue;
    }
    if (!group) {
      const suggestion = closest(groupText, groupIds);
      problems.push(problem('unit-unknown-group', 'error', { unit: id, group: groupText, allowed: groupIds, ...(suggestion ? { suggestion } : {}) }, { location: groupAt, unit: id }));
      continue;
    }
    const name = text(cellAt(r.row, col('name')));
    const previous = text(cellAt(r.row, col('previous')))
      .split(/[,;\n]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const attributes = new Map<string, Fact>();
    for (const { attribute, column } of columnsOf(r)) {
      const at = prov(r, column);
      const read = attributeFact(cellAt(r.row, column), attribute, criteria.locale ?? 'vi', at);
      if ('problem' in read) problems.push({ ...read.problem, location: location(at), unit: id });
      else if (read.fact) attributes.set(attribute.name, read.fact);
      else {
        // A blank fact that a criterion of the unit's group tests: never read as "không".
        const items = testedBy(group).get(attribute.name);
        if (items) problems.push(problem('attribute-blank', 'error', { unit: id, attribute: attribute.name, title: attribute.title, items }, { location: location(at), unit: id }));
      }
    }
    units.push({ id, name: name === '' ? id : name, group, previous, ...(declared.length > 0 ? { attributes } : {}) });
  }
  return { units, problems };
}

const ATTRIBUTE_SPECS = { boolean: { type: 'boolean' }, number: { type: 'number', nonNegative: false }, text: { type: 'text' } } as const;

/** An attribute's cell, read as its type: a fact, nothing (blank), or the problem with it. */
export function attributeFact(cell: Cell | undefined, attribute: Attribute, locale: Locale, at: Provenance): { fact?: Fact } | { problem: Problem } {
  const parsed = parseValue(cell, ATTRIBUTE_SPECS[attribute.type], locale);
  if (parsed.kind === 'empty') return {};
  if (parsed.kind === 'problem') return { problem: problem(parsed.problem.code, 'error', parsed.problem.data as never) };
  const written = cleanText(text(cell));
  if (parsed.value.type === 'na') return { problem: problem('value-type', 'error', { value: written, expected: attribute.type === 'number' ? 'number' : 'boolean' }) };
  return { fact: { value: parsed.value, text: written, evidence: at } };
}

/** A leaf or adjustment id → its points range, for checking claimed and appraised points. */
function itemRanges(criteria: Criteria): Map<string, { id: string; floor: Exact; max: Exact }> {
  const items = new Map<string, { id: string; floor: Exact; max: Exact }>();
  for (const l of criteria.leaves) items.set(foldText(l.id), { id: l.id, floor: kindOf(l.rule).floor(l.rule), max: l.max });
  for (const a of criteria.adjustments) items.set(foldText(a.id), { id: a.id, floor: Exact.ZERO, max: a.cap });
  return items;
}

interface ItemRow {
  unit: string;
  item: { id: string; floor: Exact; max: Exact };
  points: Exact;
  at: Provenance;
  rows: Rows;
}

/** Rows of unit, item and points, with units and items matched and points read in the locale. */
async function* itemRows(
  path: string,
  file: string,
  criteria: Criteria,
  units: readonly Unit[] | undefined,
  required: Role[],
  layout: 'self' | 'overrides',
  problems: Problem[],
): AsyncGenerator<ItemRow> {
  const items = itemRanges(criteria);
  const ids = [...items.values()].map((i) => i.id);
  const unitIds = new Map((units ?? []).map((u) => [foldText(u.id), u.id]));
  for await (const r of tableRows(path, file, lacks(required), layout, problems)) {
    const col = (role: Role) => columnWith(r.header, role)!;
    const unitText = cleanText(text(cellAt(r.row, col('unit'))));
    const unit = units ? unitIds.get(foldText(unitText)) : unitText;
    if (unit === undefined) {
      const suggestion = closest(unitText, [...unitIds.values()]);
      problems.push(problem('unknown-unit', 'error', { unit: unitText, rows: 1, ...(suggestion ? { suggestion } : {}) }, { location: location(prov(r, col('unit'))) }));
      continue;
    }
    const itemCell = cellAt(r.row, col('item'));
    const itemText = cleanText(text(itemCell));
    const itemAt = location(prov(r, col('item')));
    // A criterion id typed into a number cell has lost its trailing zeros (1.10 → 1.1).
    const numbered = itemCell?.number === undefined ? [itemText] : namesOfNumber(itemCell.number, ids);
    if (numbered.length > 1) {
      problems.push(problem('ambiguous-indicator', 'error', { value: itemText, candidates: numbered, rows: 1, what: 'item' }, { location: itemAt, unit }));
      continue;
    }
    const item = items.get(foldText(numbered[0] ?? itemText));
    if (!item) {
      if (criteria.byId.has(itemText)) problems.push(problem('node-item', 'warning', { item: itemText }, { location: itemAt, unit }));
      else {
        const suggestion = closest(itemText, [...items.values()].map((i) => i.id));
        problems.push(problem('unknown-item', 'error', { item: itemText, ...(suggestion ? { suggestion } : {}) }, { location: itemAt, unit }));
      }
      continue;
    }
    const pointsCell = cellAt(r.row, col('points'));
    const at = prov(r, col('points'));
    if (pointsCell?.error) {
      const { code, data } = cellError(pointsCell.error);
      problems.push(problem(code, 'error', data, { location: location(at), unit, subject: item.id }));
      continue;
    }
    const points = cellNumber(pointsCell, criteria.locale);
    if (points === undefined) {
      problems.push(problem('points-not-number', 'error', { value: text(pointsCell) }, { location: location(at), unit, subject: item.id }));
      continue;
    }
    yield { unit, item, points, at, rows: r };
  }
}

export type ItemTable<T> = Map<string, Map<string, T>>;

function put<T extends { evidence: Provenance }>(table: ItemTable<T>, unit: string, item: string, value: T, problems: Problem[]): void {
  let byItem = table.get(unit);
  if (!byItem) table.set(unit, (byItem = new Map()));
  const earlier = byItem.get(item);
  if (earlier) {
    problems.push(problem('conflicting-rows', 'error', { item }, { location: location(value.evidence), also: { location: location(earlier.evidence) }, unit }));
    return;
  }
  byItem.set(item, value);
}

/** The self-assessment: `unit, item, points, note` — what each unit claimed. */
export async function readSelf(path: string, file: string, criteria: Criteria, units?: readonly Unit[]): Promise<{ self: ItemTable<SelfScore>; problems: Problem[] }> {
  const problems: Problem[] = [];
  const self: ItemTable<SelfScore> = new Map();
  for await (const r of itemRows(path, file, criteria, units, ['unit', 'item', 'points'], 'self', problems)) {
    if (r.points.lt(r.item.floor) || r.points.gt(r.item.max)) {
      problems.push(problem('self-out-of-range', 'error', { item: r.item.id, points: r.points, floor: r.item.floor, max: r.item.max }, { location: location(r.at), unit: r.unit }));
      continue;
    }
    const note = text(cellAt(r.rows.row, columnWith(r.rows.header, 'note')));
    put(self, r.unit, r.item.id, { points: r.points, evidence: r.at, ...(note ? { note } : {}) }, problems);
  }
  return { self, problems };
}

/** The overrides: `unit, item, points, reason, by` — refused without a reason or out of range. */
export async function readOverrides(
  path: string,
  file: string,
  criteria: Criteria,
  units?: readonly Unit[],
): Promise<{ overrides: ItemTable<Override>; problems: Problem[] }> {
  const problems: Problem[] = [];
  const overrides: ItemTable<Override> = new Map();
  for await (const r of itemRows(path, file, criteria, units, ['unit', 'item', 'points', 'reason'], 'overrides', problems)) {
    const reasonCol = columnWith(r.rows.header, 'reason')!;
    const reason = text(cellAt(r.rows.row, reasonCol));
    if (reason === '') {
      problems.push(problem('override-without-reason', 'error', { item: r.item.id }, { location: location(prov(r.rows, reasonCol)), unit: r.unit }));
      continue;
    }
    if (r.points.lt(r.item.floor) || r.points.gt(r.item.max)) {
      problems.push(problem('override-out-of-range', 'error', { item: r.item.id, points: r.points, floor: r.item.floor, max: r.item.max }, { location: location(r.at), unit: r.unit }));
      continue;
    }
    const by = text(cellAt(r.rows.row, columnWith(r.rows.header, 'by')));
    put(overrides, r.unit, r.item.id, { points: r.points, reason, evidence: r.at, ...(by ? { by } : {}) }, problems);
  }
  return { overrides, problems };
}
