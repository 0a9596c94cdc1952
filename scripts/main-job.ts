// The README's main job: co-simulate the reference RTL against the golden model — bring-up,
// then mixed TX/RX traffic with random sizes and chain shapes (the `traffic` scenario of
// tb/cosim), the control queue (`ctrl`), and every other scenario (registers,
// config space, interrupts, resets, faults: MAIN_JOB_SCENARIOS of tb/cosim/scenarios.ts) — over
// several seeds at both TLP data widths, at both
// comparison levels (exact: TLP for TLP against the timing profile; spec: what the specifications
// fix), and print one summary per level: cycles, transactions compared per kind, divergences,
// timing error, simulated cycles per second. Exits 1 at the first run that diverges (its report
// and waves window are printed); Ctrl-C / SIGTERM print the summary so far and exit 130 / 143.
//
//   npx tsx scripts/main-job.ts [--seeds 1..12] [--seeds256 1..4] [--scenarios traffic,ctrl,...] [--levels exact,spec]   (make demo)

import type { OutputChannel } from '../tb/cosim/events.js';
import type { RunResult } from '../tb/cosim/runner.js';
import type { StopSignal } from '../tb/cosim/interrupt.js';
import { MAIN_JOB_SCENARIOS, SCENARIOS } from '../tb/cosim/scenarios.js';
import { exitWith, isMainModule, runCommand, type CommandSpec, type Parsed } from './args.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';

export const MAIN_JOB_COMMAND = {
  name: 'scripts/main-job.ts',
  summary: 'The main job: the reference RTL against the golden model over several seeds at both TLP data widths and both comparison levels, one summary per level.',
  options: {
    seeds: { kind: 'intlist', min: 0, max: 2 ** 32 - 1, default: range(1, 12), help: 'seeds at TLP_DATA_WIDTH 64' },
    seeds256: { kind: 'intlist', min: 0, max: 2 ** 32 - 1, default: range(1, 4), help: 'seeds at TLP_DATA_WIDTH 256' },
    scenarios: { kind: 'csv', values: SCENARIOS.map((s) => s.name), meta: 'A,B', default: [...MAIN_JOB_SCENARIOS], help: `co-simulation scenarios: ${SCENARIOS.map((s) => s.name).join(', ')} (default: traffic, ctrl, then every other scenario)` },
    levels: { kind: 'csv', values: ['exact', 'spec'], meta: 'exact,spec', default: ['exact', 'spec'], help: 'comparison levels to run, each with its own summary' },
    profile: PROFILE_OPTION,
  },
  epilogue: 'exit status: 0 every run agrees, 1 a run diverged or the simulator failed (its report is printed), 2 usage error, 130/143 interrupted',
} satisfies CommandSpec;

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

const CHANNELS: OutputChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];

/** The figures of one comparison level, accumulated run by run. */
class LevelFigures {
  compared: Record<OutputChannel, number> = { tx_cpl: 0, tx_rd_req: 0, tx_wr_req: 0, m_axis_tx: 0, intx: 0 };
  hist = new Map<number, number>();
  cycles = 0;
  busySeconds = 0;
  runs = 0;
  maxAbs = 0;
  violations = 0;
  /** Spec level: what the checker judged (frames, used elements, RX delivered / dropped, ctrl acks, notifications). */
  specCounts = new Map<string, number>();
  constructor(readonly level: 'exact' | 'spec') {}

  account(r: RunResult): void {
    const s = r.summary;
    this.runs++;
    for (const c of CHANNELS) this.compared[c] += s.compared[c];
    for (const [k, v] of s.timingHistogram) this.hist.set(k, (this.hist.get(k) ?? 0) + v);
    this.cycles += r.cycles;
    if (r.cyclesPerSecond > 0) this.busySeconds += r.cycles / r.cyclesPerSecond;
    this.maxAbs = Math.max(this.maxAbs, s.timingMaxAbs);
    this.violations += s.timingViolations;
    for (const [k, v] of Object.entries(r.spec?.counts ?? {})) this.specCounts.set(k, (this.specCounts.get(k) ?? 0) + v);
  }

  lines(histogram: (h: Map<number, number>) => string, divergences: number): string[] {
    let sum = 0;
    let n = 0;
    for (const [k, v] of this.hist) {
      sum += k * v;
      n += v;
    }
    const total = CHANNELS.reduce((a, c) => a + this.compared[c], 0);
    const out = [
      `  compare=${this.level}: runs ${this.runs}, divergences ${divergences}`,
      `    cycles simulated           ${this.cycles}`,
      `    transactions compared      ${total}  (${CHANNELS.map((c) => `${c} ${this.compared[c]}`).join(', ')})`,
    ];
    if (this.level === 'exact') {
      out.push(`    timing error (rtl - model) mean ${(n ? sum / n : 0).toFixed(2)}, max |${this.maxAbs}|, outside the profile tolerance ${this.violations}`);
      out.push(`    timing histogram           ${histogram(this.hist)}`);
    } else {
      out.push(`    judged by rule             ${[...this.specCounts].map(([k, v]) => `${k} ${v}`).join(', ')} (and every DMA read and write by the ring monitor)`);
    }
    out.push(`    simulated cycles per second ${Math.round(this.busySeconds > 0 ? this.cycles / this.busySeconds : 0).toLocaleString('en-US')} (co-simulation, start-up excluded)`);
    return out;
  }
}

