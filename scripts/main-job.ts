// The README's main job: co-simulate the reference RTL against the golden model — bring-up,
// then mixed TX/RX traffic with random sizes and chain shapes (the `traffic` scenario of
// tb/cosim) and the control queue (`ctrl`) — over several seeds at both TLP data widths, and print one summary: cycles,
// transactions compared per kind, divergences, timing error, simulated cycles per second.
// Exits 1 at the first run that diverges (its report and waves window are printed).
//
//   npx tsx scripts/main-job.ts [--seeds 1..12] [--seeds256 1..4] [--scenarios traffic,ctrl]

import { histogram, runCosim, DEFAULT_LOOKAHEAD, type RunResult } from '../tb/cosim/runner.js';
import { startRtl } from '../tb/cosim/rtl.js';
import { RtlBridgeError } from '../tb/cosim/rtl-sync.js';
import { Interrupted, orInterrupted, receivedSignal, signalExitCode, supervise, watchSignals, type StopSignal } from '../tb/cosim/interrupt.js';
import type { OutputChannel } from '../tb/cosim/events.js';

class MainJobArgError extends Error {}

function seedRange(text: string, flag: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  if (m && Number(m[1]) <= Number(m[2])) {
    return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
  }
  const list = text.split(',').map(Number);
  if (text === '' || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new MainJobArgError(`${flag} "${text}": expected A..B or a comma-separated list of seeds`);
  }
  return list;
}

function opt(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const CHANNELS: OutputChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const scenarios = opt(args, '--scenarios', 'traffic,ctrl').split(',').filter(Boolean);
  const plan: { width: 64 | 256; seeds: number[] }[] = [
    { width: 64, seeds: seedRange(opt(args, '--seeds', '1..12'), '--seeds') },
    { width: 256, seeds: seedRange(opt(args, '--seeds256', '1..4'), '--seeds256') },
  ];

  const compared: Record<OutputChannel, number> = { tx_cpl: 0, tx_rd_req: 0, tx_wr_req: 0, m_axis_tx: 0, intx: 0 };
  const hist = new Map<number, number>();
  let cycles = 0;
  let busySeconds = 0;
  let runs = 0;
  let maxAbs = 0;
  let violations = 0;
  const started = Date.now();
  /** The summary block; `end` says how the job ended when it did not agree to the end. */
  const summary = (end?: string): void => {
    let sum = 0;
    let n = 0;
    for (const [k, v] of hist) {
      sum += k * v;
      n += v;
    }
    const total = CHANNELS.reduce((a, c) => a + compared[c], 0);
    console.log('');
    console.log(end ? 'summary (of the runs so far)' : 'summary');
    console.log(`  runs                       ${runs} (${scenarios.join(', ')}; seeds ${plan.map((p) => `${p.seeds.length} at ${p.width}-bit`).join(', ')})`);
    console.log(`  cycles simulated           ${cycles}`);
    console.log(`  transactions compared      ${total}  (${CHANNELS.map((c) => `${c} ${compared[c]}`).join(', ')})`);
    console.log(`  divergences                ${end === 'DIVERGED' ? 1 : 0}`);
    console.log(`  timing error (rtl - model) mean ${(n ? sum / n : 0).toFixed(2)}, max |${maxAbs}|, outside the profile tolerance ${violations}`);
    console.log(`  timing histogram           ${histogram(hist)}`);
    console.log(`  simulated cycles per second ${Math.round(busySeconds > 0 ? cycles / busySeconds : 0).toLocaleString('en-US')} (co-simulation, start-up excluded)`);
    console.log(`  wall time                  ${((Date.now() - started) / 1000).toFixed(1)} s (including simulator builds and start-up)`);
    console.log(`  result: ${end ?? 'AGREE'}`);
  };
  const account = (r: RunResult): void => {
    const s = r.summary;
    for (const c of CHANNELS) compared[c] += s.compared[c];
    for (const [k, v] of s.timingHistogram) hist.set(k, (hist.get(k) ?? 0) + v);
    cycles += r.cycles;
    if (r.cyclesPerSecond > 0) busySeconds += r.cycles / r.cyclesPerSecond;
    maxAbs = Math.max(maxAbs, s.timingMaxAbs);
    violations += s.timingViolations;
  };
  let stopped = false;
  const interrupted = (sig: StopSignal): number => {
    if (!stopped) summary(`INTERRUPTED by ${sig}`);
    stopped = true;
    return signalExitCode(sig);
  };
  // Ctrl-C / SIGTERM (tb/cosim/interrupt.ts): the supervisor kills the simulator, so the run in
  // progress ends at once and is accounted for below; between runs the handler ends the job.
  watchSignals((sig) => process.exit(interrupted(sig)));

  console.log(`virtio-cosim main job: ${scenarios.join(' + ')} — reference RTL (Verilator, over ZeroMQ) vs golden model, lookahead ${DEFAULT_LOOKAHEAD}`);
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
      for (const scenario of scenarios) for (const seed of seeds) {
        let r: RunResult;
        try {
          r = await runCosim({ scenario, seed, width, defines: [], lookahead: DEFAULT_LOOKAHEAD, rtl });
        } catch (e) {
          // The simulator failed before the run began (its reset): the job ends here.
          if (e instanceof Interrupted) return interrupted(e.signal);
          if (!(e instanceof RtlBridgeError)) throw e;
          summary('SIMULATOR FAULT');
          console.error(`main-job: ${e.message}`);
          return 1;
        }
        runs++;
        const s = r.summary;
        const total = CHANNELS.reduce((a, c) => a + s.compared[c], 0);
        const verdict = r.interrupted ? 'INTERRUPTED' : r.fault ? 'SIMULATOR FAULT' : r.ok ? 'AGREE' : 'DIVERGED';
        console.log(`  ${scenario.padEnd(8)} seed ${String(seed).padEnd(3)} TLP_DATA_WIDTH ${String(width).padEnd(3)} ` +
          `${String(r.cycles).padStart(7)} cycles  ${String(total).padStart(5)} compared  ` +
          `timing max |${s.timingMaxAbs}|  ${Math.round(r.cyclesPerSecond).toLocaleString('en-US').padStart(9)} cycles/s  ${verdict}`);
        account(r);
        if (r.interrupted) return interrupted(r.interrupted);
        const sig = receivedSignal();
        if (sig) return interrupted(sig);
        if (!r.ok) {
          if (r.report) console.log(r.report);
          console.log(`reproduce: npx tsx scripts/cosim.ts --scenario ${scenario} --seed ${seed} --width ${width}`);
          if (r.fault) {
            for (const l of r.faultDetail ?? []) console.log(`  simulator stderr: ${l}`);
            summary('SIMULATOR FAULT');
            console.error(`main-job: ${r.fault}`);
          } else summary('DIVERGED');
          return 1;
        }
      }
    } finally {
      rtl.close();
    }
  }
  summary();
  return 0;
}

await supervise();
main().then(
  // A SIGTERM that came during the last synchronous run is handled in this turn (exit 143 there).
  (code) => setImmediate(() => process.exit(code)),
  (e: unknown) => {
    if (e instanceof MainJobArgError) {
      console.error(`main-job: ${e.message}`);
      process.exit(2);
    }
    throw e;
  },
);
