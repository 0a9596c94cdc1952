// Co-simulation speed against raw Verilator on the same traffic (issue 5).
//
//   npx tsx tb/cosim/bench.ts [--scenario stream|<name>] [--seed 1] [--rounds 100] [--width 64]
//                             [--lookahead L] [--reps 4] [--quick] [--no-replica]
//
// A co-simulation run (driver + golden model + host + RTL, tb/cosim/runner.ts) records every
// request the Verilator server receives. The same recording is then
//  (a) replayed by the server itself with no socket (`sim-server --replay`): raw Verilator speed;
//  (d) replayed from TypeScript with no model, driver or host (the bridge alone, the same round
//      trips as the co-simulation): what the transport costs.
// (b) is the co-simulation itself, (c) the ratio b / a; over ZeroMQ (ipc, from the main thread
// through the native client, rtl-sync.ts), over ZeroMQ on TCP loopback (what a simulator on another host costs, less
// the network) and over the named-pipe transport (rtl-fifo.ts). The server answers the device's
// reads from its host replica (docs/host-replica.md) unless --no-replica (or COSIM_REPLICA=off):
// then one round trip per read, as before protocol 3. All runs produce the same
// RTL outputs (FNV-1a digest over every output record, checked). Figures are printed per
// wall-clock second and per CPU second; the machine is shared, so each is the best of --reps
// (the first repetition also warms up the JIT: later ones are the steady state; the transports'
// order turns with each repetition, so none always runs on the least optimised code).
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { buildServer, FifoSimulator, ZmqSyncSimulator, type BlockingSimulator } from '../../rtl-bridge/client/index.js';
import { processCpuSeconds } from '../../rtl-bridge/client/process.js';
import { DEFAULT_LOOKAHEAD, runCosim, type RunResult } from './runner.js';
import { freeLoopbackPort, startRtl, type RtlTransport } from './rtl.js';
import { makeFrame, SCENARIOS, type Scenario } from './scenarios.js';
import { CliError, exitWith, isMainModule, runCommand, UsageError, type CommandSpec } from '../../scripts/args.js';

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
      // Bounded: after a divergence held completions keep drain() busy to its 2M-cycle limit.
      dut.drain(256, 20_000);
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
  /** (d) the recording replayed from TypeScript, no model/driver/host. */
  bridgeWall: number;
  bridgeCpu: number;
  roundTrips: number;
  stops: number;
  steps: number;
  /** Share of the co-simulation's wall time spent waiting for the RTL (round trips included). */
  rtlWaitShare: number;
  /** CPU of the co-simulation run: Node (main thread, V8 helpers, ZeroMQ I/O thread) and the server, seconds. */
  nodeCpuS: number;
  serverCpuS: number;
  runMs: number;
  agree: boolean;
  sameOutputs: boolean;
  /** FNV digests of the outputs: the raw replay's, the co-simulation server's, the bridge replay's. */
  digests: { raw: string; cosim: string; bridge: string };
  /** Completions the server's host replica delivered (0 with the replica off). */
  replicaCompletions: number;
  /** Grants whose reads waited for the client's decision (a configuration write or one-shot fault pending). */
  heldGrants: number;
  /** CPU of the run by thread (ms, Linux schedstat; empty elsewhere): see ThreadCpu. */
  threads: ThreadCpu;
}

/**
 * Where a co-simulation run's CPU went, ms: Node's main thread (driver, model, host side,
 * lockstep, encoding), its other threads (V8's garbage collector and optimising compiler, the
 * simulator watchdog), ZeroMQ's I/O thread in Node; the server's main thread (Verilator, BFMs,
 * host replica, output encoding, socket calls) and its ZeroMQ I/O thread. Threads that ended
 * during the run are missing (none do in a co-simulation run).
 */
export interface ThreadCpu { nodeMain: number; nodeOther: number; nodeZmq: number; serverMain: number; serverZmq: number }

/** CPU time so far of each thread of a process, ns by "name#tid" (/proc/<pid>/task/<tid>/schedstat). */
function threadCpuNs(pid: number | 'self'): Map<string, number> {
  const m = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return m;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      m.set(`${name}#${tid}`, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // the thread ended in between
    }
  }
  return m;
}

