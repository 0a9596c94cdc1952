// VirtioNetModel: the whole golden model behind the DUT port contract (docs/dut-interface.md).
// It composes the PCIe function (model/function: config space, BARs, MSI-X, virtio registers),
// the DMA engine (model/dma), one packed virtqueue per queue (model/ring) and the net logic of
// this folder (TX, RX, control queue), and stamps every output with a predicted cycle from a
// timing profile (model/timing).
//
// Driving it (the co-simulation's only API):
//   pushRequest(tlp, cycle)     rx_req      pushCompletion(tlp, cycle)  rx_cpl
//   pushFrame(bytes, cycle)     s_axis_rx   advanceTo(cycle) -> OutputEvent[] in cycle order
// Inputs are handled at their cycle, in cycle order (ties in push order). An output stamped
// later than `cycle` is held until a later advanceTo reaches it. Deterministic: no clock, no
// randomness.
//
// Datapath rules (virtio §5.1.9 / checklist §5):
//  TX: notify -> pop buffers (up to txInFlight at once) -> read the whole device-readable part
//      -> strip the virtio_net_hdr, apply NEEDS_CSUM when VIRTIO_NET_F_CSUM -> frame out on
//      m_axis_tx in ring order -> used with len 0 (§5.1.9.2).
//  RX: frame in -> drop unless DRIVER_OK, filter (filter.ts), steer (steer.ts) -> plan the
//      buffers (rxplan.ts) -> DMA writes of header + data -> all used entries of the frame
//      published together -> used-buffer notification as the driver area allows.
//  Ctrl: read the command, execute it (ctrl.ts), effect applied before the ack and the used
//      entry are written (§5.1.9.5).
//  Any ring error or DMA fault: DEVICE_NEEDS_RESET + configuration change interrupt (§2.1.2).

import { COMPLETION_TIMEOUT_CYCLES, DmaEngine } from '../dma/dma-engine.js';
import { addAddress, low32, type Address, type DmaConfig, type DmaFault, type DmaReadClient } from '../dma/types.js';
import { EngineStep, JobClock, JobDma, type JobDmaOwner, type ReadKind, type WriteKind } from './jobs.js';
import { VirtioNetFunction } from '../function/function.js';
import { DEFAULT_PARAMS, type FunctionParams } from '../pci/layout.js';
import { RING_EVENT_FLAGS_DISABLE, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT } from '../ring/constants.js';
import type { RingError } from '../ring/errors.js';
import { PackedVirtqueue, type RingBuffer, type RingConsumer } from '../ring/packed.js';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../timing/profile.js';
import { ChannelClock, firstBeatWait, frameBeats, RequestPort, requestTiming, tlpBeats } from '../timing/stamp.js';
import { ENGINE_STEP_DEFAULTS, EngineTimer } from '../timing/engine.js';
import { ByteSlab } from '../util/slab.js';
import type { Tlp } from '../tlp/types.js';
import type { RegEvent } from '../virtio/events.js';
import * as F from '../virtio/features.js';
import type { VirtioOptions } from '../virtio/regs.js';
import { applyTxChecksum } from './csum.js';
import { executeCtrl, initialCtrlState, type NetCtrlFeatures, type NetCtrlState } from './ctrl.js';
import { NetError } from './errors.js';
import { filterRxFrame } from './filter.js';
import { encodeNetHdr, rxNetHdr, VIRTIO_NET_HDR_F, VIRTIO_NET_HDR_LEN } from './hdr.js';
import { planRxFill, type RxDropReason } from './rxplan.js';
import { OutQueue } from './out-queue.js';
import { RxSteering } from './steer.js';

export type OutputChannel = 'tx_cpl' | 'tx_rd_req' | 'tx_wr_req' | 'm_axis_tx' | 'intx';

export interface OutputEvent {
  cycle: number;
  channel: OutputChannel;
  tlp?: Tlp;
  frame?: Uint8Array;
  level?: boolean;
  /**
   * m_axis_tx: set (after the frame was returned) when its queue was reset before the DUT could
   * have sent its last beat: the DUT may end it as aborted (tuser 1 on the last beat) instead of
   * whole (docs/dut-interface.md "Queue reset").
   */
  mayAbort?: boolean;
  /**
   * tx_cpl: payload bits whose value the specification leaves to the moment the DUT samples them
   * (a register read racing the device's own decision); the DUT's completion may differ from the
   * model's in these bits only. Set for MSI-X Pending Bits of a vector whose message is decided but
   * not yet on the bus: a design shows the bit 1 until it hands the message on (rtl/msix_table.sv
   * sets it at the event, clears it at the load a cycle later), 0 after; PCIe r6.0 §6.1.4.5 fixes
   * no latency from an event to its message.
   */
  raceBits?: Uint8Array;
}

export interface NetModelOptions {
  params?: FunctionParams;
  virtio?: VirtioOptions;
  profile?: TimingProfile;
  /** TX buffers fetched and being read at once per queue. Default: the profile's policy.prefetch + 1. */
  txInFlight?: number;
  /** RX frames waiting for buffers per queue before further ones are dropped. Default 64; with
   *  policy.scheduling "oneJob" unbounded: s_axis_rx back-pressure (tready low) holds them upstream
   *  and AXI-Stream loses nothing (AMBA AXI4-Stream §2.2.1: TVALID stays up until the handshake). */
  rxBacklog?: number;
  /** Default COMPLETION_TIMEOUT_CYCLES (model/dma), the reference RTL's number. */
  completionTimeoutCycles?: number;
  /**
   * false: registers only (config, MMIO, MSI-X, virtio register side effects); no queue is
   * fetched, no DMA issued, received frames ignored. The spec-level comparison
   * (tb/cosim/spec-check.ts) judges the datapath itself. Default true.
   */
  datapath?: boolean;
  /** Sees every virtio register side effect (reset, featuresOk, queueEnable, driverOk, ...). */
  onRegEvent?: (e: RegEvent) => void;
}

export interface NetStats {
  txFrames: number;
  txBytes: number;
  /** TX buffers completed without sending (too short, bad checksum request). */
  txErrors: number;
  rxFrames: number;
  rxBytes: number;
  rxDropped: Record<RxDropReason, number>;
  ctrlCommands: number;
  ctrlErrors: number;
  /** Buffers (descriptor chains) taken from all rings. */
  buffers: number;
  queueInterrupts: number;
  configInterrupts: number;
  needsResetReason: string | null;
}

/** Tie order at equal cycles: writes before reads, so a read never overtakes an earlier write. */
/**
 * Largest Ethernet frame (no FCS) this device transmits: 65,535 bytes. No GSO and no
 * VIRTIO_NET_F_MTU are offered, so one TX buffer carries one frame (§5.1.6.2), and the 16-bit
 * length fields of virtio_net_hdr and IP describe nothing longer. A TX buffer with more than
 * VIRTIO_NET_HDR_LEN + MAX_TX_FRAME device-readable bytes is a driver error: DEVICE_NEEDS_RESET
 * (TxTooLong), found while walking the chain, before the offending element is read
 * (docs/dut-interface.md "Illegal rings and faults"; rtl/vq_engine.sv reason 12).
 */
export const MAX_TX_FRAME = 65_535;
/** Most device-readable bytes of one TX or control buffer (a control request gets the same bound: CtrlTooLong). */
export const MAX_READABLE_BYTES = VIRTIO_NET_HDR_LEN + MAX_TX_FRAME;

const CHANNELS: readonly OutputChannel[] = ['tx_cpl', 'tx_wr_req', 'tx_rd_req', 'm_axis_tx', 'intx'];
/** Index of each channel in CHANNELS: output queues and clocks are arrays in tie order. */
const CH_TX_CPL = 0;
const CH_TX_WR_REQ = 1;
const CH_TX_RD_REQ = 2;
const CH_M_AXIS_TX = 3;
const CH_INTX = 4;
const NUM_CHANNELS = 5;

/** A notification decided at most this many cycles after a PBA read is handled may show in it (markPbaRace). */
const PBA_RACE_DECISION = 2;
const IN_REQ = 0;
const IN_CPL = 1;
const IN_FRAME = 2;
const IN_LINK = 3;

/**
 * One pushed input (rx_req request, rx_cpl completion, s_axis_rx frame, link change). The
 * objects are reused: the model keeps a pool and refills them, one fixed shape for every kind.
 */
class Input {
  kind = IN_REQ;
  cycle = 0;
  tlp: Tlp | null = null;
  cplAfter = 0;
  bytes: Uint8Array | null = null;
  up = false;
}

interface TxEntry {
  buf: RingBuffer;
  seq: number;
  data: Uint8Array | null;
  bad: boolean;
}

class QueueCtx {
  /**
   * Device area currently asks for kicks. True at enable: the driver zeroes the area and a
   * zero flags field means RING_EVENT_FLAGS_ENABLE (§2.8.14).
   */
  notifyOn = true;
  /** onEmpty already re-checked the ring after enabling kicks (checklist pitfall 17). */
  rechecked = false;
  /**
   * ENABLE (or DESC) written since the last DISABLE: a kick that arrives around the re-check read
   * then costs one more ring read, not another device-area write (rtl/vq_engine.sv `armed`).
   */
  armed = false;
  // TX
  readonly tx: TxEntry[] = [];
  txSeq = 0;
  // RX
  readonly rxBufs: RingBuffer[] = [];
  readonly rxFrames: Uint8Array[] = [];
  rxEmpty = false;
  pumping = false;
  pumpAgain = false;
  // policy.scheduling "oneJob"
  /** Cycle the queue becomes a job candidate (a kick seen), or Infinity. */
  kickReady = Infinity;
  /** Arrival cycles of rxFrames (s_axis_rx), same order. */
  readonly rxFrameAt: number[] = [];
  /** TX/ctrl: DISABLE is written at the end of the chain, not when the buffer is found. */
  disablePending = false;
  /** Control, oneJob: the buffer whose ack went out at its first device-writable element (onFirstWritable). */
  ctrlAcked: RingBuffer | null = null;
  /**
   * RX, ring found empty after the re-check: the cycle the engine decides to drop the frame (-1:
   * none pending). A kick that reaches the engine by then makes it look once more instead
   * (rtl/vq_engine.sv S_NOTAVAIL reads `rechecked`); a later one only ends "known empty".
   */
  rxDecideAt = -1;
  rxKickLate = false;
  constructor(
    readonly kind: 'rx' | 'tx' | 'ctrl',
    readonly pair: number,
    readonly ring: PackedVirtqueue,
    /** policy.scheduling "oneJob": the queue's own view of the DMA engine (null otherwise). */
    readonly jobDma: JobDma | null,
  ) {}
}

export class VirtioNetModel implements RingConsumer {
  readonly fn: VirtioNetFunction;
  readonly dma: DmaEngine;
  readonly profile: TimingProfile;
  readonly stats: NetStats;
  private readonly opts: Required<Omit<NetModelOptions, 'params' | 'virtio' | 'profile' | 'datapath' | 'onRegEvent'>>;
  private readonly datapath: boolean;
  private readonly onRegEvent: ((e: RegEvent) => void) | undefined;
  private readonly params: FunctionParams;

