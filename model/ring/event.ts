// Used-buffer notification decision from the Driver Event Suppression structure (virtio §2.8.10,
// §2.8.14; checklist §4.7).

import { RING_EVENT_FLAGS_DESC, RING_EVENT_FLAGS_DISABLE } from './constants.js';

/**
 * The checklist §4.7 formula (the one Linux virtqueue_kick_prepare_packed and QEMU
 * vring_packed_need_event use), in 16-bit arithmetic:
 *   event = off, minus queue_size when the event's wrap bit differs from used_wrap_counter;
 *   notify = (u16)(new - event - 1) < (u16)(new - old), with old = (u16)(new - count).
 * `newPos`/`usedWrap` are the used position and counter after publishing `count` ring slots.
 * Exact while count < queueSize.
 */
export function packedNeedEvent(offWrap: number, newPos: number, usedWrap: number, count: number, queueSize: number): boolean {
  let event = offWrap & 0x7fff;
  if (offWrap >>> 15 !== usedWrap) event -= queueSize;
  const old = (newPos - count) & 0xffff;
  return ((newPos - event - 1) & 0xffff) < ((newPos - old) & 0xffff);
}

/**
 * Should the device send a used buffer notification after publishing `count` slots?
 * - DISABLE: no. ENABLE (and the reserved value 3): yes.
 * - DESC: with VIRTIO_F_EVENT_IDX, packedNeedEvent; without it the value is not valid (§2.8.10),
 *   so the device notifies (a spare notification is harmless, a lost one hangs the driver).
 * - When `count` ≥ queue_size a whole lap went by since the last check and the 16-bit formula is
 *   ambiguous; the device then notifies, as QEMU does after every wrap of the used ring
 *   (signalled_used_valid = false in virtqueue_packed_flush).
 */
export function usedNotifyNeeded(
  eventFlags: number,
  offWrap: number,
  newPos: number,
  usedWrap: number,
  count: number,
  queueSize: number,
  eventIdx: boolean,
): boolean {
  const f = eventFlags & 0x3;
  if (f === RING_EVENT_FLAGS_DISABLE) return false;
  if (f !== RING_EVENT_FLAGS_DESC || !eventIdx) return true;
  if (count >= queueSize) return true;
  return packedNeedEvent(offWrap, newPos, usedWrap, count, queueSize);
}
