// FifoSimulator: a synchronous client over two named pipes (`sim-server --fifo-in/--fifo-out`),
// for callers that must block (the lockstep runner under a synchronous driver model). The same
// protocol messages as over ZeroMQ, framed as u32 length + bytes; one request at a time, so a
// round trip is two process wake-ups (no worker thread, no ZeroMQ I/O threads).
//
// The requests, replies, watchdog and fault reports are BlockingSimulator's (blocking.ts); this
// file only opens the pipes (bounded, see the constructor), writes frames and reads messages.
// The server dying closes its end (read returns EOF -> SimulatorCrashed).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlockingSimulator, sleepMs, STARTUP_MS } from './blocking.js';
import { MalformedMessage, SimulatorCrashed, SimulatorTimeout } from './errors.js';
import { checkExecutable, forgetOnExit, removeOnExit, spawnServer, type ServerProcess } from './process.js';
import { sampleProcess, zombieExitStatus } from './progress.js';

export interface FifoStartOptions {
  /** Server binary (from buildServer()). */
  bin: string;
  /** Watchdog per request: fails after this long without server progress, ms (default 60 s; progress.ts). */
  timeoutMs?: number;
  /** The server records every request here (raw replay input). */
  record?: string;
  serverArgs?: readonly string[];
}

export class FifoSimulator extends BlockingSimulator {
  declare readonly proc: ServerProcess;
  private readonly dir: string;
  private readonly toServer: number;
  private readonly fromServer: number;

  /** Spawns the server on two fresh FIFOs and handshakes (HELLO). Blocks, bounded. */
  constructor(opts: FifoStartOptions) {
    checkExecutable(opts.bin);
    const dir = mkdtempSync(path.join(os.tmpdir(), `virtio-cosim-fifo-${process.pid}-`));
    removeOnExit(dir);
    const req = path.join(dir, 'req');
    const rep = path.join(dir, 'rep');
    execFileSync('mkfifo', [req, rep]);
    const args = ['--fifo-in', req, '--fifo-out', rep];
    if (opts.record) args.push('--record', opts.record);
    const stderrFile = path.join(dir, 'stderr');
    const errFd = openSync(stderrFile, 'w');
    let proc: ServerProcess;
    try {
      proc = spawnServer(opts.bin, [...args, ...(opts.serverArgs ?? [])], errFd);
    } finally {
      closeSync(errFd);
    }
    super(proc, opts.timeoutMs ?? 60_000, stderrFile);
    this.dir = dir;
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
    this.startWatchdog(pid!);
    this.hello();
  }

  /** The frames as u32 length + bytes, in one write. */
  protected writeFrames(frames: readonly Uint8Array[], what: string): void {
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
    for (let k = 0; k < out.length; ) {
      try {
        k += writeSync(this.toServer, out, k, out.length - k);
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
  protected readMessage(what: string): Uint8Array {
    this.fill(4, what);
    const n = this.rx[this.rxHead] | (this.rx[this.rxHead + 1] << 8) | (this.rx[this.rxHead + 2] << 16) | (this.rx[this.rxHead + 3] << 24);
    if (n < 0 || n > 64 << 20) throw new MalformedMessage('reply', `length ${n >>> 0} out of range`);
    this.fill(4 + n, what);
    const body = this.rx.slice(this.rxHead + 4, this.rxHead + 4 + n);
    this.rxHead += 4 + n;
    return body;
  }

  protected closeTransport(): void {
    for (const fd of [this.toServer, this.fromServer]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    forgetOnExit(this.dir);
  }
}
