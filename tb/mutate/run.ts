// Mutation testing of a DUT against a suite: sites from tb/mutate/operators.ts, one child process
// per mutant (tb/mutate/mutant-job.ts, its own process group), each run bounded, first kill wins.
// The clean DUT runs the suite first: a suite it does not pass measures nothing.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BINS } from '../regress/coverage.js';
import { xmlEscape } from '../regress/junit.js';
import { EVENT_PREFIX, type JobEvent, type JobInput, type KillKind, type MutateDut, type SuiteRun, suiteRunName } from './mutant-job.js';
import { MAIN_JOB_SCENARIOS } from '../cosim/scenarios.js';

export type { MutateDut } from './mutant-job.js';
import { findSites, sampleSites, type Site, type SourceFile } from './operators.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JOB_SCRIPT = path.join('tb', 'mutate', 'mutant-job.ts');

/** The mutation layer's one error type: names the offending value. */
export class MutateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MutateError';
  }
}

/** The round-6 default suite: the issue-14 scenarios (tb/cosim/scenarios-stress.ts), MSI-X masking, the main job's ctrl and traffic; cheapest first. */
const ROUND6_SUITE: readonly SuiteRun[] = [
  { scenario: 'bringup', seed: 1 },
  { scenario: 'reg-access', seed: 1 },
  { scenario: 'unsupported', seed: 1 },
  { scenario: 'isr-intx', seed: 1 },
  { scenario: 'msix-load', seed: 1 },
  { scenario: 'queue-reset', seed: 1 },
  { scenario: 'msix-mask', seed: 1 },
  { scenario: 'ctrl', seed: 1 },
  { scenario: 'ctrl', seed: 2 },
  { scenario: 'traffic', seed: 1 },
  { scenario: 'pci-cfg', seed: 1 },
  { scenario: 'pipelined', seed: 1 },
  { scenario: 'reset-traffic', seed: 1 },
  { scenario: 'ctrl-edge', seed: 2 },
  { scenario: 'ctrl-edge', seed: 3 },
  { scenario: 'queue-limits', seed: 3 },
  { scenario: 'queue-reset', seed: 2 },
  { scenario: 'reset-traffic', seed: 3 },
  { scenario: 'pci-cfg', seed: 2 },
  { scenario: 'cpl-fault', seed: 1 },
  { scenario: 'split-cpl', seed: 1 },
  { scenario: 'layout', seed: 1 },
  { scenario: 'layout', seed: 3 },
  { scenario: 'features-edge', seed: 1 },
  { scenario: 'queue-limits', seed: 2 },
  { scenario: 'tx-fault', seed: 1 },
  { scenario: 'tx-fault', seed: 2 },
  // Round 5 (issue 14): registers written under traffic, a failed split read, back-pressure on
  // every ready signal, the constrained-random mode (its seed 2 stalls the readies too).
  { scenario: 'live-regs', seed: 1 },
  { scenario: 'split-fault', seed: 3 },
  { scenario: 'split-fault', seed: 5 },
  { scenario: 'traffic', seed: 2, backpressure: 0.4 },
  { scenario: 'ctrl', seed: 3, backpressure: 0.3 },
  { scenario: 'tx-fault', seed: 1, backpressure: 0.3 },
  { scenario: 'random', seed: 2 },
  { scenario: 'random', seed: 9 },
  { scenario: 'illegal-rings', seed: 1 },
  { scenario: 'ring-laps', seed: 1 },
  // Round 6: other Requester IDs, reads above 512 DW, completions on rx_req, odd MSI-X upper
  // addresses, MAC tables across a reset, Unexpected Completions, a dropped read cut by a reset;
  // seed 2 (INTx) with multi-beat MWrs and rx_req valid gaps inside them.
  { scenario: 'host-edge', seed: 1 },
  { scenario: 'host-edge', seed: 2, backpressure: 0.5 },
];

/**
 * The main job's runs (scripts/main-job.ts, `make demo`) as a mutate suite, one comparison level:
 * every main-job scenario at seeds 1..4 at the DUT's width, then at the other width (the main job's
 * 256-bit seeds are 1..4; its width-64 seeds 1..12 begin with them). `width` is the DUT's.
 */
