// What the regression prints: the live progress line, the scenario summary table and the list
// of failures with their reproduce commands. Text only; the CLI decides where it goes.

import type { JobSpec } from './jobs.js';
import type { Finished } from './pool.js';

function dur(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * Progress: on a terminal one line rewritten in place (\r + erase to end of line); otherwise
 * (CI logs) a full line every `everyJobs` jobs or `everyMs` milliseconds, whichever comes first.
 */
export class Progress {
  done = 0;
  pass = 0;
  fail = 0;
  private lastLine = 0;
  private lastCount = 0;

  constructor(
    readonly total: number,
    private readonly write: (s: string) => void,
    private readonly tty: boolean,
    private readonly now: () => number,
    private readonly start = now(),
    private readonly everyJobs = 25,
    private readonly everyMs = 15_000,
  ) {}

  line(): string {
    const el = this.now() - this.start;
    const eta = this.done ? (el / this.done) * (this.total - this.done) : NaN;
    return `[${this.done}/${this.total}] pass ${this.pass} fail ${this.fail}  elapsed ${dur(el)}  ETA ${Number.isFinite(eta) ? dur(eta) : '?'}`;
  }

  record(f: Finished): void {
    this.done++;
    if (f.result.status === 'pass') this.pass++;
    else this.fail++;
    const t = this.now();
    if (this.tty) this.write(`\r${this.line()}\x1b[K`);
    else if (this.done === this.total || this.done - this.lastCount >= this.everyJobs || t - this.lastLine >= this.everyMs) {
      this.write(`${this.line()}\n`);
      this.lastLine = t;
      this.lastCount = this.done;
    }
  }

  /** Print a message without tearing the in-place line. */
  note(s: string): void {
    if (this.tty) this.write(`\r\x1b[K${s}\n${this.line()}`);
    else this.write(`${s}\n`);
  }

  end(): void {
    if (this.tty) this.write('\n');
  }
}

/** Scenario × pass / fail / timeout+error / skipped / wall time / simulated cycles. */
export function summaryTable(finished: readonly Finished[], skipped: readonly JobSpec[]): string {
  const names: string[] = [];
  for (const s of [...finished.map((f) => f.spec), ...skipped]) if (!names.includes(s.scenario)) names.push(s.scenario);
  const rows = [['scenario', 'jobs', 'pass', 'fail', 't/o+err', 'skipped', 'time', 'cycles']];
  const add = (name: string, fs: readonly Finished[], sk: number): void => {
    const st = (x: string): number => fs.filter((f) => f.result.status === x).length;
    rows.push([name, String(fs.length + sk), String(st('pass')), String(st('fail')), String(st('timeout') + st('error')), String(sk),
      `${(fs.reduce((n, f) => n + f.result.ms, 0) / 1000).toFixed(1)}s`, String(fs.reduce((n, f) => n + f.result.cycles, 0))]);
  };
  for (const n of names) add(n, finished.filter((f) => f.spec.scenario === n), skipped.filter((s) => s.scenario === n).length);
  add('total', finished, skipped.length);
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const fmt = (r: string[]): string => r.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ');
  const lines = ['== summary', fmt(rows[0]), ...rows.slice(1, -1).map(fmt), '-'.repeat(fmt(rows[0]).length), fmt(rows[rows.length - 1])];
  return lines.join('\n');
}

/** One block per failing job: what failed, where its files are, how to reproduce it. */
export function failureList(failed: readonly (Finished & { folder?: string })[]): string {
  if (failed.length === 0) return '';
  const out = [`== failures (${failed.length})`];
  for (const f of failed) {
    out.push(`${f.spec.scenario} seed ${f.spec.seed}: ${f.result.status}: ${f.result.failure ?? ''}`);
    if (f.folder) out.push(`  files:     ${f.folder}`);
    out.push(`  reproduce: ${f.reproduce}`);
  }
  return out.join('\n');
}
