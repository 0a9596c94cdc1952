// `make bench`: throughput and memory of the golden model alone (model/net/device.ts), on TX and
// RX with 64- and 1500-byte frames. The driver model brings the device up and posts buffers
// outside the timed sections; only the model's own calls (pushRequest / pushCompletion /
// pushFrame / advanceTo) and a minimal zero-latency host (memory + completions) are timed.
//
//   npx tsx scripts/bench.ts [--frames N] [--bridge]
// --bridge also runs rtl-bridge/bench.ts (builds the Verilator server: heavy) and prints its
// raw-vs-cosim ratio.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { VirtioNetModel, type OutputEvent } from '../model/net/device.js';
import { mwr } from '../model/tlp/build.js';
import { VirtioNetDriver } from '../tb/driver/virtio-net-driver.js';
import { HostCompleter } from '../tb/host/completer.js';
import { writeWithByteEnables } from '../tb/host/host.js';
import type { HostMemory } from '../tb/host/memory.js';
import { ModelHarness } from '../tb/scenarios/harness.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const QUEUE = 256;

/** Everything the timed loop touches: model, memory and a 1-cycle completer. */
class Rig {
  readonly h = new ModelHarness({ model: { params: { numQueuePairs: 1, maxQueueSize: QUEUE, msixVectors: 4, tagCount: 32 } } });
  readonly d: VirtioNetDriver;
  readonly model: VirtioNetModel;
  readonly mem: HostMemory;
  completer!: HostCompleter;
  cycle = 0;
  timedMs = 0;

  constructor() {
    this.d = new VirtioNetDriver(this.h, this.h.memory, { seed: 1, features: [], queueSize: QUEUE, msix: true, eventMode: 'disable', shapes: ['single'] });
    this.d.bringUp();
    this.h.settle();
    this.model = this.h.model;
    this.mem = this.h.memory;
    this.cycle = this.h.cycle;
    const cfg = this.model.fn.config;
    this.completer = new HostCompleter(this.mem, { seed: 1, latency: { min: 1, max: 1 }, split: 'largest', busBytes: 4096, maxPayloadSize: cfg.maxPayloadSizeBytes, rcb: 64 });
  }

  private onOut(ev: OutputEvent): void {
    if (ev.channel === 'tx_rd_req') this.completer.request(ev.tlp!, ev.cycle);
    else if (ev.channel === 'tx_wr_req' && ev.tlp!.address < 0xfee0_0000) writeWithByteEnables(this.mem, ev.tlp!);
  }

  /** Run model + completer until both are idle. */
  pump(): void {
    for (let guard = 0; guard < 10_000_000; guard++) {
      const a = this.model.nextEventCycle();
      const b = this.completer.nextEventCycle() ?? Infinity;
      const t = Math.min(a, b);
      if (t === Infinity) return;
      if (t > this.cycle) this.cycle = t;
      for (const ev of this.model.advanceTo(this.cycle)) this.onOut(ev);
      for (const e of this.completer.poll(this.cycle)) if (e.type === 'completion') this.model.pushCompletion(e.tlp, e.cycle);
    }
  }

  timed(fn: () => void): void {
    const t0 = performance.now();
    fn();
    this.timedMs += performance.now() - t0;
  }
}

interface Row {
  case: string;
  frames: number;
  descriptors: number;
  ms: number;
}

function benchTx(len: number, frames: number): Row {
  const r = new Rig();
  const frame = new Uint8Array(len).fill(0x5a);
  const q = r.d.queues[1];
  const kick = mwr({ address: q.notifyAddr, data: Uint8Array.of(1, 0, 0, 0), requesterId: 0, firstBe: 0x3 });
  const before = r.model.stats.buffers;
  let sent = 0;
  while (sent < frames) {
    let n = 0;
    while (sent + n < frames && r.d.sendFrame(0, frame, false)) n++;
    sent += n;
    r.timed(() => {
      r.model.pushRequest(kick, r.cycle);
      r.pump();
    });
    r.d.reclaimTx(0);
  }
  if (r.model.stats.txFrames < frames) throw new Error(`TX bench: only ${r.model.stats.txFrames} frames out`);
  return { case: `TX ${len} B`, frames, descriptors: r.model.stats.buffers - before, ms: r.timedMs };
}

function benchRx(len: number, frames: number): Row {
  const r = new Rig();
  const frame = new Uint8Array(len).fill(0xa5);
  frame.set(r.d.mac, 0);
  const q = r.d.queues[0];
  const kick = mwr({ address: q.notifyAddr, data: Uint8Array.of(0, 0, 0, 0), requesterId: 0, firstBe: 0x3 });
  const before = r.model.stats.buffers;
  let pushed = 0;
  while (pushed < frames) {
    const n = Math.min(r.d.postRx(0), frames - pushed);
    r.h.settle(); // nothing of the model runs here: postRx only writes guest memory
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
  return { case: `RX ${len} B`, frames, descriptors: r.model.stats.buffers - before, ms: r.timedMs };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function main(): void {
  const frames = arg('frames', 20_000);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const heap0 = heapMb();
  let peakRss = process.memoryUsage().rss;
  const rows: Row[] = [];
  for (const [dir, len] of [['tx', 64], ['tx', 1500], ['rx', 64], ['rx', 1500]] as const) {
    rows.push(dir === 'tx' ? benchTx(len, frames) : benchRx(len, frames));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const heap1 = heapMb();
  console.log('virtio-cosim model benchmark (model + zero-latency host, one core)');
  console.log('case        frames   descriptors/s   frames/s    MB/s');
  for (const r of rows) {
    const s = r.ms / 1000;
    const bytes = Number(r.case.split(' ')[1]) * r.frames;
    console.log(`${r.case.padEnd(10)} ${String(r.frames).padStart(7)} ${fmt(r.descriptors / s).padStart(15)} ${fmt(r.frames / s).padStart(10)} ${(bytes / s / 1e6).toFixed(1).padStart(7)}`);
  }
  console.log(`memory: peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB; heap after forced GC ${heap1.toFixed(1)} MB (start ${heap0.toFixed(1)} MB)${(globalThis as { gc?: unknown }).gc ? '' : ' [run with --expose-gc for exact GC deltas]'}`);

  // ---- RTL bridge: raw Verilator vs co-simulation (rtl-bridge/bench.ts) --------------------
  const bridge = new URL('../rtl-bridge/bench.ts', import.meta.url).pathname;
  if (!existsSync(bridge)) {
    console.log('bridge: rtl-bridge/bench.ts not present (raw-vs-cosim figures go here)');
  } else if (!process.argv.includes('--bridge')) {
    console.log('bridge: skipped (add --bridge to build the Verilator server and print raw-vs-cosim)');
  } else {
    const out = execFileSync('npx', ['tsx', bridge, '--reps', '1'], { encoding: 'utf8', timeout: 1_800_000 });
    for (const line of out.split('\n')) if (/ratio|cycles\/s|digest/i.test(line)) console.log(`bridge: ${line.trim()}`);
  }
}

main();
