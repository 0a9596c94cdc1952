// Request watchdogs that bound a hang without failing a slow but healthy simulator.
//
// A fixed wall-clock budget per request fails healthy runs on a loaded machine: a long ADVANCE,
// a server starved of CPU, or a reply that has arrived while the client's event loop was busy
// all look like "no reply yet". So a request only times out when the server has made NO
// progress for a whole window: it used no CPU time and was not runnable (Linux /proc/<pid>/stat:
// state 'R', utime + stime). A server that keeps computing (a very long grant, or a livelock) is
// bounded by a hard cap instead (`requestCapMs`). Without a process to look at (attach(), or not
// Linux) the window is plain wall-clock time.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

export const CAP_WINDOWS = 10;
export const CAP_MIN_MS = 5 * 60_000;

/** Hard cap on one request, however busy the server is: 10 windows, at least 5 min. */
export function requestCapMs(windowMs: number): number {
  return Math.max(CAP_WINDOWS * windowMs, CAP_MIN_MS);
}

export interface ProcessSample {
  /** utime + stime in clock ticks. */
  ticks: number;
  /** State 'R': running or runnable (starved of CPU counts as alive). */
  running: boolean;
  /** The state letter of proc(5): R, S, D, T (stopped by a signal), t, Z (exited, not yet reaped). */
  state?: string;
}

/** One look at /proc/<pid>/stat (proc(5)); undefined if the process is gone or this is not Linux. */
export function sampleProcess(pid: number | undefined): ProcessSample | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: [0] state, [11] utime, [12] stime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), running: f[0] === 'R', state: f[0] ?? '?' };
  } catch {
    return undefined;
  }
}

/** Signal number -> name (SIGKILL ...), from the platform's table. */
export function signalName(n: number): string {
  for (const [name, num] of Object.entries(constants.signals)) if (num === n) return name;
  return `signal ${n}`;
}

/**
 * How a child that has exited but is not reaped yet (a zombie) ended, read synchronously from
 * /proc/<pid>/stat field 52 (exit_code, as waitpid(2) reports it; proc(5), Linux >= 3.5). For
 * callers that block the event loop (the FIFO client) and so never see the 'exit' event in time.
 * Waits up to `waitMs` for the process to become a zombie; undefined if it did not (or not Linux).
 */
export function zombieExitStatus(pid: number | undefined, waitMs = 1000): { code: number | null; signal: string | null } | undefined {
  if (pid === undefined) return undefined;
  const end = Date.now() + waitMs;
  for (;;) {
    let f: string[];
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
    if (f[0] === 'Z' && f.length > 49) {
      const status = Number(f[49]);
      const sig = status & 0x7f;
      return sig !== 0 ? { code: null, signal: signalName(sig) } : { code: (status >> 8) & 0xff, signal: null };
    }
    if (Date.now() >= end) return undefined;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

export type WatchVerdict = { wait: number } | { fail: 'stalled' | 'cap' };

/**
 * The progress test for one request. `check(now)` says how long to wait before the next check,
 * or that the request has failed: no progress for `windowMs`, or `capMs` since it was sent.
 * `sample` is injectable so tests can drive it deterministically.
 */
export class ProgressWatch {
  private lastTicks: number;
  private lastProgress: number;

  constructor(
    readonly windowMs: number,
    readonly capMs: number,
    private readonly sample: () => ProcessSample | undefined,
    private start: number,
  ) {
    this.lastTicks = sample()?.ticks ?? 0;
    this.lastProgress = start;
  }

  /** The request left only now (it waited behind others to be sent): its window starts here. */
  restart(now: number): void {
    this.start = now;
    this.lastProgress = now;
    this.lastTicks = this.sample()?.ticks ?? this.lastTicks;
  }

  check(now: number): WatchVerdict {
    if (now - this.start >= this.capMs) return { fail: 'cap' };
    const s = this.sample();
    if (s && (s.ticks > this.lastTicks || s.running)) {
      this.lastTicks = s.ticks;
      this.lastProgress = now;
    }
    const idle = now - this.lastProgress;
    if (idle >= this.windowMs) return { fail: 'stalled' };
    return { wait: Math.max(1, Math.min(this.windowMs - idle, this.capMs - (now - this.start))) };
  }
}
