// `virtio-cosim regress`: named scenarios over a seed range, in parallel child processes,
// shardable across machines; live progress, JUnit XML, summary table, per-failure folders with
// the child's output, report and waves, a reproduce command per failure, functional coverage.
// Library parts live in tb/regress (README there).

import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BINS, coverageTable, mergeHits, unhitBins, type BinHits } from '../tb/regress/coverage.js';
import { allJobs, isBreakKind, JobSpecError, parseScenarios, parseSeeds, parseShard, reproduceCommand, shardJobs, type JobOptions, type JobSpec } from '../tb/regress/jobs.js';
import { junitXml } from '../tb/regress/junit.js';
import { runPool, type Finished } from '../tb/regress/pool.js';
import { failureList, Progress, summaryTable } from '../tb/regress/report.js';
import { outputError, writeOutput } from './output.js';
import { BREAKS, MODEL_SCENARIOS } from '../tb/regress/scenarios.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const REGRESS_USAGE = `usage: virtio-cosim regress [options]
  --scenarios a,b,c|all   model-only scenarios (${MODEL_SCENARIOS.map((s) => s.name).join(', ')}) or cosim:NAME; all = every model-only one (default)
  --seeds 1..50|1,5,9     seeds (default 1..10)
  --jobs N                parallel child processes (default 2)
  --shard i/n             run shard i of n (deterministic round-robin over the job list)
  --out DIR               output folder (default .regress/<scenarios>-<seeds>[-shard])
  --junit FILE            JUnit XML (default DIR/junit.xml)
  --timeout S             per-job timeout in seconds (default 120)
  --fail-fast             start no new job after the first failure
  --require-coverage      exit non-zero when a coverage bin is unhit
  --break KIND            model-only: break the device on purpose (${Object.keys(BREAKS).join(', ')})
  --width 64|256          co-sim: DUT data width
  --defines X             co-sim: Verilog defines for scripts/cosim.ts
`;

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

const OPTIONS = {
  scenarios: { type: 'string', default: 'all' }, seeds: { type: 'string', default: '1..10' }, jobs: { type: 'string', default: '2' },
  shard: { type: 'string' }, out: { type: 'string' }, junit: { type: 'string' }, timeout: { type: 'string', default: '120' },
  'fail-fast': { type: 'boolean' }, 'require-coverage': { type: 'boolean' }, break: { type: 'string' }, width: { type: 'string' },
  defines: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

interface Plan {
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];
  specs: JobSpec[];
  jobOptions: JobOptions;
  jobs: number;
  timeoutMs: number;
  shard?: { i: number; n: number };
}

function plan(argv: string[]): Plan {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  const scenarios = parseScenarios(values.scenarios);
  const seeds = parseSeeds(values.seeds);
  const shard = values.shard ? parseShard(values.shard) : undefined;
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new JobSpecError('--jobs', values.jobs, 'is not an integer 1..64');
  const timeoutMs = Number(values.timeout) * 1000;
  // Any finite length works (pool.ts chains timers past Node's 24.8-day limit).
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new JobSpecError('--timeout', values.timeout, 'is not a positive number of seconds');
  if (values.break !== undefined && !isBreakKind(values.break)) throw new JobSpecError('--break', values.break, `is not one of ${Object.keys(BREAKS).join(', ')}`);
  if (values.width !== undefined && values.width !== '64' && values.width !== '256') throw new JobSpecError('--width', values.width, 'is not 64 or 256');
  const jobOptions: JobOptions = { break: values.break as JobOptions['break'], width: values.width ? (Number(values.width) as 64 | 256) : undefined, defines: values.defines };
  const everything = allJobs(scenarios, seeds);
  return { values, specs: shard ? shardJobs(everything, shard) : everything, jobOptions, jobs, timeoutMs, shard };
}

export async function regressMain(argv: string[]): Promise<number> {
  let p: Plan;
  try {
    p = plan(argv);
  } catch (e) {
    process.stderr.write(`regress: ${(e as Error).message}\n${REGRESS_USAGE}`);
    return 2;
  }
  const { values, specs, jobOptions, jobs, timeoutMs, shard } = p;
  if (values.help) {
    process.stdout.write(REGRESS_USAGE);
    return 0;
  }

  const outDir = resolve(values.out ?? defaultOut(values.scenarios, values.seeds, values.shard));
  const junitFile = resolve(values.junit ?? join(outDir, 'junit.xml'));
  // An output folder that cannot be made is one line, before any job runs (scripts/output.ts).
  try {
    rmSync(join(outDir, 'failures'), { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    process.stderr.write(`regress: ${outputError(outDir, e).message}\n`);
    return 1;
  }
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
  const skippedWithCmd = skipped.map((s) => ({ ...s, reproduce: reproduceCommand(s, jobOptions) }));
  const failed = finished.filter((f) => f.result.status !== 'pass').map((f) => ({ ...f, folder: folders.get(f.spec.index) }));
  const text = [summaryTable(finished, skipped), failureList(failed), coverageTable(coverage)].filter(Boolean).join('\n\n');
  try {
    try {
      mkdirSync(dirname(junitFile), { recursive: true });
    } catch (e) {
      throw outputError(junitFile, e);
    }
    writeOutput(junitFile, junitXml(finished, skippedWithCmd));
    writeOutput(join(outDir, 'summary.txt'), `${text}\n`);
    writeOutput(join(outDir, 'coverage.json'), `${JSON.stringify(coverage, null, 2)}\n`);
  } catch (e) {
    // The summary is still shown; the file that could not be written is one line.
    say(`\n${text}\n`);
    process.stderr.write(`regress: ${(e as Error).message}\n`);
    return 1;
  }
  say(`\n${text}\n\nJUnit: ${junitFile}\n`);

  const unhit = unhitBins(coverage, BINS);
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

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  void regressMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
