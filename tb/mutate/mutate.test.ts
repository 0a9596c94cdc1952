// End to end on the reference RTL: two hand-picked mutants through real Verilator builds and a
// suite of one width-64 run and one width-256 run over a real socket. The used-flags stuck bit
// dies at its first (w64) run and is never built at 256; the completer's lane step `lane + 1` ->
// `lane - 1` is the same value for the 1-bit lane of width 64 and survives there, and dies at 256
// (3-bit lane). Bounded: three mutant builds, four short runs. The report's text and JUnit for a
// survivor are checked on a made-up result (no build).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveDut, REFERENCE_DUT } from '../../rtl-bridge/client/dut-build.js';
import { findSites } from './operators.js';
import { formatReport, mutateJunit, readSources, runMutants, summarise, type MutantResult, type MutateDut } from './run.js';

const resolved = resolveDut({ ...REFERENCE_DUT, width: 64 });
const dut: MutateDut = { top: resolved.top, files: resolved.files, incdirs: resolved.incdirs, defines: [], params: [], width: 64 };

describe('virtio-cosim mutate on the reference RTL', () => {
  it('kills a stuck bit at width 64 and a lane step only at width 256 (built at 256 only when a run needs it)', async () => {
    const sites = findSites(readSources(dut));
    const pick = (file: string, line: number, operator: string, original: string, replacement: string) => {
      const s = sites.find((x) => x.file.endsWith(file) && x.line === line && x.operator === operator && x.original === original && x.replacement === replacement);
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
    const laneLine = lineOf('pcie_cpl_tx.sv', "acc_lane        <= lane + 1'b1;");
    const killed = pick('vq_engine.sv', usedFlagsLine, 'stuck', 'uwrap', "1'b0");
    const lane = pick('pcie_cpl_tx.sv', laneLine, 'arithmetic', '+', '-');
    const suite = [{ scenario: 'ctrl', seed: 1 }, { scenario: 'reg-access', seed: 1, width: 256 as const }];
    const report = await runMutants([killed, lane], { dut, suite, compare: 'exact', timeoutS: 600, jobs: 2, seed: 0, sitesTotal: sites.length });
    const byLine = new Map(report.mutants.map((m) => [m.line, m]));
    expect(byLine.get(usedFlagsLine)?.status).toBe('killed');
    expect(byLine.get(usedFlagsLine)?.killedBy?.scenario).toBe('ctrl');
    expect(byLine.get(usedFlagsLine)?.runs).toBe(1);
    expect(byLine.get(laneLine)?.status).toBe('killed');
    expect(byLine.get(laneLine)?.killedBy).toMatchObject({ scenario: 'reg-access/256', seed: 1 });
    expect(byLine.get(laneLine)?.runs).toBe(2);
    expect(report.score).toBe(1);
    expect(report.killsByScenario).toEqual({ ctrl: 1, 'reg-access/256': 1 });
    expect(formatReport(report)).toContain('suite: ctrl:1, reg-access:1/256');
  }, 30 * 60_000);

  it('lists a survivor with file:line and the change; JUnit has one testcase per mutant', () => {
    const m = (status: MutantResult['status'], line: number): MutantResult => ({
      id: `id${line}`, file: 'rtl/virtio_net_pcie.sv', line, operator: 'stuck', original: 'intx_disable', replacement: "1'b0", status, runs: 2, buildMs: 0, ms: 0,
      ...(status === 'killed' ? { killedBy: { scenario: 'ctrl', seed: 1, kind: 'divergence' as const, detail: 'x' } } : {}),
    });
    const report = summarise([m('killed', 10), m('survived', 126)], { dut, suite: [{ scenario: 'ctrl', seed: 1 }], compare: 'exact', seed: 0, sitesTotal: 2 }, false);
    expect(report.score).toBe(0.5);
    const text = formatReport(report);
    expect(text).toContain('mutation score 50.0 %');
    expect(text).toContain('rtl/virtio_net_pcie.sv:126 stuck "intx_disable" -> "1\'b0"');
    expect(mutateJunit(report).match(/<testcase /g)).toHaveLength(2);
    expect(mutateJunit(report).match(/<failure /g)).toHaveLength(1);
  });
});
