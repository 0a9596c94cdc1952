// One co-simulation run = {scenario, seed, width, defines, lookahead}: the driver model (tb/driver)
// drives the RTL and the golden model in lockstep (lockstep.ts), the scoreboard compares both,
// and at the end the guest memory as each side left it is compared region by region. On the first
// divergence the run stops with a report; the same seed is then re-run with waves on around the
// divergence cycle and the VCD window lands in waves/out/<scenario>-<seed>-<cycle>.vcd.

import { accessSync, constants as fsConstants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPLETION_TIMEOUT_CYCLES } from '../../model/dma/dma-engine.js';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import { Prng } from '../../model/util/prng.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import type { HostCheckError } from '../host/errors.js';
import { DomainMap, queueRegions } from './domains.js';
import { CosimStop, Lockstep } from './lockstep.js';
import { orInterrupted, receivedSignal, signalExitCode, type StopSignal } from './interrupt.js';
import { RtlBridgeError, type RtlSide } from './rtl-sync.js';
import { startRtl, type RtlTransport } from './rtl.js';
import { applyBackpressure, applyInputNoise, stallProbabilities, type BackpressureSetting } from './backpressure.js';
import type { BuildOptions } from '../../rtl-bridge/client/index.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { isScenarioFile, loadScenarioFile } from './scenario-file.js';
import { preflight } from './preflight.js';
import { profileAtWidth } from './profile-file.js';
import { Signals, type PokeRecord } from './signals.js';
import { REFERENCE_DEVICE, type DeviceDescription } from '../../model/pci/description.js';
import { paramsOf, virtioOptionsOf, type FunctionParams } from '../../model/pci/layout.js';
import type { VirtioOptions } from '../../model/virtio/regs.js';
import { formatDivergence, type Divergence, type ScoreboardSummary } from './scoreboard.js';
import { formatFinding, type SpecFinding } from './spec-check.js';
import type { OutputEvent } from './events.js';
import { DriverFeed } from '../monitor/feed.js';
import type { MonitorReport } from '../monitor/monitor.js';
import type { RingViolation } from '../monitor/rules.js';
import { addAddress, type Address } from '../../model/dma/types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export class CosimConfigError extends Error {
  constructor(field: string, value: unknown, why: string) {
    super(`cosim: ${field} = ${JSON.stringify(value)} ${why}`);
    this.name = 'CosimConfigError';
  }
}

/**
 * Default host read-completion latency (= lookahead) in cycles. A root complex answers a memory
 * read in several hundred ns; at 250 MHz that is 100+ cycles, so 128 is realistic and lets the
 * RTL run 128 cycles past any read it issues without a round trip.
 */
export const DEFAULT_LOOKAHEAD = 128;

