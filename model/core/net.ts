// virtio-net on elements (virtio 1.x §5.1.6): what a device must make of a TX chain, a received
// frame and a control command, whatever its schedule. Pure; reuses model/net for the header,
// checksum, buffer plan, filter and control commands.

import { applyTxChecksum } from '../net/csum.js';
import { executeCtrl, type NetCtrlFeatures, type NetCtrlState } from '../net/ctrl.js';
import { filterRxFrame, type FilterVerdict } from '../net/filter.js';
import { encodeNetHdr, rxNetHdr, VIRTIO_NET_HDR_F, VIRTIO_NET_HDR_LEN } from '../net/hdr.js';
import { planRxFill, type RxPlan } from '../net/rxplan.js';
import { ByteSlab } from '../util/slab.js';
import type { Element } from './chain.js';

/** Fresh arrays without an off-heap allocation each (model/util/slab.ts). */
const slab = new ByteSlab();

export type TxResult =
  | { kind: 'frame'; frame: Uint8Array }
  /** The chain yields no frame (the device completes it with used len 0). */
  | { kind: 'no-frame'; reason: string };

/**
 * The frame a TX chain carries (§5.1.6.2): its device-readable bytes minus the virtio_net_hdr;
 * with VIRTIO_NET_F_CSUM negotiated and NEEDS_CSUM set, the checksum from csum_start to the end
 * stored at csum_start + csum_offset (§5.1.6.2.1). Other header flags are ignored. The frame is
 * a view of `readable` (no copy) unless the checksum is stored, into a copy: `readable` is never
 * changed.
 */
export function txFrame(readable: Uint8Array, csum: boolean): TxResult {
  if (readable.length < VIRTIO_NET_HDR_LEN) return { kind: 'no-frame', reason: `${readable.length} readable bytes < the ${VIRTIO_NET_HDR_LEN}-byte virtio_net_hdr` };
  if (readable.length === VIRTIO_NET_HDR_LEN) return { kind: 'no-frame', reason: 'no bytes after the virtio_net_hdr' };
  if (!csum || (readable[0] & VIRTIO_NET_HDR_F.NEEDS_CSUM) === 0) return { kind: 'frame', frame: readable.subarray(VIRTIO_NET_HDR_LEN) };
  const frame = readable.slice(VIRTIO_NET_HDR_LEN);
  try {
    applyTxChecksum(frame, readable[6] | (readable[7] << 8), readable[8] | (readable[9] << 8));
  } catch (e) {
    return { kind: 'no-frame', reason: `NEEDS_CSUM: ${(e as Error).message}` };
  }
  return { kind: 'frame', frame };
}

/** TX used len: the device writes nothing into a TX buffer (§2.8.6: len = bytes written). */
export const TX_USED_LEN = 0;

/** Header (num_buffers = n, §5.1.6.4) + frame: the bytes an RX delivery writes from offset 0. */
export function rxImage(frame: Uint8Array, numBuffers: number): Uint8Array {
  const img = slab.alloc(VIRTIO_NET_HDR_LEN + frame.length);
  encodeNetHdr(rxNetHdr(numBuffers), img, 0);
  img.set(frame, VIRTIO_NET_HDR_LEN);
  return img;
}

/**
 * Which of `elements` (in ring order) a frame fills and with how many bytes (§5.1.6.4): without
 * MRG_RXBUF all in the first; with it buffers filled completely in order, the header only in
 * the first.
 */
export function rxPlan(frameLen: number, mrgRxbuf: boolean, elements: readonly Element[]): RxPlan {
  return planRxFill(frameLen, VIRTIO_NET_HDR_LEN, mrgRxbuf, elements.map((e) => e.writableBytes));
}

/** Receive filter verdict for a frame under a control state (§5.1.6.5.1, §5.1.6.5.2). */
export function rxFilter(frame: Uint8Array, state: NetCtrlState): FilterVerdict {
  return filterRxFrame(frame, state);
}

export type CtrlOutcome =
  /** The command ran: `ack` goes into the first writable byte, used len 1 (§5.1.6.5). */
  | { kind: 'ack'; ack: number; reason: string }
  /** Malformed chain (no command header or no ack byte): used len 0, no effect. */
  | { kind: 'bad'; reason: string };

/** Executes the command of a control-queue element on `state` (mutated; the effect precedes the used entry, §5.1.6.5). */
export function ctrlExecute(readable: Uint8Array, el: Element, state: NetCtrlState, features: NetCtrlFeatures): CtrlOutcome {
  if (readable.length < 2) return { kind: 'bad', reason: `${readable.length} readable bytes < class + command` };
  if (el.writableBytes < 1) return { kind: 'bad', reason: 'no device-writable byte for the ack' };
  const r = executeCtrl(readable, state, features);
  return { kind: 'ack', ack: r.ack, reason: r.reason };
}
