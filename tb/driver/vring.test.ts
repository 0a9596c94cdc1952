import { describe, expect, it } from 'vitest';
import { DriverVring, needEvent, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE } from './vring.js';
import type { GuestMemory } from './dut.js';

class FlatMemory implements GuestMemory {
  readonly b = new Uint8Array(1 << 16);
  read(a: number, n: number): Uint8Array {
    return this.b.slice(a, a + n);
  }
  write(a: number, d: Uint8Array): void {
    this.b.set(d, a);
  }
}

const flags = (m: FlatMemory, slot: number): number => m.b[slot * 16 + 14] | (m.b[slot * 16 + 15] << 8);

/** Device side, by hand: mark `slot` used with id, wrap w (§2.8.2: AVAIL = USED = w). */
function markUsed(m: FlatMemory, slot: number, id: number, len: number, w: number): void {
  const v = new DataView(m.b.buffer);
  v.setUint32(slot * 16 + 8, len, true);
  v.setUint16(slot * 16 + 12, id, true);
  v.setUint16(slot * 16 + 14, w ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0, true);
}

describe('driver packed ring', () => {
  it('vring_need_event matches §2.8.10 examples', () => {
    expect(needEvent(5, 6, 5)).toBe(true); // moved past 5
    expect(needEvent(5, 5, 4)).toBe(false); // not yet past 5
    expect(needEvent(0xffff, 2, 0xfffe)).toBe(true); // across the 16-bit wrap
  });

  it('first lap: AVAIL=1 USED=0, chain elements carry NEXT, the head is written last', () => {
    const m = new FlatMemory();
    const r = new DriverVring(m, { size: 4, desc: 0, driver: 0x100, device: 0x104 }, false);
    const id = r.add([{ addr: 0x1000, len: 10, write: false }, { addr: 0x2000, len: 20, write: true }], 0);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(flags(m, 0)).toBe(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_NEXT);
    expect(flags(m, 1)).toBe(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_WRITE);
    expect(r.numFree).toBe(2);
  });

  it('wraps with non-power-of-two size and flips both counters', () => {
    const m = new FlatMemory();
    const r = new DriverVring(m, { size: 3, desc: 0, driver: 0x100, device: 0x104 }, false);
    let slot = 0;
    let w = 1;
    for (let i = 0; i < 10; i++) {
      const id = r.add([{ addr: 0x1000, len: 64, write: false }], i);
      // The second lap marks available with AVAIL=0, USED=1 (§2.8.1).
      expect(flags(m, slot)).toBe(w ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED);
      expect(r.getUsed()).toBeUndefined();
      markUsed(m, slot, id, 0, w);
      expect(r.getUsed()).toEqual({ id, len: 0, token: i });
      slot++;
      if (slot === 3) {
        slot = 0;
        w ^= 1;
      }
    }
    expect(r.state).toEqual({ nextAvail: 1, availWrap: 0, nextUsed: 1, usedWrap: 0 }); // 10 = 3*3 + 1
  });

  it('kickPrepare honours the device area (DISABLE, ENABLE)', () => {
    const m = new FlatMemory();
    const r = new DriverVring(m, { size: 8, desc: 0, driver: 0x100, device: 0x104 }, true);
    r.add([{ addr: 0x1000, len: 64, write: false }], 0);
    expect(r.kickPrepare()).toBe(true); // zeroed area = ENABLE
    m.b[0x106] = 1; // DISABLE
    r.add([{ addr: 0x1000, len: 64, write: false }], 0);
    expect(r.kickPrepare()).toBe(false);
    expect(r.kicksSuppressed).toBe(1);
  });
});
