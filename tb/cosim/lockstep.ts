// The lockstep engine: one DeviceUnderTest (tb/driver/dut.ts) behind which the RTL (through
// SyncRtl) and the golden model (model/net/device.ts) run side by side.
//
// Time moves in chunks of at most `lookahead` cycles (the host's minimum response latency L):
// every input for [T, T+L) is known before the chunk starts (the driver acts at chunk
// boundaries; the host answers an output at o no sooner than o + L >= T + L), so the result
// equals strict per-cycle lockstep. Per chunk:
//   1. host completions due in the chunk go to the RTL (rx_cpl) and, tag-translated through the
//      scoreboard, to the model at the same cycle (held until the model has issued the read);
//   2. the RTL simulates to T+L, the model advances to T+L-1;
//   3. both sides' outputs go to the scoreboard; the RTL's reads and writes go to the host (the
//      guest memory the driver sees), the model's writes to a second memory (compared at the end).
// The driver sees the RTL's completions, MSI-X messages and INTx level: it drives the real DUT.

import { VirtioNetModel, type NetModelOptions } from '../../model/net/device.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import type { Tlp } from '../../model/tlp/types.js';
import type { TimingProfile } from '../../model/timing/profile.js';
import type { Output } from '../../rtl-bridge/client/index.js';
import { DriverError, type DeviceUnderTest, type GuestMemory } from '../driver/dut.js';
import { MSI_BASE } from '../driver/layout.js';
import { RootComplex, writeWithByteEnables, type RootComplexOptions } from '../host/host.js';
import { HostMemory } from '../host/memory.js';
import type { OutputEvent, Side } from './events.js';
import type { RtlInput, RtlSide } from './rtl-sync.js';
import { Scoreboard } from './scoreboard.js';

/** Thrown through the driver to end the run at the first divergence (or at a requested cycle). */
export class CosimStop extends Error {
  constructor(readonly why: 'divergence' | 'stop-cycle', cycle: number) {
    super(`co-simulation stopped (${why}) at cycle ${cycle}`);
    this.name = 'CosimStop';
  }
}

export interface LockstepOptions {
  lookahead: number;
  timingTolerance: number;
  host: RootComplexOptions;
  profile: TimingProfile;
  /** Model micro-architecture knobs (e.g. txInFlight) matching the DUT's. */
  model?: Omit<NetModelOptions, 'profile'>;
  /** Longest wait for one completion of a driver request (cycles). */
  requestTimeout: number;
  /** Stop (CosimStop 'stop-cycle') once this cycle is reached (the wave re-run). */
  stopAt?: number;
  /** Keep running after the first divergence (the wave re-run runs on to `stopAt`). */
  continueAfterDivergence?: boolean;
  /** Sees every output of both sides as it reaches the scoreboard (the CLI's --trace). */
  onEvent?: (side: Side, ev: OutputEvent) => void;
  /** Called at chunk boundaries so the runner can open/close a wave window. */
  onBoundary?: (cycle: number) => void;
  /** Cycles at which a chunk must end (wave window edges). */
  breakpoints?: number[];
}

export interface LockstepStats {
  rtlOutputs: number;
  modelOutputs: number;
  chunks: number;
  rtlWallMs: number;
  /** Completions delivered to the model later than to the RTL, because the model's read came later. */
  heldCompletions: number;
  heldCyclesMax: number;
}

interface HeldCpl {
  tlp: Tlp;
  cycle: number;
  final: boolean;
}

/** Writes the driver makes go to both memories; reads come from the RTL's (what the driver sees). */
class DualMemory implements GuestMemory {
  constructor(readonly rtl: HostMemory, readonly model: HostMemory) {}
  read(addr: number, len: number): Uint8Array {
    return this.rtl.read(addr, len);
  }
  write(addr: number, data: Uint8Array): void {
    this.rtl.write(addr, data);
    this.model.write(addr, data);
  }
}

export class Lockstep implements DeviceUnderTest {
  readonly model: VirtioNetModel;
  readonly rc: RootComplex;
  /** Guest memory as the model's writes left it (driver writes go to both). */
  readonly modelMemory = new HostMemory();
  readonly guest: DualMemory;
  readonly scoreboard: Scoreboard;
  readonly stats: LockstepStats = { rtlOutputs: 0, modelOutputs: 0, chunks: 0, rtlWallMs: 0, heldCompletions: 0, heldCyclesMax: 0 };
  /** Next cycle to simulate on both sides (the chunk boundary). */
  now: number;
  /** Recent transactions in both directions, for the report. */
  readonly inputLog: string[] = [];
  private rtlInputs: RtlInput[] = [];
  private readonly held: HeldCpl[] = [];
  private readonly cpls = new Map<number, Tlp>();
  private msix: number[] = [];
  private intx = false;
  private readonly breakpoints: number[];

