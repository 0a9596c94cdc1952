import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dwLength, firstDwBe, lastDwBe, lowBits, pieceEnd } from './split.js';

describe('lowBits', () => {
  it('equals x mod 2^k for every integer below 2^53', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 12 }), (x, k) => {
      expect(lowBits(x, 2 ** k - 1)).toBe(x % 2 ** k);
    }));
  });
});

describe('byte enables and pieces above 4 GiB (PCIe r6.0 §2.2.5, §2.2.7)', () => {
  it('match the arithmetic definition for 64-bit addresses', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 8192 }), (addr, len) => {
      const end = addr + len;
      const off = addr % 4;
      const n = Math.ceil((end - (addr - off)) / 4);
      expect(dwLength(addr, end)).toBe(n);
      const tail = end % 4 === 0 ? 0xf : (1 << (end % 4)) - 1; // bytes of the last DW that are in range
      expect(firstDwBe(addr, end)).toBe(n === 1 ? ((0xf << off) & 0xf) & tail : (0xf << off) & 0xf);
      expect(lastDwBe(addr, end)).toBe(n === 1 ? 0 : tail);
      const e = pieceEnd(addr, end, 512);
      expect(e).toBe(Math.min(end, (Math.floor(addr / 512) + 1) * 512));
    }));
  });
});
