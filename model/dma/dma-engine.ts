// The device's DMA engine at TLP level. Clients ask for byte-range reads and writes; the engine
// turns them into MRd / MWr TLPs (split per split.ts), hands those out through takeTlps(), and
// reassembles the CplD TLPs that come back. Time is event-driven: the caller moves the engine to
// cycle N with advanceTo(N); nothing happens per cycle, and nextEventCycle() tells when the next
// completion timeout falls due, so an idle engine costs nothing.
//
// Rules (PCIe Base r6.0):
// - §2.2.7: MRd ≤ Max_Read_Request_Size, MWr payload ≤ Max_Payload_Size, no 4 KiB crossing.
// - §2.2.4.1: the 4-DW (64-bit) header only for addresses at or above 4 GiB.
// - §2.3.1.1: a read may be answered by several CplD, split at the Read Completion Boundary, in
//   address order for one tag; Byte Count = bytes still to come including this TLP; Lower Address
//   = low 7 bits of the first byte's address. Completions for different tags arrive in any order.
// - §2.3.2: a completion that matches no outstanding request is an Unexpected Completion.
// - §2.8: a request with no completion within the timeout ends in a Completion Timeout. Its tag is
//   quarantined, not reused: a completion arriving later is an Unexpected Completion and cannot be
//   taken for a new request's data. A late final completion releases the tag; reset() releases all.
//   If every tag is quarantined, new reads fail at once (CompletionTimeout) instead of waiting.
// - §2.7.2: a poisoned CplD fails the read but still counts toward its Byte Count, so the tag is
//   freed only after the request's last completion (the completer keeps sending the rest).
// - §7.5.1.1.3: with Bus Master Enable clear the function must not issue memory requests. This
//   engine refuses such a request with a BusMasterDisabled fault instead of holding it: a held
//   request would go out later, after the driver may have freed the memory; a fault is bounded and
//   leads the owner to DEVICE_NEEDS_RESET. Completions of reads issued before BME was cleared are
//   still accepted.

import { memRead, memWrite } from '../tlp/build.js';
import { CplStatus, type Tlp } from '../tlp/types.js';
import { dwLength, effectiveLimit, firstDwBe, lastDwBe, lowBits, pieceEnd } from './split.js';
import {
  DmaFault, DmaRequestError, type Address, type Dma, type DmaConfig, type DmaFaultKind, type DmaReadClient,
} from './types.js';

export type DmaChannel = 'tx_rd_req' | 'tx_wr_req';

export interface DmaOutTlp {
  channel: DmaChannel;
  tlp: Tlp;
  /** Cycle at which the engine issued it. */
  cycle: number;
}

export interface DmaEngineOptions {
  /** Tags 0 .. tagCount-1 (docs/dut-interface.md TAG_COUNT). Default 16, at most 256. */
  tagCount?: number;
  /** Cycles after an MRd's issue with no complete answer before a Completion Timeout. Default COMPLETION_TIMEOUT_CYCLES. */
  completionTimeoutCycles?: number;
  /** The owner: told of every fault (it sets DEVICE_NEEDS_RESET and raises a config interrupt). */
  onFault?: (fault: DmaFault) => void;
}

/**
 * Completion Timeout (PCIe r6.0 §2.8), per request: an MRd (one tag) without its complete answer
 * 65,536 cycles after it was issued fails. 262 µs at 250 MHz, inside the default range
 * (50 µs .. 50 ms). rtl/dma_rd.sv CPL_TIMEOUT is the same number, counted the same way
 * (docs/dut-interface.md "Illegal rings and faults").
 */
export const COMPLETION_TIMEOUT_CYCLES = 65_536;

/** Addresses are JS numbers: exact below 2^53 (model/tlp/types.ts). */
const ADDRESS_LIMIT = 2 ** 53;
const TWO_POW_64 = 1n << 64n;
const NO_DEADLINE = Number.POSITIVE_INFINITY;
/** Placeholder in emptied output slots (so taken TLPs are not kept alive). */
const NO_TLP: Tlp = memRead(0, 1, 0, 0, 0xf, 0);

