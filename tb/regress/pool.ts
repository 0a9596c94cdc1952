// Runs jobs in child processes, at most `jobs` at once, each with a timeout.
//  - model-only jobs go to long-lived `model-job.ts --serve` workers (one job at a time each), so
//    a job costs its run time, not a Node + tsx start-up;
//  - co-sim jobs go to long-lived `scripts/cosim-worker.ts` workers (own process group, killed as
//    a group), which keep their simulator between jobs; with RTL line coverage each runs
//    `scripts/cosim.ts` as a child (a coverage build writes its counts when it exits).
// A job that overruns its timeout has its process (group) killed and is reported as `timeout`.
// Ctrl-C / SIGTERM: no new job starts, running ones are stopped (co-sim: SIGTERM to the group, so
// the child prints its summary and removes its sockets; SIGKILL after KILL_GRACE_MS) and end as
// `error` "interrupted by SIGINT"; runPool then returns, so the caller still writes its JUnit.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCosim, jobArgs, reproduceCommand, type JobOptions, type JobSpec } from './jobs.js';
import { JOB_END_PREFIX, RESULT_PREFIX, parseResult, splitOutput, type JobResult } from './protocol.js';

export interface Finished {
  spec: JobSpec;
  result: JobResult;
  /** Everything the child printed for this job except the result line. */
  output: string;
  reproduce: string;
}

/** Largest delay Node's setTimeout takes (2^31 - 1 ms, ~24.8 days); beyond it it fires at once. */
export const MAX_TIMER_MS = 0x7fff_ffff;
/** From SIGTERM to SIGKILL for a co-sim job being stopped. */
export const KILL_GRACE_MS = 10_000;

/** setTimeout for any delay: a longer one is chained in steps Node's timer can hold. */
export function longTimeout(ms: number, f: () => void): { clear: () => void } {
  let t: NodeJS.Timeout;
  const arm = (left: number): void => {
    t = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : f()), Math.min(left, MAX_TIMER_MS));
  };
  arm(Math.max(0, ms));
  return { clear: () => clearTimeout(t) };
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

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

/** Signal a child and, when it leads its own group, the whole group. */
function killTree(c: ChildProcess, group: boolean, sig: NodeJS.Signals = 'SIGKILL'): void {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  try {
    if (group) process.kill(-c.pid, sig);
    else c.kill(sig);
  } catch {
    c.kill(sig);
  }
}

/** A co-sim job's group: SIGTERM first (summary, cleanup), SIGKILL if it is still there after the grace. */
function stopGroup(c: ChildProcess): void {
  killTree(c, true, 'SIGTERM');
  setTimeout(() => killTree(c, true, 'SIGKILL'), KILL_GRACE_MS).unref();
}

/**
 * Lines of a co-simulation's output that name why it failed, most telling first: the report's
 * DIVERGENCE head, a simulator fault, the test's own error, then summary rows whose count is
 * not zero (tb/cosim/runner.ts formatSummary).
 */
const CAUSES: readonly RegExp[] = [
  /^DIVERGENCE\b/,
  /^simulator fault: /,
  /^driver error: /,
  /^divergences\s+[1-9]/,
  /rules broken [1-9]/,
  /^(memory regions differing|host rule violations|ring-rule violations)\s+[1-9]/,
  /outside tolerance \S+ [1-9]/,
];
/** Summary rows that mention a failure word but report none. */
const NOT_A_CAUSE = /^(divergences|memory regions differing|host rule violations|ring-rule violations)\s+0\b|^timing error \(rtl - model\)|^result: /;

/**
 * The one line that says why a co-sim child failed: the cause line the command prints
 * (`cosim: …`, `virtio-cosim cosim: …`, `main-job: …`), else the most telling line of the
 * co-simulation's report and summary (CAUSES), else the first line about a divergence or error,
 * skipping what is not a reason: usage text, stack frames, the source line and caret Node prints
 * above an uncaught error, Node's version banner, summary rows that count zero.
 */
