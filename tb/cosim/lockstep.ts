// The lockstep engine: one DeviceUnderTest (tb/driver/dut.ts) behind which the RTL (through
// SyncRtl) and the golden model (model/net/device.ts) run side by side.
//
// Semantics = strict per-cycle lockstep. At every cycle boundary T the driver may act (its inputs
// are stamped T); then cycle T is "stepped":
//   a. host completions due at T go to the RTL (rx_cpl) and, tag-translated through the
//      scoreboard, to the model at T (held until the model has issued the matching read);
//   b. the RTL simulates cycle T, the model advances to T;
//   c. the model's outputs of T, then the RTL's, go to the scoreboard; the RTL's reads and writes
//      go to the host (the guest memory the driver sees), the model's writes to a second memory;
//   d. held completions whose tag became known go to the model; deadlines are checked.
// The driver sees the RTL's completions, MSI-X messages and INTx level: it drives the real DUT.
// It acts again at the boundary after the completion it waits for (c + 1), after run(n), or when
// drain() finds everything idle for `quiet` cycles.
//
// Speed without changing that result (conservative, time-stamped synchronisation):
//  - The RTL is granted many cycles per round trip. A grant never passes a cycle at which an input
//    is still unknown: the driver's next action (run's end, drain's earliest end, or "stop right
//    after a completion" via the ADVANCE stop mask), the next wave breakpoint, and the host:
//    a completion answers a read at o no sooner than o + L (L = the completer's latency.min), so
//    the RTL may always run to R + L (R = its cycle); past that only if it issues no read, which
//    the stop mask on tx_rd_req enforces ("run to N unless the DUT asks the host something").
//  - The host side (model, completer, scoreboard, held completions, drain's idle test) is then
//    replayed event by event over the granted cycles in exactly the per-cycle order above, cycles
//    in which nothing happens being skipped. `maxGrant` caps a grant (1 = one cycle per round
//    trip); results do not depend on it (lockstep.test.ts, chunking.test.ts).
//  - Host replica (docs/host-replica.md; on where the RTL side offers it): the server keeps a copy
//    of host memory (the driver's writes go with each grant, HOST_WRITE; the device's writes it
//    applies itself) and answers the reads with the same completer policy (replica.hpp), so a grant
//    no longer stops at the first read: it runs to the driver's next action. The host side still
//    gets every completion from tb/host's completer, replayed as above, and each must equal the one
//    the server delivered (cycle, header, payload). While a completer decision could still change
//    under a read (a configuration write in flight, a one-shot fault armed), reads are held
//    (HOLD_READS, grants as without the replica) and decided by the client (HOST_DECIDE).
//  - drain() with the replica: the drain ends no earlier than `quiet` cycles after its last busy
//    boundary, and a read the device issues keeps it busy until its completion; so one grant
//    runs on to the drain's limit and the server ends it `quiet` cycles after the last read
//    (QUIET_STOP, where the RTL side offers it): a device polling its rings costs one round trip
//    per drain, not one per `quiet` cycles.

import { VirtioNetModel, type NetModelOptions } from '../../model/net/device.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import type { Tlp } from '../../model/tlp/types.js';
import type { TimingProfile } from '../../model/timing/profile.js';
import { HOST_FAULT_CODE, type HostCompletion, type HostDecision, type HostReplicaConfig, type HostStep, type HostWrite, type LateStop, type Output, type OutputChannel, type QuietStop } from '../../rtl-bridge/client/index.js';
import { DriverError, type DeviceUnderTest, type GuestMemory } from '../driver/dut.js';
import type { HostEvent } from '../host/completer.js';
import { RootComplex, writeWithByteEnables, type RootComplexOptions } from '../host/host.js';
import { HostMemory, type Address } from '../host/memory.js';
import { DisabledLaneJunk } from '../host/lane-junk.js';
import { X86_MSI_WINDOW, type MsiWindow } from '../host/msix.js';
import type { DutStreamObserver } from '../monitor/monitor.js';
import type { OutputEvent, Side } from './events.js';
import type { RtlInput, RtlSide } from './rtl-sync.js';
import { Scoreboard, type TimingTolerance } from './scoreboard.js';
import { SpecChecker, viewAddress } from './spec-check.js';

/** drain()'s bounds for a grant: its last cycle and its quiet window (grantReplica). */
interface DrainGrant { end: number; quiet: number }

/** Thrown through the driver to end the run at the first divergence (or at a requested cycle). */
export class CosimStop extends Error {
  constructor(readonly why: 'divergence' | 'stop-cycle', cycle: number) {
    super(`co-simulation stopped (${why}) at cycle ${cycle}`);
    this.name = 'CosimStop';
  }
}

/** Stimulus the device cannot take (a frame above its MTU): the test is wrong, not the DUT. */
export class StimulusError extends Error {
  override name = 'StimulusError';
}

/** The engine lost track of the RTL's cycle (a bug here, never a DUT fault). */
export class LockstepStateError extends Error {
  constructor(field: string, value: number, why: string) {
    super(`lockstep: ${field} = ${value} ${why}`);
    this.name = 'LockstepStateError';
  }
}

