import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../../src/core/exact.js';
import type { DerivedInfo, LeafInput, Unit } from '../../../src/core/inputs.js';
import { loadCriteriaBytes } from '../../../src/criteria/index.js';
import { EvidenceCollector, type EvidenceSet } from '../../../src/evidence/collect.js';
import { readRecords } from '../../../src/evidence/records/records.js';
import { hasOpenpyxl, NO_OPENPYXL, openpyxlWorkbook, unless } from '../../helpers/office.js';

/**
 * Derived indicators computed from record files. Every expected number is worked out by hand from
 * the rows written in the test, in the comment beside it.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-records-'));
function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

const UNITS: Unit[] = ['xa-a', 'xa-b', 'xa-c'].map((id) => ({ id, name: `Xã ${id.slice(3).toUpperCase()}`, group: 'xa', previous: [] }));

/** A criteria file whose leaves read the given indicators (each with a rule that accepts its type). */
function criteriaWith(indicators: string, leaves: string): ReturnType<typeof loadCriteriaBytes>['criteria'] & object {
  const yaml = `format: parscore/criteria@1
id: thu-du-lieu
title: Thử dữ liệu gốc
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Lĩnh vực
    responsible: Bộ phận một cửa
    children:
${leaves}
indicators:
${indicators}
`;
  const { criteria, problems } = loadCriteriaBytes(Buffer.from(yaml), 'tieu-chi.yaml');
  if (!criteria) throw new Error(JSON.stringify(problems));
  return criteria;
}

async function derive(criteria: ReturnType<typeof criteriaWith>, records: Array<[string, string]>, units: Unit[] | null = UNITS): Promise<EvidenceSet> {
  const collector = new EvidenceCollector(criteria, units ?? undefined);
  await readRecords(
    criteria,
    'tieu-chi.yaml',
    collector,
    records.map(([name, f]) => ({ name, file: f, path: join(dir, f) })),
  );
  return collector.finish();
}

function input(set: EvidenceSet, unit: string, leaf: string): LeafInput & { derived: DerivedInfo } {
  const i = set.inputs.get(unit)?.get(leaf);
  if (!i || 'invalid' in i || !i.derived) throw new Error(`${unit} ${leaf}: ${JSON.stringify(i)}`);
  return i as LeafInput & { derived: DerivedInfo };
}

const percent = (i: LeafInput) => (i.value.type === 'percent' ? i.value.value : undefined);
const number = (i: LeafInput) => (i.value.type === 'number' || i.value.type === 'count' || i.value.type === 'points' ? i.value.value : undefined);
const ci = (d: DerivedInfo) => [Number(d.ci!.low.toFixed(2)), Number(d.ci!.high.toFixed(2))];

describe('on-time rates', () => {
  const dossiers = file(
    'ho-so.csv',
    [
      'Mã hồ sơ,Mã đơn vị,Hạn trả kết quả,Ngày trả kết quả',
      'H1,xa-a,05/03/2025,04/03/2025', // on time
      'H2,xa-a,05/03/2025,06/03/2025', // late
      'H3,xa-a,05/03/2025,', // not yet done
      'H4,xa-a,05/03/2025,05/03/2025', // on the due date: on time
      'H5,xa-a,05/03/2025,chưa', // not yet done, written as "chưa"
      'H6,xa-a,05/03/2025,31/02/2025', // no such date: unreadable
      'H7,xa-a,,04/03/2025', // no due date: blank
      'H8,xa-b,2025-03-10,10/03/2025', // ISO due date, on time
    ].join('\n') + '\n',
  );
  const leaves = '      - { id: "1.1", title: Đúng hạn, max: 2, indicator: dung_han, rule: { kind: proportional } }';

  it('counts done ≤ due, and leaves out pending rows by default', async () => {
    const criteria = criteriaWith('  dung_han: { from: ho_so, on_time: { done: ngay_tra_ket_qua, due: han_tra_ket_qua } }', leaves);
    const set = await derive(criteria, [['ho_so', dossiers]]);
    const a = input(set, 'xa-a', '1.1');
    // xa-a: H1, H4 on time, H2 late → 2 of 3 = 200/3 %, exactly (66,67% only when shown).
    expect(percent(a)!.eq(Exact.of(200, 3))).toBe(true);
    expect(a.text).toBe('66,67%');
    expect(a.derived).toMatchObject({ kind: 'on_time', n: 3, files: ['ho-so.csv'] });
    expect(a.derived.hits!.toString()).toBe('2');
    expect(a.derived.excluded).toEqual([
      { reason: 'blank', count: 1 }, // H7
      { reason: 'unparseable', count: 1 }, // H6
      { reason: 'pending', count: 2 }, // H3, H5
    ]);
    // The date that does not exist is an error at its row (H6 is row 7), not a silent exclusion.
    expect(set.problems.map((p) => [p.code, p.severity, p.data, p.location])).toEqual([
      [
        'record-unreadable',
        'error',
        { column: 'Ngày trả kết quả', rows: 1, first: [{ row: 7, text: '31/02/2025' }], expected: 'date', notation: 'vi' },
        { file: 'ho-so.csv', row: 7, cell: 'D', header: 'Ngày trả kết quả' },
      ],
    ]);
  });

  it('counts pending rows as late with `pending: late`, with a Wilson interval', async () => {
    const criteria = criteriaWith('  dung_han: { from: ho_so, pending: late, on_time: { done: ngay_tra_ket_qua, due: han_tra_ket_qua } }', leaves);
    const set = await derive(criteria, [['ho_so', dossiers]]);
    const a = input(set, 'xa-a', '1.1');
    // 2 on time of 5 (H1, H4 of H1–H5) = 40%; H3 and H5 are in n, as late.
    expect(percent(a)!.toString()).toBe('40');
    expect(a.derived).toMatchObject({ n: 5, pendingLate: 2, excluded: [{ reason: 'blank', count: 1 }, { reason: 'unparseable', count: 1 }] });
    // Wilson, 2 of 5, z = 1.96: z²/n = 3.8415/5 = 0.7683, denominator 1.7683;
    // centre (0.4 + 0.3841)/1.7683 = 0.4434; half-width 1.96·√(0.4·0.6/5 + 3.8415/100)/1.7683
    // = 1.96·√0.08641/1.7683 = 0.3258 → 11.76% to 76.93%.
    expect(ci(a.derived)).toEqual([11.76, 76.93]);
    expect(a.derived.ci!.method).toBe('wilson');
    // xa-b: one dossier, on time: 1 of 1; the interval still has width: centre (1 + 1.9207)/4.8415
    // = 0.6033, half-width 1.96·√(0 + 0.9604)/4.8415 = 0.3967 → 20.65% to 100%.
    const b = input(set, 'xa-b', '1.1');
    expect(percent(b)!.toString()).toBe('100');
    expect(ci(b.derived)).toEqual([20.65, 100]);
  });

  it('gives a unit without rows 0/0, which the rule decides, or insufficient data when the rule cannot read it', async () => {
    const criteria = criteriaWith(
      '  dung_han: { from: ho_so, on_time: { done: ngay_tra_ket_qua, due: han_tra_ket_qua } }',
      `${leaves}\n      - { id: "1.2", title: Đúng hạn (mức), max: 1, indicator: dung_han, rule: { kind: bands, bands: [{ min: 90, points: 1 }] } }`,
    );
    const set = await derive(criteria, [['ho_so', dossiers]]);
    // xa-c has no dossier: proportional reads 0/0 (its `empty` decides), bands cannot.
    expect(percent(input(set, 'xa-c', '1.1'))).toBeUndefined();
    expect(input(set, 'xa-c', '1.1').derived).toMatchObject({ n: 0, excluded: [] });
    expect(input(set, 'xa-c', '1.2').derived.insufficient).toEqual({ minRows: 1 });
  });
});