  constructor(
    readonly rtl: RtlSide,
    readonly opts: LockstepOptions,
    domainOf: (ev: OutputEvent, side: Side) => string,
  ) {
    this.model = new VirtioNetModel({ profile: opts.profile, ...opts.model });
    this.rc = new RootComplex(opts.host);
    this.guest = new DualMemory(this.rc.memory, this.modelMemory);
    this.scoreboard = new Scoreboard({ timingTolerance: opts.timingTolerance, domainOf, contextDepth: 12 });
    this.now = rtl.cycle;
    // Inputs are stamped on both sides from the same cycle 0 (the end of reset).
    this.model.advanceTo(0);
    this.breakpoints = [...(opts.breakpoints ?? [])].sort((a, b) => a - b);
    // The driver programs vector v as address MSI_BASE + 16 v, data v (tb/driver).
    const n = this.model.fn.params.msixVectors;
    this.rc.msix.setMsixTable(Array.from({ length: n }, (_, v) => ({ address: MSI_BASE + 16 * v, data: v, masked: false })));
  }

  // ---- DeviceUnderTest ------------------------------------------------------------------

  request(tlp: Tlp): Tlp | undefined {
    const at = this.now;
    // The root port's BAR decode (rx_req_tlp_bar_id): what the function's own BARs say now.
    const hit = tlp.kind === 'MRd' || tlp.kind === 'MWr' ? this.model.fn.config.decodeMemory(tlp.address, tlp.length * 4) : null;
    this.rtlInputs.push({ channel: 'rx_req', cycle: at, hdr: tlpToHdr(tlp), data: tlp.data, sideband: hit?.bar ?? 0 });
    this.model.pushRequest(tlp, at);
    this.log(at, `rx_req ${tlp.kind} tag ${tlp.tag}`);
    if (tlp.kind === 'MWr') return undefined;
    const deadline = at + this.opts.requestTimeout;
    while (!this.cpls.has(tlp.tag)) {
      if (this.now >= deadline) {
        this.scoreboard.finish();
        if (this.scoreboard.stopped && !this.opts.continueAfterDivergence) throw new CosimStop('divergence', this.now);
        throw new DriverError(`${tlp.kind} tag`, tlp.tag, `got no completion from the RTL within ${this.opts.requestTimeout} cycles`);
      }
      this.step();
    }
    const c = this.cpls.get(tlp.tag)!;
    this.cpls.delete(tlp.tag);
    if (tlp.kind === 'CfgWr0') this.syncHost();
    return c;
  }

  run(cycles: number): void {
    const end = this.now + cycles;
    while (this.now < end) this.step(end);
  }

  takeMsix(): number[] {
    const r = this.msix;
    this.msix = [];
    return r;
  }

  intxLevel(): boolean {
    return this.intx;
  }

  /** Push a received Ethernet frame into both sides now. */
  pushFrame(frame: Uint8Array, tuser = false): void {
    this.rtlInputs.push({ channel: 's_axis_rx', cycle: this.now, hdr: new Uint32Array(4), data: frame, sideband: tuser ? 1 : 0 });
    if (!tuser) this.model.pushFrame(frame, this.now);
    this.log(this.now, `s_axis_rx frame ${frame.length} bytes`);
  }

  /**
   * The root complex follows what software programmed (Bus Master Enable, MPS, MRRS, Requester
   * ID), read from the model's config space (identical to the RTL's while no divergence).
   */
  private syncHost(): void {
    const cfg = this.model.fn.config;
    this.rc.checker.configure({
      busMasterEnable: cfg.busMasterEnabled, maxPayloadSize: cfg.maxPayloadSizeBytes,
      maxReadRequestSize: cfg.maxReadRequestSizeBytes, requesterId: this.model.fn.requesterId,
    });
    this.rc.completer.configure({ maxPayloadSize: cfg.maxPayloadSizeBytes });
  }

  /** Runs until neither side nor the host has anything left to do, then `quiet` more cycles (bounded). */
  drain(quiet = 256, maxCycles = 2_000_000): void {
    const end = this.now + maxCycles;
    let idleSince = this.now;
    while (this.now < end) {
      const busy = this.model.nextEventCycle() !== Infinity || this.rc.completer.nextEventCycle() !== null || this.held.length > 0 || this.rtlInputs.length > 0;
      if (busy) idleSince = this.now;
      else if (this.now - idleSince >= quiet) return;
      this.step();
    }
  }

