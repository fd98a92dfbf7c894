import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robustness, type Robustness } from '../../src/audit/robustness.js';
import { Exact } from '../../src/core/exact.js';
import type { Override, SelfScore, Unit } from '../../src/core/inputs.js';
import type { Criteria } from '../../src/core/model.js';
import type { Report } from '../../src/core/report.js';
import { scoreIndex } from '../../src/core/score.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { readRecords } from '../../src/evidence/records/records.js';
import { robustnessJsonChunks } from '../../src/report/robustness.js';
import { scenarioArb } from '../helpers/arbitrary.js';
import { runs } from '../helpers/runs.js';
import { unitsFrom } from '../helpers/scoring.js';

/**
 * What must hold of robustness whatever the criteria, evidence, appraisal changes and samples: a
 * change not listed as decisive, reverted alone and the whole index scored again from scratch,
 * moves no rank or band (and one listed does, as listed); every rank interval holds the rank; no
 * draws give the rank itself; the same seed gives the same bytes.
 */
const AT = { file: 'x.csv', row: 2, column: 'C' };
type Layer<T> = Map<string, Map<string, T>>;

interface Case {
  criteria: Criteria;
  units: Unit[];
  inputs: ReturnType<EvidenceCollector['finish']>['inputs'];
  self: Layer<SelfScore>;
  overrides: Layer<Override>;
}

/** A scenario (one group banded by quartiles now and then), with overrides and claims drawn for some of its leaves and its bonus. */
const caseArb = fc
  .tuple(scenarioArb, fc.boolean())
  .chain(([s, quartiles]) => {
    const yaml = quartiles ? s.yaml.replace(/(id: phuong, title: Nhóm phuong, )bands: \[[^\]]*\]/, '$1bands: { quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] }') : s.yaml;
    const items = [...s.leaves.map((l) => ({ id: l.id, max: l.max })), ...(s.bonus ? [{ id: 'thuong', max: 2 }] : [])];
    const layer = fc.array(fc.record({ unit: fc.nat(), item: fc.nat(), points: fc.nat() }), { maxLength: 6 });
    return fc.record({ s: fc.constant({ ...s, yaml }), items: fc.constant(items), overrides: layer, claims: layer });
  })
  .map(({ s, items, overrides, claims }) => {
    const { criteria } = loadCriteria(s.yaml, 'gen.yaml');
    const units = unitsFrom(criteria!, s.units);
    const collector = new EvidenceCollector(criteria!, units);
    s.evidence.forEach((e, i) => collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2));
    const layer = <T>(picks: Array<{ unit: number; item: number; points: number }>, make: (points: Exact) => T): Layer<T> => {
      const out: Layer<T> = new Map();
      for (const p of picks) {
        const unit = units[p.unit % units.length]!.id;
        const item = items[p.item % items.length]!;
        // Quarter points from 0 to the item's max (a bonus's cap).
        const points = Exact.of(p.points % (Math.round(item.max * 4) + 1), 4);
        (out.get(unit) ?? out.set(unit, new Map()).get(unit)!).set(item.id, make(points));
      }
      return out;
    };
    return {
      criteria: criteria!,
      units,
      inputs: collector.finish().inputs,
      overrides: layer(overrides, (points): Override => ({ points, reason: 'Thẩm định', evidence: AT })),
      self: layer(claims, (points): SelfScore => ({ points, evidence: AT })),
    } satisfies Case;
  });

/** Each unit's rank and band, scored from scratch. */
function standings(c: Case, overrides: Layer<Override>): Map<string, string> {
  const report = scoreIndex({ criteria: c.criteria, units: c.units, inputs: c.inputs, self: c.self, overrides });
  return new Map(report.units.map((u) => [u.unit, `${u.rank}|${u.band}`]));
}

function analysed(c: Case, more: { samples?: Parameters<typeof robustness>[0]['samples']; draws?: number; seed?: number } = {}): { report: Report; r: Robustness } {
  const report = scoreIndex({ criteria: c.criteria, units: c.units, inputs: c.inputs, self: c.self, overrides: c.overrides });
  const r = robustness({ criteria: c.criteria, units: c.units, inputs: c.inputs, self: c.self, overrides: c.overrides, report, draws: more.draws ?? 0, seed: more.seed ?? 1, ...(more.samples ? { samples: more.samples } : {}) });
  return { report, r };
}

