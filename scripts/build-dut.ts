// `virtio-cosim build`: builds (or finds cached) the Verilator server for a DUT and prints
// `BRIDGE_BIN=<path>` last; warnings (a define no source tests, an include not found) on stderr.
// `make bridge-server` runs this, so the reference RTL and a user's design take the same path.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { buildDut, DutSourceError, BuildFailed, type DutSpec } from '../rtl-bridge/client/dut-build.js';
import { dutSpecOf } from '../rtl-bridge/client/process.js';
import { CliError, runCommand, type CommandSpec } from './args.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';

export const BUILD_COMMAND = {
  name: 'virtio-cosim build',
  summary: 'Build the Verilator server for a DUT (cached by the content of every source and include).',
  options: {
    ...DUT_OPTIONS,
    trace: { kind: 'enum', values: ['vcd', 'fst'] as const, help: 'build with wave tracing' },
    signals: { kind: 'flag', help: 'build with public access to every signal (Verilator --public-flat-rw), for tests that peek and poke (tb/cosim/signals.ts); slower to simulate' },
    'rtl-coverage': { kind: 'flag', help: 'a line/toggle coverage build (Verilator --coverage; the server writes $VIRTIO_COSIM_COVERAGE_DAT at exit)' },
    fixture: { kind: 'enum', values: ['test', 'slowrd'] as const, help: "a fixture of the bridge's tests instead of the reference RTL: test = rtl-bridge/test-dut, slowrd = the reference RTL with DMA reads delayed" },
    quiet: { kind: 'flag', help: 'print only BRIDGE_BIN=' },
  },
  epilogue: 'example: npx virtio-cosim build --top my_nic --rtl hw/files.f --incdir hw/include --param NUM_QUEUE_PAIRS=2',
} satisfies CommandSpec;

export function buildMain(argv: string[]): Promise<number> {
  return runCommand(BUILD_COMMAND, argv, async ({ values }) => {
    const opts = dutFromValues(BUILD_COMMAND.name, values);
    if (values.fixture) opts.top = values.fixture;
    const spec: DutSpec = { ...dutSpecOf(opts), trace: values.trace ?? false, ...(values.signals ? { signals: true } : {}), coverage: values['rtl-coverage'] };
    try {
      const { bin, dut } = await buildDut(spec);
      for (const w of dut.warnings) process.stderr.write(`warning: ${w}\n`);
      if (!values.quiet) {
        process.stdout.write(`top ${dut.top}, ${dut.files.length} sources, ${dut.includes.length} included files, key ${dut.key}\n`);
      }
      process.stdout.write(`BRIDGE_BIN=${path.resolve(bin)}\n`);
      return 0;
    } catch (e) {
      if (e instanceof DutSourceError) throw new CliError(e.message, 2);
      if (e instanceof BuildFailed) {
        process.stderr.write(`${e.log.split('\n').slice(-20).join('\n')}\n`);
        throw new CliError(`Verilator failed to build ${spec.top} (log: ${e.logPath ?? 'none'})`, 1);
      }
      throw e;
    }
  });
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await buildMain(process.argv.slice(2));
}