/** Client of a recycled ReadJob: never called (a recycled job is in no tag and no queue). */
const NO_CLIENT: DmaReadClient = { dmaReadDone: () => {}, dmaReadFailed: () => {} };

/**
 * One client read, possibly split into several MRd. Jobs that finish normally are recycled by
 * the engine (init() refills every field), so a read costs no allocation in the steady state.
 */
class ReadJob {
  /** 4 KiB-aligned base of a bigint address (0n for number addresses); addr, next, end are offsets from it. */
  base = 0n;
  addr = 0;
  len = 0;
  end = 0;
  client: DmaReadClient = NO_CLIENT;
  cookie = 0;
  /**
   * Reassembly buffer: the client's `dest` if it gave one, else allocated on the first
   * completion that does not carry the whole read. A read without `dest` answered by one CplD is
   * handed to the client as a view of that CplD's payload (DmaReadClient allows views): no copy.
   */
  buf: Uint8Array | null = null;
  /** Next byte address not yet requested. */
  next = 0;
  /** MRd issued and not yet fully answered. */
  outstanding = 0;
  failed = false;

  init(base: bigint, addr: number, len: number, client: DmaReadClient, cookie: number, dest: Uint8Array | null): this {
    this.base = base;
    this.addr = addr;
    this.len = len;
    this.end = addr + len;
    this.client = client;
    this.cookie = cookie;
    this.buf = dest;
    this.next = addr;
    this.outstanding = 0;
    this.failed = false;
    return this;
  }
}

export class DmaEngine implements Dma {
  readonly tagCount: number;
  readonly completionTimeoutCycles: number;
  private readonly onFault: (fault: DmaFault) => void;

  private now = 0;
  // Issued TLPs not yet taken, as parallel arrays (no wrapper object per TLP): the TLP, whether
  // it is a read (tx_rd_req) and its issue cycle. `outCount` entries are live.
  private outTlp: Tlp[] = [];
  private outRead: boolean[] = [];
  private outCycle: number[] = [];
  private outCount = 0;
  /** Reads with pieces still to issue, oldest first: entries pendingHead .. pendingCount-1. */
  private pending: ReadJob[] = [];
  private pendingCount = 0;
  /** Finished jobs kept for reuse. */
  private readonly jobPool: ReadJob[] = [];
  private pendingHead = 0;

  // Per-tag state of the outstanding MRd.
  private readonly tagJob: (ReadJob | null)[];
  /** Byte address of the next byte expected in a completion. */
  private readonly tagNext: Float64Array;
  /** Bytes still to arrive. */
  private readonly tagRemaining: Int32Array;
  private readonly tagDeadline: Float64Array;
  private readonly tagRequester: Int32Array;
  /** 1 while a tag is held back after a Completion Timeout. */
  private readonly tagQuarantined: Uint8Array;
  private quarantined = 0;
  private freeTags: number;
  private nextDeadline = NO_DEADLINE;

  constructor(private readonly cfg: DmaConfig, opts: DmaEngineOptions = {}) {
    const tagCount = opts.tagCount ?? 16;
    if (!Number.isInteger(tagCount) || tagCount < 1 || tagCount > 256) {
      throw new DmaRequestError('tagCount', tagCount, 'must be an integer in 1..256 (8-bit Tag, PCIe r6.0 §2.2.6.2)');
    }
    const timeout = opts.completionTimeoutCycles ?? COMPLETION_TIMEOUT_CYCLES;
    if (!Number.isInteger(timeout) || timeout < 1) {
      throw new DmaRequestError('completionTimeoutCycles', timeout, 'must be a positive integer');
    }
    this.tagCount = tagCount;
    this.completionTimeoutCycles = timeout;
    this.onFault = opts.onFault ?? (() => {});
    this.tagJob = new Array<ReadJob | null>(tagCount).fill(null);
    this.tagNext = new Float64Array(tagCount);
    this.tagRemaining = new Int32Array(tagCount);
    this.tagDeadline = new Float64Array(tagCount).fill(NO_DEADLINE);
    this.tagRequester = new Int32Array(tagCount);
    this.tagQuarantined = new Uint8Array(tagCount);
    this.freeTags = tagCount;
  }

