// `make bench` in its small mode (--quick): a real co-simulation over ZeroMQ ipc, TCP loopback and
// named pipes (one short run each against the cached 64-bit Verilator build), the functional core
// and the timed model; the last lines are the RESULT lines, in order, each a number in range.
// The functional core's digest is pinned: recorded before the speed work of issue 15.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { coreBench } from './bench-core.js';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { timeout: 900_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('scripts/bench.ts', () => {
  it('--quick ends with the five RESULT lines, in order, each in range', async () => {
    const r = await run(['--quick']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.join('\n')).toMatch(/same RTL outputs in every run: yes; model and RTL agree/);
    const tail = lines.slice(-5);
    const names = ['cosim_zmq_ratio', 'cosim_fifo_ratio', 'cosim_tcp_ratio', 'model_desc_per_s', 'model_timed_desc_per_s'];
    tail.forEach((l, i) => expect(l).toMatch(new RegExp(`^RESULT ${names[i]}=\\d+(\\.\\d+)?$`)));
    const v = tail.map((l) => Number(l.split('=')[1]));
    for (const ratio of v.slice(0, 3)) expect(ratio > 0 && ratio <= 1).toBe(true);
    expect(v[3]).toBeGreaterThan(v[4]); // the untimed core does less than the timed model per descriptor
    expect(lines.slice(0, -5).some((l) => l.startsWith('RESULT'))).toBe(false);
  }, 900_000);

  it('a bad option is one line and exit 2', async () => {
    const r = await run(['--core-frames', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});

describe('functional core bench (scripts/bench-core.ts)', () => {
  it('checks every used entry and frame; digests as before the speed work', () => {
    const got = ([['TX', 64], ['TX', 1500], ['RX', 64], ['RX', 1500]] as const).map(([d, l]) => coreBench(d, l, 600));
    for (const g of got) expect(g.descriptors).toBe(600);
    expect(got.map((g) => g.digest)).toEqual(['74dc4dc5', '9203fe65', '239aa985', '5869c49d']);
  });
});