export function failureLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const skip = new Set<number>();
  lines.forEach((l, i) => {
    // file:///x.ts:153 / the source line / the caret under it
    if (/^(file:\/\/|\/)\S+:\d+$/.test(l.trim())) {
      skip.add(i);
      skip.add(i + 1);
    }
    if (/^\s*\^+\s*$/.test(l) || /^\s+at\s/.test(l) || /^Node\.js v\d/.test(l) || /^\s*(usage:|scenarios:|\(try\b)/.test(l) || /^\s+--/.test(l)) skip.add(i);
  });
  const kept = lines.filter((l, i) => !skip.has(i) && l.trim()).map((l) => l.trim());
  // (without the pointer to --help a usage error ends with: the reason is what matters here)
  const line = (): string => {
    const cause = kept.filter((l) => /^(virtio-cosim )?(cosim|main-job): /.test(l)).at(-1);
    if (cause) return cause;
    for (const re of CAUSES) {
      const hit = kept.find((l) => re.test(l));
      if (hit) return hit;
    }
    return kept.find((l) => /diverg|mismatch|error|fail/i.test(l) && !NOT_A_CAUSE.test(l)) ?? kept.at(-1) ?? '';
  };
  return line().replace(/\s*\(see [^()]*--help\)$/, '');
}

/**
 * A long-lived child that takes one job per stdin line and ends each job's output with a line
 * starting `endPrefix`: `model-job.ts --serve` (ends with the REGRESS-RESULT line) or
 * `scripts/cosim-worker.ts` (own process group, like a co-sim child; ends with REGRESS-JOB-END).
 */
class Worker {
  private readonly child: ChildProcess;
  private buf = '';
  private lines: string[] = [];
  private stderr = '';
  private waiting: ((r: { line: string | null; output: string }) => void) | null = null;
  dead = false;
  /** The job in progress, to stop on Ctrl-C. */
  current: { stop: (sig: StopSignal) => void } | null = null;
  private stoppedBy: StopSignal | null = null;
  private readonly exited: Promise<void>;

  constructor(root: string, script: string, args: readonly string[], private readonly endPrefix: string, private readonly group: boolean) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], detached: group });
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => this.onData(d));
    this.child.stderr!.on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.child.on('close', () => resolve()));
    this.child.on('exit', () => {
      this.dead = true;
      // (the rest of its output may still be in the pipes: 'close' comes after it)
      void this.exited.then(() => this.finish(null));
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
      if (line.startsWith(this.endPrefix)) this.finish(line);
      else this.lines.push(line);
    }
  }

  private finish(line: string | null): void {
    const w = this.waiting;
    if (!w) return;
    this.waiting = null;
    const output = [...this.lines, ...(line === null && this.buf ? [this.buf] : []), ...(this.stderr ? ['---- stderr', this.stderr] : [])].join('\n');
    this.lines = [];
    this.stderr = '';
    w({ line, output });
  }

  private kill(): void {
    this.dead = true;
    if (this.group) stopGroup(this.child);
    else killTree(this.child, false);
  }

  /** One job: its end line (null when the worker died first), its output, and why it was cut short. */
  async send(job: string, timeoutMs: number): Promise<{ line: string | null; output: string; ms: number; timedOut: boolean; stoppedBy: StopSignal | null }> {
    const t0 = performance.now();
    const got = new Promise<{ line: string | null; output: string }>((resolve) => {
      this.waiting = resolve;
    });
    if (this.dead) this.finish(null);
    else this.child.stdin!.write(`${job}\n`);
    let timedOut = false;
    const timer = longTimeout(timeoutMs, () => {
      timedOut = true;
      this.kill();
    });
    this.current = { stop: (sig) => { this.stoppedBy = sig; this.kill(); } };
    const { line, output } = await got;
    timer.clear();
    this.current = null;
    return { line, output, ms: Math.round(performance.now() - t0), timedOut, stoppedBy: this.stoppedBy };
  }

  /** End of input: the worker finishes and exits (bounded: killed after KILL_GRACE_MS). */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin!.end();
      const t = setTimeout(() => this.kill(), KILL_GRACE_MS);
      await this.exited;
      clearTimeout(t);
    }
  }
}

