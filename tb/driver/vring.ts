// Driver side of one packed virtqueue (virtio §2.8), the way Linux's virtio_ring.c drives it:
// descriptor ring + driver area (written by us) + device area (read by us) in guest memory;
// avail and used wrap counters start at 1; one buffer ID per posted buffer; IDs written in every
// descriptor of a chain; head flags written last (§2.8.21 "the driver ... makes the first
// descriptor available last"); event suppression both ways (§2.8.10, §2.8.14).

import { addAddress, type Address } from '../../model/dma/types.js';
import { DriverError, type GuestMemory } from './dut.js';

export const VIRTQ_DESC_F_NEXT = 0x1;
export const VIRTQ_DESC_F_WRITE = 0x2;
export const VIRTQ_DESC_F_INDIRECT = 0x4;
export const VIRTQ_DESC_F_AVAIL = 0x80;
export const VIRTQ_DESC_F_USED = 0x8000;
export const RING_EVENT_FLAGS_ENABLE = 0x0;
export const RING_EVENT_FLAGS_DISABLE = 0x1;
export const RING_EVENT_FLAGS_DESC = 0x2;

export interface Segment {
  /** Any 64-bit guest address (a number below 2^53, else a bigint). */
  addr: Address;
  len: number;
  /** device-writable */
  write: boolean;
}

export interface UsedEntry {
  id: number;
  len: number;
  token: number;
}

export interface VringLayout {
  size: number;
  desc: Address; // queue_desc, 16-byte aligned (any 64-bit address)
  driver: Address; // queue_driver, 4-byte aligned
  device: Address; // queue_device, 4-byte aligned
}

/** le64 struct pvirtq_desc addr (§2.8.13) from a number or a bigint. */
function setLe64(dv: DataView, at: number, addr: Address): void {
  if (typeof addr === 'bigint') dv.setBigUint64(at, addr, true);
  else {
    dv.setUint32(at, addr % 0x1_0000_0000, true);
    dv.setUint32(at + 4, Math.floor(addr / 0x1_0000_0000), true);
  }
}

/** (u16)(new - event - 1) < (u16)(new - old): Linux vring_need_event / §2.8.10 */
export function needEvent(event: number, newIdx: number, old: number): boolean {
  return ((newIdx - event - 1) & 0xffff) < ((newIdx - old) & 0xffff);
}

export class DriverVring {
  readonly size: number;
  private nextAvail = 0;
  private availWrapCounter = 1;
  private nextUsed = 0;
  private usedWrapCounter = 1;
  private freeSlots: number;
  private readonly freeIds: number[] = [];
  private readonly idSlots: Int32Array; // ring slots each outstanding ID took (0 = free)
  private readonly idToken: Float64Array;
  private addedSinceKick = 0;
  private readonly d = new Uint8Array(16);
  private readonly dv = new DataView(this.d.buffer);
  /** Counts for the scenarios. */
  kicks = 0;
  kicksSuppressed = 0;

  constructor(
    private readonly mem: GuestMemory,
    readonly layout: VringLayout,
    readonly eventIdx: boolean,
  ) {
    if (layout.size < 1 || layout.size > 32768) throw new DriverError('queue_size', layout.size, 'outside 1..32768 (§2.8)');
    this.size = layout.size;
    this.freeSlots = layout.size;
    this.idSlots = new Int32Array(layout.size);
    this.idToken = new Float64Array(layout.size);
    for (let i = layout.size - 1; i >= 0; i--) this.freeIds.push(i);
    // Zero the ring and both event areas (Linux allocates them zeroed: flags 0 = ENABLE).
    mem.write(layout.desc, new Uint8Array(16 * layout.size));
    mem.write(layout.driver, new Uint8Array(4));
    mem.write(layout.device, new Uint8Array(4));
  }

  /** Driver-side positions and wrap counters (§2.8.1), for cross-checks with the device. */
  get state(): { nextAvail: number; availWrap: number; nextUsed: number; usedWrap: number } {
    return { nextAvail: this.nextAvail, availWrap: this.availWrapCounter, nextUsed: this.nextUsed, usedWrap: this.usedWrapCounter };
  }

  /** The ID the next add() will use, or -1 when none is free. */
  nextId(): number {
    return this.freeIds.length ? this.freeIds[this.freeIds.length - 1] : -1;
  }

  isOutstanding(id: number): boolean {
    return this.idSlots[id] !== 0;
  }

  get numFree(): number {
    return this.freeSlots;
  }
  get outstanding(): number {
    return this.size - this.freeIds.length;
  }

  private writeDesc(slot: number, addr: Address, len: number, id: number, flags: number): void {
    const dv = this.dv;
    setLe64(dv, 0, addr);
    dv.setUint32(8, len, true);
    dv.setUint16(12, id, true);
    dv.setUint16(14, flags, true);
    this.mem.write(addAddress(this.layout.desc, slot * 16), this.d);
  }

  private availFlags(): number {
    return this.availWrapCounter ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
  }

