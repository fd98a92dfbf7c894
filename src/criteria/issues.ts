import type * as z from 'zod';
import { problem, type DocPath, type Found, type Problem, type ProblemData } from '../core/problems.js';
import { closest } from '../core/text.js';

/**
 * zod issues → our problems: a closed set of codes with data to write a sentence that says what to
 * do, and the YAML path to point at. The schema is walked alongside the data to know which keys
 * are allowed where, for "did you mean".
 */
export function issuesToProblems(schema: z.ZodType, data: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) out.push(...convert(schema, data, issue, []));
  return dedupe(withoutEchoes(out));
}

/**
 * A condition with a misspelt key ("indicatr") is also shapeless once the key is set aside; the
 * misspelling is the mistake to fix, and the shape is judged again once it is.
 */
function withoutEchoes(problems: Problem[]): Problem[] {
  const misspelt = new Set(problems.filter((p) => p.code === 'unknown-key').map((p) => JSON.stringify(p.path?.slice(0, -1))));
  return problems.filter((p) => p.code !== 'condition-shape' || !misspelt.has(JSON.stringify(p.path)));
}

function convert(schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue, prefix: DocPath): Problem[] {
  const path: DocPath = [...prefix, ...(issue.path as (string | number)[])];
  const value = valueAt(data, path);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        return [problem('missing-key', 'error', { key: String(last) }, { path: path.slice(0, -1) })];
      }
      if (issue.expected === 'int' && typeof value === 'number') {
        return [problem('not-integer', 'error', { value }, { path })];
      }
      return [problem('wrong-type', 'error', { expected: issue.expected, got: found(value), ...hintFor(issue.expected, value, last) }, { path })];
    }
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, data, path);
      return issue.keys.map((key) =>
        problem('unknown-key', 'error', { key, allowed, ...suggest(key, allowed) }, { path: [...path, key], atKey: true }),
      );
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        // zod points at the discriminator itself ("kind"); older shapes point at the object.
        const atKind = last === issue.discriminator;
        const kind = atKind ? value : isRecord(value) ? value[issue.discriminator] : undefined;
        const kindPath = atKind ? path : [...path, issue.discriminator];
        const allowed = ('options' in issue ? (issue.options ?? []) : []).map(String);
        if (kind === undefined) return [problem('missing-key', 'error', { key: issue.discriminator }, { path: kindPath.slice(0, -1) })];
        return [problem('unknown-rule-kind', 'error', { kind: show(kind), allowed, ...suggest(show(kind), allowed) }, { path: kindPath })];
      }
      // Without a discriminator, report the option the value was meant for: the one its keys fit
      // (a rule where `otherwise` has `kind`, `{ points }` where it has `points`), else the one whose
      // type matched it (the list of bands when a list was written, the quartiles map when a map was).
      const branches = 'errors' in issue ? issue.errors : [];
      const meant = optionIndexAt(schema, data, path);
      const fits = meant === undefined ? undefined : branches[meant];
      if (fits && fits.length > 0) return fits.flatMap((i) => convert(schema, data, i, path));
      const matching = branches.find((b) => b.length > 0 && !b.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matching) return matching.flatMap((i) => convert(schema, data, i, path));
      const expected = branches.flatMap((b) => b.filter((i) => i.code === 'invalid_type').map((i) => (i as { expected: string }).expected));
      return [problem('wrong-type', 'error', { expected: [...new Set(expected)].join(' | '), got: found(value) }, { path })];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [problem('invalid-value', 'error', { value: show(value), allowed, ...suggest(show(value), allowed) }, { path })];
    }
    case 'invalid_format': {
      const format = formatOf(issue.message);
      return [problem('invalid-format', 'error', { value: show(value), format }, { path })];
    }
    case 'too_small':
    case 'too_big': {
      const what = issue.origin === 'array' ? 'list' : issue.origin === 'string' ? 'text' : 'number';
      const inclusive = issue.inclusive ?? true;
      return issue.code === 'too_small'
        ? [problem('too-small', 'error', { minimum: Number(issue.minimum), inclusive, what }, { path })]
        : [problem('too-big', 'error', { maximum: Number(issue.maximum), inclusive, what }, { path })];
    }
    case 'invalid_key': {
      // A record key that is not a valid name (an indicator called "dung han").
      return [problem('invalid-format', 'error', { value: String(last), format: 'indicator' }, { path, atKey: true })];
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { problem?: string; format?: string };
      if (params.format === 'date') {
        return [problem('invalid-format', 'error', { value: show(value), format: 'date', ...isoHint(value) }, { path })];
      }
      if (params.problem === 'band-bound' && isRecord(value)) {
        const has = value['min'] !== undefined && value['above'] !== undefined ? 'both' : 'neither';
        return [problem('band-bound', 'error', { has }, { path })];
      }
      if (params.problem === 'empty-levels') {
        return [problem('too-small', 'error', { minimum: 1, inclusive: true, what: 'list' }, { path })];
      }
      if (params.problem === 'condition-shape') {
        return [problem('condition-shape', 'error', { keys: isRecord(value) ? Object.keys(value) : [] }, { path })];
      }
      if (params.problem === 'case-outcome' && isRecord(value)) {
        const has = value['points'] !== undefined && value['rule'] !== undefined ? 'both' : 'neither';
        return [problem('case-outcome', 'error', { has }, { path })];
      }
      return [problem('wrong-type', 'error', { expected: 'valid value', got: found(value) }, { path })];
    }
    default:
      return [problem('wrong-type', 'error', { expected: 'valid value', got: found(value) }, { path })];
  }
}

