// Model-only regression scenarios: each runs the golden model against the host models with the
// driver model for one seed, checks what it is about, and feeds the coverage probe. Parameters
// are picked so that seeds 1..50 over all scenarios hit every coverage bin (coverage.ts).
// A scenario fails by throwing; the message is the failure summary.

import type { OutputEvent } from '../../model/net/device.js';
import { Prng } from '../../model/util/prng.js';
import * as F from '../../model/virtio/features.js';
import type { CplFault } from '../host/completer.js';
import { MSIX_CAP } from '../driver/layout.js';
import { VirtioNetDriver, type DriverOptions } from '../driver/virtio-net-driver.js';
import { sameBytes, testFrame } from '../scenarios/frames.js';
import { ModelHarness } from '../scenarios/harness.js';
import { runTraffic, ScenarioError, type TrafficOptions } from '../scenarios/traffic.js';
import type { Compared, Probe } from './probe.js';

/**
 * Deliberate breakage for testing the regression itself (a failing job whose reproduce command
 * must fail the same way). Applied to the device's outputs before the host sees them.
 */
export const BREAKS = {
  'tx-corrupt': 'flip one byte of TX frame number (seed mod 7) on m_axis_tx',
  slow: 'traffic scenarios run 1,000,000 frames (minutes): exercises the per-job timeout',
} as const;
export type BreakKind = keyof typeof BREAKS;

export interface ScenarioContext {
  seed: number;
  probe: Probe;
  break?: BreakKind;
  /** Progress/diagnostic lines (end up in the job's output). */
  log: (line: string) => void;
}

export interface ScenarioOutcome {
  cycles: number;
  compared: Compared;
}

export interface ModelScenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): ScenarioOutcome;
}

/** Device output hook: the probe, then the requested breakage. */
function tamperFor(ctx: ScenarioContext): (ev: OutputEvent) => OutputEvent {
  let txIndex = 0;
  const victim = ctx.seed % 7;
  return (ev) => {
    const e = ctx.probe.watch(ev);
    if (ctx.break === 'tx-corrupt' && e.channel === 'm_axis_tx' && e.frame && txIndex++ === victim) {
      const f = e.frame.slice();
      f[20] ^= 0x5a;
      return { ...e, frame: f };
    }
    return e;
  };
}

/** runTraffic with the probe attached and completions split, delayed and reordered per seed. */
function traffic(ctx: ScenarioContext, o: Omit<TrafficOptions, 'seed'>): ScenarioOutcome {
  const rng = new Prng(ctx.seed ^ 0x0c0ffee);
  const r = runTraffic({
    seed: ctx.seed,
    ...o,
    ...(ctx.break === 'slow' ? { frames: 1_000_000 } : {}),
    harness: {
      ...o.harness,
      tamper: tamperFor(ctx),
      host: { completer: { seed: ctx.seed, rcb: rng.pick([64, 128] as const), reorder: true, split: 'random', latency: { min: 20, max: rng.int(20, 200) } } },
    },
    onStart: (h, d) => {
      ctx.probe.attachHarness(h);
      ctx.probe.attachDriver(h, d);
    },
  });
  ctx.log(`tx ${r.txSent} rx ${r.rxReceived} frames, max num_buffers ${r.maxNumBuffers}, ${r.cycles} cycles, trace 0x${r.traceHash.toString(16).padStart(8, '0')}`);
  return { cycles: r.cycles, compared: ctx.probe.finish(r.harness) };
}


/** MSI-X Vector Control.Mask held while the RX queue uses its buffer: pending bit, then delivery on unmask. */
function msixMask(ctx: ScenarioContext): ScenarioOutcome {
  const rng = new Prng(ctx.seed ^ 0x3a5c);
  const h = new ModelHarness({ tamper: tamperFor(ctx) });
  ctx.probe.attachHarness(h);
  const d = new VirtioNetDriver(h, h.memory, { seed: ctx.seed, msix: true, eventMode: 'enable', queueSize: rng.int(2, 16) });
  ctx.probe.attachDriver(h, d);
  d.bringUp();
  const v = d.queues[0].vector;
  const { table, pba } = d.msixLocations();
  const pending = (): boolean => ((d.pci.memRead(pba + 4 * (v >>> 5), 4) >>> (v & 31)) & 1) === 1;
  const vectorControl = table + 16 * v + 12;
  let n = 0;
  const receiveOne = (what: string): void => {
    const f = testFrame(rng, rng.int(60, 1514), d.mac, n++, 2);
    d.postRx(0);
    h.pushFrame(f);
    h.run(4_000);
    const got = d.receive(0);
    if (got.length !== 1 || !sameBytes(got[0].frame, f)) throw new ScenarioError(`RX ${what}`, `expected frame #${n - 1} (${f.length} bytes), got ${got.length} frame(s)`);
  };
  // 1. Unmasked: each used RX buffer is announced on the queue's vector.
  for (let i = rng.int(1, 3); i > 0; i--) {
    receiveOne('unmasked');
    const msgs = h.takeMsix();
    if (!msgs.includes(v)) throw new ScenarioError('MSI-X', `no message on vector ${v} for an unmasked used buffer`);
  }
  // 2. Masked: the device sets the pending bit instead of sending (PCIe r6.0 §6.1.4).
  d.pci.memWrite(vectorControl, 1, 4);
  receiveOne('masked');
  if (h.takeMsix().includes(v)) throw new ScenarioError('MSI-X', `vector ${v} sent a message while masked`);
  if (!pending()) throw new ScenarioError('MSI-X PBA', `pending bit of vector ${v} clear after a masked interrupt`);
  // 3. Unmask: the pending message goes out and the pending bit clears.
  d.pci.memWrite(vectorControl, 0, 4);
  h.run(1_000);
  if (!h.takeMsix().includes(v)) throw new ScenarioError('MSI-X', `pending vector ${v} not sent after unmask`);
  if (pending()) throw new ScenarioError('MSI-X PBA', `pending bit of vector ${v} still set after delivery`);
  ctx.probe.maskedDeliveries++;
  if (h.rc.errors.length) throw new ScenarioError('host checker', h.rc.errors[0].message);
  ctx.log(`vector ${v}: ${n} frames, pending bit seen and delivered on unmask`);
  return { cycles: h.cycle, compared: ctx.probe.finish(h) };
}

