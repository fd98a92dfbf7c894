import type { Style, Worksheet } from 'exceljs';
import { Exact } from '../core/exact.js';
import { lossesByResponsible } from '../core/remediation.js';
import { NOT_COUNTED, type ItemResult, type Report, type UnitResult } from '../core/report.js';
import { citation } from '../explain/items.js';
import { messageText, statusText, unrankedText } from '../explain/messages.js';
import type { Lang } from '../explain/numbers.js';
import { headerRow, inertText, streamingWorkbook } from './workbook.js';
import { printOptions, setPrintArea, wrappedHeight, type PrintLayout } from './print.js';
import { chances, changeText, namesOf, robustnessWords, withinReach } from './robustness.js';
import type { Robustness } from '../audit/robustness.js';

/**
 * The report as the workbook an officer would otherwise build by hand: the ranking, the appraisal
 * annex per unit (STT / Tiêu chí / Điểm tối đa / Điểm tự chấm / Điểm thẩm định / Điểm trừ / Lý do /
 * Tài liệu kiểm chứng), every deduction, lost points by responsible office, and the manifest.
 *
 * Written with exceljs's streaming writer, row by row, so a national run (3,321 units × 100
 * leaves) fits in memory; a sheet that would pass Excel's row limit continues on "Chi tiết (2)".
 * Numbers are numbers, shown by their cell format (Excel draws the separators of its own locale:
 * 81,33 in Vietnamese Excel); text is always a text cell, never a formula, whatever it starts with.
 * The workbook carries no clock time (its properties and zip entries are dated 1980-01-01), so the
 * same inputs give the same bytes.
 */
export interface XlsxOptions {
  lang: Lang;
  /** Hears how far writing has gone: `done` of `total` units. */
  onUnit?: (done: number, total: number) => void;
  /** Rows per sheet before continuing on the next (Excel's limit; smaller in tests). */
  maxRows?: number;
  /** How firm the ranking is (`parscore robustness`): two sheets after the ranking. */
  robustness?: { result: Robustness; reach: Exact };
}

/** Excel's own limit of rows per sheet. */
export const EXCEL_MAX_ROWS = 1_048_576;

