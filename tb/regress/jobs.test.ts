import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS as COSIM_SCENARIOS } from '../cosim/scenarios.js';
import { allJobs, isCosim, JobSpecError, parseScenarios, parseSeeds, parseShard, reproduceCommand, shardJobs, shellQuote } from './jobs.js';
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

  it('groups: model = the model-only scenarios, cosim = the co-simulation ones, all = both; cosim:NAME kept', () => {
    const model = MODEL_SCENARIOS.map((s) => s.name);
    expect(parseScenarios('model')).toEqual(model);
    expect(parseScenarios('cosim', ['bringup', 'traffic'])).toEqual(['cosim:bringup', 'cosim:traffic']);
    expect(parseScenarios('all', ['bringup', 'traffic'])).toEqual(['cosim:bringup', 'cosim:traffic', ...model]);
    expect(parseScenarios('all').filter(isCosim).length).toBe(COSIM_SCENARIOS.length);
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

  it('a folder of test files is one co-simulation scenario per file (sorted, .d.ts left out); a file is one', () => {
    const root = mkdtempSync(join(tmpdir(), 'regress-files-'));
    mkdirSync(join(root, 'tests'));
    for (const f of ['b.ts', 'a.mjs', 'types.d.ts', 'notes.md']) writeFileSync(join(root, 'tests', f), '');
    mkdirSync(join(root, 'tests', 'sub.ts'));
    const files = { cwd: root, root };
    expect(parseScenarios('./tests/,wrap', ['bringup'], files)).toEqual(['tests/a.mjs', 'tests/b.ts', 'wrap']);
    expect(parseScenarios('tests/b.ts', ['bringup'], files)).toEqual(['tests/b.ts']);
    // outside the root: absolute
    expect(parseScenarios('./tests/b.ts', ['bringup'], { cwd: root, root: join(root, 'elsewhere') })).toEqual([join(root, 'tests', 'b.ts')]);
    expect(['tests/a.mjs', 'tests/b.ts'].every(isCosim)).toBe(true);
    expect(() => parseScenarios('./nope/', ['bringup'], files)).toThrow(/--scenarios path "\.\/nope\/" does not exist/);
    expect(() => parseScenarios('tests/notes.md', ['bringup'], files)).toThrow(/is not a test file/);
    mkdirSync(join(root, 'empty'));
    expect(() => parseScenarios('empty/', ['bringup'], files)).toThrow(/holds no test file/);
    expect(reproduceCommand({ scenario: 'tests/b.ts', seed: 4 }, { compare: 'spec', transport: 'fifo' })).toBe('npx tsx scripts/cosim.ts --scenario tests/b.ts --seed 4 --compare spec --transport fifo');
  });

  it('reproduce commands name the script, scenario, seed and options', () => {
    expect(reproduceCommand({ scenario: 'wrap', seed: 7 }, { break: 'tx-corrupt' })).toBe('npx tsx tb/regress/model-job.ts --scenario wrap --seed 7 --break tx-corrupt');
    expect(reproduceCommand({ scenario: 'cosim:smoke', seed: 3 }, { width: 256, defines: 'BUG_X BUG_Y' })).toBe("npx tsx scripts/cosim.ts --scenario smoke --seed 3 --width 256 --defines 'BUG_X BUG_Y'");
    expect(reproduceCommand({ scenario: 'cosim:wrap', seed: 2 }, { compare: 'spec', timing: 'warn' })).toBe('npx tsx scripts/cosim.ts --scenario wrap --seed 2 --compare spec --timing warn');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
