// The job protocol between the regression and its children. A child runs one (scenario, seed)
// job, prints whatever it likes, and ends with exactly one line
//
//   REGRESS-RESULT {"scenario":"traffic","seed":7,"status":"fail",...}
//
// (JSON: this is one line per job, not a hot path). `--serve` workers (model-job.ts) print one
// such line per job they are handed; co-sim workers (scripts/cosim-worker.ts) print a job's
// output as scripts/cosim.ts does, then `REGRESS-JOB-END <exit code>`. Anything else the child printed is the job's output.

import type { BinHits } from './coverage.js';

export const RESULT_PREFIX = 'REGRESS-RESULT ';
/** A co-sim worker (scripts/cosim-worker.ts) ends each job's output with this line and the job's exit code. */
export const JOB_END_PREFIX = 'REGRESS-JOB-END ';

export type JobStatus = 'pass' | 'fail' | 'timeout' | 'error';

export interface JobResult {
  scenario: string;
  seed: number;
  status: JobStatus;
  /** Simulated cycles of the run (0 when unknown). */
  cycles: number;
  /** What the run compared or checked, by kind (frames, TLPs, events...). */
  compared: Record<string, number>;
  /** Coverage bin hits of this job (coverage.ts bin names). */
  coverage: BinHits;
  /** One line: what failed (absent on pass). */
  failure?: string;
  /** The full divergence / failure report (absent on pass). */
  report?: string;
  /** Files the job produced (waves, reports), paths as the child printed them. */
  artifacts: string[];
  /** Wall-clock milliseconds the job took (measured by whoever ran it). */
  ms: number;
}

export class ProtocolError extends Error {
  constructor(field: string, value: unknown, reason: string) {
    super(`job protocol: ${field} ${JSON.stringify(value)?.slice(0, 200)} ${reason}`);
    this.name = 'ProtocolError';
  }
}

export function formatResult(r: JobResult): string {
  return RESULT_PREFIX + JSON.stringify(r);
}

const STATUSES: readonly JobStatus[] = ['pass', 'fail', 'timeout', 'error'];

/** Parse one result line (with the prefix); checks every field's type. */
export function parseResult(line: string): JobResult {
  if (!line.startsWith(RESULT_PREFIX)) throw new ProtocolError('line', line, `does not start with "${RESULT_PREFIX.trim()}"`);
  let o: unknown;
  try {
    o = JSON.parse(line.slice(RESULT_PREFIX.length));
  } catch {
    throw new ProtocolError('result JSON', line, 'does not parse');
  }
  const r = o as Partial<JobResult>;
  if (typeof r !== 'object' || r === null) throw new ProtocolError('result', o, 'is not an object');
  if (typeof r.scenario !== 'string') throw new ProtocolError('scenario', r.scenario, 'is not a string');
  if (!Number.isInteger(r.seed)) throw new ProtocolError('seed', r.seed, 'is not an integer');
  if (!STATUSES.includes(r.status as JobStatus)) throw new ProtocolError('status', r.status, `is not one of ${STATUSES.join('|')}`);
  if (typeof r.cycles !== 'number') throw new ProtocolError('cycles', r.cycles, 'is not a number');
  if (typeof r.compared !== 'object' || r.compared === null) throw new ProtocolError('compared', r.compared, 'is not an object');
  if (typeof r.coverage !== 'object' || r.coverage === null) throw new ProtocolError('coverage', r.coverage, 'is not an object');
  if (!Array.isArray(r.artifacts)) throw new ProtocolError('artifacts', r.artifacts, 'is not an array');
  return { ms: 0, ...r } as JobResult;
}

/** The last result line in a child's output, and everything before it. */
export function splitOutput(text: string): { result: JobResult | null; output: string } {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith(RESULT_PREFIX)) {
      return { result: parseResult(lines[i]), output: lines.slice(0, i).join('\n') };
    }
  }
  return { result: null, output: text };
}
