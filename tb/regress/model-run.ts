// Run one model-only job in this process and describe it as a JobResult (protocol.ts).
// Never throws for a failing scenario: the failure goes into the result.

import { Probe } from './probe.js';
import type { JobResult } from './protocol.js';
import { modelScenario, type BreakKind } from './scenarios.js';

export interface ModelJob {
  scenario: string;
  seed: number;
  break?: BreakKind;
}

export function runModelJob(job: ModelJob): { result: JobResult; output: string[] } {
  const output: string[] = [];
  const log = (l: string): void => {
    output.push(l);
  };
  const t0 = performance.now();
  const probe = new Probe();
  const base = { scenario: job.scenario, seed: job.seed, artifacts: [] as string[] };
  log(`job ${job.scenario} seed ${job.seed}${job.break ? ` break ${job.break}` : ''}`);
  try {
    const s = modelScenario(job.scenario);
    const o = s.run({ seed: job.seed, probe, break: job.break, log });
    log('PASS');
    const compared: Record<string, number> = { ...o.compared };
    return { result: { ...base, status: 'pass', cycles: o.cycles, compared, coverage: probe.cov.snapshot(), ms: Math.round(performance.now() - t0) }, output };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const failure = `${err.name}: ${err.message}`.split('\n')[0];
    const report = [`scenario ${job.scenario} seed ${job.seed}${job.break ? ` (break ${job.break})` : ''} failed`, '', err.stack ?? failure].join('\n');
    log(`FAIL ${failure}`);
    // Failed jobs contribute no coverage: only what was checked to be right counts.
    return { result: { ...base, status: 'fail', cycles: 0, compared: {}, coverage: {}, failure, report, ms: Math.round(performance.now() - t0) }, output };
  }
}