  /**
   * Post one buffer. `indirectTable` (guest address with room for 16*segs.length bytes) makes it
   * an indirect buffer (§2.8.7): one ring slot. Returns the buffer ID, or -1 when the ring is full.
   */
  add(segs: readonly Segment[], token: number, indirectTable?: Address): number {
    if (segs.length === 0) throw new DriverError('segments', 0, 'is empty');
    const slots = indirectTable === undefined ? segs.length : 1;
    if (slots > this.freeSlots || this.freeIds.length === 0) return -1;
    const id = this.freeIds.pop()!;
    this.idSlots[id] = slots;
    this.idToken[id] = token;
    const head = this.nextAvail;
    const headFlags0 = this.availFlags();
    let headWord: [Address, number, number] | undefined;
    if (indirectTable !== undefined) {
      const t = new Uint8Array(16 * segs.length);
      const tv = new DataView(t.buffer);
      segs.forEach((s, i) => {
        setLe64(tv, i * 16, s.addr);
        tv.setUint32(i * 16 + 8, s.len, true);
        tv.setUint16(i * 16 + 14, s.write ? VIRTQ_DESC_F_WRITE : 0, true);
      });
      this.mem.write(indirectTable, t);
      headWord = [indirectTable, t.length, VIRTQ_DESC_F_INDIRECT];
      this.advance(1);
    } else {
      for (let i = 0; i < segs.length; i++) {
        const s = segs[i];
        const f = (i + 1 < segs.length ? VIRTQ_DESC_F_NEXT : 0) | (s.write ? VIRTQ_DESC_F_WRITE : 0);
        if (i === 0) headWord = [s.addr, s.len, f];
        else this.writeDesc(this.nextAvail, s.addr, s.len, id, f | this.availFlags());
        this.advance(1);
      }
    }
    // Publish: the head's flags go last (after every other descriptor of the buffer).
    this.writeDesc(head, headWord![0], headWord![1], id, headWord![2] | headFlags0);
    this.freeSlots -= slots;
    this.addedSinceKick += slots;
    return id;
  }

  private advance(n: number): void {
    this.nextAvail += n;
    if (this.nextAvail >= this.size) {
      this.nextAvail -= this.size;
      this.availWrapCounter ^= 1;
    }
  }

  /**
   * Linux virtqueue_kick_prepare_packed: read the device area and decide whether the device
   * wants a notification for what was added since the last call (§2.8.10).
   */
  kickPrepare(): boolean {
    const added = this.addedSinceKick;
    this.addedSinceKick = 0;
    if (added === 0) return false;
    const ev = this.mem.read(this.layout.device, 4);
    const offWrap = ev[0] | (ev[1] << 8);
    const flags = (ev[2] | (ev[3] << 8)) & 3;
    let kick: boolean;
    if (flags === RING_EVENT_FLAGS_DISABLE) kick = false;
    else if (flags === RING_EVENT_FLAGS_DESC && this.eventIdx) {
      const newIdx = this.nextAvail;
      const old = (newIdx - added) & 0xffff;
      let event = offWrap & 0x7fff;
      if (offWrap >> 15 !== this.availWrapCounter) event -= this.size;
      kick = needEvent(event & 0xffff, newIdx, old);
    } else kick = true;
    if (kick) this.kicks++;
    else this.kicksSuppressed++;
    return kick;
  }

  /** Reclaim one used buffer, or undefined when none is used (§2.8.2: AVAIL == USED == used_wrap). */
  getUsed(): UsedEntry | undefined {
    const b = this.mem.read(addAddress(this.layout.desc, this.nextUsed * 16), 16);
    const flags = b[14] | (b[15] << 8);
    const avail = (flags & VIRTQ_DESC_F_AVAIL) !== 0 ? 1 : 0;
    const used = (flags & VIRTQ_DESC_F_USED) !== 0 ? 1 : 0;
    if (avail !== used || used !== this.usedWrapCounter) return undefined;
    const id = b[12] | (b[13] << 8);
    const len = (b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24)) >>> 0;
    if (id >= this.size || this.idSlots[id] === 0) throw new DriverError('used id', id, `is not an outstanding buffer of this queue (slot ${this.nextUsed})`);
    const slots = this.idSlots[id];
    this.idSlots[id] = 0;
    this.freeIds.push(id);
    this.freeSlots += slots;
    this.nextUsed += slots;
    if (this.nextUsed >= this.size) {
      this.nextUsed -= this.size;
      this.usedWrapCounter ^= 1;
    }
    return { id, len, token: this.idToken[id] };
  }

  /** Driver area (§2.8.10): ask for interrupts always, never, or at the next used slot (EVENT_IDX). */
  setDriverEvent(mode: 'enable' | 'disable' | 'desc', aheadBuffers = 0): void {
    let off = this.nextUsed;
    let wrap = this.usedWrapCounter;
    if (mode === 'desc') {
      off += aheadBuffers;
      while (off >= this.size) {
        off -= this.size;
        wrap ^= 1;
      }
    }
    const flags = mode === 'enable' ? RING_EVENT_FLAGS_ENABLE : mode === 'disable' ? RING_EVENT_FLAGS_DISABLE : RING_EVENT_FLAGS_DESC;
    const offWrap = off | (wrap << 15);
    this.mem.write(this.layout.driver, Uint8Array.from([offWrap & 0xff, offWrap >> 8, flags, 0]));
  }
}
