import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

/**
 * --records on the command line: a small dossier export and survey, scored, explained and checked,
 * and every way the option or a record file can be wrong.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-records-cli-'));
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

write(
  'tieu-chi.yaml',
  `format: parscore/criteria@1
id: thu-ho-so
title: Thử danh sách hồ sơ
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Thủ tục hành chính
    responsible: Bộ phận Một cửa
    children:
      - { id: "1.1", title: Tỷ lệ hồ sơ đúng hạn, max: 2, indicator: dung_han, rule: { kind: proportional } }
      - { id: "1.2", title: Công khai thủ tục, max: 1, indicator: cong_khai, rule: { kind: boolean } }
      - { id: "1.3", title: Mức hài lòng, max: 1, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }
indicators:
  dung_han:
    from: ho_so
    row_label: hồ sơ
    on_time: { done: ngay_tra, due: han_tra }
  hai_long:
    from: khao_sat
    unit_column: ma_xa
    row_label: phiếu
    min_rows: 3
    mean: { column: cau_1, map: { Hài lòng: 1, Bình thường: 0.5, Không hài lòng: 0 } }
`,
);
write('don-vi.csv', 'Mã đơn vị,Tên đơn vị,Nhóm\nxa-a,Xã A,xa\nxa-b,Xã B,xa\n');
write('minh-chung.csv', 'unit,indicator,value\nxa-a,cong_khai,có\nxa-b,cong_khai,có\n');
// xa-a: 4 returned (3 on time: 04/03, 05/03 on the due date, 01/03), 1 late; 1 not yet returned.
write(
  'ho-so.csv',
  [
    'Số hồ sơ;Mã đơn vị;Hạn trả;Ngày trả',
    'H1;xa-a;05/03/2025;04/03/2025',
    'H2;xa-a;05/03/2025;05/03/2025',
    'H3;xa-a;05/03/2025;06/03/2025',
    'H4;xa-a;10/03/2025;01/03/2025',
    'H5;xa-a;10/03/2025;',
    'H6;xa-b;10/03/2025;09/03/2025',
  ].join('\r\n') + '\r\n',
);
// xa-a: 1 + 0,5 + 1 = 2,5 of 3 answers; xa-b: 2 answers, below min_rows 3.
write('khao-sat.csv', ['ma_xa,cau_1', 'xa-a,Hài lòng', 'xa-a,Bình thường', 'xa-a,hài lòng', 'xa-b,Hài lòng', 'xa-b,Không hài lòng'].join('\n') + '\n');

const base = ['tieu-chi.yaml', 'minh-chung.csv', '--units', 'don-vi.csv'];
const records = ['--records', 'ho_so=ho-so.csv', '--records', 'khao_sat=khao-sat.csv'];
const cli = (args: string[]) => run(args, { cwd: dir });

describe('--records', () => {
  it('scores derived indicators and cites their sample', async () => {
    const r = await cli(['explain', ...base, ...records, '--unit', 'xa-a', '--order', 'tree']);
    expect(r.code).toBe(0);
    // 3 of 4 returned dossiers on time = 75% → 0,75 × 2 = 1,5; the pending one left out.
    expect(r.stdout).toContain('1.1 Tỷ lệ hồ sơ đúng hạn: 1,5/2 — tỷ lệ 75% (3/4 hồ sơ; không tính 1 hồ sơ: 1 chưa hoàn thành; KTC 95%: ');
    // (1 + 0,5 + 1)/3 = 0,8333… → 0,83 of 1.
    expect(r.stdout).toContain('1.3 Mức hài lòng: 0,83/1 — 0,8333 so với mục tiêu 1 (trung bình của 3 phiếu; KTC 95%: ');
    expect(r.stdout).toContain('khao-sat.csv)');
  });

  it('leaves a unit below min_rows out of that leaf, saying why', async () => {
    const r = await cli(['explain', ...base, ...records, '--unit', 'xa-b', '--item', '1.3', '--lang', 'en']);
    expect(r.stdout).toContain('1.3 Mức hài lòng: not scored — only 2 rows of data, below the minimum of 3: insufficient data (khao-sat.csv)');
    // Its max is 2 + 1 (1.3 left out): 1.1 = 1/1 on time → 2; 1.2 → 1: 3/3.
    expect(r.stdout).toContain('Points 3.00/3.00');
  });

  it('writes the sample into the JSON report and the manifest', async () => {
    const r = await cli(['score', ...base, ...records, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const item = report.units.find((u: { unit: string }) => u.unit === 'xa-a').items[0];
    expect(item.derived).toMatchObject({ kind: 'on_time', n: 4, hits: 3, excluded: [{ reason: 'pending', count: 1 }], ci: { method: 'wilson' }, files: ['ho-so.csv'] });
    expect(report.manifest.inputs.map((i: { role: string; file: string }) => `${i.role} ${i.file}`)).toEqual([
      'evidence minh-chung.csv',
      'records:ho_so ho-so.csv',
      'records:khao_sat khao-sat.csv',
      'units don-vi.csv',
    ]);
  });

  it('needs no evidence file when record files give the data', async () => {
    write('chi-ho-so.yaml', `format: parscore/criteria@1
id: chi-ho-so
title: Chỉ hồ sơ
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Đúng hạn, max: 2, indicator: dung_han, responsible: Bộ phận Một cửa, rule: { kind: proportional } }
indicators:
  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }
`);
    const r = await cli(['score', 'chi-ho-so.yaml', '--units', 'don-vi.csv', '--records', 'ho_so=ho-so.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/xa-b .* 2,00 +2,00 +100,00/);
  });

  it('refuses a name the criteria do not use, with a suggestion, and a value without NAME=', async () => {
    const typo = await cli(['score', ...base, '--records', 'hoso=ho-so.csv']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--records hoso=ho-so.csv: bộ tiêu chí không có nguồn dữ liệu "hoso". Có phải ý bạn là "ho_so"? Các nguồn: ho_so, khao_sat.');
    const bare = await cli(['check', ...base, '--records', 'ho-so.csv', '--lang', 'en']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--records: "ho-so.csv" must be NAME=FILE');
    const none = await cli(['score', 'tieu-chi.yaml', '--units', 'don-vi.csv']);
    expect(none.code).toBe(2);
  });

  it('refuses a record file that cannot be read, in one line', async () => {
    const r = await cli(['score', ...base, '--records', 'ho_so=khong-co.csv', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('khong-co.csv: cannot be read: no such file; check the name and folder\n');
  });

  it('names the missing column of a record file, and the source no file was given for', async () => {
    write('thieu-cot.csv', 'Mã đơn vị,Hạn trả\nxa-a,05/03/2025\n');
    const r = await cli(['check', ...base, '--records', 'ho_so=thieu-cot.csv', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout) as Array<{ file: string; row: number; code: string; severity: string; message: string }>;
    expect(problems.map((p) => [p.code, p.severity, p.file, p.row ?? null])).toEqual([
      ['record-missing-column', 'error', 'thieu-cot.csv', 1],
      ['records-not-given', 'error', 'tieu-chi.yaml', null],
    ]);
    expect(problems[0]!.message).toBe("The record file has no column \"ngay_tra\", which indicator dung_han needs; check the header row, or the column name in the criteria file's indicators.");
    expect(problems[1]!.message).toContain('add --records khao_sat=FILE');
  });
});

describe('criteria that derive indicators from a record file, scored without it', () => {
  const demo = [
    'criteria/par-xa-2025.yaml',
    'fixtures/par-xa-2025/minh-chung.csv',
    'fixtures/par-xa-2025/dieu-tra-xhh.csv',
    '--units',
    'fixtures/par-xa-2025/don-vi.csv',
  ];

  it('stop with an error naming the source and the flag, never scoring the derived leaves as zero', async () => {
    const r = await run(['score', ...demo, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('records-not-given');
    expect(r.stderr).toContain('add --records ho_so=FILE');
    expect(r.stderr).toContain('add --allow-problems to score anyway');
  });

  it('score with --allow-problems, saying in each derived leaf and in the findings what is missing', async () => {
    const r = await run(['score', ...demo, '--allow-problems', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { code: string }) => f.code)).toContain('records-not-given');
    const rate = report.units.find((u: { unit: string }) => u.unit === 'xa-hoa-binh').items.find((i: { id: string }) => i.id === '3.2.1');
    expect(rate).toMatchObject({ status: 'no_evidence', message: { id: 'leaf.no_records', data: { source: 'ho_so' } } });
    expect(rate.text).toContain('no data from source ho_so (--records ho_so=FILE)');
  });

  it('never tell a unit to submit evidence for them in its plan', async () => {
    const r = await run(['plan', ...demo, '--allow-problems', '--unit', 'xa-hoa-binh', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const lost = JSON.parse(r.stdout).lost as Array<{ id: string; ways: Array<{ id: string; text: string }> }>;
    const rate = lost.find((l) => l.id === '3.2.1')!;
    expect(rate.ways.map((w) => w.id)).toEqual(['regain.office']);
    expect(rate.ways[0]!.text).toBe('figures the scoring office supplies (derived from source ho_so, --records ho_so=FILE), not evidence the unit submits');
    // The four leaves derived from the dossier export: the office supplies each, none is the unit's to send.
    const derived = lost.filter((l) => ['3.2.1', '7.2.1', '7.2.2', '7.2.3'].includes(l.id));
    expect(derived.map((l) => [l.id, l.ways.map((w) => w.id)])).toEqual([
      ['3.2.1', ['regain.office']],
      ['7.2.1', ['regain.office']],
      ['7.2.2', ['regain.office']],
      ['7.2.3', ['regain.office']],
    ]);
  });

  it('say of survey results the office enters that the office supplies them (supplied_by: office)', async () => {
    // Without the survey file, the leaves under 8.1 (supplied_by: office) have no evidence.
    const r = await run(['plan', ...demo.filter((a) => !a.endsWith('dieu-tra-xhh.csv')), '--records', 'ho_so=fixtures/par-xa-2025/ho-so.csv', '--unit', 'xa-hoa-binh', '--format', 'json']);
    expect(r.code).toBe(0);
    const lost = JSON.parse(r.stdout).lost as Array<{ id: string; ways: Array<{ id: string; text: string }> }>;
    const survey = lost.filter((l) => l.id.startsWith('8.1.'));
    expect(survey.length).toBeGreaterThan(0);
    for (const l of survey) expect(l.ways.map((w) => [w.id, w.text])).toEqual([['regain.office', 'số liệu do cơ quan chấm điểm cung cấp, không phải minh chứng đơn vị nộp']]);
  });
});
