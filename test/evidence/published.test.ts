import { describe, expect, it } from 'vitest';
import { isBlank, isUnranked, summaryKind } from '../../src/evidence/published.js';

/** The words a published table uses for what is not a figure: blanks, "not ranked", summary rows. */
describe('published tables: cells that are not figures', () => {
  it.each(['', '—', '–', '-', '…', '...', 'N/A', 'n/a', '*'])('%j is not published', (written) => {
    expect(isBlank(written)).toBe(true);
  });

  it.each(['0', '-1', '0,00', 'x', 'không'])('%j is written', (written) => {
    expect(isBlank(written)).toBe(false);
  });

  it.each(['Không xếp hạng', 'KHÔNG XẾP HẠNG', 'chưa xếp hạng: không có dữ liệu', 'KXH', 'unranked: no data', 'Not ranked'])('%j says not ranked', (written) => {
    expect(isUnranked(written)).toBe(true);
  });

  it.each([
    ['Trung bình', 'mean'],
    ['TRUNG BÌNH:', 'mean'],
    ['Bình quân chung', 'mean'],
    ['Cả nước', 'mean'],
    ['Toàn quốc', 'mean'],
    ['Average', 'mean'],
    ['National average', 'mean'],
    ['Tổng', 'total'],
    ['Tổng cộng', 'total'],
    ['Total', 'total'],
  ])('%j sums up the rows: a %s', (label, kind) => {
    expect(summaryKind(label)).toBe(kind);
  });

  // A unit whose name starts like a summary is a unit.
  it.each(['Tổng cục Thuế', 'Trung tâm Phục vụ hành chính công', 'Xã Trung Bình', 'xa-tong'])('%j is no summary', (label) => {
    expect(summaryKind(label)).toBeUndefined();
  });
});
