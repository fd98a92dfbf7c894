import { describe, expect, it } from 'vitest';
import { HeaderFinder, roleOf, type Header } from '../../../src/evidence/tables/headers.js';
import type { RawRow } from '../../../src/evidence/tables/table.js';

const row = (n: number, ...texts: Array<string | undefined>): RawRow => ({
  row: n,
  cells: texts.map((t) => (t === undefined || t === '' ? undefined : { text: t })),
});

function find(rows: RawRow[]): { header?: Header; replay?: RawRow } {
  const finder = new HeaderFinder();
  for (const r of rows) {
    const got = finder.push(r);
    if (got === 'gave-up') return {};
    if (got !== 'more') return got;
  }
  const header = finder.finish();
  return header ? { header } : {};
}

describe('header roles', () => {
  it.each([
    ['Mã đơn vị', 'unit'],
    ['MÃ ĐƠN VỊ', 'unit'],
    ['Ma don vi', 'unit'],
    ['ma_don_vi', 'unit'],
    ['unit', 'unit'],
    ['Chỉ tiêu', 'indicator'],
    ['Giá trị', 'value'],
    ['Tài liệu kiểm chứng', 'source'],
    ['Ghi chú', 'note'],
    ['Tên đơn vị', 'name'],
    ['Nhóm', 'group'],
    ['Tiêu chí', 'item'],
    ['Điểm tự chấm', 'points'],
    ['Lý do', 'reason'],
    ['STT', 'sequence'],
    ['Số TT', 'sequence'],
    // A published ranking's columns; "Chỉ số" alone stays the indicator of an evidence table.
    ['Xếp hạng', 'rank'],
    ['Xếp loại', 'band'],
    ['Điểm tối đa', 'max'],
    ['Chỉ số CCHC', 'index'],
    ['Tổng điểm', 'points'],
    ['Chỉ số', 'indicator'],
    ['1.1.1', undefined],
    ['ke_hoach', undefined],
  ])('%s is %s', (header, role) => {
    expect(roleOf(header)).toBe(role);
  });
});

describe('finding the header', () => {
  it('skips title rows above it and hands back the first data row', () => {
    const { header, replay } = find([
      row(1, 'BẢNG TỔNG HỢP KẾT QUẢ'),
      row(2),
      row(3, 'Mã đơn vị', 'Chỉ tiêu', 'Giá trị'),
      row(4, 'xa-1', 'ke_hoach', '20/07/2025'),
    ]);
    expect(header?.row).toBe(3);
    expect(header?.columns.map((c) => [c.letter, c.header, c.role])).toEqual([
      ['A', 'Mã đơn vị', 'unit'],
      ['B', 'Chỉ tiêu', 'indicator'],
      ['C', 'Giá trị', 'value'],
    ]);
    expect(replay?.row).toBe(4);
  });

  it('joins a header merged over two rows', () => {
    // A1:A2 "Mã đơn vị" and B1:B2 "Tên đơn vị" merged down; C1:E1 "Chỉ tiêu" merged across over
    // the indicator ids in C2:E2. The merged cells below and to the right are empty.
    const { header, replay } = find([
      row(1, 'Mã đơn vị', 'Tên đơn vị', 'Chỉ tiêu', '', ''),
      row(2, '', '', 'ke_hoach', 'cong_khai', 'dung_han'),
      row(3, 'xa-1', 'Xã Một', '20/07/2025', 'có', '95%'),
    ]);
    expect(header?.row).toBe(2);
    expect(header?.columns.map((c) => [c.letter, c.header, c.role])).toEqual([
      ['A', 'Mã đơn vị', 'unit'],
      ['B', 'Tên đơn vị', 'name'],
      ['C', 'ke_hoach', undefined],
      ['D', 'cong_khai', undefined],
      ['E', 'dung_han', undefined],
    ]);
    expect(replay).toBeUndefined();
  });

  it('gives up after 20 rows without a unit column', () => {
    expect(find(Array.from({ length: 25 }, (_, i) => row(i + 1, 'x', 'y')))).toEqual({});
  });

  it('finds a header that is the last row of a sheet', () => {
    expect(find([row(1, 'unit', 'ke_hoach')]).header?.columns.map((c) => c.header)).toEqual(['unit', 'ke_hoach']);
  });
});