describe('shares', () => {
  // 11 rows for xa-a: 8 online (written in four ways), 2 in person, 1 blank.
  const nfd = 'Trực tuyến'.normalize('NFD');
  const channels = ['Trực tuyến', ' trực tuyến ', 'TRỰC TUYẾN', nfd, 'Trực tuyến', 'Trực tuyến', 'Trực tuyến', 'trực tuyến', 'Trực tiếp', 'Trực tiếp', ''];
  const rows = file('kenh.csv', ['unit;kenh_nop;trong_so', ...channels.map((c, i) => `xa-a;${c};${i < 8 ? '1' : '2'}`)].join('\r\n') + '\r\n');
  const leaf = '      - { id: "1.1", title: Trực tuyến, max: 2, indicator: truc_tuyen, rule: { kind: proportional } }';

  it('counts values after NFC, trimming and case folding, over the rows with a value', async () => {
    const criteria = criteriaWith('  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }', leaf);
    const set = await derive(criteria, [['ho_so', rows]]);
    const a = input(set, 'xa-a', '1.1');
    // 8 of the 10 rows with a value = 80%; the blank row is left out.
    expect(percent(a)!.toString()).toBe('80');
    expect(a.derived).toMatchObject({ kind: 'share', n: 10, excluded: [{ reason: 'blank', count: 1 }] });
    // Wilson, 8 of 10: z²/n = 0.38415, denominator 1.38415; centre (0.8 + 0.19207)/1.38415 = 0.71674;
    // half-width 1.96·√(0.016 + 0.0096)/1.38415 = 1.96·0.16001/1.38415 = 0.22658 → 49.02% to 94.33%.
    expect(ci(a.derived)).toEqual([49.02, 94.33]);
  });

  it('weights rows by a survey weight; n stays the number of rows', async () => {
    const weighted = file(
      'phieu.csv',
      [
        'ma_xa,kenh_nop,trong_so',
        'xa-a,Trực tuyến,2',
        'xa-a,Trực tuyến,"0,5"',
        'xa-a,Trực tiếp,"1,5"',
        'xa-a,Trực tiếp,', // no weight: left out
        'xa-a,Trực tuyến,abc', // unreadable weight: left out
        'xa-a,Trực tuyến,-1', // negative weight: left out
      ].join('\n') + '\n',
    );
    const criteria = criteriaWith('  truc_tuyen: { from: ks, unit_column: ma_xa, weight_column: trong_so, share: { column: kenh_nop, values: [Trực tuyến] } }', leaf);
    const set = await derive(criteria, [['ks', weighted]]);
    const a = input(set, 'xa-a', '1.1');
    // Σw = 2 + 0.5 + 1.5 = 4, online 2.5 → 62.5%.
    expect(percent(a)!.toString()).toBe('62.5');
    expect(a.derived.n).toBe(3);
    expect(a.derived.hits!.toString()).toBe('2.5');
    expect(a.derived.excluded).toEqual([{ reason: 'weight', count: 3 }]);
    // Kish: (Σw)²/Σw² = 16/(4 + 0.25 + 2.25) = 2.46.
    expect(a.derived.weighted).toEqual({ sum: Exact.of(4), effectiveN: 2.46 });
  });

  it('stays exact where the sums of weights pass 2^53', async () => {
    // 123456789,123456789 has 18 digits as a whole number of 10^-9: beyond 2^53, so the sums go to BigInt.
    const big = file('lon.csv', ['unit,kenh_nop,trong_so', 'xa-a,Trực tuyến,"123456789,123456789"', 'xa-a,Trực tiếp,"0,000000001"'].join('\n') + '\n');
    const criteria = criteriaWith('  truc_tuyen: { from: ho_so, weight_column: trong_so, share: { column: kenh_nop, values: [Trực tuyến] } }', leaf);
    const set = await derive(criteria, [['ho_so', big]]);
    // 123456789123456789 / (123456789123456789 + 1) × 100, in 10^-9 units.
    expect(percent(input(set, 'xa-a', '1.1'))!.eq(Exact.of(12345678912345678900n, 123456789123456790n))).toBe(true);
  });
});

