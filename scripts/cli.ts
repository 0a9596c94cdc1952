// virtio-cosim command line. Subcommands (USAGE below; one example each in scripts/README.md):
//   config-dump [--out FILE]  config space after bring-up, in `lspci -xxxx` format (lspci -F reads it)
//   demo                      decoded config space and the register-level bring-up trace
//   vectors, waves, regress   dispatched to vectors/cli.ts, waves/cli.ts, scripts/regress.ts
// A mistyped option or an unreadable file is one line on stderr and exit 2, not a stack trace.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { hex8 } from '../model/util/hex.js';
import { bringUp } from './bringup.js';
import { configDumpText } from './config-dump.js';
import { decodeConfig } from './decode.js';
import { vectorsMain } from '../vectors/cli.js';
import { wavesMain } from '../waves/cli.js';
import { regressMain } from './regress.js';
import { linuxMain } from './linux.js';

const USAGE = `usage: virtio-cosim <command> [options]

commands:
  config-dump [--out FILE]   write config space after bring-up in lspci -xxxx format
                             (stdout without --out); view with: lspci -vvv -F FILE
  demo                       print the decoded config space and the bring-up trace
  vectors gen|check ...      test vectors (vectors/README.md)
  waves diff ...             compare two VCDs (waves/README.md)
  regress [options]          scenarios x seeds in parallel, JUnit + coverage (tb/regress/README.md)
  linux [options]            a Linux guest (QEMU x-pci-proxy-dev) on the RTL, model in lockstep (tb/linux-rtl/README.md)
`;

function demo(): void {
  const r = bringUp();
  console.log('== config space after bring-up');
  for (const line of decodeConfig(r.fn.config, r.barSizes)) console.log(`  ${line}`);
  console.log('\n== bring-up trace (-> request, <- completion, <= message from the function)');
  for (const line of r.host.trace) console.log(line);
  const requests = r.host.trace.filter((l) => l.startsWith('->')).length;
  console.log(`\n${requests} requests; device features ${r.deviceFeatures.map((f) => `0x${hex8(f)}`).join(' ')}`);
}

/** A mistake on the command line (unknown option, missing file): its message names the culprit. */
function userMistake(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('ERR_PARSE_ARGS_') || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return (e as Error).message;
  return undefined;
}

function main(argv: string[]): number {
  try {
    return dispatch(argv);
  } catch (e) {
    const why = userMistake(e);
    if (why === undefined) throw e;
    process.stderr.write(`virtio-cosim: ${why}\n`);
    return 2;
  }
}

function dispatch(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'config-dump': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: true });
      const text = configDumpText();
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    }
    case 'demo':
      parseArgs({ args: rest, options: {}, strict: true });
      demo();
      return 0;
    case 'vectors':
      return vectorsMain(rest);
    case 'waves':
      return wavesMain(rest);
    case 'regress':
      // Asynchronous: sets process.exitCode itself when the run ends (after main's return value).
      void regressMain(rest).then((code) => {
        process.exitCode = code;
      });
      return 0;
    case 'linux':
      // Asynchronous, as regress.
      void linuxMain(rest).then((code) => {
        process.exitCode = code;
      });
      return 0;
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`unknown command: ${command}\n${USAGE}`);
      return 1;
  }
}

// `virtio-cosim demo | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = main(process.argv.slice(2));
}
