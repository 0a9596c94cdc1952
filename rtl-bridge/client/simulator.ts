// The simulator client: start/attach, schedule inputs, advance time, collect outputs.
//
// Synchronisation (conservative, time-stamped; PROTOCOL.md §Synchronisation): every input is
// stamped with the cycle it takes effect at; the server only simulates cycles the client has
// granted. With a lookahead L (no host response comes sooner than L cycles after the output it
// answers), once outputs are known up to cycle R the client can grant up to R + L, in chunks with
// several ADVANCE requests in flight. Results equal strict per-cycle lockstep exactly.
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { Tlp } from '../../model/tlp/types.js';
import { tlpToHdr, hdrToTlp } from '../../model/tlp/codec.js';
import { Connection } from './connection.js';
import {
  DutTimeout, LookaheadViolation, SimulatorArgumentError, SimulatorCrashed, SimulatorError, SimulatorSpawnFailed,
} from './errors.js';
import { buildServer, forgetOnExit, removeOnExit, REPO_ROOT, spawnServer, type BuildOptions, type ServerProcess } from './process.js';
import {
  BpMode, CHANNEL_ID, FLAG_STOPPED, OUTPUT_CHANNELS, PROTOCOL_VERSION, WavesOp, decodeAdvanceBody, isTransaction,
  decodeHelloBody, decodePeekBody, decodeShutdownBody, decodeSignalListBody, encodeAdvance, encodeSignalList, encodeWatch, type SignalEntry, encodeInputNoise, backpressureWire, type Backpressure, encodeBackpressure, encodeHello, encodePeek, encodePoke, encodeReset,
  channelMask, encodeSchedule, encodeShutdown, encodeWaves, type DutInfo, type FinalStats, type InputItem, type LateStop, type Output,
  type OutputChannel, type ReadyChannel, type StallChannel, type TlpInputChannel,
  HOST_HOLD_READS, decodeHostCompletions, encodeHostStep, type HostCompletion, type HostStep,
} from './protocol.js';

export interface StartOptions extends BuildOptions {
  /** `tcp://host:port` to serve on; default a fresh `ipc://` path under os.tmpdir(). */
  endpoint?: string;
  /** Watchdog for every request: fails after this long without server progress, ms (default 60 s; progress.ts). */
  timeoutMs?: number;
  /** Server records every request here (input of the raw replay, see bench.ts). */
  record?: string;
  /** Extra server arguments (test hooks such as --test-hang-after). */
  serverArgs?: readonly string[];
  /** Protocol version sent in HELLO (tests of the mismatch path only). */
  protocolVersion?: number;
  /** A server binary to run instead of building one (e.g. a prebuilt server). */
  bin?: string;
}

export type { Backpressure } from './protocol.js';

export interface ScheduleOptions { barId?: number; funcNum?: number; error?: number }

/** What a reactive host may do from inside onOutput. */
export interface HostScheduler {
  scheduleTlp(channel: TlpInputChannel, tlp: Tlp | Uint32Array, data: Uint8Array | undefined, cycle: number, o?: ScheduleOptions): void;
  scheduleFrame(bytes: Uint8Array, cycle: number, tuser?: boolean): void;
}

/** A host model driven by the DUT's outputs (e.g. the co-sim runner's memory and root complex). */
export interface ReactiveHost {
  onOutput(out: Output, sched: HostScheduler): void;
}

export interface RunOptions {
  /** Run until the server cycle equals this. */
  until: number;
  /** Minimum host response latency in cycles (>= 1). */
  lookahead: number;
  /** ADVANCE requests in flight (default 4; 1 with step 1 is strict per-cycle lockstep). */
  depth?: number;
  /** Cycles per ADVANCE (default ceil(lookahead / depth)). */
  step?: number;
}

export interface AdvanceResult { outputs: Output[]; match: Output | undefined }

