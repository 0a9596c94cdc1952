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
  const r = await spawnAsync(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', ...args], 170_000);
  return { code: r.code, out: r.stdout + r.stderr };
}

const cases = (root: XmlElement): XmlElement[] => root.children.flatMap((s) => s.children);

describe('regress CLI', () => {
  it('50 seeds x every model-only scenario with --jobs 2: all pass, valid JUnit, every coverage bin hit', async () => {
    const out = mkdtempSync(join(tmpdir(), 'regress-'));
    const r = await regress(['--scenarios', 'all', '--seeds', '1..50', '--jobs', '2', '--out', out, '--require-coverage']);
    expect(r.code, r.out).toBe(0);
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(junit.children.map((s) => s.attrs.name)).toEqual(MODEL_SCENARIOS.map((s) => s.name));
    expect(cases(junit).length).toBe(50 * MODEL_SCENARIOS.length);
    expect(junit.attrs).toMatchObject({ failures: '0', errors: '0', skipped: '0' });
    expect(r.out).toContain(`${BINS.length}/${BINS.length} bins hit`);
    expect(r.out).not.toContain('✗');
    expect(r.out).toMatch(/^total\s+350\s+350\s+0\s+0\s+0\s/m);
    expect(r.out).toContain('[350/350] pass 350 fail 0');
  }, 180_000);

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
    const err = cases(parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')))[0].children[0];
    expect(err.name).toBe('error');
    expect(err.attrs.type).toBe('timeout');
  }, 60_000);

  it('shards 1/2 and 2/2 together run every job once', async () => {
    const names = async (shard: string): Promise<string[]> => {
      const out = mkdtempSync(join(tmpdir(), 'regress-'));
      expect((await regress(['--scenarios', 'wrap,intx', '--seeds', '1..3', '--shard', shard, '--out', out])).code).toBe(0);
      const root = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
      return root.children.flatMap((s) => s.children.map((c) => `${s.attrs.name} ${c.attrs.name}`));
    };
    const a = await names('1/2');
    const b = await names('2/2');
    expect(a.filter((x) => b.includes(x))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(['intx', 'wrap'].flatMap((s) => [1, 2, 3].map((n) => `${s} seed ${n}`)).sort());
  }, 60_000);

  it('rejects bad arguments with exit code 2', async () => {
    expect((await regress(['--seeds', '5..1'])).code).toBe(2);
    expect((await regress(['--scenarios', 'nosuch'])).code).toBe(2);
    expect((await regress(['--shard', '3/2'])).code).toBe(2);
  }, 30_000);
});

describe('co-sim jobs', () => {
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
