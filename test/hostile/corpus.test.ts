import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { buildZip, directoryEntry, oleFile } from '../helpers/zip.js';

/**
 * Hostile and malformed inputs, each with the exit code and the words (and place) its answer must
 * carry. None may give a stack trace, hang or exhaust memory. docs/hostile-inputs.md lists the
 * same cases; a test below keeps the two in step.
 */
export interface HostileCase {
  name: string;
  /** Writes the input into `dir` and returns the command's arguments. */
  make: (dir: string) => string[] | Promise<string[]>;
  exit: 0 | 1 | 2;
  /** Words the answer (stdout + stderr, English) must contain. */
  says: string[];
}

const root = process.cwd();
const criteria = join(root, 'test/evidence/fixtures/tieu-chi.yaml');
const units = join(root, 'test/evidence/fixtures/don-vi.csv');
const criteriaHead = `format: parscore/criteria@1
id: thu
title: Thử
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
`;
const leaf = '  - { id: "1", title: Báo cáo, max: 1, responsible: VP, rule: { kind: boolean } }\n';

function write(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const check = (dir: string, name: string, content: string | Uint8Array) => ['check', criteria, write(dir, name, content), '--units', units];

/** An OLE compound file (.xls, or a password-protected workbook) with one stream besides the root. */
const ole = (stream: string) => oleFile([directoryEntry('Root Entry', 5), directoryEntry(stream, 2)]);

async function workbook(dir: string, name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

export const CASES: HostileCase[] = [
  // Criteria files
  {
    name: 'YAML alias bomb',
    make: () => ['validate', join(root, 'test/criteria/invalid/yaml-alias-bomb.yaml')],
    exit: 1,
    says: ['yaml-alias-limit', '11:8', 'expands more than 100 aliases'],
  },
  {
    name: 'YAML nested 100,000 deep',
    make: (d) => ['validate', write(d, 'deep.yaml', criteriaHead.replace('criteria:\n', 'criteria: ') + '['.repeat(100_000) + ']'.repeat(100_000) + '\n')],
    exit: 1,
    says: ['yaml-too-deep', 'more than 64 levels'],
  },
  {
    name: 'duplicate keys',
    make: () => ['validate', join(root, 'test/criteria/invalid/yaml-duplicate-key.yaml')],
    exit: 1,
    says: ['yaml-duplicate-key', '14:5', 'appears twice'],
  },
  {
    name: '`__proto__` and constructor keys',
    make: (d) => ['validate', write(d, 'proto.yaml', criteriaHead + leaf + 'tests:\n  - { name: a, group: xa, evidence: { constructor: có, __proto__: có }, expect: {} }\n')],
    exit: 1,
    says: ['yaml-forbidden-key', '9:39', '"constructor" is not allowed', '9:56', '"__proto__"'],
  },
  {
    name: 'tab indentation',
    make: () => ['validate', join(root, 'test/criteria/invalid/yaml-tab-indent.yaml')],
    exit: 1,
    says: ['yaml-tab', '13:1', 'YAML indents with spaces only'],
  },
  {
    name: '50 MB criteria file',
    make: (d) => ['validate', write(d, 'big.yaml', criteriaHead + leaf + ('# ' + 'x'.repeat(1022) + '\n').repeat(50 * 1024))],
    exit: 2,
    says: ['over the limit of 20.0 MB', 'PARSCORE_MAX_CRITERIA_MB'],
  },
  {
    name: 'criteria file with non-UTF-8 bytes',
    make: (d) => ['validate', write(d, 'ansi.yaml', Buffer.concat([Buffer.from(criteriaHead + '  - { id: "1", title: B'), Buffer.from([0xe1, 0x6f]), Buffer.from(' }\n')]))],
    exit: 1,
    says: ['not-utf8', '7:24', 'save it as UTF-8'],
  },
  // CSV evidence
  {
    name: 'CSV with a ragged row (a decimal comma splitting a value)',
    make: (d) => check(d, 'ragged.csv', 'unit,indicator,value\nxa-an-binh,hoan_thanh,92,5%\nxa-an-binh,cong_khai,có\n'),
    exit: 1,
    says: ['extra-fields', 'row 2', 'more field than the header', 'quotes'],
  },
  {
    name: 'CSV with an unbalanced quote',
    make: (d) => check(d, 'quote.csv', 'unit,indicator,value\nxa-an-binh,ke_hoach,"20/07/2025\nxa-an-binh,cong_khai,có\n'),
    exit: 2,
    says: ['quote.csv', 'double quote opened on row 2 is never closed'],
  },
  {
    name: 'CSV with NUL bytes',
    make: (d) => check(d, 'nul.csv', Buffer.concat([Buffer.from('unit,indicator,value\nxa-an-binh,cong_khai,c'), Buffer.from([0, 0, 0]), Buffer.from('\n')])),
    exit: 2,
    says: ['nul.csv', 'binary data (NUL bytes)'],
  },
  {
    name: 'CSV with a 10 MB field',
    make: (d) => check(d, 'field.csv', 'unit,indicator,value\nxa-an-binh,cong_khai,"' + 'x'.repeat(10 * 1024 * 1024) + '"\n'),
    exit: 2,
    says: ['field.csv', 'row 2 is abnormally long', 'PARSCORE_MAX_RECORD_MB'],
  },
  {
    name: 'CSV with 1,000 columns',
    make: (d) => check(d, 'wide.csv', ['unit', ...Array.from({ length: 999 }, (_, i) => `c${i}`)].join(',') + '\n' + ['xa-an-binh', ...Array.from({ length: 999 }, () => '1')].join(',') + '\n'),
    exit: 1,
    says: ['unknown-indicator', 'No criterion reads indicator "c0"', 'No criterion reads indicator "c998"'],
  },
  {
    name: 'CSV with a header only',
    make: (d) => check(d, 'header.csv', 'unit,indicator,value\n'),
    exit: 0,
    says: ['unit-no-evidence', 'Unit xa-an-binh has no evidence at all'],
  },
  // XLSX evidence
  {
    name: 'XLSX truncated',
    make: async (d) => {
      const path = await workbook(d, 'cut.xlsx', (wb) => wb.addWorksheet('Xã').addRows([['unit', 'cong_khai'], ['xa-an-binh', 'có']]));
      const whole = readFileSync(path);
      writeFileSync(path, whole.subarray(0, whole.length >> 1));
      return ['check', criteria, path, '--units', units];
    },
    exit: 2,
    says: ['cut.xlsx', 'truncated or damaged'],
  },
  {
    name: 'XLSX zip bomb (3 GB declared)',
    make: (d) =>
      check(d, 'bomb.xlsx', buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1000), declaredSize: 3 * 1024 ** 3 }])),
    exit: 2,
    says: ['bomb.xlsx', 'GB'],
  },
  {
    name: 'password-protected workbook',
    make: (d) => check(d, 'locked.xlsx', ole('EncryptedPackage')),
    exit: 2,
    says: ['locked.xlsx', 'password-protected'],
  },
  {
    name: 'old-format .xls',
    make: (d) => check(d, 'old.xls', ole('Workbook')),
    exit: 2,
    says: ['old.xls', '.xls', 'save as .xlsx'],
  },
  {
    name: 'workbook with no sheets',
    make: (d) => check(d, 'empty.xlsx', buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets/></workbook>') }, { name: 'xl/styles.xml', data: Buffer.from('<styleSheet/>') }])),
    exit: 2,
    says: ['empty.xlsx', 'no worksheets'],
  },
  // Evidence content
  {
    name: 'formula-looking cells',
    make: (d) => [
      'score',
      criteria,
      write(d, 'formula.csv', 'unit,indicator,value,source\nxa-an-binh,cong_khai,có,"=HYPERLINK(""http://x"",""bấm"")"\nxa-an-binh,danh_gia,"0,5","@SUM(A1)"\n'),
      '--units',
      units,
      '--format',
      'csv',
      '--detail',
    ],
    exit: 0,
    says: ["'=HYPERLINK", "'@SUM(A1)"],
  },
  {
    name: 'control characters in a value',
    make: (d) => check(d, 'control.csv', 'unit,indicator,value\nxa-an-binh,chu_tri,"Cấp\u001b[31m trưởng\u0007"\n'),
    exit: 1,
    says: ['unknown-level', '\\u001b'],
  },
  {
    name: 'right-to-left override in a unit id',
    make: (d) => check(d, 'bidi.csv', 'unit,indicator,value\n\u202exa-an-binh,cong_khai,có\n'),
    exit: 1,
    says: ['unknown-unit', '\\u202e', 'Did you mean "xa-an-binh"?'],
  },
  {
    name: 'NFD-decomposed Vietnamese',
    make: (d) => check(d, 'nfd.csv', 'unit,indicator,value\nxa-an-binh,chu_tri,' + 'Cấp trưởng'.normalize('NFD') + '\nxa-an-binh,cong_khai,' + 'có'.normalize('NFD') + '\n'),
    exit: 0,
    says: ['no-evidence'],
  },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parscore-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile and malformed inputs', () => {
  for (const c of CASES) {
    it(`${c.name}: exit ${c.exit}`, async () => {
      const sub = join(dir, c.name.replace(/[^a-z0-9]+/gi, '-'));
      mkdirSync(sub);
      const args = await c.make(sub);
      const started = Date.now();
      const r = await run([...args, '--lang', 'en'], { cwd: sub });
      const answer = r.stdout + r.stderr;
      expect(answer).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(answer).not.toContain('internal error');
      for (const words of c.says) expect(answer).toContain(words);
      expect(r.code).toBe(c.exit);
      expect(Date.now() - started).toBeLessThan(60_000);
    }, 90_000);
  }

  it('leaves no partial output when writing fails', async () => {
    const sub = join(dir, 'readonly');
    mkdirSync(sub);
    const out = join(sub, 'out');
    mkdirSync(out);
    chmodSync(out, 0o500);
    const evidence = write(sub, 'e.csv', 'unit,indicator,value\nxa-an-binh,cong_khai,có\n');
    const r = await run(['score', criteria, evidence, '--units', units, '--format', 'json', '-o', join(out, 'r.json'), '--lang', 'en'], { cwd: sub });
    chmodSync(out, 0o700);
    // As root the folder is writable anyway; then the file is simply written whole.
    if (r.code === 0) expect(readdirSync(out)).toEqual(['r.json']);
    else {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot be written');
      expect(readdirSync(out)).toEqual([]);
    }
  });

  it('are all listed in docs/hostile-inputs.md', () => {
    const doc = readFileSync('docs/hostile-inputs.md', 'utf8');
    for (const c of CASES) expect(doc).toContain(`| ${c.name} |`);
  });
});
