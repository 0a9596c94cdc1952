// Vector generator: run a scenario on the golden model (tb/scenarios ModelHarness: model + host
// models + driver model) and record what went into the DUT ports and what came out.
//
// Stimulus: every TLP/frame pushed into the model, at the cycle it was pushed. Each stimulus also
// names the last response the model had produced by then (`after`, `gap` = cycles since): a
// bench replaying the vector against a slower or faster design releases it relative to that
// response, the way the driver and host models reacted to it. rx_cpl records answer "the
// device's k-th read" (tags normalised, FORMAT.md). Responses: every output event with its
// predicted cycle and the window [cycle - before, cycle + after] (FORMAT.md "Tolerance").

import { offsetIn, type Address } from '../model/dma/types.js';
import { DEFAULT_PARAMS } from '../model/pci/layout.js';
import type { OutputEvent } from '../model/net/device.js';
import type { Tlp } from '../model/tlp/types.js';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../model/timing/profile.js';
import { Prng } from '../model/util/prng.js';
import { PciAccess } from '../tb/driver/access.js';
import { MSI_BASE, NO_VECTOR } from '../tb/driver/layout.js';
import { VirtioNetDriver } from '../tb/driver/virtio-net-driver.js';
import { testFrame } from '../tb/scenarios/frames.js';
import { ModelHarness } from '../tb/scenarios/harness.js';
import { DEFAULT_DOMAIN, FORMAT_VERSION, GENERATOR_VERSION, type ExpectRecord, type StimRecord, type Vector, type VectorRecord } from './types.js';

export class GenError extends Error {
  constructor(field: string, value: unknown, reason: string) {
    super(`vectors gen: ${field} ${JSON.stringify(value)} ${reason}`);
    this.name = 'GenError';
  }
}

/** Default window around each predicted cycle: the timing profile's measured `tolerance` (FORMAT.md "Tolerance"). */
export const DEFAULT_TOLERANCE: { before: number; after: number } = { ...REFERENCE_RTL_PROFILE.tolerance };

export interface GenOptions {
  scenario: string;
  seed: number;
  tlpDataWidth?: 64 | 128 | 256;
  tolerance?: { before: number; after: number };
  /** Frames for the tx / rx scenarios. */
  frames?: number;
  /** Timing profile (`--profile FILE`); default the reference RTL's. Its tolerance is the default window. */
  profile?: TimingProfile;
}

type Pending =
  | { kind: 'stim'; rec: StimRecord; afterEvent?: OutputEvent; order: number }
  | { kind: 'expect'; ev: OutputEvent; read?: number; order: number };

/** Wraps the harness's model so every input is recorded with its dependency on earlier outputs. */
class Recorder {
  readonly items: Pending[] = [];
  private reads = 0;
  private readonly readOfTag = new Map<number, { read: number; ev: OutputEvent }>();
  private seen = 0;
  private lastEvent: OutputEvent | undefined;

  constructor(readonly h: ModelHarness, private readonly dwPerBeat: number) {
    const m = h.model;
    const pushRequest = m.pushRequest.bind(m);
    const pushCompletion = m.pushCompletion.bind(m);
    const pushFrame = m.pushFrame.bind(m);
    m.pushRequest = (tlp: Tlp, cycle: number): void => {
      const hit = tlp.kind === 'MRd' || tlp.kind === 'MWr' ? m.fn.config.decodeMemory(tlp.address, Math.max(1, tlp.length) * 4) : null;
      this.stim({ kind: 'stim', channel: 'rx_req', cycle, tlp, bar: hit?.bar ?? 0 });
      pushRequest(tlp, cycle);
    };
    m.pushCompletion = (tlp: Tlp, cycle: number): void => {
      this.catchUp();
      const r = this.readOfTag.get(tlp.tag);
      if (!r) throw new GenError('completion tag', tlp.tag, 'answers no read the device issued');
      const normalised: Tlp = { ...tlp, tag: 0 };
      this.items.push({ kind: 'stim', rec: { kind: 'stim', channel: 'rx_cpl', cycle, tlp: normalised, read: r.read, error: 0 }, afterEvent: r.ev, order: this.items.length });
      pushCompletion(tlp, cycle);
    };
    m.pushFrame = (bytes: Uint8Array, cycle: number): void => {
      this.stim({ kind: 'stim', channel: 's_axis_rx', cycle, frame: bytes.slice() });
      pushFrame(bytes, cycle);
    };
  }

