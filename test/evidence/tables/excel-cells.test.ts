import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exact } from '../../../src/core/exact.js';
import type { ValueSpec } from '../../../src/core/rules/kind.js';
import type { Cell } from '../../../src/evidence/tables/table.js';
import { readXlsx } from '../../../src/evidence/tables/xlsx.js';
import { parseValue } from '../../../src/evidence/values.js';
import { run } from '../../helpers/cli.js';
import { hasLibreOffice, hasOpenpyxl, libreofficeConvert, NO_LIBREOFFICE, NO_OPENPYXL, openpyxlWorkbook } from '../../helpers/office.js';

/*
 * Workbooks as offices and scripts really write them: cells with 17 stored digits, number formats
 * with literal text, formulas without a saved result (openpyxl) and cached errors (LibreOffice),
 * read back as Excel shows them, and refused at their cell where they hold no value.
 */

const f = (name: string) => `test/evidence/fixtures/${name}`;
const withOpenpyxl = (name: string) => (hasOpenpyxl ? name : `${name} (${NO_OPENPYXL})`);
const withLibreOffice = (name: string) => (hasLibreOffice ? name : `${name} (${NO_LIBREOFFICE})`);

let dir: string;
/** openpyxl: label in column A, the cell under test in column B. */
let openpyxlCells: string;
/** LibreOffice, converted from flat ODS: the same layout. */
let libreofficeCells: string;
/** LibreOffice: evidence, a self-assessment and overrides whose figures are formulas giving errors. */
let libreofficeEvidence: string;
let libreofficeSelf: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parscore-excel-cells-'));
  if (hasOpenpyxl) openpyxlCells = openpyxlRows('cells.xlsx', OPENPYXL_ROWS);
  if (hasLibreOffice) {
    const sources = [
      fods('o-tinh.fods', 'Ô', LIBREOFFICE_ROWS),
      fods('minh-chung.fods', 'Minh chứng', [
        [text('Mã đơn vị'), text('Chỉ tiêu'), text('Giá trị')],
        [text('xa-an-binh'), text('hoan_thanh'), formula('1/0')],
        [text('xa-an-binh'), text('cong_khai'), formula('NA()')],
        [text('xa-an-binh'), text('ke_hoach'), formula('DATE(2025;7;20)/0')],
        [text('xa-an-binh'), text('chu_tri'), text('Cấp trưởng')],
      ]),
      fods('tu-cham.fods', 'Tự chấm', [
        [text('Mã đơn vị'), text('Tiêu chí'), text('Điểm')],
        [text('xa-an-binh'), text('1.1'), number(1)],
        [text('xa-an-binh'), text('1.2'), formula('2/0')],
      ]),
    ];
    [libreofficeCells, libreofficeEvidence, libreofficeSelf] = libreofficeConvert(sources, 'xlsx') as [string, string, string];
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ------------------------------------------------------------------------------------------------
// Writing the workbooks

type Row = [label: string, value: number | string, format: string];

/** What openpyxl writes: each value with its number format; a string starting "=" is a formula, saved without a result. */
const OPENPYXL_ROWS: Row[] = [
  ['noisy percent', 0.8999999999999999, '0.00%'],
  ['noisy percent 2', 0.8240999999999999, '0.00%'],
  ['noisy number', 1234.5600000000002, 'General'],
  ['noisy sum', 0.1 + 0.2, 'General'],
  ['noisy negative percent', -(0.1 + 0.2), '0.0%'],
  ['large', 1e21, 'General'],
  ['tiny', 1.5e-10, 'General'],
  ['escaped percent sign', 95, '0\\%'],
  ['quoted percent sign', 95, '0"%"'],
  ['escaped word', 7, '0\\ \\b\\à\\i'],
  ['quoted word', 7, '0" bài"'],
  ['dossiers', 1234, '#,##0" hồ sơ"'],
  ['elapsed time', 1.5, '[h]:mm'],
  ['clock time', 0.5, 'h:mm'],
  ['date', 45646, 'dd/mm/yyyy'],
  ['built-in date', 45646, 'mm-dd-yy'],
  ['percent', 0.5341, '0.00%'],
  ['built-in percent', 0.5, '0%'],
  ['sum without result', '=SUM(B1:B2)', 'General'],
  ['division without result', '=1/0', 'General'],
];

/** A workbook of label and value rows written by openpyxl; the rows go through JSON, whose literals Python reads as they are. */
function openpyxlRows(name: string, rows: Row[], header?: string[]): string {
  const data = JSON.stringify({ header: header ?? null, rows });
  return openpyxlWorkbook(
    join(dir, name),
    [
      'import json',
      `data = json.loads(${JSON.stringify(data)})`,
      "if data['header']: ws.append(data['header'])",
      'for label, value, fmt in data["rows"]:',
      '    ws.append([label, value])',
      '    ws.cell(ws.max_row, 2).number_format = fmt',
    ].join('\n'),
  );
}

type OdsCell = string;
const text = (s: string): OdsCell => `<table:table-cell office:value-type="string"><text:p>${s}</text:p></table:table-cell>`;
const number = (n: number): OdsCell => `<table:table-cell office:value-type="float" office:value="${n}"/>`;
/** A formula LibreOffice computes when it converts the file (the value written here is a placeholder). */
const formula = (f: string): OdsCell => `<table:table-cell table:formula="of:=${f.replace(/>/g, '&gt;')}" office:value-type="float" office:value="0"/>`;

/** As Calc saves them: a number and a literal "%" (written 0"%"), a count of "bài", 0.00%, [h]:mm, dd/mm/yyyy. */
const ODS_STYLES = `
  <number:number-style style:name="N1"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:number-style>
  <number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text> bài</number:text></number:number-style>
  <number:percentage-style style:name="N3"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
  <number:time-style style:name="N4" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
  <number:date-style style:name="N5"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
  <style:style style:name="literal-percent" style:family="table-cell" style:data-style-name="N1"/>
  <style:style style:name="bai" style:family="table-cell" style:data-style-name="N2"/>
  <style:style style:name="percent" style:family="table-cell" style:data-style-name="N3"/>
  <style:style style:name="hours" style:family="table-cell" style:data-style-name="N4"/>
  <style:style style:name="date" style:family="table-cell" style:data-style-name="N5"/>`;

const LIBREOFFICE_ROWS: OdsCell[][] = [
  [text('literal percent sign'), `<table:table-cell table:style-name="literal-percent" office:value-type="float" office:value="95"/>`],
  [text('word'), `<table:table-cell table:style-name="bai" office:value-type="float" office:value="7"/>`],
  // With the result Calc saved (it keeps the saved result of a formatted cell when converting).
  [text('percent formula'), `<table:table-cell table:style-name="percent" table:formula="of:=0.3-0.2+0.6+0.2" office:value-type="percentage" office:value="0.9"/>`],
  [text('elapsed time'), `<table:table-cell table:style-name="hours" office:value-type="time" office:time-value="PT36H00M00S"/>`],
  [text('date'), `<table:table-cell table:style-name="date" office:value-type="date" office:date-value="2024-12-20"/>`],
  [text('division by zero'), formula('1/0')],
  [text('not available'), formula('NA()')],
  [text('comparison'), formula('1>0')],
];

/** A flat ODS file (what Calc saves as .fods) with one sheet. */
function fods(name: string, sheet: string, rows: OdsCell[][]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>${ODS_STYLES}</office:automatic-styles>
 <office:body><office:spreadsheet><table:table table:name="${sheet}">
${rows.map((cells) => `  <table:table-row>${cells.join('')}</table:table-row>`).join('\n')}
 </table:table></office:spreadsheet></office:body></office:document>`,
  );
  return path;
}

/** A part of a workbook as stored, read with Python's zipfile (exceljs would drop its backslashes). */
function workbookPart(path: string, part: string): string {
  return execFileSync('/usr/bin/python3', ['-c', `import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())`, path, part], {
    encoding: 'utf8',
  });
}

/** The cells of column B by the label in column A. */
async function cellsByLabel(path: string): Promise<Map<string, Cell | undefined>> {
  const cells = new Map<string, Cell | undefined>();
  for await (const sheet of readXlsx(path, basename(path))) {
    for await (const row of sheet.rows) cells.set(row.cells[0]!.text, row.cells[1]);
  }
  return cells;
}

// ------------------------------------------------------------------------------------------------

describe('cells written by openpyxl', () => {
  it.skipIf(!hasOpenpyxl)(withOpenpyxl('reads numbers at the 15 digits Excel shows, percents and dates from the format code, times as text'), async () => {
    const cells = await cellsByLabel(openpyxlCells);
    expect(Object.fromEntries(cells)).toEqual({
      // 0.8999999999999999 at 15 significant digits is 0.900000000000000: 0.9, shown 90,00% (2 places, not 90's none).
      'noisy percent': { text: '90%', number: '0.9', percent: true, places: 2 },
      // 0.8240999999999999 → 0.824100000000000: 82,41%.
      'noisy percent 2': { text: '82.41%', number: '0.8241', percent: true },
      // 1234.5600000000002 → 1234.56000000000.
      'noisy number': { text: '1234.56', number: '1234.56' },
      // 0.1 + 0.2 is stored 0.30000000000000004 → 0.300000000000000.
      'noisy sum': { text: '0.3', number: '0.3' },
      // 0.0%: −30,0%, one place.
      'noisy negative percent': { text: '-30%', number: '-0.3', percent: true, places: 1 },
      // Without exponents: 1e21 and 1,5 × 10⁻¹⁰.
      large: { text: '1000000000000000000000', number: '1000000000000000000000' },
      tiny: { text: '0.00000000015', number: '0.00000000015' },
      // A "%" that is only shown: 95 is 95, not 9500%.
      'escaped percent sign': { text: '95', number: '95' },
      'quoted percent sign': { text: '95', number: '95' },
      // "7 bài" is 7, not the date 1900-01-06 that exceljs makes of 0 bài.
      'escaped word': { text: '7', number: '7' },
      'quoted word': { text: '7', number: '7' },
      dossiers: { text: '1234', number: '1234' },
      // 1,5 days is 36 elapsed hours; 0,5 of a day is noon. Text only: no rule can read a time.
      'elapsed time': { text: '36:00' },
      'clock time': { text: '12:00' },
      // Serial 45646 is 2024-12-20 (45646 − 25569 = 20077 days after 1970-01-01).
      date: { text: '2024-12-20', date: '2024-12-20' },
      'built-in date': { text: '2024-12-20', date: '2024-12-20' },
      percent: { text: '53.41%', number: '0.5341', percent: true },
      'built-in percent': { text: '50%', number: '0.5', percent: true },
      'sum without result': { text: '=SUM(B1:B2)', error: { formula: 'SUM(B1:B2)' } },
      'division without result': { text: '=1/0', error: { formula: '1/0' } },
    });
    // No text with more digits than Excel shows (89.99999999999999%, 82.40999999999999%).
    for (const cell of cells.values()) expect(cell?.text.replace(/\D/g, '').replace(/^0+|0+$/g, '').length).toBeLessThanOrEqual(15);
  });

  it.skipIf(!hasOpenpyxl)(withOpenpyxl('gives each rule the figure the cell shows'), async () => {
    const cells = await cellsByLabel(openpyxlCells);
    const read = (label: string, spec: ValueSpec) => parseValue(cells.get(label), spec, 'vi');
    const percent: ValueSpec = { type: 'percent', empty: false };
    const count: ValueSpec = { type: 'count' };
    expect(read('noisy percent', percent)).toEqual({ kind: 'value', value: { type: 'percent', value: Exact.parse('90') } });
    expect(read('escaped percent sign', percent)).toEqual({ kind: 'value', value: { type: 'percent', value: Exact.parse('95') } });
    expect(read('escaped word', count)).toEqual({ kind: 'value', value: { type: 'count', value: Exact.parse('7') } });
    // A time is refused where a number or a date is due.
    expect(read('elapsed time', { type: 'number', nonNegative: true })).toEqual({ kind: 'problem', problem: { code: 'value-type', data: { value: '36:00', expected: 'number' } } });
    expect(read('clock time', { type: 'date' })).toEqual({ kind: 'problem', problem: { code: 'value-type', data: { value: '12:00', expected: 'date', locale: 'vi' } } });
    // A formula without a result is no value for any rule: not a "no" for yes/no, not "not done" for a date.
    for (const spec of [percent, count, { type: 'boolean' }, { type: 'date' }] satisfies ValueSpec[]) {
      expect(read('sum without result', spec)).toEqual({ kind: 'problem', problem: { code: 'formula-without-result', data: { formula: 'SUM(B1:B2)' } } });
    }
  });
});

describe('cells written by LibreOffice Calc', () => {
  it.skipIf(!hasLibreOffice)(withLibreOffice('reads a literal "%" as text, cached errors with their code, and a cached TRUE as a boolean'), async () => {
    // Calc saves the format 0"%" as 0\%, which exceljs alone reads as a percent.
    expect(workbookPart(libreofficeCells, 'xl/styles.xml')).toContain('formatCode="0\\%"');
    expect(Object.fromEntries(await cellsByLabel(libreofficeCells))).toEqual({
      'literal percent sign': { text: '95', number: '95' },
      word: { text: '7', number: '7' },
      // 0,3 − 0,2 + 0,6 + 0,2 = 0,9, cached and shown 90,00% (2 places).
      'percent formula': { text: '90%', number: '0.9', percent: true, places: 2 },
      'elapsed time': { text: '36:00' },
      date: { text: '2024-12-20', date: '2024-12-20' },
      'division by zero': { text: '#DIV/0!', error: { code: '#DIV/0!', formula: '1/0' } },
      'not available': { text: '#N/A', error: { code: '#N/A', formula: 'NA()' } },
      comparison: { text: 'TRUE', bool: true },
    });
  });

  it.skipIf(!hasLibreOffice)(withLibreOffice('refuses evidence values that are formula errors, at their cell, whatever the rule'), async () => {
    const r = await run(['check', f('tieu-chi.yaml'), libreofficeEvidence, '--units', f('don-vi.csv'), '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as Array<{ code: string; sheet?: string; row?: number; column?: string; message: string }>).filter((p) => !/no-evidence/.test(p.code));
    expect(problems.map((p) => [p.code, p.sheet, `${p.column}${p.row}`, p.message])).toEqual([
      // 1.2 reads hoan_thanh (a percent), 2.2 cong_khai (yes/no: not a "no"), 1.1 ke_hoach (a deadline: not "not done").
      ['cell-error', 'Minh chứng', 'C2', '1.2: The formula (=1/0) gives #DIV/0!: correct it in the workbook.'],
      ['cell-error', 'Minh chứng', 'C3', '2.2: The formula (=NA()) gives #N/A: correct it in the workbook.'],
      ['cell-error', 'Minh chứng', 'C4', '1.1: The formula (=DATE(2025,7,20)/0) gives #DIV/0!: correct it in the workbook.'],
    ]);
  });

  it.skipIf(!hasLibreOffice)(withLibreOffice('refuses claimed points that are a formula error, at their cell'), async () => {
    const r = await run(['check', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), '--units', f('don-vi.csv'), '--self', libreofficeSelf, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(`${libreofficeSelf}, sheet Tự chấm, row 3, column C  error  cell-error  1.2: The formula (=2/0) gives #DIV/0!: correct it in the workbook.`);
  });
});

