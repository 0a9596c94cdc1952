// Co-simulation speed against raw Verilator on the same traffic (issue 5).
//
//   npx tsx tb/cosim/bench.ts [--scenario stream|<name>] [--seed 1] [--rounds 150] [--width 64]
//                             [--lookahead L] [--reps 3] [--quick]
//
// One co-simulation run (driver + golden model + host + RTL over ZeroMQ, tb/cosim/runner.ts)
// records every request the Verilator server receives. The same recording is then
//  (a) replayed by the server itself with no socket (`sim-server --replay`): raw Verilator speed;
//  (d) replayed from TypeScript over ZeroMQ with no model, driver or host (the bridge alone, the
//      same round trips as the co-simulation): what the transport costs.
// (b) is the co-simulation itself, (c) the ratio b / a. The three runs produce the same RTL
// outputs (FNV-1a digest over every output record, checked). Figures are printed per wall-clock
// second and per CPU second; the machine is shared, so each is the best of --reps repetitions.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { buildServer, startSimulator } from '../../rtl-bridge/client/index.js';
import { DEFAULT_LOOKAHEAD, runCosim, type RunResult } from './runner.js';
import { SyncRtl } from './rtl-sync.js';
import { makeFrame, SCENARIOS, type Scenario } from './scenarios.js';

export class BenchError extends Error {
  constructor(what: string, detail: string) {
    super(`cosim bench: ${what}: ${detail}`);
    this.name = 'BenchError';
  }
}

/**
 * The bench's traffic: bring-up, then bursts of 1..3 single-descriptor frames each way on queue
 * pair 0 with idle gaps, the driver reclaiming and re-posting buffers between bursts. Frame
 * sizes stay under one RD_CHUNK so it avoids the known read-size policy difference (README).
 */
export function streamScenario(rounds: number): Scenario {
  return {
    name: 'stream',
    description: `bench: ${rounds} bursts of TX and RX frames with idle gaps`,
    datapath: true,
    setup: () => ({ driver: { shapes: ['single'] } }),
    run({ driver: d, dut, rng }) {
      d.bringUp();
      d.postRx(0);
      for (let i = 0; i < rounds; i++) {
        const n = rng.int(1, 3);
        for (let k = 0; k < n; k++) d.sendFrame(0, makeFrame(rng, d.mac, rng.int(60, 600)));
        for (let k = 0; k < n && d.rxCapacity(0) >= VIRTIO_NET_HDR_LEN + 600; k++) dut.pushFrame(makeFrame(rng, d.mac, rng.int(60, 600)));
        dut.run(rng.int(500, 4000));
        d.takeInterrupts();
        d.reclaimTx(0);
        d.receive(0);
        if (d.rxCapacity(0) < 4 * 1536) d.postRx(0);
      }
      dut.drain();
    },
  };
}

export interface CosimFigures {
  cycles: number;
  /** (b) co-simulation: cycles per wall second of the lockstep run, and per CPU second (server + Node). */
  cosimWall: number;
  cosimCpu: number;
  cosimServerCpu: number;
  /** (a) raw Verilator replay of the same requests. */
  rawWall: number;
  rawCpu: number;
  /** (d) the recording replayed over ZeroMQ from TypeScript, no model/driver/host. */
  bridgeWall: number;
  bridgeCpu: number;
  roundTrips: number;
  stops: number;
  steps: number;
  /** Share of the co-simulation's wall time spent waiting for the RTL (round trips included). */
  rtlWaitShare: number;
  agree: boolean;
  sameOutputs: boolean;
}