export function mainJobSuite(width: 64 | 256): SuiteRun[] {
  const other = width === 64 ? 256 : 64;
  const at = (w?: 64 | 256): SuiteRun[] => MAIN_JOB_SCENARIOS.flatMap((scenario) => [1, 2, 3, 4].map((seed) => ({ scenario, seed, ...(w ? { width: w } : {}) })));
  return [...at(), ...at(other)];
}

/** The default suite: the runs above, then every main-job scenario and ctrl-shapes at seeds 1..4 not yet in them (round 7), then the main job's runs at width 256 (session 7). */
export const DEFAULT_SUITE: readonly SuiteRun[] = [
  ...ROUND6_SUITE,
  // Round 7: device resets racing writes (device_status reads 0 only after the last write, a
  // stalled write TLP widens the window): the exact-level seeds that agree, and back-pressure.
  { scenario: 'reset-traffic', seed: 7 },
  { scenario: 'reset-traffic', seed: 8 },
  { scenario: 'reset-traffic', seed: 2, backpressure: 0.5 },
  { scenario: 'reset-traffic', seed: 6, backpressure: 0.4 },
  ...MAIN_JOB_SCENARIOS.flatMap((scenario) => [1, 2, 3, 4].map((seed) => ({ scenario, seed })))
    .filter((r) => !ROUND6_SUITE.some((x) => x.scenario === r.scenario && x.seed === r.seed && !x.backpressure)),
  // Session 7: some mutants show only at width 256 (a 3-bit lane counter at 256, 1 bit at 64).
  ...MAIN_JOB_SCENARIOS.flatMap((scenario) => [1, 2, 3, 4].map((seed) => ({ scenario, seed, width: 256 as const }))),
];


export interface MutateOptions {
  dut: MutateDut;
  suite: readonly SuiteRun[];
  compare: 'exact' | 'spec';
  /** Timing profile file of every run (absolute; `--profile`); absent = the reference RTL's. */
  profileFile?: string;
  /** Per-run bound (each scenario run of a mutant), seconds. */
  timeoutS: number;
  jobs: number;
  /** Progress lines (one per finished mutant). */
  log?: (line: string) => void;
  /** Skip the clean run (tests that ran it already). */
  skipClean?: boolean;
}

export type MutantStatus = 'killed' | 'survived' | 'equivalent' | 'not-compiling' | 'error';

export interface MutantResult {
  id: string;
  /** Path relative to the repository (or absolute outside it). */
  file: string;
  line: number;
  operator: Site['operator'];
  original: string;
  replacement: string;
  status: MutantStatus;
  killedBy?: { scenario: string; seed: number; kind: KillKind; detail: string };
  /** Why an equivalent mutant cannot be observed; why a survivor was not told apart; the compile error. */
  reason?: string;
  closestBin?: string;
  /** Scenario runs made (0 when not built). */
  runs: number;
  buildMs: number;
  ms: number;
}

export interface MutateReport {
  dut: { top: string; width: number; defines: string[] };
  suite: readonly SuiteRun[];
  compare: 'exact' | 'spec';
  seed: number;
  sitesTotal: number;
  mutants: MutantResult[];
  counts: Record<MutantStatus, number>;
  /** killed / (total - equivalent - not compiling), as a fraction; null when nothing is left. */
  score: number | null;
  killsByScenario: Record<string, number>;
  killsByKind: Partial<Record<KillKind, number>>;
  interrupted: boolean;
}

export function rel(file: string): string {
  const r = path.relative(REPO_ROOT, file);
  return r.startsWith('..') ? file : r;
}

export function mutantId(s: Site): string {
  // The repository-relative path: the same mutant has the same id in every checkout.
  return createHash('sha1').update(`${rel(s.file)}\0${s.start}\0${s.end}\0${s.replacement}`).digest('hex').slice(0, 12);
}

/** Source files of the DUT as the operators see them. */
export function readSources(dut: MutateDut): SourceFile[] {
  return dut.files.filter((f) => /\.(sv|v)$/i.test(f)).map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
}

function includedSources(dut: MutateDut): SourceFile[] {
  return (dut.includes ?? []).map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
}

/** `count` sites of the DUT's sources drawn with `seed` (same seed, same mutants). */
export function drawMutants(dut: MutateDut, count: number, seed: number): { sites: Site[]; total: number } {
  const files = readSources(dut);
  const all = findSites(files, dut.defines, includedSources(dut));
  return { sites: sampleSites(all, files, count, seed), total: all.length };
}