  /** Fold in the outputs the harness has seen since the last call. */
  private catchUp(): void {
    const evs = this.h.events;
    for (; this.seen < evs.length; this.seen++) {
      const ev = evs[this.seen];
      let read: number | undefined;
      if (ev.channel === 'tx_rd_req') {
        read = this.reads++;
        this.readOfTag.set(ev.tlp!.tag, { read, ev });
      }
      this.items.push({ kind: 'expect', ev, read, order: this.items.length });
      // Anchor stimulus only to responses a bench has seen whole at their predicted cycle: one-beat
      // TLPs. A multi-beat TLP or a frame is seen at its last beat, which the vector does not predict
      // (a byte-serial design spreads the beats out), so a reaction to it would be released late.
      if (ev.channel !== 'intx' && ev.channel !== 'm_axis_tx' && (!ev.tlp || ev.tlp.length <= this.dwPerBeat)) this.lastEvent = ev;
    }
  }

  private stim(rec: StimRecord): void {
    this.catchUp();
    const afterEvent = this.lastEvent && this.lastEvent.cycle <= rec.cycle ? this.lastEvent : undefined;
    this.items.push({ kind: 'stim', rec, afterEvent, order: this.items.length });
  }

  /** Records in cycle order (responses before stimulus at the same cycle), `after` resolved. */
  finish(tolerance: { before: number; after: number }, domainOf: DomainOf): VectorRecord[] {
    this.h.settle();
    this.catchUp();
    const sorted = [...this.items].sort((a, b) => {
      const ca = a.kind === 'stim' ? a.rec.cycle : a.ev.cycle;
      const cb = b.kind === 'stim' ? b.rec.cycle : b.ev.cycle;
      if (ca !== cb) return ca - cb;
      if (a.kind !== b.kind) return a.kind === 'expect' ? -1 : 1;
      return a.order - b.order;
    });
    const indexOf = new Map<OutputEvent, number>();
    const out: VectorRecord[] = [];
    for (const it of sorted) {
      if (it.kind === 'expect') {
        indexOf.set(it.ev, out.length);
        out.push(expectOf(it.ev, it.read, tolerance, domainOf));
      } else {
        const rec = { ...it.rec };
        if (it.afterEvent) {
          const idx = indexOf.get(it.afterEvent);
          if (idx === undefined) throw new GenError('after', it.afterEvent.channel, `event at cycle ${it.afterEvent.cycle} sorts after the stimulus at cycle ${rec.cycle}`);
          rec.after = idx;
          rec.gap = rec.cycle - it.afterEvent.cycle;
        }
        out.push(rec);
      }
    }
    return out;
  }
}

/** Ordering domain of a response (FORMAT.md "Ordering domains"). */
type DomainOf = (ev: OutputEvent) => number;
const QUEUE_DOMAIN_BASE = 16;

/**
 * DMA reads and writes are ordered per virtqueue, not across queues (a design may serve queues in
 * any interleaving): a TLP whose address falls in queue q's rings or buffers, or an MSI-X message
 * carrying the vector of queue q, gets domain 16 + q. Everything else keeps its channel's domain.
 */
function queueDomains(d: VirtioNetDriver | undefined): DomainOf {
  if (!d) return (ev) => DEFAULT_DOMAIN[ev.channel];
  const ranges: Array<[start: Address, len: number, queue: number]> = [];
  const byVector = new Map<number, number>();
  for (const q of d.queues) {
    if (!q) continue;
    const L = q.vring.layout;
    ranges.push([L.desc, 16 * L.size, q.index], [L.driver, 4, q.index], [L.device, 4, q.index]);
    ranges.push([q.bufBase, q.bufStride * L.size, q.index]);
    if (q.vector !== NO_VECTOR && !byVector.has(q.vector)) byVector.set(q.vector, q.index);
  }
  return (ev) => {
    const t = ev.tlp;
    if (!t || (ev.channel !== 'tx_rd_req' && ev.channel !== 'tx_wr_req')) return DEFAULT_DOMAIN[ev.channel];
    if (t.address >= MSI_BASE && t.address < MSI_BASE + 0x10_0000 && t.data.length >= 4) {
      const q = byVector.get(new DataView(t.data.buffer, t.data.byteOffset, 4).getUint32(0, true));
      return q === undefined ? DEFAULT_DOMAIN[ev.channel] : QUEUE_DOMAIN_BASE + q;
    }
    const hit = ranges.find(([start, len]) => offsetIn(t.address, start, len) >= 0);
    return hit ? QUEUE_DOMAIN_BASE + hit[2] : DEFAULT_DOMAIN[ev.channel];
  };
}

function expectOf(ev: OutputEvent, read: number | undefined, tol: { before: number; after: number }, domainOf: DomainOf): ExpectRecord {
  const r: ExpectRecord = {
    kind: 'expect', channel: ev.channel, cycle: ev.cycle,
    earliest: Math.max(0, ev.cycle - tol.before), latest: ev.cycle + tol.after, domain: domainOf(ev),
  };
  if (ev.tlp) r.tlp = read !== undefined ? { ...ev.tlp, tag: 0 } : ev.tlp;
  if (read !== undefined) r.read = read;
  if (ev.frame) r.frame = ev.frame.slice();
  if (ev.level !== undefined) r.level = ev.level;
  return r;
}

