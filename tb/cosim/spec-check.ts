// The spec-level checker (`compare: 'spec'`): judges what a DUT did against what the virtio and
// virtio-net specifications fix, learning what the DUT saw from its own read completions.
//
// DUT view: the bytes of every completion the host returned to the DUT's reads (at the addresses
// of its MRds) and the bytes it wrote itself. The functional core (model/core) reads rings and
// buffers through it, so a chain is judged as the DUT saw it when it consumed it.
//
// Per queue, in ring order:
//  - TX: each m_axis_tx frame = the frame the core builds from the next chain (§5.1.6.2), tuser 0.
//  - Used elements, published when their flags get AVAIL = USED = used_wrap_counter (§2.8.1): id,
//    len and flags of the core's next element, at next_used (advancing by its descriptor count,
//    §2.8.6/§2.8.7); id and len written before the flags (§2.8.21).
//  - RX: the writable bytes [0, len) of each published element = virtio_net_hdr (num_buffers,
//    §5.1.6.4) + the next frame not legally dropped (filtered, tuser-bad, too big, or no buffer
//    the DUT saw available after the frame arrived).
//  - Ctrl: ack byte and used len 1 from executing the command the DUT read (§5.1.6.5).
//  - DUT writes outside used entries, the device event area and writable segments of chains it
//    saw available are reported (§2.8.21: the device writes only device-writable buffers).
//  - Notifications: each MSI-X message / INTx assertion permitted by the driver event suppression
//    (§2.8.10, §2.8.14) as the DUT read it or as memory held it; each required one within
//    `notifyBound` cycles of the used write; none while the vector is masked (PCIe r6.0 §6.1.4.3).
//  - DEVICE_NEEDS_RESET (§2.1.2): the checker tells the model's function when a DMA read failed or
//    a chain the DUT saw is illegal; the driver's device_status reads then compare exactly.
//
// State the DUT's own behaviour decides (ISR bits, MSI-X Pending Bits) is fed into the model's
// function from what the DUT did, so register reads compare exactly at any DUT timing.

