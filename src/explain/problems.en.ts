import type { Found } from '../core/problems.js';
import type { ProblemCatalog } from './problems.js';

const q = (s: string) => `"${s}"`;
const mean = (s?: string) => (s ? ` Did you mean ${q(s)}?` : '');
const formatWords = {
  id: 'a criterion id: letters, digits, ".", "_" and "-", e.g. "1.1.2"',
  'criteria-id': 'lower-case letters, digits and "-", e.g. par-xa-2025',
  'group-id': 'lower-case letters, digits, "-" and "_", e.g. xa',
  date: 'a date written yyyy-mm-dd, e.g. 2024-12-15',
  indicator: 'letters, digits, ".", "_" and "-" with no spaces, e.g. dung_han',
};

export const problemsEn: ProblemCatalog = {
  'not-utf8': (d) => `The file is not UTF-8 text (byte ${d.offset + 1} cannot be read); save it as UTF-8.`,
  'yaml-syntax': (d) => `YAML syntax error: ${d.detail}. Fix the indentation or quoting on this line.`,
  'yaml-tab': () => 'A tab is used for indentation; YAML indents with spaces only. Replace the tab with spaces.',
  'yaml-duplicate-key': (d) => `Key ${q(d.key)} appears twice in the same map; keep one of them.`,
  'yaml-alias-limit': (d) => `The file expands more than ${d.limit} aliases (*name); write the values out or use fewer aliases.`,
  'yaml-too-deep': (d) => `The file is nested more than ${d.limit} levels deep; a criteria file needs far fewer.`,
  'yaml-forbidden-key': (d) => `Key ${q(d.key)} is not allowed anywhere in a criteria file; rename it.`,
  'yaml-multiple-documents': () => `The file holds several YAML documents (separated by ---); put each criteria set in its own file.`,
  'unknown-key': (d) => `Unknown key ${q(d.key)}.${mean(d.suggestion)} Allowed here: ${d.allowed.join(', ') || 'none'}.`,
  'missing-key': (d) => `Required key ${q(d.key)} is missing here; add it.`,
  'wrong-type': (d) => {
    const hint =
      d.hint === 'decimal-comma'
        ? ' Criteria files write decimals with a point: 0.5, not 0,5.'
        : d.hint === 'quote-id'
          ? ' Put ids in quotes ("1.10"), or YAML reads them as numbers and 1.10 becomes 1.1.'
          : '';
    return `Expected ${typeEn(d.expected)}, found ${foundEn(d.got)}.${hint}`;
  },
  'invalid-value': (d) => `${q(d.value)} is not allowed here.${mean(d.suggestion)} Use one of: ${d.allowed.join(', ')}.`,
  'invalid-format': (d, f) =>
    `${q(d.value)} is not valid: write ${formatWords[d.format]}.` + (d.iso ? ` Here: ${d.iso} (that is ${f.date(d.iso)}).` : ''),
  'too-small': (d) =>
    d.what === 'list'
      ? `The list needs at least ${d.minimum} item${d.minimum === 1 ? '' : 's'}.`
      : d.what === 'text'
        ? `The text must not be empty.`
        : `Must be ${d.inclusive ? 'at least' : 'greater than'} ${d.minimum}.`,
  'too-big': (d) =>
    d.what === 'list' ? `The list may hold at most ${d.maximum} items.` : `Must be ${d.inclusive ? 'at most' : 'less than'} ${d.maximum}.`,
  'not-integer': (d) => `${d.value} must be a whole number.`,
  'unknown-rule-kind': (d) => `Unknown rule kind ${q(d.kind)}.${mean(d.suggestion)} Rule kinds: ${d.allowed.join(', ')}.`,
  'leaf-or-node': (d) =>
    d.has === 'both'
      ? `Criterion ${d.id} has both children and a rule: a parent's points are the sum of its children; move the rule into a child or remove the children.`
      : `Criterion ${d.id} has neither children nor a rule: give a leaf its max and rule, or a parent its children.`,
  'leaf-key-on-node': (d) => `Criterion ${d.id} has children, so ${q(d.key)} means nothing here; move it to the leaf it belongs to.`,
  'leaf-without-max': (d) => `Leaf ${d.id} has a rule but no max; add its maximum points.`,
  'duplicate-id': (d) => `Id ${d.id} is used twice; every criterion and adjustment needs its own id.`,
  'max-mismatch': (d, f) =>
    `Criterion ${d.id} declares max ${f.num(d.declared)} but its children add up to ${f.num(d.sum)}; correct the max or the children.`,
  'points-above-max': (d, f) =>
    `${d.id}: ${d.key} gives ${f.num(d.points)} points, more than the max of ${f.num(d.max)}; rule points are absolute and may not exceed it.`,
  'points-below-floor': (d, f) =>
    `${d.id}: ${d.key} gives ${f.num(d.points)} points, below the floor of ${f.num(d.floor)}; raise it or declare a lower floor.`,
  'floor-above-max': (d, f) => `${d.id}: the floor ${f.num(d.floor)} is above the max ${f.num(d.max)}.`,
  'points-precision': (d, f) =>
    `${d.id}: ${d.key} ${f.num(d.points)} has more decimals than precision ${d.precision}; results will be rounded.`,
  'max-unreachable': (d, f) => `${d.id}: the rule gives at most ${f.num(d.best)} of the max ${f.num(d.max)}, so the leaf can never be fully met.`,
  'bands-order': (d, f) =>
    `${d.id}: band ${d.index} starts at ${f.num(d.threshold)}, not below the band before it (${f.num(d.previous)}), so it can never be reached; list bands from high to low.`,
  'band-bound': (d) => (d.has === 'both' ? 'A band takes either min (≥) or above (>), not both.' : 'A band needs min (≥) or above (>).'),
  'bands-no-zero': (d, f) => `Group ${d.id}: the lowest band starts at ${f.num(d.lowest)}; units below it get no band. Add a band with min: 0.`,
  'level-duplicate': (d) => `${d.id}: level ${q(d.level)} is the same as ${q(d.first)} once case and spaces are ignored; keep one.`,
  'unknown-group': (d) => `No group ${q(d.group)} is declared.${mean(d.suggestion)} Groups: ${d.allowed.join(', ')}.`,
  'duplicate-group': (d) => `Group ${q(d.group)} is declared twice.`,
  'unknown-node': (d) => `Tiebreak names ${q(d.id)}, which is not a criterion of this file.${mean(d.suggestion)}`,
  'unused-indicator': (d) =>
    `Derived indicator ${q(d.indicator)} is not used by any leaf or adjustment.` +
    (d.near ? ` A leaf uses ${q(d.near)}: did you mean ${q(d.indicator)}?` : ' Use it as a leaf\'s indicator or remove it.'),
  'indicator-kind': (d) =>
    d.has === 'none'
      ? `Derived indicator ${q(d.indicator)} needs one of count, share, mean or on_time.`
      : `Derived indicator ${q(d.indicator)} has ${d.kinds.join(' and ')}; give exactly one.`,
  'indicator-option': (d) => `Derived indicator ${q(d.indicator)}: ${q(d.key)} only applies to on_time, not ${d.kind}.`,
  'indicator-type': (d) =>
    `${d.id} reads derived indicator ${q(d.indicator)}, which gives a ${d.gives}, but its rule needs a ${d.needs}; change the rule (e.g. of: number) or the indicator.`,
  'indicator-clash': (d) => `Derived indicators ${q(d.indicator)} and ${q(d.other)} differ only in case; evidence could not tell them apart.`,
  'count-values-without-column': (d) => `Derived indicator ${q(d.indicator)}: count values need a column to look in.`,
  'unknown-test-item': (d) => `The test expects ${q(d.item)}, which is no criterion, adjustment, total or index.${mean(d.suggestion)}`,
  'unknown-test-indicator': (d) => `The test gives evidence for ${q(d.indicator)}, which no leaf reads.${mean(d.suggestion)}`,
  'empty-group': (d) => `No leaf applies to group ${q(d.group)}, so its units have no maximum; check applies_to.`,
  'missing-responsible': (d) =>
    d.id === '*'
      ? 'No leaf names who is responsible (responsible:); conference reports of lost points will have no office to show.'
      : `Leaf ${d.id} names no responsible office (responsible:).`,
  'adjustment-rule': (d) => `Adjustment ${d.id} cannot use rule ${q(d.kind)}; use one of: ${d.allowed.join(', ')}.`,
};

function typeEn(t: string): string {
  const words: Record<string, string> = { array: 'a list', object: 'a map (key: value)', record: 'a map (key: value)', string: 'text', int: 'a whole number' };
  return t
    .split(' | ')
    .map((p) => words[p] ?? `a ${p}`)
    .join(' or ');
}

function foundEn(g: Found): string {
  const words = { text: 'text', number: 'the number', boolean: 'the value', list: 'a list', map: 'a map', null: 'nothing (null)', other: 'the value' };
  return g.value === undefined ? words[g.type] : `${words[g.type]} ${g.type === 'text' ? q(g.value) : g.value}`;
}
