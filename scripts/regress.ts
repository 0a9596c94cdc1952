// `virtio-cosim regress`: named scenarios over a seed range, in parallel child processes,
// shardable across machines; live progress, JUnit XML, summary table, per-failure folders with
// the child's output, report and waves, a reproduce command per failure, functional coverage.
// Library parts live in tb/regress (README there).

import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { binsOf, coverageFile, coverageTable, mergeHits, unhitBins, type BinHits, type CoverageSet } from '../tb/regress/coverage.js';
import { allJobs, JobSpecError, parseScenarios, parseSeeds, parseShard, reproduceCommand, shardJobs, type JobOptions, type JobSpec } from '../tb/regress/jobs.js';
import { junitXml } from '../tb/regress/junit.js';
import { runPool, type Finished } from '../tb/regress/pool.js';
import { failureList, Progress, summaryTable } from '../tb/regress/report.js';
import { BREAKS, MODEL_SCENARIOS, type BreakKind } from '../tb/regress/scenarios.js';
import { exitWith, isMainModule, makeOutputDir, runCommand, UsageError, writeOutput, type CommandSpec, type Parsed } from './args.js';
import { parseDefines } from './cosim.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Node's timers hold at most 2^31-1 ms; a longer per-job timeout would fire at once. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export const REGRESS_COMMAND = {
  name: 'virtio-cosim regress',
  summary: 'Named scenarios over a seed range in parallel child processes (shardable): JUnit XML, summary, coverage, a folder and a reproduce command per failure.',
  options: {
    scenarios: { kind: 'string', meta: 'a,b|all', default: 'all', help: `model-only scenarios (${MODEL_SCENARIOS.map((s) => s.name).join(', ')}) or cosim:NAME (tb/cosim scenarios); all = every model-only one` },
    seeds: { kind: 'string', meta: '1..50|1,5,9', default: '1..10', help: 'seeds' },
    jobs: { kind: 'int', min: 1, max: 64, default: 2, help: 'parallel child processes' },
    shard: { kind: 'string', meta: 'i/n', help: 'run shard i of n (deterministic round-robin over the job list)' },
    out: { kind: 'string', meta: 'DIR', help: 'output folder (default .regress/<scenarios>-<seeds>[-shard])' },
    junit: { kind: 'string', meta: 'FILE', help: 'JUnit XML (default DIR/junit.xml)' },
    timeout: { kind: 'float', meta: 'S', min: 1, max: MAX_TIMEOUT_S, default: 120, help: 'per-job timeout in seconds' },
    'fail-fast': { kind: 'flag', help: 'start no new job after the first failure' },
    'require-coverage': { kind: 'flag', help: 'exit 1 when a coverage bin is unhit' },
    break: { kind: 'enum', values: Object.keys(BREAKS) as BreakKind[], help: 'model-only: break the device on purpose' },
    width: { kind: 'enum', values: ['64', '256'] as const, help: 'co-sim: DUT data width' },
    defines: { kind: 'string', meta: 'A,B', help: 'co-sim: Verilog defines for every cosim job' },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, help: 'co-sim: comparison level of every cosim job (default exact)' },
    timing: { kind: 'enum', values: ['fail', 'warn'] as const, help: 'co-sim: timing divergences at the exact level (default fail)' },
    top: { ...DUT_OPTIONS.top, help: 'co-sim: top module of your design (with --rtl; as cosim)' },
    rtl: { ...DUT_OPTIONS.rtl, help: 'co-sim: your sources (file, folder or .f list; repeatable)' },
    incdir: { ...DUT_OPTIONS.incdir, help: 'co-sim: include folder (repeatable)' },
    param: { ...DUT_OPTIONS.param, help: 'co-sim: top-level parameter K=V (repeatable)' },
    device: { kind: 'string', meta: 'FILE', help: 'co-sim: device description of your design (docs/device-description.md)' },
    profile: { ...PROFILE_OPTION, help: 'co-sim: timing profile of your design (`calibrate` writes one; docs/exact-level.md)' },
    'coverage-html': { kind: 'string', meta: 'DIR', help: 'co-sim: RTL line/toggle coverage (a Verilator --coverage build) and an HTML report of it and the functional bins in DIR (DIR/index.html)' },
  },
  epilogue: 'exit status: 0 all passed, 1 a job failed or was skipped (or a bin unhit with --require-coverage), 2 usage error\nexample: npx virtio-cosim regress --scenarios traffic,wrap,cosim:traffic --seeds 1..20 --jobs 2',
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
  jobOptions: JobOptions;
  shard?: { i: number; n: number };
}

