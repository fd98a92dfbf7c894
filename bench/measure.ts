import { spawnSync } from 'node:child_process';

export interface Measurement {
  wallMs: number;
  maxRssMb: number;
  exit: number;
}

/** Runs a command, returning its wall time and peak resident memory (GNU time's %M). */
export function measure(command: string, args: string[], cwd: string): Measurement {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = r.stderr.trim().split('\n');
  const kb = Number(lines[lines.length - 1]);
  return { wallMs, maxRssMb: kb / 1024, exit: r.status ?? -1 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
