import { Exact } from '../core/exact.js';
import { lossesByCriterion } from '../core/remediation.js';
import type { ItemResult, Report, UnitResult } from '../core/report.js';
import { adjustmentSentence, itemSentence } from '../explain/items.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { bandColour, barChart, escapeXml as esc, heatmap, rankIntervals } from './svg.js';
import { changeText, namesOf, robustnessHeader, robustnessWords, unitRow, withinReach } from './robustness.js';
import type { Robustness } from '../audit/robustness.js';
import { unrankedText } from '../explain/messages.js';

/**
 * The report as one self-contained HTML page to present and print: per group the ranking, a bar
 * chart of indices in band colours and a heatmap of each area's score across units; the criteria
 * and the single deductions that cost most; then a page per unit with its explanation. No script
 * and nothing fetched (the page forbids it), so it opens the same offline, years later.
 */
export interface HtmlOptions {
  lang: Lang;
  /** How many of the largest deductions to list (default 20). */
  top?: number;
  /** How firm the ranking is (`parscore robustness`): a section of its own after the rankings. */
  robustness?: { result: Robustness; reach: Exact };
}

const WORDS = {
  vi: {
    year: 'Năm',
    criteria: 'Bộ tiêu chí',
    contents: 'Mục lục',
    ranking: 'Xếp hạng',
    chart: 'Chỉ số của các đơn vị',
    heat: 'Điểm từng lĩnh vực (% điểm tối đa)',
    head: ['Hạng', 'Đơn vị', 'Điểm', 'Tối đa', 'Chỉ số', 'Xếp loại'],
    areaLegend: 'Lĩnh vực',
    largest: 'Điểm bị trừ nhiều nhất',
    byCriterion: 'Theo tiêu chí (cộng các đơn vị)',
    criterionHead: ['Tiêu chí', 'Tên tiêu chí', 'Điểm trừ', 'Số đơn vị bị trừ', 'Trách nhiệm'],
    single: 'Từng lượt trừ điểm',
    singleHead: ['Đơn vị', 'Tiêu chí', 'Điểm trừ', 'Lý do'],
    units: 'Từng đơn vị',
    areas: ['Lĩnh vực', 'Điểm', 'Tối đa', 'Bị trừ'],
    lost: 'Điểm bị trừ',
    none: 'Không bị trừ điểm.',
    full: (n: number) => `${n} tiêu chí đạt điểm tối đa.`,
    adjustments: 'Điểm thưởng, điểm trừ',
    rank: 'hạng',
    index: 'chỉ số',
    points: 'điểm',
    about: 'Nguồn số liệu',
    unassigned: '(chưa giao)',
    // A part of the total: only the leaves units assess themselves.
    self: (points: string) => `tự chấm ${points} trên các tiêu chí đơn vị tự chấm`,
  },
  en: {
    year: 'Year',
    criteria: 'Criteria',
    contents: 'Contents',
    ranking: 'Ranking',
    chart: 'Index of each unit',
    heat: "Each area's score (% of its max)",
    head: ['Rank', 'Unit', 'Points', 'Max', 'Index', 'Band'],
    areaLegend: 'Areas',
    largest: 'Largest deductions',
    byCriterion: 'By criterion (over all units)',
    criterionHead: ['Criterion', 'Title', 'Lost', 'Units losing', 'Responsible'],
    single: 'Single deductions',
    singleHead: ['Unit', 'Criterion', 'Lost', 'Reason'],
    units: 'Unit by unit',
    areas: ['Area', 'Points', 'Max', 'Lost'],
    lost: 'Points lost',
    none: 'No points lost.',
    full: (n: number) => `${n} criteria at their max.`,
    adjustments: 'Bonus and penalty points',
    rank: 'rank',
    index: 'index',
    points: 'points',
    about: 'Computed from',
    unassigned: '(none named)',
    self: (points: string) => `self-assessed ${points} on the criteria units assess themselves`,
  },
};

