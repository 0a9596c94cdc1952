import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yielder } from '../util/yielder.js';
import { arbTlp } from './arbitraries.js';
import { cfgRd0, cfgWr0, cpl, cplD, mrd, msg, mwr } from './build.js';
import { decodeTlp, encodeTlp, hdrToTlp, tlpToHdr } from './codec.js';
import { TlpError } from './errors.js';
import { CplStatus, MsgCode, MsgRouting, type Tlp } from './types.js';

/** Bytes of a TLP from header DWs written as numbers (big-endian on the wire) and payload bytes. */
function raw(dws: number[], payload: number[] = []): Uint8Array {
  const out = new Uint8Array(dws.length * 4 + payload.length);
  dws.forEach((dw, i) => {
    out[i * 4] = dw >>> 24;
    out[i * 4 + 1] = (dw >>> 16) & 0xff;
    out[i * 4 + 2] = (dw >>> 8) & 0xff;
    out[i * 4 + 3] = dw & 0xff;
  });
  out.set(payload, dws.length * 4);
  return out;
}

/** Run `fn`, expect a TlpError naming `field` with `value`, and return it. */
function expectTlpError(fn: () => unknown, field: string, value: number | bigint | string): TlpError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TlpError);
    const err = e as TlpError;
    expect(err.field).toBe(field);
    expect(err.value).toBe(value);
    expect(err.message).toContain(`"${field}"`);
    return err;
  }
  throw new Error(`expected a TlpError on field ${field}`);
}

