// End to end: scripts/regress.ts as a child process, as CI runs it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINS } from './coverage.js';
import { allJobs } from './jobs.js';
import { runPool } from './pool.js';
import { parseResult, RESULT_PREFIX } from './protocol.js';
import { MODEL_SCENARIOS } from './scenarios.js';
import { parseXml, type XmlElement } from './xml-check.js';
import { xmllint, xmllintPresent } from './xmllint.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs a command and collects its output without blocking this worker (a synchronous wait of
 * minutes starves vitest's RPC on a loaded machine). The timeout kills it (code null).
 */
function spawnAsync(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

async function regress(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = await spawnAsync(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', ...args], 400_000);
  return { code: r.code, out: r.stdout + r.stderr };
}

const cases = (root: XmlElement): XmlElement[] => root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
const props = (suite: XmlElement): Record<string, string> => Object.fromEntries(suite.children.find((c) => c.name === 'properties')!.children.map((p) => [p.attrs.name, p.attrs.value]));

/** The Jenkins schema's verdict on a JUnit file (skips outside CI when xmllint is absent). */
async function expectJenkinsValid(file: string, skip: (why: string) => void): Promise<void> {
  if (!(await xmllintPresent())) {
    if (process.env.CI) throw new Error('xmllint is missing in CI (scripts/install-deps.sh installs libxml2-utils)');
    skip('xmllint not installed (apt-get install libxml2-utils); CI has it');
    return;
  }
  const v = await xmllint(readFileSync(file, 'utf8'));
  expect(v.code, v.out).toBe(0);
}

describe('regress CLI', () => {
  it('50 seeds x every model-only scenario with --jobs 2: all pass, JUnit valid for Jenkins, every coverage bin hit, "model only" said', async (ctx) => {
    const out = mkdtempSync(join(tmpdir(), 'regress-'));
    const r = await regress(['--scenarios', 'model', '--seeds', '1..50', '--jobs', '2', '--out', out, '--require-coverage']);
    expect(r.code, r.out).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^regress: 350 jobs: MODEL ONLY: 350 jobs on the golden model alone, no RTL is run/);
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(new Set(cases(junit).map((c) => c.attrs.classname))).toEqual(new Set(MODEL_SCENARIOS.map((s) => `virtio-cosim.model-only.${s.name}`)));
    expect(junit.children.every((s) => s.attrs.name.startsWith('virtio-cosim.model-only.') && props(s).mode === 'model-only')).toBe(true);
    expect(cases(junit).length).toBe(50 * MODEL_SCENARIOS.length);
    expect(junit.attrs).toMatchObject({ tests: '350', failures: '0', errors: '0' });
    await expectJenkinsValid(join(out, 'junit.xml'), (why) => ctx.skip(why));
    expect(r.out).toContain(`${BINS.length}/${BINS.length} bins hit`);
    expect(r.out).not.toContain('✗');
    expect(r.out).toMatch(/^total\s+350\s+350\s+0\s+0\s+0\s/m);
    expect(r.out).toContain('[350/350] pass 350 fail 0');
  }, 420_000);

  it('a failing job prints a reproduce command that, run on its own, fails the same way', async () => {
    const out = mkdtempSync(join(tmpdir(), 'regress-'));
    const r = await regress(['--scenarios', 'traffic,wrap', '--seeds', '3..4', '--break', 'tx-corrupt', '--out', out]);
    expect(r.code, r.out).toBe(1);
    const cmds = [...r.out.matchAll(/^ {2}reproduce: (.*)$/gm)].map((m) => m[1]);
    expect(new Set(cmds)).toEqual(new Set(['traffic', 'wrap'].flatMap((s) => [3, 4].map((n) => `npx tsx tb/regress/model-job.ts --scenario ${s} --seed ${n} --break tx-corrupt`))));
    for (const [scenario, seed] of [['traffic', 3], ['wrap', 4]] as const) {
      const dir = join(out, 'failures', `${scenario}-seed${seed}`);
      for (const f of ['output.txt', 'report.txt', 'reproduce.sh', 'result.json']) expect(existsSync(join(dir, f)), f).toBe(true);
      const recorded = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { failure: string };
      expect(recorded.failure).toMatch(/TX frame/);
      const cmd = readFileSync(join(dir, 'reproduce.sh'), 'utf8').trim().split('\n').at(-1)!;
      const again = await spawnAsync('sh', ['-c', cmd], 60_000);
      expect(again.code).toBe(1);
      const line = again.stdout.trim().split('\n').at(-1)!;
      expect(line.startsWith(RESULT_PREFIX)).toBe(true);
      const res = parseResult(line);
      expect(res.status).toBe('fail');
      expect(res.failure).toBe(recorded.failure);
    }
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(junit.attrs.failures).toBe('4');
    // Same seeds without the breakage pass.
    expect((await regress(['--scenarios', 'traffic,wrap', '--seeds', '3..4', '--out', out])).code).toBe(0);
  }, 120_000);

  it('kills a job that overruns --timeout and reports it as a timeout error', async () => {
    const out = mkdtempSync(join(tmpdir(), 'regress-'));
    const r = await regress(['--scenarios', 'wrap', '--seeds', '1', '--break', 'slow', '--timeout', '4', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('timeout after 4 s');
    const err = cases(parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')))[0]!.children[0];
    expect(err.name).toBe('error');
    expect(err.attrs.type).toBe('timeout');
  }, 60_000);

  it('shards 1/2 and 2/2 together run every job once; --require-coverage waits for merge, which joins JUnit and coverage', async (ctx) => {
    const dirs: string[] = [];
    const names = async (shard: string): Promise<string[]> => {
      const out = mkdtempSync(join(tmpdir(), 'regress-'));
      dirs.push(out);
      const r = await regress(['--scenarios', 'wrap,intx', '--seeds', '1..3', '--shard', shard, '--out', out, '--require-coverage']);
      // wrap and intx alone leave most bins unhit: a shard says coverage is judged at the merge, and does not fail for it.
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(new RegExp(`--require-coverage with --shard: not checked here \\(shard ${shard} hit \\d+/${BINS.length} bins\\)`));
      const root = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
      return cases(root).map((c) => `${c.attrs.classname} ${c.attrs.name}`);
    };
    const a = await names('1/2');
    const b = await names('2/2');
    expect(a.filter((x) => b.includes(x))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(['intx', 'wrap'].flatMap((s) => [1, 2, 3].map((n) => `virtio-cosim.model-only.${s} seed ${n}`)).sort());

    const merged = mkdtempSync(join(tmpdir(), 'regress-merged-'));
    const m = await regress(['merge', '--out', merged, ...dirs]);
    expect(m.code, m.out).toBe(0);
    const root = parseXml(readFileSync(join(merged, 'junit.xml'), 'utf8'));
    expect(root.attrs).toMatchObject({ tests: '6', failures: '0', errors: '0' });
    expect(cases(root).map((c) => `${c.attrs.classname} ${c.attrs.name}`).sort()).toEqual([...a, ...b].sort());
    // coverage.json is a coverage file (tb/regress/README.md "Coverage files"): hits per bin, runs added.
    const cov = (d: string): { runs: number; hits: Record<string, number> } => JSON.parse(readFileSync(join(d, 'coverage.json'), 'utf8')) as { runs: number; hits: Record<string, number> };
    const [c1, c2, cm] = [cov(dirs[0]!), cov(dirs[1]!), cov(merged)];
    expect(cm.runs).toBe(c1.runs + c2.runs);
    for (const bin of new Set([...Object.keys(c1.hits), ...Object.keys(c2.hits)])) expect(cm.hits[bin], bin).toBe((c1.hits[bin] ?? 0) + (c2.hits[bin] ?? 0));
    await expectJenkinsValid(join(merged, 'junit.xml'), (why) => ctx.skip(why));
    // Judged on the whole: these two scenarios do not hit every bin.
    const req = await regress(['merge', '--out', merged, '--require-coverage', ...dirs]);
    expect(req.code).toBe(1);
    expect(req.out).toMatch(/--require-coverage: \d+ bin\(s\) unhit over all shards/);
    // A missing shard fails the merge and is named; the same shard twice is refused.
    const half = await regress(['merge', '--out', merged, dirs[0]!]);
    expect(half.code).toBe(1);
    expect(half.out).toContain('shard 2/2 of --scenarios wrap,intx --seeds 1..3');
    const twice = await regress(['merge', '--out', merged, dirs[0]!, dirs[0]!]);
    expect(twice.code).toBe(2);
    expect(twice.out).toMatch(/was already given by/);
  }, 120_000);

  it('rejects bad arguments with exit code 2', async () => {
    expect((await regress(['--seeds', '5..1'])).code).toBe(2);
    expect((await regress(['--scenarios', 'nosuch'])).code).toBe(2);
    expect((await regress(['--shard', '3/2'])).code).toBe(2);
    // DUT options with no co-simulation job would run no RTL: refused, not silently model-only.
    const dut = await regress(['--scenarios', 'model', '--width', '256']);
    expect(dut.code).toBe(2);
    expect(dut.out).toMatch(/--width is for co-simulation jobs but --scenarios "model" has none/);
    expect((await regress(['merge', '--out', mkdtempSync(join(tmpdir(), 'regress-'))])).code).toBe(2);
  }, 60_000);
});

describe('co-sim jobs', () => {
  it('a folder of user test files runs on the reference RTL: the run says so, JUnit names configuration and cause, Jenkins-valid', async (ctx) => {
    // Two test files outside the repository: the example test, and the same with a wrong expectation.
    const dir = mkdtempSync(join(tmpdir(), 'regress-tests-'));
    const example = readFileSync(join(ROOT, 'tb/cosim/examples/first-test.ts'), 'utf8').replace("'../test-api.js'", JSON.stringify(join(ROOT, 'tb/cosim/test-api.js')));
    expect(example).toContain('got.length !== sent.length');
    writeFileSync(join(dir, 'a-pass.ts'), example);
    writeFileSync(join(dir, 'b-fail.ts'), example.replace('got.length !== sent.length', 'got.length !== sent.length + 1'));
    writeFileSync(join(dir, 'c-helper.ts'), 'export const notAScenario = 1;\n');
    const out = mkdtempSync(join(tmpdir(), 'regress-'));
    const r = await spawnAsync(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', '--scenarios', `${dir}/`, '--seeds', '1', '--timeout', '500', '--out', out], 560_000);
    const text = r.stdout + r.stderr;
    expect(r.code, text).toBe(1);
    expect(text.split('\n')[0]).toContain('3 co-simulation jobs on virtio_net_pcie (reference RTL) w64 compare exact');
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    const [pass, fail, helper] = junit.children;
    expect(cases(junit).map((c) => c.attrs.classname)).toEqual(['a-pass', 'b-fail', 'c-helper'].map((n) => `virtio-cosim.virtio_net_pcie.w64.default.exact.${join(dir, n).replace(/[^A-Za-z0-9_+=-]/g, '_')}_ts`));
    expect(props(pass!)).toMatchObject({ mode: 'cosim', seed: '1', top: 'virtio_net_pcie', rtl: 'reference', width: '64', defines: 'none', compare: 'exact', transport: expect.any(String) });
    expect(cases(junit)[0]!.children.map((c) => c.name)).toEqual(['system-out']);
    // The reason is the test's own error from the summary, not a zero count or usage text.
    const failure = fail!.children.find((c) => c.name === 'testcase')!.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe('exit code 1: driver error: Error: first-test: received 8 frames, sent 8');
    // A file the command refuses is an error (the job could not run), named by its cause without the usage pointer.
    const refused = helper!.children.find((c) => c.name === 'testcase')!.children.find((c) => c.name === 'error')!;
    expect(refused.attrs.message).toMatch(/^exit code 2: scenario file \S+c-helper\.ts: exports no scenario \(export default \{[^}]*\}\)$/);
    await expectJenkinsValid(join(out, 'junit.xml'), (why) => ctx.skip(why));
  }, 600_000);

  it('run scripts/cosim.ts per job: non-zero exit is a failure with its output as report and wave paths as artifacts', async () => {
    // A stand-in runner in a scratch tree: diverges on odd seeds, mentions a waves file.
    const root = mkdtempSync(join(tmpdir(), 'regress-cosim-'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'scripts', 'cosim.ts'), [
      "const seed = Number(process.argv[process.argv.indexOf('--seed') + 1]);",
      "console.log('co-sim summary: 1200 cycles');",
      'if (seed % 2) {',
      "  console.log('DIVERGENCE at cycle 4242: tx_wr_req Length 4 vs 8');",
      "  console.log('waves: waves/out/fake-' + seed + '.vcd');",
      '  process.exit(1);',
      '}',
    ].join('\n'));
    const { finished } = await runPool(allJobs(['cosim:smoke'], [1, 2]), { jobs: 2, timeoutMs: 30_000, jobOptions: { width: 64 }, root });
    const [odd, even] = finished;
    expect(odd.result.status).toBe('fail');
    expect(odd.result.failure).toBe('exit code 1: DIVERGENCE at cycle 4242: tx_wr_req Length 4 vs 8');
    expect(odd.result.artifacts).toEqual(['waves/out/fake-1.vcd']);
    expect(odd.result.report).toContain('waves: waves/out/fake-1.vcd');
    expect(odd.reproduce).toBe('npx tsx scripts/cosim.ts --scenario smoke --seed 1 --width 64');
    expect(even.result.status).toBe('pass');
    expect(even.result.cycles).toBe(1200);
  }, 60_000);
});
