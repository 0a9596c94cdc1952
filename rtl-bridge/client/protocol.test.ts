// Wire layout of the client codec against PROTOCOL.md offsets (no server needed).
import { describe, expect, it } from 'vitest';
import { MalformedMessage } from './errors.js';
import { Reader, decodeAdvanceBody, encodeAdvance, encodeSchedule } from './protocol.js';

describe('protocol codec', () => {
  it('lays out a SCHEDULE record as PROTOCOL.md says', () => {
    const hdr = new Uint32Array([0x4000_0001, 0x0000_000f, 0x8000_0000, 0]);
    const f = encodeSchedule(9, 0, [{ channel: 'rx_cpl', cycle: 2 ** 32 + 5, hdr, data: new Uint8Array([1, 2, 3, 4, 5, 6]), sideband: 3, funcNum: 0 }]);
    const dv = new DataView(f.buffer);
    expect(dv.getUint16(0, true)).toBe(3); // SCHEDULE
    expect(dv.getUint32(4, true)).toBe(9); // seq
    expect(dv.getUint32(16, true)).toBe(1); // count
    expect(dv.getUint8(20)).toBe(1); // rx_cpl
    expect(dv.getUint8(21)).toBe(3); // error sideband
    expect(dv.getUint32(24, true)).toBe(5); // cycle lo
    expect(dv.getUint32(28, true)).toBe(1); // cycle hi
    expect(dv.getUint32(32, true)).toBe(6); // nbytes
    expect(dv.getUint32(36, true)).toBe(0x4000_0001); // DW0 first
    expect(Array.from(f.subarray(52, 60))).toEqual([1, 2, 3, 4, 5, 6, 0, 0]); // padded to 4
    expect(f.length).toBe(60);
  });

  it('puts the ADVANCE target in the header cycle and the stop mask in the body', () => {
    const dv = new DataView(encodeAdvance(1, 1000, 1 << 3).buffer);
    expect(dv.getUint32(8, true)).toBe(1000);
    expect(dv.getUint32(16, true)).toBe(8);
  });

  it('decodes an output record and rejects a truncated one, naming the field', () => {
    const b = new Uint8Array(4 + 40 + 4);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 1, true);
    dv.setUint8(4, 5); // tx_wr_req
    dv.setUint32(8, 10, true); // sop
    dv.setUint32(16, 11, true); // eop
    dv.setUint32(24, 4, true); // nbytes
    dv.setUint32(28, 0x4000_0001, true);
    b.set([9, 8, 7, 6], 44);
    const [o] = decodeAdvanceBody(new Reader(b, 'test'));
    expect(o.channel).toBe('tx_wr_req');
    expect([o.sopCycle, o.cycle]).toEqual([10, 11]);
    expect(o.hdr[0]).toBe(0x4000_0001);
    expect(Array.from(o.data)).toEqual([9, 8, 7, 6]);
    expect(() => decodeAdvanceBody(new Reader(b.subarray(0, 30), 'test'))).toThrow(MalformedMessage);
    expect(() => decodeAdvanceBody(new Reader(b.subarray(0, 30), 'test'))).toThrow(/hdr/);
  });
});