/** The mutants of the DUT with these ids (mutantId); an unknown id is a MutateError naming it. */
export function pickMutants(dut: MutateDut, ids: readonly string[]): { sites: Site[]; total: number } {
  const all = findSites(readSources(dut), dut.defines, includedSources(dut));
  const byId = new Map(all.map((s) => [mutantId(s), s]));
  const sites = ids.map((id) => {
    const s = byId.get(id);
    if (!s) throw new MutateError(`mutant ${JSON.stringify(id)} is no site of these sources (sources changed, or another DUT/defines?)`);
    return s;
  });
  return { sites, total: all.length };
}

// The coverage bin (tb/regress/coverage.ts) whose behaviour a mutated line is closest to, by the names on it.
const BIN_HINTS: [RegExp, string][] = [
  [/msix|mask|pba|vector/i, 'msix.masked'],
  [/intx|isr/i, 'intx'],
  [/wrap/i, 'wrap.1+'],
  [/event|notif|suppress|off_wrap/i, 'event.DESC'],
  [/indirect|\bind_|_ind\b|in_ind/i, 'indirect'],
  [/mrrs|rd_len|max_rd/i, 'mrrs.128'],
  [/mps|payload|max_pl/i, 'mps.128'],
  [/rcb|split|cpl_len|byte_count|lower_addr|la\b/i, 'cpl.split-rcb'],
  [/tag/i, 'cpl.reordered'],
  [/poison|\bep\b|status|ur\b|ca\b|timeout|needs_reset/i, 'fault.UR'],
  [/next|chain|desc/i, 'chain.2-3'],
  [/num_buf|mrg/i, 'mrg.num_buffers>1'],
  [/s_axis_rx|rx_frame|rx_fifo|rx_drop|\bdrop\b/i, 'rx.frame.61-127'],
  [/m_axis_tx|tx_frame|tx_data/i, 'tx.frame.61-127'],
];

export function closestBin(fileText: string, s: Site): string | undefined {
  const line = fileText.split('\n')[s.line - 1] ?? '';
  // The file name as a fallback; the register-access path (pcie_req_rx, pcie_cpl_tx) has no bin.
  for (const text of [line, /pcie_(req_rx|cpl_tx)/.test(s.file) ? '' : path.basename(s.file, path.extname(s.file))]) {
    const hit = BIN_HINTS.find(([re]) => re.test(text));
    if (hit && BINS.some((b) => b.name === hit[1])) return hit[1];
  }
  return undefined;
}

interface Running {
  child: ChildProcess;
}

/** Runs one job process; resolves with its events. Bounded per run by `timeoutS`; killed (group) on stop. */
function runJob(input: JobInput, timeoutS: number, live: Set<Running>): Promise<{ events: JobEvent[]; timedOut?: SuiteRun; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', JOB_SCRIPT, JSON.stringify(input)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const me: Running = { child };
    live.add(me);
    const events: JobEvent[] = [];
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let timedOut: SuiteRun | undefined;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    };
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.stdout!.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith(EVENT_PREFIX)) continue;
        const e = JSON.parse(line.slice(EVENT_PREFIX.length)) as JobEvent;
        events.push(e);
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (e.ev === 'run') {
          timer = setTimeout(() => {
            timedOut = { scenario: e.scenario, seed: e.seed };
            killGroup();
          }, timeoutS * 1000);
        }
      }
    });
    child.on('close', () => {
      if (timer) clearTimeout(timer);
      // The simulator of a job that ended is ended with it (its group), whatever happened.
      killGroup();
      live.delete(me);
      resolve({ events, timedOut, stderr });
    });
  });
}

