// policy.scheduling "oneJob" timing (model/timing/README.md): the device serves one job at a
// time (a TX chain, a control chain or one received frame) and every ring access of that job is a
// step of one engine. JobDma sits between a queue's ring and the DMA engine, names each access
// (descriptor, data, driver event, device area, used id+len / flags), and JobClock says in which
// cycle the engine issues it, from the previous step and the profile's `engine` costs
// (model/timing/engine.ts). The answers of reads move the clock on when they are consumed.

import { offsetIn, type Address, type Dma, type DmaFault, type DmaReadClient } from '../dma/types.js';
import type { EngineTimer } from '../timing/engine.js';
import { isDescriptorRead } from '../ring/packed.js';

export type ReadKind = 'desc' | 'data' | 'event';
export type WriteKind = 'deviceArea' | 'idLen' | 'flags' | 'data';

export type StepKind = 'pick' | 'desc' | 'data' | 'event' | 'wr';

/**
 * The last thing the engine did: where the next step's cost is counted from. One object per
 * JobClock, overwritten in place by the setters (no allocation per step); only the fields of
 * kind `k` are meaningful:
 *   pick: rx (a received frame's job)    desc: next (NEXT set / more table entries), found (head was
 *   available), table (INDIRECT: the table's first entry comes next)
 *   data: len (bytes)                    wr: kind, offWrap, ffirst (flags of a first entry), disable
 */
export class EngineStep {
  k: StepKind = 'pick';
  at = 0;
  rx = false;
  next = false;
  found = false;
  /** desc: a ring descriptor with INDIRECT (the next read is its table's first entry). */
  table = false;
  len = 0;
  kind: WriteKind = 'data';
  offWrap = false;
  ffirst = false;
  disable = false;

  pick(at: number, rx: boolean): void {
    this.k = 'pick';
    this.at = at;
    this.rx = rx;
  }
  desc(at: number, next: boolean, found: boolean, table = false): void {
    this.k = 'desc';
    this.at = at;
    this.next = next;
    this.found = found;
    this.table = table;
  }
  data(at: number, len: number): void {
    this.k = 'data';
    this.at = at;
    this.len = len;
  }
  event(at: number): void {
    this.k = 'event';
    this.at = at;
  }
  copyFrom(o: EngineStep): void {
    this.k = o.k;
    this.at = o.at;
    this.rx = o.rx;
    this.next = o.next;
    this.found = o.found;
    this.table = o.table;
    this.len = o.len;
    this.kind = o.kind;
    this.offWrap = o.offWrap;
    this.ffirst = o.ffirst;
    this.disable = o.disable;
  }
  wr(kind: WriteKind, at: number, offWrap: boolean, ffirst: boolean, disable: boolean): void {
    this.k = 'wr';
    this.kind = kind;
    this.at = at;
    this.offWrap = offWrap;
    this.ffirst = ffirst;
    this.disable = disable;
  }
}

/** One engine, one job at a time: issue cycles of the job's steps. */
export class JobClock {
  readonly last = new EngineStep();
  /** Extra cycles the owner adds to the next step (descriptors walked from a cache, nothing issued). */
  extra = 0;
  /** The job is a control-queue chain: its ack is written when the walk reaches the writable descriptor. */
  ctrl = false;
  /** A DISABLE write followed the current step's chain end (TX: cycles to the used write differ). */
  constructor(readonly t: EngineTimer) {}

  /** Cycle the descriptor just read is checked (16 bytes copied at engineBytesPerCycle). */
  descChecked(at: number): number {
    return at + this.t.bytes(16) + this.t.s.descCheck;
  }

  /** TX: the state after the last data byte (end of chain). */
  txChainEnd(at: number, len: number): number {
    return at + this.t.bytes(len) + 2;
  }

  issueRead(kind: ReadKind): number {
    const x = this.extra;
    this.extra = 0;
    return this.issueReadAfter(kind) + x;
  }

  issueWrite(kind: WriteKind, deviceAreaDisable: boolean): number {
    const x = this.extra;
    this.extra = 0;
    return this.issueWriteAfter(kind, deviceAreaDisable) + x;
  }

  /** The cycle issueWrite(kind) would give now, without taking the extra cycles. */
  peekWrite(kind: WriteKind): number {
    return this.issueWriteAfter(kind, false) + this.extra;
  }