export interface RunConfig {
  /** A name from SCENARIOS, or a scenario object (tests define focused ones inline). */
  scenario: string | Scenario;
  seed: number;
  width: 64 | 256;
  /** Verilog defines for the RTL build (broken variants: rtl/broken/README.md). */
  defines: string[];
  /** A user's design (top module, sources, include folders, parameters); default the reference RTL in rtl/. */
  dut?: BuildOptions['dut'];
  /** What the device is (model/pci/description.ts); default the reference RTL's. The DUT's config space is checked against it before the scenario. */
  device?: DeviceDescription;
  /** Where `device` came from, for messages (default "reference"). */
  deviceFile?: string;
  /** Timing profile the model runs with (`--profile FILE`, tb/cosim/profile-file.ts); default the reference RTL's (model/timing/reference-rtl.json). Its TLP width is the run's. */
  profile?: TimingProfile;
  /** Check the DUT's config space against the description before the scenario (default true; off for the bridge's stand-in DUT, which is no virtio-net function). */
  preflight?: boolean;
  /**
   * Host minimum read-completion latency L in cycles (the completer's latency.min; a scenario's
   * latency.max is kept if larger). It is also the conservative lookahead of the lockstep engine;
   * DEFAULT_LOOKAHEAD is the documented default.
   */
  lookahead: number;
  /** Most cycles granted to the RTL per round trip (speed only: results do not depend on it). */
  maxGrant?: number;
  /**
   * What a matched pair outside the timing profile's tolerance (model/timing/reference-rtl.json
   * `tolerance`: rtl - model within -before..+after), or an output late by more than it, does:
   * 'fail' (default) makes it a divergence of kind `timing`; 'warn' counts and lists it.
   */
  timing?: 'fail' | 'warn';
  /** Re-run with waves around the divergence (needs a --trace build). Default true. */
  wavesOnDivergence?: boolean;
  /** Half-width of the wave window in cycles. */
  waveWindow?: number;
  /** Sees every output of both sides (side, event, ordering domain). */
  trace?: (side: 'model' | 'rtl', ev: OutputEvent, domain: string) => void;
  /** Keep comparing after the first divergence is recorded (debugging; the report stays the first). */
  continueAfterDivergence?: boolean;
  /** An already started simulator of the right width/defines (tests reuse one per file). */
  rtl?: RtlSide;
  /** Longest end-of-run drain in cycles (default 2 000 000; benches bound it). */
  drainCycles?: number;
  /** Folder of the divergence's wave window (default waves/out). */
  wavesDir?: string;
  /** How to reach the simulator when `rtl` is not given (default: COSIM_TRANSPORT or 'zmq'). */
  transport?: RtlTransport;
  /** A simulator started elsewhere (`sim-server --endpoint tcp://*:PORT`): attach to it over ZeroMQ (tcp://host:port). */
  connect?: string;
  /**
   * The simulator answers the device's reads from its host replica (docs/host-replica.md;
   * default true, or COSIM_REPLICA=off). Same results either way; off costs a round trip per read.
   */
  replica?: boolean;
  /**
   * Comparison level (default 'exact'): 'exact' = TLP for TLP against the timing profile; 'spec' =
   * what the virtio / PCIe specifications fix, learnt from the DUT's own reads (spec-check.ts).
   */
  compare?: 'exact' | 'spec';
  /** Spec level: cycles from a used write to the notification it requires (default DEFAULT_NOTIFY_BOUND = 65 536). */
  notifyBound?: number;
  /**
   * Run the ring-legality monitor (tb/monitor) on the RTL's stream (default true). Its first
   * error becomes a divergence of kind `ring-rule` when the scoreboard found none.
   */
  monitor?: boolean;
  /**
   * Signal-level access for the test (ctx.signals, signals.ts): the DUT is built with public
   * signals (its own, slower build). Also on when the scenario says `signals: true`.
   */
  signals?: boolean;
  /** Watches the run without changing it (functional coverage from RTL runs, tb/regress/cosim-probe.ts). Not called for the wave re-run. */
  observer?: RunObserver;
  /**
   * RTL line/toggle coverage: run a `--coverage` build of the DUT (its own cached build, like the
   * trace build) that writes Verilator's coverage.dat to this path when the run ends.
   */
  rtlCoverage?: string;
  /**
   * Random back-pressure (tb/cosim/backpressure.ts): the stall probability per cycle of every ready
   * signal the DUT sees, or per channel; seeded from `seed`. Default none (ready always high). At
   * the exact level it needs timing 'warn'.
   */
  backpressure?: BackpressureSetting;
  /**
   * Random values on the DUT's inputs where the port contract gives them no meaning (signals
   * other than valid while valid is low, lanes outside strb / tkeep; tb/cosim/backpressure.ts).
   * Also the disabled byte lanes (First/Last DW BE bit 0) of every MWr / CfgWr0 the host sends
   * carry seeded non-zero junk (tb/host/lane-junk.ts; PCIe r6.0 §2.2.5 gives them no meaning).
   * Default true; false drives them as zeros.
   */
  inputNoise?: boolean;
}

/** What an observer sees of one run: the driver, the engine (host side, model) and the width. */
export interface ObservedRun {
  driver: VirtioNetDriver;
  dut: Lockstep;
  width: 64 | 256;
  compare: 'exact' | 'spec';
}

/** Sees one run; must change nothing (wrap methods, call the original, return its result). */
export interface RunObserver {
  /** After the driver is built, before the scenario runs. */
  attach(run: ObservedRun): void;
  /** Every output of both sides, as compared. */
  event(side: 'model' | 'rtl', ev: OutputEvent): void;
  /** After the run (drained, or stopped by a divergence). */
  finish(run: ObservedRun): void;
}

export interface MemoryDiff {
  region: string;
  /** A number below 2^53, else a bigint. */
  address: Address;
  model: number;
  rtl: number;
}

