// Ctrl-C during a co-simulation. The lockstep run is synchronous (the driver model blocks on each
// RTL round trip), so a process.on('SIGINT') handler would only run after the whole run. Under
// node:vm's breakOnSigint, SIGINT terminates the running JavaScript at once, also while it sleeps
// in Atomics.wait (SyncRtl) — the run then ends with `Interrupted`, its summary so far intact.
// SIGTERM has no such hook in Node: command-line entry points record it (watchSignals) and act
// on it when the run returns to the event loop (the end of the current run).

import vm from 'node:vm';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit status for a run stopped by `signal` (128 + signal number, as a shell reports it). */
export function signalExitCode(signal: StopSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

export class Interrupted extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

const KEY = '__virtioCosimInterruptible';

/** Runs `f` (synchronous); a SIGINT meanwhile ends it with Interrupted('SIGINT'). */
export function interruptible<T>(f: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const outer = g[KEY];
  g[KEY] = f;
  try {
    return vm.runInThisContext(`globalThis.${KEY}()`, { breakOnSigint: true }) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw new Interrupted('SIGINT');
    throw e;
  } finally {
    g[KEY] = outer;
  }
}

let received: StopSignal | null = null;

/** The first SIGINT/SIGTERM seen by watchSignals' handlers, if any. */
export function receivedSignal(): StopSignal | null {
  return received;
}

/**
 * For command-line entry points only (a library must not swallow SIGTERM): records SIGINT and
 * SIGTERM and calls `onSignal` (e.g. print the summary so far and exit 128+n) the first time.
 */
export function watchSignals(onSignal: (signal: StopSignal) => void): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (received) return;
      received = sig;
      onSignal(sig);
    });
  }
}