export interface LockstepOptions {
  /**
   * Host minimum read-completion latency L in cycles, as the runner gives it to the completer
   * (`latency.min`). The engine takes L from the completer itself, so the two cannot disagree.
   */
  lookahead: number;
  /** Most cycles granted to the RTL per round trip (default unbounded; 1 = per-cycle lockstep). */
  maxGrant?: number;
  /** Accepted rtl - model cycle difference (the profile's `tolerance`; a number n means -n..+n). */
  timingTolerance: number | TimingTolerance;
  /** 'fail' (default): outside the tolerance is a divergence; 'warn': counted and listed. */
  timing?: 'fail' | 'warn';
  host: RootComplexOptions;
  profile: TimingProfile;
  /** Model micro-architecture knobs (e.g. txInFlight) matching the DUT's (exact level only). */
  model?: Omit<NetModelOptions, 'profile'>;
  /**
   * 'exact' (default): the model predicts every TLP, frame and interrupt; the scoreboard compares
   * them. 'spec': the model answers config/MMIO requests only (compared exactly); the datapath is
   * judged by SpecChecker (spec-check.ts) from what the DUT read and did.
   */
  compare?: 'exact' | 'spec';
  /** compare 'spec': cycles from a used write to the notification it requires (spec-check.ts default). */
  notifyBound?: number;
  /** Longest wait for one completion of a driver request (cycles). */
  requestTimeout: number;
  /** Longest frame the device takes on s_axis_rx (its MTU + 18: Ethernet header and a VLAN tag); longer stimulus is refused. */
  maxFrameBytes?: number;
  /** Stop (CosimStop 'stop-cycle') once this cycle is reached (the wave re-run). */
  stopAt?: number;
  /** Keep running after the first divergence (the wave re-run runs on to `stopAt`). */
  continueAfterDivergence?: boolean;
  /** Sees every output of both sides as it reaches the scoreboard (the CLI's --trace). */
  onEvent?: (side: Side, ev: OutputEvent) => void;
  /** Called at boundaries where the RTL has simulated exactly up to `cycle` (wave windows). */
  onBoundary?: (cycle: number) => void;
  /** Cycles at which a grant must end (wave window edges). */
  breakpoints?: number[];
  /** Sees the RTL's stream: its reads and writes, the completions it receives, INTx (tb/monitor). */
  monitor?: DutStreamObserver;
  /**
   * Let the simulator answer the device's reads from its host replica (default true; used when the
   * RTL side offers it and host memory is the engine's own, not `host.memory`). Results are the
   * same either way; off, every read costs a round trip.
   */
  replica?: boolean;
  /**
   * Seed of the junk the host puts in the disabled byte lanes of every MWr / CfgWr0 it sends
   * (tb/host/lane-junk.ts, PCIe r6.0 §2.2.5); both sides see the same TLP. Undefined: zeros there.
   */
  laneJunkSeed?: number;
}

export interface LockstepStats {
  rtlOutputs: number;
  modelOutputs: number;
  /** Grants to the RTL (= round trips to the simulator). */
  chunks: number;
  /** Grants that ended early on the stop mask (a read for the host, the awaited completion). */
  stops: number;
  /** Wall time spent waiting for the RTL (round trips included). */
  rtlWallMs: number;
  /** Cycles of the host side replayed as steps (cycles with something to do). */
  steps: number;
  /** Completions delivered to the model later than to the RTL, because the model's read came later. */
  heldCompletions: number;
  heldCyclesMax: number;
  /** Completions the server's host replica delivered (each checked against tb/host's). */
  replicaCompletions: number;
  /** Grants with reads held for the client's decision (configuration write or one-shot fault pending). */
  heldGrants: number;
}

interface HeldCpl {
  tlp: Tlp;
  cycle: number;
  final: boolean;
}

const NO_STOP: readonly OutputChannel[] = [];
const STOP_CPL: readonly OutputChannel[] = ['tx_cpl'];
const READS: readonly OutputChannel[] = ['tx_rd_req'];
/** Spec level: cycles without DUT progress (a write, frame, completion, INTx change, or a read that is not a re-poll) after which drain() counts it idle. */
export const SPEC_SILENT = 2048;

/**
 * Host memory that notes which ranges were written since the last take() (the driver's writes, for
 * the server's replica), except while paused (the device's own writes, which the server applies).
 */
class JournalMemory extends HostMemory {
  private ranges: Array<{ addr: Address; len: number }> = [];
  private depth = 0;
  paused = false;

  /** Notes a write about to be made (an outer one: HostMemory's writes may call each other); the caller's finally undoes depth. */
  private note(addr: Address, len: number): void {
    if (this.depth++ > 0 || this.paused || len <= 0) return;
    const last = this.ranges[this.ranges.length - 1];
    // Numbers below 2^53 (nearly every address), bigints past that: a bigint only per new range.
    const a = typeof addr === 'bigint' && addr <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(addr) : addr;
    if (last && last.len + len <= 4096 && (typeof a === 'number' && typeof last.addr === 'number' ? last.addr + last.len === a : BigInt(last.addr) + BigInt(last.len) === BigInt(a))) last.len += len;
    else this.ranges.push({ addr: a, len });
  }
  override write(addr: Address, bytes: Uint8Array): void {
    this.note(addr, bytes.length);
    try { super.write(addr, bytes); } finally { this.depth--; }
  }
  override writeFrom(addr: Address, src: Uint8Array, start: number, end: number): void {
    this.note(addr, end - start);
    try { super.writeFrom(addr, src, start, end); } finally { this.depth--; }
  }
  override fill(addr: Address, len: number, value: number): void {
    this.note(addr, len);
    try { super.fill(addr, len, value); } finally { this.depth--; }
  }
  override writeU16(addr: Address, value: number): void {
    this.note(addr, 2);
    try { super.writeU16(addr, value); } finally { this.depth--; }
  }
  override writeU32(addr: Address, value: number): void {
    this.note(addr, 4);
    try { super.writeU32(addr, value); } finally { this.depth--; }
  }
  override writeU64(addr: Address, value: number): void {
    this.note(addr, 8);
    try { super.writeU64(addr, value); } finally { this.depth--; }
  }

