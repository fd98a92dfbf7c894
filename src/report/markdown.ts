import type { Report } from '../core/report.js';
import { adjustmentSentence, itemSentence } from '../explain/items.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { unrankedText } from '../explain/messages.js';

const WORDS = {
  vi: {
    year: 'Năm',
    criteria: 'Bộ tiêu chí',
    head: ['Hạng', 'Đơn vị', 'Điểm', 'Tối đa', 'Chỉ số', 'Xếp loại'],
    lost: 'Điểm bị trừ và điểm điều chỉnh theo đơn vị',
    rank: 'hạng',
    none: 'Không bị trừ điểm.',
    adjustments: 'Điểm thưởng, điểm trừ',
    areas: 'Lĩnh vực',
    findings: 'Vấn đề về minh chứng',
  },
  en: {
    year: 'Year',
    criteria: 'Criteria',
    head: ['Rank', 'Unit', 'Points', 'Max', 'Index', 'Band'],
    lost: 'Points lost and changed on appraisal, by unit',
    rank: 'rank',
    none: 'No points lost.',
    adjustments: 'Bonus and penalty points',
    areas: 'Areas',
    findings: 'Evidence problems',
  },
};

/**
 * The report as Markdown a person reads and pastes into a document: the ranking of each group with
 * its areas, then each unit's lost points with their reasons and evidence.
 */
export function reportToMarkdown(report: Report, options: { lang: Lang }): string {
  const w = WORDS[options.lang];
  const f = formatter(options.lang);
  const { precision, indexPrecision } = report.criteria;
  const areas = report.units[0]?.nodes.filter((n) => n.depth === 0) ?? [];
  const out: string[] = [`# ${cell(report.criteria.title)}`, ''];
  out.push([`${w.year} ${report.criteria.year}`, `${w.criteria} \`${report.criteria.id}\``, ...(report.criteria.reference ? [cell(report.criteria.reference)] : [])].join(' · '), '');
  if (areas.length > 0) out.push(`${w.areas}: ${areas.map((a) => `**${cell(a.id)}** ${cell(a.title)}`).join('; ')}.`, '');

  for (const g of report.groups) {
    out.push(`## ${cell(g.title)}`, '');
    const head = [...w.head, ...areas.map((a) => a.id)];
    out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 1 || i === 5 ? '---' : '---:')).join('|')}|`);
    for (const u of report.units.filter((x) => x.group === g.id)) {
      const row = [
        u.rank === null ? '—' : `${u.rank}${u.tied ? '=' : ''}`,
        `${cell(u.name)} (${cell(u.unit)})`,
        f.num(u.points, precision),
        f.num(u.max, precision),
        u.index === null ? '—' : f.num(u.index, indexPrecision),
        u.status === 'ranked' ? cell(u.band ?? '') : unrankedText(u.status, options.lang),
        ...areas.map((a) => {
          const n = u.nodes.find((x) => x.id === a.id)!;
          return n.max.isZero() ? '—' : f.num(n.points, precision);
        }),
      ];
      out.push(`| ${row.join(' | ')} |`);
    }
    out.push('');
  }

  out.push(`## ${w.lost}`, '');
  for (const u of report.units) {
    const standing = u.rank === null ? unrankedText(u.status, options.lang) : `${w.rank} ${u.rank}${u.tied ? '=' : ''}`;
    out.push(`### ${cell(u.name)} (${cell(u.unit)}) — ${f.num(u.points, precision)}/${f.num(u.max, precision)}, ${standing}`, '');
    // Overridden leaves are listed even when they lost nothing: every appraisal change is shown.
    const lost = u.items.filter((i) => !i.deduction.isZero() || i.override).sort((a, b) => b.deduction.cmp(a.deduction));
    if (lost.length === 0) out.push(w.none);
    for (const i of lost) out.push(`- ${cell(itemSentence(i, options.lang))}`);
    const adjustments = u.adjustments.filter((a) => a.message !== null || a.override);
    if (adjustments.length > 0) {
      out.push('', `${w.adjustments}:`, '');
      for (const a of adjustments) out.push(`- ${cell(adjustmentSentence(a, options.lang))}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Text from the inputs (names, titles, sources, reasons) made inert in Markdown, as the HTML report
 * escapes it: a renderer shows it as written and never runs it — no HTML (`<script>`, `<img
 * onerror>`, entities), no link or image, no emphasis or code span, no table cell boundary; line
 * breaks become spaces so a table row stays one row.
 */
export function cell(s: string): string {
  return s
    .replace(/[\\`*_[\]|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*\n\s*/g, ' ');
}
