// The native ZeroMQ addon (native/zmq_sync.c) and the blocking client over it (zmq-sync.ts),
// against the stand-in DUT's server: raw send/receive of protocol messages (one per frame, a
// multipart request answered by one multipart reply), the bounded receive slice, and the
// faults: a server killed while a request waits is the crash line, a hung one the watchdog's.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, OUTPUT_CHANNELS, ServerError, SimulatorCrashed, SimulatorTimeout, ZmqSyncSimulator, loadZmqSync, startSimulator, type InputItem, type Output } from './index.js';
import { PROTOCOL_VERSION, Reader, decodeAdvanceBody, decodeHeader, decodeHelloBody, encodeAdvance, encodeHello, encodeReset, REPLY_BIT } from './protocol.js';
import { scheduleTraffic } from '../traffic.js';
import { tlpToHdr } from '../../model/tlp/codec.js';
import type { Tlp } from '../../model/tlp/types.js';

function trace(outs: Output[]): string[] {
  return outs.map((o) => `${o.channel} ${o.sopCycle}-${o.cycle} ${Array.from(o.hdr).join(',')} ${Buffer.from(o.data).toString('hex')} ${o.aux}`);
}

/** scheduleTraffic's inputs as SCHEDULE items (what the asynchronous client would send). */
function trafficItems(count: number, seed: number, start: number): InputItem[] {
  const items: InputItem[] = [];
  scheduleTraffic({
    scheduleTlp: (channel, tlp, data, cycle, o = {}) => {
      const hdr = tlp instanceof Uint32Array ? tlp : tlpToHdr(tlp as Tlp);
      items.push({ channel, cycle, hdr, data: data ?? (tlp instanceof Uint32Array ? new Uint8Array(0) : (tlp as Tlp).data), sideband: channel === 'rx_req' ? (o.barId ?? 0) : (o.error ?? 0), funcNum: 0 });
    },
    scheduleFrame: (bytes, cycle, tuser = false) => { items.push({ channel: 's_axis_rx', cycle, hdr: new Uint32Array(4), data: bytes, sideband: tuser ? 1 : 0, funcNum: 0 }); },
  }, count, seed, start);
  return items;
}

/** What `f` threw (undefined if nothing). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Kills `pid` from another process after `ms` (this thread is blocked meanwhile). */
function killLater(pid: number, ms: number): void {
  spawn('sh', ['-c', `sleep ${ms / 1000}; kill -9 ${pid}`], { stdio: 'ignore', detached: true }).unref();
}