import {
  advance, gatherReadable, isAvailable, peekChain, readAt, scatterWritable, slotAddress,
  type AvailCursor, type ChainRules, type Element, type PopResult, type Segment,
} from '../../model/core/chain.js';
import { SparseMemory, type CoreMemory } from '../../model/core/memory.js';
import { ctrlExecute, rxFilter, rxImage, rxPlan, TX_USED_LEN, txFrame, type CtrlOutcome, type TxResult } from '../../model/core/net.js';
import { decodeEventSuppress, isPublished, notificationWanted, usedFlags, type EventSuppress } from '../../model/core/used.js';
import { COMPLETION_TIMEOUT_CYCLES } from '../../model/dma/dma-engine.js';
import { addAddress, low32, offsetIn, type Address } from '../../model/dma/types.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { MAX_READABLE_BYTES } from '../../model/net/device.js';
import type { VirtioNetFunction } from '../../model/function/function.js';
import { layoutOf } from '../../model/pci/layout.js';
import { initialCtrlState, type NetCtrlFeatures, type NetCtrlState } from '../../model/net/ctrl.js';
import { DESC_SIZE, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../../model/ring/constants.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import type { QueueSnapshot, RegEvent } from '../../model/virtio/events.js';
import * as F from '../../model/virtio/features.js';

/** Default bound (cycles) from a used write to the notification it requires. */
export const DEFAULT_NOTIFY_BOUND = 65_536;
const NO_VECTOR = 0xffff;
/** device_status in struct virtio_pci_common_cfg (virtio 1.x §4.1.4.3) and its DEVICE_NEEDS_RESET bit (§2.1). */
const COMMON_DEVICE_STATUS = 0x14;
const DEVICE_NEEDS_RESET = 0x40;
/** Status register Interrupt Status (bit 3 of the DW at 0x04's byte 2, PCIe r6.0 §7.5.1.1.4). */
const STATUS_INTERRUPT = 0x08;
/** ISR status bit 0, a used buffer notification (virtio 1.x §4.1.4.5). */
const ISR_QUEUE_BIT = 0x01;
const EVENT_AREA_BYTES = 4;
/** virtio_net_hdr + Ethernet header: the bytes that must be there to tell which frame a buffer holds. */
const RX_IDENTIFY_BYTES = 12 + 14;

export type SpecKind =
  | 'frame' // a transmitted frame differs from the chain's
  | 'unavailable' // a chain consumed that the DUT never saw available
  | 'used' // a used element's id / len / flags / position
  | 'buffer' // bytes written into a used RX/ctrl buffer
  | 'write-outside' // a write outside used entries, the device area and writable segments
  | 'notification' // a notification the driver's suppression or masking forbids
  | 'missing-notification'
  | 'missing' // a frame or chain never delivered / consumed
  | 'needs-reset' // DEVICE_NEEDS_RESET not set (or set) as the ring requires
  | 'event-area' // a device event suppression value the spec does not allow
  | 'completion'; // a completion the host's requests did not ask for (one to a posted Message)

export interface SpecFinding {
  kind: SpecKind;
  /** The rule with its spec section. */
  rule: string;
  cycle: number;
  queue: number | null;
  detail: string[];
}

export interface SpecCheckOptions {
  /** Cycles from a used write to the notification it requires (default DEFAULT_NOTIFY_BOUND). */
  notifyBound?: number;
  /** Guest memory as it is now (the driver's): the suppression area at publication, end-of-run liveness. */
  hostRead: (addr: Address, len: number) => Uint8Array;
}

interface Frame {
  bytes: Uint8Array;
  cycle: number;
  tuser: boolean;
  /** Dropped for sure before the device could take it (before DRIVER_OK, tuser). */
  dropped: string | null;
  /**
   * Filter verdicts under the states the RX filter held from the frame's arrival until it was
   * judged: at arrival and after each control command the checker executed meanwhile. A device
   * applies a command at some point before its used entry (§5.1.6.5), and filters a frame when it
   * takes it: a frame offered while a command is applied may meet either state.
   */
  filteredInSome: boolean;
  acceptedInSome: boolean;
}

interface Consumed {
  el: Element;
  /** TX: the frame the chain carries, snapshotted at consumption. */
  tx: TxResult | null;
  /** Ctrl: the command as read and its outcome, once executed. */
  ctrl?: { req: Uint8Array; out: CtrlOutcome };
  framed: boolean;
  published: boolean;
}

interface RxDelivery {
  image: Uint8Array;
  lens: number[];
  next: number;
  offset: number;
}

class QueueState {
  readonly cursor: AvailCursor;
  nextUsed = 0;
  usedWrap = 1;
  /** Chains consumed (popped) and not yet both framed and published, ring order. */
  readonly consumed: Consumed[] = [];
  /** Ring slot -> cycle of the DUT's last read of it. */
  readonly slotReadAt = new Map<number, number>();
  /** RX: slot -> last cycle a DUT read showed it not available. */
  readonly notAvailSeen = new Map<number, number>();
  /** RX: slot -> whether the DUT's device event area asked for notifications (not DISABLE) at that read. */
  readonly notAvailAsked = new Map<number, boolean>();
  /** Cycles of the driver's available-buffer notifications of this queue (§2.8.10), in order. */
  readonly notifies: number[] = [];
  rx: RxDelivery | null = null;
  /** Used slots published since the last notification of this queue (what one may announce). */
  unannounced = 0;
  /** The queue's MSI-X vector when it last published (a queue reset returns the register to NO_VECTOR before the checker hears of it). */
  vector = NO_VECTOR;
  /** Used slots published since the DUT last read the driver event suppression area (a check, §2.8.10). */
  sinceCheck = 0;
  /** Cycle of the first publication since the DUT's last check, or -1. */
  checkFrom = -1;
  /** A check found that the driver asks for a notification: the first publication it covered, or -1. */
  requiredSince = -1;
  /** Cycle of the first publication not yet announced, or -1. */
  owedSince = -1;
  /** Suppression area in memory at the first publication since the last check (when the DUT never reads it). */
  evAtPublish: EventSuppress | null = null;
  /** The DUT's last read of the suppression area since the last notification. */
  evReadSince: EventSuppress | null = null;
  /** INTx: the line was already up (ISR set, not yet read) after a publication: the driver is told (§4.1.4.5). */
  isrCovered = false;
  /** Elements peeked ahead from the cursor in the DUT view (cache). */
  ahead: Element[] | null = null;
  /** What the DUT has read of the available chain after `ahead` whose tail it has not read (readPrefix; with `ahead`). */
  partial: ChainPrefix | null = null;
  /** Ctrl: a command executed from a chain the DUT had read up to its writable part (runPendingCtrl), until that chain is consumed. */
  early: { head: number; wrap: number; ctrl: NonNullable<Consumed['ctrl']> } | null = null;
  constructor(readonly kind: 'rx' | 'tx' | 'ctrl', readonly cfg: QueueSnapshot) {
    this.cursor = { queueSize: cfg.size, queueDesc: BigInt(cfg.desc), nextAvail: 0, availWrap: 1 };
  }
  /** Offset of [a, a + len) in the descriptor ring when the ring holds all of it, else -1. */
  ringOffset(a: Address, len: number): number {
    const span = DESC_SIZE * this.cfg.size;
    const o = offsetIn(a, this.cfg.desc, span);
    return o >= 0 && o + len <= span ? o : -1;
  }
  ringContains(a: Address, len: number): boolean {
    return this.ringOffset(a, len) >= 0;
  }
}

interface PendingRead {
  start: Address;
  bytes: number;
  /** Cycle the MRd was issued (the Completion Timeout counts from it). */
  cycle: number;
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** Byte-enabled runs of a write request (PCIe r6.0 §2.2.5: First/Last DW BE). */
export function writeRuns(t: Tlp): Array<{ addr: Address; data: Uint8Array }> {
  const runs: Array<{ addr: Address; data: Uint8Array }> = [];
  let start = -1;
  const n = t.length;
  for (let i = 0; i <= n * 4; i++) {
    const dw = i >> 2;
    const be = dw === 0 ? t.firstBe : dw === n - 1 ? t.lastBe : 0xf;
    const on = i < n * 4 && ((n === 1 ? t.firstBe : be) >> (i & 3)) & 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      runs.push({ addr: addAddress(viewAddress(t.address), start), data: t.data.subarray(start, i) });
      start = -1;
    }
  }
  return runs;
}

/**
 * A TLP address as the DUT view holds it (model/core/memory.ts): a number while the address and
 * the 4 KiB a TLP may span after it stay exact, else the bigint (any 64-bit address, never rounded).
 */
export function viewAddress(a: bigint | number): Address {
  if (typeof a === 'number') return a;
  if (a > BigInt(Number.MAX_SAFE_INTEGER) - 4096n) return a;
  return Number(a);
}

/** [a, a + len) and [b, b + span) share a byte. */
function overlaps(a: Address, len: number, b: Address, span: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b + span && b < a + len;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y + BigInt(span) && y < x + BigInt(len);
}

const U64_LIMIT = 1n << 64n;

/** The descriptors the DUT has read of a chain, in order; `readableDone`: it reached a writable one (every readable byte is known). */
interface ChainPrefix {
  readable: Segment[];
  writable: Segment[];
  readableDone: boolean;
}

/**
 * What the DUT has read of the available chain at `cur` where the DUT view `view` cannot walk the
 * chain completely (peekChain: unknown, or illegal on a slot it last read a lap ago), or null. The
 * driver makes a whole chain available at once, writing the head's flags after every other
 * descriptor of it (virtio 1.x §2.8.21), so the device may write a device-writable buffer once it
 * has read its descriptor (§2.8.4), and execute a control command once it has read the readable
 * part (§5.1.6.5). The chain is walked in guest memory (`host`: stable while available, §2.8.6); a
 * descriptor counts only while the DUT view holds the same 16 bytes (read in this lap), and the
 * walk stops at the first one it does not, or where the chain turns illegal (§2.8.4.1, §2.8.7).
 */
function readPrefix(view: CoreMemory, host: CoreMemory, cur: AvailCursor, rules: ChainRules): ChainPrefix | null {
  const out: ChainPrefix = { readable: [], writable: [], readableDone: false };
  const seen = (addr: bigint): DataView | null => {
    const d = readAt(host, addr, DESC_SIZE);
    const v = readAt(view, addr, DESC_SIZE);
    if (!d || !v || d.some((b, i) => b !== v[i])) return null;
    return new DataView(d.buffer, d.byteOffset, DESC_SIZE);
  };
  let slot = cur.nextAvail;
  for (let count = 0; count < cur.queueSize; count++) {
    const v = seen(slotAddress(cur.queueDesc, slot));
    if (!v) break;
    const flags = v.getUint16(14, true);
    if (count === 0 && !isAvailable(flags, cur.availWrap)) return null;
    if ((flags & VIRTQ_DESC_F_INDIRECT) !== 0) {
      // §2.8.7: an indirect table is the whole chain, alone in its ring slot.
      const len = v.getUint32(8, true);
      if (count > 0 || !rules.indirectDesc || (flags & VIRTQ_DESC_F_NEXT) !== 0 || len === 0 || len % DESC_SIZE !== 0) break;
      const table = v.getBigUint64(0, true);
      for (let i = 0; i < len / DESC_SIZE; i++) {
        const e = seen(table + BigInt(i * DESC_SIZE));
        if (!e || !addSegment(out, e)) break;
      }
      break;
    }
    if (!addSegment(out, v)) break;
    if ((flags & VIRTQ_DESC_F_NEXT) === 0) break;
    slot = slot + 1 === cur.queueSize ? 0 : slot + 1;
  }
  return out;
}

/** Adds a descriptor's buffer; false where the chain turns illegal (§2.8.4.1: no readable after a writable, no INDIRECT inside, length 0, past 2^64). */
function addSegment(out: ChainPrefix, v: DataView): boolean {
  const addr = v.getBigUint64(0, true);
  const len = v.getUint32(8, true);
  const flags = v.getUint16(14, true);
  if (len === 0 || addr + BigInt(len) > U64_LIMIT || (flags & VIRTQ_DESC_F_INDIRECT) !== 0) return false;
  if ((flags & VIRTQ_DESC_F_WRITE) === 0) {
    if (out.writable.length > 0) return false;
    out.readable.push({ addr, len });
    return true;
  }
  out.writable.push({ addr, len });
  out.readableDone = true;
  return true;
}

/** Bytes a read request asks for: first enabled byte and count (PCIe r6.0 §2.2.5). */
function readSpan(t: Tlp): Omit<PendingRead, 'cycle'> {
  const first = t.firstBe === 0 ? 0 : 31 - Math.clz32(t.firstBe & -t.firstBe);
  const last = t.length === 1 ? t.firstBe : t.lastBe;
  const end = last === 0 ? 4 : 32 - Math.clz32(last);
  return { start: addAddress(viewAddress(t.address), first), bytes: Math.max(1, (t.length - 1) * 4 + end - first) };
}

/**
 * virtio-net buffer rules that need reset (docs/dut-interface.md "Illegal rings and faults"): a
 * TX buffer shorter than the virtio_net_hdr (§5.1.6.2, reason 11), a TX or control buffer over
 * the header + the largest frame (reason 12).
 */
function netBufferError(kind: 'rx' | 'tx' | 'ctrl', readableBytes: number): string | null {
  if (kind === 'rx') return null;
  if (readableBytes > MAX_READABLE_BYTES) return kind === 'tx' ? 'TxTooLong' : 'CtrlTooLong';
  if (kind === 'tx' && readableBytes < VIRTIO_NET_HDR_LEN) return 'TxShorterThanHeader';
  return null;
}

export class SpecChecker {
  readonly findings: SpecFinding[] = [];
  readonly view = new SparseMemory();
  /** Bytes the DUT wrote and no publication has consumed yet. */
  private readonly written = new SparseMemory();
  private readonly reads = new Map<number, PendingRead>();
  private queues: (QueueState | undefined)[] = [];
  /** Per queue reset with queue_reset and not re-enabled yet: its rings and the chains it had taken or seen available then. */
  private readonly resetDraining = new Map<number, { cfg: QueueSnapshot; els: Element[] }>();
  private frames: Frame[] = [];
  private live = false;
  private features: { has(bit: number): boolean } = { has: () => false };
  private ctrlState: NetCtrlState;
  private ctrlFeatures: NetCtrlFeatures = { ctrlRx: false, ctrlMacAddr: false, mq: false, guestAnnounce: false };
  /** MSI-X messages the model's function sent (config change, unmask of a pending vector), per vector. */
  private readonly permits = new Map<number, number>();
  private intx = false;
  private readonly bound: number;
  /** Vector -> cycle the checker set its Pending Bit on a DUT's check (feedMasked): the DUT decides when it likes after. */
  private readonly pendingRace = new Map<number, number>();
  /** Cycle the checker set DEVICE_NEEDS_RESET (a cause it saw in the DUT's reads), or -1. */
  private needsResetAt = -1;
  /** INTx mode: cycle the checker set ISR bit 0 on a DUT's check with no edge to see (feedMasked), or -1. */
  private intxRaceAt = -1;
  /**
   * INTx mode: queues whose notification the checker fed as ISR bit 0 with the line already up
   * (feedMasked) and left unannounced: the DUT may set the bit before the driver's ISR read (the
   * read shows it: told, announced then) or after it (the line rises again: onIntx). Queue ->
   * cycle of the feed.
   */
  private readonly isrFed = new Map<number, number>();
  /**
   * Queues announced by an ISR read that showed bit 0 (isrFed): the bit may have been an earlier
   * notification's, and the DUT may still set it for this one after the read, raising the line
   * once more within `notifyBound` of the feed (virtio 1.x §4.1.4.5 fixes no latency).
   */
  private readonly isrLate = new Map<number, number>();
  /**
   * Command.Bus Master Enable was clear while the device was live (PCIe r6.0 §7.5.1.1.3: no
   * request may be issued): a device may hold its DMA until it is set again, or treat the DMA it
   * cannot issue as an error (DEVICE_NEEDS_RESET, virtio 1.x §2.1.2). Both are legal.
   */
  private busMasterOffWhileLive = false;
  /**
   * A device reset is under way: from the write of 0 to device_status until the DUT answers a
   * read of it with 0 (virtio 1.x §2.4, §4.1.4.3.2). A notification the DUT decided before it
   * took the reset may still come until then; none after.
   */
  private resetUnderWay = false;
  /** MSI-X vector -> last cycle a notification owed by a queue reset with queue_reset may still come. */
  private readonly owedAtReset = new Map<number, number>();
  /** The driver's non-posted requests by tag (the last one per tag: the model's completion may pair after the DUT's). */
  private readonly hostReads = new Map<number, { t: Tlp; masked: Set<number> }>();
  /** The host's Messages by Tag, until a non-posted request takes the Tag again: posted, never completed. */
  private readonly hostMessages = new Map<number, Tlp>();
  /**
   * Posted writes the DUT may still be decoding: the vectors unmasked before each (PCIe r6.0
   * §6.1.4.3), until the DUT completes the first non-posted request the driver sent after it
   * (closeTag; §2.4.1: a completion does not pass a posted write, so by then the write took effect)
   * or issues a read after the write arrived (it has moved on: `readAt`, a message in that cycle
   * was begun with it).
   */
  private readonly decoding: Array<{ unmasked: Set<number>; closeTag: number; at: number; readAt: number }> = [];
  /** Guest memory as it is now (the driver's). */
  private readonly hostMem: CoreMemory = { read: (a, n) => this.opts.hostRead(a, n) };
  readonly counts = { frames: 0, used: 0, rxDelivered: 0, rxDropped: 0, ctrl: 0, notifications: 0 };

  constructor(private readonly fn: VirtioNetFunction, private readonly opts: SpecCheckOptions) {
    this.bound = opts.notifyBound ?? DEFAULT_NOTIFY_BOUND;
    this.ctrlState = initialCtrlState(fn.virtio.mac, fn.params.numQueuePairs);
    // A message the model withdrew (its vector masked before it went out, PCIe r6.0 §6.1.4.3) permits nothing.
    fn.withdrawObserver = (t) => this.onModelMsixWithdrawn(t.data.length >= 4 ? new DataView(t.data.buffer, t.data.byteOffset, 4).getUint32(0, true) : -1);
  }

  get first(): SpecFinding | null {
    return this.findings[0] ?? null;
  }

  private find(kind: SpecKind, rule: string, cycle: number, queue: number | null, ...detail: string[]): void {
    if (this.findings.length < 64) this.findings.push({ kind, rule, cycle, queue, detail });
  }

  private has(bit: number): boolean {
    return this.features.has(bit);
  }

  private rules(): ChainRules {
    return { indirectDesc: this.has(F.VIRTIO_F_INDIRECT_DESC), inOrder: this.has(F.VIRTIO_F_IN_ORDER) };
  }

  // ---- the model's register events -----------------------------------------------------

  onRegEvent(e: RegEvent): void {
    switch (e.kind) {
      case 'reset':
        // §2.4 / §2.4.1: a device reset is under way from the write of 0 until device_status reads
        // 0 again, and the driver sets the queues up afresh only after that: as for a queue reset
        // (§2.6.1, below), a write already under way into a queue's old ring or into a buffer the
        // device had taken or seen available is not a stray write until that queue is enabled again.
        this.resetDraining.clear();
        this.queues.forEach((q, qi) => {
          if (q) this.resetDraining.set(qi, { cfg: q.cfg, els: [...q.consumed.map((c) => c.el), ...this.ahead(q)] });
        });
        this.queues = [];
        this.live = false;
        this.pendingRace.clear();
        this.needsResetAt = -1;
        this.intxRaceAt = -1;
        this.isrFed.clear();
        this.isrLate.clear();
        this.owedAtReset.clear(); // decided before this reset: resetUnderWay covers them now
        this.busMasterOffWhileLive = false;
        this.resetUnderWay = true;
        this.ctrlState = initialCtrlState(this.fn.virtio.mac, this.fn.params.numQueuePairs);
        for (const f of this.frames) f.dropped ??= 'device reset';
        return;
      case 'featuresOk':
        this.features = e.features;
        this.ctrlFeatures = {
          ctrlRx: this.has(F.VIRTIO_NET_F_CTRL_RX), ctrlMacAddr: this.has(F.VIRTIO_NET_F_CTRL_MAC_ADDR),
          mq: this.has(F.VIRTIO_NET_F_MQ), guestAnnounce: this.has(F.VIRTIO_NET_F_GUEST_ANNOUNCE),
        };
        return;
      case 'queueEnable': {
        const n = this.fn.params.numQueuePairs;
        const kind = e.queue < 2 * n ? (e.queue % 2 === 0 ? 'rx' : 'tx') : 'ctrl';
        this.queues[e.queue] = new QueueState(kind, { ...e.config });
        this.resetDraining.delete(e.queue);
        return;
      }
      case 'queueReset': {
        // §2.6.1: the reset is under way from the write of 1 until the device reports it done; the
        // driver re-enables the queue only after that. Until then a write already under way into
        // a buffer the device had taken (or seen available) is not a stray write.
        const old = this.queues[e.queue];
        if (old) this.resetDraining.set(e.queue, { cfg: old.cfg, els: [...old.consumed.map((c) => c.el), ...this.ahead(old)] });
        // Used elements published before the reset and owed a notification: the DUT may have
        // decided it before it took the reset; its message may still come, within the bound.
        if (old && old.unannounced > 0 && old.vector !== NO_VECTOR && this.permitted(old)) this.owedAtReset.set(old.vector, this.clock + this.bound);
        this.queues[e.queue] = undefined;
        return;
      }
      case 'driverOk':
        this.live = true;
        return;
      case 'notify': {
        const q = this.queues[e.queue];
        if (q?.kind === 'rx') q.notifies.push(this.clock);
        return;
      }
      default:
        return;
    }
  }

  /** The model withdrew a message it had sent (its vector masked before the message went out). */
  onModelMsixWithdrawn(vector: number): void {
    const p = this.permits.get(vector) ?? 0;
    if (p > 0) this.permits.set(vector, p - 1);
  }

  /** The model's function sent an MSI-X message (the DUT may send the same one). */
  onModelMsix(vector: number): void {
    this.permits.set(vector, (this.permits.get(vector) ?? 0) + 1);
  }

  // ---- the driver's requests and the DUT's register reads --------------------------------

  /** The driver sent a request to the DUT (before the model's function handles it). */
  onHostRequest(t: Tlp, cycle: number): void {
    if (t.kind === 'MWr' || t.kind === 'CfgWr0') {
      const masked = this.maskedVectors();
      const unmasked = new Set<number>();
      for (let v = 0; v < this.fn.params.msixVectors; v++) if (!masked.has(v)) unmasked.add(v);
      if (unmasked.size > 0) this.decoding.push({ unmasked, closeTag: -1, at: cycle, readAt: Infinity });
    }
    if (t.kind === 'MWr') return;
    if (t.kind === 'Msg' || t.kind === 'MsgD') {
      this.hostMessages.set(t.tag, t);
      return;
    }
    this.hostMessages.delete(t.tag);
    this.hostReads.set(t.tag, { t, masked: this.maskedVectors() });
    for (const w of this.decoding) if (w.closeTag < 0) w.closeTag = t.tag;
  }

  /** The vectors masked now (MSI-X disabled counts as masked). */
  private maskedVectors(): Set<number> {
    const out = new Set<number>();
    for (let v = 0; v < this.fn.params.msixVectors; v++) if (!this.fn.config.msixEnabled || this.fn.msix.isMasked(v)) out.add(v);
    return out;
  }

  /** The DUT completed one of the driver's requests. */
  onDutCompletion(t: Tlp, cycle: number): void {
    const m = this.hostMessages.get(t.tag);
    if (m) {
      this.hostMessages.delete(t.tag);
      this.find('completion', 'PCIe r6.0 §2.2.8, §2.4.1: a Message is a posted request and gets no completion, whether discarded or an Unsupported Request (§6.2.3.1)', cycle, null,
        `completion ${t.kind} status ${t.status} with Tag 0x${t.tag.toString(16)} of the host's ${m.kind} code 0x${m.messageCode.toString(16)} routing ${m.routing}`);
    }
    if (this.resetUnderWay && this.readsDeviceStatusZero(t)) this.resetUnderWay = false;
    if (this.isrFed.size > 0 && this.readsIsrQueueBit(t)) {
      // The driver read ISR bit 0 (virtio 1.x §4.1.4.5): the notifications it covers are delivered.
      for (const [qi, at] of this.isrFed) {
        const q = this.queues[qi];
        if (q) this.announce(q);
        this.isrLate.set(qi, at);
      }
      this.isrFed.clear();
    }
    for (let i = this.decoding.length - 1; i >= 0; i--) if (this.decoding[i].closeTag === t.tag) this.decoding.splice(i, 1);
  }

  /** `t` answers the driver's MRd of the ISR byte with bit 0 set (a used buffer notification). */
  private readsIsrQueueBit(t: Tlp): boolean {
    const b = this.readVirtioByte(t, layoutOf(this.fn.params).virtioRegions.isr.offset);
    return b !== undefined && (b & ISR_QUEUE_BIT) !== 0;
  }

  /** `t` answers the driver's MRd of device_status with 0 (the device reset is done). */
  private readsDeviceStatusZero(t: Tlp): boolean {
    return this.readVirtioByte(t, layoutOf(this.fn.params).virtioRegions.common.offset + COMMON_DEVICE_STATUS) === 0;
  }

  /** The byte at `offset` of the virtio BAR that `t` returns for the driver's MRd, if it read that byte. */
  private readVirtioByte(t: Tlp, offset: number): number | undefined {
    const req = this.hostReads.get(t.tag)?.t;
    if (!req || req.kind !== 'MRd' || t.kind !== 'CplD') return undefined;
    const hit = this.fn.config.decodeMemory(req.address, req.length * 4);
    if (!hit || hit.bar !== layoutOf(this.fn.params).bars.virtio.index) return undefined;
    const i = offset - hit.offset;
    const enabled = i >= 0 && i < t.data.length && ((i < 4 ? req.firstBe : req.lastBe) >> (i & 3) & 1) === 1;
    return enabled ? t.data[i] : undefined;
  }

  /**
   * A write the DUT may still be decoding at `cycle` had `vector` unmasked before it, or (`any`)
   * any write is still being decoded.
   */
  private unmaskedWhileDecoding(vector: number, cycle: number, any = false): boolean {
    return this.decoding.some((w) => cycle <= w.readAt && (any || w.unmasked.has(vector)));
  }

  /**
   * A register read racing the device's own decision (spec level): the DUT's completion `rtl`
   * differs from the model's `model` only in payload. Legal, and the model follows the DUT, when
   * every differing bit is one of:
   *  - an MSI-X Pending Bit the checker set on a DUT's check of the driver event area, read 0
   *    within `notifyBound` cycles of that check (the DUT decides later; PCIe r6.0 §6.1.4.3 and
   *    virtio 1.x §2.8.10 fix no latency for the decision);
   *  - a Pending Bit read 1 where a notification of that vector is owed and the vector is masked
   *    now (the DUT decided after the mask write took effect): the model sets it too;
   *  - DEVICE_NEEDS_RESET read 0 within `notifyBound` cycles of the read that showed the DUT the
   *    error (virtio 1.x §2.1.2 fixes no latency either).
   * docs/dut-interface.md "Races at the spec level".
   */
  raceCompletion(model: Tlp, rtl: Tlp, cycle: number): boolean {
    const read = this.hostReads.get(rtl.tag);
    const req = read?.t;
    if (req?.kind === 'CfgRd0' && model.data.length === rtl.data.length) return this.raceStatus(req, model, rtl, cycle);
    if (!read || !req || req.kind !== 'MRd' || model.data.length !== rtl.data.length) return false;
    const hit = this.fn.config.decodeMemory(req.address, req.length * 4);
    if (!hit) return false;
    const layout = layoutOf(this.fn.params);
    const feed: number[] = [];
    for (let i = 0; i < model.data.length; i++) {
      const diff = model.data[i] ^ rtl.data[i];
      if (diff === 0) continue;
      const at = hit.offset + i; // a memory request's address is DW-aligned: payload byte i is there + i
      if (hit.bar === layout.bars.msix.index && at >= layout.msixRegions.pba && at < layout.msixRegions.pba + this.fn.msix.pbaBytes) {
        for (let b = 0; b < 8; b++) {
          if (!((diff >> b) & 1)) continue;
          const v = 8 * (at - layout.msixRegions.pba) + b;
          if ((model.data[i] >> b) & 1) {
            const from = this.pendingRace.get(v);
            if (from === undefined || cycle > from + this.bound) return false;
          } else if (this.owedOnMasked(v, read.masked) || this.releasedRace(v, read.masked, cycle)) feed.push(v);
          else if (!this.owedUnmasked(v)) return false;
        }
        continue;
      }
      const common = layout.virtioRegions.common;
      if (hit.bar === layout.bars.virtio.index && at === common.offset + COMMON_DEVICE_STATUS && diff === DEVICE_NEEDS_RESET) {
        if ((model.data[i] & DEVICE_NEEDS_RESET) !== 0 && this.needsResetAt >= 0 && cycle <= this.needsResetAt + this.bound) continue;
        if ((rtl.data[i] & DEVICE_NEEDS_RESET) !== 0 && this.busMasterRefused(cycle)) continue;
      }
      return false;
    }
    for (const v of feed) {
      let fed = false;
      for (let qi = 0; qi < this.queues.length; qi++) {
        const q = this.queues[qi];
        if (q && this.vectorOf(qi) === v && q.owedSince >= 0) {
          this.fn.raiseQueueInterrupt(qi);
          this.announce(q);
          fed = true;
        }
      }
      const qi = this.queues.findIndex((q, i) => q !== undefined && this.vectorOf(i) === v);
      if (!fed && qi >= 0) {
        // The message the model sent at the unmask is the DUT's pending one: not a permit until it comes.
        this.permits.set(v, Math.max(0, (this.permits.get(v) ?? 0) - 1));
        this.fn.raiseQueueInterrupt(qi);
      }
    }
    return true;
  }

  /**
   * The checker set `vector`'s Pending Bit on a DUT's check and an unmask has released it since
   * (the model's message), while the DUT, deciding later with the vector masked again, holds it:
   * the vector was masked at the read (or is now), within `notifyBound` cycles of the check.
   */
  private releasedRace(vector: number, masked: Set<number>, cycle: number): boolean {
    const from = this.pendingRace.get(vector);
    return from !== undefined && cycle <= from + this.bound && (masked.has(vector) || this.fn.msix.isMasked(vector));
  }

  /** The DUT treats DMA it could not issue while Bus Master Enable was clear as an error: so does the model. */
  private busMasterRefused(cycle: number): boolean {
    if (!this.busMasterOffWhileLive || this.fn.virtio.needsReset) return false;
    this.needsReset('BusMasterDisabled: DMA refused while Command.Bus Master Enable was clear (PCIe r6.0 §7.5.1.1.3)', cycle);
    return true;
  }

  /**
   * INTx mode: the Status register's Interrupt Status (PCIe r6.0 §7.5.1.1.4) read 0 where the
   * checker set ISR bit 0 on a DUT's check with the line already up or Interrupt Disable set
   * (feedMasked), within `notifyBound` cycles: the DUT decides later (as a Pending Bit).
   */
  private raceStatus(req: Tlp, model: Tlp, rtl: Tlp, cycle: number): boolean {
    if (req.register !== 4 || model.data.length < 3) return false;
    for (let i = 0; i < model.data.length; i++) {
      const diff = model.data[i] ^ rtl.data[i];
      if (diff === 0) continue;
      if (i !== 2 || diff !== STATUS_INTERRUPT) return false;
    }
    if ((model.data[2] & STATUS_INTERRUPT) !== 0) return this.intxRaceAt >= 0 && cycle <= this.intxRaceAt + this.bound;
    return this.statusDecidedEarly();
  }

  /**
   * INTx mode, Interrupt Status read 1 where the model has 0 (PCIe r6.0 §7.5.1.1.4): the DUT set
   * ISR bit 0 for a notification the driver's event suppression allows (virtio 1.x §2.8.10:
   * `permitted`) before the checker saw it do so: no edge yet (the line follows the bit a few cycles
   * later) or none to see (Interrupt Disable was set when it decided). The model follows: ISR bit 0
   * set, the queue announced. Legal only while such a queue has used elements not yet announced: a
   * DUT that raises the bit for nothing, or never clears it, still fails.
   */
  private statusDecidedEarly(): boolean {
    if (this.fn.config.msixEnabled) return false;
    const qi = this.queues.findIndex((q) => q !== undefined && q.unannounced > 0 && this.permitted(q));
    if (qi < 0) return false;
    this.fn.raiseQueueInterrupt(qi);
    this.announce(this.queues[qi]!);
    return true;
  }

  /**
   * An unmasked `vector` whose queue has used elements not yet announced that the driver allows a
   * notification for: the DUT decided it and shows the Pending Bit until it hands the message on
   * (PCIe r6.0 §6.1.4.5 fixes no latency; rtl/msix_table.sv: one cycle). The message still comes.
   */
  private owedUnmasked(vector: number): boolean {
    if (vector >= this.fn.params.msixVectors || this.fn.msix.isMasked(vector)) return false;
    return this.queues.some((q, qi) => q !== undefined && this.vectorOf(qi) === vector && q.unannounced > 0 && this.permitted(q));
  }

  /** A queue of `vector` owes a notification and the vector was masked at the read (`masked`) or is now: the DUT may have set its Pending Bit. */
  private owedOnMasked(vector: number, masked: Set<number>): boolean {
    if (vector >= this.fn.params.msixVectors || !(masked.has(vector) || this.fn.msix.isMasked(vector))) return false;
    return this.queues.some((q, qi) => q !== undefined && this.vectorOf(qi) === vector && q.owedSince >= 0 && this.permitted(q));
  }

  // ---- what the DUT read ---------------------------------------------------------------

  onRead(t: Tlp, cycle: number): void {
    // A read the DUT issued after a mask write arrived: it has moved on, the write is decoded
    // (a message in the same cycle was begun with the read).
    for (let i = this.decoding.length - 1; i >= 0; i--) {
      const w = this.decoding[i];
      if (w.readAt < cycle) this.decoding.splice(i, 1);
      else if (w.at < cycle && w.readAt === Infinity) w.readAt = cycle;
    }
    this.reads.set(t.tag, { ...readSpan(t), cycle });
    if (cycle + COMPLETION_TIMEOUT_CYCLES < this.nextTimeout) this.nextTimeout = cycle + COMPLETION_TIMEOUT_CYCLES;
  }

  /**
   * A DUT counts its timeout from the MRd's issue inside it, a few cycles before the request's
   * first beat on tx_rd_req (the reference RTL: 3): a configuration change notification this many
   * cycles before the checker's own deadline is still explained by the timeout.
   */
  private static readonly TIMEOUT_EARLY = 16;

  /** The last cycle the engine ticked (register events carry none). */
  private clock = 0;

  /** Earliest cycle at which an outstanding read times out (Infinity: none outstanding). */
  private nextTimeout = Infinity;

  /**
   * Completion Timeout (PCIe r6.0 §2.8; docs/dut-interface.md "Illegal rings and faults", reason 7):
   * a read without its complete answer COMPLETION_TIMEOUT_CYCLES after its MRd fails, and the
   * device needs reset.
   */
  private checkTimeouts(cycle: number, early = 0): boolean {
    if (cycle + early < this.nextTimeout) return false;
    this.nextTimeout = Infinity;
    let failed = false;
    for (const [tag, r] of this.reads) {
      const due = r.cycle + COMPLETION_TIMEOUT_CYCLES;
      if (cycle + early < due) {
        if (due < this.nextTimeout) this.nextTimeout = due;
        continue;
      }
      this.reads.delete(tag);
      if (!this.live || this.fn.virtio.needsReset) continue;
      this.needsReset(`CompletionTimeout: no complete answer to the read of ${hex(r.start)} (tag ${tag}) issued at cycle ${r.cycle}`, cycle);
      failed = true;
    }
    return failed;
  }

  onCompletion(t: Tlp, cycle: number, final: boolean): void {
    const r = this.reads.get(t.tag);
    if (!r) return; // the host checker reports unexpected completions
    if (final) this.reads.delete(t.tag);
    if (t.status !== CplStatus.SC || t.ep) {
      this.needsReset(`DmaFault: completion status ${t.status}${t.ep ? ' poisoned' : ''} for the read of ${hex(r.start)}`, cycle);
      return;
    }
    const start = addAddress(r.start, r.bytes - t.byteCount);
    const skip = low32(start) & 3;
    const n = Math.min(t.byteCount, t.data.length - skip);
    if (n <= 0) return;
    this.view.write(start, t.data.subarray(skip, skip + n));
    this.afterViewChange(start, n, cycle);
  }

  private afterViewChange(addr: Address, len: number, cycle: number): void {
    let inRing = false;
    for (const q of this.queues) {
      const o = q ? q.ringOffset(addr, len) : -1;
      if (!q || o < 0) continue;
      inRing = true;
      for (let sl = Math.floor(o / DESC_SIZE); sl <= Math.floor((o + len - 1) / DESC_SIZE); sl++) q.slotReadAt.set(sl, cycle);
    }
    if (!inRing) {
      if (this.readLog.length >= 64) this.readLog.shift();
      this.readLog.push({ addr, len, cycle });
    }
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q) continue;
      const d = q.cfg.driver;
      if (overlaps(addr, len, d, EVENT_AREA_BYTES)) {
        const b = this.view.read(d, EVENT_AREA_BYTES);
        if (b) this.onCheck(qi, q, decodeEventSuppress(b), cycle);
      }
      const ring = overlaps(addr, len, q.cfg.desc, DESC_SIZE * q.cfg.size);
      if (ring || this.has(F.VIRTIO_F_INDIRECT_DESC)) q.ahead = null;
      if (ring || q.kind !== 'rx') this.checkAhead(qi, q, addr, len, cycle);
    }
  }

  /** Looks at the chains from the cursor in the DUT view: illegal ones need DEVICE_NEEDS_RESET; RX slots seen not available. */
  private checkAhead(qi: number, q: QueueState, addr: Address, len: number, cycle: number): void {
    const ro = q.ringOffset(addr, len);
    const o = q.kind === 'rx' ? ro : -1;
    if (o >= 0) {
      const first = Math.floor(o / DESC_SIZE);
      const last = Math.floor((o + len - 1) / DESC_SIZE);
      for (let s = first; s <= last; s++) {
        const b = this.view.read(addAddress(q.cfg.desc, s * DESC_SIZE + 14), 2);
        if (!b) continue;
        const wrap = s >= q.cursor.nextAvail ? q.cursor.availWrap : q.cursor.availWrap ^ 1;
        if (!isAvailable(b[0] | (b[1] << 8), wrap)) {
          q.notAvailSeen.set(s, cycle);
          q.notAvailAsked.set(s, this.asksForKicks(q));
        }
      }
    }
    if (!this.live || this.fn.virtio.needsReset) return;
    const cur = { ...q.cursor };
    for (let i = 0; i < 8; i++) {
      const r = peekChain(this.view, cur, this.rules());
      if (r.kind === 'illegal') {
        // The view keeps each slot as the DUT last read it: a later descriptor of the chain it has
        // not read in this lap yet is the previous lap's. A descriptor after the head is judged
        // once the DUT has read it (this read of the ring covers it); until then the chain ends here.
        const stale = r.slot !== cur.nextAvail && !(ro >= 0 && r.slot >= Math.floor(ro / DESC_SIZE) && r.slot <= Math.floor((ro + len - 1) / DESC_SIZE));
        if (stale || (r.slot === cur.nextAvail && this.staleIndirect(q, r.slot))) return;
        this.needsReset(`${r.reason}: queue ${qi} slot ${r.slot}: ${r.detail}`, cycle);
        return;
      }
      if (r.kind !== 'element') return;
      if (r.element.indirect ? this.staleIndirect(q, cur.nextAvail) : this.staleChain(q, r.element)) return;
      const bad = netBufferError(q.kind, r.element.readableBytes);
      if (bad) {
        this.needsReset(`${bad}: queue ${qi} slot ${cur.nextAvail}: ${r.element.readableBytes} device-readable bytes`, cycle);
        return;
      }
      const a = advance(cur.nextAvail, cur.availWrap, r.element.ndescs, cur.queueSize);
      cur.nextAvail = a.pos;
      cur.availWrap = a.wrap;
    }
  }

  /**
   * A NEXT chain (§2.8.6) whose later descriptors the DUT has not read since it read the head: the
   * view holds them as a previous lap left them. Judged once the DUT has read them all.
   */
  private staleChain(q: QueueState, el: Element): boolean {
    const headAt = q.slotReadAt.get(el.head) ?? -1;
    for (let k = 1; k < el.ndescs; k++) if ((q.slotReadAt.get((el.head + k) % q.cfg.size) ?? -1) < headAt) return true;
    return false;
  }

  /** Recent DUT reads outside the descriptor rings (address, bytes, cycle), newest last: indirect tables. */
  private readonly readLog: Array<{ addr: Address; len: number; cycle: number }> = [];

  /**
   * The ring descriptor at `slot` points to an indirect table (§2.8.7) the DUT has not read since
   * it last read the slot: the view holds the table as the DUT last read it, maybe a previous lap's
   * bytes at the same address (a driver reuses its tables). The chain is judged once the DUT has
   * read the table after the slot. A head descriptor illegal on its own (with NEXT, table length,
   * 2^64 crossed) is judged at once.
   */
  private staleIndirect(q: QueueState, slot: number): boolean {
    const d = this.view.read(addAddress(q.cfg.desc, slot * DESC_SIZE), DESC_SIZE);
    if (!d) return false;
    const v = new DataView(d.buffer, d.byteOffset, DESC_SIZE);
    const flags = v.getUint16(14, true);
    if ((flags & VIRTQ_DESC_F_INDIRECT) === 0 || (flags & VIRTQ_DESC_F_NEXT) !== 0 || !this.has(F.VIRTIO_F_INDIRECT_DESC)) return false;
    const tableLen = v.getUint32(8, true);
    const table = v.getBigUint64(0, true);
    // A table illegal by its descriptor alone (§2.8.5, §2.8.7, §2.8.13) is never read: judged at once.
    if (tableLen === 0 || tableLen % DESC_SIZE !== 0 || tableLen / DESC_SIZE > q.cfg.size || table + BigInt(tableLen) > 1n << 64n) return false;
    // Fresh when the DUT read part of the table at or after its last read of this ring slot.
    const headAt = q.slotReadAt.get(slot) ?? -1;
    const t = viewAddress(table);
    return !this.readLog.some((r) => r.cycle >= headAt && overlaps(r.addr, r.len, t, tableLen));
  }

  /** Why the checker expects DEVICE_NEEDS_RESET (the first cause), or null. */
  needsResetCause: string | null = null;

  private needsReset(reason: string, cycle: number): void {
    this.needsResetCause ??= `${reason} (cycle ${cycle})`;
    if (!this.fn.virtio.needsReset) this.needsResetAt = cycle;
    // The model's function sets DEVICE_NEEDS_RESET and sends the configuration change
    // notification (§2.1.2); the driver's reads of device_status and ISR compare exactly.
    this.fn.setNeedsReset(reason);
  }

  // ---- what the DUT wrote --------------------------------------------------------------

  onWrite(t: Tlp, cycle: number): void {
    for (const run of writeRuns(t)) this.onWriteRun(run.addr, run.data, cycle);
  }

  private onWriteRun(addr: Address, data: Uint8Array, cycle: number): void {
    const len = data.length;
    // A used entry or event suppression write under way into a queue being reset (§2.6.1): the
    // driver sets the ring up afresh before it enables the queue again; not judged.
    for (const { cfg } of this.resetDraining.values()) {
      if (offsetIn(addr, cfg.desc, DESC_SIZE * cfg.size) >= 0 || offsetIn(addr, cfg.device, EVENT_AREA_BYTES) >= 0) return;
    }
    // Used entries overwrite ring slots: they stay out of the view, where a slot shows what the
    // DUT last read of it (a chain is judged as it was made available, not as it was returned).
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q) continue;
      if (q.ringContains(addr, len)) {
        this.written.write(addr, data);
        this.checkUsedFlagsWrite(qi, q, addr, len, cycle);
        this.scanPublished(qi, q, cycle);
        return;
      }
      const dev = offsetIn(addr, q.cfg.device, EVENT_AREA_BYTES);
      if (dev >= 0 && dev + len <= EVENT_AREA_BYTES) {
        this.view.write(addr, data);
        this.checkDeviceArea(qi, q, cycle);
        return;
      }
    }
    this.view.write(addr, data);
    if (this.insideWritable(BigInt(addr), len)) {
      this.written.write(addr, data);
      return;
    }
    const stale = this.insideUnavailable(BigInt(addr), len);
    if (stale) {
      this.find('unavailable', 'virtio 1.x §2.8.1: a descriptor is used only after the device observed it available (AVAIL/USED against avail_wrap_counter)',
        cycle, stale.queue, `${len}-byte write at ${hex(addr)} into the buffer of slot ${stale.slot}, whose descriptor the device last saw with flags ${hex(stale.flags)} (avail_wrap_counter ${stale.wrap})`);
      return;
    }
    this.find('write-outside', 'virtio 1.x §2.8.21/§2.8.4: the device writes only used entries, its event suppression area and device-writable buffers of chains it saw available',
      cycle, null, `${len}-byte write at ${hex(addr)}`);
  }

  /** The DUT's device event suppression area does not say DISABLE (§2.8.10; never written: zero, ENABLE): the driver notifies what it adds. */
  private asksForKicks(q: QueueState): boolean {
    const b = this.view.read(addAddress(q.cfg.device, 2), 2);
    return !b || (b[0] & 0x3) !== 1;
  }

  /** The device event suppression flags the DUT wrote (§2.8.14): ENABLE, DISABLE, or DESC with VIRTIO_F_EVENT_IDX. */
  private checkDeviceArea(qi: number, q: QueueState, cycle: number): void {
    const b = this.view.read(addAddress(q.cfg.device, 2), 2);
    if (!b) return;
    const flags = (b[0] | (b[1] << 8)) & 0x3;
    if (flags === 3 || (flags === 2 && !this.has(F.VIRTIO_F_EVENT_IDX))) {
      this.find('event-area', 'virtio 1.x §2.8.14/§2.8.10: device event suppression flags are ENABLE, DISABLE or, with VIRTIO_F_EVENT_IDX, DESC', cycle, qi,
        `flags ${flags} written at ${hex(addAddress(q.cfg.device, 2))}${flags === 2 ? ' without VIRTIO_F_EVENT_IDX' : ' (reserved)'}`);
    }
  }

  /** Inside a writable segment of a chain consumed or available (as the DUT saw it) on some queue, or on a queue being reset. */
  private insideWritable(addr: bigint, len: number): boolean {
    const end = addr + BigInt(len);
    for (const { els } of this.resetDraining.values()) for (const el of els) for (const s of el.writable) if (addr >= s.addr && end <= s.addr + BigInt(s.len)) return true;
    for (const q of this.queues) {
      if (!q) continue;
      const els = [...q.consumed.map((c) => c.el), ...this.ahead(q)];
      for (const el of els) for (const s of el.writable) if (addr >= s.addr && end <= s.addr + BigInt(s.len)) return true;
      for (const s of q.partial?.writable ?? []) if (addr >= s.addr && end <= s.addr + BigInt(s.len)) return true;
    }
    return false;
  }

  /** A writable segment of a chain after the available ones, as the DUT last read it though not available. */
  private insideUnavailable(addr: bigint, len: number): { queue: number; slot: number; flags: number; wrap: number } | null {
    const end = addr + BigInt(len);
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q) continue;
      const cur = { ...q.cursor };
      for (const el of this.ahead(q)) {
        const a = advance(cur.nextAvail, cur.availWrap, el.ndescs, cur.queueSize);
        cur.nextAvail = a.pos;
        cur.availWrap = a.wrap;
      }
      const r = peekChain(this.view, cur, this.rules(), true);
      if (r.kind !== 'element') continue;
      for (const s of r.element.writable) {
        if (addr >= s.addr && end <= s.addr + BigInt(s.len)) {
          const fb = this.view.read(addAddress(q.cfg.desc, cur.nextAvail * DESC_SIZE + 14), 2);
          return { queue: qi, slot: cur.nextAvail, flags: fb ? fb[0] | (fb[1] << 8) : -1, wrap: cur.availWrap };
        }
      }
    }
    return null;
  }

  private ahead(q: QueueState): Element[] {
    if (q.ahead) return q.ahead;
    const out: Element[] = [];
    const cur = { ...q.cursor };
    q.partial = null;
    for (let i = 0; i < 64; i++) {
      const r = peekChain(this.view, cur, this.rules());
      if (r.kind === 'unknown' || r.kind === 'illegal') q.partial = readPrefix(this.view, this.hostMem, cur, this.rules());
      if (r.kind !== 'element') break;
      out.push(r.element);
      const a = advance(cur.nextAvail, cur.availWrap, r.element.ndescs, cur.queueSize);
      cur.nextAvail = a.pos;
      cur.availWrap = a.wrap;
    }
    q.ahead = out;
    return out;
  }

  /** A flags field written in the ring with AVAIL = USED must carry the wrap counter of its slot (§2.8.1). */
  private checkUsedFlagsWrite(qi: number, q: QueueState, addr: Address, len: number, cycle: number): void {
    const o = q.ringOffset(addr, len);
    const first = Math.floor(o / DESC_SIZE);
    const last = Math.floor((o + len - 1) / DESC_SIZE);
    for (let s = first; s <= last; s++) {
      const fo = s * DESC_SIZE + 14;
      if (fo < o || fo + 2 > o + len) continue;
      const fa = addAddress(q.cfg.desc, fo);
      const b = this.written.read(fa, 2)!;
      const flags = b[0] | (b[1] << 8);
      const wrap = s >= q.nextUsed ? q.usedWrap : q.usedWrap ^ 1;
      // AVAIL != USED marks nothing used (a design may rewrite a slot's flags before publishing it).
      const marksUsed = ((flags >> 7) & 1) === ((flags >> 15) & 1);
      if (!marksUsed) this.written.forget(fa, 2);
      else if (!isPublished(flags, wrap)) {
        this.find('used', 'virtio 1.x §2.8.1/§2.8.6: used flags carry AVAIL = USED = used_wrap_counter', cycle, qi,
          `flags ${hex(flags)} written at slot ${s}; used_wrap_counter there is ${wrap} (next_used ${q.nextUsed})`);
        this.written.forget(fa, 2);
      }
    }
  }

  /** Publishes, in order, every used element whose flags the DUT has written at next_used. */
  private scanPublished(qi: number, q: QueueState, cycle: number): void {
    let n = 0;
    for (;;) {
      const at = addAddress(q.cfg.desc, q.nextUsed * DESC_SIZE);
      const fb = this.written.read(addAddress(at, 14), 2);
      if (!fb || !isPublished(fb[0] | (fb[1] << 8), q.usedWrap)) break;
      const flags = fb[0] | (fb[1] << 8);
      const body = this.written.read(addAddress(at, 8), 6);
      this.written.forget(at, DESC_SIZE);
      const slot = q.nextUsed;
      if (!body) {
        this.find('used', 'virtio 1.x §2.8.21: the device writes a used element\'s id and len before its flags', cycle, qi,
          `flags ${hex(flags)} at slot ${slot} published before id/len were written`);
        return;
      }
      const len = body[0] | (body[1] << 8) | (body[2] << 16) | ((body[3] << 24) >>> 0);
      const id = body[4] | (body[5] << 8);
      const ndescs = this.publish(qi, q, slot, id, len >>> 0, flags, cycle);
      if (ndescs <= 0) return;
      const a = advance(q.nextUsed, q.usedWrap, ndescs, q.cfg.size);
      q.nextUsed = a.pos;
      q.usedWrap = a.wrap;
      n += ndescs;
    }
    if (n > 0) this.published(qi, q, n, cycle);
  }

  /** The next chain of the queue in ring order as the DUT saw it (consumed now: snapshot). */
  private consume(qi: number, q: QueueState, cycle: number, why: string): Consumed | null {
    const r: PopResult = peekChain(this.view, q.cursor, this.rules());
    if (r.kind !== 'element') {
      const d = r.kind === 'not-available' ? `slot ${r.slot} flags ${hex(r.flags)} not available for avail_wrap_counter ${q.cursor.availWrap}`
        : r.kind === 'unknown' ? `${r.what} at ${hex(r.address)} never read by the device` : `${r.reason}: ${r.detail}`;
      this.find('unavailable', 'virtio 1.x §2.8.1: a descriptor is used only after the device observed it available (AVAIL/USED against avail_wrap_counter)',
        cycle, qi, `${why}: next chain at slot ${q.cursor.nextAvail}: ${d}`);
      return null;
    }
    const el = r.element;
    const early = q.early && q.early.head === q.cursor.nextAvail && q.early.wrap === q.cursor.availWrap ? q.early.ctrl : undefined;
    q.early = null;
    const a = advance(q.cursor.nextAvail, q.cursor.availWrap, el.ndescs, q.cfg.size);
    q.cursor.nextAvail = a.pos;
    q.cursor.availWrap = a.wrap;
    q.ahead = null;
    let tx: TxResult | null = null;
    if (q.kind === 'tx') {
      const bytes = gatherReadable(this.view, el);
      tx = bytes instanceof Uint8Array ? txFrame(bytes, this.has(F.VIRTIO_NET_F_CSUM)) : { kind: 'no-frame', reason: `readable byte at ${hex(bytes.unknown)} never read by the device` };
    }
    const c: Consumed = { el, tx, framed: false, published: false, ...(early ? { ctrl: early } : {}) };
    q.consumed.push(c);
    return c;
  }

  private dropDone(q: QueueState): void {
    while (q.consumed.length > 0) {
      const c = q.consumed[0];
      const needsFrame = q.kind === 'tx' && c.tx?.kind === 'frame' && !c.framed;
      if (!c.published || needsFrame) break;
      q.consumed.shift();
    }
  }

  /** Judges one published used element; returns the ring slots it covers (0 = stop scanning). */
  private publish(qi: number, q: QueueState, slot: number, id: number, len: number, flags: number, cycle: number): number {
    this.counts.used++;
    let c = q.consumed.find((x) => !x.published) ?? null;
    if (!c) c = this.consume(qi, q, cycle, `used element at slot ${slot}`);
    if (!c) return 0;
    c.published = true;
    const el = c.el;
    const rule = 'virtio 1.x §2.8.6/§2.8.7: used elements in ring order carry the buffer id, the bytes written, and advance next_used by the chain\'s descriptors';
    if (id !== el.id) this.find('used', rule, cycle, qi, `slot ${slot}: id ${id}, the chain at slot ${el.head} has id ${el.id}`);
    let expLen = 0;
    if (q.kind === 'tx') expLen = TX_USED_LEN;
    else if (q.kind === 'ctrl') expLen = this.judgeCtrl(qi, c, cycle);
    else expLen = this.judgeRx(qi, q, el, len, cycle);
    if (expLen >= 0 && len !== expLen) this.find('used', rule, cycle, qi, `slot ${slot} (id ${el.id}): len ${len}, expected ${expLen}`);
    const exp = usedFlags(q.usedWrap, len);
    const writeOk = (flags & VIRTQ_DESC_F_WRITE) === (exp & VIRTQ_DESC_F_WRITE) || (len === 0 && el.writable.length > 0);
    if (!writeOk) this.find('used', 'virtio 1.x §2.8.6: a used element has VIRTQ_DESC_F_WRITE set when the device wrote into it', cycle, qi, `slot ${slot}: flags ${hex(flags)}, len ${len}`);
    // The buffer is the driver's again: forget what the DUT wrote into it.
    for (const s of el.writable) if (s.addr + BigInt(s.len) <= BigInt(Number.MAX_SAFE_INTEGER)) this.written.forget(Number(s.addr), s.len);
    this.dropDone(q);
    return el.ndescs;
  }

  /** Bytes [0, n) of the element's writable part as the DUT wrote them, or null where it did not. */
  private writtenImage(el: Element, n: number): Uint8Array | { missing: bigint } {
    const img = new Uint8Array(n);
    for (const p of scatterWritable(el, n)) {
      const b = readAt(this.written, p.addr, p.len);
      if (!b) return { missing: p.addr };
      img.set(b, p.at);
    }
    return img;
  }

  /** Runs a control command once (the effect precedes its used entry, §5.1.6.5), mirroring a new MAC into the function. */
  private execCtrl(qi: number, c: Consumed, cycle: number): { macChanged: boolean } {
    if (c.ctrl) return { macChanged: false };
    const req = gatherReadable(this.view, c.el);
    if (!(req instanceof Uint8Array)) {
      this.find('unavailable', 'virtio 1.x §5.1.6.5: the device executes the command it read', cycle, qi, `command byte at ${hex(req.unknown)} never read by the device`);
      c.ctrl = { req: new Uint8Array(0), out: { kind: 'bad', reason: 'unread' } };
      return { macChanged: false };
    }
    this.counts.ctrl++;
    const prevMac = this.ctrlState.mac;
    c.ctrl = { req, out: ctrlExecute(req, c.el, this.ctrlState, this.ctrlFeatures) };
    // Frames not judged yet may have met the filter before or after this command (Frame.filteredInSome).
    for (const f of this.frames) {
      if (rxFilter(f.bytes, this.ctrlState) === 'accept') f.acceptedInSome = true;
      else f.filteredInSome = true;
    }
    const macChanged = this.ctrlState.mac !== prevMac;
    if (macChanged) this.fn.deliverConfigChange(this.fn.virtio.setMac(this.ctrlState.mac));
    return { macChanged };
  }

  private judgeCtrl(qi: number, c: Consumed, cycle: number): number {
    this.execCtrl(qi, c, cycle);
    const { req, out } = c.ctrl!;
    if (out.kind === 'bad') return out.reason === 'unread' ? -1 : 0;
    const el = c.el;
    const got = this.writtenImage(el, 1);
    if (!(got instanceof Uint8Array)) this.find('buffer', 'virtio 1.x §5.1.6.5: the device writes the ack before the used element', cycle, qi, `ack byte at ${hex(got.missing)} not written (class ${req[0]} command ${req[1]})`);
    else if (got[0] !== out.ack) this.find('buffer', 'virtio 1.x §5.1.6.5: ack = VIRTIO_NET_OK / VIRTIO_NET_ERR as the command succeeded', cycle, qi, `ack ${got[0]}, expected ${out.ack} (class ${req[0]} command ${req[1]}${out.reason ? `: ${out.reason}` : ''})`);
    return 1;
  }

  /**
   * Why a frame may legally be missing where the buffer at `slot` would have taken it, or null.
   * No buffer: the DUT read that descriptor (with MRG_RXBUF: one of the next ones) showing it
   * not available after the frame arrived, or before it with no available-buffer notification of
   * the queue since (the ring known empty: docs/dut-interface.md "Illegal rings and faults"); a
   * buffer posted meanwhile may go either way.
   */
  private legalDrop(q: QueueState | undefined, f: Frame, slot: number): string | null {
    if (f.dropped) return f.dropped;
    const v = rxFilter(f.bytes, this.ctrlState);
    if (v === 'runt') return 'shorter than an Ethernet header';
    if (v === 'filtered' || f.filteredInSome) return 'filtered (§5.1.6.5.1)';
    if (!q) return 'no receive queue';
    const mrg = this.has(F.VIRTIO_NET_F_MRG_RXBUF);
    const span = mrg ? Math.min(q.cfg.size, 64) : 1;
    for (let k = 0; k < span; k++) {
      const c = q.notAvailSeen.get((slot + k) % q.cfg.size);
      if (c !== undefined && c >= f.cycle) return 'no buffer available when the device looked';
      if (c !== undefined && q.notAvailAsked.get((slot + k) % q.cfg.size) && !q.notifies.some((n) => n > c && n <= f.cycle)) return 'no buffer available when the device last looked, no notification since';
    }
    const els = this.ahead(q);
    if (els.length > 0 && !mrg) {
      const p = rxPlan(f.bytes.length, false, els);
      if (!p.ok) return `${p.reason} for the next buffer (${els[0].writableBytes} bytes)`;
    }
    return null;
  }

  private judgeRx(qi: number, q: QueueState, el: Element, len: number, cycle: number): number {
    const mrg = this.has(F.VIRTIO_NET_F_MRG_RXBUF);
    const rule = 'virtio 1.x §5.1.6.4: a received buffer holds virtio_net_hdr (num_buffers) + the frame, buffers filled in order';
    if (q.rx) {
      // The next buffer of a merged frame.
      const d = q.rx;
      const exp = d.lens[d.next];
      this.compareRx(qi, el, d.image.subarray(d.offset, d.offset + Math.min(len, exp)), cycle, rule);
      d.offset += exp;
      if (++d.next >= d.lens.length) q.rx = null;
      return exp;
    }
    let firstBad: string | null = null;
    while (this.frames.length > 0 && this.frames[0].cycle <= cycle) {
      const f = this.frames[0];
      const els = [el, ...this.ahead(q)];
      const plan = rxPlan(f.bytes.length, mrg, els);
      if (plan.ok) {
        const image = rxImage(f.bytes, plan.numBuffers);
        // Which frame a buffer holds is told by its bytes; a wrong len is judged on its own (publish).
        const shown = Math.min(len, plan.lens[0]);
        const got = this.writtenImage(el, shown);
        const match = shown >= Math.min(plan.lens[0], RX_IDENTIFY_BYTES) && got instanceof Uint8Array && got.every((b, i) => b === image[i]);
        const drop = match ? null : this.legalDrop(q, f, el.head);
        if (match || !drop) {
          this.frames.shift();
          this.counts.rxDelivered++;
          if (match && rxFilter(f.bytes, this.ctrlState) !== 'accept' && !f.acceptedInSome) {
            this.find('buffer', 'virtio 1.x §5.1.6.5.1: a frame the receive filter rejects is not delivered', cycle, qi, `frame of ${f.bytes.length} bytes from ${f.cycle} delivered although filtered`);
          }
          if (!match) this.compareRx(qi, el, image.subarray(0, Math.min(len, plan.lens[0])), cycle, rule, `frame of ${f.bytes.length} bytes from cycle ${f.cycle}`);
          if (plan.lens.length > 1) q.rx = { image, lens: plan.lens, next: 1, offset: plan.lens[0] };
          return plan.lens[0];
        }
        firstBad ??= `frame of ${f.bytes.length} bytes from cycle ${f.cycle} not delivered here (${drop})`;
      }
      this.frames.shift();
      this.counts.rxDropped++;
    }
    this.find('buffer', rule, cycle, qi, `used element id ${el.id} (len ${len}) on the receive queue with no frame left to deliver${firstBad ? `; ${firstBad}` : ''}`);
    return -1;
  }

  private compareRx(qi: number, el: Element, exp: Uint8Array, cycle: number, rule: string, what = 'merged buffer'): void {
    const got = this.writtenImage(el, exp.length);
    if (!(got instanceof Uint8Array)) {
      this.find('buffer', 'virtio 1.x §2.8.21: the device writes a buffer\'s data before the used flags that publish it', cycle, qi, `id ${el.id}: byte at ${hex(got.missing)} not written (${what})`);
      return;
    }
    for (let i = 0; i < exp.length; i++) {
      if (got[i] !== exp[i]) {
        const field = i < 12 ? ` (virtio_net_hdr byte ${i}${i >= 10 ? ', num_buffers' : ''})` : ` (frame byte ${i - 12})`;
        this.find('buffer', rule, cycle, qi, `id ${el.id}: byte ${i}${field} is ${hex(got[i])}, expected ${hex(exp[i])} (${what})`);
        return;
      }
    }
  }

  // ---- frames --------------------------------------------------------------------------

  onFrameIn(bytes: Uint8Array, tuser: boolean, cycle: number): void {
    const dropped = tuser ? 'tuser marks it bad' : !this.live || this.fn.virtio.needsReset ? 'device not live' : null;
    const filtered = rxFilter(bytes, this.ctrlState) !== 'accept';
    this.frames.push({ bytes, cycle, tuser, dropped, filteredInSome: filtered, acceptedInSome: !filtered });
  }

  onFrameOut(frame: Uint8Array, tuser: boolean, cycle: number): void {
    this.counts.frames++;
    const rule = 'virtio 1.x §5.1.6.2: the device transmits each TX chain\'s bytes after the virtio_net_hdr, in ring order';
    let best: { qi: number; c: Consumed } | null = null;
    for (let qi = 0; qi < this.queues.length && !best; qi++) {
      const q = this.queues[qi];
      if (!q || q.kind !== 'tx') continue;
      let c = q.consumed.find((x) => !x.framed && x.tx?.kind === 'frame') ?? null;
      while (!c) {
        const r = peekChain(this.view, q.cursor, this.rules());
        if (r.kind !== 'element') break;
        const n = this.consume(qi, q, cycle, 'frame');
        if (!n) break;
        if (n.tx?.kind === 'frame') c = n;
      }
      if (c) best = { qi, c };
    }
    if (tuser) {
      // A frame ended with tuser where no TX chain is due (its chain was discarded by a device or
      // queue reset): an aborted frame, which a MAC drops (docs/dut-interface.md "Illegal rings and
      // faults"). Where a chain is due, a legal chain gives a good frame.
      if (!best) return;
      this.find('frame', 'docs/dut-interface.md: m_axis_tx_tuser marks a bad frame; a legal TX chain gives a good one', cycle, best.qi, `frame of ${frame.length} bytes with tuser set`);
    }
    if (!best) {
      const qi = this.queues.findIndex((q) => q?.kind === 'tx');
      const q = this.queues[qi];
      // The end of a frame whose chain the DUT had taken before a device or queue reset (virtio
      // 1.x §2.4, §2.6.1: a reset stops queue memory accesses, not the wire; the bytes were read before it).
      if (!q && (this.resetUnderWay || this.resetDraining.size > 0)) return;
      if (q) this.consume(qi, q, cycle, `frame of ${frame.length} bytes on m_axis_tx`);
      else this.find('frame', rule, cycle, null, `frame of ${frame.length} bytes with no transmit queue enabled`);
      return;
    }
    const { qi, c } = best;
    c.framed = true;
    const exp = (c.tx as { frame: Uint8Array }).frame;
    let diff = -1;
    for (let i = 0; i < Math.max(exp.length, frame.length) && diff < 0; i++) if (exp[i] !== frame[i]) diff = i;
    if (diff >= 0) {
      this.find('frame', rule, cycle, qi, `chain id ${c.el.id} (slot ${c.el.head}): ${frame.length} bytes sent, ${exp.length} expected; first difference at byte ${diff}`
        + (diff < Math.min(exp.length, frame.length) ? ` (${hex(frame[diff])} != ${hex(exp[diff])})` : ''));
    }
    this.dropDone(this.queues[qi]!);
  }

  // ---- notifications -------------------------------------------------------------------

  private eventNow(q: QueueState): EventSuppress {
    return decodeEventSuppress(this.opts.hostRead(q.cfg.driver, EVENT_AREA_BYTES));
  }

  /** Does `ev` ask for a notification for the last `count` slots published (ending at next_used)? */
  private wanted(q: QueueState, ev: EventSuppress | null, count = q.unannounced): boolean {
    return ev !== null && notificationWanted(ev, q.nextUsed, q.usedWrap, count, q.cfg.size, this.has(F.VIRTIO_F_EVENT_IDX));
  }

  /** Could the DUT have found that the driver wants a notification, in any state it could have read? */
  private permitted(q: QueueState): boolean {
    return q.requiredSince >= 0 || this.wanted(q, q.evReadSince) || this.wanted(q, q.evAtPublish) || this.wanted(q, this.eventNow(q)) || this.wanted(q, this.viewEvent(q));
  }

  private published(qi: number, q: QueueState, n: number, cycle: number): void {
    if (q.owedSince < 0) q.owedSince = cycle;
    if (q.sinceCheck === 0) {
      q.evAtPublish = this.eventNow(q);
      q.checkFrom = cycle;
    }
    q.unannounced += n;
    q.sinceCheck += n;
    q.vector = this.vectorOf(qi);
    if (!this.fn.config.msixEnabled && this.intx) q.isrCovered = true;
  }

  /**
   * The DUT read the driver event suppression area: a check of the slots published since its
   * last one (§2.8.10; QEMU and Linux compare the event offset with (old, new] of that check).
   */
  private onCheck(qi: number, q: QueueState, ev: EventSuppress, cycle: number): void {
    if (q.owedSince < 0) return;
    q.evReadSince = ev;
    if (!this.fn.config.msixEnabled && this.intx) q.isrCovered = true;
    if (q.sinceCheck > 0 && this.wanted(q, ev, q.sinceCheck) && q.requiredSince < 0) q.requiredSince = q.checkFrom;
    q.sinceCheck = 0;
    q.checkFrom = -1;
    if (q.requiredSince >= 0) this.feedMasked(qi, q, cycle);
  }

  private announce(q: QueueState): void {
    q.unannounced = 0;
    q.requiredSince = -1;
    q.owedSince = -1;
    q.evReadSince = null;
    q.sinceCheck = 0;
    q.checkFrom = -1;
    q.isrCovered = false;
  }

  private vectorOf(qi: number): number {
    return this.fn.virtio.queue(qi)?.msixVector ?? NO_VECTOR;
  }

  /**
   * A masked vector sets its Pending Bit instead of sending (PCIe r6.0 §6.1.4.3); in INTx mode with
   * Interrupt Disable set, or the line already up, the device still sets ISR bit 0 (and the Status
   * register's Interrupt Status) with no edge to see (virtio 1.x §4.1.4.5, PCIe r6.0
   * §7.5.1.1.3/§7.5.1.1.4): tell the model when the DUT decided.
   */
  private feedMasked(qi: number, q: QueueState, cycle: number): void {
    if (!this.fn.config.msixEnabled) {
      // With the line free to rise, the DUT's ISR bit 0 shows as an INTx edge (onIntx); with it
      // already up (an earlier notification or a configuration change not yet read) there is none.
      if (!this.fn.config.interruptDisable && !this.intx) return;
      if ((this.fn.virtio.isrStatus & 1) === 0) this.intxRaceAt = cycle;
      this.fn.raiseQueueInterrupt(qi);
      if (!this.fn.config.interruptDisable) this.isrFed.set(qi, cycle);
      // With the line up, a DUT that sets the bit only after the driver's ISR read cleared it
      // raises the line again for this notification: it stays unannounced until then.
      if (this.fn.config.interruptDisable) this.announce(q);
      return;
    }
    const v = this.vectorOf(qi);
    if (v === NO_VECTOR || v >= this.fn.params.msixVectors || !this.fn.msix.isMasked(v)) return;
    if (!this.fn.msix.isPending(v)) this.pendingRace.set(v, cycle);
    this.fn.raiseQueueInterrupt(qi);
    this.announce(q);
  }

  onMsix(vector: number, cycle: number): void {
    this.counts.notifications++;
    if (this.resetUnderWay) return; // decided before the DUT took the reset (resetUnderWay)
    const msixRule = 'PCIe r6.0 §6.1.4.3: no MSI-X message while its vector or the function is masked';
    this.pendingRace.delete(vector);
    // A message the DUT had begun before it decoded a new Mask Bit / Function Mask write is one
    // sent while unmasked (PCIe r6.0 §6.1.4.3 fixes no latency for a mask write to take effect).
    // So is one the model sent (a permit) before it handled a mask write the DUT may still be
    // decoding: the driver's earlier unmask reached the model after the mask write was sent.
    const masked = !this.fn.config.msixEnabled || (vector < this.fn.params.msixVectors && this.fn.msix.isMasked(vector));
    const sentBefore = (this.permits.get(vector) ?? 0) > 0 && this.unmaskedWhileDecoding(vector, cycle, true);
    if (masked && !this.unmaskedWhileDecoding(vector, cycle) && !sentBefore) {
      this.find('notification', msixRule, cycle, null, `MSI-X message for vector ${vector} while ${this.fn.config.msixEnabled ? 'masked' : 'MSI-X is disabled'}`);
      return;
    }
    if (this.checkTimeouts(cycle, SpecChecker.TIMEOUT_EARLY) && vector === this.fn.virtio.configMsixVector) {
      // The DUT's message came before the model's (sent when the function's events are collected): owe it.
      this.permits.set(vector, (this.permits.get(vector) ?? 0) - 1);
      return;
    }
    const permit = this.permits.get(vector) ?? 0;
    if (permit > 0) {
      this.permits.set(vector, permit - 1);
      return;
    }
    let ok = false;
    let seen = false;
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q || this.vectorOf(qi) !== vector || q.unannounced === 0) continue;
      seen = true;
      if (this.permitted(q)) {
        ok = true;
        this.announce(q);
      }
    }
    if (ok) return;
    const owedUntil = this.owedAtReset.get(vector);
    if (owedUntil !== undefined) {
      this.owedAtReset.delete(vector);
      if (cycle <= owedUntil) return;
    }
    // A configuration change from a control command the DUT committed before its used entry.
    if (vector === this.fn.virtio.configMsixVector && this.runPendingCtrl(cycle)) {
      const p = this.permits.get(vector) ?? 0;
      if (p > 0) {
        this.permits.set(vector, p - 1);
        return;
      }
    }
    if (!seen && vector === this.fn.virtio.configMsixVector && this.busMasterRefused(cycle)) {
      const p = this.permits.get(vector) ?? 0;
      if (p > 0) {
        this.permits.set(vector, p - 1);
        return;
      }
    }
    if (!seen && vector === this.fn.virtio.configMsixVector) {
      this.find('needs-reset', 'virtio 1.x §2.1.2/§4.1.5.4: a configuration change notification only for a change (DEVICE_NEEDS_RESET only on an error the device cannot recover from)', cycle, null,
        `MSI-X config vector ${vector} with no configuration change and no error the checker saw${this.needsResetCause ? '' : ' (rings legal as the device read them, no failed completion)'}`);
      return;
    }
    this.find('notification', 'virtio 1.x §2.8.10/§2.8.14: a used buffer notification only after used elements, as the driver event suppression allows', cycle, null,
      seen ? `MSI-X vector ${vector}: the driver's event suppression (flags / off_wrap) asks for no notification` : `MSI-X vector ${vector}: no used element published since the last notification and no configuration change`);
  }

  private viewEvent(q: QueueState): EventSuppress | null {
    const b = this.view.read(q.cfg.driver, EVENT_AREA_BYTES);
    return b ? decodeEventSuppress(b) : null;
  }

  /** Executes the next control command the DUT read and has not returned yet; true if it changed the configuration. */
  private runPendingCtrl(cycle: number): boolean {
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (q?.kind !== 'ctrl') continue;
      let c = q.consumed.find((x) => !x.published && !x.ctrl) ?? null;
      if (!c && this.ahead(q).length > 0) c = this.consume(qi, q, cycle, 'configuration change');
      if (c) return this.execCtrl(qi, c, cycle).macChanged;
      // The DUT read the command's readable part, not yet the chain's writable tail (§2.8.21: the
      // whole chain is available): it may execute it already; the chain takes the outcome when consumed.
      const p = q.partial;
      if (p?.readableDone && !q.early) {
        const el: Element = { id: 0, head: q.cursor.nextAvail, ndescs: 0, indirect: false, readable: p.readable, writable: p.writable,
          readableBytes: p.readable.reduce((n, x) => n + x.len, 0), writableBytes: p.writable.reduce((n, x) => n + x.len, 0) };
        const early: Consumed = { el, tx: null, framed: false, published: false };
        const { macChanged } = this.execCtrl(qi, early, cycle);
        q.early = { head: q.cursor.nextAvail, wrap: q.cursor.availWrap, ctrl: early.ctrl! };
        return macChanged;
      }
    }
    return false;
  }

  onIntx(level: boolean, cycle: number): void {
    const rose = level && !this.intx;
    this.intx = level;
    if (!rose) return;
    this.counts.notifications++;
    if (this.resetUnderWay) return; // decided before the DUT took the reset (resetUnderWay)
    this.checkTimeouts(cycle, SpecChecker.TIMEOUT_EARLY);
    if (this.fn.intx) return; // the model's function raised it too (configuration change)
    // A configuration change from a control command the DUT committed before its used entry.
    if (this.runPendingCtrl(cycle) && this.fn.intx) return;
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q || q.unannounced === 0) continue;
      if (this.permitted(q)) {
        // The DUT set ISR bit 0 (virtio §4.1.4.5): so does the model, for the ISR read.
        this.fn.raiseQueueInterrupt(qi);
        for (const o of this.queues) if (o) this.announce(o);
        return;
      }
    }
    if (this.busMasterRefused(cycle) && this.fn.intx) return;
    for (const [qi, at] of this.isrLate) {
      this.isrLate.delete(qi);
      if (cycle > at + this.bound || !this.queues[qi]) continue;
      // The DUT set ISR bit 0 for the fed notification after the driver's read (isrLate).
      this.fn.raiseQueueInterrupt(qi);
      return;
    }
    this.find('notification', 'virtio 1.x §2.8.10/§4.1.4.5: INTx asserted only for a used buffer notification the driver allows or a configuration change', cycle, null, 'intx_level rose with nothing to notify');
  }

  /** The cycle by which an owed notification must have come (Infinity: none owed). */
  pendingDeadline(): number {
    let d = Infinity;
    for (const q of this.queues) {
      if (!q || q.owedSince < 0) continue;
      const owed = q.requiredSince >= 0 || (q.sinceCheck > 0 && this.wanted(q, q.evAtPublish, q.sinceCheck));
      if (owed) d = Math.min(d, (q.requiredSince >= 0 ? q.requiredSince : q.checkFrom) + this.bound);
    }
    return d;
  }

  /** Notifications required and not sent within the bound (call at every step). */
  tick(cycle: number): void {
    this.clock = cycle;
    if (this.live && !this.fn.config.busMasterEnabled) this.busMasterOffWhileLive = true;
    this.checkTimeouts(cycle);
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q || q.owedSince < 0) continue;
      const from = q.requiredSince >= 0 ? q.requiredSince : q.checkFrom >= 0 ? q.checkFrom : q.owedSince;
      if (cycle >= from + this.bound) this.judgeOwed(qi, q, cycle);
    }
  }

  private judgeOwed(qi: number, q: QueueState, cycle: number): void {
    // A DUT that never checked after publishing is judged on memory as it stood at publication.
    const need = (q.requiredSince >= 0 || (q.sinceCheck > 0 && this.wanted(q, q.evAtPublish, q.sinceCheck))) && !this.fn.virtio.needsReset;
    let channelOpen: boolean;
    if (this.fn.config.msixEnabled) {
      const v = this.vectorOf(qi);
      channelOpen = v !== NO_VECTOR && v < this.fn.params.msixVectors && !this.fn.msix.isMasked(v);
      if (need && !channelOpen && v !== NO_VECTOR && v < this.fn.params.msixVectors) this.fn.raiseQueueInterrupt(qi); // pending bit
    } else {
      channelOpen = !this.fn.config.interruptDisable && !this.intx && !q.isrCovered;
      if (need && (this.fn.config.interruptDisable || this.intx)) this.fn.raiseQueueInterrupt(qi); // ISR bit 0, no edge
    }
    if (need && channelOpen) {
      const ev = q.evReadSince ?? q.evAtPublish;
      this.find('missing-notification', `virtio 1.x §2.8.10: a used buffer notification the driver's event suppression asks for, within ${this.bound} cycles of the used write`, cycle, qi,
        `${q.unannounced} used slot(s) published from cycle ${q.owedSince}, a notification required from cycle ${q.requiredSince >= 0 ? q.requiredSince : q.checkFrom} (next_used ${q.nextUsed}, flags ${ev?.flags}, off_wrap ${hex(ev?.offWrap ?? 0)}), no ${this.fn.config.msixEnabled ? `MSI-X vector ${this.vectorOf(qi)}` : 'INTx'} by cycle ${cycle}`);
    }
    this.announce(q);
  }

  /** End of run: frames never delivered, chains never consumed, notifications owed. */
  finish(cycle: number): void {
    this.tick(cycle);
    if (this.fn.virtio.needsReset) return;
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (!q) continue;
      for (const c of q.consumed) {
        if (q.kind === 'tx' && c.tx?.kind === 'frame' && !c.framed) this.find('missing', 'virtio 1.x §5.1.6.2: every TX chain the device consumed is transmitted', cycle, qi, `chain id ${c.el.id} (slot ${c.el.head}) used or consumed, its frame never sent`);
        else if (!c.published) this.find('missing', 'virtio 1.x §2.8.6: every consumed chain is returned as a used element', cycle, qi, `chain id ${c.el.id} (slot ${c.el.head}) never published`);
      }
      if (q.kind !== 'rx' && this.live) {
        const r = peekChain(this.hostMem, q.cursor, this.rules());
        if (r.kind === 'element') this.find('missing', 'virtio 1.x §2.8.1/§2.8.23: chains made available (and notified) are consumed', cycle, qi, `chain id ${r.element.id} at slot ${r.element.head} still available at the end of the run`);
      }
    }
    for (const f of this.frames) {
      const rxq = this.queues.find((q) => q?.kind === 'rx');
      const why = this.legalDrop(rxq, f, rxq ? rxq.cursor.nextAvail : 0);
      if (!why) {
        this.find('missing', 'virtio 1.x §5.1.6.4: a received frame is delivered unless filtered, bad, too big or without a buffer', cycle, 0, `frame of ${f.bytes.length} bytes from cycle ${f.cycle} never delivered`);
        break;
      }
    }
    for (let qi = 0; qi < this.queues.length; qi++) {
      const q = this.queues[qi];
      if (q && q.owedSince >= 0) {
        const from = q.requiredSince >= 0 ? q.requiredSince : q.checkFrom >= 0 ? q.checkFrom : q.owedSince;
        if (cycle >= from + this.bound) this.judgeOwed(qi, q, cycle);
      }
    }
  }
}

/** One line per finding, for reports. */
export function formatFinding(f: SpecFinding): string {
  return [`DIVERGENCE (${f.kind}) at cycle ${f.cycle}${f.queue !== null ? ` on queue ${f.queue}` : ''} [compare=spec]`, `  rule: ${f.rule}`, ...f.detail.map((d) => `  ${d}`)].join('\n');
}