const FAULT_REASON: Record<CplFault, RegExp> = {
  UR: /DmaFault UnsupportedRequest/,
  CA: /DmaFault CompleterAbort/,
  poison: /DmaFault Poisoned/,
  drop: /DmaFault CompletionTimeout/,
};
const FAULTS = Object.keys(FAULT_REASON) as CplFault[];

/** One injected completion fault must end in DEVICE_NEEDS_RESET + config interrupt (virtio §2.1.2). */
function cplFault(ctx: ScenarioContext): ScenarioOutcome {
  const rng = new Prng(ctx.seed ^ 0xfa17);
  const fault = FAULTS[ctx.seed % FAULTS.length];
  const h = new ModelHarness({ tamper: tamperFor(ctx), model: { completionTimeoutCycles: 2_000 } });
  ctx.probe.attachHarness(h);
  const d = new VirtioNetDriver(h, h.memory, { seed: ctx.seed, queueSize: rng.int(2, 16), features: [] });
  ctx.probe.attachDriver(h, d);
  d.bringUp();
  h.rc.completer.injectFault(fault, (req) => req.kind === 'MRd');
  if (!d.sendFrame(0, testFrame(rng, rng.int(60, 1514), d.mac, 0, 2))) throw new ScenarioError('TX', 'ring full on the first frame');
  h.run(10_000);
  const status = d.deviceStatus;
  if (!(status & 0x40)) throw new ScenarioError('device_status', `0x${status.toString(16)} without DEVICE_NEEDS_RESET after an injected ${fault}`);
  const reason = h.model.stats.needsResetReason ?? '';
  if (!FAULT_REASON[fault].test(reason)) throw new ScenarioError('needs-reset reason', `"${reason}" does not match ${FAULT_REASON[fault]}`);
  if (!d.takeInterrupts().config) throw new ScenarioError('config interrupt', `none after DEVICE_NEEDS_RESET (${fault})`);
  if (h.txFrames.length) throw new ScenarioError('TX', `${h.txFrames.length} frame(s) sent from a failed read`);
  for (const f of h.rc.completer.faultLog) ctx.probe.cov.observe('fault', f.fault);
  ctx.log(`${fault}: ${reason}`);
  return { cycles: h.cycle, compared: ctx.probe.finish(h) };
}

const base = (o: Partial<DriverOptions>): Partial<DriverOptions> => o;

export const MODEL_SCENARIOS: readonly ModelScenario[] = [
  {
    name: 'traffic',
    description: 'seeded features, queue sizes, buffer shapes, MSI-X or INTx; 120 frames each way; reordered completions',
    run: (ctx) => traffic(ctx, { frames: 120 }),
  },
  {
    name: 'wrap',
    description: 'queue sizes 1..8 and short frames (60..127 bytes): many wrap-counter flips each way',
    run: (ctx) => traffic(ctx, { frames: 160, minLen: 60, maxLen: 127, driver: base({ queueSize: 1 + (ctx.seed % 8) }) }),
  },
  {
    name: 'mrg-rxbuf',
    description: 'MRG_RXBUF + INDIRECT_DESC, queue size 64, up to 6 segments: frames over several buffers',
    run: (ctx) => traffic(ctx, { frames: 120, minLen: 1024, driver: base({ features: [F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_F_INDIRECT_DESC], queueSize: 64, maxSegments: 6 }) }),
  },
  {
    name: 'event-idx',
    description: 'EVENT_IDX with the driver area in ENABLE, DISABLE or DESC (by seed), MSI-X on',
    run: (ctx) => traffic(ctx, { frames: 120, driver: base({ features: [F.VIRTIO_F_EVENT_IDX, F.VIRTIO_F_INDIRECT_DESC], msix: true, eventMode: (['enable', 'disable', 'desc'] as const)[ctx.seed % 3] }) }),
  },
  {
    name: 'intx',
    description: 'MSI-X off: INTx level + ISR read-to-clear',
    run: (ctx) => traffic(ctx, { frames: 80, driver: base({ msix: false, eventMode: 'enable' }) }),
  },
  { name: 'msix-mask', description: 'RX vector masked: pending bit set, message sent on unmask', run: msixMask },
  { name: 'cpl-fault', description: 'UR / CA / poisoned / dropped completion (by seed) -> DEVICE_NEEDS_RESET', run: cplFault },
];

export class UnknownScenarioError extends Error {
  constructor(name: string) {
    super(`scenario "${name}" is not one of: ${MODEL_SCENARIOS.map((s) => s.name).join(', ')}`);
    this.name = 'UnknownScenarioError';
  }
}

export function modelScenario(name: string): ModelScenario {
  const s = MODEL_SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UnknownScenarioError(name);
  return s;
}
