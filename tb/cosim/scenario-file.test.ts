// A user's test file runs under runCosim (real Verilator); a file that is not a Scenario is one
// typed error naming the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCosim } from './runner.js';
import { loadScenarioFile, ScenarioFileError } from './scenario-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('scenario files', () => {
  it('the example user test runs and agrees', async () => {
    const r = await runCosim({ scenario: path.join(here, 'examples', 'first-test.ts'), seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false });
    expect(r.config.scenario).toBe('first-test');
    expect(r.driverError).toBeNull();
    expect(r.ok).toBe(true);
    expect(r.summary.compared.m_axis_tx).toBe(8);
    expect(r.summary.compared.tx_cpl).toBeGreaterThan(50);
  }, 10 * 60_000);

  it('a failing assertion in the test fails the run with its message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'user-test-'));
    const file = path.join(dir, 'fails.ts');
    writeFileSync(file, `export default { name: 'fails', description: 'x', datapath: false, setup: () => ({ driver: {} }),
      run({ driver }) { driver.bringUp(); const v = driver.readCommon('num_queues'); if (v !== 99) throw new Error('num_queues is ' + v + ', the test expected 99'); } };\n`);
    const r = await runCosim({ scenario: file, seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false });
    expect(r.ok).toBe(false);
    expect(r.driverError).toMatch(/num_queues is 3, the test expected 99/);
  }, 10 * 60_000);

  it('stimulus the device cannot take is refused with the limit named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'user-test-'));
    const file = path.join(dir, 'jumbo.ts');
    writeFileSync(file, `export default { name: 'jumbo', description: 'x', datapath: true, setup: () => ({ driver: {} }),
      run({ driver, dut }) { driver.bringUp(); driver.postRx(0); dut.pushFrame(new Uint8Array(9000)); } };\n`);
    const r = await runCosim({ scenario: file, seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false });
    expect(r.ok).toBe(false);
    expect(r.driverError).toMatch(/StimulusError: a 9000-byte frame is longer than the device takes \(1518 bytes: its MTU \+ 18/);
  }, 10 * 60_000);

  it('a file that does not export a Scenario names the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'user-test-'));
    const noRun = path.join(dir, 'norun.mjs');
    writeFileSync(noRun, "export default { name: 'x', description: 'y', datapath: true, setup() { return { driver: {} }; } };\n");
    await expect(loadScenarioFile(noRun)).rejects.toThrow(/field run is missing, must be a function/);
    await expect(loadScenarioFile(path.join(dir, 'nope.ts'))).rejects.toThrow(ScenarioFileError);
    const broken = path.join(dir, 'broken.mjs');
    writeFileSync(broken, 'export default {;\n');
    await expect(loadScenarioFile(broken)).rejects.toThrow(/cannot be loaded/);
    const badSignals = path.join(dir, 'badsignals.mjs');
    writeFileSync(badSignals, "export default { name: 'x', description: 'y', datapath: true, signals: 'yes', setup() { return { driver: {} }; }, run() {} };\n");
    await expect(loadScenarioFile(badSignals)).rejects.toThrow(/field signals is a string, must be a boolean/);
  });

  it('setup(seed) is checked when called: no driver options means the defaults, anything but an object is named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'user-test-'));
    const load = (name: string, setup: string) => {
      const f = path.join(dir, `${name}.mjs`);
      writeFileSync(f, `export default { name: '${name}', description: 'y', datapath: false, setup: ${setup}, run() {} };\n`);
      return loadScenarioFile(f);
    };
    expect((await load('empty', '() => ({})')).setup(1)).toEqual({ driver: {} });
    expect((await load('host', '() => ({ host: { completer: { seed: 3 } } })')).setup(1)).toEqual({ driver: {}, host: { completer: { seed: 3 } } });
    await expect(load('nul', '() => null').then((s) => s.setup(1))).rejects.toThrow(/nul\.mjs: setup\(seed\) returned null, must return an object/);
    await expect(load('num', '() => 5').then((s) => s.setup(1))).rejects.toThrow(ScenarioFileError);
    await expect(load('drv', '() => ({ driver: 7 })').then((s) => s.setup(1))).rejects.toThrow(/setup\(seed\)\.driver is a number, must be an object/);
  });
});
