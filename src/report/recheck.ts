import { Chalk } from 'chalk';
import type { Exact } from '../core/exact.js';
import type { Location } from '../core/problems.js';
import type { Manifest } from '../core/report.js';
import type { Compared, Difference, Inconsistency, ManifestDrift, RecheckResult } from '../audit/recheck.js';
import { formatter, type Formatter, type Lang } from '../explain/numbers.js';
import { placeText } from '../explain/problems.js';

/** Whether the recheck found anything: a difference, a unit on one side only, or a table that does not add up. */
export function recheckFailed(r: RecheckResult): boolean {
  return r.differences.length + r.inconsistencies.length + r.onlyPublished.length + r.onlyRecomputed.length > 0;
}

const FIELD = {
  vi: { points: 'điểm', max: 'tối đa', index: 'chỉ số', rank: 'hạng', band: 'xếp loại' },
  en: { points: 'points', max: 'max', index: 'index', rank: 'rank', band: 'band' },
};

const ROLE = {
  vi: { evidence: 'minh chứng', units: 'danh sách đơn vị', self: 'tự chấm', overrides: 'điều chỉnh' } as Record<string, string>,
  en: { evidence: 'evidence', units: 'units', self: 'self-assessment', overrides: 'overrides' } as Record<string, string>,
};

function fieldName(d: Difference, lang: Lang): string {
  return d.field === 'part' ? `${d.part!.id} ${d.part!.title}` : FIELD[lang][d.field];
}

function shown(v: Compared, side: 'published' | 'recomputed', f: Formatter, lang: Lang): string {
  const empty = lang === 'vi' ? 'trống' : 'empty';
  switch (v.kind) {
    case 'number': {
      const x = v[side];
      return x === null ? empty : f.num(x, v.places);
    }
    case 'rank': {
      const x = v[side];
      if (x === null) return empty;
      return typeof x === 'number' ? String(x) : `${x.rank}${x.tied ? '=' : ''}`;
    }
    case 'text': {
      const x = v[side];
      return x === null ? empty : `"${x}"`;
    }
  }
}

/** "cong-bo.csv, dòng 4, cột G". */
function where(at: Location | undefined, lang: Lang): string {
  return at ? ` [${placeText(at, lang)}]` : '';
}

function differenceLine(d: Difference, lang: Lang): string {
  const f = formatter(lang);
  const by = d.by && d.values.kind === 'number' ? ` (${lang === 'vi' ? 'chênh' : 'off by'} ${f.signed(d.by, d.values.places)})` : '';
  const [pub, now] = lang === 'vi' ? ['công bố', 'tính lại'] : ['published', 'recomputed'];
  return `${d.unit} ${d.name} — ${fieldName(d, lang)}: ${pub} ${shown(d.values, 'published', f, lang)}, ${now} ${shown(d.values, 'recomputed', f, lang)}${by}${where(d.at, lang)}`;
}

/** "tổng điểm ghi 7,85 nhưng 1 + 2 + thuong = 2,50 + 4,35 + 0,50 = 7,35 (chênh +0,50)". */
export function inconsistencyLine(i: Inconsistency, lang: Lang): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const row = i.at ? placeText({ file: i.at.file, ...(i.at.sheet !== undefined ? { sheet: i.at.sheet } : {}), ...(i.at.row !== undefined ? { row: i.at.row } : {}) }, lang) : '';
  const head = `${row}${row ? ' ' : ''}(${i.unit})`;
  const by = `${vi ? 'chênh' : 'off by'} ${f.signed(i.by, i.places)}`;
  if (i.of.kind === 'index') {
    const [points, max, scale] = i.terms.map((t) => f.num(t.value));
    return vi
      ? `${head}: chỉ số ghi ${f.num(i.stated, i.places)} nhưng ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)} (${by})`
      : `${head}: the index says ${f.num(i.stated, i.places)} but ${points}/${max} × ${scale} = ${f.num(i.computed, i.places + 2)} (${by})`;
  }
  const ids = i.terms.map((t, k) => `${k === 0 ? '' : t.sign === 1 ? ' + ' : ' − '}${t.id}`).join('');
  const values = i.terms.map((t, k) => `${k === 0 ? '' : t.sign === 1 ? ' + ' : ' − '}${f.num(t.value, i.places)}`).join('');
  const what = i.of.kind === 'total' ? (vi ? 'tổng điểm' : 'the points') : `${i.of.id} ${i.of.title}`;
  return vi
    ? `${head}: ${what} ghi ${f.num(i.stated, i.places)} nhưng ${ids} = ${values} = ${f.num(i.computed, i.places)} (${by})`
    : `${head}: ${what} says ${f.num(i.stated, i.places)} but ${ids} = ${values} = ${f.num(i.computed, i.places)} (${by})`;
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
  const points = f.num(r.tolerance.points);
  if (r.tolerance.index.eq(r.tolerance.points)) return points;
  return `${points} (${lang === 'vi' ? 'chỉ số' : 'index'} ${f.num(r.tolerance.index)})`;
}