describe('means', () => {
  const leaf = '      - { id: "1.1", title: Số ngày, max: 1, indicator: so_ngay, rule: { kind: bands, of: number, bands: [{ min: 4, points: 1 }] } }';

  it('averages a numeric column in the locale, with a t interval', async () => {
    const days = file('so-ngay.csv', ['unit,so_ngay', 'xa-a,4', 'xa-a,"3,5"', 'xa-a,5', 'xa-a,', 'xa-a,nhiều', 'xa-a,"4,5"', 'xa-b,"1.000"'].join('\n') + '\n');
    const criteria = criteriaWith('  so_ngay: { from: ho_so, mean: { column: so_ngay } }', leaf);
    const set = await derive(criteria, [['ho_so', days]]);
    const a = input(set, 'xa-a', '1.1');
    // (4 + 3.5 + 5 + 4.5)/4 = 4.25; the blank and "nhiều" are left out.
    expect(number(a)!.toString()).toBe('4.25');
    expect(a.derived).toMatchObject({ kind: 'mean', n: 4, excluded: [{ reason: 'blank', count: 1 }, { reason: 'unparseable', count: 1 }] });
    // s² = (0.0625 + 0.5625 + 0.5625 + 0.0625)/3 = 0.41667, s/√4 = 0.32275; t(0.975, 3) = 3.18245;
    // half-width 1.02712 → 3.2229 to 5.2771.
    expect([Number(a.derived.ci!.low.toFixed(4)), Number(a.derived.ci!.high.toFixed(4))]).toEqual([3.2229, 5.2771]);
    expect(a.derived.ci!.method).toBe('t');
    // The column writes decimal commas, so "1.000" is one thousand (the dot groups thousands).
    expect(number(input(set, 'xa-b', '1.1'))!.toString()).toBe('1000');
    // "nhiều" is no number: an error at row 6, besides being left out.
    expect(set.problems.map((p) => [p.code, p.data, p.location])).toEqual([
      ['record-unreadable', { column: 'so_ngay', rows: 1, first: [{ row: 6, text: 'nhiều' }], expected: 'number', notation: 'vi' }, { file: 'so-ngay.csv', row: 6, cell: 'B', header: 'so_ngay' }],
    ]);
  });

  it('keeps a mean exact: a third stays a third, and decimals of every length add up', async () => {
    const thirds = file('thirds.csv', ['unit,so_ngay', 'xa-a,1', 'xa-a,0', 'xa-a,0', 'xa-b,1', 'xa-b,"0,5"', 'xa-b,"0,25"', 'xa-b,"0,125"'].join('\n') + '\n');
    const criteria = criteriaWith('  so_ngay: { from: ho_so, mean: { column: so_ngay } }', leaf);
    const set = await derive(criteria, [['ho_so', thirds]]);
    expect(number(input(set, 'xa-a', '1.1'))!.eq(Exact.of(1, 3))).toBe(true);
    // (1 + 0.5 + 0.25 + 0.125)/4 = 1.875/4 = 0.46875.
    expect(number(input(set, 'xa-b', '1.1'))!.toString()).toBe('0.46875');
  });

  const map = 'map: { Rất hài lòng: 1, Hài lòng: 0.75, Bình thường: 0.5, Không hài lòng: 0 }';
  const answers = file(
    'khao-sat.csv',
    [
      'Mã xã,Trọng số,Câu 1',
      'xa-a,1,Rất hài lòng',
      'xa-a,2,hài lòng',
      'xa-a,1,Hài lòng ',
      'xa-a,4,Bình thường',
      'xa-a,1,Khác', // not an answer of the map
      'xa-a,1,', // not answered
    ].join('\n') + '\n',
  );
  const satisfied = '      - { id: "1.1", title: Hài lòng, max: 2, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }';

  it('averages answers through `map`, matched as officers type them', async () => {
    const criteria = criteriaWith(`  hai_long: { from: ks, unit_column: ma_xa, mean: { column: cau_1, ${map} } }`, satisfied);
    const set = await derive(criteria, [['ks', answers]]);
    const a = input(set, 'xa-a', '1.1');
    // (1 + 0.75 + 0.75 + 0.5)/4 = 0.75.
    expect(number(a)!.toString()).toBe('0.75');
    expect(a.derived.excluded).toEqual([
      { reason: 'blank', count: 1 },
      { reason: 'unparseable', count: 1 },
    ]);
    // s² = (0.0625 + 0 + 0 + 0.0625)/3 = 0.041667, s/2 = 0.10206; × t(0.975, 3) 3.18245 = 0.32481
    // → 0.4252 to 1.0748, held within the map's 0–1: 0.4252 to 1.
    expect([Number(a.derived.ci!.low.toFixed(4)), Number(a.derived.ci!.high.toFixed(4))]).toEqual([0.4252, 1]);
  });

  it('weights answers: Σwx/Σw', async () => {
    const criteria = criteriaWith(`  hai_long: { from: ks, unit_column: ma_xa, weight_column: trong_so, mean: { column: cau_1, ${map} } }`, satisfied);
    const set = await derive(criteria, [['ks', answers]]);
    const a = input(set, 'xa-a', '1.1');
    // Σw = 1 + 2 + 1 + 4 = 8; Σwx = 1 + 1.5 + 0.75 + 2 = 5.25 → 0.65625.
    expect(number(a)!.toString()).toBe('0.65625');
    expect(a.derived.n).toBe(4);
    // (Σw)²/Σw² = 64/(1 + 4 + 1 + 16) = 2.91.
    expect(a.derived.weighted!.effectiveN).toBe(2.91);
  });

  it('marks a unit below `min_rows` as insufficient, keeping what it has', async () => {
    const criteria = criteriaWith(`  hai_long: { from: ks, unit_column: ma_xa, min_rows: 5, mean: { column: cau_1, ${map} } }`, satisfied);
    const set = await derive(criteria, [['ks', answers]]);
    // 4 usable answers, 5 required.
    expect(input(set, 'xa-a', '1.1').derived).toMatchObject({ n: 4, insufficient: { minRows: 5 } });
  });
});

