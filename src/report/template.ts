import type { Unit } from '../core/inputs.js';
import { appliesTo, type Criteria, type Leaf } from '../core/model.js';
import { isComposite, leafReads } from '../core/rules/evaluate.js';
import { kindOf, type Rule } from '../core/rules/index.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { foldText } from '../core/text.js';
import type { Exact } from '../core/exact.js';
import type { Lang } from '../explain/numbers.js';
import { expectedText, specText } from '../explain/rules.js';
import { headerRow, streamingWorkbook } from './workbook.js';

/**
 * The evidence workbook units fill in: a sheet per group, one row per unit × indicator, with the
 * criterion's title, max and what to enter; a drop-down list where the rule takes yes/no or a
 * level, date cells for deadlines, text cells for rates (so that "9/14" stays a ratio, not a date)
 * and columns for the evidence document and a note. Its headers are the long layout's, so
 * `parscore score` reads the filled workbook as it is: the extra columns (STT, names, titles, max,
 * what to enter) have no role and are ignored. What the office supplies itself is left out: indicators
 * derived from record files and leaves or adjustments marked `supplied_by: office` (survey results).
 * Units come in the units file's order, the order the office keeps them in.
 */
const WORDS = {
  vi: {
    head: ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Chỉ tiêu', 'Mã tiêu chí', 'Tên tiêu chí', 'Điểm tối đa', 'Cách nhập', 'Giá trị', 'Tài liệu kiểm chứng', 'Ghi chú'],
    yes: 'có',
    no: 'không',
    bonus: 'Điểm thưởng',
    penalty: 'Điểm trừ',
    listError: 'Chọn một giá trị trong danh sách',
  },
  en: {
    head: ['No.', 'Unit', 'Name', 'Indicator', 'Criterion', 'Title', 'Max', 'Expected', 'Value', 'Source', 'Note'],
    yes: 'yes',
    no: 'no',
    bonus: 'Bonus',
    penalty: 'Penalty',
    listError: 'Choose a value from the list',
  },
};

/** Where the value goes (column I), for validations and formats. */
const VALUE_COLUMN = 9;

interface Row {
  indicator: string;
  ids: string[];
  title: string;
  max: Exact;
  /** What the value is read as; for a simple leaf or an adjustment, its rule too. */
  spec: ValueSpec;
  rule?: Rule;
  expected: string;
}

/** Excel's rules for sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 3)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

export async function evidenceTemplate(criteria: Criteria, units: readonly Unit[], options: { lang: Lang }): Promise<Buffer> {
  const w = WORDS[options.lang];
  const rowsFor = (group: string): Row[] => {
    const byIndicator = new Map<string, Row>();
    const leaves = criteria.leaves.filter((l: Leaf) => appliesTo(l, group) && l.suppliedBy === 'unit');
    const derived = new Set([...criteria.indicators.keys()].map(foldText));
    for (const l of leaves) {
      // A composite leaf asks for every indicator its conditions and inner rules read, one row each
      // (those the office derives from record files excepted).
      const composite = isComposite(l.rule);
      for (const read of composite ? leafReads(l).filter((r) => !derived.has(foldText(r.indicator))) : [{ indicator: l.indicator, spec: kindOf(l.rule).expects(l.rule, l.max) }]) {
        const row = byIndicator.get(read.indicator);
        // Leaves reading one indicator share its row: the same value serves them all.
        if (row) {
          if (!row.ids.includes(l.id)) row.ids.push(l.id);
          continue;
        }
        const expected = composite ? specText(read.spec, options.lang, l.optional) : expectedText(l.rule, l.max, options.lang, l.optional);
        byIndicator.set(read.indicator, { indicator: read.indicator, ids: [l.id], title: l.title, max: l.max, spec: read.spec, ...(composite ? {} : { rule: l.rule }), expected });
      }
    }
    for (const a of criteria.adjustments) {
      if (a.suppliedBy === 'office' || byIndicator.has(a.indicator)) continue;
      const title = `${a.kind === 'bonus' ? w.bonus : w.penalty}: ${a.shared ? `${a.shared.title} — ` : ''}${a.title}`;
      byIndicator.set(a.indicator, { indicator: a.indicator, ids: [a.id], title, max: a.cap, spec: kindOf(a.rule).expects(a.rule, a.cap), rule: a.rule, expected: expectedText(a.rule, a.cap, options.lang) });
    }
    return [...byIndicator.values()];
  };

  const { book, finish } = await streamingWorkbook();
  const taken = new Set<string>();

  for (const group of criteria.groups) {
    const members = units.filter((u) => u.group === group.id);
    if (members.length === 0) continue;
    const rows = rowsFor(group.id);
    const sheet = book.addWorksheet(sheetName(group.title, taken), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = [6, 22, 30, 24, 12, 60, 9, 40, 16, 50, 40].map((width) => ({ width }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: w.head.length } };
    const head = headerRow(sheet, w.head);
    head.eachCell((c, n) => {
      // The columns to fill in stand out.
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: n >= VALUE_COLUMN ? 'FFFFF2CC' : 'FFDDEBF7' } };
    });
    head.commit();
    let n = 0;
    for (const u of members) {
      for (const r of rows) {
        n++;
        const row = sheet.addRow([n, u.id, u.name, r.indicator, r.ids.join(', '), r.title, r.max.toNumber(criteria.precision), r.expected, null, null, null]);
        const value = row.getCell(VALUE_COLUMN);
        const list = listOf(r.spec, w);
        if (list) value.dataValidation = { type: 'list', allowBlank: true, showErrorMessage: true, error: w.listError, formulae: [`"${list.join(',')}"`] };
        if (r.spec.type === 'date') value.numFmt = 'dd/mm/yyyy';
        // Typed into a text cell, "9/14" and "53,41%" stay as written: Excel would make a date of one.
        else if (r.spec.type === 'percent' || r.rule?.kind === 'bands' || r.rule?.kind === 'proportional') value.numFmt = '@';
        row.commit();
      }
    }
    sheet.commit();
  }
  return finish();
}

/**
 * The accepted texts of a yes/no or levels rule, for an in-cell list; none when a label has a
 * comma or the list would pass Excel's 255 characters (the expected text still says them).
 */
function listOf(spec: ValueSpec, w: { yes: string; no: string }): string[] | undefined {
  const list = spec.type === 'boolean' ? [w.yes, w.no] : spec.type === 'level' ? [...spec.levels] : undefined;
  if (!list || list.some((l) => l.includes(',') || l.includes('"')) || list.join(',').length > 253) return undefined;
  return list;
}
