// The driver side of a packed ring over plain memory, written from the spec's driver algorithm
// (virtio §2.8.21 "Supplying Buffers", §2.8.22 "Receiving Used Buffers"). Test and benchmark aid:
// it lets the device-side ring run against an independent implementation of the other half.

import {
  DESC_SIZE, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE,
} from './constants.js';

export interface Elem {
  addr: number;
  len: number;
  writable: boolean;
}

export interface UsedEntry {
  id: number;
  len: number;
  flags: number;
  /** Ring slots the driver skipped for it (its own record of the buffer's size). */
  skipped: number;
}

export class TestDriver {
  private readonly dv: DataView;
  nextAvail = 0;
  availWrapCounter = 1;
  nextUsed = 0;
  usedWrapCounter = 1;
  /** Slots each outstanding buffer id occupies. */
  private readonly sgs = new Map<number, number>();
  /** Ids in the order made available (to walk IN_ORDER batches). */
  private readonly order: number[] = [];
  private nextId = 0;
  /** Free ring slots. */
  free: number;

  constructor(
    mem: Uint8Array,
    readonly queueSize: number,
    readonly queueDesc: number,
    readonly queueDriver: number,
    readonly queueDevice: number,
    /** Keep the order buffers were made available in (needed by pollUsed(true) for IN_ORDER batches). */
    private readonly trackOrder = false,
  ) {
    this.dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    this.free = queueSize;
  }

  writeDesc(slot: number, addr: number, len: number, id: number, flags: number): void {
    const o = this.queueDesc + slot * DESC_SIZE;
    this.dv.setUint32(o, addr % 0x1_0000_0000, true);
    this.dv.setUint32(o + 4, Math.floor(addr / 0x1_0000_0000), true);
    this.dv.setUint32(o + 8, len, true);
    this.dv.setUint16(o + 12, id, true);
    this.dv.setUint16(o + 14, flags, true);
  }

  private availBits(): number {
    return this.availWrapCounter ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
  }

  /** Make a buffer available as a NEXT chain (head flags written last). Returns its id, or -1 if no room. */
  addChain(elems: Elem[], id = this.allocId()): number {
    if (elems.length > this.free) return -1;
    const first = this.nextAvail;
    let headFlags = 0;
    elems.forEach((e, i) => {
      const f = (e.writable ? VIRTQ_DESC_F_WRITE : 0) | (i < elems.length - 1 ? VIRTQ_DESC_F_NEXT : 0) | this.availBits();
      const slot = this.nextAvail;
      // id in every descriptor (as Linux does); the device must take the last one's.
      this.writeDesc(slot, e.addr, e.len, id, i === 0 ? 0 : f);
      if (i === 0) headFlags = f;
      if (++this.nextAvail >= this.queueSize) {
        this.nextAvail = 0;
        this.availWrapCounter ^= 1;
      }
    });
    this.dv.setUint16(this.queueDesc + first * DESC_SIZE + 14, headFlags, true);
    this.record(id, elems.length);
    return id;
  }

  /** Make a buffer available through an indirect table at `tableAddr`. */
  addIndirect(tableAddr: number, elems: Elem[], id = this.allocId(), extraFlags = 0): number {
    if (this.free < 1) return -1;
    elems.forEach((e, i) => {
      const o = tableAddr + i * DESC_SIZE;
      this.dv.setUint32(o, e.addr % 0x1_0000_0000, true);
      this.dv.setUint32(o + 4, Math.floor(e.addr / 0x1_0000_0000), true);
      this.dv.setUint32(o + 8, e.len, true);
      this.dv.setUint16(o + 12, 0xdead, true); // reserved in the table: must be ignored
      // NEXT set on every entry, even the last: the device must walk by length only.
      this.dv.setUint16(o + 14, (e.writable ? VIRTQ_DESC_F_WRITE : 0) | VIRTQ_DESC_F_NEXT, true);
    });
    const slot = this.nextAvail;
    this.writeDesc(slot, tableAddr, elems.length * DESC_SIZE, id, 0);
    this.dv.setUint16(this.queueDesc + slot * DESC_SIZE + 14, VIRTQ_DESC_F_INDIRECT | extraFlags | this.availBits(), true);
    if (++this.nextAvail >= this.queueSize) {
      this.nextAvail = 0;
      this.availWrapCounter ^= 1;
    }
    this.record(id, 1);
    return id;
  }

  private record(id: number, n: number): void {
    this.sgs.set(id, n);
    if (this.trackOrder) this.order.push(id);
    this.free -= n;
  }

  private allocId(): number {
    for (let k = 0; k < 65536; k++) {
      const id = (this.nextId + k) % this.queueSize;
      if (!this.sgs.has(id)) {
        this.nextId = id + 1;
        return id;
      }
    }
    throw new Error('no free buffer id');
  }

  /** Next used descriptor, or null. With inOrder, a used id may stand for a batch ending with it. */
  pollUsed(inOrder = false): UsedEntry | null {
    const o = this.queueDesc + this.nextUsed * DESC_SIZE;
    const flags = this.dv.getUint16(o + 14, true);
    const used = (flags & VIRTQ_DESC_F_USED) !== 0 ? 1 : 0;
    const avail = (flags & VIRTQ_DESC_F_AVAIL) !== 0 ? 1 : 0;
    if (used !== this.usedWrapCounter || avail !== this.usedWrapCounter) return null;
    const id = this.dv.getUint16(o + 12, true);
    const len = this.dv.getUint32(o + 8, true);
    let skipped = 0;
    if (inOrder) {
      if (!this.trackOrder) throw new Error('pollUsed(true) needs a TestDriver built with trackOrder');
      for (;;) {
        const x = this.order.shift();
        if (x === undefined) throw new Error(`used id ${id} was never made available`);
        skipped += this.sgs.get(x)!;
        this.sgs.delete(x);
        if (x === id) break;
      }
    } else {
      const n = this.sgs.get(id);
      if (n === undefined) throw new Error(`used id ${id} is not outstanding`);
      skipped = n;
      this.sgs.delete(id);
      if (this.trackOrder) this.order.splice(this.order.indexOf(id), 1);
    }
    this.free += skipped;
    this.nextUsed += skipped;
    if (this.nextUsed >= this.queueSize) {
      this.nextUsed -= this.queueSize;
      this.usedWrapCounter ^= 1;
    }
    return { id, len, flags, skipped };
  }

  /** Driver Event Suppression (driver area): off_wrap then flags. */
  setDriverEvent(flags: number, offWrap = 0): void {
    this.dv.setUint16(this.queueDriver, offWrap, true);
    this.dv.setUint16(this.queueDriver + 2, flags, true);
  }

  get outstanding(): number {
    return this.sgs.size;
  }
}
