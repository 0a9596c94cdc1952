// The timed model's trace, pinned: these hashes (FNV-1a over every output event, cycle, channel
// and bytes: tb/scenarios/harness.ts) were recorded before the speed work of issue 15
// (docs/model-speed.md). A change that makes the model faster must leave every one unchanged; a
// deliberate change of behaviour updates them in the same commit and says why.
// Updated in session 5 (issue 11 soak): a notify reaches the engine kickToCandidate = 3 cycles
// after the model takes it (was 4), and a failed completion is timed from when the read engine
// takes it (docs/soak.md, exact level).
import { describe, expect, it } from 'vitest';
import { runTrafficAsync, type TrafficOptions } from './traffic.js';

const RUNS: Array<{ name: string; o: TrafficOptions; hash: number }> = [
  { name: 'seed 1, seeded features and shapes', o: { seed: 1, frames: 150 }, hash: 0x2f1404b7 },
  { name: 'seed 2, seeded features and shapes', o: { seed: 2, frames: 150 }, hash: 0x7ffc4e52 },
  { name: 'seed 3, TX only, bursts of 16', o: { seed: 3, frames: 150, direction: 'tx', txBurst: 16 }, hash: 0x7f60bb45 },
  { name: 'seed 5, chained and indirect buffers', o: { seed: 5, frames: 150, driver: { shapes: ['chained', 'indirect'] } }, hash: 0x26b2275d },
];

describe('timed model trace (issue 15: faster, byte for byte the same)', () => {
  for (const r of RUNS) {
    it(r.name, async () => {
      const got = await runTrafficAsync(r.o);
      expect(got.harness.eventCount).toBeGreaterThan(500);
      expect(got.traceHash).toBe(r.hash);
    }, 60_000);
  }
});
