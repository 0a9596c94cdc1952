// The monitor on real Verilator runs (width 64): every co-simulation scenario, seeds 1..2, on the
// reference RTL breaks no ring rule; the broken variants whose bug is a ring rule are caught by
// that rule. Runs keep comparing after a scoreboard divergence so the monitor sees the whole stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary, runCosim } from '../cosim/runner.js';
import { SyncRtl } from '../cosim/rtl-sync.js';
import { SCENARIOS } from '../cosim/scenarios.js';

let clean: SyncRtl;
beforeAll(async () => {
  clean = await SyncRtl.create({ width: 64, defines: [], trace: false });
}, 600_000);
afterAll(() => clean?.close());

describe('reference RTL: no ring rule broken', () => {
  // `random` runs with the monitor on in its own tests (tb/cosim/scenarios-random.test.ts, any ring
  // error is a divergence there): at this file's small lookahead one of its runs is a minute of
  // synchronous co-simulation, past vitest's worker RPC timeout.
  for (const s of SCENARIOS.filter((x) => x.name !== 'random')) {
    for (const seed of [1, 2]) {
      it(`${s.name} seed ${seed}`, async () => {
        const r = await runCosim({ scenario: s.name, seed, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: clean, continueAfterDivergence: true });
        expect(r.ring).not.toBeNull();
        expect(r.ring!.violations.map((v) => v.message)).toEqual([]);
        expect(r.ring!.stats.reads).toBeGreaterThan(0);
        if (s.datapath && s.name !== 'cpl-fault') {
          // The monitor followed the rings: chains seen, used descriptors retired.
          expect(r.ring!.stats.chains).toBeGreaterThan(0);
          expect(r.ring!.stats.used).toBeGreaterThan(0);
        }
      }, 300_000);
    }
  }
});

// The legal variants of rtl/variants (all five at once): each is a choice the specifications leave
// to the device, so the monitor must accept it. The exact scoreboard diverges on them; the runs
// keep going so the monitor sees every scenario's whole stream.
const LEGAL = ['VARIANT_DESC_BATCH', 'VARIANT_ADDR_CUT', 'VARIANT_USED_BATCH', 'VARIANT_IRQ_COALESCE', 'VARIANT_EXTRA_LATENCY'];

describe('legal RTL variants: no ring rule broken', () => {
  let legal: SyncRtl;
  beforeAll(async () => {
    legal = await SyncRtl.create({ width: 64, defines: LEGAL, trace: false });
  }, 900_000);
  afterAll(() => legal?.close());
  for (const name of ['traffic', 'rx', 'tx', 'msix-mask', 'event-suppression', 'mps-mrrs', 'split-cpl', 'ctrl']) {
    it(`${name} seed 1`, async () => {
      const r = await runCosim({ scenario: name, seed: 1, width: 64, defines: LEGAL, lookahead: 32, wavesOnDivergence: false, rtl: legal, continueAfterDivergence: true });
      expect(r.ring!.violations.map((v) => v.message)).toEqual([]);
      expect(r.ring!.stats.used).toBeGreaterThan(0);
    }, 600_000);
  }
});

describe('broken RTL variants: the matching ring rule', () => {
  const cases = [
    { define: 'BROKEN_WRAP_COUNTER', scenario: 'wrap', rule: 'USED_WRAP' },
    { define: 'BROKEN_USED_FLAGS_FIRST', scenario: 'tx', rule: 'USED_FLAGS_BEFORE_ID' },
  ];
  for (const c of cases) {
    it(`${c.define} breaks ${c.rule}`, async () => {
      const r = await runCosim({ scenario: c.scenario, seed: 1, width: 64, defines: [c.define], lookahead: 32, wavesOnDivergence: false, timing: 'warn' });
      expect(r.buildId).toContain(c.define);
      expect(r.ok).toBe(false);
      const rules = r.ring!.violations.map((v) => v.rule);
      expect(rules[0]).toBe(c.rule);
      expect(r.ring!.violations[0].tlp.kind).toBe('MWr');
    }, 600_000);
  }

  it('the summary names the rule', async () => {
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: ['BROKEN_USED_FLAGS_FIRST'], lookahead: 32, wavesOnDivergence: false });
    // The scoreboard's mismatch stays the headline; the monitor's error is in the summary.
    expect(r.divergence!.kind).toBe('mismatch');
    expect(formatSummary(r)).toMatch(/ring-rule violations +1 .*USED_FLAGS_BEFORE_ID \(virtio §2\.8\.15/);
  }, 600_000);
});
