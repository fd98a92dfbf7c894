import { main } from '../../src/cli/main.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as the binary would, capturing what it prints. */
export async function run(argv: string[], options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s) => ((stdout += String(s)), true), isTTY: false },
    stderr: { write: (s) => ((stderr += String(s)), true), isTTY: options.tty ?? false },
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** The communes' criteria, evidence, survey results and units, without the dossier export. */
export const XA_EVIDENCE = ['criteria/par-xa-2025.yaml', 'fixtures/par-xa-2025/minh-chung.csv', 'fixtures/par-xa-2025/dieu-tra-xhh.csv', '--units', 'fixtures/par-xa-2025/don-vi.csv'];

/** The README's demo: the communes' criteria, evidence, survey, units, self-assessment and overrides. */
export const DEMO_XA = [
  ...XA_EVIDENCE,
  '--self',
  'fixtures/par-xa-2025/tu-cham.csv',
  '--adjust',
  'fixtures/par-xa-2025/dieu-chinh.csv',
  '--records',
  'ho_so=fixtures/par-xa-2025/ho-so.csv',
];
