// The signal-level test API (signals.ts) on a real Verilator `signals` build of the reference RTL,
// over a real transport: peek, poke, cycles, edges, bounded waits, the bound error, unknown and
// read-only names, a poke the comparison sees, a test that did not ask, and a test file run by
// the `cosim` command.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFrame, type Scenario, type ScenarioContext } from './test-api.js';
import { DEFAULT_LOOKAHEAD, runCosim, type RunResult } from './runner.js';
import { startRtl } from './rtl.js';
import type { RtlSide } from './rtl-sync.js';
import { SignalError, Signals } from './signals.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATUS_REG = 'virtio_net_pcie.u_common.status';
const TX_FRAMES = 'virtio_net_pcie.u_datapath.u_vq.tx_frame_count';
const DRIVER_FEATURE = 'virtio_net_pcie.u_common.driver_feature';
const WIDE = (1n << 127n) | (0xdead_beefn << 64n) | 5n;

let rtl: RtlSide & { close(): void };

beforeAll(async () => {
  rtl = await startRtl({ width: 64, defines: [], trace: false, signals: true, transport: 'fifo' });
}, 900_000);
afterAll(() => rtl?.close());

/** A focused scenario: bring-up, then `body`; the run's result and what the body recorded. */
async function run(body: (ctx: ScenarioContext) => void | Promise<void>, signals = true): Promise<RunResult> {
  const scenario: Scenario = {
    name: 'signals-unit', description: 'signals.test.ts', datapath: true, signals,
    setup: () => ({ driver: { shapes: ['single'] } }),
    run: body,
  };
  return runCosim({ scenario, seed: 1, width: 64, defines: [], lookahead: DEFAULT_LOOKAHEAD, rtl, wavesOnDivergence: false });
}

/** The SignalError `f` throws (fails the test when it throws nothing or something else). */
function signalError(f: () => unknown): SignalError {
  try {
    f();
  } catch (e) {
    if (e instanceof SignalError) return e;
    throw e;
  }
  throw new Error('no SignalError thrown');
}

describe('signal-level API: refusals before any simulator call', () => {
  // A DUT side without signal access (the model stand-in, an ordinary build): never called.
  const plain = { buildId: 'plain-build', cycle: 0 } as unknown as RtlSide;
  const clock = { now: 0, run: () => { throw new Error('the clock must not run'); } };

  it('names how to ask for access, or that the DUT side is no signals build', () => {
    expect(signalError(() => new Signals(plain, clock, false).peek('a.b')).message).toMatch(/did not ask for signal access: export signals: true/);
    const e = signalError(() => new Signals(plain, clock, true).poke('a.b', 1n));
    expect([e.kind, e.message]).toEqual(['not-enabled', 'the DUT side plain-build is not a signals build (no public signal access)']);
  });

  it('bad values are refused naming the value, before the clock runs', () => {
    const on = { ...plain, publicSignals: true, peek: () => ({ bits: 8, words: new Uint32Array([0]) }), poke: () => undefined } as unknown as RtlSide;
    const s = new Signals(on, clock, true);
    expect(signalError(() => s.cycles(-1)).message).toMatch(/cycles\(-1\): must be an integer/);
    expect(signalError(() => s.poke('a.b', -3)).message).toMatch(/value -3 must be a non-negative integer/);
    expect(signalError(() => s.poke('a.b', 256n)).message).toMatch(/value 0x100 does not fit its 8 bits/);
    expect(signalError(() => s.until('a.b', 1n as never, { within: 5 })).message).toMatch(/the condition must be a function/);
    expect(signalError(() => s.edge('a.b', 'up' as never, { within: 5 })).message).toMatch(/kind "up" is not rising, falling or change/);
    expect(signalError(() => s.waitFor(() => false, { within: 0 })).kind).toBe('bad-value');
  });
});

