/**
 * 95% confidence intervals for derived values. They are for display: computed in floating point
 * from the exact counts and sums, and rounded when shown; points never depend on them.
 *
 * - Shares and on-time rates: the Wilson score interval. Unlike the textbook p ± z·√(p(1−p)/n) it
 *   stays inside 0–100% and does not collapse to a point at 0% or 100%, which matter here: a
 *   commune with 412 of 412 dossiers on time still has an interval (99,08–100%).
 * - Means: Student's t interval, mean ± t(0.975, n−1)·s/√n. Units are often small samples (a
 *   province's 30 respondents to a question), where the normal quantile 1.96 would be too narrow;
 *   for large n the two agree.
 * - With survey weights both use Kish's effective sample size n_eff = (Σw)²/Σw² in place of n, and
 *   for means the weighted variance; weighting makes a sample worth fewer respondents than it has.
 */

/** The standard normal quantile for 97.5%, so that 95% lies within ±z. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for `hits` of `n` (n may be an effective, non-integer size), as fractions 0–1. */
export function wilson(hits: number, n: number, z = Z95): { low: number; high: number } | undefined {
  if (!(n > 0)) return undefined;
  const p = hits / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0% and 100% the bound is exactly 0 or 1; the arithmetic would miss it by a rounding error.
  return { low: p <= 0 ? 0 : Math.max(0, centre - half), high: p >= 1 ? 1 : Math.min(1, centre + half) };
}

/**
 * Student's t interval for a mean: `n` observations (or an effective size) with the given mean and
 * sample variance (the n−1 form). Undefined below two observations, where there is no spread.
 */
export function tInterval(mean: number, variance: number, n: number): { low: number; high: number } | undefined {
  if (!(n > 1) || !(variance >= 0)) return undefined;
  const half = t975(n - 1) * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

/**
 * The 97.5% quantile of Student's t with `df` degrees of freedom (any df > 0). From 20 degrees of
 * freedom on, the Cornish–Fisher expansion around the normal quantile (within 3·10⁻⁷ there); below,
 * bisection on the CDF, remembered: a national run asks for it once per unit and indicator.
 */
export function t975(df: number): number {
  if (df >= 20) return Z95 + (CF[0] + (CF[1] + (CF[2] + CF[3] / df) / df) / df) / df;
  let q = small.get(df);
  if (q === undefined) {
    q = tQuantile(0.975, df);
    if (small.size < 10_000) small.set(df, q);
  }
  return q;
}

const small = new Map<number, number>();

/** The Cornish–Fisher terms for the 97.5% quantile: t ≈ z + Σ CF[k]/df^(k+1). */
const CF = (() => {
  const z = Z95;
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return [
    (z3 + z) / 4,
    (5 * z5 + 16 * z3 + 3 * z) / 96,
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384,
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160,
  ] as const;
})();

/** The p-quantile (p > 0.5) of Student's t with `df` degrees of freedom, by bisection on its CDF. */
export function tQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for t ≥ 0: 1 − ½·I_x(df/2, ½) with x = df/(df + t²). */
function tCdf(t: number, df: number): number {
  return 1 - 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The regularised incomplete beta function I_x(a, b), by its continued fraction (Lentz's method). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const aa of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let s = c[0]!;
  for (let i = 1; i < g + 2; i++) s += c[i]! / (y + i);
  const t = y + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}
