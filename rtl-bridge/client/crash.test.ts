// A simulator that crashes by itself: the stand-in DUT built with TEST_FATAL_AT=3000 stops with
// $fatal in cycle 3000 (Verilator aborts). Both transports name the real cause in one line.
import { beforeAll, describe, expect, it } from 'vitest';
import { BuildFailed, buildServer, FifoSimulator, SimulatorCrashed, startSimulator } from './index.js';

const FATAL = { top: 'test' as const, defines: ['TEST_FATAL_AT=3000'] };

describe('a simulator that hits $fatal', () => {
  let bin: string;
  beforeAll(async () => { bin = await buildServer(FATAL); }, 600_000);

  it('over ZeroMQ: SimulatorCrashed "was killed by SIGABRT", the $fatal text in the stderr tail', async () => {
    const sim = await startSimulator({ ...FATAL, bin });
    try {
      await sim.reset();
      const err = await sim.advanceTo(10_000, { batch: 1000, depth: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimulatorCrashed);
      const c = err as SimulatorCrashed;
      expect(c.message).toMatch(new RegExp(`^simulator process ${sim.proc!.child.pid} was killed by SIGABRT at cycle 3000 \\(during ADVANCE to cycle \\d+\\)$`));
      expect(c.stderrTail.join('\n')).toMatch(/TEST_FATAL_AT = 3000 reached/);
      // Every later call names the same cause.
      await expect(sim.advanceTo(20_000)).rejects.toBe(err);
    } finally {
      await sim.close();
    }
  }, 120_000);

  it('over FIFOs: the same line, read from /proc while the thread is blocked', () => {
    const fifo = new FifoSimulator({ bin });
    try {
      fifo.reset();
      fifo.step([], 1000);
      let err: unknown;
      try {
        for (let c = 2000; c <= 10_000; c += 1000) fifo.step([], c);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SimulatorCrashed);
      expect((err as Error).message).toMatch(new RegExp(`^simulator process ${fifo.proc.child.pid} was killed by SIGABRT at cycle 3000 \\(during ADVANCE to cycle 4000\\)$`));
      expect((err as SimulatorCrashed).stderrTail.join('\n')).toMatch(/TEST_FATAL_AT = 3000 reached/);
    } finally {
      fifo.close();
    }
  }, 120_000);

  it('a build that fails is one line naming the first error, the log tail kept apart', async () => {
    const err = await buildServer({ top: 'test', defines: ['TEST_FATAL_AT=no_such_signal'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildFailed);
    const first = (err as BuildFailed).message.split('\n')[0]!;
    expect(first).toMatch(/^building the simulator failed: .*%Error.*no_such_signal/);
    expect((err as BuildFailed).stderrTail.length).toBeGreaterThan(0);
  }, 600_000);
});
