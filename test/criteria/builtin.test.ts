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

  it("are named by their ids: each file's id is its name, which commands take in place of the file", () => {
    for (const file of files) expect(loadCriteriaBytes(readFileSync(`criteria/${file}`), file).criteria!.id).toBe(file.replace(/\.yaml$/, ''));
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

  for (const set of ['par-xa-2025', 'par-so-2025']) {
    it(`${set}: the office enters exactly the indicators of its sociological survey file and those it derives from records`, () => {
      // The third column (Chỉ tiêu) of dieu-tra-xhh.csv; the unit names before it may be quoted.
      const rows = readFileSync(`fixtures/${set}/dieu-tra-xhh.csv`, 'utf8').trim().split('\n').slice(1);
      const survey = new Set(rows.map((r) => /^[^,]*,(?:"[^"]*"|[^,]*),([^,]+),/.exec(r)![1]));
      expect(survey.size).toBe(14);
      const { criteria } = loadCriteriaBytes(readFileSync(`criteria/${set}.yaml`), set);
      const office = criteria!.leaves.filter((l) => l.suppliedBy === 'office').map((l) => l.indicator);
      expect(office.sort()).toEqual([...survey, ...criteria!.indicators.keys()].sort());
      expect(criteria!.adjustments.map((a) => a.suppliedBy)).toEqual(['unit', 'unit']);
    });
  }

  it('pass their own examples', async () => {
    const r = await run(['test', ...files.map((f) => `criteria/${f}`), '--lang', 'en']);
    expect(r.stdout).toMatch(/✔ \d+ passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  const load = (file: string) => loadCriteriaBytes(readFileSync(`criteria/${file}`), file).criteria!;
  const maxima = (file: string, depth: number) => [...load(file).byId.values()].filter((n) => n.depth === depth).map((n) => n.max.toString());

  it('papi-2025: 8 dimensions of 10 points (1–10 with every answer at 0,1–1), scale 80 so the index is the 8–80 total', () => {
    const c = load('papi-2025.yaml');
    expect(maxima('papi-2025.yaml', 0)).toEqual(Array(8).fill('10'));
    expect(c.scale.toString()).toBe('80');
    // 28 sub-dimensions, each read from the survey through a map whose values run from 0.1 to 1.
    expect(c.leaves).toHaveLength(28);
    for (const l of c.leaves) {
      const d = c.indicators.get(l.indicator)!;
      expect(d.aggregate.kind, l.id).toBe('mean');
      const values = d.aggregate.kind === 'mean' ? d.aggregate.map!.map((m) => Number(m.value!.toString())) : [];
      expect([Math.min(...values), Math.max(...values)], l.id).toEqual([0.1, 1]);
    }
  });

  it('sipas-xa-2025: 5 elements of 20 points, so the total is the mean satisfaction of the elements', () => {
    expect(maxima('sipas-xa-2025.yaml', 0)).toEqual(Array(5).fill('20'));
  });

  it('dti-tinh-2025: 3 pillars, 9 main indices, 1,000 points, shown on 0–1 with 4 decimals', () => {
    const c = load('dti-tinh-2025.yaml');
    expect(maxima('dti-tinh-2025.yaml', 0)).toEqual(['400', '300', '300']);
    expect(maxima('dti-tinh-2025.yaml', 1)).toHaveLength(9);
    expect([c.scale.toString(), c.indexPrecision]).toEqual(['1', 4]);
  });
});
