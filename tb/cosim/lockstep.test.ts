// The lockstep engine and runner with a second golden model standing in for the RTL (no
// Verilator): a faster "RTL" makes the host answer reads before the model has issued them.
import { describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import { ModelRtl } from './model-rtl.js';
import { runCosim } from './runner.js';
import { REFERENCE_RTL_MODEL } from './runner.js';

const fast: TimingProfile = {
  ...REFERENCE_RTL_PROFILE,
  latency: Object.fromEntries(Object.keys(REFERENCE_RTL_PROFILE.latency).map((k) => [k, 0])) as TimingProfile['latency'],
};

describe('lockstep engine (model standing in for the RTL)', () => {
  it('traffic agrees model against model, memory regions included', async () => {
    const r = await runCosim({ scenario: 'traffic', seed: 3, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL }) });
    if (!r.ok) throw new Error(`${r.report}\n${r.driverError}`);
    expect(r.summary.compared.tx_rd_req).toBeGreaterThan(10);
    expect(r.summary.compared.m_axis_tx).toBeGreaterThan(0);
    expect(r.summary.timingMaxAbs).toBe(0);
  });

  it('holds a completion until the model has issued the matching read, and says so', async () => {
    // Lookahead 2 = host latency 2: the answer to the stand-in's read arrives before the
    // model (descriptorFetchIssue + dmaReadIssue > 2 cycles) has issued its own.
    const r = await runCosim({ scenario: 'split-cpl', seed: 1, width: 64, defines: [], lookahead: 2, wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL, profile: fast }) });
    if (!r.ok) throw new Error(`${r.report}\n${r.driverError}`);
    expect(r.held.completions).toBeGreaterThan(0);
    expect(r.summary.timingMean).toBeLessThan(0); // the stand-in is faster
  });

  it('stops at the first divergence with both TLPs and the recent context', async () => {
    let n = 0;
    // The 3rd write with First DW BE 1111b (data or used id/len) carries a different byte 0.
    const rtl = new ModelRtl({ ...REFERENCE_RTL_MODEL }, (o) => {
      if (o.channel !== 'tx_wr_req') return o;
      const t = hdrToTlp(o.hdr, o.data);
      if (t.address >= 0xfee0_0000 || t.firstBe !== 0xf || ++n !== 3) return o;
      const data = o.data.slice();
      data[0] ^= 0x40;
      return { ...o, hdr: tlpToHdr(t), data };
    });
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
    expect(r.ok).toBe(false);
    expect(r.divergence?.kind).toBe('mismatch');
    expect(r.divergence?.channel).toBe('tx_wr_req');
    expect(r.report).toMatch(/payload: first difference at byte 0/);
    expect(r.report).toMatch(/last \d+ matched transactions/);
  });

  it('reports an output the RTL never produced as missing-in-rtl', async () => {
    const rtl = new ModelRtl({ ...REFERENCE_RTL_MODEL }, (o) => (o.channel === 'm_axis_tx' ? null : o));
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
    expect(r.divergence?.kind).toBe('missing-in-rtl');
    expect(r.divergence?.channel).toBe('m_axis_tx');
  });
});
