// Raw Verilator vs co-simulation speed on the same traffic.
//   npx tsx rtl-bridge/bench.ts [--top rtl|test] [--width 64|256] [--cycles N] [--lookahead L]
// 1. strict lockstep round trips (one ADVANCE of one cycle each) -> round-trip latency;
// 2. a co-sim run with a reactive host (lookahead L, 4 requests in flight), recorded by the server;
// 3. the raw replay (`sim-server --replay`, no ZeroMQ) of that recording on the same model.
//   [--reps R] (default 3; best of R is printed: the machine is shared)
// Prints cycles/s of both, their ratio, and whether both produced the same output digest.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { buildServer, startSimulator, type BuildOptions } from './client/index.js';
import { defaultTop, processCpuSeconds } from './client/process.js';
import { EchoHost, scheduleTraffic } from './traffic.js';
import { SimulatorError } from './client/errors.js';
import { CliError, exitWith, runCommand, type CommandSpec } from '../scripts/args.js';

// The command line (scripts/args.ts: the one strict parser, a dependency-free leaf).
const COMMAND = {
  name: 'rtl-bridge/bench.ts',
  summary: 'Raw Verilator (replay, no ZeroMQ) against a co-simulation with a reactive host on the same traffic.',
  options: {
    top: { kind: 'enum', values: ['rtl', 'test'] as const, help: 'DUT: the reference RTL or the bridge\'s stand-in (default: rtl when present)' },
    width: { kind: 'enum', values: ['64', '256'] as const, default: '64', help: 'TLP_DATA_WIDTH' },
    cycles: { kind: 'int', min: 1000, max: 1_000_000_000, default: 2_000_000, help: 'cycles per run' },
    lookahead: { kind: 'int', min: 1, max: 65536, default: 4096, help: 'host latency = lookahead in cycles' },
    reps: { kind: 'int', min: 1, max: 1000, default: 3, help: 'repetitions, best kept' },
  },
} satisfies CommandSpec;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(top: 'rtl' | 'test', width: 64 | 256, cycles: number, lookahead: number, reps: number): Promise<number> {
  const build: BuildOptions = { top, width };
  const bin = await buildServer(build);

  // 1. Round-trip latency of strict per-cycle lockstep.
  {
    const sim = await startSimulator(build);
    await sim.reset();
    const n = 3000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await sim.advanceTo(sim.cycle + 1);
    const us = ((performance.now() - t0) * 1000) / n;
    await sim.close();
    console.log(`round trip (strict lockstep, 1 cycle/request): ${us.toFixed(1)} us  -> ${fmt(1e6 / us)} cycles/s`);
  }

  // 2 + 3, alternated `reps` times; the machine is shared, so the best of each is reported.
  let bestCosim = 0, bestRaw = 0, bestCosimCpu = 0, bestRawCpu = 0, outputs = 0, allSame = true, digest = '';
  for (let rep = 0; rep < reps; rep++) {
    const record = path.join(os.tmpdir(), `virtio-cosim-bench-${process.pid}.rec`);
    const sim = await startSimulator({ ...build, record });
    await sim.reset();
    const spacing = 200;
    scheduleTraffic(sim, Math.floor(cycles / spacing) - 1, 42, 10, spacing, top !== 'test');
    const pid = sim.proc!.child.pid!;
    const cpu0 = processCpuSeconds(pid);
    const t0 = performance.now();
    const outs = await sim.run(new EchoHost(lookahead), { until: cycles, lookahead, depth: 4 });
    const cosimS = (performance.now() - t0) / 1000;
    const cosimCpu = processCpuSeconds(pid) - cpu0;
    await sim.close();
    bestCosimCpu = Math.max(bestCosimCpu, cycles / cosimCpu);
    outputs = outs.length;
    bestCosim = Math.max(bestCosim, cycles / cosimS);

    const line = await new Promise<string>((resolve, reject) =>
      execFile(bin, ['--replay', record], { timeout: 600_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))));
    await rm(record, { force: true });
    const m = /cycles=(\d+) outputs=(\d+) digest=([0-9a-f]+) seconds=([\d.]+) cycles_per_s=(\d+) cpu_seconds=([\d.]+)/.exec(line);
    if (!m) throw new Error(`unexpected replay output: ${line}`);
    bestRaw = Math.max(bestRaw, Number(m[5]));
    bestRawCpu = Math.max(bestRawCpu, Number(m[1]) / Number(m[6]));
    digest = m[3];
    allSame &&= m[3] === sim.finalStats?.digest;
  }
  console.log(`top=${top} width=${width} cycles=${fmt(cycles)} outputs=${outputs} lookahead=${lookahead} best of ${reps}`);
  console.log(`raw verilator (replay, no ZeroMQ): ${fmt(bestRaw)} cycles/s`);
  console.log(`co-sim (lookahead, 4 in flight):   ${fmt(bestCosim)} cycles/s`);
  console.log(`ratio co-sim/raw (wall clock): ${((100 * bestCosim) / bestRaw).toFixed(1)}%   same outputs as co-sim (digest ${digest}): ${allSame ? 'yes' : 'NO'}`);
  // On a shared machine wall-clock figures swing with other load; CPU time of the simulating
  // process does not (10 ms resolution from /proc, so use runs of a second or more).
  console.log(`per server CPU-second: raw ${fmt(bestRawCpu)}, co-sim ${fmt(bestCosimCpu)} cycles/s, ratio ${((100 * bestCosimCpu) / bestRawCpu).toFixed(1)}%`);
  return allSame ? 0 : 1;
}

exitWith(await runCommand(COMMAND, process.argv.slice(2), async ({ values: v }) => {
  try {
    return await main(v.top ?? defaultTop(), v.width === '256' ? 256 : 64, v.cycles, v.lookahead, v.reps);
  } catch (e) {
    if (e instanceof SimulatorError) throw new CliError(e.message);
    throw e;
  }
}));
