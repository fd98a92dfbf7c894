/**
 * Charts as inline SVG for the HTML report: pure functions from numbers and labels to markup, every
 * text escaped, no script, no external resource. Each bar is a `rect.bar` and each heatmap cell a
 * `rect.cell`, with a <title> a browser shows on hover.
 */

/** Text safe in HTML and SVG, both as content and inside a double-quoted attribute. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Colours for bands, best first: green through red (then grey for any beyond). */
export const BAND_COLOURS = ['#1a9850', '#66bd63', '#a6d96a', '#fdae61', '#f46d43', '#d73027'];

export function bandColour(bands: readonly string[], band: string | null): string {
  const at = band === null ? -1 : bands.indexOf(band);
  if (at < 0) return '#9e9e9e';
  // Spread a short list over the whole scale, so four bands run from green to red too.
  const place = bands.length <= 1 ? 0 : Math.round((at * (BAND_COLOURS.length - 1)) / (bands.length - 1));
  return BAND_COLOURS[place]!;
}

export interface Bar {
  label: string;
  /** Between 0 and `max`. */
  value: number;
  /** The value as shown ("81,33"). */
  shown: string;
  colour: string;
  title: string;
}

/** Horizontal bars, one per unit, with the label on the left and the value at the bar's end. */
export function barChart(bars: readonly Bar[], options: { max: number; title: string; labelWidth?: number; width?: number }): string {
  const row = 18;
  const labelWidth = options.labelWidth ?? 260;
  const width = options.width ?? 760;
  const plot = width - labelWidth - 60;
  const height = bars.length * row + 24;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const x = labelWidth + t * plot;
    return `<line x1="${x}" y1="0" x2="${x}" y2="${height - 20}" class="grid"/><text x="${x}" y="${height - 6}" class="tick">${fmt(t * options.max)}</text>`;
  });
  const body = bars.map((b, i) => {
    const y = i * row;
    const w = Math.max(0, Math.min(1, b.value / options.max)) * plot;
    return (
      `<text x="${labelWidth - 6}" y="${y + 13}" class="label">${escapeXml(clip(b.label, 42))}</text>` +
      `<rect class="bar" x="${labelWidth}" y="${y + 2}" width="${fmt(w)}" height="${row - 4}" fill="${b.colour}"><title>${escapeXml(b.title)}</title></rect>` +
      `<text x="${fmt(labelWidth + w + 4)}" y="${y + 13}" class="value">${escapeXml(b.shown)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeXml(options.title)}</title>${ticks.join('')}${body.join('')}</svg>`
  );
}

export interface RankRow {
  label: string;
  rank: number;
  /** The rank interval. */
  lo: number;
  hi: number;
  colour: string;
  title: string;
}

/**
 * Each unit's rank with its interval on one axis of ranks (1 on the left): a line over the
 * interval, a dot at the rank, in the unit's band colour.
 */
export function rankIntervals(rows: readonly RankRow[], options: { ranks: number; title: string; labelWidth?: number; width?: number }): string {
  const row = 18;
  const labelWidth = options.labelWidth ?? 260;
  const width = options.width ?? 760;
  const plot = width - labelWidth - 20;
  const height = rows.length * row + 24;
  const x = (rank: number) => labelWidth + (options.ranks <= 1 ? plot / 2 : ((rank - 1) / (options.ranks - 1)) * plot);
  const step = Math.max(1, Math.ceil(options.ranks / 10));
  const ticks: string[] = [];
  for (let r = 1; r <= options.ranks; r += step) {
    ticks.push(`<line x1="${fmt(x(r))}" y1="0" x2="${fmt(x(r))}" y2="${height - 20}" class="grid"/><text x="${fmt(x(r))}" y="${height - 6}" class="tick">${r}</text>`);
  }
  const body = rows.map((b, i) => {
    const y = i * row + row / 2;
    return (
      `<text x="${labelWidth - 6}" y="${y + 4}" class="label">${escapeXml(clip(b.label, 42))}</text>` +
      `<g class="interval"><title>${escapeXml(b.title)}</title>` +
      `<line x1="${fmt(x(b.lo))}" y1="${y}" x2="${fmt(x(b.hi))}" y2="${y}" stroke="${b.colour}" stroke-width="4" stroke-linecap="round"/>` +
      `<circle cx="${fmt(x(b.rank))}" cy="${y}" r="5" fill="${b.colour}" stroke="#222" stroke-width="1"/></g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart intervals" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeXml(options.title)}</title>${ticks.join('')}${body.join('')}</svg>`
  );
}

export interface Heat {
  /** 0–1, or null for nothing to show (the area does not apply). */
  value: number | null;
  shown: string;
  title: string;
}

/** A grid: a row per unit, a column per area, each cell coloured by its share of the max. */
export function heatmap(rows: readonly string[], columns: readonly string[], cells: readonly (readonly Heat[])[], options: { title: string; labelWidth?: number }): string {
  const labelWidth = options.labelWidth ?? 260;
  const cw = 56;
  const ch = 18;
  const top = 22;
  const width = labelWidth + columns.length * cw;
  const height = top + rows.length * ch;
  const head = columns.map((c, j) => `<text x="${labelWidth + j * cw + cw / 2}" y="15" class="col">${escapeXml(clip(c, 8))}</text>`);
  const body = rows.map((r, i) => {
    const y = top + i * ch;
    const line = cells[i]!.map((h, j) => {
      const x = labelWidth + j * cw;
      return (
        `<rect class="cell" x="${x + 1}" y="${y + 1}" width="${cw - 2}" height="${ch - 2}" fill="${heatColour(h.value)}"><title>${escapeXml(h.title)}</title></rect>` +
        `<text x="${x + cw / 2}" y="${y + 13}" class="cellText">${escapeXml(h.shown)}</text>`
      );
    });
    return `<text x="${labelWidth - 6}" y="${y + 13}" class="label">${escapeXml(clip(r, 42))}</text>${line.join('')}`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeXml(options.title)}</title>${head.join('')}${body.join('')}</svg>`
  );
}

/** Red (0) through yellow to green (1); grey for nothing. */
export function heatColour(value: number | null): string {
  if (value === null) return '#e0e0e0';
  const v = Math.max(0, Math.min(1, value));
  return `hsl(${Math.round(v * 120)}, 65%, ${Math.round(62 + v * 8)}%)`;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** Coordinates with at most two decimals, so the markup stays small and the same everywhere. */
function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}