describe('counts', () => {
  const statuses = file('trang-thai.csv', ['unit,trang_thai', 'xa-a,Đã trả kết quả', 'xa-a,đã trả kết quả', 'xa-a,Đang xử lý', 'xa-a,', 'xa-b,Đang xử lý'].join('\n') + '\n');
  const leaf = (id: string, indicator: string) => `      - { id: "${id}", title: ${indicator}, max: 1, indicator: ${indicator}, rule: { kind: bands, of: number, bands: [{ min: 2, points: 1 }] } }`;

  it('counts all rows, rows with a value, or rows with one of the values', async () => {
    const criteria = criteriaWith(
      [
        '  tat_ca: { from: ho_so, count: {} }',
        '  co_trang_thai: { from: ho_so, count: { column: trang_thai } }',
        '  da_tra: { from: ho_so, count: { column: trang_thai, values: [Đã trả kết quả] } }',
      ].join('\n'),
      [leaf('1.1', 'tat_ca'), leaf('1.2', 'co_trang_thai'), leaf('1.3', 'da_tra')].join('\n'),
    );
    const set = await derive(criteria, [['ho_so', statuses]]);
    // xa-a: 4 rows; 3 with a status; 2 returned (either case).
    expect(number(input(set, 'xa-a', '1.1'))!.toString()).toBe('4');
    expect(number(input(set, 'xa-a', '1.2'))!.toString()).toBe('3');
    expect(number(input(set, 'xa-a', '1.3'))!.toString()).toBe('2');
    expect(input(set, 'xa-a', '1.3').derived).toMatchObject({ kind: 'count', n: 4 });
    // xa-c has no row: a count of 0, not missing evidence.
    expect(number(input(set, 'xa-c', '1.1'))!.toString()).toBe('0');
    expect(set.problems.filter((p) => p.code === 'no-evidence' || p.code === 'unit-no-evidence')).toEqual([]);
  });
});