describe('known answers from PCIe r6.0 §2.2 bit positions', () => {
  it('CplD: 64 bytes at lower address 0x20, completer 01:00.0, requester 02:00.0, tag 5', () => {
    // DW0: Fmt 010 Type 01010 -> byte 0 = 0x4a; TC/Attr 0; Length 16 DW -> byte 3 = 0x10.
    // DW1: Completer ID 0x0100; Status SC(000) BCM 0 Byte Count[11:8] 0 -> 0x00; Byte Count[7:0] 0x40.
    // DW2: Requester ID 0x0200; Tag 0x05; R + Lower Address 0x20.
    const hdrBytes = [0x4a, 0x00, 0x00, 0x10, 0x01, 0x00, 0x00, 0x40, 0x02, 0x00, 0x05, 0x20];
    const payload = Array.from({ length: 64 }, (_, i) => i);
    const wire = new Uint8Array([...hdrBytes, ...payload]);
    const tlp = decodeTlp(wire);
    expect(tlp.kind).toBe('CplD');
    expect(tlp.length).toBe(16);
    expect(tlp.completerId).toBe(0x0100);
    expect(tlp.status).toBe(CplStatus.SC);
    expect(tlp.byteCount).toBe(64);
    expect(tlp.requesterId).toBe(0x0200);
    expect(tlp.tag).toBe(5);
    expect(tlp.lowerAddress).toBe(0x20);
    expect(Array.from(tlp.data)).toEqual(payload);
    const built = cplD({ completerId: 0x0100, requesterId: 0x0200, tag: 5, byteCount: 64, lowerAddress: 0x20, data: new Uint8Array(payload) });
    expect(encodeTlp(built)).toEqual(wire);
    // 128-bit form: word 0 = hdr[127:96] = DW0.
    expect(Array.from(tlpToHdr(built))).toEqual([0x4a000010, 0x01000040, 0x02000520, 0]);
  });

  it('MWr64 with 1 DW to 0x1_0000_0040', () => {
    // DW0: Fmt 011 Type 00000 -> 0x60, Length 1. DW1: Requester 0x0100, Tag 3, Last BE 0, First BE f.
    // DW2: Address[63:32] = 1. DW3: Address[31:2] << 2 = 0x40.
    const wire = new Uint8Array([0x60, 0, 0, 1, 0x01, 0x00, 0x03, 0x0f, 0, 0, 0, 1, 0, 0, 0, 0x40, 0xaa, 0xbb, 0xcc, 0xdd]);
    const built = mwr({ address: 0x1_0000_0040, data: new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd]), requesterId: 0x0100, tag: 3 });
    expect(built.addr64).toBe(true);
    expect(encodeTlp(built)).toEqual(wire);
    expect(decodeTlp(wire)).toEqual(built);
  });

  it('MRd32, 256 DW, TC 2, Attr RO, tag 0x1f, address 0x8000_1000', () => {
    // byte 1: TC in bits 6:4 -> 0x20. byte 2: Attr[1:0]=10 in bits 5:4, Length[9:8]=01 -> 0x21.
    const wire = new Uint8Array([0x00, 0x20, 0x21, 0x00, 0x01, 0x08, 0x1f, 0xff, 0x80, 0x00, 0x10, 0x00]);
    const built = { ...mrd({ address: 0x8000_1000, length: 256, requesterId: 0x0108, tag: 0x1f }), tc: 2, attr: 2 };
    expect(encodeTlp(built)).toEqual(wire);
    expect(decodeTlp(wire)).toEqual(built);
  });

  it('CfgWr0 to 01:00.0 extended register 0x104', () => {
    // DW0: Fmt 010 Type 00100 -> 0x44, Length 1. DW1: Requester 0, Tag 1, BE 0x0f.
    // DW2: Bus 1, Dev 0, Fn 0; Ext Register Number 1 in byte 10 [3:0]; Register Number 1 in byte 11 [7:2].
    const wire = new Uint8Array([0x44, 0, 0, 1, 0, 0, 1, 0x0f, 0x01, 0x00, 0x01, 0x04, 1, 2, 3, 4]);
    const built = cfgWr0({ requesterId: 0, tag: 1, targetId: 0x0100, register: 0x104, data: new Uint8Array([1, 2, 3, 4]) });
    expect(encodeTlp(built)).toEqual(wire);
    expect(decodeTlp(wire)).toEqual(built);
  });

  it('Cpl with UR: Status in byte 6 bits 7:5', () => {
    const wire = new Uint8Array([0x0a, 0, 0, 0, 0x00, 0x00, 0x20, 0x04, 0x01, 0x00, 0x07, 0x00]);
    const built = cpl({ completerId: 0, requesterId: 0x0100, tag: 7, status: CplStatus.UR });
    expect(encodeTlp(built)).toEqual(wire);
    expect(decodeTlp(wire)).toEqual(built);
  });

  it('Length field 0 means 1024 DW and Byte Count 0 means 4096 (§2.2.1, §2.2.9)', () => {
    const payload = new Array<number>(4096).fill(0x5a);
    const t = decodeTlp(raw([0x4a000000, 0x00000000, 0x01000000], payload));
    expect(t.length).toBe(1024);
    expect(t.byteCount).toBe(4096);
    const r = decodeTlp(raw([0x00000000, 0x000000ff, 0x00002000]));
    expect(r.kind).toBe('MRd');
    expect(r.length).toBe(1024);
  });

  it('Msg and MsgD (§2.2.8): 4-DW header, Type 10rrr, Message Code in byte 7, bytes 8..15 the message’s own', () => {
    // Vendor_Defined Type 1 routed by ID to 01:00.0, Vendor ID 0x1af4, no data.
    const vdm = msg({ requesterId: 0x0000, tag: 0x81, routing: MsgRouting.BY_ID, messageCode: MsgCode.VENDOR_DEFINED_TYPE1, bytes8to15: 0x0100_1af4_0000_0000n });
    const wire = raw([0x32000000, 0x0000817f, 0x01001af4, 0x00000000]);
    expect(encodeTlp(vdm)).toEqual(wire);
    expect(decodeTlp(wire)).toEqual(vdm);
    expect(vdm.length).toBe(0);
    // Set_Slot_Power_Limit: MsgD, Local (100), 1 DW.
    const sspl = msg({ requesterId: 0x0000, routing: MsgRouting.LOCAL, messageCode: MsgCode.SET_SLOT_POWER_LIMIT, data: Uint8Array.of(0x19, 0, 0, 0) });
    const w2 = raw([0x74000001, 0x00000050, 0, 0], [0x19, 0, 0, 0]);
    expect(encodeTlp(sspl)).toEqual(w2);
    expect(decodeTlp(w2)).toEqual(sspl);
    expect(hdrToTlp(tlpToHdr(sspl), sspl.data)).toEqual(sspl);
  });

  it('a Msg with routing 110 or 111 is a reserved Fmt/Type combination', () => {
    expectTlpError(() => decodeTlp(raw([0x36000000, 0x0000007f, 0, 0])), 'fmt/type', 0x36);
  });

  it('a Cpl ignores its Reserved Length field', () => {
    expect(decodeTlp(raw([0x0a000005, 0x00000004, 0x00000000])).length).toBe(0);
  });

  it('QW-aligned 2 DW memory request may use non-contiguous enables (§2.2.5)', () => {
    const t = decodeTlp(raw([0x00000002, 0x00000055, 0x00001008]));
    expect(t.firstBe).toBe(5);
    expect(t.lastBe).toBe(5);
  });
});

