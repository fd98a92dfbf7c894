import { readFileSync } from 'node:fs';
import { loadCriteria } from './src/criteria/index.js';
import { problemMessage } from './src/explain/problems.js';
const r = loadCriteria(readFileSync(process.argv[2]!, 'utf8'), 'a.yaml');
for (const p of r.problems) console.log(p.location?.line, p.location?.column, p.severity, p.code, problemMessage(p, process.argv[3] as 'vi'));
console.log(!!r.criteria);
