// Ctrl-C and SIGTERM during a co-simulation. The lockstep run is synchronous (the driver model
// blocks on each RTL round trip), so a signal handler in the process doing the run only runs
// when the run returns, and a simulator that hangs would hold it for the watchdog's window.
//
// So a command-line entry point runs supervised (`supervise()`): the process the user started
// runs the same command as a child and only relays signals. On SIGINT/SIGTERM it writes the
// signal into a stop file, kills the child's simulators (the child's run then ends at its next
// round trip, within one 100 ms wait slice of the client) and passes the signal on. The child
// sees the stop file where the run ends (`receivedSignal()`), reports "interrupted" with the
// summary so far, and exits 128 + n. Whatever the child leaves (it was killed after a bound),
// the parent removes: no simulator, ipc socket or FIFO folder outlives the command.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** How long the child has to print its summary and exit after a signal before it is killed. */
export const CHILD_EXIT_BOUND_MS = 20_000;

const STOP_ENV = 'VIRTIO_COSIM_STOP_FILE';

/** Exit status for a run stopped by `signal` (128 + signal number, as a shell reports it). */
export function signalExitCode(signal: StopSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** A signal stopped the run before it could start (build, start-up). */
export class Interrupted extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

let received: StopSignal | null = null;

/** An error while a signal stops the command is the signal's doing: Interrupted instead. */
export function orInterrupted(e: unknown): unknown {
  const sig = receivedSignal();
  return sig ? new Interrupted(sig) : e;
}

/**
 * The first SIGINT/SIGTERM this command got: seen by this process's handlers, or written by the
 * supervising parent into the stop file (read synchronously: the run may still be blocked).
 */
export function receivedSignal(): StopSignal | null {
  if (received) return received;
  const f = process.env[STOP_ENV];
  if (f && existsSync(f)) {
    const s = readFileSync(f, 'utf8').trim();
    if (s === 'SIGINT' || s === 'SIGTERM') received = s;
  }
  return received;
}

/**
 * For command-line entry points only (a library must not swallow SIGTERM): records SIGINT and
 * SIGTERM and calls `onSignal` (e.g. print the summary so far and exit 128+n) the first time.
 */
export function watchSignals(onSignal: (signal: StopSignal) => void): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (received && received !== sig) return;
      const first = !handled;
      handled = true;
      received = sig;
      if (first) onSignal(sig);
    });
  }
}
let handled = false;

/** Process ids of the live processes below `pid` (Linux /proc). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let kids: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      kids.push(...readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    }
  } catch {
    kids = [];
  }
  for (const k of kids) out.push(k, ...descendants(k));
  return out;
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Simulators, sockets and FIFO folders a (dead) child left behind. */
function cleanAfter(pid: number): void {
  const tmp = os.tmpdir();
  const socks = path.join(tmp, 'virtio-cosim');
  if (existsSync(socks)) for (const f of readdirSync(socks)) if (f.startsWith(`sim-${pid}-`)) rmSync(path.join(socks, f), { force: true });
  for (const f of readdirSync(tmp)) if (f.startsWith(`virtio-cosim-fifo-${pid}-`)) rmSync(path.join(tmp, f), { recursive: true, force: true });
}

/**
 * Call first in a command-line entry point. In the process the user started it runs the same
 * command as a child, relays signals as described above and exits with the child's status
 * (never returns); in that child it returns at once. VIRTIO_COSIM_SUPERVISE=0 turns it off.
 */
export async function supervise(): Promise<void> {
  // Only a command's own process re-runs itself: never a worker thread or a test runner's worker.
  if (process.env[STOP_ENV] !== undefined || process.env.VIRTIO_COSIM_SUPERVISE === '0' || process.platform !== 'linux') return;
  // (A test runner's environment is inherited by the commands tests spawn: look at argv instead.)
  if (!isMainThread || /[\\/]node_modules[\\/](vitest|tinypool)[\\/]/.test(process.argv[1] ?? '')) return;
  const stopFile = path.join(os.tmpdir(), `virtio-cosim-stop-${process.pid}-${randomBytes(4).toString('hex')}`);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, [STOP_ENV]: stopFile },
  });
  let stop: StopSignal | null = null;
  const onSignal = (sig: StopSignal): void => {
    if (stop || child.pid === undefined) return;
    stop = sig;
    writeFileSync(stopFile, sig);
    // The simulators first: a run blocked on one ends at once.
    for (const d of descendants(child.pid)) {
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'sim-server') kill(d, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    kill(child.pid, sig);
    setTimeout(() => {
      if (child.pid === undefined) return;
      for (const d of descendants(child.pid)) kill(d, 'SIGKILL');
      kill(child.pid, 'SIGKILL');
    }, CHILD_EXIT_BOUND_MS).unref();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 70, signal: null }));
  });
  rmSync(stopFile, { force: true });
  if (child.pid !== undefined) {
    for (const d of descendants(child.pid)) kill(d, 'SIGKILL');
    cleanAfter(child.pid);
  }
  const code = stop ? signalExitCode(stop) : end.code ?? 128 + (os.constants.signals[end.signal ?? 'SIGKILL'] ?? 9);
  process.exit(code);
}
