import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { criteriaYaml, dossierCsv, longEvidenceCsv, surveyCsv, unitsCsv, made, writeLines } from './generate.js';
import { measure, median, type Measurement } from './measure.js';

/**
 * `npm run bench`: a national commune run on one machine, measured in the same run against two
 * others reading the same files, so that the ratios hold across machines: csv-parse reading them
 * and doing nothing (the baseline), and DuckDB computing the same aggregation (the peer,
 * bench/duckdb-peer.mjs, on every core).
 *
 *   dossiers  deriving 4 dossier rates from a 2,000,000-row export (target: ≤ 2× DuckDB), and from
 *             200,000 rows (target: ≤ 2× DuckDB; peak memory of the 2,000,000-row run within 20%
 *             of this one's, under 300 MB)
 *   survey    30 weighted survey means from 100,000 respondents (measured and stated)
 *   national  3,321 communes: 100 leaves of long evidence, the dossiers and the survey, scored and
 *             written as JSON (≤ 2× the baseline parse of all inputs, under 1 GB); the peer reads
 *             the same files and computes both record aggregations
 *
 * Inputs are generated deterministically into bench/.data (kept between runs; delete it to
 * regenerate). RUNS sets the number of runs (default 3); each figure is the median. PROFILE=1 then
 * runs the national case once more under the V8 profiler and says where the time goes.
 */
