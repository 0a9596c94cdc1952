// The README's main job: co-simulate the reference RTL against the golden model — bring-up,
// then mixed TX/RX traffic with random sizes and chain shapes (the `traffic` scenario of
// tb/cosim) and the control queue (`ctrl`) — over several seeds at both TLP data widths, and print one summary: cycles,
// transactions compared per kind, divergences, timing error, simulated cycles per second.
// Exits 1 at the first run that diverges (its report and waves window are printed).
//
//   npx tsx scripts/main-job.ts [--seeds 1..12] [--seeds256 1..4] [--scenarios traffic,ctrl]   (make demo)

import type { OutputChannel } from '../tb/cosim/events.js';
import type { RunResult } from '../tb/cosim/runner.js';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { exitWith, isMainModule, runCommand, type CommandSpec, type Parsed } from './args.js';

export const MAIN_JOB_COMMAND = {
  name: 'scripts/main-job.ts',
  summary: 'The main job: the reference RTL against the golden model over several seeds at both TLP data widths, one summary.',
  options: {
    seeds: { kind: 'intlist', min: 0, max: 2 ** 32 - 1, default: range(1, 12), help: 'seeds at TLP_DATA_WIDTH 64' },
    seeds256: { kind: 'intlist', min: 0, max: 2 ** 32 - 1, default: range(1, 4), help: 'seeds at TLP_DATA_WIDTH 256' },
    scenarios: { kind: 'csv', values: SCENARIOS.map((s) => s.name), meta: 'A,B', default: ['traffic', 'ctrl'], help: `co-simulation scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}` },
  },
  epilogue: 'exit status: 0 every run agrees, 1 a run diverged (its report is printed), 2 usage error',
} satisfies CommandSpec;

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

const CHANNELS: OutputChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];

async function main(values: Parsed<typeof MAIN_JOB_COMMAND.options>['values']): Promise<number> {
  // Loaded here, inside the error reporting: a broken timing profile is one line.
  const [{ histogram, runCosim, DEFAULT_LOOKAHEAD }, { startRtl }] = await Promise.all([import('../tb/cosim/runner.js'), import('../tb/cosim/rtl.js')]);
  const scenarios = values.scenarios;
  const plan: { width: 64 | 256; seeds: number[] }[] = [
    { width: 64, seeds: values.seeds },
    { width: 256, seeds: values.seeds256 },
  ];

  const compared: Record<OutputChannel, number> = { tx_cpl: 0, tx_rd_req: 0, tx_wr_req: 0, m_axis_tx: 0, intx: 0 };
  const hist = new Map<number, number>();
  let cycles = 0;
  let busySeconds = 0;
  let runs = 0;
  let maxAbs = 0;
  let violations = 0;
  let sum = 0;
  let n = 0;
  const started = Date.now();

  console.log(`virtio-cosim main job: ${scenarios.join(' + ')} — reference RTL (Verilator, over ZeroMQ) vs golden model, lookahead ${DEFAULT_LOOKAHEAD}`);
  for (const { width, seeds } of plan) {
    if (seeds.length === 0) continue;
    const rtl = await startRtl({ width, defines: [], trace: false });
    try {
      for (const scenario of scenarios) for (const seed of seeds) {
        const r: RunResult = await runCosim({ scenario, seed, width, defines: [], lookahead: DEFAULT_LOOKAHEAD, rtl });
        runs++;
        const s = r.summary;
        const total = CHANNELS.reduce((a, c) => a + s.compared[c], 0);
        console.log(`  ${scenario.padEnd(8)} seed ${String(seed).padEnd(3)} TLP_DATA_WIDTH ${String(width).padEnd(3)} ` +
          `${String(r.cycles).padStart(7)} cycles  ${String(total).padStart(5)} compared  ` +
          `timing max |${s.timingMaxAbs}|  ${Math.round(r.cyclesPerSecond).toLocaleString('en-US').padStart(9)} cycles/s  ${r.ok ? 'AGREE' : 'DIVERGED'}`);
        if (!r.ok) {
          if (r.report) console.log(r.report);
          console.log(`reproduce: npx virtio-cosim cosim --scenario ${scenario} --seed ${seed} --width ${width}`);
          return 1;
        }
        for (const c of CHANNELS) compared[c] += s.compared[c];
        for (const [k, v] of s.timingHistogram) hist.set(k, (hist.get(k) ?? 0) + v);
        cycles += r.cycles;
        if (r.cyclesPerSecond > 0) busySeconds += r.cycles / r.cyclesPerSecond;
        maxAbs = Math.max(maxAbs, s.timingMaxAbs);
        violations += s.timingViolations;
      }
    } finally {
      rtl.close();
    }
  }
  for (const [k, v] of hist) {
    sum += k * v;
    n += v;
  }

  const total = CHANNELS.reduce((a, c) => a + compared[c], 0);
  console.log('');
  console.log('summary');
  console.log(`  runs                       ${runs} (${scenarios.join(', ')}; seeds ${plan.map((p) => `${p.seeds.length} at ${p.width}-bit`).join(', ')})`);
  console.log(`  cycles simulated           ${cycles}`);
  console.log(`  transactions compared      ${total}  (${CHANNELS.map((c) => `${c} ${compared[c]}`).join(', ')})`);
  console.log('  divergences                0');
  console.log(`  timing error (rtl - model) mean ${(n ? sum / n : 0).toFixed(2)}, max |${maxAbs}|, outside the profile tolerance ${violations}`);
  console.log(`  timing histogram           ${histogram(hist)}`);
  console.log(`  simulated cycles per second ${Math.round(busySeconds > 0 ? cycles / busySeconds : 0).toLocaleString('en-US')} (co-simulation, start-up excluded)`);
  console.log(`  wall time                  ${((Date.now() - started) / 1000).toFixed(1)} s (including simulator builds and start-up)`);
  console.log('  result: AGREE');
  return 0;
}

if (isMainModule(import.meta.url)) exitWith(await runCommand(MAIN_JOB_COMMAND, process.argv.slice(2), ({ values }) => main(values)));
