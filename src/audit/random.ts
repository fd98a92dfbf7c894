/**
 * A small seeded random number generator for redrawing samples: xoshiro128** (Blackman and
 * Vigna), seeded through splitmix32. Only 32-bit integer arithmetic (Math.imul, shifts), so the
 * same seed gives the same numbers on every machine and every JavaScript engine — no
 * Math.random, no floating point.
 *
 * Each draw has a stream of its own, seeded from (seed, draw): draw 17 is the same whether 100 or
 * 10,000 draws are made.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    // splitmix32 over the seed and the stream number gives the four words of state.
    let s = mix32(seed >>> 0) ^ mix32((stream + 0x6a09e667) >>> 0);
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // xoshiro's state must not be all zero.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A generator in the given state (the reference implementation's four words), to check it against published outputs. */
  static ofState(a: number, b: number, c: number, d: number): Random {
    const r = new Random(0);
    [r.a, r.b, r.c, r.d] = [a | 0, b | 0, c | 0, d | 0];
    return r;
  }

  /** The next 32-bit number, 0 … 2^32 − 1. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A whole number 0 … n − 1, every one equally likely (rejection, never a modulo's bias); n ≤ 2^31. */
  below(n: number): number {
    if (n <= 1) return 0;
    const mask = 0xffffffff >>> Math.clz32(n - 1);
    for (;;) {
      const x = (this.next() & mask) >>> 0;
      if (x < n) return x;
    }
  }

  /** n draws with replacement among n rows: how many times each row was drawn, into times[0 … n − 1]. */
  resample(times: Int32Array, n: number): void {
    times.fill(0, 0, n);
    const mask = n <= 1 ? 0 : 0xffffffff >>> Math.clz32(n - 1);
    for (let k = 0; k < n; k++) {
      let x: number;
      do x = (this.next() & mask) >>> 0;
      while (x >= n);
      times[x]!++;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32's output function: a 32-bit number mixed into one that looks random. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}
