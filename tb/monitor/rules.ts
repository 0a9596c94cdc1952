// The ring-legality rules of the monitor: rule id -> the virtio section it comes from, whether the
// specification says MUST (an error) or SHOULD / describes it without a normative statement (a
// warning), and a one-line summary. Section numbers are those of the virtio 1.x LaTeX source
// (packed-ring.tex: §2.8.1 wrap counters ... §2.8.22 receiving used buffers).

import { describeTlp } from '../../model/tlp/describe.js';
import type { Tlp } from '../../model/tlp/types.js';

export type Severity = 'error' | 'warning';

export const RING_RULES = {
  READ_OUTSIDE: {
    section: 'virtio §2.8.15, §2.8.21', severity: 'error',
    summary: 'read of memory that is neither a ring of an enabled queue, nor an indirect table or readable element of a chain the device saw made available and has not yet used',
  },
  READ_WRITABLE: {
    section: 'virtio §2.8.15', severity: 'warning',
    summary: 'read of a device-writable element (the device SHOULD NOT read a device-writable buffer)',
  },
  WRITE_OUTSIDE: {
    section: 'virtio §2.8.15, §2.8.10', severity: 'error',
    summary: 'write outside the device-writable elements of chains seen available, the used positions and the device event suppression area',
  },
  WRITE_READABLE: {
    section: 'virtio §2.8.15', severity: 'error',
    summary: 'write into a device-readable element (the device MUST NOT write a device-readable buffer)',
  },
  DATA_AFTER_USED: {
    section: 'virtio §2.8.15, §2.8.22', severity: 'error',
    summary: 'write into a buffer after the used descriptor flags that return it to the driver (its own, once every earlier used slot is published)',
  },
  USED_POSITION: {
    section: 'virtio §2.8.2, §2.8.6', severity: 'error',
    summary: 'write into the descriptor ring at a slot that is not a used position the device owns (not yet consumed, or inside a chain it skips)',
  },
  USED_UNKNOWN_ID: {
    section: 'virtio §2.8.15, §2.8.6', severity: 'error',
    summary: 'used descriptor whose buffer id is not that of a chain the device observed available and has not used yet',
  },
  USED_WRAP: {
    section: 'virtio §2.8.1', severity: 'error',
    summary: 'used descriptor flags without AVAIL = USED = the used_wrap_counter of its position',
  },
  USED_FLAGS_BEFORE_ID: {
    section: 'virtio §2.8.15, §2.8.22', severity: 'error',
    summary: 'used descriptor flags written before its id/len (nothing may change after the USED bit)',
  },
  USED_LEN: {
    section: 'virtio §2.8.4', severity: 'error',
    summary: 'used len larger than the device-writable bytes of the buffer',
  },
  MULTI_BUFFER_ORDER: {
    section: 'virtio §2.8.9, §5.1.9.4', severity: 'error',
    summary: 'multi-buffer request (num_buffers > 1): the first used descriptor made used before all the others of the request',
  },
  NOTIFY_WITHOUT_USED: {
    section: 'virtio §2.8.22', severity: 'error',
    summary: 'used buffer notification (MSI-X message) before any used descriptor it could announce',
  },
  NOTIFY_SUPPRESSED: {
    section: 'virtio §2.8.10, §2.8.14', severity: 'warning',
    summary: 'used buffer notification while the driver event suppression the device read disables it (DISABLE, or DESC with off/wrap not crossed)',
  },
} as const satisfies Record<string, { section: string; severity: Severity; summary: string }>;

export type RingRule = keyof typeof RING_RULES;

/** One breach of a ring rule by the DUT, at the TLP (decoded) and cycle where it showed. */
export class RingViolation extends Error {
  readonly section: string;
  readonly severity: Severity;

  constructor(
    readonly rule: RingRule,
    readonly tlp: Tlp,
    readonly cycle: number,
    readonly queue: number | null,
    readonly detail: string,
  ) {
    const r = RING_RULES[rule];
    super(`cycle ${cycle}: ${rule} (${r.section})${queue === null ? '' : ` queue ${queue}`}: ${detail} in ${describeTlp(tlp)}`);
    this.name = 'RingViolation';
    this.section = r.section;
    this.severity = r.severity;
  }
}

/** Misuse of the monitor's API (a bad host fact), thrown at once. */
export class MonitorConfigError extends Error {
  constructor(readonly field: string, readonly value: number | bigint | string, reason: string) {
    super(`ring monitor: "${field}" = ${typeof value === 'string' ? value : `0x${value.toString(16)}`} ${reason}`);
    this.name = 'MonitorConfigError';
  }
}
