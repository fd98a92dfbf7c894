import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, type Rng } from '../../../fixtures/common.js';
import type { Unit } from '../../../src/core/inputs.js';
import { loadCriteriaBytes } from '../../../src/criteria/index.js';
import { EvidenceCollector } from '../../../src/evidence/collect.js';
import { readRecords, type RecordOptions } from '../../../src/evidence/records/records.js';
import { CsvMalformed, EVERY_COLUMN, RecordScanner, type Projection } from '../../../src/evidence/records/scan.js';
import { UnreadableInput } from '../../../src/evidence/tables/table.js';

/**
 * The scanner against csv-parse, the reader it replaced for record files: the same records from
 * any bytes (or both refuse them), and the same derived values, exclusions, intervals and located
 * problems from record files with every quirk offices produce.
 */

/** csv-parse as csv.ts configures it: its records, or that it refused the bytes. */
function csvParse(bytes: Buffer, separator: string, maxRecordBytes: number): string[][] | 'refused' {
  try {
    return parse(bytes, { delimiter: separator, relax_column_count: true, max_record_size: maxRecordBytes, skip_records_with_error: false }) as string[][];
  } catch {
    return 'refused';
  }
}

/** The scanner fed in the given pieces: its records (wanted columns only), or that it refused the bytes. */
function scan(bytes: Buffer, separator: string, maxRecordBytes: number, cuts: number[], projection: Projection = EVERY_COLUMN): string[][] | 'refused' {
  const records: string[][] = [];
  const scanner = new RecordScanner(separator, maxRecordBytes, () => projection, (fields, row) => {
    expect(row).toBe(records.length + 1);
    records.push(fields);
  });
  try {
    let at = 0;
    for (const cut of [...cuts.filter((c) => c < bytes.length)].sort((a, b) => a - b)) {
      scanner.feed(bytes.subarray(at, cut));
      at = cut;
    }
    scanner.feed(bytes.subarray(at));
    scanner.end();
  } catch (e) {
    if (e instanceof CsvMalformed) return 'refused';
    throw e;
  }
  return records;
}

/** Pieces of CSV that make the cases: separators, quotes, every line break, multi-byte letters. */
const PIECES = ['a', 'b', 'ệ', '𝔸', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', 'xa-1'];
const bytesArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => Buffer.from(p.join('')));

describe('the scanner reads bytes as csv-parse does', () => {
  it('gives the same records or refuses the same bytes, however the bytes are cut', () => {
    fc.assert(
      fc.property(bytesArb, fc.constantFrom(',', ';'), fc.array(fc.nat(60), { maxLength: 4 }), fc.constantFrom(8, 16, 1024), (bytes, separator, cuts, max) => {
        expect(scan(bytes, separator, max, cuts)).toEqual(csvParse(bytes, separator, max));
      }),
      { numRuns: 1500 },
    );
  });

  it('builds only the wanted columns, the others left out', () => {
    const wanted: Projection = { all: false, wanted: Uint8Array.from([0, 1, 0, 1]) };
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const all = csvParse(bytes, ',', 1024);
        const some = scan(bytes, ',', 1024, [], wanted);
        if (all === 'refused' || some === 'refused') {
          expect(some).toBe(all);
          return;
        }
        // Columns B and D of each record, where it has them; A, C and any after D never built.
        expect(some.map((r) => [0, 1, 2, 3, 4].map((i) => r[i]))).toEqual(all.map((r) => [undefined, r[1], undefined, r[3], undefined]));
      }),
      { numRuns: 1000 },
    );
  });

  it('cases worked out by hand', () => {
    const rows = (text: string) => scan(Buffer.from(text), ',', 1024, []);
    // CRLF decided by the first line break: a lone LF later is text of its field.
    expect(rows('a,b\r\nc\nd,e\r\n')).toEqual([['a', 'b'], ['c\nd', 'e']]);
    // LF decided first: a CR is text (a CRLF line of an LF file keeps its CR).
    expect(rows('a\nb\r\nc')).toEqual([['a'], ['b\r'], ['c']]);
    // Quotes: a separator and a line break inside, "" is one quote, an empty line one empty field.
    expect(rows('"x, ""y""\ny",z\n\n""\n')).toEqual([['x, "y"\ny', 'z'], [''], ['']]);
    // A quote inside an unquoted field, text after a closing quote, a quote never closed.
    expect(rows('ab"c\n')).toBe('refused');
    expect(rows('"ab"c\n')).toBe('refused');
    expect(rows('"ab\n')).toBe('refused');
    // csv-parse's size limit (6 here) is checked before each byte added to a field: the UTF-16
    // length of the record's earlier fields plus the bytes of this one so far. "ệệ" is 6 bytes (the
    // last checked at 0 + 5 ≤ 6) and then counts 2; "abcde" is checked last at 2 + 4 = 6, accepted;
    // "abcdef" at 2 + 5 = 7, refused (counting the 6 bytes of "ệệ" would refuse "ab" already).
    expect(scan(Buffer.from('ệệ,abcde\n'), ',', 6, [])).toEqual([['ệệ', 'abcde']]);
    expect(scan(Buffer.from('ệệ,abcdef\n'), ',', 6, [])).toBe('refused');
    expect(csvParse(Buffer.from('ệệ,abcde\n'), ',', 6)).toEqual([['ệệ', 'abcde']]);
    expect(csvParse(Buffer.from('ệệ,abcdef\n'), ',', 6)).toBe('refused');
  });
});