describe('signal-level API on Verilator (signals build)', () => {
  it('is a signals build: HELLO says so, and the list reaches internal signals with widths', () => {
    expect(rtl.publicSignals).toBe(true);
    expect(rtl.buildId).toMatch(/-sig-/);
    const l = rtl.signalList!('virtio_net_pcie.u_common.', 1000);
    const status = l.entries.find((e) => e.name === STATUS_REG);
    expect(status).toEqual({ name: STATUS_REG, bits: 8, writable: true });
    expect(rtl.signalList!('', 5).total).toBeGreaterThan(1000);
  });

  it('peeks device_status (0 after reset, what the driver reads after bring-up), pokes a counter, waits N cycles and on a condition', async () => {
    const seen: Record<string, unknown> = {};
    /** The same run, the frame awaited by `wait` (watched: at grant speed; or per cycle). */
    const frameRun = (wait: (ctx: ScenarioContext) => number, into: Record<string, unknown>) => run(({ driver, rng, signals }) => {
      driver.bringUp();
      signals.cycles(20);
      signals.poke(TX_FRAMES, 1000n);
      driver.sendFrame(0, makeFrame(rng, driver.mac, 300));
      into.cycles = wait({ driver, rng, signals } as ScenarioContext);
      into.at = signals.cycle;
      into.value = signals.peek(TX_FRAMES);
    });
    const watched: Record<string, unknown> = {};
    const perCycle: Record<string, unknown> = {};
    const onChange: Record<string, unknown> = {};
    await frameRun(({ signals }) => signals.until(TX_FRAMES, (v) => v === 1001n, { within: 20_000 }).cycles, watched);
    await frameRun(({ signals }) => signals.waitFor(() => signals.peek(TX_FRAMES) === 1001n, { within: 20_000 }), perCycle);
    await frameRun(({ signals }) => signals.waitFor(() => signals.peek(TX_FRAMES) === 1001n, { within: 20_000, on: [TX_FRAMES] }), onChange);
    // A watched wait finds the very cycle a per-cycle wait finds.
    expect(watched.value).toBe(1001n);
    expect(watched.cycles).toBeGreaterThan(0);
    expect(perCycle).toEqual(watched);
    expect(onChange).toEqual(watched);
    const r = await run(async ({ driver, rng, signals }) => {
      seen.before = await signals.peek(STATUS_REG);
      driver.bringUp();
      // Its last step, the DRIVER_OK write, is a posted MWr: it reaches the DUT once cycles run.
      signals.cycles(20);
      seen.after = signals.peek(STATUS_REG);
      seen.read = driver.readCommon('device_status');
      seen.width = signals.width(STATUS_REG);
      const c0 = signals.cycle;
      await signals.cycles(10);
      seen.ten = signals.cycle - c0;
      signals.poke(TX_FRAMES, 1000n);
      seen.poked = signals.peek(TX_FRAMES);
      driver.sendFrame(0, makeFrame(rng, driver.mac, 300));
      seen.wait = signals.until(TX_FRAMES, (v) => v === 1001n, { within: 20_000 });
      driver.takeInterrupts();
      driver.reclaimTx(0);
    });
    expect(r.driverError).toBeNull();
    expect(r.ok).toBe(true); // the counter is visible at no port: nothing the model compares changed
    expect(seen.before).toBe(0n);
    expect(seen.after).toBe(BigInt(seen.read as number));
    expect(((seen.after as bigint) & 4n) !== 0n).toBe(true); // DRIVER_OK (virtio 1.x §2.1)
    expect(seen.width).toBe(8);
    expect(seen.ten).toBe(10);
    expect(seen.poked).toBe(1000n);
    const wait = seen.wait as { value: bigint; cycles: number };
    expect(wait.value).toBe(1001n);
    expect(wait.cycles).toBeGreaterThan(0);
    expect(r.pokes).toEqual([{ name: TX_FRAMES, value: 1000n, cycle: expect.any(Number) }]);
  }, 600_000);

  it('a wait past its bound is a SignalError naming the condition and the bound; edges; unknown, port and parameter names', async () => {
    const seen: Record<string, unknown> = {};
    const r = await run(({ driver, signals }) => {
      driver.bringUp();
      const c0 = signals.cycle;
      const e = signalError(() => signals.until(TX_FRAMES, (v) => v === 77n, { within: 50 }));
      seen.timeout = { kind: e.kind, message: e.message, waited: signals.cycle - c0 };
      seen.noBound = signalError(() => signals.until(TX_FRAMES, () => true, undefined as never)).kind;
      // Wider than 64 bits: the 128-bit feature registers (virtio 1.x §4.1.4.3: four 32-bit windows).
      seen.features = signals.peek('virtio_net_pcie.u_common.negotiated_features');
      seen.accepted = [0, 1, 2, 3].reduce((v, w) => v | (BigInt(driver.accepted.window(w)) << BigInt(32 * w)), 0n);
      const orig = signals.peek(DRIVER_FEATURE);
      signals.poke(DRIVER_FEATURE, WIDE);
      seen.wide = signals.peek(DRIVER_FEATURE);
      seen.wideBits = signals.width(DRIVER_FEATURE);
      signals.poke(DRIVER_FEATURE, orig);
      seen.restored = signals.peek(DRIVER_FEATURE) === orig;
      seen.unknown = signalError(() => signals.peek('virtio_net_pcie.u_common.no_such_reg'));
      seen.port = signalError(() => signals.poke('virtio_net_pcie.rx_req_tlp_valid', 1n));
      seen.param = signalError(() => signals.poke('virtio_net_pcie.TAG_COUNT', 3n));
      seen.tooWide = signalError(() => signals.poke(STATUS_REG, 0x100n)).kind;
      // No traffic: the frame counter does not change within 20 cycles; the clock's next edge is one cycle.
      seen.edgeTimeout = signalError(() => signals.edge(TX_FRAMES, 'change', { within: 20 })).kind;
      seen.clock = signals.edge();
    });
    expect(r.driverError).toBeNull();
    const t = seen.timeout as { kind: string; message: string; waited: number };
    expect(t.kind).toBe('timeout');
    expect(t.message).toContain(TX_FRAMES);
    expect(t.message).toContain('v === 77n');
    expect(t.message).toContain('within 50 cycles');
    expect(t.waited).toBe(50);
    expect(seen.noBound).toBe('bad-value');
    expect(seen.features).toBe(seen.accepted);
    expect((seen.features as bigint) >> 32n).not.toBe(0n); // VERSION_1 (bit 32) and RING_PACKED (bit 34) are accepted
    expect(seen.wide).toBe(WIDE);
    expect(seen.wideBits).toBe(128);
    expect(seen.restored).toBe(true);
    expect(r.pokes.map((p) => p.name)).toEqual([DRIVER_FEATURE, DRIVER_FEATURE]);
    const u = seen.unknown as SignalError;
    expect(u.kind).toBe('unknown');
    expect(u.message).toContain('virtio_net_pcie.u_common.no_such_reg');
    expect((seen.port as SignalError).kind).toBe('read-only');
    expect((seen.port as SignalError).message).toMatch(/port/);
    expect((seen.param as SignalError).message).toMatch(/parameter/);
    expect(seen.tooWide).toBe('bad-value');
    expect(seen.edgeTimeout).toBe('timeout');
    expect(seen.clock).toBe(1);
  }, 600_000);

  it('a poke the ports show diverges, and the report names the poke; a test that did not ask gets a SignalError', async () => {
    const r = await run(({ driver, signals }) => {
      driver.bringUp();
      signals.cycles(20);
      signals.poke(STATUS_REG, 0x0bn); // DRIVER_OK cleared behind the driver's back
      driver.readCommon('device_status');
    });
    expect(r.ok).toBe(false);
    expect(r.divergence?.channel).toBe('tx_cpl');
    expect(r.report).toContain(`${STATUS_REG} = 0xb @`);
    const off = await run(({ signals }) => void signals.peek(STATUS_REG), false);
    expect(off.driverError).toMatch(/SignalError: this test did not ask for signal access/);
  }, 600_000);

  it('a test file with signals: true runs under `cosim --scenario FILE` and agrees; `signals` lists the names', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'cosim', '--scenario', 'tb/cosim/examples/signals-test.ts', '--seed', '2', '--transport', 'zmq', '--no-waves'], {
      cwd: REPO, encoding: 'utf8', timeout: 600_000, env: { ...process.env, VIRTIO_COSIM_SUPERVISE: '0' },
    });
    expect(r.stdout).toMatch(/signal pokes\s+1 {2}\(the DUT was perturbed from cycle \d+: virtio_net_pcie\.u_datapath\.u_vq\.tx_frame_count = 0x3e8 @ \d+\)/);
    expect(r.stdout).toContain('result: AGREE');
    expect(r.status).toBe(0);
    // What such a test can name: `virtio-cosim signals`.
    const l = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'signals', '--prefix', 'virtio_net_pcie.u_common.'], { cwd: REPO, encoding: 'utf8', timeout: 600_000 });
    expect(l.stdout).toContain(`${STATUS_REG}  8  rw\n`);
    expect(l.stdout).toMatch(/^(\d+) of \1 signals starting with virtio_net_pcie\.u_common\. \(build virtio_net_pcie-w64-sig-/m);
    expect(l.status).toBe(0);
  }, 900_000);
});

