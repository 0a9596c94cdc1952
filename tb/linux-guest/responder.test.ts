import { describe, expect, it } from 'vitest';
import { internetChecksum } from '../../model/net/csum.js';
import { Peer, parseIpv4, parseMac } from './responder.js';

const GUEST_MAC = parseMac('52:54:00:12:34:56');
const GUEST_IP = parseIpv4('198.18.0.2');
const peer = new Peer('02:00:00:00:00:01', '198.18.0.1');

function arpRequest(target: string): Uint8Array {
  const f = new Uint8Array(42);
  f.fill(0xff, 0, 6);
  f.set(GUEST_MAC, 6);
  f.set([0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1], 12);
  f.set(GUEST_MAC, 22);
  f.set(GUEST_IP, 28);
  f.set(parseIpv4(target), 38);
  return f;
}

function echoRequest(payload: number, dst = '198.18.0.1'): Uint8Array {
  const total = 20 + 8 + payload;
  const f = new Uint8Array(14 + total);
  const dv = new DataView(f.buffer);
  f.set(peer.mac, 0);
  f.set(GUEST_MAC, 6);
  dv.setUint16(12, 0x0800);
  f[14] = 0x45;
  dv.setUint16(16, total);
  dv.setUint16(18, 0x1234);
  dv.setUint16(20, 0x4000); // DF
  f[22] = 64;
  f[23] = 1;
  f.set(GUEST_IP, 26);
  f.set(parseIpv4(dst), 30);
  dv.setUint16(24, internetChecksum(f, 14, 34));
  f[34] = 8;
  dv.setUint16(38, 0xbeef); // identifier
  dv.setUint16(40, 7); // sequence
  for (let i = 0; i < payload; i++) f[42 + i] = i & 0xff;
  dv.setUint16(36, internetChecksum(f, 34, f.length));
  return f;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('Peer: ARP (RFC 826) and ICMP echo (RFC 792) answers', () => {
  it('answers an ARP request for its address with a reply to the requester', () => {
    const c = peer.classify(arpRequest('198.18.0.1'));
    expect(c.kind).toBe('arp-request');
    const r = c.reply!;
    expect(r.length).toBe(60);
    expect(hex(r.subarray(0, 6))).toBe(hex(GUEST_MAC));
    expect(hex(r.subarray(6, 12))).toBe('020000000001');
    expect(hex(r.subarray(12, 22))).toBe('0806' + '0001' + '0800' + '06' + '04' + '0002');
    expect(hex(r.subarray(22, 32))).toBe('020000000001' + 'c6120001'); // sender: the peer
    expect(hex(r.subarray(32, 42))).toBe(hex(GUEST_MAC) + 'c6120002'); // target: the requester
  });

  it('ignores an ARP request for another address', () => {
    expect(peer.classify(arpRequest('198.18.0.9'))).toMatchObject({ kind: 'other', reply: null });
  });

  it('turns an echo request into an echo reply with swapped addresses, same id/seq/data, valid checksums', () => {
    for (const size of [56, 1472]) {
      const req = echoRequest(size);
      const c = peer.classify(req);
      expect(c.kind).toBe('icmp-echo-request');
      const r = c.reply!;
      expect(r.length).toBe(req.length);
      expect(hex(r.subarray(0, 12))).toBe(hex(GUEST_MAC) + '020000000001');
      expect(hex(r.subarray(26, 30))).toBe('c6120001'); // from the peer
      expect(hex(r.subarray(30, 34))).toBe('c6120002'); // to the guest
      expect(internetChecksum(r, 14, 34)).toBe(0);
      expect(r[34]).toBe(0); // echo reply
      expect(internetChecksum(r, 34, r.length)).toBe(0);
      expect(hex(r.subarray(38))).toBe(hex(req.subarray(38)));
    }
  });

  it('reports a request with a bad checksum instead of answering it', () => {
    const req = echoRequest(56);
    req[50] ^= 0xff;
    expect(peer.classify(req)).toMatchObject({ kind: 'icmp-echo-request', reply: null, problem: expect.stringMatching(/ICMP checksum/) });
    const bad = echoRequest(56);
    bad[24] ^= 1;
    expect(peer.classify(bad).problem).toMatch(/IPv4 header checksum/);
    expect(peer.classify(echoRequest(56, '198.18.0.3')).kind).toBe('other');
  });
});
