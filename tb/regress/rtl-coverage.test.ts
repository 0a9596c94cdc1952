// RTL coverage data: Verilator's coverage.dat read per file, line and kind; merged with
// verilator_coverage; the HTML report. The .dat text here is what a --coverage build writes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageFile } from './coverage.js';
import { coverageReport, fileCoverage, parseDat, ranges, totals } from './rtl-coverage.js';
import { DEFAULT_LOOKAHEAD, runCosim } from '../cosim/runner.js';

const point = (file: string, line: number, page: string, count: number): string =>
  `C '\x01f\x02${file}\x01l\x02${line}\x01n\x020\x01page\x02${page}/top\x01o\x02x\x01h\x02TOP.top' ${count}`;

const dat = (rows: string[]): string => ['# SystemC::Coverage-3', ...rows, ''].join('\n');

const hasVerilatorCoverage = ((): boolean => {
  try {
    execFileSync('verilator_coverage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('coverage.dat', () => {
  const text = dat([
    point('rtl/a.sv', 10, 'v_line', 5), point('rtl/a.sv', 11, 'v_line', 0), point('rtl/a.sv', 12, 'v_branch', 3),
    point('rtl/a.sv', 12, 'v_branch', 0), point('rtl/a.sv', 3, 'v_toggle', 1), point('rtl/a.sv', 3, 'v_toggle', 0),
    point('other/b.sv', 4, 'v_line', 0),
  ]);

  it('reads each point with its file, line, kind and count', () => {
    const p = parseDat(text);
    expect(p).toHaveLength(7);
    expect(p[0]).toEqual({ file: 'rtl/a.sv', line: 10, kind: 'line', count: 5, variant: 'top' });
    expect(p.filter((x) => x.kind === 'toggle')).toHaveLength(2);
  });

  it('a line counts as hit only when every statement point on it was hit; branches and toggles apart; a root filters files', () => {
    const all = fileCoverage(parseDat(text));
    expect(all.map((f) => path.basename(f.file)).sort()).toEqual(['a.sv', 'b.sv']);
    const rtl = fileCoverage(parseDat(text), 'rtl');
    expect(rtl).toHaveLength(1);
    expect(rtl[0]).toMatchObject({ lines: 2, linesHit: 1, missed: [11], branches: 2, branchesHit: 1, toggles: 2, togglesHit: 1 });
    expect(totals(all)).toEqual({ lines: 3, linesHit: 1, branches: 2, branchesHit: 1, toggles: 2, togglesHit: 1 });
    expect(ranges([1, 2, 3, 7, 9, 10])).toBe('1-3, 7, 9-10');
  });

  it('a merge of two elaborations (TLP widths) never counts fewer lines hit than either input', () => {
    // Line 20: the width-64 elaboration hits it, the width-256 one (its own points) does not.
    const w64 = [point('rtl/a.sv', 20, 'v_line', 3).replace('/top', '/a__TB2'), point('rtl/a.sv', 21, 'v_line', 0).replace('/top', '/a__TB2')];
    const w256 = [point('rtl/a.sv', 20, 'v_line', 0).replace('/top', '/a__TB8'), point('rtl/a.sv', 21, 'v_line', 5).replace('/top', '/a__TB8')];
    const hit = (rows: string[]): number => totals(fileCoverage(parseDat(dat(rows)))).linesHit;
    expect(hit(w64)).toBe(1);
    expect(hit(w256)).toBe(1);
    const both = fileCoverage(parseDat(dat([...w64, ...w256])));
    expect(both[0]).toMatchObject({ lines: 2, linesHit: 2, missed: [] });
    // Within one elaboration every point on the line still counts.
    expect(fileCoverage(parseDat(dat([w64[0]!, w64[0]!.replace("' 3", "' 0").replace('n\x020', 'n\x021')])))[0]!.missed).toEqual([20]);
  });

  it.runIf(hasVerilatorCoverage)('merges runs with verilator_coverage and writes the report with both kinds of coverage', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rtlcov-'));
    const src = path.join(dir, 'rtl', 'm.sv');
    execFileSync('mkdir', ['-p', path.dirname(src)]);
    writeFileSync(src, 'module m;\n  a <= b;\n  c <= d;\nendmodule\n');
    writeFileSync(path.join(dir, 'r1.dat'), dat([point(src, 2, 'v_line', 2), point(src, 3, 'v_line', 0)]));
    writeFileSync(path.join(dir, 'r2.dat'), dat([point(src, 2, 'v_line', 1), point(src, 3, 'v_line', 4)]));
    const r = coverageReport({ dir: path.join(dir, 'out'), coverage: coverageFile({ 'queue.rx': 3 }, 2, ['rtl-w64']), dats: [path.join(dir, 'r1.dat'), path.join(dir, 'r2.dat')], root: path.join(dir, 'rtl') });
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatchObject({ lines: 2, linesHit: 2, missed: [] });
    const merged = parseDat(readFileSync(path.join(dir, 'out', 'merged.dat'), 'utf8'));
    expect(merged.map((p) => p.count).sort()).toEqual([3, 4]);
    const html = readFileSync(r.index, 'utf8');
    expect(html).toContain('queue.rx');
    expect(html).toContain('2/2');
    expect(r.summary).toMatch(/RTL line coverage of .*: 2\/2 lines \(100\.0 %\)/);
    expect(readFileSync(path.join(dir, 'out', 'coverage.info'), 'utf8')).toMatch(/^DA:3,4$/m);
  });
});

// A coverage build writes its counts as it exits, after SHUTDOWN; the run waits for that (before,
// the command's exit often killed the server mid-write: 79 of 102 .dat files of a regress empty).
describe('a co-simulation run with --rtl-coverage', () => {
  it.runIf(hasVerilatorCoverage)('leaves a coverage.dat with the RTL lines the run reached', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rtlcov-')), 'run.dat');
    const r = await runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false, rtlCoverage: file });
    expect(r.ok).toBe(true);
    const t = totals(fileCoverage(parseDat(readFileSync(file, 'utf8')), 'rtl'));
    expect(t.lines).toBeGreaterThan(100);
    expect(t.linesHit).toBeGreaterThan(50);
  }, 900_000);
});