/** A model-only job on a `model-job.ts --serve` worker. */
async function runModelJob(w: Worker, spec: JobSpec, o: JobOptions, timeoutMs: number): Promise<{ result: JobResult; output: string }> {
  const { line, output, ms, timedOut, stoppedBy } = await w.send(JSON.stringify({ scenario: spec.scenario, seed: spec.seed, break: o.break }), timeoutMs);
  if (stoppedBy) return { result: blank(spec, 'error', `interrupted by ${stoppedBy}`, ms), output };
  if (timedOut) return { result: blank(spec, 'timeout', `timeout after ${timeoutMs / 1000} s`, ms), output };
  if (line === null) return { result: blank(spec, 'error', 'model-job worker exited without a result line', ms), output };
  try {
    return { result: { ...parseResult(line), ms }, output };
  } catch (e) {
    return { result: blank(spec, 'error', (e as Error).message, ms), output };
  }
}

/**
 * A co-sim job on a `scripts/cosim-worker.ts` worker: the job's `scripts/cosim.ts` arguments
 * (with --regress-result), read back as a child's output and exit code (cosimOutcome).
 */
async function runCosimOnWorker(w: Worker, spec: JobSpec, o: JobOptions, timeoutMs: number): Promise<{ result: JobResult; output: string }> {
  const { args } = jobArgs(spec, o);
  const { line, output, ms, timedOut, stoppedBy } = await w.send(JSON.stringify([...args, '--regress-result']), timeoutMs);
  if (stoppedBy) return { result: blank(spec, 'error', `interrupted by ${stoppedBy}`, ms), output };
  if (timedOut) return { result: blank(spec, 'timeout', `timeout after ${timeoutMs / 1000} s`, ms), output };
  if (line === null) return cosimOutcome(spec, `${output}\ncosim-worker: the worker process exited during the job`, 1, ms);
  return cosimOutcome(spec, output, Number(line.slice(JOB_END_PREFIX.length)), ms);
}

/** The co-sim worker (one per job slot, keeps its simulator between jobs). */
export const COSIM_WORKER = 'scripts/cosim-worker.ts';

/** Output lines that look like a wave file or report path the child mentions. */
export function artifactPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s'"=:(])((?:\/|\.{1,2}\/|[\w.-]+\/)[\w./-]*\.(?:vcd|fst|txt|json|log))\b/gm)) out.add(m[1]);
  return [...out];
}

/** Co-sim children run in their own process group: on Ctrl-C they are stopped here, not orphaned. */
const liveGroups = new Map<ChildProcess, { stoppedBy: StopSignal | null }>();

/**
 * One co-sim job: `scripts/cosim.ts` as a child; non-zero exit = failure (its output is the report),
 * exit 2 (the job could not run: a test file, DUT source or option it refused) = error.
 */
async function runCosim(spec: JobSpec, o: JobOptions, root: string, timeoutMs: number): Promise<{ result: JobResult; output: string }> {
  const t0 = performance.now();
  const { script, args } = jobArgs(spec, o);
  if (!existsSync(join(root, script))) return { result: blank(spec, 'error', `${script} not found (the co-sim runner is not in this tree yet)`, 0), output: '' };
  // The job's functional coverage comes back in its REGRESS-RESULT line; RTL line coverage as a .dat file.
  const name = spec.scenario.slice(spec.scenario.indexOf(':') + 1).replace(/[^A-Za-z0-9_.-]/g, '_');
  const cov = ['--regress-result', ...(o.rtlCoverageDir ? ['--rtl-coverage', join(o.rtlCoverageDir, `${name}-${spec.seed}-w${o.width ?? 64}.dat`)] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, ...cov], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    text += d;
  });
  child.stderr!.on('data', (d: string) => {
    text += d;
  });
  const state = { stoppedBy: null as StopSignal | null };
  liveGroups.set(child, state);
  let timedOut = false;
  const timer = longTimeout(timeoutMs, () => {
    timedOut = true;
    stopGroup(child);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  timer.clear();
  liveGroups.delete(child);
  const ms = Math.round(performance.now() - t0);
  if (state.stoppedBy) return { result: blank(spec, 'error', `interrupted by ${state.stoppedBy}`, ms), output: text };
  if (timedOut) return { result: blank(spec, 'timeout', `timeout after ${timeoutMs / 1000} s`, ms), output: text };
  return cosimOutcome(spec, text, code, ms);
}

/**
 * A co-sim job's result from what `scripts/cosim.ts` printed and its exit code (a child's, or a
 * worker's REGRESS-JOB-END): non-zero = failure (its output is the report), exit 2 = error.
 */
function cosimOutcome(spec: JobSpec, text: string, code: number | null, ms: number): { result: JobResult; output: string } {
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
    const failed = status !== 'pass';
    return {
      result: { ...r, scenario: spec.scenario, status, ms, failure: r.failure ?? (failed ? `exit code ${code}: ${failureLine(parsed.output)}`.slice(0, 300) : undefined), report: r.report ?? (failed ? parsed.output : undefined) },
      output: parsed.output,
    };
  }
  const first = failureLine(text);
  const pass = code === 0;
  return {
    result: {
      scenario: spec.scenario, seed: spec.seed, status: pass ? 'pass' : code === 2 ? 'error' : 'fail', cycles: Number((/cycles simulated\s+(\d+)/.exec(text) ?? /(\d+) cycles/.exec(text))?.[1] ?? 0),
      compared: {}, coverage: {}, artifacts: artifactPaths(text), ms,
      ...(pass ? {} : { failure: `exit code ${code}: ${first}`.slice(0, 300), report: text }),
    },
    output: text,
  };
}

