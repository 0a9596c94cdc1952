// End to end on the reference RTL: two hand-picked mutants through real Verilator builds and the
// ctrl scenario over a real socket. The used-flags stuck bit must be killed; the INTx gate stuck
// open must survive (ctrl runs with MSI-X on, so INTx never rises). Bounded: two builds, 3 short runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveDut, REFERENCE_DUT } from '../../rtl-bridge/client/dut-build.js';
import { findSites } from './operators.js';
import { formatReport, mutateJunit, readSources, runMutants, type MutateDut } from './run.js';

const resolved = resolveDut({ ...REFERENCE_DUT, width: 64 });
const dut: MutateDut = { top: resolved.top, files: resolved.files, incdirs: resolved.incdirs, defines: [], params: [], width: 64 };

describe('virtio-cosim mutate on the reference RTL', () => {
  it('kills a stuck bit in the used-flags write and reports a survivor the suite cannot see', async () => {
    const sites = findSites(readSources(dut));
    const pick = (file: string, line: number, original: string, replacement: string) => {
      const s = sites.find((x) => x.file.endsWith(file) && x.line === line && x.operator === 'stuck' && x.original === original && x.replacement === replacement);
      expect(s, `${file}:${line} ${original} -> ${replacement}`).toBeDefined();
      return s!;
    };
    // Lines by their text, so an edit elsewhere in the file does not move the test's target.
    const lineOf = (file: string, text: string): number => {
      const src = readFileSync(resolved.files.find((f) => f.endsWith(file))!, 'utf8').split('\n');
      const i = src.findIndex((l) => l.includes(text));
      expect(i, `${file}: ${text}`).toBeGreaterThanOrEqual(0);
      return i + 1;
    };
    const usedFlagsLine = lineOf('vq_engine.sv', 'wire [15:0] used_flags = (uwrap ?');
    const intxLine = lineOf('virtio_net_pcie.sv', 'assign intx_level   = intx_pending && !intx_disable;');
    const killed = pick('vq_engine.sv', usedFlagsLine, 'uwrap', "1'b0");
    const survivor = pick('virtio_net_pcie.sv', intxLine, 'intx_disable', "1'b0");
    const report = await runMutants([killed, survivor], { dut, suite: [{ scenario: 'ctrl', seed: 1 }], compare: 'exact', timeoutS: 600, jobs: 2, seed: 0, sitesTotal: sites.length });
    const byLine = new Map(report.mutants.map((m) => [m.line, m]));
    expect(byLine.get(usedFlagsLine)?.status).toBe('killed');
    expect(byLine.get(usedFlagsLine)?.killedBy?.scenario).toBe('ctrl');
    expect(byLine.get(intxLine)?.status).toBe('survived');
    expect(report.score).toBe(0.5);
    expect(report.killsByScenario).toEqual({ ctrl: 1 });
    const text = formatReport(report);
    expect(text).toContain('mutation score 50.0 %');
    expect(text).toContain(`rtl/virtio_net_pcie.sv:${intxLine} stuck "intx_disable" -> "1'b0"`);
    expect(mutateJunit(report).match(/<testcase /g)).toHaveLength(2);
  }, 30 * 60_000);
});
