// Device side of one packed virtqueue (virtio 1.x §2.8), written as a resumable state machine
// over an abstract Dma (model/dma/types.ts): every access to ring or buffer memory is a DMA read
// or write, and the machine moves on when a read's answer arrives, whether that is at once
// (MemoryDma) or many cycles later (DmaEngine). No async/await, no generators.
//
// What the consumer (net TX/RX/ctrl) does:
//   pop()                    -> onBuffer(q, buf) or onEmpty(q)     (one fetch at a time)
//   readData(buf, off, n, c) -> onData(q, c, bytes)                 (device-readable part)
//   writeData(buf, off, b)                                          (device-writable part, posted)
//   complete(buf, usedLen)   or fill(...) x n then flush()          (used descriptors)
//                            -> onUsedNotify(q) when the driver wants a used buffer notification
//   setAvailNotify('enable'|'disable'|'desc') (device area), then pop() again: the driver may
//   have made buffers available before it saw the enable (checklist §4.7, pitfall 17).
// Anything illegal in the ring stops the queue with a RingError (onRingError); the owner sets
// DEVICE_NEEDS_RESET (virtio §2.1.2) and the queue stays stopped until reset().

import { addAddress, type Address, type Dma, type DmaFault, type DmaReadClient } from '../dma/types.js';
import {
  DESC_SIZE, MAX_QUEUE_SIZE, RING_EVENT_FLAGS_DESC, RING_EVENT_FLAGS_DISABLE, RING_EVENT_FLAGS_ENABLE,
  VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE,
} from './constants.js';
import { RingError, RingUsageError, type RingErrorReason } from './errors.js';
import { usedNotifyNeeded } from './event.js';
import { ByteSlab } from '../util/slab.js';

export interface PackedQueueConfig {
  /** Index of the queue (for messages and the owner). */
  queueIndex: number;
  /** queue_size: 1..32768, any value (packed rings need not be a power of two, §2.8.10.1). */
  queueSize: number;
  /** queue_desc, queue_driver, queue_device (§4.1.4.3). */
  queueDesc: Address;
  queueDriver: Address;
  queueDevice: Address;
  /** Negotiated features. */
  indirectDesc?: boolean;
  eventIdx?: boolean;
  inOrder?: boolean;
  notificationData?: boolean;
  /** Most descriptors in one NEXT chain; default and cap queue_size (§2.8.5). */
  maxChain?: number;
  /** Most entries in one indirect table; default queue_size (§2.8.5: unlimited lists are ≤ queue size). */
  maxIndirect?: number;
  /** Read an indirect table one 16-byte entry per read (policy.indirectRead "perEntry") instead of whole. */
  indirectPerEntry?: boolean;
  /** readData: at most this many bytes per read, element by element (policy.dataReadChunk; 0 = no limit). */
  dataReadChunk?: number;
  /**
   * policy.chainWalk (model/timing/profile.ts). 'interleaved': each device-readable element's data
   * is read right after its descriptor (or indirect entry), in dataReadChunk pieces one after the
   * other, before the next descriptor; the buffer reaches onBuffer with its readable bytes and
   * readData answers from them. Default 'descriptorsFirst': every descriptor, then readData reads.
   */
  chainWalk?: 'descriptorsFirst' | 'interleaved';
  /**
   * Most device-readable bytes one buffer may have (default: no bound). The walk stops the queue
   * with `overLimitReason` at the element that passes it, before that element's data is read, so
   * the model never buffers more than this (net TX: header + largest frame, model/net/device.ts).
   */
  maxReadableBytes?: number;
  overLimitReason?: RingErrorReason;
}

/** One buffer made available by the driver: device-readable elements first, then device-writable. */
export class RingBuffer {
  readonly elemAddr: Address[] = [];
  readonly elemLen: number[] = [];
  /** Elements 0 .. readableCount-1 are device-readable, the rest device-writable. */
  readableCount = 0;
  readableBytes = 0;
  writableBytes = 0;
  /** Set once fill()/complete() took it. */
  completed = false;
  /** chainWalk 'interleaved': the device-readable bytes, read during the walk (null otherwise). */
  data: Uint8Array | null = null;
  /** Buffer ID (from the last descriptor of a chain, §2.8.6; from the ring descriptor when indirect). */
  id = 0;
  /** Ring slots it occupies (1 for indirect): what the used position skips (§2.8.6). */
  ndescs = 0;
  /** Its elements come from an indirect table (§2.8.7). */
  indirect = false;
  /** Address of its indirect table (when `indirect`): where a device reading an entry again finds it. */
  tableAddr: Address = 0;
  constructor(
    /** Ring slot of its first descriptor. */
    readonly head: number,
    /** Queue generation it belongs to; a reset makes it stale. */
    readonly gen: number,
    /** avail_wrap_counter when its first descriptor was read (for unpop). */
    readonly headWrap = 1,
  ) {}

  get elementCount(): number {
    return this.elemAddr.length;
  }

  /** The elements as objects (convenience; the arrays are the fast path). */
  get elements(): { addr: Address; len: number; writable: boolean }[] {
    return this.elemAddr.map((addr, i) => ({ addr, len: this.elemLen[i], writable: i >= this.readableCount }));
  }
}

/** What the ring calls back. All calls happen from inside a ring or DMA call, never later on their own. */
export interface RingConsumer {
  onBuffer(q: PackedVirtqueue, buf: RingBuffer): void;
  onEmpty(q: PackedVirtqueue): void;
  onData(q: PackedVirtqueue, cookie: number, data: Uint8Array): void;
  /** The driver asked for a used buffer notification (send MSI-X / set ISR). */
  onUsedNotify(q: PackedVirtqueue): void;
  onRingError(q: PackedVirtqueue, err: RingError): void;
  /**
   * Optional, chainWalk 'interleaved' only: the walk just accepted the buffer's first
   * device-writable element (`buf` still being walked; `readable`: its device-readable bytes, all
   * read by now, §2.8.18 puts them first), before the next descriptor is read. A consumer may
   * writeData() into that element now (a control-queue ack, virtio §5.1.6.5).
   */
  onFirstWritable?(q: PackedVirtqueue, buf: RingBuffer, readable: Uint8Array): void;
}

