import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValueSpec } from '../../src/core/rules/kind.js';
import { Exact } from '../../src/core/exact.js';
import { loadCriteria, loadCriteriaBytes } from '../../src/criteria/index.js';
import { readCsv } from '../../src/evidence/tables/csv.js';
import { UnreadableInput } from '../../src/evidence/tables/table.js';
import { parseDateText, parseLocaleNumber, parseValue } from '../../src/evidence/values.js';
import { readXlsx } from '../../src/evidence/tables/xlsx.js';

/**
 * Fuzzing: whatever bytes or text arrive, the parsers, readers and the criteria loader either
 * return values or structured problems (or, for an unreadable file, `UnreadableInput`); they never
 * throw anything else.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const specs: ValueSpec[] = [
  { type: 'boolean' },
  { type: 'date' },
  { type: 'number', nonNegative: false },
  { type: 'number', nonNegative: true },
  { type: 'percent', empty: true },
  { type: 'percent', empty: false },
  { type: 'count' },
  { type: 'level', levels: ['Đạt', 'Đạt một phần', 'Không đạt'] },
  { type: 'points', floor: Exact.ZERO, max: Exact.parse('1.5')! },
  { type: 'points', floor: Exact.parse('-1')!, max: undefined },
];

/** Text shaped like evidence values: digits, separators, signs, %, /, Vietnamese letters, spaces. */
const valueLike = fc.stringMatching(/^[ 0-9.,%/+\-−eE a-zA-Zđạtkôngcó\u0300\u0301\u00a0]{0,24}$/);

async function readAll(gen: AsyncGenerator<{ rows: AsyncIterable<unknown> }>): Promise<number> {
  let n = 0;
  for await (const sheet of gen) for await (const _ of sheet.rows) n++;
  return n;
}

let files = 0;
function temp(name: string, bytes: Uint8Array): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

describe('value parsers', () => {
  it('read any text as a value, emptiness or a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), valueLike, fc.string({ unit: 'binary' })), fc.constantFrom(...specs), fc.constantFrom('vi', 'en' as const), (text, spec, locale) => {
        const p = parseValue({ text }, spec, locale);
        expect(['value', 'empty', 'problem']).toContain(p.kind);
        parseLocaleNumber(text, locale);
        parseDateText(text, locale);
      }),
      { numRuns: 5000 },
    );
  });

  it('read any spreadsheet cell as a value, emptiness or a problem', () => {
    const cell = fc.record(
      {
        text: fc.string(),
        number: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.string()),
        percent: fc.boolean(),
        date: fc.constantFrom('2024-12-20', '2025-02-29', 'x'),
        bool: fc.boolean(),
      },
      { requiredKeys: ['text'] },
    );
    fc.assert(
      fc.property(cell, fc.constantFrom(...specs), (c, spec) => {
        try {
          expect(['value', 'empty', 'problem']).toContain(parseValue(c as never, spec, 'vi').kind);
        } catch (e) {
          // A numeric cell whose text is not a number cannot come from a reader; nothing else may throw.
          expect(Exact.parse(String(c.number))).toBeUndefined();
          expect(e).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readers', () => {
  it('read any bytes named .csv as rows or refuse them as unreadable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string().map((s) => Buffer.from(s)), fc.string().map((s) => Buffer.from(s, 'utf16le'))), async (bytes) => {
        try {
          await readAll(readCsv(temp('f.csv', bytes), 'f.csv'));
        } catch (e) {
          expect(e).toBeInstanceOf(UnreadableInput);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('read CSV-shaped text with quotes, separators and line breaks as rows or refuse it', async () => {
    const csvish = fc.array(fc.constantFrom('a', 'xã', '1,5', '"', '""', ';', ',', '\n', '\r\n', '\t', ' ', '%', '0'), { maxLength: 200 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(csvish, async (text) => {
        try {
          await readAll(readCsv(temp('g.csv', Buffer.from(text)), 'g.csv'));
        } catch (e) {
          expect(e).toBeInstanceOf(UnreadableInput);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuse any bytes named .xlsx that are not a sound workbook, and damaged workbooks, as unreadable', async () => {
    const sound = readFileSync('fixtures/par-so-2025/minh-chung.xlsx');
    const damaged = fc.tuple(fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, cut, noise]) => {
      const b = Buffer.from(sound);
      b.set(noise, at % (b.length - noise.length));
      return b.subarray(0, b.length - (cut % 64));
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 4000 }), damaged), async (bytes) => {
        try {
          await readAll(readXlsx(temp('f.xlsx', bytes), 'f.xlsx', { limits: { idleTimeoutMs: 5000 } }));
        } catch (e) {
          expect(e).toBeInstanceOf(UnreadableInput);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe('the criteria loader', () => {
  it('turns any bytes into criteria or located problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string().map((s) => Buffer.from(s))), (bytes) => {
        const r = loadCriteriaBytes(bytes, 'x.yaml');
        for (const p of r.problems) expect(p.location?.file).toBe('x.yaml');
      }),
      { numRuns: 1000 },
    );
  });

  it('turns near-valid criteria (random edits of a real file) into criteria or located problems', () => {
    const real = readFileSync('criteria/par-xa-2025.yaml', 'utf8');
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', ' ', '\t', ':', '- ', '"', '{', '}', '[', 'max: -1', '0,5', '\n', 'kind: x', '&a', '*a', '__proto__: 1'));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = real;
        for (const [at, len, insert] of edits) {
          const i = at % text.length;
          text = text.slice(0, i) + insert + text.slice(i + len);
        }
        const r = loadCriteria(text, 'x.yaml');
        expect(r.criteria !== undefined || r.problems.some((p) => p.severity === 'error')).toBe(true);
        for (const p of r.problems) expect(p.location?.file).toBe('x.yaml');
      }),
      { numRuns: 200 },
    );
  });
});
