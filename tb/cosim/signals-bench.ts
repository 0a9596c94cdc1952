// What the signal-level API's build costs, and that runs without it keep their speed.
//
//   npx tsx tb/cosim/signals-bench.ts [--rounds 60] [--seed 1] [--reps 3] [--baseline BIN]
//
// The bench's `stream` traffic (bench.ts) runs as a co-simulation on the ordinary build (its
// requests recorded) and on the `signals` build (--public-flat-rw, signals.ts). The recording is
// then replayed by each server binary with no socket (`sim-server --replay`): raw Verilator speed
// (cycles per CPU second of the server) on identical requests, every output checked identical
// (FNV-1a digest). The co-simulations are per wall second (lockstep run, start-up excluded). `--baseline BIN` adds a
// server built before a change (e.g. from an older checkout) to the replay. Best of --reps.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../../rtl-bridge/client/index.js';
import { CliError, exitWith, isMainModule, runCommand, type CommandSpec } from '../../scripts/args.js';
import { streamScenario } from './bench.js';
import { startRtl } from './rtl.js';
import { DEFAULT_LOOKAHEAD, runCosim } from './runner.js';

interface Replay { cyclesPerS: number; digest: string }

function replay(bin: string, record: string): Promise<Replay> {
  return new Promise((resolve, reject) =>
    execFile(bin, ['--replay', record], { timeout: 600_000 }, (err, stdout, stderr) => {
      // Per CPU second of the server: the machine is shared, wall time is not the simulator's.
      const m = /cycles=(\d+) .*digest=([0-9a-f]+) .*cpu_seconds=([\d.]+)/.exec(stdout);
      if (err || !m) reject(new CliError(`signals bench: ${bin} --replay failed: ${err?.message ?? stdout}${stderr ? ` ${stderr.trim()}` : ''}`, 1));
      else resolve({ cyclesPerS: Number(m[1]) / Math.max(Number(m[3]), 1e-6), digest: m[2]! });
    }));
}

/** One co-simulation of the stream traffic; records its requests when `record` is given. */
async function cosim(rounds: number, seed: number, signals: boolean, record?: string): Promise<{ cyclesPerS: number; cycles: number; digest: string; ok: boolean }> {
  const rtl = await startRtl({ width: 64, defines: [], trace: false, signals, record, transport: 'fifo' });
  let r;
  try {
    r = await runCosim({ scenario: streamScenario(rounds), seed, width: 64, defines: [], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false, drainCycles: 20_000, rtl, signals });
  } finally {
    rtl.close();
  }
  return { cyclesPerS: r.cyclesPerSecond, cycles: r.cycles, digest: rtl.finalStats?.digest ?? '', ok: r.ok };
}

export const SIGNALS_BENCH_COMMAND = {
  name: 'tb/cosim/signals-bench.ts',
  summary: 'Simulation speed of the signals build (public signals) against the ordinary build, on the same traffic.',
  options: {
    rounds: { kind: 'int', min: 1, max: 100_000, default: 60, help: 'bursts of the stream traffic' },
    seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1, help: 'stimulus seed' },
    reps: { kind: 'int', min: 1, max: 20, default: 3, help: 'repetitions (best of)' },
    baseline: { kind: 'string', meta: 'BIN', help: 'a server binary built before a change, replayed too' },
  },
} satisfies CommandSpec;

export async function signalsBench(o: { rounds: number; seed: number; reps: number; baseline?: string }): Promise<string[]> {
  const bins: [string, string][] = [['ordinary', await buildServer({ top: 'rtl', width: 64 })], ['signals', await buildServer({ top: 'rtl', width: 64, signals: true })]];
  if (o.baseline) bins.push(['baseline', path.resolve(o.baseline)]);
  const record = path.join(os.tmpdir(), `virtio-cosim-signals-bench-${process.pid}.rec`);
  const best: Record<string, number> = {};
  const digests = new Set<string>();
  let cycles = 0;
  let agree = true;
  const keep = (k: string, v: number): void => void (best[k] = Math.max(best[k] ?? 0, v));
  try {
    for (let i = 0; i < o.reps; i++) {
      const plain = await cosim(o.rounds, o.seed, false, record);
      const sig = await cosim(o.rounds, o.seed, true);
      cycles = plain.cycles;
      agree &&= plain.ok && sig.ok;
      digests.add(plain.digest).add(sig.digest);
      keep('cosim ordinary', plain.cyclesPerS);
      keep('cosim signals', sig.cyclesPerS);
      for (const [name, bin] of bins) {
        const r = await replay(bin, record);
        digests.add(r.digest);
        keep(`raw ${name}`, r.cyclesPerS);
      }
    }
  } finally {
    await rm(record, { force: true });
  }
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ratio = (a: string, b: string): string => (best[a]! / best[b]!).toFixed(2);
  return [
    `stream traffic, ${o.rounds} bursts, seed ${o.seed}: ${cycles} cycles, TLP_DATA_WIDTH 64, best of ${o.reps}; outputs identical on every build: ${digests.size === 1 ? 'yes' : 'NO'}; both co-simulations agree: ${agree ? 'yes' : 'NO'}`,
    ...Object.entries(best).map(([k, v]) => `  ${k.padEnd(16)} ${fmt(v).padStart(12)} cycles/s${k.startsWith('raw') ? ' (per CPU second)' : ' (wall)'}`),
    `RESULT signals-bench raw_ordinary=${Math.round(best['raw ordinary']!)} raw_signals=${Math.round(best['raw signals']!)} raw_signals_over_ordinary=${ratio('raw signals', 'raw ordinary')}${o.baseline ? ` raw_baseline=${Math.round(best['raw baseline']!)} raw_ordinary_over_baseline=${ratio('raw ordinary', 'raw baseline')}` : ''} cosim_ordinary=${Math.round(best['cosim ordinary']!)} cosim_signals=${Math.round(best['cosim signals']!)} same_outputs=${digests.size === 1}`,
  ];
}

if (isMainModule(import.meta.url)) {
  exitWith(await runCommand(SIGNALS_BENCH_COMMAND, process.argv.slice(2), async ({ values }) => {
    for (const l of await signalsBench(values)) console.log(l);
    return 0;
  }));
}
