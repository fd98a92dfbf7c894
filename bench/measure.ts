import { spawnSync } from 'node:child_process';

export interface Measurement {
  wallMs: number;
  /** User + system CPU time: less disturbed than the wall time when other work shares the machine. */
  cpuMs: number;
  maxRssMb: number;
  exit: number;
}

/** Runs a command, returning its wall and CPU time and peak resident memory (GNU time's %U, %S, %M). */
export function measure(command: string, args: string[], cwd: string): Measurement {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = r.stderr.trim().split('\n');
  const [user, sys, kb] = lines[lines.length - 1]!.split(' ').map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000, maxRssMb: kb! / 1024, exit: r.status ?? -1 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
