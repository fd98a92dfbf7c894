import { Exact } from '../core/exact.js';
import type { Criteria } from '../core/model.js';
import { compositeKindNames, type Rule } from '../core/rules/index.js';
import { foldText } from '../core/text.js';
import type { ReportFile } from './report-file.js';

/**
 * What changed between two criteria sets, leaf by leaf (bonuses and penalties too): added,
 * removed, moved, and a changed max, rule, title or groups. A leaf is the same leaf when it keeps
 * its id; it has moved when it sits under another parent. A leaf whose id disappeared and whose
 * title reappears under a new id (and only once on each side) has been renumbered: the same leaf,
 * moved. Anything else is added or removed.
 */
export interface LeafEntry {
  id: string;
  title: string;
  kind: 'leaf' | 'bonus' | 'penalty';
  /** The criterion above it; null at the top; undefined when not known (a report without parents). */
  parent?: string | null;
  /** The leaf's max, or a bonus's or penalty's cap. */
  max: Exact;
  /** The rule in a canonical form; undefined when not known (read from a report). */
  rule?: Record<string, unknown>;
  /** The groups it applies to; null for every group; undefined when not known. */
  groups?: string[] | null;
}

export interface LeafChange {
  old: LeafEntry;
  new: LeafEntry;
  /** Under another parent (same id), or renumbered (same title, another id). */
  moved?: 'parent' | 'id';
  max?: true;
  title?: true;
  groups?: true;
  /** The rule's keys whose values differ. */
  rule?: string[];
}

export interface CriteriaDiff {
  added: LeafEntry[];
  removed: LeafEntry[];
  /** Leaves found on both sides that moved or changed. */
  changed: LeafChange[];
  unchanged: number;
  /** Whether rules (and groups) were compared: not when either side was read from a report. */
  rulesCompared: boolean;
}

export function entriesOfCriteria(c: Criteria): LeafEntry[] {
  return [
    ...c.leaves.map((l) => ({
      id: l.id,
      title: l.title,
      kind: 'leaf' as const,
      parent: l.parentId ?? null,
      max: l.max,
      rule: canonicalRule(l.rule),
      groups: l.appliesTo ? [...l.appliesTo].sort() : null,
    })),
    // A cap shared with siblings bounds the adjustment as much as its rule does.
    ...c.adjustments.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      parent: null,
      max: a.cap,
      rule: { ...canonicalRule(a.rule), ...(a.shared ? { shared: { id: a.shared.id, cap: a.shared.cap.toString() } } : {}) },
      groups: null,
    })),
  ];
}

/** From a report: the leaves of its first unit (every unit has them all), with max and parent. */
export function entriesOfReport(r: ReportFile): LeafEntry[] {
  const u = r.units[0];
  if (!u) return [];
  return [
    ...u.items.map((i) => ({ id: i.id, title: i.title, kind: 'leaf' as const, ...(i.parent !== undefined ? { parent: i.parent } : {}), max: i.max })),
    ...u.adjustments.map((a) => ({ id: a.id, title: a.title, kind: a.kind, parent: null, max: a.cap })),
  ];
}

/**
 * A compiled rule as plain data to compare: exact numbers as text, keys as the criteria file writes
 * them (on_time, per_step), without what only records how it was written (`declared…`) or how it
 * is matched (a level's folded `key`).
 */
export function canonicalRule(rule: Rule): Record<string, unknown> {
  return canonical(rule) as Record<string, unknown>;
}

function canonical(x: unknown): unknown {
  if (x instanceof Exact) return x.toString();
  if (Array.isArray(x)) return x.map(canonical);
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => !k.startsWith('declared') && k !== 'key')
        .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), canonical(v)]),
    );
  }
  return x;
}

