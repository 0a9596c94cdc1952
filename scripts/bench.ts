// `make bench`, in this order: the co-simulation against raw Verilator (tb/cosim/bench.ts: ZeroMQ
// ipc, ZeroMQ TCP loopback, named pipes, the bridge alone), the functional core (model/core, the
// spec level's model: scripts/bench-core.ts) and the timed model (model/net/device.ts, the exact
// level's) on TX and RX with 64- and 1500-byte frames, each case in its own child process so peak
// RSS is per case; last, the RESULT lines (docs/model-speed.md). Exit 1 when the co-simulation
// runs did not all give the same RTL outputs or the model disagreed with the RTL.
//
// Timed model cases:
// Two hosts answer the model's reads:
//  - "alone" (the headline figure, issue 3): the model plus the cheapest correct host. Device
//    Control is set to MPS 512 / MRRS 512 so every MRd is answered by ONE CplD (legal: payload
//    <= MPS, no RCB split needed), built straight from a zero-copy view of host memory and
//    delivered one cycle later. MWr go to memory. Nothing is kept per event, so memory stays flat
//    however long the run.
//  - "host" (realistic): tb/host HostCompleter with RCB 64, the driver's seeded MPS/MRRS, CplDs
//    split as late as MPS allows; what the co-simulation testbench pays.
// Only the model's own calls (pushRequest / pushCompletion / pushFrame / advanceTo) and the host
// answering them are timed; the driver model posts and reclaims buffers outside the timed parts.
//
//   npx tsx scripts/bench.ts [--quick] [--frames N] [--host-frames N] [--core-frames N] [--reps N] [--bridge] [--no-cosim] [--cosim-reps N]
//   npx tsx scripts/bench.ts --case tx64|tx1500|rx64|rx1500 [--core | --host alone|host] --frames N [--reps N]  (one case)
// --bridge also runs rtl-bridge/bench.ts (builds the Verilator server: heavy) and prints its
// raw-vs-cosim ratio with a reactive echo host.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { memReadCompletion } from '../model/function/completion.js';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../model/timing/profile.js';
import { VirtioNetModel, type OutputEvent } from '../model/net/device.js';
import { mwr } from '../model/tlp/build.js';
import type { Tlp } from '../model/tlp/types.js';
import { PCIE_CAP } from '../tb/driver/layout.js';
import { VirtioNetDriver } from '../tb/driver/virtio-net-driver.js';
import { HostCompleter } from '../tb/host/completer.js';
import { writeWithByteEnables } from '../tb/host/host.js';
import type { HostMemory } from '../tb/host/memory.js';
import { X86_MSI_WINDOW } from '../tb/host/msix.js';
import { ModelHarness } from '../tb/scenarios/harness.js';
import { BenchError, cosimBenchResult, type CosimBenchResult } from '../tb/cosim/bench.js';
import { CliError, exitWith, runCommand, type CommandSpec, type Parsed } from './args.js';
import { coreBench, CoreBenchError } from './bench-core.js';

const QUEUE = 256;
const SAFE_ADDRESS = BigInt(Number.MAX_SAFE_INTEGER - 4096);
type HostKind = 'alone' | 'host';

/**
 * Timing profiles the bench runs the model with. `ref` is the default (model/timing/reference-rtl.json:
 * one job at a time, byte-serial engine, what the RTL does cycle by cycle); `perq` is the same
 * profile with the model's own policy before it followed the RTL (each queue fetches on its own,
 * 8 TX buffers in flight, whole-buffer reads, no engine step costs): the other code path.
 */
const TIMINGS: Record<string, TimingProfile> = {
  ref: REFERENCE_RTL_PROFILE,
  perq: {
    ...REFERENCE_RTL_PROFILE, name: 'reference-rtl-perQueue',
    policy: { ...REFERENCE_RTL_PROFILE.policy, scheduling: 'perQueue', prefetch: 7, dataReadChunk: 0, usedWrite: 'afterAllData', indirectRead: 'wholeTable', engineBytesPerCycle: 0 },
  },
};
type TimingName = keyof typeof TIMINGS;

