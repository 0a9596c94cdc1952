// One planted violation per rule on a hand-built stream (testkit.ts), and clean streams (TX chains
// of every shape, mergeable RX batches, several wraps, event suppression honoured) that raise
// nothing.
import { describe, expect, it } from 'vitest';
import { RING_RULES } from './rules.js';
import { StreamKit } from './testkit.js';

const TX = 0;

/** Device side of one TX buffer at `slot`: fetch, read every element, used, then notify. */
function txRoundTrip(k: StreamKit, q: number, slot: number, wrap: number, notify = true): number {
  const c = k.fetch(q, slot);
  for (const s of c.segs) k.read(s.addr, s.len);
  k.used(q, slot, c.id, 0, wrap);
  k.readDriverEvent(q);
  if (notify) k.msix(k.facts[q].queue_msix_vector);
  return c.slots;
}

/** A mergeable-RX queue with two 64-byte buffers the device has fetched, and a header saying num_buffers = 2. */
function mrgPair(): { k: StreamKit; ca: ReturnType<StreamKit['fetch']>; cb: ReturnType<StreamKit['fetch']>; hdr: Uint8Array } {
  const k = new StreamKit({ queues: [{ size: 4, receive: true }], features: { mrgRxbuf: true } });
  k.post(0, [64], true);
  k.post(0, [64], true);
  const hdr = new Uint8Array(64);
  hdr[10] = 2; // num_buffers
  return { k, ca: k.fetch(0, 0), cb: k.fetch(0, 1), hdr };
}

