import { Exact } from '../core/exact.js';
import type { CriterionLoss, LostPoints, ResponsibleLoss } from '../core/remediation.js';
import type { GroupResult, Report, UnitResult } from '../core/report.js';
import { messageText } from '../explain/messages.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { ruleText } from '../explain/rules.js';
import { messageJson } from './json.js';
import { cell } from './markdown.js';

/**
 * The remediation view as text, JSON or Markdown: for a unit, each lost point largest first with
 * who answers for it, the rule's own words and what would regain it; for a group, the criteria and
 * the offices where most points were lost across its units.
 */
export type Plan =
  | { kind: 'unit'; unit: UnitResult; lost: LostPoints[] }
  | { kind: 'group'; group: GroupResult; units: number; criteria: CriterionLoss[]; responsible: ResponsibleLoss[] };

export type PlanFormat = 'text' | 'json' | 'md';

const WORDS = {
  vi: {
    group: 'nhóm',
    rank: 'hạng',
    unranked: 'chưa xếp hạng',
    lostTotal: (x: string, n: number) => `Điểm bị trừ: ${x} ở ${n} tiêu chí`,
    none: 'Không bị trừ điểm.',
    responsible: 'Trách nhiệm',
    unassigned: '(chưa giao)',
    rule: 'Quy định',
    outcome: 'Kết quả',
    regain: 'Để lấy lại',
    nothing: 'không có cách nào theo quy tắc',
    penalty: 'điểm trừ',
    groupHead: (title: string, id: string, units: number) => `${title} (${id}): ${units} đơn vị`,
    byCriterion: 'Tiêu chí bị trừ nhiều điểm nhất',
    byOffice: 'Điểm bị trừ theo đơn vị chịu trách nhiệm',
    criterionHead: ['Tiêu chí', 'Tên tiêu chí', 'Điểm trừ', 'Số đơn vị bị trừ', 'Trách nhiệm'],
    officeHead: ['Trách nhiệm', 'Điểm trừ', 'Số lượt', 'Số đơn vị', 'Tiêu chí'],
    of: 'trên',
  },
  en: {
    group: 'group',
    rank: 'rank',
    unranked: 'unranked',
    lostTotal: (x: string, n: number) => `Points lost: ${x} on ${n} criteria`,
    none: 'No points lost.',
    responsible: 'Responsible',
    unassigned: '(none named)',
    rule: 'Rule',
    outcome: 'Outcome',
    regain: 'To regain',
    nothing: 'no way under the rule',
    penalty: 'penalty',
    groupHead: (title: string, id: string, units: number) => `${title} (${id}): ${units} units`,
    byCriterion: 'Criteria where most points were lost',
    byOffice: 'Points lost by responsible office',
    criterionHead: ['Criterion', 'Title', 'Lost', 'Units losing', 'Responsible'],
    officeHead: ['Responsible', 'Lost', 'Outcomes', 'Units', 'Criteria'],
    of: 'of',
  },
};

export function planTo(format: PlanFormat, report: Report, plan: Plan, lang: Lang): string {
  if (format === 'json') return planToJson(report, plan, lang);
  const lines = plan.kind === 'unit' ? unitLines(report, plan, lang, format) : groupLines(plan, lang, format, report.criteria.precision);
  return lines.join('\n') + '\n';
}

/** Each lost point as the lines a person reads: title and loss, rule, outcome, ways to regain. */
function unitLines(report: Report, plan: Extract<Plan, { kind: 'unit' }>, lang: Lang, format: 'text' | 'md'): string[] {
  const w = WORDS[lang];
  const f = formatter(lang);
  const md = format === 'md';
  const t = (s: string) => (md ? cell(s) : s);
  const { unit: u, lost } = plan;
  const { precision } = report.criteria;
  const group = report.groups.find((g) => g.id === u.group);
  const standing = u.rank === null ? w.unranked : `${w.rank} ${u.rank}${u.tied ? '=' : ''}/${group?.ranking.length ?? 0}${u.band ? `, ${u.band}` : ''}`;
  const head = `${u.name} (${u.unit}) — ${w.group} ${group?.title ?? u.group}: ${f.num(u.points, precision)}/${f.num(u.max, precision)}, ${standing}`;
  const out = [md ? `# ${t(head)}` : head, ''];
  if (lost.length === 0) return [...out, w.none];
  out.push(w.lostTotal(f.num(Exact.sum(lost.map((l) => l.lost))), lost.length), '');
  lost.forEach((l, n) => {
    const who = l.responsible ?? w.unassigned;
    const title = `${n + 1}. ${l.kind === 'penalty' ? `${w.penalty} ` : ''}${l.id} ${l.title}: ${f.signed(l.lost.neg())} (${who})`;
    out.push(md ? `## ${t(title)}` : title);
    const words = [l.reference, l.description, l.kind === 'leaf' ? ruleText(l.rule, l.max, lang) : undefined].filter((s): s is string => !!s);
    const item = (label: string, text: string) => out.push(md ? `- **${label}:** ${t(text)}` : `   ${label}: ${text}`);
    item(w.rule, words.join(' — '));
    if (l.why) item(w.outcome, messageText(l.why, lang));
    const ways = l.ways.map((x) => `${messageText(x.message, lang)}: ${f.signed(x.gain)}`);
    item(w.regain, ways.length === 0 ? w.nothing : ways.join('; '));
    out.push('');
  });
  return out;
}

