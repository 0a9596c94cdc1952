import { describe, expect, it } from 'vitest';
import { MAIN_JOB_SCENARIOS, SCENARIOS } from '../tb/cosim/scenarios.js';
import { MAIN_JOB_COMMAND } from './main-job.js';

describe('the main job\'s default scenarios', () => {
  it('traffic and ctrl first, then every other scenario (registers, config, interrupts, resets too)', () => {
    expect(MAIN_JOB_COMMAND.options.scenarios.default).toEqual([...MAIN_JOB_SCENARIOS]);
    expect(MAIN_JOB_SCENARIOS.slice(0, 2)).toEqual(['traffic', 'ctrl']);
    const names = SCENARIOS.map((s) => s.name);
    for (const n of MAIN_JOB_SCENARIOS) expect(names).toContain(n);
    expect(new Set(MAIN_JOB_SCENARIOS).size).toBe(MAIN_JOB_SCENARIOS.length);
    expect([...MAIN_JOB_SCENARIOS].sort()).toEqual([...names].sort());
  });
});