describe('clean streams raise nothing', () => {
  it('TX buffers of every shape, over several wraps of a 3-slot ring', () => {
    const k = new StreamKit({ queues: [{ size: 3 }] });
    let slot = 0;
    let wrap = 1;
    const shapes: Array<[number[], boolean]> = [[[100], false], [[20, 30], false], [[40, 50, 60], true], [[64], false], [[8, 8], true], [[200], false], [[10, 20], false]];
    for (const [lens, indirect] of shapes) {
      k.post(TX, lens, false, indirect);
      const n = txRoundTrip(k, TX, slot, wrap);
      slot += n;
      if (slot >= 3) {
        slot -= 3;
        wrap ^= 1;
      }
      expect(k.rings[TX].getUsed()).toBeDefined();
    }
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
    expect(k.mon.hostErrors.map((e) => e.message)).toEqual([]);
  });

  it('a mergeable RX frame over two buffers, the first used descriptor made used last', () => {
    const { k, ca, cb, hdr } = mrgPair();
    const [a, b] = [ca.id, cb.id];
    expect(a).not.toBe(b);
    k.write(ca.segs[0].addr, hdr);
    k.write(cb.segs[0].addr, new Uint8Array(40).fill(7));
    k.used(0, 1, cb.id, 40, 1, 'one-write');
    k.used(0, 0, ca.id, 64, 1);
    k.readDriverEvent(0);
    k.msix(1);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
    expect(k.rings[0].getUsed()?.id).toBe(a);
    expect(k.rings[0].getUsed()?.id).toBe(b);
  });

  it('a batch: a later buffer\'s data may follow its own used descriptor while the first still waits', () => {
    const { k, ca, cb, hdr } = mrgPair();
    k.used(0, 1, cb.id, 40, 1, 'one-write');
    k.write(cb.segs[0].addr, new Uint8Array(40).fill(7));
    k.write(ca.segs[0].addr, hdr);
    k.used(0, 0, ca.id, 64, 1);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
    k.write(cb.segs[0].addr, new Uint8Array(4)); // now visible to the driver: too late
    expect(k.rules()).toEqual(['DATA_AFTER_USED']);
  });

  it('DESC event suppression: a notification once off_wrap is crossed', () => {
    const k = new StreamKit({ queues: [{ size: 4 }], features: { eventIdx: true } });
    k.rings[TX].setDriverEvent('desc', 1); // notify when slot 1 is used
    k.post(TX, [10], false);
    k.post(TX, [10], false);
    txRoundTrip(k, TX, 0, 1, false);
    txRoundTrip(k, TX, 1, 1, true);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
  });

  it('an indirect table read entry by entry, each element read before the next entry', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    const id = k.post(TX, [30, 40, 50], false, true);
    const head = k.readDesc(TX, 0);
    for (let e = 0; e < 3; e++) {
      const t = k.read(head.addr + 16 * e, 16);
      const dv = new DataView(t.buffer, t.byteOffset, 16);
      k.read(Number(dv.getBigUint64(0, true)), dv.getUint32(8, true));
    }
    k.used(TX, 0, id, 0, 1);
    k.msix(1);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
    expect(k.mon.stats).toMatchObject({ chains: 1, used: 1, notifications: 1 });
  });

  it('IN_ORDER: one used descriptor for a batch skips every buffer of it', () => {
    const k = new StreamKit({ queues: [{ size: 8 }], features: { inOrder: true } });
    k.post(TX, [10], false);
    k.post(TX, [10, 10], false);
    const last = k.post(TX, [10], false);
    for (const slot of [0, 1, 3]) for (const s of k.fetch(TX, slot).segs) k.read(s.addr, s.len);
    k.used(TX, 0, last, 0, 1);
    k.msix(1);
    k.post(TX, [10], false);
    const c = k.fetch(TX, 4);
    k.used(TX, 4, c.id, 0, 1);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
    expect(k.mon.stats.used).toBe(2);
  });

  it('DESC event suppression: after a whole lap without a notification, a notification is allowed', () => {
    const k = new StreamKit({ queues: [{ size: 2 }], features: { eventIdx: true } });
    k.rings[TX].setDriverEvent('desc', 1); // slot 1 of the first lap
    k.post(TX, [10], false);
    txRoundTrip(k, TX, 0, 1, false);
    k.rings[TX].getUsed();
    k.rings[TX].setDriverEvent('desc', 2); // re-armed a lap ahead: ambiguous in 15 bits
    k.post(TX, [10], false);
    txRoundTrip(k, TX, 1, 1, true);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
  });

  it('completions split at the RCB and a descriptor batch in one read', () => {
    const k = new StreamKit({ queues: [{ size: 8 }] });
    for (let i = 0; i < 4; i++) k.post(TX, [300], false);
    k.read(k.descAddr(TX, 0), 64); // four descriptors at once
    for (let i = 0; i < 4; i++) {
      k.read(k.buf(TX, i), 300);
      k.used(TX, i, i, 0, 1);
    }
    k.msix(1);
    expect(k.mon.violations.map((v) => v.message)).toEqual([]);
  });
});