/** How the timed loop answers the model: the realistic HostCompleter or the flat one below. */
interface BenchHost {
  request(tlp: Tlp, cycle: number): void;
  nextEventCycle(): number;
  /** Hand every completion due by `cycle` to the model. */
  deliver(cycle: number, model: VirtioNetModel): void;
}

/**
 * The cheapest correct completer: one CplD per MRd (the bench sets MPS = MRRS, so one CplD of
 * Length = the MRd's Length is legal, PCIe r6.0 §2.3.1.1), payload a view of host memory, one
 * cycle of latency, in request order. A fixed-size ring of pending answers: nothing grows.
 */
class FlatCompleter implements BenchHost {
  private readonly tlps: (Tlp | null)[] = new Array<Tlp | null>(1024).fill(null);
  private readonly cycles = new Float64Array(1024);
  private head = 0;
  private count = 0;
  constructor(private readonly mem: HostMemory, private readonly completerId: number) {}

  request(req: Tlp, cycle: number): void {
    if (this.count === this.tlps.length) throw new Error('FlatCompleter: more than 1024 reads outstanding');
    const n = req.length * 4;
    // A number below 2^53 takes HostMemory's number path (no bigint arithmetic per read).
    const at = req.address <= SAFE_ADDRESS ? Number(req.address) : req.address;
    const data = this.mem.view(at, n) ?? this.mem.read(at, n);
    const i = (this.head + this.count++) & 1023;
    this.tlps[i] = memReadCompletion(req, this.completerId, data);
    this.cycles[i] = cycle + 1;
  }

  nextEventCycle(): number {
    return this.count === 0 ? Infinity : this.cycles[this.head];
  }

  deliver(cycle: number, model: VirtioNetModel): void {
    while (this.count > 0 && this.cycles[this.head] <= cycle) {
      model.pushCompletion(this.tlps[this.head]!, this.cycles[this.head]);
      this.tlps[this.head] = null;
      this.head = (this.head + 1) & 1023;
      this.count--;
    }
  }
}

/** tb/host HostCompleter: RCB 64, CplDs split as late as MPS allows, one cycle of latency. */
class RealisticHost implements BenchHost {
  readonly c: HostCompleter;
  constructor(mem: HostMemory, mps: number) {
    this.c = new HostCompleter(mem, { seed: 1, latency: { min: 1, max: 1 }, split: 'largest', busBytes: 4096, maxPayloadSize: mps, rcb: 64 });
  }
  request(tlp: Tlp, cycle: number): void {
    this.c.request(tlp, cycle);
  }
  nextEventCycle(): number {
    return this.c.nextEventCycle() ?? Infinity;
  }
  deliver(cycle: number, model: VirtioNetModel): void {
    for (const e of this.c.poll(cycle)) if (e.type === 'completion') model.pushCompletion(e.tlp, e.cycle);
  }
}

/** Everything the timed loop touches: model, memory and a host. */
class Rig {
  readonly h: ModelHarness;
  readonly d: VirtioNetDriver;
  readonly model: VirtioNetModel;
  readonly mem: HostMemory;
  readonly host: BenchHost;
  cycle = 0;
  timedMs = 0;
  /** CPU time (user + system, all threads: GC helpers included) of the timed parts. */
  timedCpuMs = 0;

  constructor(kind: HostKind, timing: TimingName) {
    this.h = new ModelHarness({ model: { params: { numQueuePairs: 1, maxQueueSize: QUEUE, msixVectors: 4, tagCount: 32 }, profile: TIMINGS[timing] } });
    this.d = new VirtioNetDriver(this.h, this.h.memory, { seed: 1, features: [], queueSize: QUEUE, msix: true, eventMode: 'disable', shapes: ['single'] });
    this.d.bringUp();
    if (kind === 'alone') {
      // Device Control: MPS 512 (010b, the supported maximum) and MRRS 512 (PCIe r6.0 §7.5.3.4).
      const at = this.d.pcieCap + PCIE_CAP.DEVCTL;
      const devctl = this.d.pci.cfgRead16(at);
      this.d.pci.cfgWrite(at, (devctl & ~0x70e0) | (2 << 5) | (2 << 12), 2);
    }
    this.h.settle();
    this.model = this.h.model;
    this.mem = this.h.memory;
    this.cycle = this.h.cycle;
    const cfg = this.model.fn.config;
    this.host = kind === 'alone' ? new FlatCompleter(this.mem, 0) : new RealisticHost(this.mem, cfg.maxPayloadSizeBytes);
  }

