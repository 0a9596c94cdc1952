// Random back-pressure on the DUT's ready signals and input noise (backpressure.ts): the option's
// parsing, the reference RTL agreeing under back-pressure at both widths and both levels, a broken
// copy that moves TDATA while m_axis_tx is stalled caught by the server's stream-rule check, and a
// broken copy that takes rx_cpl sop without valid caught by the input noise.
import { describe, expect, it } from 'vitest';
import { BackpressureError, parseBackpressure, readySeed, stallProbabilities } from './backpressure.js';
import { CosimConfigError, runCosim } from './runner.js';
import { referenceRtlsAtBothWidths } from './testkit.js';

describe('backpressure setting', () => {
  it('parses one probability for every ready or one per channel', () => {
    expect(parseBackpressure('0.25')).toBe(0.25);
    expect(parseBackpressure('m_axis_tx=0.5,tx_cpl=0.1')).toEqual({ m_axis_tx: 0.5, tx_cpl: 0.1 });
    expect([...stallProbabilities(0.3).keys()]).toEqual(['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'rx_req']);
    expect(parseBackpressure('rx_req=0.2')).toEqual({ rx_req: 0.2 });
  });
  it('refuses probabilities outside 0 <= p < 1 and unknown channels, naming the value', () => {
    expect(() => parseBackpressure('1')).toThrow(BackpressureError);
    expect(() => parseBackpressure('rx_cpl=0.2')).toThrow(/rx_cpl/);
    expect(() => parseBackpressure('tx_cpl')).toThrow(/CHANNEL=P/);
    expect(() => stallProbabilities(-0.1)).toThrow(/-0.1/);
  });
  it('seeds each channel differently, the same for the same run seed, never 0', () => {
    const a = [0, 1, 2, 3].map((i) => readySeed(7, i));
    expect(new Set(a).size).toBe(4);
    expect([0, 1, 2, 3].map((i) => readySeed(7, i))).toEqual(a);
    for (let s = 0; s < 64; s++) expect(readySeed(s, 0)).not.toBe(0);
  });
  it('at the exact level a stalling run needs timing warn', async () => {
    await expect(runCosim({ scenario: 'traffic', seed: 1, width: 64, defines: [], lookahead: 32, backpressure: 0.3 })).rejects.toThrow(CosimConfigError);
  });
});

describe('reference RTL under random back-pressure', () => {
  const rtl = referenceRtlsAtBothWidths();
  for (const width of [64, 256] as const) {
    it(`agrees at the spec level (w${width})`, async () => {
      const r = await runCosim({ scenario: 'traffic', seed: 3, width, defines: [], lookahead: 32, compare: 'spec', backpressure: 0.4, wavesOnDivergence: false, rtl: rtl[width] });
      expect(r.report).toBe('');
      expect(r.ok).toBe(true);
      expect(r.spec!.counts.frames).toBeGreaterThan(0);
    }, 300_000);
  }
  it('agrees at the exact level with timing warn, the stalls showing as late outputs (w64)', async () => {
    const r = await runCosim({ scenario: 'traffic', seed: 3, width: 64, defines: [], lookahead: 32, timing: 'warn', backpressure: 0.4, wavesOnDivergence: false, rtl: rtl[64] });
    expect(r.report).toBe('');
    expect(r.ok).toBe(true);
    expect(r.summary.timingViolations).toBeGreaterThan(0);
  }, 300_000);
});

describe('BROKEN_TDATA_WHILE_STALLED (rtl/broken/README.md)', () => {
  it('is caught under back-pressure as a beat-changed contract break on m_axis_tx, and passes without it', async () => {
    const cfg = { scenario: 'traffic', seed: 1, width: 64 as const, defines: ['BROKEN_TDATA_WHILE_STALLED'], lookahead: 32, compare: 'spec' as const, wavesOnDivergence: false };
    const r = await runCosim({ ...cfg, backpressure: { m_axis_tx: 0.5 } });
    expect(r.buildId).toContain('BROKEN_TDATA_WHILE_STALLED');
    expect(r.divergence?.kind).toBe('contract');
    expect(r.divergence?.channel).toBe('m_axis_tx');
    expect(r.divergence?.fields.join('\n')).toMatch(/beat-changed/);
    const calm = await runCosim(cfg);
    expect(calm.report).toBe('');
    expect(calm.ok).toBe(true);
  }, 600_000);
});

describe('input noise (INPUT_NOISE)', () => {
  const rtl = referenceRtlsAtBothWidths();
  it('drives the idle inputs with seeded values, the same for the same seed, zeros without it', () => {
    const sim = rtl[64]!;
    const idleHdr = (seed: number | null): string => {
      sim.reset();
      if (seed !== null) sim.setInputNoise(seed);
      sim.step([], sim.cycle + 3);
      expect(sim.peek('rx_req_tlp_valid').words[0]).toBe(0);
      return [...sim.peek('rx_cpl_tlp_hdr').words].join(',');
    };
    const a = idleHdr(99);
    expect(a).not.toBe('0,0,0,0');
    expect(idleHdr(99)).toBe(a);
    expect(idleHdr(100)).not.toBe(a);
  });
  it('BROKEN_CPL_SOP_UNQUALIFIED (rx_cpl sop taken without valid) diverges with it and agrees without it', async () => {
    const cfg = { scenario: 'traffic', seed: 1, width: 64 as const, defines: ['BROKEN_CPL_SOP_UNQUALIFIED'], lookahead: 32, wavesOnDivergence: false };
    const r = await runCosim(cfg);
    expect(r.buildId).toContain('BROKEN_CPL_SOP_UNQUALIFIED');
    expect(r.ok).toBe(false);
    expect(r.divergence?.channel).toBe('tx_rd_req');
    const quiet = await runCosim({ ...cfg, inputNoise: false });
    expect(quiet.report).toBe('');
    expect(quiet.ok).toBe(true);
  }, 600_000);
});
