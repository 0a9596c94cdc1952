// `make fuzz`: every fuzz target in turn for --seconds each (see README.md).
import { runCommand, type CommandSpec } from '../../scripts/args.js';
import { fuzzTarget, formatFailure } from './fuzz.js';
import { TARGETS } from './targets.js';

const spec = {
  name: 'fuzz',
  summary: 'Seeded, time-bounded fuzzing of the TLP codec, the function registers, random rings through the model, the vector readers and the timing-profile loader.',
  options: {
    seconds: { kind: 'float', min: 0.001, max: 86_400, default: 10, help: 'time per target' },
    seed: { kind: 'int', min: -0x8000_0000, max: 0x7fff_ffff, default: 1, help: 'seed of the first case (case k uses seed + k)' },
    cases: { kind: 'int', min: 1, help: 'at most this many cases per target' },
    target: { kind: 'csv', values: TARGETS.map((t) => t.name), help: 'targets to run (default: all)' },
  },
  epilogue: 'Exit 0 when no case failed, 1 at the first failure (its seed and the command that reproduces it).',
} satisfies CommandSpec;

export async function fuzzMain(argv: readonly string[]): Promise<number> {
  return runCommand(spec, argv, ({ values }) => {
    const chosen = values.target ? TARGETS.filter((t) => values.target!.includes(t.name)) : TARGETS;
    let failed = false;
    for (const t of chosen) {
      const r = fuzzTarget(t, { seed: values.seed, ms: values.seconds * 1000, maxCases: values.cases });
      process.stdout.write(`${t.name.padEnd(10)} ${String(r.cases).padStart(8)} cases  ${String(r.refused).padStart(8)} refused with a typed error  ${r.failure ? 'FAILED' : 'ok'}\n`);
      if (r.failure) {
        process.stdout.write(`${formatFailure(r.failure)}\n${r.failure.stack}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fuzzMain(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
