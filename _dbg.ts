import { runTraffic } from './tb/scenarios/traffic.js';
import { ModelHarness } from './tb/scenarios/harness.js';
const orig = ModelHarness.prototype.run;
let last: any;
ModelHarness.prototype.run = function (n: number) { last = this; return orig.call(this, n); };
try { runTraffic({ seed: Number(process.argv[2]), frames: Number(process.argv[3] ?? 300), maxCycles: 1e8 }); console.log('ok'); } catch (e) {
  console.log((e as Error).message);
  const m = last.model as any;
  const q = m.queues[0];
  console.log({ frames: q.rxFrames.length, bufs: q.rxBufs.map((b: any) => b.writableBytes), empty: q.rxEmpty, notifyOn: q.notifyOn, rechecked: q.rechecked, fetching: q.ring.fetching, nextAvail: q.ring.nextAvail, wrap: q.ring.availWrapCounter, size: q.ring.queueSize, stats: m.stats.rxFrames });
}
