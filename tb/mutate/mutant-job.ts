// One mutant (or the clean DUT) against the suite, in its own process (started by tb/mutate/run.ts,
// one per mutant, in its own process group so a timeout or Ctrl-C ends it and its simulator).
//
//   node --import tsx tb/mutate/mutant-job.ts '<JobInput JSON>'
//
// Writes the mutated copy of one source under rtl-bridge/build/mutants/<id>/ (a stable path, so
// the content-keyed build cache of rtl-bridge/client/dut-build.ts finds it again), builds it, then
// runs the suite on one simulator and stops at the first kill. A run at the other TLP data width
// (`/256`) builds and starts a second simulator when the first such run comes (most mutants die
// before it: no second build). Progress is JSON lines prefixed
// with EVENT_PREFIX on stdout: the parent bounds each run by these.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatorError } from '../../rtl-bridge/client/errors.js';
import { RtlBridgeError } from '../cosim/rtl-sync.js';
import { applySite, type Site } from './operators.js';

export const EVENT_PREFIX = '@@mutate ';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SuiteRun {
  scenario: string;
  seed: number;
  /** Random back-pressure on every ready signal (stall probability, tb/cosim/backpressure.ts); at the exact level the run uses timing 'warn'. */
  backpressure?: number;
  /** TLP data width of the run when it is not the DUT's (`--width`): a build of its own. */
  width?: 64 | 256;
}

/**
 * Runs whose exact-level timing the profile does not cover run at timing 'warn' (content still
 * compared): back-pressure, the random mode (tb/cosim/README.md "random"), the error paths of
 * illegal-rings (the configuration interrupt after DEVICE_NEEDS_RESET), 1-byte control elements (ctrl-shapes).
 */
const TIMING_WARN_SCENARIOS = new Set(['random', 'illegal-rings', 'host-edge', 'ctrl-shapes']);
export function timingOf(r: SuiteRun): 'warn' | undefined {
  return r.backpressure || TIMING_WARN_SCENARIOS.has(r.scenario) ? 'warn' : undefined;
}

/** A scenario as kills name it: NAME, NAME@P (back-pressure), NAME/W (another width). */
export function runLabel(r: SuiteRun): string {
  return `${r.scenario}${r.backpressure ? `@${r.backpressure}` : ''}${r.width ? `/${r.width}` : ''}`;
}

/** A suite run as the report and --suite name it: NAME:SEED, with @P for back-pressure and /W for another width. */
export function suiteRunName(r: SuiteRun): string {
  return `${r.scenario}:${r.seed}${r.backpressure ? `@${r.backpressure}` : ''}${r.width ? `/${r.width}` : ''}`;
}

export interface MutateDut {
  top: string;
  files: string[];
  incdirs: string[];
  defines: string[];
  params: string[];
  width: 64 | 256;
  /** Files reached through `include: analysed for reads, not mutated. */
  includes?: string[];
}

export interface JobInput extends MutateDut {
  id: string;
  compare: 'exact' | 'spec';
  /** Timing profile file (`--profile`, absolute); absent = the reference RTL's. */
  profileFile?: string;
  suite: SuiteRun[];
  /** Absent: the clean DUT. `site.file` is absolute here. */
  site?: Site;
}

/** What ended a run as a kill (each counts: the clean DUT passes the same run within the same bound). */
export type KillKind = 'divergence' | 'memory' | 'host-check' | 'driver-error' | 'preflight' | 'simulator-fault' | 'bad-output' | 'timeout';

/**
 * What a run that threw was killed by: the driver gave up (no completion, bad status), the config
 * space is not the described device (preflight), the simulator failed (crash, $fatal, watchdog), or
 * the RTL put out something no TLP decodes to (bad-output: any other error from the run).
 */
function thrownKind(e: unknown): KillKind {
  const name = e instanceof Error ? e.name : '';
  if (name === 'DriverError') return 'driver-error';
  if (name === 'DeviceMismatchError') return 'preflight';
  if (e instanceof SimulatorError || e instanceof RtlBridgeError) return 'simulator-fault';
  return 'bad-output';
}

export type JobEvent =
  | { ev: 'built'; ms: number; width: 64 | 256 }
  | { ev: 'not-compiling'; log: string }
  | { ev: 'run'; scenario: string; seed: number }
  | { ev: 'result'; scenario: string; seed: number; kill: { kind: KillKind; detail: string } | null; ms: number }
  | { ev: 'error'; message: string };

