/**
 * The XLSX reader: every worksheet in workbook order (or the one asked for), row by row, without
 * holding the workbook in memory. The file is first checked as a zip with plain Node (zip.ts) and
 * the parts to be read are inflated once to verify their checksums; only then does exceljs's
 * streaming reader parse them, every wait on it bounded by a watchdog.
 */
import { Readable } from 'node:stream';
import type { CellFormulaValue, CellSharedFormulaValue, CellValue, Cell as ExcelCell, Row } from 'exceljs';
import { isoDate } from '../../core/dates.js';
import { closest, foldText } from '../../core/text.js';
import { BUILT_IN_FORMATS, BUILT_IN_NUMBER_FORMATS, numberFormat, shownPlaces, timeText, type NumberFormat } from './number-format.js';
import type { Cell, RawRow, RawSheet } from './table.js';
import { UnreadableInput } from './table.js';
import {
  framedZip,
  inflateEntry,
  noWorksheets,
  oneLine,
  openXlsxZip,
  refuse,
  type FramedPart,
  type PartLabel,
  type ZipDirectory,
  type ZipEntry,
  type ZipLimits,
} from './zip.js';

export interface XlsxLimits extends ZipLimits {
  /** How long a wait on exceljs for the next sheet or row may last before the read is abandoned. */
  idleTimeoutMs: number;
}

/**
 * - 200 MB file: a sheet of 200,000 rows of 7 evidence columns is 9 MB, so a full one (1,048,576
 *   rows) is about 45 MB and this admits several, while at ~70,000 rows/s it is already minutes.
 * - 2 GB expanded: the XML of several full sheets (that sheet expands to 53 MB).
 * - ratio 200: sheet XML deflates 6 to 20 times (measured: 6 for varied rows, 14 to 19 for one
 *   value repeated or styled blank rows), while deflate's maximum, the mark of a bomb, is 1,030.
 * - 30 s idle: a healthy read brings a row every few microseconds; the longest silence is parsing
 *   the shared strings before the first sheet: 2.6 s for a million distinct strings (78 MB).
 */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  idleTimeoutMs: 30_000,
};

/**
 * Reads the workbook at `path` (`file` is the name shown in messages). Yields each worksheet in
 * workbook order, or only `sheet` (matched as Excel does, ignoring case); each sheet's rows must be
 * consumed before the next sheet is asked for. Blank rows are skipped; row numbers are the sheet's.
 * A file that cannot be read throws `UnreadableInput`, before any row when the zip or a checksum is
 * at fault.
 */
