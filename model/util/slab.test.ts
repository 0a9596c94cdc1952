import { describe, expect, it } from 'vitest';
import { ByteSlab } from './slab.js';

describe('ByteSlab', () => {
  it('hands out zero-filled arrays of the asked length that never overlap', () => {
    const s = new ByteSlab();
    const arrays: Uint8Array[] = [];
    for (let i = 0; i < 3000; i++) {
      const n = (i * 37) % 200;
      const a = s.alloc(n);
      expect(a.length).toBe(n);
      expect(a.every((b) => b === 0)).toBe(true);
      a.fill(0xff); // a later array must not see these bytes
      arrays.push(a);
    }
    for (const a of arrays) expect(a.every((b) => b === 0xff)).toBe(true);
  });

  it('gives large arrays their own buffer', () => {
    const s = new ByteSlab();
    const a = s.alloc(20_000);
    expect(a.length).toBe(20_000);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(20_000);
  });
});