/** utime + stime of a live process in seconds (Linux /proc, 100 ticks per second). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

function execText(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(bin, args, { timeout: 600_000 }, (err, stdout, stderr) => (err ? reject(new BenchError(`${bin} ${args.join(' ')}`, `${err.message}\n${stderr}`)) : resolve(stdout))));
}

/** Splits a --record file (u32 length + request bytes, PROTOCOL.md "Raw replay") into requests. */
export function splitRecording(buf: Uint8Array): Uint8Array[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Uint8Array[] = [];
  for (let o = 0; o < buf.length; ) {
    if (o + 4 > buf.length) throw new BenchError('recording', `truncated length at byte ${o}`);
    const n = dv.getUint32(o, true);
    if (o + 4 + n > buf.length) throw new BenchError('recording', `request at byte ${o} of ${n} bytes runs past the end`);
    out.push(buf.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}

const MSG_HELLO = 1;
const MSG_SCHEDULE = 3;
const MSG_SHUTDOWN = 9;

/**
 * (d): the recorded requests sent again over ZeroMQ from the asynchronous client, each SCHEDULE
 * sent along with the request after it (as the co-simulation does), every other request awaited.
 */
async function bridgeReplay(requests: Uint8Array[], width: 64 | 256): Promise<{ seconds: number; cpu: number; digest: string }> {
  const sim = await startSimulator({ top: 'rtl', width });
  const pid = sim.proc!.child.pid!;
  const body = requests.filter((r) => {
    const type = r[0] | (r[1] << 8);
    return type !== MSG_HELLO && type !== MSG_SHUTDOWN;
  });
  const cpu0 = await cpuSeconds(pid);
  const t0 = performance.now();
  let pending: Promise<void> | null = null;
  for (const r of body) {
    const type = r[0] | (r[1] << 8);
    const p = sim.sendRaw(r, `recorded request type ${type}`);
    if (type === MSG_SCHEDULE) {
      pending = p;
      continue;
    }
    await p;
    if (pending) await pending;
    pending = null;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await cpuSeconds(pid)) - cpu0;
  await sim.close();
  return { seconds, cpu, digest: sim.finalStats?.digest ?? '' };
}

/** One repetition: co-sim (recorded), raw replay, bridge replay. */
export async function benchOnce(scenario: Scenario, seed: number, width: 64 | 256, lookahead: number): Promise<CosimFigures & { result: RunResult }> {
  const bin = await buildServer({ top: 'rtl', width });
  const record = path.join(os.tmpdir(), `virtio-cosim-cosim-bench-${process.pid}.rec`);
  try {
    const rtl = await SyncRtl.create({ width, defines: [], trace: false, record });
    const cpu0 = process.cpuUsage();
    let result: RunResult;
    try {
      result = await runCosim({ scenario, seed, width, defines: [], lookahead, wavesOnDivergence: false, continueAfterDivergence: true, rtl });
    } finally {
      rtl.close();
    }
    const nodeCpu = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0));
    const server = rtl.finalStats;
    if (!server) throw new BenchError('co-simulation', 'the server reported no SHUTDOWN figures');

    const line = await execText(bin, ['--replay', record]);
    const m = /cycles=(\d+) outputs=(\d+) digest=([0-9a-f]+) seconds=([\d.]+) cycles_per_s=(\d+) cpu_seconds=([\d.]+)/.exec(line);
    if (!m) throw new BenchError('raw replay', `unexpected output: ${line}`);
    const bridge = await bridgeReplay(splitRecording(new Uint8Array(await readFile(record))), width);

    const cycles = result.cycles;
    // The server's figures cover its whole life (a few ms of start-up and reset included).
    const serverCpu = server.serverCpuSeconds;
    return {
      result,
      cycles,
      cosimWall: result.cyclesPerSecond,
      cosimCpu: cycles / (nodeCpu + serverCpu),
      cosimServerCpu: cycles / serverCpu,
      rawWall: Number(m[1]) / Number(m[4]),
      rawCpu: Number(m[1]) / Math.max(Number(m[6]), 1e-6),
      bridgeWall: cycles / bridge.seconds,
      bridgeCpu: cycles / Math.max(bridge.cpu, 0.01),
      roundTrips: result.engine.grants,
      stops: result.engine.stops,
      steps: result.engine.steps,
      rtlWaitShare: result.engine.rtlWaitMs / Math.max(result.engine.runMs, 1e-9),
      agree: result.ok,
      sameOutputs: m[3] === server.digest && bridge.digest === server.digest,
    };
  } finally {
    await rm(record, { force: true });
  }
}

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;