export interface RunResult {
  config: Omit<RunConfig, 'rtl' | 'scenario' | 'trace' | 'compare' | 'timing' | 'observer'> & { scenario: string; compare: 'exact' | 'spec'; timing: 'fail' | 'warn' };
  buildId: string;
  cycles: number;
  summary: ScoreboardSummary;
  divergence: Divergence | null;
  /** compare 'spec': every rule the DUT broke (the first is `divergence`), and what was checked. */
  spec: { findings: SpecFinding[]; counts: Record<string, number> } | null;
  /** First differing byte per region, if any (end-of-run guest memory comparison). */
  memoryDiffs: MemoryDiff[];
  hostErrors: readonly HostCheckError[];
  /** The ring-legality monitor's findings (null when it was off). */
  ring: MonitorReport | null;
  /** A driver error that ended the run without a scoreboard divergence. */
  driverError: string | null;
  held: { completions: number; maxCycles: number };
  rtlCyclesPerSecond: number;
  /** Simulated cycles per second of the lockstep run (driver + model + host + RTL, start-up excluded). */
  cyclesPerSecond: number;
  /** Where the run's time went: RTL grants (round trips), host-side steps replayed. */
  /** replicaCompletions: completions the server's host replica delivered; heldGrants: grants whose reads waited for the client (docs/host-replica.md). */
  engine: { grants: number; stops: number; steps: number; runMs: number; rtlWaitMs: number; replicaCompletions: number; heldGrants: number };
  wallMs: number;
  wavePath: string | null;
  report: string;
  /**
   * The simulator failed mid-run (crash, hang, killed): one line naming the cause, e.g.
   * "simulator process 1234 was killed by SIGKILL at cycle 5120 (during ADVANCE to cycle 5248)".
   * The summary and report are those of the run up to that point.
   */
  fault?: string | null;
  /** The simulator's last stderr lines, for a fault. */
  faultDetail?: readonly string[];
  /** Every poke of the test (signals.ts), in order: the DUT was perturbed from the first one on. */
  pokes: PokeRecord[];
  /** Ctrl-C (or SIGTERM) stopped the run; the summary is of the run so far. */
  interrupted?: StopSignal | null;
  /** Why the divergence's wave window could not be written (the report stands without it). */
  wavesError?: string | null;
  /** No divergence, no memory difference, no host rule violation, no driver error, no fault. */
  ok: boolean;
}

export function scenarioByName(name: string | Scenario): Scenario {
  if (typeof name !== 'string') return name;
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new CosimConfigError('scenario', name, `is not one of ${SCENARIOS.map((x) => x.name).join(', ')}`);
  return s;
}

/** The run's timing profile: the given one (default the reference RTL's) at the run's width. */
export function profileFor(cfg: Pick<RunConfig, 'profile' | 'width'>): TimingProfile {
  return profileAtWidth(cfg.profile ?? REFERENCE_RTL_PROFILE, cfg.width);
}

/**
 * The reference RTL's micro-architecture as model options: its vq_engine works on one TX chain
 * at a time (reads the data, sends the frame, writes used, then looks for the next chain); its
 * dma_rd times a read out COMPLETION_TIMEOUT_CYCLES after the MRd (CPL_TIMEOUT).
 */
export const REFERENCE_RTL_MODEL = { txInFlight: 1, completionTimeoutCycles: COMPLETION_TIMEOUT_CYCLES } as const;

/** The model's options for a run: the device description's parameters, features, MAC and MTU. */
function modelOptions(cfg: RunConfig): { txInFlight: number; params: FunctionParams; virtio: VirtioOptions } {
  const d = cfg.device ?? REFERENCE_DEVICE;
  return { ...REFERENCE_RTL_MODEL, params: paramsOf(d), virtio: virtioOptionsOf(d) };
}

interface Execution {
  ls: Lockstep;
  driver: VirtioNetDriver;
  stopped: CosimStop | null;
  driverError: string | null;
  feed: DriverFeed | null;
  /** The simulator failed (its process is gone): nothing more can be asked of it. */
  fault: RtlBridgeError | null;
  interrupted: StopSignal | null;
  signals: Signals;
}

/**
 * A simulator fault ends the run where it stands (no drain: the RTL is gone). If the command got
 * Ctrl-C or SIGTERM, its supervisor killed the simulator (interrupt.ts): that is the cause.
 */
function endedBy(ex: Execution, e: unknown): boolean {
  if (!(e instanceof RtlBridgeError && e.fault)) return false;
  const sig = receivedSignal();
  if (sig) ex.interrupted = sig;
  else ex.fault = e;
  return true;
}

/** The run uses signal-level access: asked for by the run or by the scenario. */
function wantsSignals(cfg: RunConfig, scenario: Scenario): boolean {
  return cfg.signals === true || scenario.signals === true;
}

/** COSIM_REPLICA=off (or 0) turns the host replica off where a caller does not choose. */
function replicaFromEnv(): boolean {
  const v = process.env.COSIM_REPLICA;
  if (v === undefined || v === '' || v === 'on' || v === '1') return true;
  if (v === 'off' || v === '0') return false;
  throw new CosimConfigError('COSIM_REPLICA', v, 'must be on or off');
}

