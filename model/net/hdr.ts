// struct virtio_net_hdr (virtio 1.2 §5.1.6 / 1.4 §5.1.9): 12 bytes when VERSION_1 is negotiated
// and none of HASH_REPORT / UDP_TUNNEL_GSO / OUT_NET_HEADER is. All fields little-endian.

import { NetHdrError } from './errors.js';

export const VIRTIO_NET_HDR_LEN = 12;

/** flags (§5.1.9). */
export const VIRTIO_NET_HDR_F = { NEEDS_CSUM: 0x01, DATA_VALID: 0x02, RSC_INFO: 0x04 } as const;

/** gso_type (§5.1.9). */
export const VIRTIO_NET_HDR_GSO = { NONE: 0, TCPV4: 1, UDP: 3, TCPV6: 4, UDP_L4: 5, ECN: 0x80 } as const;

export interface VirtioNetHdr {
  flags: number;
  gso_type: number;
  hdr_len: number;
  gso_size: number;
  csum_start: number;
  csum_offset: number;
  num_buffers: number;
}

/** Field offsets, as a table (§5.1.9). */
const FIELDS: ReadonlyArray<readonly [keyof VirtioNetHdr, number, 1 | 2]> = [
  ['flags', 0, 1],
  ['gso_type', 1, 1],
  ['hdr_len', 2, 2],
  ['gso_size', 4, 2],
  ['csum_start', 6, 2],
  ['csum_offset', 8, 2],
  ['num_buffers', 10, 2],
];

export function decodeNetHdr(bytes: Uint8Array, offset = 0): VirtioNetHdr {
  if (bytes.length - offset < VIRTIO_NET_HDR_LEN) {
    throw new NetHdrError('length', bytes.length - offset, `is shorter than the ${VIRTIO_NET_HDR_LEN}-byte virtio_net_hdr`);
  }
  const h = { flags: 0, gso_type: 0, hdr_len: 0, gso_size: 0, csum_start: 0, csum_offset: 0, num_buffers: 0 };
  for (let i = 0; i < FIELDS.length; i++) {
    const [name, off, size] = FIELDS[i];
    const p = offset + off;
    h[name] = size === 1 ? bytes[p] : bytes[p] | (bytes[p + 1] << 8);
  }
  return h;
}

export function encodeNetHdr(h: VirtioNetHdr, out = new Uint8Array(VIRTIO_NET_HDR_LEN), offset = 0): Uint8Array {
  if (out.length - offset < VIRTIO_NET_HDR_LEN) {
    throw new NetHdrError('length', out.length - offset, `is shorter than the ${VIRTIO_NET_HDR_LEN}-byte virtio_net_hdr`);
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const [name, off, size] = FIELDS[i];
    const v = h[name];
    const max = size === 1 ? 0xff : 0xffff;
    if (!Number.isInteger(v) || v < 0 || v > max) throw new NetHdrError(name, v, `does not fit in ${size * 8} bits`);
    out[offset + off] = v & 0xff;
    if (size === 2) out[offset + off + 1] = v >>> 8;
  }
  return out;
}

/**
 * The header the device writes in front of a received frame (§5.1.9.4). This device never
 * hands partial checksums or GSO packets to the driver: every frame it delivers is complete,
 * so flags = 0 and gso_type = NONE whether or not GUEST_CSUM was negotiated (DATA_VALID is a
 * MAY). num_buffers is 1 without MRG_RXBUF (§5.1.9.4 MUST), else the number of buffers used.
 */
export function rxNetHdr(numBuffers: number): VirtioNetHdr {
  return { flags: 0, gso_type: VIRTIO_NET_HDR_GSO.NONE, hdr_len: 0, gso_size: 0, csum_start: 0, csum_offset: 0, num_buffers: numBuffers };
}
