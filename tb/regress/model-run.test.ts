import { describe, expect, it } from 'vitest';
import { runModelJob } from './model-run.js';

describe('model jobs', () => {
  it('a job gives the same result alone or after other jobs in the same worker process', () => {
    const alone = runModelJob({ scenario: 'wrap', seed: 12 }).result;
    runModelJob({ scenario: 'msix-mask', seed: 3 });
    runModelJob({ scenario: 'cpl-fault', seed: 2 });
    const after = runModelJob({ scenario: 'wrap', seed: 12 }).result;
    expect(alone.status).toBe('pass');
    expect({ ...after, ms: 0 }).toEqual({ ...alone, ms: 0 });
  });

  it('a failing scenario becomes a fail result with its error, not an exception', () => {
    const r = runModelJob({ scenario: 'traffic', seed: 2, break: 'tx-corrupt' }).result;
    expect(r.status).toBe('fail');
    expect(r.failure).toMatch(/^ScenarioError: .*TX frame: #2 /); // the frame index is seed mod 7
    expect(r.coverage).toEqual({});
    expect(runModelJob({ scenario: 'nosuch', seed: 1 }).result.failure).toMatch(/UnknownScenarioError/);
  });
});
