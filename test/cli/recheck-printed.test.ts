import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import { DEMO_XA, run } from '../helpers/cli.js';

/*
 * `recheck` against tables printed the way real publications print them: values rounded to 2 (or
 * 3, or 4) decimals from unrounded parts, decimal commas, "—" for what is not published, a mean
 * row, ties at the printed precision, only the top and bottom of a ranking, and parscore's own
 * workbook.
 *
 * The fixture by hand (test/audit/in-an: leaf points to 4 decimals, max 100 and scale
 * 100, so the index is the points; the index is shown with 2 decimals):
 *   bo-f: 1 = 33 + 32 = 65,0000;      2 = 28,1234; 93,1234 → 93,12
 *   bo-b: 1 = 32,5 + 30 = 62,5000;    2 = 27,5213; 90,0213 → 90,02
 *   bo-c: 1 = 32 + 30,5 = 62,5000;    2 = 27,5187; 90,0187 → 90,02
 *   bo-a: 1 = 31,4251 + 30,4300 = 61,8551 → 61,86; 2 = 28,0951 → 28,10; 89,9502 → 89,95
 *   bo-d: 1 = 30 + 30 = 60;           2 = 25,5;    85,5 → 85,50
 *   bo-e: 1 = 29 + 31 = 60;           2 = 25,5;    85,5 → 85,50 (exactly bo-d's: 5=)
 *   bo-g: 1 = 25 + 24 = 49;           2 = 22,2345; 71,2345 → 71,23
 *   bo-h: no evidence: not ranked.
 *   Ranks: bo-f 1, bo-b 2, bo-c 3, bo-a 4, bo-d 5=, bo-e 5=, bo-g 7.
 *   Sums over the 7 ranked: 1: 65 + 62,5 + 62,5 + 61,8551 + 60 + 60 + 49 = 420,8551;
 *   2: 28,1234 + 27,5213 + 27,5187 + 28,0951 + 25,5 + 25,5 + 22,2345 = 184,4930; points 605,3481.
 *   Means: 420,8551 / 7 = 60,12215…; 184,4930 / 7 = 26,35614…; 605,3481 / 7 = 86,4783.
 * A figure printed with d decimals stands for v ± ½·10⁻ᵈ: ± 0,005 for 2, ± 0,0005 for 3, ± 0,00005 for 4.
 */
const F = 'test/audit/in-an';
const inputs = ['recheck', `${F}/tieu-chi.yaml`, `${F}/minh-chung.csv`, '--units', `${F}/don-vi.csv`];