  /** The ranges written since the last call, with their bytes as they are now. */
  take(): HostWrite[] {
    const out = this.ranges.map((r) => ({ address: BigInt(r.addr), data: this.read(r.addr, r.len) }));
    this.ranges = [];
    return out;
  }
}

/** Writes the driver makes go to both memories; reads come from the RTL's (what the driver sees). */
class DualMemory implements GuestMemory {
  constructor(readonly rtl: HostMemory, readonly model: HostMemory) {}
  read(addr: Address, len: number): Uint8Array {
    return this.rtl.read(addr, len);
  }
  write(addr: Address, data: Uint8Array): void {
    this.rtl.write(addr, data);
    this.model.write(addr, data);
  }
}

export class Lockstep implements DeviceUnderTest {
  readonly model: VirtioNetModel;
  readonly rc: RootComplex;
  /** The host's MSI window (opts.host.msiWindow, else x86): the driver programs vector v at its base + 16 v. */
  private readonly msiWindow: MsiWindow;
  /** Guest memory as the model's writes left it (driver writes go to both). */
  readonly modelMemory = new HostMemory();
  readonly guest: DualMemory;
  readonly scoreboard: Scoreboard;
  /** compare 'spec': the spec-level checker (null at the exact level). */
  readonly spec: SpecChecker | null = null;
  readonly stats: LockstepStats = { rtlOutputs: 0, modelOutputs: 0, chunks: 0, stops: 0, rtlWallMs: 0, steps: 0, heldCompletions: 0, heldCyclesMax: 0, replicaCompletions: 0, heldGrants: 0 };
  /** The server answers the device's reads (docs/host-replica.md); null: the engine does. */
  private readonly replica: {
    memory: JournalMemory;
    started: boolean;
    /** The completer options last sent (HOST_CONFIG), as a comparable key. */
    sentKey: string;
    /** The last grant held its reads: each read replayed from it needs a decision. */
    holding: boolean;
    undecided: HostDecision[];
    /** Completions the server delivered, not yet matched with tb/host's. */
    delivered: HostCompletion[];
    head: number;
  } | null = null;
  /** The current cycle boundary: every cycle before it is done on both sides (the driver's "now"). */
  now: number;
  /** Recent transactions in both directions, for the report. */
  readonly inputLog: string[] = [];
  /** Inputs not yet sent to the RTL (driver requests and frames, host completions). */
  private rtlInputs: RtlInput[] = [];
  /** RTL outputs received and not yet replayed (cycle >= now), in cycle order. */
  private rtlOut: Output[] = [];
  private rtlHead = 0;
  /** Host events polled ahead (already scheduled into the RTL), replayed at their cycle. */
  private ahead: HostEvent[] = [];
  private aheadHead = 0;
  /** The completer has been polled up to this cycle. */
  private polledTo = -1;
  /** The driver pushed inputs at this boundary that no step has taken yet (drain counts them as work). */
  private driverPending = false;
  private readonly held: HeldCpl[] = [];
  private readonly cpls = new Map<number, Tlp>();
  private msix: number[] = [];
  private intx = false;
  private readonly breakpoints: number[];
  /** Cycle of the RTL's last output (spec level: drain waits for the DUT to fall silent). */
  private lastRtlOutput = -Infinity;
  /** Spec level: the last cycle each address was read by the RTL (polling is not progress). */
  private readonly lastReadAt = new Map<number | bigint, number>();
  private readonly maxGrant: number;
  /** The driver's last CfgWr0 until both sides have completed it (then syncHost). */
  private cfgWr: { tag: number; rtlDone: boolean; modelDone: boolean; setsBusMaster: boolean } | null = null;
  /** Junk for the disabled byte lanes of the driver's writes (opts.laneJunkSeed), or null. */
  private readonly laneJunk: DisabledLaneJunk | null;

  constructor(
    readonly rtl: RtlSide,
    readonly opts: LockstepOptions,
    domainOf: (ev: OutputEvent, side: Side) => string,
  ) {
    const spec = opts.compare === 'spec';
    this.laneJunk = opts.laneJunkSeed === undefined ? null : new DisabledLaneJunk(opts.laneJunkSeed);
    this.model = spec
      ? new VirtioNetModel({ profile: opts.profile, datapath: false, onRegEvent: (e) => this.spec?.onRegEvent(e) })
      : new VirtioNetModel({ profile: opts.profile, ...opts.model });
    const useReplica = (opts.replica ?? true) && rtl.hostReplica === true && opts.host.memory === undefined;
    const journal = useReplica ? new JournalMemory() : null;
    this.rc = new RootComplex(journal ? { ...opts.host, memory: journal } : opts.host);
    if (journal) {
      this.replica = { memory: journal, started: false, sentKey: '', holding: false, undecided: [], delivered: [], head: 0 };
      const r = this.replica;
      this.rc.completer.onRequest = (_req, _cycle, oneShot, maxPayloadSize) => {
        if (r.holding) r.undecided.push({ fault: oneShot ? HOST_FAULT_CODE[oneShot] : 0, maxPayloadSize });
      };
    }
    this.guest = new DualMemory(this.rc.memory, this.modelMemory);
    // At the spec level only config/MMIO completions reach the scoreboard; their cycles are the DUT's own.
    this.scoreboard = new Scoreboard({
      timingTolerance: spec ? Number.MAX_SAFE_INTEGER : opts.timingTolerance, timing: spec ? 'warn' : opts.timing, domainOf, contextDepth: 12,
      // Spec level: a register read racing the device's own decision may show either value (spec-check.ts raceCompletion).
      ...(spec ? { legalPayloadRace: (m: Tlp, r: Tlp) => this.spec?.raceCompletion(m, r, this.now) ?? false } : {}),
    });
    if (spec) {
      const checker = new SpecChecker(this.model.fn, { notifyBound: opts.notifyBound, hostRead: (a, n) => this.rc.memory.read(a, n) });
      this.spec = checker;
      // The driver programs vector v with Message Data v (tb/driver).
      this.model.fn.messageObserver = (t) => checker.onModelMsix(t.data.length >= 4 ? new DataView(t.data.buffer, t.data.byteOffset, 4).getUint32(0, true) : -1);
    }
    this.now = rtl.cycle;
    // Inputs are stamped on both sides from the same cycle 0 (the end of reset).
    this.model.advanceTo(0);
    this.breakpoints = [...(opts.breakpoints ?? [])].sort((a, b) => a - b);
    this.maxGrant = opts.maxGrant ?? Infinity;
    if (!(this.maxGrant >= 1)) throw new LockstepStateError('maxGrant', this.maxGrant, 'must be >= 1');
    // The driver programs vector v as address msiBase + 16 v, data v (tb/driver; the window's base).
    const n = this.model.fn.params.msixVectors;
    this.msiWindow = opts.host.msiWindow ?? X86_MSI_WINDOW;
    this.rc.msix.setMsixTable(Array.from({ length: n }, (_, v) => ({ address: this.msiWindow.base + 16n * BigInt(v), data: v, masked: false })));
  }