export type AvailNotifyMode = 'enable' | 'disable' | 'desc';

// Which ring read an answer belongs to (low 3 bits of the cookie; the rest is the generation).
const OP_HEAD = 0;
const OP_CHAIN = 1;
const OP_INDIRECT = 2;
const OP_EVENT = 3;
const OP_GATHER = 4;

const enum Fetch { Idle, Head, Chain, Indirect }

/** True when a DMA read with this cookie (from a PackedVirtqueue) fetches descriptors: ring slots or an indirect table. */
export function isDescriptorRead(cookie: number): boolean {
  if (cookie < 0) return false;
  const op = cookie % 8;
  return op === OP_HEAD || op === OP_CHAIN || op === OP_INDIRECT;
}

const TWO_POW_32 = 0x1_0000_0000;
const ADDRESS_LIMIT = 2 ** 53;

/** A consumer read of buffer bytes, possibly gathered from several elements. */
class DataRead {
  left = 0;
  failed = false;
  constructor(readonly dest: Uint8Array, readonly cookie: number, readonly gen: number) {}
}

export class PackedVirtqueue implements DmaReadClient {
  private cfg!: PackedQueueConfig;
  private size = 0;
  private maxChain = 0;
  private maxIndirect = 0;

  // Per-queue state, named as in the spec (§2.8.1, checklist §4.1).
  /** Slot the device reads next, and avail_wrap_counter (starts at 1). */
  nextAvail = 0;
  availWrapCounter = 1;
  /** Slot the next used descriptor goes to, and used_wrap_counter (starts at 1). */
  nextUsed = 0;
  usedWrapCounter = 1;

  /** Set when the ring was found illegal (or a DMA read failed); the queue is stopped. */
  error: RingError | null = null;
  /** Bumped by reset(): answers and buffers of an older generation are dropped. */
  private gen = 0;

  // Fetch state machine.
  private fetch = Fetch.Idle;
  private cur: RingBuffer | null = null;
  private curSlot = 0; // slot of the descriptor being read
  private curCount = 0; // descriptors of the current chain read so far
  private curIndirectId = 0;
  private sawWritable = false;

  // Used side.
  // (Arrays with explicit counts: truncating an array's length is a slow path in V8.)
  private stagedId: number[] = [];
  private stagedLen: number[] = [];
  private stagedNdescs: number[] = [];
  private staged = 0;
  // A flush the owner's beforeEntry paused (it returned false): the entry to go on with, -1 none.
  private flushAt = -1;
  private flushFirstSlot = 0;
  private flushFirstFlags = 0;
  private flushTotal = 0;
  private flushHook: ((i: number) => boolean | void) | undefined = undefined;
  /** With IN_ORDER: buffers handed out and not yet completed, oldest first. */
  private inflight: RingBuffer[] = [];
  private inflightHead = 0;

  // Driver-event-suppression checks (§2.8.10).
  private notifyPendingCount = 0; // slots published and not yet covered by a check
  private eventReadInFlight = false;
  private checkPos = 0;
  private checkWrap = 1;
  private checkCount = 0;

  /** Last NOTIFICATION_DATA hint: next_off | next_wrap << 15, or -1 (§4.1.5.2; hint only). */
  lastNotifyHint = -1;

  // Consumer data reads: DMA cookie -(i+1) names piece i.
  private pieceRead: (DataRead | null)[] = [];
  private pieceOff: number[] = [];
  private freePieces: number[] = [];

  // Trampoline: DMA answers that arrive while the machine is running wait here (bounded stack).
  private running = false;
  private qCookie: number[] = [];
  private qData: (Uint8Array | null)[] = [];
  private qFault: (DmaFault | null)[] = [];
  private qLen = 0;

  /** Where readData's destination arrays come from (util/slab.ts: no off-heap store per buffer). */
  private readonly slab = new ByteSlab();

  // chainWalk 'interleaved': the element whose data is being read, and what comes after it.
  private interleaved = false;
  /** Data of the current buffer's readable elements so far, one array per element. */
  private gathered: Uint8Array[] = [];
  private gAddr: Address = 0;
  private gLen = 0;
  private gOff = 0;
  private gDest: Uint8Array = new Uint8Array(0);
  /** After the element: -1 = next indirect entry, else the descriptor flags for afterChainElement. */
  private gFlags = 0;
  private gId = 0;
  // Indirect tables walked entry by entry (interleaved).
  private indCount = 0;
  private indIdx = 0;

  constructor(private readonly dma: Dma, private readonly consumer: RingConsumer, cfg: PackedQueueConfig) {
    this.reset(cfg);
  }

  get queueIndex(): number {
    return this.cfg.queueIndex;
  }

  get queueSize(): number {
    return this.size;
  }

  get stopped(): boolean {
    return this.error !== null;
  }

  /**
   * While an indirect table is walked entry by entry (chainWalk 'interleaved' or indirectPerEntry):
   * entries after the one being read (0 for the last), else -1. For engine timing (model/net/jobs.ts).
   */
  get tableEntriesLeft(): number {
    if (this.fetch !== Fetch.Indirect) return -1;
    if (this.interleaved) return this.indCount - this.indIdx - 1;
    // indirectPerEntry: the entry at indNext is the one being read
    return this.indTable !== null ? (this.indTable.length - this.indNext) / DESC_SIZE - 1 : -1;
  }

