// FifoSimulator: a synchronous client over two named pipes (`sim-server --fifo-in/--fifo-out`),
// for callers that must block (the lockstep runner under a synchronous driver model). The same
// protocol messages as over ZeroMQ, framed as u32 length + bytes; one request at a time, so a
// round trip is two process wake-ups (no worker thread, no ZeroMQ I/O threads).
//
// Never hangs: the server dying closes its end (read returns EOF -> SimulatorCrashed), and a
// watchdog thread kills a server that made no progress for the timeout (-> SimulatorTimeout;
// progress.ts: a slow but working server is not killed).
// Opening is bounded too (see open()).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MalformedMessage, ServerError, SimulatorCrashed, SimulatorError, SimulatorTimeout } from './errors.js';
import { checkExecutable, forgetOnExit, removeOnExit, spawnServer, type ServerProcess } from './process.js';
import { CAP_MIN_MS, CAP_WINDOWS, requestCapMs, sampleProcess, zombieExitStatus } from './progress.js';
import {
  ERROR_REPLY, HEADER_BYTES, PROTOCOL_VERSION, REPLY_BIT, Reader,
  WavesOp, decodeAdvanceBody, decodeErrorBody, decodeHeader, decodeHelloBody, decodeShutdownBody, encodeAdvance, encodeHello, encodeReset, encodeSchedule,
  channelMask, decodePeekBody, decodeSignalListBody, encodePeek, encodePoke, encodeShutdown, encodeSignalList, encodeWatch, encodeWaves, backpressureWire, encodeBackpressure, encodeInputNoise, type Backpressure, type ReadyChannel, type SignalEntry, type DutInfo, type FinalStats, type Header, type InputItem, type LateStop, type Output, type OutputChannel,
  HOST_HOLD_READS, decodeHostCompletions, encodeHostStep, type HostCompletion, type HostStep,
} from './protocol.js';

/** Bound on start-up (the FIFO opens and HELLO): generous, a loaded CI machine is slow to spawn. */
const STARTUP_MS = 60_000;

/** Blocks the thread for `ms` (bounded polling during start-up only). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface FifoStartOptions {
  /** Server binary (from buildServer()). */
  bin: string;
  /** Watchdog per request: fails after this long without server progress, ms (default 60 s; progress.ts). */
  timeoutMs?: number;
  /** The server records every request here (raw replay input). */
  record?: string;
  serverArgs?: readonly string[];
}

export class FifoSimulator {
  info!: DutInfo;
  /** Server cycle after the last reply. */
  cycle = 0;
  finalStats: FinalStats | undefined;
  readonly proc: ServerProcess;
  private readonly dir: string;
  private readonly toServer: number;
  private readonly fromServer: number;
  private seq = 1;
  private closed = false;
  private dead: Error | null = null;
  /**
   * Shared with the watchdog thread: [0] start (ms since epoch) of the request in flight, 0 = none;
   * [1] 1 once the watchdog fired (2: at the hard cap); [2] request generation; [3] its
   * no-progress window in ms; [4] the server's last process state letter (char code).
   */
  private readonly watch = new Float64Array(new SharedArrayBuffer(40));
  private generation = 0;
  private readonly watchdog: Worker;
  private readonly timeoutMs: number;
  /** The server's stderr (a file, readable while this thread blocks). */
  private readonly stderrFile: string;

