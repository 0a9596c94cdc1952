// `virtio-cosim waves ...` subcommands (dispatched from scripts/cli.ts):
//   waves diff A.vcd B.vcd --signals x,y[,...]   where the chosen signals first differ
// The VCD parser (vcd-stream, WASM) is asynchronous: wavesMain returns 0 at once and sets
// process.exitCode when the comparison is done (1 = differences, 2 = bad input).

import { parseArgs } from 'node:util';
import { diffVcdFiles, formatDiff } from './diff.js';

export const WAVES_USAGE = `usage:
  waves diff A.vcd B.vcd --signals NAME[,NAME...] [--max N]
      NAME is a signal's full dotted path or any unique suffix of it (e.g. tx_cpl_tlp_valid);
      A_NAME:B_NAME compares differently named signals (e.g. tx_cpl.valid:tx_cpl_tlp_valid)
`;

export function wavesMain(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub !== 'diff') {
    process.stderr.write(WAVES_USAGE);
    return sub === undefined || sub === '-h' || sub === '--help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { signals: { type: 'string' }, max: { type: 'string' } } });
  if (positionals.length !== 2 || !values.signals) {
    process.stderr.write(WAVES_USAGE);
    return 2;
  }
  const max = Number(values.max ?? 20);
  if (!Number.isInteger(max) || max < 1) {
    process.stderr.write(`waves diff: --max "${values.max}" is not a positive integer\n`);
    return 2;
  }
  const signals = values.signals.split(',').filter((s) => s !== '');
  diffVcdFiles(positionals[0], positionals[1], signals).then(
    (r) => {
      for (const line of formatDiff(r, max)) console.log(line);
      process.exitCode = r.some((d) => d.firstDiff !== undefined) ? 1 : 0;
    },
    (e: Error) => {
      console.error(e.message);
      process.exitCode = 2;
    },
  );
  return 0;
}
