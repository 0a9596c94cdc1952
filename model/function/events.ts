// Outputs of the function that are not completions to a request: MSI-X messages released by an
// unmask or raised by the datapath, INTx level changes, DEVICE_NEEDS_RESET, and log entries for
// accesses the function ignored. The function appends them in order; drainEvents() hands them out.

import type { Tlp } from '../tlp/types.js';
import type { RegEvent } from '../virtio/events.js';

/** Log names for requests the function ignored or refused (docs/dut-interface.md, "Answers to requests that hit nothing"). */
export type LogName =
  /** MWr to a register that software cannot write (e.g. the PBA, a read-only virtio field). */
  | 'ReadOnlyWrite'
  /** MWr inside an enabled BAR on bytes no register covers. */
  | 'UnmappedWrite'
  /** Request answered with UR (or a posted one dropped): Memory Space disabled, outside every BAR, function ≠ 0. */
  | 'UnsupportedRequest'
  /** MRd whose data would exceed Max_Payload_Size: answered with CA. */
  | 'CompleterAbort'
  /** Poisoned (EP) write: data discarded (PCIe r6.0 §2.7.2.2). */
  | 'PoisonedWrite'
  /** A Message this function does not act on, discarded without a completion (PCIe r6.0 §2.2.8). */
  | 'MessageDiscarded';

export type FunctionEvent =
  | { kind: 'tlp'; channel: 'tx_wr_req'; tlp: Tlp }
  | { kind: 'intx'; channel: 'intx_level'; level: boolean }
  | { kind: 'needsReset'; channel: 'status_needs_reset'; reason: string }
  /** A side effect reported by the virtio register block (notify, queue enable, reset, ...). */
  | { kind: 'virtio'; channel: 'internal'; event: RegEvent }
  | { kind: 'log'; channel: 'log'; name: LogName; detail: string }
  /** A Vector Control or Message Control write that may have masked a vector: messages still waiting go back to pending (PCIe r6.0 §6.1.4.3; withdrawMsix). */
  | { kind: 'msixMasked'; channel: 'internal' };
