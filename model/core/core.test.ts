// The functional core against the independent driver half of model/ring/test-driver.ts.
import { describe, expect, it } from 'vitest';
import { DESC_SIZE, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../ring/constants.js';
import { TestDriver } from '../ring/test-driver.js';
import { initialCtrlState, VIRTIO_NET_ERR, VIRTIO_NET_OK } from '../net/ctrl.js';
import { decodeNetHdr, VIRTIO_NET_HDR_LEN } from '../net/hdr.js';
import { internetChecksum } from '../net/csum.js';
import { advance, gatherReadable, peekChain, popChain, scatterWritable, type AvailCursor } from './chain.js';
import { CoreError } from './errors.js';
import { SparseMemory, type CoreMemory } from './memory.js';
import { ctrlExecute, rxImage, rxPlan, txFrame } from './net.js';
import { decodeEventSuppress, isPublished, notificationWanted, usedFlags } from './used.js';

const DESC = 0x1000;
const SIZE = 8;

function setup(): { mem: Uint8Array; drv: TestDriver; view: CoreMemory; cur: AvailCursor } {
  const mem = new Uint8Array(0x10000);
  const drv = new TestDriver(mem, SIZE, DESC, 0x2000, 0x3000);
  // Bytes outside the test's 64 KiB are unknown.
  const view: CoreMemory = { read: (a, n) => (BigInt(a) + BigInt(n) <= BigInt(mem.length) ? mem.slice(Number(a), Number(a) + n) : null) };
  return { mem, drv, view, cur: { queueSize: SIZE, queueDesc: BigInt(DESC), nextAvail: 0, availWrap: 1 } };
}

describe('SparseMemory', () => {
  it('answers null for any unknown byte and the bytes once all are known', () => {
    const m = new SparseMemory();
    m.write(4094, Uint8Array.of(1, 2, 3, 4)); // across a page boundary
    expect(m.read(4094, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(m.read(4093, 2)).toBeNull();
    expect(m.firstUnknown(4094, 6)).toBe(4098);
    m.forget(4095, 1);
    expect(m.read(4094, 4)).toBeNull();
    expect(() => m.read(-1, 1)).toThrow(CoreError);
  });

  it('holds any 64-bit address: number and bigint forms agree across 2^53; a range may end at 2^64, not pass it', () => {
    const m = new SparseMemory();
    const at = 2 ** 53 - 2; // a number whose range crosses 2^53
    m.write(at, Uint8Array.of(1, 2, 3, 4));
    expect(m.read(2n ** 53n - 2n, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(m.read(2n ** 53n, 2)).toEqual(Uint8Array.of(3, 4));
    expect(m.firstUnknown(at, 6)).toBe(2n ** 53n + 2n);
    m.write(2n ** 64n - 3n, Uint8Array.of(7, 8, 9)); // ends exactly at 2^64
    expect(m.read(0xffff_ffff_ffff_fffdn, 3)).toEqual(Uint8Array.of(7, 8, 9));
    expect(m.firstUnknown(2n ** 64n - 4n, 4)).toBe(2n ** 64n - 4n);
    expect(m.firstUnknown(2n ** 64n - 3n, 3)).toBe(-1);
    expect(() => m.read(2n ** 64n - 3n, 4)).toThrow(/passes 2\^64/);
    expect(() => m.write(2n ** 64n, Uint8Array.of(1))).toThrow(CoreError);
    expect(() => m.read(2 ** 60, 1)).toThrow(/not exact/); // a number past 2^53 may already be rounded
    expect(() => m.read(-1n, 1)).toThrow(CoreError);
  });
});

describe('a ring at the top of the 64-bit space', () => {
  it('pops a chain whose ring (0xffff_ffff_ffff_0000) and buffers (2^60, ending at 2^64) lie above 2^53', () => {
    const ring = 0xffff_ffff_ffff_0000n;
    const view = new SparseMemory();
    const desc = (slot: number, addr: bigint, len: number, flags: number): void => {
      const b = new Uint8Array(DESC_SIZE);
      const v = new DataView(b.buffer);
      v.setBigUint64(0, addr, true);
      v.setUint32(8, len, true);
      v.setUint16(12, 5, true);
      v.setUint16(14, flags | VIRTQ_DESC_F_AVAIL, true);
      view.write(ring + BigInt(slot * DESC_SIZE), b);
    };
    desc(0, 2n ** 60n, 12, VIRTQ_DESC_F_NEXT);
    desc(1, 2n ** 64n - 64n, 64, 0); // ends exactly at 2^64
    view.write(2n ** 60n, new Uint8Array(12));
    view.write(2n ** 64n - 64n, Uint8Array.from({ length: 64 }, (_, i) => i));
    const cur: AvailCursor = { queueSize: SIZE, queueDesc: ring, nextAvail: 0, availWrap: 1 };
    const r = popChain(view, cur, { indirectDesc: false });
    if (r.kind !== 'element') throw new Error(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v)));
    expect(r.element.readable.map((s) => [s.addr, s.len])).toEqual([[2n ** 60n, 12], [2n ** 64n - 64n, 64]]);
    const data = gatherReadable(view, r.element);
    expect(data instanceof Uint8Array ? [...data.subarray(12, 16)] : data).toEqual([0, 1, 2, 3]);
    // one byte further: it would pass 2^64 (wraps): illegal, not a thrown error
    desc(2, 2n ** 64n - 64n, 65, 0);
    const bad = popChain(view, cur, { indirectDesc: false });
    expect(bad.kind === 'illegal' ? bad.reason : bad.kind).toBe('AddressOverflow');
  });

  it('readInto: copies into the caller\'s buffer; one unknown byte anywhere (any alignment) fails it', () => {
    const m = new SparseMemory();
    const data = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    m.write(4050, data); // across a page boundary, long enough for the word-wise check
    const out = new Uint8Array(104);
    expect(m.readInto(4050, 100, out, 4)).toBe(true);
    expect(out.subarray(4)).toEqual(data);
    for (const hole of [4050, 4053, 4056, 4095, 4096, 4101, 4149]) {
      m.forget(hole, 1);
      expect(m.readInto(4050, 100, out, 0)).toBe(false);
      expect(m.read(4050, 100)).toBeNull();
      expect(m.firstUnknown(4050, 100)).toBe(hole);
      m.write(hole, data.subarray(hole - 4050, hole - 4049));
      expect(m.read(4050, 100)).toEqual(data);
    }
  });

});

describe('chains as elements (virtio §2.8.1, §2.8.6, §2.8.7)', () => {
  it('pops a NEXT chain: id from the last descriptor, readable then writable, ndescs slots', () => {
    const { drv, view, cur } = setup();
    const id = drv.addChain([{ addr: 0x4000, len: 12, writable: false }, { addr: 0x5000, len: 100, writable: false }, { addr: 0x6000, len: 64, writable: true }]);
    const r = popChain(view, cur, { indirectDesc: false });
    if (r.kind !== 'element') throw new Error(r.kind);
    expect(r.element.id).toBe(id);
    expect(r.element.ndescs).toBe(3);
    expect(r.element.readable.map((s) => [Number(s.addr), s.len])).toEqual([[0x4000, 12], [0x5000, 100]]);
    expect(r.element.writableBytes).toBe(64);
    expect(cur.nextAvail).toBe(3);
    expect(popChain(view, cur, { indirectDesc: false }).kind).toBe('not-available');
  });

  it('keeps 64-bit addresses exact past 2^53 (bigint slow path) and reads through the number fast path below', () => {
    const { mem, view, cur } = setup();
    const far = (1n << 63n) + 0x1234_5678_9abcn; // not a safe number
    const dv = new DataView(mem.buffer);
    dv.setBigUint64(DESC, far, true);
    dv.setUint32(DESC + 8, 64, true);
    dv.setUint16(DESC + 12, 5, true);
    dv.setUint16(DESC + 14, 0x80, true); // AVAIL, readable
    const r = peekChain(view, cur, { indirectDesc: false });
    if (r.kind !== 'element') throw new Error(r.kind);
    expect(r.element.readable).toEqual([{ addr: far, len: 64 }]);
    expect(gatherReadable(view, r.element)).toEqual({ unknown: far });
    dv.setBigUint64(DESC, 0xffff_ffff_ffff_fff0n, true); // + 64 passes 2^64
    const o = peekChain(view, cur, { indirectDesc: false });
    expect(o.kind === 'illegal' && o.reason).toBe('AddressOverflow');
    // A ring above 2^53: nothing there is known to a number-addressed memory.
    const high = peekChain(view, { ...cur, queueDesc: far }, { indirectDesc: false });
    expect(high).toMatchObject({ kind: 'unknown', address: far });
  });

  it('follows the wrap counter: a slot of the previous lap is not available', () => {
    const { drv, view, cur } = setup();
    for (let lap = 0; lap < 3; lap++) {
      for (let i = 0; i < SIZE / 2; i++) drv.addChain([{ addr: 0x4000 + i * 64, len: 32, writable: true }, { addr: 0x8000, len: 8, writable: true }], lap * 4 + i);
      for (let i = 0; i < SIZE / 2; i++) expect(popChain(view, cur, { indirectDesc: false }).kind).toBe('element');
      expect(cur.availWrap).toBe((lap + 1) % 2 === 1 ? 0 : 1);
      expect(peekChain(view, cur, { indirectDesc: false }).kind).toBe('not-available');
      // the driver needs its used entries to reuse slots: pretend all were used
      drv.free = SIZE;
    }
  });

  it('resolves an indirect table to one slot with its entries', () => {
    const { drv, view, cur } = setup();
    drv.addIndirect(0x7000, [{ addr: 0x4000, len: 12, writable: false }, { addr: 0x6000, len: 1500, writable: true }]);
    const r = popChain(view, cur, { indirectDesc: true });
    if (r.kind !== 'element') throw new Error(r.kind);
    expect(r.element.indirect).toBe(true);
    expect(r.element.ndescs).toBe(1);
    expect(r.element.readableBytes + r.element.writableBytes).toBe(1512);
  });

  it('answers each illegal chain with its reason', () => {
    const cases: Array<[string, (d: TestDriver) => void, boolean]> = [
      ['IndirectNotNegotiated', (d) => d.addIndirect(0x7000, [{ addr: 0x4000, len: 12, writable: false }]), false],
      ['ReadableAfterWritable', (d) => d.addChain([{ addr: 0x4000, len: 12, writable: true }, { addr: 0x5000, len: 1, writable: false }]), false],
      ['ZeroLengthElement', (d) => d.addChain([{ addr: 0x4000, len: 0, writable: false }]), false],
      ['IndirectWithNext', (d) => d.addIndirect(0x7000, [{ addr: 0x4000, len: 12, writable: false }], undefined, VIRTQ_DESC_F_NEXT), true],
    ];
    for (const [reason, add, indirect] of cases) {
      const { drv, view, cur } = setup();
      add(drv);
      const r = peekChain(view, cur, { indirectDesc: indirect });
      expect(r.kind === 'illegal' ? r.reason : r.kind).toBe(reason);
    }
  });

  it('says which byte it could not see', () => {
    const { drv, mem, cur } = setup();
    drv.addChain([{ addr: 0x4000, len: 12, writable: false }, { addr: 0x5000, len: 10, writable: false }]);
    const view = new SparseMemory();
    view.write(DESC, mem.subarray(DESC, DESC + 16)); // only the head was read
    const r = peekChain(view, cur, { indirectDesc: false });
    expect(r.kind === 'unknown' ? Number(r.address) : -1).toBe(DESC + 16);
  });

  it('advances positions modulo queue_size flipping the wrap counter', () => {
    expect(advance(6, 1, 3, 8)).toEqual({ pos: 1, wrap: 0 });
    expect(advance(2, 0, 3, 8)).toEqual({ pos: 5, wrap: 0 });
  });
});

describe('net on elements (virtio §5.1.6)', () => {
  it('TX: strips the header, fills NEEDS_CSUM only when negotiated', () => {
    const hdr = new Uint8Array(VIRTIO_NET_HDR_LEN);
    hdr[0] = 1; // NEEDS_CSUM
    hdr[6] = 4; // csum_start
    hdr[8] = 2; // csum_offset
    const payload = Uint8Array.of(9, 9, 9, 9, 0x45, 0x00, 0, 0, 1, 2, 3, 4);
    const chain = new Uint8Array([...hdr, ...payload]);
    const plain = txFrame(chain, false);
    const sum = txFrame(chain, true);
    if (plain.kind !== 'frame' || sum.kind !== 'frame') throw new Error('no frame');
    expect(plain.frame).toEqual(payload);
    expect(internetChecksum(sum.frame, 4)).toBe(0);
    expect(sum.frame[6] | sum.frame[7]).not.toBe(0);
    expect(txFrame(hdr.subarray(0, 8), false).kind).toBe('no-frame');
  });

  it('RX: header with num_buffers, buffers filled in order with MRG_RXBUF', () => {
    const { drv, view, cur } = setup();
    for (let i = 0; i < 3; i++) drv.addChain([{ addr: 0x4000 + i * 0x400, len: 600, writable: true }]);
    const els = [0, 1, 2].map(() => {
      const r = popChain(view, cur, { indirectDesc: false });
      if (r.kind !== 'element') throw new Error(r.kind);
      return r.element;
    });
    const plan = rxPlan(1000, true, els);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.lens).toEqual([600, 412]);
    const img = rxImage(new Uint8Array(1000).fill(7), plan.numBuffers);
    expect(decodeNetHdr(img).num_buffers).toBe(2);
    expect(scatterWritable(els[1], 412)).toEqual([{ addr: BigInt(0x4400), at: 0, len: 412 }]);
    expect(rxPlan(1000, false, els)).toEqual({ ok: false, reason: 'too_big' });
  });

  it('ctrl: executes the command, ERR for an unknown class, bad without an ack byte', () => {
    const { drv, view, cur } = setup();
    drv.addChain([{ addr: 0x4000, len: 3, writable: false }, { addr: 0x5000, len: 1, writable: true }]);
    const r = popChain(view, cur, { indirectDesc: false });
    if (r.kind !== 'element') throw new Error(r.kind);
    const st = initialCtrlState(new Uint8Array(6), 1);
    const f = { ctrlRx: true, ctrlMacAddr: true, mq: false, guestAnnounce: false };
    expect(ctrlExecute(Uint8Array.of(0, 0, 0), r.element, st, f)).toMatchObject({ kind: 'ack', ack: VIRTIO_NET_OK });
    expect(st.promisc).toBe(false);
    expect(ctrlExecute(Uint8Array.of(7, 0), r.element, st, f)).toMatchObject({ kind: 'ack', ack: VIRTIO_NET_ERR });
    expect(ctrlExecute(Uint8Array.of(0, 0, 1), { ...r.element, writable: [], writableBytes: 0 }, st, f).kind).toBe('bad');
    const bytes = gatherReadable(view, r.element);
    expect(bytes instanceof Uint8Array ? bytes.length : -1).toBe(3);
  });
});

describe('used publication and notification predicates (virtio §2.8.1, §2.8.10)', () => {
  it('used flags: AVAIL = USED = used_wrap_counter, WRITE when bytes were written', () => {
    expect(usedFlags(1, 0)).toBe(0x8080);
    expect(usedFlags(0, 5)).toBe(VIRTQ_DESC_F_WRITE);
    expect(isPublished(0x8080, 1)).toBe(true);
    expect(isPublished(0x0080, 1)).toBe(false);
    expect(isPublished(0x0000, 0)).toBe(true);
    expect(isPublished(0x8000, 0)).toBe(false);
  });

  it('ENABLE yes, DISABLE no, DESC when the event slot lies among those published', () => {
    const ev = (flags: number, off: number, wrap: number): ReturnType<typeof decodeEventSuppress> =>
      decodeEventSuppress(Uint8Array.of(off & 0xff, (off >> 8) | (wrap << 7), flags, 0));
    expect(notificationWanted(ev(0, 0, 0), 3, 1, 1, 8, true)).toBe(true);
    expect(notificationWanted(ev(1, 0, 0), 3, 1, 1, 8, true)).toBe(false);
    expect(notificationWanted(ev(2, 2, 1), 3, 1, 1, 8, true)).toBe(true); // slot 2 just used
    expect(notificationWanted(ev(2, 5, 1), 3, 1, 1, 8, true)).toBe(false); // slot 5 later
    expect(notificationWanted(ev(2, 5, 1), 3, 1, 1, 8, false)).toBe(true); // DESC without EVENT_IDX: not valid, notify
    expect(notificationWanted(ev(0, 0, 0), 3, 1, 0, 8, true)).toBe(false); // nothing published
  });
});
