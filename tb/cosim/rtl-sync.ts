// SyncRtl: the RTL simulator behind a blocking interface, so the synchronous driver model
// (tb/driver: request() returns the completion) can drive the Verilator build in lockstep with
// the golden model. The main thread talks ZeroMQ itself (rtl-bridge/client/zmq-sync.ts, a small
// native addon): each call sends one multipart message and waits for the reply in bounded
// slices. FifoRtl (rtl-fifo.ts) is the same over named pipes: both are a BlockingRtl over one of
// the client's BlockingSimulator transports.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildServer, ZmqSyncSimulator, type BlockingSimulator, type BuildOptions, type DutInfo, type HostCompletion, type HostStep, type LateStop, type Output, type OutputChannel, type QuietStop, type SignalEntry, type Backpressure, type StallChannel } from '../../rtl-bridge/client/index.js';
import { processCpuSeconds } from '../../rtl-bridge/client/process.js';

/** One input for the RTL, already encoded (header DWs as the bridge wants them). */
export interface RtlInput {
  channel: 'rx_req' | 'rx_cpl' | 's_axis_rx';
  cycle: number;
  hdr: Uint32Array;
  data: Uint8Array;
  /** rx_req: BAR id; rx_cpl: error flags; s_axis_rx: tuser. */
  sideband: number;
}

/**
 * How the simulator failed: 'crashed' (its process ended), 'timeout' (it stopped answering and
 * was killed), 'spawn' (the binary could not be started), 'build' (make failed): the simulator
 * is gone and every later call fails with the same error. 'other': a request it refused (e.g. a
 * waves file it cannot open); the simulator still runs.
 */
export type RtlFaultKind = 'crashed' | 'timeout' | 'spawn' | 'build' | 'other';

const FAULT_KINDS: Record<string, RtlFaultKind> = {
  SimulatorCrashed: 'crashed', SimulatorTimeout: 'timeout', SimulatorSpawnFailed: 'spawn', BuildFailed: 'build',
};

/** The RTL side failed. For a simulator fault the message is the client's one line naming the cause. */
export class RtlBridgeError extends Error {
  constructor(readonly op: string, detail: string, readonly kind: RtlFaultKind = 'other', readonly stderrTail: readonly string[] = []) {
    super(kind === 'other' ? `RTL simulator "${op}" failed: ${detail}` : detail);
    this.name = 'RtlBridgeError';
  }

  /** The simulator is gone (crash, timeout, never started). */
  get fault(): boolean {
    return this.kind !== 'other';
  }

  /** From an error of rtl-bridge/client (by its name). */
  static from(op: string, e: { name?: string; message: string; stderrTail?: readonly string[] }): RtlBridgeError {
    const kind = FAULT_KINDS[e.name ?? ''] ?? 'other';
    // A build log is long: its last lines go to stderrTail, the message keeps the first line.
    const [first, ...rest] = e.message.split('\n');
    if (kind === 'other') return new RtlBridgeError(op, `${e.name ?? 'Error'}: ${e.message}`);
    return new RtlBridgeError(op, first ?? '', kind, e.stderrTail ?? rest.filter((l) => l.trim()).slice(-20));
  }
}

export interface SyncRtlOptions {
  width: 64 | 256;
  defines: readonly string[];
  /** A user's design (top, sources, include folders, parameters); default the reference RTL. */
  dut?: BuildOptions['dut'];
  /** A wave-capable (--trace) build. */
  trace: boolean;
  /** A `signals` build (--public-flat-rw): every internal signal reachable by peek/poke (tb/cosim/signals.ts). */
  signals?: boolean;
  /** A line/toggle coverage build (writes $VIRTIO_COSIM_COVERAGE_DAT at exit; rtl-bridge/server/README.md). */
  coverage?: boolean;
  /**
   * Simulator watchdog: a request fails after this long without server progress (default 60 s,
   * rtl-bridge/client/progress.ts); a slow but working simulator is never failed by it.
   */
  timeoutMs?: number;
  /** The server records every request here (input of the raw replay, tb/cosim/bench.ts). */
  record?: string;
  /** A server binary to run instead of the build's (a prebuilt server; fault tests). */
  bin?: string;
  /** ZeroMQ endpoint the started server serves on (default a fresh ipc:// path), e.g. tcp://127.0.0.1:5555. */
  endpoint?: string;
  /** Attach to a server someone started elsewhere (tcp://host:port): nothing is built or spawned. */
  connect?: string;
}

/**
 * The simulator watchdog window where a caller sets none: COSIM_WATCHDOG_MS in the environment
 * (an integer >= 100), else 60 s. A server that makes no progress for this long is killed.
 */
