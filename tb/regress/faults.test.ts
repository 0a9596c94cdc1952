// The regression under faults: a timeout past Node's timer limit, the failure line of a child
// that crashed or was called wrongly, and Ctrl-C (real processes: scripts/regress.ts as a child).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allJobs } from './jobs.js';
import { failureLine, MAX_TIMER_MS, runPool } from './pool.js';
import { parseXml } from './xml-check.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function descendants(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      for (const k of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number)) out.push(k, ...descendants(k));
    }
  } catch {
    // gone
  }
  return out;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Gone, or a zombie waiting for init to reap it. */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('regress faults', () => {
  it('a timeout longer than Node\'s timer can hold does not fire at once (--timeout 3000000)', async () => {
    const ms = 3_000_000 * 1000;
    expect(ms).toBeGreaterThan(MAX_TIMER_MS);
    const { finished } = await runPool(allJobs(['traffic'], [1]), { jobs: 1, timeoutMs: ms, jobOptions: {}, root: ROOT });
    expect(finished[0]!.result.status).toBe('pass');
  }, 120_000);

  it('the failure line is the cause, never Node\'s source line, a stack frame or usage text', () => {
    const uncaught = [
      'file:///repo/tb/cosim/rtl-sync.ts:153',
      '    if (!r.ok) throw new RtlBridgeError(req.op, r.error);',
      '                ^',
      '',
      'RtlBridgeError: RTL simulator "step" failed: SimulatorError: connection closed',
      '    at SyncRtl.call (file:///repo/tb/cosim/rtl-sync.ts:153:22)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(failureLine(uncaught)).toBe('RtlBridgeError: RTL simulator "step" failed: SimulatorError: connection closed');
    const usage = 'cosim: --sed is not an option (did you mean --seed?)\nusage: npx tsx scripts/cosim.ts --scenario NAME\n  --defines A,B   error injection defines\n(try cosim --help)\n';
    expect(failureLine(usage)).toBe('cosim: --sed is not an option (did you mean --seed?)');
    const fault = 'co-simulation traffic seed 1\n  result: SIMULATOR FAULT\ncosim: simulator process 77 was killed by SIGKILL at cycle 900 (during ADVANCE to cycle 1000)\n';
    expect(failureLine(fault)).toBe('cosim: simulator process 77 was killed by SIGKILL at cycle 900 (during ADVANCE to cycle 1000)');
    // A co-simulation summary: the cause is the row that reports something, never a row counting zero.
    const summary = (extra: string): string => ['co-simulation first-test seed 1, TLP_DATA_WIDTH 64, lookahead 128, compare=exact, build x',
      '  cycles simulated            25106', '  divergences                     0', '  host rule violations            0', extra,
      '  timing error (rtl - model): mean -0.32, max |1|, outside tolerance -2..+4 0 (timing=fail)', '  result: DIVERGED'].join('\n');
    expect(failureLine(summary('  driver error: Error: first-test: received 8 frames, sent 8'))).toBe('driver error: Error: first-test: received 8 frames, sent 8');
    expect(failureLine(`DIVERGENCE (payload) at cycle 812 on tx_wr_req, ordering domain "q0"\n  model ...\n${summary('  driver error: Error: later')}`)).toBe('DIVERGENCE (payload) at cycle 812 on tx_wr_req, ordering domain "q0"');
    expect(failureLine(summary('  ring-rule violations            2  (warnings 0)  used id 7 twice'))).toBe('ring-rule violations            2  (warnings 0)  used id 7 twice');
    expect(failureLine('virtio-cosim cosim: --device: vendor_id "x" is not a number (see virtio-cosim cosim --help)\n')).toBe('virtio-cosim cosim: --device: vendor_id "x" is not a number');
    expect(failureLine('scenario file t/h.ts: exports no scenario (export default { name, run }) (see virtio-cosim cosim --help)\n')).toBe('scenario file t/h.ts: exports no scenario (export default { name, run })');
  });

  it('an output folder or JUnit file that cannot be written is one line, exit 2 (no stack trace)', async () => {
    // Asynchronous: a synchronous wait here would block this test worker past vitest's 60 s RPC timeout.
    const run = (args: string[]): Promise<{ code: number | null; err: string }> => new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', '--scenarios', 'traffic', '--seeds', '1', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
      const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
      child.on('close', (code) => { clearTimeout(timer); resolve({ code, err }); });
    });
    const a = await run(['--out', '/etc/passwd/x']);
    expect(a.code).toBe(2);
    expect(a.err).toBe('virtio-cosim regress: cannot create folder /etc/passwd/x: ENOTDIR (not a directory)\n');
    const b = await run(['--out', mkdtempSync(join(tmpdir(), 'regress-full-')), '--junit', '/dev/full']);
    expect(b.code).toBe(2);
    expect(b.err).toBe('virtio-cosim regress: cannot write /dev/full: ENOSPC (no space left on device, write)\n');
  }, 200_000);

  it('a co-sim job past --timeout: its worker group is stopped (no simulator left), the job is `timeout`, the next job gets a new worker', async () => {
    // ring-laps is the longest run per seed (about 150,000 cycles: some 80 ms of raw Verilator alone),
    // so 50 ms cannot be enough however fast the machine (traffic at 1 s once passed on a quiet one).
    const { finished } = await runPool(allJobs(['cosim:ring-laps'], [1, 2]), { jobs: 1, timeoutMs: 50, jobOptions: {}, root: ROOT });
    expect(finished.map((f) => f.result.status)).toEqual(['timeout', 'timeout']);
    expect(finished[0]!.result.failure).toBe('timeout after 0.05 s');
    // Every worker (and its simulator) is gone once runPool returns.
    const left = descendants(process.pid).filter((p) => comm(p) === 'sim-server' && !gone(p));
    expect(left).toEqual([]);
  }, 120_000);

  it('a DUT that does not build: JUnit with one failing testcase naming the build failure, the summary, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regress-build-'));
    writeFileSync(join(dir, 'bad_top.sv'), 'module bad_top(input wire clk);\n  assign x = ;\nendmodule\n');
    const out = join(dir, 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', '--scenarios', 'cosim:bringup', '--seeds', '1..3', '--top', 'bad_top', '--rtl', join(dir, 'bad_top.sv'), '--out', out], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.stdout!.resume();
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code, err).toBe(1);
    const last = err.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^virtio-cosim regress: building the simulator failed: .*syntax error/);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    const cases = parseXml(xml).children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(cases).toHaveLength(1);
    expect(cases[0]!.children.map((c) => c.name)).toContain('error');
    expect(xml).toMatch(/building the simulator failed: .*syntax error/);
    const summary = readFileSync(join(out, 'summary.txt'), 'utf8');
    expect(summary).toMatch(/== build failed \(no job ran: 3 planned\)\nbuilding the simulator failed/);
  }, 300_000);

  it('Ctrl-C stops the remaining co-sim jobs, kills the running one, writes the JUnit of what ran, exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'regress-int-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/regress.ts', '--scenarios', 'cosim:traffic', '--seeds', '1..60', '--jobs', '1', '--out', out], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { text += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { text += d; });
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    // Wait for a co-sim job's simulator, i.e. a job in the middle of its run.
    let server: number | undefined;
    let nodes: number[] = [];
    for (const end = Date.now() + 240_000; !server && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 100));
      const d = descendants(child.pid!);
      server = d.find((p) => comm(p) === 'sim-server');
      nodes = d.filter((p) => comm(p).startsWith('node'));
    }
    expect(server, text).toBeDefined();
    child.kill('SIGINT');
    const t = Date.now();
    const code = await exited;
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(code, text).toBe(130);
    expect(text).toMatch(/regress: interrupted by SIGINT: \d+ of 60 jobs ran \(JUnit written\)/);
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    const all = junit.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(all).toHaveLength(60);
    const skipped = all.filter((c) => c.children.some((x) => x.name === 'skipped'));
    expect(skipped.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/interrupted by SIGINT/);
    for (const end = Date.now() + 15_000; !gone(server!) && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
    expect(gone(server!)).toBe(true);
    const socks = existsSync(join(tmpdir(), 'virtio-cosim')) ? readdirSync(join(tmpdir(), 'virtio-cosim')) : [];
    for (const n of nodes) {
      expect(socks.filter((f) => f.startsWith(`sim-${n}-`))).toEqual([]);
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`virtio-cosim-fifo-${n}-`))).toEqual([]);
    }
  }, 300_000);
});