const DEFAULT_TIMEOUT_MS = 60_000;
const STARTUP_TIMEOUT_MS = 30_000;
const MAX_BATCH = 1 << 20;

/** Builds (cached by make) and starts a server, then connects and handshakes. */
export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const bin = opts.bin ?? (await buildServer(opts));
  let endpoint = opts.endpoint;
  let ipcPath: string | undefined;
  if (!endpoint) {
    const dir = path.join(os.tmpdir(), 'virtio-cosim');
    await mkdir(dir, { recursive: true });
    ipcPath = path.join(dir, `sim-${process.pid}-${randomBytes(6).toString('hex')}.sock`);
    endpoint = `ipc://${ipcPath}`;
    removeOnExit(ipcPath);
  }
  const args = ['--endpoint', endpoint];
  if (opts.record) args.push('--record', opts.record);
  args.push(...(opts.serverArgs ?? []));
  let proc: ServerProcess;
  try {
    proc = spawnServer(bin, args);
  } catch (e) {
    if (ipcPath) forgetOnExit(ipcPath);
    throw e;
  }
  const connectTo = endpoint.replace('tcp://*:', 'tcp://127.0.0.1:').replace('tcp://0.0.0.0:', 'tcp://127.0.0.1:');
  return connect(connectTo, opts, proc, ipcPath);
}

/** Connects to a server someone else started (no process to watch: the watchdog still applies). */
export function attach(endpoint: string, opts: { timeoutMs?: number; protocolVersion?: number } = {}): Promise<Simulator> {
  return connect(endpoint, opts);
}

/** Connects and handshakes (HELLO); on failure closes what was opened and rethrows. */
async function connect(
  endpoint: string, opts: { timeoutMs?: number; protocolVersion?: number }, proc?: ServerProcess, ipcPath?: string,
): Promise<Simulator> {
  const version = opts.protocolVersion ?? PROTOCOL_VERSION;
  const sim = new Simulator(new Connection(endpoint, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, version), proc, ipcPath);
  try {
    await sim.hello(version);
  } catch (e) {
    await sim.close();
    throw e;
  }
  return sim;
}

function checkCycle(field: string, c: number): void {
  if (!Number.isSafeInteger(c) || c < 0) throw new SimulatorArgumentError(field, c, 'must be a non-negative integer');
}

export class Simulator {
  info!: DutInfo;
  /** Server cycle after the last completed request (next cycle to simulate). */
  cycle = 0;
  private batch: InputItem[] = [];
  /** Host replica messages for the next ADVANCE (docs/host-replica.md). */
  private hostPending: HostStep | null = null;
  /** Completions the server's host replica delivered, in order, until takeHostCompletions(). */
  private hostCpls: HostCompletion[] = [];
  /** Inputs must be stamped at or after this cycle (cycles below may already be simulated). */
  private horizon = 0;
  private closing: Promise<void> | undefined;
  /** Filled by close(): what the server simulated and an FNV-1a digest of every output it sent. */
  finalStats: FinalStats | undefined;
  readonly waves = {
    /** Opens a wave window; returns the file path (default waves/out/<build>-<cycle>.vcd). */
    start: async (file?: string): Promise<string> => {
      const ext = this.info.traceFst ? 'fst' : 'vcd';
      const p = path.resolve(file ?? path.join(REPO_ROOT, 'waves', 'out', `${this.info.buildId}-c${this.cycle}.${ext}`));
      await mkdir(path.dirname(p), { recursive: true });
      await this.simple(encodeWaves(this.conn.nextSeq(), WavesOp.start, p), 'WAVES start');
      return p;
    },
    stop: async (): Promise<void> => { await this.simple(encodeWaves(this.conn.nextSeq(), WavesOp.stop, ''), 'WAVES stop'); },
    flush: async (): Promise<void> => { await this.simple(encodeWaves(this.conn.nextSeq(), WavesOp.flush, ''), 'WAVES flush'); },
  };

