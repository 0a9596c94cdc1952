// Receive filtering (virtio §5.1.9.4 "best effort" + the CTRL_RX / CTRL_MAC state of §5.1.9.5).
// A frame is accepted when promiscuous mode is on, or its destination MAC is
//   broadcast (ff:ff:ff:ff:ff:ff), or
//   multicast (I/G bit, bit 0 of byte 0) and allmulti is on or it is in the multicast table, or
//   unicast and equal to the device MAC or in the unicast table.
// Frames shorter than an Ethernet header are dropped. Without CTRL_VLAN every tagged frame is
// accepted (§5.1.9.4 MUST), which this filter does by not looking at tags at all.

import type { NetRxMode } from './ctrl.js';

export const ETH_HLEN = 14;

function sameMac(frame: Uint8Array, m: Uint8Array): boolean {
  return m[0] === frame[0] && m[1] === frame[1] && m[2] === frame[2] && m[3] === frame[3] && m[4] === frame[4] && m[5] === frame[5];
}

function macAt(frame: Uint8Array, table: readonly Uint8Array[]): boolean {
  for (const m of table) if (sameMac(frame, m)) return true;
  return false;
}

export type FilterVerdict = 'accept' | 'runt' | 'filtered';

export function filterRxFrame(frame: Uint8Array, mode: NetRxMode): FilterVerdict {
  if (frame.length < ETH_HLEN) return 'runt';
  if (mode.promisc) return 'accept';
  if ((frame[0] & frame[1] & frame[2] & frame[3] & frame[4] & frame[5]) === 0xff) return 'accept';
  if (frame[0] & 1) return mode.allmulti || macAt(frame, mode.macTableMulti) ? 'accept' : 'filtered';
  return sameMac(frame, mode.mac) || macAt(frame, mode.macTableUni) ? 'accept' : 'filtered';
}
