import { Chalk } from 'chalk';
import type { Problem } from '../core/problems.js';
import type { Lang } from '../explain/numbers.js';
import { placeText, problemMessage } from '../explain/problems.js';

/**
 * Problem lists as text for people, JSON for tools and GitHub annotations for CI. Each formatter is
 * a pure function of the problems (and the source lines to quote); the CLI decides where it goes.
 */
export interface ProblemListOptions {
  lang: Lang;
  color: boolean;
  /** Source text per file, to quote the offending line. */
  sources?: ReadonlyMap<string, string>;
  /** Files that were checked, so that clean ones are named too. */
  files?: readonly string[];
  /** Group by file (default) or by unit. */
  by?: 'file' | 'unit';
  unitNames?: ReadonlyMap<string, string>;
}

/**
 * One problem as JSON: `{ file, line, column, … }` in a text file such as a criteria file;
 * `{ file, sheet, row, column, … }` in a table, the column as its letters.
 */
export function problemToJson(p: Problem, lang: Lang): Record<string, unknown> {
  const l = p.location;
  const place =
    l?.row !== undefined
      ? { file: l.file, ...(l.sheet !== undefined ? { sheet: l.sheet } : {}), row: l.row, column: l.cell ?? null }
      : { file: l?.file ?? '', line: l?.line ?? null, column: l?.column ?? null };
  return {
    ...place,
    ...(p.unit !== undefined ? { unit: p.unit } : {}),
    code: p.code,
    severity: p.severity,
    message: problemMessage(p, lang),
  };
}

export function problemsToJson(problems: readonly Problem[], lang: Lang): string {
  return JSON.stringify(problems.map((p) => problemToJson(p, lang)), null, 2) + '\n';
}

/**
 * GitHub workflow commands: one line per problem, shown as annotations on the pull request.
 * Data and properties are escaped as the runner expects (%, CR, LF; and ":" "," in properties).
 */
export function problemsToGithub(problems: readonly Problem[], lang: Lang): string {
  return problems
    .map((p) => {
      const props = [`file=${escapeProperty(p.location?.file ?? '')}`];
      if (p.location?.line !== undefined) props.push(`line=${p.location.line}`);
      if (p.location?.column !== undefined) props.push(`col=${p.location.column}`);
      props.push(`title=${escapeProperty(p.code)}`);
      return `::${p.severity} ${props.join(',')}::${escapeData(problemMessage(p, lang))}\n`;
    })
    .join('');
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const WORDS = {
  vi: {
    error: 'lỗi',
    warning: 'cảnh báo',
    valid: 'hợp lệ',
    unit: 'Đơn vị',
    general: 'Chung',
    summary: (e: number, w: number, f: number) => `${e + w} vấn đề (${e} lỗi, ${w} cảnh báo) trong ${f} tệp`,
    clean: (f: number) => `Không có vấn đề nào trong ${f} tệp`,
  },
  en: {
    error: 'error',
    warning: 'warning',
    valid: 'valid',
    unit: 'Unit',
    general: 'General',
    summary: (e: number, w: number, f: number) => `${e + w} problem${e + w === 1 ? '' : 's'} (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}) in ${f} file${f === 1 ? '' : 's'}`,
    clean: (f: number) => `No problems in ${f} file${f === 1 ? '' : 's'}`,
  },
};

/**
 * Grouped by file (or by unit), each problem with its position, code and sentence, and in a text
 * file the line it is on.
 */
export function problemsToText(problems: readonly Problem[], options: ProblemListOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = WORDS[options.lang];
  const byUnit = options.by === 'unit';
  const keyOf = (p: Problem) => (byUnit ? (p.unit ?? '') : (p.location?.file ?? ''));
  const keys = byUnit
    ? [...new Set(problems.map(keyOf))].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'vi')))
    : [...new Set([...(options.files ?? []), ...problems.map(keyOf)])];
  const out: string[] = [];
  const split = new Map<string, string[] | undefined>();
  const sourceLines = (file: string) => {
    if (!split.has(file)) split.set(file, options.sources?.get(file)?.split(/\r?\n/));
    return split.get(file);
  };
  for (const key of keys) {
    const mine = problems.filter((p) => keyOf(p) === key);
    if (mine.length === 0) {
      out.push(`${c.underline(key)}: ${c.green(w.valid)}`);
      continue;
    }
    out.push(c.underline(byUnit ? (key === '' ? w.general : `${w.unit} ${key}${options.unitNames?.get(key) ? ` (${options.unitNames.get(key)})` : ''}`) : key));
    for (const p of mine) {
      const pos = position(p, options.lang, byUnit);
      const sev = p.severity === 'error' ? c.red(w.error) : c.yellow(w.warning);
      out.push(`  ${c.dim(pos.padEnd(7))}  ${sev}  ${c.dim(p.code)}  ${problemMessage(p, options.lang)}`);
      const line = p.location?.line;
      const text = line !== undefined ? sourceLines(p.location?.file ?? '')?.[line - 1] : undefined;
      if (text !== undefined && line !== undefined) {
        const gutter = String(line).padStart(6);
        out.push(c.dim(`${gutter} │ `) + text.replace(/\t/g, ' '));
        if (p.location?.column !== undefined) out.push(c.dim(`${' '.repeat(6)} │ `) + ' '.repeat(p.location.column - 1) + c.red('^'));
      }
    }
    out.push('');
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = new Set([...(options.files ?? []), ...problems.map((p) => p.location?.file ?? '')]);
  const withProblems = new Set(problems.map((p) => p.location?.file ?? '')).size;
  const summary = problems.length === 0 ? w.clean(files.size) : w.summary(errors, warnings, withProblems);
  out.push(errors > 0 ? c.red(`✖ ${summary}`) : warnings > 0 ? c.yellow(`⚠ ${summary}`) : c.green(`✔ ${summary}`));
  return out.join('\n') + '\n';
}

function position(p: Problem, lang: Lang, withFile: boolean): string {
  const l = p.location;
  if (!l) return '';
  if (l.line !== undefined) return (withFile ? l.file + ':' : '') + `${l.line}:${l.column ?? 1}`;
  if (l.row !== undefined) return placeText(withFile ? l : { ...l, file: '' }, lang).replace(/^, /, '');
  return withFile ? l.file : '';
}
