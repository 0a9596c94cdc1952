// Seeded pseudo-random number generator shared by the model and the testbench.
// sfc32 (Chris Doty-Humphrey's "small fast counting" generator, public domain) seeded through
// splitmix32 so that nearby seeds give unrelated streams. 32-bit integer arithmetic only: no
// BigInt, no Math.random(). Same seed -> same sequence on every platform.

export class PrngError extends Error {
  constructor(field: string, value: number, reason: string) {
    super(`PRNG argument "${field}": value ${value} ${reason}`);
    this.name = 'PrngError';
  }
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new PrngError('seed', seed, 'is not an integer');
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm-up, as the sfc32 reference does
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new PrngError('hi', hi, `is not an integer >= lo (${lo})`);
    }
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** true with probability p. */
  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new PrngError('items.length', 0, 'is empty');
    return items[Math.floor(this.float() * items.length)];
  }

  /** Fill `out` with random bytes (4 at a time). */
  fill(out: Uint8Array): Uint8Array {
    let i = 0;
    for (; i + 4 <= out.length; i += 4) {
      const v = this.u32();
      out[i] = v;
      out[i + 1] = v >>> 8;
      out[i + 2] = v >>> 16;
      out[i + 3] = v >>> 24;
    }
    if (i < out.length) {
      let v = this.u32();
      for (; i < out.length; i++, v >>>= 8) out[i] = v;
    }
    return out;
  }

  /** An independent generator derived from this one (for a sub-component). */
  fork(): Prng {
    return new Prng(this.u32() | 0);
  }
}
