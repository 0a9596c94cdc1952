import { runTraffic } from './tb/scenarios/traffic.js';
import { VirtioNetModel } from './model/net/device.js';
const P = VirtioNetModel.prototype as any;
for (const name of ['onEmpty', 'onBuffer', 'kick']) {
  const o = P[name];
  P[name] = function (q: any, b: any) { const c = this.queues[0]; if ((q.queueIndex ?? q.ring?.queueIndex) === 0) console.log(this.now, name, 'nextAvail', c?.ring.nextAvail, 'wrap', c?.ring.availWrapCounter, 'rechecked', c?.rechecked, 'frames', c?.rxFrames.length, 'bufs', c?.rxBufs.length); return o.call(this, q, b); };
}
try { runTraffic({ seed: Number(process.argv[2]), frames: 300 }); console.log('ok'); } catch (e) { console.log((e as Error).message); }
