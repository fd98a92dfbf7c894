import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv } from '../../../src/evidence/tables/csv.js';
import { UnreadableInput, type RawRow } from '../../../src/evidence/tables/table.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

async function rowsOf(path: string): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const sheet of readCsv(path, path)) for await (const r of sheet.rows) out.push(r);
  return out;
}
const texts = (r: RawRow) => r.cells.map((c) => c?.text ?? '');

function temp(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-csv-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(path: string): Promise<UnreadableInput> {
  try {
    await rowsOf(path);
  } catch (e) {
    if (e instanceof UnreadableInput) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('CSV reader', () => {
  it('reads UTF-8 with a BOM, CRLF and semicolons, with a quoted field holding a line break', async () => {
    const rows = await rowsOf(join(fixtures, 'bom-crlf-champhay.csv'));
    // The BOM does not stick to the first header.
    expect(texts(rows[0]!)).toEqual(['Mã đơn vị', 'Chỉ tiêu', 'Giá trị', 'Tài liệu kiểm chứng', 'Ghi chú']);
    // Row 2 spans two lines of the file but is one row, as Excel shows it.
    expect(rows[1]!.row).toBe(2);
    expect(texts(rows[1]!)[3]).toBe('Kế hoạch số 12/KH-UBND\nngày 20/07/2025');
    expect(rows[2]!.row).toBe(3);
    expect(texts(rows[2]!)).toEqual(['xa-an-binh', 'hoan_thanh', '92,5%', '', '']);
    expect(rows).toHaveLength(10);
  });

  it('reads UTF-16 (Excel "Unicode Text") with tabs', async () => {
    const rows = await rowsOf(join(fixtures, 'utf16-tab.csv'));
    expect(texts(rows[0]!)).toEqual(['unit', 'ke_hoach', 'cong_khai', 'hoan_thanh', 'chu_tri']);
    expect(texts(rows[1]!)).toEqual(['xa-tan-lap', '2025-08-05', 'x', '70', 'Cấp phó']);
    expect(rows[2]!.cells[2]).toBeUndefined();
  });

  it('reads UTF-16 without a BOM by its zero bytes', async () => {
    const path = temp('no-bom.csv', Buffer.from('unit,value\r\nxã,1\r\n', 'utf16le'));
    expect((await rowsOf(path)).map(texts)).toEqual([
      ['unit', 'value'],
      ['xã', '1'],
    ]);
  });

  it('counts rows as records, including blank ones', async () => {
    const path = temp('gaps.csv', 'unit,value\n\nA,"x\ny"\nB,2\n');
    const rows = await rowsOf(path);
    expect(rows.map((r) => [r.row, texts(r)])).toEqual([
      [1, ['unit', 'value']],
      [2, ['']],
      [3, ['A', 'x\ny']],
      [4, ['B', '2']],
    ]);
  });

  it('reads UTF-8 characters that straddle the 256 KB chunks of the stream', async () => {
    // "ễ" is three bytes and "đ" two: with a one-byte ASCII prefix per row, some rows put a
    // character across each chunk boundary (262,144 bytes), whatever their exact length.
    const line = (i: number) => `${i % 7 === 0 ? 'x' : ''}xã-${i},Nguyễn Văn Đức`;
    const lines = Array.from({ length: 40_000 }, (_, i) => line(i));
    const path = temp('long.csv', ['unit,name', ...lines].join('\n') + '\n');
    const rows = await rowsOf(path);
    expect(rows).toHaveLength(40_001);
    expect(rows.slice(1).every((r, i) => texts(r).join(',') === line(i))).toBe(true);
  });

  it('refuses a file that ends in the middle of a character', async () => {
    const e = await failure(temp('cut.csv', Buffer.concat([Buffer.from('unit,name\nxã,Nguy'), Buffer.from('ễ', 'utf8').subarray(0, 2)])));
    expect(e.reason.en).toContain('not UTF-8 text');
  });

  it('detects the delimiter used most on the header line, outside quotes', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('unit')).toBe(',');
  });

  it('detects the delimiter on the header line below title lines, which may hold commas', () => {
    // Offices put the table's title above the header: the first line splits on nothing useful.
    expect(detectDelimiter('BẢNG TỔNG HỢP MINH CHỨNG NĂM 2025\n\nMã đơn vị;Chỉ tiêu;Giá trị\nxa-a;ke_hoach;"1,5"')).toBe(';');
    expect(detectDelimiter('UBND TỈNH A, SỞ NỘI VỤ, NĂM 2025\r\nMã đơn vị\tChỉ tiêu\tGiá trị\r\n')).toBe('\t');
    // A quoted title with a comma and a line break in it is one line, and no header.
    expect(detectDelimiter('"Kết quả, năm 2025\nđợt 1";;\nunit;indicator;value')).toBe(';');
    // The header's own unit column, quoted, with a separator inside another quoted field.
    expect(detectDelimiter('Tiêu đề\n"Mã đơn vị";"Ghi chú, nếu có";Giá trị')).toBe(';');
    // No unit column anywhere: the first line's most used separator, as before.
    expect(detectDelimiter('a;b,c;d\nx,y')).toBe(';');
    // A record file's own header names, through the predicate it gives.
    expect(detectDelimiter('DANH SÁCH HỒ SƠ, 2025\nma_xa;kenh_nop', (f) => f === 'ma_xa')).toBe(';');
  });

  it('reads a semicolon file whose header is on line 3, under a title', async () => {
    const path = temp('tieu-de.csv', 'BẢNG TỔNG HỢP MINH CHỨNG NĂM 2025\r\n\r\nMã đơn vị;Chỉ tiêu;Giá trị\r\nxa-a;hoan_thanh;92,5%\r\n');
    expect((await rowsOf(path)).map(texts)).toEqual([['BẢNG TỔNG HỢP MINH CHỨNG NĂM 2025'], [''], ['Mã đơn vị', 'Chỉ tiêu', 'Giá trị'], ['xa-a', 'hoan_thanh', '92,5%']]);
  });

  it('refuses a byte that is not UTF-8 deep in the file at its row and column', async () => {
    // 6,000 records, every 100th with a quoted note over two lines, so that lines and records
    // differ (row 5,000 starts on line 5,049). Row 5,000 holds "Nguyễn" pasted from a Windows-1258
    // file in its third column: "Nguy", 0xEA (ê), 0xDE (the combining tilde), "n".
    const lines: Buffer[] = [Buffer.from('unit,indicator,note\n')];
    for (let r = 2; r <= 6000; r++) {
      const note = r % 100 === 0 ? '"dòng một\ndòng hai"' : 'ghi chú';
      lines.push(r === 5000 ? Buffer.concat([Buffer.from('xa-a,ke_hoach,Nguy'), Buffer.from([0xea, 0xde]), Buffer.from('n\n')]) : Buffer.from(`xa-${r},ke_hoach,${note}\n`));
    }
    const e = await failure(temp('tron-ma.csv', Buffer.concat(lines)));
    expect(e.reason.en).toContain('not UTF-8 text on row 5000, column C');
    expect(e.reason.vi).toContain('dòng 5000, cột C');
  });

  it('counts a CRLF, a quoted line break and a BOM right when it places a bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Mã đơn vị;Ghi chú\r\nxa-a;"một\r\nhai; ba"\r\nxa-b;'), Buffer.from([0xff]), Buffer.from('\r\n')]);
    // Row 3 (the quoted note spans two lines of row 2, and holds a ";"), column B.
    const e = await failure(temp('crlf.csv', bytes));
    expect(e.reason.en).toContain('row 3, column B');
  });

  it.each([
    ['empty.csv', '', 'the file is empty'],
    ['blank.csv', '\r\n  \r\n', 'the file is empty'],
    ['book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'this is an Excel (.xlsx) or zip file'],
    ['old.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old Excel file (.xls)'],
    ['junk.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]), 'binary data'],
    ['ansi.csv', Buffer.from([0x75, 0x6e, 0x69, 0x74, 0x0a, 0x58, 0xe3, 0x0a]), 'not UTF-8 text'],
    ['quote.csv', 'unit,value\nA,"open\nB,2\n', 'a double quote opened on row 2 is never closed'],
  ])('refuses %s with one clear line', async (name, content, words) => {
    const e = await failure(temp(name, content));
    expect(e.reason.en).toContain(words);
    expect(e.reason.vi).not.toBe('');
  });

  it('refuses a missing file without crashing', async () => {
    const e = await failure(join(fixtures, 'khong-co.csv'));
    expect(e.reason.en).toBe('no such file; check the name and folder');
  });
});