/*
 * Printed (A4): the first group starts on the title's page and each other group and each unit on a
 * page of its own; charts shrink to the page instead of scrolling, never split across pages; tables
 * are smaller and tighter, so a ranking of 40 units takes at most two pages, and its name column
 * wide enough for a name of 84 characters in two lines; colours print.
 */
const CSS = `
*{box-sizing:border-box}
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#222;line-height:1.4}
h1{font-size:1.6em;margin:0 0 4px}h2{border-bottom:2px solid #1f4e79;color:#1f4e79;padding-bottom:4px;margin-top:32px}h3{margin:20px 0 8px}
.meta{color:#555;margin:0 0 16px}nav ul{columns:2;padding-left:18px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.9em}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#ddebf7;text-align:left}td.n{text-align:right;white-space:nowrap}td.name{min-width:13em}
.band{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:4px;vertical-align:-1px}
.areas{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:2px 8px;margin:0 0 16px;font-size:.9em}.areas dt{font-weight:600;text-align:right}.areas dd{margin:0}
figure{margin:8px 0 16px;overflow-x:auto}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#222}svg .label{text-anchor:end}svg .tick{text-anchor:middle;fill:#777}svg .grid{stroke:#e5e5e5}
svg .col{text-anchor:middle;font-weight:600}svg .cellText{text-anchor:middle;font-size:10px}svg .value{font-size:10px}
.unit .summary{font-size:1.05em}.lost li{margin-bottom:4px}.muted{color:#666}
footer{margin-top:40px;font-size:.8em;color:#555}footer td{font-family:monospace;font-size:.95em}
@page{size:A4;margin:12mm}
@media print{
body{max-width:none;padding:0;font-size:10pt;print-color-adjust:exact;-webkit-print-color-adjust:exact}
nav,#units{display:none}h2{margin-top:16px}
.unit,.group{break-before:page}nav+.group{break-before:auto}
figure{overflow:visible;break-inside:avoid}svg.chart{max-width:100%;height:auto}
table{font-size:8.5pt;break-inside:auto}th,td{padding:1px 4px}tr,li{break-inside:avoid}h2,h3{break-after:avoid}
table.ranking{font-size:8pt}table.ranking th,table.ranking td{padding:1px}table.ranking td.name{min-width:22em;padding:1px 3px}table.ranking td.standing{min-width:6.2em}
a{color:inherit;text-decoration:none}
}
`;

