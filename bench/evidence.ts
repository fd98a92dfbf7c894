import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { criteriaYaml, longEvidenceCsv, unitsCsv, writeLines } from './generate.js';
import { measure, median } from './measure.js';

/**
 * Reading a 2,000,000-row long evidence CSV (20,000 units × 100 leaves) with `parscore check`,
 * against csv-parse reading the same file and doing nothing. Figures go to BENCHMARKS.md.
 */
const root = join(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
mkdirSync(data, { recursive: true });
const units = Number(process.env['UNITS'] ?? 20000);
const leaves = 100;
const runs = Number(process.env['RUNS'] ?? 3);

const criteria = join(data, 'criteria-100.yaml');
const unitsFile = join(data, `units-${units}.csv`);
const evidence = join(data, `evidence-${units}x${leaves}.csv`);
writeFileSync(criteria, criteriaYaml('thu-tai', leaves));
await writeLines(unitsFile, unitsCsv(units));
await writeLines(evidence, longEvidenceCsv(units, leaves, 2025));
console.log(`${evidence}: ${((statSync(evidence).size / 1024 / 1024)).toFixed(0)} MB, ${units * leaves} rows`);

const base: number[] = [];
const check: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  const b = measure(process.execPath, [join(root, 'bench', 'baseline-parse.mjs'), evidence], root);
  const c = measure(process.execPath, [join(root, 'bin', 'parscore.js'), 'check', criteria, evidence, '--units', unitsFile, '--format', 'json'], root);
  if (c.exit !== 0) throw new Error(`check exited ${c.exit}`);
  base.push(b.wallMs);
  check.push(c.wallMs);
  rss.push(c.maxRssMb);
}
console.log(`baseline csv-parse: ${(median(base) / 1000).toFixed(2)} s`);
console.log(`parscore check:     ${(median(check) / 1000).toFixed(2)} s (${(median(check) / median(base)).toFixed(2)}× baseline), peak RSS ${median(rss).toFixed(0)} MB`);
