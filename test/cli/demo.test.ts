import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEMO_XA, run } from '../helpers/cli.js';

/** The README's demo. */
const xa = DEMO_XA;

describe('the demo data', () => {
  it('scores the communes into a ranked table with its intended tie', async () => {
    const r = await run(['score', ...xa]);
    expect(r.code).toBe(0);
    // xa-an-thinh and xa-binh-minh have identical evidence and dossiers: an exact tie, shared and
    // marked. (3rd since the dossier rates are counted from ho-so.csv, 2nd before.)
    expect(r.stdout).toMatch(/^ +3= +xa-an-thinh .*\n +3= +xa-binh-minh /m);
    // The next unit is 5th (competition ranking).
    expect(r.stdout).toMatch(/\n +5 +xa-/);
    // Only the intended warnings: three units with missing evidence and one manual leaf without a note.
    expect(r.stderr).toBe('⚠ 4 cảnh báo về minh chứng (xem chi tiết bằng parscore check)\n');
  });

  it('explains a late plan from the fixtures', async () => {
    const r = await run(['explain', ...xa, '--unit', 'xa-hoa-binh', '--item', '1.1.1', '--lang', 'en']);
    // The plan was issued on 12/08/2025, 12 days after the 31/07/2025 deadline: late → 0,5 of 1.
    expect(r.stdout).toContain('1.1.1 Ban hành Kế hoạch cải cách hành chính năm 2025 kịp thời: 0.5/1');
    expect(r.stdout).toContain('done on 2025-08-12, 12 days after the deadline 2025-07-31 (−0.5)');
  });

  it('counts the on-time rate from the dossier export and cites the count', async () => {
    // Recount xa-hoa-binh's dossiers from the export itself: returned ones, and those returned by their due date.
    const rows: string[][] = parse(readFileSync('fixtures/par-xa-2025/ho-so.csv'), { bom: true, from_line: 2 });
    const day = (t: string) => t.split('/').reverse().join('-');
    const mine = rows.filter((r) => r[2] === 'xa-hoa-binh');
    const returned = mine.filter((r) => r[7] !== '');
    const onTime = returned.filter((r) => day(r[7]!) <= day(r[6]!));
    const points = Math.round((onTime.length / returned.length) * 4 * 100) / 100;
    const r = await run(['explain', ...xa, '--unit', 'xa-hoa-binh', '--item', '3.2.1', '--lang', 'en']);
    expect(r.code).toBe(0);
    // tu-cham.csv has xa-hoa-binh claiming the full 4 for 3.2.1, shown beside the computed points.
    expect(r.stdout).toContain(`3.2.1 Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn: ${points}/4 (self-assessed 4) — rate `);
    expect(r.stdout).toContain(`(${onTime.length}/${returned.length} hồ sơ; ${mine.length - returned.length} hồ sơ left out: ${mine.length - returned.length} not yet done; 95% CI `);
    expect(r.stdout).toContain('  Data: ');
  });

  it('scores the departments from a wide workbook', async () => {
    const r = await run([
      'score',
      'criteria/par-so-2025.yaml',
      'fixtures/par-so-2025/minh-chung.xlsx',
      'fixtures/par-so-2025/dieu-tra-xhh.csv',
      '--units',
      'fixtures/par-so-2025/don-vi.csv',
      '--records',
      'ho_so=fixtures/par-so-2025/ho-so.xlsx',
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
    // The office of the Assembly delegation has no dossier: its on-time rate is 0/0, not applicable.
    const office = report.units.find((u: { unit: string }) => u.unit === 'van-phong-doan-dbqh-hdnd');
    expect(office.items.find((i: { id: string }) => i.id === '3.3.1')).toMatchObject({ status: 'not_applicable', derived: { n: 0, files: ['fixtures/par-so-2025/ho-so.xlsx'] } });
  });
});
