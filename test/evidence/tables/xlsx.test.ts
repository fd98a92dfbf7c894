import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadableInput, type RawRow } from '../../../src/evidence/tables/table.js';
import { readXlsx, sheetText, type Lost, type XlsxLimits } from '../../../src/evidence/tables/xlsx.js';
import { buildZip, directoryEntry, oleFile, type ZipFile } from '../../helpers/zip.js';

let dir: string;
/** Two sheets written by exceljs: every kind of cell. */
let cellsBook: string;
/** One sheet of 20,000 rows of Vietnamese shared strings (about 90 KB compressed). */
let bigBook: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parscore-xlsx-'));
  cellsBook = join(dir, 'cells.xlsx');
  await writeCellsBook(cellsBook);
  bigBook = join(dir, 'big.xlsx');
  await writeBigBook(bigBook);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeCellsBook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const xa = workbook.addWorksheet('Xã');
  xa.getCell('A1').value = 'Mã đơn vị'.normalize('NFD');
  xa.getCell('B1').value = 'Giá trị';
  xa.getRow(2).values = [2, { formula: 'A2*2', result: 4 }, 0.1, 1373, 53.41];
  xa.getRow(3).values = [0.5341, 0.5, 1];
  xa.getCell('A3').numFmt = '0.00%';
  xa.getCell('B3').numFmt = '#,##0.0%';
  xa.getCell('C3').numFmt = '0%';
  xa.getCell('A4').value = new Date(Date.UTC(2024, 11, 20));
  xa.getCell('A4').numFmt = 'dd/mm/yyyy';
  xa.getCell('B4').value = { formula: 'A4+1', result: 45647 };
  xa.getCell('B4').numFmt = 'dd/mm/yyyy';
  xa.getRow(5).values = [true, false, { error: '#N/A' }, { error: '#DIV/0!' }];
  xa.getCell('A6').value = { richText: [{ text: 'Kế hoạch ' }, { text: 'số 12', font: { bold: true } }] };
  xa.getCell('B6').value = { text: 'Văn bản', hyperlink: 'https://example.org' };
  xa.getCell('C6').value = { formula: 'A2+1' };
  xa.getCell('D6').value = 'sau ô trống';
  // Rows 7 and 8 are left blank.
  xa.getRow(9).values = [1e-7, 1e21, -0.25, 0.1 + 0.2, { formula: 'B1&""', result: 'Đạt'.normalize('NFD') }];
  xa.getCell('A10').value = 'Tiêu đề gộp';
  xa.mergeCells('A10:C10');
  xa.getCell('A11').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  xa.getCell('B11').value = { formula: 'A2-2', result: 0 };
  // A shared formula (exceljs's typings lack the master's shareType and ref).
  xa.getCell('A12').value = { formula: 'A2*3', result: 6, shareType: 'shared', ref: 'A12:B12' } as ExcelJS.CellFormulaValue;
  xa.getCell('B12').value = { sharedFormula: 'A12', result: 9 };

  const so = workbook.addWorksheet('Sở');
  so.addRow(['Mã đơn vị', 'Điểm']);
  so.addRow(['SNV', 9.5]);
  await workbook.xlsx.writeFile(path);
}

const WORDS = ['Ủy ban nhân dân', 'Sở Nội vụ', 'Kế hoạch số 12/KH-UBND', 'đạt', 'không áp dụng', 'Thủ tục hành chính'];

function bigText(i: number): string {
  return `${WORDS[i % WORDS.length]} ${i}`;
}

async function writeBigBook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Dữ liệu');
  for (let i = 1; i <= 20_000; i++) sheet.addRow([bigText(i), i]);
  await workbook.xlsx.writeFile(path);
}

async function readAll(path: string, options?: { sheet?: string; limits?: Partial<XlsxLimits> }) {
  const sheets: Array<{ name: string | undefined; rows: RawRow[] }> = [];
  for await (const sheet of readXlsx(path, basename(path), options)) {
    const rows: RawRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

/** Refused with UnreadableInput whose English reason matches, both reasons on one line. */
async function expectRefused(read: Promise<unknown>, en: RegExp): Promise<UnreadableInput> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableInput);
  const { reason } = error as UnreadableInput;
  expect(reason.en).toMatch(en);
  expect(reason.vi.length).toBeGreaterThan(10);
  expect(`${reason.vi}${reason.en}`).not.toMatch(/\n/);
  return error as UnreadableInput;
}

