import { Chalk } from 'chalk';
import type { Exact } from '../core/exact.js';
import type { Location } from '../core/problems.js';
import type { Manifest } from '../core/report.js';
import { printedInterval, type Comparison, type Compared, type Inconsistency, type Interval, type ManifestDrift, type RecheckResult } from '../audit/recheck.js';
import { formatter, type Formatter, type Lang } from '../explain/numbers.js';
import { placeText } from '../explain/problems.js';

/** Whether the recheck found anything: a difference, a published unit not recomputed, or a table that does not add up. */
export function recheckFailed(r: RecheckResult): boolean {
  return r.differences.length + r.inconsistencies.length + r.onlyPublished.length + r.skipped.length > 0;
}

const FIELD = {
  vi: { points: 'điểm', max: 'tối đa', index: 'chỉ số', rank: 'hạng', band: 'xếp loại' },
  en: { points: 'points', max: 'max', index: 'index', rank: 'rank', band: 'band' },
};

const ROLE = {
  vi: { evidence: 'minh chứng', units: 'danh sách đơn vị', self: 'tự chấm', overrides: 'điều chỉnh' } as Record<string, string>,
  en: { evidence: 'evidence', units: 'units', self: 'self-assessment', overrides: 'overrides' } as Record<string, string>,
};

function fieldName(d: Pick<Comparison, 'field' | 'part'>, lang: Lang): string {
  return d.field === 'part' ? `${d.part!.id} ${d.part!.title}` : FIELD[lang][d.field];
}

function shown(v: Compared, side: 'published' | 'recomputed', f: Formatter, lang: Lang): string {
  const vi = lang === 'vi';
  const empty = vi ? 'trống' : 'empty';
  switch (v.kind) {
    case 'number': {
      const x = v[side];
      return x === null ? empty : f.num(x, side === 'published' ? v.places : finer(x, v.places));
    }
    case 'rank': {
      const x = v[side];
      if (x === null || x === 'unranked') return vi ? 'không xếp hạng' : 'not ranked';
      return typeof x === 'number' ? `${x}${side === 'recomputed' && v.tied ? '=' : ''}` : `${x.rank}${x.tied ? '=' : ''}`;
    }
    case 'text': {
      const x = v[side];
      return x === null ? empty : `"${x}"`;
    }
  }
}

/**
 * The decimals to show a recomputed figure or a difference with beside one printed with `places`:
 * those places, and up to two more when it has them (71,2345 beside a printed 71,238), so that
 * what it rounds to can be seen.
 */
function finer(x: Exact, places: number): number {
  return Math.max(places, Math.min(x.decimalPlaces() ?? places + 2, places + 2));
}

/** "cong-bo.csv, dòng 4, cột G". */
function where(at: Location | undefined, lang: Lang): string {
  return at ? ` [${placeText(at, lang)}]` : '';
}

/** "xa-a Xã An", or a summary row: "Trung bình (trung bình 30 đơn vị)". */
function whose(d: Comparison, lang: Lang): string {
  if (!d.summary) return `${d.unit} ${d.name}`;
  const vi = lang === 'vi';
  const what = d.summary.kind === 'mean' ? (vi ? 'trung bình' : 'mean of') : vi ? 'tổng' : 'total of';
  return `${d.unit} (${what} ${d.summary.count} ${vi ? 'đơn vị' : d.summary.count === 1 ? 'unit' : 'units'})`;
}