export async function* readXlsx(
  path: string,
  file: string,
  options: { sheet?: string; limits?: Partial<XlsxLimits>; merges?: boolean } = {},
): AsyncGenerator<RawSheet> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  const zip = await openXlsxZip(path, file, limits);
  const book = await readBook(path, file, zip);
  const sheets = options.sheet === undefined ? book.sheets : [pickSheet(file, book.sheets, options.sheet)];

  const styles = book.styles && (await readStyles(path, file, book.styles));
  if (book.sharedStrings) await verifyPart(path, file, book.sharedStrings, partLabel(book.sharedStrings), 'sst');
  for (const sheet of sheets) {
    await verifyPart(path, file, sheet.entry, { vi: `trang tính "${sheet.name}"`, en: `sheet "${sheet.name}"` }, 'worksheet');
  }

  // exceljs streams a sheet straight through only once it has seen the shared strings and the
  // workbook relationships (otherwise it copies the sheet to a temporary file), needs the styles
  // before a sheet to know its number formats, emits sheets in zip order and ignores sheet parts
  // not named sheetN.xml. So it is fed just these parts, in this order, under those names. It is
  // given no real relationships, so it never matches sheet names (ours come from readBook), and its
  // workbook part only says whether dates count from 1904. Its styles name number formats it
  // cannot misread (see readStyles).
  const parts: FramedPart[] = [
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"/>`) },
    { name: 'xl/workbook.xml', data: Buffer.from(`<workbook xmlns="${SPREADSHEETML}"><workbookPr${book.date1904 ? ' date1904="1"' : ''}/></workbook>`) },
    ...(styles ? [{ name: 'xl/styles.xml', data: styles.data }] : []),
    book.sharedStrings
      ? { name: 'xl/sharedStrings.xml', entry: book.sharedStrings }
      : { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst xmlns="${SPREADSHEETML}"/>`) },
    ...sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, entry: sheet.entry })),
  ];

  const { default: ExcelJS } = await import('exceljs');
  const input = Readable.from(framedZip(path, parts), { objectMode: false });
  const watchdog = new Watchdog(file, limits.idleTimeoutMs, () => input.destroy());
  // exceljs pipes the input without listening for its errors: one would otherwise crash the process.
  input.on('error', (error) => watchdog.fail(error));
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    decodeWholeCharacters(reader as unknown as ReaderInternals);
    const worksheets = reader[Symbol.asyncIterator]();
    const formats = styles?.formats ?? new Map<string, NumberFormat>();
    for (const sheet of sheets) {
      const next = await watchdog.step(worksheets.next());
      if (next.done) {
        throw refuse(
          file,
          `không đọc được trang tính "${sheet.name}"; hãy mở bằng Excel và lưu lại`,
          `sheet "${sheet.name}" could not be read; open the file in Excel and save it again`,
        );
      }
      const merged: string[] | undefined = options.merges ? [] : undefined;
      const rows = sheetRows(next.value as unknown as WorksheetInternals, watchdog, formats, book.date1904, merged);
      yield { name: sheet.name, rows, ...(merged ? { merged } : {}) };
      // Rows left unread would be buffered by exceljs while it skips to the next sheet.
      await rows.return(undefined);
    }
  } finally {
    input.destroy();
  }
}

const SPREADSHEETML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The exceljs 4.4.0 internals this reader adjusts (covered by the tests). */
interface ReaderInternals {
  _parseSharedStrings(this: ReaderInternals, entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(this: ReaderInternals, entry: Readable): Promise<void>;
}

interface WorksheetInternals {
  /** The sheet's XML, as chunks of the inflated zip entry. */
  iterator: AsyncIterator<Buffer | string>;
  [Symbol.asyncIterator](): AsyncIterator<Row>;
}

/**
 * exceljs decodes each chunk of XML on its own, so a character whose UTF-8 bytes are split between
 * two chunks becomes U+FFFD: in Vietnamese text, a few characters in every sizeable sheet. A stream
 * with an encoding, and a streaming decoder for the sheets (sheetText), hand on whole characters
 * instead.
 */
function decodeWholeCharacters(reader: ReaderInternals): void {
  const parseSharedStrings = reader._parseSharedStrings;
  reader._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  const parseStyles = reader._parseStyles;
  reader._parseStyles = function (entry) {
    entry.setEncoding('utf8');
    return parseStyles.call(this, entry);
  };
}

/** What exceljs loses of a cell, kept aside by `sheetText` under the cell's reference. */
export type Lost =
  /** A formula's cached error (t="e"), which exceljs would read as NaN. */
  | 'error'
  /** A formula's cached TRUE or FALSE (t="b"), which exceljs would read as 1 or 0. */
  | 'boolean'
  /** A date written as ISO text (t="d"), which exceljs would read as the number before its first "-". */
  | 'date';

/**
 * A cell's start tag typed e, b or d, and whether a formula follows. Every other cell is passed
 * over inside the regular expression, which keeps the scan cheap.
 */
const TYPED_CELL = /<c(?=\s)[^>]*?\st\s*=\s*(["'])([ebd])\1[^>]*>(\s*<f[\s/>])?/g;
const CELL_TYPE = /(\st\s*=\s*)(["'])[ed]\2/;
const CELL_REF = /\sr\s*=\s*["']([^"']*)["']/;
/** Longer than any cell's start tag: a piece is cut before an unfinished tag only up to this. */
const MAX_HELD_TAG = 64 * 1024;

/**
 * The sheet's XML as whole characters, in pieces that hold each cell's start tag whole, with the
 * tag after it. A formula's cached error and a date typed as text are retyped as strings, so that
 * exceljs hands on the error's code and the date's text; they and a formula's cached boolean are
 * noted in `lost` by reference.
 */
export async function* sheetText(chunks: AsyncIterator<Buffer | string>, lost: Map<string, Lost>, merged?: string[]): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let held = '';
  let done = false;
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const text = held + (typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true }));
      const cut = pieceEnd(text);
      held = text.slice(cut);
      if (cut > 0) yield noteLost(noteMerged(text.slice(0, cut), merged), lost);
    }
    done = true;
    const rest = held + decoder.decode();
    if (rest) yield noteLost(noteMerged(rest, merged), lost);
  } finally {
    // A sheet abandoned half-way: exceljs's zip parser would otherwise collect the rest of its
    // data in memory, since its chunk listener stays attached. Reading it to the end releases it.
    if (!done) while (!(await chunks.next()).done);
  }
}

/**
 * Where to cut a piece: before its last tag, which may be unfinished, and before a cell's start
 * tag just ahead of it, whose formula (if any) would be cut off. A text with no tag boundary in
 * reach is cut at its end.
 */
function pieceEnd(text: string): number {
  const last = text.lastIndexOf('<');
  if (last < 0 || text.length - last > MAX_HELD_TAG) return text.length;
  const before = last > 0 ? text.lastIndexOf('<', last - 1) : -1;
  return before >= 0 && /^<c\s/.test(text.slice(before, before + 3)) ? before : last;
}

/** Merged ranges ("A5:C5") come after the rows, in <mergeCell ref="…"/>; a piece holds each tag whole. */
const MERGE_CELL = /<mergeCell\b[^>]*?\sref\s*=\s*["']([A-Za-z]+\d+:[A-Za-z]+\d+)["']/g;

function noteMerged(xml: string, merged: string[] | undefined): string {
  if (merged) for (const m of xml.matchAll(MERGE_CELL)) merged.push(m[1]!.toUpperCase());
  return xml;
}

function noteLost(xml: string, lost: Map<string, Lost>): string {
  return xml.replace(TYPED_CELL, (whole: string, _quote: string, type: string, formula?: string) => {
    // An error or a boolean as a plain value: exceljs reads it right.
    if (type !== 'd' && formula === undefined) return whole;
    const ref = CELL_REF.exec(whole)?.[1];
    if (ref === undefined) return whole;
    lost.set(ref, type === 'e' ? 'error' : type === 'b' ? 'boolean' : 'date');
    return type === 'b' ? whole : whole.replace(CELL_TYPE, '$1$2str$2');
  });
}

async function* sheetRows(
  worksheet: WorksheetInternals,
  watchdog: Watchdog,
  formats: ReadonlyMap<string, NumberFormat>,
  date1904: boolean,
  merged: string[] | undefined,
): AsyncGenerator<RawRow> {
  const lost = new Map<string, Lost>();
  worksheet.iterator = sheetText(worksheet.iterator, lost, merged);
  const rows = worksheet[Symbol.asyncIterator]();
  let waiting = false;
  let previous = 0;
  try {
    for (;;) {
      waiting = true;
      const next = await watchdog.step(rows.next());
      waiting = false;
      if (next.done) return;
      const row = next.value;
      // A <row> without its optional r attribute follows the previous one.
      previous = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1;
      const cells: Array<Cell | undefined> = [];
      row.eachCell((excelCell, column) => {
        let typed: Lost | undefined;
        if (lost.size > 0) {
          typed = lost.get(excelCell.address);
          lost.delete(excelCell.address);
        }
        const cell = toCell(excelCell, (excelCell.numFmt && formats.get(excelCell.numFmt)) || PLAIN, date1904, typed);
        if (cell === undefined) return;
        while (cells.length < column - 1) cells.push(undefined);
        cells.push(cell);
      });
      if (cells.length > 0) yield { row: previous, cells };
    }
  } finally {
    // Left by the caller (not by a failure, where exceljs may be stuck): let exceljs finish the sheet.
    if (!waiting) await watchdog.step(Promise.resolve(rows.return?.(undefined)));
  }
}

const PLAIN: NumberFormat = { kind: 'plain' };

/** `typed`: what `sheetText` noted of the cell. */
function toCell(excelCell: ExcelCell, format: NumberFormat, date1904: boolean, typed: Lost | undefined): Cell | undefined {
  const { value } = excelCell;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    // A formula's `value` drops a cached result that is falsy, such as 0; the cell's `result`
    // keeps it. A cell sharing another's formula comes with an empty one.
    const result = excelCell.result ?? value.result;
    const formula = 'formula' in value && value.formula ? value.formula : undefined;
    // No <v>, or an empty one (openpyxl writes <v></v>): the result was never computed.
    const missing = result === undefined || (typeof result === 'number' && Number.isNaN(result)) || (typed === 'error' && result === '');
    if (missing) return { text: `=${formula ?? ''}`, error: formula === undefined ? {} : { formula } };
    if (typed === 'error' && typeof result === 'string') return errorCell(result, formula);
    if (typed === 'boolean' && typeof result === 'number') return valueCell(result !== 0, format, date1904);
    return typed === 'date' && typeof result === 'string' ? isoDateCell(result) : valueCell(result, format, date1904);
  }
  return typed === 'date' && typeof value === 'string' ? isoDateCell(value) : valueCell(value, format, date1904);
}

function errorCell(code: string, formula?: string): Cell {
  return { text: code, error: formula === undefined ? { code } : { code, formula } };
}

function valueCell(
  value: Exclude<CellValue, CellFormulaValue | CellSharedFormulaValue>,
  format: NumberFormat,
  date1904: boolean,
): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
      return textCell(value);
    case 'number':
      return numberCell(value, format, date1904);
    case 'boolean':
      return { text: value ? 'TRUE' : 'FALSE', bool: value };
  }
  if (value instanceof Date) return dateCell(value);
  if ('richText' in value) return textCell(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value) return errorCell(value.error);
  return textCell(value.text);
}

function textCell(text: string): Cell | undefined {
  return text === '' ? undefined : { text: text.normalize('NFC') };
}

function numberCell(value: number, format: NumberFormat, date1904: boolean): Cell | undefined {
  if (!Number.isFinite(value)) return undefined;
  switch (format.kind) {
    case 'percent': {
      const number = excelDecimal(value);
      const shown = shiftPoint(number, 2);
      return { text: `${shown}%`, number, percent: true, ...placesShown(shown, format) };
    }
    case 'date':
      // exceljs is given no date formats (readStyles): it converts dates by this same formula.
      return dateCell(new Date(Math.round((value - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));
    case 'time':
      // A time of day or a duration is neither a number nor a date a rule can read.
      return { text: timeText(value, format.parts) };
    case 'plain': {
      const number = excelDecimal(value);
      return { text: number, number, ...placesShown(number, format) };
    }
  }
}

/** The decimals a cell shows, when its format makes them other than the number's own (0.00 for 90: 2). */
function placesShown(number: string, format: NumberFormat): { places?: number } {
  if (format.kind !== 'plain' && format.kind !== 'percent') return {};
  const places = shownPlaces(number, format.decimals);
  return places === shownPlaces(number, undefined) ? {} : { places };
}

/** Excel dates carry no time zone: they are built as UTC, so UTC parts are the calendar date. */
function dateCell(value: Date): Cell | undefined {
  const date = Number.isNaN(value.getTime())
    ? undefined
    : isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  return date === undefined ? undefined : { text: date, date };
}

/** A date written as ISO text (t="d"), with or without its time; any other text is kept as text. */
function isoDateCell(text: string): Cell | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T|$)/.exec(text.trim());
  const date = m && isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return date ? { text: date, date } : textCell(text);
}

/**
 * A number as Excel shows and computes it: rounded to 15 significant digits (a stored
 * 0.8999999999999999 is the 90,00% the user sees), as decimal text never in exponent form.
 */
function excelDecimal(value: number): string {
  const shortest = String(value);
  // Most numbers have at most 15 characters, so at most 15 digits: already what Excel shows.
  if (shortest.length <= 15 && !shortest.includes('e')) return shortest;
  const text = value.toPrecision(15);
  const e = text.indexOf('e');
  return e < 0 ? shiftPoint(text, 0) : shiftPoint(text.slice(0, e), Number(text.slice(e + 1)));
}

/** Moves the decimal point of a decimal text `places` to the right (left when negative), as text. */
function shiftPoint(decimal: string, places: number): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  let digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  let point = (dot < 0 ? body.length : dot) + places;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

interface SheetPart {
  name: string;
  entry: ZipEntry;
}

interface Book {
  /** Worksheets in workbook (tab) order; chart sheets and the like hold no cells and are left out. */
  sheets: SheetPart[];
  sharedStrings?: ZipEntry;
  styles?: ZipEntry;
  date1904: boolean;
}

/** Small XML parts are read whole; this is far beyond any real workbook.xml. */
const MAX_BOOK_PART = 64 * 1024 * 1024;

/** The sheet list from xl/workbook.xml and its relationships, read with plain patterns. */
async function readBook(path: string, file: string, zip: ZipDirectory): Promise<Book> {
  const relationships = new Map<string, { type: string; part: string }>();
  const relationshipsEntry = zip.get('xl/_rels/workbook.xml.rels');
  if (!relationshipsEntry) throw damagedSheetList(file, 'xl/_rels/workbook.xml.rels');
  for (const match of (await readText(path, file, relationshipsEntry)).matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attributes = parseAttributes(match[1] ?? '');
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id !== undefined && target !== undefined && attributes.get('TargetMode') !== 'External') {
      relationships.set(id, { type: attributes.get('Type') ?? '', part: partName(target) });
    }
  }
  const related = (type: string): ZipEntry | undefined => {
    for (const relationship of relationships.values()) {
      if (relationship.type.endsWith(`/${type}`)) return zip.get(relationship.part);
    }
    return undefined;
  };

  // Present: openXlsxZip requires it.
  const workbook = await readText(path, file, zip.get('xl/workbook.xml')!);
  const sheets: SheetPart[] = [];
  for (const match of workbook.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const attributes = parseAttributes(match[1] ?? '');
    const name = attributes.get('name')?.normalize('NFC') ?? '';
    // The relationship id's prefix is usually r: but is the document's choice.
    const id = [...attributes].find(([key]) => key.endsWith(':id'))?.[1];
    const relationship = id === undefined ? undefined : relationships.get(id);
    if (relationship !== undefined && !relationship.type.endsWith('/worksheet')) continue;
    const entry = relationship && zip.get(relationship.part);
    if (!entry || name === '') throw damagedSheetList(file, name || 'xl/workbook.xml');
    sheets.push({ name, entry });
  }
  if (sheets.length === 0) throw noWorksheets(file);

  const properties = /<(?:[\w.-]+:)?workbookPr\b([^>]*)>/.exec(workbook);
  const date1904 = parseAttributes(properties?.[1] ?? '').get('date1904');
  return {
    sheets,
    sharedStrings: related('sharedStrings'),
    styles: related('styles'),
    date1904: date1904 === '1' || date1904 === 'true',
  };
}

async function readText(path: string, file: string, entry: ZipEntry, tooLarge = damagedSheetList): Promise<string> {
  if (entry.uncompressedSize > MAX_BOOK_PART) throw tooLarge(file, entry.name);
  const chunks: Buffer[] = [];
  await inflateEntry(path, file, entry, partLabel(entry), (chunk) => chunks.push(chunk));
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(match[1] ?? '', decodeXml(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) return XML_ENTITIES[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A relationship target as a zip entry name: relative to xl/ unless absolute, lower case. */
function partName(target: string): string {
  const segments: string[] = [];
  for (const segment of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/').toLowerCase();
}

function pickSheet(file: string, sheets: SheetPart[], wanted: string): SheetPart {
  const key = foldText(wanted);
  const found = sheets.find((sheet) => foldText(sheet.name) === key);
  if (found) return found;
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ');
  const guess = closest(wanted, sheets.map((sheet) => sheet.name));
  const shown = wanted.normalize('NFC');
  throw refuse(
    file,
    `không có trang tính "${shown}"; các trang tính trong tệp: ${names}${guess ? `; có phải ý bạn là "${guess}"?` : ''}`,
    `there is no sheet "${shown}"; the sheets are ${names}${guess ? `; did you mean "${guess}"?` : ''}`,
  );
}

/**
 * Verifies a part's checksum and that its root element is the unprefixed one exceljs looks for:
 * given <x:worksheet> (some generators write namespace prefixes) it would read no rows, silently.
 */
async function verifyPart(path: string, file: string, entry: ZipEntry, label: PartLabel, root: string): Promise<void> {
  const head: Buffer[] = [];
  let headLength = 0;
  await inflateEntry(path, file, entry, label, (chunk) => {
    if (headLength < 4096) {
      head.push(chunk);
      headLength += chunk.length;
    }
  });
  checkRoot(file, label, new TextDecoder().decode(Buffer.concat(head).subarray(0, 4096)), root);
}

function checkRoot(file: string, label: PartLabel, start: string, root: string): void {
  const found = /<([^?!\s/>][^\s/>]*)/.exec(start)?.[1];
  if (found !== root) {
    throw refuse(
      file,
      `${label.vi} được ghi theo dạng XML không đọc được (<${found ?? '?'}> thay vì <${root}>); hãy mở bằng Excel và lưu lại`,
      `${label.en} is written in an XML form this reader cannot read (<${found ?? '?'}> instead of <${root}>); open the file in Excel and save it again`,
    );
  }
}

/** The styles part as exceljs is given it, and the number format each format name there stands for. */
interface Styles {
  data: Buffer;
  formats: Map<string, NumberFormat>;
}

const NUM_FMTS = /<numFmts\b[^>]*?(?:\/>|>([\s\S]*?)<\/numFmts>)/;
/** An attribute may hold ">" unquoted ([>=100]0%). */
const NUM_FMT = /<numFmt\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/**
 * Reads the styles part (whole, as the workbook part) and renames its number formats so that exceljs cannot
 * misread them. exceljs drops the backslashes of format codes, so `0\%` (a plain number and a
 * percent sign, as LibreOffice writes `0"%"`) would become the percent format `0%`; and it calls a
 * code with a b, d, h, m, s or y outside quotes a date (`0\ \b\à\i`, "7 bài") and turns the
 * number into one. So each format that is not a plain number, written out or built in, is given to
 * exceljs as a quoted id (`"164"`), which it leaves alone, mapped here to the format read from its
 * real code once; so is a plain one with fixed decimals (`#,##0.00`, built in or written out), for
 * the decimals its cells show; the other plain ones become General.
 */
async function readStyles(path: string, file: string, entry: ZipEntry): Promise<Styles> {
  const text = await readText(path, file, entry, partTooLarge);
  checkRoot(file, partLabel(entry), text.slice(0, 4096), 'styleSheet');
  const codes = new Map<number, string>([...BUILT_IN_NUMBER_FORMATS, ...BUILT_IN_FORMATS]);
  const written = NUM_FMTS.exec(text);
  for (const match of (written?.[1] ?? '').matchAll(NUM_FMT)) {
    const attributes = parseAttributes(match[1] ?? '');
    const id = Number(attributes.get('numFmtId'));
    const code = attributes.get('formatCode');
    if (Number.isInteger(id) && code !== undefined) codes.set(id, code);
  }
  const formats = new Map<string, NumberFormat>();
  const byCode = new Map<string, NumberFormat>();
  let numFmts = `<numFmts count="${codes.size}">`;
  for (const [id, code] of codes) {
    let format = byCode.get(code);
    if (format === undefined) byCode.set(code, (format = numberFormat(code)));
    // A plain format with fixed decimals (0.00) is kept, for the decimals a cell shows.
    const name = format.kind === 'plain' && !format.decimals ? 'General' : `"${id}"`;
    if (name !== 'General') formats.set(name, format);
    numFmts += `<numFmt numFmtId="${id}" formatCode="${name.replace(/"/g, '&quot;')}"/>`;
  }
  numFmts += '</numFmts>';
  let rewritten: string;
  if (written) {
    rewritten = text.slice(0, written.index) + numFmts + text.slice(written.index + written[0].length);
  } else {
    // No formats written: they go first in the style sheet. One that is empty (<styleSheet/>) styles no cell.
    const root = /<styleSheet\b[^>]*>/.exec(text)!;
    const end = root.index + root[0].length;
    rewritten = root[0].endsWith('/>') ? text : text.slice(0, end) + numFmts + text.slice(end);
  }
  return { data: Buffer.from(rewritten), formats };
}

function partLabel(entry: ZipEntry): PartLabel {
  return { vi: entry.name, en: entry.name };
}

function partTooLarge(file: string, part: string): UnreadableInput {
  return refuse(
    file,
    `phần ${part} của bảng tính lớn bất thường, không đọc được; hãy mở bằng Excel và lưu lại`,
    `part ${part} of the workbook is unusually large and cannot be read; open the file in Excel and save it again`,
  );
}

function damagedSheetList(file: string, what: string): UnreadableInput {
  return refuse(
    file,
    `danh sách trang tính của bảng tính bị hỏng (${what}); hãy xuất lại tệp từ Excel`,
    `the workbook's list of sheets is damaged (${what}); export it again from Excel`,
  );
}

/**
 * Bounds every wait on exceljs: a step that brings nothing within `idleMs`, or a failure of the
 * input, ends the read with UnreadableInput and destroys the input, so that nothing keeps the
 * process alive. Time the caller spends on a row is not counted.
 */
class Watchdog {
  private failure: UnreadableInput | undefined;
  /** How to end each step under way at once; not a race against one long-lived promise, which would keep every step's result alive. */
  private readonly waiting = new Set<(error: UnreadableInput) => void>();

  constructor(
    private readonly file: string,
    private readonly idleMs: number,
    private readonly onFailure: () => void,
  ) {}

  fail(error: unknown): UnreadableInput {
    if (this.failure === undefined) {
      this.failure =
        error instanceof UnreadableInput
          ? error
          : refuse(
              this.file,
              `không đọc được bảng tính (${oneLine(error)}); hãy mở bằng Excel và lưu lại`,
              `the workbook cannot be read (${oneLine(error)}); open it in Excel and save it again`,
            );
      this.onFailure();
      for (const abort of this.waiting) abort(this.failure);
    }
    return this.failure;
  }

  step<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const abort = (error: UnreadableInput): void => {
        clearTimeout(timer);
        this.waiting.delete(abort);
        reject(error);
      };
      const timer = setTimeout(() => abort(this.fail(this.stalled())), this.idleMs);
      this.waiting.add(abort);
      if (this.failure) abort(this.failure);
      // A step abandoned by a failure may settle later: the failure has been reported already.
      work.then(
        (value) => {
          clearTimeout(timer);
          this.waiting.delete(abort);
          resolve(value);
        },
        (error: unknown) => abort(this.fail(error)),
      );
    });
  }

  private stalled(): UnreadableInput {
    const seconds = String(this.idleMs / 1000);
    return refuse(
      this.file,
      `đọc tệp bị treo quá ${seconds.replace('.', ',')} giây; tệp có thể bị hỏng, hãy xuất lại từ Excel`,
      `reading stalled for more than ${seconds} s; the file may be damaged; export it again from Excel`,
    );
  }
}
