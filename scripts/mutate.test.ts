import { describe, expect, it } from 'vitest';
import { mutateMain, parseSuite } from './mutate.js';
import { DEFAULT_SUITE, mainJobSuite } from '../tb/mutate/run.js';
import { MAIN_JOB_SCENARIOS } from '../tb/cosim/scenarios.js';

const MAIN_JOB_SUITE = mainJobSuite(64);

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
    expect(new Set(all.map((r) => `${r.scenario}:${r.seed}@${r.backpressure ?? 0}/${r.width ?? 64}`)).size).toBe(all.length);
    expect(all.length).toBeLessThan(MAIN_JOB_SUITE.length + DEFAULT_SUITE.length);
    expect(all.some((r) => r.scenario === 'traffic' && r.backpressure === 0.4)).toBe(true);
  });

  it('/W: a run at another TLP width; main-job is the main job\'s seeds 1..4 at width 64, then at 256', () => {
    expect(parseSuite(['traffic:1..2/256', 'ctrl:3@0.3/256', 'ctrl:1/64'])).toEqual([
      { scenario: 'traffic', seed: 1, width: 256 }, { scenario: 'traffic', seed: 2, width: 256 },
      { scenario: 'ctrl', seed: 3, backpressure: 0.3, width: 256 }, { scenario: 'ctrl', seed: 1 },
    ]);
    expect(() => parseSuite(['traffic:1/128'])).toThrow(/"traffic:1\/128"/);
    // At --width 256 a run at 256 carries no width and one at 64 does: the same runs, named once.
    expect(parseSuite(['traffic:1/256', 'traffic:1', 'traffic:1/64'], [], 256)).toEqual([{ scenario: 'traffic', seed: 1 }, { scenario: 'traffic', seed: 1, width: 64 }]);
    const main = parseSuite(['main-job']);
    expect(main).toHaveLength(2 * 4 * MAIN_JOB_SCENARIOS.length);
    const first256 = main.findIndex((r) => r.width === 256);
    expect(first256).toBe(4 * MAIN_JOB_SCENARIOS.length);
    expect(main.slice(0, first256).every((r) => r.width === undefined)).toBe(true);
    expect(main.slice(first256).every((r) => r.width === 256 && r.seed >= 1 && r.seed <= 4)).toBe(true);
    expect(new Set(main.slice(first256).map((r) => r.scenario))).toEqual(new Set(MAIN_JOB_SCENARIOS));
    // The default suite ends with the main job's width-256 runs, none of them at the DUT's width.
    expect(parseSuite(['default'], DEFAULT_SUITE).filter((r) => r.width === 256)).toHaveLength(4 * MAIN_JOB_SCENARIOS.length);
    expect(parseSuite(['default'], DEFAULT_SUITE, 256).some((r) => r.width !== undefined)).toBe(false);
  });

  it('exits 2 on a bad option value, 0 on --list (nothing built)', async () => {
    expect(await mutateMain(['--suite', 'nope'])).toBe(2);
    expect(await mutateMain(['--count', '0'])).toBe(2);
    expect(await mutateMain(['--list', '--count', '3', '--seed', '5'])).toBe(0);
  });
});
