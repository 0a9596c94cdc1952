// The short fuzz run of `make test`: a couple of seconds per target (the full run is `make fuzz`).
// The seed changes with the day, so repeated runs cover new cases; a failure names its seed.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../model/util/prng.js';
import { fuzzTargetAsync, formatFailure, isAllowed, runCase } from './fuzz.js';
import { TARGETS, type FuzzTarget } from './targets.js';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 2);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Date.now() / 86_400_000) * 1000);

describe('fuzz (short run)', () => {
  for (const t of TARGETS) {
    it(`${t.name}: no untyped error in ${SECONDS} s from seed ${SEED}`, async () => {
      const r = await fuzzTargetAsync(t, { seed: SEED, ms: SECONDS * 1000 });
      expect(r.failure === null ? '' : formatFailure(r.failure)).toBe('');
      expect(r.cases).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('fuzz harness', () => {
  const thrower = (e: Error): FuzzTarget => ({ name: 'x', what: 'x', allowed: [RangeError], run: () => { throw e; } });
  it('an allowed error class is a refusal, anything else a failure naming the seed', () => {
    expect(runCase(thrower(new RangeError('r')), 5)).toEqual({ refused: true, failure: null });
    const f = runCase(thrower(new TypeError('boom')), 7).failure!;
    expect(f.seed).toBe(7);
    expect(formatFailure(f)).toMatch(/^FAIL x: seed 7: TypeError: boom\n {2}reproduce: .*--target x --seed 7 --cases 1/);
    expect(isAllowed(thrower(new Error('e')), new Error('e'))).toBe(false);
  });
  it('the same seed gives the same case', () => {
    const seen: number[] = [];
    const t: FuzzTarget = { name: 'y', what: 'y', allowed: [], run: (rng: Prng) => { seen.push(rng.u32()); } };
    runCase(t, 42);
    runCase(t, 42);
    runCase(t, 43);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
  });
});
