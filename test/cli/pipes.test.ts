import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { criteriaYaml, longEvidenceCsv, unitsCsv, writeLines } from '../../bench/generate.js';

/*
 * The binary itself (bin/parscore.js, built by `npm test` before vitest runs), as a shell runs it:
 * a reader that goes away, a signal, stdin.
 */
const BIN = resolve('bin/parscore.js');
const f = (name: string) => resolve(`test/evidence/fixtures/${name}`);

/** Generated evidence with no warnings (nothing on stderr), for units × leaves. */
async function generated(units: number, leaves: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-pipes-'));
  writeFileSync(join(dir, 'tieu-chi.yaml'), criteriaYaml('thu-tai', leaves));
  await writeLines(join(dir, 'don-vi.csv'), unitsCsv(units));
  await writeLines(join(dir, 'minh-chung.csv'), longEvidenceCsv(units, leaves, 2025));
  return ['score', join(dir, 'tieu-chi.yaml'), join(dir, 'minh-chung.csv'), '--units', join(dir, 'don-vi.csv'), '--quiet'];
}

/** 1 000 units × 10 leaves: every format is 1 MB or more, far more than a pipe holds. */
let medium: string[];
/** 3 000 units × 30 leaves: a report JSON of about 50 MB, written over a second or more. */
let big: string[];
beforeAll(async () => {
  medium = await generated(1000, 10);
  big = await generated(3000, 30);
});

async function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

type Unit = { unit: string; points: number; max: number; index: number; rank: number };
const figures = (stdout: string) => (JSON.parse(stdout).units as Unit[]).map((u) => [u.unit, u.points, u.max, u.index, u.rank]);

describe('a reader that goes away', () => {
  for (const format of [['--format', 'json'], ['--format', 'md'], ['--format', 'html'], ['--format', 'csv', '--detail']]) {
    it(`ends ${format.join(' ')} quietly with the command's exit code`, async () => {
      const child = spawn(process.execPath, [BIN, ...medium, ...format], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const [first] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(first.length).toBeGreaterThan(0);
      child.stdout!.destroy();
      const end = await exited(child);
      expect(stderr).toBe('');
      expect(end).toEqual({ code: 0, signal: null });
    }, 60_000);
  }

  it('ends quietly before head in a shell pipeline', async () => {
    // bash's own pipe (not a socket as above); PIPESTATUS holds parscore's exit code.
    const script = 'node "$@" --format json 2>stderr.txt | head -1 >/dev/null; echo "${PIPESTATUS[0]}"; cat stderr.txt';
    const { stdout } = await promisify(execFile)('bash', ['-c', script, 'bash', BIN, ...medium], { cwd: mkdtempSync(join(tmpdir(), 'parscore-pipes-')) });
    expect(stdout).toBe('0\n');
  }, 60_000);
});

describe('a signal while writing -o', () => {
  it('removes the temporary file and ends the process by the signal', async () => {
    const out = mkdtempSync(join(tmpdir(), 'parscore-signal-'));
    const child = spawn(process.execPath, [BIN, ...big, '--format', 'json', '-o', join(out, 'ket-qua.json')], { stdio: 'ignore' });
    await until(() => readdirSync(out).some((name) => name.startsWith('.ket-qua.json.') && name.endsWith('.tmp')));
    child.kill('SIGTERM');
    const end = await exited(child);
    // Ended by SIGTERM itself (a shell shows 143), not by an exit code of its own.
    expect(end.signal === 'SIGTERM' || end.code === 143).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);

  for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) {
    it(`removes the copy of a piped input on ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parscore-signal-'));
      const spools = mkdtempSync(join(tmpdir(), 'parscore-spools-'));
      const fifo = join(dir, 'minh-chung.csv');
      execFileSync('mkfifo', [fifo]);
      const child = spawn(process.execPath, [BIN, 'check', f('tieu-chi.yaml'), fifo, '--units', f('don-vi.csv')], {
        stdio: 'ignore',
        env: { ...process.env, TMPDIR: spools },
      });
      // Half of the evidence, and the pipe left open: the copy is under way when the signal comes.
      const writer = createWriteStream(fifo);
      writer.on('error', () => {});
      writer.write(readFileSync(f('bom-crlf-champhay.csv')).subarray(0, 100));
      await until(() => readdirSync(spools).length > 0);
      child.kill(signal);
      const end = await exited(child);
      writer.destroy();
      expect(end.signal).toBe(signal);
      expect(readdirSync(spools)).toEqual([]);
    }, 60_000);
  }
});

describe('evidence from stdin', () => {
  // By hand in score.test.ts: xa-an-binh 8,13 of 9 → 90,33; xa-tan-lap 3 of 10 → 30; phuong-1 4 of 11 → 36,36.
  const expected = [
    ['xa-an-binh', 8.13, 9, 90.33, 1],
    ['xa-tan-lap', 3, 10, 30, 2],
    ['phuong-1', 4, 11, 36.36, 1],
  ];
  const args = [BIN, 'score', f('tieu-chi.yaml'), '/dev/stdin', f('utf16-tab.csv'), '--units', f('don-vi.csv'), '--format', 'json'];

  it('reads /dev/stdin when another program pipes the evidence in', async () => {
    // Node gives its child a socket as stdin, which /dev/stdin cannot reopen: it is read as it is.
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    createReadStream(f('bom-crlf-champhay.csv')).pipe(child.stdin!);
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(figures(stdout)).toEqual(expected);
  }, 60_000);

  it('reads /dev/stdin from a shell pipe', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-c', 'cat "$1" | node "${@:2}"', 'bash', f('bom-crlf-champhay.csv'), ...args], { maxBuffer: 64 << 20 });
    expect(figures(stdout)).toEqual(expected);
  }, 60_000);
});
