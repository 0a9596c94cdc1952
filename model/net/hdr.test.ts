import { describe, expect, it } from 'vitest';
import { decodeNetHdr, encodeNetHdr, rxNetHdr, VIRTIO_NET_HDR_LEN } from './hdr.js';
import { NetHdrError } from './errors.js';

describe('virtio_net_hdr', () => {
  it('is 12 bytes with little-endian fields at the §5.1.9 offsets', () => {
    const b = encodeNetHdr({ flags: 1, gso_type: 4, hdr_len: 0x1234, gso_size: 0x5678, csum_start: 0x9abc, csum_offset: 0xdef0, num_buffers: 0x0102 });
    expect(VIRTIO_NET_HDR_LEN).toBe(12);
    expect([...b]).toEqual([1, 4, 0x34, 0x12, 0x78, 0x56, 0xbc, 0x9a, 0xf0, 0xde, 0x02, 0x01]);
  });
  it('decodes what it encodes', () => {
    const h = { flags: 0x81, gso_type: 1, hdr_len: 54, gso_size: 1448, csum_start: 34, csum_offset: 16, num_buffers: 3 };
    expect(decodeNetHdr(encodeNetHdr(h))).toEqual(h);
  });
  it('rejects short buffers and out-of-range fields with a typed error naming the field', () => {
    expect(() => decodeNetHdr(new Uint8Array(11))).toThrow(NetHdrError);
    expect(() => encodeNetHdr({ ...rxNetHdr(1), num_buffers: 0x10000 })).toThrow(/num_buffers/);
  });
  it('RX header has flags 0, gso NONE and the given num_buffers', () => {
    const b = encodeNetHdr(rxNetHdr(5));
    expect(b[0]).toBe(0);
    expect(b[1]).toBe(0);
    expect(b[10] | (b[11] << 8)).toBe(5);
  });
});
