import { Chalk } from 'chalk';
import type { Problem } from '../core/problems.js';
import type { Lang } from '../explain/numbers.js';
import { problemMessage } from '../explain/problems.js';

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
}

export interface ProblemJson {
  file: string;
  line: number | null;
  column: number | null;
  sheet?: string;
  row?: number;
  cell?: string;
  code: string;
  severity: string;
  message: string;
}

export function problemsToJson(problems: readonly Problem[], lang: Lang): string {
  const out: ProblemJson[] = problems.map((p) => ({
    file: p.location?.file ?? '',
    line: p.location?.line ?? null,
    column: p.location?.column ?? null,
    ...(p.location?.sheet !== undefined ? { sheet: p.location.sheet } : {}),
    ...(p.location?.row !== undefined ? { row: p.location.row } : {}),
    ...(p.location?.cell !== undefined ? { cell: p.location.cell } : {}),
    code: p.code,
    severity: p.severity,
    message: problemMessage(p, lang),
  }));
  return JSON.stringify(out, null, 2) + '\n';
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
    line: 'dòng',
    summary: (e: number, w: number, f: number) => `${e + w} vấn đề (${e} lỗi, ${w} cảnh báo) trong ${f} tệp`,
    clean: (f: number) => `Không có vấn đề nào trong ${f} tệp`,
  },
  en: {
    error: 'error',
    warning: 'warning',
    valid: 'valid',
    line: 'line',
    summary: (e: number, w: number, f: number) => `${e + w} problem${e + w === 1 ? '' : 's'} (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}) in ${f} file${f === 1 ? '' : 's'}`,
    clean: (f: number) => `No problems in ${f} file${f === 1 ? '' : 's'}`,
  },
};

/** Grouped by file, each problem with its position, code, sentence and the line it is on. */
export function problemsToText(problems: readonly Problem[], options: ProblemListOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = WORDS[options.lang];
  const files = [...new Set([...(options.files ?? []), ...problems.map((p) => p.location?.file ?? '')])];
  const out: string[] = [];
  for (const file of files) {
    const mine = problems.filter((p) => (p.location?.file ?? '') === file);
    if (mine.length === 0) {
      out.push(`${c.underline(file)}: ${c.green(w.valid)}`);
      continue;
    }
    out.push(c.underline(file));
    const lines = options.sources?.get(file)?.split(/\r?\n/);
    for (const p of mine) {
      const pos = position(p);
      const sev = p.severity === 'error' ? c.red(w.error) : c.yellow(w.warning);
      out.push(`  ${c.dim(pos.padEnd(7))} ${sev}  ${c.dim(p.code)}  ${problemMessage(p, options.lang)}`);
      const line = p.location?.line;
      const text = line !== undefined ? lines?.[line - 1] : undefined;
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
  const summary = problems.length === 0 ? w.clean(files.length) : w.summary(errors, warnings, files.filter((f) => problems.some((p) => p.location?.file === f)).length);
  out.push(errors > 0 ? c.red(`✖ ${summary}`) : warnings > 0 ? c.yellow(`⚠ ${summary}`) : c.green(`✔ ${summary}`));
  return out.join('\n') + '\n';
}

function position(p: Problem): string {
  const l = p.location;
  if (!l) return '';
  if (l.line !== undefined) return `${l.line}:${l.column ?? 1}`;
  if (l.row !== undefined) return `${l.sheet ? l.sheet + '!' : ''}${l.cell ?? ''}${l.row}`;
  return '';
}
