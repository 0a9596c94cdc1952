// Decoding of driver writes to the notification region (virtio §4.1.4.4, §4.1.5.2).
// Queue q's notify address is q * notify_off_multiplier (queue_notify_off = q); with a multiplier
// of 0 every queue shares one address and the queue is the value's vq index (§4.1.4.4). Without
// VIRTIO_F_NOTIFICATION_DATA the driver writes le16 = vq index; with it, le32 =
// vq index | next_off << 16 | next_wrap << 31 (packed ring, §2.9 / §4.1.5.2).

import type { RegEvent } from './events.js';
import { isNatural } from './reg-table.js';

/**
 * Events for one write of `size` bytes at `offset` in the notify region. The queue is taken from
 * the address (the value's vq-index field is reported in `data` and not cross-checked).
 * Writes of other widths, or at offsets that are no queue's slot, are reported as unmapped.
 */
export function decodeNotify(offset: number, size: number, value: number, numQueues: number, notificationData: boolean, notifyOffMultiplier: number): RegEvent[] {
  const events: RegEvent[] = [];
  if (!isNatural(offset, size)) events.push({ kind: 'misaligned', region: 'notify', offset, size });
  const queue = notifyOffMultiplier === 0 ? (offset === 0 ? value & 0xffff : 0.5) : offset / notifyOffMultiplier;
  if (!Number.isInteger(queue) || queue >= numQueues || (size !== 2 && size !== 4)) {
    events.push({ kind: 'unmapped', region: 'notify', offset, size });
    return events;
  }
  if (notificationData && size === 4) {
    events.push({ kind: 'notify', queue, data: value >>> 0, nextOff: (value >>> 16) & 0x7fff, nextWrap: value >>> 31 });
  } else {
    // le16 notification; a 32-bit write without NOTIFICATION_DATA carries the index in its low half,
    // a 16-bit write with NOTIFICATION_DATA carries no next_off/next_wrap.
    events.push({ kind: 'notify', queue, data: value & 0xffff });
  }
  return events;
}
