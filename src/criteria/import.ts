import { Exact } from '../core/exact.js';
import { problem, type AnnexColumn, type Location, type Problem, type ProblemCode, type ProblemData } from '../core/problems.js';
import { plain } from '../core/text.js';
import { headerKey, text } from '../evidence/tables/headers.js';
import { readTable } from '../evidence/tables/read.js';
import { columnLetters, UnreadableInput, type Cell, type RawRow, type ReadLimits } from '../evidence/tables/table.js';
import { parseLocaleNumber } from '../evidence/values.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { pointsNamed } from '../explain/rules.js';
import { loadCriteria } from './index.js';
import { FORMAT } from './schema.js';

/**
 * A criteria table as provinces publish it (the annex of a decision, typed in Word or Excel) read
 * into the start of a criteria file: the tree with its numbering and titles, the max points, and
 * the method text kept as each criterion's description; every leaf gets a `manual` rule with a
 * comment saying to choose its rule. Whatever the table leaves unclear is a problem at its sheet,
 * row and column — a number that is not one, a subtotal that does not add up, a duplicated or
 * out-of-place number, a max merged over several criteria — never a guess.
 *
 * Numbering is read in one column or split over several (the columns under the STT header, up to
 * the title's): "1", "1.1", "1.1.1", or "I", "1", "a". Each kind of number in each column is a
 * level, ordered as decisions order them: A, B… above I, II… above 1, 2… above 1.1… above a, b…
 * A row without a number continues the criterion above (a line of its scoring method, with its
 * points); a total row ("Tổng cộng") is checked against the areas and ends the tree.
 */
export interface ImportOptions {
  sheet?: string;
  /** The criteria id (default: `bo-tieu-chi`). */
  id?: string;
  title?: string;
  year?: number;
  /** The language of the comments written into the file. */
  lang: Lang;
  /** The name the output is written under, for the comment that says how to check it. */
  output?: string;
  limits?: ReadLimits;
}

export interface ImportResult {
  /** The criteria file, when the table has no error (warnings allowed). */
  text?: string;
  problems: Problem[];
  /** How many criteria and leaves were read, for the summary line. */
  counts?: { nodes: number; leaves: number; total: Exact };
}

/** Column roles by what their headers contain, most specific first. */
const COLUMNS: Array<{ role: AnnexColumn; test: (key: string) => boolean }> = [
  { role: 'number', test: (k) => ['stt', 'tt', 'so tt', 'so thu tu', 'no', 'no.', '#', 'muc'].includes(k) },
  { role: 'method', test: (k) => /phuong phap|cach cham|huong dan cham|cach tinh|method/.test(k) },
  { role: 'evidence', test: (k) => /kiem chung|minh chung|evidence/.test(k) },
  { role: 'max', test: (k) => /toi da|^diem$|diem chuan|thang diem|^max/.test(k) },
  { role: 'responsible', test: (k) => /chu tri|trach nhiem|co quan|don vi thuc hien|responsible/.test(k) },
  { role: 'note', test: (k) => /^ghi chu|^note/.test(k) },
  { role: 'title', test: (k) => /tieu chi|linh vuc|noi dung|chi tieu|criteri|title|area/.test(k) },
];

/** How far down a sheet its header may be (a title block of a few lines sits above it). */
const HEADER_SEARCH_ROWS = 30;
/** A criteria table has a few hundred rows; far more is not one (and would all be held in memory). */
const MAX_ROWS = 20_000;

interface Sheet {
  name?: string;
  rows: RawRow[];
  merged: Range[];
}

interface Range {
  ref: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface Columns {
  header: number;
  numbering: number[];
  at: Partial<Record<AnnexColumn, number>>;
}

interface Entry {
  id: string;
  token: string;
  title: string;
  /** The max as the table gives it, or none. */
  declared?: Exact;
  /** The max cell holds something that is not a number (already reported). */
  unreadable?: boolean;
  row: number;
  description: string[];
  responsible?: string;
  children: Entry[];
  maxAt: Location;
}

export async function importCriteriaTable(path: string, file: string, options: ImportOptions): Promise<ImportResult> {
  const names: string[] = [];
  const read = { ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), merges: true, ...(options.limits ? { limits: options.limits } : {}) };
  for await (const raw of readTable(path, file, read)) {
    if (raw.name !== undefined) names.push(raw.name);
    // A sheet without a header in its first rows (a cover, notes, data) is passed over unread.
    const rows: RawRow[] = [];
    let headed: boolean | undefined;
    for await (const row of raw.rows) {
      if (headed === false) continue;
      rows.push(row);
      if (rows.length > MAX_ROWS) throw tooLong(file, raw.name);
      if (headed === undefined && rows.length >= HEADER_SEARCH_ROWS) headed = findColumns({ rows, merged: [] }) !== undefined;
    }
    if (headed === false) continue;
    // Merged ranges are listed after the rows: the header's STT may span the numbering columns.
    const sheet: Sheet = { ...(raw.name !== undefined ? { name: raw.name } : {}), rows, merged: (raw.merged ?? []).map(range) };
    const columns = findColumns(sheet);
    if (columns !== undefined) return readSheet(sheet, columns, file, options);
  }
  return { problems: [problem('annex-no-header', 'error', { sheets: names.length > 0 ? names : [file] }, { location: { file } })] };
}

