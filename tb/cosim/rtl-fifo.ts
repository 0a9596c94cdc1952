// FifoRtl: the RTL simulator behind the blocking RtlSide interface over two named pipes
// (rtl-bridge/client/fifo.ts). The driver model is synchronous, so the main thread simply blocks
// on the pipe: one round trip is two process wake-ups, where SyncRtl (ZeroMQ through a worker
// thread) needs about eight. Same server, same protocol messages, same results.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildServer, FifoSimulator, type LateStop, type Output, type OutputChannel } from '../../rtl-bridge/client/index.js';
import { processCpuSeconds as cpuSeconds, type RtlInput, type RtlSide, type SimulatorStats, type SyncRtlOptions } from './rtl-sync.js';

export class FifoRtl implements RtlSide {
  private readonly sim: FifoSimulator;
  readonly buildId: string;
  finalStats: SimulatorStats | undefined;

  /** Builds (cached by make) and starts the simulator. */
  static async create(opts: SyncRtlOptions): Promise<FifoRtl> {
    const bin = await buildServer({ top: 'rtl', dut: opts.dut, width: opts.width, defines: opts.defines, trace: opts.trace ? 'vcd' : false });
    return new FifoRtl(bin, opts);
  }

  constructor(bin: string, opts: SyncRtlOptions) {
    this.sim = new FifoSimulator({ bin, timeoutMs: opts.timeoutMs ?? 60_000, record: opts.record });
    this.buildId = this.sim.info.buildId;
  }

  get cycle(): number {
    return this.sim.cycle;
  }

  reset(cycles = 8): void {
    this.sim.reset(cycles);
  }

  step(inputs: RtlInput[], until: number, stopOn: readonly OutputChannel[] = [], late?: LateStop): Output[] {
    return this.sim.step(inputs.map((i) => ({ ...i, funcNum: 0 })), until, stopOn, late);
  }

  wavesStart(file: string): string {
    const p = path.resolve(file);
    mkdirSync(path.dirname(p), { recursive: true });
    this.sim.wavesStart(p);
    return p;
  }

  wavesStop(): void {
    this.sim.wavesStop();
  }

  close(): void {
    const pid = this.sim.proc.child.pid;
    const cpu = pid !== undefined ? cpuSeconds(pid) : Number.NaN;
    this.sim.close();
    const f = this.sim.finalStats;
    this.finalStats = f ? { ...f, serverCpuSeconds: cpu } : undefined;
  }
}
