// ZmqSyncSimulator: the blocking client over ZeroMQ, in the calling thread. The same DEALER-to-
// ROUTER messages as connection.ts (one protocol message per ZeroMQ frame, a grant's messages as
// one multipart message), sent and received through a small N-API addon (native/zmq_sync.c,
// linked against the system libzmq, built on first use and cached by content under
// rtl-bridge/build/zmq-sync-<key>/). On ipc:// and tcp:// the addon speaks ZeroMQ's wire protocol
// (ZMTP 3.0) itself over a socket of this thread, so a round trip is a send() and a poll(): no
// worker thread, no libzmq I/O thread, no event loop, no promise per reply (native/README.md).
//
// Never hangs: a reply is awaited in slices of SLICE_MS; between slices the server process is
// looked at (/proc): gone or a zombie -> SimulatorCrashed with its exit status, at once. The
// watchdog thread (blocking.ts) kills a server that made no progress (-> SimulatorTimeout).
// Attached to a server on another host (no process to look at), a request fails after its
// window of wall-clock time without a reply, as the asynchronous client's does (progress.ts).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BlockingSimulator, STARTUP_MS } from './blocking.js';
import { SimulatorError, SimulatorTimeout } from './errors.js';
import { forgetOnExit, REPO_ROOT, removeOnExit, spawnServer, checkExecutable, type ServerProcess } from './process.js';
import { sampleProcess } from './progress.js';

/** How long one wait for a reply lasts before the server process is looked at again, ms. */
export const SLICE_MS = 100;

/** The addon's functions (native/zmq_sync.c). */
export interface ZmqSyncAddon {
  /**
   * A DEALER connected to `endpoint`: ipc:// and tcp:// spoken directly (ZMTP 3.0 over a socket
   * of this thread, no libzmq I/O thread: native/README.md), others (or `libzmq`) through
   * libzmq's DEALER (ZMQ_LINGER 0).
   */
  open(endpoint: string, libzmq?: boolean): unknown;
  /** One multipart message, a frame per Uint8Array. */
  send(handle: unknown, frames: readonly Uint8Array[]): void;
  /** One whole message (its frames), or null when `timeoutMs` passed first or a signal cut the wait short. */
  recv(handle: unknown, timeoutMs: number): Buffer[] | null;
  /** Closes the socket and its context; idempotent. */
  close(handle: unknown): void;
}

/** The addon could not be built or loaded (no C compiler, no libzmq headers, no Node headers). */
export class NativeBuildFailed extends SimulatorError {
  constructor(detail: string, readonly log: string) {
    super(`cannot build the ZeroMQ addon (rtl-bridge/client/native): ${detail}`);
  }
}

const NATIVE_DIR = path.join(REPO_ROOT, 'rtl-bridge', 'client', 'native');
const BUILD_ROOT = path.join(REPO_ROOT, 'rtl-bridge', 'build');
let addon: ZmqSyncAddon | undefined;