  // ---- time -------------------------------------------------------------------------------

  /** The cycle the engine is at; requests made now are stamped with it. */
  get cycle(): number {
    return this.now;
  }

  /** Move to `cycle` (never backwards) and fire every completion timeout due by then. */
  advanceTo(cycle: number): void {
    if (cycle > this.now) this.now = cycle;
    if (this.now >= this.nextDeadline) this.fireTimeouts();
  }

  /** The next cycle at which something happens without input (a timeout), or Infinity. */
  nextEventCycle(): number {
    return this.nextDeadline;
  }

  // ---- client side ------------------------------------------------------------------------

  read(address: Address, len: number, client: DmaReadClient, cookie: number, dest?: Uint8Array): void {
    const addr = this.split(address, len);
    if (dest !== undefined && dest.length !== len) throw new DmaRequestError('dest.length', dest.length, `must equal len ${len}`);
    this.pending[this.pendingCount++] = (this.jobPool.pop() ?? new ReadJob()).init(this.base, addr, len, client, cookie, dest ?? null);
    this.issueReads();
  }

  // Addresses at or above 2^53 are split into a 4 KiB-aligned bigint base and a number offset:
  // every splitting rule (4 KiB, MRRS, MPS, RCB, Lower Address) depends only on the low 12 bits.
  private base = 0n;

  /** Checks the range; sets `base` and returns the offset from it (the address itself for numbers). */
  private split(address: Address, len: number): number {
    if (!Number.isInteger(len) || len < 1) throw new DmaRequestError('len', len, 'must be a positive integer');
    if (typeof address === 'number') {
      if (!Number.isSafeInteger(address) || address < 0 || address + len > ADDRESS_LIMIT) {
        throw new DmaRequestError('addr', address, `(+ ${len} bytes) must be a non-negative exact integer below 2^53 (a bigint carries larger addresses)`);
      }
      this.base = 0n;
      return address;
    }
    if (address < 0n || address + BigInt(len) > TWO_POW_64) throw new DmaRequestError('addr', address, `+ ${len} bytes passes 2^64`);
    this.base = address & ~0xfffn;
    return Number(address & 0xfffn);
  }

  /** base + off as a TLP address. */
  private static at(base: bigint, off: number): Address {
    return base === 0n ? off : base + BigInt(off);
  }

  write(address: Address, data: Uint8Array): void {
    const addr = this.split(address, data.length);
    const base = this.base;
    const end = addr + data.length;
    if (!this.cfg.busMasterEnable) {
      this.fault('BusMasterDisabled', address, -1, `MWr of ${data.length} bytes refused: Command.Bus Master Enable is clear (PCIe r6.0 §7.5.1.1.3)`);
      return;
    }
    const limit = effectiveLimit(this.cfg.maxPayloadSize);
    const requesterId = this.cfg.requesterId;
    for (let a = addr; a < end; ) {
      const e = pieceEnd(a, end, limit);
      const off = lowBits(a, 3);
      // One piece (the usual case) uses `data` itself: no subarray view to allocate.
      const src = a === addr && e === end ? data : data.subarray(a - addr, e - addr);
      let payload: Uint8Array;
      if (off === 0 && src.length % 4 === 0) {
        payload = src; // already whole DWs: no copy
      } else {
        payload = new Uint8Array(dwLength(a, e) * 4);
        payload.set(src, off);
      }
      this.pushOut(memWrite(DmaEngine.at(base, a - off), payload, requesterId, firstDwBe(a, e), lastDwBe(a, e)), false);
      a = e;
    }
  }

