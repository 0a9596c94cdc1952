import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yielder } from '../util/yielder.js';
import { MemoryDma } from '../dma/memory-dma.js';
import { Prng } from '../util/prng.js';
import {
  DESC_SIZE, RING_EVENT_FLAGS_DESC, RING_EVENT_FLAGS_DISABLE, RING_EVENT_FLAGS_ENABLE, VIRTQ_DESC_F_AVAIL,
  VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE,
} from './constants.js';
import type { RingError } from './errors.js';
import { packedNeedEvent } from './event.js';
import { PackedVirtqueue, type PackedQueueConfig, type RingBuffer, type RingConsumer } from './packed.js';
import { TestDriver, type Elem } from './test-driver.js';

class Consumer implements RingConsumer {
  onFirstWritable?: RingConsumer['onFirstWritable'];
  bufs: RingBuffer[] = [];
  empties = 0;
  data = new Map<number, Uint8Array>();
  notifies = 0;
  errors: RingError[] = [];
  onBuffer(_q: PackedVirtqueue, buf: RingBuffer): void {
    this.bufs.push(buf);
  }
  onEmpty(): void {
    this.empties++;
  }
  onData(_q: PackedVirtqueue, cookie: number, data: Uint8Array): void {
    this.data.set(cookie, data);
  }
  onUsedNotify(): void {
    this.notifies++;
  }
  onRingError(_q: PackedVirtqueue, err: RingError): void {
    this.errors.push(err);
  }
}

const DRIVER_AREA = 0x0;
const DEVICE_AREA = 0x10;
const DESC_BASE = 0x1000;
const DATA_BASE = 0x10_0000; // buffers and indirect tables live above 1 MiB

interface Rig {
  dma: MemoryDma;
  drv: TestDriver;
  q: PackedVirtqueue;
  c: Consumer;
  cfg: PackedQueueConfig;
}

function rig(queueSize: number, over: Partial<PackedQueueConfig> = {}, dmaOver: Partial<ConstructorParameters<typeof MemoryDma>[0]> = {}): Rig {
  const dma = new MemoryDma({ size: 0x20_0000, ...dmaOver });
  const cfg: PackedQueueConfig = { queueIndex: 0, queueSize, queueDesc: DESC_BASE, queueDriver: DRIVER_AREA, queueDevice: DEVICE_AREA, ...over };
  const c = new Consumer();
  const q = new PackedVirtqueue(dma, c, cfg);
  const drv = new TestDriver(dma.mem, queueSize, DESC_BASE, DRIVER_AREA, DEVICE_AREA, !!over.inOrder);
  return { dma, drv, q, c, cfg };
}

function popAll(r: Rig): RingBuffer[] {
  const start = r.c.bufs.length;
  for (let guard = 0; guard < 100000; guard++) {
    const before = r.c.empties;
    r.q.pop();
    if (r.c.empties !== before || r.q.stopped) break;
  }
  return r.c.bufs.slice(start);
}