  /** True while a pop() is in progress. */
  get fetching(): boolean {
    return this.fetch !== Fetch.Idle;
  }

  /**
   * Queue reset (VIRTIO_F_RING_RESET queue_reset, or device reset): back to the initial state,
   * optionally with a new configuration. DMA answers still in flight are dropped when they arrive.
   */
  reset(cfg: PackedQueueConfig = this.cfg): void {
    const size = cfg.queueSize;
    if (!Number.isInteger(size) || size < 1 || size > MAX_QUEUE_SIZE) {
      throw new RingUsageError('queueSize', size, `must be 1..${MAX_QUEUE_SIZE} (virtio §2.8)`);
    }
    this.cfg = cfg;
    this.size = size;
    this.maxChain = Math.min(cfg.maxChain ?? size, size);
    this.maxIndirect = cfg.maxIndirect ?? size;
    this.interleaved = cfg.chainWalk === 'interleaved';
    this.gathered = [];
    this.gen++;
    this.nextAvail = 0;
    this.availWrapCounter = 1;
    this.nextUsed = 0;
    this.usedWrapCounter = 1;
    this.error = null;
    this.fetch = Fetch.Idle;
    this.cur = null;
    this.indTable = null;
    this.staged = 0;
    this.flushAt = -1;
    this.flushHook = undefined;
    this.inflight = [];
    this.inflightHead = 0;
    this.notifyPendingCount = 0;
    this.eventReadInFlight = false;
    this.lastNotifyHint = -1;
    this.pieceRead = [];
    this.pieceOff = [];
    this.freePieces = [];
  }

  // ---- available side ---------------------------------------------------------------------

  /**
   * Available buffer notification. With VIRTIO_F_NOTIFICATION_DATA `data` is the 32-bit value
   * (vq index | next_off << 16 | next_wrap << 31). The ring keeps next_off/next_wrap as a hint
   * only: it returns false when the hint says the driver has made nothing available past what the
   * device already consumed, true otherwise. pop() always reads the ring itself, so a stale or
   * wrong hint can cost a read but never lose or invent a buffer.
   */
  notify(data?: number): boolean {
    if (!this.cfg.notificationData || data === undefined) return true;
    this.lastNotifyHint = (data >>> 16) & 0xffff;
    return this.lastNotifyHint !== (this.nextAvail | (this.availWrapCounter << 15));
  }

  /** Start fetching the next buffer. False (and nothing happens) while stopped or already fetching. */
  pop(): boolean {
    if (this.error !== null || this.fetch !== Fetch.Idle) return false;
    const outer = this.enter();
    this.fetch = Fetch.Head;
    this.curSlot = this.nextAvail;
    this.readDesc(this.nextAvail, OP_HEAD);
    if (outer) this.drain();
    return true;
  }

  /**
   * Give back the buffers popped last and not used (oldest first): the available side moves back
   * to the first one's head, so the next pop() reads it again. The buffers stay available to the
   * driver's eyes (nothing was written); a device may look at an available descriptor any number
   * of times before using it (§2.8.21.1).
   */
  unpop(bufs: readonly RingBuffer[]): void {
    if (bufs.length === 0 || this.error !== null || !this.live(bufs[0])) return;
    if (this.fetch !== Fetch.Idle) throw new RingUsageError('unpop', bufs.length, 'called while a buffer is being fetched');
    for (const b of bufs) if (b.completed) throw new RingUsageError('buffer id', b.id, 'was already used: it cannot be given back');
    this.nextAvail = bufs[0].head;
    this.availWrapCounter = bufs[0].headWrap;
    if (this.cfg.inOrder) {
      const keep = this.inflight.length - bufs.length;
      if (keep < this.inflightHead || this.inflight[keep] !== bufs[0]) throw new RingUsageError('unpop', bufs[0].id, 'is not among the buffers popped last');
      this.inflight.length = keep;
    }
  }

  // ---- buffer contents --------------------------------------------------------------------

  /** Read bytes [offset, offset+len) of the device-readable part; answer via onData(cookie). */
  readData(buf: RingBuffer, offset: number, len: number, cookie: number): boolean {
    if (!this.live(buf)) return false;
    if (!Number.isInteger(len) || len < 1 || !Number.isInteger(offset) || offset < 0 || offset + len > buf.readableBytes) {
      throw new RingUsageError('offset+len', offset + len, `must be within the ${buf.readableBytes} device-readable bytes (len ≥ 1)`);
    }
    if (buf.data !== null) {
      // chainWalk 'interleaved': read during the walk already.
      this.consumer.onData(this, cookie, offset === 0 && len === buf.data.length ? buf.data : buf.data.subarray(offset, offset + len));
      return true;
    }
    const outer = this.enter();
    const rd = new DataRead(this.slab.alloc(len), cookie, this.gen);
    // Count the pieces first so an immediate answer cannot finish the read early.
    let pos = 0;
    const chunk = this.cfg.dataReadChunk ?? 0;
    for (let i = 0; i < buf.readableCount; i++) {
      const l = buf.elemLen[i];
      const from = Math.max(offset, pos);
      const to = Math.min(offset + len, pos + l);
      if (to > from) rd.left += chunk > 0 ? Math.ceil((to - from) / chunk) : 1;
      pos += l;
    }
    pos = 0;
    for (let i = 0; i < buf.readableCount && pos < offset + len; i++) {
      const l = buf.elemLen[i];
      const from = Math.max(offset, pos);
      const to = Math.min(offset + len, pos + l);
      // Offer each piece's place in dest, so the DMA can assemble it there (no second copy).
      for (let f = from; f < to; ) {
        const e = chunk > 0 ? Math.min(to, f + chunk) : to;
        const p = this.allocPiece(rd, f - offset);
        const dest = e - f === len ? rd.dest : rd.dest.subarray(f - offset, e - offset);
        this.dma.read(addAddress(buf.elemAddr[i], f - pos), e - f, this, -(p + 1), dest);
        f = e;
      }
      pos += l;
    }
    if (outer) this.drain();
    return true;
  }

