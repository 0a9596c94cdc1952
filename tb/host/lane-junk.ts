// Junk in the disabled byte lanes of the host's write requests. PCIe r6.0 §2.2.5: a byte whose
// First/Last DW BE bit is 0 carries no meaning and the completer must not write it; a real root
// port may put anything there. The host fills every such byte of every MWr and CfgWr0 payload it
// sends with seeded junk, never all zero in one TLP, so a completer that ignores the byte enables
// is seen. The bytes are 0x00, 0xff, small or uniform values by turns: a 16-bit field in disabled
// lanes then often reads as a small legal value (a queue_size, a vector) and often as an
// illegal one. Its own stream: the scenario's and the driver's draws do not move.

import { Prng } from '../../model/util/prng.js';
import { makeTlp } from '../../model/tlp/build.js';
import type { Tlp } from '../../model/tlp/types.js';

/** Salt of the junk stream's seed (the run's seed XOR this): unrelated to every other stream of a run. */
const LANE_JUNK_SALT = 0x1a7e_b17e;

/** The byte enables of payload DW `i` of a write request of `length` DWs (PCIe r6.0 §2.2.5). */
function dwBe(t: Tlp, i: number): number {
  if (i === 0) return t.firstBe;
  return i === t.length - 1 ? t.lastBe : 0xf;
}

export class DisabledLaneJunk {
  private readonly rng: Prng;

  constructor(runSeed: number) {
    this.rng = new Prng((runSeed ^ LANE_JUNK_SALT) | 0);
  }

  /** One junk byte: 0x00 (3 in 8), 0xff, 0x01..0x0f (1 in 8 each), else uniform. */
  private byte(): number {
    const v = this.rng.u32();
    const pick = v & 7;
    if (pick < 3) return 0;
    if (pick === 3) return 0xff;
    if (pick === 4) return 1 + ((v >>> 8) % 15);
    return (v >>> 8) & 0xff;
  }

  /**
   * `t` itself when it is no write or every payload byte is enabled; else a copy whose disabled
   * bytes hold junk, at least one of them non-zero (the caller's payload is not changed).
   */
  fill(t: Tlp): Tlp {
    if ((t.kind !== 'MWr' && t.kind !== 'CfgWr0') || t.data.length === 0) return t;
    const dws = Math.min(t.length, t.data.length >> 2);
    let data: Uint8Array | null = null;
    let first = -1;
    let any = 0;
    for (let i = 0; i < dws; i++) {
      const be = dwBe(t, i);
      if (be === 0xf) continue;
      data ??= t.data.slice();
      for (let b = 0; b < 4; b++) {
        if ((be & (1 << b)) !== 0) continue;
        if (first < 0) first = i * 4 + b;
        data[i * 4 + b] = this.byte();
        any |= data[i * 4 + b];
      }
    }
    if (!data) return t;
    if (any === 0) data[first] = this.rng.int(1, 255);
    return makeTlp(t.kind, t.addr64, t.tc, t.attr, t.td, t.ep, t.length, t.requesterId, t.tag, t.firstBe, t.lastBe, t.address,
      t.targetId, t.register, t.completerId, t.status, t.bcm, t.byteCount, t.lowerAddress, data);
  }
}