  // ---- DeviceUnderTest ------------------------------------------------------------------

  request(sent: Tlp): Tlp | undefined {
    const tlp = this.laneJunk ? this.laneJunk.fill(sent) : sent;
    const at = this.driverAt();
    // The root port's BAR decode (rx_req_tlp_bar_id): what the function's own BARs say now.
    const hit = tlp.kind === 'MRd' || tlp.kind === 'MWr' ? this.model.fn.config.decodeMemory(tlp.address, tlp.length * 4) : null;
    this.rtlInputs.push({ channel: 'rx_req', cycle: at, hdr: tlpToHdr(tlp), data: tlp.data, sideband: hit?.bar ?? 0 });
    this.spec?.onHostRequest(tlp, at);
    this.model.pushRequest(tlp, at);
    this.driverPending = true;
    this.log(at, `rx_req ${tlp.kind} tag ${tlp.tag}`);
    // Posted (MWr, Msg, MsgD: PCIe r6.0 §2.4.1), or a completion on the request channel (not a
    // request: dropped, nothing answers it).
    if (tlp.kind === 'MWr' || tlp.kind === 'Msg' || tlp.kind === 'MsgD' || tlp.kind === 'Cpl' || tlp.kind === 'CplD') return undefined;
    if (tlp.kind === 'CfgWr0') this.cfgWr = { tag: tlp.tag, rtlDone: false, modelDone: false, setsBusMaster: tlp.register === 4 && (tlp.firstBe & 1) !== 0 && (tlp.data[0] & 0x4) !== 0 };
    const deadline = at + this.opts.requestTimeout;
    while (!this.cpls.has(tlp.tag)) {
      if (this.now >= deadline) {
        this.scoreboard.finish();
        if (this.stopped && !this.opts.continueAfterDivergence) throw new CosimStop('divergence', this.now);
        throw new DriverError(`${tlp.kind} tag`, tlp.tag, `got no completion from the RTL within ${this.opts.requestTimeout} cycles`);
      }
      // The driver acts again right after the completion: stop the RTL there (tx_cpl mask).
      this.stepOnce(deadline, true);
    }
    const c = this.cpls.get(tlp.tag)!;
    this.cpls.delete(tlp.tag);
    if (tlp.kind === 'CfgWr0' && this.cfgWr?.tag === tlp.tag) {
      this.cfgWr.rtlDone = true;
      if (this.cfgWr.modelDone) this.syncHost();
    }
    return c;
  }

  /**
   * Several non-posted reads (MRd, CfgRd0) sent back to back, each before the first completion
   * (PCIe r6.0 §2.4.1: a completer takes every request and completes each); their completions in
   * request order. Tags must differ; bounded by requestTimeout like request().
   */
  requestPipelined(tlps: readonly Tlp[]): Tlp[] {
    const tags = new Set<number>();
    for (const t of tlps) {
      if (t.kind !== 'MRd' && t.kind !== 'CfgRd0') throw new StimulusError(`requestPipelined takes MRd and CfgRd0 only, not ${t.kind}`);
      if (tags.has(t.tag) || this.cpls.has(t.tag)) throw new StimulusError(`requestPipelined: tag ${t.tag} is already in use`);
      tags.add(t.tag);
    }
    const at = this.driverAt();
    for (const tlp of tlps) {
      const hit = tlp.kind === 'MRd' ? this.model.fn.config.decodeMemory(tlp.address, tlp.length * 4) : null;
      this.rtlInputs.push({ channel: 'rx_req', cycle: at, hdr: tlpToHdr(tlp), data: tlp.data, sideband: hit?.bar ?? 0 });
      this.spec?.onHostRequest(tlp, at);
      this.model.pushRequest(tlp, at);
      this.log(at, `rx_req ${tlp.kind} tag ${tlp.tag} (pipelined)`);
    }
    this.driverPending = true;
    const deadline = at + this.opts.requestTimeout;
    for (const tlp of tlps) {
      while (!this.cpls.has(tlp.tag)) {
        if (this.now >= deadline) {
          this.scoreboard.finish();
          if (this.stopped && !this.opts.continueAfterDivergence) throw new CosimStop('divergence', this.now);
          throw new DriverError(`${tlp.kind} tag`, tlp.tag, `got no completion from the RTL within ${this.opts.requestTimeout} cycles (pipelined)`);
        }
        this.stepOnce(deadline, true);
      }
    }
    return tlps.map((t) => {
      const c = this.cpls.get(t.tag)!;
      this.cpls.delete(t.tag);
      return c;
    });
  }

