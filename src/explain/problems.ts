import type { Problem, ProblemCode, ProblemData } from '../core/problems.js';
import { formatter, type Formatter, type Lang } from './numbers.js';
import { problemsEn } from './problems.en.js';
import { problemsVi } from './problems.vi.js';

/** One sentence per problem code, in each language; the type makes every catalog complete. */
export type ProblemCatalog = { [C in ProblemCode]: (data: ProblemData[C], f: Formatter) => string };

const catalogs: Record<Lang, ProblemCatalog> = { vi: problemsVi, en: problemsEn };

export function problemMessage(p: Problem, lang: Lang): string {
  const render = catalogs[lang][p.code] as (data: unknown, f: Formatter) => string;
  const text = render(p.data, formatter(lang));
  const also = p.also?.line === undefined ? '' : lang === 'vi' ? ` (xem dòng ${p.also.line})` : ` (see line ${p.also.line})`;
  return text + also;
}
