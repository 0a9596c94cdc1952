import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yielder } from '../../model/util/yielder.js';
import { mrd, mwr, mwrBytes } from '../../model/tlp/build.js';
import { RootComplex, writeWithByteEnables } from './host.js';
import { HostMemory } from './memory.js';

const REQ = 0x0100;
const u32le = (v: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
};
const msixWrite = (address: number, data: number) => mwr({ address, data: u32le(data), requesterId: REQ });

function host(): RootComplex {
  const h = new RootComplex({ checker: { requesterId: REQ, maxPayloadSize: 256 }, completer: { seed: 5 } });
  h.msix.setMsixTable([
    { address: 0xfee0_0000, data: 0x4021 },
    { address: 0xfee0_0000, data: 0x4022 },
    { address: 0xfee0_1000, data: 0x4023, masked: true },
  ]);
  return h;
}

describe('MSI-X messages', () => {
  it('a programmed address/data pair is an interrupt on its vector, not a memory write', () => {
    const h = host();
    h.fromDevice(msixWrite(0xfee0_0000, 0x4022), 77);
    expect(h.interrupts).toEqual([{ vector: 1, cycle: 77 }]);
    expect(h.memory.pageCount).toBe(0);
    expect(h.errors).toEqual([]);
  });
  it('a write in the window with unprogrammed data is MSIX_UNPROGRAMMED', () => {
    const h = host();
    h.fromDevice(msixWrite(0xfee0_0000, 0x4099), 10);
    expect(h.errors.map((e) => e.rule)).toEqual(['MSIX_UNPROGRAMMED']);
    expect(h.interrupts).toEqual([]);
  });
  it('a write in the window with an unprogrammed address is MSIX_UNPROGRAMMED', () => {
    const h = host();
    h.fromDevice(msixWrite(0xfee0_0040, 0x4021), 10);
    expect(h.errors.map((e) => e.rule)).toEqual(['MSIX_UNPROGRAMMED']);
  });
  it('a message on a masked vector is MSIX_MASKED; after unmasking it is delivered', () => {
    const h = host();
    h.fromDevice(msixWrite(0xfee0_1000, 0x4023), 10);
    expect(h.errors.map((e) => e.rule)).toEqual(['MSIX_MASKED']);
    h.msix.setMasked(2, false);
    h.fromDevice(msixWrite(0xfee0_1000, 0x4023), 11);
    expect(h.interrupts).toEqual([{ vector: 2, cycle: 11 }]);
  });
  it('a 2 DW write to the window is MSIX_FORMAT', () => {
    const h = host();
    h.fromDevice(mwr({ address: 0xfee0_0000, data: new Uint8Array(8), requesterId: REQ }), 10);
    expect(h.errors.map((e) => e.rule)).toEqual(['MSIX_FORMAT']);
  });
  it('a window at or above 2^63: a message at its 64-bit address is an interrupt; with bit 63 lost it is not', () => {
    const base = 0x8000_1234_fee0_0000n;
    const h = new RootComplex({ checker: { requesterId: REQ, maxPayloadSize: 256 }, completer: { seed: 5 }, msiWindow: { base, size: 0x10_0000n } });
    h.msix.setMsixTable([{ address: base, data: 7 }, { address: base + 16n, data: 8 }]);
    h.fromDevice(mwr({ address: base + 16n, data: u32le(8), requesterId: REQ }), 5);
    expect(h.interrupts).toEqual([{ vector: 1, cycle: 5 }]);
    h.fromDevice(mwr({ address: base + 16n - (1n << 63n), data: u32le(8), requesterId: REQ }), 6);
    expect(h.interrupts).toHaveLength(1);
    expect(() => h.msix.setMsixTable([{ address: 0xfee0_0000, data: 1 }])).toThrow(/window/);
  });
  it('table entries outside the window are refused', () => {
    expect(() => host().msix.setMsixTable([{ address: 0x1000, data: 1 }])).toThrow(/window/);
  });
});

describe('RootComplex', () => {
  it('MWr honours First/Last DW BE', () => {
    const h = host();
    h.memory.fill(0x3000, 16, 0xee);
    h.fromDevice(mwrBytes(0x3003, new Uint8Array([1, 2, 3, 4, 5, 6]), REQ), 1);
    expect(Array.from(h.memory.read(0x3000, 12))).toEqual([0xee, 0xee, 0xee, 1, 2, 3, 4, 5, 6, 0xee, 0xee, 0xee]);
  });
  it('reads complete from memory; the last completion frees the Tag for reuse', () => {
    const h = host();
    h.memory.write(0x4000, Uint8Array.from({ length: 256 }, (_, i) => i));
    h.fromDevice(mrd({ address: 0x4000, length: 64, requesterId: REQ, tag: 4 }), 0);
    const got: number[] = [];
    let freedAt = -1;
    for (let c = 1; c < 1000 && freedAt < 0; c++) {
      for (const e of h.toDevice(c)) {
        if (e.type !== 'completion') continue;
        got.push(...e.tlp.data);
        if (e.final) freedAt = c;
      }
    }
    expect(got).toEqual(Array.from({ length: 256 }, (_, i) => i));
    h.fromDevice(mrd({ address: 0x4000, length: 1, requesterId: REQ, tag: 4 }), freedAt + 1);
    expect(h.errors).toEqual([]);
  });
  it('a dropped read frees its Tag too', () => {
    const h = host();
    h.completer.injectFault('drop');
    h.fromDevice(mrd({ address: 0x4000, length: 1, requesterId: REQ, tag: 4 }), 0);
    expect(h.toDevice(500).map((e) => e.type)).toEqual(['dropped']);
    h.fromDevice(mrd({ address: 0x4000, length: 1, requesterId: REQ, tag: 4 }), 501);
    expect(h.errors).toEqual([]);
  });
  it('reusing an outstanding Tag is flagged', () => {
    const h = host();
    h.fromDevice(mrd({ address: 0x4000, length: 1, requesterId: REQ, tag: 4 }), 0);
    h.fromDevice(mrd({ address: 0x4000, length: 1, requesterId: REQ, tag: 4 }), 1);
    expect(h.errors.map((e) => e.rule)).toEqual(['TAG_REUSE']);
  });
});

describe('writeWithByteEnables (PCIe r6.0 §2.2.5)', () => {
  it('stores exactly the enabled bytes, for any First/Last DW BE pattern', async () => {
    const tick = yielder();
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 0x3ff }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }),
      async (dw, length, firstBe, lastBe) => {
        await tick();
        const address = 0x1_0000_0ff0 + dw * 4; // above 4 GiB, some writes cross a page
        const data = new Uint8Array(length * 4).map((_, i) => 1 + (i % 250));
        const t = mwr({ address, data, requesterId: REQ, firstBe, lastBe: length === 1 ? 0 : lastBe });
        const mem = new HostMemory();
        writeWithByteEnables(mem, t);
        const got = mem.read(address, length * 4);
        for (let i = 0; i < length * 4; i++) {
          const be = i < 4 ? firstBe : i >= (length - 1) * 4 ? lastBe : 0xf;
          const on = (be >> (i % 4)) & 1;
          expect(got[i]).toBe(on ? data[i] : 0);
        }
      },
    ));
  });
});
