// Wire layout of the client codec against PROTOCOL.md offsets (no server needed).
import { describe, expect, it } from 'vitest';
import { MalformedMessage } from './errors.js';
import { Reader, bigintToWords, decodeAdvanceBody, decodeSignalListBody, encodeAdvance, encodeSchedule, encodeSignalList, encodeWatch, isTransaction, wordsToBigint } from './protocol.js';

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

  it('signal access: WATCH names padded to 4 from their length field, SIGNAL_LIST request and reply, values of any width', () => {
    const w = encodeWatch(3, ['ab', 'top.x']);
    const dv = new DataView(w.buffer);
    expect(dv.getUint16(0, true)).toBe(0x51);
    expect(dv.getUint16(16, true)).toBe(2); // count
    expect(dv.getUint16(20, true)).toBe(2); // 'ab': 2 + 2 bytes, no padding
    expect(new TextDecoder().decode(w.subarray(22, 24))).toBe('ab');
    expect(dv.getUint16(24, true)).toBe(5); // 'top.x': 2 + 5 bytes, padded to 8
    expect(new TextDecoder().decode(w.subarray(26, 31))).toBe('top.x');
    expect(w.length).toBe(32);
    const l = new DataView(encodeSignalList(4, 'u_', 7).buffer);
    expect([l.getUint16(0, true), l.getUint16(16, true), l.getUint32(20, true)]).toEqual([0x50, 2, 7]);
    // A reply of two entries: total 9, count 2, then bits / writable / name.
    const body = new Uint8Array(8 + 8 + 4 + 8 + 8);
    const b = new DataView(body.buffer);
    b.setUint32(0, 9, true);
    b.setUint32(4, 2, true);
    b.setUint32(8, 128, true);
    b.setUint8(12, 1);
    b.setUint16(14, 3, true);
    body.set(new TextEncoder().encode('a.b'), 16);
    b.setUint32(20, 1, true);
    b.setUint16(26, 5, true);
    body.set(new TextEncoder().encode('clk.x'), 28);
    expect(decodeSignalListBody(new Reader(body, 'SIGNAL_LIST'))).toEqual({ total: 9, entries: [{ name: 'a.b', bits: 128, writable: true }, { name: 'clk.x', bits: 1, writable: false }] });
    const wide = (1n << 127n) | (0x1234_5678n << 64n) | 0xffff_ffffn;
    expect(Array.from(bigintToWords(wide, 4))).toEqual([0xffff_ffff, 0, 0x1234_5678, 0x8000_0000]);
    expect(wordsToBigint(bigintToWords(wide, 4))).toBe(wide);
    expect(wordsToBigint(bigintToWords(wide, 2))).toBe(0xffff_ffffn); // higher words cut
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

  it('decodes contract and start records (protocol v2) and rejects ones naming no output channel', () => {
    const text = new TextEncoder().encode('beat 0 is not the last');
    const pad = (text.length + 3) & ~3;
    const b = new Uint8Array(4 + 40 + pad + 40);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 2, true);
    dv.setUint8(4, 8); // contract
    dv.setUint8(5, 3); // beat-not-full
    dv.setUint8(6, 3); // subject tx_cpl
    dv.setUint32(8, 77, true);
    dv.setUint32(16, 77, true);
    dv.setUint32(24, text.length, true);
    b.set(text, 44);
    const o2 = 44 + pad;
    dv.setUint8(o2, 9); // start
    dv.setUint8(o2 + 2, 6); // subject m_axis_tx
    dv.setUint32(o2 + 4, 90, true);
    dv.setUint32(o2 + 12, 90, true);
    const [c, st] = decodeAdvanceBody(new Reader(b, 'test'));
    expect(c.channel).toBe('contract');
    expect(c.cycle).toBe(77);
    expect(c.contract).toEqual({ channel: 'tx_cpl', rule: 'beat-not-full', detail: 'beat 0 is not the last' });
    expect(st.channel).toBe('start');
    expect(st.startOf).toBe('m_axis_tx');
    expect(st.cycle).toBe(90);
    expect([isTransaction(c), isTransaction(st)]).toEqual([false, false]);
    dv.setUint8(6, 7); // intx has no beats
    expect(() => decodeAdvanceBody(new Reader(b, 'test'))).toThrow(/contract record with rule 3 on channel 7/);
    dv.setUint8(6, 3);
    dv.setUint8(5, 99); // unknown rule
    expect(() => decodeAdvanceBody(new Reader(b, 'test'))).toThrow(MalformedMessage);
  });
});
