import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docBlocks, matchShown, type DocBlock } from './blocks.js';

/**
 * Every shell example in README.md and docs/*.md runs as written, and prints what the docs show.
 *
 * Each ```sh block runs in bash (`set -e`: every command must succeed; a doc that shows a failing
 * command writes `… || echo "exit $?"`) in a scratch folder that holds the repository's criteria,
 * fixtures, docs and schema, with `parscore` and `npx parscore` running this build. The ```text
 * blocks after it, up to the next ```sh block, show lines it prints: each must appear in its
 * output, in order (see matchShown). A block that cannot run here — installing from the registry,
 * the test suite itself — is preceded by `<!-- doc-test: skip (why) -->`.
 */
const REPO = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

const scratch = mkdtempSync(join(tmpdir(), 'parscore-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder laid out as the repository's root, with shims for `parscore` and `npx parscore`. */
function workspace(name: string): { cwd: string; path: string } {
  const cwd = join(scratch, name.replace(/[^\w.-]/g, '_'));
  mkdirSync(cwd);
  for (const dir of ['criteria', 'fixtures', 'docs', 'schema']) symlinkSync(join(REPO, dir), join(cwd, dir));
  const bin = join(cwd, '.bin');
  mkdirSync(bin);
  const parscore = `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'bin/parscore.js')}" "$@"\n`;
  // npx of anything but parscore would reach for the registry: the docs must not need that.
  const npx = `#!/bin/sh\n[ "$1" = parscore ] || { echo "doc-test: npx runs only parscore here, not $1" >&2; exit 127; }\nshift\nexec "${bin}/parscore" "$@"\n`;
  for (const [file, text] of [['parscore', parscore], ['npx', npx]] as const) {
    writeFileSync(join(bin, file), text);
    chmodSync(join(bin, file), 0o755);
  }
  return { cwd, path: `${bin}:${process.env['PATH'] ?? ''}` };
}

function runBlock(block: DocBlock, { cwd, path }: { cwd: string; path: string }): { code: number | null; output: string } {
  const env: Record<string, string> = { PATH: path, HOME: cwd, NO_COLOR: '1', TZ: 'UTC', LANG: 'C.UTF-8' };
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', block.code], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

for (const file of DOCS) {
  const blocks = docBlocks(readFileSync(join(REPO, file), 'utf8'), file);
  describe.runIf(blocks.some((b) => !b.skip))(file, () => {
    // One folder per document: its examples run in order, as a reader follows them, so a file one
    // example writes (a template, a report) is there for the next.
    let folder: { cwd: string; path: string } | undefined;
    for (const block of blocks) {
      it.skipIf(block.skip !== undefined)(`line ${block.line}: ${block.code.split('\n')[0]}`, { timeout: 120_000 }, () => {
        folder ??= workspace(file);
        const { code, output } = runBlock(block, folder);
        expect(code, `${file}:${block.line} exited ${code}:\n${output}`).toBe(0);
        for (const shown of block.shown) {
          const missing = matchShown(shown.text, output);
          expect(missing, `${file}:${shown.line}: this line is not in the output (after the lines before it):\n  ${missing}\n--- output ---\n${output}`).toBeUndefined();
        }
      });
    }
  });
}

describe('the doc-test itself', () => {
  it('finds the examples: every doc with commands has runnable blocks, and every skip says why', () => {
    const all = DOCS.flatMap((f) => docBlocks(readFileSync(join(REPO, f), 'utf8'), f));
    expect(all.filter((b) => !b.skip).length).toBeGreaterThan(10);
    for (const b of all.filter((b) => b.skip !== undefined)) expect(b.skip, `${b.file}:${b.line}`).toMatch(/\w{3,}/);
  });
});