  /**
   * Runs `cycles` cycles; with `stopWhen`, returns early at the first boundary where the RTL is
   * exactly at `now` and stopWhen() is true (signals.ts: grants that a WATCH ended early).
   */
  run(cycles: number, stopWhen?: () => boolean): void {
    const end = this.now + cycles;
    while (this.now < end) {
      this.stepOnce(end, false);
      if (stopWhen && this.now === this.rtl.cycle && stopWhen()) return;
    }
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
    const max = this.opts.maxFrameBytes ?? Number.POSITIVE_INFINITY;
    if (frame.length > max) throw new StimulusError(`a ${frame.length}-byte frame is longer than the device takes (${max} bytes: its MTU + 18 for the Ethernet header and a VLAN tag, device description "mtu")`);
    const at = this.driverAt();
    this.rtlInputs.push({ channel: 's_axis_rx', cycle: at, hdr: new Uint32Array(4), data: frame, sideband: tuser ? 1 : 0 });
    if (this.spec) this.spec.onFrameIn(frame, tuser, at);
    else if (!tuser) this.model.pushFrame(frame, at);
    this.driverPending = true;
    this.log(at, `s_axis_rx frame ${frame.length} bytes`);
  }

  /** A divergence is recorded (scoreboard, or the spec checker at the spec level). */
  get stopped(): boolean {
    return this.scoreboard.stopped || (this.spec !== null && this.spec.first !== null);
  }

  /** End of run: the scoreboard's pending events, the spec checker's owed frames and notifications. */
  finish(): void {
    // Spec level: a notification still owed gets its whole bound before it is missing.
    const due = this.spec ? this.spec.pendingDeadline() : Infinity;
    if (Number.isFinite(due) && due >= this.now && !this.stopped) {
      try {
        this.run(due + 1 - this.now);
      } catch (e) {
        if (!(e instanceof CosimStop)) throw e;
      }
    }
    this.scoreboard.finish();
    this.spec?.finish(this.now);
  }

  /** The driver acts at the boundary; the RTL must be exactly there (not a cycle further). */
  private driverAt(): number {
    if (this.rtl.cycle !== this.now) throw new LockstepStateError('rtl.cycle', this.rtl.cycle, `is not the driver's cycle ${this.now}`);
    return this.now;
  }

  /**
   * The root complex follows what software programmed (Bus Master Enable, MPS, MRRS, Requester
   * ID), read from the model's config space (identical to the RTL's while no divergence), once
   * both sides have completed the configuration write: the later of the two completions.
   */
  private syncHost(): void {
    this.cfgWr = null;
    const cfg = this.model.fn.config;
    this.rc.checker.configure({
      busMasterEnable: cfg.busMasterEnabled, maxPayloadSize: cfg.maxPayloadSizeBytes,
      maxReadRequestSize: cfg.maxReadRequestSizeBytes, requesterId: this.model.fn.requesterId,
    });
    this.rc.completer.configure({ maxPayloadSize: cfg.maxPayloadSizeBytes });
  }

  /** Something is left to do at the current boundary: model events, host answers, held completions, driver inputs. */
  private busy(): boolean {
    return this.model.nextEventCycle() !== Infinity || this.aheadHead < this.ahead.length || this.rc.completer.pendingCount > 0
      || this.held.length > 0 || this.driverPending;
  }

  /**
   * Runs until neither side nor the host has anything left to do, then `quiet` more cycles
   * (bounded by `maxCycles`). The idle test is made at every boundary; between two steps nothing
   * changes, so a stretch of boundaries is judged at once.
   */
  drain(quiet = 256, maxCycles = 2_000_000): void {
    const end = this.now + maxCycles;
    let idleSince = this.now;
    while (this.now < end) {
      const busy = this.busy();
      if (busy) idleSince = this.now;
      // Spec level: the model predicts no datapath work; the DUT counts as busy until SPEC_SILENT
      // cycles after its last progress (onRtlOutput; a fixed cycle: the end of the drain does not
      // depend on how the cycles were granted).
      if (this.spec) idleSince = Math.max(idleSince, Math.min(this.now, this.lastRtlOutput + SPEC_SILENT));
      if (!busy && this.now - idleSince >= quiet) return;
      // The RTL may run past idleSince + quiet while it keeps reading (a read keeps busy() true
      // until its completion, so the drain cannot end within `quiet` cycles after it): QUIET_STOP.
      const stepped = this.stepOnce(Math.min(end, idleSince + quiet), false, { end, quiet });
      // Busy up to the step just replayed (nothing changed before it).
      if (busy && stepped) idleSince = this.now - 1;
    }
  }

  // ---- time ----------------------------------------------------------------------------------

  /**
   * Moves the boundary forward, never past `limit`: replays the next cycle with something to do
   * (returns true), or skips idle cycles up to what the RTL has simulated (false). Grants the RTL
   * more cycles first when the replay has caught up with it.
   */
  private stepOnce(limit: number, awaitingCpl: boolean, drain?: DrainGrant): boolean {
    if (this.opts.stopAt !== undefined && this.now >= this.opts.stopAt) throw new CosimStop('stop-cycle', this.now);
    if (this.now === this.rtl.cycle) this.grant(limit, awaitingCpl, drain);
    let bound = Math.min(this.rtl.cycle, limit);
    if (this.opts.stopAt !== undefined && this.opts.stopAt < bound) bound = this.opts.stopAt;
    const t = this.nextStep();
    if (t < bound) {
      this.replay(t);
      if (this.now === this.rtl.cycle) this.opts.onBoundary?.(this.now);
      return true;
    }
    this.now = Math.max(this.now, bound);
    if (this.now === this.rtl.cycle) this.opts.onBoundary?.(this.now);
    return false;
  }

