// Child entry for model-only regression jobs (protocol.ts).
//
//   npx tsx tb/regress/model-job.ts --scenario traffic --seed 7 [--break tx-corrupt]
//       one job: its log, then one REGRESS-RESULT line; exit 0 pass, 1 fail, 2 bad arguments
//   node --import tsx tb/regress/model-job.ts --serve
//       worker: one JSON job per stdin line ({"scenario","seed","break"?}), one result line each

import { createInterface } from 'node:readline';
import { isBreakKind } from './jobs.js';
import { runModelJob, type ModelJob } from './model-run.js';
import { formatResult } from './protocol.js';
import { BREAKS, MODEL_SCENARIOS, type BreakKind } from './scenarios.js';
import { exitWith, parseOrExit, runCommand, UsageError, type CommandSpec } from '../../scripts/args.js';

function emit(job: ModelJob): number {
  const { result, output } = runModelJob(job);
  const text = output.join('\n');
  if (text) process.stdout.write(`${text}\n`);
  if (result.report) process.stdout.write(`---- report\n${result.report}\n----\n`);
  process.stdout.write(`${formatResult(result)}\n`);
  return result.status === 'pass' ? 0 : 1;
}

function parseJob(o: { scenario?: unknown; seed?: unknown; break?: unknown }): ModelJob {
  const seed = typeof o.seed === 'string' ? Number(o.seed) : o.seed;
  if (typeof o.scenario !== 'string') throw new Error(`--scenario ${String(o.scenario)} is missing`);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw new Error(`--seed ${String(o.seed)} is not a non-negative integer`);
  if (o.break !== undefined && (typeof o.break !== 'string' || !isBreakKind(o.break))) throw new Error(`--break ${String(o.break)} is not a known breakage`);
  return { scenario: o.scenario, seed, break: o.break as ModelJob['break'] };
}

const MODEL_JOB_COMMAND = {
  name: 'tb/regress/model-job.ts',
  summary: 'One model-only regression job (its log, then one REGRESS-RESULT line), or --serve: a worker taking JSON jobs on stdin.',
  options: {
    scenario: { kind: 'string', meta: 'NAME', help: 'model-only scenario (tb/regress/scenarios.ts)' },
    seed: { kind: 'int', min: 0, max: 0x7fff_ffff },
    break: { kind: 'enum', values: Object.keys(BREAKS) as BreakKind[], help: 'break the device on purpose' },
    serve: { kind: 'flag', help: 'worker mode: one JSON job per stdin line' },
  },
  epilogue: 'exit status: 0 pass, 1 fail, 2 usage error',
} satisfies CommandSpec;

const { values } = parseOrExit(MODEL_JOB_COMMAND, process.argv.slice(2));
if (values.serve) {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let job: ModelJob;
    try {
      job = parseJob(JSON.parse(line) as Record<string, unknown>);
    } catch (e) {
      process.stdout.write(`bad job line: ${(e as Error).message}\n`);
      process.exit(2);
    }
    emit(job);
  });
} else {
  exitWith(await runCommand(MODEL_JOB_COMMAND, [], () => {
    if (values.scenario === undefined) throw new UsageError(`${MODEL_JOB_COMMAND.name}: --scenario is required (or --serve)`);
    if (values.seed === undefined) throw new UsageError(`${MODEL_JOB_COMMAND.name}: --seed is required`);
    if (!MODEL_SCENARIOS.some((s) => s.name === values.scenario)) {
      throw new UsageError(`${MODEL_JOB_COMMAND.name}: --scenario ${JSON.stringify(values.scenario)} is not one of ${MODEL_SCENARIOS.map((s) => s.name).join(', ')}`);
    }
    return emit({ scenario: values.scenario, seed: values.seed, break: values.break });
  }));
}