function formatOf(message: string): ProblemData['invalid-format']['format'] {
  const tag = message.startsWith('format:') ? message.slice('format:'.length) : '';
  const known = ['id', 'criteria-id', 'group-id', 'date', 'indicator'] as const;
  return (known as readonly string[]).includes(tag) ? (tag as (typeof known)[number]) : 'id';
}

function hintFor(expected: string, value: unknown, last: string | number | undefined): { hint?: ProblemData['wrong-type']['hint'] } {
  if (expected === 'number' && decimalComma(value) !== undefined) return { hint: 'decimal-comma' };
  if (expected === 'string' && typeof value === 'number' && (last === 'id' || typeof last === 'number')) return { hint: 'quote-id' };
  return {};
}

/** The number meant by a decimal written with a comma ("0,5"), or undefined for anything else. */
export function decimalComma(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(-?\d+),(\d+)$/.exec(value.trim()) : null;
  return m ? Number(`${m[1]}.${m[2]}`) : undefined;
}

/** A date written the Vietnamese way in a criteria file: suggest the ISO form. */
function isoHint(value: unknown): { iso?: string } {
  const m = typeof value === 'string' ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim()) : null;
  return m ? { iso: `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` } : {};
}

function suggest(word: string, allowed: readonly string[]): { suggestion?: string } {
  const s = closest(word, allowed);
  return s === undefined ? {} : { suggestion: s };
}

function found(v: unknown): Found {
  if (v === null) return { type: 'null' };
  if (Array.isArray(v)) return { type: 'list' };
  if (typeof v === 'object') return { type: 'map' };
  if (typeof v === 'string') return { type: 'text', value: v.length > 40 ? v.slice(0, 40) + '…' : v };
  if (typeof v === 'number' || typeof v === 'boolean') return { type: typeof v as 'number' | 'boolean', value: String(v) };
  return { type: 'other', value: String(v) };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v) ?? String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function valueAt(data: unknown, path: DocPath): unknown {
  let cur: unknown = data;
  for (const step of path) {
    if (Array.isArray(cur) && typeof step === 'number') cur = cur[step];
    else if (isRecord(cur) && Object.hasOwn(cur, String(step))) cur = cur[String(step)];
    else return undefined;
  }
  return cur;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  getter?: () => z.ZodType;
};

