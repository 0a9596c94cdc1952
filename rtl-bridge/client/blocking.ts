// BlockingSimulator: what the two synchronous transports share (the named pipes of fifo.ts and
// native ZeroMQ of zmq-sync.ts). Callers that must block (the lockstep runner under a
// synchronous driver model) send one request, or several in one write, and wait for the replies
// on this thread: no worker thread, no event loop, no structured clone.
//
// A transport provides two things: "write these frames" and "read one protocol message". This
// class does the rest: sequence numbers, message encoding and decoding, the typed errors, the
// server's stderr, and the watchdog thread that kills a server that made no progress for the
// request's window (progress.ts: a slow but working server is not killed). Never hangs: the
// server dying ends the read (EOF on a pipe; the ZeroMQ reader looks at /proc between slices)
// and lost() names the cause, read from /proc (the 'exit' event cannot arrive while this thread
// blocks).
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { MalformedMessage, ServerError, SimulatorCrashed, SimulatorError, SimulatorTimeout } from './errors.js';
import type { ServerProcess } from './process.js';
import { CAP_MIN_MS, CAP_WINDOWS, requestCapMs, zombieExitStatus } from './progress.js';
import {
  ERROR_REPLY, HEADER_BYTES, PROTOCOL_VERSION, REPLY_BIT, Reader,
  WavesOp, decodeAdvanceBody, decodeErrorBody, decodeHeader, decodeHelloBody, decodeShutdownBody, encodeAdvance, encodeHello, encodeReset, encodeSchedule,
  channelMask, decodePeekBody, decodeSignalListBody, encodePeek, encodePoke, encodeShutdown, encodeSignalList, encodeWatch, encodeWaves, backpressureWire, encodeBackpressure, encodeInputNoise, type Backpressure, type StallChannel, type SignalEntry, type DutInfo, type FinalStats, type Header, type InputItem, type LateStop, type Output, type OutputChannel,
  HOST_HOLD_READS, decodeHostCompletions, encodeHostStep, encodeQuietStop, type HostCompletion, type HostStep, type QuietStop,
} from './protocol.js';

/** Bound on start-up (spawn, transport open, HELLO): generous, a loaded CI machine is slow to spawn. */
export const STARTUP_MS = 60_000;

/** Blocks the thread for `ms` (bounded polling during start-up only). */
export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The watchdog thread (the progress test of progress.ts, run where the blocked thread cannot):
 * kills a server once its request saw no server progress (CPU time or runnable state) for its
 * window, or passed the hard cap. One thread per process watches every live simulator (a Node
 * thread costs about 25 ms of CPU to start: one per simulator was a fifth of a co-simulation
 * run's Node CPU); each simulator registers its shared array (see BlockingSimulator.watch) and
 * its server's pid, and leaves at close().
 */
const WATCHDOG_SOURCE = `const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const sample = (pid) => {
  try {
    const f = readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), running: f[0] === 'R', state: f[0] };
  } catch { return undefined; }
};
const watched = new Map();
let timer;
const tick = () => {
  const now = Date.now();
  for (const e of watched.values()) {
    const w = e.w;
    const start = w[0];
    if (!(start > 0) || w[1] !== 0) continue;
    if (w[2] !== e.gen) { e.gen = w[2]; e.lastTicks = sample(e.pid)?.ticks ?? 0; e.lastProgress = start; continue; }
    const s = sample(e.pid);
    // An exited server did not stall: the reader sees it gone and reports how it ended.
    if (!s || s.state === 'Z') continue;
    w[4] = s.state.charCodeAt(0);
    if (s.ticks > e.lastTicks || s.running) { e.lastTicks = s.ticks; e.lastProgress = now; }
    const capped = now - start >= Math.max(workerData.capWindows * w[3], workerData.capMinMs);
    if ((now - e.lastProgress >= w[3] || capped) && w[0] === start && w[2] === e.gen) {
      w[1] = capped ? 2 : 1;
      try { process.kill(e.pid, 'SIGKILL'); } catch {}
    }
  }
};
parentPort.on('message', (m) => {
  if (m.add !== undefined) watched.set(m.add, { w: new Float64Array(m.sab), pid: m.pid, gen: -1, lastTicks: 0, lastProgress: 0 });
  else watched.delete(m.remove);
  if (watched.size > 0 && !timer) timer = setInterval(tick, 200);
  if (watched.size === 0 && timer) { clearInterval(timer); timer = undefined; }
});`;

/** The process's watchdog thread (started by the first simulator, never holds the process open). */
let watchdogThread: Worker | undefined;
let watchdogIds = 0;

function watchdog(): Worker {
  if (!watchdogThread) {
    watchdogThread = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { capWindows: CAP_WINDOWS, capMinMs: CAP_MIN_MS } });
    watchdogThread.unref();
    // A thread that fails (it should not) is started afresh by the next simulator.
    watchdogThread.once('exit', () => { watchdogThread = undefined; });
  }
  return watchdogThread;
}