  /**
   * Run model + host until both are idle. Both hosts answer only MRd (the rest just lands in
   * memory), so the loop stops only where the host must act: at a request it answers, at a
   * completion it delivers, or when the model acts on its own (model.nextAnswerCycle). Writes and
   * frames held before such a cycle come out of the same advanceTo at their own cycles; the tail
   * after the last answer is stepped through output by output, so the run ends on the same cycle.
   * Completions due at a cycle where the model has nothing of its own are pushed before the
   * advanceTo that handles them (one call, not two); when the model also has something due then,
   * they are pushed after it, so the model sees everything in the same order either way.
   */
  pump(): void {
    const model = this.model;
    const host = this.host;
    for (let guard = 0; guard < 10_000_000; guard++) {
      const tm = model.nextAnswerCycle();
      const th = host.nextEventCycle();
      let t = tm < th ? tm : th;
      if (t === Infinity) t = model.nextEventCycle();
      if (t === Infinity) return;
      if (t > this.cycle) this.cycle = t;
      const early = th <= t && tm > t;
      if (early) host.deliver(this.cycle, model);
      const out = model.advanceTo(this.cycle);
      for (let i = 0; i < out.length; i++) this.onOut(out[i]);
      if (!early) host.deliver(this.cycle, model);
    }
    throw new Error('bench: model and host did not go idle');
  }

  private onOut(ev: OutputEvent): void {
    if (ev.channel === 'tx_rd_req') this.host.request(ev.tlp!, ev.cycle);
    else if (ev.channel === 'tx_wr_req' && (ev.tlp!.address < X86_MSI_WINDOW.base || ev.tlp!.address >= X86_MSI_WINDOW.base + X86_MSI_WINDOW.size)) {
      writeWithByteEnables(this.mem, ev.tlp!);
    }
  }

  timed(fn: () => void): void {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    this.timedMs += performance.now() - t0;
    const c = process.cpuUsage(c0);
    this.timedCpuMs += (c.user + c.system) / 1000;
  }
}

