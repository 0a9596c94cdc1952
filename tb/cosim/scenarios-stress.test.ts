// The issue-14 scenarios (scenarios-stress.ts) against the real Verilator build: each agrees end
// to end over seeds 1..3 at TLP_DATA_WIDTH 64 and seed 1 at 256, and reaches what it is for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCosim, type RunResult } from './runner.js';
import { SyncRtl } from './rtl-sync.js';

const rtl: Partial<Record<64 | 256, SyncRtl>> = {};
beforeAll(async () => {
  rtl[64] = await SyncRtl.create({ width: 64, defines: [], trace: false });
  rtl[256] = await SyncRtl.create({ width: 256, defines: [], trace: false });
}, 20 * 60_000);
afterAll(() => {
  rtl[64]?.close();
  rtl[256]?.close();
});

const REACHES: Record<string, (r: RunResult) => void> = {
  // Multi-DW reads answered: many completions, some of them CplD of several DWs.
  'reg-access': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(40),
  'unsupported': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(20),
  'isr-intx': (r) => expect(r.summary.compared.intx).toBeGreaterThan(3),
  'queue-reset': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThan(4),
  'msix-load': (r) => expect(r.summary.compared.tx_wr_req).toBeGreaterThan(10),
};

// A model/RTL disagreement this stimulus found and that is not resolved yet (tb/mutate/README.md
// "Findings"): after queue_reset of RX queue 0 with frames in flight, the model fetches a TX
// descriptor (cycle 5811) that the RTL never fetches. Asserted as it is: when one side changes,
// this fails and the entry goes.
// The exact level reports the unfetched descriptor as late (kind timing) at the profile tolerance.
const KNOWN = new Set(['queue-reset/64/3']);

describe.each(Object.keys(REACHES))('%s', (scenario) => {
  it.each([[64, 1], [64, 2], [64, 3], [256, 1]] as const)('agrees at width %i seed %i', async (width, seed) => {
    const key = `${scenario}/${width}/${seed}`;
    const r = await runCosim({ scenario, seed, width, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width], timing: 'fail' });
    if (KNOWN.has(key)) {
      expect(r.divergence?.kind).toBe('timing');
      expect(r.divergence?.channel).toBe('tx_rd_req');
      return;
    }
    expect(r.ok, `${r.report}\n${r.driverError ?? ''}\n${r.hostErrors.map((e) => e.message).join('\n')}\n${JSON.stringify(r.memoryDiffs)}`).toBe(true);
    REACHES[scenario]!(r);
  }, 10 * 60_000);
});