function cellsOf(rows: RawRow[], row: number) {
  return rows.find((r) => r.row === row)?.cells;
}

describe('readXlsx: cells', () => {
  it('reads every sheet in order, with the cells as typed', async () => {
    const [xa, so, ...more] = await readAll(cellsBook);
    expect(more).toEqual([]);
    expect(xa?.name).toBe('Xã');
    expect(so?.name).toBe('Sở');
    const rows = xa!.rows;
    // Rows 7 and 8 are blank and skipped; the others keep the sheet's numbers.
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11, 12]);

    // The header typed in decomposed form (NFD) comes out composed (NFC).
    expect(cellsOf(rows, 1)).toEqual([{ text: 'Mã đơn vị'.normalize('NFC') }, { text: 'Giá trị' }]);
    expect(cellsOf(rows, 1)?.[0]?.text).not.toBe('Mã đơn vị'.normalize('NFD'));

    // Numbers as their shortest decimal text; the formula A2*2 gives its cached 4.
    expect(cellsOf(rows, 2)).toEqual([
      { text: '2', number: '2' },
      { text: '4', number: '4' },
      { text: '0.1', number: '0.1' },
      { text: '1373', number: '1373' },
      { text: '53.41', number: '53.41' },
    ]);

    // Percent formats: the raw fraction; the text is it times 100 with a % (by moving the point).
    // #,##0.0% shows 50 as 50,0%: one place where 50 has none.
    expect(cellsOf(rows, 3)).toEqual([
      { text: '53.41%', number: '0.5341', percent: true },
      { text: '50%', number: '0.5', percent: true, places: 1 },
      { text: '100%', number: '1', percent: true },
    ]);

    // A date cell; and a formula whose cached 45647 is date-formatted: 45646 is 2024-12-20
    // (Date.UTC(2024, 11, 20) / 86400000 = 20077 days after 1970-01-01, plus 25569), so 2024-12-21.
    expect(cellsOf(rows, 4)).toEqual([
      { text: '2024-12-20', date: '2024-12-20' },
      { text: '2024-12-21', date: '2024-12-21' },
    ]);

    // Error values: their code, marked as no value.
    expect(cellsOf(rows, 5)).toEqual([
      { text: 'TRUE', bool: true },
      { text: 'FALSE', bool: false },
      { text: '#N/A', error: { code: '#N/A' } },
      { text: '#DIV/0!', error: { code: '#DIV/0!' } },
    ]);

    // Rich text joined; a hyperlink's text; a formula with no cached result is no value, and its
    // text is the formula (never blank).
    expect(cellsOf(rows, 6)).toEqual([
      { text: 'Kế hoạch số 12' },
      { text: 'Văn bản' },
      { text: '=A2+1', error: { formula: 'A2+1' } },
      { text: 'sau ô trống' },
    ]);

    // 1e-7 and 1e21 without exponents; 0.1 + 0.2 is the double 0.30000000000000004, which Excel
    // shows and computes at 15 significant digits: 0.300000000000000, that is 0.3. A formula's
    // string result is normalised too.
    expect(cellsOf(rows, 9)).toEqual([
      { text: '0.0000001', number: '0.0000001' },
      { text: '1000000000000000000000', number: '1000000000000000000000' },
      { text: '-0.25', number: '-0.25' },
      { text: '0.3', number: '0.3' },
      { text: 'Đạt'.normalize('NFC') },
    ]);

    // A merged range: the top-left value, the others empty.
    expect(cellsOf(rows, 10)).toEqual([{ text: 'Tiêu đề gộp' }]);

    // A formula's cached error keeps its code (exceljs alone reads it as NaN). A cached 0 is kept
    // (exceljs's cell value drops it).
    expect(cellsOf(rows, 11)).toEqual([
      { text: '#DIV/0!', error: { code: '#DIV/0!', formula: '1/0' } },
      { text: '0', number: '0' },
    ]);

    // A shared formula's master and the cell sharing it, each with its cached result.
    expect(cellsOf(rows, 12)).toEqual([
      { text: '6', number: '6' },
      { text: '9', number: '9' },
    ]);

    expect(so?.rows).toEqual([
      { row: 1, cells: [{ text: 'Mã đơn vị' }, { text: 'Điểm' }] },
      { row: 2, cells: [{ text: 'SNV' }, { text: '9.5', number: '9.5' }] },
    ]);
  });

  it('reads only the sheet asked for, matched ignoring case and normalisation', async () => {
    const sheets = await readAll(cellsBook, { sheet: 'SỞ'.normalize('NFD') });
    expect(sheets.map((s) => s.name)).toEqual(['Sở']);
    expect(sheets[0]?.rows).toHaveLength(2);
  });

  it('refuses an unknown sheet, naming the sheets and the closest', async () => {
    const error = await expectRefused(
      readAll(cellsBook, { sheet: 'So' }),
      /^there is no sheet "So"; the sheets are "Xã", "Sở"; did you mean "Sở"\?$/,
    );
    expect(error.reason.vi).toContain('có phải ý bạn là "Sở"');
    await expectRefused(readAll(cellsBook, { sheet: 'Tổng hợp' }), /^there is no sheet "Tổng hợp"; the sheets are "Xã", "Sở"$/);
  });

  it('keeps characters whole where exceljs splits them between chunks (shared strings)', async () => {
    const [sheet] = await readAll(bigBook);
    expect(sheet?.rows).toHaveLength(20_000);
    for (const [i, row] of sheet!.rows.entries()) {
      expect(row.row).toBe(i + 1);
      expect(row.cells[0]?.text).toBe(bigText(i + 1));
    }
  });

  it('keeps characters whole in inline strings of a sheet', async () => {
    // About 400 KB of sheet XML, so many chunk boundaries fall inside multi-byte characters.
    const texts = Array.from({ length: 4000 }, (_, i) => `${bigText(i)} — Quyết định số ${i}/QĐ-UBND`);
    const rows = texts.map((text, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${text}</t></is></c></row>`);
    const path = write('inline.xlsx', workbookZip([{ name: 'Văn bản', xml: worksheet(rows.join('')) }]));
    const [sheet] = await readAll(path);
    expect(sheet?.rows.map((r) => r.cells[0]?.text)).toEqual(texts);
  });

  it('follows the workbook order, not the part names, and skips chart sheets', async () => {
    // Tab order: "Sở" (in sheet2.xml), a chart sheet, "Xã" (in a part exceljs would not recognise).
    // Dates count from 1904 (written "true", which exceljs alone would ignore): 44184 + 1462 = 45646,
    // 2024-12-20. No shared strings part, no styles part but the one for the date.
    const styles =
      `<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const path = write(
      'order.xlsx',
      workbookZip(
        [
          { name: 'Sở', part: 'sheet2.xml', xml: worksheet('<row r="3"><c r="B3" s="1"><v>44184</v></c></row>') },
          { name: 'Biểu đồ', part: '../chartsheets/sheet1.xml', chart: true, xml: '<chartsheet/>' },
          { name: 'Xã', part: 'Trang xã.xml', xml: worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>') },
        ],
        { date1904: 'true', styles },
      ),
    );
    expect(await readAll(path)).toEqual([
      { name: 'Sở', rows: [{ row: 3, cells: [undefined, { text: '2024-12-20', date: '2024-12-20' }] }] },
      { name: 'Xã', rows: [{ row: 1, cells: [{ text: 'x' }] }] },
    ]);
  });

  it('lets a sheet be left half-read, or the whole read be abandoned', async () => {
    const seen: Array<{ name?: string; first: RawRow[] }> = [];
    for await (const sheet of readXlsx(cellsBook, 'cells.xlsx')) {
      const first: RawRow[] = [];
      for await (const row of sheet.rows) {
        first.push(row);
        if (first.length === 2) break;
      }
      seen.push({ name: sheet.name, first });
    }
    expect(seen.map((s) => [s.name, s.first.map((r) => r.row)])).toEqual([
      ['Xã', [1, 2]],
      ['Sở', [1, 2]],
    ]);

    // Asking for the next sheet without touching this one's rows, then stopping altogether.
    const names: Array<string | undefined> = [];
    for await (const sheet of readXlsx(bigBook, 'big.xlsx')) {
      names.push(sheet.name);
      break;
    }
    for await (const sheet of readXlsx(cellsBook, 'cells.xlsx')) names.push(sheet.name);
    expect(names).toEqual(['Dữ liệu', 'Xã', 'Sở']);
  });
});

describe('readXlsx: merged ranges', () => {
  it('lists each sheet\'s merged ranges once its rows are read, only when asked, after thousands of rows too', async () => {
    const path = join(dir, 'gop-o.xlsx');
    const workbook = new ExcelJS.Workbook();
    const title = workbook.addWorksheet('Phụ lục');
    title.getCell('A1').value = 'PHỤ LỤC';
    title.mergeCells('A1:G1');
    title.getCell('A5').value = 'STT';
    title.mergeCells('A5:B5');
    // Ranges come after the rows in the sheet's XML: here after some 600 KB of it.
    const long = workbook.addWorksheet('Dài');
    for (let i = 1; i <= 20_000; i++) long.addRow([bigText(i), i]);
    long.mergeCells('C20001:D20002');
    await workbook.xlsx.writeFile(path);
    const merged: Array<[string | undefined, string[] | undefined, number]> = [];
    for await (const sheet of readXlsx(path, 'gop-o.xlsx', { merges: true })) {
      let rows = 0;
      for await (const _ of sheet.rows) rows++;
      merged.push([sheet.name, sheet.merged, rows]);
    }
    expect(merged).toEqual([
      ['Phụ lục', ['A1:G1', 'A5:B5'], 2],
      ['Dài', ['C20001:D20002'], 20_000],
    ]);
    for await (const sheet of readXlsx(path, 'gop-o.xlsx')) {
      expect(sheet.merged).toBeUndefined();
      for await (const _ of sheet.rows);
    }
  });
});

describe('readXlsx: cells as Excel shows them, where exceljs alone misreads them', () => {
  // Style 1: built-in 10 (0.00%); 2: 0\% (a plain number and a percent sign, as LibreOffice writes
  // 0"%"); 3: [>=1]0%;0.00% (a ">" left unescaped in the attribute, as XML allows); 4: 0\ \b\à\i
  // ("7 bài"); 5: built-in 20 (h:mm); 6: [h]:mm.
  const styles =
    `<styleSheet xmlns="${MAIN}"><numFmts count="4">` +
    `<numFmt numFmtId="164" formatCode="0\\%"/><numFmt numFmtId="165" formatCode="[>=1]0%;0.00%"/>` +
    `<numFmt numFmtId="166" formatCode="0\\ \\b\\à\\i"/><numFmt numFmtId="167" formatCode="[h]:mm"/></numFmts>` +
    `<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="20"/><xf numFmtId="167"/></cellXfs></styleSheet>`;
  const c = (ref: string, inner: string, attributes = '') => `<c r="${ref}"${attributes}>${inner}</c>`;
  const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;

  it('reads numbers at 15 significant digits, as Excel shows and computes them', async () => {
    // Excel writes 17 digits: 0.89999999999999991 is the double 0.8999999999999999, which at 15
    // digits is 0.900000000000000, the 90,00% the user sees; 0.82409999999999994 is 82,41%;
    // 0.1 × 3 is 0.30000000000000004, shown 0.3; 1234.5600000000002 is 1234.56.
    const xml = worksheet(
      row(
        1,
        c('A1', '<f>C1/D1</f><v>0.89999999999999991</v>', ' s="1"'),
        c('B1', '<f>0.1*3</f><v>0.30000000000000004</v>'),
        c('C1', '<v>0.82409999999999994</v>', ' s="1"'),
        c('D1', '<v>1234.5600000000002</v>'),
        c('E1', '<v>-0.30000000000000004</v>', ' s="3"'),
        c('F1', '<v>123456789012345678</v>'),
      ),
    );
    const [sheet] = await readAll(write('noise.xlsx', workbookZip([{ name: 'Xã', xml }], { styles })));
    expect(sheet?.rows[0]?.cells).toEqual([
      // 0.00%: 90,00%, two places where 90 has none.
      { text: '90%', number: '0.9', percent: true, places: 2 },
      { text: '0.3', number: '0.3' },
      { text: '82.41%', number: '0.8241', percent: true },
      { text: '1234.56', number: '1234.56' },
      // -0.3 is below 1: the 0.00% section, −30,00%.
      { text: '-30%', number: '-0.3', percent: true, places: 2 },
      // 1.23456789012345678e17 at 15 digits: 1.23456789012346e17.
      { text: '123456789012346000', number: '123456789012346000' },
    ]);
  });

  it('reads percent and date from the format code: escaped and quoted text is literal; a time is only text', async () => {
    const xml = worksheet(
      row(1, c('A1', '<v>95</v>', ' s="2"'), c('B1', '<v>7</v>', ' s="4"'), c('C1', '<v>1.5</v>', ' s="3"'), c('D1', '<v>0.5</v>', ' s="5"'), c('E1', '<v>1.5</v>', ' s="6"')) +
        // A formula's cached time, and a date typed as text.
        row(2, c('A2', '<f>E1/3</f><v>0.5</v>', ' s="6"')),
    );
    const [sheet] = await readAll(write('formats.xlsx', workbookZip([{ name: 'Xã', xml }], { styles })));
    expect(sheet?.rows).toEqual([
      {
        row: 1,
        cells: [
          { text: '95', number: '95' },
          { text: '7', number: '7' },
          // 1,5 ≥ 1: the [>=1]0% section.
          { text: '150%', number: '1.5', percent: true },
          // 0,5 of a day is noon: the text shown, with no number or date a rule could take.
          { text: '12:00' },
          { text: '36:00' },
        ],
      },
      { row: 2, cells: [{ text: '12:00' }] },
    ]);
  });

  it('keeps the code of an error, says which formulas have no saved result, and reads cached TRUE and ISO dates', async () => {
    const xml = worksheet(
      row(
        1,
        c('A1', '<f>C1/D1</f><v>#DIV/0!</v>', ' t="e"'),
        // An error pasted as a value; and one typed before its reference, in single quotes.
        c('B1', '<v>#N/A</v>', ' t="e"'),
        `<c t='e' r="C1"><f>1/0</f><v>#DIV/0!</v></c>`,
        c('D1', '<f>A2&gt;=0.9</f><v>1</v>', ' t="b"'),
        // No result at all, and an empty one (as openpyxl writes).
        c('E1', '<f>SUM(A2:B2)</f>'),
        c('F1', '<f>SUM(A2:B2)</f><v></v>'),
        // A formula whose result is the empty string is a blank cell.
        c('G1', '<f>IF(A2&gt;1,"x","")</f><v></v>', ' t="str"'),
        // Typed as an error, with no error written: no result either.
        c('H1', '<f>1/0</f><v></v>', ' t="e"'),
      ) +
        row(
          2,
          // A shared formula: the cell sharing it has no formula text of its own.
          c('A2', '<f t="shared" ref="A2:B2" si="0">1/0</f><v>#VALUE!</v>', ' t="e"'),
          c('B2', '<f t="shared" si="0"/><v>#VALUE!</v>', ' t="e"'),
          c('C2', '<f t="shared" ref="C2:D2" si="1">E2*2</f>'),
          c('D2', '<f t="shared" si="1"/>'),
        ) +
        row(3, c('A3', '<v>2024-12-20T00:00:00Z</v>', ' t="d"'), c('B3', '<v>2024-12-20</v>', ' t="d"'), c('C3', '<f>A3+1</f><v>2024-12-21T00:00:00</v>', ' t="d"')),
    );
    const [sheet] = await readAll(write('formulas.xlsx', workbookZip([{ name: 'Xã', xml }], { styles })));
    expect(sheet?.rows).toEqual([
      {
        row: 1,
        cells: [
          { text: '#DIV/0!', error: { code: '#DIV/0!', formula: 'C1/D1' } },
          { text: '#N/A', error: { code: '#N/A' } },
          { text: '#DIV/0!', error: { code: '#DIV/0!', formula: '1/0' } },
          { text: 'TRUE', bool: true },
          { text: '=SUM(A2:B2)', error: { formula: 'SUM(A2:B2)' } },
          { text: '=SUM(A2:B2)', error: { formula: 'SUM(A2:B2)' } },
          undefined,
          { text: '=1/0', error: { formula: '1/0' } },
        ],
      },
      {
        row: 2,
        cells: [
          { text: '#VALUE!', error: { code: '#VALUE!', formula: '1/0' } },
          { text: '#VALUE!', error: { code: '#VALUE!' } },
          { text: '=E2*2', error: { formula: 'E2*2' } },
          { text: '=', error: {} },
        ],
      },
      {
        row: 3,
        cells: [
          { text: '2024-12-20', date: '2024-12-20' },
          { text: '2024-12-20', date: '2024-12-20' },
          { text: '2024-12-21', date: '2024-12-21' },
        ],
      },
    ]);
  });

  it('keeps every error code and cached TRUE where the XML is cut between chunks', async () => {
    // About 2 MB of sheet XML: the inflated chunks end inside many <c> tags.
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      row(i + 1, c(`A${i + 1}`, '<f>1/0</f><v>#DIV/0!</v>', ' t="e"'), c(`B${i + 1}`, '<f>TRUE()</f><v>1</v>', ' t="b"'), c(`C${i + 1}`, `<v>${i}</v>`)),
    );
    const [sheet] = await readAll(write('many-errors.xlsx', workbookZip([{ name: 'Xã', xml: worksheet(rows.join('')) }])));
    expect(sheet?.rows).toHaveLength(20_000);
    for (const [i, r] of sheet!.rows.entries()) {
      expect(r.cells).toEqual([
        { text: '#DIV/0!', error: { code: '#DIV/0!', formula: '1/0' } },
        { text: 'TRUE', bool: true },
        { text: String(i), number: String(i) },
      ]);
    }
  });

  it('notes and retypes the same cells wherever the sheet XML is split into chunks', async () => {
    // Pretty-printed, with a formula's error, its boolean, an ISO date, and the cells exceljs reads
    // right: a plain error value and a plain boolean (not noted, not retyped).
    const xml =
      '<row r="1">\n <c r="A1" t="e">\n  <f>1/0</f><v>#DIV/0!</v></c><c r="B1" t="b"><f>TRUE()</f><v>1</v></c>' +
      `<c r="C1" t="d"><v>2024-12-20</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t='e'><f t="shared" si="0"/><v>#N/A</v></c></row>`;
    const retyped = xml.replace('r="A1" t="e"', 'r="A1" t="str"').replace('r="C1" t="d"', 'r="C1" t="str"').replace(`r="F1" t='e'`, `r="F1" t='str'`);
    const noted = [
      ['A1', 'error'],
      ['B1', 'boolean'],
      ['C1', 'date'],
      ['F1', 'error'],
    ];
    const bytes = Buffer.from(xml);
    for (let at = 0; at <= bytes.length; at++) {
      const lost = new Map<string, Lost>();
      async function* chunks() {
        yield bytes.subarray(0, at);
        yield bytes.subarray(at);
      }
      let out = '';
      for await (const piece of sheetText(chunks(), lost)) out += piece;
      expect(out, `split at ${at}`).toBe(retyped);
      expect([...lost], `split at ${at}`).toEqual(noted);
    }
  });

  it('refuses a styles part in a namespace-prefixed dialect, whose formats exceljs would not see', async () => {
    const prefixed = `<x:styleSheet xmlns:x="${MAIN}"><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="10"/></x:cellXfs></x:styleSheet>`;
    const path = write('prefixed-styles.xlsx', workbookZip([{ name: 'Xã', xml: worksheet(row(1, c('A1', '<v>0.5</v>', ' s="1"'))) }], { styles: prefixed }));
    await expectRefused(readAll(path), /^xl\/styles\.xml is written in an XML form this reader cannot read \(<x:styleSheet> instead of <styleSheet>\)/);
  });
});

