// The job list of a regression: (scenario, seed) pairs in a fixed order, the shard of it this
// machine runs, and the command that runs (and so reproduces) one job on its own.
//
// Scenario names: a model-only scenario (scenarios.ts), `cosim:NAME` for a co-simulation
// scenario of scripts/cosim.ts (run as a child per job), or a user's test file (a path; a folder
// given on the command line stands for its test files). Groups: `model` (every model-only
// scenario), `cosim` (every co-simulation scenario), `all` (both).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS as COSIM_SCENARIOS } from '../cosim/scenarios.js';
import { isScenarioFile } from '../cosim/scenario-file.js';
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
  /** co-sim: random back-pressure on the DUT's ready signals (scripts/cosim.ts --backpressure P|CH=P,...). */
  backpressure?: string;
  /** co-sim: how cosim.ts reaches the simulator (--transport; absent = its default). */
  transport?: string;
  /** co-sim: a user's design and description, passed through as scripts/cosim.ts options (--top NAME --rtl PATH ... --device FILE). */
  dutArgs?: readonly string[];
  /** co-sim: RTL line/toggle coverage, one `<scenario>-<seed>-w<width>.dat` per job in this folder (a --coverage build; not part of the reproduce command). */
  rtlCoverageDir?: string;
}

export const COSIM_PREFIX = 'cosim:';
export const MAX_SEED = 0x7fff_ffff;
const MAX_JOBS = 1_000_000;

/** A co-simulation job: `cosim:NAME` or a user's test file (both run scripts/cosim.ts on the DUT). */
export function isCosim(scenario: string): boolean {
  return scenario.startsWith(COSIM_PREFIX) || isScenarioFile(scenario);
}

/** The repository root: jobs run there, and a test file inside it is named relative to it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a user test file may be (tb/cosim/scenario-file.ts loads it through tsx). */
const TEST_FILE = /\.(ts|mts|js|mjs)$/;

/**
 * A path on the command line: a test file, or a folder whose test files (not recursive, sorted,
 * no `.d.ts`) are each a scenario. Named relative to the repository root when inside it (jobs run
 * there), else absolute.
 */
function testFiles(given: string, cwd: string, root: string): string[] {
  const abs = resolve(cwd, given);
  if (!existsSync(abs)) throw new JobSpecError('--scenarios path', given, 'does not exist');
  const name = (f: string): string => {
    const r = relative(root, f);
    const inside = r !== '' && !r.startsWith('..') && !isAbsolute(r);
    // a root-relative name must still read as a path (scenario-file.ts isScenarioFile)
    return inside ? r.split(sep).join('/') : f;
  };
  if (statSync(abs).isDirectory()) {
    const files = readdirSync(abs).filter((f) => TEST_FILE.test(f) && !f.endsWith('.d.ts') && statSync(join(abs, f)).isFile()).sort();
    if (files.length === 0) throw new JobSpecError('--scenarios folder', given, 'holds no test file (.ts, .mts, .js, .mjs)');
    return files.map((f) => name(join(abs, f)));
  }
  if (!TEST_FILE.test(abs)) throw new JobSpecError('--scenarios file', given, 'is not a test file (.ts, .mts, .js, .mjs)');
  return [name(abs)];
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
 * A comma list of: a model-only scenario name, `cosim:NAME`, a test file or a folder of them, or a
 * group: `model` (every model-only scenario), `cosim` (every co-simulation scenario, `cosimNames`),
 * `all` (both). A `cosim:NAME` must name one of `cosimNames` (default tb/cosim's scenarios).
 * Paths are resolved against `files.cwd`.
 */
export function parseScenarios(
  text: string,
  cosimNames: readonly string[] = COSIM_SCENARIOS.map((s) => s.name),
  files: { cwd: string; root: string } = { cwd: process.cwd(), root: REPO_ROOT },
): string[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new JobSpecError('--scenarios', text, 'names no scenario');
  const model = MODEL_SCENARIOS.map((s) => s.name);
  const cosim = cosimNames.map((n) => COSIM_PREFIX + n);
  const out: string[] = [];
  for (const n of names) {
    const expand = n === 'all' ? [...cosim, ...model] : n === 'model' ? model : n === 'cosim' ? cosim
      : !n.startsWith(COSIM_PREFIX) && isScenarioFile(n) ? testFiles(n, files.cwd, files.root) : [n];
    for (const x of expand) {
      if (!isCosim(x) && !model.includes(x)) {
        throw new JobSpecError('--scenarios', x, `is not a model-only scenario (${model.join(', ')}), cosim:NAME, a test file or folder, or model|cosim|all`);
      }
      if (x.startsWith(COSIM_PREFIX) && !/^cosim:[A-Za-z0-9_.-]+$/.test(x)) throw new JobSpecError('--scenarios', x, 'needs cosim:NAME with NAME of [A-Za-z0-9_.-]');
      if (x.startsWith(COSIM_PREFIX) && !cosimNames.includes(x.slice(COSIM_PREFIX.length))) {
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
    const scenario = j.scenario.startsWith(COSIM_PREFIX) ? j.scenario.slice(COSIM_PREFIX.length) : j.scenario;
    const args = ['--scenario', scenario, '--seed', String(j.seed)];
    if (o.width) args.push('--width', String(o.width));
    if (o.defines) args.push('--defines', o.defines);
    if (o.compare) args.push('--compare', o.compare);
    if (o.timing) args.push('--timing', o.timing);
    if (o.backpressure) args.push('--backpressure', o.backpressure);
    if (o.transport) args.push('--transport', o.transport);
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