  /**
   * Posted write of the `len` bytes at `addr` given as their DW image: `image` covers the DWs the
   * bytes touch (dwLength * 4 bytes), the bytes sit at offset addr % 4, every other byte is 0 —
   * exactly the payload write() would build. When the write fits in one MWr the image becomes its
   * payload as it is (no copy); otherwise the bytes go through write().
   */
  writePadded(address: Address, len: number, image: Uint8Array): void {
    const addr = this.split(address, len);
    const base = this.base;
    const end = addr + len;
    const off = lowBits(addr, 3);
    if (image.length !== dwLength(addr, end) * 4) throw new DmaRequestError('image.length', image.length, `must be ${dwLength(addr, end) * 4} for ${len} bytes at offset ${off}`);
    if (!this.cfg.busMasterEnable || pieceEnd(addr, end, effectiveLimit(this.cfg.maxPayloadSize)) !== end) {
      this.write(address, image.subarray(off, off + len));
      return;
    }
    this.pushOut(memWrite(DmaEngine.at(base, addr - off), image, this.cfg.requesterId, firstDwBe(addr, end), lastDwBe(addr, end)), false);
  }

  private pushOut(tlp: Tlp, read: boolean): void {
    const i = this.outCount++;
    this.outTlp[i] = tlp;
    this.outRead[i] = read;
    this.outCycle[i] = this.now;
  }

  // ---- bus side ---------------------------------------------------------------------------

  /** TLPs issued and not yet taken (lets the owner skip takeTlps() when there are none). */
  get pendingTlps(): number {
    return this.outCount;
  }

  /** Every TLP issued since the last call, in issue order (tx_wr_req order is PCIe posted order). */
  takeTlps(): DmaOutTlp[] {
    const r: DmaOutTlp[] = [];
    for (let i = 0; i < this.outCount; i++) r.push({ channel: this.outRead[i] ? 'tx_rd_req' : 'tx_wr_req', tlp: this.outTlp[i], cycle: this.outCycle[i] });
    this.clearTlps();
    return r;
  }

  // Allocation-free form of takeTlps() for the owner's hot path: read entries 0 .. pendingTlps-1
  // with the accessors below, then clearTlps().
  /** TLP `i` of those not yet taken. */
  tlpAt(i: number): Tlp {
    return this.outTlp[i];
  }
  /** True when TLP `i` is an MRd (tx_rd_req), false for an MWr (tx_wr_req). */
  isReadAt(i: number): boolean {
    return this.outRead[i];
  }
  /** Cycle TLP `i` was issued. */
  cycleAt(i: number): number {
    return this.outCycle[i];
  }
  /** Forget the TLPs not yet taken (after reading them with tlpAt). */
  clearTlps(): void {
    for (let i = 0; i < this.outCount; i++) this.outTlp[i] = NO_TLP;
    this.outCount = 0;
  }