describe('record file problems', () => {
  const leaf = '      - { id: "1.1", title: Trực tuyến, max: 2, indicator: truc_tuyen, rule: { kind: proportional } }';
  const share = '  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }';

  it('reports unknown units once each with their rows, and rows without a unit, like evidence', async () => {
    const rows = file('la.csv', ['unit,kenh_nop', 'xa-a,Trực tuyến', 'xa-z,Trực tuyến', ',Trực tiếp', 'xa-z,Trực tiếp', 'xa-z,Trực tiếp', ',Trực tiếp'].join('\n') + '\n');
    const set = await derive(criteriaWith(share, leaf), [['ho_so', rows]]);
    const unknown = set.problems.filter((p) => p.code === 'unknown-unit');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ severity: 'error', data: { unit: 'xa-z', rows: 3 }, location: { file: 'la.csv', row: 3, cell: 'A' } });
    expect(set.problems.find((p) => p.code === 'record-blank-unit')).toMatchObject({ severity: 'warning', data: { rows: 2 }, location: { row: 4, cell: 'A' } });
    expect(input(set, 'xa-a', '1.1').derived.n).toBe(1);
  });

  it('names the column a derived indicator needs when the file lacks it', async () => {
    const rows = file('thieu.csv', ['TIÊU ĐỀ: DANH SÁCH HỒ SƠ', 'Mã đơn vị,Kênh', 'xa-a,Trực tuyến'].join('\n') + '\n');
    const criteria = criteriaWith(
      `${share}\n  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }`,
      `${leaf}\n      - { id: "1.2", title: Đúng hạn, max: 2, indicator: dung_han, rule: { kind: proportional } }`,
    );
    const set = await derive(criteria, [['ho_so', rows]]);
    // The header is row 2 (below a title); three columns are missing, each named once.
    expect(set.problems.filter((p) => p.code === 'record-missing-column').map((p) => [p.data, p.location])).toEqual([
      [{ column: 'kenh_nop', indicators: ['truc_tuyen'] }, { file: 'thieu.csv', row: 2 }],
      [{ column: 'ngay_tra', indicators: ['dung_han'] }, { file: 'thieu.csv', row: 2 }],
      [{ column: 'han_tra', indicators: ['dung_han'] }, { file: 'thieu.csv', row: 2 }],
    ]);
  });

  it('names the unit column when no header has it', async () => {
    const rows = file('khong-don-vi.csv', ['ma,kenh_nop', 'xa-a,Trực tuyến'].join('\n') + '\n');
    const set = await derive(criteriaWith(share, leaf), [['ho_so', rows]]);
    expect(set.problems.filter((p) => p.code === 'record-missing-column').map((p) => p.data)).toEqual([{ column: 'unit', indicators: ['truc_tuyen'] }]);
  });

  it('says once when a source the criteria use was not given, instead of listing its leaves for every unit', async () => {
    const set = await derive(criteriaWith(share, leaf), []);
    expect(set.problems.map((p) => [p.code, p.data])).toEqual([
      ['unit-no-evidence', { unit: 'xa-a' }],
      ['unit-no-evidence', { unit: 'xa-b' }],
      ['unit-no-evidence', { unit: 'xa-c' }],
    ]);
    const criteria = criteriaWith(share, `${leaf}\n      - { id: "1.2", title: Công khai, max: 1, indicator: cong_khai, rule: { kind: boolean } }`);
    const collector = new EvidenceCollector(criteria, UNITS);
    const at = { file: 'mc.csv', column: 'C', header: 'Giá trị' };
    collector.add('xa-a', 'truc_tuyen', { text: '80%' }, at, 2);
    collector.add('xa-a', 'cong_khai', { text: 'có' }, at, 3);
    collector.add('xa-b', 'cong_khai', { text: 'có' }, at, 4);
    await readRecords(criteria, 'tieu-chi.yaml', collector, []);
    const problems = collector.finish().problems;
    // xa-b gave everything but truc_tuyen: the source is named once, not the leaf for each unit.
    expect(problems.map((p) => [p.code, p.data])).toEqual([
      ['unit-no-evidence', { unit: 'xa-c' }],
      ['records-not-given', { source: 'ho_so', indicators: ['truc_tuyen'] }],
    ]);
    expect(problems[1]).toMatchObject({ severity: 'error', location: { file: 'tieu-chi.yaml' } });
  });

  it('reads a workbook: date cells, numbers and text, on every sheet', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Hồ sơ');
    ws.addRow(['DANH SÁCH HỒ SƠ NĂM 2025']);
    ws.addRow(['Mã đơn vị', 'Hạn trả', 'Ngày trả', 'Số ngày']);
    ws.addRow(['xa-a', new Date(Date.UTC(2025, 2, 5)), new Date(Date.UTC(2025, 2, 4)), 1.5]);
    ws.addRow(['xa-a', new Date(Date.UTC(2025, 2, 5)), '06/03/2025', 2]);
    const path = join(dir, 'ho-so.xlsx');
    await book.xlsx.writeFile(path);
    const criteria = criteriaWith(
      '  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }\n  so_ngay: { from: ho_so, mean: { column: so_ngay } }',
      '      - { id: "1.1", title: Đúng hạn, max: 2, indicator: dung_han, rule: { kind: proportional } }\n      - { id: "1.2", title: Số ngày, max: 1, indicator: so_ngay, rule: { kind: bands, of: number, bands: [{ min: 4, points: 1 }] } }',
    );
    const set = await derive(criteria, [['ho_so', 'ho-so.xlsx']]);
    // One on time (a date cell), one late (typed text): 50%. Numbers 1.5 and 2 average 1.75.
    expect(percent(input(set, 'xa-a', '1.1'))!.toString()).toBe('50');
    expect(number(input(set, 'xa-a', '1.2'))!.toString()).toBe('1.75');
  });

  it('refuses an old .xls workbook, as evidence files are', async () => {
    file('cu.xls', 'not really a workbook');
    await expect(derive(criteriaWith(share, leaf), [['ho_so', 'cu.xls']])).rejects.toMatchObject({ file: 'cu.xls', reason: { en: expect.stringContaining('save as .xlsx') } });
  });

  it('adds up several files of one source', async () => {
    const q1 = file('q1.csv', ['unit,kenh_nop', 'xa-a,Trực tuyến', 'xa-a,Trực tiếp'].join('\n') + '\n');
    const q2 = file('q2.csv', ['kenh_nop,unit', 'Trực tuyến,xa-a', 'Trực tuyến,xa-a'].join('\n') + '\n');
    const set = await derive(criteriaWith(share, leaf), [
      ['ho_so', q1],
      ['ho_so', q2],
    ]);
    // 3 online of 4, from two files with their columns in another order.
    const a = input(set, 'xa-a', '1.1');
    expect(percent(a)!.toString()).toBe('75');
    expect(a.derived.files).toEqual(['q1.csv', 'q2.csv']);
  });

  it('without a units file, takes the units as the records name them', async () => {
    const rows = file('khong-ds.csv', ['unit,kenh_nop', 'xa-moi,Trực tuyến'].join('\n') + '\n');
    const set = await derive(criteriaWith(share, leaf), [['ho_so', rows]], null);
    expect(set.seenUnits).toEqual(['xa-moi']);
    expect(percent(input(set, 'xa-moi', '1.1'))!.toString()).toBe('100');
  });
});