const root = join(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
mkdirSync(data, { recursive: true });
const runs = Number(process.env['RUNS'] ?? 3);
const UNITS = 3321;

const units = await made(data, `units-${UNITS}.csv`, (p) => writeLines(p, unitsCsv(UNITS)));
const evidence = await made(data, `evidence-${UNITS}x100.csv`, (p) => writeLines(p, longEvidenceCsv(UNITS, 100, 2025)));
const dossiers = await made(data, 'dossiers-2000000.csv', (p) => writeLines(p, dossierCsv(UNITS, 2_000_000, 2025)));
const dossiersSmall = await made(data, 'dossiers-200000.csv', (p) => writeLines(p, dossierCsv(UNITS, 200_000, 2025)));
const survey = await made(data, 'survey-100000x30.csv', (p) => writeLines(p, surveyCsv(UNITS, 100_000, 30, 2025)));
const national = join(data, 'criteria-national.yaml');
writeFileSync(national, criteriaYaml('thu-tai-quoc-gia', 100, { dossiers: true, questions: 30 }));
const dossierCriteria = join(data, 'criteria-dossiers.yaml');
writeFileSync(dossierCriteria, criteriaYaml('thu-tai-ho-so', 0, { dossiers: true }));
const surveyCriteria = join(data, 'criteria-survey.yaml');
writeFileSync(surveyCriteria, criteriaYaml('thu-tai-khao-sat', 0, { questions: 30 }));

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const size = (p: string) => `${(statSync(p).size / 1024 / 1024).toFixed(0)} MB`;
console.log(`inputs: evidence ${size(evidence)}, dossiers ${size(dossiers)} (200,000 rows: ${size(dossiersSmall)}), survey ${size(survey)}`);

const node = process.execPath;
const baseline = (...files: string[]) => [join(root, 'bench', 'baseline-parse.mjs'), ...files];
const duckdb = (...args: string[]) => [join(root, 'bench', 'duckdb-peer.mjs'), ...args];
const parscore = (...args: string[]) => [join(root, 'bin', 'parscore.js'), ...args];
const check = (criteria: string, records: string) => parscore('check', criteria, '--units', units, '--records', records, '--format', 'json');

interface Case {
  name: string;
  base: string[];
  peer: string[];
  run: string[];
  /** Exit codes the run may end with (check exits 1 on evidence errors; these inputs have none). */
  ok: number[];
}
const cases: Case[] = [
  { name: 'dossiers, 2,000,000 rows', base: baseline(dossiers), peer: duckdb('dossiers', dossiers), run: check(dossierCriteria, `ho_so=${dossiers}`), ok: [0] },
  { name: 'dossiers, 200,000 rows', base: baseline(dossiersSmall), peer: duckdb('dossiers', dossiersSmall), run: check(dossierCriteria, `ho_so=${dossiersSmall}`), ok: [0] },
  { name: 'survey, 100,000 × 30', base: baseline(survey), peer: duckdb('survey', survey, '30'), run: check(surveyCriteria, `khao_sat=${survey}`), ok: [0] },
  {
    name: 'national run, JSON',
    base: baseline(units, evidence, dossiers, survey),
    peer: duckdb('national', units, evidence, dossiers, survey, '30'),
    run: parscore('score', national, evidence, '--units', units, '--records', `ho_so=${dossiers}`, '--records', `khao_sat=${survey}`, '--format', 'json', '-o', join(data, 'report.json'), '--force'),
    ok: [0],
  },
];

const results = new Map<string, { base: Measurement[]; peer: Measurement[]; run: Measurement[] }>(cases.map((c) => [c.name, { base: [], peer: [], run: [] }]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const b = measure(node, c.base, root);
    const p = measure(node, c.peer, root);
    if (p.exit !== 0) throw new Error(`${c.name}: the DuckDB peer exited ${p.exit}`);
    const r = measure(node, c.run, root);
    if (!c.ok.includes(r.exit)) throw new Error(`${c.name}: exited ${r.exit}`);
    const m = results.get(c.name)!;
    m.base.push(b);
    m.peer.push(p);
    m.run.push(r);
    process.stdout.write(`run ${i + 1}/${runs} ${c.name}: ${sec(r.wallMs)} (baseline ${sec(b.wallMs)}, DuckDB ${sec(p.wallMs)}), ${r.maxRssMb.toFixed(0)} MB\n`);
  }
}

console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}. Median of ${runs} runs.\n`);
console.log('| | baseline wall | DuckDB wall | parscore wall | × baseline | × DuckDB | each run × DuckDB | parscore CPU | DuckDB CPU | peak RSS | DuckDB peak RSS |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const peaks = new Map<string, number>();
for (const c of cases) {
  const { base, peer, run } = results.get(c.name)!;
  const wall = (ms: Measurement[]) => median(ms.map((m) => m.wallMs));
  const cpu = (ms: Measurement[]) => median(ms.map((m) => m.cpuMs));
  const [bw, pw, rw] = [wall(base), wall(peer), wall(run)];
  const each = run.map((r, i) => r.wallMs / peer[i]!.wallMs).sort((a, b) => a - b);
  const rss = median(run.map((m) => m.maxRssMb));
  peaks.set(c.name, rss);
  console.log(
    `| ${c.name} | ${sec(bw)} | ${sec(pw)} | ${sec(rw)} | ${(rw / bw).toFixed(2)} | ${(rw / pw).toFixed(2)} | ${each[0]!.toFixed(2)}–${each[each.length - 1]!.toFixed(2)} | ${sec(cpu(run))} | ${sec(cpu(peer))} | ${rss.toFixed(0)} MB | ${median(peer.map((m) => m.maxRssMb)).toFixed(0)} MB |`,
  );
}
const growth = peaks.get('dossiers, 2,000,000 rows')! / peaks.get('dossiers, 200,000 rows')!;
console.log(`\nPeak memory, 2,000,000 rows against 200,000: ${((growth - 1) * 100).toFixed(1)}% more.`);

if (process.env['PROFILE']) {
  const dir = join(data, 'profile');
  rmSync(dir, { recursive: true, force: true });
  const national = cases.find((c) => c.name === 'national run, JSON')!;
  spawnSync(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...national.run], { cwd: root, stdio: 'ignore' });
  const profile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  console.log('\nWhere the time goes (national run, one run under the profiler):\n');
  spawnSync(node, [join(root, 'bench', 'profile-summary.mjs'), join(dir, profile), '20'], { cwd: root, stdio: 'inherit' });
}