describe('packed ring: buffers', () => {
  it('single readable buffer: elements, data read, used entry with id and len 0', () => {
    const r = rig(4);
    r.dma.mem.set([1, 2, 3, 4, 5], DATA_BASE);
    const id = r.drv.addChain([{ addr: DATA_BASE, len: 5, writable: false }]);
    const [b] = popAll(r);
    expect(b.elements).toEqual([{ addr: DATA_BASE, len: 5, writable: false }]);
    expect([b.id, b.ndescs, b.head]).toEqual([id, 1, 0]);
    r.q.readData(b, 1, 3, 77);
    expect(Array.from(r.c.data.get(77)!)).toEqual([2, 3, 4]);
    r.q.complete(b, 0);
    const u = r.drv.pollUsed()!;
    expect([u.id, u.len, u.flags & VIRTQ_DESC_F_WRITE]).toEqual([id, 0, 0]);
    expect(u.flags & (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED)).toBe(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED);
  });

  it('chain: readable then writable elements, gather read, scatter write, id from last descriptor', () => {
    const r = rig(8);
    const elems: Elem[] = [
      { addr: DATA_BASE, len: 3, writable: false },
      { addr: DATA_BASE + 0x100, len: 4, writable: false },
      { addr: DATA_BASE + 0x200, len: 2, writable: true },
      { addr: DATA_BASE + 0x300, len: 6, writable: true },
    ];
    r.dma.mem.set([10, 11, 12], DATA_BASE);
    r.dma.mem.set([13, 14, 15, 16], DATA_BASE + 0x100);
    r.drv.addChain(elems, 5);
    // Make the head's id differ: the device must use the last descriptor's (§2.8.6).
    r.dma.view.setUint16(DESC_BASE + 12, 3, true);
    const [b] = popAll(r);
    expect(b.id).toBe(5);
    expect([b.ndescs, b.readableBytes, b.writableBytes, b.readableCount]).toEqual([4, 7, 8, 2]);
    r.q.readData(b, 1, 5, 1);
    expect(Array.from(r.c.data.get(1)!)).toEqual([11, 12, 13, 14, 15]);
    r.q.writeData(b, 1, new Uint8Array([0xa1, 0xa2, 0xa3]));
    expect(Array.from(r.dma.mem.subarray(DATA_BASE + 0x201, DATA_BASE + 0x202))).toEqual([0xa1]);
    expect(Array.from(r.dma.mem.subarray(DATA_BASE + 0x300, DATA_BASE + 0x302))).toEqual([0xa2, 0xa3]);
    r.q.complete(b, 3);
    const u = r.drv.pollUsed()!;
    expect([u.id, u.len, u.flags & VIRTQ_DESC_F_WRITE, u.skipped]).toEqual([5, 3, VIRTQ_DESC_F_WRITE, 4]);
    expect(r.q.nextUsed).toBe(4);
    expect(() => r.q.writeData(b, 7, new Uint8Array(2))).toThrow(/device-writable/);
  });

  it('indirect: walks exactly len/16 entries, ignores NEXT and id inside the table', () => {
    const r = rig(2, { indirectDesc: true, maxIndirect: 8 });
    const elems: Elem[] = [0, 1, 2, 3].map((i) => ({ addr: DATA_BASE + 0x1000 + i * 0x40, len: 8 + i, writable: i >= 2 }));
    r.drv.addIndirect(DATA_BASE, elems, 1);
    // A fifth, stale entry right after the table must not be used.
    r.drv.writeDesc((DATA_BASE + 4 * DESC_SIZE - DESC_BASE) / DESC_SIZE, DATA_BASE + 0x9000, 99, 0, 0);
    const [b] = popAll(r);
    expect(b.elements).toEqual(elems);
    expect([b.id, b.ndescs]).toEqual([1, 1]);
  });

  for (const size of [1, 2, 3, 256, 32768]) {
    it(`wraps around many times at queue size ${size}, completions in random order and batches`, async () => {
      const tick = yielder(10);
      const r = rig(size, { indirectDesc: true, maxIndirect: 4 });
      const rng = new Prng(size * 7 + 1);
      const laps = size >= 256 ? 3 : 40;
      const expected = new Map<number, Elem[]>();
      const lens = new Map<number, number>();
      const slots = new Map<number, number>();
      let consumed = 0;
      let usedSeen = 0;
      let flips = 0;
      let lastWrap = r.q.availWrapCounter;
      let tables = 0;
      for (let round = 0; consumed < laps * size && round < 100000; round++) {
        await tick();
        // Driver: fill what room there is.
        for (let k = 0; k < 64 && r.drv.free > 0; k++) {
          const n = 1 + (rng.u32() % Math.min(r.drv.free, 4));
          const nRead = rng.u32() % (n + 1);
          const elems: Elem[] = [];
          for (let i = 0; i < n; i++) elems.push({ addr: DATA_BASE + (rng.u32() % 0x8000), len: 1 + (rng.u32() % 1500), writable: i >= nRead });
          const indirect = rng.u32() % 5 === 0;
          const id = indirect ? r.drv.addIndirect(DATA_BASE + 0x10000 + (tables++ % 1024) * 0x40, elems) : r.drv.addChain(elems);
          expected.set(id, elems);
          slots.set(id, indirect ? 1 : n);
        }
        const bufs = popAll(r);
        expect(r.c.errors).toEqual([]);
        for (const b of bufs) {
          expect(b.elements).toEqual(expected.get(b.id));
          expect(b.ndescs).toBe(slots.get(b.id));
          consumed += b.ndescs;
          if (r.q.availWrapCounter !== lastWrap) {
            flips++;
            lastWrap = r.q.availWrapCounter;
          }
        }
        // Device: complete in a random order, sometimes several per flush.
        const order = bufs.slice();
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.u32() % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        for (const b of order) {
          const len = b.writableBytes ? rng.u32() % (b.writableBytes + 1) : 0;
          lens.set(b.id, len);
          r.q.fill(b, len);
          if (rng.u32() % 3 === 0) r.q.flush();
        }
        r.q.flush();
        for (let u = r.drv.pollUsed(); u; u = r.drv.pollUsed()) {
          expect(u.len).toBe(lens.get(u.id));
          expect(u.skipped).toBe(slots.get(u.id));
          usedSeen++;
        }
        expect(r.drv.outstanding).toBe(0);
      }
      expect(consumed).toBeGreaterThanOrEqual(laps * size);
      expect(flips).toBeGreaterThanOrEqual(laps - 1);
      expect(usedSeen).toBeGreaterThan(0);
      expect([r.q.nextUsed, r.q.usedWrapCounter]).toEqual([r.drv.nextUsed, r.drv.usedWrapCounter]);
    });
  }

  it('works the same with deferred, shuffled DMA answers', () => {
    const r = rig(16, { indirectDesc: true }, { mode: 'deferred', shuffle: new Prng(3) });
    const rng = new Prng(9);
    let done = 0;
    for (let round = 0; round < 50; round++) {
      while (r.drv.free > 0) {
        const n = 1 + (rng.u32() % Math.min(r.drv.free, 3));
        r.drv.addChain(Array.from({ length: n }, (_, i) => ({ addr: DATA_BASE + i * 64, len: 64, writable: i > 0 })));
      }
      for (let guard = 0; guard < 1000; guard++) {
        if (!r.q.fetching) {
          const before = r.c.empties;
          const got = r.c.bufs.length;
          r.q.pop();
          r.dma.deliver();
          if (r.c.empties !== before && r.c.bufs.length === got) break;
        }
        r.dma.deliver();
      }
      for (const b of r.c.bufs.splice(0)) r.q.complete(b, Math.min(1, b.writableBytes));
      r.dma.deliver();
      for (let u = r.drv.pollUsed(); u; u = r.drv.pollUsed()) done++;
    }
    expect(r.c.errors).toEqual([]);
    expect(done).toBeGreaterThan(100);
  });
});

