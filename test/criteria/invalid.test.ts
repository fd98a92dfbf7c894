import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCriteriaBytes } from '../../src/criteria/index.js';
import { problemMessage } from '../../src/explain/problems.js';

/**
 * The corpus of invalid criteria files: each states in its second line the problems it must give,
 * as `code line:column`, worked out by reading the file. Every problem found must be expected and
 * every expected problem found, at that exact place, with a message in both languages.
 */
const dir = join(import.meta.dirname, 'invalid');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

function expectations(text: string): string[] {
  const line = text.split('\n')[1] ?? '';
  const m = /^# expect: (.*)$/.exec(line);
  if (!m) throw new Error('second line must be "# expect: code line:col, …"');
  return m[1]!.split(',').map((s) => s.trim()).filter(Boolean).sort();
}

describe('invalid criteria corpus', () => {
  it('has a file for every way a criteria file can be wrong', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  for (const file of files) {
    it(file, () => {
      const bytes = readFileSync(join(dir, file));
      const expected = expectations(bytes.toString('utf8'));
      const { criteria, problems } = loadCriteriaBytes(bytes, file);
      const found = problems.map((p) => `${p.code} ${p.location?.line}:${p.location?.column}`).sort();
      expect(found).toEqual(expected);
      if (problems.some((p) => p.severity === 'error')) expect(criteria).toBeUndefined();
      for (const p of problems) {
        expect(p.location?.file).toBe(file);
        expect(problemMessage(p, 'vi')).not.toMatch(/undefined|\[object/);
        expect(problemMessage(p, 'en')).not.toMatch(/undefined|\[object/);
      }
    });
  }
});