  /** Write `bytes` at `offset` of the device-writable part (posted; §2.8.15: never readable memory). */
  writeData(buf: RingBuffer, offset: number, bytes: Uint8Array): boolean {
    if (!this.live(buf)) return false;
    const len = bytes.length;
    if (!Number.isInteger(offset) || offset < 0 || len < 1 || offset + len > buf.writableBytes) {
      throw new RingUsageError('offset+len', offset + len, `must be within the ${buf.writableBytes} device-writable bytes (len ≥ 1)`);
    }
    let pos = 0;
    for (let i = buf.readableCount; i < buf.elemAddr.length && pos < offset + len; i++) {
      const l = buf.elemLen[i];
      const from = Math.max(offset, pos);
      const to = Math.min(offset + len, pos + l);
      if (to > from) this.dma.write(addAddress(buf.elemAddr[i], from - pos), from === offset && to - from === len ? bytes : bytes.subarray(from - offset, to - offset));
      pos += l;
    }
    return true;
  }

  // ---- used side --------------------------------------------------------------------------

  /** Stage a used descriptor for `buf` with `usedLen` bytes written (§2.8.4: 0 when none). */
  fill(buf: RingBuffer, usedLen: number): boolean {
    if (!this.live(buf)) return false;
    if (buf.completed) throw new RingUsageError('buffer id', buf.id, 'was already completed');
    if (!Number.isInteger(usedLen) || usedLen < 0 || usedLen > buf.writableBytes) {
      throw new RingUsageError('usedLen', usedLen, `must be 0..${buf.writableBytes} (the device-writable bytes of buffer ${buf.id})`);
    }
    this.takeInOrder(buf);
    buf.completed = true;
    this.stage(buf.id, usedLen, buf.ndescs);
    return true;
  }

  /**
   * VIRTIO_F_IN_ORDER (§2.8.8): stage ONE used descriptor for the next `bufs.length` buffers,
   * carrying the last buffer's id and `lastUsedLen`; the driver takes every earlier buffer as
   * fully used. Only for buffers that really were fully consumed.
   */
  fillInOrderBatch(bufs: readonly RingBuffer[], lastUsedLen: number): boolean {
    if (!this.cfg.inOrder) throw new RingUsageError('inOrder', 0, 'batched used descriptors need VIRTIO_F_IN_ORDER (§2.8.8)');
    if (bufs.length === 0) throw new RingUsageError('bufs.length', 0, 'a batch needs at least one buffer');
    const last = bufs[bufs.length - 1];
    if (!bufs.every((b) => this.live(b))) return false;
    if (!Number.isInteger(lastUsedLen) || lastUsedLen < 0 || lastUsedLen > last.writableBytes) {
      throw new RingUsageError('lastUsedLen', lastUsedLen, `must be 0..${last.writableBytes}`);
    }
    let ndescs = 0;
    for (const b of bufs) {
      if (b.completed) throw new RingUsageError('buffer id', b.id, 'was already completed');
      this.takeInOrder(b);
      b.completed = true;
      ndescs += b.ndescs;
    }
    this.stage(last.id, lastUsedLen, ndescs);
    return true;
  }

  /**
   * Write every staged used descriptor. Each gets id+len, then flags in a separate write (§2.8.9
   * ordering: flags publish the entry). With several entries, the first entry's flags go last so
   * the driver never sees a partial batch (§2.8.9 multi-buffer, checklist §4.5). Then the driver
   * area is read to decide on a used buffer notification (§2.8.10).
   */
  flush(beforeEntry?: (i: number) => boolean | void): void {
    const n = this.staged;
    if (n === 0 || this.error !== null) return;
    const outer = this.enter();
    const base = this.cfg.queueDesc;
    if (this.flushAt < 0) {
      this.flushAt = 0;
      this.flushFirstSlot = this.nextUsed;
      this.flushFirstFlags = 0;
      this.flushTotal = 0;
      this.flushHook = beforeEntry;
    }
    for (let i = this.flushAt; i < n; i++) {
      const slot = this.nextUsed;
      const len = this.stagedLen[i];
      const id = this.stagedId[i];
      const at = addAddress(base, slot * DESC_SIZE);
      // policy.usedWrite "perBuffer": the owner writes entry i's data right before its id+len.
      // It may pause the flush (false: it waits for a read of its own) and resume it later.
      if (beforeEntry && beforeEntry(i) === false) {
        this.flushAt = i;
        if (outer) this.drain();
        return;
      }
      // id/len: bytes 8..13 of the descriptor (len le32 @8, id le16 @12), one 6-byte write.
      this.writeLe(addAddress(at, 8), 6, len, id);
      const flags = this.usedFlags(this.usedWrapCounter, len); // flags le16 @14
      if (i === 0) this.flushFirstFlags = flags;
      else this.writeLe(addAddress(at, 14), 2, flags, 0);
      this.advanceUsed(this.stagedNdescs[i]);
      this.flushTotal += this.stagedNdescs[i];
    }
    this.flushAt = -1;
    this.flushHook = undefined;
    this.writeLe(addAddress(base, this.flushFirstSlot * DESC_SIZE + 14), 2, this.flushFirstFlags, 0);
    this.staged = 0;
    this.notifyPendingCount += this.flushTotal;
    this.startEventCheck();
    if (outer) this.drain();
  }

  /** A flush its beforeEntry paused is under way (resumeFlush goes on with it). */
  get flushing(): boolean {
    return this.flushAt >= 0;
  }