describe('packed ring: used write ordering (§2.8.9, checklist §4.5)', () => {
  function recording(size: number) {
    const writes: { addr: number; len: number }[] = [];
    const r = rig(size, {}, { onWrite: (addr, data) => writes.push({ addr, len: data.length }) });
    return { r, writes };
  }
  const slotOf = (w: { addr: number }) => Math.floor((w.addr - DESC_BASE) / DESC_SIZE);
  const isFlags = (w: { addr: number; len: number }) => w.addr >= DESC_BASE && (w.addr - DESC_BASE) % DESC_SIZE === 14;
  const isIdLen = (w: { addr: number; len: number }) => w.addr >= DESC_BASE && (w.addr - DESC_BASE) % DESC_SIZE === 8 && w.len === 6;

  it('id and len are written before flags, in separate writes', () => {
    const { r, writes } = recording(4);
    for (let i = 0; i < 10; i++) {
      r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: true }]);
      const [b] = popAll(r);
      r.q.complete(b, 4);
      r.drv.pollUsed();
    }
    const ring = writes.filter((w) => w.addr >= DESC_BASE && w.addr < DESC_BASE + 4 * DESC_SIZE);
    expect(ring).toHaveLength(20);
    for (let i = 0; i < ring.length; i += 2) {
      expect(isIdLen(ring[i])).toBe(true);
      expect(isFlags(ring[i + 1])).toBe(true);
      expect(slotOf(ring[i])).toBe(slotOf(ring[i + 1]));
    }
  });

  it('a batch writes the first entry\'s flags last', () => {
    const { r, writes } = recording(8);
    for (let i = 0; i < 3; i++) r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }, { addr: DATA_BASE, len: 4, writable: true }]);
    const bufs = popAll(r);
    writes.length = 0;
    for (const b of bufs) r.q.fill(b, 0);
    r.q.flush();
    const ring = writes.filter((w) => w.addr >= DESC_BASE);
    expect(ring.map((w) => [slotOf(w), isFlags(w) ? 'flags' : 'idlen'])).toEqual([
      [0, 'idlen'], [2, 'idlen'], [2, 'flags'], [4, 'idlen'], [4, 'flags'], [0, 'flags'],
    ]);
  });
});

