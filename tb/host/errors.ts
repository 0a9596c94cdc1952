// Violations the host (root complex) finds in what the device sends it. One table of rules:
// id -> the spec section it comes from and a one-line summary.

import { describeTlp } from '../../model/tlp/describe.js';
import type { Tlp } from '../../model/tlp/types.js';

export const HOST_RULES = {
  BUS_MASTER_DISABLED: { section: 'PCIe r6.0 §7.5.1.1.3', summary: 'memory request while Command.Bus Master Enable is clear' },
  NOT_A_REQUEST: { section: 'PCIe r6.0 §2.2.1', summary: 'the device may send only MRd/MWr on its request channels' },
  MALFORMED: { section: 'PCIe r6.0 §2.2', summary: 'TLP fields inconsistent (Length vs payload, ranges)' },
  REQUESTER_ID: { section: 'PCIe r6.0 §2.2.6.2', summary: 'Requester ID is not the one captured from config writes' },
  MAX_PAYLOAD_SIZE: { section: 'PCIe r6.0 §2.2.2', summary: 'payload larger than Max_Payload_Size' },
  MAX_READ_REQUEST_SIZE: { section: 'PCIe r6.0 §7.5.3.4', summary: 'read larger than Max_Read_Request_Size' },
  CROSSES_4K: { section: 'PCIe r6.0 §2.2.7', summary: 'memory request crosses a 4 KiB boundary' },
  BYTE_ENABLES: { section: 'PCIe r6.0 §2.2.5', summary: 'First/Last DW BE rules' },
  ADDR64_BELOW_4G: { section: 'PCIe r6.0 §2.2.4.1', summary: '4-DW header for an address below 4 GiB' },
  TAG_REUSE: { section: 'PCIe r6.0 §2.2.6.2', summary: 'Tag reused while a request with it is outstanding' },
  TAG_RANGE: { section: 'PCIe r6.0 §2.2.6.2', summary: 'Tag outside the tags the device may use' },
  POISONED_REQUEST: { section: 'PCIe r6.0 §2.7.2', summary: 'request with EP set (the device never poisons)' },
  MSIX_UNPROGRAMMED: { section: 'PCIe r6.0 §6.1.4', summary: 'write to the MSI address window matching no programmed MSI-X address/data pair' },
  MSIX_MASKED: { section: 'PCIe r6.0 §6.1.4 (per-vector masking)', summary: 'MSI-X message on a masked vector' },
  MSIX_FORMAT: { section: 'PCIe r6.0 §6.1.4', summary: 'MSI-X message that is not a single DW write with all bytes enabled' },
} as const;

export type HostRule = keyof typeof HOST_RULES;

export class HostCheckError extends Error {
  readonly section: string;

  constructor(
    readonly rule: HostRule,
    readonly tlp: Tlp,
    readonly cycle: number,
    detail: string,
  ) {
    super(`cycle ${cycle}: ${rule} (${HOST_RULES[rule].section}): ${detail} in ${describeTlp(tlp)}`);
    this.name = 'HostCheckError';
    this.section = HOST_RULES[rule].section;
  }
}

/** Misuse of the host testbench API itself (a bad option value), thrown at once. */
export class HostConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: number | string,
    reason: string,
  ) {
    super(`host option "${field}": value ${value} ${reason}`);
    this.name = 'HostConfigError';
  }
}
