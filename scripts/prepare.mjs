// `npm run prepare`: builds dist/ from the TypeScript sources, wherever npm runs it — after `npm ci`
// in a clone, before `npm pack`, and when npm installs parscore from a git URL.
//
// That last case needs care. `npm install --global <git url>` runs this script in a fresh clone
// whose dependencies npm did not install (npm/cli#8440: the clone's own install inherits
// --global), so TypeScript is missing, and npm is meanwhile filling the clone's node_modules with
// the runtime dependencies. So the sources are built in a folder of their own, with the
// dependencies the lock file names, and only dist/ is brought back.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = (dir) => join(dir, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command, args, cwd, env = process.env) {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (existsSync(tsc(root))) {
  run(process.execPath, [tsc(root), '-p', 'tsconfig.build.json'], root);
} else {
  const build = mkdtempSync(join(tmpdir(), 'parscore-build-'));
  try {
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']) cpSync(join(root, f), join(build, f), { recursive: true });
    // A local install of the build folder: none of the global install's settings.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|global_prefix|local_prefix|location|force)$/i.test(k)));
    run('npm', ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], build, env);
    run(process.execPath, [tsc(build), '-p', 'tsconfig.build.json'], build);
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    cpSync(join(build, 'dist'), join(root, 'dist'), { recursive: true });
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}
