import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { criteriaYaml, longEvidenceCsv, overridesCsv, selfCsv, surveyCsv, unitsCsv, made, writeLines } from './generate.js';
import { measure, median } from './measure.js';

/**
 * `parscore robustness` at national scale: 3,321 communes, 100 leaves of long evidence and 30
 * weighted survey questions from 100,000 respondents, a self-assessment of 10 claims per commune and
 * overrides for 1,000 communes; 1,000 draws of the survey. Wall time and peak memory of the whole
 * command (reading, scoring, every change put back, the draws, the JSON written), median of RUNS
 * (default 3). DRAWS changes the number of draws. Inputs go to bench/.data (the national bench's
 * units, evidence and survey files are the same bytes).
 */
const root = join(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
mkdirSync(data, { recursive: true });
const UNITS = 3321;
const LEAVES = 100;
const runs = Number(process.env['RUNS'] ?? 3);
const draws = process.env['DRAWS'] ?? '1000';

const units = await made(data, `units-${UNITS}.csv`, (p) => writeLines(p, unitsCsv(UNITS)));
const evidence = await made(data, `evidence-${UNITS}x${LEAVES}.csv`, (p) => writeLines(p, longEvidenceCsv(UNITS, LEAVES, 2025)));
const survey = await made(data, 'survey-100000x30.csv', (p) => writeLines(p, surveyCsv(UNITS, 100_000, 30, 2025)));
const self = await made(data, `self-${UNITS}x10.csv`, (p) => writeLines(p, selfCsv(UNITS, LEAVES, 10, 2025)));
const overrides = await made(data, `overrides-1000.csv`, (p) => writeLines(p, overridesCsv(UNITS, LEAVES, 1000, 2025)));
const criteria = join(data, 'criteria-robustness.yaml');
writeFileSync(criteria, criteriaYaml('thu-tai-do-vung', LEAVES, { questions: 30 }));
const output = join(data, 'robustness.json');

const size = (p: string) => `${(statSync(p).size / 1024 / 1024).toFixed(0)} MB`;
console.log(`inputs: evidence ${size(evidence)}, survey ${size(survey)}, self ${size(self)}, overrides ${size(overrides)}; ${draws} draws`);

const args = [join(root, 'bin', 'parscore.js'), 'robustness', criteria, evidence, '--units', units, '--self', self, '--adjust', overrides, '--records', `khao_sat=${survey}`];
const run = (more: string[]) => measure(process.execPath, [...args, ...more, '--format', 'json', '-o', output, '--force', '--quiet'], root);

const full: Array<ReturnType<typeof measure>> = [];
const none: Array<ReturnType<typeof measure>> = [];
for (let i = 0; i < runs; i++) {
  // The same command without draws: what the draws add to reading, scoring and the changes put back.
  const z = run(['--draws', '0']);
  const r = run(['--draws', draws]);
  if (z.exit !== 0 || r.exit !== 0) throw new Error(`robustness exited ${z.exit} / ${r.exit}`);
  none.push(z);
  full.push(r);
  process.stdout.write(`run ${i + 1}/${runs}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.maxRssMb.toFixed(0)} MB (without draws ${(z.wallMs / 1000).toFixed(2)} s, ${z.maxRssMb.toFixed(0)} MB)\n`);
}
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}. Median of ${runs} runs.\n`);
console.log('| | wall | CPU | peak RSS |');
console.log('|---|---|---|---|');
for (const [name, ms] of [['`--draws 0`', none], [`\`--draws ${draws}\``, full]] as const) {
  console.log(`| ${name} | ${sec(median(ms.map((m) => m.wallMs)))} | ${sec(median(ms.map((m) => m.cpuMs)))} | ${median(ms.map((m) => m.maxRssMb)).toFixed(0)} MB |`);
}
