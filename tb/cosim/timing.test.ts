// The exact level enforces the timing profile's tolerance (model/timing/reference-rtl.json): a
// legal design 200 cycles slower per DMA read than the profile says (the reference RTL behind a
// read delay line, rtl-bridge/test-dut/slow_reads_dut.sv, a real Verilator build) diverges with
// kind `timing` at the cycle its first read became late, and agrees with `timing: 'warn'`, which
// counts and lists the late pairs instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE } from '../../model/timing/profile.js';
import { buildServer } from '../../rtl-bridge/client/index.js';
import { FifoRtl } from './rtl-fifo.js';
import { formatSummary, runCosim } from './runner.js';

let rtl: FifoRtl;
beforeAll(async () => {
  const bin = await buildServer({ top: 'slowrd', width: 64, trace: false });
  rtl = new FifoRtl(bin, { width: 64, defines: [], trace: false });
}, 600_000);
afterAll(() => rtl?.close());

const { after } = REFERENCE_RTL_PROFILE.tolerance;

describe('timing at the exact level (a DUT 200 cycles slower per read)', () => {
  it('diverges with kind timing where the first read became late, and stops there', async () => {
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });
    expect(r.ok).toBe(false);
    expect(r.config.timing).toBe('fail'); // the default
    const d = r.divergence!;
    expect(d.kind).toBe('timing');
    expect(d.channel).toBe('tx_rd_req');
    expect(d.model?.tlp?.kind).toBe('MRd');
    expect(d.rtl).toBeUndefined(); // caught before the RTL's read appeared
    expect(d.cycle).toBe(d.model!.cycle + after + 1);
    expect(r.cycles).toBeLessThan(d.cycle + 200); // not thousands of cycles later
    expect(r.report).toMatch(/DIVERGENCE \(timing\) at cycle \d+ on tx_rd_req/);
    expect(r.report).toMatch(/the RTL had begun nothing matching by cycle \d+ \(tolerance -2\.\.\+4\)/);
    expect(formatSummary(r)).toMatch(/divergences\s+1\s+\(timing on tx_rd_req/);
  });

  it("agrees with timing 'warn', every late read counted and the first ones listed", async () => {
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, timing: 'warn', wavesOnDivergence: false, rtl });
    if (!r.ok) throw new Error(`${r.report}\n${r.driverError ?? ''}`);
    const s = r.summary;
    expect(s.timing).toBe('warn');
    expect(s.timingViolations).toBeGreaterThanOrEqual(s.compared.tx_rd_req);
    expect(s.timingList.length).toBeGreaterThan(0);
    for (const v of s.timingList.filter((x) => x.channel === 'tx_rd_req')) expect(v.difference).toBeGreaterThan(190); // 200 late, give or take the profile's calibration
    const text = formatSummary(r);
    expect(text).toMatch(/outside tolerance -2\.\.\+4 \d+ \(timing=warn\)/);
    expect(text).toMatch(/timing warning: tx_rd_req MRd/);
    expect(text).toMatch(/result: AGREE/);
  });
});
