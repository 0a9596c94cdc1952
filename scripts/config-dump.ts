// The config-dump subcommand's content: config space after a realistic bring-up (BARs assigned,
// Memory Space + Bus Master enabled, MSI-X enabled, driver at DRIVER_OK) in lspci -xxxx format;
// `virtio-cosim config-dump [--out FILE]` (configDumpMain).

import { runCommand, writeOutput, type CommandSpec } from './args.js';
import { bringUp } from './bringup.js';
import { lspciDump } from './lspci-format.js';

/** lspci wants `BB:DD.F <class>: <vendor> <device> (rev RR)`; it re-derives names from pci.ids. */
const TITLE = 'Ethernet controller: Red Hat, Inc. Virtio network device (rev 01)';

export function configDumpText(): string {
  const { fn } = bringUp();
  return lspciDump(fn.config.bytes, fn.requesterId, TITLE);
}

export const CONFIG_DUMP_COMMAND = {
  name: 'virtio-cosim config-dump',
  summary: 'Config space after bring-up (BARs assigned, Memory Space + Bus Master, MSI-X, DRIVER_OK) in lspci -xxxx format.',
  options: { out: { kind: 'string', meta: 'FILE', help: 'write here instead of stdout' } },
  epilogue: 'view it with: lspci -vvv -F FILE',
} satisfies CommandSpec;

export function configDumpMain(argv: string[]): Promise<number> {
  return runCommand(CONFIG_DUMP_COMMAND, argv, ({ values }) => {
    const text = configDumpText();
    if (values.out !== undefined) writeOutput(values.out, text);
    else process.stdout.write(text);
    return 0;
  });
}