function outcome(site: Site, events: JobEvent[], timedOut: SuiteRun | undefined, stderr: string): Pick<MutantResult, 'status' | 'killedBy' | 'reason' | 'runs' | 'buildMs'> {
  const builds = events.filter((e): e is Extract<JobEvent, { ev: 'built' }> => e.ev === 'built');
  const built = builds[0];
  const results = events.filter((e): e is Extract<JobEvent, { ev: 'result' }> => e.ev === 'result');
  const base = { runs: results.length + (timedOut ? 1 : 0), buildMs: builds.reduce((n, b) => n + b.ms, 0) };
  const nc = events.find((e): e is Extract<JobEvent, { ev: 'not-compiling' }> => e.ev === 'not-compiling');
  if (nc) return { ...base, status: 'not-compiling', reason: nc.log };
  const kill = results.find((r) => r.kill);
  if (kill?.kill) return { ...base, status: 'killed', killedBy: { scenario: kill.scenario, seed: kill.seed, ...kill.kill } };
  if (timedOut) return { ...base, status: 'killed', killedBy: { ...timedOut, kind: 'timeout', detail: 'the run did not finish within --timeout-s' } };
  const err = events.find((e): e is Extract<JobEvent, { ev: 'error' }> => e.ev === 'error');
  if (err || !built) return { ...base, status: 'error', reason: err?.message ?? `the job ended early: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}` };
  void site;
  return { ...base, status: 'survived', reason: 'every run of the suite agreed with the golden model, as the clean DUT does: this suite cannot tell it apart' };
}

function jobInput(o: MutateOptions, id: string, site?: Site): JobInput {
  return { id, top: o.dut.top, files: o.dut.files, incdirs: o.dut.incdirs, defines: o.dut.defines, params: o.dut.params, width: o.dut.width, compare: o.compare, ...(o.profileFile ? { profileFile: o.profileFile } : {}), suite: [...o.suite], site };
}

/**
 * Runs the mutants of `sites` (`jobs` at a time). Ctrl-C (SIGINT/SIGTERM) kills every job's
 * process group and returns what finished, marked interrupted.
 */
