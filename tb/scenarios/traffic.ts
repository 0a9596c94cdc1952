// Seeded traffic scenario: bring the device up with the driver model, then send `frames` frames
// each way (random sizes 60..1514, random buffer shapes) and check, as it goes, that
//  - every TX frame comes out of m_axis_tx intact and in order (one queue pair per flow here),
//  - every RX frame lands in guest memory intact, with a correct header and num_buffers,
//  - no host checker rule is broken and the device never asks for a reset.
// RX frames are only pushed when the posted RX buffers can hold them, so nothing is dropped.

import { Prng } from '../../model/util/prng.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { planRxFill } from '../../model/net/rxplan.js';
import * as F from '../../model/virtio/features.js';
import { VirtioNetDriver, type DriverOptions } from '../driver/virtio-net-driver.js';
import { sameBytes, testFrame } from './frames.js';
import { ModelHarness, type HarnessOptions } from './harness.js';

export class ScenarioError extends Error {
  constructor(what: string, detail: string) {
    super(`scenario: ${what}: ${detail}`);
    this.name = 'ScenarioError';
  }
}

export interface TrafficOptions {
  seed: number;
  frames: number;
  /** Most TX frames queued per driver iteration before one kick (default 8). */
  txBurst?: number;
  /** Which directions carry traffic (default both). */
  direction?: 'both' | 'tx' | 'rx';
  minLen?: number;
  maxLen?: number;
  driver?: Partial<DriverOptions>;
  harness?: HarnessOptions;
  /** Upper bound on simulated cycles for the whole run. */
  maxCycles?: number;
  /** Called once the harness and driver exist, before bring-up (observers, e.g. tb/regress coverage). */
  onStart?: (h: ModelHarness, d: VirtioNetDriver) => void;
}

export interface TrafficResult {
  harness: ModelHarness;
  driver: VirtioNetDriver;
  txSent: number;
  rxReceived: number;
  maxNumBuffers: number;
  cycles: number;
  traceHash: number;
}

function firstDiff(a: Uint8Array, b: Uint8Array | undefined): number {
  if (!b) return -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return Math.min(a.length, b.length);
}

