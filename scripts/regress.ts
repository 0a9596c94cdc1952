// `virtio-cosim regress`: named scenarios over a seed range, in parallel child processes,
// shardable across machines; live progress, JUnit XML, summary table, per-failure folders with
// the child's output, report and waves, a reproduce command per failure, functional coverage.
// `virtio-cosim regress merge --out DIR SHARD_DIR...` joins the shards' results (JUnit, coverage,
// failures) and applies --require-coverage to the whole. Library parts live in tb/regress (README there).

import { cpSync, existsSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildFailed, buildDut, DutSourceError, REFERENCE_DUT } from '../rtl-bridge/client/dut-build.js';
import { dutSpecOf, type BuildOptions } from '../rtl-bridge/client/process.js';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { binsOf, coverageFile, coverageTable, mergeHits, unhitBins, type BinHits, type CoverageSet } from '../tb/regress/coverage.js';
import { allJobs, isCosim, jobArgs, JobSpecError, shellQuote, parseScenarios, parseSeeds, parseShard, reproduceCommand, shardJobs, type JobOptions, type JobSpec } from '../tb/regress/jobs.js';
import { junitXml, type JunitCase, type RunLabel } from '../tb/regress/junit.js';
import { mergeRuns, parseResultsFile, planKey, RESULTS_FORMAT, ResultsFileError, type ResultsFile, type RunRecord } from '../tb/regress/merge.js';
import { runPool, type Finished } from '../tb/regress/pool.js';
import { failureList, Progress, summaryTable } from '../tb/regress/report.js';
import { BREAKS, MODEL_SCENARIOS, type BreakKind } from '../tb/regress/scenarios.js';
import { CliError, exitWith, isMainModule, makeOutputDir, readInput, runCommand, runSubcommands, UsageError, writeOutput, type CommandSpec, type Parsed } from './args.js';
import { backpressureOption, COSIM_COMMAND, parseDefines } from './cosim.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Node's timers hold at most 2^31-1 ms; a longer per-job timeout would fire at once. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export const REGRESS_COMMAND = {
  name: 'virtio-cosim regress',
  summary: 'Named scenarios over a seed range in parallel child processes (shardable): JUnit XML, summary, coverage, a folder and a reproduce command per failure.',
  options: {
    scenarios: { kind: 'string', meta: 'all|cosim|model|a,b|DIR', default: 'all', help: `all = every co-simulation scenario on the DUT (reference RTL unless --top/--rtl) and every model-only one; cosim = the co-simulation ones; model = the model-only ones (${MODEL_SCENARIOS.map((s) => s.name).join(', ')}; no RTL); or a list of those names, cosim:NAME (tb/cosim scenarios), your test files and folders of them (docs/your-first-test.md)` },
    seeds: { kind: 'string', meta: '1..50|1,5,9', default: '1..10', help: 'seeds' },
    jobs: { kind: 'int', min: 1, max: 64, default: 2, help: 'parallel child processes' },
    shard: { kind: 'string', meta: 'i/n', help: 'run shard i of n (deterministic round-robin over the job list)' },
    out: { kind: 'string', meta: 'DIR', help: 'output folder (default .regress/<scenarios>-<seeds>[-shard])' },
    junit: { kind: 'string', meta: 'FILE', help: 'JUnit XML (default DIR/junit.xml)' },
    timeout: { kind: 'float', meta: 'S', min: 1, max: MAX_TIMEOUT_S, default: 120, help: 'per-job timeout in seconds' },
    'fail-fast': { kind: 'flag', help: 'start no new job after the first failure' },
    'require-coverage': { kind: 'flag', help: 'exit 1 when a coverage bin is unhit (with --shard: checked by regress merge over all shards, not per shard)' },
    break: { kind: 'enum', values: Object.keys(BREAKS) as BreakKind[], help: 'model-only: break the device on purpose' },
    width: { kind: 'enum', values: ['64', '256'] as const, help: 'co-sim: DUT data width' },
    defines: { kind: 'string', meta: 'A,B', help: 'co-sim: Verilog defines for every cosim job' },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, help: 'co-sim: comparison level of every cosim job (default exact)' },
    timing: { kind: 'enum', values: ['fail', 'warn'] as const, help: 'co-sim: timing divergences at the exact level (default fail)' },
    backpressure: { kind: 'string', meta: 'P|CH=P,...', nonEmpty: true, help: 'co-sim: random back-pressure on the ready signals the DUT sees (cosim --backpressure; the exact level needs --timing warn)' },
    transport: { ...COSIM_COMMAND.options.transport, help: 'co-sim: how each job reaches its simulator (default COSIM_TRANSPORT or zmq)' },
    top: { ...DUT_OPTIONS.top, help: 'co-sim: top module of your design (with --rtl; as cosim)' },
    rtl: { ...DUT_OPTIONS.rtl, help: 'co-sim: your sources (file, folder or .f list; repeatable)' },
    incdir: { ...DUT_OPTIONS.incdir, help: 'co-sim: include folder (repeatable)' },
    param: { ...DUT_OPTIONS.param, help: 'co-sim: top-level parameter K=V (repeatable)' },
    device: { kind: 'string', meta: 'FILE', help: 'co-sim: device description of your design (docs/device-description.md)' },
    profile: { ...PROFILE_OPTION, help: 'co-sim: timing profile of your design (`calibrate` writes one; docs/exact-level.md)' },
    'coverage-html': { kind: 'string', meta: 'DIR', help: 'co-sim: RTL line/toggle coverage (a Verilator --coverage build) and an HTML report of it and the functional bins in DIR (DIR/index.html)' },
  },
  epilogue: [
    'exit status: 0 all passed, 1 a job failed or was skipped (or a bin unhit with --require-coverage), 2 usage error, 130/143 interrupted',
    'example: npx virtio-cosim regress --scenarios traffic,wrap,cosim:traffic --seeds 1..20 --jobs 2',
    'example: npx virtio-cosim regress --top my_nic --rtl hw/ --scenarios cosim,./tests/ --seeds 1..20 --shard 1/4 --out out/s1',
    'then:    npx virtio-cosim regress merge --out out/all --require-coverage out/s1 out/s2 out/s3 out/s4   (docs/ci.md)',
  ].join('\n'),
} satisfies CommandSpec;

