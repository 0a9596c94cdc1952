// Calibration against a real Verilator build: the reference RTL behind a 200-cycle read delay
// (rtl-bridge/test-dut/slow_reads_dut.sv). The reference profile diverges on timing at the exact
// level; the profile `calibrate` fits (written and read back as `--profile FILE` does) agrees,
// also on a seed it was not fitted on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, TimingProfileError } from '../../model/timing/profile.js';
import { buildServer } from '../../rtl-bridge/client/index.js';
import { calibrate, formatEvaluation, keyValue, profileJson } from './calibrate.js';
import { loadProfileFile } from './profile-file.js';
import { FifoRtl } from './rtl-fifo.js';
import { runCosim } from './runner.js';

let rtl: FifoRtl;
beforeAll(async () => {
  const bin = await buildServer({ top: 'slowrd', width: 64, trace: false });
  rtl = new FifoRtl(bin, { width: 64, defines: [], trace: false });
}, 600_000);
afterAll(() => rtl?.close());

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

  it('a profile file with a bad or removed key is one error naming the file, the key and the value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'profile-'));
    const bad = JSON.parse(profileJson(REFERENCE_RTL_PROFILE, 'x'));
    bad.engine.readIssueToBus = -3;
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    expect(() => loadProfileFile(path.join(dir, 'bad.json'))).toThrow(TimingProfileError);
    expect(() => loadProfileFile(path.join(dir, 'bad.json'))).toThrow(/bad\.json key "engine\.readIssueToBus": value -3 is not an integer cycle count/);
    const old = JSON.parse(profileJson(REFERENCE_RTL_PROFILE, 'x'));
    old.arbitration = { policy: 'round-robin', queueSwitch: 1 };
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify(old));
    expect(() => loadProfileFile(path.join(dir, 'old.json'))).toThrow(/key "arbitration": .* is no longer a profile key .* remove it$/);
    writeFileSync(path.join(dir, 'broken.json'), '{"name": ');
    expect(() => loadProfileFile(path.join(dir, 'broken.json'))).toThrow(/broken\.json is not JSON/);
    expect(() => loadProfileFile(path.join(dir, 'none.json'))).toThrow(/none\.json cannot be read \(ENOENT\)/);
  });
});