export function watchdogFromEnv(): number {
  const v = process.env.COSIM_WATCHDOG_MS;
  if (v === undefined || v === '') return 60_000;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 100) throw new RtlBridgeError('start', `COSIM_WATCHDOG_MS = "${v}" is not an integer >= 100 (milliseconds)`);
  return n;
}

/** What the server reported at SHUTDOWN (close()). */
export interface SimulatorStats {
  simulatedCycles: number;
  outputs: number;
  digest: string;
  /** CPU seconds the server process used (utime + stime, Linux /proc), or NaN. */
  serverCpuSeconds: number;
}

/** What the lockstep engine needs from the RTL side (SyncRtl; tests also plug in a model). */
export interface RtlSide {
  readonly buildId: string;
  /** What the server reported in HELLO (widths, parameters); checked against the device description before any traffic (preflight.ts). Absent for stand-ins. */
  readonly hello?: DutInfo;
  /** Next cycle the RTL will simulate. */
  readonly cycle: number;
  reset(cycles?: number): void;
  /**
   * Schedules `inputs` (cycles >= cycle) and simulates up to `until`, or stops right after the
   * first cycle in which an output on a `stopOn` channel completed, or `late.delay` cycles after
   * the first cycle in which one on a `late.on` channel did; `cycle` tells where it ended.
   */
  step(inputs: RtlInput[], until: number, stopOn?: readonly OutputChannel[], late?: LateStop, host?: HostStep, quiet?: QuietStop): Output[];
  /** step() takes `quiet` (the server's QUIET_STOP): the drain's grants run until the device falls quiet. */
  readonly quietStop?: boolean;
  /**
   * The server answers the device's reads from its host replica (protocol 3, docs/host-replica.md):
   * step() takes `host` messages and takeHostCompletions() returns what the replica delivered.
   * Absent or false: the engine answers every read itself (one round trip per read).
   */
  readonly hostReplica?: boolean;
  /** The completions the server's replica put on rx_cpl during the steps since the last call. */
  takeHostCompletions?(): HostCompletion[];
  wavesStart(file: string): string;
  wavesStop(): void;
  close(): void;
  /** After close(): resolves once the server this side started has exited (at most `ms`); at once for one it did not start. */
  exited?(ms: number): Promise<void>;
  /** Signal access (SyncRtl, FifoRtl; tb/cosim/signals.ts): true on a `signals` build. */
  readonly publicSignals?: boolean;
  /** A signal's width and value now (at `cycle`, after the rising edge that ended cycle - 1). */
  peek?(name: string): SignalValue;
  /** Deposits a value into an internal signal (ports are refused: the BFMs drive them). */
  poke?(name: string, words: Uint32Array): void;
  /** The names peek/poke reach that start with `prefix` (at most `max`), and how many match. */
  signalList?(prefix: string, max: number): { total: number; entries: SignalEntry[] };
  /** Later steps also end right after a cycle in which one of `names` changed (empty: no more). */
  watchSignals?(names: readonly string[]): void;
  /** The ready pattern of an output channel from the current cycle until the next reset (BACKPRESSURE). */
  setBackpressure?(channel: StallChannel, bp: Backpressure): void;
  /** Random values where the inputs carry no meaning (INPUT_NOISE; seed 0 = off), until the next reset. */
  setInputNoise?(seed: number): void;
}

/** A signal as PEEK reads it: its width and its value as 32-bit words (word 0 = bits [31:0]). */
export interface SignalValue { bits: number; words: Uint32Array }

/** Runs one client call; its error becomes an RtlBridgeError (the tb/cosim layer's one error type). */
function guard<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw RtlBridgeError.from(op, e as Error);
  }
}

/**
 * Open simulators: closed (SHUTDOWN, so a coverage build still writes its data) if the process
 * exits first (process.exit in a handler), before process.ts's exit hook kills what is left.
 */
const liveRtl = new Set<BlockingRtl>();
let exitHook = false;

/** RtlSide over a blocking client (ZeroMQ in this thread, or named pipes). */
export class BlockingRtl implements RtlSide {
  readonly buildId: string;
  readonly hello: DutInfo;
  /** Server figures from SHUTDOWN (set by close()). */
  finalStats: SimulatorStats | undefined;

  protected constructor(protected readonly sim: BlockingSimulator) {
    this.buildId = sim.info.buildId;
    this.hello = sim.info;
    liveRtl.add(this);
    if (!exitHook) {
      exitHook = true;
      process.prependListener('exit', () => { for (const r of liveRtl) r.close(); });
    }
  }

