import { describe, expect, it } from 'vitest';
import { MAIN_JOB_SUITE, mutateMain, parseSuite } from './mutate.js';
import { DEFAULT_SUITE } from '../tb/mutate/run.js';

describe('virtio-cosim mutate command line', () => {
  it('parses NAME[:SEED] suite items and refuses unknown scenarios', () => {
    expect(parseSuite(['ctrl:3', 'bringup'])).toEqual([{ scenario: 'ctrl', seed: 3 }, { scenario: 'bringup', seed: 1 }]);
    expect(() => parseSuite(['nope:1'])).toThrow(/"nope:1"/);
    expect(parseSuite(['traffic:2@0.4', 'ctrl@0'])).toEqual([{ scenario: 'traffic', seed: 2, backpressure: 0.4 }, { scenario: 'ctrl', seed: 1 }]);
    expect(() => parseSuite(['traffic:2@1.5'])).toThrow(/0 <= P < 1/);
    expect(() => parseSuite(['ctrl:x'])).toThrow(/"ctrl:x"/);
  });

  it('seed ranges, the main job, the default suite; a run named twice runs once', () => {
    expect(parseSuite(['traffic:1..3'])).toEqual([1, 2, 3].map((seed) => ({ scenario: 'traffic', seed })));
    expect(() => parseSuite(['traffic:3..1'])).toThrow(/"traffic:3\.\.1"/);
    const main = parseSuite(['ctrl:2', 'main-job']);
    expect(main[0]).toEqual({ scenario: 'ctrl', seed: 2 });
    expect(main).toHaveLength(MAIN_JOB_SUITE.length);
    for (const s of ['traffic', 'ctrl', 'bringup', 'reg-access', 'host-edge', 'isr-intx', 'queue-reset', 'ctrl-shapes', 'reset-traffic']) expect(main.some((r) => r.scenario === s)).toBe(true);
    const all = parseSuite(['main-job', 'default'], DEFAULT_SUITE);
    expect(new Set(all.map((r) => `${r.scenario}:${r.seed}@${r.backpressure ?? 0}`)).size).toBe(all.length);
    expect(all.length).toBeLessThan(MAIN_JOB_SUITE.length + DEFAULT_SUITE.length);
    expect(all.some((r) => r.scenario === 'traffic' && r.backpressure === 0.4)).toBe(true);
  });

  it('exits 2 on a bad option value, 0 on --list (nothing built)', async () => {
    expect(await mutateMain(['--suite', 'nope'])).toBe(2);
    expect(await mutateMain(['--count', '0'])).toBe(2);
    expect(await mutateMain(['--list', '--count', '3', '--seed', '5'])).toBe(0);
  });
});
