import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Workbooks written the way offices and scripts really write them: by Python's openpyxl (cells,
 * number formats, formulas without cached results) and by LibreOffice Calc (`soffice --convert-to`),
 * both from Debian's packages (python3-openpyxl, libreoffice-calc), which `.ci/run` installs. A test
 * that needs one skips itself, saying which package is missing, where it is not installed.
 */

/** Debian's Python, which python3-openpyxl installs into (a pyenv `python3` earlier on PATH lacks it). */
const PYTHON = '/usr/bin/python3';

export const hasOpenpyxl = spawnSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
export const hasLibreOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

export const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;

export const NO_OPENPYXL = 'needs python3-openpyxl (apt-get install python3-openpyxl)';
export const NO_LIBREOFFICE = 'needs LibreOffice Calc (apt-get install libreoffice-calc)';
export const NO_PDFTOTEXT = 'needs pdftotext (apt-get install poppler-utils)';

/**
 * Writes `path` with openpyxl: `body` is Python run with `wb` (a new workbook) and `ws` (its active
 * sheet) in scope, before `wb.save(path)`.
 */
export function openpyxlWorkbook(path: string, body: string): string {
  const script = ['import datetime, openpyxl', 'wb = openpyxl.Workbook()', 'ws = wb.active', body, `wb.save(${JSON.stringify(path)})`].join('\n');
  execFileSync(PYTHON, ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  return path;
}

/**
 * What openpyxl reads in the workbook at `path`: `body` is Python run with `wb` (the loaded
 * workbook) in scope, and what it prints is returned.
 */
export function openpyxlRead(path: string, body: string): string {
  const script = ['import json, openpyxl', `wb = openpyxl.load_workbook(${JSON.stringify(path)})`, body].join('\n');
  return execFileSync(PYTHON, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The text of each page of a PDF, by poppler's pdftotext; -layout keeps a line's words on one line. */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // Each page ends with a form feed.
  return text.split('\f').slice(0, -1);
}

/**
 * Converts files with LibreOffice Calc, as an office does when it opens a file and saves it as
 * another format ("xlsx", "csv", "pdf"); every file in one run (Calc starts once). The converted
 * files are written beside the inputs (or into `outdir`: an XLSX saved again as XLSX), with the
 * new extension; their paths are returned.
 */
export function libreofficeConvert(files: string[], format: string, outdir = dirname(files[0]!)): string[] {
  const profile = mkdtempSync(join(tmpdir(), 'parscore-lo-'));
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', format, '--outdir', outdir, ...files], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  const extension = format.split(':')[0]!;
  return files.map((f) => join(outdir, basename(f).replace(/\.[^.]+$/, '') + '.' + extension));
}

/** A test title's note when the program it needs is missing, so the skip says why. */
export function unless(has: boolean, why: string): string {
  return has ? '' : ` [skipped: ${why}]`;
}