  private now = 0;
  private lastWriteCycle = 0;
  /** The current job's engine writes: issue cycle, and the cycle the write engine is done with it. */
  private jobWrites: { issue: number; end: number; send: number }[] = [];
  /** The engine write each stamped MWr of a job belongs to. */
  private readonly writeSpan = new WeakMap<OutputEvent, { issue: number; end: number; send: number }>();
  private readonly dmaCfg: { -readonly [K in keyof DmaConfig]: DmaConfig[K] } = { busMasterEnable: false, maxPayloadSize: 128, maxReadRequestSize: 512, requesterId: 0 };
  /** Pushed inputs, sorted by cycle: entries inputHead .. inputCount-1 are waiting; the rest are spares. */
  private readonly inputs: Input[] = [];
  private inputHead = 0;
  private inputCount = 0;
  /** Per channel, indexed as CHANNELS (tie order): events stamped and not yet returned. */
  private readonly out: OutQueue[] = CHANNELS.map(() => new OutQueue());
  private readonly clocks: ChannelClock[] = CHANNELS.map(() => new ChannelClock());
  private readonly requestPort = new RequestPort();
  private lastRequestCycle = 0;

  private queues: (QueueCtx | undefined)[] = [];
  private ctrl: NetCtrlState;
  private ctrlFeatures: NetCtrlFeatures = { ctrlRx: false, ctrlMacAddr: false, mq: false, guestAnnounce: false };
  private readonly steering = new RxSteering();
  private mrgRxbuf = false;
  private csum = false;
  private live = false;

  // policy.scheduling "oneJob" (jobs.ts): one engine, one job at a time, round-robin.
  private readonly oneJob: boolean;
  private readonly timer: EngineTimer | null;
  /** The last frame stamped on m_axis_tx and its queue (queueResetFrames). */
  private lastTxFrame: OutputEvent | null = null;
  private lastTxFrameQueue = -1;
  private readonly jc: JobClock | null;
  private job: QueueCtx | null = null;
  /** Cycle the engine is idle again after the last job. */
  private idleAt = 0;
  /** The scheduler looks again at this cycle (advanceTo), or Infinity. */
  private wakeAt = Infinity;
  /**
   * A used buffer notification the engine decided from the driver event area it read: the cycle of
   * the decision (the function's ISR bit / Pending Bit changes then, as in rtl/vq_engine.sv, not
   * when the model handles the read's completion), or null outside that decision.
   */
  private irqDecision: number | null = null;
  /** Notifications decided for a later cycle: queue, decision cycle, and the output cycles then. */
  private deferredIrq: { queue: number; at: number; msixAt: number | null; intxAt: number | null }[] = [];
  private irqDue = Infinity;
  /** oneJob: a queue reset ended the job; the engine waits for its reads in flight before the next one. */
  private draining = false;
  private rrLast = -1;
  private emptyQ: QueueCtx | null = null;
  private emptyDecision = 0;
  /** The receive FIFO takes the next frame's first beat from this cycle (one frame buffered). */
  private rxFifoFree = 0;
  /** Issue cycle of the engine request being made (JobDma hooks). */
  private issueAt = 0;
  private wrKind: WriteKind = 'data';
  private wrOffWrap = false;
  private wrDisable = false;
  private wrFlagsFirst = false;
  private lastIdLenSlot = -1;
  private txDataAt = 0;
  /** TX job: data bytes consumed so far, and the cycle the first m_axis_tx beat is ready (-1: not yet known). */
  private txPos = 0;
  private txBeatAt = -1;
  private msixAt: number | null = null;
  /** MSI-X messages the function sent while Bus Master Enable was clear, in order. */
  private readonly heldMsix: Tlp[] = [];
  /** Device reset: the request port takes nothing before this cycle (stopWritesOnReset). */
  private resetHold = -1;
  /** Engine write TLPs stamped: first and last beat (the write engine fills a beat a lane per cycle), for a device reset's drain. */
  private writeTlps: { first: number; send: number }[] = [];
  private intxAt: number | null = null;
  private notified = false;
  private readonly jobOwner: JobDmaOwner = {
    beforeRead: (kind) => this.beforeRead(kind),
    afterRead: () => this.afterRead(),
    readDone: (kind, len, data) => this.readDone(kind, len, data),
    readHandled: (kind) => this.readHandled(kind),
    beforeWrite: (kind, addr, len, lo16) => this.beforeWrite(kind, addr, len, lo16),
    afterWrite: () => this.afterWrite(),
  };

  constructor(opts: NetModelOptions = {}) {
    this.params = opts.params ?? DEFAULT_PARAMS;
    this.profile = opts.profile ?? REFERENCE_RTL_PROFILE;
    this.oneJob = this.profile.policy.scheduling === 'oneJob' && this.profile.engine !== undefined;
    this.opts = { txInFlight: opts.txInFlight ?? this.profile.policy.prefetch + 1, rxBacklog: opts.rxBacklog ?? (this.oneJob ? Infinity : 64), completionTimeoutCycles: opts.completionTimeoutCycles ?? COMPLETION_TIMEOUT_CYCLES };
    this.datapath = opts.datapath ?? true;
    this.onRegEvent = opts.onRegEvent;
    this.timer = this.oneJob ? new EngineTimer(this.profile) : null;
    this.jc = this.timer ? new JobClock(this.timer) : null;
    this.rrLast = 2 * this.params.numQueuePairs; // the control queue: receiveq1 comes first
    this.fn = new VirtioNetFunction(this.params, opts.virtio ?? {});
    const fn = this.fn;
    // The DMA engine reads these per TLP; they only change on a config write or a reset, so they
    // are snapshotted then (refreshDmaConfig) instead of looked up in config space every time.
    const dmaCfg = this.dmaCfg;
    this.dma = new DmaEngine(dmaCfg, {
      tagCount: this.params.tagCount,
      completionTimeoutCycles: this.opts.completionTimeoutCycles,
      onFault: (f) => this.onDmaFault(f),
    });
    this.refreshDmaConfig();
    this.ctrl = initialCtrlState(fn.virtio.mac, this.params.numQueuePairs);
    this.stats = {
      txFrames: 0, txBytes: 0, txErrors: 0, rxFrames: 0, rxBytes: 0,
      rxDropped: { no_buffer: 0, too_big: 0, filtered: 0, not_ready: 0, runt: 0 },
      ctrlCommands: 0, ctrlErrors: 0, buffers: 0, queueInterrupts: 0, configInterrupts: 0, needsResetReason: null,
    };
  }

  // ---- the co-simulation API ----------------------------------------------------------------

  pushRequest(tlp: Tlp, cycle: number): void {
    // rx_req takes one request at a time (timing/stamp.ts RequestPort): a burst of posted writes
    // queues up; a write that completes (CfgWr0) answers after its payload was taken.
    const wr = tlp.kind === 'MWr' || tlp.kind === 'CfgWr0' || tlp.kind === 'MsgD';
    const dws = Math.max(1, 'length' in tlp ? tlp.length : 1);
    // An MRd refused (UR outside the BARs, CA over Max_Payload_Size) is answered by a Cpl without
    // data: no completion DWs to make (the reference RTL takes the next request at once).
    const cplDw = wr || (tlp.kind === 'MRd' && !this.fn.readCompletesWithData(tlp)) ? 0 : dws;
    // Posted requests (MWr, Msg, MsgD: PCIe r6.0 §2.4.1) get no completion; a completion on
    // rx_req is no request: nothing answers it either (function.ts handleRequest).
    const completes = tlp.kind === 'MRd' || tlp.kind === 'CfgRd0' || tlp.kind === 'CfgWr0';
    const shape = { payloadDw: wr ? dws : 0, completes, completionDw: completes ? cplDw : 0, discarded: tlp.kind === 'Msg' || tlp.kind === 'MsgD' };
    const t = requestTiming(this.profile, shape);
    const taken = this.requestPort.take(this.inputCycle(cycle), t.busy);
    this.lastRequestCycle = taken;
    this.push(IN_REQ, taken, tlp, t.cpl, null, false);
  }
  pushCompletion(tlp: Tlp, cycle: number): void {
    this.push(IN_CPL, this.inputCycle(cycle), tlp, 0, null, false);
  }
  pushFrame(bytes: Uint8Array, cycle: number): void {
    // A frame pushed after a request is not handled before it (the host's kick of freshly posted
    // RX buffers stays ahead of the frame it made room for, whatever the request port's backlog).
    this.push(IN_FRAME, Math.max(this.inputCycle(cycle), this.lastRequestCycle), null, 0, bytes, false);
  }
  /** Link status change (VIRTIO_NET_S_LINK_UP, §5.1.4): config change interrupt when STATUS is offered. */
  setLinkUp(up: boolean, cycle: number): void {
    this.push(IN_LINK, this.inputCycle(cycle), null, 0, null, up);
  }

  /** Turn function side effects made from outside (the spec-level checker) into outputs now. */
  flushFunction(): void {
    this.collectFunction();
  }

  /** Handle everything due by `cycle`; return every output stamped at or before it, in cycle order. */
  advanceTo(cycle: number): OutputEvent[] {
    if (!(cycle >= this.now)) throw new NetError('cycle', cycle, `is before the model's current cycle ${this.now}`);
    for (;;) {
      const nextIn = this.inputHead < this.inputCount ? this.inputs[this.inputHead].cycle : Infinity;
      const nextDma = this.dma.nextEventCycle();
      const next = Math.min(nextIn, nextDma, this.wakeAt, this.irqDue);
      if (next > cycle) break;
      this.setNow(next);
      // A register access in the decision's cycle sees the state before it (inputs first).
      if (this.irqDue <= next && this.irqDue < nextIn) this.raiseDue();
      else if (this.wakeAt <= next && this.wakeAt < nextIn) {
        this.wakeAt = Infinity;
        this.rxDecide();
        this.schedule();
      } else if (nextIn <= nextDma) this.handleInput(this.inputs[this.inputHead++]);
      if (this.draining) this.schedule();
      this.collect();
    }
    if (this.inputHead === this.inputCount) {
      this.inputHead = 0;
      this.inputCount = 0;
    } else if (this.inputHead > 1024 && this.inputHead * 2 > this.inputCount) {
      // Inputs never ran dry for long: move the handled objects behind the waiting ones as spares.
      const handled = this.inputs.splice(0, this.inputHead);
      for (const o of handled) this.inputs.push(o);
      this.inputCount -= this.inputHead;
      this.inputHead = 0;
    }
    this.setNow(cycle);
    this.collect();
    return this.emit(cycle);
  }

  /** The cycle the model has reached. */
  get cycle(): number {
    return this.now;
  }

  /**
   * Earliest cycle at which advanceTo would return something or act on its own (a held output,
   * a pushed input, a DMA timeout), or Infinity. Lets a harness skip idle cycles.
   */
  nextEventCycle(): number {
    let n = this.inputHead < this.inputCount ? this.inputs[this.inputHead].cycle : Infinity;
    const d = this.dma.nextEventCycle();
    if (d < n) n = d;
    if (this.wakeAt < n) n = this.wakeAt;
    if (this.irqDue < n) n = this.irqDue;
    for (let c = 0; c < NUM_CHANNELS; c++) {
      const oc = this.out[c].peekCycle();
      if (oc < n) n = oc;
    }
    return n;
  }