/** The whole run at once (regression jobs, benches). */
export function runTraffic(o: TrafficOptions): TrafficResult {
  const steps = trafficSteps(o);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * The same run, yielding to the event loop every `every` driver iterations: a test worker keeps
 * answering vitest's RPC while thousands of frames go through (no multi-second synchronous stretch).
 */
export async function runTrafficAsync(o: TrafficOptions, every = 100): Promise<TrafficResult> {
  const steps = trafficSteps(o);
  for (let n = 1; ; n++) {
    const s = steps.next();
    if (s.done) return s.value;
    if (n % every === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** One driver iteration per step; the result when done. */
function* trafficSteps(o: TrafficOptions): Generator<void, TrafficResult> {
  const rng = new Prng(o.seed ^ 0x5eed);
  const h = new ModelHarness(o.harness);
  const d = new VirtioNetDriver(h, h.memory, { seed: o.seed, ...o.driver });
  o.onStart?.(h, d);
  d.bringUp();
  const minLen = o.minLen ?? 60;
  const maxLen = o.maxLen ?? 1514;
  const maxCycles = o.maxCycles ?? 1e9;
  const mrg = d.has(F.VIRTIO_NET_F_MRG_RXBUF);
  const txTotal = o.direction === 'rx' ? 0 : o.frames;
  const rxTotal = o.direction === 'tx' ? 0 : o.frames;

  const txExpected: Uint8Array[] = [];
  const rxExpected: Uint8Array[] = [];
  let txChecked = 0;
  let rxPushed = 0;
  let rxGot = 0;
  // RX buffers posted but not yet promised to a pushed frame, in ring order: the device fills
  // buffers in that order, so planning on this list says exactly whether a frame will fit.
  let rxLensSeen = 0;
  const rxFree: number[] = [];
  let rxFreeHead = 0;
  let maxNumBuffers = 0;
  d.postRx(0);

  const checkOutputs = (): void => {
    while (txChecked < h.txFrames.length) {
      const got = h.txFrames[txChecked];
      const want = txExpected[txChecked];
      if (!want || !sameBytes(got, want)) {
        throw new ScenarioError('TX frame', `#${txChecked} (${got.length} bytes) differs from what the driver sent (${want?.length ?? 'none'})`);
      }
      txChecked++;
    }
    for (const r of d.receive(0)) {
      const want = rxExpected[rxGot];
      if (!want || !sameBytes(r.frame, want)) {
        throw new ScenarioError('RX frame', `#${rxGot} (${r.frame.length} bytes, num_buffers ${r.numBuffers}, seq ${r.frame[14] | (r.frame[15] << 8)}, first diff at ${firstDiff(r.frame, want)}) differs from the frame pushed (${want?.length ?? 'none'})`);
      }
      if (r.flags !== 0) throw new ScenarioError('RX header', `flags ${r.flags} without GUEST_CSUM offload`);
      maxNumBuffers = Math.max(maxNumBuffers, r.numBuffers);
      rxGot++;
    }
  };

  let nextRxLen: number | undefined;
  let guard = 0;
  while (txChecked < txTotal || rxGot < rxTotal) {
    if (++guard > o.frames * 400 + 10_000 || h.cycle > maxCycles) {
      throw new ScenarioError("progress", `stalled at cycle ${h.cycle}: TX ${txChecked}/${txTotal}, RX ${rxGot}/${rxTotal}, status 0x${d.deviceStatus.toString(16)}, dropped ${JSON.stringify(h.model.stats.rxDropped)}`);
    }
    // TX: fill the ring with a random batch, kick once (Linux xmit_more style).
    let sent = 0;
    const burst = rng.int(1, o.txBurst ?? 8);
    while (txExpected.length < txTotal && sent < burst) {
      const f = testFrame(rng, rng.int(minLen, maxLen), d.mac, txExpected.length, 3);
      if (!d.sendFrame(0, f, false)) break;
      txExpected.push(f);
      sent++;
    }
    if (sent) d.kickTx(0);
    // RX: push frames while the posted buffers can take them.
    const rxBurst = rng.int(1, 8);
    // Keep fewer frames in flight than the device's RX backlog (64), so none is dropped for that.
    for (let i = 0; i < rxBurst && rxPushed < rxTotal && rxPushed - rxGot < 32; i++) {
      const lens = d.queues[0].postedLens;
      while (rxLensSeen < lens.length) rxFree.push(lens[rxLensSeen++]);
      const len = nextRxLen ?? rng.int(minLen, maxLen);
      const plan = planRxFill(len, VIRTIO_NET_HDR_LEN, mrg, rxFree.slice(rxFreeHead, rxFreeHead + 64));
      if (!plan.ok) {
        nextRxLen = len; // wait for more buffers; keep the size so the size mix is not biased
        break;
      }
      nextRxLen = undefined;
      rxFreeHead += plan.numBuffers;
      const f = testFrame(rng, len, d.mac, rxPushed, 3);
      rxExpected.push(f);
      rxPushed++;
      h.pushFrame(f);
    }
    h.run(rng.int(50, 400));
    d.takeInterrupts();
    checkOutputs();
    d.reclaimTx(0);
    d.postRx(0);
    if (d.deviceStatus & 0x40) throw new ScenarioError('device_status', `DEVICE_NEEDS_RESET: ${h.model.stats.needsResetReason}`);
    if (h.rc.errors.length) throw new ScenarioError('host checker', h.rc.errors[0].message);
    yield;
  }
  h.settle();
  d.takeInterrupts(); // the last frame's interrupt may land after the loop's last look
  checkOutputs();
  d.reclaimTx(0);
  return { harness: h, driver: d, txSent: txChecked, rxReceived: rxGot, maxNumBuffers, cycles: h.cycle, traceHash: h.traceHash };
}