  /** Spawns the server on two fresh FIFOs and handshakes (HELLO). Blocks, bounded. */
  constructor(opts: FifoStartOptions) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    checkExecutable(opts.bin);
    this.dir = mkdtempSync(path.join(os.tmpdir(), `virtio-cosim-fifo-${process.pid}-`));
    removeOnExit(this.dir);
    const req = path.join(this.dir, 'req');
    const rep = path.join(this.dir, 'rep');
    execFileSync('mkfifo', [req, rep]);
    const args = ['--fifo-in', req, '--fifo-out', rep];
    if (opts.record) args.push('--record', opts.record);
    this.stderrFile = path.join(this.dir, 'stderr');
    const errFd = openSync(this.stderrFile, 'w');
    try {
      this.proc = spawnServer(opts.bin, [...args, ...(opts.serverArgs ?? [])], errFd);
    } finally {
      closeSync(errFd);
    }
    const pid = this.proc.child.pid;
    // The server opens `rep` for writing, then `req` for reading. A non-blocking reader on `rep`
    // lets its first open succeed; our non-blocking writer open of `req` succeeds once it waits
    // there (ENXIO before), so both are retried with a bound. Then a blocking reader on `rep`
    // (a writer exists, so it returns at once) replaces the non-blocking one.
    const probe = openSync(rep, constants.O_RDONLY | constants.O_NONBLOCK);
    let w = -1;
    for (const end = Date.now() + STARTUP_MS; w < 0; ) {
      try {
        w = openSync(req, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
        // The 'exit' event cannot arrive while this loop blocks: look at /proc instead.
        const s = sampleProcess(pid);
        if (Date.now() > end || s === undefined || s.state === 'Z') {
          closeSync(probe);
          const st = zombieExitStatus(pid, 0);
          const tail = this.stderrNow();
          this.proc.child.kill('SIGKILL');
          rmSync(this.dir, { recursive: true, force: true });
          forgetOnExit(this.dir);
          if (!st && Date.now() > end) throw new SimulatorTimeout('start-up over fifos', STARTUP_MS, 'stalled', pid, 0, s?.state);
          throw new SimulatorCrashed(st?.code ?? null, st?.signal ?? null, tail, 'start-up over fifos', pid, 0);
        }
        sleepMs(2);
      }
    }
    // Writes block from here on (a full pipe waits for the server to read). The blocking writer
    // opens before the probe writer closes, so the server never sees a moment without a writer.
    this.toServer = openSync(req, constants.O_WRONLY);
    closeSync(w);
    this.fromServer = openSync(rep, constants.O_RDONLY);
    closeSync(probe);
    // The progress test of progress.ts (ProgressWatch), run in the thread that is not blocked on
    // the pipe: kill the server once a request saw no server progress (CPU time or runnable
    // state) for its window, or passed the hard cap.
    this.watchdog = new Worker(
      `const { workerData } = require('node:worker_threads');
       const { readFileSync } = require('node:fs');
       const w = new Float64Array(workerData.sab);
       const sample = () => {
         try {
           const f = readFileSync('/proc/' + workerData.pid + '/stat', 'utf8').split(') ')[1].split(' ');
           return { ticks: Number(f[11]) + Number(f[12]), running: f[0] === 'R', state: f[0] };
         } catch { return undefined; }
       };
       let gen = -1, lastTicks = 0, lastProgress = 0;
       setInterval(() => {
         const start = w[0];
         if (!(start > 0) || w[1] !== 0) return;
         const now = Date.now();
         if (w[2] !== gen) { gen = w[2]; lastTicks = sample()?.ticks ?? 0; lastProgress = start; return; }
         const s = sample();
         // An exited server did not stall: the reader sees EOF and reports how it ended.
         if (!s || s.state === 'Z') return;
         w[4] = s.state.charCodeAt(0);
         if (s.ticks > lastTicks || s.running) { lastTicks = s.ticks; lastProgress = now; }
         const capped = now - start >= Math.max(workerData.capWindows * w[3], workerData.capMinMs);
         if ((now - lastProgress >= w[3] || capped) && w[0] === start && w[2] === gen) {
           w[1] = capped ? 2 : 1;
           try { process.kill(workerData.pid, 'SIGKILL'); } catch {}
         }
       }, 200);`,
      { eval: true, workerData: { sab: this.watch.buffer, pid, capWindows: CAP_WINDOWS, capMinMs: CAP_MIN_MS } },
    );
    this.watchdog.unref();
    try {
      const { h, r } = this.request(encodeHello(this.nextSeq(), PROTOCOL_VERSION), 'HELLO', STARTUP_MS);
      this.info = decodeHelloBody(r);
      this.cycle = h.cycle;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = this.seq >= 0xffff_fffe ? 1 : this.seq + 1;
    return s;
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
    let total = 0;
    for (const f of frames) total += 4 + f.length;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    let o = 0;
    for (const f of frames) {
      dv.setUint32(o, f.length, true);
      out.set(f, o + 4);
      o += 4 + f.length;
    }
    this.watch[3] = timeoutMs;
    this.watch[2] = ++this.generation;
    this.watch[0] = Date.now();
    try {
      this.writeAll(out, what);
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

  private writeAll(b: Uint8Array, what: string): void {
    for (let o = 0; o < b.length; ) {
      try {
        o += writeSync(this.toServer, b, o, b.length - o);
      } catch (e) {
        throw this.lost(what, e);
      }
    }
  }

  /** Receive buffer: bytes [rxHead, rxTail) are read and not yet consumed. */
  private rx = new Uint8Array(1 << 16);
  private rxHead = 0;
  private rxTail = 0;

  /** Blocks until `n` unread bytes are buffered (reads as much as the pipe has, not less). */
  private fill(n: number, what: string): void {
    if (this.rxTail - this.rxHead >= n) return;
    if (this.rxHead > 0) {
      this.rx.copyWithin(0, this.rxHead, this.rxTail);
      this.rxTail -= this.rxHead;
      this.rxHead = 0;
    }
    if (this.rx.length < n) {
      const bigger = new Uint8Array(Math.max(n, 2 * this.rx.length));
      bigger.set(this.rx.subarray(0, this.rxTail));
      this.rx = bigger;
    }
    while (this.rxTail < n) {
      const k = readSync(this.fromServer, this.rx, this.rxTail, this.rx.length - this.rxTail, null);
      if (k === 0) throw this.lost(what, null);
      this.rxTail += k;
    }
  }

  /** One reply message (u32 length + bytes); the bytes are copied out of the receive buffer. */
  private readMessage(what: string): Uint8Array {
    this.fill(4, what);
    const n = this.rx[this.rxHead] | (this.rx[this.rxHead + 1] << 8) | (this.rx[this.rxHead + 2] << 16) | (this.rx[this.rxHead + 3] << 24);
    if (n < 0 || n > 64 << 20) throw new MalformedMessage('reply', `length ${n >>> 0} out of range`);
    this.fill(4 + n, what);
    const body = this.rx.slice(this.rxHead + 4, this.rxHead + 4 + n);
    this.rxHead += 4 + n;
    return body;
  }

  /** The last lines the server wrote to stderr. */
  private stderrNow(): string[] {
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
  private lost(what: string, e: unknown): Error {
    const pid = this.proc.child.pid;
    if (this.watch[1] !== 0) {
      const state = this.watch[4] ? String.fromCharCode(this.watch[4]) : undefined;
      return this.watch[1] === 2
        ? new SimulatorTimeout(what, requestCapMs(this.watch[3]), 'cap', pid, this.cycle, state)
        : new SimulatorTimeout(what, this.watch[3], 'stalled', pid, this.cycle, state);
    }
    const st = zombieExitStatus(pid);
    if (st) return new SimulatorCrashed(st.code, st.signal, this.stderrNow(), what, pid, this.cycle);
    return new SimulatorCrashed(this.proc.child.exitCode, this.proc.child.signalCode, this.stderrNow(), `${what}${e ? ` (${String(e)})` : ''}`, pid, this.cycle);
  }

  private fail(e: Error): void {
    if (this.dead) return;
    this.dead = e;
    if (this.proc.child.exitCode === null) this.proc.child.kill('SIGKILL');
  }

  reset(cycles = 8): void {
    this.cycle = this.request(encodeReset(this.nextSeq(), cycles), 'RESET').h.cycle;
  }

  /**
   * SCHEDULE `items` (if any) and ADVANCE to `target`, stopping right after the first cycle in
   * which an output on a `stopOn` channel completed, or `late.delay` cycles after one on a
   * `late.on` channel. Returns the outputs; `cycle` is where it ended.
   */
  step(items: readonly InputItem[], target: number, stopOn: readonly OutputChannel[] = [], late?: LateStop, host?: HostStep): Output[] {
    // Host replica messages first (stamped with the server cycle), then SCHEDULE, then ADVANCE: one write, one round trip.
    const frames = host ? encodeHostStep(() => this.nextSeq(), this.cycle, host) : [];
    if (items.length > 0) frames.push(encodeSchedule(this.nextSeq(), this.cycle, items));
    frames.push(encodeAdvance(this.nextSeq(), target, channelMask(stopOn), late ? channelMask(late.on) : 0, late?.delay ?? 0, host?.hold ? HOST_HOLD_READS : 0));
    const replies = this.requestMany(frames, `${frames.length > 1 ? `${frames.length - 1} message(s) + ` : ''}ADVANCE to cycle ${target}`);
    const { h, r } = replies[replies.length - 1];
    this.cycle = h.cycle;
    const outs = decodeAdvanceBody(r);
    this.hostCpls = decodeHostCompletions(r);
    return outs;
  }

  /** The completions the server's host replica delivered in the last step(). */
  hostCpls: HostCompletion[] = [];

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

  /** BACKPRESSURE: the ready pattern of an output channel from the current cycle to the next RESET. */
  setBackpressure(channel: ReadyChannel, bp: Backpressure): void {
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

  /** SHUTDOWN (figures in finalStats), then frees the FIFOs; the server is killed if still alive. Idempotent. */
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
    for (const fd of [this.toServer, this.fromServer]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    void this.watchdog.terminate();
    if (this.watch[0] !== 0) this.proc.child.kill('SIGKILL');
    if (this.proc.child.exitCode === null) {
      // SHUTDOWN makes it exit on its own; the exit hook and PDEATHSIG cover the rest.
      const t = setTimeout(() => this.proc.child.kill('SIGKILL'), 2000);
      void this.proc.exited.then(() => clearTimeout(t));
    }
    rmSync(this.dir, { recursive: true, force: true });
    forgetOnExit(this.dir);
  }
}
