import type * as z from 'zod';
import type { DocPath, Problem, ProblemCode } from '../core/problems.js';
import { decimalComma } from './issues.js';
import { criteriaFileSchema, FORMAT } from './schema.js';

/**
 * A file with a schema error still deserves its other checks in the same run: an author who
 * misspelt one rule kind should also hear that a parent's max does not add up. Salvage repairs a
 * decimal written with a comma (the number it means takes its place, so the sums around it are
 * checked as intended) and takes out the rest of what the schema refused (the criterion, band or
 * adjustment holding the error; an unknown key; a broken header value), so the rest can be
 * compiled and checked, and maps the paths of the remaining problems back to the original file.
 */
export interface Salvaged {
  data: unknown;
  /** A path in the salvaged data → the same place in the original file. */
  original(path: DocPath): DocPath;
  /** Whether a problem found on the salvaged data can be trusted for the original file. */
  trust(p: Problem): boolean;
}

const HEADER_PLACEHOLDERS: Record<string, unknown> = { format: FORMAT, id: 'x', title: 'x', year: 2000 };
const OPTIONAL_HEADER = new Set(['reference', 'description', 'locale', 'precision', 'index_precision', 'scale', 'tiebreak']);

/** Checks that compare one part of the file with another, and which removed parts would upset them. */
const CROSS_CHECKS: Partial<Record<ProblemCode, string[]>> = {
  'unknown-group': ['groups'],
  'unknown-node': ['criteria'],
  'unused-indicator': ['criteria', 'adjustments'],
  'unknown-test-item': ['criteria', 'adjustments'],
  'unknown-test-indicator': ['criteria', 'adjustments'],
  'unknown-test-attribute': ['attributes'],
  'unknown-attribute': ['attributes'],
  'attribute-test': ['attributes'],
  'empty-group': ['criteria'],
  'missing-responsible': ['criteria'],
  'points-precision': ['precision'],
};

export function salvage(data: unknown, issues: readonly z.core.$ZodIssue[]): Salvaged | undefined {
  if (!isRecord(data)) return undefined;
  const clone = structuredClone(data) as Record<string, unknown>;
  const removedPaths: DocPath[] = [];
  const touchedPaths: DocPath[] = [];
  const marks = new Map<unknown[], Set<number>>();

  // Repairs move nothing, so the schema's second look speaks of the same paths; what it still
  // refuses (a repaired -0,5 where only positive numbers go) is taken out like any other error.
  const again = repairDecimalCommas(clone, issues) ? criteriaFileSchema.safeParse(clone) : undefined;
  const rest = again === undefined ? issues : again.success ? [] : again.error.issues;
  for (const issue of rest) {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const target = walk(clone, path);
      if (isRecord(target)) for (const k of issue.keys) delete target[k];
      touchedPaths.push(path);
      continue;
    }
    if (path.length <= 1 && typeof path[0] === 'string' && (path[0] in HEADER_PLACEHOLDERS || OPTIONAL_HEADER.has(path[0]))) {
      const key = path[0];
      if (key in HEADER_PLACEHOLDERS) clone[key] = HEADER_PLACEHOLDERS[key];
      else delete clone[key];
      removedPaths.push([key]);
      continue;
    }
    if (path[0] === 'indicators' && typeof path[1] === 'string' && isRecord(clone['indicators'])) {
      delete (clone['indicators'] as Record<string, unknown>)[path[1]];
      removedPaths.push(['indicators', path[1]]);
      continue;
    }
    const at = deepestItem(clone, path);
    if (!at) return undefined;
    const [container, index, itemPath] = at;
    const set = marks.get(container) ?? new Set<number>();
    set.add(index);
    marks.set(container, set);
    removedPaths.push(itemPath);
  }

  const kept = new WeakMap<unknown[], number[]>();
  for (const [container, removed] of marks) {
    const keep = container.map((_, i) => i).filter((i) => !removed.has(i));
    const items = keep.map((i) => container[i]);
    container.length = 0;
    container.push(...items);
    kept.set(container, keep);
  }

  const sections = new Set([...removedPaths, ...touchedPaths].map((p) => String(p[0])));
  return {
    data: clone,
    original(path) {
      const out: (string | number)[] = [];
      let cur: unknown = clone;
      for (const step of path) {
        if (Array.isArray(cur) && typeof step === 'number') {
          out.push(kept.get(cur)?.[step] ?? step);
          cur = cur[step];
        } else {
          out.push(step);
          cur = isRecord(cur) ? cur[String(step)] : undefined;
        }
      }
      return out;
    },
    trust(p) {
      const upset = CROSS_CHECKS[p.code];
      if (upset?.some((s) => sections.has(s))) return false;
      // Something whose part was taken out (a parent's child, a rule's band) is incomplete now:
      // its sum or best points say nothing about the file as written.
      // A case unreachable is about its whole `cases` rule: a case taken out renumbers the others.
      const about = p.code === 'max-mismatch' ? p.path?.slice(0, -1) : p.code === 'case-unreachable' ? p.path?.slice(0, -3) : p.path;
      if (!about) return true;
      const within = (outer: DocPath, inner: DocPath) => outer.length <= inner.length && outer.every((s, i) => inner[i] === s);
      // ...and what lost a key (a misspelt `max` or `responsible`) would be blamed for lacking it.
      return !removedPaths.some((r) => r.length > about.length && within(about, r)) && !touchedPaths.some((t) => t.length === about.length && within(t, about));
    },
  };
}

/** Puts the number meant in place of each "0,5" where a number was expected, unions included. */
function repairDecimalCommas(root: Record<string, unknown>, issues: readonly z.core.$ZodIssue[], prefix: DocPath = []): boolean {
  let repaired = false;
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union') {
      for (const branch of issue.errors) repaired = repairDecimalCommas(root, branch, path) || repaired;
      continue;
    }
    if (issue.code !== 'invalid_type' || issue.expected !== 'number') continue;
    const number = decimalComma(walk(root, path));
    const parent = walk(root, path.slice(0, -1));
    const last = path[path.length - 1];
    if (number === undefined || last === undefined) continue;
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = number;
    else if (isRecord(parent)) parent[String(last)] = number;
    else continue;
    repaired = true;
  }
  return repaired;
}

function deepestItem(root: unknown, path: readonly (string | number)[]): [unknown[], number, DocPath] | undefined {
  let found: [unknown[], number, DocPath] | undefined;
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (Array.isArray(cur) && typeof step === 'number' && step < cur.length) found = [cur, step, path.slice(0, i + 1)];
    cur = Array.isArray(cur) && typeof step === 'number' ? cur[step] : isRecord(cur) ? cur[String(step)] : undefined;
  }
  return found;
}

function walk(root: unknown, path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const step of path) cur = Array.isArray(cur) && typeof step === 'number' ? cur[step] : isRecord(cur) ? cur[String(step)] : undefined;
  return cur;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