function tooLong(file: string, sheet: string | undefined): UnreadableInput {
  const where = sheet === undefined ? '' : ` "${sheet}"`;
  return new UnreadableInput(file, {
    vi: `trang tính${where} có hơn ${MAX_ROWS.toLocaleString('vi')} dòng, không phải một bảng tiêu chí; hãy chọn trang tính có bảng bằng --sheet`,
    en: `sheet${where} has more than ${MAX_ROWS.toLocaleString('en')} rows, which is no criteria table; choose the sheet holding the table with --sheet`,
  });
}

function range(ref: string): Range {
  const [a, b] = ref.split(':') as [string, string];
  const at = (r: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(r)!;
    const col = [...m[1]!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
    return { row: Number(m[2]), col };
  };
  const p = at(a);
  const q = at(b);
  return { ref, top: Math.min(p.row, q.row), bottom: Math.max(p.row, q.row), left: Math.min(p.col, q.col), right: Math.max(p.col, q.col) };
}

/** The cells of a row whose text names a column role, in order. */
function rolesOf(row: RawRow): Array<{ role: AnnexColumn; index: number; header: string }> {
  return row.cells.flatMap((c, index) => {
    const key = headerKey(text(c));
    const role = key === '' ? undefined : COLUMNS.find((r) => r.test(key))?.role;
    return role === undefined ? [] : [{ role, index, header: text(c) }];
  });
}

/** The header row: the first with a number, a title and a max column; the numbering columns run from STT to the title. */
function findColumns(sheet: Sheet): Columns | undefined {
  for (const row of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const at: Partial<Record<AnnexColumn, number>> = {};
    for (const { role, index } of rolesOf(row)) at[role] ??= index;
    if (at.number === undefined || at.title === undefined || at.max === undefined) continue;
    // A header merged over several columns (STT over A:C) numbers in each of them.
    const merged = sheet.merged.find((m) => m.top <= row.row && row.row <= m.bottom && m.left === at.number);
    const last = merged ? merged.right : at.title > at.number ? at.title - 1 : at.number;
    const numbering = Array.from({ length: last - at.number + 1 }, (_, k) => at.number! + k);
    return { header: row.row, numbering, at };
  }
  return undefined;
}

function readSheet(sheet: Sheet, columns: Columns, file: string, options: ImportOptions): ImportResult {
  const problems: Problem[] = [];
  const where = (row: number, col?: number): Location => ({
    file,
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    row,
    ...(col !== undefined ? { cell: columnLetters(col) } : {}),
  });
  const report = <C extends ProblemCode>(code: C, data: ProblemData[C], location: Location, severity: 'error' | 'warning' = 'error', also?: Location) =>
    problems.push(problem(code, severity, data, { location, ...(also ? { also: { location: also } } : {}) }));

  // Two columns of one role: the table is ambiguous.
  const seen = new Set<AnnexColumn>();
  for (const { role, index, header } of rolesOf(sheet.rows.find((r) => r.row === columns.header)!)) {
    if (seen.has(role)) report('annex-duplicate-column', { role, header }, where(columns.header, index));
    seen.add(role);
  }

  // A covered cell of a merged range reads as its top-left cell, for the text columns.
  const covering = (row: number, col: number) => sheet.merged.find((m) => m.top <= row && row <= m.bottom && m.left <= col && col <= m.right && (m.top !== row || m.left !== col));
  const textAt = (r: RawRow, col: number | undefined, fill = false): string => {
    if (col === undefined) return '';
    const own = text(r.cells[col]);
    if (own !== '' || !fill) return own;
    const m = covering(r.row, col);
    if (!m || m.left !== col) return '';
    return text(sheet.rows.find((x) => x.row === m.top)?.cells[col]);
  };

  // The rows of the table: not blank, not the row of column numbers under the header ((1) (2) (3)…).
  const filled = sheet.rows.filter((r) => r.row > columns.header && r.cells.some((c) => text(c) !== ''));
  const body = filled.length > 0 && isColumnNumbers(filled[0]!) ? filled.slice(1) : filled;
  const rows = body.map((r) => {
    const n = numbering(r, columns);
    const title = textAt(r, columns.at.title);
    const first = textAt(r, columns.numbering[0]);
    const label = n.kind !== 'none' ? undefined : isTotal(title) ? title : isTotal(first) ? first : undefined;
    return { r, n, title, label };
  });
  // The tree ends at the total rows; what follows (bonus and penalty points) has numbers of its own.
  const end = rows.findIndex((x, i) => i > 0 && rows[i - 1]!.label !== undefined && x.label === undefined);
  const tree = end < 0 ? rows : rows.slice(0, end);
  const after = end < 0 ? [] : rows.slice(end).map((x) => x.r.row);
  const styles = [...new Set(tree.flatMap(({ n }) => (n.kind === 'number' ? [n.style] : [])))].sort(byStyle);

  const areas: Entry[] = [];
  const byId = new Map<string, Entry>();
  const stack: Entry[] = [];
  let current: Entry | undefined;
  const totals: Array<{ declared?: Exact; at: Location; label: string }> = [];

  for (const { r, n, title, label } of tree) {
    const maxCell = columns.at.max === undefined ? undefined : r.cells[columns.at.max];
    if (n.kind === 'several') {
      report('annex-number-ambiguous', { values: n.values }, where(r.row, n.col));
      continue;
    }
    if (n.kind === 'bad') {
      report('annex-number-format', { value: n.value, ...(n.date ? { date: true } : {}) }, where(r.row, n.col));
      continue;
    }
    if (n.kind === 'none') {
      if (label !== undefined) {
        totals.push({ ...readMax(maxCell, where(r.row, columns.at.max), report), at: where(r.row, columns.at.max), label });
        continue;
      }
      const line = [title, textAt(r, columns.at.method)].filter((s) => s !== '').join(': ');
      const points = readMax(maxCell, where(r.row, columns.at.max), report).declared;
      const shown = [line, ...(points !== undefined ? [pointsNamed(formatter(options.lang), points)] : [])].filter((s) => s !== '').join(': ');
      if (!current) report('annex-orphan-row', { text: shown }, where(r.row));
      else if (shown !== '') current.description.push(shown);
      continue;
    }
    const level = styles.indexOf(n.style) + 1;
    while (stack.length >= level) stack.pop();
    const parent = stack[stack.length - 1];
    if (stack.length !== level - 1) {
      report('annex-number-skip', { number: n.token, ...(parent ? { parent: parent.token } : {}) }, where(r.row, n.col));
      continue;
    }
    const segments = n.token.split('.');
    if (segments.length > 1 && parent && /^\d+(\.\d+)*$/.test(parent.token) && segments.slice(0, -1).join('.') !== lastSegments(parent.token, segments.length - 1)) {
      report('annex-number-parent', { number: n.token, parent: parent.token }, where(r.row, n.col));
      continue;
    }
    const own = segments.length > 1 ? segments[segments.length - 1]! : n.token;
    const id = (parent ? `${parent.id}.${own}` : own).replace(/đ/g, 'dd').replace(/Đ/g, 'DD');
    const first = byId.get(id);
    if (first) {
      report('annex-duplicate-number', { number: n.token }, where(r.row, n.col), 'error', where(first.row, n.col));
      continue;
    }
    if (title === '') report('annex-missing-title', { number: n.token }, where(r.row, columns.at.title));
    const max = readMax(maxCell, where(r.row, columns.at.max), report);
    const method = textAt(r, columns.at.method);
    const evidence = textAt(r, columns.at.evidence, true);
    const note = textAt(r, columns.at.note, true);
    const responsible = textAt(r, columns.at.responsible, true);
    const entry: Entry = {
      id,
      token: n.token,
      title,
      ...(max.declared !== undefined ? { declared: max.declared } : {}),
      ...(max.unreadable ? { unreadable: true } : {}),
      row: r.row,
      description: [
        ...(method ? [method] : []),
        ...(evidence ? [`${options.lang === 'vi' ? 'Tài liệu kiểm chứng' : 'Evidence'}: ${evidence}`] : []),
        ...(note ? [`${options.lang === 'vi' ? 'Ghi chú' : 'Notes'}: ${note}`] : []),
      ],
      ...(responsible ? { responsible } : {}),
      children: [],
      maxAt: where(r.row, columns.at.max),
    };
    byId.set(id, entry);
    (parent ? parent.children : areas).push(entry);
    stack.push(entry);
    current = entry;
  }

  if (after.length > 0) report('annex-after-total', { rows: after.length, first: after[0]! }, where(after[0]!), 'warning');
  if (areas.length === 0 && !problems.some((p) => p.severity === 'error')) report('annex-no-rows', {}, where(columns.header));

  // A max merged down over several numbered rows belongs to none of them.
  if (columns.at.max !== undefined) {
    for (const m of sheet.merged.filter((m) => m.left <= columns.at.max! && columns.at.max! <= m.right && m.bottom > m.top)) {
      const inside = [...byId.values()].filter((e) => m.top <= e.row && e.row <= m.bottom);
      if (inside.length > 1) report('annex-merged-max', { range: m.ref, numbers: inside.map((e) => e.token) }, where(m.top, columns.at.max));
    }
  }

  // Leaves need their max; a subtotal must be the sum of what is below it.
  const sumOf = (e: Entry): Exact | undefined => {
    if (e.children.length === 0) {
      if (e.declared === undefined) {
        if (!e.unreadable) report('annex-missing-max', { number: e.token }, e.maxAt);
        return undefined;
      }
      if (!e.declared.gt(Exact.ZERO)) report('annex-max-not-positive', { number: e.token, max: e.declared }, e.maxAt);
      return e.declared;
    }
    const parts = e.children.map(sumOf);
    if (parts.some((p) => p === undefined)) return e.declared;
    const sum = Exact.sum(parts as Exact[]);
    if (e.declared !== undefined && !e.declared.eq(sum)) report('annex-subtotal', { number: e.token, declared: e.declared, sum }, e.maxAt);
    return e.declared ?? sum;
  };
  const areaMax = areas.map(sumOf);
  const sum = areaMax.every((x) => x !== undefined) ? Exact.sum(areaMax as Exact[]) : undefined;
  // A total for one group ("Tổng cộng (Xã, đặc khu)") counts the criteria that apply to it, which the table does not say.
  for (const t of totals) {
    if (TOTAL.exec(plain(t.label))?.[2] !== undefined) report('annex-total-unchecked', { label: t.label }, t.at, 'warning');
    else if (t.declared !== undefined && sum !== undefined && !t.declared.eq(sum)) report('annex-subtotal', { number: '', declared: t.declared, sum }, t.at);
  }

  const head = titleBlock(sheet.rows.filter((r) => r.row < columns.header));
  const title = options.title ?? head.title;
  const at = where(Math.min(columns.header, sheet.rows[0]?.row ?? columns.header));
  if (title === undefined) report('annex-no-title', {}, at);
  const year = options.year ?? (title !== undefined ? yearIn(title) : undefined);
  if (title !== undefined && year === undefined) report('annex-no-year', { title }, at);

  problems.sort((a, b) => (a.location?.row ?? 0) - (b.location?.row ?? 0) || (a.location?.cell ?? '').localeCompare(b.location?.cell ?? ''));
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const yaml = criteriaYaml(areas, { id: options.id ?? 'bo-tieu-chi', title: title!, year: year!, ...(head.reference ? { reference: head.reference } : {}) }, file, sheet.name, options);
  // The file must validate as it is: anything else is a bug of this writer, not of the table.
  const loaded = loadCriteria(yaml, options.output ?? 'bo-tieu-chi.yaml');
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`criteria import wrote a file that does not validate: ${errors.map((p) => p.code).join(', ')}`);
  const nodes = [...byId.values()];
  return { text: yaml, problems, counts: { nodes: nodes.filter((e) => e.children.length > 0).length, leaves: nodes.filter((e) => e.children.length === 0).length, total: sum! } };
}