  /**
   * Like nextEventCycle(), but of the held outputs only those a host must answer count: requests
   * on tx_rd_req and completions on tx_cpl. A host that answers nothing else (posted writes,
   * frames and INTx only need to be taken in order) can advance straight to this cycle: the
   * outputs held before it come out of the same advanceTo, in cycle order, at their own cycles.
   * Infinity when only such outputs are left (then step through them with nextEventCycle()).
   */
  nextAnswerCycle(): number {
    let n = this.inputHead < this.inputCount ? this.inputs[this.inputHead].cycle : Infinity;
    const d = this.dma.nextEventCycle();
    if (d < n) n = d;
    if (this.wakeAt < n) n = this.wakeAt;
    if (this.irqDue < n) n = this.irqDue;
    const rd = this.out[CH_TX_RD_REQ].peekCycle();
    if (rd < n) n = rd;
    const cpl = this.out[CH_TX_CPL].peekCycle();
    return cpl < n ? cpl : n;
  }

  /** Device-side ring positions and wrap counters of queue `index` (§2.8.1), for cross-checks. */
  ringState(index: number): { nextAvail: number; availWrap: number; nextUsed: number; usedWrap: number } | undefined {
    const r = this.queues[index]?.ring;
    return r && { nextAvail: r.nextAvail, availWrap: r.availWrapCounter, nextUsed: r.nextUsed, usedWrap: r.usedWrapCounter };
  }

  /** Anything still to do without new input (outputs held back, timers). */
  get pendingOutputs(): number {
    let n = 0;
    for (let c = 0; c < NUM_CHANNELS; c++) n += this.out[c].size;
    return n;
  }

  // ---- inputs -------------------------------------------------------------------------------

  /** The cycle an input pushed for `cycle` is handled at: never before the model's current cycle. */
  private inputCycle(cycle: number): number {
    if (!Number.isFinite(cycle) || cycle < 0) throw new NetError('cycle', cycle, 'is not a non-negative number');
    return cycle > this.now ? cycle : this.now;
  }

  private push(kind: number, at: number, tlp: Tlp | null, cplAfter: number, bytes: Uint8Array | null, up: boolean): void {
    // Keep inputs sorted by cycle (ties in push order); pushes in cycle order (the normal case)
    // refill the next spare object, an out-of-order one is a new object spliced in.
    const inputs = this.inputs;
    let k = this.inputCount;
    let item: Input;
    if (k === this.inputHead || inputs[k - 1].cycle <= at) {
      if (k === inputs.length) inputs.push(new Input());
      item = inputs[k];
    } else {
      while (k > this.inputHead && inputs[k - 1].cycle > at) k--;
      item = new Input();
      inputs.splice(k, 0, item);
    }
    this.inputCount++;
    item.kind = kind;
    item.cycle = at;
    item.tlp = tlp;
    item.cplAfter = cplAfter;
    item.bytes = bytes;
    item.up = up;
  }

  private refreshDmaConfig(): void {
    const c = this.fn.config;
    this.dmaCfg.busMasterEnable = c.busMasterEnabled;
    this.dmaCfg.maxPayloadSize = c.maxPayloadSizeBytes;
    this.dmaCfg.maxReadRequestSize = c.maxReadRequestSizeBytes;
    this.dmaCfg.requesterId = this.fn.requesterId;
  }

  private setNow(c: number): void {
    if (c > this.now) this.now = c;
    this.dma.advanceTo(this.now);
  }

  private handleInput(i: Input): void {
    // Take the payload out: the object is refilled by later pushes, and must not keep it alive.
    const tlp = i.tlp!;
    const bytes = i.bytes!;
    const cplAfter = i.cplAfter;
    i.tlp = null;
    i.bytes = null;
    switch (i.kind) {
      case IN_REQ: {
        if (this.now < this.resetHold) {
          // rx_req is held while a device reset drains the write engine: taken when it is idle.
          this.requestPort.take(this.resetHold, 0);
          this.push(IN_REQ, this.resetHold, tlp, cplAfter, null, false);
          return;
        }
        const cplTlp = this.fn.handleRequest(tlp);
        if (tlp.kind === 'CfgWr0') this.refreshDmaConfig();
        // Register side effects first (a notify may start DMA), then the completion.
        this.collectFunction();
        if (cplTlp) {
          this.stampTlp(CH_TX_CPL, this.now + cplAfter + (cplTlp.kind === 'CplD' ? firstBeatWait(this.profile, cplTlp.length) : 0), tlpBeats(this.profile, cplTlp.kind === 'CplD' ? cplTlp.length : 0), cplTlp);
          if (cplTlp.kind === 'CplD' && tlp.kind === 'MRd') this.markPbaRace(tlp, cplTlp);
        }
        if (this.dmaCfg.busMasterEnable && this.heldMsix.length > 0) {
          // Messages held while Bus Master Enable was clear go after the CfgWr0's completion.
          const at = Math.max(this.now + this.profile.latency.msixAfterUsedWrite, this.clocks[CH_TX_CPL].nextFree);
          for (const m of this.heldMsix.splice(0)) this.stampTlp(CH_TX_WR_REQ, at, 1, m);
          this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
        }
        return;
      }
      case IN_CPL:
        this.timer?.completion(this.now, tlp.kind === 'CplD' ? tlp.length : 0);
        this.dma.onCompletion(tlp, this.now);
        return;
      case IN_FRAME:
        this.receiveFrame(bytes);
        return;
      case IN_LINK:
        this.fn.deliverConfigChange(this.fn.virtio.setLinkUp(i.up));
        return;
    }
  }

  // ---- outputs ------------------------------------------------------------------------------

  // One stamp function per payload kind, so each OutputEvent is one literal of a fixed shape.
  private stampTlp(ch: number, ready: number, beats: number, tlp: Tlp): void {
    const cycle = this.clocks[ch].stamp(ready, beats);
    this.out[ch].push({ cycle, channel: CHANNELS[ch], tlp });
  }

  private stampFrame(ready: number, beats: number, frame: Uint8Array, queue: number): void {
    const cycle = this.clocks[CH_M_AXIS_TX].stamp(ready, beats);
    const ev: OutputEvent = { cycle, channel: 'm_axis_tx', frame };
    // Cut-through: the first beat may lie before now (the frame was still being read): released now.
    this.out[CH_M_AXIS_TX].push(ev, this.now);
    this.lastTxFrame = ev;
    this.lastTxFrameQueue = queue;
  }

  /**
   * A queue reset while the queue's last frame may still stream (virtio §2.6.1: the device stops
   * using the queue; the spec does not say whether a frame already leaving finishes). A frame
   * whose first beat is still ahead is withdrawn (a design that had begun it ends it aborted,
   * which the comparison does not count as a frame); one already begun may end whole or aborted
   * (`mayAbort`). Only matters while the DUT has not sent its last beat: a frame already
   * compared is not looked at again.
   */
  private queueResetFrames(queue: number): void {
    const ev = this.lastTxFrame;
    if (!ev || this.lastTxFrameQueue !== queue) return;
    this.lastTxFrame = null;
    if (ev.cycle > this.now && this.withdraw(CH_M_AXIS_TX, (x) => x === ev) > 0) return;
    ev.mayAbort = true;
  }

  private stampLevel(ready: number, level: boolean): void {
    const cycle = this.clocks[CH_INTX].stamp(ready, 1);
    this.out[CH_INTX].push({ cycle, channel: 'intx', level });
  }

