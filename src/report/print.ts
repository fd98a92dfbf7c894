import type { Worksheet } from 'exceljs';

/**
 * How a sheet prints: A4 landscape, one page wide (as many pages down as it takes), the header rows
 * repeated on every page, and a footer with the page number and what the sheet is. Excel and
 * LibreOffice both honour these settings, so an officer who presses Print gets a table to sign, not
 * hundreds of pages cut three columns each.
 */
export interface PrintLayout {
  /** The footer's left part: the criteria set's title, the decision's reference. */
  footer: string;
  /** The footer's right part before the page number ("Trang" / "Page"). */
  page: string;
  /** Rows repeated at the top of every printed page (1-based, inclusive). */
  titleRows?: [number, number];
  /** A header's centre text (the decision's reference on an annex). */
  header?: string;
  orientation?: 'landscape' | 'portrait';
}

/** A4 in Excel's paper size numbering. */
const A4 = 9;

/** The options `addWorksheet` takes for a sheet printed as `layout` says. */
export function printOptions(layout: PrintLayout): { pageSetup: object; headerFooter: object } {
  const [first, last] = layout.titleRows ?? [1, 1];
  const right = `&R${escapeCodes(layout.page)} &P/&N`;
  const footer = `&L${clipCodes(layout.footer, FOOTER_MAX - '&L'.length - right.length)}${right}`;
  const header = layout.header === undefined ? undefined : `&C${clipCodes(layout.header, FOOTER_MAX - '&C'.length)}`;
  return {
    pageSetup: {
      paperSize: A4,
      orientation: layout.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      // 0: as many pages down as the rows need.
      fitToHeight: 0,
      printTitlesRow: `${first}:${last}`,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddFooter: footer,
      evenFooter: footer,
      ...(header ? { oddHeader: header, evenHeader: header } : {}),
    },
  };
}

/**
 * The printed area: from A1 to the last column and row written. Set before the sheet is committed.
 * exceljs writes the defined name as "$" + each corner, so the rows are given their "$" here: the
 * name is then the absolute $A$1:$Q$41 that Excel itself writes, not the half-relative $A1:$Q41.
 */
export function setPrintArea(sheet: Worksheet, columns: number, rows: number): void {
  sheet.pageSetup.printArea = `A$1:${columnName(columns)}$${Math.max(rows, 1)}`;
}

/**
 * A row height, in points, that shows every line of the wrapped texts in it: Excel and LibreOffice
 * do not grow a row to its wrapped text when the file gives no height, so a long header would be
 * cut to its first line. Lines are counted by the column's width in characters.
 */
export function wrappedHeight(texts: readonly string[], widths: readonly number[], lineHeight = 15): number {
  let lines = 1;
  texts.forEach((text, i) => {
    const width = Math.max(1, (widths[i] ?? 10) - 1);
    const needed = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(wordsLength(line, width) / width)), 0);
    lines = Math.max(lines, needed);
  });
  return lines * lineHeight;
}

/** The characters a line takes when wrapped at word boundaries into `width` columns. */
function wordsLength(line: string, width: number): number {
  let used = 0;
  let col = 0;
  for (const word of line.split(' ')) {
    const len = [...word].length;
    if (col > 0 && col + 1 + len > width) {
      used += width;
      col = len;
    } else {
      col += (col > 0 ? 1 : 0) + len;
    }
  }
  return used + col;
}

/** Excel refuses a workbook whose header or footer, codes included, is longer than this. */
const FOOTER_MAX = 255;

/** The text escaped, cut with "…" to at most `max` characters (a long criteria title stays printable). */
function clipCodes(text: string, max: number): string {
  const escaped = escapeCodes(text);
  if (escaped.length <= max) return escaped;
  let cut = '';
  for (const c of text) {
    if (cut.length + escapeCodes(c).length + 1 > max) break;
    cut += escapeCodes(c);
  }
  return `${cut}…`;
}

/** "&" starts a code in Excel's header and footer language; a literal one is written "&&". */
function escapeCodes(text: string): string {
  return text.replace(/&/g, '&&');
}

function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
