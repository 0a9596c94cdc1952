import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yielder } from '../util/yielder.js';
import { beatsToPayload, payloadBeats } from './beats.js';
import { TlpError } from './errors.js';

const dws = (n: number): Uint8Array => Uint8Array.from({ length: n * 4 }, (_, i) => i & 0xff);

describe('payload beats (docs/dut-interface.md)', () => {
  it('no payload: one beat, sop = eop, strb 0', () => {
    expect(payloadBeats(new Uint8Array(0), 64)).toEqual([{ data: new Uint8Array(8), strb: 0, sop: true, eop: true }]);
  });
  it('5 DW on a 64-bit bus: 3 beats, last strb 0b1', () => {
    const b = payloadBeats(dws(5), 64);
    expect(b.map((x) => x.strb)).toEqual([0b11, 0b11, 0b01]);
    expect(b.map((x) => [x.sop, x.eop])).toEqual([[true, false], [false, false], [false, true]]);
    expect(Array.from(b[2].data)).toEqual([16, 17, 18, 19, 0, 0, 0, 0]);
  });
  it('first payload DW in [31:0] of the first beat', () => {
    const b = payloadBeats(dws(3), 256);
    expect(b).toHaveLength(1);
    expect(b[0].strb).toBe(0b111);
    expect(Array.from(b[0].data.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });
  it('ceil(n / (W/32)) beats and exact reassembly for widths 64 and 256', async () => {
    const tick = yielder(20);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1024 }), fc.constantFrom(64, 256), async (n, w) => {
        await tick();
        const p = dws(n);
        const b = payloadBeats(p, w);
        expect(b.length).toBe(Math.max(1, Math.ceil(n / (w / 32))));
        expect(beatsToPayload(b, w)).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });
  it('a short beat before eop is a framing error', () => {
    const b = payloadBeats(dws(4), 64);
    b[0] = { ...b[0], strb: 0b01 };
    expect(() => beatsToPayload(b, 64)).toThrow(TlpError);
  });
  it('non-contiguous strobe is a framing error', () => {
    const b = payloadBeats(dws(2), 128);
    b[0] = { ...b[0], strb: 0b101 };
    expect(() => beatsToPayload(b, 128)).toThrow(/strb/);
  });
  it('unsupported width', () => {
    expect(() => payloadBeats(dws(1), 48)).toThrow(TlpError);
  });
});
