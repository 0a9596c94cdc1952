// `virtio-cosim vectors ...` subcommands (dispatched from scripts/cli.ts), parsed by scripts/args.ts:
//   vectors gen --scenario S --seed N --out DIR [--width 64|128|256] [--tolerance B[,A]] [--frames N]
//       writes DIR/S-N-wW.jsonl and DIR/S-N-wW.hex
//   vectors check FILE...   validates each file (either form, LF or CRLF lines); exit 1 on the first error

import { join } from 'node:path';
import { makeOutputDir, readInput, required, runCommand, runSubcommands, UsageError, writeOutput, type CommandSpec } from '../scripts/args.js';
import { readVector, summarise, writeHex, writeJsonl, VectorFormatError } from './format.js';
import { GenError, SCENARIOS, generate } from './gen.js';
import { TimingProfileError } from '../model/timing/profile.js';
import { loadProfileFile } from '../tb/cosim/profile-file.js';

export const GEN_COMMAND = {
  name: 'virtio-cosim vectors gen',
  summary: 'Generate one test vector with the golden model: DIR/S-N-wW.jsonl and DIR/S-N-wW.hex (vectors/FORMAT.md).',
  options: {
    scenario: { kind: 'enum', values: SCENARIOS, help: 'what the driver does (required)' },
    seed: { kind: 'int', min: 0, max: 0xffff_ffff, help: 'stimulus seed (required)' },
    out: { kind: 'string', meta: 'DIR', help: 'output folder, created if missing (required)' },
    width: { kind: 'enum', values: ['64', '128', '256'] as const, default: '64', help: 'TLP_DATA_WIDTH' },
    tolerance: { kind: 'string', meta: 'B[,A]', help: 'cycles accepted before[,after] each predicted cycle (default: the timing profile\'s)' },
    frames: { kind: 'int', min: 1, max: 100_000, default: 4, help: 'frames for the tx and rx scenarios' },
    profile: { kind: 'string', meta: 'FILE', help: 'timing profile JSON the model stamps cycles with (and its tolerance; `calibrate` writes one); default model/timing/reference-rtl.json' },
  },
  epilogue: 'example: npx virtio-cosim vectors gen --scenario tx --seed 1 --out vectors/out',
} satisfies CommandSpec;

export const CHECK_COMMAND = {
  name: 'virtio-cosim vectors check',
  summary: 'Validate vector files (JSONL or $readmemh hex, LF or CRLF line ends); exit 1 at the first invalid one.',
  options: {},
  positionals: ['file...'],
} satisfies CommandSpec;

/** Output file base name for a generated vector. */
export function vectorBaseName(scenario: string, seed: number, width: number): string {
  return `${scenario}-${seed}-w${width}`;
}

/** `B` or `B,A`: cycles, each 0..1000000. */
function tolerance(text: string): { before: number; after: number } {
  const m = /^(\d{1,7})(?:,(\d{1,7}))?$/.exec(text);
  const before = m ? Number(m[1]) : NaN;
  const after = m ? Number(m[2] ?? m[1]) : NaN;
  if (!(before <= 1_000_000 && after <= 1_000_000)) throw new UsageError(`${GEN_COMMAND.name}: --tolerance ${JSON.stringify(text)} is not BEFORE[,AFTER] in cycles 0..1000000`);
  return { before, after };
}

function gen(argv: string[]): Promise<number> {
  return runCommand(GEN_COMMAND, argv, ({ values: v }) => {
    const cmd = GEN_COMMAND.name;
    const scenario = required(cmd, 'scenario', v.scenario);
    const seed = required(cmd, 'seed', v.seed);
    const out = required(cmd, 'out', v.out);
    const width = Number(v.width) as 64 | 128 | 256;
    let vector;
    try {
      const profile = v.profile === undefined ? undefined : loadProfileFile(v.profile);
      vector = generate({ scenario, seed, tlpDataWidth: width, tolerance: v.tolerance === undefined ? undefined : tolerance(v.tolerance), frames: v.frames, profile });
    } catch (e) {
      if (e instanceof GenError) throw new UsageError(e.message);
      if (e instanceof TimingProfileError) throw new UsageError(`${cmd}: --profile: ${e.message}`);
      throw e;
    }
    makeOutputDir(out);
    const base = join(out, vectorBaseName(scenario, seed, width));
    writeOutput(`${base}.jsonl`, writeJsonl(vector));
    writeOutput(`${base}.hex`, writeHex(vector));
    console.log(`wrote ${base}.jsonl and ${base}.hex: ${summarise(vector)}`);
    return 0;
  });
}

function check(argv: string[]): Promise<number> {
  return runCommand(CHECK_COMMAND, argv, ({ positionals }) => {
    if (positionals.length === 0) throw new UsageError(`${CHECK_COMMAND.name}: FILE is required (one or more vector files)`);
    for (const f of positionals) {
      try {
        const { vector, form } = readVector(readInput(f));
        console.log(`${f}: OK (${form}) ${summarise(vector)}`);
      } catch (e) {
        if (!(e instanceof VectorFormatError)) throw e;
        process.stderr.write(`${f}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
        return 1;
      }
    }
    return 0;
  });
}

export function vectorsMain(argv: string[]): Promise<number> {
  return runSubcommands('virtio-cosim vectors', {
    gen: { summary: 'generate a test vector with the golden model', run: gen },
    check: { summary: 'validate vector files', run: check },
  }, argv);
}
