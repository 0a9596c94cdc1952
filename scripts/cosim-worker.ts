// regress's co-simulation worker (tb/regress/pool.ts starts one per job slot):
//
//   node --import tsx scripts/cosim-worker.ts
//       one job per stdin line: a JSON array of `scripts/cosim.ts` arguments; for each, the
//       run's output (report, summary, REGRESS-RESULT line) as `scripts/cosim.ts` prints it,
//       then one `REGRESS-JOB-END <exit code>` line.
//
// It keeps one simulator per (width, defines, DUT, signals, transport) started and runs job after
// job on it: runCosim resets the DUT before each run (and preflight checks it in its own reset
// epoch), so a run on a reused simulator is the run on a fresh one (cosim-worker.test.ts). A
// simulator that faulted, or a run that ended in an error, is closed; the next job starts a new
// one. A job's timeout and Ctrl-C are the pool's: it stops the worker's process group as it
// stops a `scripts/cosim.ts` child (supervised: interrupt.ts removes what the worker leaves).

import { createInterface } from 'node:readline';
import type { RtlSide } from '../tb/cosim/rtl-sync.js';
import type { RunConfig } from '../tb/cosim/runner.js';
import { COSIM_COMMAND, cosimRun } from './cosim.js';
import { JOB_END_PREFIX } from '../tb/regress/protocol.js';
import { exitWith, parseOrExit, runCommand, type CommandSpec } from './args.js';

const WORKER_COMMAND = {
  name: 'scripts/cosim-worker.ts',
  summary: "regress's co-simulation worker: one job per stdin line (a JSON array of `virtio-cosim cosim` arguments), each job's output then `REGRESS-JOB-END <exit code>`; simulators kept between jobs.",
  options: {},
  epilogue: 'Started by tb/regress/pool.ts, one per job slot; not a user command (run one job with `npx virtio-cosim cosim`).\nexit status: 0 at the end of input, 2 usage error',
} satisfies CommandSpec;

parseOrExit(WORKER_COMMAND, process.argv.slice(2));
const { supervise, watchSignals, signalExitCode } = await import('../tb/cosim/interrupt.js');
await supervise();
watchSignals((sig) => exitWith(signalExitCode(sig)));
// One stream per job: what the run writes to stderr lands in order with its output.
process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;

const { startRtl } = await import('../tb/cosim/rtl.js');
const { isScenarioFile, loadScenarioFile } = await import('../tb/cosim/scenario-file.js');
const { scenarioByName } = await import('../tb/cosim/runner.js');

/** Started simulators by configuration. */
const sims = new Map<string, RtlSide>();
let inUse: string | null = null;

async function rtlFor(cfg: RunConfig): Promise<RtlSide | undefined> {
  // A remote simulator or a coverage build (its counts are written when it exits) is the run's own.
  if (cfg.connect !== undefined || cfg.rtlCoverage !== undefined) return undefined;
  const scenario = typeof cfg.scenario === 'string' && isScenarioFile(cfg.scenario) ? await loadScenarioFile(cfg.scenario) : scenarioByName(cfg.scenario);
  const signals = cfg.signals === true || scenario.signals === true;
  const key = JSON.stringify([cfg.width, cfg.defines, cfg.dut ?? null, signals, cfg.transport ?? null]);
  let rtl = sims.get(key);
  if (rtl) {
    // A simulator that died between jobs (killed, crashed) is replaced, not blamed on this job.
    try {
      rtl.reset();
    } catch {
      sims.delete(key);
      closeQuietly(rtl);
      rtl = undefined;
    }
  }
  if (!rtl) {
    rtl = await startRtl({ width: cfg.width, defines: cfg.defines, dut: cfg.dut, trace: false, signals, transport: cfg.transport });
    sims.set(key, rtl);
  }
  inUse = key;
  return rtl;
}

/** After a run: a simulator that faulted (or a run that threw) is not used again. */
function afterRun(result: { fault?: string | null; interrupted?: unknown } | null): void {
  const key = inUse;
  inUse = null;
  if (key === null) return;
  if (result === null || result.fault || result.interrupted) {
    const rtl = sims.get(key);
    sims.delete(key);
    if (rtl) closeQuietly(rtl);
  }
}

function closeQuietly(rtl: RtlSide): void {
  try {
    rtl.close();
  } catch {
    // already gone
  }
}

async function job(line: string): Promise<void> {
  let argv: unknown;
  try {
    argv = JSON.parse(line);
  } catch {
    argv = null;
  }
  let code: number;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    process.stdout.write(`cosim-worker: job line ${JSON.stringify(line.slice(0, 200))} is not a JSON array of strings\n`);
    code = 2;
  } else {
    code = await runCommand(COSIM_COMMAND, argv, ({ values }) => cosimRun(values, { rtl: rtlFor, done: afterRun }));
  }
  process.stdout.write(`${JOB_END_PREFIX}${code}\n`);
}

// Jobs one after another, in the order given; at the end of input every simulator is closed.
let queue = Promise.resolve();
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line.trim()) queue = queue.then(() => job(line));
});
rl.on('close', () => {
  void queue.then(() => {
    for (const rtl of sims.values()) rtl.close();
    exitWith(0);
  });
});