/** Runs the bench and returns the printed lines (scripts/bench.ts prints them under `make bench`). */
export async function cosimBench(o: { scenario?: string; seed?: number; rounds?: number; width?: 64 | 256; lookahead?: number; reps?: number } = {}): Promise<string[]> {
  const rounds = o.rounds ?? 150;
  const name = o.scenario ?? 'stream';
  const scenario = name === 'stream' ? streamScenario(rounds) : SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new BenchError('--scenario', `${name} is not stream or one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const seed = o.seed ?? 1;
  const width = o.width ?? 64;
  const lookahead = o.lookahead ?? DEFAULT_LOOKAHEAD;
  const reps = o.reps ?? 3;
  const best: Partial<Record<keyof CosimFigures, number>> = {};
  let last: (CosimFigures & { result: RunResult }) | undefined;
  let same = true;
  for (let i = 0; i < reps; i++) {
    const f = await benchOnce(scenario, seed, width, lookahead);
    for (const k of ['cosimWall', 'cosimCpu', 'cosimServerCpu', 'rawWall', 'rawCpu', 'bridgeWall', 'bridgeCpu'] as const) best[k] = Math.max(best[k] ?? 0, f[k]);
    same &&= f.sameOutputs;
    last = f;
  }
  const f = last!;
  const [l1, l5] = os.loadavg();
  const b = best as Record<keyof CosimFigures, number>;
  return [
    `co-simulation vs raw Verilator: ${scenario.name} seed ${seed}, TLP_DATA_WIDTH ${width}, host latency / lookahead ${lookahead}, ${fmt(f.cycles)} cycles, best of ${reps}`,
    `  shared machine: ${os.cpus().length} cores, load average ${l1.toFixed(1)} / ${l5.toFixed(1)}; wall-clock figures swing with other load, CPU-second figures less`,
    `  (a) raw Verilator (C++ replay, no socket)     ${fmt(b.rawWall).padStart(11)} cycles/s wall   ${fmt(b.rawCpu).padStart(11)} per CPU-s`,
    `  (b) co-simulation (model+driver+host+RTL/ZMQ) ${fmt(b.cosimWall).padStart(11)} cycles/s wall   ${fmt(b.cosimCpu).padStart(11)} per CPU-s (server + Node)   ${fmt(b.cosimServerCpu)} per server CPU-s`,
    `  (c) ratio co-sim / raw                        ${pct(b.cosimWall, b.rawWall).padStart(11)} wall             ${pct(b.cosimCpu, b.rawCpu).padStart(11)} per CPU-s`,
    `  (d) bridge alone (recording over ZMQ, no model) ${fmt(b.bridgeWall).padStart(9)} cycles/s wall   ${fmt(b.bridgeCpu).padStart(11)} per CPU-s   (${pct(b.bridgeWall, b.rawWall)} of raw)`,
    `  round trips ${f.roundTrips} (${f.stops} ended early on a read or the awaited completion), host-side steps ${f.steps}, ${(100 * f.rtlWaitShare).toFixed(0)}% of co-sim wall time waiting for the RTL`,
    `  same RTL outputs in (a), (b), (d): ${same ? 'yes' : 'NO'}; model and RTL ${f.agree ? 'agree' : `diverge (${f.result.divergence ? `${f.result.divergence.kind} at cycle ${f.result.divergence.cycle}` : f.result.driverError ?? 'memory/host'})`}`,
  ];
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  const quick = process.argv.includes('--quick');
  cosimBench({
    scenario: arg('scenario', 'stream'),
    seed: Number(arg('seed', '1')),
    rounds: Number(arg('rounds', quick ? '40' : '150')),
    width: Number(arg('width', '64')) as 64 | 256,
    lookahead: Number(arg('lookahead', String(DEFAULT_LOOKAHEAD))),
    reps: Number(arg('reps', quick ? '1' : '3')),
  }).then((lines) => {
    for (const l of lines) console.log(l);
  }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
