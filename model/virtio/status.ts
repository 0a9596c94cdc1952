// device_status state machine (virtio §2.1, §3.1.1). Pure: given the current value, the value the
// driver wrote and a FEATURES_OK validator, it returns the value to latch and the events.
// Writing 0 (device reset) is handled by the caller, which owns the state to reset.

import type { RegEvent } from './events.js';
import type { FeaturesOkRefusal } from './features.js';

/** device_status bits (§2.1). */
export const DEVICE_STATUS = {
  ACKNOWLEDGE: 0x01,
  DRIVER: 0x02,
  DRIVER_OK: 0x04,
  FEATURES_OK: 0x08,
  SUSPEND: 0x10,
  DEVICE_NEEDS_RESET: 0x40,
  FAILED: 0x80,
} as const;

/**
 * Bits the driver may not set: SUSPEND (VIRTIO_F_SUSPEND is never offered, §3.4), bit 5 (reserved)
 * and DEVICE_NEEDS_RESET (set only by the device, §2.1.2).
 */
const DRIVER_FORBIDDEN = DEVICE_STATUS.SUSPEND | 0x20 | DEVICE_STATUS.DEVICE_NEEDS_RESET;

export interface StatusWrite {
  /** Value to latch in device_status. */
  value: number;
  /** FEATURES_OK went 0 -> 1 and the caller must freeze the negotiated set. */
  featuresOkLatched: boolean;
  events: RegEvent[];
}

/**
 * Apply a non-zero driver write to device_status.
 * - A newly set FEATURES_OK is validated; if refused it is not latched (nor a DRIVER_OK written
 *   with it), so the driver's re-read shows it clear (§2.2.2, §3.1.1 step 6).
 * - DRIVER_OK is not latched unless FEATURES_OK is (driver skipped §3.1.1 step 5-6).
 * - DEVICE_NEEDS_RESET is device-owned: the driver's copy of that bit is ignored.
 * - Other bits are stored as written, including a driver clearing a bit it set earlier (a driver
 *   bug, §2.1.1 "MUST NOT clear"); the 'status' event shows it.
 */
export function applyStatusWrite(
  current: number,
  written: number,
  validateFeatures: () => { reason: FeaturesOkRefusal; detail: string } | null,
): StatusWrite {
  const events: RegEvent[] = [];
  const ignore = (reason: string): void => {
    events.push({ kind: 'ignored', region: 'common', field: 'device_status', value: written, reason });
  };

  const forbidden = written & DRIVER_FORBIDDEN & ~current;
  if (forbidden !== 0) ignore(`driver may not set bits 0x${forbidden.toString(16)} (SUSPEND not offered / reserved / device-owned)`);
  let value = (written & ~DRIVER_FORBIDDEN) | (current & DEVICE_STATUS.DEVICE_NEEDS_RESET);

  let featuresOkLatched = false;
  const newBits = value & ~current;
  if (newBits & DEVICE_STATUS.FEATURES_OK) {
    const refusal = validateFeatures();
    if (refusal) {
      value &= ~(DEVICE_STATUS.FEATURES_OK | (newBits & DEVICE_STATUS.DRIVER_OK));
      events.push({ kind: 'featuresOkRefused', reason: refusal.reason, detail: refusal.detail });
    } else {
      featuresOkLatched = true;
    }
  }
  if ((value & ~current & DEVICE_STATUS.DRIVER_OK) && !(value & DEVICE_STATUS.FEATURES_OK)) {
    value &= ~DEVICE_STATUS.DRIVER_OK;
    if (!events.some((e) => e.kind === 'featuresOkRefused')) ignore('DRIVER_OK without FEATURES_OK (§3.1.1)');
  }

  if (value !== current) events.push({ kind: 'status', from: current, to: value });
  if (value & ~current & DEVICE_STATUS.DRIVER_OK) events.push({ kind: 'driverOk' });
  return { value, featuresOkLatched, events };
}
