import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEMO_XA, run } from '../helpers/cli.js';

/**
 * `parscore robustness` on the communes' demo: criteria, evidence, survey results, units,
 * self-assessment, overrides and the dossier export (whose shares are redrawn unless named a
 * census). The figures asserted are worked out by hand from the demo's scores (`parscore score`
 * on the same files) in the comment beside each.
 */
const ROBUSTNESS = ['robustness', ...DEMO_XA, '--draws', '200', '--seed', '7'];
const STACK = /\n\s+at .+:\d+:\d+\)?\n/;

interface UnitJson {
  unit: string;
  group: string;
  rank: number;
  band: string | null;
  index: number;
  gap_above: number | null;
  gap_below: number | null;
  to_next_band: number | null;
  rank_interval: [number, number];
  band_probability: Record<string, number> | null;
}
interface Doc {
  format: string;
  draws: number;
  seed: number;
  redrawn: Array<{ source: string; indicator: string }>;
  units: UnitJson[];
  decisive: Array<{ unit: string; item: string; kind: string; from: number; to: number; rank: [number, number]; band: [string, string]; moves: string[]; reason: string | null }>;
  examined: { overrides: number; claims: number };
  manifest: { options: Record<string, unknown> };
}

async function json(extra: string[] = []): Promise<{ doc: Doc; text: string }> {
  const r = await run([...ROBUSTNESS, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return { doc: JSON.parse(r.stdout) as Doc, text: r.stdout };
}

describe('parscore robustness on the demo', () => {
  it('gives parscore/robustness@1 with the design’s keys, gaps and decisive changes worked out by hand', async () => {
    const { doc } = await json();
    expect(doc.format).toBe('parscore/robustness@1');
    expect(doc.draws).toBe(200);
    expect(doc.seed).toBe(7);
    expect(doc.manifest.options).toMatchObject({ draws: 200, seed: 7 });
    expect(doc.redrawn.map((s) => s.indicator)).toEqual(['ty_le_truc_tuyen', 'ty_le_so_hoa', 'ty_le_thanh_toan_truc_tuyen']);
    expect(Object.keys(doc.units[0]!).slice(0, 9)).toEqual(['unit', 'group', 'rank', 'band', 'index', 'gap_above', 'gap_below', 'to_next_band', 'rank_interval']);
    const unit = (id: string) => doc.units.find((u) => u.unit === id)!;
    // Mỹ Lộc 93,68/98,5 = 95,1066; Phú Lộc 91,03/99 = 91,9495: 3,1571 below, nothing above; top band.
    expect(unit('xa-my-loc')).toMatchObject({ rank: 1, band: 'Xuất sắc', index: 95.11, gap_above: null, gap_below: 3.16, to_next_band: null });
    // Cô Tô 78,33/98 = 79,9286: 80 − 79,9286 = 0,0714 to Tốt.
    expect(unit('dac-khu-co-to')).toMatchObject({ rank: 21, band: 'Khá', index: 79.93, to_next_band: 0.07 });
    // Trực Ninh, last of the communes: 72,2020 (71,48/99) − 38,22 = 33,98 above, nothing below.
    expect(unit('xa-truc-ninh')).toMatchObject({ rank: 30, gap_above: 33.98, gap_below: null });
    for (const u of doc.units) {
      expect(u.rank_interval[0] <= u.rank && u.rank <= u.rank_interval[1], u.unit).toBe(true);
      expect(Object.values(u.band_probability!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    // Tiên Lãng has 89,63; the appraisers raised 3.2.3 from the computed 0 to 0,92. Without it:
    // 88,71 — below Giao Thủy (89,41) and Kim Sơn (89,04), above Thạnh Phú (88,29): rank 7, still Tốt.
    expect(doc.decisive.find((d) => d.unit === 'xa-tien-lang' && d.item === '3.2.3')).toMatchObject({
      kind: 'override',
      from: 0.92,
      to: 0,
      rank: [5, 7],
      band: ['Tốt', 'Tốt'],
      moves: ['xa-giao-thuy', 'xa-kim-son'],
    });
    // Phú Lộc's 1.1.1 lowered from 1 to 0,5: 91,03 + 0,5 = 91,53 of 99 = 92,45: still second, still Xuất sắc.
    expect(doc.decisive.some((d) => d.unit === 'xa-phu-loc')).toBe(false);
    expect(doc.examined.overrides).toBe(5);
  });

  it('gives the same bytes for the same seed, and other draws for another', async () => {
    const a = await json();
    const b = await json();
    expect(b.text).toBe(a.text);
    const c = await json(['--seed', '8']);
    expect(c.text).not.toBe(a.text);
  });

  it('redraws nothing from a census: every interval is the rank, no band chances', async () => {
    const { doc } = await json(['--census', 'ho_so']);
    expect(doc.draws).toBe(0);
    expect(doc.redrawn).toEqual([]);
    expect(doc.manifest.options).toMatchObject({ census: ['ho_so'] });
    for (const u of doc.units) {
      expect(u.rank_interval).toEqual([u.rank, u.rank]);
      expect(u.band_probability).toBeNull();
    }
  });

  it('gives each interval as the rank with --draws 0', async () => {
    const { doc } = await json(['--draws', '0']);
    expect(doc.draws).toBe(0);
    expect(doc.redrawn).toHaveLength(3);
    for (const u of doc.units) expect(u.rank_interval).toEqual([u.rank, u.rank]);
  });

  it('tells the council in Vietnamese: ranks with intervals, units near a band, decisive changes with reasons', async () => {
    const r = await run(ROBUSTNESS);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Độ vững của xếp hạng — Bộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025');
    expect(r.stdout).toContain('200 lượt rút mẫu lại (hạt giống 7) các chỉ tiêu tính từ mẫu: ty_le_truc_tuyen, ty_le_so_hoa, ty_le_thanh_toan_truc_tuyen (ho_so).');
    expect(r.stdout).toMatch(/^ +1 +1 +Xã Mỹ Lộc +95,11 +Xuất sắc +— +3,16 +— +●·+ +Xuất sắc 100%$/m);
    expect(r.stdout).toContain('Đơn vị sát mức loại trên (thiếu không quá 1 điểm chỉ số):\n  Đặc khu Cô Tô (dac-khu-co-to): 79,93, thiếu 0,07 điểm chỉ số để đạt Tốt (80)');
    expect(r.stdout).toContain(
      'Xã Tiên Lãng (xa-tien-lang) — 3.2.3 Tỷ lệ hồ sơ hai nhóm thủ tục hành chính liên thông (khai sinh, khai tử) giải quyết trực tuyến: thẩm định điều chỉnh từ 0,00 lên 0,92',
    );
    expect(r.stdout).toContain('    Nếu bỏ điều chỉnh (0,00 điểm): hạng 5 → 7, xếp loại Tốt → Tốt; đổi hạng: Xã Giao Thủy, Xã Kim Sơn');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('speaks English with --lang en, and writes Markdown', async () => {
    const en = await run([...ROBUSTNESS, '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('200 draws (seed 7) of the indicators estimated from samples');
    expect(en.stdout).toContain('    Reverted (0.00 points): rank 5 → 7, band Tốt → Tốt; also moves: Xã Giao Thủy, Xã Kim Sơn');
    const md = await run([...ROBUSTNESS, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Độ vững của xếp hạng — /);
    expect(md.stdout).toContain('| Hạng | Khoảng 90% | Đơn vị | Chỉ số | Xếp loại | Cách trên | Cách dưới | Còn thiếu lên loại | Khả năng xếp loại |');
    expect(md.stdout).toContain('| 1 | 1 | Xã Mỹ Lộc (xa-my-loc) | 95,11 | Xuất sắc | — | 3,16 | — | Xuất sắc 100% |');
  });

  it('adds the section "Độ vững của xếp hạng" to the HTML report and the workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-robustness-cli-'));
    const html = join(dir, 'bao-cao.html');
    expect((await run([...ROBUSTNESS, '-o', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="robustness"><h2>Độ vững của xếp hạng</h2>');
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart intervals"');
    expect(page).toContain('Nếu bỏ điều chỉnh (0,00 điểm): hạng 5 → 7, xếp loại Tốt → Tốt; đổi hạng: Xã Giao Thủy, Xã Kim Sơn');
    // The rest of the report is there too: the ranking and each unit's page.
    expect(page).toContain('id="unit-xa-tien-lang"');

    const xlsx = join(dir, 'ket-qua.xlsx');
    expect((await run([...ROBUSTNESS, '-o', xlsx])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.map((s) => s.name).slice(0, 3)).toEqual(['Xếp hạng', 'Độ vững của xếp hạng', 'Thay đổi quyết định']);
    const sheet = book.getWorksheet('Độ vững của xếp hạng')!;
    // Empty cells (no gap above, no next band) read back as nothing.
    expect(sheet.getRow(2).values).toEqual([undefined, 'Xã, đặc khu', 1, 1, 1, 'xa-my-loc', 'Xã Mỹ Lộc', 95.11, 'Xuất sắc', undefined, 3.16, undefined, undefined, undefined, 'Xuất sắc 100%']);
    const changes = book.getWorksheet('Thay đổi quyết định')!;
    const rows = changes.getSheetValues().filter((v) => Array.isArray(v) && v[2] === 'xa-tien-lang' && v[4] === '3.2.3') as unknown[][];
    expect(rows[0]!.slice(6, 14)).toEqual(['Điều chỉnh thẩm định', 0.92, 0, 5, 7, 'Tốt', 'Tốt', 'Xã Giao Thủy, Xã Kim Sơn']);
  });

  it('shows a progress line on a terminal, none when piped or with --quiet', async () => {
    const tty = await run([...ROBUSTNESS, '--draws', '50'], { tty: true });
    expect(tty.stderr).toContain('Đang rút mẫu lại');
    expect((await run([...ROBUSTNESS, '--draws', '50'])).stderr).not.toContain('Đang rút mẫu lại');
    expect((await run([...ROBUSTNESS, '--draws', '50', '--quiet'], { tty: true })).stderr).not.toContain('Đang rút mẫu lại');
  });
});

describe('parscore robustness on a survey index', () => {
  it('redraws every weighted survey mean of the SIPAS-style demo: intervals wide where units are close', async () => {
    const r = await run(['robustness', 'criteria/sipas-xa-2025.yaml', '--units', 'fixtures/sipas-xa-2025/don-vi.csv', '--records', 'khao_sat=fixtures/sipas-xa-2025/khao-sat.csv', '--draws', '100', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.draws).toBe(100);
    expect(doc.redrawn.length).toBeGreaterThan(10);
    for (const u of doc.units) expect(u.rank_interval[0] <= u.rank && u.rank <= u.rank_interval[1], u.unit).toBe(true);
    // Communes a fraction of a point apart on a few dozen respondents each: some rank is not firm.
    expect(doc.units.some((u) => u.rank_interval[1] - u.rank_interval[0] >= 3)).toBe(true);
  });
});

describe('parscore robustness refuses', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--draws', '-1'], /^--draws: giá trị "-1" không hợp lệ/],
    [['--draws', '200000'], /^--draws: giá trị "200000" không hợp lệ/],
    [['--seed', 'bay'], /^--seed: giá trị "bay" không hợp lệ/],
    [['--reach', 'gần'], /^--reach: giá trị "gần" không hợp lệ/],
    [['--census', 'khao_sat'], /^--census khao_sat: không có tệp --records khao_sat=… nào; các nguồn đã cho: ho_so\.\n$/],
    [['--format', 'xlsx'], /^--format xlsx cần tên tệp/],
    [['--format', 'csv'], /^--format: giá trị "csv" không hợp lệ/],
  ];
  for (const [extra, message] of cases) {
    it(`${extra.join(' ')}: a usage error, exit 2`, async () => {
      const r = await run([...ROBUSTNESS, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK);
    });
  }

  it('evidence with errors: exit 1, the problems listed, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-robustness-bad-'));
    const bad = join(dir, 'minh-chung.csv');
    writeFileSync(bad, 'Mã đơn vị,Chỉ tiêu,Giá trị\nxa-khong-co,ke_hoach_cchc,11/07/2025\n');
    const out = join(dir, 'do-vung.json');
    const r = await run(['robustness', 'criteria/par-xa-2025.yaml', bad, '--units', 'fixtures/par-xa-2025/don-vi.csv', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('xa-khong-co');
    expect(r.stderr).not.toMatch(STACK);
    expect(() => readFileSync(out)).toThrow();
  });
});
