// `virtio-cosim waves ...` subcommands (dispatched from scripts/cli.ts), parsed by scripts/args.ts:
//   waves diff A.vcd B.vcd --signals x,y[,...] [--max N]   where the chosen signals first differ
// Exit 0 all match, 1 some differ, 2 bad input (missing or non-VCD file, unknown signal, bad option).

import { CliError, requireFile, runCommand, runSubcommands, UsageError, type CommandSpec } from '../scripts/args.js';
import { diffVcdFiles, formatDiff } from './diff.js';
import { VcdError } from './vcd-read.js';

export const DIFF_COMMAND = {
  name: 'virtio-cosim waves diff',
  summary: 'Where each chosen signal first differs between two VCDs (values compared as numbers).',
  options: {
    signals: { kind: 'csv', meta: 'NAME[,NAME...]', help: 'full dotted path or unique suffix; A_NAME:B_NAME for differently named signals (required)' },
    max: { kind: 'int', min: 1, max: 1_000_000, default: 20, help: 'most signals listed' },
  },
  positionals: ['a.vcd', 'b.vcd'],
  epilogue: 'example: npx virtio-cosim waves diff a.vcd b.vcd --signals tx_cpl.valid:tx_cpl_tlp_valid\nexit status: 0 all match, 1 some differ, 2 bad input',
} satisfies CommandSpec;

function diff(argv: string[]): Promise<number> {
  return runCommand(DIFF_COMMAND, argv, async ({ values, positionals }) => {
    const cmd = DIFF_COMMAND.name;
    if (positionals.length !== 2) throw new UsageError(`${cmd}: needs two VCD files A.vcd B.vcd (got ${positionals.length})`);
    const signals = values.signals;
    if (signals === undefined) throw new UsageError(`${cmd}: --signals is required`);
    for (const s of signals) {
      const parts = s.split(':');
      if (parts.length > 2 || parts.some((p) => p === '')) throw new UsageError(`${cmd}: --signals item ${JSON.stringify(s)} is not NAME or A_NAME:B_NAME`);
    }
    // Unreadable files are a usage error before the parser starts.
    for (const f of positionals) requireFile(f);
    try {
      const r = await diffVcdFiles(positionals[0]!, positionals[1]!, signals);
      for (const line of formatDiff(r, values.max)) console.log(line);
      return r.some((d) => d.firstDiff !== undefined) ? 1 : 0;
    } catch (e) {
      if (e instanceof VcdError) throw new CliError(e.message, 2);
      throw e;
    }
  });
}

export function wavesMain(argv: string[]): Promise<number> {
  return runSubcommands('virtio-cosim waves', {
    diff: { summary: 'where chosen signals of two VCDs first differ', run: diff },
  }, argv);
}
