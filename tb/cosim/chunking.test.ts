// Results must not depend on how many cycles the RTL is granted per round trip: a run with one
// cycle per grant (strict per-cycle lockstep) and runs with larger grants (up to "as far as is
// safe", reads and awaited completions ending a grant through the ADVANCE stop mask) give the
// same transactions at the same cycles on both sides, the same summary and the same end cycle.
// The host latency (= lookahead) stays fixed; only the grant size changes. The transport (ZeroMQ
// or named pipes) does not change results either, nor does the server ending the drain's grants
// (QUIET_STOP) instead of the drain granting `quiet` cycles at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import { ModelRtl } from './model-rtl.js';
import { REFERENCE_RTL_MODEL, runCosim, type RunResult } from './runner.js';
import { FifoRtl } from './rtl-fifo.js';
import { SyncRtl, type RtlSide } from './rtl-sync.js';
import { describeEvent } from './scoreboard.js';
import { streamScenario } from './bench.js';

interface Traced {
  r: RunResult;
  trace: string[];
}

async function traced(scenario: string, seed: number, lookahead: number, maxGrant: number, rtl: RtlSide, timing: 'fail' | 'warn' = 'fail'): Promise<Traced> {
  const trace: string[] = [];
  const r = await runCosim({
    scenario, seed, width: 64, defines: [], lookahead, maxGrant, timing, wavesOnDivergence: false, rtl,
    trace: (side, ev, domain) => trace.push(`${side} @${ev.cycle} [${domain}] ${describeEvent(ev)}`),
  });
  return { r, trace };
}

/** Everything a run reports except speed figures. */
function verdict(t: Traced): unknown {
  const { r } = t;
  return {
    cycles: r.cycles, ok: r.ok, compared: r.summary.compared, histogram: [...r.summary.timingHistogram].sort((a, b) => a[0] - b[0]),
    divergence: r.divergence ? { kind: r.divergence.kind, cycle: r.divergence.cycle, fields: r.divergence.fields } : null,
    memoryDiffs: r.memoryDiffs, hostErrors: r.hostErrors.map((e) => e.message), driverError: r.driverError, held: r.held,
  };
}

const fastProfile: TimingProfile = {
  ...REFERENCE_RTL_PROFILE,
  latency: Object.fromEntries(Object.keys(REFERENCE_RTL_PROFILE.latency).map((k) => [k, 0])) as TimingProfile['latency'],
};

describe('grant size does not change results (model standing in for the RTL)', () => {
  const cases: Array<[string, number, number, TimingProfile | undefined]> = [
    ['traffic', 3, 32, undefined],
    ['wrap', 1, 32, undefined],
    ['msix-mask', 1, 32, undefined],
    // A faster stand-in: completions arrive before the model's read (held), latency 2.
    ['split-cpl', 1, 2, fastProfile],
  ];
  for (const [scenario, seed, lookahead, profile] of cases) {
    it(`${scenario} seed ${seed}, lookahead ${lookahead}: 1 cycle per grant = 7 = unbounded`, async () => {
      const mk = (): ModelRtl => new ModelRtl({ ...REFERENCE_RTL_MODEL, ...(profile ? { profile } : {}) });
      // A stand-in with another profile is outside the timing tolerance: counted, not a divergence.
      const timing = profile ? 'warn' : 'fail';
      const strict = await traced(scenario, seed, lookahead, 1, mk(), timing);
      expect(strict.trace.length).toBeGreaterThan(50);
      expect(strict.r.engine.grants).toBe(strict.r.cycles); // really one cycle per round trip
      for (const g of [7, Infinity]) {
        const other = await traced(scenario, seed, lookahead, g, mk(), timing);
        expect(other.trace).toEqual(strict.trace);
        expect(verdict(other)).toEqual(verdict(strict));
        expect(other.r.engine.grants).toBeLessThan(strict.r.engine.grants);
      }
    });
  }
});

describe('grant size does not change results (Verilator, 64-bit)', () => {
  let rtl: SyncRtl;
  beforeAll(async () => {
    rtl = await SyncRtl.create({ width: 64, defines: [], trace: false });
  });
  afterAll(() => rtl?.close());

  it('wrap seed 1 at host latency 32: grants of at most 8, at most 128 and unbounded give the same RTL trace', async () => {
    const runs = [];
    for (const g of [8, 128, Infinity]) runs.push(await traced('wrap', 1, 32, g, rtl));
    const rtlOnly = (t: Traced): string[] => t.trace.filter((l) => l.startsWith('rtl'));
    expect(rtlOnly(runs[0]).length).toBeGreaterThan(100);
    for (const t of runs.slice(1)) {
      expect(rtlOnly(t)).toEqual(rtlOnly(runs[0]));
      expect(t.trace).toEqual(runs[0].trace);
      expect(verdict(t)).toEqual(verdict(runs[0]));
    }
    expect(runs[2].r.engine.grants).toBeLessThan(runs[0].r.engine.grants / 4);
  });

  it('wrap seed 1 over named pipes = over ZeroMQ', async () => {
    const viaZmq = await traced('wrap', 1, 32, Infinity, rtl);
    const fifo = await FifoRtl.create({ width: 64, defines: [], trace: false });
    try {
      fifo.reset();
      const viaFifo = await traced('wrap', 1, 32, Infinity, fifo);
      expect(viaFifo.trace).toEqual(viaZmq.trace);
      expect(verdict(viaFifo)).toEqual(verdict(viaZmq));
    } finally {
      fifo.close();
    }
  });

  it('stream (30 bursts) with its 20,000-cycle drains: grants the server ends when reads stop (QUIET_STOP) = quiet-sized grants', async () => {
    const run = async (side: RtlSide): Promise<Traced> => {
      const trace: string[] = [];
      const r = await runCosim({
        scenario: streamScenario(30), seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, drainCycles: 20_000, rtl: side,
        trace: (sd, ev, domain) => trace.push(`${sd} @${ev.cycle} [${domain}] ${describeEvent(ev)}`),
      });
      return { r, trace };
    };
    expect(rtl.quietStop).toBe(true);
    const quiet = await run(rtl);
    // The same simulator without the capability: the drain grants `quiet` (256) cycles at a time.
    const stepwise = await run(new Proxy(rtl, {
      get: (t, k) => (k === 'quietStop' ? false : typeof Reflect.get(t, k) === 'function' ? (Reflect.get(t, k) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, k)),
    }));
    expect(quiet.trace.length).toBeGreaterThan(100);
    expect(quiet.trace).toEqual(stepwise.trace);
    expect(verdict(quiet)).toEqual(verdict(stepwise));
    // After 30 bursts the device keeps polling its rings: the final drains run to their limit,
    // one grant each instead of one per 256 cycles.
    expect(stepwise.r.engine.grants - quiet.r.engine.grants).toBeGreaterThan(40);
  });

  it('bringup seed 1: strict per-cycle lockstep (1 cycle per grant) = unbounded grants', async () => {
    const strict = await traced('bringup', 1, 32, 1, rtl);
    const fast = await traced('bringup', 1, 32, Infinity, rtl);
    expect(strict.r.engine.grants).toBe(strict.r.cycles);
    expect(fast.trace).toEqual(strict.trace);
    expect(verdict(fast)).toEqual(verdict(strict));
  });
});
