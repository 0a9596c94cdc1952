import { describe, expect, it } from 'vitest';
import { cfgWr0, mrd, mwr } from '../../model/tlp/build.js';
import { DisabledLaneJunk } from './lane-junk.js';

/** Byte i of a write's payload is enabled by First/Last DW BE (PCIe r6.0 §2.2.5). */
function enabled(firstBe: number, lastBe: number, length: number, i: number): boolean {
  const dw = i >> 2;
  const be = dw === 0 ? firstBe : dw === length - 1 ? lastBe : 0xf;
  return (be & (1 << (i & 3))) !== 0;
}

describe('DisabledLaneJunk', () => {
  it('fills the disabled bytes of an MWr with junk (never all zero) and leaves the enabled ones and the caller’s payload alone', () => {
    const j = new DisabledLaneJunk(3);
    for (const [firstBe, lastBe, dws] of [[0xc, 0, 1], [0x2, 0, 1], [0x0, 0, 1], [0xe, 0x1, 2], [0x8, 0x7, 5], [0xf, 0xf, 3]] as const) {
      const data = Uint8Array.from({ length: dws * 4 }, (_, i) => (i * 7 + 1) & 0xff);
      const copy = data.slice();
      const t = mwr({ address: 0x1000, data, requesterId: 0, firstBe, lastBe });
      const out = j.fill(t);
      expect(data).toEqual(copy);
      let junk = 0;
      for (let i = 0; i < data.length; i++) {
        if (enabled(firstBe, lastBe, dws, i)) expect(out.data[i]).toBe(data[i]);
        else junk |= out.data[i];
      }
      if (firstBe !== 0xf || lastBe !== 0xf) expect(junk).not.toBe(0);
      if (firstBe === 0xf && lastBe === 0xf) expect(out).toBe(t);
      else expect({ ...out, data: null }).toEqual({ ...t, data: null });
    }
  });

  it('fills the disabled bytes of a CfgWr0, never touches reads', () => {
    const j = new DisabledLaneJunk(9);
    const w = j.fill(cfgWr0({ requesterId: 0, tag: 1, targetId: 0x100, register: 0x04, firstBe: 0x3, data: Uint8Array.of(6, 1, 0, 0) }));
    expect([...w.data.subarray(0, 2)]).toEqual([6, 1]);
    expect(w.data[2] | w.data[3]).not.toBe(0);
    const r = mrd({ address: 0x1000, length: 1, requesterId: 0, tag: 2, firstBe: 0x1 });
    expect(j.fill(r)).toBe(r);
  });

  it('gives a 16-bit field in disabled lanes small values (1..256) as well as large ones', () => {
    const j = new DisabledLaneJunk(11);
    let small = 0;
    let large = 0;
    for (let k = 0; k < 400; k++) {
      // queue_msix_vector written alone: queue_size's two bytes are disabled (First DW BE 0xc).
      const out = j.fill(mwr({ address: 0x1018, data: Uint8Array.of(0, 0, 1, 0), requesterId: 0, firstBe: 0xc }));
      const v = out.data[0] | (out.data[1] << 8);
      if (v >= 1 && v <= 256) small++;
      if (v > 256) large++;
    }
    expect(small).toBeGreaterThan(40);
    expect(large).toBeGreaterThan(40);
  });

  it('is a function of the run seed: the same seed gives the same junk, another seed other junk', () => {
    const t = mwr({ address: 0x2000, data: new Uint8Array(16), requesterId: 0, firstBe: 0x8, lastBe: 0x1 });
    const a = new DisabledLaneJunk(5).fill(t).data;
    expect(new DisabledLaneJunk(5).fill(t).data).toEqual(a);
    expect(new DisabledLaneJunk(6).fill(t).data).not.toEqual(a);
  });
});