  // ---- one chunk ---------------------------------------------------------------------------

  step(limit = Infinity): void {
    const L = this.opts.lookahead;
    let until = Math.min(this.now + L, limit);
    while (this.breakpoints.length && this.breakpoints[0] <= this.now) this.breakpoints.shift();
    if (this.breakpoints.length && this.breakpoints[0] < until) until = this.breakpoints[0];
    if (this.opts.stopAt !== undefined && this.now >= this.opts.stopAt) throw new CosimStop('stop-cycle', this.now);

    // 1. Host completions due before `until`.
    for (const ev of this.rc.toDevice(until - 1)) {
      if (ev.type !== 'completion') continue;
      const c = Math.max(ev.cycle, this.now);
      this.rtlInputs.push({ channel: 'rx_cpl', cycle: c, hdr: tlpToHdr(ev.tlp), data: ev.tlp.data, sideband: 0 });
      this.log(c, `rx_cpl ${ev.tlp.kind} tag ${ev.tlp.tag} status ${ev.tlp.status}`);
      this.held.push({ tlp: ev.tlp, cycle: c, final: ev.final });
    }
    this.deliverHeld();

    // 2. Both sides simulate the chunk.
    const inputs = this.rtlInputs;
    this.rtlInputs = [];
    const t0 = performance.now();
    const rtlOut = this.rtl.step(inputs, until);
    this.stats.rtlWallMs += performance.now() - t0;
    const modelOut = this.model.advanceTo(until - 1);
    this.stats.chunks++;

    // 3. Outputs to the scoreboard and the hosts.
    for (const ev of modelOut) this.onModelOutput(ev);
    for (const o of rtlOut) this.onRtlOutput(o);
    this.deliverHeld();
    this.now = until;
    this.scoreboard.checkDeadlines(this.model.cycle, this.now);
    this.opts.onBoundary?.(this.now);
    if (this.scoreboard.stopped && !this.opts.continueAfterDivergence) throw new CosimStop('divergence', this.now);
  }

  /** Completions whose model tag is known go to the model (at their RTL cycle, or later if held). */
  private deliverHeld(): void {
    for (let i = 0; i < this.held.length; ) {
      const h = this.held[i];
      const tag = this.scoreboard.modelTagFor(h.tlp.tag);
      if (tag === undefined) {
        i++;
        continue;
      }
      const at = Math.max(h.cycle, this.model.cycle);
      if (at > h.cycle) {
        this.stats.heldCompletions++;
        this.stats.heldCyclesMax = Math.max(this.stats.heldCyclesMax, at - h.cycle);
      }
      this.model.pushCompletion({ ...h.tlp, tag }, at);
      if (h.final) this.scoreboard.releaseTag(h.tlp.tag);
      this.held.splice(i, 1);
    }
  }

  private onModelOutput(ev: OutputEvent): void {
    this.stats.modelOutputs++;
    if (ev.channel === 'tx_wr_req') {
      const t = ev.tlp!;
      if (!(t.address >= MSI_BASE && t.address < MSI_BASE + 0x10_0000) && !t.ep) writeWithByteEnables(this.modelMemory, t);
    }
    this.opts.onEvent?.('model', ev);
    this.scoreboard.push('model', ev);
  }

  private onRtlOutput(o: Output): void {
    this.stats.rtlOutputs++;
    let ev: OutputEvent;
    switch (o.channel) {
      case 'tx_cpl':
      case 'tx_rd_req':
      case 'tx_wr_req': {
        const tlp = hdrToTlp(o.hdr, o.data);
        ev = { cycle: o.cycle, channel: o.channel, tlp };
        if (o.channel === 'tx_cpl') this.cpls.set(tlp.tag, tlp);
        else {
          const before = this.rc.msix.interrupts.length;
          this.rc.fromDevice(tlp, o.cycle);
          for (let i = before; i < this.rc.msix.interrupts.length; i++) this.msix.push(this.rc.msix.interrupts[i].vector);
        }
        break;
      }
      case 'm_axis_tx':
        ev = { cycle: o.cycle, channel: 'm_axis_tx', frame: o.data };
        break;
      case 'intx':
        this.intx = o.aux !== 0;
        ev = { cycle: o.cycle, channel: 'intx', level: this.intx };
        break;
    }
    this.opts.onEvent?.('rtl', ev);
    this.scoreboard.push('rtl', ev);
  }

  private log(cycle: number, what: string): void {
    this.inputLog.push(`@${cycle} ${what}`);
    if (this.inputLog.length > 16) this.inputLog.shift();
  }
}
