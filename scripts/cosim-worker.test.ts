// The co-sim worker regress runs its jobs on: a run on a reused simulator is the run on a fresh
// one (every transaction of both sides, cycle for cycle), and the worker process keeps going
// past a simulator killed between jobs and past a bad job line.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { descendants } from '../tb/cosim/interrupt.js';
import { DEFAULT_LOOKAHEAD, runCosim, type RunConfig } from '../tb/cosim/runner.js';
import { SyncRtl } from '../tb/cosim/rtl-sync.js';
import { describeEvent } from '../tb/cosim/scoreboard.js';
import { JOB_END_PREFIX } from '../tb/regress/protocol.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every transaction both sides emitted, with its cycle, and the run's figures. */
async function transcript(cfg: Omit<RunConfig, 'trace'>): Promise<{ events: string[]; cycles: number; ok: boolean }> {
  const events: string[] = [];
  const r = await runCosim({ ...cfg, trace: (side, ev) => events.push(`${side} @${ev.cycle} ${describeEvent(ev)}`) });
  return { events, cycles: r.cycles, ok: r.ok };
}

function simServers(pid: number): number[] {
  return descendants(pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sim-server';
    } catch {
      return false;
    }
  });
}

describe('co-sim worker', () => {
  it('a run on a simulator that ran another scenario first is the run on a fresh one', async () => {
    const base = { seed: 3, width: 64 as const, defines: [], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false };
    const fresh = await transcript({ ...base, scenario: 'msix-load' });
    const rtl = await SyncRtl.create({ width: 64, defines: [], trace: false });
    try {
      await runCosim({ ...base, scenario: 'traffic', seed: 2, rtl });
      const reused = await transcript({ ...base, scenario: 'msix-load', rtl });
      expect(fresh.ok).toBe(true);
      expect(fresh.events.length).toBeGreaterThan(50);
      expect(reused.cycles).toBe(fresh.cycles);
      expect(reused.events).toEqual(fresh.events);
    } finally {
      rtl.close();
    }
  }, 600_000);

  it('runs job after job; a simulator killed between jobs is replaced; a bad line is exit 2; input end closes everything', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cosim-worker.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    /** Sends a job line; resolves with that job's output and exit code. */
    const job = async (line: string): Promise<{ text: string; code: number }> => {
      const from = out.length;
      child.stdin!.write(`${line}\n`);
      for (;;) {
        const i = out.indexOf(JOB_END_PREFIX, from);
        const nl = i < 0 ? -1 : out.indexOf('\n', i);
        if (nl >= 0) return { text: out.slice(from, i), code: Number(out.slice(i + JOB_END_PREFIX.length, nl)) };
        if (child.exitCode !== null) throw new Error(`worker exited: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const args = JSON.stringify(['--scenario', 'msix-load', '--seed', '3', '--no-waves', '--regress-result']);
    const a = await job(args);
    expect(a.code, a.text).toBe(0);
    expect(a.text).toMatch(/^REGRESS-RESULT .*"status":"pass"/m);
    const [first] = simServers(child.pid!);
    expect(first).toBeDefined();
    process.kill(first!, 'SIGKILL');
    const b = await job(args);
    expect(b.code, b.text).toBe(0);
    const cycles = (t: string): string | undefined => /cycles simulated\s+(\d+)/.exec(t)?.[1];
    expect(cycles(b.text)).toBe(cycles(a.text));
    expect(simServers(child.pid!)).not.toContain(first);
    const bad = await job('{"scenario":"traffic"}');
    expect(bad.code).toBe(2);
    expect(bad.text).toMatch(/is not a JSON array of strings/);
    const usage = await job(JSON.stringify(['--sed', '3']));
    expect(usage.code).toBe(2);
    child.stdin!.end();
    expect(await exited).toBe(0);
    expect(simServers(child.pid!)).toEqual([]);
  }, 600_000);
});