// ---- scenarios ------------------------------------------------------------------------------

const CFG_DWS = 0x100 / 4; // the PCI-compatible header and capabilities (PCIe r6.0 §7.5.1)

/** Enumeration with BAR sizing (driver model), then every config DW read in a seeded order and writes to a few writable registers. */
function scenarioConfig(h: ModelHarness, seed: number): void {
  const rng = new Prng(seed);
  const d = new VirtioNetDriver(h, h.memory, { seed });
  d.enumerate();
  const pci = new PciAccess(h);
  const order = Array.from({ length: CFG_DWS }, (_, i) => i * 4);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const reg of order) pci.cfgRead32(reg);
  // Interrupt Line (RW, PCI 3.0 §6.2.4) and the Command register's Interrupt Disable bit.
  pci.cfgWrite(0x3c, rng.int(0, 255), 1);
  pci.cfgRead32(0x3c);
  pci.cfgWrite(0x04, 0x0406, 2);
  pci.cfgRead32(0x04);
  pci.cfgWrite(0x04, 0x0006, 2);
  // A read of a register past the capabilities (extended config space: reads 0, PCIe r6.0 §7.6).
  pci.cfgRead32(0x100);
}

function scenarioBringup(h: ModelHarness, seed: number): VirtioNetDriver {
  const d = new VirtioNetDriver(h, h.memory, { seed, shapes: ['single'] });
  d.bringUp();
  h.settle();
  return d;
}

function scenarioTx(h: ModelHarness, seed: number, frames: number): VirtioNetDriver {
  const rng = new Prng(seed ^ 0x7e);
  const d = scenarioBringup(h, seed);
  for (let n = 0; n < frames; n++) {
    const f = testFrame(rng, rng.int(60, 256), d.mac, n, 1);
    // A device slower than the driver leaves the ring full: wait for it (bounded), then send.
    for (let tries = 0; !d.sendFrame(0, f, true); tries++) {
      if (tries === 20) throw new GenError('tx ring', n, 'is still full after 20 waits of 200 cycles');
      h.run(200);
      d.takeInterrupts();
      d.reclaimTx(0);
    }
    h.run(rng.int(50, 200));
    d.takeInterrupts();
    d.reclaimTx(0);
  }
  return d;
}

function scenarioRx(h: ModelHarness, seed: number, frames: number): VirtioNetDriver {
  const rng = new Prng(seed ^ 0x8e);
  const d = scenarioBringup(h, seed);
  d.postRx(0);
  for (let n = 0; n < frames; n++) {
    h.pushFrame(testFrame(rng, rng.int(60, 200), d.mac, n, 1));
    h.run(rng.int(100, 300));
    d.takeInterrupts();
    d.receive(0);
    d.postRx(0);
  }
  return d;
}

export const SCENARIOS = ['config', 'bringup', 'tx', 'rx'] as const;

export function generate(o: GenOptions): Vector {
  if (!(SCENARIOS as readonly string[]).includes(o.scenario)) throw new GenError('scenario', o.scenario, `is not one of ${SCENARIOS.join(', ')}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffff_ffff) throw new GenError('seed', o.seed, 'is not an integer in 0..2^32-1');
  const width = o.tlpDataWidth ?? 64;
  const base = o.profile ?? REFERENCE_RTL_PROFILE;
  const tolerance = o.tolerance ?? (o.profile ? { ...o.profile.tolerance } : DEFAULT_TOLERANCE);
  // The model stamps beats for the bus width the vector is for.
  const profile: TimingProfile = { ...base, widths: { tlpDataBits: width, axisDataBits: 64 } };
  const harness = new ModelHarness({ keepEvents: true, model: { profile } });
  const rec = new Recorder(harness, width / 32);
  const frames = o.frames ?? 4;
  let driver: VirtioNetDriver | undefined;
  switch (o.scenario) {
    case 'config': scenarioConfig(harness, o.seed); break;
    case 'bringup': driver = scenarioBringup(harness, o.seed); break;
    case 'tx': driver = scenarioTx(harness, o.seed, frames); break;
    case 'rx': driver = scenarioRx(harness, o.seed, frames); break;
  }
  const p = DEFAULT_PARAMS;
  return {
    header: {
      version: FORMAT_VERSION, generator: GENERATOR_VERSION, scenario: o.scenario, seed: o.seed, tolerance,
      params: { TLP_DATA_WIDTH: width, AXIS_DATA_WIDTH: 64, NUM_QUEUE_PAIRS: p.numQueuePairs, MAX_QUEUE_SIZE: p.maxQueueSize, MSIX_VECTORS: p.msixVectors, TAG_COUNT: p.tagCount },
    },
    records: rec.finish(tolerance, queueDomains(driver)),
  };
}
