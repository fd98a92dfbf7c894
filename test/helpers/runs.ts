/**
 * How many generated cases a property test runs: its own number, scaled by PARSCORE_FC_SCALE
 * (mutation testing runs each test once per mutant and asks for fewer).
 */
export function runs(n: number): number {
  const scale = Number(process.env['PARSCORE_FC_SCALE'] ?? '1');
  return Math.max(20, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
