// Every way the simulator can fail ends in a typed error, never in a hang or an orphan process.
// Real Verilator builds (stand-in DUT), real ZeroMQ sockets.
import { beforeAll, describe, expect, it } from 'vitest';
import { Router } from 'zeromq';
import os from 'node:os';
import path from 'node:path';
import {
  attach, buildServer, DutTimeout, MalformedMessage, PROTOCOL_VERSION, ProtocolVersionMismatch, SimulatorCrashed,
  SimulatorTimeout, startSimulator,
} from './index.js';
import { encodeSchedule } from './protocol.js';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('failure handling', () => {
  beforeAll(async () => { await buildServer({ top: 'test' }); });

  it('a killed simulator rejects the waiting request with SimulatorCrashed', async () => {
    const sim = await startSimulator({ top: 'test' });
    await sim.reset();
    const pending = sim.advanceTo(50_000_000, { batch: 10_000_000, depth: 1 });
    setTimeout(() => sim.proc!.child.kill('SIGKILL'), 200);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorCrashed);
    expect((err as SimulatorCrashed).signal).toBe('SIGKILL');
    expect((err as SimulatorCrashed).message).toMatch(/ADVANCE/);
    expect((err as SimulatorCrashed).stderrTail.join('\n')).toMatch(/listening on/);
    await sim.close();
  });

  it('a server that stops replying trips the watchdog and is killed', async () => {
    const sim = await startSimulator({ top: 'test', timeoutMs: 1500, serverArgs: ['--test-hang-after', '2'] });
    await sim.reset(); // message 2 (after HELLO)
    const err = await sim.advanceTo(100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorTimeout);
    expect((err as SimulatorTimeout).request).toMatch(/ADVANCE to cycle 100/);
    expect((err as SimulatorTimeout).waitedMs).toBe(1500);
    await sim.proc!.exited;
    expect(alive(sim.proc!.child.pid)).toBe(false);
    await sim.close();
  });

  // A loaded machine: the reply is on the socket, but this thread was busy past the watchdog.
  // Timers run before I/O in an event-loop turn; the watchdog must not fail a request whose
  // reply is waiting (progress.ts, connection.ts).
  it('a reply that arrived while the event loop was blocked past the watchdog is not a timeout', async () => {
    const sim = await startSimulator({ top: 'test', timeoutMs: 1500 });
    try {
      await sim.reset();
      const pending = sim.advanceTo(1000).then((o) => o, (e: unknown) => e);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); // the request is sent
      const until = Date.now() + 2500;
      while (Date.now() < until) { /* busy: the server answers meanwhile */ }
      const r = await pending;
      expect(r).toBeInstanceOf(Array);
      expect(sim.cycle).toBe(1000);
    } finally {
      await sim.close();
    }
  });

  it('a request far longer than the watchdog window, with the server working, completes', async () => {
    const sim = await startSimulator({ top: 'test', timeoutMs: 300 });
    try {
      await sim.reset();
      await sim.advanceTo(5_000_000, { batch: 5_000_000, depth: 1 });
      expect(sim.cycle).toBe(5_000_000);
    } finally {
      await sim.close();
    }
  });

  it('a DUT that never answers ends advanceUntil with DutTimeout at the cycle bound', async () => {
    const sim = await startSimulator({ top: 'test' });
    await sim.reset();
    const err = await sim.advanceUntil(['tx_cpl'], 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DutTimeout);
    expect((err as DutTimeout).message).toMatch(/tx_cpl.*cycle 2000/);
    expect(sim.cycle).toBe(2000);
    await sim.close();
  });

  it('a protocol version mismatch is a typed error and the server exits non-zero', async () => {
    const err = await startSimulator({ top: 'test', protocolVersion: 99 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolVersionMismatch);
    expect((err as ProtocolVersionMismatch).clientVersion).toBe(99);
    expect((err as ProtocolVersionMismatch).serverVersion).toBe(PROTOCOL_VERSION);
  });

  it('the server exit code after a version mismatch is non-zero', async () => {
    const bin = await buildServer({ top: 'test' });
    const ep = `ipc://${path.join(os.tmpdir(), `vmm-${process.pid}.sock`)}`;
    const { spawnServer } = await import('./process.js');
    const proc = spawnServer(bin, ['--endpoint', ep]);
    const err = await attach(ep, { protocolVersion: PROTOCOL_VERSION + 1, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolVersionMismatch);
    expect((await proc.exited).code).toBe(3);
  });

  it('a malformed request gets a MalformedMessage naming the field', async () => {
    const sim = await startSimulator({ top: 'test' });
    const good = encodeSchedule(77, 0, [{ channel: 'rx_req', cycle: 5, hdr: new Uint32Array(4), data: new Uint8Array(8), sideband: 0, funcNum: 0 }]);
    const err = await sim.sendRaw(good.subarray(0, good.length - 6)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedMessage);
    expect((err as MalformedMessage).direction).toBe('request');
    expect((err as MalformedMessage).message).toMatch(/data/);
    await sim.close();
    expect(alive(sim.proc!.child.pid)).toBe(false);
  });

  it('a malformed reply is a MalformedMessage, not a hang', async () => {
    const ep = `ipc://${path.join(os.tmpdir(), `fake-${process.pid}.sock`)}`;
    const fake = new Router();
    await fake.bind(ep);
    void (async () => {
      for await (const [id, msg] of fake) {
        const seq = new DataView(msg.buffer, msg.byteOffset).getUint32(4, true);
        const bad = new Uint8Array(20); // a HELLO reply cut after its first field
        const dv = new DataView(bad.buffer);
        dv.setUint16(0, 0x81, true);
        dv.setUint32(4, seq, true);
        dv.setUint32(16, 1, true);
        await fake.send([id, bad]);
      }
    })();
    const err = await attach(ep, { timeoutMs: 5000 }).catch((e: unknown) => e);
    fake.close();
    expect(err).toBeInstanceOf(MalformedMessage);
    expect((err as MalformedMessage).direction).toBe('reply');
    expect((err as MalformedMessage).message).toMatch(/tlp_data_width/);
  });

  it('close() leaves no server process behind', async () => {
    const sim = await startSimulator({ top: 'test' });
    const pid = sim.proc!.child.pid;
    expect(alive(pid)).toBe(true);
    await sim.close();
    expect(sim.proc!.child.exitCode).toBe(0);
    expect(alive(pid)).toBe(false);
  });
});
