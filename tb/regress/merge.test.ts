import { describe, expect, it } from 'vitest';
import type { RunLabel } from './junit.js';
import { mergeRuns, parseResultsFile, RESULTS_FORMAT, ResultsFileError, type RunRecord } from './merge.js';

const LABEL: RunLabel = { top: 'virtio_net_pcie', rtl: 'reference', width: 64, defines: '', compare: 'exact', timing: 'fail', transport: 'zmq' };

function run(shard: { i: number; n: number } | null, seeds: number[], coverage: Record<string, number> = {}, key = 'k1'): RunRecord {
  return {
    plan: { key, description: '--scenarios wrap --seeds 1..4', shard, jobs: 4 },
    label: LABEL,
    finished: seeds.map((seed) => ({
      spec: { scenario: 'wrap', seed, index: seed - 1 },
      result: { scenario: 'wrap', seed, status: 'pass' as const, cycles: 1, compared: {}, coverage: {}, artifacts: [], ms: 5 },
      output: '', reproduce: `npx tsx tb/regress/model-job.ts --scenario wrap --seed ${seed}`,
    })),
    skipped: [], coverage, interrupted: null,
  };
}

describe('results.json', () => {
  it('reads back what a run writes', () => {
    const r = run({ i: 1, n: 2 }, [1, 3], { 'chain.1': 2 });
    expect(parseResultsFile('a/results.json', JSON.stringify({ format: RESULTS_FORMAT, runs: [r] })).runs[0]).toEqual(r);
  });

  it('a broken file is one typed error naming the file and the field', () => {
    const good = run(null, [1]);
    const bad: [unknown, RegExp][] = [
      ['{', /^a\/results\.json: content "\{" is not JSON/],
      [{ format: 'other' }, /format "other" is not virtio-cosim-regress-results\/1/],
      [{ format: RESULTS_FORMAT, runs: [{ ...good, plan: { ...good.plan, shard: { i: 3, n: 2 } } }] }, /runs\[0\]\.plan\.shard \{"i":3,"n":2\} is not null or/],
      [{ format: RESULTS_FORMAT, runs: [{ ...good, label: { ...LABEL, width: 128 } }] }, /runs\[0\]\.label/],
      [{ format: RESULTS_FORMAT, runs: [{ ...good, finished: [{ ...good.finished[0], result: { ...good.finished[0]!.result, status: 'maybe' } }] }] }, /runs\[0\]\.finished\[0\]\.result .*status "maybe"/],
    ];
    for (const [content, re] of bad) {
      const text = typeof content === 'string' ? content : JSON.stringify(content);
      expect(() => parseResultsFile('a/results.json', text)).toThrow(ResultsFileError);
      expect(() => parseResultsFile('a/results.json', text)).toThrow(re);
    }
  });
});

describe('mergeRuns', () => {
  it('joins shards: every case once, coverage added up, nothing missing', () => {
    const m = mergeRuns([{ file: 'a', run: run({ i: 1, n: 2 }, [1, 3], { 'chain.1': 2 }) }, { file: 'b', run: run({ i: 2, n: 2 }, [2, 4], { 'chain.1': 5, intx: 1 }) }]);
    expect(m.cases.map((c) => c.spec.seed)).toEqual([1, 3, 2, 4]);
    expect(m.coverage).toEqual({ 'chain.1': 7, intx: 1 });
    expect(m.missing).toEqual([]);
  });

  it('names a missing shard; refuses a shard twice and a different split of the same plan', () => {
    expect(mergeRuns([{ file: 'a', run: run({ i: 1, n: 3 }, [1, 4]) }]).missing).toEqual(['shard 2/3 of --scenarios wrap --seeds 1..4', 'shard 3/3 of --scenarios wrap --seeds 1..4']);
    expect(() => mergeRuns([{ file: 'a', run: run({ i: 1, n: 2 }, [1]) }, { file: 'b', run: run({ i: 1, n: 2 }, [1]) }])).toThrow(/b: plan .* was already given by a/);
    expect(() => mergeRuns([{ file: 'a', run: run({ i: 1, n: 2 }, [1]) }, { file: 'b', run: run({ i: 2, n: 3 }, [2]) }])).toThrow(/shard "2\/3" does not split the job list as a does/);
    // Another plan (another configuration) merges beside it.
    expect(mergeRuns([{ file: 'a', run: run(null, [1, 2, 3, 4]) }, { file: 'b', run: run(null, [1, 2, 3, 4], {}, 'k2') }]).cases).toHaveLength(8);
  });
});
