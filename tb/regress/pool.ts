// Runs jobs in child processes, at most `jobs` at once, each with a timeout.
//  - model-only jobs go to long-lived `model-job.ts --serve` workers (one job at a time each), so
//    a job costs its run time, not a Node + tsx start-up;
//  - co-sim jobs run `scripts/cosim.ts` as a child each (its own process tree, killed as a group).
// A job that overruns its timeout has its process (group) killed and is reported as `timeout`.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCosim, jobArgs, reproduceCommand, type JobOptions, type JobSpec } from './jobs.js';
import { RESULT_PREFIX, parseResult, splitOutput, type JobResult } from './protocol.js';

export interface Finished {
  spec: JobSpec;
  result: JobResult;
  /** Everything the child printed for this job except the result line. */
  output: string;
  reproduce: string;
}

export interface PoolOptions {
  jobs: number;
  timeoutMs: number;
  jobOptions: JobOptions;
  /** Repository root (children run there). */
  root: string;
  failFast?: boolean;
  onStart?: (spec: JobSpec) => void;
  onDone?: (f: Finished) => void;
}

function blank(spec: JobSpec, status: JobResult['status'], failure: string, ms: number): JobResult {
  return { scenario: spec.scenario, seed: spec.seed, status, cycles: 0, compared: {}, coverage: {}, failure, report: failure, artifacts: [], ms };
}

/** Kill a child and, when it leads its own group, the whole group. */
function killTree(c: ChildProcess, group: boolean): void {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  try {
    if (group) process.kill(-c.pid, 'SIGKILL');
    else c.kill('SIGKILL');
  } catch {
    c.kill('SIGKILL');
  }
}

/** A `model-job.ts --serve` child. */
class ModelWorker {
  private readonly child: ChildProcess;
  private buf = '';
  private lines: string[] = [];
  private stderr = '';
  private waiting: ((r: { line: string | null; output: string }) => void) | null = null;
  dead = false;

  constructor(root: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'tb/regress/model-job.ts', '--serve'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => this.onData(d));
    this.child.stderr!.on('data', (d: string) => {
      this.stderr += d;
    });
    this.child.on('exit', () => {
      this.dead = true;
      this.finish(null);
    });
    this.child.stdin!.on('error', () => {
      this.dead = true;
    });
  }

  private onData(d: string): void {
    this.buf += d;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.startsWith(RESULT_PREFIX)) this.finish(line);
      else this.lines.push(line);
    }
  }

  private finish(line: string | null): void {
    const w = this.waiting;
    if (!w) return;
    this.waiting = null;
    const output = [...this.lines, ...(line === null && this.buf ? [this.buf] : []), ...(line === null && this.stderr ? ['---- stderr', this.stderr] : [])].join('\n');
    this.lines = [];
    this.stderr = '';
    w({ line, output });
  }

  async run(spec: JobSpec, o: JobOptions, timeoutMs: number): Promise<{ result: JobResult; output: string }> {
    const t0 = performance.now();
    const got = new Promise<{ line: string | null; output: string }>((resolve) => {
      this.waiting = resolve;
    });
    this.child.stdin!.write(`${JSON.stringify({ scenario: spec.scenario, seed: spec.seed, break: o.break })}\n`);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.dead = true;
      killTree(this.child, false);
    }, timeoutMs);
    const { line, output } = await got;
    clearTimeout(timer);
    const ms = Math.round(performance.now() - t0);
    if (timedOut) return { result: blank(spec, 'timeout', `timeout after ${timeoutMs / 1000} s`, ms), output };
    if (line === null) return { result: blank(spec, 'error', 'model-job worker exited without a result line', ms), output };
    try {
      return { result: { ...parseResult(line), ms }, output };
    } catch (e) {
      return { result: blank(spec, 'error', (e as Error).message, ms), output };
    }
  }

  close(): void {
    if (!this.dead) this.child.stdin!.end();
  }
}

/** Output lines that look like a wave file or report path the child mentions. */
export function artifactPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s'"=:(])((?:\/|\.{1,2}\/|[\w.-]+\/)[\w./-]*\.(?:vcd|fst|txt|json|log))\b/gm)) out.add(m[1]);
  return [...out];
}

