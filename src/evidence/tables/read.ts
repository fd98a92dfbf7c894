import { extname } from 'node:path';
import { readCsv } from './csv.js';
import { HeaderFinder, type Column, type Header } from './headers.js';
import { UnreadableInput, type Cell, type RawRow, type RawSheet, type ReadLimits } from './table.js';

/**
 * Opens a table file by what it is: CSV (and TSV, TXT) or XLSX. Old .xls files are refused with
 * what to do; anything else is read as CSV (whose reader recognises a zip or binary data).
 */
export async function* readTable(path: string, file: string, options: { sheet?: string; limits?: ReadLimits; merges?: boolean } = {}): AsyncGenerator<RawSheet> {
  const ext = extname(file).toLowerCase();
  const limits = options.limits ?? {};
  if (ext === '.xlsx' || ext === '.xlsm') {
    const { readXlsx } = await import('./xlsx.js');
    const xlsx = {
      ...(limits.maxXlsxBytes !== undefined ? { maxBytes: limits.maxXlsxBytes } : {}),
      ...(limits.maxUncompressedBytes !== undefined ? { maxUncompressedBytes: limits.maxUncompressedBytes } : {}),
      ...(limits.idleTimeoutMs !== undefined ? { idleTimeoutMs: limits.idleTimeoutMs } : {}),
    };
    yield* readXlsx(path, file, { ...(options.sheet === undefined ? {} : { sheet: options.sheet }), limits: xlsx, ...(options.merges ? { merges: true } : {}) });
    return;
  }
  if (ext === '.xls') {
    throw new UnreadableInput(file, {
      vi: 'tệp Excel định dạng cũ (.xls) không được hỗ trợ; hãy mở bằng Excel và lưu thành .xlsx',
      en: 'old-format Excel files (.xls) are not supported; open it in Excel and save as .xlsx',
    });
  }
  yield* readCsv(path, file, limits.maxRecordBytes === undefined ? undefined : { maxRecordBytes: limits.maxRecordBytes });
}

/** A sheet with its header found: the columns and the data rows below the header. */
export interface HeadedSheet {
  name?: string;
  header: Header;
  rows: AsyncIterable<RawRow>;
}

/**
 * Finds each sheet's header and hands on the rows below it. A sheet without a recognisable header
 * (no unit column in its first rows) is passed to `onNoHeader`, so the caller can say so; an XLSX
 * workbook often has a cover or notes sheet, a CSV never should.
 */
export async function* headedSheets(
  sheets: AsyncIterable<RawSheet>,
  onNoHeader: (sheet: RawSheet, firstRows: RawRow[]) => void,
): AsyncGenerator<HeadedSheet> {
  for await (const sheet of sheets) {
    const iterator = sheet.rows[Symbol.asyncIterator]();
    const finder = new HeaderFinder();
    const seen: RawRow[] = [];
    let found: { header: Header; replay?: RawRow } | undefined;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        const header = finder.finish();
        if (header) found = { header };
        break;
      }
      seen.push(next.value);
      const r = finder.push(next.value);
      if (r === 'gave-up') break;
      if (r !== 'more') {
        found = r;
        break;
      }
    }
    if (!found) {
      onNoHeader(sheet, seen);
      // Drain the rest so the reader moves on to the next sheet.
      for (let n = await iterator.next(); !n.done; n = await iterator.next());
      continue;
    }
    const { header, replay } = found;
    yield {
      ...(sheet.name !== undefined ? { name: sheet.name } : {}),
      header,
      rows: (async function* () {
        if (replay) yield replay;
        for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
      })(),
    };
  }
}

export function cellAt(row: RawRow, column: Column | undefined): Cell | undefined {
  return column === undefined ? undefined : row.cells[column.index];
}

export function columnWith(header: Header, role: Column['role']): Column | undefined {
  return header.columns.find((c) => c.role === role);
}
