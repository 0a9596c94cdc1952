// FifoRtl: the RTL simulator behind the blocking RtlSide interface over two named pipes
// (rtl-bridge/client/fifo.ts). The driver model is synchronous, so the main thread simply blocks
// on the pipe: one round trip is two process wake-ups, where SyncRtl (ZeroMQ through a worker
// thread) needs about eight. Same server, same protocol messages, same results.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildServer, FifoSimulator, type DutInfo, type HostCompletion, type HostStep, type LateStop, type Output, type OutputChannel, type SignalEntry, type Backpressure, type ReadyChannel } from '../../rtl-bridge/client/index.js';
import { processCpuSeconds as cpuSeconds, RtlBridgeError, watchdogFromEnv, type RtlInput, type RtlSide, type SignalValue, type SimulatorStats, type SyncRtlOptions } from './rtl-sync.js';

/** Runs one client call; its error becomes an RtlBridgeError (the tb/cosim layer's one error type). */
function guard<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw RtlBridgeError.from(op, e as Error);
  }
}

export class FifoRtl implements RtlSide {
  private readonly sim: FifoSimulator;
  readonly buildId: string;
  readonly hello: DutInfo;
  finalStats: SimulatorStats | undefined;

  /** Builds (cached by make) and starts the simulator. */
  static async create(opts: SyncRtlOptions): Promise<FifoRtl> {
    let bin: string;
    try {
      bin = opts.bin ?? (await buildServer({ top: 'rtl', dut: opts.dut, width: opts.width, defines: opts.defines, trace: opts.trace ? 'vcd' : false, signals: opts.signals, coverage: opts.coverage }));
    } catch (e) {
      throw RtlBridgeError.from('start', e as Error);
    }
    return new FifoRtl(bin, opts);
  }

  constructor(bin: string, opts: SyncRtlOptions) {
    this.sim = guard('start', () => new FifoSimulator({ bin, timeoutMs: opts.timeoutMs ?? watchdogFromEnv(), record: opts.record }));
    this.buildId = this.sim.info.buildId;
    this.hello = this.sim.info;
  }

  get cycle(): number {
    return this.sim.cycle;
  }

  reset(cycles = 8): void {
    guard('reset', () => this.sim.reset(cycles));
  }

  readonly hostReplica = true;
  private hostCpls: HostCompletion[] = [];

  step(inputs: RtlInput[], until: number, stopOn: readonly OutputChannel[] = [], late?: LateStop, host?: HostStep): Output[] {
    const outs = guard('step', () => this.sim.step(inputs.map((i) => ({ ...i, funcNum: 0 })), until, stopOn, late, host));
    if (this.sim.hostCpls.length > 0) this.hostCpls.push(...this.sim.hostCpls);
    return outs;
  }

  takeHostCompletions(): HostCompletion[] {
    const r = this.hostCpls;
    this.hostCpls = [];
    return r;
  }

  wavesStart(file: string): string {
    const p = path.resolve(file);
    guard('wavesStart', () => {
      mkdirSync(path.dirname(p), { recursive: true });
      this.sim.wavesStart(p);
    });
    return p;
  }

  wavesStop(): void {
    guard('wavesStop', () => this.sim.wavesStop());
  }

  get publicSignals(): boolean {
    return this.sim.info.publicSignals;
  }

  peek(name: string): SignalValue {
    return guard('peek', () => this.sim.peek(name));
  }

  poke(name: string, words: Uint32Array): void {
    guard('poke', () => this.sim.poke(name, words));
  }

  watchSignals(names: readonly string[]): void {
    guard('watch', () => this.sim.watchSignals(names));
  }

  setBackpressure(channel: ReadyChannel, bp: Backpressure): void {
    guard('backpressure', () => this.sim.setBackpressure(channel, bp));
  }

  setInputNoise(seed: number): void {
    guard('inputNoise', () => this.sim.setInputNoise(seed));
  }

  signalList(prefix: string, max: number): { total: number; entries: SignalEntry[] } {
    return guard('signalList', () => this.sim.signalList(prefix, max));
  }

  /** The server's process id. */
  get serverPid(): number | undefined {
    return this.sim.proc.child.pid;
  }

  close(): void {
    const pid = this.sim.proc.child.pid;
    const cpu = pid !== undefined ? cpuSeconds(pid) : Number.NaN;
    this.sim.close();
    const f = this.sim.finalStats;
    this.finalStats = f ? { ...f, serverCpuSeconds: cpu } : undefined;
  }
}