  /** A completion from rx_cpl at `cycle`. Never throws for bad input: faults go to the owner. */
  onCompletion(tlp: Tlp, cycle: number): void {
    this.advanceTo(cycle);
    const tag = tlp.tag;
    if (tlp.kind !== 'Cpl' && tlp.kind !== 'CplD') {
      this.fault('MalformedCompletion', tlp.address, -1, `a ${tlp.kind} arrived on rx_cpl`);
      return;
    }
    const job = tag >= 0 && tag < this.tagCount ? this.tagJob[tag] : null;
    if (job === null) {
      const late = tag >= 0 && tag < this.tagCount && this.tagQuarantined[tag] === 1 && tlp.requesterId === this.tagRequester[tag];
      this.fault('UnexpectedCompletion', 0, tag, late
        ? `tag ${tag} completed after its Completion Timeout (PCIe r6.0 §2.3.2, §2.8)`
        : `no outstanding MRd has tag ${tag} (PCIe r6.0 §2.3.2)`);
      if (late && isFinalCompletion(tlp)) {
        this.tagQuarantined[tag] = 0;
        this.quarantined--;
        this.freeTags++;
        this.issueReads();
      }
      return;
    }
    const expected = this.tagNext[tag];
    if (tlp.requesterId !== this.tagRequester[tag]) {
      // Not ours: the request stays outstanding (§2.3.2).
      this.fault('UnexpectedCompletion', DmaEngine.at(job.base, expected), tag,
        `Requester ID 0x${tlp.requesterId.toString(16)} differs from the request's 0x${this.tagRequester[tag].toString(16)} (PCIe r6.0 §2.3.2)`);
      return;
    }
    if (tlp.status !== CplStatus.SC) {
      const kind: DmaFaultKind = tlp.status === CplStatus.UR ? 'UnsupportedRequest'
        : tlp.status === CplStatus.CA ? 'CompleterAbort' : 'MalformedCompletion';
      this.failTag(tag, kind, `Completion Status ${tlp.status} (PCIe r6.0 §2.2.9)`);
      return;
    }
    if (tlp.kind === 'Cpl') {
      this.failTag(tag, 'MalformedCompletion', 'Successful Completion without data for a memory read (PCIe r6.0 §2.2.9)');
      return;
    }
    const remaining = this.tagRemaining[tag];
    if (tlp.byteCount !== remaining) {
      this.failTag(tag, 'MalformedCompletion', `Byte Count ${tlp.byteCount}, expected ${remaining} (PCIe r6.0 §2.3.1.1)`);
      return;
    }
    if (tlp.lowerAddress !== lowBits(expected, 127)) {
      this.failTag(tag, 'MalformedCompletion', `Lower Address 0x${tlp.lowerAddress.toString(16)}, expected 0x${(expected % 128).toString(16)} (PCIe r6.0 §2.3.1.1)`);
      return;
    }
    if (tlp.data.length !== tlp.length * 4) {
      this.failTag(tag, 'MalformedCompletion', `Length ${tlp.length} DW but ${tlp.data.length} payload bytes`);
      return;
    }
    const lead = lowBits(expected, 3);
    const carried = tlp.length * 4 - lead;
    let take: number;
    if (carried >= remaining) {
      if (tlp.length !== Math.ceil((lead + remaining) / 4)) {
        this.failTag(tag, 'MalformedCompletion', `final completion has Length ${tlp.length} DW for ${remaining} bytes at offset ${lead}`);
        return;
      }
      take = remaining;
    } else {
      const rcb = this.cfg.readCompletionBoundary ?? 64;
      if ((expected + carried) % rcb !== 0) {
        this.failTag(tag, 'MalformedCompletion',
          `partial completion ends at 0x${(expected + carried).toString(16)}, not on the ${rcb}-byte Read Completion Boundary (PCIe r6.0 §2.3.1.1)`);
        return;
      }
      take = carried;
    }
    if (tlp.ep) this.failJob(job, 'Poisoned', expected, tag, 'completion has EP set (PCIe r6.0 §2.7.2)');
    this.tagNext[tag] = expected + take;
    this.tagRemaining[tag] = remaining - take;
    if (!job.failed) {
      if (take === job.len && job.buf === null) {
        // This CplD carries the whole read: hand out a view of its payload, no copy.
        this.freeTag(tag);
        job.outstanding--;
        const d = tlp.data;
        job.client.dmaReadDone(job.cookie, lead === 0 && take === d.length ? d : d.subarray(lead, lead + take));
        this.recycle(job);
        this.issueReads();
        return;
      }
      const d = tlp.data;
      (job.buf ??= new Uint8Array(job.len)).set(lead === 0 && take === d.length ? d : d.subarray(lead, lead + take), expected - job.addr);
    }
    if (remaining - take === 0) {
      this.freeTag(tag);
      job.outstanding--;
      if (!job.failed && job.outstanding === 0 && job.next === job.end) {
        job.client.dmaReadDone(job.cookie, job.buf!);
        this.recycle(job);
      }
      this.issueReads();
    }
  }

  /**
   * The client of the MRd on `tag`, while it waits for its completions (null otherwise). The owner
   * that holds handed-out TLPs back (a timed model) uses it to find a reset queue's requests.
   */
  clientOfTag(tag: number): DmaReadClient | null {
    return tag >= 0 && tag < this.tagCount ? this.tagJob[tag]?.client ?? null : null;
  }