/** Runs the scenario once on `rtl` (already reset); stops at the first divergence or at `stopAt`. */
async function execute(cfg: RunConfig, scenario: Scenario, rtl: RtlSide, extra: { stopAt?: number; breakpoints?: number[]; onBoundary?: (c: number) => void; continueAfterDivergence?: boolean; observer?: RunObserver } = {}): Promise<Execution> {
  const setup = scenario.setup(cfg.seed);
  // The run's back-pressure, else the scenario's where the level takes delays (spec, or exact with timing warn).
  const bp = cfg.backpressure ?? ((cfg.compare ?? 'exact') === 'spec' || cfg.timing === 'warn' ? setup.backpressure : undefined);
  if (bp !== undefined) applyBackpressure(rtl, bp, cfg.seed);
  if (cfg.inputNoise !== false) applyInputNoise(rtl, cfg.seed, cfg.inputNoise === true);
  const host = {
    ...setup.host,
    // The driver's MSI window is the host's (a scenario may put it at or above 2^63).
    ...(setup.driver.msiBase !== undefined ? { msiWindow: { base: setup.driver.msiBase, size: 0x10_0000n } } : {}),
    completer: { seed: cfg.seed, ...setup.host?.completer, latency: { min: cfg.lookahead, max: Math.max(cfg.lookahead, setup.host?.completer?.latency?.max ?? cfg.lookahead) } },
  };
  let map: DomainMap | undefined;
  const feed = cfg.monitor === false ? null : new DriverFeed();
  const profile = profileFor(cfg);
  const ls = new Lockstep(rtl, {
    lookahead: cfg.lookahead, maxGrant: cfg.maxGrant, timingTolerance: profile.tolerance, timing: cfg.timing ?? 'fail', host, profile, model: modelOptions(cfg), maxFrameBytes: (cfg.device ?? REFERENCE_DEVICE).mtu + 18,
    compare: cfg.compare ?? 'exact', notifyBound: cfg.notifyBound,
    requestTimeout: 20_000, stopAt: extra.stopAt, breakpoints: extra.breakpoints, onBoundary: extra.onBoundary, continueAfterDivergence: extra.continueAfterDivergence ?? cfg.continueAfterDivergence,
    onEvent: cfg.trace || extra.observer ? (side, ev) => {
      cfg.trace?.(side, ev, map ? map.domainOf(ev) : ev.channel);
      extra.observer?.event(side, ev);
    } : undefined,
    monitor: feed ?? undefined,
    replica: cfg.replica ?? replicaFromEnv(),
    // Disabled byte lanes of the host's writes: seeded junk, zeros with input noise off (PCIe r6.0 §2.2.5).
    ...(cfg.inputNoise !== false ? { laneJunkSeed: cfg.seed } : {}),
  }, (ev) => (map ? map.domainOf(ev) : ev.channel));
  const driver = new VirtioNetDriver(ls, ls.guest, { seed: cfg.seed, ...setup.driver });
  map = new DomainMap(driver);
  feed?.attach(driver, ls.rc);
  const signals = new Signals(rtl, ls, wantsSignals(cfg, scenario));
  const ex: Execution = { ls, driver, stopped: null, driverError: null, feed, fault: null, interrupted: null, signals };
  const observed: ObservedRun = { driver, dut: ls, width: cfg.width, compare: cfg.compare ?? 'exact' };
  extra.observer?.attach(observed);
  try {
    await scenario.run({ driver, dut: ls, rng: new Prng(cfg.seed ^ 0x5eed), seed: cfg.seed, signals });
    ls.drain(256, cfg.drainCycles);
    ls.finish();
  } catch (e) {
    if (e instanceof CosimStop) ex.stopped = e;
    else if (endedBy(ex, e)) return ex;
    else {
      ex.driverError = `${(e as Error).name}: ${(e as Error).message}`;
      // Whatever the driver tripped over, the scoreboard may already know why. Both sides first
      // finish what is in flight (the driver reacts the cycle after a completion, so the model
      // may not have produced its own yet).
      try {
        ls.drain();
      } catch (e2) {
        if (endedBy(ex, e2)) return ex;
        if (!(e2 instanceof CosimStop)) throw e2;
        ex.stopped = e2;
      }
      ls.finish();
    }
  }
  if (!ex.fault && !ex.interrupted) extra.observer?.finish(observed);
  return ex;
}

