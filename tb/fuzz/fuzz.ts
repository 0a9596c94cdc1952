// Seeded, time-bounded fuzzing: runs cases of a target (targets.ts) until the time is up or a case
// fails. Case k of a run with seed S uses the Prng seeded with S + k, so a failure is reproduced by
// that one seed with `--cases 1`. A failure is a throw of a class the target does not allow.

import { Prng } from '../../model/util/prng.js';
import type { FuzzTarget } from './targets.js';

export interface FuzzOptions {
  seed: number;
  /** Stop starting cases after this many milliseconds. */
  ms: number;
  /** At most this many cases (default: no limit). */
  maxCases?: number;
  /** Called between cases; an async caller yields here (keeps a test worker's RPC alive). */
  now?: () => number;
}

export interface FuzzFailure {
  target: string;
  /** The Prng seed of the failing case: `--target T --seed S --cases 1` runs it again. */
  seed: number;
  error: string;
  stack: string;
}

export interface FuzzResult {
  target: string;
  cases: number;
  /** Cases that ended in one of the target's allowed (typed) errors. */
  refused: number;
  failure: FuzzFailure | null;
}

/** Whether an error is one the target may throw on bad input. */
export function isAllowed(t: FuzzTarget, e: unknown): boolean {
  return t.allowed.some((c) => e instanceof c);
}

/** One case: null when it passed or was refused with an allowed error, else the failure. */
export function runCase(t: FuzzTarget, seed: number): { refused: boolean; failure: FuzzFailure | null } {
  try {
    t.run(new Prng(seed));
    return { refused: false, failure: null };
  } catch (e) {
    if (isAllowed(t, e)) return { refused: true, failure: null };
    const err = e instanceof Error ? e : new Error(String(e));
    return { refused: false, failure: { target: t.name, seed, error: `${err.name}: ${err.message}`, stack: err.stack ?? '' } };
  }
}

/** Cases of one target from `seed` on, until `ms` have passed, `maxCases` ran, or one failed. */
export function fuzzTarget(t: FuzzTarget, o: FuzzOptions): FuzzResult {
  const now = o.now ?? (() => performance.now());
  const end = now() + o.ms;
  const r: FuzzResult = { target: t.name, cases: 0, refused: 0, failure: null };
  while (r.cases < (o.maxCases ?? Infinity) && (r.cases === 0 || now() < end)) {
    const c = runCase(t, (o.seed + r.cases) | 0);
    r.cases++;
    if (c.refused) r.refused++;
    if (c.failure) {
      r.failure = c.failure;
      break;
    }
  }
  return r;
}

/**
 * fuzzTarget in slices of `sliceMs`, yielding to the event loop between them: a vitest worker
 * keeps answering its RPC (a long synchronous loop ends in `Timeout calling "onTaskUpdate"`).
 */
export async function fuzzTargetAsync(t: FuzzTarget, o: FuzzOptions, sliceMs = 50): Promise<FuzzResult> {
  const now = o.now ?? (() => performance.now());
  const end = now() + o.ms;
  const total: FuzzResult = { target: t.name, cases: 0, refused: 0, failure: null };
  do {
    const left = (o.maxCases ?? Infinity) - total.cases;
    if (left <= 0) break;
    const r = fuzzTarget(t, { seed: (o.seed + total.cases) | 0, ms: Math.min(sliceMs, Math.max(0, end - now())), maxCases: left, now });
    total.cases += r.cases;
    total.refused += r.refused;
    total.failure = r.failure;
    await new Promise<void>((resolve) => setImmediate(resolve));
  } while (!total.failure && now() < end);
  return total;
}

export function formatFailure(f: FuzzFailure): string {
  return `FAIL ${f.target}: seed ${f.seed}: ${f.error}\n  reproduce: npx tsx tb/fuzz/cli.ts --target ${f.target} --seed ${f.seed} --cases 1`;
}
