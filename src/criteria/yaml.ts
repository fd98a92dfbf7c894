import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { problem, type DocPath, type Problem } from '../core/problems.js';

/** Keys that must never reach a JavaScript object, whatever the schema says. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface YamlLimits {
  /** Aliases expanded while converting (the "billion laughs" guard). */
  maxAliasCount: number;
  /** Nesting of maps and sequences. */
  maxDepth: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxAliasCount: 100, maxDepth: 64 };

export interface LoadedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Plain data, or undefined when the YAML itself is broken. */
  data: unknown;
  problems: Problem[];
}

/**
 * Parses YAML keeping positions. Syntax errors, duplicate keys, forbidden keys, alias bombs and
 * excessive nesting become problems at their line and column; conversion happens only when the
 * document is sound, so a hostile file never builds a huge or polluted object.
 */
export function loadYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): LoadedYaml {
  const lines = new LineCounter();
  const problems: Problem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  } catch (e) {
    // The parser recurses on nesting; a file nested thousands deep overflows the stack.
    return { doc: parseDocument('', { lineCounter: lines }), lines, data: undefined, problems: [tooDeep(e, limits)] };
  }
  // After the first syntax error the parser's further complaints are mostly its consequences:
  // report that one (and every duplicate key, which stands on its own).
  let syntaxReported = false;
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    const location = { file: '', line: pos.line, column: pos.col };
    if (err.code === 'DUPLICATE_KEY') {
      problems.push(problem('yaml-duplicate-key', 'error', { key: duplicateKeyAt(doc, err.pos[0]) }, { location }));
    } else if (err.code === 'MULTIPLE_DOCS') {
      problems.push(problem('yaml-multiple-documents', 'error', {}, { location }));
    } else if (!syntaxReported) {
      syntaxReported = true;
      problems.push(
        err.code === 'TAB_AS_INDENT'
          ? problem('yaml-tab', 'error', {}, { location })
          : problem('yaml-syntax', 'error', { detail: firstLine(err.message) }, { location }),
      );
    }
  }

  let deepest = 0;
  let tooDeepAt: Node | undefined;
  let firstAlias: Node | undefined;
  try {
    visit(doc, {
      Alias(_, alias) {
        firstAlias ??= alias;
      },
      Pair(_, pair) {
        if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) {
          problems.push(problem('yaml-forbidden-key', 'error', { key: String(pair.key.value) }, { location: at(lines, pair.key) }));
        }
      },
      Collection(_, node, path) {
        const depth = path.filter((p) => isMap(p) || isSeq(p)).length + 1;
        if (depth > deepest) deepest = depth;
        if (depth > limits.maxDepth) {
          tooDeepAt = node;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch (e) {
    problems.push(tooDeep(e, limits));
  }
  if (deepest > limits.maxDepth) {
    problems.push(problem('yaml-too-deep', 'error', { limit: limits.maxDepth }, { location: tooDeepAt ? at(lines, tooDeepAt) : { file: '' } }));
  }

  if (problems.some((p) => p.severity === 'error')) return { doc, lines, data: undefined, problems };
  try {
    return { doc, lines, data: doc.toJS({ maxAliasCount: limits.maxAliasCount }), problems };
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      problems.push(problem('yaml-alias-limit', 'error', { limit: limits.maxAliasCount }, { location: firstAlias ? at(lines, firstAlias) : { file: '' } }));
    } else {
      problems.push(problem('yaml-syntax', 'error', { detail: firstLine(String((e as Error)?.message ?? e)) }, { location: { file: '' } }));
    }
    return { doc, lines, data: undefined, problems };
  }
}

function tooDeep(e: unknown, limits: YamlLimits): Problem {
  return e instanceof RangeError
    ? problem('yaml-too-deep', 'error', { limit: limits.maxDepth }, { location: { file: '' } })
    : problem('yaml-syntax', 'error', { detail: firstLine(String((e as Error)?.message ?? e)) }, { location: { file: '' } });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function duplicateKeyAt(doc: Document.Parsed, offset: number): string {
  let key = '';
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range && pair.key.range[0] <= offset && offset <= pair.key.range[1]) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

function at(lines: LineCounter, node: Node): { file: string; line?: number; column?: number } {
  if (!node.range) return { file: '' };
  const pos = lines.linePos(node.range[0]);
  return { file: '', line: pos.line, column: pos.col };
}

/**
 * The line and column of a path in the document: the value's node, or with `atKey` the key of the
 * last step. A path that does not exist (a missing key) falls back to the nearest node above it.
 */
export function locate(doc: Document.Parsed, lines: LineCounter, path: DocPath, atKey = false): { line?: number; column?: number } {
  let node: unknown = doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      if (last && atKey && isNode(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      // `key:` with nothing after it: point at the key.
      best = isNode(node) && node.range ? node : isNode(pair.key) ? pair.key : best;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      if (!isNode(node)) break;
      best = node;
    } else break;
  }
  if (!best?.range) return {};
  const pos = lines.linePos(best.range[0]);
  return { line: pos.line, column: pos.col };
}

function isNode(x: unknown): x is Node {
  return isScalar(x) || isMap(x) || isSeq(x) || isAlias(x);
}
