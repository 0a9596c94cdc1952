// The config-dump subcommand's content: config space after a realistic bring-up (BARs assigned,
// Memory Space + Bus Master enabled, MSI-X enabled, driver at DRIVER_OK) in lspci -xxxx format.

import { bringUp } from './bringup.js';
import { lspciDump } from './lspci-format.js';

/** lspci wants `BB:DD.F <class>: <vendor> <device> (rev RR)`; it re-derives names from pci.ids. */
const TITLE = 'Ethernet controller: Red Hat, Inc. Virtio network device (rev 01)';

export function configDumpText(): string {
  const { fn } = bringUp();
  return lspciDump(fn.config.bytes, fn.requesterId, TITLE);
}