  /** Earliest cycle >= now in which the host side has something to do. */
  private nextStep(): number {
    if (this.driverPending) return this.now;
    let t = this.model.nextEventCycle();
    if (this.rtlHead < this.rtlOut.length && this.rtlOut[this.rtlHead].cycle < t) t = this.rtlOut[this.rtlHead].cycle;
    if (this.aheadHead < this.ahead.length && this.ahead[this.aheadHead].cycle < t) t = this.ahead[this.aheadHead].cycle;
    if (this.replica) {
      // The completer is polled as the replay reaches each cycle (pollHost).
      const h = this.rc.completer.nextEventCycle();
      if (h !== null && h < t) t = h;
    }
    // checkDeadlines at boundary B runs after the step of B - 1.
    const d = this.scoreboard.nextDeadline() - 1;
    if (d < t) t = d;
    return t < this.now ? this.now : t;
  }

  /**
   * Grants the RTL cycles from now (= its cycle) on, as far as every input before the target is
   * known, and collects its outputs. `limit`: the driver's next action can come no earlier.
   */
  private grant(limit: number, awaitingCpl: boolean, drain?: DrainGrant): void {
    if (this.replica) return this.grantReplica(limit, awaitingCpl, drain);
    const L = this.rc.completer.options.latency.min;
    // Every read the RTL issued before now has reached the completer: all answers before
    // now + L are known (a read still to come is answered at o + L >= now + L).
    const pollTo = this.now + L - 1;
    if (pollTo > this.polledTo) {
      if (this.aheadHead === this.ahead.length) {
        this.ahead = [];
        this.aheadHead = 0;
      }
      for (const ev of this.rc.completer.poll(pollTo)) {
        if (ev.cycle < this.now) throw new LockstepStateError('host event cycle', ev.cycle, `is before the RTL's cycle ${this.now}`);
        this.ahead.push(ev);
        if (ev.type === 'completion') this.rtlInputs.push({ channel: 'rx_cpl', cycle: ev.cycle, hdr: tlpToHdr(ev.tlp), data: ev.tlp.data, sideband: 0 });
      }
      this.polledTo = pollTo;
    }
    let until = this.grantEnd(limit);
    const stopOn = awaitingCpl ? STOP_CPL : NO_STOP;
    let late: LateStop | undefined;
    if (until > this.now + L) {
      // Past now + L only up to the next answer already owed, and only up to L cycles after the
      // first read the RTL issues (its answer comes no sooner): ADVANCE late_mask/late_delay.
      const next = this.rc.completer.nextEventCycle();
      if (next !== null && next < until) until = next;
      if (until > this.now + L) late = { on: READS, delay: Math.min(L, 0xffff) };
    }
    if (!(until > this.now)) throw new LockstepStateError('grant target', until, `is not after the RTL's cycle ${this.now}`);
    const inputs = this.rtlInputs;
    this.rtlInputs = [];
    const t0 = performance.now();
    const outs = this.rtl.step(inputs, until, stopOn, late);
    this.stats.rtlWallMs += performance.now() - t0;
    this.stats.chunks++;
    if (this.rtl.cycle < until) this.stats.stops++;
    if (this.rtl.cycle <= this.now || this.rtl.cycle > until) throw new LockstepStateError('rtl.cycle', this.rtl.cycle, `after a grant from ${this.now} to ${until}`);
    this.rtlOut = outs;
    this.rtlHead = 0;
  }

  /** The grant bound every mode shares: the driver's next action, maxGrant, wave breakpoints, stopAt. */
  private grantEnd(limit: number): number {
    while (this.breakpoints.length && this.breakpoints[0] <= this.now) this.breakpoints.shift();
    let until = Math.min(limit, this.now + this.maxGrant);
    if (this.breakpoints.length && this.breakpoints[0] < until) until = this.breakpoints[0];
    if (this.opts.stopAt !== undefined && this.opts.stopAt < until) until = this.opts.stopAt;
    if (!(until > this.now)) throw new LockstepStateError('grant target', until, `is not after the RTL's cycle ${this.now}`);
    return until;
  }

