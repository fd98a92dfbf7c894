import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_2024 } from '../../fixtures/previous-year.js';
import { DEMO_XA, run } from '../helpers/cli.js';

/**
 * fixtures/par-xa-2024: the demo communes' previous year, what docs/audit.md's `compare` and
 * `diff-criteria` examples run on. Its ket-qua.json is written by parscore (fixtures/generate.ts);
 * here it must still be what scoring the committed 2024 inputs gives, byte for byte, manifest
 * (engine version included) and all, or the published "last year" would no longer follow from its
 * inputs.
 */
const REPORT = 'fixtures/par-xa-2024/ket-qua.json';
const CRITERIA = 'fixtures/par-xa-2024/bo-tieu-chi.yaml';

/** Where two texts first differ (line and a little context), to say where without printing megabytes. */
function firstDifference(now: string, committed: string): { line: number; now: string; committed: string } | null {
  let i = 0;
  while (i < now.length && i < committed.length && now[i] === committed[i]) i++;
  if (i === now.length && i === committed.length) return null;
  const around = (s: string) => s.slice(Math.max(0, i - 60), i + 60);
  return { line: now.slice(0, i).split('\n').length, now: around(now), committed: around(committed) };
}

interface CompareUnit {
  unit: string;
  index: number | null;
  last: { index: number | null } | null;
  indexChange: number | null;
  rankChange: number | null;
  predecessors?: Array<{ unit: string; index: number | null }>;
  missingPredecessors?: string[];
}

describe('fixtures/par-xa-2024', () => {
  it('ket-qua.json is what scoring the committed 2024 inputs gives today', async () => {
    const r = await run([...SCORE_2024, '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    // Only the intended warning: xa-hai-long sent no evidence.
    expect(r.stderr).toBe('⚠ 1 cảnh báo về minh chứng (xem chi tiết bằng parscore check)\n');
    expect(firstDifference(r.stdout, readFileSync(REPORT, 'utf8')), 'stale: regenerate with `npm run build && npx tsx fixtures/generate.ts`').toBeNull();
  });

  it('the 2024 criteria are valid and pass their own examples', async () => {
    const valid = await run(['validate', CRITERIA, '--strict', '--format', 'json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual([]);
    const t = await run(['test', CRITERIA]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('✔ 6 ví dụ đạt, 0 không đạt');
  });

  it('diff-criteria names what a year changed', async () => {
    const r = await run(['diff-criteria', CRITERIA, 'criteria/par-xa-2025.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  + 4.2.2 Thực hiện tinh giản biên chế, giải quyết chế độ cho người dôi dư sau sắp xếp theo kế hoạch — tối đa 1, thuộc 4.2');
    expect(r.stdout).toContain('cùng tên, mã 7.3.3 đổi thành 3.2.3; từ 7.3 sang 3.2');
    expect(r.stdout).toContain('  4.2.1 Sử dụng biên chế không vượt số lượng được giao: 2 → 1\n');
    expect(r.stdout).toContain('due 2024-01-31 → 2025-07-31');
    expect(r.stdout).toContain('target 60 → 80');
  });

  describe('compared with the 2025 demo', () => {
    let dir: string;
    let now: string;
    const compare = (...more: string[]) => run(['compare', REPORT, now, '--units', 'fixtures/par-xa-2025/don-vi.csv', ...more]);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'parscore-2024-'));
      now = join(dir, 'ket-qua-2025.json');
      const r = await run(['score', ...DEMO_XA, '--quiet', '-o', now]);
      expect(r.code).toBe(0);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses different criteria unless allowed', async () => {
      const r = await compare();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('được chấm theo hai bộ tiêu chí khác nhau (par-xa-2024');
    });

    it('compares merged communes with the mean of their predecessors, by hand', async () => {
      const last = JSON.parse(readFileSync(REPORT, 'utf8')) as { units: Array<{ unit: string; index: number | null; rank: number | null }> };
      const index = (id: string) => last.units.find((u) => u.unit === id)!.index;
      // The predecessors' indices as the 2024 report gives them (81,57 of 98 points for the town of
      // Yên Định: its 8.4.2 does not apply to a town).
      expect([index('thi-tran-xuan-truong'), index('xa-xuan-ngoc')]).toEqual([80.2, 86.97]);
      expect([index('thi-tran-yen-dinh'), index('xa-hai-trung'), index('xa-hai-long')]).toEqual([83.23, 78.03, null]);

      const r = await compare('--allow-different-criteria', '--format', 'json');
      expect(r.code).toBe(0);
      const cmp = JSON.parse(r.stdout) as { units: CompareUnit[]; gone: unknown[]; groups: Array<{ id: string; compared: number }> };
      const unit = (id: string) => cmp.units.find((u) => u.unit === id)!;

      // xa-xuan-truong ← thi-tran-xuan-truong, xa-xuan-ngoc: (80,20 + 86,97) / 2 = 167,17 / 2 = 83,585,
      // shown 83,59. The change is taken from the exact mean: 85,34 − 83,585 = 1,755 → +1,76 (the
      // shown figures would give 85,34 − 83,59 = 1,75). No rank change across a merger.
      const xt = unit('xa-xuan-truong');
      expect(xt.index).toBe(85.34);
      expect(xt.last).toEqual({ index: 83.59 });
      expect(xt.indexChange).toBe(1.76);
      expect(xt.rankChange).toBeNull();

      // xa-hai-hau ← thi-tran-yen-dinh, xa-hai-trung, xa-hai-long; xa-hai-long is unranked (no data),
      // so it is named but left out of the mean: (83,23 + 78,03) / 2 = 161,26 / 2 = 80,63 (with it
      // counted as 0 the mean would be 53,75).
      const hh = unit('xa-hai-hau');
      expect(hh.last).toEqual({ index: 80.63 });
      expect(hh.predecessors!.map((p) => [p.unit, p.index])).toEqual([['thi-tran-yen-dinh', 83.23], ['xa-hai-trung', 78.03], ['xa-hai-long', null]]);

      // The đặc khu's predecessor was a district, not in the communes' 2024 report: named, no past.
      const ct = unit('dac-khu-co-to');
      expect(ct.last).toBeNull();
      expect(ct.missingPredecessors).toEqual(['huyen-co-to']);

      // A commune that kept its id is compared with itself, rank included: xa-vu-ban 44th of 44
      // ranked in 2024, 22nd of 30 in 2025.
      expect(unit('xa-vu-ban').rankChange).toBe(22);

      // Every 2024 unit is someone's predecessor or kept its id; 30 − 2 đặc khu = 28 xa compared, 10 phường.
      expect(cmp.gone).toEqual([]);
      expect(cmp.groups.map((g) => [g.id, g.compared])).toEqual([['xa', 28], ['phuong', 10]]);
    });

    it('prints the lines docs/audit.md shows', async () => {
      const r = await compare('--allow-different-criteria');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        '  xa-xuan-truong Xã Xuân Trường: 83,59 → 85,34 (+1,76 điểm) — ghép từ thi-tran-xuan-truong (80,20, hạng 28, Tốt), xa-xuan-ngoc (86,97, hạng 14, Tốt): bình quân chỉ số các đơn vị cũ\n',
      );
      expect(r.stdout).toContain('xa-hai-long (chưa xếp hạng): bình quân chỉ số các đơn vị cũ\n');
      expect(r.stdout).toContain('  dac-khu-co-to Đặc khu Cô Tô: 79,93, hạng 21, Khá — mới, không có kết quả kỳ trước — không có trong kết quả kỳ trước: huyen-co-to\n');
    });
  });
});
