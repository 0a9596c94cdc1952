// Test helper: hand-built DUT streams for the ring monitor. The driver side of each ring is
// tb/driver's DriverVring writing into a HostMemory; the "device" is a script of the MRd / MWr /
// MSI-X messages a device would issue, each read answered by tb/host's completer from that memory
// (so the completions carry real Byte Count / Lower Address splits). Used by the tests only.

import { low32 } from '../../model/dma/types.js';
import { byteEnables, mrd, mwrBytes } from '../../model/tlp/build.js';
import { DriverVring, type Segment as DriverSegment } from '../driver/vring.js';
import type { HostCheckerConfig } from '../host/checker.js';
import { HostCompleter } from '../host/completer.js';
import { HostMemory } from '../host/memory.js';
import { RingMonitor, type FeatureFacts, type QueueFacts } from './monitor.js';

/** A buffer element as the kit's device walks it (the kit's arena sits below 2^53). */
type KitSegment = DriverSegment & { addr: number };

export const MSI_BASE = 0xfee0_0000;
export const RID = 0x0100;
const DESC_BASE = 0x1_2000_0000; // above 4 GiB: 64-bit descriptor addresses
const BUF_BASE = 0x3000_0000;

export interface KitQueue {
  size: number;
  receive?: boolean;
  vector?: number;
}

export interface Desc {
  addr: number;
  len: number;
  id: number;
  flags: number;
}

export class StreamKit {
  readonly mem = new HostMemory();
  readonly mon: RingMonitor;
  readonly completer: HostCompleter;
  readonly rings: DriverVring[] = [];
  readonly facts: QueueFacts[] = [];
  cycle = 100;
  private tag = 0;

  constructor(o: { queues: KitQueue[]; features?: Partial<FeatureFacts>; msixVectors?: number; checker?: Partial<HostCheckerConfig>; rcb?: 64 | 128 }) {
    this.mon = new RingMonitor({ checker: { maxPayloadSize: 512, maxReadRequestSize: 512, ...o.checker } });
    this.completer = new HostCompleter(this.mem, { seed: 1, rcb: o.rcb ?? 64, maxPayloadSize: 128, latency: { min: 8, max: 8 } });
    const features: FeatureFacts = { eventIdx: false, indirectDesc: true, mrgRxbuf: false, inOrder: false, ...o.features };
    this.mon.setFeatures(features);
    const n = o.msixVectors ?? 4;
    this.mon.setMsix({ entries: Array.from({ length: n }, (_, v) => ({ address: MSI_BASE + 16 * v, data: v })), msix_config: 0 });
    o.queues.forEach((q, i) => {
      const desc = DESC_BASE + i * 0x1_0000;
      const layout = { size: q.size, desc, driver: desc + 0x8000, device: desc + 0x8100 };
      this.rings.push(new DriverVring(this.mem, layout, features.eventIdx));
      const f: QueueFacts = {
        index: i, size: q.size, queue_desc: BigInt(layout.desc), queue_driver: BigInt(layout.driver), queue_device: BigInt(layout.device),
        queue_msix_vector: q.vector ?? i + 1, receive: q.receive,
      };
      this.facts.push(f);
      this.mon.enableQueue(f);
    });
  }

  /** Address of element k of buffer `id` of queue q (each buffer owns a 4 KiB slot). */
  buf(q: number, id: number, k = 0): number {
    return BUF_BASE + q * 0x10_0000 + id * 0x1000 + 0x100 + k * 0x400;
  }

  /** Driver: post a buffer of the given element lengths (readable unless `write`), optionally indirect. */
  post(q: number, lens: number[], write: boolean | boolean[], indirect = false): number {
    const id = this.rings[q].nextId();
    const segs: DriverSegment[] = lens.map((len, k) => ({ addr: this.buf(q, id, k), len, write: Array.isArray(write) ? write[k] : write }));
    for (const s of segs) if (!s.write) this.mem.write(s.addr, new Uint8Array(s.len).fill(low32(s.addr) & 0xff));
    const got = this.rings[q].add(segs, id, indirect ? BUF_BASE + q * 0x10_0000 + id * 0x1000 : undefined);
    if (got !== id) throw new Error(`post: ring full (queue ${q})`);
    return id;
  }