describe('cells that cannot be read', () => {
  const onTime = '  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }';
  const onTimeLeaf = '      - { id: "1.1", title: Đúng hạn, max: 2, indicator: dung_han, rule: { kind: proportional } }';
  const problems = (set: EvidenceSet) => set.problems.map((p) => [p.code, p.severity, p.data, p.location]);

  it('reads dates stamped with a time of day as those dates', async () => {
    const rows = file(
      'gio.csv',
      [
        'Mã hồ sơ,Mã đơn vị,Hạn trả,Ngày trả',
        'H1,xa-a,05/03/2025 17:00,05/03/2025 16:30', // on time
        'H2,xa-a,05/03/2025 17:00,06/03/2025 08:00', // late
        'H3,xa-a,05/03/2025 17:00:00,05/03/2025 17:45:10', // after the hour, on the due day: on time (days count)
        'H4,xa-a,2025-03-05T17:00:00,2025-03-04T09:15:00.000', // on time
      ].join('\n') + '\n',
    );
    const set = await derive(criteriaWith(onTime, onTimeLeaf), [['ho_so', rows]]);
    // 3 of 4 on time.
    expect(percent(input(set, 'xa-a', '1.1'))!.toString()).toBe('75');
    expect(set.problems).toEqual([]);
  });

  it('refuses dates with a time zone, at their rows, once for the column', async () => {
    const rows = file(
      'mui-gio.csv',
      [
        'Mã hồ sơ,Mã đơn vị,Hạn trả,Ngày trả',
        'H1,xa-a,2025-03-05T17:00:00+07:00,2025-03-04T10:00:00+07:00',
        'H2,xa-a,05/03/2025,04/03/2025', // on time
        'H3,xa-a,2025-03-05T10:00:00Z,2025-03-05T09:00:00Z',
        'H4,xa-a,2025-03-05T10:00:00Z,2025-03-05T09:00:00Z',
        'H5,xa-a,2025-03-05T10:00:00Z,2025-03-05T09:00:00Z',
        'H6,xa-a,05/03/2025,2025-03-05T23:30:00-05:00',
      ].join('\n') + '\n',
    );
    const set = await derive(criteriaWith(onTime, onTimeLeaf), [['ho_so', rows]]);
    const a = input(set, 'xa-a', '1.1');
    // Only H2 is read: 1 of 1. H1, H3–H5 stop at their due date; H6 at its return date.
    expect(a.derived).toMatchObject({ n: 1, excluded: [{ reason: 'unparseable', count: 5 }] });
    expect(problems(set)).toEqual([
      [
        'record-unreadable',
        'error',
        {
          column: 'Hạn trả',
          rows: 4,
          first: [
            { row: 2, text: '2025-03-05T17:00:00+07:00' },
            { row: 4, text: '2025-03-05T10:00:00Z' },
            { row: 5, text: '2025-03-05T10:00:00Z' },
          ],
          expected: 'date',
          notation: 'vi',
        },
        { file: 'mui-gio.csv', row: 2, cell: 'C', header: 'Hạn trả' },
      ],
      [
        'record-unreadable',
        'error',
        { column: 'Ngày trả', rows: 1, first: [{ row: 7, text: '2025-03-05T23:30:00-05:00' }], expected: 'date', notation: 'vi' },
        { file: 'mui-gio.csv', row: 7, cell: 'D', header: 'Ngày trả' },
      ],
    ]);
  });

  it('counts a cell read by several indicators once', async () => {
    const rows = file('hai-lan.csv', ['unit,han_tra,ngay_tra', 'xa-a,05/03/2025,hôm qua', 'xa-a,05/03/2025,04/03/2025'].join('\n') + '\n');
    const criteria = criteriaWith(
      `${onTime}\n  dung_han_tre: { from: ho_so, pending: late, on_time: { done: ngay_tra, due: han_tra } }`,
      `${onTimeLeaf}\n      - { id: "1.2", title: Đúng hạn (trễ), max: 2, indicator: dung_han_tre, rule: { kind: proportional } }`,
    );
    const set = await derive(criteria, [['ho_so', rows]]);
    expect(problems(set)).toEqual([
      ['record-unreadable', 'error', { column: 'ngay_tra', rows: 1, first: [{ row: 2, text: 'hôm qua' }], expected: 'date', notation: 'vi' }, { file: 'hai-lan.csv', row: 2, cell: 'C', header: 'ngay_tra' }],
    ]);
  });

  const map = 'map: { Hài lòng: 1, Bình thường: 0.5, Không hài lòng: 0 }';
  const satisfied = '      - { id: "1.1", title: Hài lòng, max: 2, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }';
  const weighted = `  hai_long: { from: ks, unit_column: ma_xa, weight_column: trong_so, mean: { column: cau_1, ${map} } }`;

  it('reads weights written with a decimal point in a vi file, the column being written that way', async () => {
    const rows = file(
      'trong-so-cham.csv',
      [
        'Mã phiếu,Mã xã,Trọng số,Câu 1',
        'P1,xa-a,0.9101,Hài lòng',
        'P2,xa-a,1.25,Bình thường',
        'P3,xa-a,0.5,Không hài lòng',
        'P4,xa-a,2,Hài lòng', // a whole number reads the same either way
        'P5,xa-b,1.234,Hài lòng', // 1.234 in this column, not 1234
        'P6,xa-b,0.766,Không hài lòng',
      ].join('\n') + '\n',
    );
    const set = await derive(criteriaWith(weighted, satisfied), [['ks', rows]]);
    // xa-a: Σw = 0,9101 + 1,25 + 0,5 + 2 = 4,6601; Σwx = 0,9101 + 0,625 + 0 + 2 = 3,5351 → 35351/46601.
    const a = input(set, 'xa-a', '1.1');
    expect(number(a)!.eq(Exact.of(35351, 46601))).toBe(true);
    expect(a.derived).toMatchObject({ n: 4, excluded: [], weighted: { sum: Exact.parse('4.6601') } });
    // xa-b: Σw = 1,234 + 0,766 = 2; Σwx = 1,234 → 0,617 (with 1.234 read as 1234 it would be 0,9994).
    expect(number(input(set, 'xa-b', '1.1'))!.toString()).toBe('0.617');
    expect(set.problems).toEqual([]);
  });

  it('refuses a column that writes numbers both ways, taking only those that read the same', async () => {
    const rows = file(
      'tron-kieu.csv',
      ['Mã phiếu,Mã xã,Trọng số,Câu 1', 'P1,xa-a,"0,9101",Hài lòng', 'P2,xa-a,0.9944,Không hài lòng', 'P3,xa-a,2,Bình thường', 'P4,xa-a,1.234,Hài lòng'].join('\n') + '\n',
    );
    const set = await derive(criteriaWith(weighted, satisfied), [['ks', rows]]);
    // Only P3's weight 2 reads the same both ways (1.234 could be 1234 or 1,234): the mean is its 0,5.
    expect(number(input(set, 'xa-a', '1.1'))!.toString()).toBe('0.5');
    const where = { file: 'tron-kieu.csv', cell: 'C', header: 'Trọng số' };
    expect(problems(set)).toEqual([
      ['record-mixed-notation', 'error', { column: 'Trọng số', vi: { row: 2, text: '0,9101' }, en: { row: 3, text: '0.9944' } }, { ...where, row: 3 }],
      [
        'record-unreadable',
        'error',
        {
          column: 'Trọng số',
          rows: 3,
          first: [
            { row: 2, text: '0,9101' },
            { row: 3, text: '0.9944' },
            { row: 5, text: '1.234' },
          ],
          expected: 'weight',
          notation: 'mixed',
        },
        { ...where, row: 2 },
      ],
    ]);
  });

  it('decides on the first rows: a value of the other notation later is an error, never read that way', async () => {
    // 1.100 rows: the first 1.000 weights are written 0.5 (en), then row 1.051 writes "1,5".
    const lines = ['ma_xa,trong_so,cau_1'];
    for (let r = 2; r <= 1100; r++) lines.push(`xa-a,${r === 1051 ? '"1,5"' : '0.5'},Hài lòng`);
    const set = await derive(criteriaWith(weighted, satisfied), [['ks', file('sau-1000.csv', lines.join('\n') + '\n')]]);
    // 1.099 rows, one without a usable weight.
    expect(input(set, 'xa-a', '1.1').derived).toMatchObject({ n: 1098, excluded: [{ reason: 'weight', count: 1 }] });
    expect(problems(set)).toEqual([
      ['record-unreadable', 'error', { column: 'trong_so', rows: 1, first: [{ row: 1051, text: '1,5' }], expected: 'weight', notation: 'en' }, { file: 'sau-1000.csv', row: 1051, cell: 'B', header: 'trong_so' }],
    ]);
  });

  it('reports an answer outside the map, and leaves out on purpose the answers the map gives null', async () => {
    const rows = file(
      'ngoai-map.csv',
      ['ma_xa,cau_1', 'xa-a,Hài lòng', 'xa-a,Không biết', 'xa-a,Bình thường', 'xa-a,Khác', 'xa-a,', 'xa-a,không biết'].join('\n') + '\n',
    );
    const criteria = criteriaWith(`  hai_long: { from: ks, unit_column: ma_xa, mean: { column: cau_1, map: { Hài lòng: 1, Bình thường: 0.5, Không hài lòng: 0, Không biết: null } } }`, satisfied);
    const set = await derive(criteria, [['ks', rows]]);
    const a = input(set, 'xa-a', '1.1');
    // (1 + 0,5)/2 = 0,75; two "không biết" left out on purpose, "Khác" unreadable, one blank.
    expect(number(a)!.toString()).toBe('0.75');
    expect(a.derived.excluded).toEqual([
      { reason: 'blank', count: 1 },
      { reason: 'unparseable', count: 1 },
      { reason: 'not_counted', count: 2 },
    ]);
    expect(problems(set)).toEqual([
      [
        'record-unreadable',
        'error',
        { column: 'cau_1', rows: 1, first: [{ row: 5, text: 'Khác' }], expected: 'answer', answers: ['Hài lòng', 'Bình thường', 'Không hài lòng', 'Không biết'] },
        { file: 'ngoai-map.csv', row: 5, cell: 'B', header: 'cau_1' },
      ],
    ]);
  });

  it('takes a formula error in a compared column as unreadable, not as another value', async () => {
    const rows = file('loi-cong-thuc.csv', ['unit,kenh_nop', 'xa-a,Trực tuyến', 'xa-a,#N/A', 'xa-a,Trực tiếp'].join('\n') + '\n');
    const set = await derive(criteriaWith('  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }', '      - { id: "1.1", title: Trực tuyến, max: 2, indicator: truc_tuyen, rule: { kind: proportional } }'), [['ho_so', rows]]);
    // 1 of 2, not 1 of 3.
    expect(percent(input(set, 'xa-a', '1.1'))!.toString()).toBe('50');
    expect(problems(set)).toEqual([
      ['record-unreadable', 'error', { column: 'kenh_nop', rows: 1, first: [{ row: 3, text: '#N/A' }], expected: 'value' }, { file: 'loi-cong-thuc.csv', row: 3, cell: 'B', header: 'kenh_nop' }],
    ]);
  });

  it.skipIf(!hasOpenpyxl)(`takes a formula without a saved result (openpyxl) in a compared column as unreadable${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    openpyxlWorkbook(join(dir, 'cong-thuc.xlsx'), "ws.append(['unit', 'kenh_nop'])\nws.append(['xa-a', 'Trực tuyến'])\nws.append(['xa-a', '=IF(1,\"Trực tuyến\",\"\")'])\nws.append(['xa-a', 'Trực tiếp'])");
    const set = await derive(criteriaWith('  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }', '      - { id: "1.1", title: Trực tuyến, max: 2, indicator: truc_tuyen, rule: { kind: proportional } }'), [['ho_so', 'cong-thuc.xlsx']]);
    // The formula's row is no answer: 1 of 2, not 1 of 3.
    expect(percent(input(set, 'xa-a', '1.1'))!.toString()).toBe('50');
    expect(problems(set)).toEqual([
      ['record-unreadable', 'error', { column: 'kenh_nop', rows: 1, first: [{ row: 3, text: '=IF(1,"Trực tuyến","")' }], expected: 'value' }, { file: 'cong-thuc.xlsx', sheet: 'Sheet', row: 3, cell: 'B', header: 'kenh_nop' }],
    ]);
  });

  it('reads a workbook\'s number cells exactly in a column whose text cells decide its notation', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Phiếu');
    ws.addRow(['ma_xa', 'kenh_nop', 'trong_so']);
    ws.addRow(['xa-a', 'Trực tuyến', 0.5]);
    ws.addRow(['xa-a', 'Trực tiếp', '0.25']); // typed as text, with a decimal point
    ws.addRow(['xa-a', 'Trực tuyến', 1]);
    await book.xlsx.writeFile(join(dir, 'phieu.xlsx'));
    const criteria = criteriaWith(
      '  truc_tuyen: { from: ks, unit_column: ma_xa, weight_column: trong_so, share: { column: kenh_nop, values: [Trực tuyến] } }',
      '      - { id: "1.1", title: Trực tuyến, max: 2, indicator: truc_tuyen, rule: { kind: proportional } }',
    );
    const set = await derive(criteria, [['ks', 'phieu.xlsx']]);
    // Σw = 0,5 + 0,25 + 1 = 1,75; online 1,5 → 1,5/1,75 = 600/7 %.
    expect(percent(input(set, 'xa-a', '1.1'))!.eq(Exact.of(600, 7))).toBe(true);
    expect(set.problems).toEqual([]);
  });

  it('finds the header and separator of a semicolon export under a title with commas', async () => {
    const rows = file('tieu-de.csv', ['DANH SÁCH HỒ SƠ, NĂM 2025', '', 'Mã hồ sơ;Mã đơn vị;Hạn trả;Ngày trả', 'H1;xa-a;05/03/2025;04/03/2025', 'H2;xa-a;05/03/2025;07/03/2025'].join('\r\n') + '\r\n');
    const set = await derive(criteriaWith(onTime, onTimeLeaf), [['ho_so', rows]]);
    // 1 of 2 on time.
    expect(percent(input(set, 'xa-a', '1.1'))!.toString()).toBe('50');
    expect(set.problems).toEqual([]);
  });

  it('tells how many rows have been read, every 4.096', async () => {
    const lines = ['unit,han_tra,ngay_tra', ...Array.from({ length: 10_000 }, () => 'xa-a,05/03/2025,04/03/2025')];
    const heard: Array<[string, number]> = [];
    const criteria = criteriaWith(onTime, onTimeLeaf);
    await readRecords(criteria, 'tieu-chi.yaml', new EvidenceCollector(criteria, UNITS), [{ name: 'ho_so', file: 'nhieu.csv', path: join(dir, file('nhieu.csv', lines.join('\n') + '\n')) }], {
      onRows: (f, rows) => heard.push([f, rows]),
    });
    // 10.001 rows with the header: at 4.096 and 8.192.
    expect(heard).toEqual([
      ['nhieu.csv', 4096],
      ['nhieu.csv', 8192],
    ]);
  });
});