/** A spec checker finding in the scoreboard's Divergence shape (RunResult.divergence). */
function specDivergence(f: SpecFinding): Divergence {
  const channel = f.kind === 'frame' ? 'm_axis_tx' : f.kind === 'unavailable' ? 'tx_rd_req' : f.kind === 'completion' ? 'tx_cpl' : 'tx_wr_req';
  return { kind: f.kind, cycle: f.cycle, domain: f.queue === null ? 'device' : `queue ${f.queue}`, channel, fields: [f.rule, ...f.detail], context: [], rule: f.rule };
}

/** End of run: guest memory regions (rings, buffers) as the model left them vs as the RTL did. */
export function compareMemory(ex: Execution): MemoryDiff[] {
  const diffs: MemoryDiff[] = [];
  for (const r of queueRegions(ex.driver)) {
    const a = ex.ls.modelMemory.read(r.start, r.len);
    const b = ex.ls.rc.memory.read(r.start, r.len);
    // Whole regions at once (memcmp); byte by byte only to name the first difference.
    if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))) continue;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        diffs.push({ region: r.name, address: addAddress(r.start, i), model: a[i], rtl: b[i] });
        break;
      }
    }
  }
  return diffs;
}

export async function runCosim(cfg: RunConfig): Promise<RunResult> {
  if (cfg.width !== 64 && cfg.width !== 256) throw new CosimConfigError('width', cfg.width, 'must be 64 or 256');
  if (!Number.isInteger(cfg.lookahead) || cfg.lookahead < 1) throw new CosimConfigError('lookahead', cfg.lookahead, 'must be an integer >= 1');
  // The host's minimum read latency must stay below the completion timeout, or every read times out.
  if (cfg.lookahead >= COMPLETION_TIMEOUT_CYCLES) throw new CosimConfigError('lookahead', cfg.lookahead, `must be below the completion timeout of ${COMPLETION_TIMEOUT_CYCLES} cycles`);
  if (!Number.isInteger(cfg.seed)) throw new CosimConfigError('seed', cfg.seed, 'must be an integer');
  if (cfg.compare !== undefined && cfg.compare !== 'exact' && cfg.compare !== 'spec') throw new CosimConfigError('compare', cfg.compare, "must be 'exact' or 'spec'");
  if (cfg.timing !== undefined && cfg.timing !== 'fail' && cfg.timing !== 'warn') throw new CosimConfigError('timing', cfg.timing, "must be 'fail' or 'warn'");
  if (cfg.notifyBound !== undefined && !(cfg.notifyBound >= 1)) throw new CosimConfigError('notifyBound', cfg.notifyBound, 'must be a number of cycles >= 1 (Infinity: no bound)');
  if (cfg.backpressure !== undefined) {
    const stalls = [...stallProbabilities(cfg.backpressure).values()].some((p) => p > 0);
    if (stalls && (cfg.compare ?? 'exact') === 'exact' && cfg.timing !== 'warn') throw new CosimConfigError('backpressure', cfg.backpressure, "delays the device: at the exact level it needs timing 'warn' (or compare 'spec')");
  }
  const scenario = typeof cfg.scenario === 'string' && isScenarioFile(cfg.scenario) ? await loadScenarioFile(cfg.scenario) : scenarioByName(cfg.scenario);
  // One run is synchronous (the driver blocks on the simulator): give the event loop a turn first,
  // so back-to-back runs on one simulator never starve timers and IPC (a test runner's RPC).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const t0 = performance.now();
  // A simulator that dies while Ctrl-C stops the command: Interrupted (interrupt.ts).
  const signals = wantsSignals(cfg, scenario);
  if (signals && cfg.rtl && !cfg.rtl.publicSignals) throw new CosimConfigError('rtl', cfg.rtl.buildId, `is not a signals build, and scenario ${scenario.name} uses signal access (start it with signals: true)`);
  // The coverage build's server writes its counts where this names, when it exits (rtl-bridge/server/sim.cpp).
  if (cfg.rtlCoverage !== undefined) process.env.VIRTIO_COSIM_COVERAGE_DAT = path.resolve(cfg.rtlCoverage);
  const rtl: RtlSide = cfg.rtl ?? (await startRtl({ width: cfg.width, defines: cfg.defines, dut: cfg.dut, trace: false, signals, coverage: cfg.rtlCoverage !== undefined, transport: cfg.transport, connect: cfg.connect }).catch((e: unknown) => {
    throw orInterrupted(e);
  }));
  let ex: Execution;
  let runMs = 0;
  try {
    try {
      const m = modelOptions(cfg);
      if (cfg.preflight !== false) preflight(rtl, { params: m.params, virtio: m.virtio, profile: profileFor(cfg), lookahead: cfg.lookahead, description: cfg.deviceFile ?? 'reference' });
      rtl.reset();
    } catch (e) {
      throw orInterrupted(e);
    }
    const t1 = performance.now();
    ex = await execute(cfg, scenario, rtl, { observer: cfg.observer });
    runMs = performance.now() - t1;
  } finally {
    if (!cfg.rtl) {
      rtl.close();
      // A coverage build writes its counts as it exits, after SHUTDOWN: wait for that, or the
      // command's exit kills it mid-write (an empty .dat; tb/regress/rtl-coverage.ts).
      if (cfg.rtlCoverage !== undefined) await rtl.exited?.(30_000);
    }
  }
  const wallMs = performance.now() - t0;
  const summary = ex.ls.scoreboard.summary();
  const ring = ex.feed?.monitor?.report() ?? null;
  const firstRing = ring?.violations.find((v) => v.severity === 'error');
  const spec = ex.ls.spec;
  const finding = spec?.first ?? null;
  if (!summary.divergence && finding) summary.divergence = specDivergence(finding);
  else if (spec && summary.divergence?.channel === 'tx_cpl') {
    // A register read differs: name what the checker knows about DEVICE_NEEDS_RESET (§2.1.2).
    summary.divergence.fields.push(spec.needsResetCause ? `spec checker: DEVICE_NEEDS_RESET due: ${spec.needsResetCause}` : 'spec checker: no cause for DEVICE_NEEDS_RESET seen (virtio 1.x §2.1.2: set only on an error the device cannot recover from)');
  }
  const divergence = summary.divergence ?? (firstRing ? ringDivergence(firstRing) : null);
  // At the spec level the checker judged used entries and used buffers as they were published;
  // the rest of guest memory is the design's business.
  const memoryDiffs = divergence || spec ? [] : compareMemory(ex);
  const hostErrors = ex.ls.rc.errors;
  const { rtl: _omit, trace: _trace, observer: _observer, ...rest } = cfg;
  const config = { ...rest, scenario: scenario.name, compare: cfg.compare ?? 'exact', timing: cfg.timing ?? 'fail', ...(signals ? { signals } : {}) };
  const result: RunResult = {
    config, buildId: rtl.buildId, cycles: ex.ls.now, summary, divergence, memoryDiffs, hostErrors, ring,
    spec: spec ? { findings: spec.findings, counts: { ...spec.counts } } : null,
    driverError: ex.driverError,
    held: { completions: ex.ls.stats.heldCompletions, maxCycles: ex.ls.stats.heldCyclesMax },
    rtlCyclesPerSecond: ex.ls.stats.rtlWallMs > 0 ? ex.ls.now / (ex.ls.stats.rtlWallMs / 1000) : 0,
    cyclesPerSecond: runMs > 0 ? ex.ls.now / (runMs / 1000) : 0,
    engine: { grants: ex.ls.stats.chunks, stops: ex.ls.stats.stops, steps: ex.ls.stats.steps, runMs, rtlWaitMs: ex.ls.stats.rtlWallMs, replicaCompletions: ex.ls.stats.replicaCompletions, heldGrants: ex.ls.stats.heldGrants },
    wallMs, wavePath: null, report: '',
    fault: ex.fault?.message ?? null, faultDetail: ex.fault?.stderrTail ?? [], interrupted: ex.interrupted, wavesError: null, pokes: ex.signals.pokes,
    ok: !divergence && memoryDiffs.length === 0 && hostErrors.length === 0 && !ex.driverError && !ex.fault && !ex.interrupted,
  };
  if (!summary.divergence && firstRing) result.summary = { ...summary, divergence };
  if (divergence) {
    const head = finding && divergence.rule !== undefined ? formatFinding(finding) : formatDivergence(divergence);
    const pokedBefore = ex.signals.pokes.filter((p) => p.cycle <= divergence.cycle);
    result.report = [`${head}${divergence.rule === undefined ? ` [compare=${config.compare}]` : ''}`, ...(pokedBefore.length ? [`  the test poked the DUT before this divergence (the model knows nothing of pokes): ${formatPokes(pokedBefore)}`] : []), '  last inputs (both sides):', ...ex.ls.inputLog.map((l) => `    ${l}`)].join('\n');
    if ((cfg.wavesOnDivergence ?? true) && !ex.interrupted && !receivedSignal()) {
      // The report stands without its waves: a failure here is one line in the summary.
      try {
        result.wavePath = await captureWaves(cfg, scenario, divergence.cycle);
      } catch (e) {
        const sig = receivedSignal();
        if (sig) result.interrupted = sig;
        else result.wavesError = `the waves could not be written: ${e instanceof RtlBridgeError ? e.message : String(e)}`;
      }
    }
  }
  return result;
}

