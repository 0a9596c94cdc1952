// Receive-queue steering for VIRTIO_NET_F_MQ (virtio §5.1.9.5.5 "automatic receive steering").
//
// The rule this device uses (the RTL must do the same):
//  1. Until a VQ_PAIRS_SET completes, and whenever curQueuePairs = 1, every frame goes to
//     receiveq1 (§5.1.9.5.5 MUST).
//  2. Otherwise the frame's flow key is a symmetric hash: for IPv4 (ethertype 0x0800, no VLAN
//     tag) of (src IP XOR dst IP) and, for TCP/UDP with no IP options fragment offset 0,
//     (src port XOR dst port); for anything else, of (dst MAC XOR src MAC). Symmetric means
//     a flow's TX and RX directions hash the same.
//  3. The spec asks the device to deliver a flow on the queue pair the driver last
//     transmitted it on. The device learns that from TX frames: a 256-entry table indexed by
//     the low 8 bits of the hash remembers the TX queue pair of the last frame seen with
//     that index. An RX frame whose index has an entry below curQueuePairs goes there.
//  4. Otherwise: queue pair = hash mod curQueuePairs.
// Result is the receive queue *pair* index k (virtqueue 2k).

export const STEER_TABLE_SIZE = 256;

function macWord(f: Uint8Array, o: number): number {
  return ((f[o] << 16) | (f[o + 1] << 8) | f[o + 2]) ^ ((f[o + 3] << 16) | (f[o + 4] << 8) | f[o + 5]);
}

/** Symmetric 32-bit flow hash of an Ethernet frame (rule 2). */
export function flowHash(f: Uint8Array): number {
  let h: number;
  if (f.length >= 34 && f[12] === 0x08 && f[13] === 0x00 && (f[14] >> 4) === 4) {
    h = ((f[26] << 24) | (f[27] << 16) | (f[28] << 8) | f[29]) ^ ((f[30] << 24) | (f[31] << 16) | (f[32] << 8) | f[33]);
    const ihl = f[14] & 0xf;
    const proto = f[23];
    const fragOff = ((f[20] & 0x1f) << 8) | f[21];
    if (ihl === 5 && fragOff === 0 && (proto === 6 || proto === 17) && f.length >= 38) {
      h ^= (((f[34] << 8) | f[35]) ^ ((f[36] << 8) | f[37])) * 0x10001;
    }
  } else if (f.length >= 12) {
    h = macWord(f, 0) ^ macWord(f, 6);
  } else {
    h = 0;
  }
  // Final avalanche (murmur3 fmix32) so the low bits depend on every input bit.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class RxSteering {
  private readonly learned = new Int16Array(STEER_TABLE_SIZE).fill(-1);

  reset(): void {
    this.learned.fill(-1);
  }

  /** Rule 3: remember the TX queue pair of an outgoing frame. */
  learnTx(frame: Uint8Array, txPair: number): void {
    this.learned[flowHash(frame) & (STEER_TABLE_SIZE - 1)] = txPair;
  }

  /** Receive queue pair for an incoming frame. */
  select(frame: Uint8Array, curQueuePairs: number): number {
    if (curQueuePairs <= 1) return 0;
    const h = flowHash(frame);
    const l = this.learned[h & (STEER_TABLE_SIZE - 1)];
    if (l >= 0 && l < curQueuePairs) return l;
    return h % curQueuePairs;
  }
}