/** Node's C headers: <prefix>/include/node (the prefix Node was configured with). */
function nodeInclude(): string {
  const prefix = (process.config.variables as { node_prefix?: string }).node_prefix ?? '/usr';
  for (const d of [path.join(prefix, 'include', 'node'), path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node'), '/usr/include/node']) {
    if (existsSync(path.join(d, 'node_api.h'))) return d;
  }
  throw new NativeBuildFailed(`node_api.h not found under ${prefix}/include/node (install Node's headers)`, '');
}

/**
 * Builds the addon if its content key (sources, platform, architecture) has no build yet (make,
 * under flock: parallel test files share the build), and returns its path. Synchronous: a C
 * file compiles in about a second.
 */
export function buildZmqSync(): string {
  const h = createHash('sha1');
  for (const f of ['zmq_sync.c', 'Makefile', '../../server/zmtp.h']) h.update(`${f}\0`).update(readFileSync(path.join(NATIVE_DIR, f))).update('\0');
  h.update(`${process.platform}-${process.arch}`);
  const dir = path.join(BUILD_ROOT, `zmq-sync-${h.digest('hex').slice(0, 12)}`);
  const out = path.join(dir, 'zmq_sync.node');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('flock', [path.join(dir, '.lock'), 'make', '--no-print-directory', '-s', '-C', NATIVE_DIR, `OUT=${out}`, `NODE_INCLUDE=${nodeInclude()}`], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
    const log = `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` || err.message;
    throw new NativeBuildFailed(log.split('\n').find((l) => /error/i.test(l)) ?? log.split('\n')[0] ?? 'make failed', log);
  }
  return out;
}

/** The addon, built on first use. */
export function loadZmqSync(): ZmqSyncAddon {
  addon ??= createRequire(import.meta.url)(buildZmqSync()) as ZmqSyncAddon;
  return addon;
}

export interface ZmqSyncStartOptions {
  /** Server binary (from buildServer()). */
  bin: string;
  /** `tcp://host:port` to serve on; default a fresh `ipc://` path under os.tmpdir()/virtio-cosim. */
  endpoint?: string;
  /** Watchdog per request: fails after this long without server progress, ms (default 60 s; progress.ts). */
  timeoutMs?: number;
  /** The server records every request here (raw replay input). */
  record?: string;
  serverArgs?: readonly string[];
}

export class ZmqSyncSimulator extends BlockingSimulator {
  private readonly zmq: ZmqSyncAddon;
  private readonly sock: unknown;
  /** Frames of the last message not yet consumed (a multipart reply answers a multipart request). */
  private parts: Buffer[] = [];
  private nextPart = 0;

  /** Spawns the server on a fresh ipc socket (or `endpoint`), connects and handshakes (HELLO). Blocks, bounded. */
  static start(opts: ZmqSyncStartOptions): ZmqSyncSimulator {
    const zmq = loadZmqSync();
    checkExecutable(opts.bin);
    const dir = path.join(os.tmpdir(), 'virtio-cosim');
    mkdirSync(dir, { recursive: true });
    // The socket and the server's output share a name that the supervisor's clean-up knows (tb/cosim/interrupt.ts).
    const base = path.join(dir, `sim-${process.pid}-${randomBytes(6).toString('hex')}`);
    const files = [`${base}.stderr`];
    let endpoint = opts.endpoint;
    if (!endpoint) {
      files.push(`${base}.sock`);
      endpoint = `ipc://${base}.sock`;
    }
    for (const f of files) removeOnExit(f);
    const args = ['--endpoint', endpoint];
    if (opts.record) args.push('--record', opts.record);
    const errFd = openSync(files[0]!, 'w');
    let proc: ServerProcess;
    try {
      proc = spawnServer(opts.bin, [...args, ...(opts.serverArgs ?? [])], errFd);
    } catch (e) {
      for (const f of files) forgetOnExit(f);
      rmSync(files[0]!, { force: true });
      throw e;
    } finally {
      closeSync(errFd);
    }
    const connectTo = endpoint.replace('tcp://*:', 'tcp://127.0.0.1:').replace('tcp://0.0.0.0:', 'tcp://127.0.0.1:');
    return new ZmqSyncSimulator(zmq, connectTo, opts.timeoutMs ?? 60_000, proc, files);
  }

  /** Connects to a server someone started elsewhere (`sim-server --endpoint tcp://*:PORT`) and handshakes. */
  static attach(endpoint: string, opts: { timeoutMs?: number } = {}): ZmqSyncSimulator {
    return new ZmqSyncSimulator(loadZmqSync(), endpoint, opts.timeoutMs ?? 60_000, undefined, []);
  }

  private constructor(zmq: ZmqSyncAddon, readonly endpoint: string, timeoutMs: number, proc: ServerProcess | undefined, private readonly files: string[]) {
    super(proc, timeoutMs, files[0]);
    this.zmq = zmq;
    try {
      this.sock = zmq.open(endpoint);
    } catch (e) {
      this.proc?.child.kill('SIGKILL');
      this.removeFiles();
      throw new SimulatorError(`cannot connect to ${endpoint}: ${(e as Error).message}`);
    }
    if (proc?.child.pid !== undefined) this.startWatchdog(proc.child.pid);
    this.hello(proc ? STARTUP_MS : Math.min(timeoutMs, 30_000));
  }

  protected writeFrames(frames: readonly Uint8Array[], what: string): void {
    try {
      this.zmq.send(this.sock, frames);
    } catch (e) {
      throw this.lost(what, e);
    }
  }

  protected readMessage(what: string): Uint8Array {
    while (this.nextPart >= this.parts.length) {
      const m = this.zmq.recv(this.sock, SLICE_MS);
      if (m) {
        this.parts = m;
        this.nextPart = 0;
        continue;
      }
      const pid = this.proc?.child.pid;
      if (pid !== undefined) {
        // Gone, or a zombie (this thread blocks, so nothing reaps it): how it ended is the cause.
        const s = sampleProcess(pid);
        if (s === undefined || s.state === 'Z') throw this.lost(what, null);
      } else if (Date.now() - this.requestStart >= this.windowMs) {
        // Attached: no process to look at, so the window is wall-clock time (progress.ts).
        throw new SimulatorTimeout(what, this.windowMs, 'stalled', undefined, this.cycle);
      }
    }
    const b = this.parts[this.nextPart++]!;
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }

  protected closeTransport(): void {
    this.zmq.close(this.sock);
    this.parts = [];
    this.removeFiles();
  }

  private removeFiles(): void {
    for (const f of this.files) {
      rmSync(f, { force: true });
      forgetOnExit(f);
    }
  }
}
