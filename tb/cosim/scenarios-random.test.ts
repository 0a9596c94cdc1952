// The constrained-random mode (scenarios-random.ts) against the real Verilator build, with the
// functional-coverage probe of tb/regress watching: a few seeds agree at both levels and widths,
// and each run reaches what the random mode is for (many kinds of request, every buffer posted
// counted once in the cross). Many seeds: `regress --scenarios cosim:random` (tb/regress/README.md).
import { describe, expect, it } from 'vitest';
import { CosimProbe } from '../regress/cosim-probe.js';
import { runCosim } from './runner.js';
import { describeEvent } from './scoreboard.js';
import { referenceRtlsAtBothWidths } from './testkit.js';

const rtl = referenceRtlsAtBothWidths();

const sum = (hits: Record<string, number>, prefix: string): number => Object.entries(hits).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

describe('random scenario', () => {
  it.each([[64, 'exact', 2], [64, 'spec', 1], [256, 'exact', 1]] as const)('agrees at width %i, %s level, seed %i, and fills bins', async (width, compare, seed) => {
    const probe = new CosimProbe();
    // Timing enforced: seed 2 sends an MRd over Max_Payload_Size (CA, a Cpl without data: the
    // next request is taken at once) and a 2-DW register read right after it.
    const r = await runCosim({ scenario: 'random', seed, width, compare, timing: 'fail', defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width], observer: probe });
    expect(r.ok, `${r.report}\n${r.driverError ?? ''}\n${r.hostErrors.map((e) => e.message).join('\n')}`).toBe(true);
    const hits = probe.snapshot();
    expect(hits[`width.${width}`]).toBe(1);
    // Every buffer posted is one cross observation and one queue observation.
    expect(sum(hits, 'x.')).toBe(sum(hits, 'queue.'));
    expect(sum(hits, 'queue.')).toBeGreaterThan(20);
    // Host requests of several kinds, completions and DMA from the function.
    for (const b of ['req.MRd', 'req.MWr', 'req.CfgRd0', 'cpl.SC', 'tlp.MRd', 'tlp.MWr', 'rtl.tx.frame.60']) expect(hits[b], b).toBeGreaterThan(0);
    expect(Object.keys(hits).length).toBeGreaterThan(40);
  }, 10 * 60_000);
});

describe('random scenario, one process', () => {
  it('the same seed twice in one process gives the same trace, byte for byte (raw tags belong to the run)', async () => {
    const trace = async (): Promise<string[]> => {
      const lines: string[] = [];
      const r = await runCosim({ scenario: 'random', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[64], trace: (side, ev) => lines.push(`${side} @${ev.cycle} ${describeEvent(ev)}`) });
      expect(r.ok, r.report).toBe(true);
      return lines;
    };
    const first = await trace();
    const second = await trace();
    // the seed sends raw requests (tags 0x80..0xff): the second run numbers them as the first did
    expect(first.some((l) => /tx_cpl .*tag=0x8/.test(l))).toBe(true);
    expect(second.length).toBe(first.length);
    expect(second.join('\n')).toBe(first.join('\n'));
  }, 10 * 60_000);
});

describe('device reset and the round-robin (model/timing/README.md #35)', () => {
  it.each([['random', 3], ['features-edge', 7]] as const)('%s seed %i agrees at the exact level: after a reset the queues are served from receiveq1 again on both sides', async (scenario, seed) => {
    const r = await runCosim({ scenario, seed, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[64] });
    expect(r.ok, r.report).toBe(true);
    expect(r.summary.compared.tx_rd_req).toBeGreaterThan(10);
  }, 10 * 60_000);
});
