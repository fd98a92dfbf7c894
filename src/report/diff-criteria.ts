import { ruleValueAt, type CriteriaDiff, type LeafChange, type LeafEntry } from '../audit/diff-criteria.js';
import { formatter, type Lang } from '../explain/numbers.js';

/** Which two criteria sets were compared: their ids and where they were read. */
export interface DiffSides {
  old: { id: string; file: string };
  new: { id: string; file: string };
}

const WORDS = {
  vi: {
    title: (s: DiffSides) => `So sánh bộ tiêu chí ${s.old.id} (${s.old.file}) → ${s.new.id} (${s.new.file})`,
    added: 'Thêm',
    removed: 'Bỏ',
    moved: 'Chuyển',
    max: 'Đổi điểm tối đa',
    rule: 'Đổi quy tắc',
    groups: 'Đổi nhóm áp dụng',
    renamed: 'Đổi tên',
    maxOf: 'tối đa',
    cap: 'mức tối đa',
    under: 'thuộc',
    top: 'cấp cao nhất',
    bonus: 'điểm thưởng',
    penalty: 'điểm trừ',
    renumbered: (from: string, to: string) => `cùng tên, mã ${from} đổi thành ${to}`,
    parent: (from: string, to: string) => `từ ${from} sang ${to}`,
    all: 'mọi nhóm',
    unchanged: (n: number) => `Không đổi: ${n} mục.`,
    same: 'Hai bộ tiêu chí có cùng các tiêu chí thành phần, điểm tối đa và quy tắc.',

  },
  en: {
    title: (s: DiffSides) => `Criteria ${s.old.id} (${s.old.file}) → ${s.new.id} (${s.new.file})`,
    added: 'Added',
    removed: 'Removed',
    moved: 'Moved',
    max: 'Max changed',
    rule: 'Rule changed',
    groups: 'Groups changed',
    renamed: 'Renamed',
    maxOf: 'max',
    cap: 'cap',
    under: 'under',
    top: 'top level',
    bonus: 'bonus',
    penalty: 'penalty',
    renumbered: (from: string, to: string) => `same title, id ${from} became ${to}`,
    parent: (from: string, to: string) => `from ${from} to ${to}`,
    all: 'every group',
    unchanged: (n: number) => `Unchanged: ${n} items.`,
    same: 'Both sets have the same leaves, maxima and rules.',

  },
};

export function noRules(lang: Lang): string {
  return lang === 'vi'
    ? 'Quy tắc và nhóm áp dụng không so được: tệp tiêu chí của báo cáo không có ở đây (hoặc đã khác), nên chỉ so mã, tên, vị trí và điểm tối đa.'
    : "Rules and groups were not compared: a report's criteria file is not here (or has changed), so only ids, titles, places and maxima were compared.";
}

/** A rule value the way a criteria file writes it: 2025-07-31, 0.5, [{min: 80, points: 2}]. */
function compact(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${compact(x)}`).join(', ')}}`;
  return String(v);
}

function ruleText(rule: Record<string, unknown>): string {
  const { kind, ...rest } = rule;
  return `${String(kind)} ${compact(rest)}`;
}

function entryLine(e: LeafEntry, lang: Lang): string {
  const w = WORDS[lang];
  const f = formatter(lang);
  if (e.kind !== 'leaf') return `${e.id} ${e.title} — ${w[e.kind]}, ${w.cap} ${f.num(e.max)}`;
  const where = e.parent === undefined ? '' : `, ${e.parent === null ? w.top : `${w.under} ${e.parent}`}`;
  return `${e.id} ${e.title} — ${w.maxOf} ${f.num(e.max)}${where}${e.rule ? `, ${ruleText(e.rule)}` : ''}`;
}

