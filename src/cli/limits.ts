import type { ReadLimits } from '../evidence/tables/table.js';
import type { Io } from './io.js';

/**
 * Size limits on inputs, so a mistaken or hostile file gets a clear refusal rather than exhausting
 * memory. Each can be raised by an environment variable, documented in docs/limits.md.
 */
export interface SizeLimit {
  bytes: number;
  /** The environment variable that raises it, named when a file is refused. */
  variable: string;
}

export function criteriaSizeLimit(io: Io): SizeLimit {
  return sizeLimit(io, 'PARSCORE_MAX_CRITERIA_MB', 20);
}

/** A report JSON read back by recheck and compare (a national commune run is about 100 MB). */
export function reportSizeLimit(io: Io): SizeLimit {
  return sizeLimit(io, 'PARSCORE_MAX_REPORT_MB', 300);
}

function sizeLimit(io: Io, variable: string, megabytesByDefault: number): SizeLimit {
  return { bytes: megabytes(io.env[variable], megabytesByDefault), variable };
}

/** What the evidence and record readers accept, from PARSCORE_MAX_RECORD_MB, PARSCORE_MAX_XLSX_MB, … */
export function readLimits(io: Io): ReadLimits {
  const seconds = Number(io.env['PARSCORE_XLSX_IDLE_SECONDS']);
  return {
    maxRecordBytes: megabytes(io.env['PARSCORE_MAX_RECORD_MB'], 1),
    maxXlsxBytes: megabytes(io.env['PARSCORE_MAX_XLSX_MB'], 200),
    maxUncompressedBytes: megabytes(io.env['PARSCORE_MAX_XLSX_EXPANDED_MB'], 2048),
    idleTimeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1000,
  };
}

function megabytes(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return (Number.isFinite(n) && n > 0 ? n : fallback) * 1024 * 1024;
}
