// The virtio-net datapath behind the vhost-user server: one model PackedVirtqueue
// (model/ring/packed.ts) per queue over guest memory, and the functional core's net steps
// (model/core/net.ts: TX frame from a chain, RX header + frame image; model/net RX buffer plan). It mirrors what VirtioNetModel (model/net/device.ts)
// does for one queue pair, without the PCIe function, DMA engine and timing that a vhost-user
// front-end replaces.
//
//  TX (transmitq1, index 1): pop -> read the device-readable part -> strip the 12-byte
//     virtio_net_hdr, NEEDS_CSUM when VIRTIO_NET_F_CSUM -> onTxFrame -> used len 0 (§5.1.9.2).
//  RX (receiveq1, index 0): injected frames wait for buffers (never dropped for lack of them:
//     a test harness wants exact counts) -> planRxFill -> header + frame written -> all used
//     entries of the frame published together (ring.flush, §2.8.9).
//  Both: kicks are disabled while the ring is being polled and re-enabled ('desc' with EVENT_IDX)
//     when it runs dry, followed by one re-check (checklist §4.7, pitfall 17). At most `budget`
//     buffers per turn; the rest continues after `defer` so the event loop keeps breathing.

import type { Dma } from '../../model/dma/types.js';
import type { RingError } from '../../model/ring/errors.js';
import { PackedVirtqueue, type PackedQueueConfig, type RingBuffer, type RingConsumer } from '../../model/ring/packed.js';
import { rxImage, txFrame } from '../../model/core/net.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { planRxFill } from '../../model/net/rxplan.js';

/** Device-side ring position: next_avail/avail_wrap_counter and next_used/used_wrap_counter (§2.8.1). */
export interface RingPosition {
  nextAvail: number;
  availWrap: number;
  nextUsed: number;
  usedWrap: number;
}

export interface NetBackendFeatures {
  mrgRxbuf: boolean;
  csum: boolean;
  eventIdx: boolean;
}

export interface NetBackendHooks {
  /** A frame left on TX (virtio header stripped). */
  onTxFrame(frame: Uint8Array, queueIndex: number): void;
  /** The driver wants a used buffer notification on this queue (signal its call eventfd). */
  onCall(queueIndex: number): void;
  /** The ring is illegal; the queue stopped (a real device would set DEVICE_NEEDS_RESET, §2.1.2). */
  onRingError(queueIndex: number, err: RingError): void;
  /** Run fn later, after the event loop had a turn. */
  defer(fn: () => void): void;
  /** Test hook: called with every ring created (e.g. to plant a bug). */
  patchRing?(ring: PackedVirtqueue): void;
}

export interface NetBackendStats {
  txFrames: number;
  txBytes: number;
  txErrors: number;
  rxFrames: number;
  rxBytes: number;
  rxTooBig: number;
  calls: number;
  kicks: number;
}

class QueueState {
  notifyOn = true;
  rechecked = false;
  empty = false;
  budget = 0;
  deferred = false;
  // TX: buffers whose data is being read, in ring order.
  readonly txBufs = new Map<number, RingBuffer>();
  txSeq = 0;
  // RX
  readonly rxBufs: RingBuffer[] = [];
  pumping = false;
  pumpAgain = false;
  constructor(readonly ring: PackedVirtqueue, readonly kind: 'rx' | 'tx') {}
}

export const RX_QUEUE = 0;
export const TX_QUEUE = 1;

export class VhostNetBackend implements RingConsumer {
  readonly stats: NetBackendStats = { txFrames: 0, txBytes: 0, txErrors: 0, rxFrames: 0, rxBytes: 0, rxTooBig: 0, calls: 0, kicks: 0 };
  private queues: (QueueState | undefined)[] = [];
  private readonly rxFrames: Uint8Array[] = [];
  private features: NetBackendFeatures = { mrgRxbuf: false, csum: false, eventIdx: false };

