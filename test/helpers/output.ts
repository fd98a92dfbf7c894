import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { writeOutput } from '../../src/cli/output.js';

/**
 * Two runs writing the same `-o` at once, without --force: exactly one may create it, with its
 * whole content, and the other is told the file exists. 8 MB each, in 1 MB pieces, so that both
 * are writing at the same time.
 */
export async function expectOneOfTwoWriters(ctx: Parameters<typeof writeOutput>[0]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-output-'));
  const target = join(dir, 'ket-qua.json');
  const content = (c: string) => Array.from({ length: 8 }, () => c.repeat(1 << 20));
  const results = await Promise.allSettled([
    writeOutput(ctx, target, content('a'), { inputs: [], force: false }),
    writeOutput(ctx, target, content('b'), { inputs: [], force: false }),
  ]);
  const won = results.findIndex((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toBeGreaterThanOrEqual(0);
  expect(lost).toHaveLength(1);
  expect(lost[0]!.reason).toBeInstanceOf(CliError);
  expect((lost[0]!.reason as CliError).text.en).toBe(`${target}: the file exists; add --force to replace it`);
  expect(readFileSync(target, 'utf8')).toBe((won === 0 ? 'a' : 'b').repeat(8 << 20));
  expect(readdirSync(dir)).toEqual(['ket-qua.json']);
}
