import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The install routes of the README, as a user takes them: the package packed into a tarball and
 * installed into a fresh prefix, then run from a folder that is not the repository, naming a
 * built-in set by its id; and npx inside the clone. The git-URL route (npm pack of a git URL, which
 * installs the build tools into a clone and runs `prepare` there) takes a minute or two of npm
 * fetching, so it runs when PARSCORE_TEST_GIT_INSTALL=1.
 */
const REPO = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'parscore-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 600_000, env: { ...process.env, npm_config_update_notifier: 'false' } });

/** Installs a tarball into its own prefix; returns the installed command and package folder. */
function install(tarball: string, name: string): { bin: string; pkg: string } {
  const prefix = join(work, name);
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', tarball], work);
  return { bin: join(prefix, 'bin', 'parscore'), pkg: join(prefix, 'lib', 'node_modules', 'parscore') };
}

/** The demo's scoring, with the criteria named by id and the demo data from `data`. */
const demoArgs = (data: string) => {
  const f = (name: string) => join(data, 'fixtures', 'par-xa-2025', name);
  return ['score', 'par-xa-2025', f('minh-chung.csv'), f('dieu-tra-xhh.csv'), '--units', f('don-vi.csv'), '--records', `ho_so=${f('ho-so.csv')}`, '--self', f('tu-cham.csv'), '--adjust', f('dieu-chinh.csv'), '--format', 'csv', '--quiet'];
};

/** Runs a command from a folder that is not the repository, without colour. */
function runIn(cwd: string, command: string, args: string[]) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PARSCORE_LANG: 'vi' } });
}

function checkInstalled({ bin, pkg }: { bin: string; pkg: string }): void {
  const elsewhere = join(work, `elsewhere-${readdirSync(work).length}`);
  mkdirSync(elsewhere);
  expect(runIn(elsewhere, bin, ['--version']).stdout.trim()).toBe(VERSION);

  // The built-in sets are listed with the files the package installed.
  const list = runIn(elsewhere, bin, ['criteria', '--format', 'json']);
  expect(list.status).toBe(0);
  const sets = JSON.parse(list.stdout) as Array<{ id: string; file: string }>;
  expect(sets.map((s) => s.id)).toEqual(['dti-tinh-2025', 'papi-2025', 'par-so-2025', 'par-xa-2025', 'sipas-xa-2025']);
  for (const s of sets) expect(s.file).toBe(join(pkg, 'criteria', `${s.id}.yaml`));

  // Scoring a built-in set by its id, on the demo data the package ships, gives exactly what the
  // repository's own build gives on the repository's files (the CSV names no input path).
  const installed = runIn(elsewhere, bin, demoArgs(pkg));
  expect(installed.status).toBe(0);
  const here = runIn(REPO, process.execPath, [join(REPO, 'bin', 'parscore.js'), ...demoArgs(REPO)]);
  expect(here.status).toBe(0);
  expect(installed.stdout).toBe(here.stdout);
  expect(installed.stderr).toBe(here.stderr);
  // One figure checked on its own: Xã Mỹ Lộc, first of its group, 93,68 points of the 98,50 that
  // apply to it: 93,68 / 98,50 × 100 = 95,107… → index 95,11.
  expect(installed.stdout).toMatch(/^xa;1;;xa-my-loc;Xã Mỹ Lộc;93,68;98,50;95,11;Xuất sắc;/m);

  // init writes an editable copy that validates where it is.
  expect(runIn(elsewhere, bin, ['init', 'par-xa-2025', '-o', 'bo-tieu-chi.yaml']).status).toBe(0);
  const valid = runIn(elsewhere, bin, ['validate', 'bo-tieu-chi.yaml']);
  expect(valid.stdout).toContain('bo-tieu-chi.yaml: hợp lệ');
  expect(valid.status).toBe(0);
  // The docs travel with the package, so the README's links work from it.
  expect(readdirSync(join(pkg, 'docs'))).toContain('officer.md');
}

describe('installing parscore', () => {
  it('from a tarball into a fresh prefix: a built-in set scores by its id from another folder', { timeout: 300_000 }, () => {
    // dist/ is built by `npm test` before the tests run; packing it again is not this test's job.
    const out = npm(['pack', '--ignore-scripts', '--pack-destination', work], REPO).trim().split('\n');
    const tarball = join(work, out[out.length - 1]!);
    checkInstalled(install(tarball, 'prefix-tarball'));
  });

  it('with npx inside the clone, offline', () => {
    const r = spawnSync('npx', ['--no-install', 'parscore', '--version'], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it.runIf(process.env['PARSCORE_TEST_GIT_INSTALL'] === '1')('from a git URL: npm pack builds the tag in a clean clone, then the tarball installs', { timeout: 900_000 }, () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const out = npm(['pack', `git+file://${REPO}#${head}`, '--pack-destination', work], work).trim().split('\n');
    checkInstalled(install(join(work, out[out.length - 1]!), 'prefix-git'));
  });
});
