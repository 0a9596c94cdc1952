import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ProgressWatch, requestCapMs, sampleProcess, type ProcessSample } from './progress.js';

/** A scripted server: each check sees the next sample. */
function scripted(samples: Array<ProcessSample | undefined>): () => ProcessSample | undefined {
  let i = 0;
  return () => samples[Math.min(i++, samples.length - 1)];
}

describe('ProgressWatch (request watchdog)', () => {
  it('a server that keeps using CPU is never failed before the cap, however slow', () => {
    let ticks = 0;
    const w = new ProgressWatch(1000, 60_000, () => ({ ticks: (ticks += 1), running: false }), 0);
    let now = 0;
    for (let i = 0; i < 50; i++) {
      now += 1000;
      const v = w.check(now);
      expect(v).toEqual({ wait: 1000 });
    }
    expect(w.check(60_000)).toEqual({ fail: 'cap' });
  });

  it('a runnable server starved of CPU (state R, no new ticks) counts as alive', () => {
    const w = new ProgressWatch(1000, 60_000, () => ({ ticks: 7, running: true }), 0);
    expect(w.check(1000)).toEqual({ wait: 1000 });
    expect(w.check(5000)).toEqual({ wait: 1000 });
  });

  it('a sleeping server with no CPU time for a whole window is stalled', () => {
    const w = new ProgressWatch(1000, 60_000, scripted([{ ticks: 5, running: false }]), 0);
    expect(w.check(1000)).toEqual({ fail: 'stalled' });
  });

  it('the window restarts at the last progress seen', () => {
    const w = new ProgressWatch(1000, 60_000, scripted([{ ticks: 5, running: false }, { ticks: 6, running: false }, { ticks: 6, running: false }]), 0);
    expect(w.check(1000)).toEqual({ wait: 1000 }); // ticks 5 -> 6 at t = 1000
    expect(w.check(1500)).toEqual({ wait: 500 });
    expect(w.check(2000)).toEqual({ fail: 'stalled' });
  });

  it('without a process to look at, the window is wall-clock time', () => {
    const w = new ProgressWatch(1000, 60_000, () => undefined, 0);
    expect(w.check(999)).toEqual({ wait: 1 });
    expect(w.check(1000)).toEqual({ fail: 'stalled' });
  });

  it('the cap is at least 5 minutes and 10 windows', () => {
    expect(requestCapMs(1500)).toBe(300_000);
    expect(requestCapMs(60_000)).toBe(600_000);
  });

  it('sampleProcess reads a live process and reports a gone one as undefined', async () => {
    const child = spawn('sleep', ['30']);
    try {
      const s = sampleProcess(child.pid);
      expect(s).toBeDefined();
      expect(Number.isInteger(s!.ticks)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(sampleProcess(child.pid)).toBeUndefined();
  });
});
