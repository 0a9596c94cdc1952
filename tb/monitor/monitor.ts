// The ring-legality monitor: a second, independent reading of the packed-virtqueue rules (virtio
// §2.8) applied to the DUT's own TLP stream. It does not predict anything and never asks the golden
// model; it keeps the DUT's view of each ring as the DUT read it (descriptor slots from its read
// completions, judged against the avail_wrap_counter the DUT must have), the chains the DUT saw
// made available, the used position and used_wrap_counter, and the driver event suppression values
// it read, and checks every request the DUT makes against them. PCIe request rules (MPS, MRRS,
// 4 KiB, tags, Byte Enables, Bus Master Enable) are the host checker's (tb/host/checker.ts): the
// monitor runs one when it has no root complex to share, and reports its findings with its own.
//
// Feed it, in cycle order, the host facts (features, queue layouts, MSI-X table and vectors, Bus
// Master Enable, reset) and the DUT stream: each MRd it issues (read), each completion it receives
// (completion), each MWr it issues (write; MSI-X messages are recognised by address and data
// against the programmed table), INTx level changes (intx). Completions due at a cycle go before
// the DUT's requests of that cycle.

import type { Tlp } from '../../model/tlp/types.js';
import { HostChecker, type HostCheckerConfig } from '../host/checker.js';
import type { HostCheckError } from '../host/errors.js';
import { MsixMonitor, X86_MSI_WINDOW, type MsiWindow, type MsixEntry } from '../host/msix.js';
import { MonitorConfigError, RingViolation, type RingRule } from './rules.js';

/** One virtqueue as the driver programmed it before queue_enable (virtio §4.1.4.3). */
export interface QueueFacts {
  index: number;
  /** queue_size, 1..32768 (virtio §2.8). */
  size: number;
  queue_desc: bigint;
  queue_driver: bigint;
  queue_device: bigint;
  /** queue_msix_vector (0xffff = NO_VECTOR). */
  queue_msix_vector: number;
  /** A virtio-net receiveq: with MRG_RXBUF its buffers carry num_buffers (virtio §5.1.9.4). */
  receive?: boolean;
}

/** The negotiated features the ring rules depend on. */
export interface FeatureFacts {
  eventIdx: boolean;
  indirectDesc: boolean;
  mrgRxbuf: boolean;
  inOrder: boolean;
}

/** The MSI-X table entries the host programmed (entry i = vector i) and msix_config. */
export interface MsixFacts {
  entries: readonly MsixEntry[];
  msix_config: number;
}

/** What the lockstep engine (or any stream source) calls, in cycle order. */
export interface DutStreamObserver {
  read(tlp: Tlp, cycle: number): void;
  completion(tlp: Tlp, cycle: number): void;
  write(tlp: Tlp, cycle: number): void;
  intx(level: boolean, cycle: number): void;
}

export interface RingMonitorOptions {
  /**
   * A root complex that already checks every request of the same stream (tb/host RootComplex):
   * its findings are reported, and the monitor does not check requests a second time. Without
   * it the monitor runs its own HostChecker and MSI-X monitor, configured by `checker`.
   */
  host?: { readonly errors: readonly HostCheckError[] };
  checker?: Partial<HostCheckerConfig>;
  msiWindow?: MsiWindow;
}

export interface MonitorReport {
  violations: readonly RingViolation[];
  stats: RingMonitor['stats'];
  errors: number;
  warnings: number;
  /** The host checker's PCIe findings on the same stream. */
  host: readonly HostCheckError[];
  /** Violations per rule id. */
  byRule: Record<string, number>;
}

export const NO_VECTOR = 0xffff;
const VIRTQ_DESC_F_NEXT = 0x1;
const VIRTQ_DESC_F_WRITE = 0x2;
const VIRTQ_DESC_F_INDIRECT = 0x4;
const RING_EVENT_FLAGS_DISABLE = 0x1;
const RING_EVENT_FLAGS_DESC = 0x2;
/** num_buffers sits at bytes 10..11 of struct virtio_net_hdr (virtio §5.1.6). */
const NUM_BUFFERS_OFFSET = 10;

type Range = [bigint, bigint];

interface Segment {
  addr: bigint;
  end: bigint;
  write: boolean;
  /** Offset of this element within the buffer's device-writable bytes (write elements only). */
  woff: number;
}

interface IndirectTable {
  addr: bigint;
  len: number;
  bytes: Uint8Array;
  have: Uint8Array;
  missing: number;
  /** Entries turned into elements so far (in table order, as each is read whole). */
  parsed: number;
}

interface Chain {
  q: QueueState;
  headLin: number;
  slots: number;
  id: number;
  segs: Segment[];
  complete: boolean;
  /** Read sequence number at which the head was first seen available. */
  headAvailId: number;
  indirect: IndirectTable | null;
  writable: number;
  /** Its used descriptor's flags have been written: the buffer belongs to the driver again. */
  published: boolean;
  /** First bytes of the device-writable area (virtio-net header) as the DUT wrote them. */
  hdr: Uint8Array | null;
  hdrMask: number;
}