type Numbering =
  | { kind: 'none' }
  | { kind: 'number'; token: string; style: string; col: number }
  | { kind: 'bad'; value: string; col: number; date?: boolean }
  | { kind: 'several'; values: string[]; col: number };

/** Bullets in the numbering column mark a line of a criterion's method, not a criterion. */
const BULLET = /^[-–—+•*∙·]$/;
const ROMAN = /^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$/;

/** A row's number: the one filled cell of the numbering columns, cleaned ("1.1." → "1.1", "a)" → "a"). */
function numbering(r: RawRow, columns: Columns): Numbering {
  const filled = columns.numbering.flatMap((col) => {
    const t = text(r.cells[col]);
    return t === '' || BULLET.test(t) ? [] : [{ col, t }];
  });
  if (filled.length === 0) return { kind: 'none' };
  if (filled.length > 1) return { kind: 'several', values: filled.map((f) => f.t), col: filled[1]!.col };
  const { col, t } = filled[0]!;
  if (r.cells[col]?.date !== undefined) return { kind: 'bad', value: t, col, date: true };
  const token = t.replace(/^\(|[.)]$/g, '').replace(/\)$/, '').trim();
  const style = /^\d+(\.\d+)*$/.test(token)
    ? `arabic${token.split('.').length}`
    : ROMAN.test(token)
      ? 'roman'
      : /^[a-zđ]$/.test(token)
        ? 'letter'
        : /^[A-ZĐ]$/.test(token)
          ? 'LETTER'
          : undefined;
  if (style === undefined) return isTotal(t) ? { kind: 'none' } : { kind: 'bad', value: t, col };
  return { kind: 'number', token, style: `${String(col).padStart(3, '0')}:${style}`, col };
}

