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
import { ByteSlab } from '../util/slab.js';
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

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_32 = 2 ** 32;
/** Below this high word, hi * 2^32 + lo is an exact number. */
const HI_EXACT = 2 ** 21;
const U64_LIMIT = 1n << 64n;

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

// The hot path (docs/model-speed.md): a descriptor is read into one scratch buffer and decoded
// into the fields below (its 64-bit addr as two 32-bit halves), so reading one allocates
// nothing; addresses are numbers while they stay below 2^53 and bigints only past that.
const scratch = new Uint8Array(DESC_SIZE);
const scratchView = new DataView(scratch.buffer);
let dLo = 0;
let dHi = 0;
let dLen = 0;
let dId = 0;
let dFlags = 0;

function decodeAt(v: DataView, o: number): void {
  dLo = v.getUint32(o + DESC_OFF_ADDR, true);
  dHi = v.getUint32(o + DESC_OFF_ADDR + 4, true);
  dLen = v.getUint32(o + DESC_OFF_LEN, true);
  dId = v.getUint16(o + DESC_OFF_ID, true);
  dFlags = v.getUint16(o + DESC_OFF_FLAGS, true);
}

/** The decoded descriptor's addr as a bigint (exact for all 64 bits). */
function descAddr(): bigint {
  return dHi < HI_EXACT ? BigInt(dHi * TWO_32 + dLo) : (BigInt(dHi) << 32n) | BigInt(dLo);
}

/** addr + len passes 2^64 (addr = hi:lo, len < 2^32). */
function descOverflows(): boolean {
  return dHi === 0xffff_ffff && dLo + dLen > TWO_32;
}

/** `len` bytes at `addr` (a number when exact, else the bigint) into `out` from `at`; false when unknown. */
function readInto(mem: CoreMemory, addr: number, big: bigint | null, len: number, out: Uint8Array, at: number): boolean {
  if (big === null && addr + len <= Number.MAX_SAFE_INTEGER) {
    if (mem.readInto) return mem.readInto(addr, len, out, at);
    const b = mem.read(addr, len);
    if (!b) return false;
    out.set(b, at);
    return true;
  }
  const b = readAt(mem, big ?? BigInt(addr), len);
  if (!b) return false;
  out.set(b, at);
  return true;
}

/** Reads the descriptor in ring slot `slot` into the decoded fields; false when unknown. */
function loadSlot(mem: CoreMemory, cur: AvailCursor, qd: number, slot: number): boolean {
  const exact = qd + cur.queueSize * DESC_SIZE <= Number.MAX_SAFE_INTEGER;
  if (!readInto(mem, qd + slot * DESC_SIZE, exact ? null : slotAddress(cur.queueDesc, slot), DESC_SIZE, scratch, 0)) return false;
  decodeAt(scratchView, 0);
  return true;
}

function illegal(reason: RingErrorReason, slot: number, detail: string): PopResult {
  return { kind: 'illegal', reason, slot, detail };
}

/** Adds the decoded descriptor to `el` as a readable or writable segment, or says why it cannot be. */
function addSegment(el: Element, slot: number): PopResult | null {
  if (dLen === 0) return illegal('ZeroLengthElement', slot, 'element of length 0');
  if (descOverflows()) return illegal('AddressOverflow', slot, `0x${descAddr().toString(16)} + ${dLen} passes 2^64`);
  if ((dFlags & VIRTQ_DESC_F_WRITE) !== 0) {
    el.writable.push({ addr: descAddr(), len: dLen });
    el.writableBytes += dLen;
  } else {
    if (el.writable.length > 0) return illegal('ReadableAfterWritable', slot, 'device-readable element after a device-writable one (§2.8.4.1)');
    el.readable.push({ addr: descAddr(), len: dLen });
    el.readableBytes += dLen;
  }
  return null;
}

/**
 * The chain at the cursor, without moving it. `anyFlags`: walk it even when the head is not
 * available (what a device would find there if it ignored the wrap counter).
 */
