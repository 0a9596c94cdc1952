// Child entry for model-only regression jobs (protocol.ts).
//
//   npx tsx tb/regress/model-job.ts --scenario traffic --seed 7 [--break tx-corrupt]
//       one job: its log, then one REGRESS-RESULT line; exit 0 pass, 1 fail, 2 bad arguments
//   node --import tsx tb/regress/model-job.ts --serve
//       worker: one JSON job per stdin line ({"scenario","seed","break"?}), one result line each

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isBreakKind } from './jobs.js';
import { runModelJob, type ModelJob } from './model-run.js';
import { formatResult } from './protocol.js';

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

function main(): void {
  const { values } = parseArgs({
    options: { scenario: { type: 'string' }, seed: { type: 'string' }, break: { type: 'string' }, serve: { type: 'boolean' } },
    strict: true,
  });
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
    return;
  }
  let job: ModelJob;
  try {
    job = parseJob(values);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: model-job.ts --scenario NAME --seed N [--break KIND] | --serve\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = emit(job);
}

main();
