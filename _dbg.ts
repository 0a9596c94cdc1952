import { runTraffic } from '/work/main/tb/scenarios/traffic.js';
try { runTraffic({ seed: 3, frames: 20, maxCycles: 200000 }); console.log('ok'); } catch (e) { console.log((e as Error).message); }
