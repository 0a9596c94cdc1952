// The lockstep engine and runner with a second golden model standing in for the RTL (no
// Verilator): a faster "RTL" makes the host answer reads before the model has issued them.
import { describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import { ModelRtl } from './model-rtl.js';
import { formatSummary, runCosim } from './runner.js';
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
    // model (engine.pickToDescRead + engine.readIssueToBus > 2 cycles) has issued its own.
    // timing 'warn': the stand-in is faster than the profile's tolerance allows.
    const r = await runCosim({ scenario: 'split-cpl', seed: 1, width: 64, defines: [], lookahead: 2, timing: 'warn', wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL, profile: fast }) });
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

  it('reports an output the RTL never produced: late beyond the tolerance (timing fail), missing-in-rtl (warn)', async () => {
    const drop = () => new ModelRtl({ ...REFERENCE_RTL_MODEL }, (o) => (o.channel === 'm_axis_tx' ? null : o));
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: drop() });
    expect(r.divergence?.kind).toBe('timing');
    expect(r.divergence?.channel).toBe('m_axis_tx');
    const model = r.divergence!.model!;
    // At the first cycle the frame is late: its first beat + the profile's tolerance.after + 1.
    expect(r.divergence!.cycle).toBe(model.cycle + REFERENCE_RTL_PROFILE.tolerance.after + 1);
    expect(r.report).toMatch(/the RTL had begun nothing matching by cycle \d+ \(tolerance -2\.\.\+4\)/);
    const w = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, timing: 'warn', wavesOnDivergence: false, rtl: drop() });
    expect(w.divergence?.kind).toBe('missing-in-rtl');
    expect(w.divergence?.channel).toBe('m_axis_tx');
  });

  it('compares m_axis_tx tuser: a DUT marking every frame bad diverges at its first frame', async () => {
    const rtl = new ModelRtl({ ...REFERENCE_RTL_MODEL }, (o) => (o.channel === 'm_axis_tx' ? { ...o, aux: 1 } : o));
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
    expect(r.divergence?.kind).toBe('mismatch');
    expect(r.divergence?.channel).toBe('m_axis_tx');
    expect(r.divergence?.fields).toEqual(['tuser: 0 != 1']);
    expect(r.summary.compared.m_axis_tx).toBe(0);
    expect(r.report).toMatch(/frame of \d+ bytes \(tuser 1: bad frame\)/);
  });

  it('a DUT 200 cycles slower per read diverges with kind timing at exact, and agrees with timing warn', async () => {
    const engine = REFERENCE_RTL_PROFILE.engine!;
    const slow: TimingProfile = { ...REFERENCE_RTL_PROFILE, engine: { ...engine, readIssueToBus: engine.readIssueToBus + 200 } };
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL, profile: slow }) });
    expect(r.ok).toBe(false);
    const d = r.divergence!;
    expect(d.kind).toBe('timing');
    expect(d.channel).toBe('tx_rd_req');
    // Caught where the first read became late, with the model's read and no RTL one yet.
    expect(d.cycle).toBe(d.model!.cycle + REFERENCE_RTL_PROFILE.tolerance.after + 1);
    expect(r.cycles).toBeLessThan(d.cycle + 300);
    expect(r.report).toMatch(/DIVERGENCE \(timing\)/);
    const w = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, timing: 'warn', wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL, profile: slow }) });
    if (!w.ok) throw new Error(`${w.report}\n${w.driverError}`);
    expect(w.summary.timingViolations).toBeGreaterThan(0);
    expect(w.summary.timingList.length).toBeGreaterThan(0);
    expect(w.summary.timingList[0].difference).toBeGreaterThanOrEqual(200);
    expect(formatSummary(w)).toMatch(/timing warning: tx_rd_req MRd/);
  });
});
