// Where the time goes in a V8 CPU profile (node --cpu-prof): self time by function and by file.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [rows]
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rows = Number(process.argv[3] ?? 25);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
});
const byFile = new Map();
for (const [key, dt] of byFunction) {
  const file = key.includes(' ') ? key.slice(key.indexOf(' ') + 1).replace(/:\d+$/, '') : key;
  byFile.set(file, (byFile.get(file) ?? 0) + dt);
}
const line = ([key, dt]) => `${(dt / 1000).toFixed(0).padStart(7)} ms ${((100 * dt) / total).toFixed(1).padStart(5)}%  ${key}`;
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, rows).map(line).join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms\n\nby function:\n${top(byFunction)}\n\nby file:\n${top(byFile)}`);
