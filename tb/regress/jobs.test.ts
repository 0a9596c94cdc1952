import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allJobs, JobSpecError, parseScenarios, parseSeeds, parseShard, reproduceCommand, shardJobs, shellQuote } from './jobs.js';
import { MODEL_SCENARIOS } from './scenarios.js';

describe('sharding', () => {
  it('shards 1..n of any job list are disjoint and together cover it exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), (nScen, nSeeds, n) => {
        const jobs = allJobs(Array.from({ length: nScen }, (_, i) => `s${i}`), Array.from({ length: nSeeds }, (_, i) => i * 3 + 1));
        const seen = new Map<string, number>();
        for (let i = 1; i <= n; i++) {
          for (const j of shardJobs(jobs, { i, n })) {
            const k = `${j.scenario}/${j.seed}`;
            seen.set(k, (seen.get(k) ?? 0) + 1);
          }
        }
        expect(seen.size).toBe(jobs.length);
        for (const c of seen.values()) expect(c).toBe(1);
        // Balanced: shard sizes differ by at most one.
        const sizes = Array.from({ length: n }, (_, i) => shardJobs(jobs, { i: i + 1, n }).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the partition is the same on every machine (depends only on the arguments)', () => {
    const a = shardJobs(allJobs(['x', 'y'], [1, 2, 3]), { i: 2, n: 3 });
    const b = shardJobs(allJobs(['x', 'y'], [1, 2, 3]), { i: 2, n: 3 });
    expect(a).toEqual(b);
  });

  it('rejects bad shard specs', () => {
    for (const s of ['0/2', '3/2', '1/0', '1', 'a/b']) expect(() => parseShard(s)).toThrow(JobSpecError);
    expect(parseShard('2/4')).toEqual({ i: 2, n: 4 });
  });
});

describe('arguments', () => {
  it('parses seed ranges and lists', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('9,1,5')).toEqual([1, 5, 9]);
    expect(parseSeeds('1..3,2,10')).toEqual([1, 2, 3, 10]);
    for (const bad of ['', '5..1', 'x', '1..', '-3']) expect(() => parseSeeds(bad)).toThrow(/--seeds/);
  });

  it('expands all to every model-only scenario and keeps cosim:NAME', () => {
    expect(parseScenarios('all')).toEqual(MODEL_SCENARIOS.map((s) => s.name));
    expect(parseScenarios('traffic,cosim:bringup,traffic')).toEqual(['traffic', 'cosim:bringup']);
    // A co-sim name is checked here, not reported later as a job failure with a usage text.
    expect(() => parseScenarios('cosim:nope')).toThrow(/cosim:nope.*is not a co-simulation scenario/);
    expect(() => parseScenarios('nosuch')).toThrow(/nosuch/);
    expect(() => parseScenarios('cosim:a b')).toThrow(JobSpecError);
  });

  it('with the co-simulation scenario names, a cosim:NAME naming none of them is refused up front', () => {
    expect(parseScenarios('wrap,cosim:traffic', ['bringup', 'traffic'])).toEqual(['wrap', 'cosim:traffic']);
    expect(() => parseScenarios('cosim:nope', ['bringup', 'traffic'])).toThrow(/"cosim:nope" is not a co-simulation scenario \(cosim:bringup, cosim:traffic\)/);
  });

  it('reproduce commands name the script, scenario, seed and options', () => {
    expect(reproduceCommand({ scenario: 'wrap', seed: 7 }, { break: 'tx-corrupt' })).toBe('npx tsx tb/regress/model-job.ts --scenario wrap --seed 7 --break tx-corrupt');
    expect(reproduceCommand({ scenario: 'cosim:smoke', seed: 3 }, { width: 256, defines: 'BUG_X BUG_Y' })).toBe("npx tsx scripts/cosim.ts --scenario smoke --seed 3 --width 256 --defines 'BUG_X BUG_Y'");
    expect(reproduceCommand({ scenario: 'cosim:wrap', seed: 2 }, { compare: 'spec', timing: 'warn' })).toBe('npx tsx scripts/cosim.ts --scenario wrap --seed 2 --compare spec --timing warn');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