interface UsedEntry {
  lin: number;
  bytes: Uint8Array;
  /** Bit i = byte i of the 16-byte descriptor written since the slot became a used position. */
  mask: number;
  /** Write sequence number of the TLP that wrote the flags; -1 while not written. */
  flagsSeq: number;
  chain: Chain | undefined;
  /** Its buffer id has been looked up (flags and id both written). */
  bound: boolean;
  tlp: Tlp;
  cycle: number;
  flagged: boolean;
}

interface Batch {
  /** Used descriptors of the request still to come; continuation buffers carry no header. */
  remaining: number;
  reported: boolean;
  total: number;
  seq: number;
  tlp: Tlp;
  cycle: number;
  id: number;
}

class QueueState {
  readonly size: number;
  readonly descEnd: bigint;
  readonly view: Uint8Array;
  readonly readId: Int32Array;
  readonly availSince: Int32Array;
  /** Ring slots the device has consumed (linear, never wraps): the DUT-side next avail position. */
  availLin = 0;
  /** Ring slots retired by used descriptors (linear): the DUT-side used position. */
  usedLin = 0;
  building: Chain | null = null;
  /** Chains seen available and not yet used, by buffer id, and in ring order. */
  readonly chains = new Map<number, Chain>();
  order: Chain[] = [];
  readonly retired: Chain[] = [];
  readonly entries = new Map<number, UsedEntry>();
  readonly driverEvent = new Uint8Array(4);
  readonly driverEventId = new Int32Array(4).fill(-1);
  eventRead = false;
  /** Used descriptors published since the last notification of this queue's vector. */
  pending = 0;
  lastNotifyLin = 0;
  /** A read of the driver area since the last notification permitted one. */
  latch = false;
  batch: Batch | null = null;

  constructor(readonly facts: QueueFacts) {
    this.size = facts.size;
    this.descEnd = facts.queue_desc + BigInt(16 * facts.size);
    this.view = new Uint8Array(16 * facts.size);
    this.readId = new Int32Array(16 * facts.size).fill(-1);
    this.availSince = new Int32Array(facts.size).fill(-1);
  }

  /** used/avail wrap counter of linear position `lin` (both start at 1, virtio §2.8.1). */
  wrapOf(lin: number): number {
    return 1 ^ (Math.floor(lin / this.size) & 1);
  }

  /** Linear position of `slot` in the window that starts at `from`. */
  linAhead(from: number, slot: number): number {
    return from + ((slot - (from % this.size) + this.size) % this.size);
  }
}

function lowBit(be: number): number {
  return 31 - Math.clz32(be & -be);
}
function highBit(be: number): number {
  return 31 - Math.clz32(be);
}

/** The byte range [start, end) a memory request enables (PCIe r6.0 §2.2.5), or null for a zero-length one. */
export function enabledRange(t: Tlp): Range | null {
  const n = t.length;
  const first = t.firstBe & 0xf;
  if (first === 0 && n === 1) return null;
  const a = BigInt(t.address);
  const start = a + BigInt(first ? lowBit(first) : 4);
  const last = n === 1 ? first : t.lastBe & 0xf;
  const end = a + BigInt((n - 1) * 4 + (last ? highBit(last) + 1 : 0));
  return end > start ? [start, end] : null;
}

/** [a, b) minus every range in `cover`. */
function subtract(a: bigint, b: bigint, cover: readonly Range[]): Range[] {
  let rest: Range[] = [[a, b]];
  for (const [s, e] of cover) {
    if (rest.length === 0) break;
    const next: Range[] = [];
    for (const [x, y] of rest) {
      if (e <= x || s >= y) next.push([x, y]);
      else {
        if (s > x) next.push([x, s]);
        if (e < y) next.push([e, y]);
      }
    }
    rest = next;
  }
  return rest;
}

/**
 * The live chains of `q` by index, for loops on hot paths (no generator): 0..order.length - 1
 * are the chains in ring order, order.length the one being built (null when none).
 */
function liveChain(q: QueueState, i: number): Chain | null {
  return i < q.order.length ? q.order[i] : q.building;
}

/** [a, b) lies within [s, e) widened to whole DWs (as dwHull). */
function withinDw(a: bigint, b: bigint, s: bigint, e: bigint): boolean {
  return s - (s & 3n) <= a && b <= e + ((4n - (e & 3n)) & 3n);
}

/** Widens [s, e) to whole DWs, in place. */
function dwHull(r: Range): void {
  r[0] -= r[0] & 3n;
  r[1] += (4n - (r[1] & 3n)) & 3n;
}

function overlaps(a: bigint, b: bigint, s: bigint, e: bigint): boolean {
  return a < e && s < b;
}

function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

interface OpenRead {
  start: bigint;
  total: number;
  received: number;
  id: number;
}