function table(name: string, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-printed-'));
  const path = join(dir, name);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

const TITLE = 'BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA CÁC BỘ, CƠ QUAN NGANG BỘ';
const HEADER = 'STT;Mã đơn vị;Tên đơn vị;1 Kết quả thẩm định;2 Điều tra xã hội học;Tổng điểm;Xếp hạng';
/** The ministries' ranking with its two parts, every figure right as printed. */
const RIGHT = [
  TITLE,
  HEADER,
  '1;bo-f;Bộ F;65,00;28,12;93,12;1',
  '2;bo-b;Bộ B;62,50;27,52;90,02;2',
  '3;bo-c;Bộ C;62,50;27,52;90,02;3',
  '4;bo-a;Bộ A;61,86;28,10;89,95;4',
  '5;bo-d;Bộ D;60,00;25,50;85,50;5',
  '6;bo-e;Bộ E;60,00;25,50;85,50;5',
  '7;bo-g;Bộ G;49,00;22,23;71,23;7',
];

describe('recheck at the printed precision: a total printed from unrounded parts', () => {
  /*
   * bo-a: its parts are printed 61,86 and 28,10 (each ± 0,005: together ± 0,01), which add up to
   * 89,96; its total, printed from the unrounded 89,9502, is 89,95 (± 0,005). The intervals
   * [89,95; 89,97] and [89,945; 89,955] overlap: |89,95 − 89,96| = 0,01 ≤ 0,01 + 0,005. Against
   * the inputs, 89,9502 rounds to 89,95: a match. bo-c: 62,50 + 27,52 = 90,02 exactly; 90,0187 →
   * 90,02. Every other row adds up exactly.
   */
  it('says a total within the rounding of its printed parts is valid, with the arithmetic, and finds nothing else', async () => {
    const path = table('bo.csv', RIGHT);
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `Chạy lại và đối chiếu với ${path}: 7 đơn vị; so điểm, hạng, 2 mục theo mã tiêu chí; sai số cho phép: làm tròn của từng số liệu công bố`,
        '',
        'ℹ 1 chỗ khớp trong sai số làm tròn:',
        `  ${path}, dòng 6 (bo-a): tổng điểm ghi 89,95 — khớp trong sai số làm tròn: 1 + 2 = 61,86 + 28,10 = 89,96; 2 phần công bố làm tròn ±0,01 → 89,95 hợp lệ`,
        '',
        `ℹ Tính lại được nhưng không có trong ${path} (không so): bo-h`,
        '',
        '✔ Khớp: mọi số liệu công bố đều tính lại được ở độ chính xác công bố.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run([...inputs, '--against', path, '--format', 'json', '--lang', 'en'])).stdout);
    expect(json).toMatchObject({ ok: true, tolerance: null, differences: [], inconsistencies: [] });
    // The check, its interval and verdict: stated 89,95 ± 0,005; the parts give 89,96 ± 0,01.
    expect(json.checks.find((c: { unit: string; of: string }) => c.unit === 'bo-a' && c.of === 'total')).toEqual({
      unit: 'bo-a',
      of: 'total',
      stated: 89.95,
      places: 2,
      interval: [89.945, 89.955],
      computed: 89.96,
      range: [89.95, 89.97],
      slack: 0.01,
      verdict: 'rounding',
      at: { file: path, row: 6, column: 'F' },
    });
    expect(json.withinRounding[0].text).toBe(`${path}, row 6 (bo-a): the points says 89.95 — matches within rounding: 1 + 2 = 61.86 + 28.10 = 89.96; the 2 printed parts carry ±0.01 → 89.95 is valid`);
    // The same total against the inputs: 89,9502 rounds to 89,95.
    expect(json.comparisons.find((c: { unit: string; field: string }) => c.unit === 'bo-a' && c.field === 'points')).toEqual({
      unit: 'bo-a',
      field: 'points',
      published: 89.95,
      recomputed: 89.9502,
      verdict: 'match',
      places: 2,
      interval: [89.945, 89.955],
      at: { file: path, row: 6, column: 'F' },
    });
  });

  /*
   * bo-g's total printed 71,73: its parts 49,00 + 22,23 = 71,23 (± 0,01), 0,50 away, beyond
   * 0,01 + 0,005; and its inputs give 71,2345, which rounds to 71,23, not 71,73. bo-a's 0,01 is
   * still only rounding.
   */
  it('still flags a total 0,50 away from its printed parts, alone', async () => {
    const path = table('bo.csv', RIGHT.map((l) => l.replace('7;bo-g;Bộ G;49,00;22,23;71,23;7', '7;bo-g;Bộ G;49,00;22,23;71,73;7')));
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        '✖ 1 chênh lệch vượt sai số:',
        `  bo-g Bộ G — điểm: công bố 71,73, tính lại 71,2345 (chênh +0,4955) [${path}, dòng 9, cột F]`,
        '',
        `✖ 1 chỗ ${path} không tự khớp:`,
        `  ${path}, dòng 9 (bo-g): tổng điểm ghi 71,73 nhưng 1 + 2 = 49,00 + 22,23 = 71,23 (chênh +0,50)`,
        '',
        'ℹ 1 chỗ khớp trong sai số làm tròn:',
        `  ${path}, dòng 6 (bo-a): tổng điểm ghi 89,95 — khớp trong sai số làm tròn: 1 + 2 = 61,86 + 28,10 = 89,96; 2 phần công bố làm tròn ±0,01 → 89,95 hợp lệ`,
      ].join('\n'),
    );
    const json = JSON.parse((await run([...inputs, '--against', path, '--format', 'json'])).stdout);
    expect(json.differences).toHaveLength(1);
    expect(json.differences[0]).toMatchObject({ unit: 'bo-g', field: 'points', published: 71.73, verdict: 'differs', interval: [71.725, 71.735] });
    expect(json.inconsistencies).toHaveLength(1);
    expect(json.checks.find((c: { unit: string }) => c.unit === 'bo-g')).toMatchObject({ stated: 71.73, computed: 71.23, range: [71.22, 71.24], slack: 0.01, verdict: 'differs' });
  });

  /*
   * bo-d printed 85,49 where its inputs give exactly 85,5 (85,50): wrong by 0,01. Its parts 60,00 +
   * 25,50 = 85,50 are within the rounding of the row (± 0,015), but 85,5 does not round to 85,49.
   * A global --tolerance 0,01 passes it (|85,49 − 85,5| = 0,01), and bo-a's 0,01 too: it hides
   * a real error along with the rounding.
   */
  it('catches an error of 0,01 that a global --tolerance 0,01 hides', async () => {
    const path = table('bo.csv', RIGHT.map((l) => l.replace('5;bo-d;Bộ D;60,00;25,50;85,50;5', '5;bo-d;Bộ D;60,00;25,50;85,49;5')));
    const printed = await run([...inputs, '--against', path, '--lang', 'en']);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toContain(`✖ 1 difference beyond the tolerance:\n  bo-d Bộ D — points: published 85.49, recomputed 85.50 (off by −0.01) [${path}, row 7, column F]\n`);
    const global = await run([...inputs, '--against', path, '--lang', 'en', '--tolerance', '0,01']);
    expect(global.code).toBe(0);
    expect(global.stdout).toContain('; tolerance 0.01\n');
    expect(global.stdout).toContain('✔ Matches: every published figure is recomputed within the tolerance.');
  });
});

