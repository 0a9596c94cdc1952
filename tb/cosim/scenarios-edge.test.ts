// The edge scenarios (scenarios-edge.ts) against the real Verilator build at both widths: each
// agrees, and each reaches what it is for (a fault's DEVICE_NEEDS_RESET, the failed read's
// completions still arriving after it, registers written under traffic).
import { describe, expect, it } from 'vitest';
import { CosimProbe } from '../regress/cosim-probe.js';
import { runCosim } from './runner.js';
import { referenceRtlsAtBothWidths } from './testkit.js';

const rtl = referenceRtlsAtBothWidths();

describe('edge scenarios', () => {
  for (const width of [64, 256] as const) {
    it(`live-regs and split-fault agree at width ${width}`, async () => {
      const live = await runCosim({ scenario: 'live-regs', seed: 1, width, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width] });
      expect(live.report).toBe('');
      expect(live.ok, live.driverError ?? '').toBe(true);
      expect(live.summary.compared.tx_cpl).toBeGreaterThan(100);
      const fault = await runCosim({ scenario: 'split-fault', seed: 3, width, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width] });
      expect(fault.report).toBe('');
      expect(fault.ok, fault.driverError ?? '').toBe(true);
      // Traffic before the fault and again after the reset.
      expect(fault.summary.compared.tx_rd_req).toBeGreaterThan(10);
    }, 300_000);
  }
  it('ring-laps fills the long-run bins: 10+ wraps, TX chains of 4+ at wrap 0 with notifications enabled (w256)', async () => {
    const probe = new CosimProbe();
    const r = await runCosim({ scenario: 'ring-laps', seed: 1, width: 256, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[256], observer: probe });
    expect(r.report).toBe('');
    expect(r.ok, r.driverError ?? '').toBe(true);
    const hits = probe.snapshot();
    expect(hits['rtl.wrap.10+']).toBeGreaterThan(0);
    expect(hits['x.tx.chain.4+.wrap0.enable.w256']).toBeGreaterThan(0);
  }, 300_000);
  it('host-edge agrees: other Requester IDs, reads above 512 DW, Cpl on rx_req, Unexpected Completions, a dropped read cut by a reset; seed 2 with rx_req valid gaps in multi-beat MWrs (w64, exact, timing warn)', async () => {
    for (const [seed, backpressure] of [[1, 0], [2, 0.5]] as const) {
      const r = await runCosim({ scenario: 'host-edge', seed, width: 64, defines: [], lookahead: 128, timing: 'warn', wavesOnDivergence: false, rtl: rtl[64], ...(backpressure ? { backpressure } : {}) });
      expect(r.report).toBe('');
      // The scenario throws (a driver error) when a completion does not carry its request's Requester ID and Tag.
      expect(r.ok, r.driverError ?? '').toBe(true);
      expect(r.summary.compared.tx_cpl).toBeGreaterThan(50);
      expect(r.summary.compared.tx_wr_req).toBeGreaterThan(10);
    }
  }, 300_000);
  it('ctrl-shapes: control commands split into 1-byte and several writable elements; acks as virtio §5.1.9.5 says, content agrees (w64, exact, timing warn)', async () => {
    const r = await runCosim({ scenario: 'ctrl-shapes', seed: 3, width: 64, defines: [], lookahead: 128, timing: 'warn', wavesOnDivergence: false, rtl: rtl[64] });
    expect(r.report).toBe('');
    // The scenario throws (a driver error) on an ack other than the one the command must get.
    expect(r.ok, r.driverError ?? '').toBe(true);
    expect(r.summary.compared.tx_wr_req).toBeGreaterThan(20);
    // The same filter rounds in Linux's layout (the main job's mac-filter) agree at the default timing too, at width 256.
    const m = await runCosim({ scenario: 'mac-filter', seed: 1, width: 256, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[256] });
    expect(m.report).toBe('');
    expect(m.ok, m.driverError ?? '').toBe(true);
  }, 300_000);
  it('reset-values: every register read at reset, after traffic and after a device reset agrees (MSI-X: Mask bits read 1 at reset)', async () => {
    const r = await runCosim({ scenario: 'reset-values', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[64] });
    expect(r.report).toBe('');
    expect(r.ok, r.driverError ?? '').toBe(true);
    // Three passes over the MSI-X table (4 vectors x 4 DWs), the common and device configuration.
    expect(r.summary.compared.tx_cpl).toBeGreaterThan(3 * 16);
  }, 300_000);
  it('rx-fit: RX buffers one byte short of / exactly / one byte over header + frame; some frames dropped, the rest delivered, both sides agree', async () => {
    const r = await runCosim({ scenario: 'rx-fit', seed: 2, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[64], compare: 'spec' });
    expect(r.report).toBe('');
    expect(r.ok, r.driverError ?? '').toBe(true);
    expect(r.spec?.counts.rxDropped).toBeGreaterThan(0);
    expect(r.spec?.counts.rxDelivered).toBeGreaterThan(0);
  }, 300_000);
  it('illegal-rings: each illegal TX ring ends in DEVICE_NEEDS_RESET on both sides, content agrees (w64, exact, timing warn)', async () => {
    const r = await runCosim({ scenario: 'illegal-rings', seed: 2, width: 64, defines: [], lookahead: 128, timing: 'warn', wavesOnDivergence: false, rtl: rtl[64] });
    expect(r.report).toBe('');
    // The scenario itself throws (a driver error) when a ring does not end in DEVICE_NEEDS_RESET.
    expect(r.ok, r.driverError ?? '').toBe(true);
    expect(r.summary.compared.m_axis_tx).toBeGreaterThan(0);
  }, 300_000);
});