function groupLines(plan: Extract<Plan, { kind: 'group' }>, lang: Lang, format: 'text' | 'md', precision: number): string[] {
  const w = WORDS[lang];
  const f = formatter(lang);
  const head = w.groupHead(plan.group.title, plan.group.id, plan.units);
  const criteria = plan.criteria.map((c) => [c.id, c.title, f.num(c.lost, precision), `${c.units}/${c.counted}`, c.responsible ?? w.unassigned]);
  const offices = plan.responsible.map((r) => [r.responsible ?? w.unassigned, f.num(r.lost, precision), String(r.items), String(r.units), r.criteria.join(', ')]);
  if (format === 'md') {
    const table = (h: string[], rows: string[][]) => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
    return [`# ${cell(head)}`, '', `## ${w.byCriterion}`, '', ...table(w.criterionHead, criteria), '', `## ${w.byOffice}`, '', ...table(w.officeHead, offices)];
  }
  return [head, '', w.byCriterion, ...columns(w.criterionHead, criteria, [2, 3]), '', w.byOffice, ...columns(w.officeHead, offices, [1, 2, 3])];
}

/** Aligned columns for a terminal; long titles are cut so the numbers stay on screen. */
function columns(head: string[], rows: string[][], right: number[]): string[] {
  const cut = (s: string) => (s.length > 60 ? s.slice(0, 59) + '…' : s);
  const all = [head, ...rows].map((r) => r.map(cut));
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => '  ' + r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function planToJson(report: Report, plan: Plan, lang: Lang): string {
  const { precision } = report.criteria;
  const pts = (x: Exact) => x.toNumber(precision);
  const places = Math.max(precision, 2);
  const body =
    plan.kind === 'unit'
      ? {
          unit: { unit: plan.unit.unit, name: plan.unit.name, group: plan.unit.group, points: pts(plan.unit.points), max: pts(plan.unit.max), rank: plan.unit.rank, band: plan.unit.band },
          lost: plan.lost.map((l) => ({
            id: l.id,
            title: l.title,
            kind: l.kind,
            ...(l.responsible ? { responsible: l.responsible } : {}),
            ...(l.reference ? { reference: l.reference } : {}),
            ...(l.description ? { description: l.description } : {}),
            ...(l.kind === 'leaf' ? { rule: ruleText(l.rule, l.max, lang) } : {}),
            max: pts(l.max),
            final: pts(l.final),
            lost: pts(l.lost),
            why: l.why ? { ...messageJson(l.why, places), text: messageText(l.why, lang) } : null,
            ways: l.ways.map((x) => ({ ...messageJson(x.message, places), text: messageText(x.message, lang), points: pts(x.points), gain: pts(x.gain) })),
          })),
        }
      : {
          group: { id: plan.group.id, title: plan.group.title, units: plan.units },
          criteria: plan.criteria.map((c) => ({ id: c.id, title: c.title, ...(c.responsible ? { responsible: c.responsible } : {}), lost: pts(c.lost), units: c.units, counted: c.counted })),
          responsible: plan.responsible.map((r) => ({ responsible: r.responsible ?? null, lost: pts(r.lost), items: r.items, units: r.units, criteria: r.criteria })),
        };
  return JSON.stringify({ format: 'parscore/plan@1', criteria: report.criteria.id, ...body }, null, 2) + '\n';
}