export function peekChain(mem: CoreMemory, cur: AvailCursor, rules: ChainRules, anyFlags = false): PopResult {
  const size = cur.queueSize;
  // Exact while the ring lies below 2^53; above, loadSlot reads through the bigint address.
  const qd = Number(cur.queueDesc);
  if (!loadSlot(mem, cur, qd, cur.nextAvail)) return { kind: 'unknown', address: slotAddress(cur.queueDesc, cur.nextAvail), what: `descriptor slot ${cur.nextAvail}` };
  if (!anyFlags && !isAvailable(dFlags, cur.availWrap)) return { kind: 'not-available', slot: cur.nextAvail, flags: dFlags };

  const el: Element = { id: 0, head: cur.nextAvail, ndescs: 0, indirect: false, readable: [], writable: [], readableBytes: 0, writableBytes: 0 };
  let slot = cur.nextAvail;
  for (let count = 0; ; count++) {
    if (count >= size) return illegal('ChainTooLong', cur.nextAvail, `NEXT chain longer than queue_size ${size} (§2.8.18)`);
    if ((dFlags & VIRTQ_DESC_F_INDIRECT) !== 0) {
      if (!rules.indirectDesc) return illegal('IndirectNotNegotiated', slot, 'INDIRECT without VIRTIO_F_INDIRECT_DESC (§2.8.7)');
      if ((dFlags & VIRTQ_DESC_F_NEXT) !== 0) return illegal('IndirectWithNext', slot, 'INDIRECT together with NEXT (§2.8.7)');
      if (count > 0) return illegal('IndirectInChain', slot, 'INDIRECT inside a NEXT chain (§2.8.7)');
      if (dLen === 0 || dLen % DESC_SIZE !== 0) return illegal('IndirectBadLength', slot, `indirect table len ${dLen} is not a non-zero multiple of 16 (§2.8.7)`);
      const n = dLen / DESC_SIZE;
      if (n > size) return illegal('IndirectTooLong', slot, `${n} indirect entries > queue_size ${size}`);
      const tableAddr = descAddr();
      if (descOverflows()) return illegal('AddressOverflow', slot, `indirect table 0x${tableAddr.toString(16)} + ${dLen} passes 2^64`);
      const id = dId;
      const table = new Uint8Array(dLen);
      const exact = dHi < HI_EXACT;
      if (!readInto(mem, exact ? dHi * TWO_32 + dLo : 0, exact ? null : tableAddr, dLen, table, 0)) return { kind: 'unknown', address: tableAddr, what: `indirect table of slot ${slot}` };
      const tv = new DataView(table.buffer);
      for (let i = 0; i < n; i++) {
        decodeAt(tv, i * DESC_SIZE);
        if ((dFlags & VIRTQ_DESC_F_INDIRECT) !== 0) return illegal('IndirectInChain', slot, `indirect entry ${i} is INDIRECT (§2.8.7)`);
        const bad = addSegment(el, slot);
        if (bad) return bad;
      }
      el.indirect = true;
      el.id = id;
      el.ndescs = 1;
      break;
    }
    const bad = addSegment(el, slot);
    if (bad) return bad;
    if ((dFlags & VIRTQ_DESC_F_NEXT) === 0) {
      el.id = dId;
      el.ndescs = count + 1;
      break;
    }
    slot = slot + 1 === size ? 0 : slot + 1;
    if (!loadSlot(mem, cur, qd, slot)) return { kind: 'unknown', address: slotAddress(cur.queueDesc, slot), what: `descriptor slot ${slot} (chain from ${cur.nextAvail})` };
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
    let p = cur.nextAvail + r.element.ndescs;
    while (p >= cur.queueSize) {
      p -= cur.queueSize;
      cur.availWrap ^= 1;
    }
    cur.nextAvail = p;
  }
  return r;
}

/** Fresh arrays for gathered bytes without an off-heap allocation each (model/util/slab.ts). */
const slab = new ByteSlab();

/** The device-readable bytes of an element, gathered in order (a fresh array), or the first unknown address. */
export function gatherReadable(mem: CoreMemory, el: Element): Uint8Array | { unknown: bigint } {
  const out = slab.alloc(el.readableBytes);
  let o = 0;
  for (let i = 0; i < el.readable.length; i++) {
    const s = el.readable[i];
    const a = Number(s.addr); // rounded only past 2^53, where readInto takes the bigint
    if (!readInto(mem, a, a + s.len <= Number.MAX_SAFE_INTEGER ? null : s.addr, s.len, out, o)) return { unknown: s.addr };
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
