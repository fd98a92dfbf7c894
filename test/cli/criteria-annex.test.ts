import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

/** `parscore criteria annex` and `parscore criteria import`, as a user runs them. */
const EN = { PARSCORE_LANG: 'en' };

describe('parscore criteria, with its subcommands', () => {
  it('still lists the built-in sets when given no subcommand, and its help names both subcommands', async () => {
    const list = await run(['criteria']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^par-xa-2025 +Bộ Chỉ số cải cách hành chính/m);
    const help = await run(['criteria', '--help']);
    expect(help.stdout).toMatch(/^ {2}annex \[tuỳ chọn\] <criteria> +phụ lục của quyết định/m);
    expect(help.stdout).toMatch(/^ {2}import \[tuỳ chọn\] <table> +tệp tiêu chí bắt đầu từ bảng tiêu chí/m);
    const en = await run(['criteria', '--help'], { env: EN });
    expect(en.stdout).toMatch(/^ {2}annex \[options\] <criteria> +the decision's annex/m);
  });

  it("runs each subcommand's help example, which ends the help in both languages", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-annex-help-'));
    for (const name of ['annex', 'import']) {
      const vi = await run(['criteria', name, '--help']);
      const en = await run(['criteria', name, '--help'], { env: EN });
      expect(vi.stdout.startsWith(`Cách dùng: parscore criteria ${name} [tuỳ chọn]`)).toBe(true);
      expect(en.stdout.startsWith(`Usage: parscore criteria ${name} [options]`)).toBe(true);
      const lines = (text: string, title: string) => text.slice(text.indexOf(`\n${title}: `)).split('\n').slice(2).filter((l) => l.startsWith('  parscore '));
      expect(lines(en.stdout, 'Example')).toEqual(lines(vi.stdout, 'Ví dụ'));
      for (const line of lines(vi.stdout, 'Ví dụ')) {
        const r = await run([...line.trim().split(' ').slice(1), '--force'], { cwd });
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      }
    }
    expect(existsSync(join(cwd, 'phu-luc.xlsx'))).toBe(true);
    expect(existsSync(join(cwd, 'bo-tieu-chi.yaml'))).toBe(true);
  });
});

describe('parscore criteria annex', () => {
  it('prints Markdown by default; the format follows the -o name', async () => {
    const r = await run(['criteria', 'annex', 'par-xa-2025']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# PHỤ LỤC\n')).toBe(true);
    expect(r.stdout).toBe(readFileSync('docs/annex/par-xa-2025.md', 'utf8'));
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-annex-'));
    const html = await run(['criteria', 'annex', 'par-xa-2025', '-o', 'phu-luc.html', '--lang', 'en'], { cwd });
    expect(html.code).toBe(0);
    expect(html.stderr).toBe('Wrote phu-luc.html\n');
    expect(readFileSync(join(cwd, 'phu-luc.html'), 'utf8')).toContain('<p class="title annex">ANNEX</p>');
  });

  it('refuses a workbook to the terminal, a format it does not write, and a criteria file with errors', async () => {
    const terminal = await run(['criteria', 'annex', 'par-xa-2025', '--format', 'xlsx']);
    expect(terminal.code).toBe(2);
    expect(terminal.stderr).toContain('-o phu-luc.xlsx');
    const csv = await run(['criteria', 'annex', 'par-xa-2025', '-o', 'phu-luc.csv']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('.md, .markdown, .xlsx, .html, .htm');
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-annex-bad-'));
    writeFileSync(join(cwd, 'sai.yaml'), 'format: parscore/criteria@1\nid: sai\ntitle: Sai\nyear: 2025\ngroups: [{ id: a, title: A }]\ncriteria:\n  - { id: "1", title: X, max: 1, rule: { kind: bolean } }\n');
    const bad = await run(['criteria', 'annex', 'sai.yaml'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown-rule-kind');
    expect(bad.stdout).toBe('');
  });
});

describe('parscore criteria import', () => {
  it('reads its own annex back into a file that validates; says what it read and what it left out', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-import-cli-'));
    expect((await run(['criteria', 'annex', 'par-so-2025', '-o', 'phu-luc.xlsx'], { cwd })).code).toBe(0);
    const r = await run(['criteria', 'import', 'phu-luc.xlsx', '-o', 'so-2026.yaml', '--year', '2026'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    // The three rows after the total are the bonus heading and its two adjustments.
    expect(r.stderr).toContain('annex-after-total');
    expect(r.stderr).toMatch(/Đã đọc \d+ lĩnh vực, tiêu chí và \d+ tiêu chí thành phần/);
    expect(r.stderr.endsWith('Đã ghi so-2026.yaml\n')).toBe(true);
    const text = readFileSync(join(cwd, 'so-2026.yaml'), 'utf8');
    expect(text).toMatch(/^id: so-2026$/m);
    expect(text).toMatch(/^year: 2026$/m);
    const valid = await run(['validate', 'so-2026.yaml'], { cwd });
    expect(valid.code, valid.stdout).toBe(0);
  });

  it('a table with problems: exit 1, each at its sheet, row and column, and nothing written', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-import-bad-'));
    writeFileSync(join(cwd, 'bang.csv'), 'STT,Tiêu chí,Điểm tối đa\n1,A,3\n1.1,B,1\n1.2,C,"1,5"\n1.2,D,"0,5"\n');
    const r = await run(['criteria', 'import', 'bang.csv', '-o', 'bo.yaml', '--title', 'Thử', '--year', '2025'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dòng 5, cột A  lỗi  annex-duplicate-number  Số thứ tự "1.2" trùng với một dòng bên trên; mỗi tiêu chí cần một số riêng. (xem bang.csv, dòng 4, cột A)');
    // 1 + 1,5 = 2,5 under "1", which says 3 (the duplicate row is not counted).
    expect(r.stderr).toContain('dòng 2, cột C  lỗi  annex-subtotal  "1" ghi điểm tối đa 3 nhưng tổng các tiêu chí bên dưới là 2,5; hãy sửa cho khớp.');
    expect(existsSync(join(cwd, 'bo.yaml'))).toBe(false);
    const en = await run(['criteria', 'import', 'bang.csv', '--title', 'T', '--year', '2025', '--lang', 'en'], { cwd });
    expect(en.stderr).toContain('row 2, column C  error  annex-subtotal  "1" gives max points 3 but the criteria below it add up to 2.5; make them agree.');
  });

  it('a table it cannot read: exit 2, one line; an output that is not YAML: exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-import-missing-'));
    const missing = await run(['criteria', 'import', 'khong-co.xlsx'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('khong-co.xlsx');
    const wrong = await run(['criteria', 'import', 'khong-co.xlsx', '-o', 'bo.txt'], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('.yaml');
    const sheet = await run(['criteria', 'import', 'bang.csv', '--sheet', 'Phụ lục'], { cwd });
    expect(sheet.code).toBe(2);
    expect(sheet.stderr).toContain('không phải sổ tính XLSX');
  });

  it('prints the file when given no -o', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parscore-import-stdout-'));
    writeFileSync(join(cwd, 'bang.csv'), 'STT,Tiêu chí,Điểm tối đa\n1,A,"2,5"\n');
    const r = await run(['criteria', 'import', 'bang.csv', '--title', 'Bộ thử năm 2025'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\nid: bo-tieu-chi\ntitle: "Bộ thử năm 2025"\nyear: 2025\n');
    expect(r.stdout).toContain('  - id: "1"\n    title: "A"\n    max: 2.5\n');
  });
});
