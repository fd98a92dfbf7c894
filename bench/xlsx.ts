import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { criteriaYaml, longEvidenceCsv, unitsCsv, writeLines } from './generate.js';
import { measure, median } from './measure.js';

/**
 * A national run written as a workbook: 3,321 communes × 100 leaves scored and written with
 * `parscore score --format xlsx` (the streaming writer), wall time and peak memory of the whole
 * command, reading included. Figures go to BENCHMARKS.md.
 */
const root = join(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
mkdirSync(data, { recursive: true });
const units = Number(process.env['UNITS'] ?? 3321);
const leaves = 100;
const runs = Number(process.env['RUNS'] ?? 3);

const criteria = join(data, 'criteria-100.yaml');
const unitsFile = join(data, `units-${units}.csv`);
const evidence = join(data, `evidence-${units}x${leaves}.csv`);
const output = join(data, `ket-qua-${units}.xlsx`);
writeFileSync(criteria, criteriaYaml('thu-tai', leaves));
await writeLines(unitsFile, unitsCsv(units));
await writeLines(evidence, longEvidenceCsv(units, leaves, 2025));
console.log(`${evidence}: ${(statSync(evidence).size / 1024 / 1024).toFixed(0)} MB, ${units * leaves} rows`);

const score = (format: string, out: string) =>
  measure(process.execPath, [join(root, 'bin', 'parscore.js'), 'score', criteria, evidence, '--units', unitsFile, '--format', format, '-o', out, '--force', '--quiet'], root);

const json: number[] = [];
const jsonRss: number[] = [];
const xlsx: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  // The same scoring written as JSON: what the workbook adds on top of reading and scoring.
  const j = score('json', join(data, `ket-qua-${units}.json`));
  const x = score('xlsx', output);
  if (j.exit !== 0 || x.exit !== 0) throw new Error(`score exited ${j.exit} / ${x.exit}`);
  json.push(j.wallMs);
  jsonRss.push(j.maxRssMb);
  xlsx.push(x.wallMs);
  rss.push(x.maxRssMb);
}
console.log(`${output}: ${(statSync(output).size / 1024 / 1024).toFixed(1)} MB`);
console.log(`score --format json: ${(median(json) / 1000).toFixed(2)} s, peak RSS ${median(jsonRss).toFixed(0)} MB`);
console.log(`score --format xlsx: ${(median(xlsx) / 1000).toFixed(2)} s, peak RSS ${median(rss).toFixed(0)} MB`);
rmSync(join(data, `ket-qua-${units}.json`), { force: true });
