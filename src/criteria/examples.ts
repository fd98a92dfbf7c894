import { Exact } from '../core/exact.js';
import type { Criteria, CriteriaTest } from '../core/model.js';
import type { Problem } from '../core/problems.js';
import type { Fact } from '../core/inputs.js';
import type { Status, UnitResult } from '../core/report.js';
import { attributeFact } from '../evidence/units.js';
import { scoreIndex } from '../core/score.js';
import { EvidenceCollector } from '../evidence/collect.js';
import type { Cell } from '../evidence/tables/table.js';

/**
 * The criteria file's own examples (`tests:`): each is scored as a unit of its group, with its
 * evidence read exactly as a spreadsheet's would be, and every expectation compared exactly.
 */
export interface ExampleResult {
  test: CriteriaTest;
  /** Evidence the example gives that cannot be read for its rule. */
  problems: Problem[];
  checks: Array<{ item: string; line?: number; expected: Exact | Status; actual: Exact | Status | null; ok: boolean }>;
  unit?: UnitResult;
  ok: boolean;
}

export function runExamples(criteria: Criteria, file: string): ExampleResult[] {
  return criteria.tests.map((test) => runExample(criteria, file, test));
}

function runExample(criteria: Criteria, file: string, test: CriteriaTest): ExampleResult {
  const unitId = test.unit ?? 'test';
  const attributes = new Map<string, Fact>();
  const problems: Problem[] = [];
  for (const a of test.attributes) {
    const attribute = criteria.attributes.get(a.name);
    if (!attribute) continue; // the criteria checks report it
    const read = attributeFact(cellOf(a.value), attribute, criteria.locale, { file, row: a.line ?? 0, column: '', header: a.name });
    if ('problem' in read) problems.push({ ...read.problem, location: { file, ...(a.line !== undefined ? { line: a.line } : {}) } });
    else if (read.fact) attributes.set(a.name, read.fact);
  }
  const units = [{ id: unitId, name: test.name, group: test.group, previous: [], attributes }];
  const collector = new EvidenceCollector(criteria, units);
  for (const e of test.evidence) {
    collector.add(unitId, e.indicator, cellOf(e.value), { file, column: '', header: e.indicator }, e.line ?? 0);
  }
  const set = collector.finish();
  problems.push(...set.problems.filter((p) => p.severity === 'error'));
  const report = scoreIndex({ criteria, units, inputs: set.inputs });
  const unit = report.units[0]!;
  const checks = test.expect.map((e) => {
    const line = e.line !== undefined ? { line: e.line } : {};
    if ('status' in e.expected) {
      const actual = unit.items.find((i) => i.id === e.item)?.status ?? null;
      return { item: e.item, ...line, expected: e.expected.status, actual, ok: actual === e.expected.status };
    }
    const actual = actualOf(criteria, unit, e.item);
    return { item: e.item, ...line, expected: e.expected.points, actual, ok: actual !== null && actual.eq(e.expected.points) };
  });
  return { test, problems, checks, unit, ok: problems.length === 0 && checks.every((c) => c.ok) };
}

/** A YAML scalar as a spreadsheet cell: numbers as numeric cells (exact), text as typed. */
function cellOf(value: string | number | boolean | null): Cell | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return { text: String(value), number: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', bool: value };
  return { text: value };
}

/** A leaf's or adjustment's final points (a shared cap's: its children's sum), a criterion's points, the unit's total or shown index. */
function actualOf(criteria: Criteria, unit: UnitResult, item: string): Exact | null {
  if (item === 'total') return unit.points;
  if (item === 'index') return unit.index === null ? null : unit.index.round(criteria.indexPrecision);
  const children = criteria.adjustments.filter((a) => a.shared?.id === item).map((a) => a.id);
  if (children.length > 0) return Exact.sum(unit.adjustments.filter((a) => children.includes(a.id)).map((a) => a.final));
  return (
    unit.items.find((i) => i.id === item)?.final ??
    unit.nodes.find((n) => n.id === item)?.points ??
    unit.adjustments.find((a) => a.id === item)?.final ??
    null
  );
}
