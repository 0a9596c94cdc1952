import { describe, expect, it } from 'vitest';
import { applyTxChecksum, internetChecksum, onesComplementSum } from './csum.js';
import { ChecksumOffloadError } from './errors.js';

describe('TX checksum offload', () => {
  it('matches the RFC 1071 §3 worked example', () => {
    const b = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    expect(onesComplementSum(b, 0, b.length)).toBe(0xddf2);
    expect(internetChecksum(b)).toBe(0x220d);
  });

  it('completes a UDP checksum so that the receiver check sums to 0xffff', () => {
    // Ethernet(14) + IPv4(20) + UDP(8) + 13 bytes payload (odd length on purpose).
    const payload = new TextEncoder().encode('hello, virtio');
    const f = new Uint8Array(14 + 20 + 8 + payload.length);
    f.set([0x08, 0x00], 12);
    const ip = 14;
    f[ip] = 0x45;
    f[ip + 9] = 17;
    f.set([10, 0, 0, 1], ip + 12);
    f.set([10, 0, 0, 2], ip + 16);
    const udp = ip + 20;
    const udpLen = 8 + payload.length;
    f.set([0x30, 0x39, 0x00, 0x35, udpLen >> 8, udpLen & 0xff], udp);
    f.set(payload, udp + 8);
    // The driver stores the (uncomplemented) pseudo-header sum in the checksum field.
    const pseudo = Uint8Array.from([10, 0, 0, 1, 10, 0, 0, 2, 0, 17, udpLen >> 8, udpLen & 0xff]);
    const ps = onesComplementSum(pseudo, 0, pseudo.length);
    f[udp + 6] = ps >> 8;
    f[udp + 7] = ps & 0xff;
    applyTxChecksum(f, udp, 6);
    // Receiver check (RFC 768): pseudo header + whole datagram sums to all ones.
    const zeroed = f.slice(udp);
    const total = onesComplementSum(zeroed, 0, zeroed.length, onesComplementSum(pseudo, 0, pseudo.length));
    expect(total).toBe(0xffff);
    expect(f[udp + 6] | f[udp + 7]).not.toBe(0);
  });

  it('bounds-checks csum_start and csum_offset with a typed error', () => {
    const f = new Uint8Array(60);
    expect(() => applyTxChecksum(f, 60, 0)).toThrow(ChecksumOffloadError);
    expect(() => applyTxChecksum(f, 60, 0)).toThrow(/csum_start/);
    expect(() => applyTxChecksum(f, 50, 9)).toThrow(/csum_offset/);
    expect(() => applyTxChecksum(f, 50, 8)).not.toThrow();
  });
});