describe('zmq_sync addon and ZmqSyncSimulator (test DUT, width 64)', () => {
  let bin: string;
  beforeAll(async () => { bin = await buildServer({ top: 'test' }); });

  it('sends protocol messages as frames and receives whole replies; an empty slice is null', () => {
    const zmq = loadZmqSync();
    const sim = ZmqSyncSimulator.start({ bin });
    // A second socket of the addon to the same server (the ROUTER tells clients apart).
    const h = zmq.open(sim.endpoint);
    try {
      expect(zmq.recv(h, 20)).toBeNull(); // nothing asked, nothing comes
      zmq.send(h, [encodeHello(1, PROTOCOL_VERSION)]);
      let m: Buffer[] | null = null;
      for (let i = 0; i < 600 && !m; i++) m = zmq.recv(h, 100);
      expect(m).not.toBeNull();
      expect(m!.length).toBe(1);
      const r = new Reader(new Uint8Array(m![0]!), 'reply');
      const hd = decodeHeader(r);
      expect(hd.seq).toBe(1);
      expect(decodeHelloBody(r).tlpDataWidth).toBe(64);
      // Two requests as one multipart message: one multipart reply, in order.
      zmq.send(h, [encodeReset(2, 8), encodeAdvance(3, 500, 0)]);
      m = null;
      for (let i = 0; i < 600 && !m; i++) m = zmq.recv(h, 100);
      expect(m!.length).toBe(2);
      const heads = m!.map((b) => decodeHeader(new Reader(new Uint8Array(b), 'reply')));
      expect(heads.map((x) => x.seq)).toEqual([2, 3]);
      expect(heads[1]!.type & REPLY_BIT).toBe(REPLY_BIT);
      expect(heads[1]!.cycle).toBe(500);
      const body = new Reader(new Uint8Array(m![1]!), 'reply');
      decodeHeader(body);
      expect(Array.isArray(decodeAdvanceBody(body))).toBe(true);
      // The same through libzmq's own DEALER (what open() does for other endpoints).
      const hz = zmq.open(sim.endpoint, true);
      try {
        zmq.send(hz, [encodeHello(9, PROTOCOL_VERSION)]);
        m = null;
        for (let i = 0; i < 600 && !m; i++) m = zmq.recv(hz, 100);
        expect(decodeHeader(new Reader(new Uint8Array(m![0]!), 'reply')).seq).toBe(9);
      } finally {
        zmq.close(hz);
      }
    } finally {
      zmq.close(h);
      zmq.close(h); // idempotent
      sim.close();
    }
    expect(() => zmq.recv(h, 1)).toThrow(/closed/);
    expect(() => zmq.send({} as unknown, [new Uint8Array(1)])).toThrow(/not a zmq_sync handle/);
  });

  it("the server's own ROUTER (ipc and tcp) serves zeromq.js DEALERs: pipelined requests answered in order, a peer leaving", async () => {
    const { Dealer } = await import('zeromq');
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    for (const endpoint of [undefined, `tcp://127.0.0.1:${port}`]) {
      const sim = ZmqSyncSimulator.start({ bin, endpoint });
      try {
        // One DEALER sends three requests before reading (zeromq.js pipelines), a second one leaves early.
        const early = new Dealer({ linger: 0 });
        early.connect(sim.endpoint.replace('tcp://*:', 'tcp://127.0.0.1:'));
        await early.send(encodeHello(40, PROTOCOL_VERSION));
        early.close();
        const d = new Dealer({ linger: 0, receiveTimeout: 60_000 });
        d.connect(sim.endpoint.replace('tcp://*:', 'tcp://127.0.0.1:'));
        await d.send(encodeHello(41, PROTOCOL_VERSION));
        await d.send([encodeHello(42, PROTOCOL_VERSION), encodeHello(43, PROTOCOL_VERSION)]);
        await d.send(encodeHello(44, PROTOCOL_VERSION));
        const seqs: number[][] = [];
        for (let i = 0; i < 3; i++) seqs.push((await d.receive()).map((b) => decodeHeader(new Reader(new Uint8Array(b), 'reply')).seq));
        expect(seqs).toEqual([[41], [42, 43], [44]]);
        d.close();
        // The blocking client still talks to the same server after both peers went away.
        sim.reset();
        expect(sim.step([], 50)).toEqual([]);
        expect(sim.cycle).toBe(50);
      } finally {
        sim.close();
      }
    }
  });

  it('gives the same outputs as the asynchronous client', async () => {
    const ref = await startSimulator({ bin });
    let viaAsync: Output[];
    try {
      await ref.reset();
      scheduleTraffic(ref, 60, 3, 5);
      viaAsync = await ref.advanceTo(3000);
    } finally {
      await ref.close();
    }
    const sim = ZmqSyncSimulator.start({ bin });
    const items = trafficItems(60, 3, 5);
    try {
      sim.reset();
      const outs = sim.step(items, 3000);
      expect(sim.cycle).toBe(3000);
      expect(viaAsync.length).toBeGreaterThan(20);
      expect(trace(outs)).toEqual(trace(viaAsync));
    } finally {
      sim.close();
    }
    expect(sim.finalStats?.simulatedCycles).toBe(3000 + 8);
  });

  it('QUIET_STOP: an ADVANCE ends at its earliest end, or 1 + window past the last output on its channels; misuse refused', () => {
    const sim = ZmqSyncSimulator.start({ bin });
    try {
      expect(sim.info.quietStop).toBe(true);
      sim.reset();
      // Nothing scheduled, nothing comes out: the grant ends at `from`.
      expect(sim.step([], 10_000, [], undefined, undefined, { on: OUTPUT_CHANNELS, from: 50, window: 10 })).toEqual([]);
      expect(sim.cycle).toBe(50);
      const outs = sim.step(trafficItems(60, 3, 60), 20_000, [], undefined, undefined, { on: OUTPUT_CHANNELS, from: 70, window: 60 });
      const seen = outs.filter((o) => (OUTPUT_CHANNELS as readonly string[]).includes(o.channel));
      expect(seen.length).toBeGreaterThan(10);
      const last = Math.max(...seen.map((o) => o.cycle));
      expect(sim.cycle).toBeLessThan(20_000);
      expect(sim.cycle).toBe(Math.max(70, last + 1 + 60));
      // An earliest end that is not in the future is refused (the ADVANCE after it still runs).
      const err = thrown(() => sim.step([], sim.cycle + 10, [], undefined, undefined, { on: ['tx_rd_req'], from: sim.cycle, window: 5 }));
      expect(err).toBeInstanceOf(ServerError);
      expect((err as Error).message).toMatch(/BAD_ARGUMENT: QUIET_STOP earliest end \d+ is not after the server cycle \d+/);
    } finally {
      sim.close();
    }
  });

  it('a server killed while a request waits: the crash line, not a hang', () => {
    const sim = ZmqSyncSimulator.start({ bin, serverArgs: ['--test-hang-after', '2'] });
    const pid = sim.proc!.child.pid!;
    sim.reset(); // message 2 (after HELLO): the ADVANCE below is never answered
    killLater(pid, 500);
    const err = thrown(() => sim.step([], 100));
    expect(err).toBeInstanceOf(SimulatorCrashed);
    expect((err as Error).message).toBe(`simulator process ${pid} was killed by SIGKILL at cycle 0 (during ADVANCE to cycle 100)`);
    // Every later call: the same error.
    expect(() => sim.reset()).toThrow((err as Error).message);
    sim.close();
  });

  it('a server that stops answering trips the watchdog (SimulatorTimeout)', () => {
    const sim = ZmqSyncSimulator.start({ bin, timeoutMs: 1500, serverArgs: ['--test-hang-after', '2'] });
    sim.reset();
    const err = thrown(() => sim.step([], 100));
    expect(err).toBeInstanceOf(SimulatorTimeout);
    expect((err as SimulatorTimeout).request).toMatch(/ADVANCE to cycle 100/);
    sim.close();
  });

  it('attached to an endpoint nobody serves: HELLO fails after its window', () => {
    expect(() => ZmqSyncSimulator.attach('tcp://127.0.0.1:9', { timeoutMs: 300 })).toThrow(SimulatorTimeout);
  });
});