describe('each rule, planted', () => {
  it('READ_OUTSIDE: a buffer read before its descriptor was seen available', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    const id = k.post(TX, [100], false);
    k.read(k.buf(TX, id), 100);
    expect(k.rules()).toEqual(['READ_OUTSIDE']);
    expect(k.mon.violations[0].section).toBe(RING_RULES.READ_OUTSIDE.section);
    expect(k.mon.violations[0].message).toMatch(/MRd/);
  });

  it('READ_OUTSIDE: a descriptor whose AVAIL bit does not match the avail_wrap_counter is not available', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.mem.write(k.descAddr(TX, 0), Uint8Array.of(0, 0, 0, 0x30, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0x00, 0x80)); // AVAIL 0, USED 1
    const d = k.readDesc(TX, 0);
    k.read(d.addr, 16);
    expect(k.rules()).toEqual(['READ_OUTSIDE']);
  });

  it('READ_OUTSIDE: a body read before the flags that made the descriptor available is stale', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.read(k.descAddr(TX, 0), 14); // addr/len/id of an empty slot
    const id = k.post(TX, [100], false);
    k.read(k.descAddr(TX, 0) + 14, 2); // now AVAIL: but the body the device holds is the old one
    k.read(k.buf(TX, id), 100);
    expect(k.rules()).toEqual(['READ_OUTSIDE']);
  });

  it('READ_OUTSIDE: a buffer read after its used descriptor', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [100], false);
    txRoundTrip(k, TX, 0, 1);
    k.read(k.buf(TX, 0), 100);
    expect(k.rules()).toEqual(['READ_OUTSIDE']);
    expect(k.mon.violations[0].detail).toMatch(/already used/);
  });

  it('READ_WRITABLE (a warning): reading a device-writable element', () => {
    const k = new StreamKit({ queues: [{ size: 4, receive: true }] });
    const c = (k.post(0, [64], true), k.fetch(0, 0));
    k.read(c.segs[0].addr, 16);
    expect(k.rules()).toEqual(['READ_WRITABLE']);
    expect(k.mon.violations[0].severity).toBe('warning');
    expect(k.mon.report().errors).toBe(0);
  });

  it('WRITE_OUTSIDE: a write to memory no chain owns, and to the driver area', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.write(0x5000_0000, new Uint8Array(8));
    k.write(Number(k.facts[0].queue_driver), new Uint8Array(4));
    expect(k.rules()).toEqual(['WRITE_OUTSIDE', 'WRITE_OUTSIDE']);
  });

  it('WRITE_READABLE: a write into a device-readable element', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [20, 30], [false, true]);
    const c = k.fetch(TX, 0);
    k.write(c.segs[1].addr, new Uint8Array(30)); // the writable one: fine
    k.write(c.segs[0].addr + 4, new Uint8Array(4));
    expect(k.rules()).toEqual(['WRITE_READABLE']);
  });

  it('DATA_AFTER_USED: buffer data written after the flags that publish it', () => {
    const k = new StreamKit({ queues: [{ size: 4, receive: true }] });
    k.post(0, [64], true);
    const c = k.fetch(0, 0);
    k.used(0, 0, c.id, 64, 1);
    k.write(c.segs[0].addr, new Uint8Array(64));
    expect(k.rules()).toEqual(['DATA_AFTER_USED']);
  });

  it('USED_POSITION: a used descriptor in a slot the device has not consumed, or inside a skipped chain', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [10], false);
    k.used(TX, 1, 0, 0, 1);
    expect(k.rules()).toEqual(['USED_POSITION', 'USED_POSITION']); // id/len write and flags write
    const k2 = new StreamKit({ queues: [{ size: 4 }] });
    k2.post(TX, [10, 10], false);
    k2.post(TX, [10], false);
    const c = k2.fetch(TX, 0);
    k2.fetch(TX, 2);
    k2.used(TX, 1, 1, 0, 1); // slot 1 is the second descriptor of the first chain
    k2.used(TX, 0, c.id, 0, 1);
    expect(k2.rules()).toEqual(['USED_POSITION']);
  });

  it('USED_UNKNOWN_ID: a buffer id the device never saw available', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [10], false);
    k.fetch(TX, 0);
    k.used(TX, 0, 3, 0, 1);
    expect(k.rules()).toEqual(['USED_UNKNOWN_ID']);
  });

  it('USED_WRAP: a used descriptor of the second lap with the first lap\'s wrap bits', () => {
    const k = new StreamKit({ queues: [{ size: 2 }] });
    for (let i = 0; i < 2; i++) {
      k.post(TX, [10], false);
      txRoundTrip(k, TX, i, 1);
      k.rings[TX].getUsed();
    }
    k.post(TX, [10], false);
    const c = k.fetch(TX, 0);
    k.used(TX, 0, c.id, 0, 1); // should be 0 now
    expect(k.rules()).toEqual(['USED_WRAP']);
    expect(k.mon.violations[0].detail).toMatch(/used_wrap_counter 0/);
  });

  it('USED_FLAGS_BEFORE_ID: flags written before id/len', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [10], false);
    const c = k.fetch(TX, 0);
    k.used(TX, 0, c.id, 0, 1, 'flags-first');
    expect(k.rules()).toEqual(['USED_FLAGS_BEFORE_ID']);
  });

  it('USED_LEN: len beyond the writable bytes', () => {
    const k = new StreamKit({ queues: [{ size: 4, receive: true }] });
    k.post(0, [64], true);
    const c = k.fetch(0, 0);
    k.used(0, 0, c.id, 65, 1);
    expect(k.rules()).toEqual(['USED_LEN']);
  });

  it('MULTI_BUFFER_ORDER: the first used descriptor of a num_buffers = 2 frame made used first', () => {
    const { k, ca, cb, hdr } = mrgPair();
    k.write(ca.segs[0].addr, hdr);
    k.write(cb.segs[0].addr, new Uint8Array(8));
    k.write(cb.segs[0].addr + 8, Uint8Array.of(0, 0, 0x55, 0x55)); // frame bytes where a header's num_buffers would be
    k.used(0, 0, ca.id, 64, 1);
    k.used(0, 1, cb.id, 12, 1);
    expect(k.rules()).toEqual(['MULTI_BUFFER_ORDER']); // once: the second buffer is a continuation, not a frame
  });

  it('NOTIFY_WITHOUT_USED: an MSI-X message before the used write it announces', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.post(TX, [10], false);
    const c = k.fetch(TX, 0);
    k.read(c.segs[0].addr, 10);
    k.msix(1);
    k.used(TX, 0, c.id, 0, 1);
    expect(k.rules()).toEqual(['NOTIFY_WITHOUT_USED']);
  });

  it('NOTIFY_WITHOUT_USED: queues sharing a vector may each have their message, but no more', () => {
    const k = new StreamKit({ queues: [{ size: 4, vector: 1 }, { size: 4, vector: 1 }] });
    k.post(0, [10], false);
    k.post(1, [10], false);
    txRoundTrip(k, 0, 0, 1, false);
    txRoundTrip(k, 1, 0, 1, false);
    k.msix(1);
    k.msix(1);
    expect(k.rules()).toEqual([]);
    k.msix(1);
    expect(k.rules()).toEqual(['NOTIFY_WITHOUT_USED']);
  });

  it('NOTIFY_SUPPRESSED (a warning): DISABLE read, or DESC not crossed, yet notified', () => {
    const k = new StreamKit({ queues: [{ size: 4 }] });
    k.rings[TX].setDriverEvent('disable');
    k.post(TX, [10], false);
    txRoundTrip(k, TX, 0, 1);
    expect(k.rules()).toEqual(['NOTIFY_SUPPRESSED']);
    expect(k.mon.violations[0].severity).toBe('warning');
    const k2 = new StreamKit({ queues: [{ size: 4 }], features: { eventIdx: true } });
    k2.rings[TX].setDriverEvent('desc', 2);
    k2.post(TX, [10], false);
    txRoundTrip(k2, TX, 0, 1);
    expect(k2.rules()).toEqual(['NOTIFY_SUPPRESSED']);
    expect(k2.mon.violations[0].detail).toMatch(/off_wrap 0x8002 not crossed/);
  });

  it('PCIe rules come from the host checker: DMA with Bus Master Enable clear, reads over MRRS', () => {
    const k = new StreamKit({ queues: [{ size: 4 }], checker: { maxReadRequestSize: 128 } });
    k.post(TX, [300], false);
    const c = k.fetch(TX, 0);
    k.read(c.segs[0].addr, 300);
    k.mon.configureHost({ busMasterEnable: false });
    k.used(TX, 0, c.id, 0, 1);
    k.msix(1);
    const host = k.mon.report().host.map((e) => e.rule);
    expect(host).toContain('MAX_READ_REQUEST_SIZE');
    expect(host.filter((r) => r === 'BUS_MASTER_DISABLED').length).toBe(3); // id/len, flags, MSI-X
    expect(k.rules()).toEqual([]);
  });
});