/*
 * A bands rule "from 90%: 2 points; from 80%: 1" (tỷ lệ hồ sơ đúng hạn), and "from 5 bài: 1 point".
 * xa-a's rate is stored 0.8999999999999999 and shown 90,00%: the band from 90%, 2 points (it was
 * read as 89.99999999999999%, the band from 80%, 1 point). xa-b's rate is 95 shown "95%" through
 * the format 0\%: 95% ≥ 90%, 2 points (it was read as 9500%); its 7 bài are 7 ≥ 5, 1 point (they
 * were read as a date). Each unit: 3 of 3.
 */
describe('parscore score on a workbook written by openpyxl', () => {
  it.skipIf(!hasOpenpyxl)(withOpenpyxl('puts 90,00% in the band from 90%, and reads 95 shown "95%" and "7 bài" as the numbers they are'), async () => {
    const criteria = join(dir, 'tieu-chi.yaml');
    writeFileSync(
      criteria,
      `format: parscore/criteria@1
id: thu-o-excel
title: Thử đọc ô Excel
year: 2025
locale: vi
groups:
  - { id: xa, title: Xã }
criteria:
  - id: "1"
    title: Thủ tục hành chính
    responsible: Bộ phận một cửa
    children:
      - { id: "1.1", title: Tỷ lệ hồ sơ đúng hạn, max: 2, indicator: dung_han, rule: { kind: bands, bands: [{ min: 90, points: 2 }, { min: 80, points: 1 }] } }
      - { id: "1.2", title: Số bài tuyên truyền, max: 1, indicator: so_bai, rule: { kind: bands, of: number, bands: [{ min: 5, points: 1 }] } }
`,
    );
    const units = join(dir, 'don-vi.csv');
    writeFileSync(units, 'Mã đơn vị,Tên đơn vị,Nhóm\nxa-a,Xã A,xa\nxa-b,Xã B,xa\n');
    const evidence = openpyxlWorkbook(
      join(dir, 'minh-chung.xlsx'),
      [
        "ws.append(['Mã đơn vị', 'dung_han', 'so_bai'])",
        "ws.append(['xa-a', 0.8999999999999999, 7])",
        "ws.append(['xa-b', 95, 7])",
        "ws['B2'].number_format = '0.00%'",
        "ws['B3'].number_format = r'0\\%'",
        "ws['C2'].number_format = '0\" bài\"'",
        "ws['C3'].number_format = r'0\\ \\b\\à\\i'",
      ].join('\n'),
    );
    const r = await run(['score', criteria, evidence, '--units', units, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { units: Array<{ unit: string; points: number; items: Array<{ id: string; points: number; message: unknown }> }> };
    const items = (unit: string) => Object.fromEntries(report.units.find((u) => u.unit === unit)!.items.map((i) => [i.id, [i.points, i.message]]));
    expect(items('xa-a')).toEqual({
      '1.1': [2, { id: 'bands.band', data: { value: 90, of: 'percent', threshold: 90, strict: false } }],
      '1.2': [1, { id: 'bands.band', data: { value: 7, of: 'number', threshold: 5, strict: false } }],
    });
    expect(items('xa-b')).toEqual({
      '1.1': [2, { id: 'bands.band', data: { value: 95, of: 'percent', threshold: 90, strict: false } }],
      '1.2': [1, { id: 'bands.band', data: { value: 7, of: 'number', threshold: 5, strict: false } }],
    });
    expect(report.units.map((u) => [u.unit, u.points])).toEqual([
      ['xa-a', 3],
      ['xa-b', 3],
    ]);
  });
});

describe('formulas without a saved result, wherever a figure is read', () => {
  it.skipIf(!hasOpenpyxl)(withOpenpyxl('refuses evidence, appraised points and published figures whose formula was never computed'), async () => {
    const evidence = openpyxlRows('minh-chung-khong-ket-qua.xlsx', [['xa-an-binh', '=C5*2', 'General']], ['Mã đơn vị', 'hoan_thanh']);
    const score = await run(['score', f('tieu-chi.yaml'), evidence, '--units', f('don-vi.csv'), '--lang', 'en']);
    expect(score.code).toBe(1);
    expect(score.stdout).toBe('');
    expect(score.stderr).toContain(
      `${evidence}, sheet Sheet, row 2, column B  error  formula-without-result  1.2: This cell holds a formula (=C5*2) but the workbook has no saved result: open it in Excel or LibreOffice and save it again.`,
    );

    const overrides = openpyxlWorkbook(
      join(dir, 'dieu-chinh.xlsx'),
      ["ws.append(['unit', 'item', 'points', 'reason'])", "ws.append(['xa-an-binh', '1.1', '=1-0.5', 'Ban hành chậm'])"].join('\n'),
    );
    const check = await run(['check', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), '--units', f('don-vi.csv'), '--adjust', overrides, '--lang', 'en']);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toContain(`${overrides}, sheet Sheet, row 2, column C  error  formula-without-result  1.1: This cell holds a formula (=1-0.5)`);

    // A published ranking whose index is a formula: recheck cannot compare what is not there.
    const published = openpyxlWorkbook(
      join(dir, 'cong-bo.xlsx'),
      ["ws.append(['Mã đơn vị', 'Điểm', 'Chỉ số'])", "ws.append(['xa-an-binh', 8.13, '=B2/9*100'])"].join('\n'),
    );
    const recheck = await run(['recheck', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv'), '--against', published, '--lang', 'en']);
    expect(recheck.code).toBe(1);
    expect(recheck.stderr).toContain(`${published}\n  sheet Sheet, row 2, column C  error  formula-without-result  This cell holds a formula (=B2/9*100)`);
  });
});