function emit(e: JobEvent): void {
  process.stdout.write(`${EVENT_PREFIX}${JSON.stringify(e)}\n`);
}

/** The mutant's source list: the mutated file replaced by its copy (its folder stays an include folder). */
function mutantSources(input: JobInput): { files: string[]; incdirs: string[] } {
  const site = input.site;
  if (!site) return { files: input.files, incdirs: input.incdirs };
  const dir = path.join(REPO_ROOT, 'rtl-bridge', 'build', 'mutants', input.id);
  mkdirSync(dir, { recursive: true });
  const copy = path.join(dir, path.basename(site.file));
  writeFileSync(copy, applySite(readFileSync(site.file, 'utf8'), site));
  return { files: input.files.map((f) => (f === site.file ? copy : f)), incdirs: [...input.incdirs, path.dirname(site.file)] };
}

async function main(input: JobInput): Promise<void> {
  const [{ buildDut, BuildFailed }, { runCosim, DEFAULT_LOOKAHEAD }, { startRtl }, { loadProfileFile }] = await Promise.all([
    import('../../rtl-bridge/client/dut-build.js'), import('../cosim/runner.js'), import('../cosim/rtl.js'), import('../cosim/profile-file.js'),
  ]);
  const profile = input.profileFile === undefined ? undefined : loadProfileFile(input.profileFile);
  const { files, incdirs } = mutantSources(input);
  const dut = { top: input.top, rtl: files, incdirs, params: input.params };
  /** Builds the DUT at `width`; false when it does not compile (reported). */
  const build = async (width: 64 | 256): Promise<boolean> => {
    const t0 = Date.now();
    try {
      const { dut: built } = await buildDut({ ...dut, defines: input.defines, width });
      // A mutant's object files are not needed again (the binary is): keep the disk use small.
      if (input.site) rmSync(path.join(built.dir, 'obj'), { recursive: true, force: true });
    } catch (e) {
      if (e instanceof BuildFailed) {
        emit({ ev: 'not-compiling', log: `${width === input.width ? '' : `(width ${width}) `}${e.log.split('\n').filter((l) => /%Error/.test(l)).slice(0, 3).join('\n') || e.log.slice(-400)}` });
        return false;
      }
      throw e;
    }
    emit({ ev: 'built', ms: Date.now() - t0, width });
    return true;
  };
  if (!(await build(input.width))) return;
  // One simulator per width, the other width's built and started at its first run.
  const sims = new Map<64 | 256, Awaited<ReturnType<typeof startRtl>>>();
  sims.set(input.width, await startRtl({ width: input.width, defines: input.defines, dut, trace: false }));
  try {
    for (const run of input.suite) {
      const { scenario, seed, backpressure } = run;
      const width = run.width ?? input.width;
      let rtl = sims.get(width);
      if (!rtl) {
        if (!(await build(width))) return;
        rtl = await startRtl({ width, defines: input.defines, dut, trace: false });
        sims.set(width, rtl);
      }
      const timing = timingOf(run);
      // Events name a back-pressure run NAME@P, another width NAME/W (reports and kills by scenario tell them apart).
      const label = runLabel(run);
      emit({ ev: 'run', scenario: label, seed });
      const t1 = Date.now();
      let kill: { kind: KillKind; detail: string } | null = null;
      try {
        const r = await runCosim({ scenario, seed, width, defines: input.defines, dut, rtl, lookahead: DEFAULT_LOOKAHEAD, compare: input.compare, profile, wavesOnDivergence: false, ...(backpressure ? { backpressure } : {}), ...(timing ? { timing } : {}) });
        if (r.divergence) kill = { kind: 'divergence', detail: r.report.split('\n').slice(0, 4).join('\n') };
        else if (r.hostErrors.length) kill = { kind: 'host-check', detail: String(r.hostErrors[0]) };
        else if (r.driverError) kill = { kind: 'driver-error', detail: r.driverError };
        else if (r.memoryDiffs.length) kill = { kind: 'memory', detail: JSON.stringify(r.memoryDiffs[0], (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)) };
      } catch (e) {
        kill = { kind: thrownKind(e), detail: `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.split('\n')[0]! };
      }
      emit({ ev: 'result', scenario: label, seed, kill, ms: Date.now() - t1 });
      if (kill) return;
    }
  } finally {
    for (const rtl of sims.values()) rtl.close();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    await main(JSON.parse(process.argv[2] ?? '') as JobInput);
    process.exit(0);
  } catch (e) {
    emit({ ev: 'error', message: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }
}