  private issueReadAfter(kind: ReadKind): number {
    const s = this.t.s;
    const l = this.last;
    switch (l.k) {
      case 'pick':
        return l.at + (l.rx ? s.pickToRxDescRead : s.pickToDescRead);
      case 'desc': {
        const c = this.descChecked(l.at);
        if (kind === 'data') return c + s.checkToDataRead;
        // armed re-check (NOTAVAIL, CHAIN, WALK)
        if (!l.found) return c + s.checkToNotAvail + 1 + s.toDescRead;
        // INDIRECT: straight on to the table's first entry (DCHECK, WALK)
        if (l.table) return c + s.checkToTable;
        // next descriptor of the chain (ELEM, EDONE, WALK)
        if (l.next) return c + s.checkToChainEnd;
        // RX dry pass: the next buffer of a mergeable frame (ELEM, EDONE, CEND, CEND2, CHAIN, WALK)
        return c + s.checkToChainEnd + s.chainEndNoWrite + 1 + s.toDescRead;
      }
      case 'wr':
        if (kind === 'event') return l.ffirst ? l.at : l.at + s.flagsToEventRead;
        // after ENABLE / DESC the walk restarts at once; after DISABLE the chain end comes first
        return l.at + s.toDescRead + (l.disable ? 1 : 0);
      case 'data':
        // policy.chainWalk 'interleaved': the next piece of the element once this one's bytes
        // went through (TX_CHUNK), or the next descriptor (TX_CHUNK, EDONE, WALK)
        return kind === 'data' ? l.at + this.t.bytes(l.len) : this.txChainEnd(l.at, l.len);
      case 'event':
        return l.at + this.t.bytes(4) + s.eventDecide + 1;
    }
  }

  private issueWriteAfter(kind: WriteKind, deviceAreaDisable: boolean): number {
    const s = this.t.s;
    const l = this.last;
    switch (l.k) {
      case 'desc': {
        const c = this.descChecked(l.at);
        if (kind === 'data' && this.ctrl) return c + s.checkToCtrlAck; // control ack (DCHECK, ELEM)
        if (kind === 'deviceArea' && !deviceAreaDisable) return c + s.checkToNotAvail; // ENABLE / DESC
        if (kind === 'deviceArea') return c + s.checkToChainEnd; // DISABLE (RX dry pass)
        if (kind === 'data') return c + s.checkToChainEnd + s.chainEndNoWrite + s.chainEndToRxWrite;
        // control, ack written at an earlier element, nothing at the chain end: ELEM, EDONE, CEND, CEND2, USED
        if (this.ctrl && kind === 'idLen') return c + s.checkToChainEnd + 2;
        return c + s.checkToChainEnd;
      }
      case 'data': {
        const end = this.txChainEnd(l.at, l.len);
        if (kind === 'deviceArea') return end;
        return end + s.chainEndNoWrite + s.txTailToUsed;
      }
      case 'wr':
        if (l.kind === 'deviceArea') {
          if (l.offWrap) return l.at; // DESC flags right after off_wrap
          if (this.ctrl) return l.at + s.ctrlDisableToUsed; // control: CEND2, USED
          if (kind === 'data') return l.at + s.chainEndToRxWrite;
          return l.at + s.txTailToUsed; // TX used after DISABLE
        }
        // control ack -> DISABLE at the chain end (EDONE, CEND); else as RX: the next element or the used write
        if (l.kind === 'data' && kind === 'deviceArea') return l.at + s.ctrlAckToDisable;
        if (l.kind === 'data') return kind === 'data' ? l.at + s.rxWriteToWrite : l.at + s.rxWriteToUsed;
        // flags right after id+len; a mergeable frame's first entry skips them: next buffer
        // (UFLAGS, UADV, CHAIN, WALK from the cache, DCHECK, ELEM)
        if (l.kind === 'idLen') return kind === 'flags' ? l.at : l.at + s.chainEndToRxWrite;
        // after a flags write: the first entry's flags (UADV, FFLAGS) or the next buffer
        return kind === 'flags' ? l.at + 1 : l.at + s.chainEndToRxWrite - 1;
      case 'pick':
        return l.at + s.pickToDescRead;
      case 'event':
        return l.at + this.t.bytes(4) + s.eventDecide + 1;
    }
  }

  /** The driver event read answered at `at`: the cycle the notification decision is taken. */
  eventDecision(at: number): number {
    return at + this.t.bytes(4) + this.t.s.eventDecide;
  }
}

/** What JobDma reports to its owner (model/net/device.ts). */
export interface JobDmaOwner {
  /** A read of `kind` is about to be issued; the owner stamps the MRds it produces. */
  beforeRead(kind: ReadKind, len: number): void;
  afterRead(): void;
  /** The read's answer was consumed by the engine: before the ring sees it. */
  readDone(kind: ReadKind, len: number, data: Uint8Array): void;
  /** The ring has seen it (the job may be over). */
  readHandled(kind: ReadKind): void;
  /** `lo16`: the first two bytes written, little-endian (-1 when fewer than two). */
  beforeWrite(kind: WriteKind, addr: Address, len: number, lo16: number): void;
  afterWrite(): void;
}

