import { describe, expect, it } from 'vitest';
import { decodeTlp, encodeTlp } from '../tlp/codec.js';
import { MSIX_ENTRY, MSIX_ENTRY_BYTES, MsixError, MsixTable } from './table.js';

const RID = 0x0100; // 01:00.0
const make = (vectors = 4): MsixTable => new MsixTable(vectors, () => RID);

function program(t: MsixTable, v: number, addr: number, data: number, upper = 0): void {
  const b = v * MSIX_ENTRY_BYTES;
  t.writeTable(b + 0, 0xf, addr);
  t.writeTable(b + 4, 0xf, upper);
  t.writeTable(b + 8, 0xf, data);
}
const unmask = (t: MsixTable, v: number) => t.writeTable(v * MSIX_ENTRY_BYTES + 0xc, 0xf, 0);
const mask = (t: MsixTable, v: number) => t.writeTable(v * MSIX_ENTRY_BYTES + 0xc, 0xf, 1);
const dataOf = (tlp: { data: Uint8Array }) => new DataView(tlp.data.buffer, tlp.data.byteOffset).getUint32(0, true);

describe('MSI-X table entries (PCIe r6.0 §7.7.2)', () => {
  for (const r of MSIX_ENTRY) {
    it(`${r.name}: reset, all-ones, all-zeros follow the table`, () => {
      const t = make(2);
      for (let v = 0; v < 2; v++) {
        const off = v * MSIX_ENTRY_BYTES + r.offset;
        expect(t.readTable(off)).toBe(r.reset);
        t.writeTable(off, 0xf, 0xffff_ffff);
        expect(t.readTable(off)).toBe(((r.reset & ~r.rw) | r.rw) >>> 0);
        t.writeTable(off, 0xf, 0);
        expect(t.readTable(off)).toBe((r.reset & ~r.rw) >>> 0);
      }
    });
  }

  it('Vector Control Mask Bit resets to 1; byte enables limit the write', () => {
    const t = make();
    expect(t.readTable(0xc) & 1).toBe(1);
    t.writeTable(0x8, 0x3, 0xaaaa_bbbb);
    expect(t.readTable(0x8)).toBe(0x0000_bbbb);
    t.writeTable(0xc, 0x2, 0); // byte 1 only: Mask Bit untouched
    expect(t.readTable(0xc) & 1).toBe(1);
  });

  it('rejects offsets outside the table', () => {
    const t = make(4);
    expect(() => t.readTable(64)).toThrow(MsixError);
    expect(() => t.readTable(2)).toThrow(/DW-aligned/);
    expect(() => t.fire(4)).toThrow(/vector/);
  });
});

