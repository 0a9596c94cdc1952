// The packed ring with the real DmaEngine in the loop: every ring and buffer access becomes MRd /
// MWr TLPs, answered by a completer that splits at the RCB and reorders across tags.

import { describe, expect, it } from 'vitest';
import { DmaEngine } from '../dma/dma-engine.js';
import { TestCompleter } from '../dma/test-completer.js';
import type { DmaFault } from '../dma/types.js';
import { checkTlp } from '../tlp/rules.js';
import { Prng } from '../util/prng.js';
import { RING_EVENT_FLAGS_ENABLE } from './constants.js';
import type { RingError } from './errors.js';
import { PackedVirtqueue, type RingBuffer, type RingConsumer } from './packed.js';
import { TestDriver, type Elem } from './test-driver.js';

const DESC_BASE = 0x1_0000;
const DATA_BASE = 0x10_0000;

/** Echo device: reads each buffer's readable bytes, writes them back transformed into the writable part. */
class EchoConsumer implements RingConsumer {
  bufs = new Map<number, RingBuffer>();
  idle = false;
  notifies = 0;
  errors: RingError[] = [];
  completed = 0;
  private cookie = 0;
  onBuffer(q: PackedVirtqueue, buf: RingBuffer): void {
    const c = this.cookie++;
    this.bufs.set(c, buf);
    q.readData(buf, 0, buf.readableBytes, c);
    q.pop();
  }
  onEmpty(): void {
    this.idle = true;
  }
  onData(q: PackedVirtqueue, cookie: number, data: Uint8Array): void {
    const buf = this.bufs.get(cookie)!;
    this.bufs.delete(cookie);
    const n = Math.min(data.length, buf.writableBytes);
    q.writeData(buf, 0, data.slice(0, n).map((x) => x ^ 0x5a));
    q.complete(buf, n);
    this.completed++;
  }
  onUsedNotify(): void {
    this.notifies++;
  }
  onRingError(_q: PackedVirtqueue, err: RingError): void {
    this.errors.push(err);
  }
}

for (const [size, mps, mrrs, rcb, tags] of [[8, 128, 128, 64, 4], [64, 256, 512, 128, 16], [3, 4096, 4096, 64, 2]] as const) {
  describe(`ring + DmaEngine (queue ${size}, MPS ${mps}, MRRS ${mrrs}, RCB ${rcb}, ${tags} tags)`, () => {
    it('moves buffers through TLPs with split, reordered completions and stays consistent over wraps', () => {
      const rng = new Prng(size * 31 + mps);
      const mem = new Uint8Array(0x80_0000);
      const faults: DmaFault[] = [];
      const engine = new DmaEngine({ busMasterEnable: true, maxPayloadSize: mps, maxReadRequestSize: mrrs, requesterId: 0x0100, readCompletionBoundary: rcb }, { tagCount: tags, onFault: (f) => faults.push(f) });
      const host = new TestCompleter(mem, { rcb, rng });
      const consumer = new EchoConsumer();
      const q = new PackedVirtqueue(engine, consumer, { queueIndex: 1, queueSize: size, queueDesc: DESC_BASE, queueDriver: 0x100, queueDevice: 0x200, indirectDesc: true, maxIndirect: 8 });
      const drv = new TestDriver(mem, size, DESC_BASE, 0x100, 0x200);
      drv.setDriverEvent(RING_EVENT_FLAGS_ENABLE);
      let cycle = 0;
      let tlps = 0;
      const pump = () => {
        for (let guard = 0; guard < 200000; guard++) {
          const out = engine.takeTlps();
          for (const o of out) checkTlp(o.tlp);
          tlps += out.length;
          host.accept(out);
          const c = host.next();
          if (!c) return;
          cycle += 1 + (rng.u32() % 8);
          engine.onCompletion(c, cycle);
        }
        throw new Error('pump did not settle');
      };
      const sent = new Map<number, { read: Uint8Array; write: Elem[]; wlen: number }>();
      let verified = 0;
      let tables = 0;
      for (let round = 0; round < 60; round++) {
        while (drv.free > 0) {
          const n = 1 + (rng.u32() % Math.min(drv.free, 3));
          const rlen = 1 + (rng.u32() % 700);
          const slot = (round * 64 + sent.size) % 512;
          const raddr = DATA_BASE + slot * 0x1000 + (rng.u32() % 64);
          const read = new Uint8Array(rlen).map(() => rng.u32() & 0xff);
          mem.set(read, raddr);
          // One readable element split in n-1 pieces (if n > 1), then one writable element.
          const elems: Elem[] = [];
          const cut = n > 2 ? 1 + (rng.u32() % rlen) : rlen;
          elems.push({ addr: raddr, len: Math.min(cut, rlen), writable: false });
          if (n > 2 && cut < rlen) elems.push({ addr: raddr + cut, len: rlen - cut, writable: false });
          const w: Elem = { addr: DATA_BASE + 0x20_0000 + slot * 0x1000 + (rng.u32() % 16), len: 1 + (rng.u32() % 900), writable: true };
          elems.push(w);
          const id = rng.u32() % 4 === 0 ? drv.addIndirect(DATA_BASE + 0x1f_0000 + (tables++ % 256) * 0x100, elems) : drv.addChain(elems);
          if (id < 0) break;
          sent.set(id, { read, write: [w], wlen: Math.min(rlen, w.len) });
        }
        consumer.idle = false;
        q.pop();
        pump();
        expect(consumer.idle).toBe(true);
        for (let u = drv.pollUsed(); u; u = drv.pollUsed()) {
          const s = sent.get(u.id)!;
          expect(u.len).toBe(s.wlen);
          const got = mem.subarray(s.write[0].addr, s.write[0].addr + s.wlen);
          expect(Array.from(got)).toEqual(Array.from(s.read.subarray(0, s.wlen)).map((x) => x ^ 0x5a));
          sent.delete(u.id);
          verified++;
        }
        expect(drv.outstanding).toBe(0);
      }
      expect(faults).toEqual([]);
      expect(consumer.errors).toEqual([]);
      expect(verified).toBeGreaterThan(3 * size);
      expect(consumer.notifies).toBeGreaterThan(0);
      expect(engine.busy).toBe(false);
      expect(tlps).toBeGreaterThan(verified * 3);
    });
  });
}

it('a completion timeout on a descriptor read stops the queue with a DmaFault RingError', () => {
  const faults: DmaFault[] = [];
  const engine = new DmaEngine({ busMasterEnable: true, maxPayloadSize: 128, maxReadRequestSize: 128, requesterId: 1 }, { completionTimeoutCycles: 500, onFault: (f) => faults.push(f) });
  const consumer = new EchoConsumer();
  const q = new PackedVirtqueue(engine, consumer, { queueIndex: 2, queueSize: 4, queueDesc: DESC_BASE, queueDriver: 0, queueDevice: 4 });
  q.pop();
  expect(engine.takeTlps()).toHaveLength(1); // the head MRd, never answered
  engine.advanceTo(engine.nextEventCycle());
  expect(faults.map((f) => f.kind)).toEqual(['CompletionTimeout']);
  expect(consumer.errors.map((e) => e.reason)).toEqual(['DmaFault']);
  expect(consumer.errors[0].message).toMatch(/virtqueue 2: DmaFault: descriptor read failed: DMA CompletionTimeout/);
  expect(q.stopped).toBe(true);
});
