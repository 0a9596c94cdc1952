// virtio-cosim command line: one subcommand per job, each parsed strictly by scripts/args.ts.
// Every subcommand's module is loaded when it is chosen, inside the error reporting: a module that
// fails to load (a broken model/timing/reference-rtl.json) is one line, not a stack trace.
//
// Exit codes: 0 success, 1 a divergence / failed check / failed run, 2 a usage error (unknown
// command or option, bad or missing value, unreadable input, unwritable output), 70 a bug in the tool.

import { exitWith, isMainModule, runSubcommands, type Subcommand } from './args.js';

export const COMMANDS: Readonly<Record<string, Subcommand>> = {
  cosim: {
    summary: 'one co-simulation run: the golden model against the Verilated RTL (tb/cosim/README.md)',
    run: async (argv) => (await import('./cosim.js')).cosimMain(argv),
  },
  calibrate: {
    summary: 'fit the timing profile to a design: scenarios at the exact level, histogram before/after, --out FILE (docs/exact-level.md)',
    run: async (argv) => (await import('./calibrate.js')).calibrateMain(argv),
  },
  build: {
    summary: 'build (or find cached) the Verilator server for a DUT: --top --rtl --incdir --define --param (docs/your-first-test.md)',
    run: async (argv) => (await import('./build-dut.js')).buildMain(argv),
  },
  signals: {
    summary: 'list the signals a signal-level test can peek and poke, with widths (docs/your-first-test.md "Signals")',
    run: async (argv) => (await import('./signals.js')).signalsMain(argv),
  },
  regress: {
    summary: 'scenarios x seeds in parallel, JUnit + coverage (tb/regress/README.md)',
    run: async (argv) => (await import('./regress.js')).regressMain(argv),
  },
  coverage: {
    summary: 'merge functional coverage files and RTL coverage.dat (shards, widths); table, merged file, HTML report (tb/regress/README.md)',
    run: async (argv) => (await import('./coverage.js')).coverageMain(argv),
  },
  linux: {
    summary: 'a Linux guest under QEMU drives the DUT through x-pci-proxy-dev, the model in lockstep (tb/linux-rtl/README.md)',
    run: async (argv) => (await import('./linux.js')).linuxMain(argv),
  },
  mutate: {
    summary: 'mutation testing: mutants of the DUT against a suite, score and survivors (tb/mutate/README.md)',
    run: async (argv) => (await import('./mutate.js')).mutateMain(argv),
  },
  vectors: {
    summary: 'generate (gen) or check (check) test vectors (vectors/README.md)',
    run: async (argv) => (await import('../vectors/cli.js')).vectorsMain(argv),
  },
  waves: {
    summary: 'diff: where chosen signals of two VCDs first differ (waves/README.md)',
    run: async (argv) => (await import('../waves/cli.js')).wavesMain(argv),
  },
  'config-dump': {
    summary: 'config space after bring-up in lspci -xxxx format (view with lspci -vvv -F FILE)',
    run: async (argv) => (await import('./config-dump.js')).configDumpMain(argv),
  },
  demo: {
    summary: 'the decoded config space and the register-level bring-up trace',
    run: async (argv) => (await import('./decode.js')).demoMain(argv),
  },
};

export function cliMain(argv: string[]): Promise<number> {
  return runSubcommands('virtio-cosim', COMMANDS, argv);
}

// `virtio-cosim demo | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

if (isMainModule(import.meta.url)) exitWith(await cliMain(process.argv.slice(2)));