export function recheckToText(r: RecheckResult, options: { lang: Lang; color: boolean }): string {
  const { lang } = options;
  const vi = lang === 'vi';
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const f = formatter(lang);
  const fields = [...r.fields.figures.map((x) => FIELD[lang][x]), ...(r.fields.parts.length > 0 ? [vi ? `${r.fields.parts.length} mục theo mã tiêu chí` : `${plural(r.fields.parts.length, 'item')} by criterion id`] : [])];
  const out = [
    vi
      ? `Chạy lại và đối chiếu với ${r.file}: ${r.compared} đơn vị; so ${fields.join(', ')}; sai số cho phép ${toleranceText(r, f, lang)}`
      : `Recomputed and compared with ${r.file}: ${plural(r.compared, 'unit')}; ${fields.join(', ')} compared; tolerance ${toleranceText(r, f, lang)}`,
  ];
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
  if (r.onlyRecomputed.length > 0) {
    const list = r.onlyRecomputed.map((u) => u.unit).join(', ');
    out.push('', c.red(vi ? `✖ Tính lại được nhưng không có trong ${r.file}: ${list}` : `✖ Recomputed but not in ${r.file}: ${list}`));
  }
  if (!recheckFailed(r)) out.push('', c.green(vi ? '✔ Khớp: mọi số liệu công bố đều tính lại được trong sai số cho phép.' : '✔ Matches: every published figure is recomputed within the tolerance.'));
  return out.join('\n') + '\n';
}

export function recheckToJson(r: RecheckResult, options: { lang: Lang; manifest?: Manifest }): string {
  const n = (x: Exact | null, places: number) => (x === null ? null : x.toNumber(places));
  const place = (at: Location | undefined) =>
    at ? { file: at.file, ...(at.sheet !== undefined ? { sheet: at.sheet } : {}), ...(at.row !== undefined ? { row: at.row } : {}), ...(at.cell !== undefined ? { column: at.cell } : {}) } : null;
  const value = (v: Compared, side: 'published' | 'recomputed') => {
    const x = v[side];
    if (v.kind === 'number') return n(x as Exact | null, v.places);
    if (x !== null && typeof x === 'object') return (x as { rank: number }).rank;
    return x;
  };
  const out = {
    format: 'parscore/recheck@1',
    ...(options.manifest ? { manifest: options.manifest } : {}),
    against: r.file,
    ok: !recheckFailed(r),
    tolerance: { points: Number(r.tolerance.points.toString()), index: Number(r.tolerance.index.toString()) },
    compared: r.compared,
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
    })),
    inconsistencies: r.inconsistencies.map((i) => ({
      unit: i.unit,
      of: i.of.kind === 'node' ? i.of.id : i.of.kind,
      stated: n(i.stated, i.places),
      computed: Number(i.computed.toFixed(i.places + 2)),
      difference: n(i.by, i.places),
      terms: i.terms.map((t) => ({ id: t.id, value: n(t.value, i.places), sign: t.sign })),
      at: place(i.at),
      text: inconsistencyLine(i, options.lang),
    })),
    onlyPublished: r.onlyPublished.map((u) => ({ unit: u.unit, at: place(u.at) })),
    onlyRecomputed: r.onlyRecomputed,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
