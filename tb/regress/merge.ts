// What a regress run leaves for `regress merge`: `results.json` in its output folder, holding the
// run's plan (which job list, which shard of it), its configuration label, every job's result,
// the jobs it did not start, and its coverage. `regress merge` reads several of these (one per
// shard, or earlier merges), checks that no shard is missing or given twice, and joins them.
// (JSON: one file per run, read once; not a hot path.)

import { mergeHits, type BinHits } from './coverage.js';
import type { JobSpec } from './jobs.js';
import type { JunitCase, RunLabel } from './junit.js';
import type { Finished } from './pool.js';
import { formatResult, parseResult } from './protocol.js';

export const RESULTS_FORMAT = 'virtio-cosim-regress-results/1';

/** One regress run (one machine, one shard or the whole list). */
export interface RunRecord {
  plan: {
    /** Same key = same job list (scenarios, seeds, job options): shards of one regression. */
    key: string;
    /** What the plan is, for messages: `--scenarios X --seeds Y [options]`. */
    description: string;
    shard: { i: number; n: number } | null;
    /** Jobs in the whole (unsharded) list. */
    jobs: number;
  };
  label: RunLabel;
  finished: Finished[];
  skipped: (JobSpec & { reproduce: string; reason: string })[];
  coverage: BinHits;
  interrupted: string | null;
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  runs: RunRecord[];
}

export class ResultsFileError extends Error {
  constructor(file: string, field: string, value: unknown, reason: string) {
    super(`${file}: ${field} ${JSON.stringify(value)?.slice(0, 120)} ${reason}`);
    this.name = 'ResultsFileError';
  }
}

/** FNV-1a of a string, as 8 hex digits: a short stable key. */
export function planKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkSpec(file: string, where: string, s: unknown): void {
  if (!isObj(s) || typeof s.scenario !== 'string' || !Number.isInteger(s.seed) || !Number.isInteger(s.index)) throw new ResultsFileError(file, where, s, 'is not a job (scenario, seed, index)');
}

/** Parses and checks a results.json text; every error names the file and the field. */
export function parseResultsFile(file: string, text: string): ResultsFile {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new ResultsFileError(file, 'content', text.slice(0, 40), `is not JSON (${(e as Error).message})`);
  }
  if (!isObj(o) || o.format !== RESULTS_FORMAT) throw new ResultsFileError(file, 'format', isObj(o) ? o.format : o, `is not ${RESULTS_FORMAT}`);
  if (!Array.isArray(o.runs)) throw new ResultsFileError(file, 'runs', o.runs, 'is not an array');
  o.runs.forEach((r: unknown, n) => {
    const at = `runs[${n}]`;
    if (!isObj(r) || !isObj(r.plan) || typeof r.plan.key !== 'string' || typeof r.plan.description !== 'string' || !Number.isInteger(r.plan.jobs)) throw new ResultsFileError(file, `${at}.plan`, isObj(r) ? r.plan : r, 'is not a plan (key, description, jobs)');
    const sh = r.plan.shard;
    if (sh !== null && !(isObj(sh) && Number.isInteger(sh.i) && Number.isInteger(sh.n) && (sh.i as number) >= 1 && (sh.i as number) <= (sh.n as number))) throw new ResultsFileError(file, `${at}.plan.shard`, sh, 'is not null or {i, n} with 1 <= i <= n');
    if (!isObj(r.label) || typeof r.label.top !== 'string' || (r.label.width !== 64 && r.label.width !== 256) || typeof r.label.compare !== 'string') throw new ResultsFileError(file, `${at}.label`, r.label, 'is not a run label (top, width, compare ...)');
    if (!Array.isArray(r.finished)) throw new ResultsFileError(file, `${at}.finished`, r.finished, 'is not an array');
    r.finished.forEach((f: unknown, k) => {
      if (!isObj(f) || typeof f.output !== 'string' || typeof f.reproduce !== 'string') throw new ResultsFileError(file, `${at}.finished[${k}]`, f, 'is not a finished job (spec, result, output, reproduce)');
      checkSpec(file, `${at}.finished[${k}].spec`, f.spec);
      try {
        parseResult(formatResult(f.result as never));
      } catch (e) {
        throw new ResultsFileError(file, `${at}.finished[${k}].result`, f.result, (e as Error).message);
      }
    });
    if (!Array.isArray(r.skipped)) throw new ResultsFileError(file, `${at}.skipped`, r.skipped, 'is not an array');
    r.skipped.forEach((s: unknown, k) => checkSpec(file, `${at}.skipped[${k}]`, s));
    if (!isObj(r.coverage)) throw new ResultsFileError(file, `${at}.coverage`, r.coverage, 'is not an object');
  });
  return o as unknown as ResultsFile;
}

export interface Merged {
  runs: RunRecord[];
  cases: JunitCase[];
  finished: Finished[];
  skipped: (JobSpec & { reproduce: string })[];
  coverage: BinHits;
  /** Shards of a sharded plan that none of the inputs holds, one line each. */
  missing: string[];
}

/**
 * Joins runs. The same shard of a plan twice (or an unsharded plan twice) is refused (its jobs
 * would count twice); shards a plan lacks are listed in `missing`.
 */
export function mergeRuns(runs: readonly { file: string; run: RunRecord }[]): Merged {
  const byPlan = new Map<string, { file: string; run: RunRecord }[]>();
  for (const x of runs) {
    const l = byPlan.get(x.run.plan.key) ?? [];
    const sh = x.run.plan.shard;
    const twin = l.find((y) => (y.run.plan.shard === null || sh === null) || (y.run.plan.shard.i === sh.i && y.run.plan.shard.n === sh.n));
    if (twin) throw new ResultsFileError(x.file, 'plan', `${x.run.plan.description}${sh ? ` shard ${sh.i}/${sh.n}` : ''}`, `was already given by ${twin.file}`);
    const other = l.find((y) => y.run.plan.shard && sh && y.run.plan.shard.n !== sh.n);
    if (other) throw new ResultsFileError(x.file, 'shard', `${sh!.i}/${sh!.n}`, `does not split the job list as ${other.file} does (${other.run.plan.shard!.i}/${other.run.plan.shard!.n})`);
    l.push(x);
    byPlan.set(x.run.plan.key, l);
  }
  const missing: string[] = [];
  for (const l of byPlan.values()) {
    const sh = l[0]!.run.plan.shard;
    if (!sh) continue;
    for (let i = 1; i <= sh.n; i++) {
      if (!l.some((y) => y.run.plan.shard!.i === i)) missing.push(`shard ${i}/${sh.n} of ${l[0]!.run.plan.description}`);
    }
  }
  const cases: JunitCase[] = [];
  const finished: Finished[] = [];
  const skipped: (JobSpec & { reproduce: string })[] = [];
  for (const { run } of runs) {
    const all = [...run.finished.map((f) => ({ spec: f.spec, reproduce: f.reproduce, label: run.label, finished: f })),
      ...run.skipped.map((s) => ({ spec: { scenario: s.scenario, seed: s.seed, index: s.index }, reproduce: s.reproduce, label: run.label, skipReason: s.reason }))];
    cases.push(...all.sort((a, b) => a.spec.index - b.spec.index));
    finished.push(...run.finished);
    skipped.push(...run.skipped);
  }
  return { runs: runs.map((x) => x.run), cases, finished, skipped, coverage: runs.reduce((t: BinHits, x) => mergeHits(t, x.run.coverage), {}), missing };
}