  constructor(private readonly conn: Connection, readonly proc?: ServerProcess, readonly ipcPath?: string) {
    if (proc) {
      proc.exited.then(({ code, signal }) => {
        // Let replies already on the socket (e.g. the version-mismatch error) land first.
        setTimeout(() => {
          // After SHUTDOWN the exit is expected; a request still waiting (the SHUTDOWN itself,
          // if the server died first) fails with the real cause instead of waiting forever.
          if (this.closing && conn.inFlight === 0) return;
          conn.fail(proc.spawnError
            ? new SimulatorSpawnFailed(proc.bin, proc.spawnError.code ?? 'error', proc.spawnError.message)
            : new SimulatorCrashed(code, signal, proc.stderr.get(), conn.oldestRequest(), proc.child.pid, this.cycle));
        }, 200);
      });
      conn.onFatal = () => { if (proc.child.exitCode === null) proc.child.kill('SIGKILL'); };
      conn.serverPid = proc.child.pid;
      conn.currentCycle = () => this.cycle;
    }
  }

  /** HELLO: checks the protocol version and learns the DUT parameters. */
  async hello(version = PROTOCOL_VERSION): Promise<DutInfo> {
    const { h, r } = await this.conn.request(encodeHello(this.conn.nextSeq(), version), 'HELLO', Math.min(this.conn.timeoutMs, STARTUP_TIMEOUT_MS));
    this.info = decodeHelloBody(r);
    this.cycle = h.cycle;
    this.horizon = h.cycle;
    return this.info;
  }

  /** Holds rst for `cycles` cycles; afterwards the cycle counter is 0 and all queues are empty. */
  async reset(cycles = 8): Promise<void> {
    this.batch = [];
    const { h } = await this.conn.request(encodeReset(this.conn.nextSeq(), cycles), 'RESET');
    this.cycle = h.cycle;
    this.horizon = h.cycle;
  }

  /** Queues a TLP on rx_req or rx_cpl; it is presented (valid) from `cycle` on. */
  scheduleTlp(channel: TlpInputChannel, tlp: Tlp | Uint32Array, data: Uint8Array | undefined, cycle: number, o: ScheduleOptions = {}): void {
    if (channel !== 'rx_req' && channel !== 'rx_cpl') throw new SimulatorArgumentError('channel', channel, 'must be rx_req or rx_cpl');
    let hdr: Uint32Array;
    let payload: Uint8Array;
    if (tlp instanceof Uint32Array) {
      if (tlp.length !== 4) throw new SimulatorArgumentError('hdr.length', tlp.length, 'a header is 4 DWs');
      hdr = tlp;
      payload = data ?? new Uint8Array(0);
    } else {
      hdr = tlpToHdr(tlp);
      payload = data ?? tlp.data;
    }
    if (payload.length % 4 !== 0) throw new SimulatorArgumentError('data.length', payload.length, 'TLP payload is whole DWs');
    const sideband = channel === 'rx_req' ? (o.barId ?? 0) : (o.error ?? 0);
    this.push({ channel, cycle, hdr, data: payload, sideband, funcNum: o.funcNum ?? 0 });
  }

  /** Queues an Ethernet frame on s_axis_rx from `cycle` on; `tuser` marks it bad. */
  scheduleFrame(bytes: Uint8Array, cycle: number, tuser = false): void {
    if (bytes.length === 0) throw new SimulatorArgumentError('frame.length', 0, 'a frame has at least one byte');
    this.push({ channel: 's_axis_rx', cycle, hdr: new Uint32Array(4), data: bytes, sideband: tuser ? 1 : 0, funcNum: 0 });
  }

  /**
   * Host replica messages (HOST_CONFIG, HOST_WRITE, HOST_DECIDE) sent, stamped with the granted
   * horizon, before the next ADVANCE; `hold` sets that ADVANCE's HOLD_READS flag.
   */
  hostStep(s: HostStep): void {
    this.live();
    this.hostPending = s;
  }