interface Result {
  frames: number;
  descriptors: number;
  ms: number;
  cpuMs: number;
  /** Heap after a forced GC at half the run and at its end (MB): equal when nothing accumulates. */
  heapMid: number;
  heapEnd: number;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function benchTx(host: HostKind, timing: TimingName, len: number, frames: number): Result {
  const r = new Rig(host, timing);
  const frame = new Uint8Array(len).fill(0x5a);
  const q = r.d.queues[1];
  const kick = mwr({ address: q.notifyAddr, data: Uint8Array.of(1, 0, 0, 0), requesterId: 0, firstBe: 0x3 });
  const before = r.model.stats.buffers;
  let sent = 0;
  let heapMid = 0;
  while (sent < frames) {
    let n = 0;
    while (sent + n < frames && r.d.sendFrame(0, frame, false)) n++;
    if (sent < frames / 2 && sent + n >= frames / 2) heapMid = heapMb();
    sent += n;
    r.timed(() => {
      r.model.pushRequest(kick, r.cycle);
      r.pump();
    });
    r.d.reclaimTx(0);
  }
  if (r.model.stats.txFrames < frames) throw new Error(`TX bench: only ${r.model.stats.txFrames} frames out`);
  return { frames, descriptors: r.model.stats.buffers - before, ms: r.timedMs, cpuMs: r.timedCpuMs, heapMid, heapEnd: heapMb() };
}

function benchRx(host: HostKind, timing: TimingName, len: number, frames: number): Result {
  const r = new Rig(host, timing);
  const frame = new Uint8Array(len).fill(0xa5);
  frame.set(r.d.mac, 0);
  const q = r.d.queues[0];
  const kick = mwr({ address: q.notifyAddr, data: Uint8Array.of(0, 0, 0, 0), requesterId: 0, firstBe: 0x3 });
  const before = r.model.stats.buffers;
  let pushed = 0;
  let heapMid = 0;
  while (pushed < frames) {
    const n = Math.min(r.d.postRx(0), frames - pushed);
    r.h.settle(); // nothing of the model runs here: postRx only writes guest memory
    if (pushed < frames / 2 && pushed + n >= frames / 2) heapMid = heapMb();
    r.timed(() => {
      r.model.pushRequest(kick, r.cycle);
      // In chunks below the device's RX backlog (64 frames), as a line-rate MAC would pace them.
      for (let i = 0; i < n; i += 32) {
        for (let k = i; k < Math.min(n, i + 32); k++) r.model.pushFrame(frame, r.cycle);
        r.pump();
      }
    });
    pushed += n;
    r.d.receive(0);
  }
  const got = r.model.stats.rxFrames;
  if (got < frames) throw new Error(`RX bench: ${got} of ${frames} frames delivered (${JSON.stringify(r.model.stats.rxDropped)})`);
  return { frames, descriptors: r.model.stats.buffers - before, ms: r.timedMs, cpuMs: r.timedCpuMs, heapMid, heapEnd: heapMb() };
}

const CASES = { tx64: ['TX', 64], tx1500: ['TX', 1500], rx64: ['RX', 64], rx1500: ['RX', 1500] } as const;
type CaseName = keyof typeof CASES;

/**
 * Child: run one case `reps` times (fresh model each time) and print the fastest run as one line
 * of space-separated numbers. Best-of-n because other processes on the machine only ever slow a
 * run down; heap figures are from the last run.
 */
function runCase(name: CaseName, host: HostKind | 'core', timing: TimingName, frames: number, reps: number): void {
  console.log(caseLine(measureCase(name, host, timing, frames, reps)));
}

/** The case `reps` times, the best run by CPU time. */
function measureCase(name: CaseName, host: HostKind | 'core', timing: TimingName, frames: number, reps: number): Result {
  const [dir, len] = CASES[name];
  const once = (): Result => {
    if (host !== 'core') return dir === 'TX' ? benchTx(host, timing, len, frames) : benchRx(host, timing, len, frames);
    const heapMid = heapMb();
    const c = coreBench(dir, len, frames);
    return { frames: c.frames, descriptors: c.descriptors, ms: c.ms, cpuMs: c.cpuMs, heapMid, heapEnd: heapMb() };
  };
  let r = once();
  for (let i = 1; i < reps; i++) {
    const x = once();
    // Best by CPU time (what the RESULT lines report); other processes only ever slow a run down.
    r = x.cpuMs < r.cpuMs ? x : { ...r, heapMid: x.heapMid, heapEnd: x.heapEnd };
  }
  return r;
}

function caseLine(r: Result): string {
  const peakRss = process.resourceUsage().maxRSS / 1024; // KiB -> MiB
  return `${CASE_LINE} ${r.frames} ${r.descriptors} ${r.ms.toFixed(3)} ${r.cpuMs.toFixed(3)} ${peakRss.toFixed(1)} ${r.heapMid.toFixed(2)} ${r.heapEnd.toFixed(2)}`;
}

/** How a child reports its case to the parent (not a RESULT line: those are the parent's, last). */
const CASE_LINE = 'CASE';

export const BENCH_COMMAND = {
  name: 'scripts/bench.ts',
  summary: 'make bench: co-simulation vs raw Verilator (ZeroMQ ipc, TCP loopback, named pipes, bridge alone), the functional core and the timed model (descriptors/s, memory), then RESULT lines; exit 1 when co-simulation runs differ or the model disagrees.',
  options: {
    quick: { kind: 'flag', help: 'small sizes, one repetition, the timed model with the flat host and ref timing only (the RESULT lines\' test)' },
    case: { kind: 'enum', values: ['tx64', 'tx1500', 'rx64', 'rx1500'] as const, help: 'run this one model case in this process and print its CASE line' },
    core: { kind: 'flag', help: 'with --case: the functional core (model/core) instead of the timed model' },
    host: { kind: 'enum', values: ['alone', 'host'] as const, default: 'alone', help: 'with --case: the flat one-CplD host or tb/host HostCompleter' },
    timing: { kind: 'enum', values: ['ref', 'perq'] as const, default: 'ref', help: 'with --case: timing profile' },
    frames: { kind: 'int', min: 1, max: 100_000_000, help: 'frames per timed-model case with the flat host (default 100,000)' },
    'host-frames': { kind: 'int', min: 1, max: 100_000_000, help: 'frames per timed-model case with HostCompleter (default 20,000)' },
    'core-frames': { kind: 'int', min: 1, max: 100_000_000, help: 'frames per functional-core case (default 500,000)' },
    reps: { kind: 'int', min: 1, max: 1000, help: 'runs per model case, best kept (default 3; 1 with --case or --quick)' },
    bridge: { kind: 'flag', help: 'also run rtl-bridge/bench.ts (builds the Verilator server)' },
    'no-cosim': { kind: 'flag', help: 'skip the co-simulation (tb/cosim/bench.ts) and its RESULT lines' },
    'cosim-reps': { kind: 'int', min: 1, max: 1000, help: 'repetitions of the co-simulation bench (default 4; 1 with --quick)' },
  },
} satisfies CommandSpec;

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

interface CaseFigures { descPerS: number; descPerCpuS: number }

/**
 * One model case in a child process (fresh JIT and heap; peak RSS is the case's own), or with
 * `inProcess` (--quick: no process start per case) here; prints its row.
 */
function childCase(name: CaseName, host: HostKind | 'core', timing: TimingName, frames: number, reps: number, inProcess: boolean): CaseFigures {
  const args = ['--case', name, '--frames', String(frames), '--reps', String(reps), ...(host === 'core' ? ['--core'] : ['--host', host, '--timing', timing])];
  let out: string;
  try {
    if (inProcess) out = caseLine(measureCase(name, host, timing, frames, reps));
    else
    out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', new URL(import.meta.url).pathname, ...args], { encoding: 'utf8', timeout: 600_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const why = (err.stderr ?? err.message).split('\n').find((l) => /Error|bench/.test(l)) ?? err.message.split('\n')[0];
    throw new CliError(`bench: model case ${name}/${host}/${timing} failed: ${why.trim()}`);
  }
  const line = out.split('\n').find((l) => l.startsWith(`${CASE_LINE} `));
  if (!line) throw new CliError(`bench: model case ${name}/${host}/${timing} printed no ${CASE_LINE} line`);
  const [fr, desc, ms, cpuMs, rss, heapMid, heapEnd] = line.split(' ').slice(1).map(Number);
  const s = ms / 1000;
  const [dir, len] = CASES[name];
  const f = { descPerS: desc / s, descPerCpuS: desc / (cpuMs / 1000) };
  console.log(
    `${`${dir} ${len} B`.padEnd(10)} ${(host === 'core' ? 'core' : host).padEnd(6)} ${(host === 'core' ? '-' : timing).padEnd(6)} ${String(fr).padStart(7)} ${fmt(f.descPerS).padStart(14)} ${fmt(fr / s).padStart(11)} ${((len * fr) / s / 1e6).toFixed(1).padStart(8)}` +
    ` ${fmt(f.descPerCpuS).padStart(12)} ${`${rss.toFixed(0)} MB`.padStart(9)}  ${heapMid.toFixed(1)} / ${heapEnd.toFixed(1)} MB`,
  );
  return f;
}

async function main(values: Parsed<typeof BENCH_COMMAND.options>['values']): Promise<number> {
  const quick = values.quick;
  const one = values.case;
  if (one !== undefined) {
    try {
      runCase(one, values.core ? 'core' : values.host, values.timing, values.frames ?? (values.core ? 500_000 : 100_000), values.reps ?? 1);
    } catch (e) {
      if (e instanceof CoreBenchError) throw new CliError(e.message);
      throw e;
    }
    return 0;
  }
  const frames = values.frames ?? (quick ? 3000 : 100_000);
  const hostFrames = values['host-frames'] ?? (quick ? 3000 : 20_000);
  const coreFrames = values['core-frames'] ?? (quick ? 3000 : 500_000);
  const reps = values.reps ?? (quick ? 1 : 3);
  const [l1, l5, l15] = loadavg();
  console.log(`virtio-cosim benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
  console.log(`machine load (1/5/15 min): ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)}; wall-clock figures drop when the load exceeds the core count, per-CPU-second ones much less`);

  // ---- co-simulation vs raw Verilator on the same traffic (tb/cosim/bench.ts, issue 5) ------
  // Builds the 64-bit Verilator server if needed (cached); --no-cosim skips it.
  let cosim: CosimBenchResult | null = null;
  if (values['no-cosim']) {
    console.log('cosim: skipped (--no-cosim)');
  } else {
    try {
      cosim = await cosimBenchResult({ rounds: quick ? 10 : 100, reps: values['cosim-reps'] ?? (quick ? 1 : 4) });
    } catch (e) {
      if (e instanceof BenchError) throw new CliError(e.message);
      throw e;
    }
    for (const l of cosim.lines) console.log(l);
  }

  // ---- RTL bridge with a reactive echo host (rtl-bridge/bench.ts), on request ----------------
  const bridge = new URL('../rtl-bridge/bench.ts', import.meta.url).pathname;
  if (values.bridge && existsSync(bridge)) {
    const out = execFileSync('npx', ['tsx', bridge, '--reps', '1'], { encoding: 'utf8', timeout: 1_800_000 });
    for (const line of out.split('\n')) if (/ratio|cycles\/s|digest/i.test(line)) console.log(`bridge: ${line.trim()}`);
  }

  // ---- the model: functional core, then the timed model --------------------------------------
  console.log(`model (${quick ? 'in this process' : 'each case in its own process'}, best of ${reps}):` + ' core = functional core (model/core: pop, gather/scatter, frame or RX image, used entry, on a SparseMemory);');
  console.log('  alone = timed model + one-CplD-per-MRd flat host (MPS = MRRS = 512); host = timed model + tb/host HostCompleter (RCB 64, driver MPS/MRRS)');
  console.log('  timing: ref = reference-rtl.json (one job at a time, byte-serial engine); perq = same, per-queue fetching (8 TX in flight)');
  console.log('  rates per second of wall time in the timed parts; "desc/CPU-s" divides by process CPU time (all threads, GC helpers included): the RESULT figures');
  console.log('case       host   timing  frames  descriptors/s    frames/s     MB/s   desc/CPU-s  peak RSS  heap after GC mid/end');
  let bestCore = 0;
  for (const name of Object.keys(CASES) as CaseName[]) bestCore = Math.max(bestCore, childCase(name, 'core', 'ref', coreFrames, reps, quick).descPerCpuS);
  let bestTimed = 0;
  // --quick: the flat host with the reference profile only (the RESULT lines' test).
  const runs: [HostKind, TimingName][] = quick ? [['alone', 'ref']] : [['alone', 'ref'], ['alone', 'perq'], ['host', 'ref']];
  for (const [host, timing] of runs) {
    for (const name of Object.keys(CASES) as CaseName[]) {
      const f = childCase(name, host, timing, host === 'alone' ? frames : hostFrames, reps, quick);
      bestTimed = Math.max(bestTimed, f.descPerCpuS);
    }
  }
  console.log(`load after the run (1 min): ${loadavg()[0].toFixed(2)}`);

  // ---- machine-readable, last (docs/model-speed.md) ------------------------------------------
  if (cosim) {
    // Per CPU-second, clamped to 1: /proc's 10 ms CPU resolution can put a short run a hair above raw.
    const ratio = (r: number): string => Math.min(1, Math.max(0, r)).toFixed(4);
    console.log(`RESULT cosim_zmq_ratio=${ratio(cosim.ratios.cpu.zmq)}`);
    console.log(`RESULT cosim_fifo_ratio=${ratio(cosim.ratios.cpu.fifo)}`);
    console.log(`RESULT cosim_tcp_ratio=${ratio(cosim.ratios.cpu.tcp)}`);
  }
  console.log(`RESULT model_desc_per_s=${Math.round(bestCore)}`);
  console.log(`RESULT model_timed_desc_per_s=${Math.round(bestTimed)}`);
  if (cosim && !(cosim.sameOutputs && cosim.agree)) {
    console.error(`bench: ${!cosim.sameOutputs ? 'the co-simulation runs did not all give the same RTL outputs' : 'the model disagreed with the RTL'} (see the co-simulation lines above)`);
    return 1;
  }
  return 0;
}

exitWith(await runCommand(BENCH_COMMAND, process.argv.slice(2), ({ values }) => main(values)));
