// The job list of a regression: (scenario, seed) pairs in a fixed order, the shard of it this
// machine runs, and the command that runs (and so reproduces) one job on its own.
//
// Scenario names: a model-only scenario (scenarios.ts), or `cosim:NAME` for a co-simulation
// scenario of scripts/cosim.ts (run as a child per job).

import { SCENARIOS as COSIM_SCENARIOS } from '../cosim/scenarios.js';
import { MODEL_SCENARIOS, BREAKS, type BreakKind } from './scenarios.js';

export class JobSpecError extends Error {
  constructor(field: string, value: unknown, reason: string) {
    super(`${field} ${JSON.stringify(value)} ${reason}`);
    this.name = 'JobSpecError';
  }
}

export interface JobSpec {
  /** As given on the command line (`traffic`, `cosim:smoke`). */
  scenario: string;
  seed: number;
  /** Position in the full (unsharded) list. */
  index: number;
}

/** Options that change what a job does; they go into every reproduce command. */
export interface JobOptions {
  /** model-only: deliberate breakage (scenarios.ts BREAKS). */
  break?: BreakKind;
  /** co-sim: DUT data width. */
  width?: 64 | 256;
  /** co-sim: Verilog defines passed to scripts/cosim.ts. */
  defines?: string;
  /** co-sim: comparison level (scripts/cosim.ts --compare; absent = its default, exact). */
  compare?: 'exact' | 'spec';
  /** co-sim: timing divergences at the exact level (--timing; absent = fail). */
  timing?: 'fail' | 'warn';
  /** co-sim: a user's design and description, passed through as scripts/cosim.ts options (--top NAME --rtl PATH ... --device FILE). */
  dutArgs?: readonly string[];
  /** co-sim: RTL line/toggle coverage, one `<scenario>-<seed>-w<width>.dat` per job in this folder (a --coverage build; not part of the reproduce command). */
  rtlCoverageDir?: string;
}

export const COSIM_PREFIX = 'cosim:';
export const MAX_SEED = 0x7fff_ffff;
const MAX_JOBS = 1_000_000;

export function isCosim(scenario: string): boolean {
  return scenario.startsWith(COSIM_PREFIX);
}

/** `1..50`, `1,5,9` or a mix (`1..10,20,30..32`); sorted, duplicates removed. */
export function parseSeeds(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(p);
    if (!m) throw new JobSpecError('--seeds part', p, 'is not N or A..B');
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new JobSpecError('--seeds range', p, 'ends before it starts');
    if (hi > MAX_SEED) throw new JobSpecError('--seeds', hi, `is above ${MAX_SEED}`);
    if (hi - lo + out.size > MAX_JOBS) throw new JobSpecError('--seeds', p, `gives more than ${MAX_JOBS} seeds`);
    for (let s = lo; s <= hi; s++) out.add(s);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * `all` = every model-only scenario; otherwise a comma list (model names or `cosim:NAME`). With
 * `cosimNames` (tb/cosim's scenario names) a `cosim:NAME` must name one of them.
 */
/** `cosimNames`: the co-simulation scenarios a cosim:NAME must name (default tb/cosim's). */
export function parseScenarios(text: string, cosimNames: readonly string[] = COSIM_SCENARIOS.map((s) => s.name)): string[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new JobSpecError('--scenarios', text, 'names no scenario');
  const out: string[] = [];
  for (const n of names) {
    const expand = n === 'all' ? MODEL_SCENARIOS.map((s) => s.name) : [n];
    for (const x of expand) {
      if (!isCosim(x) && !MODEL_SCENARIOS.some((s) => s.name === x)) {
        throw new JobSpecError('--scenarios', x, `is not a model-only scenario (${MODEL_SCENARIOS.map((s) => s.name).join(', ')}) or cosim:NAME`);
      }
      if (isCosim(x) && !/^cosim:[A-Za-z0-9_.-]+$/.test(x)) throw new JobSpecError('--scenarios', x, 'needs cosim:NAME with NAME of [A-Za-z0-9_.-]');
      if (isCosim(x) && !cosimNames.includes(x.slice(COSIM_PREFIX.length))) {
        throw new JobSpecError('--scenarios', x, `is not a co-simulation scenario (cosim:${cosimNames.join(', cosim:')})`);
      }
      if (!out.includes(x)) out.push(x);
    }
  }
  return out;
}

/** `i/n` with 1 <= i <= n. */
export function parseShard(text: string): { i: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new JobSpecError('--shard', text, 'is not i/n');
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new JobSpecError('--shard', text, 'needs 1 <= i <= n');
  return { i, n };
}

/** Every (scenario, seed) pair, scenario-major, in the order given. */
export function allJobs(scenarios: readonly string[], seeds: readonly number[]): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const scenario of scenarios) for (const seed of seeds) jobs.push({ scenario, seed, index: jobs.length });
  return jobs;
}

/**
 * Shard i of n: the jobs whose index ≡ i-1 (mod n). Round-robin over the fixed list, so every
 * shard gets a share of every scenario, and shards 1..n together run each job exactly once.
 */
export function shardJobs<T extends { index: number }>(jobs: readonly T[], shard: { i: number; n: number }): T[] {
  return jobs.filter((j) => j.index % shard.n === shard.i - 1);
}

/** Shell-safe word. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** argv (after the script path) of the one-job command. */
export function jobArgs(j: { scenario: string; seed: number }, o: JobOptions): { script: string; args: string[] } {
  if (isCosim(j.scenario)) {
    const args = ['--scenario', j.scenario.slice(COSIM_PREFIX.length), '--seed', String(j.seed)];
    if (o.width) args.push('--width', String(o.width));
    if (o.defines) args.push('--defines', o.defines);
    if (o.compare) args.push('--compare', o.compare);
    if (o.timing) args.push('--timing', o.timing);
    if (o.dutArgs) args.push(...o.dutArgs);
    return { script: 'scripts/cosim.ts', args };
  }
  const args = ['--scenario', j.scenario, '--seed', String(j.seed)];
  if (o.break) args.push('--break', o.break);
  return { script: 'tb/regress/model-job.ts', args };
}

/** The command that reproduces one job, run from the repository root. */
export function reproduceCommand(j: { scenario: string; seed: number }, o: JobOptions): string {
  const { script, args } = jobArgs(j, o);
  return ['npx', 'tsx', script, ...args].map(shellQuote).join(' ');
}

export function isBreakKind(s: string): s is BreakKind {
  return Object.prototype.hasOwnProperty.call(BREAKS, s);
}