async function main(values: Parsed<typeof MAIN_JOB_COMMAND.options>['values']): Promise<number> {
  // Loaded here, inside the error reporting: a broken timing profile is one line.
  const [{ histogram, runCosim, DEFAULT_LOOKAHEAD }, { startRtl }, { RtlBridgeError }, { Interrupted, orInterrupted, receivedSignal, signalExitCode, supervise, watchSignals }] =
    await Promise.all([import('../tb/cosim/runner.js'), import('../tb/cosim/rtl.js'), import('../tb/cosim/rtl-sync.js'), import('../tb/cosim/interrupt.js')]);
  const profile = await loadProfileOption(MAIN_JOB_COMMAND.name, values.profile);
  // Ctrl-C / SIGTERM (tb/cosim/interrupt.ts): the command re-runs itself under a supervisor that
  // kills the simulator on a signal, so the run in progress ends at once and is accounted for.
  await supervise();
  const scenarios = values.scenarios;
  const levels = values.levels as ('exact' | 'spec')[];
  const plan: { width: 64 | 256; seeds: number[] }[] = [
    { width: 64, seeds: values.seeds },
    { width: 256, seeds: values.seeds256 },
  ];
  const figures = levels.map((l) => new LevelFigures(l));
  const started = Date.now();
  /** The summary block; `end` says how the job ended when it did not agree to the end. */
  const summary = (end?: string, divergedAt?: 'exact' | 'spec'): void => {
    console.log('');
    console.log(end ? 'summary (of the runs so far)' : 'summary');
    console.log(`  runs                       ${figures.reduce((a, f) => a + f.runs, 0)} (${scenarios.join(', ')}; seeds ${plan.map((p) => `${p.seeds.length} at ${p.width}-bit`).join(', ')}; levels ${levels.join(', ')})`);
    for (const f of figures) for (const l of f.lines(histogram, divergedAt === f.level ? 1 : 0)) console.log(l);
    console.log(`  wall time                  ${((Date.now() - started) / 1000).toFixed(1)} s (including simulator builds and start-up)`);
    console.log(`  result: ${end ?? 'AGREE'}`);
  };
  let stopped = false;
  const interrupted = (sig: StopSignal): number => {
    if (!stopped) summary(`INTERRUPTED by ${sig}`);
    stopped = true;
    return signalExitCode(sig);
  };
  // Between runs the handler ends the job at once.
  watchSignals((sig) => exitWith(interrupted(sig)));

  console.log(`virtio-cosim main job: ${scenarios.join(' + ')} — reference RTL (Verilator, over ZeroMQ) vs golden model, levels ${levels.join(' + ')}, lookahead ${DEFAULT_LOOKAHEAD}`);
  for (const { width, seeds } of plan) {
    if (seeds.length === 0) continue;
    let rtl: Awaited<ReturnType<typeof startRtl>>;
    try {
      rtl = await startRtl({ width, defines: [], trace: false });
    } catch (e) {
      const err = orInterrupted(e);
      if (err instanceof Interrupted) return interrupted(err.signal);
      if (!(err instanceof RtlBridgeError)) throw err;
      summary('SIMULATOR FAULT');
      console.error(`main-job: ${err.message}`);
      return 1;
    }
    try {
      for (const f of figures) for (const scenario of scenarios) for (const seed of seeds) {
        let r: RunResult;
        try {
          r = await runCosim({ scenario, seed, width, defines: [], lookahead: DEFAULT_LOOKAHEAD, rtl, compare: f.level, profile });
        } catch (e) {
          // The simulator failed before the run began (its reset): the job ends here.
          if (e instanceof Interrupted) return interrupted(e.signal);
          if (!(e instanceof RtlBridgeError)) throw e;
          summary('SIMULATOR FAULT');
          console.error(`main-job: ${e.message}`);
          return 1;
        }
        const s = r.summary;
        const total = CHANNELS.reduce((a, c) => a + s.compared[c], 0);
        const verdict = r.interrupted ? 'INTERRUPTED' : r.fault ? 'SIMULATOR FAULT' : r.ok ? 'AGREE' : 'DIVERGED';
        console.log(`  ${f.level.padEnd(5)} ${scenario.padEnd(17)} seed ${String(seed).padEnd(3)} TLP_DATA_WIDTH ${String(width).padEnd(3)} ` +
          `${String(r.cycles).padStart(7)} cycles  ${String(total).padStart(5)} compared  ` +
          `${f.level === 'exact' ? `timing max |${s.timingMaxAbs}|  ` : ''}${Math.round(r.cyclesPerSecond).toLocaleString('en-US').padStart(9)} cycles/s  ${verdict}`);
        f.account(r);
        if (r.interrupted) return interrupted(r.interrupted);
        const sig = receivedSignal();
        if (sig) return interrupted(sig);
        if (!r.ok) {
          if (r.report) console.log(r.report);
          console.log(`reproduce: npx virtio-cosim cosim --scenario ${scenario} --seed ${seed} --width ${width} --compare ${f.level}`);
          if (r.fault) {
            for (const l of r.faultDetail ?? []) console.log(`  simulator stderr: ${l}`);
            summary('SIMULATOR FAULT');
            console.error(`main-job: ${r.fault}`);
          } else summary('DIVERGED', f.level);
          return 1;
        }
      }
    } finally {
      rtl.close();
    }
  }
  summary();
  // A SIGTERM that came during the last synchronous run is handled in this turn (exit 143 there).
  await new Promise((r) => setImmediate(r));
  return 0;
}

if (isMainModule(import.meta.url)) exitWith(await runCommand(MAIN_JOB_COMMAND, process.argv.slice(2), ({ values }) => main(values)));