/** "hạng 2–3", "2–3" for a window of ranks; one rank alone when it is one. */
function span(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** What a rank's window says: the ranks a tie at the printed precision allows, or the order within part of a group. */
function windowText(v: Extract<Compared, { kind: 'rank' }>, f: Formatter, lang: Lang): string {
  const w = v.window;
  if (!w) return '';
  const vi = lang === 'vi';
  const tie = w.tiedWith > 1 ? (vi ? `hòa ở độ chính xác công bố với ${w.tiedWith - 1} đơn vị khác, chỉ số ${f.num(w.printed, w.places)}` : `tied at the printed precision with ${w.tiedWith - 1} other ${w.tiedWith === 2 ? 'unit' : 'units'}, index ${f.num(w.printed, w.places)}`) : '';
  if (w.scope === 'order') {
    const order = vi
      ? `bảng có ${w.of} đơn vị của nhóm, so theo thứ tự: công bố thứ ${w.place}, tính lại thứ ${span(w.lo, w.hi)}`
      : `the table gives ${w.of} units of the group, compared by order: published place ${w.place}, recomputed ${span(w.lo, w.hi)}`;
    return ` (${order}${tie ? `; ${tie}` : ''})`;
  }
  return tie ? ` (${tie}: ${vi ? `chỉ hạng ${span(w.lo, w.hi)} hợp lệ` : `only ranks ${span(w.lo, w.hi)} are valid`})` : '';
}

function differenceLine(d: Comparison, lang: Lang): string {
  const f = formatter(lang);
  const by = d.by && d.values.kind === 'number' ? ` (${lang === 'vi' ? 'chênh' : 'off by'} ${f.signed(d.by, finer(d.by, d.values.places))})` : '';
  const [pub, now] = lang === 'vi' ? ['công bố', 'tính lại'] : ['published', 'recomputed'];
  const window = d.values.kind === 'rank' ? windowText(d.values, f, lang) : '';
  return `${whose(d, lang)} — ${fieldName(d, lang)}: ${pub} ${shown(d.values, 'published', f, lang)}, ${now} ${shown(d.values, 'recomputed', f, lang)}${by}${window}${where(d.at, lang)}`;
}

/** A comparison that holds only within rounding: a tie at the printed precision, or a mean or total of printed figures. */
function roundingLine(d: Comparison, lang: Lang): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const [pub, now] = vi ? ['công bố', 'tính lại'] : ['published', 'recomputed'];
  const head = `${whose(d, lang)} — ${fieldName(d, lang)}: ${pub} ${shown(d.values, 'published', f, lang)}, ${now} ${shown(d.values, 'recomputed', f, lang)}`;
  if (d.values.kind === 'rank' && d.values.window) {
    const w = d.values.window;
    const valid = w.scope === 'order' ? (vi ? `thứ ${span(w.lo, w.hi)} trong ${w.of} đơn vị của bảng hợp lệ` : `places ${span(w.lo, w.hi)} among the table's ${w.of} units are valid`) : vi ? `hạng ${span(w.lo, w.hi)} hợp lệ` : `ranks ${span(w.lo, w.hi)} are valid`;
    const tie = vi
      ? `hòa ở độ chính xác công bố (chỉ số ${f.num(w.printed, w.places)}, ${w.tiedWith} đơn vị)`
      : `tied at the printed precision (index ${f.num(w.printed, w.places)}, ${w.tiedWith} units)`;
    return `${head} — ${tie}: ${valid}${where(d.at, lang)}`;
  }
  if (d.values.kind === 'number' && d.summary && d.values.published !== null && d.values.recomputed !== null) {
    const x = d.values.published;
    const places = d.values.places;
    const exact = f.num(d.values.recomputed, finer(d.values.recomputed, places));
    const what = d.summary.kind === 'mean' ? (vi ? 'trung bình' : 'mean') : vi ? 'tổng' : 'total';
    return vi
      ? `${whose(d, lang)} — ${fieldName(d, lang)}: ${pub} ${f.num(x, places)} — khớp trong sai số làm tròn: ${what} tính lại = ${exact}; tính từ ${d.summary.count} số liệu công bố làm tròn thì ±${f.num(d.summary.spread)} → ${f.num(x, places)} hợp lệ${where(d.at, lang)}`
      : `${whose(d, lang)} — ${fieldName(d, lang)}: ${pub} ${f.num(x, places)} — matches within rounding: the recomputed ${what} is ${exact}; made from ${d.summary.count} printed figures it carries ±${f.num(d.summary.spread)} → ${f.num(x, places)} is valid${where(d.at, lang)}`;
  }
  return head;
}

/** The row of a check: "cong-bo.csv, dòng 4 (xa-bc)". */
function checkHead(i: Inconsistency, lang: Lang): string {
  const row = i.at ? placeText({ file: i.at.file, ...(i.at.sheet !== undefined ? { sheet: i.at.sheet } : {}), ...(i.at.row !== undefined ? { row: i.at.row } : {}) }, lang) : '';
  return `${row}${row ? ' ' : ''}(${i.unit})`;
}

