// Seeded test frames shared by the model scenarios, the regression jobs and the vector
// generator: random bytes with a fixed Ethernet II header and a little-endian sequence number.

import type { Prng } from '../../model/util/prng.js';

/**
 * A `len`-byte frame to `dst`: locally administered source (first octet 0x02), ethertype 0x88b5
 * (IEEE 802 local experimental: never parsed as IP by steering), `n` in the low `seqBytes` bytes
 * from offset 14, random payload from `rng` elsewhere. The random bytes are drawn for the whole
 * frame first, so a given seed gives the same frame whatever `seqBytes` is.
 */
export function testFrame(rng: Prng, len: number, dst: Uint8Array, n: number, seqBytes: 1 | 2 | 3): Uint8Array {
  const f = rng.fill(new Uint8Array(len));
  f.set(dst, 0);
  f[6] = 0x02;
  f[12] = 0x88;
  f[13] = 0xb5;
  for (let i = 0; i < seqBytes; i++) f[14 + i] = (n >>> (8 * i)) & 0xff;
  return f;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
