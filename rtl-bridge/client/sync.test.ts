// Conservative lookahead synchronisation gives exactly the strict per-cycle lockstep result, and
// the back-pressure patterns shape the outputs as declared. Stand-in DUT (rtl-bridge/test-dut).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EchoHost, scheduleTraffic } from '../traffic.js';
import { LookaheadViolation, Simulator, startSimulator, type Output } from './index.js';

const LATENCY = 64; // host response latency = lookahead
const CYCLES = 6000;

/** Cycle-stamped trace as comparable plain data. */
function trace(outs: Output[]): string[] {
  return outs.map((o) => `${o.channel} ${o.sopCycle}-${o.cycle} ${Array.from(o.hdr).join(',')} ${Buffer.from(o.data).toString('hex')} ${o.aux}`);
}

async function runOnce(sim: Simulator, depth: number, step: number, seed = 7): Promise<string[]> {
  await sim.reset();
  scheduleTraffic(sim, 120, seed, 5);
  return trace(await sim.run(new EchoHost(LATENCY), { until: CYCLES, lookahead: LATENCY, depth, step }));
}

describe('lookahead synchronisation (test DUT, width 64)', () => {
  let sim: Simulator;
  beforeAll(async () => { sim = await startSimulator({ top: 'test' }); });
  afterAll(async () => { await sim?.close(); });

  it('pipelined runs equal strict per-cycle lockstep, cycle stamps included', async () => {
    const strict = await runOnce(sim, 1, 1);
    const piped = await runOnce(sim, 4, 16);
    const wide = await runOnce(sim, 2, LATENCY);
    // The run exercised every output channel (DMA reads answered, frames, writes, intx).
    for (const ch of ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx']) {
      expect(strict.some((l) => l.startsWith(ch))).toBe(true);
    }
    expect(piped).toEqual(strict);
    expect(wide).toEqual(strict);
  });

  it('rejects a host response inside the granted window', async () => {
    await sim.reset();
    scheduleTraffic(sim, 40, 11, 5);
    const tooFast = new EchoHost(1); // claims lookahead 64 but answers after 1 cycle
    await expect(sim.run(tooFast, { until: 3000, lookahead: LATENCY, depth: 4 })).rejects.toBeInstanceOf(LookaheadViolation);
  });

  it('advanceTo in big batches equals cycle-by-cycle advancing', async () => {
    await sim.reset();
    scheduleTraffic(sim, 60, 3, 5);
    const one: Output[] = [];
    while (sim.cycle < 3000) one.push(...(await sim.advanceTo(sim.cycle + 1)));
    expect(one.length).toBeGreaterThan(20);
    await sim.reset();
    scheduleTraffic(sim, 60, 3, 5);
    const batched = await sim.advanceTo(3000, { batch: 512, depth: 3 });
    expect(trace(batched)).toEqual(trace(one));
  });
});

describe('back-pressure patterns (test DUT, width 64)', () => {
  let sim: Simulator;
  beforeAll(async () => { sim = await startSimulator({ top: 'test' }); });
  afterAll(async () => { await sim?.close(); });

  async function echoWrite(bp: Parameters<Simulator['setBackpressure']>[1] | undefined): Promise<Output> {
    await sim.reset();
    if (bp) await sim.setBackpressure('tx_wr_req', bp);
    const data = new Uint8Array(32).map((_, i) => i + 1); // 8 DW: 4 beats at 64 bits
    const { mwr } = await import('../../model/tlp/build.js');
    sim.scheduleTlp('rx_req', mwr({ address: 0x8000_0000, data, requesterId: 0, tag: 1 }), undefined, 2, { barId: 0 });
    const { match } = await sim.advanceUntil(['tx_wr_req'], 2000);
    expect(Array.from(match!.data)).toEqual(Array.from(data));
    return match!;
  }

  it('always-ready takes one cycle per beat', async () => {
    const o = await echoWrite(undefined);
    expect(o.cycle - o.sopCycle).toBe(3);
  });

  it('a repeating pattern stalls exactly on its zero bits', async () => {
    // '10': ready every other cycle from the cycle it was set, so 4 beats span 7 cycles.
    const o = await echoWrite({ kind: 'pattern', bits: '10' });
    expect(o.cycle - o.sopCycle).toBe(6);
    expect(o.sopCycle % 2).toBe(0);
  });

  it('seeded random back-pressure is reproducible and slows the channel', async () => {
    const a = await echoWrite({ kind: 'random', seed: 1234, duty: 0.3 });
    const b = await echoWrite({ kind: 'random', seed: 1234, duty: 0.3 });
    expect(b.sopCycle).toBe(a.sopCycle);
    expect(b.cycle).toBe(a.cycle);
    expect(a.cycle - a.sopCycle).toBeGreaterThan(3);
  });

  it('never-ready holds the output back entirely', async () => {
    await sim.reset();
    await sim.setBackpressure('tx_cpl', { kind: 'never' });
    const { cfgRd0 } = await import('../../model/tlp/build.js');
    sim.scheduleTlp('rx_req', cfgRd0({ requesterId: 0, tag: 2, targetId: 0x100, register: 0 }), undefined, 1);
    expect((await sim.advanceTo(500)).filter((o) => o.channel === 'tx_cpl')).toEqual([]);
    await sim.setBackpressure('tx_cpl', { kind: 'always' });
    const { match } = await sim.advanceUntil(['tx_cpl'], 600);
    expect(match!.sopCycle).toBe(500);
  });
});
