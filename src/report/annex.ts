import type { Cell, Worksheet } from 'exceljs';
import { Exact } from '../core/exact.js';
import { appliesTo, type Criteria, type CriteriaNode, type Leaf } from '../core/model.js';
import { isComposite, leafReads } from '../core/rules/evaluate.js';
import { foldText } from '../core/text.js';
import { adjustmentMethod, leafMethod, sharedCapMethod } from '../explain/method.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { expectedText, specText } from '../explain/rules.js';
import { cell as mdCell } from './markdown.js';
import { printOptions, setPrintArea, wrappedHeight } from './print.js';
import { escapeXml as esc } from './svg.js';
import { inertText, streamingWorkbook } from './workbook.js';

/**
 * The decision's annex (Phụ lục) made from the criteria file, so that the decision and the engine
 * have one source: the tree with its numbering and titles, each area's and criterion's subtotal,
 * a total that is checked to add up (one per group where criteria apply to some groups only), the scoring method in words from each rule, what a unit
 * supplies, the responsible office and notes; then the bonus and penalty points outside the total.
 * Three renderings of the same rows: a workbook to print and sign, Markdown and HTML.
 */
export interface AnnexRow {
  kind: 'area' | 'node' | 'leaf' | 'total' | 'adjustments' | 'shared' | 'adjustment';
  /** The decision's numbering: the criterion's id. */
  number: string;
  title: string;
  max?: Exact;
  /** For an area or criterion: the rows (indexes into the row list) whose max adds up to its own. */
  parts?: number[];
  method: string[];
  evidence: string[];
  responsible: string;
  notes: string[];
}

/** A reference that names a document ("Quyết định số …") is what the annex is attached to. */
const DOCUMENT = /^(Quyết định|Kế hoạch|Hướng dẫn|Thông tư|Nghị quyết|Công văn|Decision)\b/i;

const WORDS = {
  vi: {
    annex: 'PHỤ LỤC',
    attached: (reference: string) => (DOCUMENT.test(reference) ? `(Kèm theo ${reference})` : `(${reference})`),
    head: ['STT', 'Lĩnh vực / Tiêu chí / Tiêu chí thành phần', 'Điểm tối đa', 'Phương pháp chấm điểm', 'Tài liệu kiểm chứng', 'Cơ quan chủ trì', 'Ghi chú'],
    total: 'Tổng cộng',
    adjustments: 'Điểm thưởng, điểm trừ (ngoài tổng điểm)',
    office: 'Do cơ quan chấm điểm cung cấp',
    records: (from: string) => `Dữ liệu ${from} (--records ${from}=TỆP)`,
    reference: (r: string) => `Căn cứ: ${r}`,
    page: 'Trang',
    sheet: 'Phụ lục',
  },
  en: {
    annex: 'ANNEX',
    attached: (reference: string) => (DOCUMENT.test(reference) ? `(Attached to ${reference})` : `(${reference})`),
    head: ['No.', 'Area / Criterion / Sub-criterion', 'Max points', 'Scoring method', 'Evidence', 'Responsible office', 'Notes'],
    total: 'Total',
    adjustments: 'Bonus and penalty points (outside the total)',
    office: 'Supplied by the scoring office',
    records: (from: string) => `The ${from} records (--records ${from}=FILE)`,
    reference: (r: string) => `Reference: ${r}`,
    page: 'Page',
    sheet: 'Annex',
  },
};

/** The annex's rows, in the decision's order. Throws if a subtotal does not add up (the loader guarantees it does). */
export function annexRows(criteria: Criteria, lang: Lang): AnnexRow[] {
  const w = WORDS[lang];
  const rows: AnnexRow[] = [];
  const place = (node: CriteriaNode): number => {
    const at = rows.length;
    if (node.type === 'leaf') {
      rows.push({
        kind: 'leaf',
        number: node.id,
        title: node.title,
        max: node.max,
        method: leafMethod(node, criteria, lang),
        evidence: leafEvidence(node, criteria, lang),
        responsible: node.responsible ?? '',
        notes: [...(node.description ? [node.description] : []), ...(node.reference ? [w.reference(node.reference)] : [])],
      });
      return at;
    }
    const row: AnnexRow = {
      kind: node.depth === 0 ? 'area' : 'node',
      number: node.id,
      title: node.title,
      max: node.max,
      method: [],
      evidence: [],
      responsible: node.responsible ?? '',
      notes: [...(node.description ? [node.description] : []), ...(node.reference ? [w.reference(node.reference)] : [])],
    };
    rows.push(row);
    row.parts = node.children.map(place);
    checkSum(node.id, node.max, row.parts.map((i) => rows[i]!.max!));
    return at;
  };
  const areas = criteria.areas.map(place);
  // Where some criteria apply to some groups only, each group has its own total, of the leaves
  // that apply to it; the sum of every area would count alternatives twice.
  const total = (title: string, parts: number[]): AnnexRow => ({ kind: 'total', number: '', title, max: Exact.sum(parts.map((i) => rows[i]!.max!)), parts, method: [], evidence: [], responsible: '', notes: [] });
  if (criteria.leaves.every((l) => l.appliesTo === undefined)) rows.push(total(w.total, areas));
  else {
    const leafRows = new Map(rows.flatMap((r, i) => (r.kind === 'leaf' ? [[r.number, i] as const] : [])));
    for (const g of criteria.groups) rows.push(total(`${w.total} (${g.title})`, criteria.leaves.filter((l) => appliesTo(l, g.id)).map((l) => leafRows.get(l.id)!)));
  }

  if (criteria.adjustments.length > 0) {
    rows.push({ kind: 'adjustments', number: '', title: w.adjustments, method: [], evidence: [], responsible: '', notes: [] });
    const shared = new Set<string>();
    for (const a of criteria.adjustments) {
      if (a.shared && !shared.has(a.shared.id)) {
        shared.add(a.shared.id);
        rows.push({ kind: 'shared', number: a.shared.id, title: a.shared.title, max: a.shared.cap, method: [sharedCapMethod(a.shared.cap, lang)], evidence: [], responsible: '', notes: [] });
      }
      rows.push({
        kind: 'adjustment',
        number: a.id,
        title: a.title,
        max: a.cap,
        method: adjustmentMethod(a, criteria, lang),
        evidence: [],
        responsible: a.responsible ?? '',
        notes: a.reference ? [w.reference(a.reference)] : [],
      });
    }
  }
  return rows;
}

