// The named-pipe transport (FifoSimulator) against the ZeroMQ client on the same stand-in DUT:
// same outputs, the ADVANCE late stop, and typed errors instead of hangs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpToHdr } from '../../model/tlp/codec.js';
import type { Tlp } from '../../model/tlp/types.js';
import { scheduleTraffic } from '../traffic.js';
import { buildServer, FifoSimulator, SimulatorCrashed, SimulatorTimeout, startSimulator, type InputItem, type Output, type Simulator } from './index.js';

function trace(outs: Output[]): string[] {
  return outs.map((o) => `${o.channel} ${o.sopCycle}-${o.cycle} ${Array.from(o.hdr).join(',')} ${Buffer.from(o.data).toString('hex')} ${o.aux}`);
}

/** scheduleTraffic's inputs as SCHEDULE items (what the ZeroMQ client would send). */
function trafficItems(count: number, seed: number): InputItem[] {
  const items: InputItem[] = [];
  scheduleTraffic({
    scheduleTlp: (channel, tlp, data, cycle, o = {}) => {
      const hdr = tlp instanceof Uint32Array ? tlp : tlpToHdr(tlp as Tlp);
      const payload = data ?? (tlp instanceof Uint32Array ? new Uint8Array(0) : (tlp as Tlp).data);
      items.push({ channel, cycle, hdr, data: payload, sideband: channel === 'rx_req' ? (o.barId ?? 0) : (o.error ?? 0), funcNum: o.funcNum ?? 0 });
    },
    scheduleFrame: (bytes, cycle, tuser = false) => {
      items.push({ channel: 's_axis_rx', cycle, hdr: new Uint32Array(4), data: bytes, sideband: tuser ? 1 : 0, funcNum: 0 });
    },
  }, count, seed, 5);
  return items;
}

describe('named-pipe transport (test DUT, width 64)', () => {
  let bin: string;
  let zmq: Simulator;
  beforeAll(async () => {
    bin = await buildServer({ top: 'test' });
    zmq = await startSimulator({ top: 'test' });
  });
  afterAll(async () => { await zmq?.close(); });

  it('gives the same outputs as ZeroMQ, and the same digest at SHUTDOWN', async () => {
    await zmq.reset();
    scheduleTraffic(zmq, 80, 5, 5);
    const viaZmq = await zmq.advanceTo(4000);
    const fifo = new FifoSimulator({ bin });
    try {
      fifo.reset();
      const viaFifo = fifo.step(trafficItems(80, 5), 4000);
      expect(fifo.cycle).toBe(4000);
      expect(viaZmq.length).toBeGreaterThan(30);
      expect(trace(viaFifo)).toEqual(trace(viaZmq));
    } finally {
      fifo.close();
    }
    expect(fifo.finalStats?.simulatedCycles).toBe(4000 + 8);
  });

  it('late stop: a tx_cpl in cycle c ends the ADVANCE at c + delay, on both transports', async () => {
    await zmq.reset();
    scheduleTraffic(zmq, 80, 5, 5);
    const z = await zmq.advance(4000, [], { on: ['tx_cpl'], delay: 10 });
    const first = z.outputs.find((o) => o.channel === 'tx_cpl')!;
    expect(z.stopped).toBe(true);
    expect(zmq.cycle).toBe(first.cycle + 10);
    expect(z.outputs.every((o) => o.cycle < first.cycle + 10)).toBe(true);
    const fifo = new FifoSimulator({ bin });
    try {
      fifo.reset();
      const f = fifo.step(trafficItems(80, 5), 4000, [], { on: ['tx_cpl'], delay: 10 });
      expect(fifo.cycle).toBe(first.cycle + 10);
      expect(trace(f)).toEqual(trace(z.outputs));
      // stop_mask still ends it right after the cycle.
      const g = fifo.step([], 4000, ['tx_cpl']);
      const next = g.find((o) => o.channel === 'tx_cpl')!;
      expect(fifo.cycle).toBe(next.cycle + 1);
    } finally {
      fifo.close();
    }
  });

  it('a server that stops answering trips the watchdog (SimulatorTimeout), not a hang', () => {
    const fifo = new FifoSimulator({ bin, timeoutMs: 1500, serverArgs: ['--test-hang-after', '2'] });
    fifo.reset(); // message 2 (after HELLO)
    const t0 = Date.now();
    let err: unknown;
    try {
      fifo.step([], 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimulatorTimeout);
    expect((err as SimulatorTimeout).request).toMatch(/ADVANCE to cycle 100/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    fifo.close();
  });

  // The watchdog bounds a hang; it must not fail a request that is merely long or slow (a
  // loaded CI machine): the server keeps using CPU, so the window keeps restarting (progress.ts).
  it('a request far longer than the watchdog window, with the server working, completes', () => {
    const fifo = new FifoSimulator({ bin, timeoutMs: 300 });
    try {
      fifo.reset();
      fifo.step([], 5_000_000);
      expect(fifo.cycle).toBe(5_000_000);
    } finally {
      fifo.close();
    }
  });

  it('a dead server gives SimulatorCrashed on the next request', async () => {
    const fifo = new FifoSimulator({ bin });
    fifo.reset();
    fifo.proc.child.kill('SIGKILL');
    await fifo.proc.exited;
    expect(() => fifo.step([], 100)).toThrow(SimulatorCrashed);
    fifo.close();
  });
});