export function diffLeaves(before: readonly LeafEntry[], after: readonly LeafEntry[]): CriteriaDiff {
  const newById = new Map(after.map((e) => [e.id, e]));
  const pairs: Array<{ old: LeafEntry; new: LeafEntry; renumbered: boolean }> = [];
  const removed: LeafEntry[] = [];
  for (const e of before) {
    const n = newById.get(e.id);
    if (n && n.kind === e.kind) pairs.push({ old: e, new: n, renumbered: false });
    else removed.push(e);
  }
  const paired = new Set(pairs.map((p) => p.new));
  let added = after.filter((e) => !paired.has(e));
  // Renumbered: a title that is on exactly one removed and one added leaf of the same kind.
  const once = (list: LeafEntry[]) => {
    const count = new Map<string, number>();
    for (const e of list) count.set(key(e), (count.get(key(e)) ?? 0) + 1);
    return (e: LeafEntry) => count.get(key(e)) === 1;
  };
  const onceRemoved = once(removed);
  const onceAdded = once(added);
  const addedByTitle = new Map(added.filter(onceAdded).map((e) => [key(e), e]));
  const renumbered = new Set<LeafEntry>();
  for (const e of removed) {
    const n = onceRemoved(e) ? addedByTitle.get(key(e)) : undefined;
    if (!n) continue;
    pairs.push({ old: e, new: n, renumbered: true });
    renumbered.add(e).add(n);
  }
  added = added.filter((e) => !renumbered.has(e));
  const rulesCompared = [...before, ...after].every((e) => e.rule !== undefined);

  const changed: LeafChange[] = [];
  let unchanged = 0;
  for (const p of pairs) {
    const c: LeafChange = { old: p.old, new: p.new };
    if (p.renumbered) c.moved = 'id';
    else if (p.old.parent !== undefined && p.new.parent !== undefined && p.old.parent !== p.new.parent) c.moved = 'parent';
    if (!p.old.max.eq(p.new.max)) c.max = true;
    if (p.old.title !== p.new.title) c.title = true;
    if (rulesCompared) {
      const keys = ruleChanges(p.old.rule!, p.new.rule!);
      if (keys.length > 0) c.rule = keys;
      if (JSON.stringify(p.old.groups) !== JSON.stringify(p.new.groups)) c.groups = true;
    }
    if (c.moved || c.max || c.title || c.rule || c.groups) changed.push(c);
    else unchanged++;
  }
  const order = new Map(after.map((e, i) => [e, i]));
  changed.sort((a, b) => order.get(a.new)! - order.get(b.new)!);
  return { added, removed: removed.filter((e) => !renumbered.has(e)), changed, unchanged, rulesCompared };
}

function key(e: LeafEntry): string {
  return `${e.kind}\u0000${foldText(e.title)}`;
}

/**
 * The rule's keys whose values differ ("kind" alone when the kind changed). Inside a composite
 * rule the change is followed down to where it is: "otherwise.rule.cap", "of[1].test", or an
 * inner rule whose kind changed, whole.
 */
function ruleChanges(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  if (a['kind'] !== b['kind']) return ['kind'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const changed = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (!COMPOSITE.has(String(a['kind']))) return changed;
  return changed.flatMap((k) => deepChanges(a[k], b[k], k));
}

const COMPOSITE: ReadonlySet<string> = new Set(compositeKindNames);

function deepChanges(a: unknown, b: unknown, path: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((x, i) => deepChanges(x, b[i], `${path}[${i}]`));
  const object = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (!object(a) || !object(b) || a['kind'] !== b['kind'] || a['type'] !== b['type']) return [path];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => deepChanges(a[k], b[k], `${path}.${k}`));
}

/** The value at a path `ruleChanges` gave ("otherwise.rule.cap", "of[1].test"). */
export function ruleValueAt(rule: Record<string, unknown>, path: string): unknown {
  let at: unknown = rule;
  for (const step of path.split(/\.|(?=\[)/)) {
    if (at === null || typeof at !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(step);
    at = index ? (at as unknown[])[Number(index[1])] : (at as Record<string, unknown>)[step];
  }
  return at;
}