export async function runMutants(sites: readonly Site[], o: MutateOptions & { seed: number; sitesTotal: number }): Promise<MutateReport> {
  const live = new Set<Running>();
  let interrupted = false;
  const killAll = (): void => {
    for (const r of live) {
      try {
        if (r.child.pid !== undefined) process.kill(-r.child.pid, 'SIGKILL');
      } catch { /* gone */ }
    }
  };
  const stop = (): void => {
    interrupted = true;
    killAll();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const mutants: MutantResult[] = [];
  try {
    if (!o.skipClean) {
      const clean = await runJob(jobInput(o, 'clean'), o.timeoutS, live);
      const bad = clean.events.find((e) => (e.ev === 'result' && e.kill) || e.ev === 'error' || e.ev === 'not-compiling');
      if (!interrupted && (bad || clean.timedOut || clean.events.filter((e) => e.ev === 'result').length !== o.suite.length)) {
        throw new MutateError(`the clean DUT does not pass the suite, so it measures nothing: ${bad ? JSON.stringify(bad) : clean.timedOut ? `${clean.timedOut.scenario} seed ${clean.timedOut.seed} exceeded --timeout-s ${o.timeoutS}` : clean.stderr.trim().slice(-300)}`);
      }
    }
    let next = 0;
    const texts = new Map<string, string>();
    const worker = async (): Promise<void> => {
      while (!interrupted && next < sites.length) {
        const site = sites[next++]!;
        const id = mutantId(site);
        if (!texts.has(site.file)) texts.set(site.file, readFileSync(site.file, 'utf8'));
        const head = { id, file: rel(site.file), line: site.line, operator: site.operator, original: site.original, replacement: site.replacement, closestBin: closestBin(texts.get(site.file)!, site) };
        const t0 = Date.now();
        let r: MutantResult;
        if (site.equivalent) r = { ...head, status: 'equivalent', reason: site.equivalent, runs: 0, buildMs: 0, ms: 0 };
        else {
          const { events, timedOut, stderr } = await runJob(jobInput(o, id, site), o.timeoutS, live);
          if (interrupted) break;
          r = { ...head, ...outcome(site, events, timedOut, stderr), ms: Date.now() - t0 };
        }
        mutants.push(r);
        o.log?.(`  ${String(mutants.length).padStart(3)}/${sites.length} ${r.status.padEnd(13)} ${r.file}:${r.line} ${r.operator} ${oneLine(r.original)} -> ${oneLine(r.replacement)}` +
          (r.killedBy ? `  [${r.killedBy.kind} in ${r.killedBy.scenario} seed ${r.killedBy.seed}]` : '') + `  ${Math.round(r.ms / 1000)} s`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    killAll();
  }
  return summarise(mutants, o, interrupted);
}

export function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

export function summarise(mutants: MutantResult[], o: Pick<MutateOptions, 'dut' | 'suite' | 'compare'> & { seed: number; sitesTotal: number }, interrupted: boolean): MutateReport {
  const counts: Record<MutantStatus, number> = { killed: 0, survived: 0, equivalent: 0, 'not-compiling': 0, error: 0 };
  const killsByScenario: Record<string, number> = {};
  const killsByKind: Partial<Record<KillKind, number>> = {};
  for (const m of mutants) {
    counts[m.status]++;
    if (m.killedBy) {
      killsByScenario[m.killedBy.scenario] = (killsByScenario[m.killedBy.scenario] ?? 0) + 1;
      killsByKind[m.killedBy.kind] = (killsByKind[m.killedBy.kind] ?? 0) + 1;
    }
  }
  const denom = counts.killed + counts.survived;
  return {
    dut: { top: o.dut.top, width: o.dut.width, defines: o.dut.defines }, suite: o.suite, compare: o.compare, seed: o.seed, sitesTotal: o.sitesTotal,
    mutants, counts, score: denom > 0 ? counts.killed / denom : null, killsByScenario, killsByKind, interrupted,
  };
}

export function formatReport(r: MutateReport): string {
  const c = r.counts;
  const lines = [
    `mutation score ${r.score === null ? 'n/a' : `${(r.score * 100).toFixed(1)} %`}: ${c.killed} killed / (${r.mutants.length} mutants - ${c.equivalent} equivalent - ${c['not-compiling']} not compiling${c.error ? ` - ${c.error} errors` : ''})` +
      `  [${r.dut.top} w${r.dut.width}, compare=${r.compare}, seed ${r.seed}, ${r.sitesTotal} sites${r.interrupted ? ', INTERRUPTED' : ''}]`,
    `suite: ${r.suite.map(suiteRunName).join(', ')}`,
    `kills by scenario: ${Object.entries(r.killsByScenario).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `kills by kind: ${Object.entries(r.killsByKind).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  ];
  const list = (status: MutantStatus, title: string): void => {
    const ms = r.mutants.filter((m) => m.status === status);
    if (ms.length === 0) return;
    lines.push(`${title} (${ms.length}):`);
    for (const m of ms) lines.push(`  ${m.file}:${m.line} ${m.operator} ${oneLine(m.original)} -> ${oneLine(m.replacement)}${m.closestBin ? `  closest bin ${m.closestBin}` : ''}${status === 'survived' ? '' : `  — ${oneLine(m.reason ?? '', 100)}`}`);
  };
  list('survived', 'survivors (outputs identical to the clean DUT\'s on every run of the suite)');
  list('equivalent', 'equivalent (cannot be observed)');
  list('not-compiling', 'not compiling');
  list('error', 'errors (tool problems, not counted)');
  return lines.join('\n');
}

/** JUnit: one testcase per mutant (a survivor is a failure of the suite, equivalent/not compiling skipped). */
export function mutateJunit(r: MutateReport): string {
  const attrs = (o: Record<string, string | number>): string => Object.entries(o).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const skipped = r.counts.equivalent + r.counts['not-compiling'];
  out.push(`<testsuites${attrs({ name: 'virtio-cosim mutate', tests: r.mutants.length, failures: r.counts.survived, errors: r.counts.error, skipped })}>`);
  out.push(`  <testsuite${attrs({ name: `mutate compare=${r.compare}`, tests: r.mutants.length, failures: r.counts.survived, errors: r.counts.error, skipped })}>`);
  for (const m of r.mutants) {
    out.push(`    <testcase${attrs({ classname: `mutate.${m.file.replace(/[^A-Za-z0-9_]/g, '_')}`, name: `${m.file}:${m.line} ${m.operator} ${m.id}`, time: (m.ms / 1000).toFixed(3) })}>`);
    if (m.status === 'survived') out.push(`      <failure${attrs({ type: 'survived', message: `${oneLine(m.original)} -> ${oneLine(m.replacement)} survived the suite` })}/>`);
    else if (m.status === 'error') out.push(`      <error${attrs({ type: 'error', message: m.reason ?? 'error' })}/>`);
    else if (m.status !== 'killed') out.push(`      <skipped${attrs({ message: `${m.status}: ${m.reason ?? ''}` })}/>`);
    out.push(`      <system-out>${xmlEscape(m.killedBy ? `killed by ${m.killedBy.kind} in ${m.killedBy.scenario} seed ${m.killedBy.seed}: ${m.killedBy.detail}` : `${m.status}`)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