export function reportToHtml(report: Report, options: HtmlOptions): string {
  const lang = options.lang;
  const w = WORDS[lang];
  const f = formatter(lang);
  const { precision, indexPrecision } = report.criteria;
  const scale = Number(report.criteria.scale.toString());
  const areas = report.units[0]?.nodes.filter((n) => n.depth === 0) ?? [];
  const title = report.criteria.title;
  const anchor = (kind: string, id: string) => `${kind}-${encodeURIComponent(id).replace(/%/g, '_')}`;
  const byId = new Map(report.units.map((u) => [u.unit, u]));
  const out: string[] = [];

  out.push(
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8">`,
    // Nothing may be fetched: no script, no stylesheet, no font, no image from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${esc(title)}</h1><p class="meta">${esc([`${w.year} ${report.criteria.year}`, `${w.criteria} ${report.criteria.id}`, ...(report.criteria.reference ? [report.criteria.reference] : [])].join(' · '))}</p></header>`,
    `<nav><h2>${w.contents}</h2><ul>${report.groups.map((g) => `<li><a href="#${anchor('group', g.id)}">${esc(g.title)}</a></li>`).join('')}${options.robustness ? `<li><a href="#robustness">${robustnessWords(lang).title}</a></li>` : ''}<li><a href="#deductions">${w.largest}</a></li><li><a href="#units">${w.units}</a></li></ul></nav>`,
  );

  for (const g of report.groups) {
    const units = report.units.filter((u) => u.group === g.id);
    const ranked = units.filter((u) => u.status === 'ranked');
    out.push(`<section class="group" id="${anchor('group', g.id)}"><h2>${esc(g.title)}</h2>`);
    if (g.bands.length > 0) {
      out.push(`<p>${g.bands.map((b) => `<span class="band" style="background:${bandColour(g.bands, b)}"></span>${esc(b)}`).join(' &nbsp; ')}</p>`);
    }
    out.push(
      `<figure><figcaption>${w.chart}</figcaption>`,
      barChart(
        ranked.map((u) => ({
          label: `${u.rank}${u.tied ? '=' : ''}. ${u.name}`,
          value: Number(u.index!.toFixed(indexPrecision)),
          shown: f.num(u.index!, indexPrecision),
          colour: bandColour(g.bands, u.band),
          title: `${u.name}: ${w.index} ${f.num(u.index!, indexPrecision)}${u.band ? `, ${u.band}` : ''}`,
        })),
        { max: scale, title: `${w.chart} — ${g.title}` },
      ),
      '</figure>',
    );
    out.push(`<h3>${w.ranking}</h3><table class="ranking"><thead><tr>${w.head.map((h) => `<th>${h}</th>`).join('')}${areas.map((a) => `<th title="${esc(a.title)}">${esc(a.id)}</th>`).join('')}</tr></thead><tbody>`);
    for (const u of units) {
      const cells = [
        u.rank === null ? '—' : `${u.rank}${u.tied ? '=' : ''}`,
        `<a href="#${anchor('unit', u.unit)}">${esc(u.name)}</a>`,
        f.num(u.points, precision),
        f.num(u.max, precision),
        u.index === null ? '—' : f.num(u.index, indexPrecision),
        u.status === 'ranked' ? `<span class="band" style="background:${bandColour(g.bands, u.band)}"></span>${esc(u.band ?? '')}` : esc(unrankedText(u.status, lang)),
        ...areas.map((a) => {
          const n = u.nodes.find((x) => x.id === a.id)!;
          return n.max.isZero() ? '—' : f.num(n.points, precision);
        }),
      ];
      out.push(`<tr>${cells.map((c, i) => `<td class="${i === 1 ? 'name' : i === 5 ? 'standing' : 'n'}">${c}</td>`).join('')}</tr>`);
    }
    out.push('</tbody></table>');
    // The area columns are headed by their ids: their titles, here for the page (a tooltip does not print).
    out.push(`<dl class="areas" aria-label="${w.areaLegend}">${areas.map((a) => `<dt>${esc(a.id)}</dt><dd>${esc(a.title)}</dd>`).join('')}</dl>`);
    out.push(
      `<figure><figcaption>${w.heat}</figcaption>`,
      heatmap(
        units.map((u) => u.name),
        areas.map((a) => a.id),
        units.map((u) =>
          areas.map((a) => {
            const n = u.nodes.find((x) => x.id === a.id)!;
            const share = n.max.isZero() ? null : Number(n.points.div(n.max).toFixed(4));
            return {
              value: share,
              shown: share === null ? '—' : f.dec(n.points.div(n.max).mul(report.criteria.scale), 0),
              title: `${u.name} — ${a.id} ${a.title}: ${f.num(n.points, precision)}/${f.num(n.max, precision)}`,
            };
          }),
        ),
        { title: `${w.heat} — ${g.title}` },
      ),
      '</figure></section>',
    );
  }

  if (options.robustness) out.push(robustnessSection(options.robustness.result, options.robustness.reach, lang, (id) => anchor('unit', id)));

  const top = options.top ?? 20;
  const criteria = lossesByCriterion(report).slice(0, top);
  out.push(`<section id="deductions"><h2>${w.largest}</h2><h3>${w.byCriterion}</h3><table><thead><tr>${w.criterionHead.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`);
  for (const c of criteria) {
    out.push(`<tr><td>${esc(c.id)}</td><td>${esc(c.title)}</td><td class="n">${f.num(c.lost, precision)}</td><td class="n">${c.units}/${c.counted}</td><td>${esc(c.responsible ?? w.unassigned)}</td></tr>`);
  }
  out.push('</tbody></table>');
  const single = report.units
    .flatMap((u) => u.items.filter((i) => i.deduction.gt(Exact.ZERO)).map((i) => ({ u, i })))
    .sort((a, b) => b.i.deduction.cmp(a.i.deduction))
    .slice(0, top);
  out.push(`<h3>${w.single}</h3><table><thead><tr>${w.singleHead.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`);
  for (const { u, i } of single) {
    out.push(`<tr><td class="name"><a href="#${anchor('unit', u.unit)}">${esc(u.name)}</a></td><td>${esc(`${i.id} ${i.title}`)}</td><td class="n">${f.signed(i.deduction.neg())}</td><td>${esc(reasonOf(i, lang))}</td></tr>`);
  }
  out.push('</tbody></table></section>');

  out.push(`<section id="units"><h2>${w.units}</h2></section>`);
  for (const g of report.groups) {
    for (const id of [...g.ranking, ...g.unranked]) out.push(unitPage(report, byId.get(id)!, lang, anchor('unit', id)));
  }

  const m = report.manifest;
  if (m) {
    out.push(`<footer><h3>${w.about}</h3><table><tbody><tr><td>${esc(m.engine)}</td><td></td></tr><tr><td>${esc(m.criteria.file)}</td><td>${m.criteria.sha256}</td></tr>`);
    for (const i of m.inputs) out.push(`<tr><td>${esc(i.file)}</td><td>${i.sha256}</td></tr>`);
    out.push('</tbody></table></footer>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}

/**
 * "Độ vững của xếp hạng": per group each rank drawn with its 90% interval, the table of gaps and
 * band chances, the units within reach of the next band; then the appraisal changes that decide
 * a rank or band, with their reasons.
 */
function robustnessSection(r: Robustness, reach: Exact, lang: Lang, unitAnchor: (id: string) => string): string {
  const w = robustnessWords(lang);
  const f = formatter(lang);
  const p = r.criteria.indexPrecision;
  const link = (id: string, name: string) => `<a href="#${unitAnchor(id)}">${esc(name)}</a>`;
  const out = [`<section id="robustness"><h2>${w.title}</h2>`, ...robustnessHeader(r, lang).map((l) => `<p>${esc(l)}</p>`)];
  for (const g of r.groups) {
    out.push(`<h3>${esc(g.title)}</h3>`);
    if (g.units.length === 0) continue;
    out.push(
      '<figure>',
      rankIntervals(
        g.units.map((u) => ({
          label: `${u.rank}${u.tied ? '=' : ''}. ${u.name}`,
          rank: u.rank,
          lo: u.rankInterval[0],
          hi: u.rankInterval[1],
          colour: bandColour(g.bands, u.band),
          title: `${u.name}: ${w.head[0]} ${u.rank}, ${w.head[1]} ${u.rankInterval[0]}–${u.rankInterval[1]}${u.band ? `, ${u.band}` : ''}`,
        })),
        { ranks: g.units.length, title: `${w.title} — ${g.title}` },
      ),
      '</figure>',
      `<table><thead><tr>${w.head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
    );
    for (const u of g.units) {
      const row = unitRow(r, u, lang);
      const cells = [row.rank, row.interval, link(u.unit, row.name), row.index, esc(row.band), row.gapAbove, row.gapBelow, esc(row.toNext), esc(row.chances)];
      out.push(`<tr>${cells.map((c, i) => `<td${i === 2 || i === 4 || i >= 7 ? '' : ' class="n"'}>${c}</td>`).join('')}</tr>`);
    }
    out.push('</tbody></table>', `<p><strong>${esc(w.reach(f.num(reach)))}:</strong></p>`);
    const near = withinReach(g, reach);
    out.push(
      near.length === 0
        ? `<p class="muted">${w.noneInReach}</p>`
        : `<ul>${near.map((u) => `<li>${link(u.unit, u.name)}: ${f.num(u.index, p)}, ${esc(w.needs(f.num(u.nextBand!.gap, p), u.nextBand!.label, f.num(u.nextBand!.min)))}</li>`).join('')}</ul>`,
    );
  }
  out.push(`<h3>${w.decisive}</h3><p>${esc(w.examined(r.examined.overrides, r.examined.claims, r.decisive.length))}</p>`);
  if (r.decisive.length === 0) out.push(`<p class="muted">${esc(w.noneDecisive)}</p>`);
  else {
    const names = namesOf(r);
    out.push(`<table><thead><tr><th>${w.decisiveHead[0]}</th><th>${w.decisiveHead[1]}</th><th>${w.decisiveHead[2]}</th><th>${w.decisiveHead[8]}</th></tr></thead><tbody>`);
    for (const c of r.decisive) {
      const t = changeText(r, c, lang, names);
      out.push(`<tr><td>${link(c.unit, c.name)}</td><td>${esc(`${c.item} ${c.title}`)}</td><td>${esc(t.change)}<br>${esc(t.effect)}</td><td>${esc(t.reason)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** One unit's page: its standing, its areas, and every lost point with the reason and evidence. */
function unitPage(report: Report, u: UnitResult, lang: Lang, id: string): string {
  const w = WORDS[lang];
  const f = formatter(lang);
  const { precision, indexPrecision } = report.criteria;
  const group = report.groups.find((g) => g.id === u.group)!;
  const standing =
    u.status === 'ranked' ? `${w.index} ${f.num(u.index!, indexPrecision)} · ${w.rank} ${u.rank}${u.tied ? '=' : ''}/${group.ranking.length}${u.band ? ` · ${u.band}` : ''}` : unrankedText(u.status, lang);
  const out = [
    `<section class="unit" id="${id}"><h2>${esc(u.name)} <span class="muted">(${esc(u.unit)})</span></h2>`,
    `<p class="summary">${esc(group.title)} · ${f.num(u.points, precision)}/${f.num(u.max, precision)} ${w.points} · ${esc(standing)}${u.selfPoints ? ` <span class="muted">(${w.self(f.num(u.selfPoints, precision))})</span>` : ''}</p>`,
    `<table><thead><tr>${w.areas.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
  ];
  for (const a of u.nodes.filter((n) => n.depth === 0)) {
    const lost = a.max.sub(a.points);
    out.push(`<tr><td>${esc(`${a.id}. ${a.title}`)}</td><td class="n">${f.num(a.points, precision)}</td><td class="n">${f.num(a.max, precision)}</td><td class="n">${lost.isZero() ? '' : f.signed(lost.neg(), precision)}</td></tr>`);
  }
  out.push('</tbody></table>', `<h3>${w.lost}</h3>`);
  const lost = u.items.filter((i) => !i.deduction.isZero()).sort((a, b) => b.deduction.cmp(a.deduction));
  out.push(lost.length === 0 ? `<p>${w.none}</p>` : `<ul class="lost">${lost.map((i) => `<li>${esc(itemSentence(i, lang))}</li>`).join('')}</ul>`);
  const full = u.items.filter((i) => i.status === 'met' && i.deduction.isZero()).length;
  if (full > 0) out.push(`<p class="muted">${w.full(full)}</p>`);
  const adjustments = u.adjustments.filter((a) => a.message !== null || a.override);
  if (adjustments.length > 0) out.push(`<h3>${w.adjustments}</h3><ul>${adjustments.map((a) => `<li>${esc(adjustmentSentence(a, lang))}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out.join('\n');
}

function reasonOf(i: ItemResult, lang: Lang): string {
  // The sentence without its id and title, which the row already shows.
  return itemSentence(i, lang).slice(`${i.id} ${i.title}: `.length);
}