  /** Next cycle the RTL will simulate. */
  get cycle(): number {
    return this.sim.cycle;
  }

  get quietStop(): boolean {
    return this.sim.info.quietStop;
  }

  /** The server's process id (none when attached to a server started elsewhere). */
  get serverPid(): number | undefined {
    return this.sim.proc?.child.pid;
  }

  reset(cycles = 8): void {
    guard('reset', () => this.sim.reset(cycles));
  }

  readonly hostReplica = true;
  private hostCpls: HostCompletion[] = [];

  /** Schedules `inputs` (cycles >= this.cycle) and simulates up to `until` (see RtlSide.step). */
  step(inputs: RtlInput[], until: number, stopOn: readonly OutputChannel[] = [], late?: LateStop, host?: HostStep, quiet?: QuietStop): Output[] {
    const outs = guard('step', () => this.sim.step(inputs, until, stopOn, late, host, quiet));
    const cpls = this.sim.hostCpls;
    if (cpls.length > 0) {
      if (this.hostCpls.length === 0) this.hostCpls = cpls;
      else for (const c of cpls) this.hostCpls.push(c);
    }
    return outs;
  }

  takeHostCompletions(): HostCompletion[] {
    const r = this.hostCpls;
    this.hostCpls = [];
    return r;
  }

  wavesStart(file: string): string {
    const p = path.resolve(file);
    guard('wavesStart', () => {
      mkdirSync(path.dirname(p), { recursive: true });
      this.sim.wavesStart(p);
    });
    return p;
  }

  wavesStop(): void {
    guard('wavesStop', () => this.sim.wavesStop());
  }

  get publicSignals(): boolean {
    return this.sim.info.publicSignals;
  }

  peek(name: string): SignalValue {
    return guard('peek', () => this.sim.peek(name));
  }

  poke(name: string, words: Uint32Array): void {
    guard('poke', () => this.sim.poke(name, words));
  }

  watchSignals(names: readonly string[]): void {
    guard('watch', () => this.sim.watchSignals(names));
  }

  setBackpressure(channel: StallChannel, bp: Backpressure): void {
    guard('backpressure', () => this.sim.setBackpressure(channel, bp));
  }

  setInputNoise(seed: number): void {
    guard('inputNoise', () => this.sim.setInputNoise(seed));
  }

  signalList(prefix: string, max: number): { total: number; entries: SignalEntry[] } {
    return guard('signalList', () => this.sim.signalList(prefix, max));
  }

  /**
   * SHUTDOWN (figures in finalStats). Never throws: the run's result is already known, and a
   * server that does not shut down is SIGKILLed (it also dies with this process: PDEATHSIG).
   */
  close(): void {
    if (!liveRtl.delete(this)) return;
    const pid = this.serverPid;
    const cpu = pid !== undefined ? processCpuSeconds(pid) : Number.NaN;
    try {
      this.sim.close();
    } catch {
      // close() reports nothing: the first fault was reported where it happened
    }
    const f = this.sim.finalStats;
    this.finalStats = f ? { ...f, serverCpuSeconds: cpu } : undefined;
  }

  async exited(ms: number): Promise<void> {
    const done = this.sim.proc?.exited;
    if (!done) return;
    let t: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => { t = setTimeout(resolve, ms); })]);
    clearTimeout(t);
  }
}

/** The RTL over ZeroMQ (ipc by default, `endpoint` tcp://..., or `connect` to a server elsewhere). */
export class SyncRtl extends BlockingRtl {
  /** Builds the server (cached by make) unless one is given or attached to, then starts it. */
  static async create(opts: SyncRtlOptions): Promise<SyncRtl> {
    let bin: string | undefined = opts.bin;
    try {
      if (!bin && !opts.connect) bin = await buildServer({ top: 'rtl', dut: opts.dut, width: opts.width, defines: opts.defines, trace: opts.trace ? 'vcd' : false, signals: opts.signals, coverage: opts.coverage });
    } catch (e) {
      throw RtlBridgeError.from('start', e as Error);
    }
    return new SyncRtl(opts, bin);
  }

  constructor(readonly opts: SyncRtlOptions, bin?: string) {
    const timeoutMs = opts.timeoutMs ?? watchdogFromEnv();
    super(guard('start', () => opts.connect
      ? ZmqSyncSimulator.attach(opts.connect, { timeoutMs })
      : ZmqSyncSimulator.start({ bin: bin ?? opts.bin ?? '', endpoint: opts.endpoint, timeoutMs, record: opts.record })));
  }
}
