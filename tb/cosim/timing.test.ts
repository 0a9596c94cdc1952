// The exact level enforces the timing profile's tolerance (model/timing/reference-rtl.json): a
// legal design 200 cycles slower per DMA read than the profile says (the reference RTL behind a
// read delay line, rtl-bridge/test-dut/slow_reads_dut.sv, a real Verilator build) diverges with
// kind `timing` at the cycle its first read became late, and agrees with `timing: 'warn'`, which
// counts and lists the late pairs instead. `calibrate` (calibrate.ts) fits the profile to it: the
// fitted profile, written and read back as `--profile FILE` does, agrees, also on a seed it was not
// fitted on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE } from '../../model/timing/profile.js';
import { buildServer } from '../../rtl-bridge/client/index.js';
import { FifoRtl } from './rtl-fifo.js';
import { formatSummary, runCosim } from './runner.js';
import { calibrate, formatEvaluation, keyValue, profileJson } from './calibrate.js';
import { loadProfileFile } from './profile-file.js';

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

const run = (scenario: string, seed: number, profile = REFERENCE_RTL_PROFILE) =>
  runCosim({ scenario, seed, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, rtl, profile });

describe('calibrate (a DUT 200 cycles slower per DMA read than the reference profile)', () => {
  it('the reference profile diverges on timing; the fitted one, from its file, agrees at the exact level', async () => {
    const before = await run('tx', 1);
    expect(before.divergence?.kind).toBe('timing');
    expect(before.divergence?.channel).toBe('tx_rd_req');

    const lines: string[] = [];
    const r = await calibrate({ scenarios: ['tx'], seeds: [1], width: 64, defines: [], lookahead: 128, rtl, log: (l) => lines.push(l) });
    expect(r.before.outside).toBeGreaterThan(0);
    expect(r.before.kinds.get('read request')!.size).toBeGreaterThan(0);
    expect([...r.before.kinds.get('read request')!.keys()].every((d) => d >= 190)).toBe(true);
    expect(r.after.outside).toBe(0);
    expect(r.after.failures).toEqual([]);
    const read = r.changes.find((c) => c.key === 'engine.readIssueToBus')!;
    expect(read.to - read.from).toBeGreaterThanOrEqual(190); // the delay line, give or take a cycle
    expect(read.to - read.from).toBeLessThanOrEqual(210);
    expect(lines.some((l) => /engine\.readIssueToBus \d+ -> \d+ \(read request\).*kept$/.test(l))).toBe(true);
    const text = formatEvaluation(r.after, r.profile).join('\n');
    expect(text).toMatch(/read request\s+\d+ pairs,\s+0 outside/);
    expect(formatEvaluation(r.before, r.profile).join('\n')).toMatch(/>16:[1-9]/);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'calibrate-')), 'slow.json');
    writeFileSync(file, profileJson({ ...r.profile, name: 'slow-reads' }, 'test'));
    const fitted = loadProfileFile(file);
    expect(fitted.name).toBe('slow-reads');
    expect(keyValue(fitted, 'engine.readIssueToBus')).toBe(read.to);
    for (const [scenario, seed] of [['tx', 1], ['rx', 2]] as const) {
      const after = await run(scenario, seed, fitted);
      if (!after.ok) throw new Error(`${scenario} ${seed}: ${after.report}`);
      expect(after.summary.timingViolations).toBe(0);
    }
  }, 600_000);
});