/** Levels as decisions nest them: by column, then A above I above 1 above 1.1 above a. */
function byStyle(a: string, b: string): number {
  const rank = (s: string) => {
    const [col, style] = s.split(':') as [string, string];
    const kind = style === 'LETTER' ? 0 : style === 'roman' ? 1 : style === 'letter' ? 100 : 1 + Number(style.slice('arabic'.length));
    return Number(col) * 1000 + kind;
  };
  return rank(a) - rank(b);
}

function lastSegments(token: string, n: number): string {
  return token.split('.').slice(-n).join('.');
}

/** "Tổng cộng", "Tổng điểm", "Cộng", "Total"; perhaps for one group: "Tổng cộng (Xã, đặc khu)". */
const TOTAL = /^(tong cong|tong so diem|tong diem|tong so|tong|cong|total|grand total)\s*(\((.*)\))?\s*[:.]?$/;

function isTotal(t: string): boolean {
  return TOTAL.test(plain(t));
}

/** The first row under a header numbering its columns: (1) (2) (3)… */
function isColumnNumbers(r: RawRow): boolean {
  const numbers = r.cells.flatMap((c) => (text(c) === '' ? [] : [/^\(?(\d+)\)?$/.exec(text(c))?.[1]]));
  if (numbers.length < 3 || numbers.some((n) => n === undefined)) return false;
  return numbers.every((n, i) => i === 0 || Number(n) > Number(numbers[i - 1]));
}