  /** Go on with a paused flush from the entry that paused it (its beforeEntry is asked again). */
  resumeFlush(): void {
    if (this.flushAt < 0) return;
    if (this.error !== null) {
      this.flushAt = -1;
      this.flushHook = undefined;
      return;
    }
    this.flush(this.flushHook);
  }

  /** fill + flush for one buffer. */
  complete(buf: RingBuffer, usedLen: number): boolean {
    if (!this.fill(buf, usedLen)) return false;
    this.flush();
    return true;
  }

  /**
   * Device Event Suppression (device area, §2.8.10): tell the driver whether to send available
   * buffer notifications. 'desc' (needs VIRTIO_F_EVENT_IDX) asks for one when the slot at
   * nextAvail/availWrapCounter becomes available: off_wrap is written first, flags after it.
   */
  setAvailNotify(mode: AvailNotifyMode): void {
    if (this.error !== null) return;
    const area = this.cfg.queueDevice;
    if (mode === 'desc') {
      if (!this.cfg.eventIdx) throw new RingUsageError('mode', mode, 'RING_EVENT_FLAGS_DESC needs VIRTIO_F_EVENT_IDX (§2.8.10)');
      const offWrap = this.nextAvail | (this.availWrapCounter << 15);
      this.writeLe(area, 2, offWrap, 0);
      this.writeLe(addAddress(area, 2), 2, RING_EVENT_FLAGS_DESC, 0);
    } else {
      this.writeLe(addAddress(area, 2), 2, mode === 'enable' ? RING_EVENT_FLAGS_ENABLE : RING_EVENT_FLAGS_DISABLE, 0);
    }
  }

  /**
   * Posted write of `n` (2 or 6) little-endian bytes at `addr`: `lo` (le32, or le16 when n = 2)
   * then, for n = 6, `hi` (le16). The bytes are laid out straight into their DW image (one fresh
   * array: the Dma keeps it as the MWr payload), so the DMA engine needs no padding copy.
   */
  private writeLe(addr: Address, n: number, lo: number, hi: number): void {
    const off = typeof addr === 'number' ? (addr >>> 0) & 3 : Number(addr & 3n);
    const img = new Uint8Array(((off + n + 3) >>> 2) << 2);
    img[off] = lo & 0xff;
    img[off + 1] = (lo >>> 8) & 0xff;
    if (n === 6) {
      img[off + 2] = (lo >>> 16) & 0xff;
      img[off + 3] = (lo >>> 24) & 0xff;
      img[off + 4] = hi & 0xff;
      img[off + 5] = (hi >>> 8) & 0xff;
    }
    if (this.dma.writePadded !== undefined) this.dma.writePadded(addr, n, img);
    else this.dma.write(addr, img.subarray(off, off + n));
  }

  // ---- DMA answers (DmaReadClient) ------------------------------------------------------

  dmaReadDone(cookie: number, data: Uint8Array): void {
    this.arrive(cookie, data, null);
  }

  dmaReadFailed(cookie: number, fault: DmaFault): void {
    this.arrive(cookie, null, fault);
  }

  // ---- internals --------------------------------------------------------------------------

  private enter(): boolean {
    if (this.running) return false;
    this.running = true;
    return true;
  }

  private arrive(cookie: number, data: Uint8Array | null, fault: DmaFault | null): void {
    if (this.running) {
      const i = this.qLen++;
      this.qCookie[i] = cookie;
      this.qData[i] = data;
      this.qFault[i] = fault;
      return;
    }
    this.running = true;
    this.handle(cookie, data, fault);
    this.drain();
  }

  /** Handle queued answers until none is left; `running` is true on entry and false on exit. */
  private drain(): void {
    for (let i = 0; i < this.qLen; i++) {
      const data = this.qData[i];
      const fault = this.qFault[i];
      this.qData[i] = null;
      this.qFault[i] = null;
      this.handle(this.qCookie[i], data, fault);
    }
    this.qLen = 0;
    this.running = false;
  }

  private handle(cookie: number, data: Uint8Array | null, fault: DmaFault | null): void {
    if (cookie < 0) {
      this.handleData(-cookie - 1, data, fault);
      return;
    }
    const op = cookie % 8;
    if ((cookie - op) / 8 !== this.gen || this.error !== null) return; // stale (before a reset) or stopped
    if (fault !== null) {
      this.fail('DmaFault', `${opName(op)} read failed: ${fault.message}`);
      return;
    }
    const d = data!;
    if (op === OP_EVENT) this.handleEvent(d);
    else if (op === OP_GATHER) this.handleGather(d);
    else if (op === OP_HEAD) this.handleHead(d);
    else if (op === OP_CHAIN) this.handleChain(d);
    else this.handleIndirect(d);
  }

  private readDesc(slot: number, op: number): void {
    this.dma.read(addAddress(this.cfg.queueDesc, slot * DESC_SIZE), DESC_SIZE, this, this.gen * 8 + op);
  }

  /** Head descriptor at nextAvail: available iff AVAIL == avail_wrap_counter != USED (§2.8.1). */
  private handleHead(d: Uint8Array): void {
    const flags = d[14] | (d[15] << 8);
    const w = this.availWrapCounter;
    const avail = (flags & VIRTQ_DESC_F_AVAIL) !== 0 ? 1 : 0;
    const used = (flags & VIRTQ_DESC_F_USED) !== 0 ? 1 : 0;
    if (avail !== w || used === w) {
      this.fetch = Fetch.Idle;
      this.consumer.onEmpty(this);
      return;
    }
    const id = d[12] | (d[13] << 8);
    this.cur = new RingBuffer(this.nextAvail, this.gen, this.availWrapCounter);
    this.curCount = 1;
    this.sawWritable = false;
    this.gathered = [];
    if (this.chainTooLong(flags)) return;
    if ((flags & VIRTQ_DESC_F_INDIRECT) !== 0) {
      this.startIndirect(d, flags, id);
      return;
    }
    if (!this.addElement(d, 0, flags)) return;
    if (this.gatherElement(flags, id)) return;
    this.afterChainElement(flags, id);
  }

