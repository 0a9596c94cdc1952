// RX buffer-fill planning (virtio §5.1.9.4): given the frame length and the device-writable
// capacity of the available RX buffers, in ring order, decide how many buffers the frame
// uses and how many bytes (header included) land in each. Pure; the datapath turns a plan
// into DMA writes and used descriptors.
//
// Without MRG_RXBUF the header and frame must fit in ONE buffer and num_buffers = 1 [MUST];
// a frame that does not fit is dropped and the buffer is left for the next frame (like QEMU's
// "unpop"). With MRG_RXBUF buffers 1..n-1 are filled completely [MUST], the header goes only
// in the first, and num_buffers = n. This device drops (and counts) rather than holding a
// frame when there are no, or not enough, buffers.

export type RxDropReason = 'no_buffer' | 'too_big' | 'filtered' | 'not_ready' | 'runt';

export type RxPlan =
  | { ok: true; numBuffers: number; lens: number[] }
  | { ok: false; reason: RxDropReason };

/**
 * @param frameLen Ethernet frame bytes (no FCS).
 * @param hdrLen virtio_net_hdr length (12 here).
 * @param mrgRxbuf VIRTIO_NET_F_MRG_RXBUF negotiated.
 * @param capacities writable bytes of each available buffer, in ring order (may be longer than needed).
 * @param available how many entries of `capacities` are valid.
 */
export function planRxFill(
  frameLen: number,
  hdrLen: number,
  mrgRxbuf: boolean,
  capacities: ArrayLike<number>,
  available = capacities.length,
): RxPlan {
  const total = frameLen + hdrLen;
  if (available <= 0) return { ok: false, reason: 'no_buffer' };
  if (!mrgRxbuf) {
    if (capacities[0] < total) return { ok: false, reason: 'too_big' };
    return { ok: true, numBuffers: 1, lens: [total] };
  }
  // The header must sit whole in the first buffer (each buffer is at least a header long, §5.1.9.4).
  if (capacities[0] < hdrLen) return { ok: false, reason: 'too_big' };
  const lens: number[] = [];
  let left = total;
  for (let i = 0; i < available && left > 0; i++) {
    const n = Math.min(left, capacities[i]);
    lens.push(n);
    left -= n;
  }
  if (left > 0) return { ok: false, reason: 'no_buffer' };
  if (lens.length > 0xffff) return { ok: false, reason: 'too_big' }; // num_buffers is le16
  return { ok: true, numBuffers: lens.length, lens };
}