export class RingMonitor implements DutStreamObserver {
  private readonly queues = new Map<number, QueueState>();
  private features: FeatureFacts = { eventIdx: false, indirectDesc: false, mrgRxbuf: false, inOrder: false };
  private readonly ownChecker: HostChecker | null;
  private readonly msix: MsixMonitor;
  private readonly ownHostErrors: HostCheckError[] = [];
  private readonly hostSource: { readonly errors: readonly HostCheckError[] } | null;
  private msixConfig = NO_VECTOR;
  private readonly reads = new Map<number, OpenRead>();
  private readSeq = 0;
  private writeSeq = 0;
  private intxLevel = false;
  /** Per MSI-X vector: used descriptors published on its queues and not yet announced by a message. */
  private readonly credits = new Map<number, number>();
  readonly violations: RingViolation[] = [];
  /** What the monitor has seen: requests, completions, chains made available, used descriptors, notifications. */
  readonly stats = { reads: 0, completions: 0, writes: 0, chains: 0, used: 0, notifications: 0 };

  constructor(opts: RingMonitorOptions = {}) {
    this.hostSource = opts.host ?? null;
    this.ownChecker = opts.host ? null : new HostChecker(opts.checker);
    this.msix = new MsixMonitor(opts.msiWindow ?? X86_MSI_WINDOW);
  }

  // ---- host facts ------------------------------------------------------------------------------

  setFeatures(f: FeatureFacts): void {
    this.features = { ...f };
  }

  /** The driver wrote queue_enable = 1 with this layout; the DUT-side ring state starts afresh. */
  enableQueue(f: QueueFacts): void {
    if (!Number.isInteger(f.size) || f.size < 1 || f.size > 32768) throw new MonitorConfigError('queue_size', f.size, 'is not 1..32768 (virtio §2.8)');
    for (const [field, v] of [['queue_desc', f.queue_desc], ['queue_driver', f.queue_driver], ['queue_device', f.queue_device]] as const) {
      if (v < 0n || v >= 1n << 64n) throw new MonitorConfigError(field, v, 'is not a 64-bit address');
    }
    this.queues.set(f.index, new QueueState({ ...f }));
  }

  setMsix(f: MsixFacts): void {
    this.msix.setMsixTable(f.entries);
    this.msixConfig = f.msix_config;
  }

  /** Host settings for the monitor's own checker (Bus Master Enable, MPS, MRRS, Requester ID). */
  configureHost(c: Partial<HostCheckerConfig>): void {
    this.ownChecker?.configure(c);
  }

  /** Device reset (device_status = 0): no queue is enabled any more. */
  reset(): void {
    this.queues.clear();
    this.reads.clear();
    this.credits.clear();
  }

  // ---- report --------------------------------------------------------------------------------

  get errors(): RingViolation[] {
    return this.violations.filter((v) => v.severity === 'error');
  }

  get hostErrors(): readonly HostCheckError[] {
    if (this.hostSource) return this.hostSource.errors;
    return [...this.ownChecker!.errors, ...this.ownHostErrors].sort((a, b) => a.cycle - b.cycle);
  }

  report(): MonitorReport {
    const byRule: Record<string, number> = {};
    let errors = 0;
    for (const v of this.violations) {
      byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
      if (v.severity === 'error') errors++;
    }
    return { violations: this.violations, stats: { ...this.stats }, errors, warnings: this.violations.length - errors, host: this.hostErrors, byRule };
  }

  private flag(rule: RingRule, tlp: Tlp, cycle: number, q: QueueState | null, detail: string): void {
    this.violations.push(new RingViolation(rule, tlp, cycle, q ? q.facts.index : null, detail));
  }

  // ---- the DUT's stream ------------------------------------------------------------------------

  read(tlp: Tlp, cycle: number): void {
    this.ownChecker?.check(tlp, cycle);
    if (tlp.kind !== 'MRd') return;
    this.stats.reads++;
    const id = ++this.readSeq;
    const r = enabledRange(tlp);
    const key = (tlp.requesterId << 8) | tlp.tag;
    if (!r) {
      this.reads.delete(key);
      return;
    }
    this.reads.set(key, { start: r[0], total: Number(r[1] - r[0]), received: 0, id });
    // Nearly every read lies within one element the device may read (a ring, a readable buffer):
    // nothing to judge, and no range lists to build.
    if (this.readCovered(r[0], r[1])) return;
    const allowed: Range[] = [];
    const writable: Range[] = [];
    for (const q of this.queues.values()) {
      allowed.push([q.facts.queue_desc, q.descEnd], [q.facts.queue_driver, q.facts.queue_driver + 4n], [q.facts.queue_device, q.facts.queue_device + 4n]);
      for (let i = 0; i <= q.order.length; i++) {
        const c = liveChain(q, i);
        if (!c) continue;
        if (c.indirect) allowed.push([c.indirect.addr, c.indirect.addr + BigInt(c.indirect.len)]);
        for (const s of c.segs) (s.write ? writable : allowed).push([s.addr, s.end]);
      }
    }
    // Judged per DW: a read engine may fetch whole DWs around an element's unaligned ends
    // (PCIe reads return what the Byte Enables ask; bytes beside an element within its DWs are
    // no buffer of anyone else).
    for (const a of allowed) dwHull(a);
    const rest = subtract(r[0], r[1], allowed);
    if (rest.length === 0) return;
    for (const a of writable) dwHull(a);
    const outside = subtract(r[0], r[1], [...allowed, ...writable]);
    if (outside.length === 0) {
      this.flag('READ_WRITABLE', tlp, cycle, null, `bytes ${hex(rest[0][0])}..${hex(rest[0][1] - 1n)} are a device-writable element`);
      return;
    }
    this.flag('READ_OUTSIDE', tlp, cycle, this.queueOf(outside[0][0]), `bytes ${hex(outside[0][0])}..${hex(outside[0][1] - 1n)} ${this.whatIs(outside[0][0])}`);
  }