describe('recheck at the printed precision: ranks', () => {
  /*
   * Printed with 2 decimals, bo-b (90,0213) and bo-c (90,0187) are both 90,02: tied, they may
   * stand in either order at ranks 2–3. bo-d and bo-e are exactly 85,5 (parscore: 5=), printed
   * 85,50: ranks 5–6 in any order. Windows: bo-f [1, 1]; bo-b, bo-c [2, 3]; bo-a [4, 4];
   * bo-d, bo-e [5, 6]; bo-g [7, 7]. bo-h, not ranked, is published "Không xếp hạng".
   */
  const TIES = [
    'STT;Mã đơn vị;Tên đơn vị;Chỉ số;Xếp hạng',
    '1;bo-f;Bộ F;93,12;1',
    '2;bo-c;Bộ C;90,02;2',
    '3;bo-b;Bộ B;90,02;3',
    '4;bo-a;Bộ A;89,95;4',
    '5;bo-d;Bộ D;85,50;5',
    '6;bo-e;Bộ E;85,50;6',
    '7;bo-g;Bộ G;71,23;7',
    '8;bo-h;Bộ H;—;Không xếp hạng',
  ];

  it('accepts units tied at the printed precision in either order, and says so', async () => {
    const path = table('hang.csv', TIES);
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'ℹ 3 chỗ khớp trong sai số làm tròn:',
        `  bo-b Bộ B — hạng: công bố 3, tính lại 2 — hòa ở độ chính xác công bố (chỉ số 90,02, 2 đơn vị): hạng 2–3 hợp lệ [${path}, dòng 4, cột E]`,
        `  bo-c Bộ C — hạng: công bố 2, tính lại 3 — hòa ở độ chính xác công bố (chỉ số 90,02, 2 đơn vị): hạng 2–3 hợp lệ [${path}, dòng 3, cột E]`,
        `  bo-e Bộ E — hạng: công bố 6, tính lại 5= — hòa ở độ chính xác công bố (chỉ số 85,50, 2 đơn vị): hạng 5–6 hợp lệ [${path}, dòng 7, cột E]`,
      ].join('\n'),
    );
    const en = JSON.parse((await run([...inputs, '--against', path, '--format', 'json', '--lang', 'en'])).stdout);
    const rank = (unit: string) => en.comparisons.find((c: { unit: string; field: string }) => c.unit === unit && c.field === 'rank');
    expect(rank('bo-c')).toMatchObject({ published: 2, recomputed: 3, verdict: 'tie', allowed: [2, 3], scope: 'group', printedIndex: 90.02 });
    expect(rank('bo-d')).toMatchObject({ published: 5, recomputed: 5, verdict: 'match', allowed: [5, 6] });
    expect(rank('bo-a')).toMatchObject({ published: 4, recomputed: 4, verdict: 'match', allowed: [4, 4] });
    // Published as not ranked, recomputed not ranked: the same.
    expect(rank('bo-h')).toMatchObject({ published: null, recomputed: null, verdict: 'match', publishedUnranked: true });
    expect(en.withinRounding[2].text).toBe(`bo-e Bộ E — rank: published 6, recomputed 5= — tied at the printed precision (index 85.50, 2 units): ranks 5–6 are valid [${path}, row 7, column E]`);
  });

  /*
   * bo-c at 4 is outside its window [2, 3]; bo-a at 3 is outside [4, 4] (89,95 is below 90,02
   * beyond any rounding). bo-b at 2 is where parscore puts it. bo-h given rank 8 is ranked where
   * parscore ranks it not.
   */
  it('flags a published order the printed values contradict', async () => {
    const path = table(
      'hang.csv',
      TIES.map((l) =>
        l
          .replace('2;bo-c;Bộ C;90,02;2', '2;bo-c;Bộ C;90,02;4')
          .replace('3;bo-b;Bộ B;90,02;3', '3;bo-b;Bộ B;90,02;2')
          .replace('4;bo-a;Bộ A;89,95;4', '4;bo-a;Bộ A;89,95;3')
          .replace('8;bo-h;Bộ H;—;Không xếp hạng', '8;bo-h;Bộ H;—;8'),
      ),
    );
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        '✖ 3 chênh lệch vượt sai số:',
        `  bo-c Bộ C — hạng: công bố 4, tính lại 3 (hòa ở độ chính xác công bố với 1 đơn vị khác, chỉ số 90,02: chỉ hạng 2–3 hợp lệ) [${path}, dòng 3, cột E]`,
        `  bo-a Bộ A — hạng: công bố 3, tính lại 4 [${path}, dòng 5, cột E]`,
        `  bo-h Bộ H — hạng: công bố 8, tính lại không xếp hạng [${path}, dòng 9, cột E]`,
      ].join('\n'),
    );

    // bo-f published not ranked ("chưa xếp hạng" in its band cell, as parscore writes it) where it is ranked 1.
    const unranked = table('hang.csv', ['Mã đơn vị;Chỉ số;Xếp hạng;Xếp loại', 'bo-f;93,12;;chưa xếp hạng: không có dữ liệu']);
    const u = await run([...inputs, '--against', unranked, '--lang', 'en']);
    expect(u.code).toBe(1);
    expect(u.stdout).toContain(`✖ 1 difference beyond the tolerance:\n  bo-f Bộ F — rank: published not ranked, recomputed 1 [${unranked}, row 2, column D]\n`);
  });

  /*
   * The top three and the bottom two of the seven, "…" between: ranks by the order of the five
   * given. Printed: bo-f 93,12; bo-c, bo-b 90,02; bo-e 85,50; bo-g 71,23. Windows among the five:
   * bo-f [1, 1]; bo-b, bo-c [2, 3]; bo-e [4, 4]; bo-g [5, 5]. Published ranks 1, 2, 3, 6, 7 put
   * them at places 1, 2, 3, 4, 5. Swapping the last two (bo-g 6, bo-e 7) puts bo-g at place 4 and
   * bo-e at 5, outside their windows.
   * The mean row under them is the group's (all 7 ranked): 605,3481 / 7 = 86,4783 → 86,48.
   */
  const TOP = [
    'Xếp hạng;Mã đơn vị;Tên đơn vị;Chỉ số',
    '1;bo-f;Bộ F;93,12',
    '2;bo-c;Bộ C;90,02',
    '3;bo-b;Bộ B;90,02',
    ';…;…;…',
    '6;bo-e;Bộ E;85,50',
    '7;bo-g;Bộ G;71,23',
    ';;Trung bình;86,48',
  ];

  it('flags a unit a top table skips at a rank it prints, and not those its "…" leaves out', async () => {
    // The top three printed as 1, 2, 3 without bo-c (recomputed 3): rank 3 is printed (for bo-a,
    // recomputed 4), so bo-c was skipped; bo-d, bo-e (5=) and bo-g (7) are beyond rank 3 and bo-h
    // is not ranked: not compared. The 3 units given keep their recomputed order (bo-f 1, bo-b 2,
    // bo-a 4: 1st, 2nd, 3rd of them), so no rank differs: only the skip tells.
    const path = table('dau.csv', ['Xếp hạng;Mã đơn vị;Tên đơn vị;Chỉ số', '1;bo-f;Bộ F;93,12', '2;bo-b;Bộ B;90,02', '3;bo-a;Bộ A;89,95']);
    const r = await run([...inputs, '--against', path, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ bo-c Bộ C is not in ${path}, though the table prints rank 3, this unit's recomputed rank (it prints ranks 1–3)`);
    expect(r.stdout).toContain(`ℹ Recomputed but not in ${path} (not compared): bo-d, bo-e, bo-g, bo-h\n`);
  });

  it('compares the ranks of a table giving only the top and bottom by their order', async () => {
    const path = table('dau-cuoi.csv', TOP);
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        `Chạy lại và đối chiếu với ${path}: 5 đơn vị; so chỉ số, hạng; sai số cho phép: làm tròn của từng số liệu công bố`,
        '1 dòng tổng hợp (trung bình, tổng) so với trung bình hoặc tổng của nhóm',
        'Bảng có 5/7 đơn vị được xếp hạng của nhóm Bộ, cơ quan ngang bộ (bo): hạng so theo thứ tự các đơn vị có trong bảng',
      ].join('\n'),
    );
    expect(r.stdout).toContain(`  bo-c Bộ C — hạng: công bố 2, tính lại 3 — hòa ở độ chính xác công bố (chỉ số 90,02, 2 đơn vị): thứ 2–3 trong 5 đơn vị của bảng hợp lệ [${path}, dòng 3, cột A]`);
    expect(r.stdout).toContain(`ℹ Tính lại được nhưng không có trong ${path} (không so): bo-a, bo-d, bo-h\n`);

    const swapped = table('dau-cuoi.csv', TOP.map((l) => l.replace('6;bo-e', '7;bo-e').replace('7;bo-g', '6;bo-g')));
    const wrong = await run([...inputs, '--against', swapped, '--lang', 'en']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      [
        '✖ 2 differences beyond the tolerance:',
        `  bo-e Bộ E — rank: published 7, recomputed 5= (the table gives 5 units of the group, compared by order: published place 5, recomputed 4) [${swapped}, row 6, column A]`,
        `  bo-g Bộ G — rank: published 6, recomputed 7 (the table gives 5 units of the group, compared by order: published place 4, recomputed 5) [${swapped}, row 7, column A]`,
      ].join('\n'),
    );
    const json = JSON.parse((await run([...inputs, '--against', swapped, '--format', 'json'])).stdout);
    expect(json.partial).toEqual([{ group: 'bo', title: 'Bộ, cơ quan ngang bộ', given: 5, ranked: 7 }]);
    expect(json.differences[0]).toMatchObject({ unit: 'bo-e', verdict: 'differs', scope: 'order', place: 5, of: 5, allowed: [4, 4] });
  });
});