describe('malformed TLPs: one TlpError each', () => {
  it('reserved Fmt/Type combination names Fmt and Type', () => {
    const e = expectTlpError(() => decodeTlp(raw([0x03000001, 0, 0])), 'fmt/type', 0x03);
    expect(e.message).toContain('Fmt=0b000 Type=0b00011');
    expect(e.message).toContain('reserved');
  });
  it('a defined but unsupported kind (IORd) is named', () => {
    const e = expectTlpError(() => decodeTlp(raw([0x02000001, 0x0000000f, 0])), 'fmt/type', 0x02);
    expect(e.message).toContain('IORd');
  });
  it('a TLP Prefix is rejected', () => {
    expectTlpError(() => decodeTlp(raw([0x90000000, 0, 0])), 'fmt/type', 0x90);
  });
  it('fewer than 4 bytes', () => {
    expectTlpError(() => decodeTlp(new Uint8Array([0x00, 0x00])), 'header', 2);
  });
  it('truncated 4-DW header', () => {
    const e = expectTlpError(() => decodeTlp(raw([0x20000001, 0x0000000f, 0x00000001])), 'header', 12);
    expect(e.message).toContain('4-DW header needs 16');
  });
  it('payload shorter than Length', () => {
    const e = expectTlpError(() => decodeTlp(raw([0x40000005, 0x000000ff, 0x1000], new Array(12).fill(0))), 'length', 5);
    expect(e.message).toBe('TLP field "length": value 5 inconsistent with payload of 3 DW (MWr)');
  });
  it('Length 0 (1024 DW) with a 1 DW payload', () => {
    expectTlpError(() => decodeTlp(raw([0x40000000, 0x000000ff, 0x0], [1, 2, 3, 4])), 'length', 1024);
  });
  it('payload that is not whole DWs', () => {
    expectTlpError(() => decodeTlp(raw([0x40000001, 0x0000000f, 0x1000], [1, 2, 3])), 'payload', 3);
  });
  it('payload on a MRd', () => {
    expectTlpError(() => decodeTlp(raw([0x00000001, 0x0000000f, 0x1000], [1, 2, 3, 4])), 'length', 1);
  });
  it('Length 1 with non-zero Last DW BE', () => {
    expectTlpError(() => decodeTlp(raw([0x00000001, 0x0000003f, 0x1000])), 'lastBe', 3);
  });
  it('Length > 1 with First DW BE 0', () => {
    expectTlpError(() => decodeTlp(raw([0x00000004, 0x000000f0, 0x1000])), 'firstBe', 0);
  });
  it('Length > 1 with Last DW BE 0', () => {
    expectTlpError(() => decodeTlp(raw([0x00000004, 0x0000000f, 0x1000])), 'lastBe', 0);
  });
  it('Length 3 with non-contiguous First DW BE', () => {
    expectTlpError(() => decodeTlp(raw([0x00000003, 0x000000f5, 0x1000])), 'firstBe', 5);
  });
  it('Length 3 with First DW BE not reaching byte 3', () => {
    expectTlpError(() => decodeTlp(raw([0x00000003, 0x000000f3, 0x1000])), 'firstBe', 3);
  });
  it('Length 3 with Last DW BE not starting at byte 0', () => {
    expectTlpError(() => decodeTlp(raw([0x00000003, 0x000000cf, 0x1000])), 'lastBe', 0xc);
  });
  it('Length 2 not QW aligned with non-contiguous enables', () => {
    expectTlpError(() => decodeTlp(raw([0x00000002, 0x00000055, 0x1004])), 'firstBe', 5);
  });
  it('memory request crossing a 4 KiB boundary (§2.2.7)', () => {
    const e = expectTlpError(() => decodeTlp(raw([0x00000002, 0x000000ff, 0x1ffc])), 'address', 0x1ffcn);
    expect(e.message).toContain('4 KiB');
  });
  it('config request with Length != 1', () => {
    expectTlpError(() => decodeTlp(raw([0x04000002, 0x000000ff, 0x01000000])), 'length', 2);
  });
  it('4-DW header for an address below 4 GiB (§2.2.4.1)', () => {
    expectTlpError(() => decodeTlp(raw([0x20000001, 0x0000000f, 0x00000000, 0x00001000])), 'address', 0x1000n);
  });
  it('addresses at and above 2^53 decode exactly, up to 2^64 - 4 (64-bit addresses, §2.2.4.1)', () => {
    expect(decodeTlp(raw([0x20000001, 0x0000000f, 0x00200000, 0x00001000])).address).toBe(0x20_0000_0000_1000n);
    expect(decodeTlp(raw([0x20000001, 0x0000000f, 0xffffffff, 0xfffffffc])).address).toBe(0xffff_ffff_ffff_fffcn);
  });
  it('reserved Completion Status', () => {
    expectTlpError(() => decodeTlp(raw([0x0a000000, 0x00006004, 0x0])), 'status', 3);
  });
  it('CplD with a non-SC status', () => {
    expectTlpError(() => decodeTlp(raw([0x4a000001, 0x00002004, 0x0], [0, 0, 0, 0])), 'status', CplStatus.UR);
  });
  it('Cpl carrying a payload', () => {
    expectTlpError(() => decodeTlp(raw([0x0a000000, 0x00000004, 0x0], [0, 0, 0, 0])), 'payload', 4);
  });
  it('TD set (ECRC digest not modelled)', () => {
    expectTlpError(() => decodeTlp(raw([0x00008001, 0x0000000f, 0x1000])), 'td', 1);
  });
  it('the same rules hold for the 128-bit header form', () => {
    expectTlpError(() => hdrToTlp(new Uint32Array([0x00000002, 0x000000ff, 0x1ffc, 0]), new Uint8Array(0)), 'address', 0x1ffcn);
  });
});