/** Per-thread CPU between two snapshots of one process, ms: [main thread, ZeroMQ I/O threads, the others]. */
function threadSplit(a: Map<string, number>, b: Map<string, number>, mainTid: number): [number, number, number] {
  let main = 0, zmq = 0, other = 0;
  for (const [k, v] of b) {
    const ms = (v - (a.get(k) ?? 0)) / 1e6;
    if (k.endsWith(`#${mainTid}`)) main += ms;
    else if (k.startsWith('ZMQbg/')) zmq += ms;
    else other += ms;
  }
  return [main, zmq, other];
}

/** utime + stime of a live process in seconds (Linux /proc). */
async function cpuSeconds(pid: number): Promise<number> {
  return processCpuSeconds(pid);
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

/** The requests a replay sends (HELLO and SHUTDOWN are the client's own). */
function replayable(requests: Uint8Array[]): Uint8Array[] {
  return requests.filter((r) => {
    const type = r[0] | (r[1] << 8);
    return type !== MSG_HELLO && type !== MSG_SHUTDOWN;
  });
}

/**
 * (d) the recorded requests sent again from a blocking client (the transport's own: native
 * ZeroMQ or named pipes), each SCHEDULE and host replica message sent along with the request
 * after it in one write (as the co-simulation does): the same round trips, no model, driver or host.
 */
async function bridgeReplay(requests: Uint8Array[], width: 64 | 256, transport: RtlTransport): Promise<{ seconds: number; cpu: number; digest: string }> {
  const bin = await buildServer({ top: 'rtl', width });
  const sim: BlockingSimulator = transport === 'fifo' ? new FifoSimulator({ bin })
    : ZmqSyncSimulator.start({ bin, endpoint: transport === 'tcp' ? `tcp://127.0.0.1:${await freeLoopbackPort()}` : undefined });
  const pid = sim.proc!.child.pid!;
  const body = replayable(requests);
  const cpu0 = await cpuSeconds(pid);
  const t0 = performance.now();
  let batch: Uint8Array[] = [];
  for (const r of body) {
    const type = r[0] | (r[1] << 8);
    batch.push(r);
    // SCHEDULE and the host replica's messages go out with the request after them (one round trip).
    if (type === MSG_SCHEDULE || (type >= 0x40 && type <= 0x4f)) continue;
    sim.requestMany(batch, `recorded request type ${type}`);
    batch = [];
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await cpuSeconds(pid)) - cpu0;
  sim.close();
  return { seconds, cpu, digest: sim.finalStats?.digest ?? '' };
}

/** One repetition over one transport: co-sim (recorded), raw replay, bridge replay. */
export async function benchOnce(scenario: Scenario, seed: number, width: 64 | 256, lookahead: number, transport: RtlTransport, replica?: boolean): Promise<CosimFigures & { result: RunResult }> {
  const bin = await buildServer({ top: 'rtl', width });
  const record = path.join(os.tmpdir(), `virtio-cosim-cosim-bench-${process.pid}.rec`);
  try {
    const rtl = await startRtl({ width, defines: [], trace: false, record, transport });
    const serverPid = (rtl as { serverPid?: number }).serverPid;
    const node0 = threadCpuNs('self');
    const server0 = serverPid !== undefined ? threadCpuNs(serverPid) : new Map<string, number>();
    const cpu0 = process.cpuUsage();
    let result: RunResult;
    let threads: ThreadCpu;
    try {
      result = await runCosim({ scenario, seed, width, defines: [], lookahead, wavesOnDivergence: false, continueAfterDivergence: true, drainCycles: 20_000, rtl, replica });
    } finally {
      const [nodeMain, nodeZmq, nodeOther] = threadSplit(node0, threadCpuNs('self'), process.pid);
      const [serverMain, serverZmq] = serverPid !== undefined ? threadSplit(server0, threadCpuNs(serverPid), serverPid) : [0, 0];
      threads = { nodeMain, nodeOther, nodeZmq, serverMain, serverZmq };
      rtl.close();
    }
    const nodeCpu = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0));
    const server = rtl.finalStats;
    if (result.fault) throw new BenchError(`co-simulation over ${transport}`, result.fault);
    if (!server) throw new BenchError(`co-simulation over ${transport}`, 'the server reported no SHUTDOWN figures');

    const line = await execText(bin, ['--replay', record]);
    const m = /cycles=(\d+) outputs=(\d+) digest=([0-9a-f]+) seconds=([\d.]+) cycles_per_s=(\d+) cpu_seconds=([\d.]+)/.exec(line);
    if (!m) throw new BenchError('raw replay', `unexpected output: ${line}`);
    const requests = splitRecording(new Uint8Array(await readFile(record)));
    const bridge = await bridgeReplay(requests, width, transport);

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
      nodeCpuS: nodeCpu,
      serverCpuS: serverCpu,
      runMs: result.engine.runMs,
      agree: result.ok,
      sameOutputs: m[3] === server.digest && bridge.digest === server.digest,
      digests: { raw: m[3], cosim: server.digest, bridge: bridge.digest },
      replicaCompletions: result.engine.replicaCompletions,
      heldGrants: result.engine.heldGrants,
      threads,
    };
  } finally {
    await rm(record, { force: true });
  }
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
const ms = (n: number): string => `${Math.round(n)} ms`;

