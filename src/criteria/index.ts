import type * as z from 'zod';
import type { Criteria } from '../core/model.js';
import { hasErrors, problem, type DocPath, type Problem } from '../core/problems.js';
import { checkCriteria } from './checks.js';
import { compileCriteria } from './compile.js';
import { issuesToProblems } from './issues.js';
import { salvage } from './salvage.js';
import { criteriaFileSchema } from './schema.js';
import { DEFAULT_YAML_LIMITS, loadYaml, locate, type YamlLimits } from './yaml.js';

export { criteriaFileSchema, FORMAT } from './schema.js';
export { DEFAULT_YAML_LIMITS, type YamlLimits } from './yaml.js';

export interface LoadedCriteria {
  /** Present when the file has no error (warnings allowed). */
  criteria?: Criteria;
  /** Every problem found, each with its file, line and column, in file order. */
  problems: Problem[];
}

/**
 * Reads a criteria file from its bytes: UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything
 * else is a problem at the first byte that cannot be read, never mojibake.
 */
export function loadCriteriaBytes(bytes: Uint8Array, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): LoadedCriteria {
  const decoded = decodeText(bytes);
  if (typeof decoded === 'string') return loadCriteria(decoded, file, limits);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, decoded.offset));
  const lines = before.split('\n');
  const location = { file, line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  return { problems: [problem('not-utf8', 'error', { offset: decoded.offset }, { location })] };
}

function decodeText(bytes: Uint8Array): string | { offset: number } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { offset: firstInvalidUtf8(bytes) };
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i]!;
    const n = x < 0x80 ? 0 : x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/**
 * Reads a criteria file: YAML with positions → zod schema → compiled, exact criteria → semantic
 * checks. Every stage that can run does, so one run reports every mistake it can see.
 */
export function loadCriteria(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): LoadedCriteria {
  const yaml = loadYaml(text, limits);
  const problems: Problem[] = [...yaml.problems];
  let criteria: Criteria | undefined;
  if (yaml.data !== undefined || !hasErrors(yaml.problems)) {
    const parsed = criteriaFileSchema.safeParse(yaml.data);
    if (!parsed.success) {
      problems.push(...issuesToProblems(criteriaFileSchema, yaml.data, parsed.error.issues));
      problems.push(...salvagedChecks(yaml.data, parsed.error.issues));
    } else {
      const compiled = compileCriteria(parsed.data);
      problems.push(...compiled.problems, ...checkCriteria(compiled, parsed.data));
      criteria = compiled.criteria;
      // `parscore test` reports its examples by line.
      const lineOf = (path: DocPath) => locate(yaml.doc, yaml.lines, path).line;
      for (const t of criteria.tests) {
        t.line = lineOf(t.path);
        for (const e of [...t.attributes, ...t.evidence, ...t.expect]) e.line = lineOf(e.path);
      }
    }
  }
  const located = problems.map((p): Problem => {
    const where = p.path ? locate(yaml.doc, yaml.lines, p.path, p.atKey) : {};
    const also = p.also?.path ? { also: { path: p.also.path, line: locate(yaml.doc, yaml.lines, p.also.path, true).line } } : {};
    return { ...p, ...also, location: { ...p.location, file, ...where } };
  });
  located.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return hasErrors(located) ? { problems: located } : { criteria: criteria!, problems: located };
}

/** The semantic checks on what remains once the parts the schema refused are set aside. */
function salvagedChecks(data: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const s = salvage(data, issues);
  if (!s) return [];
  const parsed = criteriaFileSchema.safeParse(s.data);
  if (!parsed.success) return [];
  const compiled = compileCriteria(parsed.data);
  return [...compiled.problems, ...checkCriteria(compiled, parsed.data)]
    .map((p): Problem => ({
      ...p,
      ...(p.path ? { path: s.original(p.path) } : {}),
      ...(p.also?.path ? { also: { path: s.original(p.also.path) } } : {}),
    }))
    .filter((p) => s.trust(p));
}
