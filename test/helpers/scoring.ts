import { Exact } from '../../src/core/exact.js';
import type { Fact, Override, SelfScore, Unit } from '../../src/core/inputs.js';
import type { Criteria } from '../../src/core/model.js';
import type { Report, UnitResult } from '../../src/core/report.js';
import { scoreIndex } from '../../src/core/score.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector, type EvidenceSet } from '../../src/evidence/collect.js';
import { attributeFact } from '../../src/evidence/units.js';

export const x = (s: string) => Exact.parse(s)!;

export function criteriaOf(yaml: string): Criteria {
  const { criteria, problems } = loadCriteria(yaml, 'test.yaml');
  if (!criteria) throw new Error(JSON.stringify(problems, null, 1));
  return criteria;
}

/** Units as `id: group`. */
export function unitsOf(groups: Record<string, string>): Unit[] {
  return Object.entries(groups).map(([id, group]) => ({ id, name: id.toUpperCase(), group, previous: [] }));
}

/**
 * Units with facts (the criteria's `attributes`), written as a units file writes them
 * (`{ id: [group, { mien_nui: 'có', dan_so: '12.345' }] }`), each read as its attribute's type
 * the way the units file reader reads a cell: a blank cell is no fact. The first unit's facts are
 * on row 2 of don-vi.csv, each attribute in its own column from D on.
 */
export function unitsWith(criteria: Criteria, spec: Record<string, [group: string, attributes?: Record<string, string>]>): Unit[] {
  return unitsFrom(
    criteria,
    Object.entries(spec).map(([id, [group, attributes]]) => ({ id, group, ...(attributes ? { attributes } : {}) })),
  ).map((u) => ({ ...u, name: u.id.toUpperCase() }));
}

/** The same from a list (generated scenarios): each unit named by its id, its facts on row 2, 3… in list order. */
export function unitsFrom(criteria: Criteria, list: ReadonlyArray<{ id: string; group: string; attributes?: Record<string, string> }>): Unit[] {
  const columns = [...criteria.attributes.keys()];
  return list.map(({ id, group, attributes: written = {} }, i) => {
    const attributes = new Map<string, Fact>();
    for (const [name, text] of Object.entries(written)) {
      const attribute = criteria.attributes.get(name);
      if (!attribute) throw new Error(`no attribute ${name}`);
      const column = String.fromCharCode('D'.charCodeAt(0) + columns.indexOf(name));
      const read = attributeFact({ text }, attribute, criteria.locale, { file: 'don-vi.csv', row: i + 2, column, header: attribute.column });
      if ('problem' in read) throw new Error(JSON.stringify(read.problem));
      if (read.fact) attributes.set(name, read.fact);
    }
    return { id, name: id, group, previous: [], attributes };
  });
}

/** Evidence written as an office would (`unit → indicator → text`), read row by row in the order given; problems kept, not thrown. */
export function collect(criteria: Criteria, units: Unit[], evidence: Record<string, Record<string, string>>): EvidenceSet {
  const collector = new EvidenceCollector(criteria, units);
  let row = 1;
  for (const [unit, values] of Object.entries(evidence)) {
    for (const [indicator, text] of Object.entries(values)) {
      row++;
      collector.add(unit, indicator, { text }, { file: 'minh-chung.csv', column: 'C', header: 'Giá trị' }, row);
    }
  }
  return collector.finish();
}

/**
 * Scores evidence written as an office would (`unit → indicator → text`), read through the same
 * collector as files are, row by row in the order given.
 */
export function score(criteria: Criteria, units: Unit[], evidence: Record<string, Record<string, string>>, layers: Layers = {}): Report {
  const set = collect(criteria, units, evidence);
  const errors = set.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors, null, 1));
  return scoreIndex({ criteria, units, inputs: set.inputs, ...layersOf(layers), findings: set.problems });
}

/** Self-assessments (`unit → item → points`) and overrides (`unit → item → [points, reason]`) as an office writes them. */
export interface Layers {
  self?: Record<string, Record<string, string>>;
  overrides?: Record<string, Record<string, [string, string]>>;
}

/** The layers read as the units file readers give them, each on row 2 of its file. */
export function layersOf(layers: Layers): { self: Map<string, Map<string, SelfScore>>; overrides: Map<string, Map<string, Override>> } {
  const at = { file: 'x.csv', row: 2, column: 'C' };
  const self = new Map(
    Object.entries(layers.self ?? {}).map(([u, items]) => [u, new Map(Object.entries(items).map(([i, p]): [string, SelfScore] => [i, { points: x(p), evidence: at }]))]),
  );
  const overrides = new Map(
    Object.entries(layers.overrides ?? {}).map(([u, items]) => [
      u,
      new Map(Object.entries(items).map(([i, [p, reason]]): [string, Override] => [i, { points: x(p), reason, evidence: at }])),
    ]),
  );
  return { self, overrides };
}

export function unit(report: Report, id: string): UnitResult {
  const u = report.units.find((r) => r.unit === id);
  if (!u) throw new Error(`no unit ${id}`);
  return u;
}

export const shown = (e: Exact | null, places = 2) => (e === null ? null : e.toFixed(places));