// ─────────────────────────────────────────────────────────────────────────── record files

const dir = mkdtempSync(join(tmpdir(), 'parscore-scan-'));
const UNITS: Unit[] = ['xa-01', 'xa-02', 'xa-03', 'xa-04'].map((id) => ({ id, name: `Xã ${id}`, group: 'xa', previous: [] }));

const criteria = (() => {
  const yaml = `format: parscore/criteria@1
id: thu-quet
title: Thử đọc tệp dữ liệu gốc
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Lĩnh vực
    children:
      - { id: "1.1", title: Đúng hạn, max: 1, indicator: dung_han, rule: { kind: proportional } }
      - { id: "1.2", title: Trực tuyến, max: 1, indicator: truc_tuyen, rule: { kind: proportional } }
      - { id: "1.3", title: Số hồ sơ, max: 1, indicator: so_ho_so, rule: { kind: increment, from: 0, base: 0, step: 1, per_step: 0.1 } }
      - { id: "1.4", title: Hài lòng, max: 1, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }
      - { id: "1.5", title: Điểm, max: 1, indicator: diem, rule: { kind: proportional, of: number, target: 10 } }
indicators:
  dung_han: { from: ho_so, row_label: hồ sơ, weight_column: trong_so, on_time: { done: ngay_tra, due: han_tra } }
  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }
  so_ho_so: { from: ho_so, count: { column: trang_thai, values: [Đã trả] } }
  hai_long: { from: ho_so, weight_column: trong_so, min_rows: 3, mean: { column: hai_long, map: { Hài lòng: 1, Bình thường: 0.5, Không hài lòng: 0, Không biết: null } } }
  diem: { from: ho_so, mean: { column: diem } }
`;
  const { criteria, problems } = loadCriteriaBytes(Buffer.from(yaml), 'tieu-chi.yaml');
  if (!criteria) throw new Error(JSON.stringify(problems));
  return criteria;
})();

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** A CSV field as Excel writes it: quoted when it holds a separator, a quote or a line break. */
const field = (s: string, separator: string) => (s.includes(separator) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replaceAll('"', '""')}"` : s);

interface Quirks {
  separator: ',' | ';';
  eol: '\n' | '\r\n';
  bom: boolean;
  utf16: boolean;
  titles: boolean;
  /** Weights written with a decimal comma (vi) or point (en), or both (a mixed column). */
  weights: 'vi' | 'en' | 'mixed';
}

/**
 * A dossier export of `rows` rows with every quirk: quoted separators, quotes and line breaks in
 * free text, bad and pending dates, dates with times and zones, unknown and blank units, unreadable
 * and negative weights, answers outside the map, numbers in both notations, formula errors, short
 * rows, and columns in a shuffled order with Vietnamese headers.
 */
function dossierFile(r: Rng, rows: number, q: Quirks): Buffer {
  const header = ['STT', 'Mã đơn vị', 'Tên thủ tục, lĩnh vực', 'Hạn trả', 'Ngày trả', 'Kênh nộp', 'Trọng số', 'Hài lòng', 'Điểm', 'Trạng thái', 'Ghi chú'];
  const lines: string[] = [];
  if (q.titles) lines.push(field('DANH SÁCH HỒ SƠ, QUÝ III', q.separator), '');
  lines.push(header.map((h) => field(h, q.separator)).join(q.separator));
  const day = () => `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/0${1 + Math.floor(r() * 9)}/2025`;
  const weight = () => {
    const x = (0.2 + r() * 2).toFixed(3);
    const notation = q.weights === 'mixed' ? pick(r, ['vi', 'en'] as const) : q.weights;
    return notation === 'vi' ? x.replace('.', ',') : x;
  };
  for (let i = 1; i <= rows; i++) {
    const cells = [
      String(i),
      pick(r, ['xa-01', 'xa-02', 'xa-03', 'xa-04', 'XA-02', ' xa-03 ', 'xa-99', 'Xã xa-04', '', 'xa-7x']),
      pick(r, ['Đăng ký khai sinh', 'Chứng thực chữ ký, văn bản', 'Trích lục "bản sao"', 'Hai dòng\nmột ô', 'a;b']),
      pick(r, [day(), day(), day(), '', '31/02/2025', '2025-03-10', 'không rõ']),
      pick(r, [day(), day(), day(), '', 'chưa', 'Chưa', '02/07/2025 17:00', '2025-07-02T17:00:00Z', '13/13/2025']),
      pick(r, ['Trực tuyến', 'TRỰC TUYẾN', 'Trực tiếp', 'Bưu chính', '', '#N/A', '=A2']),
      pick(r, [weight(), weight(), weight(), '', 'abc', '-1', '1.234', '12']),
      pick(r, ['Hài lòng', 'Bình thường', 'Không hài lòng', 'Không biết', 'hài lòng ', '', 'Rất tốt']),
      pick(r, ['7', '8,5', '9.25', '10', '', 'mười', '1.234,5']),
      pick(r, ['Đã trả', 'Đang xử lý', '', '#VALUE!']),
      pick(r, ['', 'ghi chú, có dấu phẩy', 'dòng "trích"']),
    ];
    // Some rows end early, as exports cut trailing empty cells.
    const kept = r() < 0.05 ? cells.slice(0, 3 + Math.floor(r() * 6)) : cells;
    lines.push(kept.map((c) => field(c, q.separator)).join(q.separator));
  }
  const text = lines.join(q.eol) + (r() < 0.5 ? q.eol : '');
  if (q.utf16) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.concat([q.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]);
}