/** A ring-monitor error as the run's divergence: the RTL's TLP, the rule and its section. */
function ringDivergence(v: RingViolation): Divergence {
  const channel = v.tlp.kind === 'MRd' ? 'tx_rd_req' : 'tx_wr_req';
  return {
    kind: 'ring-rule', cycle: v.cycle, domain: v.queue === null ? 'ring' : `q${v.queue}`, channel,
    rtl: { cycle: v.cycle, channel, tlp: v.tlp }, fields: [`${v.rule} (${v.section}): ${v.detail}`], context: [],
  };
}

/**
 * Same seed, same stimulus, a --trace build: run up to (cycle - W), open the wave window, run to
 * (cycle + W), close it. Determinism makes the window show the divergence.
 */
export async function captureWaves(cfg: RunConfig, scenario: Scenario, cycle: number): Promise<string> {
  const W = cfg.waveWindow ?? 200;
  const from = Math.max(0, cycle - W);
  const to = cycle + W;
  const file = path.join(cfg.wavesDir ?? path.join(REPO_ROOT, 'waves', 'out'), `${scenario.name}-${cfg.seed}-${cycle}.vcd`);
  // Fail before a second simulator starts if the folder cannot take the file.
  mkdirSync(path.dirname(file), { recursive: true });
  accessSync(path.dirname(file), fsConstants.W_OK);
  const rtl = await startRtl({ width: cfg.width, defines: cfg.defines, dut: cfg.dut, trace: true, signals: wantsSignals(cfg, scenario), transport: cfg.transport });
  let written = '';
  let failed: unknown = null;
  try {
    rtl.reset();
    let open = false;
    const onBoundary = (c: number): void => {
      if (!open && !failed && c >= from && c < to) {
        try {
          written = rtl.wavesStart(file);
          open = true;
        } catch (e) {
          failed = e;
        }
      } else if (open && c >= to) {
        rtl.wavesStop();
        open = false;
      }
    };
    if (from === 0) onBoundary(0);
    // The driver may run out of work before `to`: keep the clock going to close the window.
    const ex = await execute(cfg, scenario, rtl, { stopAt: to, breakpoints: [from, to], onBoundary, continueAfterDivergence: true });
    if (ex.fault) throw ex.fault;
    if (ex.interrupted) throw new RtlBridgeError('waves', `interrupted by ${ex.interrupted}`);
    if (failed) throw failed;
    if (!ex.stopped && open) {
      try {
        ex.ls.run(to - ex.ls.now);
      } catch {
        // CosimStop at `to`
      }
    }
    if (open) rtl.wavesStop();
  } finally {
    rtl.close();
  }
  return written;
}

