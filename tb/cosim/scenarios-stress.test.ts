// The issue-14 scenarios (scenarios-stress.ts) against the real Verilator build: each agrees end
// to end over seeds 1..3 at TLP_DATA_WIDTH 64 and seed 1 at 256, and reaches what it is for.
import { describe, expect, it } from 'vitest';
import { runCosim, type RunResult } from './runner.js';
import { referenceRtlsAtBothWidths } from './testkit.js';

const rtl = referenceRtlsAtBothWidths();

const REACHES: Record<string, (r: RunResult) => void> = {
  // Multi-DW reads answered: many completions, some of them CplD of several DWs.
  'reg-access': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(40),
  'unsupported': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(20),
  'isr-intx': (r) => expect(r.summary.compared.intx).toBeGreaterThan(3),
  'queue-reset': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThan(4),
  'msix-load': (r) => expect(r.summary.compared.tx_wr_req).toBeGreaterThan(10),
  // Window reads and writes: hundreds of configuration completions.
  'pci-cfg': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(300),
  'pipelined': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(60),
  'reset-traffic': (r) => expect(r.summary.compared.tx_rd_req).toBeGreaterThan(20),
  'ctrl-edge': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThan(4),
  'queue-limits': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThanOrEqual(14),
  // 64-bit DMA above 4 GiB: descriptor reads and frames went through.
  'layout': (r) => expect(r.summary.compared.tx_rd_req).toBeGreaterThan(5),
  'features-edge': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(200),
  // The fault's DEVICE_NEEDS_RESET raised INTx (config change, ISR bit 1).
  'tx-fault': (r) => expect(r.summary.compared.intx).toBeGreaterThan(0),
};

// The first five over seeds 1..3 at width 64 and seed 1 at 256 (exact level); the later ones
// (cheaper per kill, many more runs) seed 1 at both widths exact and seed 2 at the spec level.
const FIRST = new Set(['reg-access', 'unsupported', 'isr-intx', 'queue-reset', 'msix-load']);
// reset-traffic adds seeds past 3: 7 (a device reset with the write engine busy, exact) and 4 (spec).
const RUNS = (scenario: string): ReadonlyArray<readonly [64 | 256, number, 'exact' | 'spec']> => FIRST.has(scenario)
  ? [[64, 1, 'exact'], [64, 2, 'exact'], [64, 3, 'exact'], [256, 1, 'exact']]
  : scenario === 'reset-traffic' ? [[64, 1, 'exact'], [256, 1, 'exact'], [64, 2, 'spec'], [64, 7, 'exact'], [64, 4, 'spec']]
  : [[64, 1, 'exact'], [256, 1, 'exact'], [64, 2, 'spec']];

describe.each(Object.keys(REACHES))('%s', (scenario) => {
  it.each(RUNS(scenario))('agrees at width %i seed %i compare %s', async (width, seed, compare) => {
    const r = await runCosim({ scenario, seed, width, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width], compare, timing: 'fail' });
    expect(r.ok, `${r.report}\n${r.driverError ?? ''}\n${r.hostErrors.map((e) => e.message).join('\n')}\n${JSON.stringify(r.memoryDiffs)}`).toBe(true);
    if (compare === 'exact') REACHES[scenario]!(r);
    // The spec level counts what it judged (frames, used entries, notifications ...) instead.
    else expect(Object.values(r.spec!.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  }, 10 * 60_000);
});