async function derived(files: Array<{ name: string; path: string; file: string }>, csv: RecordOptions['csv'], limits?: RecordOptions['limits']) {
  const collector = new EvidenceCollector(criteria, UNITS);
  try {
    await readRecords(criteria, 'tieu-chi.yaml', collector, files, { csv, ...(limits ? { limits } : {}) });
  } catch (e) {
    if (e instanceof UnreadableInput) return { unreadable: { file: e.file, reason: e.reason } };
    throw e;
  }
  return collector.finish();
}

describe('record files read by the scanner give what csv-parse gave', () => {
  const quirks = fc.record<Quirks>({
    separator: fc.constantFrom(',', ';'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    utf16: fc.boolean(),
    titles: fc.boolean(),
    weights: fc.constantFrom('vi', 'en', 'mixed'),
  });

  it('the same derived values, exclusions, intervals and located problems', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(quirks, fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0, 5, 200), async (q, seed, rows) => {
        const r = mulberry32(seed);
        const name = `ho-so-${n++}.csv`;
        writeFileSync(join(dir, name), dossierFile(r, rows, q));
        const second = `ho-so-${n++}.csv`;
        writeFileSync(join(dir, second), dossierFile(r, 40, { ...q, titles: false }));
        const files = [name, second].map((file) => ({ name: 'ho_so', path: join(dir, file), file }));
        const before = await derived(files, 'csv-parse');
        expect('unreadable' in before).toBe(false);
        expect(await derived(files, 'scan')).toEqual(before);
      }),
      { numRuns: 16 },
    );
  });

  it('problems are the same: rows the 1,000 held for notation span, unknown units, unreadable cells', async () => {
    // 1,500 rows: the notation of the weight and score columns is decided from the first 1,000 and
    // the rows after them are read in it, on both paths.
    const q: Quirks = { separator: ',', eol: '\r\n', bom: true, utf16: false, titles: true, weights: 'mixed' };
    writeFileSync(join(dir, 'nhieu.csv'), dossierFile(mulberry32(7), 1500, q));
    const files = [{ name: 'ho_so', path: join(dir, 'nhieu.csv'), file: 'nhieu.csv' }];
    const before = await derived(files, 'csv-parse');
    if ('unreadable' in before) throw new Error('unreadable');
    // The file has every kind of problem, so the comparison below compares something.
    expect(new Set(before.problems.map((p) => p.code))).toEqual(new Set(['record-mixed-notation', 'record-unreadable', 'unknown-unit', 'record-blank-unit']));
    expect(await derived(files, 'scan')).toEqual(before);
  });

  it('texts stay right when the table of texts is full and overwritten', async () => {
    // 40,000 rows whose scores are all different (7 bytes each, 280 KB in all): more texts than
    // the table has places (16,384) and than its byte store holds (256 KB), so places are taken
    // again and the table is emptied; every score must still reach the mean as written.
    const r = mulberry32(9);
    const rows = ['Mã đơn vị,Điểm'];
    for (let i = 0; i < 40_000; i++) rows.push(`${pick(r, ['xa-01', 'xa-02', 'xa-03'])},"${i % 10},${String(i).padStart(5, '0')}"`);
    writeFileSync(join(dir, 'diem.csv'), rows.join('\n'));
    const files = [{ name: 'ho_so', path: join(dir, 'diem.csv'), file: 'diem.csv' }];
    expect(await derived(files, 'scan')).toEqual(await derived(files, 'csv-parse'));
  });
});
