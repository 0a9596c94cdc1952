// SyncRtl: the RTL simulator behind a blocking interface, so the synchronous driver model
// (tb/driver: request() returns the completion) can drive the Verilator build in lockstep with
// the golden model. The asynchronous ZeroMQ client (rtl-bridge/client) runs in a worker thread;
// each call here posts one request and sleeps on a shared flag (Atomics.wait, bounded) until the
// worker has posted the reply, which receiveMessageOnPort then takes synchronously.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { rmSync } from 'node:fs';
import { buildServer, forgetOnExit, removeOnExit, requestCapMs, type BuildOptions, type DutInfo, type HostCompletion, type HostStep, type LateStop, type Output, type OutputChannel, type SignalEntry, type Backpressure, type ReadyChannel } from '../../rtl-bridge/client/index.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One input for the RTL, already encoded (header DWs as the bridge wants them). */
export interface RtlInput {
  channel: 'rx_req' | 'rx_cpl' | 's_axis_rx';
  cycle: number;
  hdr: Uint32Array;
  data: Uint8Array;
  /** rx_req: BAR id; rx_cpl: error flags; s_axis_rx: tuser. */
  sideband: number;
}

export type RtlRequest =
  | { op: 'start'; width: 64 | 256; defines: string[]; dut?: BuildOptions['dut']; trace: boolean; signals?: boolean; coverage?: boolean; record?: string; timeoutMs: number; bin?: string; endpoint?: string; connect?: string }
  | { op: 'peek'; name: string }
  | { op: 'poke'; name: string; words: Uint32Array }
  | { op: 'signalList'; prefix: string; max: number }
  | { op: 'reset'; cycles: number }
  | { op: 'step'; inputs: RtlInput[]; until: number; batch: number; stopOn: readonly OutputChannel[]; late?: LateStop; watching?: boolean; host?: HostStep }
  | { op: 'watch'; names: string[] }
  | { op: 'backpressure'; channel: ReadyChannel; bp: Backpressure }
  | { op: 'inputNoise'; seed: number }
  | { op: 'wavesStart'; file: string }
  | { op: 'wavesStop' }
  | { op: 'close' };

export type RtlReply =
  | { ok: true; info?: { buildId: string; tlpDataWidth: number; hello?: DutInfo; pid?: number; ipcPath?: string; publicSignals?: boolean }; cycle?: number; outputs?: Output[]; hostCpls?: HostCompletion[]; path?: string; stats?: SimulatorStats; peek?: SignalValue; list?: { total: number; entries: SignalEntry[] } }
  | { ok: false; error: string; errorName?: string; stderrTail?: string[] };

/** utime + stime of a live process in seconds (Linux /proc), NaN elsewhere. */
export { processCpuSeconds } from '../../rtl-bridge/client/process.js';

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

  /** From an error of rtl-bridge/client (by name: it may have crossed a worker boundary). */
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
  step(inputs: RtlInput[], until: number, stopOn?: readonly OutputChannel[], late?: LateStop, host?: HostStep): Output[];
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
  setBackpressure?(channel: ReadyChannel, bp: Backpressure): void;
  /** Random values where the inputs carry no meaning (INPUT_NOISE; seed 0 = off), until the next reset. */
  setInputNoise?(seed: number): void;
}

/** A signal as PEEK reads it: its width and its value as 32-bit words (word 0 = bits [31:0]). */
export interface SignalValue { bits: number; words: Uint32Array }

/** Open SyncRtl instances: closed in order if the process exits first (process.exit in a handler). */
const liveRtl = new Set<SyncRtl>();
let exitHook = false;