describe('recheck at the printed precision: blanks, summary rows, 3 and 4 decimals', () => {
  /*
   * "N/A", "", "—", "-", "…" and "*" are not published: not compared, counted (8 cells: bo-b 2, bo-c
   * index, bo-d 1, bo-e rank, bo-h points, 1, 2; bo-g's band "*"). bo-h's index "—" is no index, as
   * recomputed (not ranked): the same. A row with a part not published (bo-b, bo-d) is not summed.
   * bo-f's total printed with 3 decimals: 93,123 ± 0,0005; 93,1234 rounds to 93,123. Its parts
   * 65,00 + 28,12 = 93,12 ± 0,01 overlap it (|93,123 − 93,12| = 0,003 ≤ 0,0105).
   * bo-g's 71,238: 71,2345 rounds to 71,235 (3 decimals), not 71,238: 0,0035 off — within a
   * tolerance of 0,005 at 2 decimals, but printed with 3 it is a difference.
   * "Trung bình" (mean of the 7 ranked): 1 60,12215… → 60,12; 2 26,35614… → 26,36; index 86,4783
   * → 86,48; points printed 86,477: 86,4783 rounds to 86,478, but a mean of values printed with 2
   * decimals carries ± 0,005: |86,477 − 86,4783| = 0,0013 ≤ 0,0005 + 0,005, valid within rounding.
   * Its parts 60,12 + 26,36 = 86,48 (± 0,01) hold the 86,477 too (0,003 ≤ 0,0105).
   * "Tổng cộng": 420,8551 → 420,86; 184,4930 → 184,49; 605,3481 → 605,35; its index column has a
   * mean's place, left blank. 420,86 + 184,49 = 605,35.
   */
  const BLANKS = [
    'STT;Mã đơn vị;Tên đơn vị;1 Kết quả thẩm định;2 Điều tra xã hội học;Tổng điểm;Chỉ số;Xếp hạng;Xếp loại',
    '1;bo-f;Bộ F;65,00;28,12;93,123;93,12;1;Xuất sắc',
    '2;bo-b;Bộ B;62,50;N/A;90,02;90,02;2;Xuất sắc',
    '3;bo-c;Bộ C;62,50;27,52;90,02;;3;Xuất sắc',
    '4;bo-a;Bộ A;61,86;28,10;89,950;89,95;4;Tốt',
    '5;bo-d;Bộ D;—;25,50;85,50;85,50;5;Tốt',
    '6;bo-e;Bộ E;60,00;25,50;85,50;85,50;-;Tốt',
    '7;bo-g;Bộ G;49,00;22,23;71,238;71,23;7;*',
    '8;bo-h;Bộ H;—;…;—;—;—;—',
    ';Trung bình;;60,12;26,36;86,477;86,48;;',
    ';Tổng cộng;;420,86;184,49;605,35;;;',
  ];

  it('does not compare what is not published, checks the mean and total rows, and reads 3 decimals as 3', async () => {
    const path = table('trong.csv', BLANKS);
    const r = await run([...inputs, '--against', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `Chạy lại và đối chiếu với ${path}: 8 đơn vị; so điểm, chỉ số, hạng, xếp loại, 2 mục theo mã tiêu chí; sai số cho phép: làm tròn của từng số liệu công bố`,
        '2 dòng tổng hợp (trung bình, tổng) so với trung bình hoặc tổng của nhóm',
        '8 ô để trống hoặc không công bố (—, N/A…) nên không so: bo-b (2), bo-c (chỉ số), bo-d (1), bo-e (hạng), bo-g (xếp loại), bo-h (điểm, 1, 2)',
        // bo-e's rank not published: the table ranks 6 of the 7, compared by their order (which holds).
        'Bảng có 6/7 đơn vị được xếp hạng của nhóm Bộ, cơ quan ngang bộ (bo): hạng so theo thứ tự các đơn vị có trong bảng',
        '',
        '✖ 1 chênh lệch vượt sai số:',
        `  bo-g Bộ G — điểm: công bố 71,238, tính lại 71,2345 (chênh +0,0035) [${path}, dòng 8, cột F]`,
        '',
        'ℹ 5 chỗ khớp trong sai số làm tròn:',
        `  Trung bình (trung bình 7 đơn vị) — điểm: công bố 86,477 — khớp trong sai số làm tròn: trung bình tính lại = 86,4783; tính từ 7 số liệu công bố làm tròn thì ±0,005 → 86,477 hợp lệ [${path}, dòng 10, cột F]`,
        `  ${path}, dòng 2 (bo-f): tổng điểm ghi 93,123 — khớp trong sai số làm tròn: 1 + 2 = 65,00 + 28,12 = 93,12; 2 phần công bố làm tròn ±0,01 → 93,123 hợp lệ`,
        `  ${path}, dòng 5 (bo-a): tổng điểm ghi 89,950 — khớp trong sai số làm tròn: 1 + 2 = 61,86 + 28,10 = 89,96; 2 phần công bố làm tròn ±0,01 → 89,950 hợp lệ`,
        `  ${path}, dòng 8 (bo-g): tổng điểm ghi 71,238 — khớp trong sai số làm tròn: 1 + 2 = 49,00 + 22,23 = 71,23; 2 phần công bố làm tròn ±0,01 → 71,238 hợp lệ`,
        `  ${path}, dòng 10 (Trung bình): tổng điểm ghi 86,477 — khớp trong sai số làm tròn: 1 + 2 = 60,12 + 26,36 = 86,48; 2 phần công bố làm tròn ±0,01 → 86,477 hợp lệ`,
        '',
      ].join('\n'),
    );
    // A blank is never compared as a value ("công bố trống, tính lại 91,86").
    expect(r.stdout).not.toContain('công bố trống');
    const json = JSON.parse((await run([...inputs, '--against', path, '--format', 'json'])).stdout);
    expect(json.summaries).toBe(2);
    expect(json.notPublished).toContainEqual({ unit: 'bo-b', field: 'part', id: '2', written: 'N/A', at: { file: path, row: 3, column: 'E' } });
    const mean = (field: string, id?: string) => json.comparisons.find((c: { unit: string; field: string; id?: string }) => c.unit === 'Trung bình' && c.field === field && c.id === id);
    expect(mean('points')).toMatchObject({ published: 86.477, recomputed: 86.4783, places: 3, interval: [86.4765, 86.4775], verdict: 'rounding', summary: { kind: 'mean', units: 7, spread: 0.005 } });
    expect(mean('index')).toMatchObject({ published: 86.48, recomputed: 86.4783, verdict: 'match' });
    expect(mean('part', '1')).toMatchObject({ published: 60.12, verdict: 'match' });
    const total = json.comparisons.find((c: { unit: string; field: string }) => c.unit === 'Tổng cộng' && c.field === 'points');
    // A total from 7 figures printed with 2 decimals would carry ± 7 × 0,005 = 0,035.
    expect(total).toMatchObject({ published: 605.35, recomputed: 605.3481, verdict: 'match', summary: { kind: 'total', units: 7, spread: 0.035 } });
    expect(json.comparisons.find((c: { unit: string; field: string }) => c.unit === 'bo-f' && c.field === 'points')).toMatchObject({ published: 93.123, recomputed: 93.1234, places: 3, interval: [93.1225, 93.1235], verdict: 'match' });
  });

  /*
   * A wrong mean row: the index mean printed 86,58, 0,1 above 86,4783 — beyond its ± 0,005 and the
   * ± 0,005 a mean of printed indices carries.
   */
  it('flags a mean row that is not the mean of the group', async () => {
    const path = table('tb.csv', ['Mã đơn vị;Tên đơn vị;Chỉ số', 'bo-f;Bộ F;93,12', 'bo-a;Bộ A;89,95', ';Trung bình;86,58']);
    const r = await run([...inputs, '--against', path, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ 1 difference beyond the tolerance:\n  Trung bình (mean of 7 units) — index: published 86.58, recomputed 86.4783 (off by +0.1017) [${path}, row 4, column C]\n`);
  });

  /*
   * A sub-dimension table with 4 decimals, in English notation, the national mean on top ("Cả
   * nước", the mean of the units below it). Leaves are printed exactly (4 decimals of 4): bo-a
   * 1.1 31.4251 + 1.2 30.4300 = 61.8551 (± 0.0001), printed 61.86 (± 0.005): 61.8551 rounds to it.
   * bo-g's 2.1 printed 22.2346 where its input is 22.2345: 0.0001 off, a difference at 4 decimals.
   * "Cả nước": 1.1 (33 + 32.5 + 32 + 31.4251 + 30 + 29 + 25) / 7 = 212.9251 / 7 = 30.41787… → 30.4179.
   */
  it('reads a table printed with 4 decimals at 4', async () => {
    const path = table('tieu-chi-thanh-phan.csv', [
      'Unit,Name,1.1,1.2,1,2.1,2',
      'Cả nước,,30.4179,,,,',
      'bo-a,Bộ A,31.4251,30.4300,61.86,28.0951,28.10',
      'bo-g,Bộ G,25.0000,24.0000,49.00,22.2346,22.23',
    ]);
    const r = await run([...inputs, '--against', path, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 summary row (mean, total) checked against the group\'s mean or total\n');
    expect(r.stdout).toContain(`✖ 1 difference beyond the tolerance:\n  bo-g Bộ G — 2.1 Mức độ hài lòng: published 22.2346, recomputed 22.2345 (off by +0.0001) [${path}, row 4, column F]\n`);
    // 2.1 printed 22.2346 (± 0.00005) against 2 printed 22.23 (± 0.005): 22.2346 rounds to 22.23.
    expect(r.stdout).not.toContain('does not add up');
    const json = JSON.parse((await run([...inputs, '--against', path, '--format', 'json'])).stdout);
    expect(json.checks.find((c: { unit: string; of: string }) => c.unit === 'bo-a' && c.of === '1')).toMatchObject({ stated: 61.86, computed: 61.8551, slack: 0.0001, verdict: 'match' });
    expect(json.comparisons.find((c: { unit: string; field: string; id?: string }) => c.unit === 'Cả nước' && c.id === '1.1')).toMatchObject({ published: 30.4179, places: 4, verdict: 'match', summary: { kind: 'mean', units: 7 } });
  });
});

describe("recheck against parscore's own workbook", () => {
  /** The README's second demo: the provincial departments, two groups, quartile bands in one. */
  const DEMO_SO = [
    'criteria/par-so-2025.yaml',
    'fixtures/par-so-2025/minh-chung.xlsx',
    'fixtures/par-so-2025/dieu-tra-xhh.csv',
    '--units',
    'fixtures/par-so-2025/don-vi.csv',
    '--self',
    'fixtures/par-so-2025/tu-cham.csv',
    '--adjust',
    'fixtures/par-so-2025/dieu-chinh.csv',
    '--records',
    'ho_so=fixtures/par-so-2025/ho-so.xlsx',
  ];

  it('reads the ranking sheet of the workbook score --format xlsx writes, area columns included, and finds no difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-own-'));
    for (const [demo, units, lang] of [
      [DEMO_XA, 40, 'vi'],
      [DEMO_XA, 40, 'en'],
      [DEMO_SO, 19, 'vi'],
    ] as const) {
      const book = join(dir, `ket-qua-${units}-${lang}.xlsx`);
      expect((await run(['score', ...demo, '--format', 'xlsx', '--lang', lang, '-o', book])).code).toBe(0);
      const r = await run(['recheck', ...demo, '--against', book, '--lang', 'en']);
      // Its detail sheets, which repeat every unit, are not read.
      expect(r.stderr).not.toContain('duplicate-unit');
      expect(r.code).toBe(0);
      // The 8 areas headed "1. Công tác chỉ đạo…" matched to their criteria.
      expect(r.stdout).toContain(`Recomputed and compared with ${book} (sheet ${lang === 'vi' ? 'Xếp hạng' : 'Ranking'}): ${units} units; points, max, index, rank, band, 8 items by criterion id compared`);
      expect(r.stdout).toContain('✔ Matches');
    }
  });

  /*
   * xa-my-loc's area 1, in its row and the column headed "1. Công tác chỉ đạo…", lowered by 0,10
   * in the workbook: a difference of −0,10 at that cell. Its total is not summed from the areas:
   * the ranking sheet has no bonus column.
   */
  it('names the cell of a figure changed in that workbook, and reads another sheet when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-own-'));
    const book = join(dir, 'ket-qua.xlsx');
    await run(['score', ...DEMO_XA, '--format', 'xlsx', '-o', book]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(book);
    const sheet = workbook.getWorksheet('Xếp hạng')!;
    expect(sheet.getCell('C2').value).toBe('xa-my-loc');
    expect(sheet.getCell('J1').value).toBe('1. Công tác chỉ đạo, điều hành cải cách hành chính');
    const computed = Exact.fromNumber(sheet.getCell('J2').value as number);
    const lowered = computed.sub(Exact.of(1, 10));
    sheet.getCell('J2').value = lowered.toNumber(2);
    const changed = join(dir, 'sua.xlsx');
    await workbook.xlsx.writeFile(changed);
    const r = await run(['recheck', ...DEMO_XA, '--against', changed, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `✖ 1 difference beyond the tolerance:\n  xa-my-loc Xã Mỹ Lộc — 1 Công tác chỉ đạo, điều hành cải cách hành chính: published ${lowered.toFixed(2)}, recomputed ${computed.toFixed(2)} (off by −0.10) [${changed}, sheet Xếp hạng, row 2, column J]\n`,
    );

    // Another sheet by name; one that is not there, or a sheet of a CSV, is a usage error (exit 2).
    const named = await run(['recheck', ...DEMO_XA, '--against', book, '--against-sheet', 'Xếp hạng', '--lang', 'en']);
    expect(named.code).toBe(0);
    const missing = await run(['recheck', ...DEMO_XA, '--against', book, '--against-sheet', 'Kết quả', '--lang', 'en']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${book}: cannot be read: there is no sheet "Kết quả"; the sheets are "Xếp hạng", "Chi tiết", "Điểm trừ", "Trách nhiệm", "Thông tin"`);
    const csv = await run(['recheck', ...DEMO_XA, '--against', `${F}/minh-chung.csv`, '--against-sheet', 'Xếp hạng', '--lang', 'en']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain(`--against-sheet Xếp hạng: ${F}/minh-chung.csv is not an XLSX workbook, so it has no sheets`);
  });

  /*
   * A workbook as an office formats it: the total holds the unrounded 89,9502 but is formatted
   * 0.00, so it is printed 89,95 (± 0,005); bo-f's 93,1234 formatted 0.000 is printed 93,123;
   * bo-g's 71.238 in General is printed with its 3 decimals, and 71,2345 rounds to 71,235.
   * Only this sheet is read (--against-sheet), not the notes beside it.
   */
  it('reads each number as its cell format prints it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-formats-'));
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Ghi chú');
    notes.addRow(['Mã đơn vị', 'Điểm']);
    notes.addRow(['bo-a', 'xem bảng']);
    const sheet = workbook.addWorksheet('Bộ');
    sheet.addRow(['Mã đơn vị', 'Tổng điểm', 'Xếp hạng']);
    sheet.addRow(['bo-f', 93.1234, 1]).getCell(2).numFmt = '0.000';
    sheet.addRow(['bo-a', 89.9502, 4]).getCell(2).numFmt = '0.00';
    sheet.addRow(['bo-g', 71.238, 7]);
    const path = join(dir, 'cong-bo.xlsx');
    await workbook.xlsx.writeFile(path);
    const all = await run([...inputs, '--against', path, '--lang', 'en']);
    // Every sheet by default: the notes sheet has a points column holding text.
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('sheet Ghi chú, row 2, column B  error  published-value');
    const r = await run([...inputs, '--against', path, '--against-sheet', 'Bộ', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    const points = (unit: string) => json.comparisons.find((c: { unit: string; field: string }) => c.unit === unit && c.field === 'points');
    expect(points('bo-f')).toMatchObject({ published: 93.123, places: 3, verdict: 'match' });
    expect(points('bo-a')).toMatchObject({ published: 89.95, places: 2, interval: [89.945, 89.955], verdict: 'match' });
    expect(points('bo-g')).toMatchObject({ published: 71.238, places: 3, verdict: 'differs' });
    expect(json.differences).toHaveLength(1);
    expect(json.sheet).toBe('Bộ');
  });
});
