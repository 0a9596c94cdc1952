// Starting the RTL side of a co-simulation over either transport. Both speak the same protocol
// to the same Verilator server and give identical results; the main thread blocks on each:
//   'zmq'  (default): ZeroMQ (PROTOCOL.md) over ipc, through the native client (SyncRtl, rtl-sync.ts);
//   'fifo': two named pipes (FifoRtl, rtl-fifo.ts), same host only.
//   'tcp': ZeroMQ over TCP loopback (a free port on 127.0.0.1): what a run between hosts costs.
// COSIM_TRANSPORT=fifo in the environment picks the pipes where a caller names no transport.
// `connect` (any transport) attaches to a server started elsewhere (`sim-server --endpoint
// tcp://*:PORT`), over ZeroMQ: the simulator and the testbench on different hosts.

import { createServer } from 'node:net';
import { FifoRtl } from './rtl-fifo.js';
import { SyncRtl, type RtlSide, type SimulatorStats, type SyncRtlOptions } from './rtl-sync.js';

export type RtlTransport = 'zmq' | 'fifo' | 'tcp';

export class RtlTransportError extends Error {
  constructor(value: string) {
    super(`cosim: transport = "${value}" is not "zmq", "fifo" or "tcp"`);
    this.name = 'RtlTransportError';
  }
}

export function defaultTransport(): RtlTransport {
  const t = process.env.COSIM_TRANSPORT ?? 'zmq';
  if (t !== 'zmq' && t !== 'fifo' && t !== 'tcp') throw new RtlTransportError(t);
  return t;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new RtlTransportError('tcp (no free port)'))));
    });
  });
}

export async function startRtl(opts: SyncRtlOptions & { transport?: RtlTransport }): Promise<RtlSide & { finalStats: SimulatorStats | undefined }> {
  if (opts.connect) return SyncRtl.create(opts);
  const t = opts.transport ?? defaultTransport();
  if (t === 'fifo') return FifoRtl.create(opts);
  if (t === 'tcp') return SyncRtl.create({ ...opts, endpoint: `tcp://127.0.0.1:${await freeLoopbackPort()}` });
  if (t !== 'zmq') throw new RtlTransportError(t);
  return SyncRtl.create(opts);
}