/** The lines of each kind of change, for the text and for `compare`. */
export function diffSections(diff: CriteriaDiff, lang: Lang): Array<{ heading: string; lines: string[] }> {
  const w = WORDS[lang];
  const f = formatter(lang);
  const name = (c: LeafChange) => `${c.new.id} ${c.new.title}`;
  const parentName = (p: string | null | undefined) => (p === null || p === undefined ? w.top : p);
  const groups = (g: string[] | null | undefined) => (g ? g.join(', ') : w.all);
  const sections = [
    { heading: w.added, lines: diff.added.map((e) => `+ ${entryLine(e, lang)}`) },
    { heading: w.removed, lines: diff.removed.map((e) => `− ${entryLine(e, lang)}`) },
    {
      heading: w.moved,
      lines: diff.changed
        .filter((c) => c.moved)
        .map((c) => {
          const parts = [
            ...(c.moved === 'id' ? [w.renumbered(c.old.id, c.new.id)] : []),
            ...(c.old.parent !== undefined && c.new.parent !== undefined && c.old.parent !== c.new.parent ? [w.parent(parentName(c.old.parent), parentName(c.new.parent))] : []),
          ];
          return `~ ${name(c)}: ${parts.join('; ')}`;
        }),
    },
    { heading: w.max, lines: diff.changed.filter((c) => c.max).map((c) => `${name(c)}: ${f.num(c.old.max)} → ${f.num(c.new.max)}`) },
    {
      heading: w.rule,
      lines: diff.changed
        .filter((c) => c.rule)
        .map((c) =>
          c.rule![0] === 'kind'
            ? `${name(c)}: ${ruleText(c.old.rule!)} → ${ruleText(c.new.rule!)}`
            : `${name(c)}: ${c.rule!.map((k) => `${k} ${compact(ruleValueAt(c.old.rule!, k) ?? '—')} → ${compact(ruleValueAt(c.new.rule!, k) ?? '—')}`).join('; ')}`,
        ),
    },
    { heading: w.groups, lines: diff.changed.filter((c) => c.groups).map((c) => `${name(c)}: ${groups(c.old.groups)} → ${groups(c.new.groups)}`) },
    { heading: w.renamed, lines: diff.changed.filter((c) => c.title).map((c) => `${c.new.id}: ${c.old.title} → ${c.new.title}`) },
  ];
  return sections.filter((s) => s.lines.length > 0);
}

export function diffToText(diff: CriteriaDiff, sides: DiffSides, lang: Lang): string {
  const w = WORDS[lang];
  const out = [w.title(sides)];
  const sections = diffSections(diff, lang);
  for (const s of sections) out.push('', `${s.heading} (${s.lines.length}):`, ...s.lines.map((l) => `  ${l}`));
  out.push('', sections.length === 0 ? w.same : w.unchanged(diff.unchanged));
  if (!diff.rulesCompared) out.push(noRules(lang));
  return out.join('\n') + '\n';
}

/** The diff as JSON data (numbers as numbers, rules as the criteria file writes them). */
export function diffJson(diff: CriteriaDiff): Record<string, unknown> {
  const entry = (e: LeafEntry) => ({
    id: e.id,
    title: e.title,
    kind: e.kind,
    ...(e.parent !== undefined ? { parent: e.parent } : {}),
    max: Number(e.max.toString()),
    ...(e.rule ? { rule: e.rule } : {}),
    ...(e.groups !== undefined ? { groups: e.groups } : {}),
  });
  return {
    added: diff.added.map(entry),
    removed: diff.removed.map(entry),
    changed: diff.changed.map((c) => ({
      id: c.new.id,
      ...(c.old.id !== c.new.id ? { was: c.old.id } : {}),
      changes: [...(c.moved ? [c.moved === 'id' ? 'renumbered' : 'moved'] : []), ...(c.max ? ['max'] : []), ...(c.rule ? ['rule'] : []), ...(c.groups ? ['groups'] : []), ...(c.title ? ['title'] : [])],
      old: entry(c.old),
      new: entry(c.new),
      ...(c.rule ? { ruleKeys: c.rule } : {}),
    })),
    unchanged: diff.unchanged,
    rulesCompared: diff.rulesCompared,
  };
}

export function diffToJson(diff: CriteriaDiff, sides: DiffSides): string {
  return JSON.stringify({ format: 'parscore/criteria-diff@1', old: sides.old, new: sides.new, ...diffJson(diff) }, null, 2) + '\n';
}