/** Co-sim children run in their own process group: on Ctrl-C they are killed here, not orphaned. */
const liveGroups = new Set<ChildProcess>();
function onInterrupt(): void {
  for (const c of liveGroups) killTree(c, true);
  process.exit(130);
}

/** One co-sim job: `scripts/cosim.ts` as a child; non-zero exit = failure (its output is the report). */
async function runCosim(spec: JobSpec, o: JobOptions, root: string, timeoutMs: number): Promise<{ result: JobResult; output: string }> {
  const t0 = performance.now();
  const { script, args } = jobArgs(spec, o);
  if (!existsSync(join(root, script))) return { result: blank(spec, 'error', `${script} not found (the co-sim runner is not in this tree yet)`, 0), output: '' };
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    text += d;
  });
  child.stderr!.on('data', (d: string) => {
    text += d;
  });
  liveGroups.add(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child, true);
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  liveGroups.delete(child);
  const ms = Math.round(performance.now() - t0);
  if (timedOut) return { result: blank(spec, 'timeout', `timeout after ${timeoutMs / 1000} s`, ms), output: text };
  let parsed: ReturnType<typeof splitOutput>;
  try {
    parsed = splitOutput(text);
  } catch (e) {
    return { result: blank(spec, 'error', (e as Error).message, ms), output: text };
  }
  // A runner that speaks the protocol is believed (the exit code must agree on pass).
  if (parsed.result) {
    const r = parsed.result;
    const status = r.status === 'pass' && code !== 0 ? 'fail' : r.status;
    return { result: { ...r, scenario: spec.scenario, status, ms, failure: r.failure ?? (status === 'pass' ? undefined : `exit code ${code}`) }, output: parsed.output };
  }
  const lines = text.split('\n').filter((l) => l.trim());
  const first = lines.find((l) => /diverg|mismatch|error|fail/i.test(l)) ?? lines.at(-1) ?? '';
  const pass = code === 0;
  return {
    result: {
      scenario: spec.scenario, seed: spec.seed, status: pass ? 'pass' : 'fail', cycles: Number(/(\d+) cycles/.exec(text)?.[1] ?? 0),
      compared: {}, coverage: {}, artifacts: artifactPaths(text), ms,
      ...(pass ? {} : { failure: `exit code ${code}: ${first.trim()}`.slice(0, 300), report: text }),
    },
    output: text,
  };
}

/** Run every job; results in completion order through onDone, all of them (input order) at the end. */
export async function runPool(specs: readonly JobSpec[], o: PoolOptions): Promise<{ finished: Finished[]; skipped: JobSpec[] }> {
  const finished: Finished[] = [];
  const idle: ModelWorker[] = [];
  const all: ModelWorker[] = [];
  let next = 0;
  let stop = false;

  const takeWorker = (): ModelWorker => {
    while (idle.length) {
      const w = idle.pop()!;
      if (!w.dead) return w;
    }
    const w = new ModelWorker(o.root);
    all.push(w);
    return w;
  };

  const lane = async (): Promise<void> => {
    while (!stop && next < specs.length) {
      const spec = specs[next++];
      o.onStart?.(spec);
      let r: { result: JobResult; output: string };
      if (isCosim(spec.scenario)) r = await runCosim(spec, o.jobOptions, o.root, o.timeoutMs);
      else {
        const w = takeWorker();
        r = await w.run(spec, o.jobOptions, o.timeoutMs);
        if (!w.dead) idle.push(w);
      }
      const f: Finished = { spec, result: r.result, output: r.output, reproduce: reproduceCommand(spec, o.jobOptions) };
      finished.push(f);
      o.onDone?.(f);
      if (o.failFast && f.result.status !== 'pass') stop = true;
    }
  };

  process.on('SIGINT', onInterrupt);
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, specs.length)) }, lane));
  } finally {
    process.off('SIGINT', onInterrupt);
    for (const w of all) w.close();
  }
  const done = new Set(finished.map((f) => f.spec.index));
  finished.sort((a, b) => a.spec.index - b.spec.index);
  return { finished, skipped: specs.filter((s) => !done.has(s.index)) };
}