/** The parts of a sum as printed, each with its own decimals; their sum with the most of them. */
function sumText(i: Inconsistency, f: Formatter): { ids: string; values: string; computed: string } {
  const placesOf = (t: Inconsistency['terms'][number]) => t.places ?? i.places;
  const ids = i.terms.map((t, k) => `${k === 0 ? '' : t.sign === 1 ? ' + ' : ' − '}${t.id}`).join('');
  const values = i.terms.map((t, k) => `${k === 0 ? '' : t.sign === 1 ? ' + ' : ' − '}${f.num(t.value, placesOf(t))}`).join('');
  return { ids, values, computed: f.num(i.computed, Math.max(...i.terms.map(placesOf))) };
}

/** "tổng điểm ghi 7,85 nhưng 1 + 2 + thuong = 2,50 + 4,35 + 0,50 = 7,35 (chênh +0,50)". */
export function inconsistencyLine(i: Inconsistency, lang: Lang): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const head = checkHead(i, lang);
  const by = `${vi ? 'chênh' : 'off by'} ${f.signed(i.by, i.places)}`;
  if (i.of.kind === 'index') {
    const [points, max, scale] = i.terms.map((t) => f.num(t.value));
    return vi
      ? `${head}: chỉ số ghi ${f.num(i.stated, i.places)} nhưng ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)} (${by})`
      : `${head}: the index says ${f.num(i.stated, i.places)} but ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)} (${by})`;
  }
  const { ids, values, computed } = sumText(i, f);
  const what = i.of.kind === 'total' ? (vi ? 'tổng điểm' : 'the points') : `${i.of.id} ${i.of.title}`;
  return vi
    ? `${head}: ${what} ghi ${f.num(i.stated, i.places)} nhưng ${ids} = ${values} = ${computed} (${by})`
    : `${head}: ${what} says ${f.num(i.stated, i.places)} but ${ids} = ${values} = ${computed} (${by})`;
}

/** "khớp trong sai số làm tròn: 61,86 + 28,10 = 89,96; phần công bố làm tròn ±0,01 → 89,95 hợp lệ". */
export function withinRoundingLine(i: Inconsistency, lang: Lang): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const head = checkHead(i, lang);
  const stated = f.num(i.stated, i.places);
  if (i.of.kind === 'index') {
    const [points, max, scale] = i.terms.map((t) => f.num(t.value));
    const range = (x: Interval) => `${f.num(x.lo, i.places + 2)}–${f.num(x.hi, i.places + 2)}`;
    return vi
      ? `${head}: chỉ số ghi ${stated} — khớp trong sai số làm tròn: ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)}; điểm và tối đa công bố làm tròn → ${range(i.range)}, ${stated} hợp lệ`
      : `${head}: the index says ${stated} — matches within rounding: ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)}; points and max as printed give ${range(i.range)} → ${stated} is valid`;
  }
  const { ids, values, computed } = sumText(i, f);
  const what = i.of.kind === 'total' ? (vi ? 'tổng điểm' : 'the points') : `${i.of.id} ${i.of.title}`;
  return vi
    ? `${head}: ${what} ghi ${stated} — khớp trong sai số làm tròn: ${ids} = ${values} = ${computed}; ${i.terms.length} phần công bố làm tròn ±${f.num(i.slack)} → ${stated} hợp lệ`
    : `${head}: ${what} says ${stated} — matches within rounding: ${ids} = ${values} = ${computed}; the ${i.terms.length} printed parts carry ±${f.num(i.slack)} → ${stated} is valid`;
}