  /** The completions the server's host replica delivered since the last call, in order. */
  takeHostCompletions(): HostCompletion[] {
    const r = this.hostCpls;
    this.hostCpls = [];
    return r;
  }

  /** A dead connection (crash, timeout) throws its cause before any argument check could mask it. */
  private live(): void {
    if (this.conn.error) throw this.conn.error;
  }

  private push(it: InputItem): void {
    this.live();
    checkCycle('cycle', it.cycle);
    if (it.cycle < this.horizon) throw new SimulatorArgumentError('cycle', it.cycle, `cycles below ${this.horizon} are already granted to the server`);
    this.batch.push(it);
  }

  /** Sets the ready pattern of an output channel from `cycle` (default: the current cycle). */
  async setBackpressure(channel: StallChannel, bp: Backpressure, cycle = this.horizon): Promise<void> {
    const wire = backpressureWire(channel, bp);
    checkCycle('cycle', cycle);
    await this.simple(encodeBackpressure(this.conn.nextSeq(), cycle, wire), `BACKPRESSURE ${channel}`);
  }

  /** Simulates until the server cycle is `target`, in pipelined batches; returns every output. */
  async advanceTo(target: number, o: { batch?: number; depth?: number } = {}): Promise<Output[]> {
    this.live();
    checkCycle('target', target);
    return this.pipeline(target, o.batch ?? 4096, o.depth ?? 4, Infinity, undefined);
  }

  /**
   * One ADVANCE (with the pending SCHEDULE): simulates to `target`, or, when an output on one of
   * `stopOn` completes first, stops right after that cycle; an output on a `late.on` channel in
   * cycle c ends it at c + late.delay instead (`stopped`). The conservative co-sim runner
   * (tb/cosim/lockstep.ts) grants with this: "run to N unless the DUT asks the host something".
   */
  async advance(target: number, stopOn: readonly OutputChannel[] = [], late?: LateStop): Promise<{ outputs: Output[]; stopped: boolean }> {
    this.live();
    checkCycle('target', target);
    if (target < this.horizon) throw new SimulatorArgumentError('target', target, `is below the granted horizon ${this.horizon}`);
    if (late && !(Number.isInteger(late.delay) && late.delay >= 1 && late.delay <= 0xffff)) throw new SimulatorArgumentError('late.delay', late.delay, 'must be an integer in 1..65535');
    const { outs, stopped } = await this.advanceOnce(target, channelMask(stopOn), late ? channelMask(late.on) : 0, late?.delay ?? 0);
    return { outputs: outs, stopped };
  }

  /**
   * Simulates until an output on one of `channels` (or one satisfying `pred`) has completed, and
   * stops right after that cycle. Throws DutTimeout if none has by `maxCycle`.
   */
  async advanceUntil(what: readonly OutputChannel[] | ((o: Output) => boolean), maxCycle: number): Promise<AdvanceResult> {
    checkCycle('maxCycle', maxCycle);
    const pred = typeof what === 'function' ? what : undefined;
    const chans = typeof what === 'function' ? OUTPUT_CHANNELS : what;
    let mask = 0;
    for (const c of chans) mask |= 1 << CHANNEL_ID[c];
    const outputs: Output[] = [];
    for (let guard = 0; this.cycle < maxCycle && guard < MAX_BATCH; guard++) {
      const { outs, stopped } = await this.advanceOnce(maxCycle, mask);
      for (const o of outs) {
        outputs.push(o);
        if (pred ? pred(o) : isTransaction(o) && (mask & (1 << CHANNEL_ID[o.channel])) !== 0) return { outputs, match: o };
      }
      if (!stopped) break;
    }
    throw new DutTimeout(pred ? 'output matching the predicate' : `output on ${chans.join('/')}`, maxCycle, outputs);
  }