  /**
   * An MRd handed out by takeTlps() that its owner never put on the bus (a queue or device reset
   * came first, virtio §2.6.1 / §2.4): its tag is free again and its read ends without an answer
   * to the client. Nothing is quarantined: no completion can come for a request never sent.
   */
  withdrawRead(tag: number): void {
    const job = tag >= 0 && tag < this.tagCount ? this.tagJob[tag] : null;
    if (!job) return;
    this.freeTag(tag);
    job.outstanding--;
    job.failed = true;
    this.issueReads();
  }

  /** Every read of `client` still waiting for a tag is dropped unanswered (its queue was reset). */
  dropPending(client: DmaReadClient): void {
    for (let i = this.pendingHead; i < this.pendingCount; i++) {
      if (this.pending[i].client === client) this.pending[i].failed = true;
    }
  }

  /** Conventional reset / FLR: forget every request. Later completions are Unexpected. */
  reset(): void {
    this.clearTlps();
    this.pending = [];
    this.pendingHead = 0;
    this.pendingCount = 0;
    for (let t = 0; t < this.tagCount; t++) {
      this.tagJob[t] = null;
      this.tagDeadline[t] = NO_DEADLINE;
      this.tagQuarantined[t] = 0;
    }
    this.quarantined = 0;
    this.freeTags = this.tagCount;
    this.nextDeadline = NO_DEADLINE;
  }

  /** Reads not yet finished (waiting for a tag or for completions). */
  get busy(): boolean {
    return this.outstandingTags !== 0 || this.pendingHead < this.pendingCount;
  }

  /** Tags of MRd waiting for completions. */
  get outstandingTags(): number {
    return this.tagCount - this.freeTags - this.quarantined;
  }

  /** Tags held back after a Completion Timeout. */
  get quarantinedTags(): number {
    return this.quarantined;
  }

  // ---- internals --------------------------------------------------------------------------

  private issueReads(): void {
    while (this.pendingHead < this.pendingCount) {
      const job = this.pending[this.pendingHead];
      if (job.failed) {
        this.popPending();
        continue;
      }
      if (!this.cfg.busMasterEnable) {
        job.failed = true;
        this.popPending();
        const f = this.fault('BusMasterDisabled', DmaEngine.at(job.base, job.next), -1,
          `MRd of ${job.end - job.next} bytes refused: Command.Bus Master Enable is clear (PCIe r6.0 §7.5.1.1.3)`);
        job.client.dmaReadFailed(job.cookie, f);
        continue;
      }
      if (this.freeTags === 0) {
        if (this.quarantined < this.tagCount) return; // a tag will come back
        job.failed = true;
        this.popPending();
        const f = this.fault('CompletionTimeout', DmaEngine.at(job.base, job.next), -1,
          `MRd of ${job.end - job.next} bytes cannot be issued: all ${this.tagCount} tags are held after Completion Timeouts (PCIe r6.0 §2.8)`);
        job.client.dmaReadFailed(job.cookie, f);
        continue;
      }
      const tag = this.allocTag();
      const a = job.next;
      const e = pieceEnd(a, job.end, effectiveLimit(this.cfg.maxReadRequestSize));
      const requesterId = this.cfg.requesterId;
      const tlp = memRead(DmaEngine.at(job.base, a - lowBits(a, 3)), dwLength(a, e), requesterId, tag, firstDwBe(a, e), lastDwBe(a, e));
      this.tagJob[tag] = job;
      this.tagNext[tag] = a;
      this.tagRemaining[tag] = e - a;
      this.tagRequester[tag] = requesterId;
      const deadline = this.now + this.completionTimeoutCycles;
      this.tagDeadline[tag] = deadline;
      if (deadline < this.nextDeadline) this.nextDeadline = deadline;
      this.pushOut(tlp, true);
      job.outstanding++;
      job.next = e;
      if (e === job.end) this.popPending();
    }
  }