  /**
   * [a, b) lies within a single range the device may read, widened to whole DWs as read() judges
   * them: a descriptor ring, an event suppression area, an indirect table or a device-readable
   * element of a live chain. (A shortcut of read(): false sends it the long way.)
   */
  private readCovered(a: bigint, b: bigint): boolean {
    for (const q of this.queues.values()) {
      const f = q.facts;
      if (withinDw(a, b, f.queue_desc, q.descEnd) || withinDw(a, b, f.queue_driver, f.queue_driver + 4n) || withinDw(a, b, f.queue_device, f.queue_device + 4n)) return true;
    }
    for (const q of this.queues.values()) {
      for (let i = 0; i <= q.order.length; i++) {
        const c = liveChain(q, i);
        if (!c) continue;
        if (c.indirect && withinDw(a, b, c.indirect.addr, c.indirect.addr + BigInt(c.indirect.len))) return true;
        for (const s of c.segs) if (!s.write && withinDw(a, b, s.addr, s.end)) return true;
      }
    }
    return false;
  }

  completion(tlp: Tlp, _cycle: number): void {
    if (tlp.kind !== 'CplD' && tlp.kind !== 'Cpl') return;
    const key = (tlp.requesterId << 8) | tlp.tag;
    const rd = this.reads.get(key);
    if (!rd) return;
    if (tlp.status !== 0 || tlp.ep || tlp.kind === 'Cpl') {
      // Unsuccessful or poisoned: the DUT saw no data (PCIe r6.0 §2.3.2, §2.7.2).
      this.reads.delete(key);
      this.ownChecker?.release(tlp.requesterId, tlp.tag);
      return;
    }
    const skip = tlp.lowerAddress & 3;
    const bc = tlp.byteCount === 0 ? 4096 : tlp.byteCount;
    const valid = Math.max(0, Math.min(bc, tlp.data.length - skip));
    const offset = rd.total - bc;
    this.stats.completions++;
    if (offset >= 0 && valid > 0) this.saw(rd.start + BigInt(offset), tlp.data.subarray(skip, skip + valid), rd.id);
    rd.received += valid;
    if (valid >= bc) {
      this.reads.delete(key);
      this.ownChecker?.release(tlp.requesterId, tlp.tag);
    }
  }

  write(tlp: Tlp, cycle: number): void {
    this.ownChecker?.check(tlp, cycle);
    if (tlp.kind !== 'MWr') return;
    if (this.msix.inWindow(tlp.address)) {
      const before = this.msix.interrupts.length;
      const r = this.msix.handle(tlp, cycle);
      if ('error' in r) {
        if (this.ownChecker) this.ownHostErrors.push(r.error);
      } else {
        this.msix.interrupts.length = before;
        this.notification(r.vector, tlp, cycle);
      }
      return;
    }
    const r = enabledRange(tlp);
    if (!r) return;
    this.stats.writes++;
    const seq = ++this.writeSeq;
    const ringParts: Range[] = [];
    for (const q of this.queues.values()) {
      const f = q.facts;
      if (overlaps(r[0], r[1], f.queue_desc, q.descEnd)) {
        const s = r[0] > f.queue_desc ? r[0] : f.queue_desc;
        const e = r[1] < q.descEnd ? r[1] : q.descEnd;
        this.usedWrite(q, tlp, cycle, s, e, seq);
        ringParts.push([f.queue_desc, q.descEnd]);
      }
      if (overlaps(r[0], r[1], f.queue_device, f.queue_device + 4n)) ringParts.push([f.queue_device, f.queue_device + 4n]);
      if (overlaps(r[0], r[1], f.queue_driver, f.queue_driver + 4n)) {
        ringParts.push([f.queue_driver, f.queue_driver + 4n]);
        this.flag('WRITE_OUTSIDE', tlp, cycle, q, `the driver event suppression area ${hex(f.queue_driver)} is read-only for the device (virtio §2.8.10)`);
      }
    }
    let rest = subtract(r[0], r[1], ringParts);
    if (rest.length === 0) return;
    // Device-writable elements of chains seen available and not yet returned. A buffer whose used
    // descriptor is written but waits behind an earlier slot (a batch, §2.8.9) is not visible to
    // the driver yet: its data may still come, until the flags that make it visible.
    const cover: Range[] = [];
    for (const q of this.queues.values()) {
      for (let i = 0; i <= q.order.length; i++) {
        const c = liveChain(q, i);
        if (!c) continue;
        for (const s of c.segs) {
          if (!s.write || !overlaps(r[0], r[1], s.addr, s.end)) continue;
          cover.push([s.addr, s.end]);
          if (c.hdr) this.recordHeader(c, s, tlp, r);
        }
      }
    }
    rest = subtract(r[0], r[1], [...ringParts, ...cover]);
    if (rest.length === 0) return;
    const at = rest[0][0];
    const where = `bytes ${hex(at)}..${hex(rest[0][1] - 1n)}`;
    const owner = this.elementAt(at);
    if (owner && owner.seg.write && (owner.chain.published || owner.retired)) {
      this.flag('DATA_AFTER_USED', tlp, cycle, owner.chain.q, `${where} are in buffer id ${owner.chain.id}, whose used descriptor flags were already written`);
    } else if (owner && !owner.seg.write && !owner.retired) {
      this.flag('WRITE_READABLE', tlp, cycle, owner.chain.q, `${where} are a device-readable element of buffer id ${owner.chain.id}`);
    } else {
      this.flag('WRITE_OUTSIDE', tlp, cycle, this.queueOf(at), `${where} ${this.whatIs(at)}`);
    }
  }

