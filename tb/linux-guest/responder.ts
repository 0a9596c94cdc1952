// The guest's peer on the wire: answers ARP requests (RFC 826) and ICMP echo requests (RFC 792)
// for one IPv4 address, from frames the model transmitted. The test injects the replies into
// the model's RX path. Every frame from the guest is classified so the test can count them;
// a malformed one (bad IPv4 header checksum, bad ICMP checksum) is reported, not answered.

import { internetChecksum } from '../../model/net/csum.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
const ARP_HTYPE_ETHERNET = 1;
const ARP_OP_REQUEST = 1;
const ARP_OP_REPLY = 2;
const IPPROTO_ICMP = 1;
const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;
/** Ethernet minimum frame without FCS (IEEE 802.3 §3.2.8: 64 bytes with the 4-byte FCS). */
const ETH_MIN_LEN = 60;

export type FrameKind = 'arp-request' | 'icmp-echo-request' | 'other';

export interface Classified {
  kind: FrameKind;
  /** The answer to inject, when the frame asks the peer something. */
  reply: Uint8Array | null;
  /** Why the frame was not answered although it looked like it was for the peer. */
  problem: string | null;
}

export function parseMac(s: string): Uint8Array {
  const b = s.split(':').map((x) => parseInt(x, 16));
  if (b.length !== 6 || b.some((x) => !(x >= 0 && x <= 255))) throw new RangeError(`MAC address ${JSON.stringify(s)}: expected six hex bytes`);
  return Uint8Array.from(b);
}

export function parseIpv4(s: string): Uint8Array {
  const b = s.split('.').map(Number);
  if (b.length !== 4 || b.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new RangeError(`IPv4 address ${JSON.stringify(s)}: expected four decimal bytes`);
  return Uint8Array.from(b);
}

function equal(a: Uint8Array, ao: number, b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (a[ao + i] !== b[i]) return false;
  return true;
}

export class Peer {
  readonly mac: Uint8Array;
  readonly ip: Uint8Array;

  constructor(mac: string, ip: string) {
    this.mac = parseMac(mac);
    this.ip = parseIpv4(ip);
  }

  classify(f: Uint8Array): Classified {
    const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const other = (problem: string | null = null): Classified => ({ kind: 'other', reply: null, problem });
    if (f.length < 14) return other(`runt frame of ${f.length} bytes`);
    const type = dv.getUint16(12);
    if (type === ETHERTYPE_ARP) return this.arp(f, dv) ?? other();
    if (type === ETHERTYPE_IPV4) return this.icmp(f, dv) ?? other();
    return other();
  }

  /** RFC 826: a request for our address gets a reply from our hardware address. */
  private arp(f: Uint8Array, dv: DataView): Classified | null {
    if (f.length < 42 || dv.getUint16(14) !== ARP_HTYPE_ETHERNET || dv.getUint16(16) !== ETHERTYPE_IPV4 || f[18] !== 6 || f[19] !== 4) return null;
    if (dv.getUint16(20) !== ARP_OP_REQUEST || !equal(f, 38, this.ip)) return null;
    const r = new Uint8Array(ETH_MIN_LEN);
    const rv = new DataView(r.buffer);
    r.set(f.subarray(22, 28), 0); // to the requester's hardware address
    r.set(this.mac, 6);
    rv.setUint16(12, ETHERTYPE_ARP);
    rv.setUint16(14, ARP_HTYPE_ETHERNET);
    rv.setUint16(16, ETHERTYPE_IPV4);
    r[18] = 6;
    r[19] = 4;
    rv.setUint16(20, ARP_OP_REPLY);
    r.set(this.mac, 22); // sender hardware address
    r.set(this.ip, 28); // sender protocol address
    r.set(f.subarray(22, 28), 32); // target: the requester
    r.set(f.subarray(28, 32), 38);
    return { kind: 'arp-request', reply: r, problem: null };
  }

  /** RFC 792: an echo request to our address comes back as an echo reply with the same data. */
  private icmp(f: Uint8Array, dv: DataView): Classified | null {
    if (f.length < 34 || f[14] >> 4 !== 4) return null;
    const ihl = (f[14] & 0xf) * 4;
    const totalLen = dv.getUint16(16);
    if (f[23] !== IPPROTO_ICMP || !equal(f, 30, this.ip)) return null;
    const bad = (problem: string): Classified => ({ kind: 'icmp-echo-request', reply: null, problem });
    if (ihl < 20 || totalLen < ihl + 8 || 14 + totalLen > f.length) return bad(`IPv4 IHL ${ihl} / total length ${totalLen} do not fit the ${f.length}-byte frame`);
    if (internetChecksum(f, 14, 14 + ihl) !== 0) return bad('IPv4 header checksum does not verify (RFC 791)');
    if ((dv.getUint16(20) & 0x3fff) !== 0) return bad('fragmented echo request');
    const icmpAt = 14 + ihl;
    if (f[icmpAt] !== ICMP_ECHO_REQUEST) return null;
    if (internetChecksum(f, icmpAt, 14 + totalLen) !== 0) return bad('ICMP checksum does not verify (RFC 792)');
    const r = f.slice(0, 14 + totalLen);
    const rv = new DataView(r.buffer);
    r.set(f.subarray(6, 12), 0);
    r.set(this.mac, 6);
    r.set(this.ip, 26); // source: the peer
    r.set(f.subarray(26, 30), 30); // destination: the requester
    r[22] = 64; // TTL
    rv.setUint16(24, 0);
    rv.setUint16(24, internetChecksum(r, 14, 14 + ihl));
    r[icmpAt] = ICMP_ECHO_REPLY;
    rv.setUint16(icmpAt + 2, 0);
    rv.setUint16(icmpAt + 2, internetChecksum(r, icmpAt, 14 + totalLen));
    return { kind: 'icmp-echo-request', reply: r, problem: null };
  }
}