describe('packed ring: driver event suppression (§2.8.10, checklist §4.7)', () => {
  /** Reference: was slot (off, wrap) among the absolute slots [a, a+count)? Wrap of lap k is 1 ^ (k & 1). */
  function bruteForce(flags: number, off: number, wrap: number, a: number, count: number, size: number, eventIdx: boolean): boolean {
    if (flags === RING_EVENT_FLAGS_DISABLE) return false;
    if (flags !== RING_EVENT_FLAGS_DESC || !eventIdx || count >= size) return true;
    for (let e = a; e < a + count; e++) if (e % size === off && (1 ^ (Math.floor(e / size) & 1)) === wrap) return true;
    return false;
  }

  it('checklist formula equals the absolute-position reference for count < queue_size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 32768 }), fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (size, aRaw, cRaw, offRaw, w) => {
      const a = aRaw % (size * 6);
      const count = 1 + (cRaw % size);
      if (count >= size) return;
      const off = offRaw % size;
      const newAbs = a + count;
      const newPos = newAbs % size;
      const usedWrap = 1 ^ (Math.floor(newAbs / size) & 1);
      const wrap = w ? 1 : 0;
      expect(packedNeedEvent(off | (wrap << 15), newPos, usedWrap, count, size)).toBe(bruteForce(RING_EVENT_FLAGS_DESC, off, wrap, a, count, size, true));
    }), { numRuns: 3000 });
  });

  for (const size of [1, 3, 8, 256]) {
    it(`ENABLE / DISABLE / DESC decisions across wraps match the reference (size ${size})`, () => {
      const r = rig(size, { eventIdx: true });
      const rng = new Prng(size);
      let abs = 0; // absolute used slots published so far
      let checked = 0;
      for (let round = 0; round < 400; round++) {
        while (r.drv.free > 0 && rng.u32() % 4 !== 0) r.drv.addChain(Array.from({ length: 1 + (rng.u32() % Math.min(r.drv.free, 3)) }, () => ({ addr: DATA_BASE, len: 4, writable: false })));
        const bufs = popAll(r);
        if (bufs.length === 0) {
          for (let u = r.drv.pollUsed(); u; u = r.drv.pollUsed());
          continue;
        }
        const mode = [RING_EVENT_FLAGS_ENABLE, RING_EVENT_FLAGS_DISABLE, RING_EVENT_FLAGS_DESC][rng.u32() % 3];
        // Target near the current position, in this lap, the previous or the next.
        const target = Math.max(0, abs + (rng.u32() % (3 * size)) - size);
        const off = target % size;
        const wrap = 1 ^ (Math.floor(target / size) & 1);
        r.drv.setDriverEvent(mode, off | (wrap << 15));
        let count = 0;
        for (const b of bufs) {
          r.q.fill(b, 0);
          count += b.ndescs;
        }
        const before = r.c.notifies;
        r.q.flush();
        expect(r.c.notifies - before).toBe(bruteForce(mode, off, wrap, abs, count, size, true) ? 1 : 0);
        abs += count;
        checked++;
        for (let u = r.drv.pollUsed(); u; u = r.drv.pollUsed());
      }
      expect(checked).toBeGreaterThan(100);
      expect(abs).toBeGreaterThan(5 * size);
    });
  }

  it('publications made while a driver-area read is in flight are judged by the next read', () => {
    const r = rig(8, { eventIdx: true }, { mode: 'deferred' });
    r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }]);
    r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }]);
    for (let i = 0; i < 4; i++) {
      r.q.pop();
      r.dma.deliver();
    }
    const [a, b] = r.c.bufs;
    r.drv.setDriverEvent(RING_EVENT_FLAGS_DESC, 1 | (1 << 15)); // wake me when slot 1 (wrap 1) is used
    r.q.complete(a, 0); // slot 0: check 1 in flight
    r.q.complete(b, 0); // slot 1: waits for check 1
    expect(r.dma.pendingReads).toBe(1);
    r.dma.deliver(1);
    expect(r.c.notifies).toBe(0); // check 1 covered slot 0 only
    expect(r.dma.pendingReads).toBe(1); // check 2 started
    r.dma.deliver();
    expect(r.c.notifies).toBe(1);
  });

  it('DESC without VIRTIO_F_EVENT_IDX is treated as ENABLE', () => {
    const r = rig(4);
    r.drv.setDriverEvent(RING_EVENT_FLAGS_DESC, 3);
    r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }]);
    r.q.complete(popAll(r)[0], 0);
    expect(r.c.notifies).toBe(1);
  });

  it('device area: off_wrap written before flags for DESC; ENABLE/DISABLE write flags', () => {
    const writes: [number, number][] = [];
    const r = rig(8, { eventIdx: true }, { onWrite: (a, d) => writes.push([a, d[0] | (d[1] << 8)]) });
    r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }, { addr: DATA_BASE, len: 4, writable: false }]);
    popAll(r);
    r.q.setAvailNotify('desc');
    r.q.setAvailNotify('disable');
    r.q.setAvailNotify('enable');
    expect(writes).toEqual([[DEVICE_AREA, 2 | (1 << 15)], [DEVICE_AREA + 2, RING_EVENT_FLAGS_DESC], [DEVICE_AREA + 2, RING_EVENT_FLAGS_DISABLE], [DEVICE_AREA + 2, RING_EVENT_FLAGS_ENABLE]]);
    expect(() => rig(8).q.setAvailNotify('desc')).toThrow(/EVENT_IDX/);
  });
});