// Registers a design leaves out of its reset start with seeded random values (rtl-bridge/server
// sim.cpp: Verilator randReset 2, seed VIRTIO_COSIM_RAND_INIT, default 1), not power-on zeros, so a
// design (or a mutant) that forgets a reset is seen. dma_rd's completion hold register has no reset
// and nothing writes it before the first completion: read it on a fresh simulator, before any DMA.
describe('random initial values', () => {
  const HOLD = 'virtio_net_pcie.u_datapath.u_dma_rd.hold_data';
  async function holdAtStart(seed: string | undefined): Promise<bigint> {
    const before = process.env.VIRTIO_COSIM_RAND_INIT;
    if (seed === undefined) delete process.env.VIRTIO_COSIM_RAND_INIT;
    else process.env.VIRTIO_COSIM_RAND_INIT = seed;
    const side = await startRtl({ width: 64, defines: [], trace: false, signals: true, transport: 'fifo' });
    if (before === undefined) delete process.env.VIRTIO_COSIM_RAND_INIT;
    else process.env.VIRTIO_COSIM_RAND_INIT = before;
    try {
      let v = -1n;
      const scenario: Scenario = {
        name: 'rand-init', description: 'signals.test.ts', datapath: false, signals: true,
        setup: () => ({ driver: {} }),
        run: ({ signals }) => { v = signals.peek(HOLD); },
      };
      const r = await runCosim({ scenario, seed: 1, width: 64, defines: [], lookahead: DEFAULT_LOOKAHEAD, rtl: side, wavesOnDivergence: false });
      expect(r.ok).toBe(true);
      return v;
    } finally {
      side.close();
    }
  }
  it('an unreset register is random, the same for the same seed, different for another', async () => {
    const one = await holdAtStart(undefined);
    expect(one).not.toBe(0n);
    expect(await holdAtStart('1')).toBe(one);
    expect(await holdAtStart('2')).not.toBe(one);
  }, 900_000);
});