/** A queue's ring accesses, classified by address, passed to the engine with the owner's hooks. */
export class JobDma implements Dma, DmaReadClient {
  // Reads in flight, by slot (the cookie given to the engine); free slots are reused.
  private readonly pClient: (DmaReadClient | null)[] = [];
  private readonly pCookie: number[] = [];
  private readonly pKind: ReadKind[] = [];
  private readonly pLen: number[] = [];
  private readonly freeSlots: number[] = [];
  constructor(
    private readonly dma: Dma,
    private readonly owner: JobDmaOwner,
    private readonly ring: { desc: Address; size: number; driver: Address; device: Address },
  ) {}

  private readKind(addr: Address, len: number, cookie: number): ReadKind {
    const r = this.ring;
    // ring slots, and indirect table entries (read 16 bytes at a time by policy.indirectRead perEntry)
    if (len === 16 && (offsetIn(addr, r.desc, 16 * r.size) >= 0 || isDescriptorRead(cookie))) return 'desc';
    if (len === 4 && offsetIn(addr, r.driver, 1) === 0) return 'event';
    return 'data';
  }

  private writeKind(addr: Address): WriteKind {
    const r = this.ring;
    if (offsetIn(addr, r.device, 4) >= 0) return 'deviceArea';
    const o = offsetIn(addr, r.desc, 16 * r.size);
    if (o >= 0) return o % 16 === 8 ? 'idLen' : 'flags';
    return 'data';
  }

  /** The queue was reset (virtio §2.6.1): answers still to come go nowhere, neither to the ring nor to the owner's clock. */
  abandon(): void {
    this.abandoned = true;
  }
  private abandoned = false;

  read(addr: Address, len: number, client: DmaReadClient, cookie: number, dest?: Uint8Array): void {
    this.issue(this.readKind(addr, len, cookie), addr, len, client, cookie, dest);
  }

  /** A 16-byte descriptor read the owner issues itself (the RX write pass reading a ring descriptor or table entry again). */
  readDescriptor(addr: Address, client: DmaReadClient, cookie: number): void {
    this.issue('desc', addr, 16, client, cookie);
  }

  private issue(kind: ReadKind, addr: Address, len: number, client: DmaReadClient, cookie: number, dest?: Uint8Array): void {
    const c = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.pClient.length;
    this.pClient[c] = client;
    this.pCookie[c] = cookie;
    this.pKind[c] = kind;
    this.pLen[c] = len;
    this.owner.beforeRead(kind, len);
    this.dma.read(addr, len, this, c, dest);
    this.owner.afterRead();
  }

  write(addr: Address, data: Uint8Array): void {
    this.owner.beforeWrite(this.writeKind(addr), addr, data.length, data.length >= 2 ? data[0] | (data[1] << 8) : -1);
    this.dma.write(addr, data);
    this.owner.afterWrite();
  }

  writePadded(addr: Address, len: number, image: Uint8Array): void {
    const off = typeof addr === 'bigint' ? Number(addr & 3n) : addr % 4;
    this.owner.beforeWrite(this.writeKind(addr), addr, len, len >= 2 ? image[off] | (image[off + 1] << 8) : -1);
    if (this.dma.writePadded !== undefined) this.dma.writePadded(addr, len, image);
    else this.dma.write(addr, image.subarray(off, off + len));
    this.owner.afterWrite();
  }

  /** Take slot `c` out of the in-flight table; its client, or null when unknown. */
  private release(c: number): DmaReadClient | null {
    const client = c < this.pClient.length ? this.pClient[c] : null;
    if (client === null) return null;
    this.pClient[c] = null;
    this.freeSlots.push(c);
    return client;
  }

  dmaReadDone(cookie: number, data: Uint8Array): void {
    const kind = this.pKind[cookie];
    const len = this.pLen[cookie];
    const cc = this.pCookie[cookie];
    const client = this.release(cookie);
    if (client === null || this.abandoned) return;
    this.owner.readDone(kind, len, data);
    client.dmaReadDone(cc, data);
    this.owner.readHandled(kind);
  }

  dmaReadFailed(cookie: number, fault: DmaFault): void {
    const cc = this.pCookie[cookie];
    const client = this.release(cookie);
    if (client === null || this.abandoned) return;
    client.dmaReadFailed(cc, fault);
  }
}
