import type { Location, Problem, ProblemCode, ProblemData } from '../core/problems.js';
import { formatter, type Formatter, type Lang } from './numbers.js';
import { problemsEn } from './problems.en.js';
import { problemsVi } from './problems.vi.js';

/** One sentence per problem code, in each language; the type makes every catalog complete. */
export type ProblemCatalog = { [C in ProblemCode]: (data: ProblemData[C], f: Formatter) => string };

const catalogs: Record<Lang, ProblemCatalog> = { vi: problemsVi, en: problemsEn };

export function problemMessage(p: Problem, lang: Lang): string {
  const render = catalogs[lang][p.code] as (data: unknown, f: Formatter) => string;
  const text = (p.subject ? `${p.subject}: ` : '') + render(p.data, formatter(lang));
  return text + alsoText(p.also, lang);
}

/** "(see line 12)" or "(see bao-cao.xlsx, sheet Xã, row 14, column C)". */
function alsoText(also: Problem['also'], lang: Lang): string {
  if (also?.line !== undefined) return lang === 'vi' ? ` (xem dòng ${also.line})` : ` (see line ${also.line})`;
  if (also?.location) return lang === 'vi' ? ` (xem ${placeText(also.location, 'vi')})` : ` (see ${placeText(also.location, 'en')})`;
  return '';
}

/** A place in a table as a person says it: "bao-cao.xlsx, sheet Xã, dòng 14, cột C". */
export function placeText(l: Location, lang: Lang): string {
  const parts = [l.file];
  if (l.sheet !== undefined) parts.push(`sheet ${l.sheet}`);
  if (l.row !== undefined) parts.push(lang === 'vi' ? `dòng ${l.row}` : `row ${l.row}`);
  if (l.cell !== undefined) parts.push(lang === 'vi' ? `cột ${l.cell}` : `column ${l.cell}`);
  if (l.line !== undefined) parts.push(lang === 'vi' ? `dòng ${l.line}` : `line ${l.line}`);
  return parts.join(', ');
}
