import * as z from 'zod';
import { Exact } from '../core/exact.js';
import { problem, type Problem } from '../core/problems.js';
import type { AdjustmentResult, ItemResult, Manifest, NodeResult, UnitResult } from '../core/report.js';
import { issuesToProblems } from '../criteria/issues.js';
import { loadYaml, locate } from '../criteria/yaml.js';
import type { Published } from '../evidence/published.js';
import { partsOf } from './recheck.js';

/**
 * A `parscore/report@1` JSON read back, for `recheck --against` and `compare`: the figures with
 * exact numbers (each JSON number through its shortest decimal text), checked against a schema of
 * what these commands use. Keys it does not know are allowed, so a later report still reads.
 */
const num = z.number();
const status = z.enum(['met', 'partial', 'not_met', 'not_applicable', 'no_evidence', 'insufficient_data', 'invalid']);

const manifestSchema = z.object({
  engine: z.string(),
  criteria: z.object({ id: z.string(), file: z.string(), sha256: z.string() }),
  inputs: z.array(z.object({ role: z.string(), file: z.string(), sha256: z.string() })),
  locale: z.string(),
  precision: z.number().int(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});

const reportSchema = z.object({
  format: z.literal('parscore/report@1'),
  manifest: manifestSchema.optional(),
  criteria: z.object({
    id: z.string(),
    title: z.string(),
    year: z.number().int(),
    precision: z.number().int().min(0),
    indexPrecision: z.number().int().min(0),
    scale: num,
  }),
  units: z.array(
    z.object({
      unit: z.string(),
      name: z.string(),
      group: z.string(),
      points: num,
      max: num,
      index: num.nullable(),
      band: z.string().nullable(),
      rank: z.number().int().nullable(),
      tied: z.boolean(),
      nodes: z.array(z.object({ id: z.string(), title: z.string(), points: num, max: num })),
      items: z.array(z.object({ id: z.string(), title: z.string(), parent: z.string().nullable().optional(), max: num, status, final: num })),
      adjustments: z.array(z.object({ id: z.string(), title: z.string(), kind: z.enum(['bonus', 'penalty']), cap: num, final: num })),
    }),
  ),
  groups: z.array(z.object({ id: z.string(), title: z.string(), ranking: z.array(z.string()), unranked: z.array(z.string()) })),
});

/** What recheck and compare use of a unit: its figures, and the points of its parts. */
export type ReportFileUnit = Pick<UnitResult, 'unit' | 'name' | 'group' | 'points' | 'max' | 'index' | 'band' | 'rank' | 'tied'> & {
  nodes: Array<Pick<NodeResult, 'id' | 'title' | 'points' | 'max'>>;
  items: Array<Pick<ItemResult, 'id' | 'title' | 'max' | 'status' | 'final'> & { parent?: string | null }>;
  adjustments: Array<Pick<AdjustmentResult, 'id' | 'title' | 'kind' | 'cap' | 'final'>>;
};

export interface ReportFile {
  file: string;
  manifest?: Manifest;
  criteria: { id: string; title: string; year: number; precision: number; indexPrecision: number; scale: Exact };
  units: ReportFileUnit[];
  groups: Array<{ id: string; title: string; ranking: string[]; unranked: string[] }>;
}

/**
 * Reads a report from its text. A syntax error or a field of the wrong kind is a problem at its
 * line and column (found by reading the JSON again as YAML, which keeps positions: only on error,
 * since reports can be large).
 */
export function parseReportFile(text: string, file: string): { report?: ReportFile; problems: Problem[] } {
  const body = text.replace(/^\ufeff/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const yaml = loadYaml(body);
    const at = yaml.problems[0]?.location;
    const detail = (e as Error).message.split('\n')[0]!;
    return { problems: [problem('json-syntax', 'error', { detail }, { location: { file, ...(at?.line !== undefined ? { line: at.line, column: at.column } : {}) } })] };
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const yaml = loadYaml(body);
    const problems = issuesToProblems(reportSchema, data, parsed.error.issues).map((p) => ({
      ...p,
      location: { file, ...(p.path ? locate(yaml.doc, yaml.lines, p.path, p.atKey) : {}) },
      // Named by its path ("units[3].index"), as a reader of the JSON finds it.
      ...(p.path && p.path.length > 0 ? { subject: pathText(p.path) } : {}),
    }));
    return { problems };
  }
  const r = parsed.data;
  const x = Exact.fromNumber;
  return {
    problems: [],
    report: {
      file,
      ...(r.manifest ? { manifest: r.manifest } : {}),
      criteria: { ...r.criteria, scale: x(r.criteria.scale) },
      units: r.units.map((u) => ({
        unit: u.unit,
        name: u.name,
        group: u.group,
        points: x(u.points),
        max: x(u.max),
        index: u.index === null ? null : x(u.index),
        band: u.band,
        rank: u.rank,
        tied: u.tied,
        nodes: u.nodes.map((n) => ({ id: n.id, title: n.title, points: x(n.points), max: x(n.max) })),
        items: u.items.map((i) => ({ id: i.id, title: i.title, parent: i.parent, max: x(i.max), status: i.status, final: x(i.final) })),
        adjustments: u.adjustments.map((a) => ({ id: a.id, title: a.title, kind: a.kind, cap: x(a.cap), final: x(a.final) })),
      })),
      groups: r.groups,
    },
  };
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The report's figures as published figures, to recheck them like a published table: exact
 * numbers printed at the report's precision (points at `precision`, the index at `indexPrecision`).
 */
export function publishedFromReport(r: ReportFile): Published {
  const points = r.criteria.precision;
  const index = r.criteria.indexPrecision;
  return {
    file: r.file,
    ...(r.manifest ? { manifest: r.manifest } : {}),
    units: r.units.map((u) => ({
      unit: u.unit,
      points: { value: u.points, places: points },
      max: { value: u.max, places: points },
      index: { value: u.index, places: index },
      rank: { value: u.rank === null ? null : { rank: u.rank, tied: u.tied } },
      band: { value: u.band },
      parts: new Map([...partsOf(u)].map(([id, value]) => [id, { value, places: points }])),
    })),
  };
}
