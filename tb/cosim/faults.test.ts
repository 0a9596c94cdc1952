// Simulator faults and signals, on real processes: the main job (scripts/main-job.ts) is spawned,
// its Verilator server is killed, stopped or crashed, or the job itself gets Ctrl-C / SIGTERM.
// Each case: the real cause in one line, the summary so far, the exit code, an elapsed bound, and
// no server process, ipc socket or FIFO folder left behind.
import { descendants } from './interrupt.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RtlBridgeError } from './rtl-sync.js';
import { startRtl } from './rtl.js';
import { formatSummary, runCosim } from './runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** From the fault to the exit: the watchdog's 200 ms exit grace, SHUTDOWN waits, a loaded machine. */
const EXIT_BOUND_MS = 30_000;

interface Job {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

function spawnJob(script: string, args: string[], env: Record<string, string> = {}): Job {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor<T>(what: string, f: () => T | undefined | false, ms = 240_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function serverOf(pid: number): number | undefined {
  return descendants(pid).find((d) => {
    try {
      return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'sim-server';
    } catch {
      return false;
    }
  });
}

/** Gone, or a zombie waiting for init to reap it (it runs nothing and holds nothing). */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** ipc sockets and FIFO folders that process `pid` created in the temp dir. */
function leftovers(pid: number): string[] {
  const tmp = os.tmpdir();
  const socks = existsSync(path.join(tmp, 'virtio-cosim'))
    ? readdirSync(path.join(tmp, 'virtio-cosim')).filter((f) => f.startsWith(`sim-${pid}-`))
    : [];
  const fifos = readdirSync(tmp).filter((f) => f.startsWith(`virtio-cosim-fifo-${pid}-`));
  return [...socks, ...fifos];
}

/** Node processes of the command (the supervisor's child does the run: tb/cosim/interrupt.ts). */
function nodesOf(pid: number): number[] {
  return [pid, ...descendants(pid).filter((d) => {
    try {
      return readFileSync(`/proc/${d}/comm`, 'utf8').trim().startsWith('node');
    } catch {
      return false;
    }
  })];
}

/** Starts the main job and waits until its first run has finished (the server is live). */
async function mainJobRunning(env: Record<string, string> = {}): Promise<{ job: Job; server: number; nodes: number[] }> {
  const job = spawnJob('scripts/main-job.ts', [], env);
  await waitFor('the first run of the main job', () => /seed 1 .*AGREE/.test(job.out()) || job.child.exitCode !== null);
  const server = await waitFor('the simulator process', () => serverOf(job.child.pid!), 30_000);
  return { job, server, nodes: nodesOf(job.child.pid!) };
}

async function expectClean(nodes: number[], server: number): Promise<void> {
  await waitFor('the server to go', () => gone(server), 10_000);
  for (const n of nodes) expect(leftovers(n)).toEqual([]);
}

/** The job's last stderr line. */
function lastLine(job: Job): string {
  return job.err().trim().split('\n').at(-1) ?? '';
}

describe('simulator faults end in one line, the summary so far, and no leftovers', () => {
  for (const transport of ['zmq', 'fifo'] as const) {
    it(`kill -9 of the server over ${transport}: "killed by SIGKILL at cycle N", exit 1`, async () => {
      const { job, server, nodes } = await mainJobRunning({ COSIM_TRANSPORT: transport });
      process.kill(server, 'SIGKILL');
      const t = Date.now();
      const end = await job.exited;
      expect(end.at - t).toBeLessThan(EXIT_BOUND_MS);
      expect(end.code).toBe(1);
      expect(lastLine(job)).toMatch(new RegExp(`^main-job: simulator process ${server} was killed by SIGKILL at cycle \\d+ \\(during .+\\)$`));
      expect(job.out()).toMatch(/summary \(of the runs so far\)[\s\S]*result: SIMULATOR FAULT/);
      expect(job.err()).not.toMatch(/\n\s+at /); // no stack trace
      await expectClean(nodes, server);
    }, 300_000);
  }

  it('SIGSTOP then kill -9: the kill is the cause, not a timeout', async () => {
    const { job, server, nodes } = await mainJobRunning();
    process.kill(server, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(server, 'SIGKILL');
    const t = Date.now();
    const end = await job.exited;
    expect(end.at - t).toBeLessThan(EXIT_BOUND_MS);
    expect(end.code).toBe(1);
    expect(lastLine(job)).toMatch(new RegExp(`^main-job: simulator process ${server} was killed by SIGKILL at cycle \\d+`));
    await expectClean(nodes, server);
  }, 300_000);

  for (const transport of ['zmq', 'fifo'] as const) {
    it(`a hung server (SIGSTOP) over ${transport} is killed by the watchdog, named as stopped`, async () => {
      const { job, server, nodes } = await mainJobRunning({ COSIM_TRANSPORT: transport, COSIM_WATCHDOG_MS: '1500' });
      process.kill(server, 'SIGSTOP');
      const t = Date.now();
      const end = await job.exited;
      expect(end.at - t).toBeLessThan(EXIT_BOUND_MS);
      expect(end.code).toBe(1);
      expect(lastLine(job)).toMatch(new RegExp(`^main-job: simulator process ${server} stopped answering: .* no progress for 1500 ms \\(stopped by a signal.*\\); killed by the watchdog at cycle \\d+$`));
      expect(job.out()).toMatch(/result: SIMULATOR FAULT/);
      await expectClean(nodes, server);
    }, 300_000);
  }

  it('a server that aborts (SIGABRT, as $fatal or a failed assertion does) over fifo', async () => {
    const { job, server, nodes } = await mainJobRunning({ COSIM_TRANSPORT: 'fifo' });
    process.kill(server, 'SIGABRT');
    const end = await job.exited;
    expect(end.code).toBe(1);
    expect(lastLine(job)).toMatch(new RegExp(`^main-job: simulator process ${server} was killed by SIGABRT at cycle \\d+`));
    await expectClean(nodes, server);
  }, 300_000);

  it('Ctrl-C while the run waits on a server that does not answer: at once, not after the 60 s watchdog', async () => {
    const { job, server, nodes } = await mainJobRunning();
    process.kill(server, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 500));
    job.child.kill('SIGINT');
    const t = Date.now();
    const end = await job.exited;
    expect(end.at - t).toBeLessThan(EXIT_BOUND_MS); // the watchdog window is 60 s
    expect(end.code).toBe(130);
    expect(job.out()).toMatch(/result: INTERRUPTED by SIGINT/);
    await expectClean(nodes, server);
  }, 300_000);

  for (const [transport, sig, code] of [['zmq', 'SIGINT', 130], ['fifo', 'SIGINT', 130], ['zmq', 'SIGTERM', 143], ['fifo', 'SIGTERM', 143]] as const) {
    it(`${sig} to the main job over ${transport}: summary so far, exit ${code}, nothing left`, async () => {
      const { job, server, nodes } = await mainJobRunning({ COSIM_TRANSPORT: transport });
      job.child.kill(sig);
      const t = Date.now();
      const end = await job.exited;
      expect(end.at - t).toBeLessThan(EXIT_BOUND_MS);
      expect(end.code).toBe(code);
      expect(job.out()).toMatch(new RegExp(`summary \\(of the runs so far\\)[\\s\\S]*result: INTERRUPTED by ${sig}`));
      expect(job.err()).not.toMatch(/Error|\n\s+at /);
      await expectClean(nodes, server);
    }, 300_000);
  }
});

describe('one co-simulation run (scripts/cosim.ts)', () => {
  /** Starts the command and waits for its simulator (start-up or run: both must end cleanly). */
  async function cosimRunning(env: Record<string, string> = {}): Promise<{ job: Job; server: number; nodes: number[] }> {
    const job = spawnJob('scripts/cosim.ts', ['--scenario', 'traffic', '--seed', '2'], env);
    const server = await waitFor('the simulator process', () => serverOf(job.child.pid!) ?? (job.child.exitCode !== null ? -1 : undefined));
    expect(server, job.out() + job.err()).toBeGreaterThan(0);
    return { job, server, nodes: nodesOf(job.child.pid!) };
  }

  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${sig}: exit ${code}, the summary so far or one line, nothing left`, async () => {
      const { job, server, nodes } = await cosimRunning({ COSIM_TRANSPORT: 'fifo' });
      job.child.kill(sig);
      const t = Date.now();
      const end = await job.exited;
      expect(end.at - t).toBeLessThan(EXIT_BOUND_MS);
      expect(end.code, job.out() + job.err()).toBe(code);
      // Inside the run: its summary; before it (start-up): one line. Never a stack trace.
      expect(job.out() + job.err()).toMatch(new RegExp(`result: INTERRUPTED|cosim: interrupted by ${sig}`));
      expect(job.err()).not.toMatch(/\n\s+at /);
      await expectClean(nodes, server);
    }, 300_000);
  }

  it('kill -9 of its server: one line naming it, exit 1, nothing left', async () => {
    const { job, server, nodes } = await cosimRunning();
    process.kill(server, 'SIGKILL');
    const end = await job.exited;
    expect(end.code).toBe(1);
    expect(lastLine(job)).toMatch(new RegExp(`^virtio-cosim cosim: simulator process ${server} was killed by SIGKILL at cycle \\d+ \\(during .+\\)$`));
    await expectClean(nodes, server);
  }, 300_000);
});

describe('a simulator that cannot start is one typed line', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-bin-'));
  const script = path.join(dir, 'not-a-server');
  writeFileSync(script, '#!/bin/sh\necho "this is not a simulator" >&2\nexit 3\n');
  chmodSync(script, 0o755);
  const plain = path.join(dir, 'plain-file');
  writeFileSync(plain, 'not a program\n');
  chmodSync(plain, 0o644);

  for (const transport of ['zmq', 'fifo'] as const) {
    it(`over ${transport}: a file that is not executable, and a program that is not the server`, async () => {
      const e1 = await startRtl({ width: 64, defines: [], trace: false, transport, bin: plain }).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(RtlBridgeError);
      expect((e1 as RtlBridgeError).kind).toBe('spawn');
      expect((e1 as RtlBridgeError).message).toBe(`cannot start the simulator ${plain}: not executable (EACCES)`);
      const e2 = await startRtl({ width: 64, defines: [], trace: false, transport, bin: script }).catch((e: unknown) => e);
      expect(e2).toBeInstanceOf(RtlBridgeError);
      expect((e2 as RtlBridgeError).kind).toBe('crashed');
      expect((e2 as RtlBridgeError).message).toMatch(/^simulator process \d+ exited with code 3 at cycle 0 \(during (HELLO|start-up over fifos)\)$/);
      expect((e2 as RtlBridgeError).stderrTail.join('\n')).toMatch(/this is not a simulator/);
      expect(leftovers(process.pid)).toEqual([]);
    }, 120_000);
  }
});

describe('the divergence report survives waves that cannot be written', () => {
  // preflight off: the divergence comes from the run (the BAR sizing check would refuse this DUT at start).
  const cfg = { scenario: 'bringup', seed: 1, width: 64 as const, defines: ['BROKEN_RO_CONFIG_WRITABLE'], lookahead: 32, preflight: false };

  it('a waves folder that cannot exist: report printed, one line why, not ok', async () => {
    const r = await runCosim({ ...cfg, wavesDir: '/dev/null/waves' });
    expect(r.divergence).not.toBeNull();
    expect(r.report).toMatch(/mismatch/);
    expect(r.wavePath).toBeNull();
    expect(r.wavesError).toMatch(/^the waves could not be written: .*ENOTDIR/);
    expect(r.ok).toBe(false);
    expect(formatSummary(r)).toMatch(/waves: the waves could not be written: .*\n\s+result: DIVERGED/);
  }, 300_000);

  it('a waves file the simulator cannot open: report printed, the server refusal named', async () => {
    const first = await runCosim({ ...cfg, wavesOnDivergence: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-waves-'));
    try {
      // The file name taken by a folder: the server's open fails.
      mkdirSync(path.join(dir, `bringup-1-${first.divergence!.cycle}.vcd`));
      const r = await runCosim({ ...cfg, wavesDir: dir });
      expect(r.report).toBe(first.report);
      expect(r.wavesError).toMatch(/^the waves could not be written: RTL simulator "wavesStart" failed/);
      expect(r.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