describe('packed ring: IN_ORDER and NOTIFICATION_DATA', () => {
  it('one used descriptor for a batch, with the last id, skipping every slot of the batch', () => {
    const r = rig(8, { inOrder: true });
    for (let i = 0; i < 3; i++) r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }, { addr: DATA_BASE, len: 4, writable: true }]);
    const bufs = popAll(r);
    expect(() => r.q.fill(bufs[1], 0)).toThrow(/out of order/);
    r.q.fillInOrderBatch(bufs, 4);
    r.q.flush();
    const u = r.drv.pollUsed(true)!;
    expect([u.id, u.len, u.skipped]).toEqual([bufs[2].id, 4, 6]);
    expect(r.drv.pollUsed(true)).toBeNull();
    expect([r.q.nextUsed, r.drv.outstanding]).toEqual([6, 0]);
  });

  it('next_off/next_wrap is a hint: says whether anything is new, never changes what pop() finds', () => {
    const r = rig(4, { notificationData: true });
    expect(r.q.notify(0 | (0 << 16) | (1 << 31))).toBe(false); // driver's next is our next: nothing new
    r.drv.addChain([{ addr: DATA_BASE, len: 4, writable: false }]);
    expect(r.q.notify(0 | (1 << 16) | (1 << 31))).toBe(true);
    // A wrong hint does not invent buffers.
    expect(r.q.notify(0 | (3 << 16) | (1 << 31))).toBe(true);
    expect(popAll(r)).toHaveLength(1);
    expect(r.c.empties).toBe(1);
  });
});