  private collectDma(): void {
    const L = this.profile.latency;
    const dma = this.dma;
    const n = dma.pendingTlps;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const tlp = dma.tlpAt(i);
      const issued = dma.cycleAt(i);
      if (dma.isReadAt(i)) {
        // PCIe r6.0 §2.4.1: a read request must not pass a posted write issued before it. The
        // ring relies on this for its barriers (publish used -> read driver area; enable kicks
        // -> re-check the ring; checklist §4.9), so a read leaves no earlier than the last write.
        this.stampTlp(CH_TX_RD_REQ, Math.max(issued + L.dmaReadIssue, this.lastWriteCycle), 1, tlp);
      } else {
        this.stampTlp(CH_TX_WR_REQ, issued + L.usedWrite, tlpBeats(this.profile, tlp.length), tlp);
        this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
      }
    }
    dma.clearTlps();
  }

  /**
   * A message the function sends on its own (a Pending Bit released by an unmask, PCIe r6.0
   * §6.1.4.3) while the job has writes stamped for later: the write engine takes it at the first
   * cycle from `ready` it is idle (rtl/dma_wr.sv: a message before a client write), between the
   * job's engine writes, not behind all of them. False when it goes after them anyway.
   */
  private msixBetweenWrites(ready: number, tlp: Tlp): boolean {
    const ch = this.clocks[CH_TX_WR_REQ];
    if (ready >= ch.nextFree || this.jobWrites.length === 0) return false;
    let c = ready;
    for (const w of this.jobWrites) if (c > w.issue && c <= w.send + 1) c = w.send + this.timer!.s.msixAfterWrite;
    if (c >= ch.nextFree) return false;
    const q = this.out[CH_TX_WR_REQ];
    // Only between writes of the job's own (another message waiting later keeps the order).
    let alone = true;
    q.forEach((ev) => {
      if (ev.cycle >= c && !this.writeSpan.has(ev)) alone = false;
    });
    if (!alone) return false;
    q.insert({ cycle: c, channel: 'tx_wr_req', tlp });
    return true;
  }

  /**
   * A vector (or the function) was masked: a message of it not yet on the bus goes back to its
   * Pending Bit (PCIe r6.0 §6.1.4.3; docs/dut-interface.md "MSI-X"). One whose first beat is stamped
   * within maskToMsixWithdraw of the request (the write engine took it before the mask reached the
   * table, rtl/msix_table.sv) goes out; one held while Bus Master Enable is clear is withdrawn.
   */
  private withdrawMaskedMsix(): void {
    if (this.heldMsix.length > 0) {
      const keep = this.heldMsix.filter((m) => !this.fn.withdrawMsix(m));
      this.heldMsix.length = 0;
      this.heldMsix.push(...keep);
    }
    const cut = this.now + (this.timer?.s.maskToMsixWithdraw ?? ENGINE_STEP_DEFAULTS.maskToMsixWithdraw!);
    if (this.withdraw(CH_TX_WR_REQ, (ev) => ev.cycle > cut && ev.tlp !== undefined && this.fn.withdrawMsix(ev.tlp)) > 0) {
      this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
    }
  }

  /**
   * A PBA read (PCIe r6.0 §7.7.2.9) while a message is decided but not yet on the bus: its vector's
   * Pending Bit may read 1 (`OutputEvent.raceBits`). Such a message is one stamped after now, or a
   * decision due within PBA_RACE_DECISION cycles (deferred: the function has not fired it yet).
   */
  private markPbaRace(req: Tlp, cpl: Tlp): void {
    if (!this.fn.config.msixEnabled) return;
    const vectors = new Set<number>();
    this.out[CH_TX_WR_REQ].forEach((ev) => {
      if (ev.cycle > this.now && ev.tlp) {
        const v = this.fn.msixVectorOf(ev.tlp);
        if (v !== undefined) vectors.add(v);
      }
    });
    for (const d of this.deferredIrq) {
      const v = this.fn.virtio.queue(d.queue)?.msixVector;
      if (d.at <= this.now + PBA_RACE_DECISION && v !== undefined) vectors.add(v);
    }
    if (vectors.size === 0) return;
    const bits = this.fn.pbaBitsIn(req, cpl.length * 4, vectors);
    if (bits) this.out[CH_TX_CPL].last()!.raceBits = bits;
  }

  private collectFunction(): void {
    const L = this.profile.latency;
    for (;;) {
      if (!this.fn.hasEvents) return;
      const evs = this.fn.drainEvents();
      if (evs.length === 0) return;
      for (const e of evs) {
        if (e.kind === 'tlp') {
          // An MSI-X message is a memory write: none while Bus Master Enable is clear (PCIe r6.0
          // §7.5.1.1.3); it waits until the bit is set again (rtl/dma_wr.sv msix_wr_ready).
          if (!this.dmaCfg.busMasterEnable) {
            this.heldMsix.push(e.tlp);
            continue;
          }
          this.collectDma(); // MSI-X is ordered behind the writes it announces (dut-interface.md)
          if (this.msixAt === null && this.msixBetweenWrites(this.now + L.msixAfterUsedWrite, e.tlp)) continue;
          this.stampTlp(CH_TX_WR_REQ, this.msixAt ?? this.now + L.msixAfterUsedWrite, 1, e.tlp);
          this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
        } else if (e.kind === 'intx') this.stampLevel(this.intxAt ?? this.now + L.intxAssert, e.level);
        else if (e.kind === 'virtio') this.onVirtioEvent(e.event);
        else if (e.kind === 'needsReset') this.stats.needsResetReason ??= e.reason;
        else if (e.kind === 'msixMasked') this.withdrawMaskedMsix();
      }
    }
  }

  private collect(): void {
    this.collectDma();
    this.collectFunction();
    this.collectDma();
  }

  /** Merge the channels' queues up to `upTo`: by cycle, ties in CHANNELS order. */
  private emit(upTo: number): OutputEvent[] {
    const res: OutputEvent[] = [];
    const out = this.out;
    const head = this.heads;
    let due = 0;
    for (let c = 0; c < NUM_CHANNELS; c++) {
      const oc = out[c].peekCycle();
      head[c] = oc;
      if (oc <= upTo) due++;
    }
    if (due === 0) return res;
    if (due === 1) {
      // One channel has due events (the usual case): take its run, no merging needed.
      let c = 0;
      while (head[c] > upTo) c++;
      const q = out[c];
      do res.push(q.take());
      while (q.peekCycle() <= upTo);
      return res;
    }
    for (;;) {
      let best = -1;
      let bestCycle = Infinity;
      for (let c = 0; c < NUM_CHANNELS; c++) {
        const oc = head[c];
        if (oc < bestCycle && oc <= upTo) {
          best = c;
          bestCycle = oc;
        }
      }
      if (best < 0) break;
      res.push(out[best].take());
      head[best] = out[best].peekCycle();
    }
    return res;
  }
  /** emit()'s scratch: the cycle at the head of each channel's queue. */
  private readonly heads = new Float64Array(NUM_CHANNELS);

  // ---- virtio register side effects ------------------------------------------------------

  private onVirtioEvent(e: RegEvent): void {
    this.onRegEvent?.(e);
    if (!this.datapath && (e.kind === 'queueEnable' || e.kind === 'driverOk' || e.kind === 'notify')) return;
    switch (e.kind) {
      case 'reset':
        // The reset reaches the engine kickToCandidate cycles after the write, like a notify: a
        // job the engine picks before that is picked (round-robin moves on), then dropped.
        if (this.oneJob && this.job === null && this.wakeAt <= this.now + this.timer!.s.kickToCandidate) this.schedule(this.wakeAt);
        this.queueResetFrames(this.lastTxFrameQueue); // §2.4: every queue stops, as a queue reset
        const busy = this.job !== null;
        const holds = this.holdsFrames();
        if (holds) this.holdWaitingFrames();
        for (const q of this.queues) {
          if (!q) continue;
          this.stopQueueDma(q);
          q.ring.reset();
        }
        this.stopWritesOnReset();
        this.queues = [];
        if (!holds) {
          this.rxHeld = [];
          this.rxHeldAt = [];
        }
        this.lastJob = null;
        this.live = false;
        this.job = null;
        this.emptyQ = null;
        // The engine drains the job's reads in flight before it is idle again (rtl/vq_engine.sv
        // S_DRAIN); the held frames are dropped from there.
        this.draining = busy && holds;
        if (holds) this.idleAt = Math.max(this.idleAt, this.now + this.timer!.s.kickToCandidate + 1);
        this.wakeAt = Infinity;
        this.deferredIrq = [];
        this.heldMsix.length = 0;
        this.irqDue = Infinity;
        this.ctrl = initialCtrlState(this.fn.virtio.mac, this.params.numQueuePairs);
        this.steering.reset();
        // Round-robin afresh, as at power-on (receiveq1 first; rtl/vq_engine.sv rr_last on dev_reset).
        this.rrLast = 2 * this.params.numQueuePairs;
        this.schedule(); // the held frames' drops
        return;
      case 'featuresOk': {
        const f = e.features;
        this.mrgRxbuf = f.has(F.VIRTIO_NET_F_MRG_RXBUF);
        this.csum = f.has(F.VIRTIO_NET_F_CSUM);
        this.ctrlFeatures = {
          ctrlRx: f.has(F.VIRTIO_NET_F_CTRL_RX), ctrlMacAddr: f.has(F.VIRTIO_NET_F_CTRL_MAC_ADDR),
          mq: f.has(F.VIRTIO_NET_F_MQ), guestAnnounce: f.has(F.VIRTIO_NET_F_GUEST_ANNOUNCE),
        };
        return;
      }
      case 'queueEnable':
        this.enableQueue(e.config.index);
        return;
      case 'queueReset': {
        const c = this.queues[e.queue];
        if (!c) return;
        // The reset reaches the engine queueResetToEngine after the write: a job the idle engine
        // picks before that is picked (round-robin moves on), then dropped below.
        if (this.oneJob && this.job === null && this.wakeAt <= this.now + this.timer!.s.queueResetToEngine) this.schedule(this.wakeAt);
        this.queueResetFrames(e.queue);
        if (c.kind === 'rx' && this.oneJob && this.timer!.s.rxDropFirst !== 0) {
          // engine.rxDropFirst: its frames in the receive FIFO or upstream (not the job's own) are dropped from idle
          const from = this.job === c ? 1 : 0;
          for (let i = from; i < c.rxFrames.length; i++) {
            this.rxHeld.push(c.rxFrames[i]);
            this.rxHeldAt.push(c.rxFrameAt[i]);
          }
          // The job already ended for the model (its driver event read consumed) but the engine
          // is still in its tail (event copy, decision): the reset drains it (S_DRAIN, then idle),
          // and the frames above are dropped from there.
          const drained = this.now + this.timer!.s.queueResetToEngine + 1;
          if (this.job === null && this.lastJob === c && this.idleAt > drained) this.idleAt = drained;
        }
        this.stopQueueDma(c);
        c.ring.reset();
        this.queues[e.queue] = undefined;
        if (this.job === c) {
          // The engine drops the job and goes idle once its reads in flight are answered
          // (rtl/vq_engine.sv S_DRAIN); then the other queues are served again.
          this.withdrawJobWrites();
          this.job = null;
          this.draining = true;
          this.schedule();
        }
        return;
      }
      case 'badQueueAddress':
        this.needsReset(`badQueueAddress: queue ${e.queue} ${e.field} 0x${e.address.toString(16)}: ${e.reason}`);
        return;
      case 'driverOk':
        this.live = true;
        for (const q of this.queues) if (q && q.kind !== 'rx') this.kick(q);
        return;
      case 'notify': {
        const q = this.queues[e.queue];
        if (q && this.live) {
          if (e.data !== undefined && !q.ring.notify(e.data)) return;
          this.kick(q);
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * A reset queue is used no more (virtio §2.6.1; device reset §2.4): its MRds that are stamped
   * but not yet on the bus are withdrawn, its reads still waiting for a tag dropped, and the
   * answers of those already sent go nowhere. oneJob only (the other scheduling shares one view).
   */
  private stopQueueDma(c: QueueCtx): void {
    if (this.rxCtx === c) {
      // a write-pass re-read's answer goes nowhere (abandoned below): the frame's delivery ends here
      this.rereadIssue = -1;
      this.deliverDone();
    }
    const jd = c.jobDma;
    if (!jd) return;
    jd.abandon();
    const dma = this.dma;
    dma.dropPending(jd);
    // A read request the DMA read engine puts on the bus by the cycle after the reset reaches the
    // engine (queueResetToEngine after the write; rtl/dma_rd.sv sees the abort one cycle later)
    // goes out; its answers are dropped.
    const now = this.now;
    const sent = this.timer ? now + this.timer.s.queueResetToEngine + 1 : now;
    this.withdraw(CH_TX_RD_REQ, (ev) => {
      const t = ev.tlp;
      if (!t || ev.cycle <= sent || dma.clientOfTag(t.tag) !== jd) return false;
      dma.withdrawRead(t.tag);
      return true;
    });
  }

  /**
   * Removes the events of channel `ch` that `drop` picks; the channel is free again after the
   * events that stay (and not before now + 1), so what is stamped next does not wait for what
   * was withdrawn.
   */
  private withdraw(ch: number, drop: (ev: OutputEvent) => boolean): number {
    let end = this.now + 1;
    const removed = this.out[ch].removeWhere((ev) => {
      if (drop(ev)) return true;
      end = Math.max(end, ev.cycle + (ev.tlp ? tlpBeats(this.profile, ev.tlp.length) : 1));
      return false;
    });
    if (removed > 0) this.clocks[ch].rewind(end);
    return removed;
  }

  /**
   * A device reset stops the write engine (virtio 1.x §2.4; docs/dut-interface.md "Device reset"):
   * no write TLP or MSI-X message starts after `engine.resetWriteCut` cycles (rtl/dma_wr.sv abort),
   * the TLP under way finishes, and the request port takes nothing more until `engine.resetHoldPad`
   * after it has left (device_status reads 0 only then). A profile without an engine section
   * (perQueue) gets the reference RTL's values (ENGINE_STEP_DEFAULTS).
   */
  private stopWritesOnReset(): void {
    const s = this.timer?.s;
    const cut = this.now + (s ? s.resetWriteCut : ENGINE_STEP_DEFAULTS.resetWriteCut!);
    let last = -1;
    this.withdraw(CH_TX_WR_REQ, (ev) => ev.cycle > cut);
    for (const t of this.writeTlps) if (t.first <= cut && t.send > last) last = t.send;
    this.writeTlps = [];
    this.jobWrites = [];
    this.msixAt = null;
    this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
    if (last >= this.now) this.resetHold = last + (s ? s.resetHoldPad : ENGINE_STEP_DEFAULTS.resetHoldPad!);
  }

  /**
   * A queue reset during its job stops the job's writes (virtio §2.6.1: the reset queue is used
   * no more; rtl/vq_engine.sv S_DRAIN drops wr_req_valid and irq_valid): the writes and interrupt
   * stamped for later than the write engine could have taken them (usedWrite after now) are
   * withdrawn, the one already taken goes out; the channel is free after what stays.
   */
  private withdrawJobWrites(): void {
    const now = this.now;
    const s = this.timer!.s;
    // The reset reaches the engine queueResetToEngine after the write (as a notify does): a write
    // issued by then was taken by the write engine and goes out; the engine goes idle after it.
    const reach = now + s.queueResetToEngine;
    let drained = now + s.queueResetDrain;
    for (const w of this.jobWrites) if (w.issue <= reach) drained = Math.max(drained, w.end);
    this.idleAt = Math.max(this.idleAt, drained);
    const cut = now + this.profile.latency.usedWrite;
    if (this.withdraw(CH_TX_WR_REQ, (ev) => {
      const w = this.writeSpan.get(ev);
      return w ? w.issue > reach : ev.cycle > cut;
    }) === 0) return;
    this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
    this.msixAt = null;
    this.intxAt = null;
  }

  private enableQueue(index: number): void {
    const s = this.fn.virtio.queue(index);
    if (!s) return;
    const has = (b: number): boolean => this.fn.virtio.hasFeature(b);
    const nPairs = this.params.numQueuePairs;
    const kind = index < 2 * nPairs ? (index % 2 === 0 ? 'rx' : 'tx') : 'ctrl';
    const pol = this.profile.policy;
    const dma = this.oneJob ? new JobDma(this.dma, this.jobOwner, { desc: s.desc, size: s.size, driver: s.driver, device: s.device }) : this.dma;
    const ring = new PackedVirtqueue(dma, this, {
      queueIndex: index, queueSize: s.size, queueDesc: s.desc, queueDriver: s.driver, queueDevice: s.device,
      indirectPerEntry: pol.indirectRead === 'perEntry', dataReadChunk: pol.dataReadChunk,
      // RX buffers are device-writable: the reference RTL never reads their data (policy.chainWalk).
      chainWalk: kind === 'rx' ? 'descriptorsFirst' : pol.chainWalk,
      indirectDesc: has(F.VIRTIO_F_INDIRECT_DESC), eventIdx: has(F.VIRTIO_F_EVENT_IDX), inOrder: has(F.VIRTIO_F_IN_ORDER),
      notificationData: has(F.VIRTIO_F_NOTIFICATION_DATA),
      // A TX (or control) buffer longer than the header plus the largest frame this device sends is a driver error.
      ...(kind === 'rx' ? {} : { maxReadableBytes: MAX_READABLE_BYTES, overLimitReason: kind === 'tx' ? 'TxTooLong' as const : 'CtrlTooLong' as const }),
    });
    this.queues[index] = new QueueCtx(kind, index >> 1, ring, dma instanceof JobDma ? dma : null);
  }

  /**
   * DEVICE_NEEDS_RESET (virtio 1.x §2.1.2). `errorAt` (oneJob): the engine's error state, from
   * which the configuration change notification is timed (engine errorToConfigMsix / Intx).
   */
  private needsReset(reason: string, errorAt?: number): void {
    this.stats.needsResetReason ??= reason;
    const s = this.timer?.s;
    if (!s || errorAt === undefined) {
      this.fn.setNeedsReset(reason);
      return;
    }
    const msixAt = this.msixAt;
    const intxAt = this.intxAt;
    this.msixAt = errorAt + s.errorToConfigMsix;
    this.intxAt = errorAt + s.errorToConfigIntx;
    this.fn.setNeedsReset(reason);
    this.collectFunction();
    this.msixAt = msixAt;
    this.intxAt = intxAt;
  }

  private onDmaFault(f: DmaFault): void {
    // PCIe r6.0 §2.3.2: a completion that matches no outstanding request (Tag, Requester ID; or one
    // after its Completion Timeout) is an Unexpected Completion: the receiver discards it (it may
    // report it as an error; this device does not). The read engine still consumed its beats.
    if (f.kind === 'UnexpectedCompletion') return;
    const s = this.timer?.s;
    // A failed completion stops the engine once the read engine takes it (after the DWs of the
    // completions before it: rtl/dma_rd.sv holds rx_cpl meanwhile), not at its arrival.
    this.needsReset(`DmaFault ${f.kind}: ${f.detail}`, s && (f.kind === 'CompletionTimeout' ? this.now + s.timeoutToError : Math.max(this.now, this.timer!.lastCplTaken) + s.faultToError));
  }

  // ---- ring callbacks (RingConsumer) -------------------------------------------------------

  private ctx(q: PackedVirtqueue): QueueCtx | undefined {
    const c = this.queues[q.queueIndex];
    return c && c.ring === q ? c : undefined;
  }

  /** Available-buffer notification (or DRIVER_OK): start fetching if idle. */
  private kick(c: QueueCtx): void {
    c.rechecked = false;
    if (this.oneJob) {
      if (c.kind === 'rx' && c.rxDecideAt >= 0) {
        // The RX job waits for its empty-ring decision: a kick it sees makes it look once more.
        if (this.now + this.timer!.s.kickToCandidate <= c.rxDecideAt) {
          c.rxDecideAt = -1;
          c.rechecked = true;
          c.ring.pop();
        } else c.rxKickLate = true;
        return;
      }
      // The notification only marks the queue; the scheduler runs it in its turn.
      if (c.kind === 'rx') c.rxEmpty = false;
      else c.kickReady = Math.min(c.kickReady, this.now + this.timer!.s.kickToCandidate);
      this.schedule();
      return;
    }
    if (c.kind === 'rx') {
      c.rxEmpty = false;
      this.pumpRx(c);
    } else this.fetchMore(c);
  }

  private fetchMore(c: QueueCtx): void {
    if (this.oneJob) return; // the next chain is the scheduler's choice
    if (c.ring.stopped || c.ring.fetching) return;
    if (c.kind === 'tx' && c.tx.length >= this.opts.txInFlight) return;
    if (c.kind === 'ctrl' && c.tx.length > 0) return; // commands one at a time, in order
    c.ring.pop();
  }

  onBuffer(q: PackedVirtqueue, buf: RingBuffer): void {
    const c = this.ctx(q);
    if (!c) return;
    this.stats.buffers++;
    c.rechecked = false;
    if (c.notifyOn) {
      // We are polling the ring now. One job at a time: TX/ctrl write it at the end of the chain.
      if (this.oneJob && c.kind !== 'rx') c.disablePending = true;
      else q.setAvailNotify('disable');
      c.notifyOn = false;
      c.armed = false;
    }
    if (c.kind === 'rx') {
      c.rxBufs.push(buf);
      c.rxEmpty = false;
      this.pumpRx(c);
      return;
    }
    // A TX buffer is read whole, then checked (drainTx): one shorter than the header is a driver
    // error (transmit). A control buffer too short for class+command, or without a device-writable ack byte, is
    // completed with len 0.
    const bad = c.kind === 'ctrl' ? buf.readableBytes < 2 || buf.writableBytes < 1 : buf.readableBytes === 0;
    const e: TxEntry = { buf, seq: c.txSeq++, data: null, bad };
    c.tx.push(e);
    if (!bad) q.readData(buf, 0, buf.readableBytes, e.seq);
    this.drainTx(c);
    this.fetchMore(c);
  }

  onEmpty(q: PackedVirtqueue): void {
    const c = this.ctx(q);
    if (!c) return;
    const jl = this.jc?.last;
    if (jl?.k === 'desc') jl.found = false;
    if (!c.rechecked && c.armed) {
      // Kicks are already asked for (a kick came while re-checking): just look once more.
      c.rechecked = true;
      q.pop();
      return;
    }
    if (!c.rechecked) {
      // Ask for kicks, then look once more: the driver may have posted before it saw the enable.
      c.rechecked = true;
      c.notifyOn = true;
      c.armed = true;
      q.setAvailNotify(this.fn.virtio.hasFeature(F.VIRTIO_F_EVENT_IDX) ? 'desc' : 'enable');
      q.pop();
      return;
    }
    if (c.kind === 'rx' && this.oneJob && this.job === c) {
      // Decided at S_NOTAVAIL, later than this answer arrives: a kick may still come (rxDecide).
      c.rxDecideAt = this.notAvailEnd() - this.timer!.s.notAvailToIdle;
      c.rxKickLate = false;
      this.wakeAt = Math.min(this.wakeAt, c.rxDecideAt);
    } else if (c.kind === 'rx') {
      c.rxEmpty = true;
      this.pumpRx(c);
    } else if (this.oneJob && this.job === c) {
      // A kick seen before the empty-ring decision makes the engine look again at once (armed
      // re-check, no trip through idle): remember when that decision was taken.
      this.emptyQ = c;
      this.emptyDecision = this.notAvailEnd() - this.timer!.s.notAvailToIdle;
      this.endJob(this.notAvailEnd());
    }
  }

  onData(q: PackedVirtqueue, cookie: number, data: Uint8Array): void {
    const c = this.ctx(q);
    if (!c || c.tx.length === 0) return;
    const e = c.tx[cookie - c.tx[0].seq];
    if (!e) return;
    e.data = data;
    this.drainTx(c);
    this.fetchMore(c);
  }

  onUsedNotify(q: PackedVirtqueue): void {
    if (!this.ctx(q)) return;
    this.notified = true;
    this.stats.queueInterrupts++;
    this.collectDma();
    const at = this.irqDecision;
    if (at !== null && at > this.now) {
      // Decided later than the completion is handled: an ISR or PBA read, or a mask write, that
      // arrives before the decision sees the state before it.
      this.deferredIrq.push({ queue: q.queueIndex, at, msixAt: this.msixAt, intxAt: this.intxAt });
      if (at < this.irqDue) this.irqDue = at;
      return;
    }
    this.fn.raiseQueueInterrupt(q.queueIndex);
    this.collectFunction();
  }

  /** The notifications decided by now reach the function (ISR / Pending Bit / message). */
  private raiseDue(): void {
    const now = this.now;
    const keep: typeof this.deferredIrq = [];
    for (const d of this.deferredIrq) {
      if (d.at > now) {
        keep.push(d);
        continue;
      }
      if (!this.queues[d.queue]) continue; // reset meanwhile
      this.msixAt = d.msixAt;
      this.intxAt = d.intxAt;
      this.fn.raiseQueueInterrupt(d.queue);
      this.collectFunction();
      this.msixAt = null;
      this.intxAt = null;
    }
    this.deferredIrq = keep;
    this.irqDue = keep.reduce((m, d) => Math.min(m, d.at), Infinity);
  }

  onRingError(q: PackedVirtqueue, err: RingError): void {
    // oneJob: an illegal descriptor stops the engine the cycle after its check; a TX buffer found
    // shorter than the header at the chain end, the cycle after the chain-end write's issue.
    const jc = this.jc;
    const s = this.timer?.s;
    const l = jc?.last;
    const errorAt = !jc || !l || !s ? undefined
      : l.k === 'desc' ? jc.descChecked(l.at) + 1
        : l.k === 'wr' ? l.at + 1
          : this.now + s.faultToError;
    this.needsReset(`${err.reason}: ${err.message}`, errorAt);
  }

  // ---- TX and control --------------------------------------------------------------------

  /** Finish TX / ctrl buffers in ring order as their data arrives. */
  private drainTx(c: QueueCtx): void {
    while (c.tx.length > 0 && (c.tx[0].bad || c.tx[0].data !== null)) {
      const e = c.tx.shift()!;
      if (c.kind === 'ctrl') this.runCtrl(c, e);
      else this.transmit(c, e);
    }
  }

  /** oneJob: the DISABLE deferred from onBuffer, written at the end of the chain. */
  private chainEnd(c: QueueCtx): void {
    if (!c.disablePending) return;
    c.disablePending = false;
    c.ring.setAvailNotify('disable');
  }

  private transmit(c: QueueCtx, e: TxEntry): void {
    this.chainEnd(c);
    // §5.1.6.2: every TX buffer starts with the whole virtio_net_hdr. Fewer device-readable bytes
    // is a driver error: DEVICE_NEEDS_RESET, nothing sent (docs/dut-interface.md "Illegal rings
    // and faults"; rtl/vq_engine.sv reason 11).
    if (e.buf.readableBytes < VIRTIO_NET_HDR_LEN) {
      c.ring.reject('TxShorterThanHeader', `buffer id ${e.buf.id} has ${e.buf.readableBytes} device-readable bytes, the virtio_net_hdr alone is ${VIRTIO_NET_HDR_LEN}`);
      return;
    }
    if (e.bad || e.data === null) {
      this.stats.txErrors++;
      c.ring.complete(e.buf, 0);
      return;
    }

    const d = e.data;
    const frame = d.subarray(VIRTIO_NET_HDR_LEN);
    // §5.1.9.2: only with VIRTIO_NET_F_CSUM is NEEDS_CSUM honoured; other flag bits are ignored.
    if (this.csum && (d[0] & VIRTIO_NET_HDR_F.NEEDS_CSUM) !== 0) {
      try {
        applyTxChecksum(frame, d[6] | (d[7] << 8), d[8] | (d[9] << 8));
      } catch {
        this.stats.txErrors++;
        c.ring.complete(e.buf, 0);
        return;
      }
    }
    if (frame.length > 0) {
      this.steering.learnTx(frame, c.pair);
      this.stats.txFrames++;
      this.stats.txBytes += frame.length;
      const t = this.timer;
      // oneJob: the header, then one beat of frame bytes, pass the byte-serial packer first.
      const ready = t ? (this.txBeatAt >= 0 ? this.txBeatAt : this.txDataAt + t.bytes(VIRTIO_NET_HDR_LEN + this.profile.widths.axisDataBits / 8) + t.s.txFirstBeat)
        : this.now + this.profile.latency.txFrameStartAfterLastCompletion;
      this.stampFrame(ready, frameBeats(this.profile, frame.length), frame, c.ring.queueIndex);
    } else this.stats.txErrors++;
    c.ring.complete(e.buf, 0); // §5.1.9.2: TX used len 0, after the frame is out
  }

  private runCtrl(c: QueueCtx, e: TxEntry): void {
    this.stats.ctrlCommands++;
    if (e.bad || e.data === null) {
      this.stats.ctrlErrors++;
      this.chainEnd(c);
      c.ring.complete(e.buf, 0);
      this.fetchMore(c);
      return;
    }
    if (c.ctrlAcked === e.buf) c.ctrlAcked = null; // acked during the walk (onFirstWritable)
    else this.ctrlAck(c, e.buf, e.data);
    this.chainEnd(c);
    c.ring.complete(e.buf, 1);
    this.fetchMore(c);
  }

  /**
   * oneJob, chainWalk 'interleaved': the walk reached the control buffer's first device-writable
   * element. The request (every device-readable byte) is in: the command takes effect and its ack
   * goes out now, before the rest of the chain is walked (rtl/vq_engine.sv S_ELEM writes the ack
   * at the first writable element; a split of the writable part is legal, virtio §5.1.6.5 /
   * §2.7.4), with profile engine.ctrlAckFirst = 1. The chain end (DISABLE, used entry) stays with runCtrl.
   */
  onFirstWritable(q: PackedVirtqueue, buf: RingBuffer, readable: Uint8Array): void {
    const c = this.ctx(q);
    if (!c || c.kind !== 'ctrl' || !this.oneJob || buf.readableBytes < 2 || this.timer!.s.ctrlAckFirst === 0) return;
    c.ctrlAcked = buf;
    this.ctrlAck(c, buf, readable);
  }

  /** Execute one control command and write its ack in the first device-writable byte (§5.1.6.5). */
  private ctrlAck(c: QueueCtx, buf: RingBuffer, request: Uint8Array): void {
    const prevMac = this.ctrl.mac;
    const r = executeCtrl(request, this.ctrl, this.ctrlFeatures);
    if (r.ack !== 0) this.stats.ctrlErrors++;
    c.ring.writeData(buf, 0, Uint8Array.of(r.ack));
    // The effect is visible before the buffer is used (§5.1.9.5): mirror a new MAC into config.
    // oneJob: the command commits with its ack write (vq_engine S_ELEM ctl_commit); the
    // configuration change interrupt follows the ack on the bus, before the chain end.
    if (this.ctrl.mac !== prevMac) {
      const s = this.timer?.s;
      if (s) {
        const ackEnd = this.clocks[CH_TX_WR_REQ].nextFree;
        this.msixAt = ackEnd + s.ackToConfigMsix;
        this.intxAt = this.issueAt + s.ackIssueToConfigIntx; // issueAt: the ack write's
      }
      this.fn.deliverConfigChange(this.fn.virtio.setMac(this.ctrl.mac));
      if (s) {
        this.collectFunction();
        this.msixAt = null;
        this.intxAt = null;
      }
    }
  }

  // ---- RX --------------------------------------------------------------------------------

  private dropRx(why: RxDropReason): void {
    this.stats.rxDropped[why]++;
  }

  private receiveFrame(frame: Uint8Array): void {
    if (!this.datapath) return;
    if (this.fn.virtio.needsReset) return this.dropRx('not_ready');
    if (!this.live) {
      if (!this.holdsFrames()) return this.dropRx('not_ready');
      // Before DRIVER_OK the receive FIFO takes it and the idle engine drops it (virtio §5.1.6.4;
      // rtl/vq_engine.sv S_IDLE: !driver_ok -> S_RX_DROP), unless DRIVER_OK comes first.
      this.rxHeld.push(frame);
      this.rxHeldAt.push(this.now);
      this.schedule();
      return;
    }
    // oneJob: the filter runs when the frame's job starts (rxFilterJob, vq_engine S_RX_FILT), with
    // the filter state of that moment; a rejected frame still takes its turn.
    if (!this.oneJob) {
      const v = filterRxFrame(frame, this.ctrl);
      if (v !== 'accept') return this.dropRx(v);
    }
    const pair = this.steering.select(frame, this.ctrl.curQueuePairs);
    const c = this.queues[2 * pair];
    if (!c && this.oneJob && this.timer!.s.rxDropFirst !== 0) {
      // engine.rxDropFirst: the receive FIFO takes it, the engine drops it at its first idle cycle
      // (rtl/vq_engine.sv S_IDLE: queue_enable[0] clear -> S_RX_DROP).
      this.rxHeld.push(frame);
      this.rxHeldAt.push(this.now);
      this.schedule();
      return;
    }
    if (!c || c.ring.stopped) return this.dropRx('not_ready');
    if (c.rxFrames.length >= this.opts.rxBacklog) return this.dropRx('no_buffer');
    c.rxFrames.push(frame);
    if (this.oneJob) {
      c.rxFrameAt.push(this.now);
      this.schedule();
      return;
    }
    this.pumpRx(c);
  }

  /** The queue of the last round-robin job (its tail may outlast the model's job: rxDropFirst's queue reset). */
  private lastJob: QueueCtx | null = null;
  /** engine.rxDropFirst: frames received while their receive queue is not enabled, waiting in the receive FIFO for their drop (oldest first). */
  private rxHeld: Uint8Array[] = [];
  private rxHeldAt: number[] = [];
  /** oneJob: the frame the RX job is delivering, its arrival, and the cycle the engine releases it from the receive FIFO (Infinity until its driver event read is issued). */
  private rxJobFrame: Uint8Array | null = null;
  private rxJobFrameAt = 0;
  private rxJobReleaseAt = Infinity;

  /** engine.rxDropFirst under oneJob: frames wait in the receive FIFO while no job can take them, and the idle engine drops them one by one. */
  private holdsFrames(): boolean {
    return this.oneJob && this.timer!.s.rxDropFirst !== 0;
  }

  /**
   * A device reset leaves the receive FIFO as it is (virtio §2.4 resets the device's queues, not
   * the frames on the wire): the frames waiting for a receive queue are held, oldest first, behind
   * those already held, and dropped from idle until DRIVER_OK (releaseHeld then serves the rest).
   */
  private holdWaitingFrames(): void {
    const waiting: { frame: Uint8Array; at: number }[] = [];
    if (this.job?.kind === 'rx' && this.rxJobFrame && this.rxJobReleaseAt > this.now + this.timer!.s.kickToCandidate) {
      // The job's frame was not released yet (rtl/vq_engine.sv S_DRAIN keeps it): it is still at
      // the head of the FIFO, and its planned release never comes.
      waiting.push({ frame: this.rxJobFrame, at: this.rxJobFrameAt });
      this.rxFifoFree = Math.min(this.rxFifoFree, this.rxJobFrameAt);
    }
    this.rxJobFrame = null;
    for (const c of this.queues) {
      if (!c || c.kind !== 'rx') continue;
      for (let i = 0; i < c.rxFrames.length; i++) waiting.push({ frame: c.rxFrames[i], at: c.rxFrameAt[i] });
    }
    waiting.sort((a, b) => a.at - b.at);
    for (const w of waiting) {
      this.rxHeld.push(w.frame);
      this.rxHeldAt.push(w.at);
    }
  }

  /** Live again: held frames at the head of the FIFO whose receive queue is enabled are that queue's frames (oldest first). */
  private releaseHeld(): void {
    let k = 0;
    const to: QueueCtx[] = [];
    for (; k < this.rxHeld.length; k++) {
      const c = this.queues[2 * this.steering.select(this.rxHeld[k], this.ctrl.curQueuePairs)];
      if (!c || c.ring.stopped) break;
      to.push(c);
    }
    if (k === 0) return;
    const frames = this.rxHeld.splice(0, k);
    const ats = this.rxHeldAt.splice(0, k);
    for (let i = k - 1; i >= 0; i--) {
      to[i].rxFrames.unshift(frames[i]);
      to[i].rxFrameAt.unshift(ats[i]);
    }
  }

  /** Cycle the oldest held frame is in the receive FIFO (as readyAt), or Infinity. */
  private heldReadyAt(): number {
    if (this.rxHeld.length === 0) return Infinity;
    const beats = Math.ceil(this.rxHeld[0].length / (this.profile.widths.axisDataBits / 8));
    return Math.max(this.rxHeldAt[0], this.rxFifoFree) + beats + this.timer!.s.frameToCandidate;
  }

  private readonly caps: number[] = [];
  /** Header + frame images of received frames (util/slab.ts). */
  private readonly slab = new ByteSlab();

  private pumpRx(c: QueueCtx): void {
    if (c.pumping) {
      c.pumpAgain = true;
      return;
    }
    c.pumping = true;
    try {
      do {
        c.pumpAgain = false;
        this.pumpRxOnce(c);
      } while (c.pumpAgain);
    } finally {
      c.pumping = false;
    }
  }

  private pumpRxOnce(c: QueueCtx): void {
    const caps = this.caps;
    if (this.oneJob && this.job !== c) return; // frames wait for their job
    while (c.rxFrames.length > 0 && !c.ring.stopped) {
      const frame = c.rxFrames[0];
      caps.length = 0;
      for (const b of c.rxBufs) caps.push(b.writableBytes);
      const plan = planRxFill(frame.length, VIRTIO_NET_HDR_LEN, this.mrgRxbuf, caps);
      if (plan.ok) {
        if (this.oneJob) {
          this.rxJobFrame = frame;
          this.rxJobFrameAt = c.rxFrameAt[0];
          this.rxJobReleaseAt = Infinity;
        }
        this.shiftRxFrame(c);
        this.deliver(c, frame, plan.lens);
        if (this.oneJob) return; // the job ends after the driver event read
        continue;
      }
      if (plan.reason === 'too_big') {
        this.shiftRxFrame(c);
        this.stats.rxDropped.too_big++;
        if (this.oneJob) return this.rxDropEnd(c);
        continue;
      }
      // Not enough buffers in hand: fetch another, or drop once the ring is known empty.
      if (c.rxEmpty) {
        this.shiftRxFrame(c);
        this.stats.rxDropped.no_buffer++;
        if (this.oneJob) return this.rxDropEnd(c);
        continue;
      }
      if (!c.ring.fetching) c.ring.pop();
      return;
    }
  }

  // The frame being delivered, for writeRxEntry (flush's per-entry hook): kept in fields so the
  // hook is one function made once, not a closure per frame.
  private rxCtx: QueueCtx | null = null;
  private rxBytes: Uint8Array = new Uint8Array(0);
  private rxLens: number[] = [];
  private rxBufsTaken: RingBuffer[] = [];
  private rxOff = 0;
  // engine.rxDescCache: the write pass's walks (ring descriptors and indirect entries, in walk
  // order over the frame's buffers). rxWalk: walks of the entries done; rxEntry: the entry in
  // progress (-1 none), rxP its next walk to look at, rxE its next written element, rxTrail: the
  // walks after the frame's last byte are counted.
  private rxWalk = 0;
  private rxEntry = -1;
  private rxP = 0;
  private rxE = 0;
  private rxElemOff = 0;
  private rxTrail = false;
  /** A re-read on the bus: its issue cycle (the walk's cycle on the cached path), -1 none; the clock step and extra cycles before it. */
  private rereadIssue = -1;
  private readonly rereadStep = new EngineStep();
  private rereadExtra = 0;
  private readonly rereadClient: DmaReadClient = {
    dmaReadDone: () => this.rereadDone(),
    dmaReadFailed: (_cookie, fault) => this.rereadFailed(fault),
  };

  private readonly writeRxEntry = (i: number): boolean => {
    const len = this.rxLens[i];
    const off = this.rxOff;
    const b = this.rxBytes;
    const buf = this.rxBufsTaken[i];
    const jc = this.jc;
    // oneJob: the write pass walks the buffer's descriptors again (from the fit check's cache):
    // an indirect buffer's ring descriptor before its first entry, and the writable elements
    // left after the frame's last byte, cost cycles without a write.
    const s = this.timer?.s;
    const cache = s && this.profile.policy.usedWrite === 'perBuffer' ? s.rxDescCache : 0;
    if (!jc || !s || cache === 0) {
      if (jc && s && buf.indirect) jc.extra += s.tableFromCache;
      // MRG_RXBUF: a buffer with no device-writable bytes is used "completely" with len 0 (§5.1.6.4).
      if (len > 0) this.rxCtx!.ring.writeData(buf, 0, off === 0 && len === b.length ? b : b.subarray(off, off + len));
      if (jc && s) jc.extra += s.walkFromCache * (buf.elementCount - buf.readableCount - elementsWritten(buf, len));
      this.rxOff = off + len;
      return true;
    }
    // engine.rxDescCache: walks past the fit check's cache are read again, one 16-byte MRd each,
    // each waited for before the walk goes on (the device owns the descriptors until it marks
    // them used, virtio 1.x §2.8.6, §2.8.21: reading them again is legal). The flush pauses
    // (false) while a re-read is on the bus, and asks again when it was consumed.
    if (this.rxEntry !== i) {
      this.rxEntry = i;
      this.rxP = 0;
      this.rxE = 0;
      this.rxElemOff = 0;
      this.rxTrail = false;
      if (buf.indirect) jc.extra += s.tableFromCache;
    }
    const ind = buf.indirect ? 1 : 0;
    const base = ind + buf.readableCount;
    const written = elementsWritten(buf, len);
    while (this.rxE < written) {
      const pe = base + this.rxE;
      while (this.rxP <= pe) {
        const p = this.rxP++;
        // WALK -> DCHECK -> ELEM (the write); an indirect ring descriptor before: tableFromCache
        if (this.rxWalk + p >= cache) return this.reread(buf, p, jc.peekWrite('data') - (p < ind ? s.tableFromCache : 0) - 2);
      }
      const el = buf.readableCount + this.rxE++; // element index (walk index less the indirect ring descriptor)
      const from = this.rxElemOff;
      const to = Math.min(len, from + buf.elemLen[el]);
      this.rxCtx!.ring.writeData(buf, from, b.subarray(off + from, off + to));
      this.rxElemOff += buf.elemLen[el];
    }
    const walks = base + buf.elementCount - buf.readableCount;
    const trailing = walks - base - written;
    if (!this.rxTrail) {
      this.rxTrail = true;
      jc.extra += s.walkFromCache * trailing;
    }
    while (this.rxP < walks) {
      const p = this.rxP++;
      // each walk after the last byte: WALK, DCHECK, ELEM, EDONE (walkFromCache); then CEND, CEND2, USED
      const before = s.walkFromCache * (walks - Math.max(p, base)) + (p < ind ? s.tableFromCache : 0) + s.rxWriteToUsed - 1;
      if (this.rxWalk + p >= cache) return this.reread(buf, p, jc.peekWrite('idLen') - before);
    }
    this.rxWalk += walks;
    this.rxEntry = -1;
    this.rxOff = off + len;
    return true;
  };

  /** Issue the re-read of walk `p` of `buf` at `issue` (its cycle on the cached path); the flush waits for it. */
  private reread(buf: RingBuffer, p: number, issue: number): false {
    const c = this.rxCtx!;
    const ring = c.ring;
    const q = this.fn.virtio.queue(ring.queueIndex)!;
    const ind = buf.indirect ? 1 : 0;
    const addr = ind === 1 && p > 0 ? addAddress(buf.tableAddr, (p - 1) * 16) : addAddress(q.desc, ((buf.head + (ind === 1 ? 0 : p)) % q.size) * 16);
    const jc = this.jc!;
    this.rereadStep.copyFrom(jc.last);
    this.rereadExtra = jc.extra;
    this.rereadIssue = issue;
    c.jobDma!.readDescriptor(addr, this.rereadClient, 0);
    return false;
  }

  /** A re-read was consumed: it cost its 16-byte copy and the wait over the cached walk (WALK, DCHECK); the flush goes on. */
  private rereadDone(): void {
    const jc = this.jc!;
    const delta = jc.descChecked(jc.last.at) - (this.rereadIssue + 1);
    jc.last.copyFrom(this.rereadStep);
    jc.extra = this.rereadExtra + Math.max(0, delta);
    this.rereadIssue = -1;
    const ring = this.rxCtx!.ring;
    ring.resumeFlush();
    if (!ring.flushing) this.deliverDone();
  }

  /** A failed re-read (UR, CA, poisoned, timeout) stops the queue as a failed descriptor read does (DEVICE_NEEDS_RESET). */
  private rereadFailed(fault: DmaFault): void {
    this.rereadIssue = -1;
    this.jc!.last.event(this.now); // the error is timed from the failed completion (faultToError), not a ring step
    const ring = this.rxCtx!.ring;
    ring.reject('DmaFault', `descriptor re-read failed: ${fault.message}`);
    ring.resumeFlush();
    this.deliverDone();
  }

  private deliver(c: QueueCtx, frame: Uint8Array, lens: number[]): void {
    const n = lens.length;
    const bytes = this.slab.alloc(VIRTIO_NET_HDR_LEN + frame.length);
    encodeNetHdr(rxNetHdr(n), bytes, 0);
    bytes.set(frame, VIRTIO_NET_HDR_LEN);
    const bufs = c.rxBufs.splice(0, n);
    this.rxCtx = c;
    this.rxBytes = bytes;
    this.rxLens = lens;
    this.rxBufsTaken = bufs;
    this.rxOff = 0; // buffer i gets bytes from lens[0] + .. + lens[i-1] on (entries go in order)
    this.rxWalk = 0;
    this.rxEntry = -1;
    this.stats.rxFrames++;
    this.stats.rxBytes += frame.length;
    // Publish all n used entries together, the first one's flags last (ring.flush, §2.8.9).
    // policy.usedWrite "perBuffer": each buffer's data right before its id+len; else all data first.
    if (this.profile.policy.usedWrite === 'perBuffer') {
      for (let i = 0; i < n; i++) c.ring.fill(bufs[i], lens[i]);
      c.ring.flush(this.writeRxEntry);
      if (c.ring.flushing) return; // waiting for a descriptor re-read (engine.rxDescCache)
    } else {
      for (let i = 0; i < n; i++) this.writeRxEntry(i);
      for (let i = 0; i < n; i++) c.ring.fill(bufs[i], lens[i]);
      c.ring.flush();
    }
    this.deliverDone();
  }

  private deliverDone(): void {
    this.rxCtx = null;
    this.rxBufsTaken = [];
  }

  // ---- policy.scheduling "oneJob" ---------------------------------------------------------

  private shiftRxFrame(c: QueueCtx): void {
    c.rxFrames.shift();
    if (this.oneJob) c.rxFrameAt.shift();
  }

  /** Cycle queue `c` becomes a candidate for a job, or Infinity. */
  private readyAt(c: QueueCtx): number {
    if (c.ring.stopped) return Infinity;
    if (c.kind !== 'rx') return c.kickReady;
    if (c.rxFrames.length === 0 || this.rxHeld.length > 0) return Infinity; // behind the held frames in the FIFO
    // The receive FIFO holds one frame: its beats go in once the previous frame was released.
    const s = this.timer!.s;
    const beats = Math.ceil(c.rxFrames[0].length / (this.profile.widths.axisDataBits / 8));
    return Math.max(c.rxFrameAt[0], this.rxFifoFree) + beats + s.frameToCandidate;
  }

  /** Idle engine: start the next job, round-robin after the queue served last (rtl/dp_tb/README.md). */
  private schedule(horizon = this.now): void {
    if (!this.oneJob || this.job !== null || (!this.live && this.rxHeld.length === 0)) return;
    if (this.draining) {
      if (this.dma.busy) return; // called again as completions come in (advanceTo)
      this.draining = false;
      this.idleAt = Math.max(this.idleAt, this.now + 1);
    }
    if (this.live) this.releaseHeld();
    const n = this.queues.length;
    let first = this.heldReadyAt();
    if (this.live) for (const c of this.queues) if (c) first = Math.min(first, this.readyAt(c));
    if (first === Infinity) return;
    const at = Math.max(this.idleAt, first);
    if (at > horizon) {
      this.wakeAt = Math.min(this.wakeAt, at);
      return;
    }
    // A kick seen by the empty-ring decision keeps the engine on that queue (S_NOTAVAIL walks again
    // without going through idle, so no round-robin turn); otherwise round-robin.
    const eq = this.emptyQ;
    const stay = eq !== null && this.readyAt(eq) <= this.emptyDecision ? eq.ring.queueIndex : -1;
    // engine.rxDropFirst: a frame the known-empty receive ring cannot take is dropped first, outside
    // the round robin (rrLast stays) and before the RX filter (rtl/vq_engine.sv S_IDLE -> S_RX_DROP).
    if (stay < 0 && this.timer!.s.rxDropFirst !== 0) {
      if (this.heldReadyAt() <= at) {
        // a frame for a receive queue not enabled (queue_enable[0] clear): IDLE, RX_DROP, EVT
        this.rxHeld.shift();
        this.rxHeldAt.shift();
        this.dropRx('not_ready');
        this.jc!.last.pick(at, true);
        this.emptyQ = null;
        this.rxFifoFree = at + 1 + this.timer!.s.releaseToNextFrame;
        this.endJob(at + 3);
        return;
      }
      for (const c of this.queues) {
        if (!c || c.kind !== 'rx' || !c.rxEmpty || this.readyAt(c) > at) continue;
        this.job = c;
        this.jobWrites = [];
        this.jc!.last.pick(at, true);
        this.jc!.ctrl = false;
        this.emptyQ = null;
        this.notified = false;
        this.shiftRxFrame(c);
        this.stats.rxDropped.no_buffer++;
        this.rxDropEnd(c);
        return;
      }
    }
    for (let k = stay >= 0 ? 0 : 1; k <= n; k++) {
      const q = k === 0 ? stay : (this.rrLast + k) % n;
      const c = this.queues[q];
      if (!c || this.readyAt(c) > at) continue;
      this.rrLast = q;
      this.job = c;
      this.lastJob = c;
      this.rxJobFrame = null;
      this.jobWrites = [];
      // armed re-check: the kick was seen by the empty-ring decision, walk on from there
      const direct = c === this.emptyQ && this.readyAt(c) <= this.emptyDecision;
      this.jc!.last.pick(direct ? this.emptyDecision : at, c.kind === 'rx');
      this.jc!.ctrl = c.kind === 'ctrl';
      this.txPos = 0;
      this.txBeatAt = -1;
      this.emptyQ = null;
      this.notified = false;
      if (c.kind === 'rx') {
        if (!this.rxFilterJob(c)) this.pumpRx(c);
      } else {
        c.kickReady = Infinity;
        if (!c.ring.pop()) this.endJob(at + 1);
      }
      return;
    }
  }

  private endJob(idle: number): void {
    this.job = null;
    this.idleAt = Math.max(this.idleAt, idle);
    this.schedule();
  }

  /** Ring found empty after the re-check: the engine is idle again. */
  private notAvailEnd(): number {
    const jc = this.jc!;
    const s = this.timer!.s;
    return jc.descChecked(jc.last.at) + s.checkToNotAvail + s.notAvailToIdle;
  }

  /** A received frame's job starts with the RX filter (destination MAC, runt); false when it passes. */
  private rxFilterJob(c: QueueCtx): boolean {
    const v = filterRxFrame(c.rxFrames[0], this.ctrl);
    if (v === 'accept') return false;
    this.shiftRxFrame(c);
    this.dropRx(v);
    const drop = this.jc!.last.at + this.timer!.s.pickToRxFilterDrop;
    this.rxFifoFree = drop + this.timer!.s.releaseToNextFrame;
    this.endJob(drop + 2);
    return true;
  }

  /** The RX job's empty-ring decision is due and no kick came in time: drop the frame. */
  private rxDecide(): void {
    const c = this.job;
    if (!c || c.kind !== 'rx' || c.rxDecideAt < 0 || this.now < c.rxDecideAt) return;
    c.rxDecideAt = -1;
    this.shiftRxFrame(c);
    this.stats.rxDropped.no_buffer++;
    // Ring known empty until the next kick (one that came after the decision already counts),
    // only when the job found no buffer at all: buffers it found but could not fill are still
    // available, and a later, smaller frame uses them (docs/dut-interface.md "Illegal rings and faults").
    c.rxEmpty = !c.rxKickLate && c.rxBufs.length === 0;
    c.rxKickLate = false;
    this.rxDropEnd(c);
  }

  /**
   * A received frame dropped by its job (no buffer, too big): release it, back to idle. The
   * buffers the job looked at stay available and go back to the ring: the next job walks them
   * again from the first (rtl/vq_engine.sv restarts every RX job at avail_idx).
   */
  private rxDropEnd(c: QueueCtx): void {
    c.ring.unpop(c.rxBufs);
    c.rxBufs.length = 0;
    const jc = this.jc!;
    const s = this.timer!.s;
    const drop = (jc.last.k === 'desc' ? jc.descChecked(jc.last.at) + s.checkToNotAvail : jc.last.at) + 1;
    this.rxFifoFree = drop + s.releaseToNextFrame;
    this.endJob(drop + 2);
  }

  private beforeRead(kind: ReadKind): void {
    // A write-pass re-read (engine.rxDescCache) is issued at its walk's cycle, the clock untouched.
    this.issueAt = this.rereadIssue >= 0 ? this.rereadIssue : this.jc!.issueRead(kind);
    if (kind === 'event' && this.job) {
      // Publishing is done: the frame is released, a TX/ctrl queue stays a candidate.
      if (this.job.kind === 'rx') {
        this.rxFifoFree = this.issueAt + this.timer!.s.releaseToNextFrame;
        this.rxJobReleaseAt = this.issueAt;
      }
      else this.job.kickReady = Math.min(this.job.kickReady, this.issueAt);
    }
  }

  private afterRead(): void {
    const dma = this.dma;
    const n = dma.pendingTlps;
    if (n === 0) return;
    // One MRd per cycle from readIssueToBus after the issue state (EngineTimer.read).
    const bus = this.issueAt + this.timer!.s.readIssueToBus;
    for (let i = 0; i < n; i++) this.stampTlp(CH_TX_RD_REQ, bus + i, 1, dma.tlpAt(i));
    dma.clearTlps();
  }

  private readDone(kind: ReadKind, len: number, data: Uint8Array): void {
    const at = this.timer!.readReturn();
    const jc = this.jc!;
    // found: cleared by onEmpty (head not available) before the ring acts on it
    if (kind === 'desc') {
      // An indirect table entry goes on to the next entry whatever its flags (§2.8.7); a ring
      // descriptor by NEXT, or into its table with INDIRECT.
      const left = this.job ? this.job.ring.tableEntriesLeft : -1;
      if (left >= 0) jc.last.desc(at, left > 0, true);
      else jc.last.desc(at, (data[14] & VIRTQ_DESC_F_NEXT) !== 0, true, (data[14] & VIRTQ_DESC_F_INDIRECT) !== 0);
    }
    else if (kind === 'data') {
      jc.last.data(at, len);
      this.txDataAt = at;
      // The byte that completes the first m_axis_tx beat (header bytes are consumed, not sent):
      // the beat is ready txFirstBeat after it went into the packer.
      const t = this.timer!;
      const beatEnd = VIRTIO_NET_HDR_LEN + this.profile.widths.axisDataBits / 8;
      if (this.txPos <= beatEnd && beatEnd < this.txPos + len) this.txBeatAt = at + t.bytes(beatEnd - this.txPos) + t.s.txFirstBeat;
      this.txPos += len;
    } else {
      jc.last.event(at);
      this.irqDecision = jc.eventDecision(at);
      this.msixAt = this.irqDecision + this.timer!.s.decideToMsix;
      this.intxAt = this.irqDecision + this.timer!.s.decideToIntx;
    }
  }

  private readHandled(kind: ReadKind): void {
    if (kind !== 'event') return;
    const jc = this.jc!;
    const s = this.timer!.s;
    this.msixAt = null;
    this.intxAt = null;
    this.irqDecision = null;
    if (this.job) this.endJob(jc.eventDecision(jc.last.at) + s.decideToIdle + (this.notified ? s.irqHandover : 0));
  }

  private beforeWrite(kind: WriteKind, address: Address, len: number, lo16: number): void {
    this.wrKind = kind;
    const addr = low32(address) | 0; // only the low bits matter: DW offset and slot within the ring
    const disable = kind === 'deviceArea' && len === 2 && lo16 === RING_EVENT_FLAGS_DISABLE && (addr & 3) === 2;
    this.wrOffWrap = kind === 'deviceArea' && (addr & 3) === 0;
    this.wrFlagsFirst = kind === 'flags' && (addr & ~15) !== this.lastIdLenSlot;
    if (kind === 'idLen') this.lastIdLenSlot = addr & ~15;
    this.wrDisable = disable;
    this.issueAt = this.jc!.issueWrite(kind, disable);
  }

  private afterWrite(): void {
    const dma = this.dma;
    const n = dma.pendingTlps;
    if (n === 0) return;
    const timer = this.timer!;
    timer.beginWrite(this.issueAt);
    const span = { issue: this.issueAt, end: 0, send: 0 };
    for (let i = 0; i < n; i++) {
      const tlp = dma.tlpAt(i);
      this.stampTlp(CH_TX_WR_REQ, timer.writeTlp(tlp.length), tlpBeats(this.profile, tlp.length), tlp);
      const ev = this.out[CH_TX_WR_REQ].last()!;
      this.writeSpan.set(ev, span);
      if (this.writeTlps.length >= 16) this.writeTlps = this.writeTlps.filter((t) => t.send >= this.now);
      this.writeTlps.push({ first: ev.cycle, send: timer.tlpSend });
    }
    dma.clearTlps();
    span.end = timer.endWrite();
    span.send = span.end - timer.s.writeDoneToReturn;
    this.jobWrites.push(span);
    this.lastWriteCycle = this.clocks[CH_TX_WR_REQ].nextFree - 1;
    this.jc!.last.wr(this.wrKind, span.end, this.wrOffWrap, this.wrFlagsFirst, this.wrDisable);
  }
}

/** Device-writable elements of `buf` that `len` bytes from its start reach. */
function elementsWritten(buf: RingBuffer, len: number): number {
  let n = 0;
  for (let i = buf.readableCount, left = len; i < buf.elemLen.length && left > 0; i++, n++) left -= buf.elemLen[i];
  return n;
}