/** A subtotal as the sum of its parts, exactly; anything else is a bug, never a printed figure. */
function checkSum(id: string, max: Exact, parts: Exact[]): void {
  const sum = Exact.sum(parts);
  if (!sum.eq(max)) throw new Error(`annex: the parts of ${id} add up to ${sum.toString()}, not ${max.toString()}`);
}

/**
 * What a unit supplies for the leaf: each indicator it reads and in what form ("ke_hoach_cchc:
 * ngày (dd/mm/yyyy), hạn 31/07/2025"); what the office supplies or derives from records is said so.
 */
function leafEvidence(leaf: Leaf, criteria: Criteria, lang: Lang): string[] {
  const w = WORDS[lang];
  const derived = new Map([...criteria.indicators.values()].map((d) => [foldText(d.name), d.from]));
  if (!isComposite(leaf.rule)) {
    const from = derived.get(foldText(leaf.indicator));
    if (from !== undefined) return [w.records(from)];
    if (leaf.suppliedBy === 'office') return [w.office];
    return [`${leaf.indicator}: ${expectedText(leaf.rule, leaf.max, lang, leaf.optional)}`];
  }
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const read of leafReads(leaf)) {
    const key = foldText(read.indicator);
    if (seen.has(key)) continue;
    seen.add(key);
    const from = derived.get(key);
    lines.push(from !== undefined ? `${read.indicator}: ${w.records(from)}` : `${read.indicator}: ${specText(read.spec, lang, leaf.optional)}`);
  }
  if (leaf.suppliedBy === 'office') lines.unshift(w.office);
  return lines;
}

/** The lines above the table: "PHỤ LỤC", the set's title, the decision it is attached to. */
function titleBlock(criteria: Criteria, lang: Lang): string[] {
  const w = WORDS[lang];
  return [w.annex, criteria.title, ...(criteria.reference ? [w.attached(criteria.reference)] : [])];
}

function shownMax(row: AnnexRow, lang: Lang): string {
  return row.max === undefined ? '' : formatter(lang).num(row.max);
}

// ─────────────────────────────────────────────────────────────────────────── Markdown

