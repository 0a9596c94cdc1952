// Every test file. vitest's worker RPC (onTaskUpdate, 60 s timeout) needs the worker's event loop:
// a synchronous stretch longer than that fails the run with `Timeout calling "onTaskUpdate"`, and
// so does any other unhandled error (vitest's default; nothing is ignored). Co-simulation is
// synchronous inside one run (the driver blocks on the simulator), so runCosim gives the event loop
// a turn before and after each run (tb/cosim/runner.ts). VITEST_LOOP_STALLS=1 prints, per file, the
// longest time the event loop did not turn: the measure of that risk.
import { afterAll, expect } from 'vitest';

if (process.env.VITEST_LOOP_STALLS) {
  const s = { max: 0, test: '' };
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    if (now - last > s.max) {
      s.max = now - last;
      s.test = expect.getState().currentTestName ?? '(between tests)';
    }
    last = now;
  }, 50);
  tick.unref();
  afterAll(() => {
    process.stderr.write(`[loop-stall] ${expect.getState().testPath ?? '?'}: longest stretch without an event-loop turn ${(s.max / 1000).toFixed(1)} s (ending in "${s.test}")\n`);
  });
}