/**
 * Run every job; results in completion order through onDone, all of them (input order) at the end.
 * `interrupted`: Ctrl-C / SIGTERM stopped the pool (the jobs it stopped are `error`, the ones it
 * never started are in `skipped`).
 */
export async function runPool(specs: readonly JobSpec[], o: PoolOptions): Promise<{ finished: Finished[]; skipped: JobSpec[]; interrupted: StopSignal | null }> {
  const finished: Finished[] = [];
  const idle = { model: [] as Worker[], cosim: [] as Worker[] };
  const all: Worker[] = [];
  let next = 0;
  let stop = false;
  // Co-sim jobs go to workers that keep their simulator, unless each job needs its own
  // simulator process (RTL line coverage: a coverage build writes its counts when it exits).
  const cosimWorkers = !o.jobOptions.rtlCoverageDir && existsSync(join(o.root, COSIM_WORKER));

  const takeWorker = (kind: 'model' | 'cosim'): Worker => {
    while (idle[kind].length) {
      const w = idle[kind].pop()!;
      if (!w.dead) return w;
    }
    const w = kind === 'model'
      ? new Worker(o.root, 'tb/regress/model-job.ts', ['--serve'], RESULT_PREFIX, false)
      : new Worker(o.root, COSIM_WORKER, [], JOB_END_PREFIX, true);
    all.push(w);
    return w;
  };

  const lane = async (): Promise<void> => {
    while (!stop && next < specs.length) {
      const spec = specs[next++];
      o.onStart?.(spec);
      let r: { result: JobResult; output: string };
      if (isCosim(spec.scenario) && !cosimWorkers) r = await runCosim(spec, o.jobOptions, o.root, o.timeoutMs);
      else {
        const kind = isCosim(spec.scenario) ? 'cosim' : 'model';
        const w = takeWorker(kind);
        r = kind === 'cosim' ? await runCosimOnWorker(w, spec, o.jobOptions, o.timeoutMs) : await runModelJob(w, spec, o.jobOptions, o.timeoutMs);
        if (!w.dead) idle[kind].push(w);
      }
      const f: Finished = { spec, result: r.result, output: r.output, reproduce: reproduceCommand(spec, o.jobOptions) };
      finished.push(f);
      o.onDone?.(f);
      if (o.failFast && f.result.status !== 'pass') stop = true;
    }
  };

  let interrupted: StopSignal | null = null;
  const onSignal = (sig: StopSignal): void => {
    if (interrupted) return;
    interrupted = sig;
    stop = true;
    for (const [c, st] of liveGroups) {
      st.stoppedBy = sig;
      stopGroup(c);
    }
    for (const w of all) w.current?.stop(sig);
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, specs.length)) }, lane));
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await Promise.all(all.map((w) => w.close()));
  }
  const done = new Set(finished.map((f) => f.spec.index));
  finished.sort((a, b) => a.spec.index - b.spec.index);
  return { finished, skipped: specs.filter((s) => !done.has(s.index)), interrupted };
}