type Best = Record<'cosimWall' | 'cosimCpu' | 'cosimServerCpu' | 'rawWall' | 'rawCpu' | 'bridgeWall' | 'bridgeCpu', number>;

export interface CosimBenchOptions { scenario?: string; seed?: number; rounds?: number; width?: 64 | 256; lookahead?: number; reps?: number; replica?: boolean }

/** Runs the bench and returns the printed lines (scripts/bench.ts prints them under `make bench`). */
export async function cosimBench(o: CosimBenchOptions = {}): Promise<string[]> {
  return (await cosimBenchResult(o)).lines;
}

/** Co-simulation / raw per CPU-second and on wall clock, per transport (0..1). */
export interface CosimRatios { cpu: Record<RtlTransport, number>; wall: Record<RtlTransport, number> }

/**
 * The bench's printed lines and its figures: the ratios per transport, the round trips of the last
 * run, whether every run produced the same RTL outputs and the model agreed.
 */
/** What one run of the bench found (scripts/bench.ts's RESULT lines and exit status). */
export interface CosimBenchResult { lines: string[]; ratios: CosimRatios; roundTrips: number; sameOutputs: boolean; agree: boolean }

export async function cosimBenchResult(o: CosimBenchOptions = {}): Promise<CosimBenchResult> {
  const rounds = o.rounds ?? 100;
  const name = o.scenario ?? 'stream';
  const scenario = name === 'stream' ? streamScenario(rounds) : SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new BenchError('--scenario', `${name} is not stream or one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const seed = o.seed ?? 1;
  const width = o.width ?? 64;
  const lookahead = o.lookahead ?? DEFAULT_LOOKAHEAD;
  const reps = o.reps ?? 4;
  const transports: RtlTransport[] = ['zmq', 'fifo', 'tcp'];
  const best = new Map<RtlTransport, Best>();
  const last = new Map<RtlTransport, CosimFigures & { result: RunResult }>();
  let same = true;
  let agree = true;
  /** The first run whose outputs differ, named. */
  let firstDiff = '';
  const digests = new Set<string>();
  for (let i = 0; i < reps; i++) {
    // The order turns each repetition (zmq fifo tcp, fifo tcp zmq, tcp zmq fifo, ...): V8 keeps
    // optimising code for the first ten runs or so, and a transport always run first would always
    // run on the least optimised code (docs/model-speed.md, "Co-simulation CPU").
    for (const t of transports.slice(i % transports.length).concat(transports.slice(0, i % transports.length))) {
      const f = await benchOnce(scenario, seed, width, lookahead, t, o.replica);
      const b = best.get(t) ?? { cosimWall: 0, cosimCpu: 0, cosimServerCpu: 0, rawWall: 0, rawCpu: 0, bridgeWall: 0, bridgeCpu: 0 };
      for (const k of Object.keys(b) as (keyof Best)[]) b[k] = Math.max(b[k], f[k]);
      best.set(t, b);
      last.set(t, f);
      if (!f.sameOutputs && !firstDiff) firstDiff = `repetition ${i + 1} over ${t}: raw replay ${f.digests.raw}, co-simulation ${f.digests.cosim}, bridge replay ${f.digests.bridge}`;
      same &&= f.sameOutputs;
      agree &&= f.agree;
      digests.add(`${f.cycles}`);
    }
  }
  if (digests.size > 1 && !firstDiff) firstDiff = `runs of ${[...digests].join(', ')} cycles`;
  same &&= digests.size === 1;
  const f = last.get('fifo')!;
  const fz = last.get('zmq')!;
  const ft = last.get('tcp')!;
  const z = best.get('zmq')!;
  const p = best.get('fifo')!;
  const tc = best.get('tcp')!;
  // Raw Verilator does not depend on the transport: best over all replays.
  const rawWall = Math.max(z.rawWall, p.rawWall, tc.rawWall);
  const rawCpu = Math.max(z.rawCpu, p.rawCpu, tc.rawCpu);
  const replicaOn = fz.replicaCompletions > 0;
  const diverged = [...last.values()].find((x) => !x.agree);
  const [l1, l5] = os.loadavg();
  const row = (label: string, wall: number, cpu: number, extra = ''): string =>
    `  ${label.padEnd(50)} ${fmt(wall).padStart(10)} cycles/s wall (${pct(wall, rawWall).padStart(6)})  ${fmt(cpu).padStart(10)} per CPU-s (${pct(cpu, rawCpu).padStart(6)})${extra}`;
  const lines = [
    `co-simulation vs raw Verilator: ${scenario.name} seed ${seed}, TLP_DATA_WIDTH ${width}, host latency = lookahead ${lookahead}, ${fmt(f.cycles)} cycles, best of ${reps}; host replica ${replicaOn ? `on (${fz.replicaCompletions} completions from the server, ${fz.heldGrants} grants with reads held)` : 'off (one round trip per read)'}`,
    `  shared machine: ${os.cpus().length} cores, load average ${l1.toFixed(1)} / ${l5.toFixed(1)}; wall-clock figures swing with other load, CPU-second figures less`,
    row('(a) raw Verilator (C++ replay, no socket)', rawWall, rawCpu),
    row('(b) co-simulation, ZeroMQ ipc', z.cosimWall, z.cosimCpu, `  ${fmt(z.cosimServerCpu)} per server CPU-s`),
    row('(b) co-simulation, named pipes', p.cosimWall, p.cosimCpu, `  ${fmt(p.cosimServerCpu)} per server CPU-s`),
    row('(b) co-simulation, ZeroMQ over TCP loopback', tc.cosimWall, tc.cosimCpu, `  ${fmt(tc.cosimServerCpu)} per server CPU-s`),
    `  (c) ratio co-sim / raw: ZeroMQ ${pct(z.cosimWall, rawWall)} wall, ${pct(z.cosimCpu, rawCpu)} per CPU-s; named pipes ${pct(p.cosimWall, rawWall)} wall, ${pct(p.cosimCpu, rawCpu)} per CPU-s; TCP ${pct(tc.cosimWall, rawWall)} wall, ${pct(tc.cosimCpu, rawCpu)} per CPU-s`,
    row('(d) bridge alone, ZeroMQ (recording, no model)', z.bridgeWall, z.bridgeCpu, '  (CPU: server only)'),
    row('(d) bridge alone, named pipes', p.bridgeWall, p.bridgeCpu, '  (CPU: server only)'),
    row('(d) bridge alone, ZeroMQ over TCP loopback', tc.bridgeWall, tc.bridgeCpu, '  (CPU: server only)'),
    `  round trips ${f.roundTrips} (${f.stops} ended early on a read, the awaited completion or a drain gone quiet), host-side steps ${f.steps}; share of the co-sim run waiting for the RTL: ZeroMQ ${(100 * fz.rtlWaitShare).toFixed(0)}%, named pipes ${(100 * f.rtlWaitShare).toFixed(0)}%, TCP ${(100 * ft.rtlWaitShare).toFixed(0)}%`,
    `  last run's CPU: named pipes ${ms(f.runMs)} run = server ${ms(1000 * f.serverCpuS)} CPU + Node ${ms(1000 * f.nodeCpuS)} CPU (main thread, V8 GC/JIT helpers); ZeroMQ ${ms(fz.runMs)} run = server ${ms(1000 * fz.serverCpuS)} + Node ${ms(1000 * fz.nodeCpuS)} (ZeroMQ I/O thread included)`,
    `  by thread, last ZeroMQ run: Node main ${ms(fz.threads.nodeMain)}, V8 helpers and watchdog ${ms(fz.threads.nodeOther)}, ZeroMQ I/O ${ms(fz.threads.nodeZmq)}; server main ${ms(fz.threads.serverMain)} (its raw replay: ${ms(1000 * fz.cycles / fz.rawCpu)}), ZeroMQ I/O ${ms(fz.threads.serverZmq)}`,
    `  same RTL outputs in every run: ${same ? 'yes' : `NO (${firstDiff})`}; model and RTL ${!diverged ? 'agree' : `diverge (${diverged.result.divergence ? `${diverged.result.divergence.kind} at cycle ${diverged.result.divergence.cycle}` : diverged.result.driverError ?? 'memory/host'})`}`,
  ];
  const ratios: CosimRatios = {
    cpu: { zmq: z.cosimCpu / rawCpu, fifo: p.cosimCpu / rawCpu, tcp: tc.cosimCpu / rawCpu },
    wall: { zmq: z.cosimWall / rawWall, fifo: p.cosimWall / rawWall, tcp: tc.cosimWall / rawWall },
  };
  // One machine-readable line (scripts/bench.ts turns it into its RESULT lines).
  lines.push(`  cosim ratios per CPU-s: zmq=${ratios.cpu.zmq.toFixed(3)} fifo=${ratios.cpu.fifo.toFixed(3)} tcp=${ratios.cpu.tcp.toFixed(3)}; wall: zmq=${ratios.wall.zmq.toFixed(3)} fifo=${ratios.wall.fifo.toFixed(3)} tcp=${ratios.wall.tcp.toFixed(3)}; round_trips=${fz.roundTrips}`);
  return { lines, ratios, roundTrips: fz.roundTrips, sameOutputs: same, agree: !diverged };
}

