// The host's junk in disabled byte lanes (tb/host/lane-junk.ts) as a co-simulation run sees it:
// every MWr / CfgWr0 the driver sends reaches both sides with junk (never all zero) where its
// byte enables are 0, zeros with input noise off, and the reference RTL agrees either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../model/tlp/types.js';
import { runCosim } from './runner.js';
import type { Scenario } from './scenarios.js';
import { SyncRtl } from './rtl-sync.js';

/** Bring-up and a few frames; records every request as the model received it. */
function recording(seen: Tlp[]): Scenario {
  return {
    name: 'lane-junk-probe',
    description: 'bring-up with every request recorded',
    datapath: true,
    setup: () => ({ driver: { msix: true } }),
    run(ctx) {
      const m = ctx.dut.model;
      const push = m.pushRequest.bind(m);
      m.pushRequest = (t, at) => {
        seen.push(t);
        push(t, at);
      };
      ctx.driver.bringUp();
      ctx.driver.sendFrame(0, new Uint8Array(80).fill(0x5a));
      ctx.dut.run(2000);
    },
  };
}

/** Writes with a disabled byte (enable 0), how many of them carry a non-zero one there, and the non-zero disabled bytes. */
function disabledBytes(seen: readonly Tlp[]): { writes: number; withJunk: number; nonZero: number } {
  let writes = 0;
  let withJunk = 0;
  let nonZero = 0;
  for (const t of seen) {
    if (t.kind !== 'MWr' && t.kind !== 'CfgWr0') continue;
    let disabled = 0;
    let junk = 0;
    for (let i = 0; i < t.data.length; i++) {
      const dw = i >> 2;
      const be = dw === 0 ? t.firstBe : dw === t.length - 1 ? t.lastBe : 0xf;
      if (be & (1 << (i & 3))) continue;
      disabled++;
      if (t.data[i] !== 0) junk++;
    }
    if (disabled === 0) continue;
    writes++;
    if (junk > 0) withJunk++;
    nonZero += junk;
  }
  return { writes, withJunk, nonZero };
}

describe('junk in the disabled byte lanes of the host writes', () => {
  const rtl: { 64?: SyncRtl } = {};
  beforeAll(async () => {
    rtl[64] = await SyncRtl.create({ width: 64, defines: [], trace: false });
  }, 20 * 60_000);
  afterAll(() => rtl[64]?.close());
  it('is in the disabled lanes of every write by default, zero with input noise off, and the RTL agrees both ways (w64)', async () => {
    const noisy: Tlp[] = [];
    const a = await runCosim({ scenario: recording(noisy), seed: 4, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: rtl[64] });
    expect(a.report).toBe('');
    expect(a.ok).toBe(true);
    const n = disabledBytes(noisy);
    expect(n.writes).toBeGreaterThan(10);
    expect(n.withJunk).toBe(n.writes);
    const quiet: Tlp[] = [];
    const b = await runCosim({ scenario: recording(quiet), seed: 4, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: rtl[64], inputNoise: false });
    expect(b.ok).toBe(true);
    const q = disabledBytes(quiet);
    expect(q.writes).toBe(n.writes);
    expect(q.nonZero).toBe(0);
    // The junk stream is the run's own: the scenario's stimulus and the cycles do not move.
    expect(b.cycles).toBe(a.cycles);
  }, 300_000);
});
