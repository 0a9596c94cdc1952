// FifoRtl: the RTL simulator behind the blocking RtlSide interface over two named pipes
// (rtl-bridge/client/fifo.ts). Same server, same protocol messages, same results as SyncRtl
// (ZeroMQ, rtl-sync.ts); the pipes cannot cross hosts.

import { buildServer, FifoSimulator } from '../../rtl-bridge/client/index.js';
import { BlockingRtl, RtlBridgeError, watchdogFromEnv, type SyncRtlOptions } from './rtl-sync.js';

export class FifoRtl extends BlockingRtl {
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
    let sim: FifoSimulator;
    try {
      sim = new FifoSimulator({ bin, timeoutMs: opts.timeoutMs ?? watchdogFromEnv(), record: opts.record });
    } catch (e) {
      throw RtlBridgeError.from('start', e as Error);
    }
    super(sim);
  }
}
