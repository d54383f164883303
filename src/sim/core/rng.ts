// Seeded PRNG (sfc32) with an integer API. Its whole state is four uint32s, so it snapshots
// as plain data. src/sim draws every random choice from here, never from Math.random.

export type RngState = [number, number, number, number];

export class Rng {
  /**
   * sfc32's words a, b, c, d, exactly the numbers the algorithm computes (a may be negative). In
   * a Float64Array rather than four fields: fields holding numbers past 2^31 had generalised to
   * tagged values, so every draw boxed fresh heap numbers (≈ 0.5 KB per uuid's 32 draws).
   */
  private readonly w = new Float64Array(4);

  constructor(seed: number | RngState) {
    const w = this.w;
    if (Array.isArray(seed)) {
      for (let i = 0; i < 4; i++) w[i] = seed[i]!;
      return;
    }
    // splitmix32 spreads a small integer seed over the four words.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) w[i] = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const w = this.w;
    const a = w[0]!;
    const b = w[1]!;
    const c = w[2]!;
    const d = w[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    w[3] = (d + 1) >>> 0;
    w[0] = b ^ (b >>> 9);
    w[1] = (c + (c << 3)) >>> 0;
    w[2] = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
    return t;
  }

  /** A uniformly distributed integer in [0, n), n ≥ 1, without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`rng.int: bad bound ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }

  /** An integer in [lo, hi] inclusive. */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** A float in [0, 1) with 32 bits of randomness (for jitter and probabilities). */
  fraction(): number {
    return this.uint32() / 0x100000000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  state(): RngState {
    const w = this.w;
    return [w[0]!, w[1]!, w[2]!, w[3]!];
  }
}