/**
 * Max points as offices write them: a number cell, or text with a decimal comma ("1,5") or point
 * ("1.5"), perhaps followed by "điểm". A text that reads as two numbers ("1.500": 1500 with a
 * decimal comma, 1.5 with a decimal point) is refused, never guessed.
 */
function readMax(
  cell: Cell | undefined,
  at: Location,
  report: (code: 'annex-max-not-number', data: ProblemData['annex-max-not-number'], at: Location) => void,
): { declared?: Exact; unreadable?: boolean } {
  if (cell === undefined) return {};
  if (cell.error === undefined && cell.number !== undefined && !cell.percent) {
    const x = Exact.parse(cell.number);
    if (x !== undefined) return { declared: x };
  }
  const t = text(cell).replace(/\s*(điểm|đ|points?|pts?)\.?$/i, '');
  if (t === '') return {};
  const vi = parseLocaleNumber(t, 'vi');
  const en = parseLocaleNumber(t, 'en');
  if (vi !== undefined && en !== undefined && !vi.eq(en)) {
    report('annex-max-not-number', { value: text(cell), readings: [vi, en] }, at);
    return { unreadable: true };
  }
  const x = vi ?? en;
  if (x === undefined || cell.error !== undefined) {
    report('annex-max-not-number', { value: text(cell), ...(cell.error !== undefined && cell.error.code === undefined ? { formula: true } : {}) }, at);
    return { unreadable: true };
  }
  return { declared: x };
}

/**
 * The lines above the header: the set's title and the decision it is attached to. "PHỤ LỤC …", the
 * national motto and the issuing body are not the title; "(Kèm theo Quyết định số …)" is the reference.
 */
