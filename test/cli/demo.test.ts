import { describe, expect, it } from 'vitest';
import { DEMO_XA, run } from '../helpers/cli.js';

/** The README's demo. */
const xa = DEMO_XA;

describe('the demo data', () => {
  it('scores the communes into a ranked table with its intended tie', async () => {
    const r = await run(['score', ...xa]);
    expect(r.code).toBe(0);
    // xa-an-thinh and xa-binh-minh have identical evidence: an exact tie, shared and marked.
    expect(r.stdout).toMatch(/^ +2= +xa-an-thinh .*\n +2= +xa-binh-minh /m);
    // The next unit is 4th (competition ranking).
    expect(r.stdout).toMatch(/\n +4 +xa-/);
    // Only the intended warnings: three units with missing evidence and one manual leaf without a note.
    expect(r.stderr).toBe('⚠ 4 cảnh báo về minh chứng (xem chi tiết bằng parscore check)\n');
  });

  it('explains a late plan from the fixtures', async () => {
    const r = await run(['explain', ...xa, '--unit', 'xa-hoa-binh', '--item', '1.1.1', '--lang', 'en']);
    // The plan was issued on 12/08/2025, 12 days after the 31/07/2025 deadline: late → 0,5 of 1.
    expect(r.stdout).toContain('1.1.1 Ban hành Kế hoạch cải cách hành chính năm 2025 kịp thời: 0.5/1');
    expect(r.stdout).toContain('done on 2025-08-12, 12 days after the deadline 2025-07-31 (−0.5)');
  });

  it('scores the departments from a wide workbook', async () => {
    const r = await run([
      'score',
      'criteria/par-so-2025.yaml',
      'fixtures/par-so-2025/minh-chung.xlsx',
      'fixtures/par-so-2025/dieu-tra-xhh.csv',
      '--units',
      'fixtures/par-so-2025/don-vi.csv',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.groups.map((g: { id: string; ranking: string[] }) => [g.id, g.ranking.length])).toEqual([
      ['so', 14],
      ['ban', 5],
    ]);
    // Values read from sheet cells keep their sheet, row and column.
    const item = report.units[0].items.find((i: { evidence: unknown[] }) => i.evidence.length > 0);
    expect(item.evidence[0]).toMatchObject({ file: 'fixtures/par-so-2025/minh-chung.xlsx', sheet: expect.any(String), column: expect.stringMatching(/^[A-Z]+$/) });
  });
});