describe('MSI-X delivery, masking and pending bits (PCIe r6.0 §6.1.4)', () => {
  it('enabled and unmasked: fire returns a 1-DW MWr with the entry address/data', () => {
    const t = make();
    t.setControl(true, false);
    program(t, 1, 0xfee0_0000, 0x4021);
    unmask(t, 1);
    const m = t.fire(1)!;
    expect(m.kind).toBe('MWr');
    expect(m.address).toBe(0xfee0_0000n);
    expect(m.addr64).toBe(false);
    expect(m.length).toBe(1);
    expect(m.firstBe).toBe(0xf);
    expect(m.lastBe).toBe(0);
    expect(m.requesterId).toBe(RID);
    expect(dataOf(m)).toBe(0x4021);
  });

  it('64-bit message address uses a 4-DW header', () => {
    const t = make();
    t.setControl(true, false);
    program(t, 0, 0x1000, 7, 0x2);
    unmask(t, 0);
    const m = t.fire(0)!;
    expect(m.address).toBe(0x2_0000_1000n);
    expect(m.addr64).toBe(true);
  });

  it('every 64-bit message address, Upper Address up to 0xFFFFFFFF, exactly (also when an unmask releases it)', () => {
    const t = make();
    t.setControl(true, false);
    for (const upper of [0x20_0000, 0x8000_0000, 0xffff_ffff]) {
      program(t, 0, 0xffff_fffc, 9, upper);
      unmask(t, 0);
      const m = t.fire(0)!;
      expect(m.address).toBe((BigInt(upper) << 32n) | 0xffff_fffcn);
      expect(m.addr64).toBe(true);
      expect(decodeTlp(encodeTlp(m)).address).toBe(m.address);
      mask(t, 0);
      expect(t.fire(0)).toBeNull();
      const sent = unmask(t, 0);
      expect(sent.map((s) => s.address)).toEqual([m.address]);
    }
  });

  it('masked vector: pending bit set, message on unmask with the CURRENT address/data, pending cleared', () => {
    const t = make();
    t.setControl(true, false);
    program(t, 2, 0xfee0_0000, 0x11);
    expect(t.fire(2)).toBeNull(); // masked at reset
    expect(t.isPending(2)).toBe(true);
    expect(t.readPba(0)).toBe(1 << 2);
    program(t, 2, 0xfee0_1000, 0x22); // reprogrammed while masked
    const sent = unmask(t, 2);
    expect(sent).toHaveLength(1);
    expect(sent[0].address).toBe(0xfee0_1000n);
    expect(dataOf(sent[0])).toBe(0x22);
    expect(t.isPending(2)).toBe(false);
    expect(t.readPba(0)).toBe(0);
    expect(unmask(t, 2)).toEqual([]); // no second message
  });

  it('Function Mask holds every vector; clearing it sends all pending unmasked vectors', () => {
    const t = make();
    t.setControl(true, true);
    for (let v = 0; v < 4; v++) { program(t, v, 0xfee0_0000 + v * 4, v); unmask(t, v); }
    mask(t, 3);
    expect(t.fire(0)).toBeNull();
    expect(t.fire(1)).toBeNull();
    expect(t.fire(3)).toBeNull();
    expect(t.readPba(0)).toBe(0b1011);
    const sent = t.setControl(true, false);
    expect(sent.map(dataOf)).toEqual([0, 1]);
    expect(t.readPba(0)).toBe(0b1000); // vector 3 still masked per-vector
  });

  it('MSI-X disabled counts as masked; enabling releases pending unmasked vectors', () => {
    const t = make();
    program(t, 0, 0xfee0_0000, 5);
    unmask(t, 0);
    expect(t.fire(0)).toBeNull();
    expect(t.isPending(0)).toBe(true);
    const sent = t.setControl(true, false);
    expect(sent.map(dataOf)).toEqual([5]);
  });

  it('PBA is one bit per vector in whole QWORDs', () => {
    const t = make(70);
    expect(t.pbaBytes).toBe(16);
    expect(t.fire(65)).toBeNull();
    expect(t.readPba(8)).toBe(1 << 1);
    expect(t.readPba(12)).toBe(0);
  });

  it('reset clears pending bits and re-masks every vector', () => {
    const t = make();
    t.setControl(true, false);
    unmask(t, 0);
    t.setControl(true, true);
    t.fire(0);
    t.reset();
    expect(t.readPba(0)).toBe(0);
    expect(t.isMasked(0)).toBe(true);
    expect(t.readTable(0xc)).toBe(1);
  });
});

describe('a message not yet on the bus when its vector is masked (PCIe r6.0 §6.1.4.3)', () => {
  it('withdraw: masked since it was made -> Pending Bit set, true; unmasked -> false; once only', () => {
    const t = make();
    t.setControl(true, false);
    program(t, 1, 0xfee0_0010, 0x41);
    unmask(t, 1);
    const m = t.fire(1)!;
    expect(m).not.toBeNull();
    expect(t.withdraw(m)).toBe(false); // still unmasked: it goes out
    mask(t, 1);
    expect(t.withdraw(m)).toBe(true);
    expect(t.readPba(0)).toBe(1 << 1);
    expect(t.withdraw(m)).toBe(false); // already withdrawn
    const sent = unmask(t, 1); // the unmask sends it again, with the entry's address/data
    expect(sent.map(dataOf)).toEqual([0x41]);
    expect(t.readPba(0)).toBe(0);
  });

  it('Function Mask and MSI-X Enable cleared withdraw as well; a message of another table never', () => {
    const t = make();
    t.setControl(true, false);
    program(t, 0, 0xfee0_0000, 7);
    unmask(t, 0);
    const a = t.fire(0)!;
    const b = t.fire(0)!;
    t.setControl(true, true);
    expect(t.withdraw(a)).toBe(true);
    t.setControl(false, false);
    expect(t.withdraw(b)).toBe(true);
    expect(t.readPba(0)).toBe(1);
    const other = make();
    other.setControl(true, false);
    program(other, 0, 0xfee0_0000, 7);
    unmask(other, 0);
    expect(t.withdraw(other.fire(0)!)).toBe(false);
  });
});