function titleBlock(rows: RawRow[]): { title?: string; reference?: string } {
  const lines = rows.map((r) => r.cells.map((c) => text(c)).find((t) => t !== '') ?? '').filter((t) => t !== '');
  let reference: string | undefined;
  let title: string | undefined;
  for (const line of lines) {
    const key = plain(line);
    // "(Kèm theo Quyết định số …)", or any line in brackets under the title.
    const attached = /^\(?\s*(ban hanh )?(kem theo|attached to)\s+/.exec(key);
    if (attached || /^\(.*\)$/.test(line)) {
      const inner = line.replace(/^\(\s*/, '').replace(/\s*\)$/, '');
      reference ??= attached ? inner.slice(attached[0].replace(/^\(\s*/, '').length).trim() : inner;
      continue;
    }
    if (/^(phu luc|annex|cong hoa|doc lap|uy ban nhan dan|ubnd)\b/.test(key)) continue;
    title ??= line;
  }
  return { ...(title !== undefined ? { title } : {}), ...(reference !== undefined ? { reference } : {}) };
}

function yearIn(title: string): number | undefined {
  const years = [...title.matchAll(/\b(20\d\d|2100)\b/g)].map((m) => Number(m[1]));
  return years.length === 1 ? years[0] : undefined;
}

const COMMENTS = {
  vi: {
    head: (file: string, sheet: string | undefined, output: string) => [
      `Nhập từ bảng ${file}${sheet !== undefined ? `, trang tính "${sheet}"` : ''} bằng parscore criteria import.`,
      'Mỗi tiêu chí thành phần đang để rule: { kind: manual } (hội đồng chấm tay): hãy chọn rule đúng',
      'với phương pháp chấm điểm ghi trong description (docs/criteria.md, mục Rule kinds), đặt',
      `indicator cho minh chứng, sửa nhóm đơn vị, rồi kiểm tra: parscore validate ${output}`,
    ],
    groups: 'Đổi thành các nhóm đơn vị được xếp hạng riêng (xã, phường; sở, ban, ngành) và thang xếp loại.',
    group: 'Đơn vị được đánh giá',
    rule: 'Chọn rule theo phương pháp chấm điểm ở description (deadline, bands, proportional, levels…).',
  },
  en: {
    head: (file: string, sheet: string | undefined, output: string) => [
      `Imported from the table ${file}${sheet !== undefined ? `, sheet "${sheet}"` : ''} by parscore criteria import.`,
      'Every sub-criterion has rule: { kind: manual } (scored by hand): choose the rule that matches',
      'the scoring method in its description (docs/criteria.md, Rule kinds), give its evidence an',
      `indicator, set the groups of units, then check it: parscore validate ${output}`,
    ],
    groups: 'Replace with the groups of units ranked apart (communes, wards; departments) and their bands.',
    group: 'Units assessed',
    rule: 'Choose the rule from the scoring method in the description (deadline, bands, proportional, levels…).',
  },
};

/** The criteria file: header, one group to edit, the tree. Strings are JSON-quoted, which YAML reads as they are. */
function criteriaYaml(areas: Entry[], head: { id: string; title: string; year: number; reference?: string }, file: string, sheet: string | undefined, options: ImportOptions): string {
  const c = COMMENTS[options.lang];
  const q = (s: string) => JSON.stringify(s);
  const out = [
    ...c.head(file, sheet, options.output ?? 'bo-tieu-chi.yaml').map((l) => `# ${l}`),
    `format: ${FORMAT}`,
    `id: ${head.id}`,
    `title: ${q(head.title)}`,
    `year: ${head.year}`,
    ...(head.reference ? [`reference: ${q(head.reference)}`] : []),
    '',
    'groups:',
    `  # ${c.groups}`,
    '  - id: don-vi',
    `    title: ${q(c.group)}`,
    '',
    'criteria:',
  ];
  const write = (e: Entry, indent: string) => {
    out.push(`${indent}- id: ${q(e.id)}`, `${indent}  title: ${q(e.title)}`);
    if (e.declared !== undefined) out.push(`${indent}  max: ${e.declared.toString()}`);
    if (e.children.length === 0) out.push(`${indent}  # ${c.rule}`, `${indent}  rule: { kind: manual }`);
    if (e.responsible) out.push(`${indent}  responsible: ${q(e.responsible)}`);
    if (e.description.length > 0) out.push(`${indent}  description: ${q(e.description.join('\n'))}`);
    if (e.children.length > 0) {
      out.push(`${indent}  children:`);
      for (const child of e.children) write(child, `${indent}    `);
    }
  };
  for (const a of areas) write(a, '  ');
  return out.join('\n') + '\n';
}