  /**
   * A grant with the server's host replica answering reads: the driver's writes since the last
   * grant and any completer change go first; the RTL runs to the driver's next action. Reads are
   * held for the client's decision while a configuration write or a one-shot fault is pending
   * (then, as without the replica, no further than L cycles past the first read).
   */
  private grantReplica(limit: number, awaitingCpl: boolean, drain?: DrainGrant): void {
    const r = this.replica!;
    const c = this.rc.completer;
    const L = c.options.latency.min;
    const host: HostStep = {};
    const cfg = this.replicaConfig();
    const key = `${cfg.seed}/${cfg.completerId}/${cfg.rcb}/${cfg.maxPayloadSize}/${cfg.latencyMin}/${cfg.latencyMax}/${cfg.reorder}/${cfg.split}/${cfg.busBytes}/${cfg.faultRates.join(',')}`;
    if (!r.started) {
      host.config = { config: cfg, mode: 'start' };
      r.started = true;
      r.sentKey = key;
    } else if (key !== r.sentKey) {
      host.config = { config: cfg, mode: 'update' };
      r.sentKey = key;
    }
    host.writes = r.memory.take();
    if (r.undecided.length > 0) {
      host.decide = r.undecided;
      r.undecided = [];
    }
    r.holding = this.cfgWr !== null || c.oneShotPending > 0;
    host.hold = r.holding;
    let until = this.grantEnd(limit);
    // In drain(): past `limit` (its earliest end) up to its last cycle, ended by the server
    // `quiet` cycles after the last read (QUIET_STOP): never past where the drain can end.
    let quietStop: QuietStop | undefined;
    if (drain && this.rtl.quietStop && until === limit && drain.end > limit) {
      const far = this.grantEnd(drain.end);
      if (far > limit) {
        quietStop = { on: READS, from: limit, window: drain.quiet };
        until = far;
      }
    }
    const late: LateStop | undefined = r.holding && until > this.now + L ? { on: READS, delay: Math.min(L, 0xffff) } : undefined;
    if (r.holding) this.stats.heldGrants++;
    const inputs = this.rtlInputs;
    this.rtlInputs = [];
    const t0 = performance.now();
    const outs = this.rtl.step(inputs, until, awaitingCpl ? STOP_CPL : NO_STOP, late, host, quietStop);
    const got = this.rtl.takeHostCompletions?.() ?? [];
    this.stats.rtlWallMs += performance.now() - t0;
    this.stats.chunks++;
    if (this.rtl.cycle < until) this.stats.stops++;
    if (this.rtl.cycle <= this.now || this.rtl.cycle > until) throw new LockstepStateError('rtl.cycle', this.rtl.cycle, `after a grant from ${this.now} to ${until}`);
    if (r.head === r.delivered.length) {
      r.delivered = [];
      r.head = 0;
    }
    for (const x of got) r.delivered.push(x);
    this.rtlOut = outs;
    this.rtlHead = 0;
  }

  /** The completer's policy as the server's replica takes it (HOST_CONFIG). */
  private replicaConfig(): HostReplicaConfig {
    const o = this.rc.completer.options;
    const w = this.msiWindow;
    return {
      seed: o.seed, completerId: o.completerId, rcb: o.rcb, maxPayloadSize: o.maxPayloadSize, latencyMin: o.latency.min, latencyMax: o.latency.max,
      reorder: o.reorder, split: o.split, busBytes: o.busBytes,
      faultRates: [o.faultRates.UR ?? 0, o.faultRates.CA ?? 0, o.faultRates.poison ?? 0, o.faultRates.drop ?? 0],
      msiBase: BigInt(w.base), msiSize: BigInt(w.size),
    };
  }

  /**
   * Host side with the replica: tb/host's completions due by `t`, each checked against the one
   * the server delivered (same cycle, header and payload); the RTL has them already.
   */
  private pollHost(t: number): void {
    if (t <= this.polledTo) return;
    const r = this.replica!;
    if (this.aheadHead === this.ahead.length) {
      this.ahead = [];
      this.aheadHead = 0;
    }
    for (const ev of this.rc.completer.poll(t)) {
      this.ahead.push(ev);
      if (ev.type !== 'completion') continue;
      const d = r.delivered[r.head++];
      const want = tlpToHdr(ev.tlp, HDR_SCRATCH);
      if (!d || d.cycle !== ev.cycle || !sameWords(d.hdr, want) || !sameBytes(d.data, ev.tlp.data)) {
        throw new LockstepStateError('host replica completion cycle', d ? d.cycle : -1,
          `differs from tb/host's completion at cycle ${ev.cycle} (tag ${ev.tlp.tag}, ${ev.tlp.kind} of ${ev.tlp.data.length} bytes): the server's replica and tb/host/completer.ts disagree`);
      }
      this.stats.replicaCompletions++;
    }
    if (r.head < r.delivered.length && r.delivered[r.head].cycle <= t) {
      throw new LockstepStateError('host replica completion cycle', r.delivered[r.head].cycle, `has no counterpart in tb/host's completer (polled to ${t})`);
    }
    this.polledTo = t;
  }

  /** Cycle `t` on the host side, in the per-cycle order of the header comment; now becomes t + 1. */
  private replay(t: number): void {
    this.stats.steps++;
    this.driverPending = false;
    if (this.replica) this.pollHost(t);
    // a. host answers due at t (the RTL has them already).
    while (this.aheadHead < this.ahead.length && this.ahead[this.aheadHead].cycle <= t) {
      const ev = this.ahead[this.aheadHead++];
      if (ev.type === 'dropped') {
        this.rc.checker.release(ev.request.requesterId, ev.request.tag);
        continue;
      }
      if (ev.final) this.rc.checker.release(ev.tlp.requesterId, ev.tlp.tag);
      this.opts.monitor?.completion(ev.tlp, ev.cycle);
      this.log(ev.cycle, `rx_cpl ${ev.tlp.kind} tag ${ev.tlp.tag} status ${ev.tlp.status}${ev.unexpected ? ' (unexpected)' : ''}`);
      // An Unexpected Completion the host sent on purpose answers no read: the device discards it
      // (PCIe r6.0 §2.3.2), the model has nothing to receive; what the RTL does after it is compared.
      if (ev.unexpected) continue;
      if (this.spec) this.spec.onCompletion(ev.tlp, ev.cycle, ev.final);
      else this.held.push({ tlp: ev.tlp, cycle: ev.cycle, final: ev.final });
    }
    this.deliverHeld();
    // b + c. the model's outputs up to t, then the RTL's of t.
    for (const ev of this.model.advanceTo(t)) this.onModelOutput(ev);
    while (this.rtlHead < this.rtlOut.length && this.rtlOut[this.rtlHead].cycle <= t) this.onRtlOutput(this.rtlOut[this.rtlHead++]);
    // d.
    this.deliverHeld();
    this.now = t + 1;
    this.scoreboard.checkDeadlines(this.model.cycle, this.now);
    if (this.spec) {
      this.spec.tick(this.now);
      this.model.flushFunction(); // what the checker fed into the function (ISR, Pending Bits, NEEDS_RESET)
    }
    if (this.stopped && !this.opts.continueAfterDivergence) throw new CosimStop('divergence', this.now);
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
    if (ev.channel === 'tx_cpl' && this.cfgWr && ev.tlp!.tag === this.cfgWr.tag) {
      this.cfgWr.modelDone = true;
      if (this.cfgWr.rtlDone) this.syncHost();
    }
    // Spec level: only completions are predicted; the function's MSI-X messages are permits (constructor).
    if (this.spec && ev.channel !== 'tx_cpl') return;
    if (ev.channel === 'tx_wr_req') {
      const t = ev.tlp!;
      if (!this.rc.msix.inWindow(t.address) && !t.ep) writeWithByteEnables(this.modelMemory, t);
    }
    this.opts.onEvent?.('model', ev);
    this.scoreboard.push('model', ev);
  }