  intx(level: boolean, _cycle: number): void {
    // INTx carries no vector: a rising edge may stand for any queue or a configuration change, so
    // it only closes the notification window of every queue.
    if (level && !this.intxLevel) for (const q of this.queues.values()) this.notified(q);
    this.intxLevel = level;
  }

  // ---- reads: the DUT's view -------------------------------------------------------------------

  /** Bytes the DUT received from guest memory at `addr`, read by request number `id`. */
  private saw(addr: bigint, data: Uint8Array, id: number): void {
    const end = addr + BigInt(data.length);
    for (const q of this.queues.values()) {
      const f = q.facts;
      if (overlaps(addr, end, f.queue_desc, q.descEnd)) this.sawRing(q, addr, data, id);
      if (overlaps(addr, end, f.queue_driver, f.queue_driver + 4n)) {
        for (let i = 0; i < 4; i++) {
          const o = f.queue_driver + BigInt(i) - addr;
          if (o < 0n || o >= BigInt(data.length) || id < q.driverEventId[i]) continue;
          q.driverEvent[i] = data[Number(o)];
          q.driverEventId[i] = id;
        }
        q.eventRead = true;
        if (q.pending > 0 && this.permitted(q)) q.latch = true;
      }
      for (let i = 0; i <= q.order.length; i++) {
        const c = liveChain(q, i);
        if (!c) continue;
        const t = c.indirect;
        if (!t || t.missing === 0 || !overlaps(addr, end, t.addr, t.addr + BigInt(t.len))) continue;
        const from = Number((addr > t.addr ? addr : t.addr) - t.addr);
        const to = Number((end < t.addr + BigInt(t.len) ? end : t.addr + BigInt(t.len)) - t.addr);
        const skew = Number(t.addr - addr);
        for (let i = from; i < to; i++) {
          t.bytes[i] = data[i + skew];
          if (!t.have[i]) {
            t.have[i] = 1;
            t.missing--;
          }
        }
        this.parseIndirect(c);
      }
      this.advance(q);
    }
  }

  private sawRing(q: QueueState, addr: bigint, data: Uint8Array, id: number): void {
    const base = q.facts.queue_desc;
    const from = addr > base ? Number(addr - base) : 0;
    const to = Math.min(16 * q.size, Number(addr + BigInt(data.length) - base));
    const skew = Number(base - addr);
    for (let i = from; i < to; i++) {
      if (id < q.readId[i]) continue; // an older snapshot than what the DUT already holds
      q.view[i] = data[i + skew];
      q.readId[i] = id;
    }
    for (let slot = Math.floor(from / 16); slot * 16 < to; slot++) {
      const o = slot * 16;
      if (q.readId[o + 14] !== id && q.readId[o + 15] !== id) continue;
      const lin = q.linAhead(q.availLin, slot);
      const w = q.wrapOf(lin);
      const flags = q.view[o + 14] | (q.view[o + 15] << 8);
      const avail = (flags >> 7) & 1;
      const used = (flags >> 15) & 1;
      // Available: AVAIL = the wrap counter, USED its inverse (virtio §2.8.1).
      if (avail === w && used !== w) {
        const fid = Math.min(q.readId[o + 14], q.readId[o + 15]);
        if (q.availSince[slot] < 0 || fid < q.availSince[slot]) q.availSince[slot] = fid;
      } else q.availSince[slot] = -1;
    }
  }

  /** Oldest read number among a slot's 16 bytes (-1 if any is unread). */
  private static oldest(q: QueueState, slot: number): number {
    let m = Infinity;
    for (let i = slot * 16; i < slot * 16 + 16; i++) if (q.readId[i] < m) m = q.readId[i];
    return m;
  }

