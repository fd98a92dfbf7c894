import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, XA_EVIDENCE } from '../helpers/cli.js';

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
  const demo = XA_EVIDENCE;

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

/**
 * Record files as systems really export them (#4, #21b, #21e): every row read that can be read
 * unambiguously, and every other one an error at its place, with exit 1 — never a figure computed
 * over the rows that happened to be readable.
 */
describe('record rows that cannot be read', () => {
  write(
    'dung-han.yaml',
    `format: parscore/criteria@1
id: thu-dung-han
title: Thử hồ sơ đúng hạn
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Đúng hạn, max: 2, indicator: dung_han, responsible: Bộ phận Một cửa, rule: { kind: proportional } }
indicators:
  dung_han: { from: ho_so, row_label: hồ sơ, on_time: { done: ngay_tra, due: han_tra } }
`,
  );
  const dossiers = (name: string) => ['dung-han.yaml', '--units', 'don-vi.csv', '--records', `ho_so=${name}`];
  const points = (stdout: string) => Object.fromEntries((JSON.parse(stdout).units as Array<{ unit: string; points: number }>).map((u) => [u.unit, u.points]));

  it('reads a dossier export whose dates carry the time of day', async () => {
    // The provincial system stamps received, due and returned dates with the hour.
    write(
      'ho-so-gio.csv',
      [
        'STT,Số hồ sơ,Mã đơn vị,Ngày tiếp nhận,Hạn trả,Ngày trả',
        '1,H1,xa-a,01/07/2025 08:05,02/07/2025 17:00,02/07/2025 15:20', // on time
        '2,H2,xa-a,01/07/2025 09:40,02/07/2025 17:00,03/07/2025 08:00', // late
        '3,H3,xa-a,01/07/2025 10:00,04/07/2025 17:00:00,04/07/2025 16:59:59', // on time
        '4,H4,xa-a,01/07/2025 10:30,04/07/2025 17:00:00,', // not yet returned: left out
        '5,H5,xa-b,01/07/2025 14:00,03/07/2025 5:00 PM,03/07/2025 4:30 PM', // on time
      ].join('\r\n') + '\r\n',
    );
    const check = await cli(['check', ...dossiers('ho-so-gio.csv'), '--format', 'json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual([]);
    const score = await cli(['score', ...dossiers('ho-so-gio.csv'), '--format', 'json']);
    expect(score.code).toBe(0);
    // xa-a: 2 of 3 returned on time → 2 × 2/3 = 1,33; xa-b: 1 of 1 → 2.
    expect(points(score.stdout)).toEqual({ 'xa-a': 1.33, 'xa-b': 2 });
  });

  it('refuses dates with a time zone at their rows: check and score exit 1', async () => {
    write(
      'ho-so-mui-gio.csv',
      [
        'Số hồ sơ,Mã đơn vị,Hạn trả,Ngày trả',
        'H1,xa-a,2025-07-02T17:00:00+07:00,2025-07-02T08:00:00+07:00',
        'H2,xa-a,2025-07-02T10:00:00Z,2025-07-01T10:00:00Z',
        'H3,xa-b,2025-07-03,2025-07-02',
      ].join('\n') + '\n',
    );
    const check = await cli(['check', ...dossiers('ho-so-mui-gio.csv'), '--lang', 'en']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'ho-so-mui-gio.csv, row 2, column C  error  record-unreadable  Column "Hạn trả": 2 rows cannot be read and are left out (row 2: "2025-07-02T17:00:00+07:00"; row 3: "2025-07-02T10:00:00Z"). A date is needed, dd/mm/yyyy or yyyy-mm-dd, optionally with a time (17:00); a date with a time zone (Z, +07:00) is not used, since its calendar date depends on the zone.',
    );
    const score = await cli(['score', ...dossiers('ho-so-mui-gio.csv')]);
    expect(score.code).toBe(1);
    expect(score.stdout).toBe('');
    expect(score.stderr).toContain('ho-so-mui-gio.csv, dòng 2, cột C  lỗi  record-unreadable  Cột "Hạn trả": 2 dòng không đọc được nên không được tính');
  });

  write(
    'khao-sat-tinh.yaml',
    `format: parscore/criteria@1
id: thu-khao-sat
title: Thử khảo sát có trọng số
year: 2025
locale: vi
groups: [{ id: tinh, title: Tỉnh }]
criteria:
  - { id: "1", title: Mức hài lòng, max: 10, indicator: hai_long, responsible: Sở Nội vụ, rule: { kind: proportional, of: number, target: 1 } }
indicators:
  hai_long:
    from: khao_sat
    unit_column: ma_tinh
    weight_column: trong_so
    row_label: phiếu
    mean: { column: cau_1, map: { Rất hài lòng: 1, Hài lòng: 0.75, Bình thường: 0.5, Không hài lòng: 0.25, Rất không hài lòng: 0, Không biết: null } }
`,
  );
  write('tinh.csv', 'Mã đơn vị,Tên đơn vị,Nhóm\nha-noi,Hà Nội,tinh\nhue,Huế,tinh\n');
  const survey = (name: string) => ['khao-sat-tinh.yaml', '--units', 'tinh.csv', '--records', `khao_sat=${name}`];

  it('weights a vi survey whose weights are written with a decimal point', async () => {
    // The survey firm's export writes weights as 0.9101, though the criteria are in vi.
    write(
      'khao-sat-cham.csv',
      [
        'Mã phiếu,Mã tỉnh,Trọng số,cau_1',
        'HN-1,ha-noi,0.9101,Rất hài lòng',
        'HN-2,ha-noi,1.2,Hài lòng',
        'HN-3,ha-noi,0.45,Không hài lòng',
        'HN-4,ha-noi,0.8,Không biết', // left out on purpose by the map
        'HUE-1,hue,1,Bình thường',
        'HUE-2,hue,1,Hài lòng',
      ].join('\n') + '\n',
    );
    const check = await cli(['check', ...survey('khao-sat-cham.csv'), '--format', 'json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual([]);
    const score = await cli(['score', ...survey('khao-sat-cham.csv'), '--format', 'json']);
    expect(score.code).toBe(0);
    // Hà Nội: Σw = 0,9101 + 1,2 + 0,45 = 2,5601; Σwx = 0,9101 + 0,9 + 0,1125 = 1,9226;
    // mean 1,9226/2,5601 = 0,750986… → 10 × 0,750986 = 7,51. Huế: (0,5 + 0,75)/2 = 0,625 → 6,25.
    expect(points(score.stdout)).toEqual({ 'ha-noi': 7.51, hue: 6.25 });
    const item = JSON.parse(score.stdout).units.find((u: { unit: string }) => u.unit === 'ha-noi').items[0];
    // The report shows Σw = 2,5601 to 2 decimals.
    expect(item.derived).toMatchObject({ n: 3, excluded: [{ reason: 'not_counted', count: 1 }], weighted: { sum: 2.56 } });
  });

  it('refuses a weight column that mixes the two notations', async () => {
    write('khao-sat-tron.csv', ['Mã phiếu,Mã tỉnh,Trọng số,cau_1', 'HN-1,ha-noi,"0,9101",Hài lòng', 'HN-2,ha-noi,0.9944,Hài lòng', 'HUE-1,hue,1,Hài lòng'].join('\n') + '\n');
    const check = await cli(['check', ...survey('khao-sat-tron.csv'), '--format', 'json', '--lang', 'en']);
    expect(check.code).toBe(1);
    const problems = JSON.parse(check.stdout) as Array<{ file: string; row: number; column: string; code: string; severity: string; message: string }>;
    expect(problems.map((p) => [p.code, p.severity, p.file, p.row, p.column])).toEqual([
      ['record-mixed-notation', 'error', 'khao-sat-tron.csv', 3, 'C'],
      ['record-unreadable', 'error', 'khao-sat-tron.csv', 2, 'C'],
    ]);
    expect(problems[0]!.message).toBe(
      'Column "Trọng số" writes numbers both ways: "0,9101" (row 2, decimal comma) and "0.9944" (row 3, decimal point), so a number such as "1.234" could be 1234 or 1.234. Only numbers that read the same both ways are taken; write the whole column one way.',
    );
    expect((await cli(['score', ...survey('khao-sat-tron.csv')])).code).toBe(1);
  });

  it('refuses an answer outside the map at its row', async () => {
    write('khao-sat-la.csv', ['Mã phiếu,Mã tỉnh,Trọng số,cau_1', 'HN-1,ha-noi,1,Hài lòng', 'HN-2,ha-noi,1,Tạm được', 'HUE-1,hue,1,Hài lòng'].join('\n') + '\n');
    const check = await cli(['check', ...survey('khao-sat-la.csv')]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'khao-sat-la.csv, dòng 3, cột D  lỗi  record-unreadable  Cột "cau_1": 1 dòng không đọc được nên không được tính (dòng 3: "Tạm được"). Cần một câu trả lời có trong map của chỉ tiêu (Rất hài lòng, Hài lòng, Bình thường, Không hài lòng, Rất không hài lòng, Không biết); câu trả lời cố ý không tính thì thêm vào map với giá trị null, ví dụ Không biết: null.',
    );
    expect((await cli(['score', ...survey('khao-sat-la.csv')])).code).toBe(1);
  });

  it('reads a semicolon export and an evidence file with a title above the header', async () => {
    write('ho-so-tieu-de.csv', ['DANH SÁCH HỒ SƠ, QUÝ III NĂM 2025', '', 'Số hồ sơ;Mã đơn vị;Hạn trả;Ngày trả', 'H1;xa-a;05/03/2025;04/03/2025', 'H2;xa-b;05/03/2025;06/03/2025'].join('\r\n') + '\r\n');
    write('minh-chung-tieu-de.csv', ['BẢNG TỔNG HỢP MINH CHỨNG NĂM 2025', '', 'Mã đơn vị;Chỉ tiêu;Giá trị', 'xa-a;cong_khai;có', 'xa-b;cong_khai;không'].join('\r\n') + '\r\n');
    const score = await cli(['score', 'tieu-chi.yaml', 'minh-chung-tieu-de.csv', '--units', 'don-vi.csv', '--records', 'ho_so=ho-so-tieu-de.csv', '--records', 'khao_sat=khao-sat.csv', '--format', 'json']);
    expect(score.code).toBe(0);
    const items = (unit: string) => Object.fromEntries((JSON.parse(score.stdout).units.find((u: { unit: string }) => u.unit === unit).items as Array<{ id: string; points: number }>).map((i) => [i.id, i.points]));
    // 1.1: xa-a 1 of 1 on time → 2, xa-b 0 of 1 → 0; 1.2 from the evidence: có → 1, không → 0.
    expect([items('xa-a')['1.1'], items('xa-a')['1.2'], items('xa-b')['1.1'], items('xa-b')['1.2']]).toEqual([2, 1, 0, 0]);
  });

  it('shows on a terminal how many rows of a record file have been read', async () => {
    write('ho-so-5000.csv', ['Số hồ sơ,Mã đơn vị,Hạn trả,Ngày trả', ...Array.from({ length: 5000 }, (_, i) => `H${i},xa-a,05/03/2025,04/03/2025`)].join('\n') + '\n');
    const r = await run(['check', ...dossiers('ho-so-5000.csv')], { cwd: dir, tty: true });
    expect(r.code).toBe(0);
    // The first report comes at 4.096 rows (the header among them); the line is erased at the end.
    expect(r.stderr).toContain('\r\u001b[KĐang đọc ho-so-5000.csv: 4.096 dòng');
    expect(r.stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('refuses a byte that is not UTF-8 on row 5.000 of a dossier export at its row and column', async () => {
    const lines = [Buffer.from('Số hồ sơ,Mã đơn vị,Tên thủ tục,Hạn trả,Ngày trả\n')];
    for (let r = 2; r <= 6000; r++) {
      // Row 5.000's procedure was pasted from a Windows-1258 file: "Đăng ký" with Đ as the byte 0xD0.
      const procedure = r === 5000 ? Buffer.concat([Buffer.from([0xd0]), Buffer.from('ang ky')]) : Buffer.from('Đăng ký khai sinh');
      lines.push(Buffer.concat([Buffer.from(`H${r},xa-a,`), procedure, Buffer.from(',05/03/2025,04/03/2025\n')]));
    }
    writeFileSync(join(dir, 'ho-so-1258.csv'), Buffer.concat(lines));
    const r = await cli(['check', ...dossiers('ho-so-1258.csv'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ho-so-1258\.csv: cannot be read: the file is not UTF-8 text on row 5000, column C \(byte \d+ of the file\)/);
  });
});
