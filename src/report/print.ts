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
  const page = `&R${escapeCodes(layout.page)} &P/&N`;
  const footer = `&L${fitted(layout.footer, HEADER_ROOM - page.length - 2)}${page}`;
  const header = layout.header === undefined ? undefined : `&C${fitted(layout.header, HEADER_ROOM - 2)}`;
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

/** The printed area: from A1 to the last column and row written. Set before the sheet is committed. */
export function setPrintArea(sheet: Worksheet, columns: number, rows: number): void {
  sheet.pageSetup.printArea = `A1:${columnName(columns)}${Math.max(rows, 1)}`;
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

/** Excel takes a header or footer of 255 characters at most (its codes included), and reports a longer one as damage. */
const HEADER_ROOM = 255;

/** A header's text with its codes escaped, cut with "…" to fit `room` characters. */
function fitted(text: string, room: number): string {
  if (escapeCodes(text).length <= room) return escapeCodes(text);
  let cut = [...text];
  while (cut.length > 0 && escapeCodes(cut.join('')).length + 1 > room) cut = cut.slice(0, -1);
  return `${escapeCodes(cut.join('').trimEnd())}…`;
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