  /**
   * Walks the DUT-side available position over what the DUT has read: a chain starts at a head it
   * saw available (virtio §2.8.15: only after observing AVAIL change) whose body it read no
   * earlier than that flag, and continues over the next slots while NEXT is set (§2.8.6), each
   * read after the head was seen available or itself seen available.
   */
  private advance(q: QueueState): void {
    for (;;) {
      if (!q.building) {
        const slot = q.availLin % q.size;
        const since = q.availSince[slot];
        if (since < 0 || RingMonitor.oldest(q, slot) < since) return;
        q.building = {
          q, headLin: q.availLin, slots: 0, id: -1, segs: [], complete: false, headAvailId: since, indirect: null,
          writable: 0, published: false, hdr: null, hdrMask: 0,
        };
        if (q.facts.receive && this.features.mrgRxbuf) q.building.hdr = new Uint8Array(12);
      }
      const c = q.building;
      while (!c.complete) {
        const lin = c.headLin + c.slots;
        const slot = lin % q.size;
        if (c.slots > 0) {
          const old = RingMonitor.oldest(q, slot);
          const own = q.availSince[slot];
          if (old < c.headAvailId && !(own >= 0 && old >= own)) return;
        }
        this.addDescriptor(c, slot);
      }
      q.availLin += c.slots;
      for (let k = 0; k < c.slots; k++) q.availSince[(c.headLin + k) % q.size] = -1;
      q.building = null;
      q.chains.set(c.id, c);
      q.order.push(c);
      this.stats.chains++;
    }
  }

  private addDescriptor(c: Chain, slot: number): void {
    const q = c.q;
    const dv = new DataView(q.view.buffer, slot * 16, 16);
    const addr = dv.getBigUint64(0, true);
    const len = dv.getUint32(8, true);
    const id = dv.getUint16(12, true);
    const flags = dv.getUint16(14, true);
    c.slots++;
    if (c.slots === 1 && flags & VIRTQ_DESC_F_INDIRECT) {
      // An indirect descriptor stands for the whole buffer (virtio §2.8.7).
      c.indirect = { addr, len, bytes: new Uint8Array(len), have: new Uint8Array(len), missing: len, parsed: 0 };
      c.id = id;
      c.complete = true;
      return;
    }
    this.addSegment(c, addr, len, (flags & VIRTQ_DESC_F_WRITE) !== 0);
    if (!(flags & VIRTQ_DESC_F_NEXT) || c.slots >= q.size) {
      c.id = id; // Buffer ID is in the last descriptor of the list (virtio §2.8.6)
      c.complete = true;
    }
  }

  private addSegment(c: Chain, addr: bigint, len: number, write: boolean): void {
    c.segs.push({ addr, end: addr + BigInt(len), write, woff: write ? c.writable : 0 });
    if (write) c.writable += len;
  }

