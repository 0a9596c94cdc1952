import { it } from 'vitest';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '/work/main/model/timing/profile.js';
import { ModelRtl } from '/work/main/tb/cosim/model-rtl.js';
import { runCosim, REFERENCE_RTL_MODEL } from '/work/main/tb/cosim/runner.js';
const fast: TimingProfile = { ...REFERENCE_RTL_PROFILE, latency: Object.fromEntries(Object.keys(REFERENCE_RTL_PROFILE.latency).map((k) => [k, 0])) as TimingProfile['latency'] };
it('dbg', async () => {
  for (const mg of [1, 8, Infinity]) {
    const r = await runCosim({ scenario: 'split-cpl', seed: 1, width: 64, defines: [], lookahead: 2, maxGrant: mg, wavesOnDivergence: false, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL, profile: fast }) });
    console.log(mg, r.ok, r.cycles, r.hostErrors.map(e => e.message).slice(0, 3), r.memoryDiffs, r.held, JSON.stringify(r.summary.compared));
  }
});