  private handleChain(d: Uint8Array): void {
    const flags = d[14] | (d[15] << 8);
    if (this.chainTooLong(flags)) return;
    if ((flags & VIRTQ_DESC_F_INDIRECT) !== 0) {
      this.fail('IndirectInChain', `descriptor ${this.curSlot} (element ${this.curCount} of the chain at ${this.nextAvail}) has INDIRECT (§2.8.19)`);
      return;
    }
    if (!this.addElement(d, 0, flags)) return;
    if (this.gatherElement(flags, d[12] | (d[13] << 8))) return;
    this.afterChainElement(flags, d[12] | (d[13] << 8));
  }

  /**
   * The descriptor just read (the chain's curCount-th) has NEXT but the chain may not grow: a
   * chain longer than queue_size is a driver error (§2.8.18 "MUST NOT create a descriptor chain
   * longer than the Queue Size"). Found before this element's data is read, like the RTL.
   */
  private chainTooLong(flags: number): boolean {
    if ((flags & VIRTQ_DESC_F_NEXT) === 0 || this.curCount < this.maxChain) return false;
    this.fail('ChainTooLong', `chain longer than ${this.maxChain === this.size ? 'queue_size' : 'the device limit'} ${this.maxChain} at desc ${this.curSlot} (head ${this.nextAvail}) (§2.8.18)`);
    return true;
  }

  private afterChainElement(flags: number, id: number): void {
    if ((flags & VIRTQ_DESC_F_NEXT) === 0) {
      this.finishBuffer(id, this.curCount);
      return;
    }
    this.curSlot = this.curSlot + 1 === this.size ? 0 : this.curSlot + 1; // chains wrap at queue_size (§2.8.5)
    this.curCount++;
    this.fetch = Fetch.Chain;
    this.readDesc(this.curSlot, OP_CHAIN);
  }

  private startIndirect(d: Uint8Array, flags: number, id: number): void {
    const slot = this.nextAvail;
    if (!this.cfg.indirectDesc) {
      this.fail('IndirectNotNegotiated', `desc ${slot} has INDIRECT but VIRTIO_F_INDIRECT_DESC was not negotiated (§2.8.19)`);
      return;
    }
    if ((flags & VIRTQ_DESC_F_NEXT) !== 0) {
      this.fail('IndirectWithNext', `desc ${slot} has INDIRECT and NEXT (§2.8.19)`);
      return;
    }
    const len = u32(d, 8);
    if (len === 0 || len % DESC_SIZE !== 0) {
      this.fail('IndirectBadLength', `desc ${slot}: indirect table len ${len} is ${len === 0 ? 'zero' : 'not a multiple of 16'} (§2.8.7)`);
      return;
    }
    if (len / DESC_SIZE > this.maxIndirect) {
      this.fail('IndirectTooLong', `desc ${slot}: indirect table of ${len / DESC_SIZE} entries exceeds the limit ${this.maxIndirect} (§2.8.5)`);
      return;
    }
    const addr = this.descAddr(d, 0, len, slot);
    if (addr === -1) return;
    this.curIndirectId = id;
    this.cur!.indirect = true;
    this.cur!.tableAddr = addr;
    this.fetch = Fetch.Indirect;
    if (this.interleaved) {
      // Entry by entry, each readable entry's data before the next entry (policy.chainWalk).
      this.indCount = len / DESC_SIZE;
      this.indIdx = 0;
      this.indAddr = addr;
      this.indTable = this.cfg.indirectPerEntry ? null : new Uint8Array(0);
      if (this.cfg.indirectPerEntry) this.dma.read(addr, DESC_SIZE, this, this.gen * 8 + OP_INDIRECT);
      else this.dma.read(addr, len, this, this.gen * 8 + OP_INDIRECT);
      return;
    }
    if (this.cfg.indirectPerEntry) {
      this.indTable = new Uint8Array(len);
      this.indAddr = addr;
      this.indNext = 0;
      this.dma.read(addr, DESC_SIZE, this, this.gen * 8 + OP_INDIRECT);
    } else this.dma.read(addr, len, this, this.gen * 8 + OP_INDIRECT);
  }

  // policy.indirectRead "perEntry": the table gathered one entry per read, then walked as a whole.
  private indTable: Uint8Array | null = null;
  private indAddr: Address = 0;
  private indNext = 0;

  /** Walk exactly len/16 entries; only WRITE counts, NEXT and id are ignored (§2.8.7, pitfall 3). */
  private handleIndirect(part: Uint8Array): void {
    if (this.interleaved) {
      if (this.indTable !== null) this.indTable = part; // whole table: walk it entry by entry
      this.indirectEntry(part, this.indTable !== null ? this.indIdx * DESC_SIZE : 0);
      return;
    }
    let t = part;
    const table = this.indTable;
    if (table !== null) {
      table.set(part, this.indNext);
      this.indNext += DESC_SIZE;
      if (this.indNext < table.length) {
        this.dma.read(addAddress(this.indAddr, this.indNext), DESC_SIZE, this, this.gen * 8 + OP_INDIRECT);
        return;
      }
      this.indTable = null;
      t = table;
    }
    const n = t.length / DESC_SIZE;
    for (let i = 0; i < n; i++) {
      const o = i * DESC_SIZE;
      const flags = t[o + 14] | (t[o + 15] << 8);
      if (!this.addElement(t, o, flags & VIRTQ_DESC_F_WRITE, i)) return;
    }
    this.finishBuffer(this.curIndirectId, 1);
  }