/** The job list; every name and value is checked before a job starts (UsageError, one line). */
function plan(values: Values): Plan {
  try {
    const scenarios = parseScenarios(values.scenarios, SCENARIOS.map((s) => s.name));
    const seeds = parseSeeds(values.seeds);
    const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
    const defines = values.defines === undefined ? undefined : parseDefines(REGRESS_COMMAND.name, values.defines, []).join(',');
    // A user's design goes to every cosim job as the same options, paths made absolute (the jobs run from the repository root).
    dutFromValues(REGRESS_COMMAND.name, { ...values, define: [], defines: undefined, width: '64' });
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
      dutArgs: dutArgs.length ? dutArgs : undefined,
      rtlCoverageDir: values['coverage-html'] === undefined ? undefined : join(resolve(values['coverage-html']), 'dat'),
    };
    const everything = allJobs(scenarios, seeds);
    return { specs: shard ? shardJobs(everything, shard) : everything, jobOptions, shard };
  } catch (e) {
    if (e instanceof JobSpecError) throw new UsageError(`${REGRESS_COMMAND.name}: ${e.message}`);
    throw e;
  }
}

export function regressMain(argv: string[]): Promise<number> {
  return runCommand(REGRESS_COMMAND, argv, ({ values }) => regress(values));
}

async function regress(values: Values): Promise<number> {
  const { specs, jobOptions, shard } = plan(values);
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
  say(`regress: ${specs.length} jobs${shard ? ` (shard ${shard.i}/${shard.n})` : ''}, ${jobs} at a time, timeout ${timeoutMs / 1000} s, output ${outDir}\n`);

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
  const sets = [...new Set(specs.map((s): CoverageSet => (s.scenario.startsWith('cosim:') ? `rtl-w${jobOptions.width ?? 64}` : 'model')))];
  const bins = binsOf(sets);
  const passed = finished.filter((f) => f.result.status === 'pass').length;
  const skippedWithCmd = skipped.map((s) => ({ ...s, reproduce: reproduceCommand(s, jobOptions) }));
  const failed = finished.filter((f) => f.result.status !== 'pass').map((f) => ({ ...f, folder: folders.get(f.spec.index) }));
  const text = [summaryTable(finished, skipped), failureList(failed), coverageTable(coverage, bins)].filter(Boolean).join('\n\n');
  try {
    writeOutput(junitFile, junitXml(finished, skippedWithCmd, undefined, `compare=${jobOptions.compare ?? 'exact'}`));
    writeOutput(join(outDir, 'summary.txt'), `${text}\n`);
    writeOutput(join(outDir, 'coverage.json'), `${JSON.stringify(coverageFile(coverage, passed, sets), null, 2)}\n`);
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

  const unhit = unhitBins(coverage, bins);
  if (interrupted) {
    say(`regress: interrupted by ${interrupted}: ${finished.length} of ${specs.length} jobs ran (JUnit written)\n`);
    return interrupted === 'SIGINT' ? 130 : 143;
  }
  if (failed.length || skipped.length) return 1;
  if (values['require-coverage'] && unhit.length) {
    say(`regress: --require-coverage: ${unhit.length} bin(s) unhit\n`);
    return 1;
  }
  return 0;
}

if (isMainModule(import.meta.url)) exitWith(await regressMain(process.argv.slice(2)));