  constructor(
    private readonly dma: Dma,
    private readonly hooks: NetBackendHooks,
    /** Buffers handled per queue per event-loop turn. */
    private readonly turnBudget = 256,
  ) {}

  setFeatures(f: NetBackendFeatures): void {
    this.features = f;
  }

  /** Frames injected and not yet delivered. */
  get rxPending(): number {
    return this.rxFrames.length;
  }

  isStarted(index: number): boolean {
    return this.queues[index] !== undefined;
  }

  /** Start a queue at a position (VHOST_USER_SET_VRING_BASE) and look for work at once. */
  start(cfg: PackedQueueConfig, pos: RingPosition): void {
    if (cfg.queueIndex > TX_QUEUE) return; // only receiveq1/transmitq1 (no MQ, no control queue offered)
    const ring = new PackedVirtqueue(this.dma, this, cfg);
    ring.nextAvail = pos.nextAvail;
    ring.availWrapCounter = pos.availWrap;
    ring.nextUsed = pos.nextUsed;
    ring.usedWrapCounter = pos.usedWrap;
    this.hooks.patchRing?.(ring);
    this.queues[cfg.queueIndex] = new QueueState(ring, cfg.queueIndex === RX_QUEUE ? 'rx' : 'tx');
    this.kick(cfg.queueIndex);
  }

  /** Stop a queue (VHOST_USER_GET_VRING_BASE) and return where it stopped. */
  stop(index: number): RingPosition | null {
    const q = this.queues[index];
    if (!q) return null;
    this.queues[index] = undefined;
    const r = q.ring;
    return { nextAvail: r.nextAvail, availWrap: r.availWrapCounter, nextUsed: r.nextUsed, usedWrap: r.usedWrapCounter };
  }

  /** Available buffer notification (the kick eventfd fired). */
  kick(index: number): void {
    const q = this.queues[index];
    if (!q) return;
    this.stats.kicks++;
    q.rechecked = false;
    q.empty = false;
    this.run(q);
  }

  /** Queue a frame for the driver (the model's s_axis_rx). */
  injectRx(frame: Uint8Array): void {
    this.rxFrames.push(frame);
    const q = this.queues[RX_QUEUE];
    if (q) this.run(q);
  }

  // ---- scheduling -----------------------------------------------------------------------

  private run(q: QueueState): void {
    q.budget = this.turnBudget;
    if (q.kind === 'rx') this.pumpRx(q);
    else this.fetchTx(q);
  }

  /** Budget used up: continue on a later turn of the event loop. */
  private yieldTurn(q: QueueState): void {
    if (q.deferred) return;
    q.deferred = true;
    this.hooks.defer(() => {
      q.deferred = false;
      if (this.queues[q.ring.queueIndex] === q) this.run(q);
    });
  }

  private fetchTx(q: QueueState): void {
    if (q.ring.stopped || q.ring.fetching || q.empty) return;
    if (q.budget <= 0) return this.yieldTurn(q);
    q.budget--;
    q.ring.pop();
  }

  // ---- RingConsumer ---------------------------------------------------------------------

  private state(ring: PackedVirtqueue): QueueState | undefined {
    const q = this.queues[ring.queueIndex];
    return q && q.ring === ring ? q : undefined;
  }

  onBuffer(ring: PackedVirtqueue, buf: RingBuffer): void {
    const q = this.state(ring);
    if (!q) return;
    q.rechecked = false;
    if (q.notifyOn) {
      ring.setAvailNotify('disable'); // polling now (§2.8.10)
      q.notifyOn = false;
    }
    if (q.kind === 'rx') {
      q.rxBufs.push(buf);
      this.pumpRx(q);
      return;
    }
    if (buf.readableBytes < VIRTIO_NET_HDR_LEN) {
      this.stats.txErrors++;
      ring.complete(buf, 0);
    } else {
      const seq = q.txSeq++;
      q.txBufs.set(seq, buf);
      ring.readData(buf, 0, buf.readableBytes, seq);
    }
    this.fetchTx(q);
  }

