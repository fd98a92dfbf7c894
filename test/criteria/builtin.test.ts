import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import { loadCriteriaBytes } from '../../src/criteria/index.js';
import { appliesTo } from '../../src/core/model.js';
import { run } from '../helpers/cli.js';

const files = readdirSync('criteria').filter((f) => f.endsWith('.yaml'));

describe('built-in criteria sets', () => {
  it('validate without a problem, even with --strict', async () => {
    const r = await run(['validate', '--strict', ...files.map((f) => `criteria/${f}`)]);
    expect(r.stdout).toContain(`Không có vấn đề nào trong ${files.length} tệp`);
    expect(r.code).toBe(0);
  });

  for (const file of ['par-xa-2025.yaml', 'par-so-2025.yaml']) {
    it(`${file}: eight areas, and 100 points for every group`, () => {
      const { criteria } = loadCriteriaBytes(readFileSync(`criteria/${file}`), file);
      expect(criteria!.areas.map((a) => a.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      for (const g of criteria!.groups) {
        const total = Exact.sum(criteria!.leaves.filter((l) => appliesTo(l, g.id)).map((l) => l.max));
        expect(total.toString(), g.id).toBe('100');
      }
    });
  }
});