describe('decisive changes, against scoring from scratch', () => {
  it('lists exactly the changes whose reversal alone moves a rank or band, with where they move', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { report, r } = analysed(c);
        const before = standings(c, c.overrides);
        let overrides = 0;
        let claims = 0;
        for (const u of report.units) {
          const own = c.overrides.get(u.unit) ?? new Map<string, Override>();
          // An override counts where the report shows it (one on a leaf the unit's group does not have is never applied).
          const subjects = [...u.items, ...u.adjustments].map((i) => ({ id: i.id, final: i.final, self: i.self, overridden: i.override !== undefined }));
          for (const s of subjects) {
            const changes: Array<{ kind: 'override' | 'claim'; mine: Map<string, Override> }> = [];
            if (s.overridden) {
              overrides++;
              const without = new Map(own);
              without.delete(s.id);
              changes.push({ kind: 'override', mine: without });
            }
            if (s.self !== undefined && !s.self.eq(s.final)) {
              claims++;
              changes.push({ kind: 'claim', mine: new Map(own).set(s.id, { points: s.self, reason: '', evidence: AT }) });
            }
            for (const change of changes) {
              const after = standings(c, new Map(c.overrides).set(u.unit, change.mine));
              const moved = [...after].filter(([id, st]) => before.get(id) !== st).map(([id]) => id);
              const listed = r.decisive.find((d) => d.unit === u.unit && d.item === s.id && d.kind === change.kind);
              expect(listed !== undefined, `${u.unit} ${s.id} ${change.kind}: moves ${moved.join(', ')}`).toBe(moved.length > 0);
              if (!listed) continue;
              expect(`${listed.rank[1]}|${listed.band[1]}`).toBe(after.get(u.unit));
              const rankOf = (m: Map<string, string>, id: string) => m.get(id)!.split('|')[0];
              expect([...listed.moves].sort()).toEqual(moved.filter((id) => id !== u.unit && rankOf(after, id) !== rankOf(before, id)).sort());
            }
          }
        }
        expect(r.examined).toEqual({ overrides, claims });
      }),
      { numRuns: runs(150) },
    );
  });
});