  onEmpty(ring: PackedVirtqueue): void {
    const q = this.state(ring);
    if (!q) return;
    if (!q.rechecked) {
      // Ask for kicks, then look once more: the driver may have posted before it saw the enable.
      q.rechecked = true;
      q.notifyOn = true;
      ring.setAvailNotify(this.features.eventIdx ? 'desc' : 'enable');
      ring.pop();
      return;
    }
    q.empty = true; // wait for a kick
  }

  onData(ring: PackedVirtqueue, cookie: number, data: Uint8Array): void {
    const q = this.state(ring);
    const buf = q?.txBufs.get(cookie);
    if (!q || !buf) return;
    q.txBufs.delete(cookie);
    this.transmit(q, buf, data);
    this.fetchTx(q);
  }

  onUsedNotify(ring: PackedVirtqueue): void {
    if (!this.state(ring)) return;
    this.stats.calls++;
    this.hooks.onCall(ring.queueIndex);
  }

  onRingError(ring: PackedVirtqueue, err: RingError): void {
    this.hooks.onRingError(ring.queueIndex, err);
  }

  // ---- TX -------------------------------------------------------------------------------

  private transmit(q: QueueState, buf: RingBuffer, d: Uint8Array): void {
    // The functional core's TX (model/core/net.ts): header stripped, NEEDS_CSUM with VIRTIO_NET_F_CSUM (§5.1.6.2).
    const r = txFrame(d, this.features.csum);
    if (r.kind === 'frame') {
      this.stats.txFrames++;
      this.stats.txBytes += r.frame.length;
      this.hooks.onTxFrame(r.frame, q.ring.queueIndex);
    } else this.stats.txErrors++;
    q.ring.complete(buf, 0); // §5.1.9.2: TX used len 0, after the frame is out
  }

  // ---- RX -------------------------------------------------------------------------------

  private pumpRx(q: QueueState): void {
    if (q.pumping) {
      q.pumpAgain = true;
      return;
    }
    q.pumping = true;
    try {
      do {
        q.pumpAgain = false;
        this.pumpRxOnce(q);
      } while (q.pumpAgain);
    } finally {
      q.pumping = false;
    }
  }

  private pumpRxOnce(q: QueueState): void {
    const caps: number[] = [];
    while (this.rxFrames.length > 0 && !q.ring.stopped) {
      const frame = this.rxFrames[0];
      caps.length = 0;
      for (const b of q.rxBufs) caps.push(b.writableBytes);
      const plan = planRxFill(frame.length, VIRTIO_NET_HDR_LEN, this.features.mrgRxbuf, caps);
      if (plan.ok) {
        if (q.budget <= 0) return this.yieldTurn(q);
        q.budget--;
        this.rxFrames.shift();
        this.deliver(q, frame, plan.lens);
        continue;
      }
      if (plan.reason === 'too_big') {
        this.rxFrames.shift();
        this.stats.rxTooBig++;
        continue;
      }
      // Not enough buffers in hand: fetch another, or wait for a kick once the ring is known empty.
      if (!q.empty && !q.ring.fetching) q.ring.pop();
      return;
    }
  }

  private deliver(q: QueueState, frame: Uint8Array, lens: number[]): void {
    const n = lens.length;
    const bytes = rxImage(frame, n); // header with num_buffers + frame (model/core, §5.1.6.4)
    const bufs = q.rxBufs.splice(0, n);
    let o = 0;
    for (let i = 0; i < n; i++) {
      q.ring.writeData(bufs[i], 0, bytes.subarray(o, o + lens[i]));
      o += lens[i];
    }
    for (let i = 0; i < n; i++) q.ring.fill(bufs[i], lens[i]);
    q.ring.flush();
    this.stats.rxFrames++;
    this.stats.rxBytes += frame.length;
  }
}