  /**
   * Turns the indirect table entries read so far into elements, in table order: a device may read
   * the table entry by entry and start on an element before reading the next entry.
   */
  private parseIndirect(c: Chain): void {
    const t = c.indirect!;
    const dv = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length);
    for (let o = t.parsed * 16; o + 16 <= t.len; o += 16, t.parsed++) {
      for (let i = o; i < o + 16; i++) if (!t.have[i]) return;
      // Only VIRTQ_DESC_F_WRITE is valid inside an indirect table (virtio §2.8.7).
      this.addSegment(c, dv.getBigUint64(o, true), dv.getUint32(o + 8, true), (dv.getUint16(o + 14, true) & VIRTQ_DESC_F_WRITE) !== 0);
    }
  }

  private *liveChains(q: QueueState): Generator<Chain> {
    yield* q.order;
    if (q.building) yield q.building;
  }


  // ---- writes: used descriptors and buffers -----------------------------------------------------

  private usedWrite(q: QueueState, tlp: Tlp, cycle: number, s: bigint, e: bigint, seq: number): void {
    const base = q.facts.queue_desc;
    const data0 = BigInt(tlp.address);
    const from = Number(s - base);
    const to = Number(e - base);
    for (let slot = Math.floor(from / 16); slot * 16 < to; slot++) {
      const lo = Math.max(from, slot * 16) - slot * 16;
      const hi = Math.min(to, slot * 16 + 16) - slot * 16;
      const lin = q.linAhead(q.usedLin, slot);
      if (lin >= q.availLin) {
        this.flag('USED_POSITION', tlp, cycle, q, `slot ${slot} is not a descriptor the device has consumed (used position ${q.usedLin % q.size}, next available ${q.availLin % q.size})`);
        continue;
      }
      let ent = q.entries.get(lin);
      if (!ent) {
        ent = { lin, bytes: new Uint8Array(16), mask: 0, flagsSeq: -1, chain: undefined, bound: false, tlp, cycle, flagged: false };
        q.entries.set(lin, ent);
      }
      const touchesDesc = hi > 8;
      if (ent.flagsSeq >= 0 && ent.flagsSeq !== seq && touchesDesc && !ent.flagged) {
        ent.flagged = true;
        this.flag('USED_FLAGS_BEFORE_ID', tlp, cycle, q, `slot ${slot} changed after its flags made it used`);
      }
      const off = Number(base + BigInt(slot * 16) - data0);
      for (let i = lo; i < hi; i++) {
        ent.bytes[i] = tlp.data[off + i];
        ent.mask |= 1 << i;
      }
      if (hi > 14) this.usedFlags(q, ent, slot, tlp, cycle, seq);
      else if (ent.flagsSeq >= 0 && !ent.bound && (ent.mask & 0x3000) === 0x3000) this.bindChain(q, ent, slot, tlp, cycle);
    }
    this.retireUsed(q);
  }

  private usedFlags(q: QueueState, ent: UsedEntry, slot: number, tlp: Tlp, cycle: number, seq: number): void {
    if (ent.flagsSeq >= 0) return;
    const flags = ent.bytes[14] | (ent.bytes[15] << 8);
    const w = q.wrapOf(ent.lin);
    // AVAIL != USED still reads as available to the driver: not a used descriptor yet (a device
    // may write a whole slot, old flags included, before the flags that publish it).
    if (((flags >> 7) & 1) !== ((flags >> 15) & 1)) return;
    ent.flagsSeq = seq;
    ent.tlp = tlp;
    ent.cycle = cycle;
    if (((flags >> 7) & 1) !== w) {
      this.flag('USED_WRAP', tlp, cycle, q, `slot ${slot} flags 0x${flags.toString(16)}: AVAIL ${(flags >> 7) & 1}, USED ${(flags >> 15) & 1}, used_wrap_counter ${w}`);
    }
    if ((ent.mask & 0x3000) !== 0x3000) {
      ent.flagged = true;
      this.flag('USED_FLAGS_BEFORE_ID', tlp, cycle, q, `slot ${slot} flags written before its buffer id`);
      return; // the id still to come names the buffer (bindChain)
    }
    this.bindChain(q, ent, slot, tlp, cycle);
  }

  /** The used descriptor's buffer id is known: which chain it returns. */
  private bindChain(q: QueueState, ent: UsedEntry, slot: number, tlp: Tlp, cycle: number): void {
    ent.bound = true;
    const id = ent.bytes[12] | (ent.bytes[13] << 8);
    const chain = q.chains.get(id);
    if (!chain) {
      this.flag('USED_UNKNOWN_ID', tlp, cycle, q, `buffer id ${id} at slot ${slot} is not outstanding (${q.chains.size} chains seen available and not used)`);
      return;
    }
    if (chain.writable > 0 && (ent.mask & 0x0f00) !== 0x0f00 && !ent.flagged) {
      ent.flagged = true;
      this.flag('USED_FLAGS_BEFORE_ID', tlp, cycle, q, `slot ${slot} flags written before its len (buffer id ${id} has ${chain.writable} writable bytes)`);
    }
    ent.chain = chain;
    chain.published = true;
  }

  /** Retires used descriptors in ring order from the used position (virtio §2.8.2, §2.8.6). */
  private retireUsed(q: QueueState): void {
    for (let ent = q.entries.get(q.usedLin); ent && ent.flagsSeq >= 0 && ent.bound; ent = q.entries.get(q.usedLin)) {
      const c = ent.chain;
      let slots = 1;
      if (c) {
        slots = 0;
        // IN_ORDER: one used descriptor may stand for every earlier buffer (virtio §2.8.8).
        const upTo = this.features.inOrder ? q.order.indexOf(c) : -1;
        for (let i = 0; i < upTo; i++) slots += this.retireChain(q, q.order[0]);
        slots += this.retireChain(q, c);
        const len = new DataView(ent.bytes.buffer).getUint32(8, true);
        if (c.writable > 0 && len > c.writable) this.flag('USED_LEN', ent.tlp, ent.cycle, q, `len ${len} > ${c.writable} writable bytes of buffer id ${c.id}`);
      }
      if (q.batch) {
        if (!q.batch.reported && ent.flagsSeq > q.batch.seq) {
          this.flag('MULTI_BUFFER_ORDER', ent.tlp, ent.cycle, q, `buffer ${q.batch.total - q.batch.remaining + 1} of ${q.batch.total} made used after the first (id ${q.batch.id})`);
          q.batch.reported = true;
        }
        if (--q.batch.remaining === 0) q.batch = null;
      } else if (c?.hdr && (c.hdrMask & 3) === 3) {
        const n = c.hdr[NUM_BUFFERS_OFFSET] | (c.hdr[NUM_BUFFERS_OFFSET + 1] << 8);
        if (n > 1) q.batch = { remaining: n - 1, reported: false, total: n, seq: ent.flagsSeq, tlp: ent.tlp, cycle: ent.cycle, id: c.id };
      }
      for (let k = 1; k < slots; k++) {
        const skipped = q.entries.get(q.usedLin + k);
        if (!skipped) continue;
        this.flag('USED_POSITION', skipped.tlp, skipped.cycle, q, `slot ${(q.usedLin + k) % q.size} lies inside a buffer the used descriptor at slot ${q.usedLin % q.size} skips`);
        q.entries.delete(q.usedLin + k);
      }
      q.entries.delete(q.usedLin);
      q.usedLin += slots;
      q.pending++;
      this.credits.set(q.facts.queue_msix_vector, (this.credits.get(q.facts.queue_msix_vector) ?? 0) + 1);
      this.stats.used++;
    }
    if (q.batch && !q.batch.reported) {
      const b = q.batch;
      this.flag('MULTI_BUFFER_ORDER', b.tlp, b.cycle, q, `first buffer (id ${b.id}, num_buffers ${b.total}) made used while ${b.remaining} of the others were not`);
      b.reported = true;
    }
  }

  private retireChain(q: QueueState, c: Chain): number {
    q.chains.delete(c.id);
    const i = q.order.indexOf(c);
    if (i >= 0) q.order.splice(i, 1);
    c.published = true;
    q.retired.push(c);
    if (q.retired.length > q.size) q.retired.shift();
    return c.slots;
  }

  /** Keeps the bytes of the virtio-net header (num_buffers) a write puts into a receive buffer. */
  private recordHeader(c: Chain, s: Segment, tlp: Tlp, r: Range): void {
    for (let k = 0; k < 2; k++) {
      const lo = NUM_BUFFERS_OFFSET + k - s.woff;
      if (lo < 0 || BigInt(lo) >= s.end - s.addr) continue;
      const a = s.addr + BigInt(lo);
      if (a < r[0] || a >= r[1]) continue;
      c.hdr![NUM_BUFFERS_OFFSET + k] = tlp.data[Number(a - BigInt(tlp.address))];
      c.hdrMask |= 1 << k;
    }
  }

  // ---- notifications ---------------------------------------------------------------------------

  /** Whether the driver event suppression the DUT last read lets it notify (virtio §2.8.10, §2.8.14). */
  private permitted(q: QueueState): boolean {
    if (!q.eventRead) return true; // never read: the zero-initialised area says ENABLE
    const flags = (q.driverEvent[2] | (q.driverEvent[3] << 8)) & 3;
    if (flags === RING_EVENT_FLAGS_DISABLE) return false;
    if (flags !== RING_EVENT_FLAGS_DESC || !this.features.eventIdx) return true;
    // A whole lap or more since the last notification: the 15-bit off/wrap cannot say which lap
    // it means, and devices notify (QEMU does after every used_wrap_counter flip).
    if (q.usedLin - q.lastNotifyLin >= q.size) return true;
    const offWrap = q.driverEvent[0] | (q.driverEvent[1] << 8);
    const off = offWrap & 0x7fff;
    const wrap = offWrap >> 15;
    const lapStart = q.usedLin - (q.usedLin % q.size);
    const event = lapStart + off - (wrap !== q.wrapOf(q.usedLin) ? q.size : 0);
    // The event slot was made used since the last notification: old <= event < new.
    return event >= q.lastNotifyLin && event < q.usedLin;
  }

  private notified(q: QueueState): void {
    q.pending = 0;
    q.lastNotifyLin = q.usedLin;
    q.latch = false;
  }

  private notification(vector: number, tlp: Tlp, cycle: number): void {
    this.stats.notifications++;
    const qs = [...this.queues.values()].filter((q) => q.facts.queue_msix_vector === vector);
    if (vector === this.msixConfig) {
      // A configuration change may share the vector: nothing to judge.
      for (const q of qs) this.notified(q);
      return;
    }
    if (qs.length === 0) {
      this.flag('NOTIFY_WITHOUT_USED', tlp, cycle, null, `vector ${vector} is neither msix_config nor any queue_msix_vector`);
      return;
    }
    // Every message needs a used descriptor it announces; several queues on one vector may each
    // be announced by a message of their own, so the count is per vector.
    const credit = this.credits.get(vector) ?? 0;
    if (credit > 0) this.credits.set(vector, credit - 1);
    const waiting = qs.filter((q) => q.pending > 0);
    if (credit === 0) {
      this.flag('NOTIFY_WITHOUT_USED', tlp, cycle, qs[0], `vector ${vector}: no used descriptor of queue ${qs.map((q) => q.facts.index).join('/')} left unannounced`);
    } else if (waiting.length > 0 && !waiting.some((q) => q.latch || this.permitted(q))) {
      const q = waiting[0];
      const flags = (q.driverEvent[2] | (q.driverEvent[3] << 8)) & 3;
      const offWrap = q.driverEvent[0] | (q.driverEvent[1] << 8);
      this.flag('NOTIFY_SUPPRESSED', tlp, cycle, q, `vector ${vector}: driver event flags ${flags}${flags === RING_EVENT_FLAGS_DESC ? ` off_wrap 0x${offWrap.toString(16)} not crossed (used position ${q.usedLin % q.size}, wrap ${q.wrapOf(q.usedLin)})` : ''}`);
    }
    for (const q of qs) this.notified(q);
  }

  // ---- naming addresses for reports -------------------------------------------------------------

  private queueOf(addr: bigint): QueueState | null {
    return this.elementAt(addr)?.chain.q ?? null;
  }

  private elementAt(addr: bigint): { chain: Chain; seg: Segment; retired: boolean } | null {
    for (const q of this.queues.values()) {
      for (const chain of this.liveChains(q)) for (const seg of chain.segs) if (addr >= seg.addr && addr < seg.end) return { chain, seg, retired: false };
      for (let i = q.retired.length - 1; i >= 0; i--) {
        const chain = q.retired[i];
        for (const seg of chain.segs) if (addr >= seg.addr && addr < seg.end) return { chain, seg, retired: true };
      }
    }
    return null;
  }

  private whatIs(addr: bigint): string {
    const el = this.elementAt(addr);
    if (el?.retired) return `are in buffer id ${el.chain.id} of queue ${el.chain.q.facts.index}, already used`;
    if (el) return `are in buffer id ${el.chain.id} of queue ${el.chain.q.facts.index}`;
    return 'are in no ring and no buffer the device saw made available';
  }
}