export abstract class BlockingSimulator {
  info!: DutInfo;
  /** Server cycle after the last reply. */
  cycle = 0;
  finalStats: FinalStats | undefined;
  /** The completions the server's host replica delivered in the last step(). */
  hostCpls: HostCompletion[] = [];
  private seq = 1;
  protected closed = false;
  protected dead: Error | null = null;
  /**
   * Shared with the watchdog thread: [0] start (ms since epoch) of the request in flight, 0 = none;
   * [1] 1 once the watchdog fired (2: at the hard cap); [2] request generation; [3] its
   * no-progress window in ms; [4] the server's last process state letter (char code).
   */
  protected readonly watch = new Float64Array(new SharedArrayBuffer(40));
  private generation = 0;
  /** This simulator's entry in the watchdog thread (0: none). */
  private watchId = 0;

  /**
   * @param proc the server this client spawned (none: attached to one started elsewhere)
   * @param stderrFile a file the server's stdout and stderr go to (readable while this thread blocks)
   */
  protected constructor(readonly proc: ServerProcess | undefined, protected readonly timeoutMs: number, private readonly stderrFile: string | undefined) {}

  /** Writes request frames (in order) to the server; throws this.lost() if it is gone. */
  protected abstract writeFrames(frames: readonly Uint8Array[], what: string): void;
  /** Blocks until one whole reply message is read; throws this.lost() (or a timeout) when none can come. */
  protected abstract readMessage(what: string): Uint8Array;
  /** Frees the transport (pipes, socket, files); called once by close(). */
  protected abstract closeTransport(): void;

  /** Puts the server process under the watchdog thread. */
  protected startWatchdog(pid: number): void {
    this.watchId = ++watchdogIds;
    watchdog().postMessage({ add: this.watchId, sab: this.watch.buffer, pid });
  }

