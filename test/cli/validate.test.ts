import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const corpus = 'test/criteria/invalid';

describe('parscore validate', () => {
  it('exits 0 and says so for a valid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-'));
    writeFileSync(
      join(dir, 'ok.yaml'),
      `format: parscore/criteria@1
id: ok
title: Hợp lệ
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Báo cáo, max: 1, responsible: Văn phòng, rule: { kind: boolean } }
`,
    );
    const r = await run(['validate', 'ok.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok.yaml: hợp lệ');
    expect(r.stderr).toBe('');
  });

  it('reports three mistakes of one file in one run, each at its line, and exits 1', async () => {
    const r = await run(['validate', `${corpus}/three-mistakes.yaml`, '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(problems.map((p) => [p['code'], p['line'], p['column']])).toEqual([
      ['unknown-key', 18, 9],
      ['max-mismatch', 22, 10],
      ['points-above-max', 28, 81],
    ]);
    for (const p of problems) {
      expect(Object.keys(p).sort()).toEqual(['code', 'column', 'file', 'line', 'message', 'severity']);
      expect(p['file']).toBe(`${corpus}/three-mistakes.yaml`);
      expect(p['severity']).toBe('error');
    }
    expect(problems[0]!['message']).toContain('Did you mean "responsible"?');
    // The parent "2" declares 3 but its only child has max 2.
    expect(problems[1]!['message']).toContain('declares max 3 but its children add up to 2');
  });

  it('writes one GitHub annotation per problem, escaped', async () => {
    const r = await run(['validate', `${corpus}/three-mistakes.yaml`, `${corpus}/missing-responsible.yaml`, '--format', 'github', '--lang', 'en']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^::error file=test\/criteria\/invalid\/three-mistakes\.yaml,line=18,col=9,title=unknown-key::Unknown key "resposible"\./);
    expect(lines[3]).toMatch(/^::warning file=test\/criteria\/invalid\/missing-responsible\.yaml,line=16,col=5,title=missing-responsible::/);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z0-9-]+::[^\n]+$/);
  });

  it('shows the offending line under each problem in text', async () => {
    const r = await run(['validate', `${corpus}/unknown-rule-kind.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('15:19');
    expect(r.stdout).toContain('Loại quy tắc "dealine" không tồn tại. Có phải ý bạn là "deadline"?');
    expect(r.stdout).toContain('    15 │     rule: { kind: dealine, due: 2024-12-15 }');
    // The caret sits under column 19: 6 gutter characters, " │ ", then 18 spaces.
    expect(r.stdout).toContain('       │ ' + ' '.repeat(18) + '^');
    expect(r.stdout).toContain('✖ 1 vấn đề (1 lỗi, 0 cảnh báo) trong 1 tệp');
  });

  it('lets warnings pass unless --strict', async () => {
    const file = `${corpus}/missing-responsible.yaml`;
    expect((await run(['validate', file])).code).toBe(0);
    expect((await run(['validate', file, '--strict'])).code).toBe(1);
  });

  it('exits 2 with one line when a file cannot be read, and still checks the others', async () => {
    const r = await run(['validate', 'no-such-file.yaml', `${corpus}/max-mismatch.yaml`, '--lang', 'en', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('no-such-file.yaml: cannot read the file: no such file; check the name and folder\n');
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('refuses a file over the size limit with the variable that raises it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-'));
    writeFileSync(join(dir, 'big.yaml'), '#'.repeat(2 * 1024 * 1024));
    const r = await run(['validate', 'big.yaml', '--lang', 'en'], { cwd: dir, env: { PARSCORE_MAX_CRITERIA_MB: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('over the limit of 1.0 MB (set PARSCORE_MAX_CRITERIA_MB to raise it)');
  });

  it('reports bytes that are not UTF-8 at their line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-'));
    // "title: B" then 0xE1 0x6F: a lead byte without its continuation (Windows-1258 "á").
    writeFileSync(join(dir, 'ansi.yaml'), Buffer.concat([Buffer.from('format: parscore/criteria@1\ntitle: B'), Buffer.from([0xe1, 0x6f]), Buffer.from('\n')]));
    const r = await run(['validate', 'ansi.yaml', '--format', 'json', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    const [p] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    // Line 2; "title: B" is 8 characters, so the bad byte is column 9 (byte 36 of the file).
    expect(p).toMatchObject({ code: 'not-utf8', line: 2, column: 9 });
    expect(p!['message']).toContain('byte 37');
  });

  it('answers usage mistakes with exit 2 and a suggestion, in the chosen language', async () => {
    const a = await run(['validat', 'x.yaml']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('Lệnh không tồn tại: validat. Có phải ý bạn là validate?');
    const b = await run(['validate', 'x.yaml', '--format', 'jsn', '--lang', 'en']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('--format: "jsn" is not accepted. Did you mean "json"? Use one of: text, json, github.\n');
    const c = await run(['validate']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('Thiếu tham số bắt buộc');
  });

  it('prints help and the version with exit 0', async () => {
    const h = await run(['--help', '--lang', 'en']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('validate');
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
