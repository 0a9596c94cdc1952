// Each broken RTL variant (rtl/broken/README.md) must be caught: the run stops at a divergence of
// the expected kind, channel and domain, near the expected cycle, and earlier than anything the
// clean RTL does differently in the same scenario and seed. One simulator per variant build
// (bridge.mk caches the builds); the clean baseline shares one simulator.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCosim, type RunResult } from './runner.js';
import { SyncRtl } from './rtl-sync.js';
import type { DivergenceKind } from './scoreboard.js';

interface Variant {
  define: string;
  scenario: string;
  kind: DivergenceKind;
  channel: string;
  domain: RegExp;
  /** Approximate cycle (seed 1, 64-bit, host latency 32; the driver acts the cycle after each completion); the divergence must lie within [cycle/2, 2*cycle]. */
  cycle?: number;
  field: RegExp;
}

const VARIANTS: Variant[] = [
  { define: 'BROKEN_RO_CONFIG_WRITABLE', scenario: 'bringup', kind: 'mismatch', channel: 'tx_cpl', domain: /^tx_cpl$/, cycle: 331, field: /payload/ },
  // At the exact level an output with no counterpart within the timing tolerance is a `timing`
  // divergence at once: the MSI-X sent while masked, the MSI-X the broken wrap counter delays.
  { define: 'BROKEN_MSIX_WHILE_MASKED', scenario: 'msix-mask', kind: 'timing', channel: 'tx_wr_req', domain: /^vec\d+:wr$/, cycle: 792, field: /the RTL emitted tx_wr_req MWr32 addr=0xfee0_00[0-9a-f]+ .* the model predicts nothing matching/ },
  { define: 'BROKEN_MRRS_IGNORED', scenario: 'mps-mrrs', kind: 'mismatch', channel: 'tx_rd_req', domain: /:rd$/, cycle: 944, field: /Length: 32 != / },
  { define: 'BROKEN_WRAP_COUNTER', scenario: 'wrap', kind: 'timing', channel: 'tx_wr_req', domain: /^vec\d+:wr$/, cycle: 6664, field: /the model emitted tx_wr_req MWr32 addr=0xfee0_00[0-9a-f]+ .* the RTL had begun nothing matching/ },
  // The server's monitor checks header bits the function must send as 0 (bfm.hpp reservedHeaderBits).
  { define: 'BROKEN_MWR_AT_SET', scenario: 'tx', kind: 'contract', channel: 'tx_wr_req', domain: /.*/, field: /reserved-bit-set: AT set/ },
  { define: 'BROKEN_USED_FLAGS_FIRST', scenario: 'tx', kind: 'mismatch', channel: 'tx_wr_req', domain: /:wr$/, cycle: 1459, field: /Address: 0x[0-9a-f_]+8 != 0x[0-9a-f_]+c/ },
];

let clean: SyncRtl;
beforeAll(async () => {
  clean = await SyncRtl.create({ width: 64, defines: [], trace: false });
});
afterAll(() => clean?.close());

describe('broken RTL variants are caught', () => {
  for (const v of VARIANTS) {
    it(`${v.define} diverges in ${v.scenario}`, async () => {
      const base: RunResult = await runCosim({ scenario: v.scenario, seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: clean });
      const baseCycle = base.divergence?.cycle ?? Number.POSITIVE_INFINITY;
      // preflight off: the run itself must find the bug (the BAR sizing check at start would refuse
      // RO_CONFIG_WRITABLE before any traffic: the test below).
      const r = await runCosim({ scenario: v.scenario, seed: 1, width: 64, defines: [v.define], lookahead: 32, wavesOnDivergence: false, preflight: false });
      expect(r.buildId).toContain(v.define);
      const d = r.divergence;
      expect(d, `no divergence; ${r.driverError ?? ''}`).not.toBeNull();
      expect(r.ok).toBe(false);
      expect(d!.kind).toBe(v.kind);
      expect(d!.channel).toBe(v.channel);
      expect(d!.domain).toMatch(v.domain);
      expect(d!.fields.join('\n')).toMatch(v.field);
      expect(d!.cycle).toBeLessThan(baseCycle);
      if (v.cycle !== undefined) {
        expect(d!.cycle).toBeGreaterThanOrEqual(v.cycle / 2);
        expect(d!.cycle).toBeLessThanOrEqual(v.cycle * 2);
      }
      expect(r.report).toMatch(/DIVERGENCE/);
    });
  }

  it('BROKEN_RO_CONFIG_WRITABLE is refused at start: BAR0 sizing is not the described device (preflight)', async () => {
    await expect(runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: ['BROKEN_RO_CONFIG_WRITABLE'], lookahead: 32, wavesOnDivergence: false }))
      .rejects.toThrow(/BAR0 reads 0x[0-9a-f]+ after all ones were written/);
  });
});

describe('the wave window of a divergence', () => {
  it('re-runs the seed with tracing and writes W cycles either side of the divergence', async () => {
    const W = 100;
    const r = await runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: ['BROKEN_RO_CONFIG_WRITABLE'], lookahead: 32, waveWindow: W, preflight: false });
    const cycle = r.divergence!.cycle;
    expect(r.wavePath).toMatch(new RegExp(`waves/out/bringup-1-${cycle}\\.vcd$`));
    const vcd = readFileSync(r.wavePath!, 'utf8');
    expect(vcd).toContain('$enddefinitions');
    // Count rising edges of clk in the window: the re-run traced about 2 W cycles.
    const id = /\$var wire\s+1 (\S+) clk \$end/.exec(vcd)![1];
    const rising = vcd.split('\n').filter((l) => l === `1${id}`).length;
    expect(rising).toBeGreaterThan(1.5 * W);
    expect(rising).toBeLessThan(2.5 * W);
  });
});