describe('rank intervals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-robustness-props-'));
  const ANSWERS = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', ''];

  /** A survey scenario: a criteria file of a few survey leaves (means and shares, weighted or not) and one evidence leaf, and respondents per unit. */
  const surveyArb = fc
    .record({
      questions: fc.integer({ min: 1, max: 3 }),
      weighted: fc.boolean(),
      units: fc.integer({ min: 1, max: 6 }),
      minRows: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      // Leaves that read a redrawn value through a composite rule or the group's best, a bonus
      // given from one, a tiebreak on the survey area or on a leaf, quartile bands.
      composite: fc.boolean(),
      relative: fc.boolean(),
      bonus: fc.boolean(),
      tiebreak: fc.constantFrom(undefined, '"2"', '"2.1"'),
      quartiles: fc.boolean(),
      // Every respondent of a unit answers alike (then every draw gives the values as scored).
      alike: fc.boolean(),
    })
    .chain((p) =>
      fc.record({
        p: fc.constant(p),
        evidence: fc.array(fc.constantFrom('có', 'không'), { minLength: p.units, maxLength: p.units }),
        rows: fc
          .array(
            fc.record({ unit: fc.nat(p.units - 1), weight: fc.integer({ min: 1, max: 20 }), answers: fc.array(fc.constantFrom(...ANSWERS), { minLength: p.questions, maxLength: p.questions }) }),
            { maxLength: 30 },
          )
          .map((rows) => (p.alike ? rows.map((r) => ({ ...r, answers: rows.find((x) => x.unit === r.unit)!.answers })) : rows)),
        draws: fc.integer({ min: 0, max: 40 }),
        seed: fc.nat(),
      }),
    );

  async function surveyCase(g: typeof surveyArb extends fc.Arbitrary<infer T> ? T : never) {
    const { p } = g;
    const leaves = Array.from({ length: p.questions }, (_, q) =>
      q % 2 === 0
        ? `      - { id: "2.${q + 1}", title: Câu ${q + 1}, max: 1, indicator: hl_${q + 1}, rule: { kind: proportional, of: number, target: 1 } }`
        : `      - { id: "2.${q + 1}", title: Câu ${q + 1}, max: 2, indicator: hl_${q + 1}, rule: { kind: bands, bands: [{ min: 60, points: 2 }, { min: 30, points: 1 }], empty: zero } }`,
    );
    const indicators = Array.from({ length: p.questions }, (_, q) => {
      const common = `from: khao_sat, unit_column: ma_xa${p.weighted ? ', weight_column: trong_so' : ''}${p.minRows ? `, min_rows: ${p.minRows}` : ''}`;
      return q % 2 === 0
        ? `  hl_${q + 1}: { ${common}, mean: { column: c${q + 1}, map: { Rất hài lòng: 1, Hài lòng: 0.75, Bình thường: 0.5, Không hài lòng: 0 } } }`
        : `  hl_${q + 1}: { ${common}, share: { column: c${q + 1}, values: [Rất hài lòng, Hài lòng] } }`;
    });
    const yaml = [
      'format: parscore/criteria@1',
      'id: sinh-khao-sat',
      'title: Sinh khảo sát',
      'year: 2025',
      `groups: [{ id: xa, title: Xã, bands: ${p.quartiles ? '{ quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] }' : '[{ min: 70, label: Tốt }, { min: 40, label: Khá }, { min: 0, label: Yếu }]'} }]`,
      ...(p.tiebreak ? [`tiebreak: [${p.tiebreak}]`] : []),
      'criteria:',
      '  - { id: "1", title: Công khai, max: 1, indicator: cong_khai, rule: { kind: boolean } }',
      '  - id: "2"',
      '    title: Hài lòng',
      '    children:',
      ...leaves,
      ...(p.composite ? ['  - { id: "3", title: Điều kiện, max: 1, rule: { kind: cases, cases: [{ when: { indicator: hl_1, min: 0.5, of: number }, points: 1 }], otherwise: { points: 0 } } }'] : []),
      ...(p.relative ? ['  - { id: "4", title: So với tốt nhất, max: 1, indicator: hl_1, rule: { kind: relative } }'] : []),
      ...(p.bonus ? ['adjustments:', '  - { id: thuong, title: Thưởng, kind: bonus, cap: 1, indicator: hl_1, rule: { kind: given } }'] : []),
      'indicators:',
      ...indicators,
    ].join('\n');
    const { criteria, problems } = loadCriteria(yaml, 'gen.yaml');
    if (!criteria) throw new Error(JSON.stringify(problems));
    const units = unitsFrom(criteria, Array.from({ length: p.units }, (_, i) => ({ id: `xa-${i + 1}`, group: 'xa' })));
    const csv = [`ma_xa,trong_so,${Array.from({ length: p.questions }, (_, q) => `c${q + 1}`).join(',')}`, ...g.rows.map((r) => `xa-${r.unit + 1},${r.weight},${r.answers.join(',')}`)].join('\n');
    const file = `khao-sat-${Math.random().toString(36).slice(2)}.csv`;
    writeFileSync(join(dir, file), csv + '\n');
    const collector = new EvidenceCollector(criteria, units);
    g.evidence.forEach((v, i) => collector.add(`xa-${i + 1}`, 'cong_khai', { text: v }, { file: 'minh-chung.csv', column: 'C', header: 'value' }, i + 2));
    const samples = await readRecords(criteria, 'gen.yaml', collector, [{ name: 'khao_sat', file, path: join(dir, file) }], { samples: { census: [] } });
    const c: Case = { criteria, units, inputs: collector.finish().inputs, self: new Map(), overrides: new Map() };
    return { c, samples };
  }

  it('holds each unit’s rank in its interval, counts every draw once, and gives the rank itself with no draws', async () => {
    await fc.assert(
      fc.asyncProperty(surveyArb, async (g) => {
        const { c, samples } = await surveyCase(g);
        const { r } = analysed(c, { samples, draws: g.draws, seed: g.seed });
        for (const u of r.groups.flatMap((x) => x.units)) {
          expect(u.rankInterval[0] <= u.rank && u.rank <= u.rankInterval[1], `${u.unit} ${u.rank} ${u.rankInterval}`).toBe(true);
          if (r.draws === 0) {
            expect(u.rankInterval).toEqual([u.rank, u.rank]);
            expect(u.bandDraws).toEqual([]);
          } else expect(u.bandDraws.reduce((n, b) => n + b.draws, 0) + u.unrankedDraws).toBe(r.draws);
        }
        if (g.draws === 0) expect(r.draws).toBe(0);
      }),
      { numRuns: runs(60) },
    );
  });

  it('gives every draw the ranking as scored when each unit’s respondents answer alike, whatever reads the values', async () => {
    await fc.assert(
      fc.asyncProperty(
        surveyArb.filter((g) => g.p.alike && g.draws > 0),
        async (g) => {
          const { c, samples } = await surveyCase(g);
          const { r } = analysed(c, { samples, draws: g.draws, seed: g.seed });
          for (const u of r.groups.flatMap((x) => x.units)) {
            expect(u.rankInterval, u.unit).toEqual([u.rank, u.rank]);
            if (r.draws > 0) expect(u.bandDraws, u.unit).toEqual([{ band: u.band, draws: r.draws }]);
          }
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('gives byte-identical output for the same seed', async () => {
    await fc.assert(
      fc.asyncProperty(surveyArb, async (g) => {
        const { c, samples } = await surveyCase(g);
        const once = [...robustnessJsonChunks(analysed(c, { samples, draws: g.draws, seed: g.seed }).r)].join('');
        const again = [...robustnessJsonChunks(analysed(c, { samples, draws: g.draws, seed: g.seed }).r)].join('');
        expect(again).toBe(once);
      }),
      { numRuns: runs(40) },
    );
  });

  it('never redraws a leaf it does not read from a sample: without records, every interval is the rank', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 30 }), (c, draws) => {
        const { r } = analysed(c, { draws, seed: 3 });
        expect(r.draws).toBe(0);
        for (const u of r.groups.flatMap((x) => x.units)) expect(u.rankInterval).toEqual([u.rank, u.rank]);
      }),
      { numRuns: runs(50) },
    );
  });
});