  /** A job whose answer went to its client: in no tag and past the pending queue's head, reusable. */
  private recycle(job: ReadJob): void {
    job.client = NO_CLIENT;
    job.buf = null;
    this.jobPool.push(job);
  }

  private popPending(): void {
    this.pendingHead++;
    if (this.pendingHead === this.pendingCount) {
      // Empty again: start over at slot 0 (the array keeps its length; no truncation, a V8 slow path).
      this.pendingHead = 0;
      this.pendingCount = 0;
    } else if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pendingCount) {
      this.pending = this.pending.slice(this.pendingHead, this.pendingCount);
      this.pendingCount -= this.pendingHead;
      this.pendingHead = 0;
    }
  }

  /** Lowest free tag (what a priority encoder in RTL gives). */
  private allocTag(): number {
    for (let t = 0; t < this.tagCount; t++) {
      if (this.tagJob[t] === null && this.tagQuarantined[t] === 0) {
        this.freeTags--;
        return t;
      }
    }
    throw new DmaRequestError('freeTags', this.freeTags, 'count says a tag is free but none is (engine bug)');
  }

  private freeTag(tag: number): void {
    const d = this.tagDeadline[tag];
    this.tagJob[tag] = null;
    this.tagDeadline[tag] = NO_DEADLINE;
    this.freeTags++;
    if (d !== this.nextDeadline) return;
    // The last outstanding MRd answered (the usual case): no deadline is left, skip the scan.
    if (this.freeTags + this.quarantined === this.tagCount) this.nextDeadline = NO_DEADLINE;
    else this.recomputeDeadline();
  }

  private recomputeDeadline(): void {
    let min = NO_DEADLINE;
    for (let t = 0; t < this.tagCount; t++) if (this.tagDeadline[t] < min) min = this.tagDeadline[t];
    this.nextDeadline = min;
  }

  private fireTimeouts(): void {
    for (let t = 0; t < this.tagCount; t++) {
      const job = this.tagJob[t];
      if (job !== null && this.tagDeadline[t] <= this.now) {
        const issued = this.tagDeadline[t] - this.completionTimeoutCycles;
        this.tagJob[t] = null;
        this.tagDeadline[t] = NO_DEADLINE;
        this.tagQuarantined[t] = 1;
        this.quarantined++;
        job.outstanding--;
        this.failJob(job, 'CompletionTimeout', this.tagNext[t], t,
          `no complete answer ${this.completionTimeoutCycles} cycles after the MRd issued at cycle ${issued} (PCIe r6.0 §2.8)`);
      }
    }
    this.recomputeDeadline();
    this.issueReads();
  }

  /** End the MRd on `tag` with a fault; the whole client read fails (reported once). */
  private failTag(tag: number, kind: DmaFaultKind, detail: string): void {
    const job = this.tagJob[tag]!;
    const addr = this.tagNext[tag];
    this.freeTag(tag);
    job.outstanding--;
    this.failJob(job, kind, addr, tag, detail);
    this.issueReads();
  }

  /** Fail a client read once; its other outstanding MRd are still tracked to their end. */
  private failJob(job: ReadJob, kind: DmaFaultKind, addr: number, tag: number, detail: string): void {
    if (job.failed) return;
    job.failed = true;
    const f = this.fault(kind, DmaEngine.at(job.base, addr), tag, detail);
    job.client.dmaReadFailed(job.cookie, f);
  }

  private fault(kind: DmaFaultKind, address: Address, tag: number, detail: string): DmaFault {
    const f = new DmaFault(kind, this.now, address, tag, detail);
    this.onFault(f);
    return f;
  }
}

/** True when `tlp` is the last completion of its request (PCIe r6.0 §2.3.1.1). */
function isFinalCompletion(tlp: Tlp): boolean {
  if (tlp.kind === 'Cpl' || tlp.status !== CplStatus.SC) return true;
  return tlp.byteCount <= tlp.length * 4 - (tlp.lowerAddress % 4);
}