describe('packed ring: illegal rings stop the queue with a RingError', () => {
  const R = (w = false): Elem => ({ addr: DATA_BASE, len: 16, writable: w });
  const cases: [string, Partial<PackedQueueConfig>, (r: Rig) => void, string, RegExp?][] = [
    ['chain longer than the queue', {}, (r) => {
      for (let s = 0; s < 8; s++) r.drv.writeDesc(s, DATA_BASE, 16, 0, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_AVAIL);
    }, 'ChainTooLong', /chain longer than queue_size 8 at desc 7/],
    ['chain longer than maxChain', { maxChain: 2 }, (r) => r.drv.addChain([R(), R(), R()]), 'ChainTooLong', /device limit 2/],
    ['INDIRECT not negotiated', {}, (r) => r.drv.addIndirect(DATA_BASE, [R()]), 'IndirectNotNegotiated'],
    ['INDIRECT with NEXT', { indirectDesc: true }, (r) => r.drv.addIndirect(DATA_BASE, [R()], 0, VIRTQ_DESC_F_NEXT), 'IndirectWithNext'],
    ['indirect len 0', { indirectDesc: true }, (r) => r.drv.writeDesc(0, DATA_BASE, 0, 0, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_AVAIL), 'IndirectBadLength', /len 0 is zero/],
    ['indirect len 24', { indirectDesc: true }, (r) => r.drv.writeDesc(0, DATA_BASE, 24, 0, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_AVAIL), 'IndirectBadLength', /not a multiple of 16/],
    ['indirect table too long', { indirectDesc: true, maxIndirect: 4 }, (r) => r.drv.addIndirect(DATA_BASE, [R(), R(), R(), R(), R()]), 'IndirectTooLong'],
    ['INDIRECT inside a chain', { indirectDesc: true }, (r) => {
      r.drv.writeDesc(1, DATA_BASE, 16, 0, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_AVAIL);
      r.drv.writeDesc(0, DATA_BASE, 16, 0, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_AVAIL);
    }, 'IndirectInChain'],
    ['readable after writable (chain)', {}, (r) => r.drv.addChain([R(true), R(false)]), 'ReadableAfterWritable', /desc 1/],
    ['readable after writable (indirect)', { indirectDesc: true }, (r) => r.drv.addIndirect(DATA_BASE, [R(true), R(false)]), 'ReadableAfterWritable', /indirect entry 1/],
    ['zero-length element', {}, (r) => r.drv.addChain([R(), { addr: DATA_BASE, len: 0, writable: true }]), 'ZeroLengthElement'],
    ['buffer id >= queue size with IN_ORDER', { inOrder: true }, (r) => r.drv.addChain([R()], 8), 'BufferIdOutOfRange', /buffer id 8/],
    ['address wrapping past 2^64', {}, (r) => {
      r.drv.addChain([R()]);
      r.dma.view.setUint32(DESC_BASE, 0xfffffff0, true); // addr 0xffff_ffff_ffff_fff0, len 16 + 16
      r.dma.view.setUint32(DESC_BASE + 4, 0xffffffff, true);
      r.dma.view.setUint32(DESC_BASE + 8, 32, true);
    }, 'AddressOverflow', /wraps past 2\^64/],
    ['DMA fault reading the indirect table', { indirectDesc: true }, (r) => {
      r.drv.addIndirect(DATA_BASE, [R()]);
      r.dma.failReadsIn(DATA_BASE, DATA_BASE + 16);
    }, 'DmaFault', /indirect table read failed/],
  ];
  for (const [name, over, make, reason, detail] of cases) {
    it(name, () => {
      const r = rig(8, over);
      make(r);
      r.q.pop();
      expect(r.c.errors.map((e) => e.reason)).toEqual([reason]);
      if (detail) expect(r.c.errors[0].message).toMatch(detail);
      expect(r.c.bufs).toEqual([]);
      expect(r.q.stopped).toBe(true);
      expect(r.q.pop()).toBe(false);
      expect(r.c.errors).toHaveLength(1);
      // Queue reset brings it back to defaults.
      r.q.reset();
      expect([r.q.stopped, r.q.nextAvail, r.q.availWrapCounter, r.q.nextUsed, r.q.usedWrapCounter]).toEqual([false, 0, 1, 0, 1]);
    });
  }
});