/** The warnings about a report made from other inputs than this run's. */
export function driftLines(d: ManifestDrift, lang: Lang): string[] {
  const vi = lang === 'vi';
  const short = (sha: string) => sha.slice(0, 12);
  const out: string[] = [];
  if (d.criteria) {
    out.push(
      vi
        ? `bộ tiêu chí khác: báo cáo dùng ${d.criteria.published.id} (${d.criteria.published.file}, SHA-256 ${short(d.criteria.published.sha256)}…), lần này ${d.criteria.now.id} (${d.criteria.now.file}, ${short(d.criteria.now.sha256)}…)`
        : `other criteria: the report used ${d.criteria.published.id} (${d.criteria.published.file}, SHA-256 ${short(d.criteria.published.sha256)}…), this run ${d.criteria.now.id} (${d.criteria.now.file}, ${short(d.criteria.now.sha256)}…)`,
    );
  }
  for (const i of d.inputs) {
    const role = ROLE[lang][i.role] ?? i.role;
    if (i.published && i.now) {
      out.push(
        vi
          ? `tệp ${role} ${i.now.file} khác với tệp báo cáo đã dùng (SHA-256 ${short(i.published.sha256)}… trong báo cáo, ${short(i.now.sha256)}… bây giờ)`
          : `${role} file ${i.now.file} differs from the one the report used (SHA-256 ${short(i.published.sha256)}… in the report, ${short(i.now.sha256)}… now)`,
      );
    } else if (i.published) {
      out.push(
        vi
          ? `báo cáo dùng tệp ${role} ${i.published.file} (SHA-256 ${short(i.published.sha256)}…), lần này không có tệp nào như vậy`
          : `the report used the ${role} file ${i.published.file} (SHA-256 ${short(i.published.sha256)}…), which this run does not have`,
      );
    } else if (i.now) {
      out.push(vi ? `lần này có thêm tệp ${role} ${i.now.file}, báo cáo không dùng` : `this run has the ${role} file ${i.now.file}, which the report did not use`);
    }
  }
  if (d.options) out.push(vi ? `tuỳ chọn khác: báo cáo ${JSON.stringify(d.options.published)}, lần này ${JSON.stringify(d.options.now)}` : `other options: the report ${JSON.stringify(d.options.published)}, this run ${JSON.stringify(d.options.now)}`);
  if (d.engine) out.push(vi ? `phiên bản khác: báo cáo ${d.engine.published}, lần này ${d.engine.now}` : `another engine: the report ${d.engine.published}, this run ${d.engine.now}`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function toleranceText(r: RecheckResult, f: Formatter, lang: Lang): string {
  if (r.tolerance) return lang === 'vi' ? `sai số cho phép ${f.num(r.tolerance)}` : `tolerance ${f.num(r.tolerance)}`;
  return lang === 'vi' ? 'sai số cho phép: làm tròn của từng số liệu công bố' : "tolerance: each published figure's rounding";
}

/** The blank cells, by unit: "xa-a (chỉ số), xa-b (hạng, 1)". */
function blanksText(r: RecheckResult, lang: Lang): string {
  const byUnit = new Map<string, string[]>();
  for (const b of r.notPublished) byUnit.set(b.unit, [...(byUnit.get(b.unit) ?? []), b.field === 'part' ? b.part! : FIELD[lang][b.field]]);
  const shownUnits = [...byUnit].slice(0, 10).map(([u, fields]) => `${u} (${fields.join(', ')})`);
  return shownUnits.join(', ') + (byUnit.size > 10 ? ', …' : '');
}

export function recheckToText(r: RecheckResult, options: { lang: Lang; color: boolean }): string {
  const { lang } = options;
  const vi = lang === 'vi';
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const f = formatter(lang);
  const fields = [...r.fields.figures.map((x) => FIELD[lang][x]), ...(r.fields.parts.length > 0 ? [vi ? `${r.fields.parts.length} mục theo mã tiêu chí` : `${plural(r.fields.parts.length, 'item')} by criterion id`] : [])];
  const against = r.sheet !== undefined ? `${r.file} (${vi ? 'trang tính' : 'sheet'} ${r.sheet})` : r.file;
  const out = [
    vi
      ? `Chạy lại và đối chiếu với ${against}: ${r.compared} đơn vị; so ${fields.join(', ')}; ${toleranceText(r, f, lang)}`
      : `Recomputed and compared with ${against}: ${plural(r.compared, 'unit')}; ${fields.join(', ')} compared; ${toleranceText(r, f, lang)}`,
  ];
  if (r.summaries > 0) {
    out.push(vi ? `${r.summaries} dòng tổng hợp (trung bình, tổng) so với trung bình hoặc tổng của nhóm` : `${plural(r.summaries, 'summary row')} (mean, total) checked against the group's mean or total`);
  }
  if (r.notPublished.length > 0) {
    out.push(
      vi
        ? `${r.notPublished.length} ô để trống hoặc không công bố (—, N/A…) nên không so: ${blanksText(r, lang)}`
        : `${plural(r.notPublished.length, 'cell')} left blank or not published (—, N/A…), not compared: ${blanksText(r, lang)}`,
    );
  }
  for (const p of r.partial) {
    out.push(
      vi
        ? `Bảng có ${p.given}/${p.ranked} đơn vị được xếp hạng của nhóm ${p.title} (${p.group}): hạng so theo thứ tự các đơn vị có trong bảng`
        : `The table gives ${p.given} of the ${p.ranked} ranked units of ${p.title} (${p.group}): ranks compared by the order of those units`,
    );
  }
  if (r.drift) {
    out.push('', c.yellow(vi ? '⚠ Báo cáo được tính từ đầu vào khác với lần chạy này:' : '⚠ The report was computed from other inputs than this run:'));
    for (const l of driftLines(r.drift, lang)) out.push(c.yellow(`  ${l}`));
  }
  if (r.differences.length > 0) {
    out.push('', c.red(vi ? `✖ ${r.differences.length} chênh lệch vượt sai số:` : `✖ ${plural(r.differences.length, 'difference')} beyond the tolerance:`));
    for (const d of r.differences) out.push(`  ${differenceLine(d, lang)}`);
  }
  if (r.inconsistencies.length > 0) {
    out.push('', c.red(vi ? `✖ ${r.inconsistencies.length} chỗ ${r.file} không tự khớp:` : `✖ ${plural(r.inconsistencies.length, 'place')} where ${r.file} does not add up:`));
    for (const i of r.inconsistencies) out.push(`  ${inconsistencyLine(i, lang)}`);
  }
  if (r.onlyPublished.length > 0) {
    const list = r.onlyPublished.map((u) => `${u.unit}${u.at?.row !== undefined ? ` (${vi ? 'dòng' : 'row'} ${u.at.row})` : ''}`).join(', ');
    out.push('', c.red(vi ? `✖ Có trong ${r.file} nhưng không có khi tính lại: ${list}` : `✖ In ${r.file} but not recomputed: ${list}`));
  }
  for (const s of r.skipped) {
    out.push(
      '',
      c.red(
        vi
          ? `✖ ${s.unit} ${s.name} không có trong ${r.file}, dù bảng công bố có hạng ${s.rank}, hạng tính lại của đơn vị này (bảng in các hạng ${s.printed[0]}–${s.printed[1]})`
          : `✖ ${s.unit} ${s.name} is not in ${r.file}, though the table prints rank ${s.rank}, this unit's recomputed rank (it prints ranks ${s.printed[0]}–${s.printed[1]})`,
      ),
    );
  }
  const rounding = [...r.comparisons.filter((d) => d.verdict === 'rounding' || d.verdict === 'tie').map((d) => roundingLine(d, lang)), ...r.checks.filter((i) => i.verdict === 'rounding').map((i) => withinRoundingLine(i, lang))];
  if (rounding.length > 0) {
    out.push('', vi ? `ℹ ${rounding.length} chỗ khớp trong sai số làm tròn:` : `ℹ ${plural(rounding.length, 'place')} matching within rounding:`);
    for (const l of rounding) out.push(`  ${l}`);
  }
  if (r.onlyRecomputed.length > 0) {
    const list = r.onlyRecomputed.map((u) => u.unit).join(', ');
    out.push('', vi ? `ℹ Tính lại được nhưng không có trong ${r.file} (không so): ${list}` : `ℹ Recomputed but not in ${r.file} (not compared): ${list}`);
  }
  if (!recheckFailed(r)) {
    const ok = r.tolerance
      ? vi
        ? '✔ Khớp: mọi số liệu công bố đều tính lại được trong sai số cho phép.'
        : '✔ Matches: every published figure is recomputed within the tolerance.'
      : vi
        ? '✔ Khớp: mọi số liệu công bố đều tính lại được ở độ chính xác công bố.'
        : '✔ Matches: every published figure is recomputed at the precision it is printed with.';
    out.push('', c.green(ok));
  }
  return out.join('\n') + '\n';
}

export function recheckToJson(r: RecheckResult, options: { lang: Lang; manifest?: Manifest }): string {
  const n = (x: Exact | null, places: number) => (x === null ? null : x.toNumber(places));
  /** An exact figure as JSON: every decimal of a finite one, 10 of one that never ends. */
  const exact = (x: Exact) => Number(x.toString(10));
  const interval = (x: Interval | undefined) => (x ? [exact(x.lo), exact(x.hi)] : null);
  const place = (at: Location | undefined) =>
    at ? { file: at.file, ...(at.sheet !== undefined ? { sheet: at.sheet } : {}), ...(at.row !== undefined ? { row: at.row } : {}), ...(at.cell !== undefined ? { column: at.cell } : {}) } : null;
  const value = (v: Compared, side: 'published' | 'recomputed') => {
    const x = v[side];
    if (v.kind === 'number') return n(x as Exact | null, v.places);
    if (x === 'unranked') return null;
    if (x !== null && typeof x === 'object') return (x as { rank: number }).rank;
    return x;
  };
  const detail = (d: Comparison) => ({
    verdict: d.verdict,
    ...(d.values.kind === 'number' ? { places: d.values.places, interval: interval(d.values.published === null ? undefined : printedInterval(d.values.published, d.values.places)) } : {}),
    ...(d.values.kind === 'rank' && d.values.published === 'unranked' ? { publishedUnranked: true } : {}),
    ...(d.values.kind === 'rank' && d.values.window
      ? {
          allowed: [d.values.window.lo, d.values.window.hi],
          scope: d.values.window.scope,
          ...(d.values.window.place !== undefined ? { place: d.values.window.place, of: d.values.window.of } : {}),
          printedIndex: exact(d.values.window.printed),
        }
      : {}),
    ...(d.summary ? { summary: { kind: d.summary.kind, units: d.summary.count, groups: d.summary.groups, spread: exact(d.summary.spread) } } : {}),
  });
  const check = (i: Inconsistency) => ({
    unit: i.unit,
    of: i.of.kind === 'node' ? i.of.id : i.of.kind,
    stated: n(i.stated, i.places),
    places: i.places,
    interval: interval(i.interval),
    computed: exact(i.computed),
    range: interval(i.range),
    slack: exact(i.slack),
    verdict: i.verdict,
    at: place(i.at),
  });
  const out = {
    format: 'parscore/recheck@1',
    ...(options.manifest ? { manifest: options.manifest } : {}),
    against: r.file,
    ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
    ok: !recheckFailed(r),
    // null: each figure at the precision it is printed with.
    tolerance: r.tolerance ? exact(r.tolerance) : null,
    compared: r.compared,
    summaries: r.summaries,
    warnings: r.drift ? driftLines(r.drift, options.lang) : [],
    differences: r.differences.map((d) => ({
      unit: d.unit,
      field: d.field,
      ...(d.part ? { id: d.part.id } : {}),
      published: value(d.values, 'published'),
      recomputed: value(d.values, 'recomputed'),
      difference: d.by && d.values.kind === 'number' ? n(d.by, d.values.places) : null,
      at: place(d.at),
      text: differenceLine(d, options.lang),
      ...detail(d),
    })),
    inconsistencies: r.inconsistencies.map((i) => ({
      unit: i.unit,
      of: i.of.kind === 'node' ? i.of.id : i.of.kind,
      stated: n(i.stated, i.places),
      computed: Number(i.computed.toFixed(i.places + 2)),
      difference: n(i.by, i.places),
      terms: i.terms.map((t) => ({ id: t.id, value: n(t.value, t.places ?? i.places), sign: t.sign })),
      at: place(i.at),
      text: inconsistencyLine(i, options.lang),
    })),
    withinRounding: [
      ...r.comparisons.filter((d) => d.verdict === 'rounding' || d.verdict === 'tie').map((d) => ({ unit: d.unit, field: d.field, ...(d.part ? { id: d.part.id } : {}), ...detail(d), at: place(d.at), text: roundingLine(d, options.lang) })),
      ...r.checks.filter((i) => i.verdict === 'rounding').map((i) => ({ ...check(i), text: withinRoundingLine(i, options.lang) })),
    ],
    notPublished: r.notPublished.map((b) => ({ unit: b.unit, field: b.field, ...(b.part !== undefined ? { id: b.part } : {}), written: b.written, at: place(b.at) })),
    partial: r.partial,
    onlyPublished: r.onlyPublished.map((u) => ({ unit: u.unit, at: place(u.at) })),
    onlyRecomputed: r.onlyRecomputed,
    skipped: r.skipped,
    comparisons: r.comparisons.map((d) => ({
      unit: d.unit,
      field: d.field,
      ...(d.part ? { id: d.part.id } : {}),
      published: value(d.values, 'published'),
      recomputed: d.values.kind === 'number' ? (d.values.recomputed === null ? null : exact(d.values.recomputed)) : value(d.values, 'recomputed'),
      ...detail(d),
      at: place(d.at),
    })),
    checks: r.checks.map(check),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
