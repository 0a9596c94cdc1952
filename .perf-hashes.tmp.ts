// Trace hashes for a set of seeds: compare before/after optimisation.
import { runTraffic } from './tb/scenarios/traffic.js';
const out: string[] = [];
for (const seed of [1, 2, 3, 77, 78, 1234, 99, 5]) {
  const r = runTraffic({ seed, frames: 200 });
  out.push(`${seed}:${r.traceHash.toString(16)}/${r.harness.eventCount}`);
}
for (const seed of [11, 12]) {
  const r = runTraffic({ seed, frames: 150, driver: { features: undefined, shapes: ['single', 'chained', 'indirect'] } });
  out.push(`${seed}c:${r.traceHash.toString(16)}/${r.harness.eventCount}`);
}
console.log(out.join(' '));
