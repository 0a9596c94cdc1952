// Workloads the guest's /init runs (tb/linux-guest/init.sh): ARP, then adaptive pings of
// 56-byte (98-byte frames) and 1472-byte (1514-byte frames) payloads, counted both ways; the
// `control` workload then adds control-queue commands checked by pings (peer.ts).
// The device's queues are 256 entries (MAX_QUEUE_SIZE), so more than 256 frames wrap them.

import { DEFAULT_CONFIG } from '../linux-guest/guest.js';
import type { GuestConfig } from '../linux-guest/initramfs.js';
import { burstSteps, CONTROL_STEPS } from './peer.js';

export interface Workload {
  guest: GuestConfig;
  /** Shell inserted into /init before its "stats after" line. */
  steps?: string;
}

export const WORKLOADS = {
  /** Bring-up and a handful of pings: no ring wraps. */
  smoke: { guest: { ...DEFAULT_CONFIG, smallCount: 20, bigCount: 5, deadline: 30 } },
  /** Every ring wraps once (300 + 20 round trips on 256-entry rings). */
  ping: { guest: { ...DEFAULT_CONFIG, smallCount: 300, bigCount: 20, deadline: 60 } },
  /** tb/linux-guest's workload: 1000 + 40 round trips (a thousand frames each way), each ring wraps four times. */
  'ping-long': { guest: { ...DEFAULT_CONFIG, deadline: 120 } },
  /** smoke, then 8 pings at once, 250 round trips each (2000 frames each way, 8 in flight). */
  burst: { guest: { ...DEFAULT_CONFIG, smallCount: 20, bigCount: 5, deadline: 120 }, steps: burstSteps(8, 250) },
  /** smoke, then promiscuous, multicast table, all-multicast, MAC address, MTU, link down/up. */
  control: { guest: { ...DEFAULT_CONFIG, smallCount: 20, bigCount: 5, deadline: 30 }, steps: CONTROL_STEPS },
} satisfies Record<string, Workload>;

export type WorkloadName = keyof typeof WORKLOADS;
export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];

/** /init: tb/linux-guest's script with the workload's steps before the final counters. */
export function initScript(base: string, w: Workload): string {
  if (!w.steps) return base;
  const at = base.indexOf('\nstats after\n');
  if (at < 0) throw new Error('tb/linux-guest/init.sh has no "stats after" line to insert the workload before');
  return base.slice(0, at + 1) + w.steps.trimStart() + base.slice(at + 1);
}
