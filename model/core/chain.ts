// The ring's device side as a function: the chain at next_avail as an element (QEMU's
// virtqueue_pop, rust-vmm's DescriptorChain), read through a CoreMemory that may not know every
// byte. Untimed and synchronous: no DMA, no cookies; the caller decides when to look.
//
// Rules (virtio 1.x):
//  - §2.8.1: the descriptor at next_avail is available iff its AVAIL bit equals avail_wrap_counter
//    and its USED bit does not; only the head's flags decide.
//  - §2.8.6: a chain follows NEXT through consecutive slots, wrapping at queue_size; the buffer id
//    is the last descriptor's; next_avail advances by the chain's descriptor count.
//  - §2.8.7: INDIRECT (needs VIRTIO_F_INDIRECT_DESC) stands alone in the ring (no NEXT, not inside
//    a chain), its len is a non-zero multiple of 16; its entries' NEXT and id are ignored and it
//    takes one ring slot.
//  - §2.8.4.1 / §2.8.18 (driver MUSTs a device may rely on): device-readable elements come before
//    device-writable ones; a chain is at most queue_size long.
// The illegal cases carry the same reason names as model/ring (RingErrorReason).

import {
  DESC_OFF_ADDR, DESC_OFF_FLAGS, DESC_OFF_ID, DESC_OFF_LEN, DESC_SIZE, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT,
  VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE,
} from '../ring/constants.js';
import type { RingErrorReason } from '../ring/errors.js';
import type { CoreMemory } from './memory.js';

/** One guest-physical range of a buffer (64-bit, as in struct pvirtq_desc). */
export interface Segment {
  addr: bigint;
  len: number;
}

/** A chain the driver made available, as the device consumes it. */
export interface Element {
  /** Buffer ID (§2.8.6: the last descriptor's; the ring descriptor's when indirect). */
  id: number;
  /** Ring slot of the head descriptor. */
  head: number;
  /** Ring slots it takes: what next_avail / next_used skip (1 when indirect). */
  ndescs: number;
  indirect: boolean;
  readable: Segment[];
  writable: Segment[];
  readableBytes: number;
  writableBytes: number;
}

/** Where the device reads the next chain (virtio §2.8.1, per queue). */
export interface AvailCursor {
  queueSize: number;
  /** queue_desc: the descriptor ring (64-bit). */
  queueDesc: bigint;
  nextAvail: number;
  /** avail_wrap_counter, 0 or 1 (starts at 1). */
  availWrap: number;
}

export interface ChainRules {
  /** VIRTIO_F_INDIRECT_DESC negotiated. */
  indirectDesc: boolean;
  /** VIRTIO_F_IN_ORDER negotiated: buffer ids must be < queue_size. */
  inOrder?: boolean;
}

export type PopResult =
  | { kind: 'element'; element: Element }
  /** The head at next_avail is not available (flags as read). */
  | { kind: 'not-available'; slot: number; flags: number }
  /** A byte the answer depends on is unknown (never seen): `address` is the first one. */
  | { kind: 'unknown'; address: bigint; what: string }
  | { kind: 'illegal'; reason: RingErrorReason; slot: number; detail: string };

const U64_LIMIT = 1n << 64n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `len` bytes at a 64-bit address, or null when unknown (or past 2^64). Below 2^53 the memory gets a number. */
export function readAt(mem: CoreMemory, addr: bigint, len: number): Uint8Array | null {
  const end = addr + BigInt(len);
  if (addr < 0n || end > U64_LIMIT) return null;
  return mem.read(end <= SAFE ? Number(addr) : addr, len);
}

/** avail: AVAIL == wrap && USED != wrap (§2.8.1). */
export function isAvailable(flags: number, wrap: number): boolean {
  const avail = (flags & VIRTQ_DESC_F_AVAIL) !== 0 ? 1 : 0;
  const used = (flags & VIRTQ_DESC_F_USED) !== 0 ? 1 : 0;
  return avail === wrap && used !== wrap;
}

/** Slot address in the descriptor ring. */
export function slotAddress(queueDesc: bigint, slot: number): bigint {
  return queueDesc + BigInt(slot * DESC_SIZE);
}

interface RawDesc {
  addr: bigint;
  len: number;
  id: number;
  flags: number;
}

function decodeDesc(b: Uint8Array, o = 0): RawDesc {
  const v = new DataView(b.buffer, b.byteOffset + o, DESC_SIZE);
  return { addr: v.getBigUint64(DESC_OFF_ADDR, true), len: v.getUint32(DESC_OFF_LEN, true), id: v.getUint16(DESC_OFF_ID, true), flags: v.getUint16(DESC_OFF_FLAGS, true) };
}

/**
 * The chain at the cursor, without moving it. `anyFlags`: walk it even when the head is not
 * available (what a device would find there if it ignored the wrap counter).
 */
