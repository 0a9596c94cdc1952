// Workloads the guest's /init runs (tb/linux-guest/init.sh): ARP, then adaptive pings of
// 56-byte (98-byte frames) and 1472-byte (1514-byte frames) payloads, counted both ways.
// The device's queues are 256 entries (MAX_QUEUE_SIZE), so more than 256 frames wrap them.

import { DEFAULT_CONFIG } from '../linux-guest/guest.js';
import type { GuestConfig } from '../linux-guest/initramfs.js';

export const WORKLOADS = {
  /** Bring-up and a handful of pings: no ring wraps. */
  smoke: { ...DEFAULT_CONFIG, smallCount: 20, bigCount: 5, deadline: 30 },
  /** Every ring wraps once (300 + 20 round trips on 256-entry rings). */
  ping: { ...DEFAULT_CONFIG, smallCount: 300, bigCount: 20, deadline: 60 },
  /** tb/linux-guest's workload: 1000 + 40 round trips, each ring wraps four times. */
  'ping-long': { ...DEFAULT_CONFIG, deadline: 120 },
} satisfies Record<string, GuestConfig>;

export type WorkloadName = keyof typeof WORKLOADS;
export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];
