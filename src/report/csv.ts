import { stringify } from 'csv-stringify/sync';
import type { Exact } from '../core/exact.js';
import type { Report } from '../core/report.js';
import { citation } from '../explain/items.js';
import { messageText, statusText } from '../explain/messages.js';
import type { Lang } from '../explain/numbers.js';

/**
 * The report as CSV for a spreadsheet: one row per unit with its areas (or, with `detail`, one row
 * per unit × leaf). Vietnamese output is what Vietnamese Excel opens directly — semicolons, decimal
 * commas and a BOM; English output uses commas and decimal points. Text that a spreadsheet would
 * take for a formula (= + - @) is written as text.
 */
export function reportToCsv(report: Report, options: { lang: Lang; detail?: boolean }): string {
  const num = csvNumber(options.lang, report.criteria.precision);
  return csvText(options.detail ? detailRows(report, options.lang, num) : summaryRows(report, options.lang, num), options.lang);
}

/** Rows as CSV text in the language's spreadsheet convention (see `reportToCsv`). */
export function csvText(rows: Cell[][], lang: Lang): string {
  const vi = lang === 'vi';
  const text = stringify(
    rows.map((r) => r.map(cellText)),
    { delimiter: vi ? ';' : ',', record_delimiter: '\r\n' },
  );
  return (vi ? '\ufeff' : '') + text;
}

export type Cell = string | { number: string };
export type CsvNumber = (x: Exact | null | undefined, places?: number) => Cell;

/** A number cell with fixed decimals and the language's decimal mark; empty for none. */
export function csvNumber(lang: Lang, precision: number): CsvNumber {
  return (x, places = precision) => (x === null || x === undefined ? '' : { number: lang === 'vi' ? x.toFixed(places).replace('.', ',') : x.toFixed(places) });
}

function cellText(c: Cell): string {
  if (typeof c !== 'string') return c.number;
  // A leading = + - @ (or tab, CR) makes a spreadsheet run the cell as a formula.
  return /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
}

const HEAD = {
  vi: ['Nhóm', 'Hạng', 'Đồng hạng', 'Mã đơn vị', 'Tên đơn vị', 'Điểm', 'Tối đa', 'Chỉ số', 'Xếp loại', 'Trạng thái', 'Tự chấm'],
  en: ['Group', 'Rank', 'Tied', 'Unit', 'Name', 'Points', 'Max', 'Index', 'Band', 'Status', 'Self-assessed'],
};

const UNIT_STATUS = {
  vi: { ranked: 'xếp hạng', no_data: 'không có dữ liệu', no_max: 'không có tiêu chí áp dụng' },
  en: { ranked: 'ranked', no_data: 'no data', no_max: 'nothing applies' },
};

function summaryRows(report: Report, lang: Lang, num: CsvNumber): Cell[][] {
  const areas = report.units[0]?.nodes.filter((n) => n.depth === 0) ?? [];
  // Bonuses and penalties beside the areas, so that the columns add up to the points.
  const adjustments = report.units[0]?.adjustments ?? [];
  const withSelf = report.units.some((u) => u.selfPoints !== undefined);
  const head = [...HEAD[lang].slice(0, withSelf ? 11 : 10), ...[...areas, ...adjustments].map((a) => `${a.id} ${a.title}`)];
  const yes = lang === 'vi' ? 'có' : 'yes';
  return [
    head,
    ...report.units.map((u) => [
      u.group,
      u.rank === null ? '' : String(u.rank),
      u.tied ? yes : '',
      u.unit,
      u.name,
      num(u.points),
      num(u.max),
      num(u.index, report.criteria.indexPrecision),
      u.band ?? '',
      UNIT_STATUS[lang][u.status],
      ...(withSelf ? [num(u.selfPoints)] : []),
      ...areas.map((a) => {
        const n = u.nodes.find((x) => x.id === a.id)!;
        return n.max.isZero() ? '' : num(n.points);
      }),
      ...u.adjustments.map((a) => num(a.final)),
    ]),
  ];
}

const DETAIL_HEAD = {
  vi: ['Nhóm', 'Mã đơn vị', 'Tên đơn vị', 'Tiêu chí', 'Tên tiêu chí', 'Điểm tối đa', 'Điểm tự chấm', 'Điểm theo quy tắc', 'Điểm thẩm định', 'Điểm trừ', 'Trạng thái', 'Lý do', 'Lý do điều chỉnh', 'Người điều chỉnh', 'Giá trị', 'Tài liệu kiểm chứng', 'Trách nhiệm', 'Ghi chú tự chấm'],
  en: ['Group', 'Unit', 'Name', 'Item', 'Title', 'Max', 'Self-assessed', 'Computed', 'Final', 'Deduction', 'Status', 'Reason', 'Override reason', 'Overridden by', 'Value', 'Evidence', 'Responsible', 'Self-assessment note'],
};

function detailRows(report: Report, lang: Lang, num: CsvNumber): Cell[][] {
  const rows: Cell[][] = [DETAIL_HEAD[lang]];
  for (const u of report.units) {
    for (const i of u.items) {
      rows.push([
        u.group,
        u.unit,
        u.name,
        i.id,
        i.title,
        num(i.max),
        num(i.self),
        num(i.points),
        num(i.final),
        num(i.deduction),
        statusText(i.status, lang),
        messageText(i.message, lang),
        i.override?.reason ?? '',
        i.override?.by ?? '',
        i.written ?? '',
        citation(i.evidence, i.source, lang),
        i.responsible ?? '',
        i.selfNote ?? '',
      ]);
    }
  }
  return rows;
}
