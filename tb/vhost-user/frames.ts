// Frames for the DPDK tests: what testpmd's txonly engine sends (checked field by field against
// testpmd's documented defaults and RFC 791/768), and the frames the model injects on RX.

import { internetChecksum } from '../../model/net/csum.js';
import { bytesHex } from '../../model/util/hex.js';

/**
 * testpmd txonly defaults (DPDK testpmd user guide, "Command-line options": --txpkts 64,
 * --tx-ip 198.18.0.1,198.18.0.2, --tx-udp 9,9, --eth-peer 02:00:00:00:00:<port>): a 64-byte
 * IPv4/UDP frame from the port's MAC. Returns why `f` is not such a frame, or null.
 */
export function checkTxonlyFrame(f: Uint8Array, portMac: string): string | null {
  const hex = (o: number, n: number): string => bytesHex(f.subarray(o, o + n), ':');
  const be16 = (o: number): number => (f[o] << 8) | f[o + 1];
  if (f.length !== 64) return `length ${f.length}, expected 64 (--txpkts default)`;
  if (hex(0, 6) !== '02:00:00:00:00:00') return `destination ${hex(0, 6)}, expected the default peer 02:00:00:00:00:00`;
  if (portMac && hex(6, 6) !== portMac) return `source ${hex(6, 6)}, expected the port MAC ${portMac}`;
  if (be16(12) !== 0x0800) return `ethertype 0x${be16(12).toString(16)}, expected IPv4 0x0800`;
  if (f[14] !== 0x45) return `IPv4 version/IHL 0x${f[14].toString(16)}, expected 0x45`;
  if (be16(16) !== 64 - 14) return `IPv4 total length ${be16(16)}, expected 50 (RFC 791)`;
  if (f[23] !== 17) return `IPv4 protocol ${f[23]}, expected UDP 17`;
  if (internetChecksum(f, 14, 34) !== 0) return 'IPv4 header checksum does not verify (RFC 791)';
  if (hex(26, 4) !== 'c6:12:00:01' || hex(30, 4) !== 'c6:12:00:02') return `IPv4 addresses ${hex(26, 4)} -> ${hex(30, 4)}, expected 198.18.0.1 -> 198.18.0.2`;
  if (be16(34) !== 9 || be16(36) !== 9) return `UDP ports ${be16(34)} -> ${be16(36)}, expected 9 -> 9`;
  if (be16(38) !== 64 - 34) return `UDP length ${be16(38)}, expected 30 (RFC 768)`;
  return null;
}

/** RX frame i: to `dstMac` (broadcast when empty), ethertype 0x88b5 (IEEE 802 local experimental), 60..1514 bytes. */
export function makeRxFrame(i: number, dstMac: string): Uint8Array {
  const len = 60 + ((i * 37) % 1455);
  const f = new Uint8Array(len);
  const dst = dstMac ? dstMac.split(':').map((x) => parseInt(x, 16)) : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  f.set(dst, 0);
  f.set([0x02, 0x00, 0x00, 0x00, 0x00, 0xaa], 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  f[14] = i >> 8;
  f[15] = i & 0xff;
  for (let k = 16; k < len; k++) f[k] = (i + k) & 0xff;
  return f;
}
