import { Exact } from '../core/exact.js';
import type { Override, Provenance } from '../core/inputs.js';
import type { Message } from '../core/messages.js';
import type { AdjustmentResult, ItemResult, Report, UnitResult } from '../core/report.js';
import { adjustmentSentence, itemSentence } from '../explain/items.js';
import { placesApart, type Lang } from '../explain/numbers.js';
import { problemToJson } from './problems.js';

/**
 * The report as `parscore/report@1` JSON. Numbers are JSON numbers at their shown precision, keys
 * come in a fixed order, and nothing depends on the clock or the order inputs were read in, so the
 * same inputs give byte-identical output; `--lang` changes only the texts.
 */
export function reportToJson(report: Report, options: { lang: Lang }): string {
  return [...reportJsonChunks(report, options)].join('');
}

/**
 * The same JSON text in pieces — the document around the units, then one unit at a time — so that
 * a national run (3,321 units × 134 leaves: 450 MB of JSON) is written without ever holding the
 * whole text, or every unit's JSON objects, in memory at once.
 */
export function* reportJsonChunks(report: Report, options: { lang: Lang }): Generator<string> {
  const { precision, indexPrecision } = report.criteria;
  const pts = (x: Exact) => x.toNumber(precision);
  const idx = (x: Exact | null) => (x === null ? null : x.toNumber(indexPrecision));
  const dataPlaces = Math.max(precision, 2);

  const unit = (u: UnitResult) => ({
    unit: u.unit,
    name: u.name,
    group: u.group,
    points: pts(u.points),
    max: pts(u.max),
    index: idx(u.index),
    band: u.band,
    rank: u.rank,
    tied: u.tied,
    status: u.status,
    ...(u.selfPoints !== undefined ? { self: pts(u.selfPoints) } : {}),
    nodes: u.nodes.map((n) => ({ id: n.id, title: n.title, points: pts(n.points), max: pts(n.max), index: idx(n.index) })),
    items: u.items.map((i) => item(i)),
    adjustments: u.adjustments.map((a) => adjustment(a)),
    findings: u.findings.map((p) => problemToJson(p, options.lang)),
  });

  // Keys in a fixed order; absent ones are undefined, which JSON.stringify leaves out.
  const item = (i: ItemResult) => ({
    id: i.id,
    title: i.title,
    parent: i.parents.at(-1) ?? null,
    points: pts(i.points),
    max: pts(i.max),
    status: i.status,
    self: i.self === undefined ? null : pts(i.self),
    final: pts(i.final),
    deduction: pts(i.deduction),
    message: messageJson(i.message, dataPlaces),
    text: itemSentence(i, options.lang),
    value: i.written,
    source: i.source,
    note: i.note,
    responsible: i.responsible,
    override: i.override ? override(i.override) : undefined,
    selfNote: i.selfNote,
    derived: i.derived
      ? {
          kind: i.derived.kind,
          n: i.derived.n,
          hits: i.derived.hits === undefined ? undefined : Number(i.derived.hits.toFixed(dataPlaces)),
          excluded: i.derived.excluded,
          pendingLate: i.derived.pendingLate,
          weighted: i.derived.weighted ? { sum: Number(i.derived.weighted.sum.toFixed(dataPlaces)), effectiveN: i.derived.weighted.effectiveN } : undefined,
          ci: i.derived.ci ? { low: Number(i.derived.ci.low.toFixed(dataPlaces)), high: Number(i.derived.ci.high.toFixed(dataPlaces)), method: i.derived.ci.method } : undefined,
          minRows: i.derived.insufficient?.minRows,
          files: i.derived.files,
        }
      : undefined,
    evidence: i.evidence.map(place),
  });

  const override = (o: Override) => ({ points: pts(o.points), reason: o.reason, ...(o.by ? { by: o.by } : {}), evidence: [place(o.evidence)] });

  const adjustment = (a: AdjustmentResult) => ({
    id: a.id,
    title: a.title,
    kind: a.kind,
    points: pts(a.points),
    final: pts(a.final),
    cap: pts(a.cap),
    ...(a.uncapped ? { uncapped: pts(a.uncapped) } : {}),
    ...(a.shared ? { shared: { id: a.shared.id, cap: pts(a.shared.cap), before: pts(a.shared.before) } } : {}),
    message: a.message ? messageJson(a.message, dataPlaces) : null,
    text: adjustmentSentence(a, options.lang),
    ...(a.written !== undefined ? { value: a.written } : {}),
    ...(a.source !== undefined ? { source: a.source } : {}),
    ...(a.override ? { override: override(a.override) } : {}),
    ...(a.self !== undefined ? { self: pts(a.self) } : {}),
    ...(a.selfNote !== undefined ? { selfNote: a.selfNote } : {}),
    evidence: a.evidence.map(place),
  });

  const out = {
    format: report.format,
    ...(report.manifest ? { manifest: report.manifest } : {}),
    criteria: { ...report.criteria, scale: Number(report.criteria.scale.toString()) },
    units: UNITS,
    groups: report.groups,
    findings: report.findings.map((p) => problemToJson(p, options.lang)),
  };
  // The document is indented; each unit is one line of compact JSON: a national report stays half
  // the size, is written twice as fast, and still reads (and diffs) a unit per line.
  const [head, tail] = JSON.stringify(out, null, 2).split(JSON.stringify(UNITS)) as [string, string];
  if (report.units.length === 0) {
    yield `${head}[]${tail}\n`;
    return;
  }
  yield `${head}[\n`;
  for (const [i, u] of report.units.entries()) yield `${i === 0 ? '' : ',\n'}    ${JSON.stringify(unit(u))}`;
  yield `\n  ]${tail}\n`;
}

/** Where the units go in the document; no text of a report can contain it (JSON escapes NUL). */
const UNITS = '\u0000units\u0000';

export function place(p: Provenance): { file: string; sheet?: string; row: number; column: string } {
  return { file: p.file, ...(p.sheet !== undefined ? { sheet: p.sheet } : {}), row: p.row, column: p.column };
}

/**
 * Message data with exact numbers as JSON numbers, also those nested in it: a composite rule's
 * message holds its inner rules' messages, the facts its conditions read and the values they compared.
 */
export function messageJson(m: Message, places: number): { id: string; data: Record<string, unknown> } {
  return { id: m.id, data: dataJson(m.data as Record<string, unknown>, places) };
}

function dataJson(data: Record<string, unknown>, places: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Each number keeps the digits that tell it apart from the others it was compared with (a value
  // of 89,996 beside a band from 90 is not 90).
  const numbers = Object.values(data).filter((v): v is Exact => v instanceof Exact);
  for (const [k, v] of Object.entries(data)) out[k] = v instanceof Exact ? Number(v.toFixed(placesApart(v, numbers.filter((n) => n !== v), places))) : nestedJson(v, places);
  return out;
}

function nestedJson(v: unknown, places: number): unknown {
  if (v instanceof Exact) return Number(v.toFixed(places));
  if (Array.isArray(v)) return v.map((x) => nestedJson(x, places));
  if (v !== null && typeof v === 'object') return dataJson(v as Record<string, unknown>, places);
  return v;
}