  /** Interleaved walk: indirect entry indIdx at t[o] (§2.8.7: only WRITE counts). */
  private indirectEntry(t: Uint8Array, o: number): void {
    const flags = t[o + 14] | (t[o + 15] << 8);
    if (!this.addElement(t, o, flags & VIRTQ_DESC_F_WRITE, this.indIdx)) return;
    if (this.gatherElement(-1, 0)) return;
    this.nextIndirectEntry();
  }

  private nextIndirectEntry(): void {
    this.indIdx++;
    if (this.indIdx >= this.indCount) {
      this.indTable = null;
      this.finishBuffer(this.curIndirectId, 1);
      return;
    }
    if (this.indTable !== null) this.indirectEntry(this.indTable, this.indIdx * DESC_SIZE);
    else this.dma.read(addAddress(this.indAddr, this.indIdx * DESC_SIZE), DESC_SIZE, this, this.gen * 8 + OP_INDIRECT);
  }

  /**
   * chainWalk 'interleaved': if the element just added is device-readable, read its data now,
   * piece by piece, and continue the walk afterwards (flags/id for afterChainElement, or -1 for the
   * next indirect entry). False when there is nothing to read.
   */
  private gatherElement(flags: number, id: number): boolean {
    if (!this.interleaved) return false;
    const buf = this.cur!;
    const i = buf.elemAddr.length - 1;
    if (i >= buf.readableCount) return false; // device-writable: not read (§2.8.15)
    this.gAddr = buf.elemAddr[i];
    this.gLen = buf.elemLen[i];
    this.gOff = 0;
    this.gDest = this.slab.alloc(this.gLen);
    this.gFlags = flags;
    this.gId = id;
    this.gatherPiece();
    return true;
  }

  private gatherPiece(): void {
    const chunk = this.cfg.dataReadChunk ?? 0;
    const n = chunk > 0 ? Math.min(chunk, this.gLen - this.gOff) : this.gLen - this.gOff;
    this.dma.read(addAddress(this.gAddr, this.gOff), n, this, this.gen * 8 + OP_GATHER, this.gDest.subarray(this.gOff, this.gOff + n));
  }

  private handleGather(d: Uint8Array): void {
    const piece = this.gDest.subarray(this.gOff, this.gOff + d.length);
    if (d.buffer !== piece.buffer || d.byteOffset !== piece.byteOffset) piece.set(d);
    this.gOff += d.length;
    if (this.gOff < this.gLen) {
      this.gatherPiece();
      return;
    }
    this.gathered.push(this.gDest);
    if (this.gFlags < 0) this.nextIndirectEntry();
    else this.afterChainElement(this.gFlags, this.gId);
  }

  /** Append one element; false (and the queue stopped) when it is illegal. */
  private addElement(d: Uint8Array, o: number, flags: number, indirectIndex = -1): boolean {
    const len = u32(d, o + 8);
    if (len === 0) {
      this.fail('ZeroLengthElement', `${this.elementName(indirectIndex)} has len 0`);
      return false;
    }
    const addr = this.descAddr(d, o, len, -1, indirectIndex);
    if (addr === -1) return false;
    const buf = this.cur!;
    if ((flags & VIRTQ_DESC_F_WRITE) !== 0) {
      const first = !this.sawWritable;
      this.sawWritable = true;
      buf.writableBytes += len;
      if (first && this.interleaved && this.consumer.onFirstWritable) {
        buf.elemAddr.push(addr);
        buf.elemLen.push(len);
        this.consumer.onFirstWritable(this, buf, this.gatheredSoFar(buf.readableBytes));
        return this.live(buf) && this.cur === buf; // false when the consumer stopped or reset the queue
      }
    } else {
      if (this.sawWritable) {
        this.fail('ReadableAfterWritable', `${this.elementName(indirectIndex)} is device-readable after a device-writable element (§2.8.18)`);
        return false;
      }
      const max = this.cfg.maxReadableBytes;
      if (max !== undefined && buf.readableBytes + len > max) {
        this.fail(this.cfg.overLimitReason ?? 'ChainTooLong', `${this.elementName(indirectIndex)} brings the device-readable bytes to ${buf.readableBytes + len}, more than the ${max} this queue accepts`);
        return false;
      }
      buf.readableCount++;
      buf.readableBytes += len;
    }
    buf.elemAddr.push(addr);
    buf.elemLen.push(len);
    return true;
  }

  /** How messages name an element: indirect entry `i`, or (i < 0) the descriptor being read. Error paths only. */
  private elementName(indirectIndex: number): string {
    return indirectIndex >= 0 ? `indirect entry ${indirectIndex} of desc ${this.nextAvail}` : `desc ${this.curSlot}`;
  }

  /**
   * addr le64 at d[o]; -1 (queue stopped) when addr + len passes 2^64 (§2.8.4: the buffer must
   * exist). The message names descriptor `slot`, or (slot < 0) elementName(indirectIndex).
   */
  private descAddr(d: Uint8Array, o: number, len: number, slot: number, indirectIndex = -1): Address | -1 {
    const lo = u32(d, o);
    const hi = u32(d, o + 4);
    if (hi === 0xffffffff && lo + len > TWO_POW_32) {
      const where = slot >= 0 ? `desc ${slot}` : this.elementName(indirectIndex);
      this.fail('AddressOverflow', `${where}: addr 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} + len ${len} wraps past 2^64`);
      return -1;
    }
    // Any 64-bit address: a number while addr + len stays exact, else a bigint (Address).
    const addr = hi * TWO_POW_32 + lo;
    return addr + len <= ADDRESS_LIMIT ? addr : (BigInt(hi) << 32n) | BigInt(lo);
  }

