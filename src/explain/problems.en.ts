import type { Found, ProblemData } from '../core/problems.js';
import type { ProblemCatalog } from './problems.js';
import { statusText } from './messages.js';

const attrTypeEn = { boolean: 'yes/no', number: 'a number', text: 'a text' } as const;
const testEn = { yes: 'a yes test', is: 'is:', compare: 'a comparison (min:, above:, below:, at_most:)' } as const;
const specEn = (t: string) =>
  ({ boolean: 'yes/no', number: 'a number', percent: 'a percent', count: 'a count', date: 'a date', level: 'a level', text: 'a text', points: 'points' })[t] ?? t;
const q = (s: string) => `"${s}"`;
const mean = (s?: string) => (s ? ` Did you mean ${q(s)}?` : '');
const formatWords = {
  id: 'a criterion id: letters, digits, ".", "_" and "-", e.g. "1.1.2"',
  'criteria-id': 'lower-case letters, digits and "-", e.g. par-xa-2025',
  'group-id': 'lower-case letters, digits, "-" and "_", e.g. xa',
  date: 'a date written yyyy-mm-dd, e.g. 2024-12-15',
  indicator: 'letters, digits, ".", "_" and "-" with no spaces, e.g. dung_han',
};

/** The column roles of evidence tables (`src/evidence/tables/headers.ts`), as English headers say them. */
const roleEn: Record<string, string> = {
  unit: 'unit',
  indicator: 'indicator',
  value: 'value',
  source: 'source',
  note: 'note',
  name: 'name',
  group: 'group',
  previous: 'previous',
  item: 'item',
  points: 'points',
  reason: 'reason',
  by: 'by',
  index: 'index',
  rank: 'rank',
  band: 'band',
  max: 'max',
  sequence: 'STT',
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
  'indicator-option': (d) => `Derived indicator ${q(d.indicator)}: ${q(d.key)} only applies to ${d.allowed.join(', ')}, not ${d.kind}.`,
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
  'adjustment-shape': (d) =>
    d.has === 'both'
      ? `Adjustment ${d.id} has both a rule and children: an adjustment with children only sets the cap their sum shares; remove rule or children.`
      : `Adjustment ${d.id} has neither a rule nor children; give one of them.`,
  'adjustment-child-kind': (d) =>
    `Child ${d.id} says kind: ${d.kind} under ${d.parent} (${d.parentKind}); children are of their parent's kind: remove kind or make it ${d.parentKind}.`,
  'test-status': (d) => `${q(d.value)} is not a status; give points or one of: ${d.allowed.map((s) => statusText(s, 'en')).join(', ')}.`,
  'unknown-test-attribute': (d) => `The test gives attribute ${q(d.attribute)}, which attributes: does not declare.${mean(d.suggestion)}`,
  'condition-shape': (d) =>
    `This condition ${d.keys.length === 0 ? 'is empty' : `has ${d.keys.join(', ')}`}: a condition reads exactly one indicator (indicator:) or one attribute (attribute:) with at most one test (is:, or min:/above: with below:/at_most:; of: only with a comparison), or joins conditions with all:, any:, not:.`,
  'case-outcome': (d) => (d.has === 'both' ? 'A case gives points: or a rule:, not both.' : 'This case does not say what it gives: add points: or rule:.'),
  'unknown-attribute': (d) =>
    `Attribute ${q(d.attribute)} is not declared under attributes:.${mean(d.suggestion)}${d.allowed.length > 0 ? ` Declared: ${d.allowed.join(', ')}.` : ' Declare it (title, type, column) under attributes:.'}`,
  'attribute-test': (d) =>
    `Attribute ${q(d.attribute)} is ${attrTypeEn[d.type]} and cannot be tested with ${testEn[d.test]}; ${d.type === 'boolean' ? 'write { attribute: ' + d.attribute + ' } (holds on "yes"), or wrap it in not:' : d.type === 'number' ? 'use min:, above:, below: or at_most: (a number attribute is always read as a number)' : 'use is:'}.`,
  'read-conflict': (d) =>
    d.text !== undefined && d.levels
      ? `${d.reads === 'text' ? d.id : d.otherId} tests indicator ${q(d.indicator)} with is: ${q(d.text)}, but ${d.reads === 'text' ? d.otherId : d.id} reads it as a level among ${d.levels.map(q).join(', ')}, which has no such level; write is: with the name of a level (or add that level to levels).`
      : `${d.id} reads indicator ${q(d.indicator)} as ${specEn(d.reads)}, but ${d.otherId} reads it as ${specEn(d.other)}; an indicator has one kind of value: fix the test (no min: on a yes/no indicator, or of: number to compare a number) or use two indicators.`,
  'case-unreachable': (d) =>
    d.by.length === 0
      ? `${d.id}: case ${d.case} can never decide, because its condition never holds; fix the condition.`
      : `${d.id}: case ${d.case} can never decide, because ${d.by.length === 1 ? `case ${d.by[0]} holds` : `cases ${d.by.join(', ')} hold`} whenever it does; reorder the cases or fix the condition.`,
  'cap-above-max': (d, f) => `${d.id}: cap ${f.num(d.cap)} is above the maximum ${f.num(d.max)}, so it changes nothing; lower it or remove it.`,
  'nested-rule': (d) => `${d.id}: rule ${q(d.kind)} cannot sit inside another rule (it compares with the group's best for the leaf itself); use it as the leaf's own rule.`,
  'rule-indicator': (d) =>
    `${d.id}: its rule names indicator: ${d.indicator}, but the indicator ${d.id} reads is written on ${d.id} itself, beside rule:; move indicator: ${d.indicator} out of the rule (indicator: inside a rule is for rules inside another).`,
  'reserved-indicator': (d) =>
    `Indicator ${q(d.indicator)} has the name of a reserved column (${roleEn[d.role] ?? d.role}): in a wide table a column with exactly this name is read as the indicator, but a long table, the units file and the self-assessment read it as their ${roleEn[d.role] ?? d.role} column. Give the indicator another name (indicator: on the leaf, or the key under indicators:).`,
  'value-type': (d) => {
    const what = { boolean: 'yes/no (có/không, đạt/không đạt, x)', date: d.locale === 'en' ? 'a date (yyyy-mm-dd)' : 'a date (dd/mm/yyyy)', number: 'a number', percent: 'a percent or a ratio a/b' }[d.expected];
    return `${q(d.value)} is not ${what}.`;
  },
  'number-format': (d) =>
    `${q(d.value)} is not a number in the ${d.locale === 'vi' ? 'Vietnamese notation (1.234,5)' : 'English notation (1,234.5)'} of this criteria set; write ${q(d.suggestion)}.`,
  'percent-above-100': (d, f) => `${q(d.value)} is ${f.num(d.percent, 2)}%, above 100%; check the numerator and denominator.`,
  'negative-value': (d) => `${q(d.value)} is negative; this value cannot be below zero.`,
  'not-a-count': (d) => `${q(d.value)} is not a whole count of occurrences.`,
  'unknown-level': (d) => `${q(d.value)} is not one of the levels of this criterion.${mean(d.suggestion)} Levels: ${d.levels.join(', ')}.`,
  'points-out-of-range': (d, f) => `${q(d.value)} points is outside the allowed range ${f.num(d.floor)}–${f.num(d.max)}.`,
  'ratio-zero-denominator': (d) => `${q(d.value)} divides by zero: a ratio a/0 has no value, and 0/0 ("no cases") only where the rule says what it earns (proportional's empty).`,
  'percent-looks-like-fraction': (d) => `${q(d.value)} is read as ${d.value}%; if ${d.value} was meant as a fraction, write it as a percent (e.g. 95%).`,
  'formula-without-result': (d) =>
    `This cell holds a formula${d.formula ? ` (=${d.formula})` : ''} but the workbook has no saved result: open it in Excel or LibreOffice and save it again.`,
  'cell-error': (d) => (d.formula ? `The formula (=${d.formula}) gives ${d.value}: correct it in the workbook.` : `The cell holds the error ${d.value}: correct it in the workbook.`),
  'no-header': () => 'No header row with a unit column (unit, Mã đơn vị) in the first 20 rows; add one above the data.',
  'extra-fields': (d) =>
    d.csv
      ? `This row has ${d.count} more field${d.count === 1 ? '' : 's'} than the header, so its values are out of place (a value with the separator in it, such as 92,5% in a comma-separated file?): put such values in "quotes" or save the file with semicolons. The row was not read.`
      : `This row has ${d.count} filled cell${d.count === 1 ? '' : 's'} to the right of the header; ${d.count === 1 ? 'it is' : 'they are'} not read.`,
  'duplicate-header': (d) => `Two columns are both headed ${q(d.header)}; rename one.`,
  'missing-column': (d) => {
    const layouts = {
      long: 'A long table needs both an indicator column (indicator, Chỉ tiêu) and a value column (value, Giá trị)',
      wide: 'A wide table needs one column per indicator beside the unit column',
      units: 'The units file needs the columns unit (Mã đơn vị), name (Tên đơn vị) and group (Nhóm)',
      self: 'The self-assessment needs the columns unit, item (Tiêu chí), points (Điểm) and optionally note',
      overrides: 'The overrides file needs the columns unit, item, points, reason (Lý do) and optionally by',
      published: 'A published results table needs a unit column (Mã đơn vị) and at least one of points (Điểm), index (Chỉ số), rank (Xếp hạng), band (Xếp loại) or a column named by a criterion id ("1", "1.2")',
    };
    if (d.attribute !== undefined) return `The units file has no column ${q(d.column)} for attribute ${d.attribute} (attributes: in the criteria); add it, one value per unit.`;
    return `Column ${q(d.column)} is missing. ${layouts[d.layout]}.`;
  },
  'unknown-unit': (d) => `Unit ${q(d.unit)} is not in the units file (${d.rows} row${d.rows === 1 ? '' : 's'}).${mean(d.suggestion)}`,
  'unknown-indicator': (d) => `No criterion reads indicator ${q(d.indicator)} (${d.rows} row${d.rows === 1 ? '' : 's'}).${mean(d.suggestion)}`,
  'ambiguous-indicator': (d) =>
    `The cell naming the ${d.what === 'item' ? 'criterion' : 'indicator'} is the number ${d.value}, so Excel dropped its trailing zeros (1.10 typed becomes 1.1): it may be ${d.candidates.map(q).join(' or ')} (${d.rows} row${d.rows === 1 ? '' : 's'}). Format the cell as Text and type the id again, or type it after an apostrophe ('1.10).`,
  'not-optional': (d) => `${q(d.value)}: criterion ${d.id} is not optional, so it cannot be declared not applicable; give its evidence.`,
  'manual-without-note': (d) => `${q(d.value)} is below the max of ${d.max} but has no note saying why.`,
  'conflicting-values': (d) => `Indicator ${q(d.indicator)} is given twice with different values: ${q(d.value)} here and ${q(d.other)} before; keep the right one.`,
  'attribute-blank': (d) =>
    `Unit ${d.unit} leaves ${q(d.title)} (${d.attribute}) blank, which ${d.items.length === 1 ? 'criterion' : 'criteria'} ${d.items.join(', ')} test${d.items.length === 1 ? 's' : ''}; a blank is not "no": write có or không (or the value).`,
  'unit-no-evidence': (d) => `Unit ${d.unit} has no evidence at all; it will be left unranked.`,
  'no-evidence': (d) => `Unit ${d.unit} has no evidence for ${d.items.length} criteri${d.items.length === 1 ? 'on' : 'a'}: ${d.items.join(', ')}.`,
  'record-missing-column': (d) =>
    `The record file has no column ${q(d.column)}, which indicator${d.indicators.length === 1 ? '' : 's'} ${d.indicators.join(', ')} need${d.indicators.length === 1 ? 's' : ''}; check the header row, or the column name in the criteria file's indicators.`,
  'record-blank-unit': (d) => `${d.rows} row${d.rows === 1 ? ' has' : 's have'} no unit, so ${d.rows === 1 ? 'it counts' : 'they count'} for no indicator; fill in the unit (the first such row is here).`,
  'records-not-given': (d) =>
    `Indicator${d.indicators.length === 1 ? '' : 's'} ${d.indicators.join(', ')} ${d.indicators.length === 1 ? 'is' : 'are'} derived from the record source ${q(d.source)}, but no file was given for it; add --records ${d.source}=FILE (or give their values in an evidence file).`,
  'record-unreadable': (d, f) => {
    const rows = d.first.map((r) => `row ${f.num(r.row)}: ${q(r.text)}`).join('; ') + (d.rows > d.first.length ? '; …' : '');
    return `Column ${q(d.column)}: ${f.num(d.rows)} row${d.rows === 1 ? '' : 's'} cannot be read and ${d.rows === 1 ? 'is' : 'are'} left out (${rows}). ${unreadableEn(d)}`;
  },
  'record-mixed-notation': (d, f) =>
    `Column ${q(d.column)} writes numbers both ways: ${q(d.vi.text)} (row ${f.num(d.vi.row)}, decimal comma) and ${q(d.en.text)} (row ${f.num(d.en.row)}, decimal point), so a number such as "1.234" could be 1234 or 1.234. Only numbers that read the same both ways are taken; write the whole column one way.`,
  'unit-without-group': (d) => `Unit ${d.unit} has no group; write the group id in the group (Nhóm) column.`,
  'unit-unknown-group': (d) => `Unit ${d.unit}: group ${q(d.group)} is not declared in the criteria.${mean(d.suggestion)} Groups: ${d.allowed.join(', ')}.`,
  'duplicate-unit': (d) => `Unit ${d.unit} is listed twice; keep one row.`,
  'unknown-item': (d) => `${q(d.item)} is no sub-criterion or adjustment of this criteria set.${mean(d.suggestion)}`,
  'node-item': (d) => `${q(d.item)} has sub-criteria; its points are their sum, so this row is not used.`,
  'points-not-number': (d) => `${q(d.value)} is not a number of points.`,
  'self-out-of-range': (d, f) => `The claimed ${f.num(d.points)} points for ${d.item} is outside ${f.num(d.floor)}–${f.num(d.max)}.`,
  'override-without-reason': (d) => `The override of ${d.item} has no reason; every change of points needs one.`,
  'override-out-of-range': (d, f) => `The override of ${d.item} to ${f.num(d.points)} points is outside ${f.num(d.floor)}–${f.num(d.max)}.`,
  'conflicting-rows': (d) => `${d.item} is given twice for this unit; keep one row.`,
  'published-value': (d) =>
    d.expected === 'rank' ? `${q(d.value)} is not a rank; write a whole number such as 3 (or 3= for a tie).` : `${q(d.value)} is not a number; write a number such as 82.25 or leave the cell empty.`,
  'json-syntax': (d) => `The file is not valid JSON: ${d.detail}. Use the file parscore score --format json wrote.`,  'annex-no-header': (d) =>
    `No header row of a criteria table (columns No., Area/Criterion and Max points) in sheet${d.sheets.length === 1 ? '' : 's'} ${d.sheets.map(q).join(', ')}; check the column names, or choose the sheet with --sheet.`,
  'annex-duplicate-column': (d) => `Column ${q(d.header)} is the table's second ${annexColumnEn[d.role]} column; keep one, or rename the other.`,
  'annex-no-rows': () => 'The table has no numbered criterion row below its header.',
  'annex-number-format': (d) =>
    d.date
      ? `The number cell holds a date (${q(d.value)}): the spreadsheet took a number such as "1.1" for a date; format the STT column as Text and type the numbers again.`
      : `The number ${q(d.value)} cannot be read; write 1, 1.1, 1.1.1 or I, 1, a (a "-" bullet marks a line of explanation).`,
  'annex-number-ambiguous': (d) => `The row has several numbers (${d.values.map(q).join(', ')}), so its level is unclear; give each row one number.`,
  'annex-number-skip': (d) =>
    d.parent === undefined
      ? `The number ${q(d.number)} is below area level but no area comes before it; check the numbering.`
      : `The number ${q(d.number)} skips a level below ${q(d.parent)}; check the numbering.`,
  'annex-number-parent': (d) => `The number ${q(d.number)} stands under ${q(d.parent)}, whose number it does not continue; correct one of them.`,
  'annex-duplicate-number': (d) => `The number ${q(d.number)} is used by a row above; each criterion needs its own number.`,
  'annex-orphan-row': (d) => `The row ${q(d.text)} has no number and belongs to no criterion above; number it, or delete it.`,
  'annex-missing-title': (d) => `Criterion ${q(d.number)} has no title; write its title.`,
  'annex-missing-max': (d) => `Sub-criterion ${q(d.number)} has no max points; write them.`,
  'annex-max-not-number': (d, f) =>
    d.readings
      ? `Max points ${q(d.value)} read two ways: ${f.num(d.readings[0])} (decimal comma) or ${f.num(d.readings[1])} (decimal point); write it unambiguously, e.g. ${f.num(d.readings[1])}.`
      : d.formula
        ? `Max points are the formula ${q(d.value)}, whose result the workbook never saved; open the file in Excel or LibreOffice and save it again.`
        : `Max points ${q(d.value)} is not a number; write a number such as 1 or 1.5.`,
  'annex-max-not-positive': (d, f) => `The max points of ${q(d.number)} are ${f.num(d.max)}; they must be above 0.`,
  'annex-subtotal': (d, f) =>
    d.number === ''
      ? `The total row says ${f.num(d.declared)} but the areas' max points add up to ${f.num(d.sum)}; make them agree.`
      : `${q(d.number)} gives max points ${f.num(d.declared)} but the criteria below it add up to ${f.num(d.sum)}; make them agree.`,
  'annex-merged-max': (d) => `The max points cell ${d.range} is merged over several criteria (${d.numbers.map(q).join(', ')}), so each one's max is unknown; unmerge it and give each criterion its max.`,
  'annex-no-title': () => 'No title of the criteria set above the table; add --title "Title of the set".',
  'annex-no-year': (d) => `The title ${q(d.title)} gives no year; add --year YEAR.`,
  'annex-total-unchecked': (d) =>
    `The row ${q(d.label)} is not checked: the table does not say which criteria apply to which group; declare applies_to on those criteria, then check the file with parscore validate.`,
  'annex-after-total': (d) =>
    `${d.rows} row${d.rows === 1 ? '' : 's'} from row ${d.first} on come after the total row (bonus and penalty points) and are not imported into the tree; declare them under adjustments in the criteria file.`,
};