describe('encode rejects TLPs it cannot put on the wire', () => {
  it('32-bit form for an address at or above 4 GiB', () => {
    const t = { ...mrd({ address: 0x1_0000_0000, length: 1, requesterId: 0, tag: 0 }), addr64: false };
    expectTlpError(() => encodeTlp(t), 'address', 0x1_0000_0000n);
  });
  it('64-bit form below 4 GiB', () => {
    expectTlpError(() => encodeTlp(mrd({ address: 0x1000, length: 1, requesterId: 0, tag: 0, addr64: true })), 'address', 0x1000n);
  });
  it('every 64-bit address round-trips; 2^64 and negative addresses are refused', () => {
    for (const address of [2n ** 53n, 2n ** 53n + 4n, 2n ** 64n - 4n]) {
      expect(decodeTlp(encodeTlp(mrd({ address, length: 1, requesterId: 0, tag: 0 }))).address).toBe(address);
    }
    expectTlpError(() => encodeTlp(mrd({ address: 2n ** 64n, length: 1, requesterId: 0, tag: 0 })), 'address', 2n ** 64n);
    expectTlpError(() => encodeTlp(mrd({ address: -4n, length: 1, requesterId: 0, tag: 0 })), 'address', -4n);
    // A number address must be exact: 2^53 + 1 is not.
    expectTlpError(() => mrd({ address: 2 ** 53 + 2, length: 1, requesterId: 0, tag: 0 }), 'address', 2 ** 53 + 2);
  });
  it('address not DW aligned', () => {
    expectTlpError(() => encodeTlp(mrd({ address: 0x1002, length: 1, requesterId: 0, tag: 0 })), 'address', 0x1002n);
  });
  it('tag out of range', () => {
    expectTlpError(() => encodeTlp(mrd({ address: 0x1000, length: 1, requesterId: 0, tag: 256 })), 'tag', 256);
  });
  it('TD set', () => {
    expectTlpError(() => encodeTlp({ ...cfgRd0({ requesterId: 0, tag: 0, targetId: 0, register: 0 }), td: true }), 'td', 1);
  });
  it('register offset not DW aligned', () => {
    expectTlpError(() => encodeTlp(cfgRd0({ requesterId: 0, tag: 0, targetId: 0, register: 0x11 })), 'register', 0x11);
  });
  it('Byte Count above 4096', () => {
    expectTlpError(() => encodeTlp(cpl({ completerId: 0, requesterId: 0, tag: 0, byteCount: 4097 })), 'byteCount', 4097);
  });
});

describe('round trips (fast-check)', () => {
  it('tlp -> bytes -> tlp', async () => {
    const tick = yielder();
    await fc.assert(
      fc.asyncProperty(arbTlp(false), async (t: Tlp) => {
        await tick();
        expect(decodeTlp(encodeTlp(t))).toEqual(t);
      }),
      { numRuns: 2000 },
    );
  });
  it('tlp -> 128-bit header -> tlp (TD carried as a bit)', async () => {
    const out = new Uint32Array(4);
    const tick = yielder();
    await fc.assert(
      fc.asyncProperty(arbTlp(true), async (t: Tlp) => {
        await tick();
        expect(hdrToTlp(tlpToHdr(t, out), t.data)).toEqual(t);
      }),
      { numRuns: 2000 },
    );
  });
  it('the 128-bit form equals the wire header DWs, with DW3 = 0 for 3-DW headers', async () => {
    const tick = yielder();
    await fc.assert(
      fc.asyncProperty(arbTlp(false), async (t: Tlp) => {
        await tick();
        const wire = encodeTlp(t);
        const hdr = tlpToHdr(t);
        const view = new DataView(wire.buffer);
        const hdrDw = wire.length - t.data.length === 16 ? 4 : 3;
        for (let i = 0; i < 4; i++) expect(hdr[i]).toBe(i < hdrDw ? view.getUint32(i * 4, false) : 0);
      }),
      { numRuns: 500 },
    );
  });
});
