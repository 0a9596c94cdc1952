// Used publication and the used-buffer notification decision as small predicates
// (virtio 1.x §2.8.1, §2.8.10, §2.8.14, §2.8.21-23).

import { EVENT_OFF_DESC, EVENT_OFF_FLAGS, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE } from '../ring/constants.js';
import { usedNotifyNeeded } from '../ring/event.js';

/** The flags of a used descriptor: AVAIL and USED both = used_wrap_counter; WRITE when bytes were written. */
export function usedFlags(usedWrap: number, len: number): number {
  return (usedWrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0) | (len > 0 ? VIRTQ_DESC_F_WRITE : 0);
}

/** A descriptor's flags publish a used element at a position whose used_wrap_counter is `usedWrap`. */
export function isPublished(flags: number, usedWrap: number): boolean {
  const a = (flags & VIRTQ_DESC_F_AVAIL) !== 0 ? 1 : 0;
  const u = (flags & VIRTQ_DESC_F_USED) !== 0 ? 1 : 0;
  return a === usedWrap && u === usedWrap;
}

/** struct pvirtq_event_suppress as read (§2.8.14). */
export interface EventSuppress {
  /** desc: off (15 bits) | wrap << 15. */
  offWrap: number;
  /** flags: ENABLE 0, DISABLE 1, DESC 2. */
  flags: number;
}

export function decodeEventSuppress(b: Uint8Array): EventSuppress {
  return { offWrap: b[EVENT_OFF_DESC] | (b[EVENT_OFF_DESC + 1] << 8), flags: (b[EVENT_OFF_FLAGS] | (b[EVENT_OFF_FLAGS + 1] << 8)) & 0x3 };
}

/**
 * Does the driver's event suppression ask for a notification after `count` used slots were
 * published, ending at (`newPos`, `usedWrap`)? DISABLE no, ENABLE yes, DESC with EVENT_IDX when
 * the event descriptor lies among them (model/ring/event.ts).
 */
export function notificationWanted(ev: EventSuppress, newPos: number, usedWrap: number, count: number, queueSize: number, eventIdx: boolean): boolean {
  if (count <= 0) return false;
  return usedNotifyNeeded(ev.flags, ev.offWrap, newPos, usedWrap, count, queueSize, eventIdx);
}
