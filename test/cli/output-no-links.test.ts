import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeOutput } from '../../src/cli/output.js';
import { expectOneOfTwoWriters } from '../helpers/output.js';

/*
 * A file system without hard links (FAT, exFAT, some network shares): link() fails with EPERM
 * there, as it is made to here. A copy that runs out of space is made to fail halfway the same way.
 */
const fail = vi.hoisted(() => ({ copyHalfway: false }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    link: async () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })),
    copyFile: async (from: string, to: string, mode?: number) => {
      if (!fail.copyHalfway) return fs.copyFile(from, to, mode);
      await fs.writeFile(to, (await fs.readFile(from)).subarray(0, 1000));
      throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
    },
  };
});

const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: process.cwd() }, lang: 'en' as const, exit: () => {} };

describe('-o where there are no hard links', () => {
  it('still lets only one of two runs at once create the file, with its whole content', async () => {
    await expectOneOfTwoWriters(ctx);
  });

  it('removes a half-copied file when the copy fails, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-output-'));
    fail.copyHalfway = true;
    try {
      await expect(writeOutput(ctx, join(dir, 'ket-qua.json'), 'a'.repeat(4096), { inputs: [], force: false })).rejects.toThrow(
        `${join(dir, 'ket-qua.json')}: cannot be written: the disk is full`,
      );
    } finally {
      fail.copyHalfway = false;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
