import { describe, expect, it } from 'vitest';
import { Prng, PrngError } from './prng.js';

describe('Prng', () => {
  it('same seed, same sequence; different seed, different sequence', () => {
    const a = new Prng(42), b = new Prng(42), c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(sa);
  });
  it('int stays in range and reaches both ends', () => {
    const r = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => r.int(5, 4)).toThrow(PrngError);
  });
  it('fill covers odd lengths', () => {
    const b = new Prng(9).fill(new Uint8Array(7));
    expect(b.some((x) => x !== 0)).toBe(true);
  });
});