  /** HELLO (the first request): learns the DUT; on failure closes and rethrows. */
  protected hello(timeoutMs = STARTUP_MS): void {
    try {
      const { h, r } = this.request(encodeHello(this.nextSeq(), PROTOCOL_VERSION), 'HELLO', timeoutMs);
      this.info = decodeHelloBody(r);
      this.cycle = h.cycle;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  protected nextSeq(): number {
    const s = this.seq;
    this.seq = this.seq >= 0xffff_fffe ? 1 : this.seq + 1;
    return s;
  }

  /** The no-progress window of the request in flight, ms. */
  protected get windowMs(): number {
    return this.watch[3];
  }

  /** When the request in flight was sent (ms since epoch; 0: none). */
  protected get requestStart(): number {
    return this.watch[0];
  }

  /** Sends one request and blocks for its reply. */
  request(frame: Uint8Array, what: string, timeoutMs = this.timeoutMs): { h: Header; r: Reader } {
    return this.requestMany([frame], what, timeoutMs)[0];
  }

  /**
   * Sends several requests in one write (the server handles them in order) and blocks for all
   * replies: a SCHEDULE and the ADVANCE after it cost one round trip. An error reply throws
   * (after every reply has been read, so the stream stays in step).
   */
  requestMany(frames: readonly Uint8Array[], what: string, timeoutMs = this.timeoutMs): Array<{ h: Header; r: Reader }> {
    if (this.dead) throw this.dead;
    if (this.closed) throw new SimulatorError(`${what} after close()`);
    this.watch[3] = timeoutMs;
    this.watch[2] = ++this.generation;
    this.watch[0] = Date.now();
    try {
      this.writeFrames(frames, what);
      const replies: Array<{ h: Header; r: Reader }> = [];
      let error: Error | null = null;
      for (const f of frames) {
        const body = this.readMessage(what);
        const r = new Reader(body, 'reply');
        if (body.length < HEADER_BYTES) throw new MalformedMessage('reply', `${body.length} bytes, shorter than the 16-byte header`);
        const h = decodeHeader(r);
        const type = f[0] | (f[1] << 8);
        if (h.type === ERROR_REPLY) error ??= decodeErrorBody(r, what, PROTOCOL_VERSION);
        else if (h.type !== (type | REPLY_BIT)) throw new MalformedMessage('reply', `${what} got reply type ${h.type}, expected ${type | REPLY_BIT}`);
        replies.push({ h, r });
      }
      this.watch[0] = 0;
      if (error) throw error;
      return replies;
    } catch (e) {
      this.watch[0] = 0;
      if (!(e instanceof ServerError)) this.fail(e as Error);
      throw this.dead ?? e;
    }
  }

  /** The last lines the server wrote to stdout and stderr. */
  protected stderrNow(): string[] {
    if (!this.stderrFile) return [];
    try {
      return readFileSync(this.stderrFile, 'utf8').split('\n').filter((l) => l.length > 0).slice(-20);
    } catch {
      return [];
    }
  }

  /**
   * The server went away mid-request: killed by the watchdog (timeout) or by something else. The
   * 'exit' event cannot arrive while this thread blocks, so the exit status comes from /proc.
   */
  protected lost(what: string, e: unknown): Error {
    const pid = this.proc?.child.pid;
    if (this.watch[1] !== 0) {
      const state = this.watch[4] ? String.fromCharCode(this.watch[4]) : undefined;
      return this.watch[1] === 2
        ? new SimulatorTimeout(what, requestCapMs(this.watch[3]), 'cap', pid, this.cycle, state)
        : new SimulatorTimeout(what, this.watch[3], 'stalled', pid, this.cycle, state);
    }
    const st = zombieExitStatus(pid);
    if (st) return new SimulatorCrashed(st.code, st.signal, this.stderrNow(), what, pid, this.cycle);
    return new SimulatorCrashed(this.proc?.child.exitCode ?? null, this.proc?.child.signalCode ?? null, this.stderrNow(), `${what}${e ? ` (${String(e)})` : ''}`, pid, this.cycle);
  }

  private fail(e: Error): void {
    if (this.dead) return;
    this.dead = e;
    if (this.proc && this.proc.child.exitCode === null) this.proc.child.kill('SIGKILL');
  }

  reset(cycles = 8): void {
    this.cycle = this.request(encodeReset(this.nextSeq(), cycles), 'RESET').h.cycle;
  }

  /**
   * SCHEDULE `items` (if any) and ADVANCE to `target`, stopping right after the first cycle in
   * which an output on a `stopOn` channel completed, or `late.delay` cycles after one on a
   * `late.on` channel, or where `quiet` ends it (QUIET_STOP). Returns the outputs; `cycle` is
   * where it ended.
   */
  step(items: readonly InputItem[], target: number, stopOn: readonly OutputChannel[] = [], late?: LateStop, host?: HostStep, quiet?: QuietStop): Output[] {
    // Host replica messages first (stamped with the server cycle), then SCHEDULE, QUIET_STOP, ADVANCE: one write, one round trip.
    const frames = host ? encodeHostStep(() => this.nextSeq(), this.cycle, host) : [];
    if (items.length > 0) frames.push(encodeSchedule(this.nextSeq(), this.cycle, items));
    if (quiet) frames.push(encodeQuietStop(this.nextSeq(), quiet));
    frames.push(encodeAdvance(this.nextSeq(), target, channelMask(stopOn), late ? channelMask(late.on) : 0, late?.delay ?? 0, host?.hold ? HOST_HOLD_READS : 0));
    const replies = this.requestMany(frames, `${frames.length > 1 ? `${frames.length - 1} message(s) + ` : ''}ADVANCE to cycle ${target}`);
    const { h, r } = replies[replies.length - 1];
    this.cycle = h.cycle;
    const outs = decodeAdvanceBody(r);
    this.hostCpls = decodeHostCompletions(r);
    return outs;
  }

  wavesStart(file: string): void {
    this.request(encodeWaves(this.nextSeq(), WavesOp.start, file), 'WAVES start');
  }

  wavesStop(): void {
    this.request(encodeWaves(this.nextSeq(), WavesOp.stop, ''), 'WAVES stop');
  }

  /** PEEK: a signal's width and value as 32-bit words (word 0 = bits [31:0]). */
  peek(name: string): { bits: number; words: Uint32Array } {
    return decodePeekBody(this.request(encodePeek(this.nextSeq(), name), `PEEK ${name}`).r);
  }

  /** POKE: writes an internal signal of a `signals` build (ports are refused: READ_ONLY_SIGNAL). */
  poke(name: string, words: Uint32Array): void {
    this.request(encodePoke(this.nextSeq(), name, words), `POKE ${name}`);
  }

  /** WATCH: ADVANCE also stops right after a cycle in which one of `names` changed (empty: cleared). */
  watchSignals(names: readonly string[]): void {
    this.request(encodeWatch(this.nextSeq(), names), `WATCH ${names.join(', ')}`);
  }

  /** BACKPRESSURE: the ready pattern of an output channel (rx_req: its valid gaps inside a TLP) from the current cycle to the next RESET. */
  setBackpressure(channel: StallChannel, bp: Backpressure): void {
    this.request(encodeBackpressure(this.nextSeq(), this.cycle, backpressureWire(channel, bp)), `BACKPRESSURE ${channel}`);
  }

  /** INPUT_NOISE: inputs carry random values where the contract gives them no meaning (seed 0: off), until the next RESET. */
  setInputNoise(seed: number): void {
    this.request(encodeInputNoise(this.nextSeq(), seed), 'INPUT_NOISE');
  }

  /** SIGNAL_LIST: the names PEEK/POKE reach that start with `prefix` (at most `max`). */
  signalList(prefix = '', max = 1000): { total: number; entries: SignalEntry[] } {
    return decodeSignalListBody(this.request(encodeSignalList(this.nextSeq(), prefix, max), `SIGNAL_LIST ${prefix}`).r);
  }

  /** SHUTDOWN (figures in finalStats), then frees the transport; the server is killed if still alive. Idempotent. */
  close(): void {
    if (this.closed) return;
    // watch[0] != 0: a request never finished (the thread was interrupted inside it, e.g. by
    // Ctrl-C): the stream is out of step, so no SHUTDOWN; the server is killed below.
    if (!this.dead && this.watch[0] === 0) {
      try {
        this.finalStats = decodeShutdownBody(this.request(encodeShutdown(this.nextSeq()), 'SHUTDOWN', 5000).r);
      } catch {
        // reported by the request that failed first
      }
    }
    this.closed = true;
    if (this.watchId) watchdogThread?.postMessage({ remove: this.watchId });
    const child = this.proc?.child;
    if (child && this.watch[0] !== 0) child.kill('SIGKILL');
    if (child && child.exitCode === null) {
      // SHUTDOWN makes it exit on its own; the exit hook and PDEATHSIG cover the rest.
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      void this.proc!.exited.then(() => clearTimeout(t));
    }
    this.closeTransport();
  }
}