const WORDS = {
  vi: {
    sheets: { ranking: 'Xếp hạng', robustness: 'Độ vững của xếp hạng', decisive: 'Thay đổi quyết định', detail: 'Chi tiết', deductions: 'Điểm trừ', responsible: 'Trách nhiệm', about: 'Thông tin' },
    robustness: ['Nhóm', 'Hạng', 'Khoảng hạng 90% từ', 'đến', 'Mã đơn vị', 'Tên đơn vị', 'Chỉ số', 'Xếp loại', 'Cách đơn vị trên', 'Cách đơn vị dưới', 'Còn thiếu lên loại trên', 'Loại trên', 'Sát loại trên', 'Khả năng xếp loại'],
    decisive: ['Nhóm', 'Mã đơn vị', 'Tên đơn vị', 'Tiêu chí', 'Tên tiêu chí', 'Thay đổi', 'Điểm hiện tại', 'Nếu hoàn lại', 'Hạng hiện tại', 'Hạng nếu hoàn lại', 'Xếp loại hiện tại', 'Xếp loại nếu hoàn lại', 'Đơn vị đổi hạng', 'Lý do'],
    yes: 'có',
    ranking: ['Nhóm', 'Hạng', 'Mã đơn vị', 'Tên đơn vị', 'Điểm', 'Tối đa', 'Chỉ số', 'Xếp loại'],
    // Only the leaves that units assess themselves: a part of the total, not a total beside it.
    self: 'Tự chấm (phần đơn vị tự chấm)',
    page: 'Trang',
    detail: ['Mã đơn vị', 'STT', 'Tiêu chí', 'Điểm tối đa', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm trừ', 'Lý do', 'Tài liệu kiểm chứng'],
    deductions: ['Nhóm', 'Mã đơn vị', 'Tên đơn vị', 'Lĩnh vực', 'Tiêu chí', 'Tên tiêu chí', 'Điểm tối đa', 'Điểm thẩm định', 'Điểm trừ', 'Trạng thái', 'Lý do', 'Giá trị', 'Tài liệu kiểm chứng', 'Trách nhiệm'],
    responsible: ['Nhóm', 'Trách nhiệm', 'Điểm trừ', 'Số lượt bị trừ', 'Số đơn vị bị trừ', 'Tiêu chí'],
    about: ['Mục', 'Giá trị', 'SHA-256'],
    unassigned: '(chưa giao)',
    total: 'Tổng',
    penalty: 'Điểm trừ vi phạm',
    heading: (u: UnitResult, group: string, standing: string) => `${u.name} (${u.unit}) — ${group}${standing ? ` — ${standing}` : ''}`,
    rank: 'hạng',
    info: {
      title: 'Bộ tiêu chí',
      id: 'Mã bộ tiêu chí',
      year: 'Năm',
      reference: 'Căn cứ',
      engine: 'Phần mềm',
      criteria: 'Tệp tiêu chí',
      locale: 'Cách viết số liệu',
      precision: 'Số chữ số thập phân của điểm',
      options: 'Tùy chọn',
      roles: { evidence: 'Minh chứng', units: 'Danh sách đơn vị', self: 'Tự chấm', overrides: 'Điều chỉnh thẩm định' } as Record<string, string>,
    },
  },
  en: {
    sheets: { ranking: 'Ranking', robustness: 'How firm the ranking is', decisive: 'Decisive changes', detail: 'Details', deductions: 'Deductions', responsible: 'Responsibility', about: 'About' },
    robustness: ['Group', 'Rank', '90% interval from', 'to', 'Unit', 'Name', 'Index', 'Band', 'Gap above', 'Gap below', 'To next band', 'Next band', 'Within reach', 'Band chances'],
    decisive: ['Group', 'Unit', 'Name', 'Criterion', 'Title', 'Change', 'Points now', 'Put back', 'Rank now', 'Rank put back', 'Band now', 'Band put back', 'Units moved', 'Reason'],
    yes: 'yes',
    ranking: ['Group', 'Rank', 'Unit', 'Name', 'Points', 'Max', 'Index', 'Band'],
    self: 'Self-assessed (the part units self-assess)',
    page: 'Page',
    detail: ['Unit', 'No.', 'Criterion', 'Max', 'Self-assessed', 'Appraised', 'Deduction', 'Reason', 'Evidence'],
    deductions: ['Group', 'Unit', 'Name', 'Area', 'Criterion', 'Title', 'Max', 'Appraised', 'Deduction', 'Status', 'Reason', 'Value', 'Evidence', 'Responsible'],
    responsible: ['Group', 'Responsible', 'Deduction', 'Outcomes losing points', 'Units losing points', 'Criteria'],
    about: ['Item', 'Value', 'SHA-256'],
    unassigned: '(none named)',
    total: 'Total',
    penalty: 'Penalty',
    heading: (u: UnitResult, group: string, standing: string) => `${u.name} (${u.unit}) — ${group}${standing ? ` — ${standing}` : ''}`,
    rank: 'rank',
    info: {
      title: 'Criteria',
      id: 'Criteria id',
      year: 'Year',
      reference: 'Legal basis',
      engine: 'Engine',
      criteria: 'Criteria file',
      locale: 'Number style of the evidence',
      precision: 'Decimal places of points',
      options: 'Options',
      roles: { evidence: 'Evidence', units: 'Units', self: 'Self-assessment', overrides: 'Overrides' } as Record<string, string>,
    },
  },
};

/** A number shown through a format of its own rather than its column's: a tied rank, 3 shown "3=". */
interface Shown {
  number: number;
  numFmt: string;
}
type Value = string | number | null | Shown;

/**
 * A tied rank stays a number (it sorts and filters as one, and reads back as 3) and shows "3=",
 * as the text table writes it.
 */
const TIED = '0"="';
function rankCell(rank: number | null, tied: boolean): Value {
  return rank !== null && tied ? { number: rank, numFmt: TIED } : rank;
}
interface Column {
  header: string;
  width: number;
  /** A number format for the column's numbers. */
  numFmt?: string;
  /** Long text wraps within the column, its row as tall as its lines (printed whole, not cut at the next cell). */
  wrap?: boolean;
}

/** The height of a row of one line, which is left to the default. */
const ONE_LINE = wrappedHeight([], []);

/**
 * A table written row by row: a bold, frozen header with an auto-filter, widths and number formats
 * per column; past `maxRows` it continues on a new sheet named "<name> (2)" with the same header.
 * Every sheet prints as `layout` says, its header repeated on each page, its print area the table.
 */
class Table {
  private sheet: Worksheet | undefined;
  private part = 0;
  private rows = 0;
  private readonly widths: number[];

  constructor(
    private readonly book: { addWorksheet(name: string, options: object): Worksheet },
    private readonly name: string,
    private readonly columns: Column[],
    private readonly maxRows: number,
    private readonly layout: PrintLayout,
  ) {
    this.widths = columns.map((c) => c.width);
  }

  add(values: Value[], style: { bold?: boolean; indent?: number } = {}): void {
    if (!this.sheet || this.rows >= this.maxRows) this.open();
    const row = this.sheet!.addRow(values.map(cellValue));
    values.forEach((v, i) => {
      const fmt = typeof v === 'number' ? this.columns[i]?.numFmt : v !== null && typeof v === 'object' ? v.numFmt : undefined;
      row.getCell(i + 1).style = this.style(fmt, style.bold ?? false, i === 2 ? (style.indent ?? 0) : 0, this.columns[i]?.wrap ?? false);
    });
    const height = wrappedHeight(
      values.map((v, i) => (this.columns[i]?.wrap && typeof v === 'string' ? v : '')),
      this.widths,
    );
    // A row of one line keeps the default height.
    if (height > ONE_LINE) row.height = height;
    row.commit();
    this.rows++;
  }

  /**
   * One style object per look, shared by every cell that has it: exceljs works out a cell's style
   * id by rendering its style, unless it has seen that very object before.
   */
  private readonly styles = new Map<string, Partial<Style>>();
  private style(numFmt: string | undefined, bold: boolean, indent: number, wrap: boolean): Partial<Style> {
    const key = `${numFmt ?? ''}|${bold}|${indent}|${wrap}`;
    let s = this.styles.get(key);
    if (!s) {
      // Top-aligned, so the cells of a row made tall by wrapped text read along its first line.
      const alignment = { vertical: 'top' as const, ...(indent ? { indent } : {}), ...(wrap ? { wrapText: true } : {}) };
      s = { ...(numFmt ? { numFmt } : {}), ...(bold ? { font: { bold: true } } : {}), alignment };
      this.styles.set(key, s);
    }
    return s;
  }

  close(): void {
    if (!this.sheet) this.open();
    this.commit();
  }

  /** The print area is written with the workbook, from the sheet's page setup: set it before. */
  private commit(): void {
    setPrintArea(this.sheet!, this.columns.length, this.rows);
    this.sheet!.commit();
  }

  private open(): void {
    if (this.sheet) this.commit();
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name} (${this.part})`;
    const sheet = this.book.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }], ...printOptions(this.layout) });
    sheet.columns = this.columns.map((c) => ({ width: c.width }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: this.columns.length } };
    const head = headerRow(sheet, this.columns.map((c) => c.header));
    head.height = wrappedHeight(this.columns.map((c) => c.header), this.widths);
    head.commit();
    this.sheet = sheet;
    this.rows = 1;
  }
}

/** A cell's value: text never taken for a formula (see inertText). */
function cellValue(v: Value): string | number | null | { richText: Array<{ text: string }> } {
  if (v !== null && typeof v === 'object') return v.number;
  return typeof v === 'string' ? inertText(v) : v;
}

/** "#,##0.00" for 2 places: Excel shows it with the separators of its locale. */
function numberFormat(places: number): string {
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}

export async function reportToXlsx(report: Report, options: XlsxOptions): Promise<Buffer> {
  const w = WORDS[options.lang];
  const lang = options.lang;
  const maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
  const { precision, indexPrecision } = report.criteria;
  const pts = numberFormat(precision);
  const idx = numberFormat(indexPrecision);
  const num = (x: Exact | null | undefined, places = precision): number | null => (x === null || x === undefined ? null : x.toNumber(places));
  const groupTitle = new Map(report.groups.map((g) => [g.id, g.title]));
  const areas = report.units[0]?.nodes.filter((n) => n.depth === 0) ?? [];
  const withSelf = report.units.some((u) => u.selfPoints !== undefined);

  const { book, finish } = await streamingWorkbook();
  const layout: PrintLayout = { footer: report.criteria.title, page: w.page };
  const table = (name: string, columns: Column[]) => new Table(book, name, columns, maxRows, layout);

  // Xếp hạng: one table over the groups, so it sorts and filters as one.
  const ranking = table(w.sheets.ranking, [
    { header: w.ranking[0]!, width: 14, wrap: true },
    { header: w.ranking[1]!, width: 6 },
    { header: w.ranking[2]!, width: 16 },
    { header: w.ranking[3]!, width: 28, wrap: true },
    { header: w.ranking[4]!, width: 9, numFmt: pts },
    { header: w.ranking[5]!, width: 9, numFmt: pts },
    { header: w.ranking[6]!, width: 9, numFmt: idx },
    { header: w.ranking[7]!, width: 12, wrap: true },
    ...(withSelf ? [{ header: w.self, width: 11, numFmt: pts }] : []),
    ...areas.map((a) => ({ header: `${a.id}. ${a.title}`, width: 11, numFmt: pts })),
  ]);
  for (const u of report.units) {
    ranking.add([
      groupTitle.get(u.group) ?? u.group,
      rankCell(u.rank, u.tied),
      u.unit,
      u.name,
      num(u.points),
      num(u.max),
      num(u.index, indexPrecision),
      u.status === 'ranked' ? (u.band ?? '') : unrankedText(u.status, lang),
      ...(withSelf ? [num(u.selfPoints)] : []),
      ...areas.map((a) => {
        const n = u.nodes.find((x) => x.id === a.id)!;
        return n.max.isZero() ? null : num(n.points);
      }),
    ]);
  }
  ranking.close();
  if (options.robustness) robustnessSheets(table, options.robustness.result, options.robustness.reach, lang, groupTitle);

  // Chi tiết: the appraisal annex, unit after unit, areas and criteria with their sums.
  const detail = table(w.sheets.detail, [
    { header: w.detail[0]!, width: 14 },
    { header: w.detail[1]!, width: 8 },
    { header: w.detail[2]!, width: 50, wrap: true },
    { header: w.detail[3]!, width: 9, numFmt: pts },
    { header: w.detail[4]!, width: 9, numFmt: pts },
    { header: w.detail[5]!, width: 9, numFmt: pts },
    { header: w.detail[6]!, width: 9, numFmt: pts },
    { header: w.detail[7]!, width: 40, wrap: true },
    { header: w.detail[8]!, width: 60, wrap: true },
  ]);
  for (const [n, u] of report.units.entries()) {
    if (n % 16 === 0) {
      options.onUnit?.(n, report.units.length);
      await zipCatchUp();
    }
    const standing = u.status === 'ranked' ? `${w.rank} ${u.rank}${u.tied ? '=' : ''}${u.band ? `, ${u.band}` : ''}` : unrankedText(u.status, lang);
    detail.add([u.unit, null, w.heading(u, groupTitle.get(u.group) ?? u.group, standing)], { bold: true });
    // Each node's leaves (for its self-assessed sum), and the leaves right under it, which follow it.
    const under = new Map<string, ItemResult[]>();
    const below = new Map<string, ItemResult[]>();
    const add = (map: Map<string, ItemResult[]>, key: string, i: ItemResult) => (map.get(key) ?? map.set(key, []).get(key)!).push(i);
    for (const i of u.items) {
      for (const p of i.parents) add(under, p, i);
      add(below, i.parents[i.parents.length - 1] ?? '', i);
    }
    const selfSum = (list: ItemResult[]) => (list.some((i) => i.self !== undefined) ? num(Exact.sum(list.map((i) => i.self ?? Exact.ZERO))) : null);
    const leafRow = (i: ItemResult, indent: number, bold = false) => {
      const counted = !NOT_COUNTED.has(i.status);
      detail.add(
        [u.unit, i.id, i.title, num(i.max), num(i.self), counted ? num(i.final) : null, counted ? num(i.deduction) : null, reason(i, lang), citation(i.evidence, i.source, lang)],
        { indent, bold },
      );
    };
    for (const node of u.nodes) {
      // A leaf at the top of the tree is an area of its own: one row, with its reason and evidence.
      if (node.leaf) {
        leafRow(u.items.find((i) => i.id === node.id)!, 0, true);
        continue;
      }
      detail.add([u.unit, node.id, node.title, num(node.max), selfSum(under.get(node.id) ?? []), num(node.points), num(node.max.sub(node.points))], { bold: node.depth === 0, indent: node.depth });
      for (const i of below.get(node.id) ?? []) leafRow(i, node.depth + 1);
    }
    for (const a of u.adjustments) {
      if (a.message === null && !a.override) continue;
      detail.add([u.unit, a.id, a.title, null, null, num(a.kind === 'bonus' ? a.final : a.final.neg()), null, a.message ? messageText(a.message, lang) : '', citation(a.evidence, a.source, lang)]);
    }
    detail.add([u.unit, null, w.total, num(u.max), num(u.selfPoints), num(u.points), num(u.max.sub(u.points))], { bold: true });
  }
  detail.close();

  // Điểm trừ: every deduction on its own row, to sort and filter.
  const deductions = table(w.sheets.deductions, [
    { header: w.deductions[0]!, width: 14, wrap: true },
    { header: w.deductions[1]!, width: 16 },
    { header: w.deductions[2]!, width: 24, wrap: true },
    { header: w.deductions[3]!, width: 8 },
    { header: w.deductions[4]!, width: 9 },
    { header: w.deductions[5]!, width: 40, wrap: true },
    { header: w.deductions[6]!, width: 9, numFmt: pts },
    { header: w.deductions[7]!, width: 10, numFmt: pts },
    { header: w.deductions[8]!, width: 9, numFmt: pts },
    { header: w.deductions[9]!, width: 12, wrap: true },
    { header: w.deductions[10]!, width: 50, wrap: true },
    { header: w.deductions[11]!, width: 12, wrap: true },
    { header: w.deductions[12]!, width: 40, wrap: true },
    { header: w.deductions[13]!, width: 20, wrap: true },
  ]);
  for (const [n, u] of report.units.entries()) {
    if (n % 64 === 0) await zipCatchUp();
    const group = groupTitle.get(u.group) ?? u.group;
    for (const i of u.items) {
      if (!i.deduction.gt(Exact.ZERO)) continue;
      deductions.add([
        group,
        u.unit,
        u.name,
        i.parents[0] ?? '',
        i.id,
        i.title,
        num(i.max),
        num(i.final),
        num(i.deduction),
        statusText(i.status, lang),
        reason(i, lang),
        i.written ?? '',
        citation(i.evidence, i.source, lang),
        i.responsible ?? '',
      ]);
    }
    for (const a of u.adjustments) {
      if (a.kind !== 'penalty' || !a.final.gt(Exact.ZERO)) continue;
      deductions.add([group, u.unit, u.name, '', a.id, a.title, null, num(a.final.neg()), num(a.final), w.penalty, a.message ? messageText(a.message, lang) : '', a.written ?? '', citation(a.evidence, a.source, lang), '']);
    }
  }
  deductions.close();

  // Trách nhiệm: lost points by the office that answers for them, per group.
  const responsible = table(w.sheets.responsible, [
    { header: w.responsible[0]!, width: 14, wrap: true },
    { header: w.responsible[1]!, width: 40, wrap: true },
    { header: w.responsible[2]!, width: 12, numFmt: pts },
    { header: w.responsible[3]!, width: 12 },
    { header: w.responsible[4]!, width: 12 },
    { header: w.responsible[5]!, width: 60, wrap: true },
  ]);
  for (const g of report.groups) {
    for (const r of lossesByResponsible(report, g.id)) {
      responsible.add([g.title, r.responsible ?? w.unassigned, num(r.lost), r.items, r.units, r.criteria.join(', ')]);
    }
  }
  responsible.close();

  // Thông tin: what the result was computed from, to re-run it.
  const about = table(w.sheets.about, [
    { header: w.about[0]!, width: 34, wrap: true },
    { header: w.about[1]!, width: 70, wrap: true },
    { header: w.about[2]!, width: 68 },
  ]);
  const c = report.criteria;
  const m = report.manifest;
  about.add([w.info.title, c.title, null]);
  about.add([w.info.id, c.id, null]);
  about.add([w.info.year, c.year, null]);
  if (c.reference) about.add([w.info.reference, c.reference, null]);
  if (m) {
    about.add([w.info.engine, m.engine, null]);
    about.add([w.info.criteria, m.criteria.file, m.criteria.sha256]);
    for (const i of m.inputs) about.add([w.info.roles[i.role] ?? i.role, i.file, i.sha256]);
    about.add([w.info.locale, m.locale, null]);
    about.add([w.info.precision, m.precision, null]);
    for (const [k, v] of Object.entries(m.options)) about.add([`${w.info.options}: ${k}`, Array.isArray(v) ? v.join(', ') : String(v), null]);
  }
  about.close();

  options.onUnit?.(report.units.length, report.units.length);
  return finish();
}

/**
 * "Độ vững của xếp hạng": each ranked unit's interval, gaps and band chances; "Thay đổi quyết định":
 * each appraisal change that decides a rank or band, with its reason.
 */
function robustnessSheets(table: (name: string, columns: Column[]) => Table, r: Robustness, reach: Exact, lang: Lang, groupTitle: ReadonlyMap<string, string>): void {
  const w = WORDS[lang];
  const idx = numberFormat(r.criteria.indexPrecision);
  const pts = numberFormat(r.criteria.precision);
  const index = (x: Exact | null) => (x === null ? null : x.toNumber(r.criteria.indexPrecision));
  const widths = [14, 6, 9, 7, 16, 28, 9, 12, 9, 9, 11, 12, 8, 40];
  const numeric = new Set([6, 8, 9, 10]);
  const wrapped = new Set([0, 5, 7, 11, 13]);
  const sheet = table(w.sheets.robustness, w.robustness.map((header, i) => ({ header, width: widths[i]!, wrap: wrapped.has(i), ...(numeric.has(i) ? { numFmt: idx } : {}) })));
  for (const g of r.groups) {
    const near = new Set(withinReach(g, reach).map((u) => u.unit));
    for (const u of g.units) {
      sheet.add([
        g.title,
        rankCell(u.rank, u.tied),
        u.rankInterval[0],
        u.rankInterval[1],
        u.unit,
        u.name,
        index(u.index),
        u.band ?? '',
        index(u.gapAbove),
        index(u.gapBelow),
        u.nextBand ? index(u.nextBand.gap) : null,
        u.nextBand?.label ?? '',
        near.has(u.unit) ? w.yes : '',
        chances(r, u, lang),
      ]);
    }
  }
  sheet.close();
  const names = namesOf(r);
  const decisive = table(
    w.sheets.decisive,
    w.decisive.map((header, i) => ({ header, width: [14, 16, 24, 9, 36, 16, 9, 9, 8, 8, 12, 12, 30, 50][i]!, wrap: ![3, 6, 7, 8, 9].includes(i), ...(i === 6 || i === 7 ? { numFmt: pts } : {}) })),
  );
  const kinds = robustnessWords(lang).kind;
  for (const c of r.decisive) {
    decisive.add([
      groupTitle.get(c.group) ?? c.group,
      c.unit,
      c.name,
      c.item,
      c.title,
      kinds[c.kind],
      c.from.toNumber(r.criteria.precision),
      c.to.toNumber(r.criteria.precision),
      c.rank[0],
      c.rank[1],
      c.band[0] ?? '',
      c.band[1] ?? '',
      c.moves.map((m) => names.get(m) ?? m).join(', '),
      changeText(r, c, lang, names).reason,
    ]);
  }
  decisive.close();
}

/**
 * exceljs's streaming writer never pushes back: rows written in one synchronous run pile up
 * uncompressed until the zip gets a turn. Letting the event loop turn every few units lets the zip
 * deflate what was written, so memory stays flat however many units there are.
 */
function zipCatchUp(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

/** Why the leaf got its points, and the appraiser's reason when it was changed. */
function reason(i: ItemResult, lang: Lang): string {
  return messageText(i.message, lang) + (i.override ? ` — ${i.override.reason}${i.override.by ? ` (${i.override.by})` : ''}` : '');
}