  /** Device: one MRd of [addr, addr + len), answered by the host from memory. */
  read(addr: number, len: number): Uint8Array {
    const be = byteEnables(addr, len);
    const tlp = mrd({ address: be.dwAddress, length: be.length, requesterId: RID, tag: this.tag++ & 0xff, firstBe: be.firstBe, lastBe: be.lastBe });
    this.mon.read(tlp, this.cycle);
    this.completer.request(tlp, this.cycle);
    this.cycle += 8;
    for (const ev of this.completer.poll(this.cycle + 64)) if (ev.type === 'completion') this.mon.completion(ev.tlp, ev.cycle);
    this.cycle += 70;
    return this.mem.read(addr, len);
  }

  /** Device: one MWr of `bytes` at `addr` (Byte Enables trim it). */
  write(addr: number, bytes: Uint8Array): void {
    this.mon.write(mwrBytes(addr, bytes, RID), this.cycle++);
    this.mem.write(addr, bytes);
  }

  descAddr(q: number, slot: number): number {
    return Number(this.facts[q].queue_desc) + 16 * slot;
  }

  /** Device: read one descriptor slot. */
  readDesc(q: number, slot: number): Desc {
    const b = this.read(this.descAddr(q, slot), 16);
    const dv = new DataView(b.buffer, b.byteOffset, 16);
    return { addr: Number(dv.getBigUint64(0, true)), len: dv.getUint32(8, true), id: dv.getUint16(12, true), flags: dv.getUint16(14, true) };
  }

  /** Device: walk the chain at `slot` as a device would (descriptors, then an indirect table). */
  fetch(q: number, slot: number): { id: number; slots: number; segs: KitSegment[] } {
    const size = this.facts[q].size;
    const segs: KitSegment[] = [];
    for (let k = 0; ; k++) {
      const d = this.readDesc(q, (slot + k) % size);
      if (d.flags & 4) {
        const t = this.read(d.addr, d.len);
        const dv = new DataView(t.buffer, t.byteOffset, t.length);
        for (let o = 0; o < d.len; o += 16) segs.push({ addr: Number(dv.getBigUint64(o, true)), len: dv.getUint32(o + 8, true), write: (dv.getUint16(o + 14, true) & 2) !== 0 });
        return { id: d.id, slots: 1, segs };
      }
      segs.push({ addr: d.addr, len: d.len, write: (d.flags & 2) !== 0 });
      if (!(d.flags & 1)) return { id: d.id, slots: k + 1, segs };
    }
  }

  /** Device: a used descriptor at `slot`: id/len then flags (AVAIL = USED = wrap), or as `order` says. */
  used(q: number, slot: number, id: number, len: number, wrap: number, order: 'id-then-flags' | 'flags-first' | 'one-write' = 'id-then-flags'): void {
    const a = this.descAddr(q, slot);
    const idLen = new Uint8Array(6);
    new DataView(idLen.buffer).setUint32(0, len, true);
    new DataView(idLen.buffer).setUint16(4, id, true);
    const f = wrap ? 0x8080 : 0;
    const flags = Uint8Array.of(f & 0xff, f >> 8);
    if (order === 'one-write') this.write(a + 8, Uint8Array.of(...idLen, ...flags));
    else if (order === 'flags-first') {
      this.write(a + 14, flags);
      this.write(a + 8, idLen);
    } else {
      this.write(a + 8, idLen);
      this.write(a + 14, flags);
    }
  }

  /** Device: the MSI-X message of `vector`. */
  msix(vector: number): void {
    const d = new Uint8Array(4);
    new DataView(d.buffer).setUint32(0, vector, true);
    this.write(MSI_BASE + 16 * vector, d);
  }

  /** Device: read the driver event suppression area of queue q. */
  readDriverEvent(q: number): void {
    this.read(Number(this.facts[q].queue_driver), 4);
  }

  rules(): string[] {
    return this.mon.violations.map((v) => v.rule);
  }
}