export function peekChain(mem: CoreMemory, cur: AvailCursor, rules: ChainRules, anyFlags = false): PopResult {
  const size = cur.queueSize;
  const headAddr = slotAddress(cur.queueDesc, cur.nextAvail);
  const headBytes = readAt(mem, headAddr, DESC_SIZE);
  if (!headBytes) return { kind: 'unknown', address: headAddr, what: `descriptor slot ${cur.nextAvail}` };
  const head = decodeDesc(headBytes);
  if (!anyFlags && !isAvailable(head.flags, cur.availWrap)) return { kind: 'not-available', slot: cur.nextAvail, flags: head.flags };

  const el: Element = { id: 0, head: cur.nextAvail, ndescs: 0, indirect: false, readable: [], writable: [], readableBytes: 0, writableBytes: 0 };
  const illegal = (reason: RingErrorReason, slot: number, detail: string): PopResult => ({ kind: 'illegal', reason, slot, detail });
  const add = (d: RawDesc, slot: number): PopResult | null => {
    if (d.len === 0) return illegal('ZeroLengthElement', slot, 'element of length 0');
    if (d.addr + BigInt(d.len) > U64_LIMIT) return illegal('AddressOverflow', slot, `0x${d.addr.toString(16)} + ${d.len} passes 2^64`);
    if ((d.flags & VIRTQ_DESC_F_WRITE) !== 0) {
      el.writable.push({ addr: d.addr, len: d.len });
      el.writableBytes += d.len;
    } else {
      if (el.writable.length > 0) return illegal('ReadableAfterWritable', slot, 'device-readable element after a device-writable one (§2.8.4.1)');
      el.readable.push({ addr: d.addr, len: d.len });
      el.readableBytes += d.len;
    }
    return null;
  };

  let slot = cur.nextAvail;
  let d = head;
  for (let count = 0; ; count++) {
    if (count >= size) return illegal('ChainTooLong', cur.nextAvail, `NEXT chain longer than queue_size ${size} (§2.8.18)`);
    if ((d.flags & VIRTQ_DESC_F_INDIRECT) !== 0) {
      if (!rules.indirectDesc) return illegal('IndirectNotNegotiated', slot, 'INDIRECT without VIRTIO_F_INDIRECT_DESC (§2.8.7)');
      if ((d.flags & VIRTQ_DESC_F_NEXT) !== 0) return illegal('IndirectWithNext', slot, 'INDIRECT together with NEXT (§2.8.7)');
      if (count > 0) return illegal('IndirectInChain', slot, 'INDIRECT inside a NEXT chain (§2.8.7)');
      if (d.len === 0 || d.len % DESC_SIZE !== 0) return illegal('IndirectBadLength', slot, `indirect table len ${d.len} is not a non-zero multiple of 16 (§2.8.7)`);
      const n = d.len / DESC_SIZE;
      if (n > size) return illegal('IndirectTooLong', slot, `${n} indirect entries > queue_size ${size}`);
      if (d.addr + BigInt(d.len) > U64_LIMIT) return illegal('AddressOverflow', slot, `indirect table 0x${d.addr.toString(16)} + ${d.len} passes 2^64`);
      const table = readAt(mem, d.addr, d.len);
      if (!table) return { kind: 'unknown', address: d.addr, what: `indirect table of slot ${slot}` };
      for (let i = 0; i < n; i++) {
        const e = decodeDesc(table, i * DESC_SIZE);
        if ((e.flags & VIRTQ_DESC_F_INDIRECT) !== 0) return illegal('IndirectInChain', slot, `indirect entry ${i} is INDIRECT (§2.8.7)`);
        const bad = add(e, slot);
        if (bad) return bad;
      }
      el.indirect = true;
      el.id = d.id;
      el.ndescs = 1;
      break;
    }
    const bad = add(d, slot);
    if (bad) return bad;
    if ((d.flags & VIRTQ_DESC_F_NEXT) === 0) {
      el.id = d.id;
      el.ndescs = count + 1;
      break;
    }
    slot = slot + 1 === size ? 0 : slot + 1;
    const a = slotAddress(cur.queueDesc, slot);
    const b = readAt(mem, a, DESC_SIZE);
    if (!b) return { kind: 'unknown', address: a, what: `descriptor slot ${slot} (chain from ${cur.nextAvail})` };
    d = decodeDesc(b);
  }
  if (rules.inOrder && el.id >= size) return illegal('BufferIdOutOfRange', el.head, `buffer id ${el.id} >= queue_size ${size} (§2.8.8)`);
  return { kind: 'element', element: el };
}

/** Moves a ring position by `n` slots, flipping the wrap counter when it passes queue_size (§2.8.1). */
export function advance(pos: number, wrap: number, n: number, queueSize: number): { pos: number; wrap: number } {
  let p = pos + n;
  let w = wrap;
  while (p >= queueSize) {
    p -= queueSize;
    w ^= 1;
  }
  return { pos: p, wrap: w };
}

/** The chain at the cursor; on an element the cursor moves past it (next_avail += ndescs). */
export function popChain(mem: CoreMemory, cur: AvailCursor, rules: ChainRules): PopResult {
  const r = peekChain(mem, cur, rules);
  if (r.kind === 'element') {
    const a = advance(cur.nextAvail, cur.availWrap, r.element.ndescs, cur.queueSize);
    cur.nextAvail = a.pos;
    cur.availWrap = a.wrap;
  }
  return r;
}

/** The device-readable bytes of an element, gathered in order, or the first unknown address. */
export function gatherReadable(mem: CoreMemory, el: Element): Uint8Array | { unknown: bigint } {
  const out = new Uint8Array(el.readableBytes);
  let o = 0;
  for (const s of el.readable) {
    const b = readAt(mem, s.addr, s.len);
    if (!b) return { unknown: s.addr };
    out.set(b, o);
    o += s.len;
  }
  return out;
}

/**
 * Where bytes [0, n) of the writable part go: (addr, offset into the image, len) per piece, in
 * segment order (§2.8.4: the device fills writable elements in order).
 */
export function scatterWritable(el: Element, n: number): Array<{ addr: bigint; at: number; len: number }> {
  const out: Array<{ addr: bigint; at: number; len: number }> = [];
  let at = 0;
  for (const s of el.writable) {
    if (at >= n) break;
    const len = Math.min(s.len, n - at);
    out.push({ addr: s.addr, at, len });
    at += len;
  }
  return out;
}
