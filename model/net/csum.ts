// TX checksum offload (virtio §5.1.9.2, VIRTIO_NET_HDR_F_NEEDS_CSUM): the device computes the
// 16-bit ones' complement sum (RFC 1071) from csum_start to the end of the frame and stores its
// complement at csum_start + csum_offset, in network byte order. The driver has already put the
// pseudo-header sum in that field, so summing over it finishes the TCP/UDP checksum.

import { ChecksumOffloadError } from './errors.js';

/** Ones' complement sum of bytes[start, end) as big-endian 16-bit words, not yet complemented. */
export function onesComplementSum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  // Accumulate in a plain number: 0xffff * 2^37 still fits 53 bits, so fold once at the end.
  for (; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) sum += bytes[i] << 8; // odd trailing byte is padded with zero (RFC 1071)
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** Internet checksum (complemented sum) of bytes[start, end). */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return ~onesComplementSum(bytes, start, end) & 0xffff;
}

/**
 * Complete a partial checksum in place. Throws ChecksumOffloadError when csum_start or
 * csum_start + csum_offset + 2 lies outside the frame (the device must bounds-check both).
 */
export function applyTxChecksum(frame: Uint8Array, csum_start: number, csum_offset: number): void {
  if (csum_start >= frame.length) {
    throw new ChecksumOffloadError('csum_start', csum_start, `is not inside the ${frame.length}-byte frame`);
  }
  const at = csum_start + csum_offset;
  if (at + 2 > frame.length) {
    throw new ChecksumOffloadError('csum_offset', csum_offset, `puts the checksum at ${at}, past the ${frame.length}-byte frame`);
  }
  const c = internetChecksum(frame, csum_start, frame.length);
  frame[at] = c >>> 8;
  frame[at + 1] = c & 0xff;
}