  private onRtlOutput(o: Output): void {
    this.stats.rtlOutputs++;
    // Spec level: progress for drain(). A read of an address read again within SPEC_SILENT cycles
    // is polling, not progress (a design may poll a ring forever).
    if (this.spec) {
      if (o.channel !== 'tx_rd_req') this.lastRtlOutput = o.cycle;
      else {
        const addr = viewAddress(hdrToTlp(o.hdr, o.data).address);
        const prev = this.lastReadAt.get(addr);
        this.lastReadAt.set(addr, o.cycle);
        if (prev === undefined || o.cycle - prev > SPEC_SILENT) this.lastRtlOutput = o.cycle;
      }
    }
    // The scoreboard compares first beats: the model stamps each event with the cycle of its
    // first beat (model/timing/stamp.ts), the bridge reports sop and eop. The host still sees a
    // TLP at its last beat (o.cycle), as a real completer would.
    const sop = o.sopCycle;
    let ev: OutputEvent;
    switch (o.channel) {
      case 'tx_cpl':
      case 'tx_rd_req':
      case 'tx_wr_req': {
        const tlp = hdrToTlp(o.hdr, o.data);
        ev = { cycle: sop, channel: o.channel, tlp, lastBeat: o.cycle };
        if (o.channel === 'tx_cpl') {
          this.cpls.set(tlp.tag, tlp);
          this.spec?.onDutCompletion(tlp, o.cycle);
          // A design may issue requests as soon as it has completed the CfgWr0 that sets Bus Master
          // Enable (PCIe r6.0 §7.5.1.1.3): the host takes it from the design's completion.
          if (this.cfgWr?.setsBusMaster && this.cfgWr.tag === tlp.tag) this.rc.checker.configure({ busMasterEnable: true });
        }
        else {
          if (o.channel === 'tx_rd_req') this.opts.monitor?.read(tlp, o.cycle);
          else this.opts.monitor?.write(tlp, o.cycle);
          const before = this.rc.msix.interrupts.length;
          // The device's own writes: the server's replica applied them already.
          if (this.replica) this.replica.memory.paused = true;
          try {
            this.rc.fromDevice(tlp, o.cycle);
          } finally {
            if (this.replica) this.replica.memory.paused = false;
          }
          for (let i = before; i < this.rc.msix.interrupts.length; i++) {
            this.msix.push(this.rc.msix.interrupts[i].vector);
            this.spec?.onMsix(this.rc.msix.interrupts[i].vector, o.cycle);
          }
          if (this.spec && before === this.rc.msix.interrupts.length) {
            if (o.channel === 'tx_rd_req') this.spec.onRead(tlp, o.cycle);
            else if (!this.rc.msix.inWindow(tlp.address)) this.spec.onWrite(tlp, o.cycle);
          }
        }
        break;
      }
      case 'm_axis_tx':
        ev = { cycle: sop, channel: 'm_axis_tx', frame: o.data, tuser: o.aux !== 0, lastBeat: o.cycle };
        this.spec?.onFrameOut(o.data, o.aux !== 0, o.cycle);
        break;
      case 'start':
        // The first beat of a transaction of several beats: under way, not late (scoreboard).
        this.scoreboard.rtlStart(o.startOf!, o.cycle);
        return;
      case 'contract':
        // A beat that breaks the port contract: the headline, whatever follows (PROTOCOL.md).
        this.log(o.cycle, `contract ${o.contract!.channel}: ${o.contract!.rule}`);
        this.scoreboard.contract({ ...o.contract!, cycle: o.cycle });
        return;
      case 'intx':
        this.intx = o.aux !== 0;
        this.opts.monitor?.intx(this.intx, o.cycle);
        ev = { cycle: o.cycle, channel: 'intx', level: this.intx };
        this.spec?.onIntx(this.intx, o.cycle);
        break;
    }
    this.opts.onEvent?.('rtl', ev);
    if (!this.spec || ev.channel === 'tx_cpl') this.scoreboard.push('rtl', ev);
  }

  private log(cycle: number, what: string): void {
    this.inputLog.push(`@${cycle} ${what}`);
    if (this.inputLog.length > 16) this.inputLog.shift();
  }
}

/** pollHost's header of tb/host's completion (compared, never kept). */
const HDR_SCRATCH = new Uint32Array(4);

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