  /**
   * Runs a reactive host with lookahead: `host.onOutput` sees every output in cycle order and may
   * schedule inputs at or after `out.cycle + lookahead`. Returns every output.
   */
  async run(host: ReactiveHost, o: RunOptions): Promise<Output[]> {
    checkCycle('until', o.until);
    if (!Number.isSafeInteger(o.lookahead) || o.lookahead < 1) throw new SimulatorArgumentError('lookahead', o.lookahead, 'must be an integer >= 1');
    const depth = o.depth ?? 4;
    const step = o.step ?? Math.max(1, Math.ceil(o.lookahead / depth));
    return this.pipeline(o.until, step, depth, o.lookahead, host);
  }

  private async pipeline(until: number, step: number, depth: number, lookahead: number, host: ReactiveHost | undefined): Promise<Output[]> {
    if (!(step >= 1) || !(depth >= 1)) throw new SimulatorArgumentError('step/depth', `${step}/${depth}`, 'must be >= 1');
    const all: Output[] = [];
    const inflight: Promise<{ outs: Output[]; stopped: boolean }>[] = [];
    const sched: HostScheduler = {
      scheduleTlp: (ch, t, d, c, so) => { this.checkLookahead(c, lookahead); this.scheduleTlp(ch, t, d, c, so); },
      scheduleFrame: (b, c, tu) => { this.checkLookahead(c, lookahead); this.scheduleFrame(b, c, tu); },
    };
    let reached = this.cycle;
    try {
      for (;;) {
        const limit = Math.min(reached + lookahead, until);
        while (this.horizon < limit && inflight.length < depth) {
          const target = Math.min(this.horizon + step, limit);
          const p = this.advanceOnce(target, 0);
          p.catch(() => {}); // awaited below; avoid an unhandled rejection while queued
          inflight.push(p);
        }
        const next = inflight.shift();
        if (!next) break;
        const { outs } = await next;
        reached = this.cycle;
        for (const out of outs) {
          all.push(out);
          host?.onOutput(out, sched);
        }
      }
    } finally {
      await Promise.allSettled(inflight);
    }
    return all;
  }

  private checkLookahead(cycle: number, lookahead: number): void {
    if (cycle < this.horizon) throw new LookaheadViolation(cycle, this.horizon, lookahead);
  }

  /**
   * Sends the pending host replica messages and inputs (one SCHEDULE) and one ADVANCE, as one
   * multipart message; the horizon moves at once.
   */
  private async advanceOnce(target: number, mask: number, lateMask = 0, lateDelay = 0): Promise<{ outs: Output[]; stopped: boolean }> {
    const host = this.hostPending;
    this.hostPending = null;
    const frames = host ? encodeHostStep(() => this.conn.nextSeq(), this.horizon, host) : [];
    const names = frames.map((f) => `HOST message type 0x${f[0].toString(16)}`);
    if (this.batch.length > 0) {
      frames.push(encodeSchedule(this.conn.nextSeq(), this.horizon, this.batch));
      names.push(`SCHEDULE of ${this.batch.length} inputs`);
      this.batch = [];
    }
    frames.push(encodeAdvance(this.conn.nextSeq(), target, mask, lateMask, lateDelay, host?.hold ? HOST_HOLD_READS : 0));
    names.push(`ADVANCE to cycle ${target}`);
    const sent = this.conn.requestBatch(frames, names);
    if (target > this.horizon) this.horizon = target;
    const replies = await Promise.all(sent);
    const { h, r } = replies[replies.length - 1];
    const outs = decodeAdvanceBody(r);
    for (const c of decodeHostCompletions(r)) this.hostCpls.push(c);
    this.cycle = h.cycle;
    // A stop-mask hit ends early: cycles after it were not simulated and may take inputs again.
    if ((h.flags & FLAG_STOPPED) !== 0) this.horizon = h.cycle;
    return { outs, stopped: (h.flags & FLAG_STOPPED) !== 0 };
  }

