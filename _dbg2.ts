import { runTraffic } from './tb/scenarios/traffic.js';
import { VirtioNetModel } from './model/net/device.js';
const seen: number[] = [];
const origDeliver = (VirtioNetModel.prototype as any).deliver;
(VirtioNetModel.prototype as any).deliver = function (c: any, frame: Uint8Array, lens: number[]) { (globalThis as any).lastModel = this; seen.push(frame[14] | (frame[15] << 8)); if (process.env.V) console.log('deliver', frame[14] | (frame[15] << 8), lens, this.now); return origDeliver.call(this, c, frame, lens); };
const origPump = (VirtioNetModel.prototype as any).receiveFrame;
(VirtioNetModel.prototype as any).receiveFrame = function (frame: Uint8Array) { if (process.env.V) console.log('arrive', frame[14] | (frame[15] << 8), this.now); return origPump.call(this, frame); };
try { runTraffic({ seed: Number(process.argv[2]), frames: 300 }); console.log('ok'); } catch (e) { console.log((e as Error).message); }
for (let i = 1; i < seen.length; i++) if (seen[i] !== seen[i - 1] + 1) console.log('gap at', i, seen[i - 1], seen[i]);
console.log(seen.length, (globalThis as any).lastModel?.stats);