/** 0 agree; 130/143 stopped by SIGINT/SIGTERM; 1 divergence or simulator fault. */
export function runExitCode(r: RunResult): number {
  const sig = r.interrupted ?? receivedSignal();
  return sig ? signalExitCode(sig) : r.ok ? 0 : 1;
}

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

/** The summary printout: cycles, compared transactions per kind, divergences, timing, speed. */
export function formatSummary(r: RunResult): string {
  const s = r.summary;
  const lines: string[] = [];
  lines.push(`co-simulation ${r.config.scenario} seed ${r.config.seed}, TLP_DATA_WIDTH ${r.config.width}, lookahead ${r.config.lookahead}, compare=${r.config.compare}, build ${r.buildId}${r.config.defines.length ? `, defines ${r.config.defines.join(' ')}` : ''}`);
  // The profile's `placeholder` flag: numbers not measured on the design make timing results guesses.
  const profile = r.config.profile ?? REFERENCE_RTL_PROFILE;
  if (r.config.profile || profile.placeholder) lines.push(`  timing profile ${profile.name}${profile.placeholder ? ' (placeholder: not measured on the design, timing results are guesses)' : ''}`);
  lines.push(`  cycles simulated       ${pad(r.cycles, 10)}`);
  const kinds = Object.entries(s.compared).map(([k, v]) => `${k} ${v}`).join(', ');
  const total = Object.values(s.compared).reduce((a, b) => a + b, 0);
  lines.push(`  transactions compared  ${pad(total, 10)}  (${kinds})`);
  lines.push(`  divergences            ${pad(s.divergence ? 1 : 0, 10)}${s.divergence ? `  (${s.divergence.kind} on ${s.divergence.channel} at cycle ${s.divergence.cycle})` : ''}`);
  if (r.spec) {
    const c = r.spec.counts;
    lines.push(`  spec checks            frames ${c.frames}, used elements ${c.used}, rx delivered ${c.rxDelivered} / legally dropped ${c.rxDropped}, ctrl ${c.ctrl}, notifications ${c.notifications}; rules broken ${r.spec.findings.length}${r.spec.findings.length ? ` (first: ${r.spec.findings[0].rule})` : ''}`);
  }
  lines.push(`  memory regions differing ${pad(r.memoryDiffs.length, 8)}${r.memoryDiffs.map((d) => `  ${d.region}@0x${d.address.toString(16)} model 0x${d.model.toString(16)} rtl 0x${d.rtl.toString(16)}`).join('')}`);
  lines.push(`  host rule violations   ${pad(r.hostErrors.length, 10)}${r.hostErrors.slice(0, 3).map((e) => `  ${e.message}`).join('')}`);
  if (r.ring) lines.push(`  ring-rule violations   ${pad(r.ring.errors, 10)}  (warnings ${r.ring.warnings})${r.ring.violations.slice(0, 3).map((v) => `  ${v.message}`).join('')}`);
  if (r.driverError) lines.push(`  driver error: ${r.driverError}`);
  if (r.config.signals) lines.push(`  signal pokes           ${pad(r.pokes.length, 10)}${r.pokes.length ? `  (the DUT was perturbed from cycle ${r.pokes[0]!.cycle}: ${formatPokes(r.pokes)})` : ''}`);
  const tol = s.timingTolerance;
  lines.push(`  timing error (rtl - model): mean ${s.timingMean.toFixed(2)}, max |${s.timingMaxAbs}|, outside tolerance -${tol.before}..+${tol.after} ${s.timingViolations} (timing=${s.timing})`);
  for (const v of s.timingList) lines.push(`    timing warning: ${v.transaction} rtl @${v.rtlCycle}, model @${v.modelCycle} (rtl - model = ${v.difference}) [${v.domain}]`);
  if (s.timingViolations > s.timingList.length) lines.push(`    ... and ${s.timingViolations - s.timingList.length} more outside the tolerance`);
  lines.push(`  timing histogram       ${histogram(s.timingHistogram)}`);
  lines.push(`  completions held for the model ${r.held.completions} (max ${r.held.maxCycles} cycles)`);
  lines.push(`  simulated cycles per second ${pad(Math.round(r.cyclesPerSecond), 5)}  (${r.engine.grants} round trips to the RTL, ${r.engine.stops} stopped early; ${Math.round((100 * r.engine.rtlWaitMs) / Math.max(r.engine.runMs, 1e-9))}% of ${r.engine.runMs.toFixed(0)} ms waiting for it)`);
  lines.push(`  wall time              ${pad((r.wallMs / 1000).toFixed(2), 10)} s`);
  if (r.wavePath) lines.push(`  waves: ${r.wavePath}`);
  if (r.wavesError) lines.push(`  waves: ${r.wavesError}`);
  if (r.interrupted) lines.push(`  interrupted by ${r.interrupted} at cycle ${r.cycles}: the figures above are of the run so far`);
  if (r.fault) lines.push(...(r.faultDetail ?? []).map((l) => `  simulator stderr: ${l}`), `  simulator fault: ${r.fault}`);
  lines.push(`  result: ${r.interrupted ? 'INTERRUPTED' : r.fault ? 'SIMULATOR FAULT' : r.ok ? 'AGREE' : 'DIVERGED'}`);
  return lines.join('\n');
}

/** The first pokes of a run, `name = value @ cycle`. */
function formatPokes(pokes: readonly PokeRecord[]): string {
  const head = pokes.slice(0, 3).map((p) => `${p.name} = 0x${p.value.toString(16)} @ ${p.cycle}`).join(', ');
  return pokes.length > 3 ? `${head}, ... (${pokes.length} in all)` : head;
}

/** Buckets of rtl - model cycle difference: <-16, -16..-5, -4..-1, 0, 1..4, 5..16, >16. */
export function histogram(h: Map<number, number>): string {
  const buckets: Array<[string, (d: number) => boolean]> = [
    ['<-16', (d) => d < -16], ['-16..-5', (d) => d >= -16 && d <= -5], ['-4..-1', (d) => d >= -4 && d <= -1], ['0', (d) => d === 0],
    ['1..4', (d) => d >= 1 && d <= 4], ['5..16', (d) => d >= 5 && d <= 16], ['>16', (d) => d > 16],
  ];
  return buckets.map(([name, f]) => {
    let n = 0;
    for (const [d, c] of h) if (f(d)) n += c;
    return `${name}:${n}`;
  }).join(' ');
}