  private finishBuffer(id: number, ndescs: number): void {
    if (this.cfg.inOrder && id >= this.size) {
      this.fail('BufferIdOutOfRange', `buffer id ${id} at desc ${this.nextAvail} is not below queue_size ${this.size} (VIRTIO_F_IN_ORDER)`);
      return;
    }
    const buf = this.cur!;
    buf.id = id;
    buf.ndescs = ndescs;
    this.cur = null;
    if (this.interleaved) buf.data = this.joinGathered(buf.readableBytes);
    // Advance with add-then-subtract so a chain covering the whole ring still flips (pitfall 1).
    let next = this.nextAvail + ndescs;
    if (next >= this.size) {
      next -= this.size;
      this.availWrapCounter ^= 1;
    }
    this.nextAvail = next;
    this.fetch = Fetch.Idle;
    if (this.cfg.inOrder) this.inflight.push(buf);
    this.consumer.onBuffer(this, buf);
  }

  /** The device-readable bytes gathered so far (`total` of them), not taken from the walk. */
  private gatheredSoFar(total: number): Uint8Array {
    const g = this.gathered;
    return g.length === 1 ? g[0] : concatInto(g, new Uint8Array(total));
  }

  private joinGathered(total: number): Uint8Array | null {
    const g = this.gathered;
    this.gathered = [];
    if (g.length === 0) return null;
    if (g.length === 1) return g[0];
    return concatInto(g, this.slab.alloc(total));
  }

  private takeInOrder(buf: RingBuffer): void {
    if (!this.cfg.inOrder) return;
    const expect = this.inflight[this.inflightHead];
    if (expect !== buf) {
      throw new RingUsageError('buffer id', buf.id, `completed out of order with VIRTIO_F_IN_ORDER (next is ${expect ? expect.id : 'none'}) (§2.8.8)`);
    }
    this.inflightHead++;
    if (this.inflightHead === this.inflight.length) {
      this.inflight = [];
      this.inflightHead = 0;
    }
  }

  private stage(id: number, len: number, ndescs: number): void {
    const i = this.staged++;
    this.stagedId[i] = id;
    this.stagedLen[i] = len;
    this.stagedNdescs[i] = ndescs;
  }

  private usedFlags(wrap: number, len: number): number {
    // AVAIL and USED both equal used_wrap_counter; WRITE when data was written (§2.8.1, §2.8.3).
    return (wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0) | (len > 0 ? VIRTQ_DESC_F_WRITE : 0);
  }

  private advanceUsed(n: number): void {
    let next = this.nextUsed + n;
    if (next >= this.size) {
      next -= this.size;
      this.usedWrapCounter ^= 1;
    }
    this.nextUsed = next;
  }

  /** Read the driver area after publishing (§2.8.10). One check in flight; later publications wait for the next. */
  private startEventCheck(): void {
    if (this.eventReadInFlight || this.notifyPendingCount === 0 || this.error !== null) return;
    this.checkPos = this.nextUsed;
    this.checkWrap = this.usedWrapCounter;
    this.checkCount = this.notifyPendingCount;
    this.notifyPendingCount = 0;
    this.eventReadInFlight = true;
    // One 4-byte read: off_wrap @0 and flags @2 as one snapshot (the driver writes off_wrap before flags).
    this.dma.read(this.cfg.queueDriver, 4, this, this.gen * 8 + OP_EVENT);
  }

  private handleEvent(d: Uint8Array): void {
    this.eventReadInFlight = false;
    const offWrap = d[0] | (d[1] << 8);
    const flags = d[2] | (d[3] << 8);
    if (usedNotifyNeeded(flags, offWrap, this.checkPos, this.checkWrap, this.checkCount, this.size, !!this.cfg.eventIdx)) {
      this.consumer.onUsedNotify(this);
    }
    this.startEventCheck();
  }

  private handleData(piece: number, data: Uint8Array | null, fault: DmaFault | null): void {
    const rd = this.pieceRead[piece];
    const off = this.pieceOff[piece];
    this.pieceRead[piece] = null;
    this.freePieces.push(piece);
    if (!rd || rd.gen !== this.gen || rd.failed || this.error !== null) return;
    if (fault !== null) {
      rd.failed = true;
      this.fail('DmaFault', `buffer data read failed: ${fault.message}`);
      return;
    }
    const d = data!;
    if (d.buffer !== rd.dest.buffer || d.byteOffset !== rd.dest.byteOffset + off) rd.dest.set(d, off); // not assembled in place
    if (--rd.left === 0) this.consumer.onData(this, rd.cookie, rd.dest);
  }

  private allocPiece(rd: DataRead, off: number): number {
    const p = this.freePieces.length > 0 ? this.freePieces.pop()! : this.pieceRead.length;
    this.pieceRead[p] = rd;
    this.pieceOff[p] = off;
    return p;
  }

  private live(buf: RingBuffer): boolean {
    return this.error === null && buf.gen === this.gen;
  }

  /** The owner found a buffer illegal for its device type (e.g. a net TX buffer shorter than its header): stop the queue like a ring error. */
  reject(reason: RingErrorReason, detail: string): void {
    this.fail(reason, detail);
  }

  private fail(reason: RingErrorReason, detail: string): void {
    if (this.error !== null) return;
    this.error = new RingError(reason, this.cfg.queueIndex, detail);
    this.fetch = Fetch.Idle;
    this.cur = null;
    this.consumer.onRingError(this, this.error);
  }
}

function u32(d: Uint8Array, o: number): number {
  return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;
}

function opName(op: number): string {
  return op === OP_HEAD ? 'descriptor' : op === OP_CHAIN ? 'chained descriptor' : op === OP_INDIRECT ? 'indirect table' : op === OP_GATHER ? 'buffer data' : 'driver event suppression';
}

/** `parts` one after the other into `dest` (their total length); returns `dest`. */
function concatInto(parts: readonly Uint8Array[], dest: Uint8Array): Uint8Array {
  let o = 0;
  for (const p of parts) {
    dest.set(p, o);
    o += p.length;
  }
  return dest;
}
