import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node, type Range, type YAMLMap } from 'yaml';
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
 * document is sound, so a hostile file never builds a huge or polluted object. A decimal written
 * with a comma inside a flow map (`{ per: 0,5 }`) is read as the text "0,5", as block style reads
 * it, so that the schema reports it once, with its hint.
 */
export function loadYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): LoadedYaml {
  const lines = new LineCounter();
  const problems: Problem[] = [];
  let doc: Document.Parsed;
  try {
    // Duplicate keys are found below: the parser places some of them (after `key:` with no value)
    // at the end of the line before, without saying which key.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
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
    if (err.code === 'MULTIPLE_DOCS') {
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
        if (isMap(node)) {
          if (node.flow) joinDecimalCommas(node, text);
          problems.push(...duplicateKeys(node, lines));
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

/**
 * In a flow map, `per: 0,5` is to YAML `per: 0` and a key `5` with no value. A plain integer
 * followed directly (no space) by a comma and a plain integer key without a value is one decimal
 * written with a comma: put it back together as the text "0,5", where the value was.
 */
function joinDecimalCommas(map: YAMLMap, text: string): void {
  for (let i = 0; i + 1 < map.items.length; i++) {
    const value = map.items[i]!.value;
    const next = map.items[i + 1]!;
    if (!plainDigits(value, true) || !plainDigits(next.key, false) || next.value !== null) continue;
    const end = value.range[1];
    if (text[end] !== ',' || next.key.range[0] !== end + 1) continue;
    const joined = new Scalar(`${value.source},${next.key.source}`);
    joined.range = [value.range[0], next.key.range[1], next.key.range[2]];
    map.items[i]!.value = joined;
    map.items.splice(i + 1, 1);
  }
}

function plainDigits(node: unknown, signed: boolean): node is Scalar & { range: Range; source: string } {
  return isScalar(node) && node.type === 'PLAIN' && !!node.range && (signed ? /^-?\d+$/ : /^\d+$/).test(node.source ?? '');
}

/**
 * A key written twice in one map, at the second copy and naming the first. Keys are the same when
 * they become the same key of the converted object (`1` and `"1"` too): the later one would
 * silently win.
 */
function duplicateKeys(map: YAMLMap, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, Node>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value ?? '');
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, pair.key);
    else problems.push(problem('yaml-duplicate-key', 'error', { key }, { location: at(lines, pair.key), also: { line: at(lines, earlier).line } }));
  }
  return problems;
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
