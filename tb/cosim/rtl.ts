// Starting the RTL side of a co-simulation over either transport. Both speak the same protocol
// to the same Verilator server and give identical results; they differ only in speed:
//   'zmq'  (default): ZeroMQ (PROTOCOL.md), through a worker thread (SyncRtl, rtl-sync.ts);
//   'fifo': two named pipes, the main thread blocking on them (FifoRtl, rtl-fifo.ts).
// COSIM_TRANSPORT=fifo in the environment picks the pipes where a caller names no transport.

import { FifoRtl } from './rtl-fifo.js';
import { SyncRtl, type RtlSide, type SimulatorStats, type SyncRtlOptions } from './rtl-sync.js';

export type RtlTransport = 'zmq' | 'fifo';

export class RtlTransportError extends Error {
  constructor(value: string) {
    super(`cosim: transport = "${value}" is not "zmq" or "fifo"`);
    this.name = 'RtlTransportError';
  }
}

export function defaultTransport(): RtlTransport {
  const t = process.env.COSIM_TRANSPORT ?? 'zmq';
  if (t !== 'zmq' && t !== 'fifo') throw new RtlTransportError(t);
  return t;
}

export async function startRtl(opts: SyncRtlOptions & { transport?: RtlTransport }): Promise<RtlSide & { finalStats: SimulatorStats | undefined }> {
  const t = opts.transport ?? defaultTransport();
  if (t === 'fifo') return FifoRtl.create(opts);
  if (t !== 'zmq') throw new RtlTransportError(t);
  return SyncRtl.create(opts);
}
