import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { cannotWrite, writeOutput } from '../../src/cli/output.js';
import { run } from '../helpers/cli.js';
import { expectOneOfTwoWriters } from '../helpers/output.js';

const f = (name: string) => `test/evidence/fixtures/${name}`;
const base = ['score', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv')];
const planBase = ['plan', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv'), '--unit', 'xa-tan-lap'];
const folder = () => mkdtempSync(join(tmpdir(), 'parscore-output-'));
const STACK = /\n\s+at .+:\d+:\d+\)?\n/;

/** A command context for calling writeOutput directly, with this stdout. */
function context(stdout: Io['stdout'] = { write: () => true }): Parameters<typeof writeOutput>[0] {
  return { io: { stdout, stderr: { write: () => true }, env: {}, cwd: process.cwd() }, lang: 'en', exit: () => {} };
}

describe('-o takes the format from the file name', () => {
  it('writes what each extension names, the same bytes as --format gives on stdout', async () => {
    const dir = folder();
    const cases: Array<[string, string[]]> = [
      ['ket-qua.json', ['--format', 'json']],
      ['ket-qua.JSON', ['--format', 'json']],
      ['ket-qua.csv', ['--format', 'csv']],
      ['ket-qua.md', ['--format', 'md']],
      ['ket-qua.markdown', ['--format', 'md']],
      ['ket-qua.txt', []],
      // Another extension keeps the default: the table.
      ['ket-qua.out', []],
    ];
    for (const [name, format] of cases) {
      const file = join(dir, name);
      const written = await run([...base, '-o', file]);
      expect(written.code, `${name}: ${written.stderr}`).toBe(0);
      expect(readFileSync(file, 'utf8'), name).toBe((await run([...base, ...format])).stdout);
    }
  });

  it('writes a workbook into .xlsx and a page into .html and .htm', async () => {
    const dir = folder();
    expect((await run([...base, '-o', join(dir, 'ket-qua.xlsx')])).code).toBe(0);
    const workbook = readFileSync(join(dir, 'ket-qua.xlsx'));
    // A zip (PK\3\4) holding a workbook, not the text table.
    expect(workbook.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(workbook.includes('xl/workbook.xml')).toBe(true);
    for (const name of ['bao-cao.html', 'bao-cao.htm']) {
      expect((await run([...base, '-o', join(dir, name)])).code).toBe(0);
      expect(readFileSync(join(dir, name), 'utf8')).toMatch(/^<!doctype html>/i);
    }
  });

  it('refuses a --format that contradicts the extension, naming both, and writes nothing', async () => {
    const dir = folder();
    for (const [format, name] of [
      ['csv', 'ket-qua.json'],
      ['table', 'ket-qua.xlsx'],
      ['json', 'bao-cao.html'],
    ]) {
      const r = await run([...base, '--format', format!, '-o', join(dir, name!), '--lang', 'en']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--format ${format}`);
      expect(r.stderr).toContain(name);
      expect(r.stderr).not.toMatch(STACK);
    }
    // A --format that agrees with the extension is fine.
    expect((await run([...base, '--format', 'json', '-o', join(dir, 'ket-qua.json')])).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['ket-qua.json']);
  });

  it('keeps the reconcile view to its own formats', async () => {
    const dir = folder();
    const A = 'test/audit/fixtures';
    const reconcile = ['score', `${A}/tieu-chi-2025.yaml`, `${A}/minh-chung-2025.csv`, '--units', `${A}/don-vi-2025.csv`, '--self', `${A}/tu-cham-2025.csv`, '--view', 'reconcile'];
    const workbook = await run([...reconcile, '-o', join(dir, 'doi-chieu.xlsx'), '--lang', 'en']);
    expect(workbook.code).toBe(2);
    expect(workbook.stderr).toContain('--view reconcile works with --format table, json, csv or md');
    expect((await run([...reconcile, '-o', join(dir, 'doi-chieu.md')])).code).toBe(0);
    expect(readFileSync(join(dir, 'doi-chieu.md'), 'utf8')).toBe((await run([...reconcile, '--format', 'md'])).stdout);
  });

  it('plan writes text, JSON or Markdown by the extension, and refuses the others', async () => {
    const dir = folder();
    expect((await run([...planBase, '-o', join(dir, 'ke-hoach.json')])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'ke-hoach.json'), 'utf8')).format).toBe('parscore/plan@1');
    expect((await run([...planBase, '-o', join(dir, 'ke-hoach.md')])).code).toBe(0);
    expect(readFileSync(join(dir, 'ke-hoach.md'), 'utf8')).toBe((await run([...planBase, '--format', 'md'])).stdout);
    for (const name of ['ke-hoach.xlsx', 'ke-hoach.html', 'ke-hoach.csv']) {
      const r = await run([...planBase, '-o', join(dir, name), '--lang', 'en']);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`${name}: this command does not write`);
    }
    const contradicts = await run([...planBase, '--format', 'json', '-o', join(dir, 'ke-hoach.txt'), '--lang', 'en']);
    expect(contradicts.code).toBe(2);
    expect(contradicts.stderr).toContain('--format json contradicts');
    expect(readdirSync(dir).sort()).toEqual(['ke-hoach.json', 'ke-hoach.md']);
  });

  it('template refuses a name that is not a workbook', async () => {
    const dir = folder();
    const r = await run(['template', f('tieu-chi.yaml'), '--units', f('don-vi.csv'), '-o', join(dir, 'nhap-lieu.csv'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nhap-lieu.csv: this command does not write .csv files');
    expect(r.stderr).toContain('.xlsx');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('-o replaces only what it should', () => {
  it('two runs writing one file at once: one wins with its whole content, the other is told the file exists', async () => {
    await expectOneOfTwoWriters(context());
  });

  it('replaces the file a symbolic link points to, and the link stays a link', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'that-nam-2025.json'), 'cũ');
    symlinkSync('that-nam-2025.json', join(dir, 'moi-nhat.json'));
    const ctx = context();
    await expect(writeOutput(ctx, join(dir, 'moi-nhat.json'), 'mới', { inputs: [], force: false })).rejects.toThrow('the file exists; add --force');
    await writeOutput(ctx, join(dir, 'moi-nhat.json'), 'mới', { inputs: [], force: true });
    expect(lstatSync(join(dir, 'moi-nhat.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'that-nam-2025.json'), 'utf8')).toBe('mới');
    // A link to a file not yet written: the file is created where the link points.
    symlinkSync('quy-4.json', join(dir, 'ky-nay.json'));
    await writeOutput(ctx, join(dir, 'ky-nay.json'), 'quý 4', { inputs: [], force: false });
    expect(lstatSync(join(dir, 'ky-nay.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'quy-4.json'), 'utf8')).toBe('quý 4');
  });

  it('writes through /dev/null, with or without --force, and leaves it a device', async () => {
    for (const force of [[], ['--force']]) {
      const r = await run([...base, '--format', 'json', '-o', '/dev/null', ...force]);
      expect(r.code).toBe(0);
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    }
  });

  it('writes the whole result into a named pipe', async () => {
    const fifo = join(folder(), 'ket-qua.json');
    execFileSync('mkfifo', [fifo]);
    const [read, written] = await Promise.all([readFile(fifo, 'utf8'), run([...base, '-o', fifo])]);
    expect(written.code).toBe(0);
    expect(read).toBe((await run([...base, '--format', 'json'])).stdout);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses a socket', async () => {
    const socket = join(folder(), 'ket-qua.json');
    const server = createServer().listen(socket);
    await new Promise((done) => server.once('listening', done));
    try {
      const r = await run([...base, '-o', socket, '--force', '--lang', 'en']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${socket}: this is not a regular file`);
    } finally {
      server.close();
    }
  });
});

describe('a write that fails says what failed and where', () => {
  it('names a folder that does not exist, never the temporary file', async () => {
    const dir = folder();
    const target = join(dir, 'khong-co', 'ket-qua.json');
    const r = await run([...base, '-o', target, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${target}: cannot be written: the folder ${join(dir, 'khong-co')} does not exist; create it first, or choose another place`);
    expect(r.stderr).not.toContain('.tmp');
    expect(r.stderr).not.toMatch(STACK);
    const vi = await run([...base, '-o', target]);
    expect(vi.stderr).toContain(`${target}: không ghi được: thư mục ${join(dir, 'khong-co')} không tồn tại`);
  });

  it('says the disk is full when /dev/full takes nothing', async () => {
    const r = await run([...base, '--format', 'json', '-o', '/dev/full', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/full: cannot be written: the disk is full (or the quota is used up), and nothing was written; free some space and run again');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('says so when stdout fails for another reason than a reader going away', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    let failed: NodeJS.ErrnoException | undefined;
    const ctx = context({ write: () => (failed = full), get failed() { return failed; } });
    await expect(writeOutput(ctx, undefined, ['{', '}'], { inputs: [], force: false })).rejects.toThrow('stdout: cannot be written: the disk is full');
  });

  it('maps what the system says to what to do, also for the failures root never meets', () => {
    const error = (code: string, message = code) => Object.assign(new Error(message), { code });
    const text = (code: string) => cannotWrite('ket-qua.json', '/srv/bao-cao/ket-qua.json', error(code)).text;
    expect(text('EACCES').en).toBe('ket-qua.json: cannot be written: no permission to write in the folder /srv/bao-cao; choose another folder, or ask for write access');
    expect(text('EPERM').vi).toBe('ket-qua.json: không ghi được: không có quyền ghi vào thư mục /srv/bao-cao; hãy chọn thư mục khác, hoặc xin quyền ghi');
    expect(text('EROFS').en).toBe('ket-qua.json: cannot be written: the file system of /srv/bao-cao is read-only; write it somewhere else');
    expect(text('EDQUOT').en).toContain('the disk is full (or the quota is used up), and nothing was written');
    expect(text('ENOTDIR').en).toBe('ket-qua.json: cannot be written: part of the path /srv/bao-cao is a file, not a folder; check the path');
    expect(text('EISDIR').en).toBe('ket-qua.json: cannot be written: this is a folder; give a file name');
    expect(cannotWrite('ket-qua.json', '/srv/bao-cao/ket-qua.json', error('EROFS')).exitCode).toBe(2);
    // Anything else: the system's words, with the target's name in place of the temporary file's.
    const temp = '/srv/bao-cao/.ket-qua.json.0123456789ab.tmp';
    expect(cannotWrite('ket-qua.json', '/srv/bao-cao/ket-qua.json', error('EIO', `EIO: i/o error, write '${temp}'`), temp).text.en).toBe(
      "ket-qua.json: cannot be written: EIO: i/o error, write 'ket-qua.json'",
    );
  });
});

describe('stdout whose reader went away', () => {
  it('stops generating the result and ends quietly', async () => {
    const closed = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    let writes = 0;
    const ctx = context({ write: () => ++writes, get failed() { return writes >= 3 ? closed : undefined; } });
    let made = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 1000; i++) {
        made++;
        yield `{"unit": ${i}}\n`;
      }
    }
    await writeOutput(ctx, undefined, pieces(), { inputs: [], force: false });
    // Three pieces written; the fourth was made before the failure was seen, and no more.
    expect(writes).toBe(3);
    expect(made).toBe(4);
  });
});