function def(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Through optional, default, pipe and lazy wrappers, and into the union option the data takes. */
function resolve(s: z.ZodType, data: unknown): z.ZodType {
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'nonoptional') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else if (d.type === 'union' && d.options) {
      const option = pickOption(d, data);
      if (!option) return s;
      s = option;
    } else return s;
  }
  return s;
}

function pickOption(d: Def, data: unknown): z.ZodType | undefined {
  const i = pickIndex(d, data);
  return i === undefined ? undefined : d.options![i];
}

/**
 * The union option the data is meant for. With a discriminator: the option of its value. Without:
 * among the options of the data's type (list or map), the one whose keys a map's keys fit best —
 * a rule written where a rule or `{ points }` may go is a rule as soon as it says `kind` — and the
 * first of them on a tie.
 */
function pickIndex(d: Def, data: unknown): number | undefined {
  const options = d.options ?? [];
  if (d.discriminator) {
    if (!isRecord(data)) return undefined;
    const want = data[d.discriminator];
    const i = options.findIndex((o) => {
      const shape = def(resolve(o, undefined)).shape;
      const lit = shape?.[d.discriminator!];
      return lit !== undefined && (def(lit).values ?? []).includes(want);
    });
    return i < 0 ? undefined : i;
  }
  const wantType = Array.isArray(data) ? 'array' : isRecord(data) ? 'object' : undefined;
  let best: { index: number; fit: number } | undefined;
  options.forEach((o, index) => {
    const r = def(resolve(o, data));
    const type = r.type === 'union' && r.discriminator ? 'object' : r.type;
    if (type !== wantType) return;
    const fit = isRecord(data) ? keyFit(r, data) : 0;
    if (!best || fit > best.fit) best = { index, fit };
  });
  return best?.index;
}

/** How many of a map's keys an object schema (or a discriminated union, by its key) knows. */
function keyFit(d: Def, data: Record<string, unknown>): number {
  if (d.shape) return Object.keys(data).filter((k) => Object.hasOwn(d.shape!, k)).length;
  return d.discriminator !== undefined && Object.hasOwn(data, d.discriminator) ? 1 : 0;
}

/** The index of the union option the data at `path` is meant for, when a plain union is there. */
function optionIndexAt(schema: z.ZodType, data: unknown, path: DocPath): number | undefined {
  const s = schemaAt(schema, data, path);
  if (!s) return undefined;
  const d = def(unwrap(s));
  return d.type === 'union' && !d.discriminator ? pickIndex(d, valueAt(data, path)) : undefined;
}

/** Through optional, default, pipe and lazy wrappers, stopping at a union. */
function unwrap(s: z.ZodType): z.ZodType {
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'nonoptional') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else return s;
  }
  return s;
}

/** The keys a strict object accepts at this path of the data, for "did you mean". */
export function allowedKeysAt(schema: z.ZodType, data: unknown, path: DocPath): string[] {
  const s = schemaAt(schema, data, path);
  const shape = s && def(resolve(s, valueAt(data, path))).shape;
  return shape ? Object.keys(shape) : [];
}

/** The schema that reads the data at `path` (unions on the way taken as the data goes), unresolved. */
function schemaAt(schema: z.ZodType, data: unknown, path: DocPath): z.ZodType | undefined {
  let s = schema;
  let cur: unknown = data;
  for (const step of path) {
    const d = def(resolve(s, cur));
    if (d.type === 'object' && d.shape) {
      const child = d.shape[String(step)];
      if (!child) return undefined;
      s = child;
    } else if (d.type === 'array' && d.element) s = d.element;
    else if (d.type === 'record' && d.valueType) s = d.valueType;
    else return undefined;
    cur = valueAt(cur, [step]);
  }
  return s;
}

/** A union reports through several branches; the same problem at the same place is said once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.code, p.path, p.data]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