export class SyncRtl implements RtlSide {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  /** The first simulator fault: every later call throws it (not an error about its aftermath). */
  private dead: RtlBridgeError | null = null;
  /** A call was cut short (Ctrl-C): its reply may still come, so the worker is out of step. */
  private broken = false;
  /** Never notified: Atomics.wait on it is a bounded sleep of this thread. */
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));
  readonly buildId: string;
  readonly hello: DutInfo | undefined;
  readonly publicSignals: boolean;
  /** The server's pid and ipc socket (the worker spawned it; this thread cleans up on exit). */
  readonly serverPid: number | undefined;
  private readonly ipcPath: string | undefined;
  /** Next cycle the RTL will simulate. */
  cycle = 0;

  /**
   * Builds (asynchronously, cached by make) and then starts the simulator. Prefer this over the
   * constructor: a build can take a minute, and the constructor blocks the thread meanwhile.
   */
  static async create(opts: SyncRtlOptions): Promise<SyncRtl> {
    try {
      if (!opts.bin && !opts.connect) await buildServer({ top: 'rtl', dut: opts.dut, width: opts.width, defines: opts.defines, trace: opts.trace ? 'vcd' : false, signals: opts.signals, coverage: opts.coverage });
    } catch (e) {
      throw RtlBridgeError.from('start', e as Error);
    }
    return new SyncRtl(opts);
  }

  constructor(readonly opts: SyncRtlOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // Node 20 applies --import loader hooks too late for a worker's entry module, so a small
    // bootstrap registers tsx's ESM hooks first and then imports the TypeScript worker.
    const tsxApi = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
    const entry = new URL('./rtl-worker.ts', import.meta.url).href;
    const bootstrap = `
      const { workerData } = require('node:worker_threads');
      import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((e) => {
        workerData.port.postMessage({ ok: false, error: 'worker bootstrap: ' + (e && e.stack || e) });
        Atomics.store(workerData.flag, 0, 1);
        Atomics.notify(workerData.flag, 0);
      });`;
    this.worker = new Worker(bootstrap, {
      eval: true,
      workerData: { port: port2, flag: this.flag },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    const r = this.call({ op: 'start', width: opts.width, defines: [...opts.defines], dut: opts.dut, trace: opts.trace, signals: opts.signals, coverage: opts.coverage, record: opts.record, timeoutMs: this.windowMs, bin: opts.bin, endpoint: opts.endpoint, connect: opts.connect }, 25 * 60_000);
    this.buildId = r.info!.buildId;
    this.hello = r.info!.hello;
    this.publicSignals = r.info!.publicSignals === true;
    this.serverPid = r.info!.pid;
    this.ipcPath = r.info!.ipcPath;
    // process.exit() (e.g. from a signal handler) ends the worker without its exit hooks.
    if (this.ipcPath) removeOnExit(this.ipcPath);
    liveRtl.add(this);
    if (liveRtl.size === 1 && !exitHook) {
      exitHook = true;
      process.once('exit', () => { for (const r of liveRtl) r.close(10_000); });
    }
  }

  private get windowMs(): number {
    return this.opts.timeoutMs ?? watchdogFromEnv();
  }

  /**
   * Posts one request to the worker and blocks for its reply. The worker's client bounds every
   * request (progress watchdog, then its hard cap); this wait only guards against a dead worker,
   * so it lasts a minute longer than that cap.
   */
  private call(req: RtlRequest, timeoutMs = requestCapMs(this.windowMs) + 60_000): Extract<RtlReply, { ok: true }> {
    if (this.dead && req.op !== 'close') throw this.dead;
    if (this.closed) throw new RtlBridgeError(req.op, 'the simulator is closed');
    if (this.broken) throw new RtlBridgeError(req.op, 'an earlier call was interrupted');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    // Cleared below once the reply is taken; still set if this thread is terminated meanwhile.
    this.broken = true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new RtlBridgeError(req.op, `no reply within ${timeoutMs} ms`);
      if (Atomics.wait(this.flag, 0, 0, Math.min(left, 1000)) !== 'timed-out' || Atomics.load(this.flag, 0) === 1) break;
    }
    // The worker posts its reply before raising the flag, but a message between threads may become
    // visible to this port a little later: on a loaded machine, wait for it (bounded), not spin.
    let msg = receiveMessageOnPort(this.port);
    for (const until = Date.now() + 10_000; !msg && Date.now() < until; msg = receiveMessageOnPort(this.port)) Atomics.wait(this.pause, 0, 0, 1);
    if (!msg) throw new RtlBridgeError(req.op, 'the worker raised its flag without a reply within 10 s');
    this.broken = false;
    const r = msg.message as RtlReply;
    if (!r.ok) {
      const e = RtlBridgeError.from(req.op, { name: r.errorName, message: r.error, stderrTail: r.stderrTail });
      if (e.fault) this.dead = e;
      throw e;
    }
    if (r.cycle !== undefined) this.cycle = r.cycle;
    return r;
  }

  reset(cycles = 8): void {
    this.call({ op: 'reset', cycles });
  }

  readonly hostReplica = true;
  private hostCpls: HostCompletion[] = [];

  /** Schedules `inputs` (cycles >= this.cycle) and simulates up to `until` (see RtlSide.step). */
  step(inputs: RtlInput[], until: number, stopOn: readonly OutputChannel[] = [], late?: LateStop, host?: HostStep, batch = 4096): Output[] {
    const r = this.call({ op: 'step', inputs, until, batch, stopOn, late, host, watching: this.watching });
    if (r.hostCpls && r.hostCpls.length > 0) this.hostCpls.push(...r.hostCpls);
    return r.outputs ?? [];
  }

  takeHostCompletions(): HostCompletion[] {
    const r = this.hostCpls;
    this.hostCpls = [];
    return r;
  }

  wavesStart(file: string): string {
    return this.call({ op: 'wavesStart', file }).path!;
  }

  wavesStop(): void {
    this.call({ op: 'wavesStop' });
  }

  peek(name: string): SignalValue {
    return this.call({ op: 'peek', name }).peek!;
  }

  poke(name: string, words: Uint32Array): void {
    this.call({ op: 'poke', name, words });
  }

  signalList(prefix: string, max: number): { total: number; entries: SignalEntry[] } {
    return this.call({ op: 'signalList', prefix, max }).list!;
  }

  /** A watch may end a grant early: steps then go out as one ADVANCE, never a pipelined batch. */
  private watching = false;

  watchSignals(names: readonly string[]): void {
    this.call({ op: 'watch', names: [...names] });
    this.watching = names.length > 0;
  }

  setBackpressure(channel: ReadyChannel, bp: Backpressure): void {
    this.call({ op: 'backpressure', channel, bp });
  }

  setInputNoise(seed: number): void {
    this.call({ op: 'inputNoise', seed });
  }

  /** Server figures from SHUTDOWN (set by close()). */
  finalStats: SimulatorStats | undefined;

  /**
   * SHUTDOWN (figures in finalStats). Never throws: the run's result is already known, and a
   * server that does not shut down is SIGKILLed by the worker's client, or dies with the worker
   * thread that spawned it (PR_SET_PDEATHSIG) when the worker is terminated here.
   */
  close(timeoutMs = 120_000): void {
    if (this.closed) return;
    try {
      if (this.broken) this.abort();
      this.finalStats = this.call({ op: 'close' }, timeoutMs).stats;
    } catch {
      this.finalStats = undefined;
    } finally {
      this.closed = true;
      liveRtl.delete(this);
      void this.worker.terminate();
      if (this.ipcPath) {
        rmSync(this.ipcPath, { force: true });
        forgetOnExit(this.ipcPath);
      }
    }
  }

  /**
   * After an interrupted call (Ctrl-C): the server is killed, so the worker's request ends
   * (SimulatorCrashed) at once; its reply is taken and dropped, and the worker is in step again
   * for close(), which then shuts its ZeroMQ socket down in order (a worker terminated with a
   * live socket aborts the process).
   */
  private abort(): void {
    if (this.serverPid !== undefined) {
      try {
        process.kill(this.serverPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + 10_000;
    while (Atomics.load(this.flag, 0) === 0 && Date.now() < deadline) Atomics.wait(this.flag, 0, 0, 100);
    if (Atomics.load(this.flag, 0) === 0) throw new RtlBridgeError('close', 'the worker did not answer after the interrupt');
    for (let i = 0; i < 1000 && !receiveMessageOnPort(this.port); i++);
    this.broken = false;
  }
}