export function annexToMarkdown(criteria: Criteria, options: { lang: Lang }): string {
  const { lang } = options;
  const w = WORDS[lang];
  const [annex, title, attached] = titleBlock(criteria, lang);
  const out = [`# ${annex}`, '', `**${mdCell(title!)}**`, ''];
  if (attached) out.push(`*${mdCell(attached)}*`, '');
  out.push(`| ${w.head.join(' | ')} |`, '|---|---|---:|---|---|---|---|');
  const lines = (xs: string[]) => xs.map(mdCell).join('<br>');
  for (const row of annexRows(criteria, lang)) {
    const bold = row.kind !== 'leaf' && row.kind !== 'adjustment';
    const b = (s: string) => (bold && s !== '' ? `**${s}**` : s);
    out.push(`| ${[b(mdCell(row.number)), b(mdCell(row.title)), b(shownMax(row, lang)), lines(row.method), lines(row.evidence), mdCell(row.responsible), lines(row.notes)].join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

// ─────────────────────────────────────────────────────────────────────────── HTML

const CSS = `
*{box-sizing:border-box}
body{font-family:"Times New Roman","Noto Serif","DejaVu Serif",serif;margin:0 auto;max-width:1400px;padding:24px;color:#000;line-height:1.35}
.title{text-align:center;margin:0 0 4px}.title.annex{font-weight:700;font-size:1.15em}.title.set{font-weight:700;text-transform:uppercase}.title.ref{font-style:italic;margin-bottom:16px}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #000;padding:3px 6px;vertical-align:top}
th{text-align:center}td.n{text-align:center;white-space:nowrap}tr.area td,tr.total td,tr.adjustments td{font-weight:700}tr.node td.t,tr.shared td.t{font-weight:700;font-style:italic}
@page{size:A4 landscape;margin:12mm}
@media print{body{max-width:none;padding:0}thead{display:table-header-group}tr{break-inside:avoid}}
`;

export function annexToHtml(criteria: Criteria, options: { lang: Lang }): string {
  const { lang } = options;
  const w = WORDS[lang];
  const [annex, title, attached] = titleBlock(criteria, lang);
  const lines = (xs: string[]) => xs.map(esc).join('<br>');
  const out = [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(`${annex} — ${title}`)}</title><style>${CSS}</style></head><body>`,
    `<p class="title annex">${esc(annex!)}</p>`,
    `<p class="title set">${esc(title!)}</p>`,
    ...(attached ? [`<p class="title ref">${esc(attached)}</p>`] : []),
    `<table><thead><tr>${w.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`,
  ];
  for (const row of annexRows(criteria, lang)) {
    const number = row.kind === 'adjustments' ? '' : esc(row.number);
    out.push(
      `<tr class="${row.kind}"><td class="n">${number}</td><td class="t">${esc(row.title)}</td><td class="n">${shownMax(row, lang)}</td><td>${lines(row.method)}</td><td>${lines(row.evidence)}</td><td>${esc(row.responsible)}</td><td>${lines(row.notes)}</td></tr>`,
    );
  }
  out.push('</tbody></table></body></html>');
  return out.join('\n') + '\n';
}

// ─────────────────────────────────────────────────────────────────────────── Workbook

/** Column widths in characters: STT, title, max, method, evidence, office, notes. */
const WIDTHS = [8, 42, 9, 60, 36, 20, 40];

/**
 * The annex as a workbook to print as the decision's annex: A4 landscape, one page wide, the
 * header repeated on every page, the decision's reference at the top of each page, rows tall
 * enough for their wrapped text. An area's and a criterion's max, and the total, are formulas
 * over their parts (with the exact sums as their cached values), so the sheet checks itself when
 * someone edits it.
 */
export async function annexToXlsx(criteria: Criteria, options: { lang: Lang }): Promise<Buffer> {
  const { lang } = options;
  const w = WORDS[lang];
  const block = titleBlock(criteria, lang);
  const headerAt = block.length + 2;
  const { book, finish } = await streamingWorkbook();
  const sheet: Worksheet = book.addWorksheet(w.sheet, {
    ...printOptions({
      footer: criteria.title,
      page: w.page,
      titleRows: [headerAt, headerAt],
      header: criteria.reference ?? criteria.title,
    }),
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerAt }],
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const last = WIDTHS.length;
  const centred = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  block.forEach((text, i) => {
    const row = sheet.addRow([text]);
    row.getCell(1).font = { bold: i < 2, italic: i === 2, size: i === 0 ? 13 : 12 };
    row.getCell(1).alignment = centred;
    row.height = wrappedHeight([text], [WIDTHS.reduce((a, b) => a + b, 0)], 18);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.commit();
  });
  sheet.addRow([]).commit();
  const head = sheet.addRow(w.head);
  head.height = wrappedHeight(w.head, WIDTHS);
  head.eachCell((c) => {
    c.font = { bold: true };
    c.alignment = centred;
    c.border = BORDER;
  });
  head.commit();

  const rows = annexRows(criteria, lang);
  const places = Math.max(0, ...rows.map((r) => (r.max?.decimalPlaces() ?? 0)));
  const numFmt = places === 0 ? '0' : `0.${'0'.repeat(places)}`;
  const first = headerAt + 1;
  for (const r of rows) {
    const texts = [r.number, r.title, '', r.method.join('\n'), r.evidence.join('\n'), r.responsible, r.notes.join('\n')];
    const row = sheet.addRow(texts.map((t, k) => (k === 2 || t === '' ? null : inertText(t))));
    const max = row.getCell(3);
    if (r.max !== undefined) {
      const value = r.max.toNumber(places);
      max.value = r.parts ? { formula: r.parts.map((p) => `C${first + p}`).join('+'), result: value } : value;
      max.numFmt = numFmt;
    }
    const strong = r.kind === 'area' || r.kind === 'total' || r.kind === 'adjustments';
    row.eachCell({ includeEmpty: true }, (c: Cell, n: number) => {
      c.border = BORDER;
      c.alignment = n === 1 || n === 3 ? centred : { vertical: 'top', wrapText: true };
      if (strong || ((r.kind === 'node' || r.kind === 'shared') && n <= 3)) c.font = { bold: true, italic: !strong };
    });
    if (r.kind === 'adjustments') sheet.mergeCells(row.number, 2, row.number, last);
    row.height = wrappedHeight(texts, WIDTHS);
    row.commit();
  }
  setPrintArea(sheet, last, headerAt + rows.length);
  sheet.commit();
  return finish();
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