  private flushBatch(): Promise<unknown> {
    if (this.batch.length === 0) return Promise.resolve();
    const items = this.batch;
    this.batch = [];
    return this.conn.request(encodeSchedule(this.conn.nextSeq(), this.horizon, items), `SCHEDULE of ${items.length} inputs`);
  }

  /** Reads a signal from the server's table (ports + signals the RTL marks public). */
  async peek(name: string): Promise<{ bits: number; words: Uint32Array; value: number }> {
    const { r } = await this.conn.request(encodePeek(this.conn.nextSeq(), name), `PEEK ${name}`);
    const { bits, words } = decodePeekBody(r);
    const n = words.length;
    return { bits, words, value: (words[0] ?? 0) + (n > 1 && bits <= 53 ? (words[1] ?? 0) * 0x1_0000_0000 : 0) };
  }

  /** WATCH: ADVANCE also stops right after a cycle in which one of `names` changed (empty: cleared). */
  /** INPUT_NOISE: inputs carry random values where the contract gives them no meaning (seed 0: off), until the next reset. */
  async setInputNoise(seed: number): Promise<void> {
    await this.simple(encodeInputNoise(this.conn.nextSeq(), seed), 'INPUT_NOISE');
  }

  async watchSignals(names: readonly string[]): Promise<void> {
    await this.simple(encodeWatch(this.conn.nextSeq(), names), `WATCH ${names.join(', ')}`);
  }

  /** SIGNAL_LIST: the names PEEK/POKE reach that start with `prefix` (at most `max`), and how many match. */
  async signalList(prefix = '', max = 1000): Promise<{ total: number; entries: SignalEntry[] }> {
    const { r } = await this.conn.request(encodeSignalList(this.conn.nextSeq(), prefix, max), `SIGNAL_LIST ${prefix}`);
    return decodeSignalListBody(r);
  }

  /** Writes a public internal signal (ports belong to the BFMs and are refused). */
  async poke(name: string, value: number | Uint32Array): Promise<void> {
    const words = typeof value === 'number' ? new Uint32Array([value % 0x1_0000_0000, Math.floor(value / 0x1_0000_0000)]) : value;
    await this.simple(encodePoke(this.conn.nextSeq(), name, words), `POKE ${name}`);
  }

  /** Test hook: sends raw bytes as one request frame (seq read from bytes 4..7). */
  async sendRaw(frame: Uint8Array, name = 'raw request'): Promise<void> {
    await this.conn.request(frame, name);
  }

  private async simple(frame: Uint8Array, name: string): Promise<void> {
    const sched = this.flushBatch();
    const [, { h }] = await Promise.all([sched, this.conn.request(frame, name)]);
    this.cycle = h.cycle;
  }

  /** Stops the server (SHUTDOWN, then SIGKILL if it lingers) and frees the socket. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.conn.error) {
        const reply = await this.conn.request(encodeShutdown(this.conn.nextSeq()), 'SHUTDOWN', 5000).catch(() => undefined);
        if (reply) this.finalStats = decodeShutdownBody(reply.r);
      }
      if (this.proc && this.proc.child.exitCode === null && this.proc.child.signalCode === null) {
        const t = setTimeout(() => this.proc?.child.kill('SIGKILL'), 2000);
        await this.proc.exited;
        clearTimeout(t);
      }
      this.conn.close();
      if (this.ipcPath) {
        await rm(this.ipcPath, { force: true });
        forgetOnExit(this.ipcPath);
      }
    })();
    return this.closing;
  }

  /** The output as a Tlp (model/tlp codec); throws TlpError on a header the codec rejects. */
  static toTlp(o: Output): Tlp {
    if (o.channel === 'm_axis_tx' || o.channel === 'intx') throw new SimulatorError(`${o.channel} output is not a TLP`);
    return hdrToTlp(o.hdr, o.data);
  }
}