const annexColumnEn = {
  number: 'number',
  title: 'title',
  max: 'max points',
  method: 'scoring method',
  evidence: 'evidence',
  responsible: 'responsible office',
  note: 'notes',
} as const;

function typeEn(t: string): string {
  const words: Record<string, string> = { array: 'a list', object: 'a map (key: value)', record: 'a map (key: value)', string: 'text', int: 'a whole number' };
  return t
    .split(' | ')
    .map((p) => words[p] ?? `a ${p}`)
    .join(' or ');
}

function unreadableEn(d: ProblemData['record-unreadable']): string {
  const notation = { vi: 'written 1.234,5 (decimal comma)', en: 'written 1,234.5 (decimal point), as the first rows of the column are', mixed: 'that reads the same both ways, since the column mixes the two' }[d.notation ?? 'vi'];
  switch (d.expected) {
    case 'date':
      return `A date is needed, ${d.notation === 'en' ? 'yyyy-mm-dd' : 'dd/mm/yyyy or yyyy-mm-dd'}, optionally with a time (17:00); a date with a time zone (Z, +07:00) is not used, since its calendar date depends on the zone.`;
    case 'number':
      return `A number is needed, ${notation}.`;
    case 'weight':
      return `A weight is needed: a number not below 0, ${notation}.`;
    case 'answer':
      return `An answer in the indicator's map is needed (${(d.answers ?? []).join(', ')}); to leave an answer out on purpose, map it to null, e.g. Không biết: null.`;
    case 'value':
      return 'These are formula errors (such as #N/A) or formulas whose result the workbook never saved (=…); fix the formula, or open the workbook in Excel or LibreOffice and save it again.';
  }
}

function foundEn(g: Found): string {
  const words = { text: 'text', number: 'the number', boolean: 'the value', list: 'a list', map: 'a map', null: 'nothing (null)', other: 'the value' };
  return g.value === undefined ? words[g.type] : `${words[g.type]} ${g.type === 'text' ? q(g.value) : g.value}`;
}