describe('readXlsx: bad files', () => {
  it('refuses a missing file (no crash from an unhandled error event)', async () => {
    await expectRefused(readAll(join(dir, 'không-có.xlsx')), /^file not found; check the path$/);
  });

  it('refuses a directory', async () => {
    mkdirSync(join(dir, 'a-folder.xlsx'), { recursive: true });
    await expectRefused(readAll(join(dir, 'a-folder.xlsx')), /directory/);
  });

  it('refuses an empty file, a CSV renamed .xlsx and random bytes', async () => {
    await expectRefused(readAll(write('empty.xlsx', Buffer.alloc(0))), /^the file is empty/);
    await expectRefused(
      readAll(write('csv.xlsx', Buffer.from('Mã đơn vị,Chỉ tiêu,Giá trị\nX01,CT1,"53,41%"\n'))),
      /plain text \(perhaps a CSV renamed \.xlsx\)/,
    );
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251; // control bytes included
    await expectRefused(readAll(write('random.xlsx', random)), /not a zip archive/);
  });

  it('refuses a workbook truncated at 50% and at 90%, quickly', async () => {
    const whole = readFileSync(bigBook);
    for (const fraction of [0.5, 0.9]) {
      const path = write(`cut-${fraction}.xlsx`, whole.subarray(0, Math.floor(whole.length * fraction)));
      const started = Date.now();
      await expectRefused(readAll(path), /^the file is truncated or damaged \(no zip directory\)/);
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('refuses a zip with its central directory cut off', async () => {
    const zip = workbookZip([{ name: 'A', xml: worksheet('') }]);
    const directoryOffset = zip.readUInt32LE(zip.length - 6);
    await expectRefused(readAll(write('no-directory.xlsx', zip.subarray(0, directoryOffset))), /no zip directory/);
  });

  it('refuses a zip whose directory points outside the data', async () => {
    // A middle slice cut out: the directory's offsets now point past the data.
    const zip = workbookZip([{ name: 'A', xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(50)) }]);
    const cut = Buffer.concat([zip.subarray(0, 200), zip.subarray(400)]);
    await expectRefused(readAll(write('cut-middle.xlsx', cut)), /zip directory does not match its contents/);
  });

  it('refuses a sheet whose data was altered (CRC-32 mismatch)', async () => {
    // A stored (uncompressed) sheet: the digit 7 becomes 8, so the XML stays well-formed and only
    // the checksum can tell.
    const zip = workbookZip([{ name: 'Xã', xml: worksheet('<row r="1"><c r="A1"><v>7</v></c></row>') }], { store: true });
    const at = zip.indexOf('<v>7</v>') + 3;
    zip[at] = '8'.charCodeAt(0);
    await expectRefused(readAll(write('altered.xlsx', zip)), /^the file is damaged \(the data of sheet "Xã" fails its checksum/);
  });

  it('refuses a sheet whose XML was cut, though the zip around it is whole', async () => {
    // exceljs alone would return the first third of the rows without a word.
    const xml = worksheet(Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join(''));
    const zip = workbookZip([{ name: 'Xã', xml }], { cutSheet: true });
    await expectRefused(readAll(write('cut-sheet.xlsx', zip)), /data of sheet "Xã" fails its checksum/);
  });

  it('recognises an old .xls and a password-protected workbook (OLE files)', async () => {
    // Detected: the OLE magic; then a 128-byte directory entry at a 128-aligned offset whose name is
    // "EncryptedPackage" in UTF-16LE, name length 34 (with the NUL) and type 2 (stream).
    const encrypted = oleFile([directoryEntry('Root Entry', 5), directoryEntry('EncryptionInfo', 2), directoryEntry('EncryptedPackage', 2)]);
    await expectRefused(readAll(write('secret.xlsx', encrypted)), /^the workbook is password-protected; .*save it again as \.xlsx$/);

    // An .xls: a "Workbook" stream, and the same name only as text inside a stream (not aligned).
    const xls = oleFile([directoryEntry('Root Entry', 5), directoryEntry('Workbook', 2)]);
    const withText = Buffer.concat([xls, Buffer.from('\0EncryptedPackage', 'utf16le')]);
    await expectRefused(readAll(write('old.xlsx', withText)), /Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx$/);
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: worksheet('') }]);
    await expectRefused(readAll(write('no-workbook.xlsx', zip)), /not an Excel workbook \(no xl\/workbook\.xml\)/);
    const ods = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true },
      { name: 'content.xml', data: '<office:document-content/>' },
    ]);
    await expectRefused(readAll(write('sheet.xlsx', ods)), /OpenDocument spreadsheet/);
  });

  it('refuses a workbook whose sheet list holds no worksheet', async () => {
    // Only a chart sheet is listed; a worksheet part lies in the zip unlisted.
    const zip = workbookZip([{ name: 'Biểu đồ', part: '../chartsheets/sheet1.xml', chart: true, xml: '<chartsheet/>' }], {
      extra: [{ name: 'xl/worksheets/sheet1.xml', data: worksheet('') }],
    });
    const path = write('charts-only.xlsx', zip);
    await expectRefused(readAll(path), /^the workbook has no worksheets; check the file$/);
  });

  it('refuses a zip bomb before inflating anything', async () => {
    // The directory declares 3 GB from 100 bytes that are not even deflate data: had they been
    // inflated, the refusal would be about a checksum.
    const zip = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(100, 0xab), raw: true, declaredSize: 3 * 1024 ** 3 },
    ]);
    const started = Date.now();
    await expectRefused(readAll(write('bomb.xlsx', zip)), /^the file would expand to 3\.0 GB, over the 2\.0 GB limit; refused as a possible zip bomb$/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('applies the ratio and size limits', async () => {
    // The 20,000-row sheet is well over 1 MB and compresses more than 2 to 1.
    await expectRefused(readAll(bigBook, { limits: { maxCompressionRatio: 2 } }), /^part xl\/worksheets\/sheet1\.xml is compressed \d+ to 1/);
    await expectRefused(readAll(bigBook, { limits: { maxBytes: 1000 } }), /^the file is [\d.]+ MB, over the 0\.0 MB limit for XLSX/);
  });

  it('refuses encrypted zip entries and Zip64', async () => {
    const encrypted = workbookZip([{ name: 'A', xml: worksheet('') }], { flags: 0x0001 });
    await expectRefused(readAll(write('zip-crypto.xlsx', encrypted)), /zip archive is encrypted/);
    const zip64 = workbookZip([{ name: 'A', xml: worksheet('') }]);
    zip64.writeUInt16LE(0xffff, zip64.length - 12);
    zip64.writeUInt16LE(0xffff, zip64.length - 14);
    await expectRefused(readAll(write('zip64.xlsx', zip64)), /Zip64/);
  });

  it('refuses a sheet in a namespace-prefixed dialect, which exceljs would read as empty', async () => {
    const xml = `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const path = write('prefixed.xlsx', workbookZip([{ name: 'Xã', xml }]));
    await expectRefused(readAll(path), /^sheet "Xã" is written in an XML form this reader cannot read \(<x:worksheet> instead of <worksheet>\)/);
  });

  it('refuses malformed sheet XML that passes its checksum', async () => {
    const path = write('malformed.xlsx', workbookZip([{ name: 'Xã', xml: worksheet('<row r="1"><c r="A1"><v>1</v></row>') }]));
    await expectRefused(readAll(path), /^the workbook cannot be read \(.+\); open it in Excel and save it again$/);
  });

  it('gives up when exceljs brings nothing within the idle limit', async () => {
    // 0 ms: parsing the 20,000 shared strings before the first sheet takes far longer than a tick.
    await expectRefused(readAll(bigBook, { limits: { idleTimeoutMs: 0 } }), /^reading stalled for more than 0 s/);
  });
});

// ---------------------------------------------------------------------------------------------
// Zips and workbooks built by hand.

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function worksheet(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

interface HandSheet {
  name: string;
  /** Relative to xl/worksheets/ (default sheetN.xml). */
  part?: string;
  chart?: boolean;
  xml: string;
}

/** A minimal workbook: workbook.xml, its relationships, the sheets and optional styles. */
function workbookZip(
  sheets: HandSheet[],
  options: { date1904?: string; styles?: string; store?: boolean; flags?: number; cutSheet?: boolean; extra?: ZipFile[] } = {},
): Buffer {
  const parts = sheets.map((sheet, i) => `xl/worksheets/${sheet.part ?? `sheet${i + 1}.xml`}`);
  const workbook =
    `<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    (options.date1904 ? `<workbookPr date1904="${options.date1904}"/>` : '') +
    `<sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const relationships =
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    sheets
      .map((s, i) => {
        const type = s.chart ? 'chartsheet' : 'worksheet';
        return `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/${type}" Target="${parts[i]!.slice(3)}"/>`;
      })
      .join('') +
    (options.styles ? `<Relationship Id="rIdS" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` : '') +
    `</Relationships>`;
  const files: ZipFile[] = [
    { name: 'xl/workbook.xml', data: workbook, flags: options.flags },
    { name: 'xl/_rels/workbook.xml.rels', data: relationships },
    ...sheets.map((sheet, i) => {
      const file: ZipFile = { name: parts[i]!.replace(/[^/]+\/\.\.\//, ''), data: sheet.xml, store: options.store };
      if (options.cutSheet) {
        // Declared whole, but the data is the deflated first third.
        const whole = Buffer.from(sheet.xml);
        Object.assign(file, { declaredSize: whole.length, declaredCrc: crc32(whole), data: whole.subarray(0, whole.length / 3) });
      }
      return file;
    }),
  ];
  if (options.styles) files.push({ name: 'xl/styles.xml', data: options.styles });
  return buildZip([...files, ...(options.extra ?? [])]);
}