describe('packed ring: queue reset', () => {
  it('returns to slot 0 / wrap 1, drops stale buffers and in-flight answers', () => {
    const r = rig(4, {}, { mode: 'deferred' });
    for (let i = 0; i < 3; i++) r.drv.addChain([{ addr: DATA_BASE, len: 8, writable: true }]);
    r.q.pop();
    r.dma.deliver();
    const [b] = r.c.bufs;
    expect(r.q.nextAvail).toBe(1);
    r.q.pop(); // head read in flight
    r.q.reset();
    r.dma.deliver(); // the stale head answer is dropped
    expect(r.c.bufs).toHaveLength(1);
    expect(r.q.fetching).toBe(false);
    expect(r.q.complete(b, 0)).toBe(false); // buffer from before the reset
    // The driver starts over on a zeroed ring.
    r.dma.mem.fill(0, DESC_BASE, DESC_BASE + 4 * DESC_SIZE);
    const drv = new TestDriver(r.dma.mem, 4, DESC_BASE, DRIVER_AREA, DEVICE_AREA);
    const id = drv.addChain([{ addr: DATA_BASE, len: 8, writable: true }]);
    r.q.pop();
    r.dma.deliver();
    const b2 = r.c.bufs[1];
    expect([b2.id, b2.head]).toEqual([id, 0]);
    r.q.complete(b2, 8);
    r.dma.deliver();
    expect(drv.pollUsed()).toMatchObject({ id, len: 8 });
  });
});

