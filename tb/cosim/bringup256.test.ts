// The co-simulation at TLP_DATA_WIDTH 256: config/MMIO and the datapath scenarios that agree at 64.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCosim } from './runner.js';
import { SyncRtl } from './rtl-sync.js';

let rtl: SyncRtl;
beforeAll(async () => {
  rtl = await SyncRtl.create({ width: 256, defines: [], trace: false });
});
afterAll(() => rtl?.close());

describe('co-simulation (256-bit)', () => {
  it('bringup agrees', async () => {
    const r = await runCosim({ scenario: 'bringup', seed: 3, width: 256, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
    if (!r.ok) throw new Error(`${r.report}\n${r.driverError ?? ''}`);
    expect(r.buildId).toMatch(/-w256-/);
    expect(r.summary.compared.tx_cpl).toBeGreaterThan(160);
    expect(r.divergence).toBeNull();
  });

  for (const scenario of ['rx', 'tx', 'msix-mask', 'wrap', 'split-cpl', 'cpl-fault']) {
    it(`${scenario} agrees`, async () => {
      const r = await runCosim({ scenario, seed: 1, width: 256, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
      if (!r.ok) throw new Error(`${r.report}\n${r.driverError ?? ''}`);
      expect(Object.values(r.summary.compared).reduce((a, b) => a + b, 0)).toBeGreaterThan(70);
    });
  }

  it('rejects a width the DUT contract does not test', async () => {
    await expect(runCosim({ scenario: 'bringup', seed: 1, width: 128 as 64, defines: [], lookahead: 32 })).rejects.toThrow(/width = 128/);
  });
});
