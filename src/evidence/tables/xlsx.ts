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
  options: { sheet?: string; limits?: Partial<XlsxLimits> } = {},
): AsyncGenerator<RawSheet> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  const zip = await openXlsxZip(path, file, limits);
  const book = await readBook(path, file, zip);
  const sheets = options.sheet === undefined ? book.sheets : [pickSheet(file, book.sheets, options.sheet)];

  if (book.styles) await verifyPart(path, file, book.styles, partLabel(book.styles), 'styleSheet');
  if (book.sharedStrings) await verifyPart(path, file, book.sharedStrings, partLabel(book.sharedStrings), 'sst');
  for (const sheet of sheets) {
    await verifyPart(path, file, sheet.entry, { vi: `trang tính "${sheet.name}"`, en: `sheet "${sheet.name}"` }, 'worksheet');
  }

  // exceljs streams a sheet straight through only once it has seen the shared strings and the
  // workbook relationships (otherwise it copies the sheet to a temporary file), needs the styles
  // before a sheet to know its number formats, emits sheets in zip order and ignores sheet parts
  // not named sheetN.xml. So it is fed just these parts, in this order, under those names. It is
  // given no real relationships, so it never matches sheet names (ours come from readBook), and its
  // workbook part only says whether dates count from 1904.
  const parts: FramedPart[] = [
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"/>`) },
    { name: 'xl/workbook.xml', data: Buffer.from(`<workbook xmlns="${SPREADSHEETML}"><workbookPr${book.date1904 ? ' date1904="1"' : ''}/></workbook>`) },
    ...(book.styles ? [{ name: 'xl/styles.xml', entry: book.styles }] : []),
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
    const kinds = new FormatKinds();
    for (const sheet of sheets) {
      const next = await watchdog.step(worksheets.next());
      if (next.done) {
        throw refuse(
          file,
          `không đọc được trang tính "${sheet.name}"; hãy mở bằng Excel và lưu lại`,
          `sheet "${sheet.name}" could not be read; open the file in Excel and save it again`,
        );
      }
      const rows = sheetRows(next.value as unknown as WorksheetInternals, watchdog, kinds, book.date1904);
      yield { name: sheet.name, rows };
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
 * with an encoding, and a streaming decoder for the sheets, hand on whole characters instead.
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

async function* utf8Text(chunks: AsyncIterator<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let done = false;
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const text = typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
      if (text) yield text;
    }
    done = true;
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    // A sheet abandoned half-way: exceljs's zip parser would otherwise collect the rest of its
    // data in memory, since its chunk listener stays attached. Reading it to the end releases it.
    if (!done) while (!(await chunks.next()).done);
  }
}

async function* sheetRows(
  worksheet: WorksheetInternals,
  watchdog: Watchdog,
  kinds: FormatKinds,
  date1904: boolean,
): AsyncGenerator<RawRow> {
  worksheet.iterator = utf8Text(worksheet.iterator);
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
        const cell = toCell(excelCell, kinds.of(excelCell.numFmt), date1904);
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

type FormatKind = 'percent' | 'date' | 'plain';

/** What a number format makes of a number, memoised: a workbook has few formats and many cells. */
class FormatKinds {
  private readonly known = new Map<string, FormatKind>();

  of(format: string | undefined): FormatKind {
    if (!format) return 'plain';
    let kind = this.known.get(format);
    if (kind === undefined) {
      // Quoted literals, [colours and locales], \escaped characters and _ or * padding show nothing.
      const codes = format.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, '');
      kind = codes.includes('%') ? 'percent' : /[ymdhsb]/i.test(codes) ? 'date' : 'plain';
      this.known.set(format, kind);
    }
    return kind;
  }
}

function toCell(excelCell: ExcelCell, kind: FormatKind, date1904: boolean): Cell | undefined {
  const { value } = excelCell;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    // A formula's `value` drops a cached result that is falsy, such as 0; the cell's `result`
    // keeps it. exceljs reads every cached result that is not a string as a number: a boolean
    // becomes 1 or 0, and an error NaN (its code is lost).
    const result = excelCell.result ?? value.result;
    return typeof result === 'number' && Number.isNaN(result) ? { text: '#ERROR' } : valueCell(result, kind, date1904);
  }
  return valueCell(value, kind, date1904);
}

function valueCell(
  value: Exclude<CellValue, CellFormulaValue | CellSharedFormulaValue>,
  kind: FormatKind,
  date1904: boolean,
): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
      return textCell(value);
    case 'number':
      return numberCell(value, kind, date1904);
    case 'boolean':
      return { text: value ? 'TRUE' : 'FALSE', bool: value };
  }
  if (value instanceof Date) return dateCell(value);
  if ('richText' in value) return textCell(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value) return { text: value.error };
  return textCell(value.text);
}

function textCell(text: string): Cell | undefined {
  return text === '' ? undefined : { text: text.normalize('NFC') };
}

function numberCell(value: number, kind: FormatKind, date1904: boolean): Cell | undefined {
  if (!Number.isFinite(value)) return undefined;
  const number = decimalText(value);
  switch (kind) {
    case 'percent':
      return { text: `${shiftPoint(number, 2)}%`, number, percent: true };
    case 'date':
      // A formula's cached date: exceljs converts only plain date cells, by this same formula.
      return dateCell(new Date(Math.round((value - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));
    case 'plain':
      return { text: number, number };
  }
}

/** Excel dates carry no time zone: exceljs builds them as UTC, so UTC parts are the calendar date. */
function dateCell(value: Date): Cell | undefined {
  const date = Number.isNaN(value.getTime())
    ? undefined
    : isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  return date === undefined ? undefined : { text: date, date };
}

/** The shortest decimal text that reads back as the same double, never in exponent form. */
function decimalText(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  return e < 0 ? text : shiftPoint(text.slice(0, e), Number(text.slice(e + 1)));
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

async function readText(path: string, file: string, entry: ZipEntry): Promise<string> {
  if (entry.uncompressedSize > MAX_BOOK_PART) throw damagedSheetList(file, entry.name);
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
  const start = new TextDecoder().decode(Buffer.concat(head).subarray(0, 4096));
  const found = /<([^?!\s/>][^\s/>]*)/.exec(start)?.[1];
  if (found !== root) {
    throw refuse(
      file,
      `${label.vi} được ghi theo dạng XML không đọc được (<${found ?? '?'}> thay vì <${root}>); hãy mở bằng Excel và lưu lại`,
      `${label.en} is written in an XML form this reader cannot read (<${found ?? '?'}> instead of <${root}>); open the file in Excel and save it again`,
    );
  }
}

function partLabel(entry: ZipEntry): PartLabel {
  return { vi: entry.name, en: entry.name };
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