describe('packed ring: chainWalk interleaved (policy.chainWalk, model/timing/profile.ts)', () => {
  /** The reads the ring issues, in order (MemoryDma answers at once, so this is also the walk order). */
  function recording(r: Rig): string[] {
    const log: string[] = [];
    const read = r.dma.read.bind(r.dma);
    r.dma.read = (addr, len, client, cookie) => {
      log.push(`${addr >= DATA_BASE ? 'data' : 'desc'} 0x${addr.toString(16)} ${len}`);
      read(addr, len, client, cookie);
    };
    return log;
  }
  const A = DATA_BASE + 0x100;
  const B = DATA_BASE + 0x200;
  const C = DATA_BASE + 0x300;

  it('reads each readable element right after its descriptor, in chunks one after the other', () => {
    const r = rig(8, { chainWalk: 'interleaved', dataReadChunk: 4 });
    const log = recording(r);
    for (let i = 0; i < 16; i++) r.dma.mem[A + i] = i + 1;
    for (let i = 0; i < 6; i++) r.dma.mem[B + i] = 0x40 + i;
    r.drv.addChain([{ addr: A, len: 10, writable: false }, { addr: B, len: 6, writable: false }, { addr: C, len: 8, writable: true }]);
    r.q.pop();
    expect(log).toEqual([
      `desc 0x${DESC_BASE.toString(16)} 16`, `data 0x${A.toString(16)} 4`, `data 0x${(A + 4).toString(16)} 4`, `data 0x${(A + 8).toString(16)} 2`,
      `desc 0x${(DESC_BASE + 16).toString(16)} 16`, `data 0x${B.toString(16)} 4`, `data 0x${(B + 4).toString(16)} 2`,
      `desc 0x${(DESC_BASE + 32).toString(16)} 16`, // device-writable: its data is not read (§2.8.15)
    ]);
    const [buf] = r.c.bufs;
    expect(Array.from(buf.data!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45]);
    // readData answers from what the walk read: no further DMA
    r.q.readData(buf, 8, 4, 7);
    expect(log).toHaveLength(8);
    expect(Array.from(r.c.data.get(7)!)).toEqual([9, 10, 0x40, 0x41]);
  });

  it('walks an indirect table entry by entry, each readable entry\'s data before the next entry', () => {
    const r = rig(8, { chainWalk: 'interleaved', indirectDesc: true, indirectPerEntry: true, dataReadChunk: 1024 });
    const log = recording(r);
    const table = DATA_BASE + 0x1000;
    r.drv.addIndirect(table, [{ addr: A, len: 12, writable: false }, { addr: B, len: 20, writable: false }, { addr: C, len: 8, writable: true }]);
    r.q.pop();
    expect(log).toEqual([
      `desc 0x${DESC_BASE.toString(16)} 16`,
      `data 0x${table.toString(16)} 16`, `data 0x${A.toString(16)} 12`,
      `data 0x${(table + 16).toString(16)} 16`, `data 0x${B.toString(16)} 20`,
      `data 0x${(table + 32).toString(16)} 16`,
    ]);
    expect(r.c.bufs[0].data).toHaveLength(32);
    expect(r.c.bufs[0].indirect).toBe(true);
  });

  it('onFirstWritable: once per buffer, at the first device-writable element with every readable byte, before the next descriptor; a write into it lands there', () => {
    const r = rig(8, { chainWalk: 'interleaved', dataReadChunk: 4 });
    const log = recording(r);
    const seen: { readable: number[]; reads: number; elems: number }[] = [];
    r.c.onFirstWritable = (q, buf, readable) => {
      seen.push({ readable: Array.from(readable), reads: log.length, elems: buf.elemAddr.length });
      q.writeData(buf, 0, Uint8Array.of(0x5a));
    };
    r.dma.mem.set([7], A);
    r.dma.mem.set([8, 9], B);
    r.drv.addChain([{ addr: A, len: 1, writable: false }, { addr: B, len: 2, writable: false },
      { addr: C, len: 1, writable: true }, { addr: C + 0x10, len: 3, writable: true }]);
    const [buf] = popAll(r);
    expect(seen).toEqual([{ readable: [7, 8, 9], reads: 5, elems: 3 }]); // desc, data, desc, data, desc: the 4th desc not read yet
    expect(log).toHaveLength(7); // then the 4th descriptor, and popAll's look at the next (empty) head
    expect(r.dma.mem[C]).toBe(0x5a);
    expect(buf.writableBytes).toBe(4);
    expect(buf.elemAddr).toHaveLength(4);
  });

  it('descriptorsFirst (default) reads every descriptor before any data', () => {
    const r = rig(8, { dataReadChunk: 4 });
    const log = recording(r);
    r.drv.addChain([{ addr: A, len: 6, writable: false }, { addr: B, len: 2, writable: false }]);
    r.q.pop();
    expect(log).toEqual([`desc 0x${DESC_BASE.toString(16)} 16`, `desc 0x${(DESC_BASE + 16).toString(16)} 16`]);
    expect(r.c.bufs[0].data).toBeNull();
    r.q.readData(r.c.bufs[0], 0, 8, 1);
    expect(log.slice(2)).toEqual([`data 0x${A.toString(16)} 4`, `data 0x${(A + 4).toString(16)} 2`, `data 0x${B.toString(16)} 2`]);
  });
});