function defaultOut(scenarios: string, seeds: string, shard?: string): string {
  let name = `${scenarios}-${seeds}${shard ? `-shard${shard.replace('/', 'of')}` : ''}`.replace(/[^A-Za-z0-9.,_-]/g, '_');
  if (name.length > 80) {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    name = `${name.slice(0, 70)}-${(h >>> 0).toString(16)}`;
  }
  return join('.regress', name);
}

/** Folder for one failing job: output, report, reproduce command, copies of its wave files. */
function keepFailure(outDir: string, f: Finished): string {
  const dir = join(outDir, 'failures', `${f.spec.scenario.replace(/[^A-Za-z0-9._-]/g, '_')}-seed${f.spec.seed}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'output.txt'), f.output.endsWith('\n') ? f.output : `${f.output}\n`);
  writeFileSync(join(dir, 'report.txt'), `${f.result.status}: ${f.result.failure ?? ''}\n\n${f.result.report ?? ''}\n`);
  writeFileSync(join(dir, 'reproduce.sh'), `#!/bin/sh\n# run from the repository root\n${f.reproduce}\n`);
  writeFileSync(join(dir, 'result.json'), `${JSON.stringify(f.result, null, 2)}\n`);
  for (const a of f.result.artifacts) {
    const p = isAbsolute(a) ? a : join(ROOT, a);
    if (/\.(vcd|fst)$/.test(a) && existsSync(p)) copyFileSync(p, join(dir, basename(a)));
  }
  return dir;
}

type Values = Parsed<typeof REGRESS_COMMAND.options>['values'];

interface Plan {
  specs: JobSpec[];
  /** Jobs in the whole (unsharded) list. */
  total: number;
  jobOptions: JobOptions;
  label: RunLabel;
  /** The DUT every co-simulation job builds (built once before the jobs start). */
  build: BuildOptions;
  shard?: { i: number; n: number };
  /** Same for every shard of one regression (merge checks completeness by it). */
  key: string;
  description: string;
}

/** Options that only a co-simulation job uses: given with no co-simulation job, they would be ignored. */
const COSIM_ONLY = ['top', 'rtl', 'incdir', 'param', 'device', 'width', 'defines', 'compare', 'timing', 'transport', 'backpressure'] as const;

/** The job list; every name and value is checked before a job starts (UsageError, one line). */
function plan(values: Values): Plan {
  try {
    const scenarios = parseScenarios(values.scenarios, SCENARIOS.map((s) => s.name));
    const seeds = parseSeeds(values.seeds);
    const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
    const defines = values.defines === undefined ? undefined : parseDefines(REGRESS_COMMAND.name, values.defines, []).join(',');
    // A user's design goes to every cosim job as the same options, paths made absolute (the jobs run from the repository root).
    const build = dutFromValues(REGRESS_COMMAND.name, { ...values, define: [], defines: defines ? defines.split(',') : undefined, width: values.width ?? '64' });
    // Co-simulation whenever a DUT is given: DUT options with only model-only scenarios would run no RTL.
    const given = COSIM_ONLY.filter((k) => { const v = values[k]; return Array.isArray(v) ? v.length > 0 : v !== undefined; });
    if (given.length && !scenarios.some(isCosim)) {
      throw new UsageError(`${REGRESS_COMMAND.name}: --${given[0]} is for co-simulation jobs but --scenarios ${JSON.stringify(values.scenarios)} has none (model-only, no RTL); add cosim:NAME, a test file or folder, or use --scenarios cosim|all`);
    }
    const dutArgs = [
      ...(values.top ? ['--top', values.top] : []),
      ...values.rtl.flatMap((r) => ['--rtl', resolve(r)]),
      ...values.incdir.flatMap((d) => ['--incdir', resolve(d)]),
      ...values.param.flatMap((p) => ['--param', p]),
      ...(values.device ? ['--device', resolve(values.device)] : []),
      ...(values.profile ? ['--profile', resolve(values.profile)] : []),
    ];
    const jobOptions: JobOptions = {
      break: values.break, width: values.width ? (Number(values.width) as 64 | 256) : undefined, defines, compare: values.compare, timing: values.timing,
      ...(values.backpressure !== undefined ? { backpressure: (backpressureOption(REGRESS_COMMAND.name, values.backpressure, values.compare ?? 'exact', values.timing ?? 'fail'), values.backpressure) } : {}),
      transport: values.transport, dutArgs: dutArgs.length ? dutArgs : undefined,
      rtlCoverageDir: values['coverage-html'] === undefined ? undefined : join(resolve(values['coverage-html']), 'dat'),
    };
    const label: RunLabel = {
      top: values.top ?? REFERENCE_DUT.top, rtl: values.rtl.length ? values.rtl.map((r) => resolve(r)).join(',') : 'reference',
      width: jobOptions.width ?? 64, defines: defines ?? '', compare: values.compare ?? 'exact', timing: values.timing ?? 'fail',
      transport: values.transport ?? process.env.COSIM_TRANSPORT ?? 'zmq', break: values.break,
    };
    const everything = allJobs(scenarios, seeds);
    // the options that make this job list differ from another with the same scenarios and seeds
    const options = [...jobArgs({ scenario: 'cosim:x', seed: 0 }, jobOptions).args.slice(4), ...(values.break ? ['--break', values.break] : [])];
    const description = ['--scenarios', values.scenarios, '--seeds', values.seeds, ...options].map(shellQuote).join(' ');
    return {
      specs: shard ? shardJobs(everything, shard) : everything, total: everything.length, jobOptions, label, build, shard,
      key: planKey(JSON.stringify({ scenarios, seeds, jobOptions })), description,
    };
  } catch (e) {
    if (e instanceof JobSpecError) throw new UsageError(`${REGRESS_COMMAND.name}: ${e.message}`);
    throw e;
  }
}

/** What runs on what, said once at the start and again above the summary. */
function describeRun(specs: readonly JobSpec[], label: RunLabel): string {
  const cosim = specs.filter((s) => isCosim(s.scenario)).length;
  const model = specs.length - cosim;
  if (cosim === 0) return `MODEL ONLY: ${model} jobs on the golden model alone, no RTL is run (co-simulate with cosim:NAME, --scenarios cosim|all or a test folder)`;
  const dut = `${label.top} (${label.rtl === 'reference' ? 'reference RTL' : label.rtl}) w${label.width}${label.defines ? ` defines ${label.defines}` : ''} compare ${label.compare}`;
  return `${cosim} co-simulation jobs on ${dut}${model ? `, ${model} model-only jobs (no RTL)` : ''}`;
}

/**
 * Builds (or finds cached) the DUT's simulator once before the jobs start, so that no job spends
 * its --timeout on a 1-3 minute Verilator build (the jobs then find it in the content-keyed cache).
 * A DUT that does not build: its BuildFailed (the caller writes the JUnit and summary, then exits
 * 1); bad sources: exit 2 before any job runs.
 */
async function prebuild(opts: BuildOptions, say: (s: string) => void): Promise<BuildFailed | null> {
  const t0 = performance.now();
  try {
    const { dut } = await buildDut({ ...dutSpecOf(opts), trace: false });
    for (const w of dut.warnings) say(`regress: warning: ${w}\n`);
    say(`regress: DUT simulator ${dut.top} w${opts.width ?? 64} ready (key ${dut.key}, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    return null;
  } catch (e) {
    if (e instanceof DutSourceError) throw new CliError(e.message, 2);
    if (e instanceof BuildFailed) {
      process.stderr.write(`${e.stderrTail.join('\n')}\n`);
      return e;
    }
    throw e;
  }
}

/**
 * The DUT did not build: the JUnit holds one failing testcase `cosim:build` naming the failure (its
 * report the build log's tail, its reproduce command the first job's), the summary says so and
 * that no job ran; then the failure is the command's one line, exit 1.
 */
function buildFailure(e: BuildFailed, p: { specs: JobSpec[]; jobOptions: JobOptions; label: RunLabel }, what: string, files: { junit: string; summary: string }): never {
  const line = e.message.split('\n')[0]!;
  const spec: JobSpec = { scenario: 'cosim:build', seed: 0, index: 0 };
  const first = p.specs.find((s) => isCosim(s.scenario)) ?? spec;
  const reproduce = reproduceCommand(first, p.jobOptions);
  const finished: Finished = {
    spec, output: e.stderrTail.join('\n'), reproduce,
    result: { scenario: spec.scenario, seed: 0, status: 'error', cycles: 0, compared: {}, coverage: {}, failure: line, report: [line, ...e.stderrTail].join('\n'), artifacts: e.logPath ? [e.logPath] : [], ms: 0 },
  };
  writeOutput(files.junit, junitXml([{ spec, reproduce, label: p.label, finished }]));
  const text = `== run\n${what}\n\n== build failed (no job ran: ${p.specs.length} planned)\n${line}\n  reproduce: ${reproduce}\n`;
  writeOutput(files.summary, text);
  process.stdout.write(`\n${text}\nJUnit: ${files.junit}\n`);
  throw new CliError(line, 1);
}

export function regressMain(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return runSubcommands('virtio-cosim regress', { merge: { summary: MERGE_COMMAND.summary, run: mergeMain } }, argv);
  return runCommand(REGRESS_COMMAND, argv, ({ values }) => regress(values));
}

function writeResults(outDir: string, data: ResultsFile): void {
  writeOutput(join(outDir, 'results.json'), `${JSON.stringify(data)}\n`);
}

async function regress(values: Values): Promise<number> {
  const p = plan(values);
  const { specs, jobOptions, shard, label } = p;
  await loadProfileOption(REGRESS_COMMAND.name, values.profile); // a bad profile is one line before any job starts
  const jobs = values.jobs;
  const timeoutMs = Math.round(values.timeout * 1000);
  const outDir = resolve(values.out ?? defaultOut(values.scenarios, values.seeds, values.shard));
  const junitFile = resolve(values.junit ?? join(outDir, 'junit.xml'));
  makeOutputDir(outDir);
  makeOutputDir(dirname(junitFile));
  if (jobOptions.rtlCoverageDir) makeOutputDir(jobOptions.rtlCoverageDir);
  rmSync(join(outDir, 'failures'), { recursive: true, force: true });
  const say = (s: string): void => {
    process.stdout.write(s);
  };
  const what = describeRun(specs, label);
  say(`regress: ${specs.length} jobs${shard ? ` (shard ${shard.i}/${shard.n} of ${p.total})` : ''}: ${what}; ${jobs} at a time, timeout ${timeoutMs / 1000} s, output ${outDir}\n`);

  if (specs.some((s) => isCosim(s.scenario))) {
    const failed = await prebuild(p.build, say);
    if (failed) buildFailure(failed, p, what, { junit: junitFile, summary: join(outDir, 'summary.txt') });
  }

  const progress = new Progress(specs.length, say, Boolean(process.stdout.isTTY), () => Date.now());
  const folders = new Map<number, string>();
  const { finished, skipped, interrupted } = await runPool(specs, {
    jobs, timeoutMs, jobOptions, root: ROOT, failFast: values['fail-fast'],
    onDone: (f) => {
      if (f.result.status !== 'pass') {
        const dir = keepFailure(outDir, f);
        folders.set(f.spec.index, dir);
        progress.note(`FAIL ${f.spec.scenario} seed ${f.spec.seed}: ${f.result.failure ?? f.result.status}\n  reproduce: ${f.reproduce}`);
      }
      progress.record(f);
    },
  });
  progress.end();

  const coverage: BinHits = {};
  for (const f of finished) if (f.result.status === 'pass') mergeHits(coverage, f.result.coverage);
  // The bins these jobs could fill: model-only ones (BINS) and co-simulation ones (RTL_BINS).
  const sets = [...new Set(specs.map((s): CoverageSet => (isCosim(s.scenario) ? `rtl-w${jobOptions.width ?? 64}` : 'model')))];
  const bins = binsOf(sets);
  const passed = finished.filter((f) => f.result.status === 'pass').length;
  const reason = interrupted ? `interrupted by ${interrupted}` : 'not run (--fail-fast)';
  const skippedWithCmd = skipped.map((s) => ({ ...s, reproduce: reproduceCommand(s, jobOptions), reason }));
  const failed = finished.filter((f) => f.result.status !== 'pass').map((f) => ({ ...f, folder: folders.get(f.spec.index) }));
  const unhit = unhitBins(coverage, bins);
  // A shard cannot judge coverage: other shards may hit what it does not.
  const coverageNote = values['require-coverage'] && shard
    ? `regress: --require-coverage with --shard: not checked here (shard ${shard.i}/${shard.n} hit ${bins.length - unhit.length}/${bins.length} bins); \`regress merge --require-coverage\` checks all shards together`
    : '';
  const text = [`== run\n${what}`, summaryTable(finished, skipped), failureList(failed), coverageTable(coverage, bins), coverageNote].filter(Boolean).join('\n\n');
  const cases: JunitCase[] = [...finished.map((f) => ({ spec: f.spec, reproduce: f.reproduce, label, finished: f })),
    ...skippedWithCmd.map((s) => ({ spec: s, reproduce: s.reproduce, label, skipReason: reason }))].sort((a, b) => a.spec.index - b.spec.index);
  const record: RunRecord = {
    plan: { key: p.key, description: p.description, shard: shard ?? null, jobs: p.total },
    label, finished, skipped: skippedWithCmd, coverage, interrupted,
  };
  try {
    writeOutput(junitFile, junitXml(cases));
    writeOutput(join(outDir, 'summary.txt'), `${text}\n`);
    writeOutput(join(outDir, 'coverage.json'), `${JSON.stringify(coverageFile(coverage, passed, sets), null, 2)}\n`);
    writeResults(outDir, { format: RESULTS_FORMAT, runs: [record] });
  } catch (e) {
    // The summary is still shown; the file that could not be written is one line.
    say(`\n${text}\n`);
    throw e;
  }
  say(`\n${text}\n\nJUnit: ${junitFile}\n`);
  if (values['coverage-html'] !== undefined) {
    const { coverageReport } = await import('../tb/regress/rtl-coverage.js');
    const r = coverageReport({ dir: resolve(values['coverage-html']), coverage: coverageFile(coverage, passed, sets), dats: [jobOptions.rtlCoverageDir!] });
    say(`${r.summary}\ncoverage report: ${r.index}\n`);
  }

  if (interrupted) {
    say(`regress: interrupted by ${interrupted}: ${finished.length} of ${specs.length} jobs ran (JUnit written)\n`);
    return interrupted === 'SIGINT' ? 130 : 143;
  }
  if (failed.length || skipped.length) return 1;
  if (values['require-coverage'] && !shard && unhit.length) {
    say(`regress: --require-coverage: ${unhit.length} bin(s) unhit\n`);
    return 1;
  }
  return 0;
}

export const MERGE_COMMAND = {
  name: 'virtio-cosim regress merge',
  summary: 'Join the results of regress shards (their --out folders, or earlier merges) into one JUnit, summary and coverage; --require-coverage judges the whole.',
  positionals: ['shard_dir...'],
  options: {
    out: { kind: 'string', meta: 'DIR', help: 'output folder of the merged results (required)' },
    junit: { kind: 'string', meta: 'FILE', help: 'merged JUnit XML (default DIR/junit.xml)' },
    'require-coverage': { kind: 'flag', help: 'exit 1 when a coverage bin is unhit over all shards together' },
  },
  epilogue: [
    'Each SHARD_DIR is the --out folder of one `regress --shard i/n` run (its results.json). A shard given twice is refused;',
    'a shard missing from a sharded regression fails the merge (exit 1, named). Failure folders are copied under DIR/failures/.',
    'exit status: 0 all jobs of all shards passed (and every bin hit with --require-coverage), 1 otherwise, 2 usage error or an unreadable shard',
    'example: npx virtio-cosim regress merge --out .regress/all --require-coverage .regress/shard1 .regress/shard2',
  ].join('\n'),
} satisfies CommandSpec;

function mergeMain(argv: string[]): Promise<number> {
  return runCommand(MERGE_COMMAND, argv, ({ values, positionals }) => {
    if (values.out === undefined) throw new UsageError(`${MERGE_COMMAND.name}: --out is required`);
    if (positionals.length === 0) throw new UsageError(`${MERGE_COMMAND.name}: name at least one shard folder`);
    const outDir = resolve(values.out);
    const inputs: { file: string; run: RunRecord }[] = [];
    for (const dir of positionals) {
      const file = join(dir, 'results.json');
      if (resolve(dir) === outDir) throw new UsageError(`${MERGE_COMMAND.name}: shard folder ${dir} is the --out folder`);
      try {
        for (const run of parseResultsFile(file, readInput(file)).runs) inputs.push({ file, run });
      } catch (e) {
        if (e instanceof ResultsFileError) throw new CliError(e.message, 2);
        throw e;
      }
    }
    let m;
    try {
      m = mergeRuns(inputs);
    } catch (e) {
      if (e instanceof ResultsFileError) throw new CliError(e.message, 2);
      throw e;
    }
    const junitFile = resolve(values.junit ?? join(outDir, 'junit.xml'));
    makeOutputDir(outDir);
    makeOutputDir(dirname(junitFile));
    rmSync(join(outDir, 'failures'), { recursive: true, force: true });
    // Failure folders, one set per input folder (two configurations may fail the same scenario and seed).
    positionals.forEach((dir, k) => {
      const from = join(dir, 'failures');
      if (existsSync(from)) cpSync(from, join(outDir, 'failures', `${k + 1}-${basename(resolve(dir))}`), { recursive: true });
    });
    const failed = m.finished.filter((f) => f.result.status !== 'pass');
    // The bins the merged jobs could fill (as in one run: model-only ones, co-simulation ones per width).
    const sets = [...new Set(m.cases.map((c): CoverageSet => (isCosim(c.spec.scenario) ? `rtl-w${c.label.width}` as CoverageSet : 'model')))];
    const bins = binsOf(sets);
    const unhit = unhitBins(m.coverage, bins);
    const cosim = m.finished.filter((f) => isCosim(f.spec.scenario)).length + m.skipped.filter((s) => isCosim(s.scenario)).length;
    const what = `${inputs.length} run(s) from ${positionals.length} folder(s): ${cosim} co-simulation jobs, ${m.cases.length - cosim} model-only jobs${cosim ? '' : ' (MODEL ONLY: no RTL was run)'}`;
    // Runs of several configurations: the table keeps them apart as the JUnit classnames do.
    const configs = new Set(m.runs.map((r) => JSON.stringify(r.label)));
    const row = (c: JunitCase): string => (configs.size > 1 && isCosim(c.spec.scenario)
      ? `${c.spec.scenario} [${c.label.top} w${c.label.width}${c.label.defines ? ` ${c.label.defines}` : ''} ${c.label.compare}]` : c.spec.scenario);
    const lines = [
      `== merge\n${what}`,
      summaryTable(m.cases.flatMap((c) => (c.finished ? [{ ...c.finished, spec: { ...c.spec, scenario: row(c) } }] : [])),
        m.cases.filter((c) => !c.finished).map((c) => ({ ...c.spec, scenario: row(c) }))),
      failureList(failed),
      coverageTable(m.coverage, bins),
      m.missing.length ? `== missing shards\n${m.missing.join('\n')}` : '',
    ].filter(Boolean).join('\n\n');
    writeOutput(junitFile, junitXml(m.cases));
    writeOutput(join(outDir, 'summary.txt'), `${lines}\n`);
    writeOutput(join(outDir, 'coverage.json'), `${JSON.stringify(coverageFile(m.coverage, m.finished.filter((f) => f.result.status === 'pass').length, sets), null, 2)}\n`);
    writeResults(outDir, { format: RESULTS_FORMAT, runs: m.runs });
    process.stdout.write(`${lines}\n\nJUnit: ${junitFile}\n`);
    let code = 0;
    const fail = (s: string): void => {
      process.stdout.write(`regress merge: ${s}\n`);
      code = 1;
    };
    if (m.missing.length) fail(`${m.missing.length} shard(s) missing: ${m.missing.join('; ')}`);
    if (m.runs.some((r) => r.interrupted)) fail('a shard was interrupted');
    if (failed.length || m.skipped.length) fail(`${failed.length} job(s) failed, ${m.skipped.length} not run`);
    if (values['require-coverage'] && unhit.length) fail(`--require-coverage: ${unhit.length} bin(s) unhit over all shards: ${unhit.map((b) => b.name).join(', ')}`);
    return code;
  });
}

if (isMainModule(import.meta.url)) exitWith(await regressMain(process.argv.slice(2)));
