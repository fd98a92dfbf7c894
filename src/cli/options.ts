import * as z from 'zod';
import { closest } from '../core/text.js';
import { usageError } from './errors.js';

/**
 * Commands parse their options with zod as the first line of their action, so a wrong value is a
 * usage error (exit 2) that names the option and the accepted values.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const option = '--' + String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const given = String((raw as Record<string, unknown>)?.[String(issue.path[0])] ?? '');
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map(String);
    const near = closest(given, allowed);
    const hintVi = near ? ` Có phải ý bạn là "${near}"?` : '';
    const hintEn = near ? ` Did you mean "${near}"?` : '';
    throw usageError(
      `${option}: giá trị "${given}" không hợp lệ.${hintVi} Dùng một trong: ${allowed.join(', ')}.`,
      `${option}: "${given}" is not accepted.${hintEn} Use one of: ${allowed.join(', ')}.`,
    );
  }
  throw usageError(`${option}: giá trị "${given}" không hợp lệ (${issue.message}).`, `${option}: "${given}" is not accepted (${issue.message}).`);
}

export const langOption = z.enum(['vi', 'en']);

/** `--records NAME=FILE`, repeatable: commander gathers the values, this reads them. */
export const recordsOption = z.array(z.string());

export function collectRecords(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Each `--records` value as a source name and a file: "ho_so=ho-so-2025.csv". */
export function parseRecords(values: readonly string[]): Array<{ name: string; file: string }> {
  return values.map((v) => {
    const eq = v.indexOf('=');
    const name = eq < 0 ? '' : v.slice(0, eq).trim();
    const file = eq < 0 ? '' : v.slice(eq + 1).trim();
    if (name === '' || file === '') {
      throw usageError(
        `--records: "${v}" cần có dạng TÊN=TỆP, trong đó TÊN là nguồn dữ liệu (from:) trong phần indicators của tệp tiêu chí, ví dụ --records ho_so=ho-so-2025.csv.`,
        `--records: "${v}" must be NAME=FILE, where NAME is a record source (from:) of the criteria file's indicators, e.g. --records ho_so=ho-so-2025.csv.`,
      );
    }
    return { name, file };
  });
}