export const COSIM_BENCH_COMMAND = {
  name: 'tb/cosim/bench.ts',
  summary: 'Co-simulation (driver + model + host + RTL, over ZeroMQ ipc, ZeroMQ TCP loopback and named pipes) against raw Verilator on the same traffic; exit 1 when runs differ or the model disagrees.',
  options: {
    scenario: { kind: 'string', meta: 'NAME', default: 'stream', help: 'stream or a tb/cosim scenario' },
    seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1 },
    rounds: { kind: 'int', min: 1, max: 1_000_000, help: 'rounds of the stream scenario (default 100, 30 with --quick)' },
    width: { kind: 'enum', values: ['64', '256'] as const, default: '64', help: 'TLP_DATA_WIDTH' },
    lookahead: { kind: 'int', min: 1, max: 65536, default: DEFAULT_LOOKAHEAD, help: 'host latency = lookahead in cycles' },
    reps: { kind: 'int', min: 1, max: 1000, help: 'repetitions, best kept (default 4, 1 with --quick)' },
    quick: { kind: 'flag', help: 'fewer rounds and one repetition' },
    'no-replica': { kind: 'flag', help: 'answer every device read from the testbench (one round trip each), as before the host replica' },
  },
} satisfies CommandSpec;

if (isMainModule(import.meta.url)) {
  exitWith(await runCommand(COSIM_BENCH_COMMAND, process.argv.slice(2), async ({ values: v }) => {
    if (v.scenario !== 'stream' && !SCENARIOS.some((s) => s.name === v.scenario)) {
      throw new UsageError(`${COSIM_BENCH_COMMAND.name}: --scenario ${JSON.stringify(v.scenario)} is not stream or one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
    }
    let r: CosimBenchResult;
    try {
      r = await cosimBenchResult({
        scenario: v.scenario, seed: v.seed, rounds: v.rounds ?? (v.quick ? 30 : 100), width: v.width === '256' ? 256 : 64,
        lookahead: v.lookahead, reps: v.reps ?? (v.quick ? 1 : 4), replica: v['no-replica'] ? false : undefined,
      });
    } catch (e) {
      if (e instanceof BenchError) throw new CliError(e.message);
      throw e;
    }
    for (const l of r.lines) console.log(l);
    // The bench is also a check: the same RTL outputs in every run and the model agreeing.
    return r.sameOutputs && r.agree ? 0 : 1;
  }));
}
