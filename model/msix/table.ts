// MSI-X Table and Pending Bit Array (PCIe r6.0 §7.7.2, §6.1.4). The table is declared as data:
// one 16-byte entry per vector with the four DW registers below. Message Control's MSI-X Enable
// and Function Mask live in config space; the function passes them in with setControl().

import { mwr } from '../tlp/build.js';
import type { Tlp } from '../tlp/types.js';

export class MsixError extends Error {
  constructor(field: string, value: number, why: string) {
    super(`MSI-X: ${field} = 0x${value.toString(16)}: ${why}`);
    this.name = 'MsixError';
  }
}

export interface MsixEntryRegister {
  name: string;
  /** Byte offset inside the 16-byte entry. */
  offset: number;
  reset: number;
  /** RW bits; every other bit is read-only (hardwired at its reset value). */
  rw: number;
}

/** PCIe r6.0 §7.7.2.5–§7.7.2.8. */
export const MSIX_ENTRY: readonly MsixEntryRegister[] = [
  // Bits 1:0 must be written 0 by software (DW-aligned message address); hardwired 0 here.
  { name: 'Message Address', offset: 0x0, reset: 0, rw: 0xffff_fffc },
  { name: 'Message Upper Address', offset: 0x4, reset: 0, rw: 0xffff_ffff },
  { name: 'Message Data', offset: 0x8, reset: 0, rw: 0xffff_ffff },
  // Mask Bit (0) resets to 1; 31:1 reserved (ST Table not implemented, no TPH).
  { name: 'Vector Control', offset: 0xc, reset: 1, rw: 0x0000_0001 },
];

export const MSIX_ENTRY_BYTES = 16;
const MASK_BIT = 1;

export class MsixTable {
  readonly tableBytes: number;
  /** PBA size: one bit per vector, in whole QWORDs (PCIe r6.0 §7.7.2.9). */
  readonly pbaBytes: number;
  private readonly table: DataView;
  private readonly pba: DataView;
  private enabled = false;
  private functionMask = false;
  /** The vector of each message this table made (message()), for `withdraw`. */
  private readonly sent = new WeakMap<Tlp, number>();

  /** `requesterId()` supplies the captured Bus/Device Number for each message (PCIe r6.0 §2.2.6.2). */
  constructor(readonly vectors: number, private readonly requesterId: () => number) {
    if (!Number.isInteger(vectors) || vectors < 1 || vectors > 2048) {
      throw new MsixError('vectors', vectors, 'must be 1..2048 (Table Size is 11 bits)');
    }
    this.tableBytes = vectors * MSIX_ENTRY_BYTES;
    this.pbaBytes = Math.ceil(vectors / 64) * 8;
    this.table = new DataView(new ArrayBuffer(this.tableBytes));
    this.pba = new DataView(new ArrayBuffer(this.pbaBytes));
    this.reset();
  }

  reset(): void {
    for (let v = 0; v < this.vectors; v++) {
      for (const r of MSIX_ENTRY) this.table.setUint32(v * MSIX_ENTRY_BYTES + r.offset, r.reset, true);
    }
    for (let i = 0; i < this.pbaBytes; i += 4) this.pba.setUint32(i, 0, true);
    this.enabled = false;
    this.functionMask = false;
  }

  private checkVector(vector: number): void {
    if (!Number.isInteger(vector) || vector < 0 || vector >= this.vectors) {
      throw new MsixError('vector', vector, `outside the table (0..${this.vectors - 1})`);
    }
  }

  private checkDw(region: string, offset: number, size: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + 4 > size || offset % 4 !== 0) {
      throw new MsixError(`${region} offset`, offset, `must be a DW-aligned offset below 0x${size.toString(16)}`);
    }
  }

  /** A vector is masked while its Mask Bit or Function Mask is set; QEMU and this model also treat MSI-X disabled as masked. */
  isMasked(vector: number): boolean {
    this.checkVector(vector);
    const ctrl = this.table.getUint32(vector * MSIX_ENTRY_BYTES + 0xc, true);
    return !this.enabled || this.functionMask || (ctrl & MASK_BIT) !== 0;
  }

  isPending(vector: number): boolean {
    this.checkVector(vector);
    return ((this.pba.getUint8(vector >> 3) >> (vector & 7)) & 1) !== 0;
  }

  private setPending(vector: number, on: boolean): void {
    const byte = this.pba.getUint8(vector >> 3);
    const bit = 1 << (vector & 7);
    this.pba.setUint8(vector >> 3, on ? byte | bit : byte & ~bit);
  }

  /**
   * The MWr for a vector's current Message Address/Data: 1 DW, First DW BE 0xF (PCIe r6.0 §6.1.4.2).
   * Any 64-bit address (Message Upper Address up to 0xFFFFFFFF, §7.7.2.6); the 4-DW header when
   * the upper half is non-zero (§2.2.4.1).
   */
  message(vector: number): Tlp {
    this.checkVector(vector);
    const base = vector * MSIX_ENTRY_BYTES;
    const low = this.table.getUint32(base, true);
    const high = this.table.getUint32(base + 4, true);
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, this.table.getUint32(base + 8, true), true);
    const tlp = mwr({ address: (BigInt(high) << 32n) | BigInt(low), addr64: high !== 0, data, requesterId: this.requesterId(), firstBe: 0xf, lastBe: 0 });
    this.sent.set(tlp, vector);
    return tlp;
  }

  /**
   * A message of this table that is not yet on the bus, whose vector is masked now: the function
   * must not send it and sets the vector's Pending Bit instead (PCIe r6.0 §6.1.4.3; docs/
   * dut-interface.md "MSI-X"). True when `tlp` is such a message (its Pending Bit is now set).
   */
  /** The vector of a message this table made and that was not withdrawn, else undefined. */
  vectorOf(tlp: Tlp): number | undefined {
    return this.sent.get(tlp);
  }

  withdraw(tlp: Tlp): boolean {
    const vector = this.sent.get(tlp);
    if (vector === undefined || !this.isMasked(vector)) return false;
    this.sent.delete(tlp);
    this.setPending(vector, true);
    return true;
  }

  /** Signal a vector: its message if unmasked, else set its pending bit and return null. */
  fire(vector: number): Tlp | null {
    if (this.isMasked(vector)) {
      this.setPending(vector, true);
      return null;
    }
    return this.message(vector);
  }

  /** Every vector that is pending and no longer masked: its message (current address/data), pending cleared. */
  private flushUnmasked(): Tlp[] {
    const out: Tlp[] = [];
    for (let v = 0; v < this.vectors; v++) {
      if (this.isPending(v) && !this.isMasked(v)) {
        this.setPending(v, false);
        out.push(this.message(v));
      }
    }
    return out;
  }

  /** Message Control changed (MSI-X Enable, Function Mask): returns the pending messages this unmasks. */
  setControl(enabled: boolean, functionMask: boolean): Tlp[] {
    this.enabled = enabled;
    this.functionMask = functionMask;
    return this.flushUnmasked();
  }

  readTable(offset: number): number {
    this.checkDw('table', offset, this.tableBytes);
    return this.table.getUint32(offset, true);
  }

  /** One DW write with byte enables; returns the messages an unmask releases. */
  writeTable(offset: number, firstBe: number, value: number): Tlp[] {
    this.checkDw('table', offset, this.tableBytes);
    const reg = MSIX_ENTRY[(offset % MSIX_ENTRY_BYTES) >> 2];
    let be = 0;
    for (let b = 0; b < 4; b++) if (firstBe & (1 << b)) be |= 0xff << (8 * b);
    const rw = reg.rw & be;
    const old = this.table.getUint32(offset, true);
    this.table.setUint32(offset, ((old & ~rw) | (value & rw)) >>> 0, true);
    return reg.name === 'Vector Control' ? this.flushUnmasked() : [];
  }

  /** PBA DW: bit i of DW k is vector 32k+i. Read-only; writes are ignored by the caller. */
  readPba(offset: number): number {
    this.checkDw('PBA', offset, this.pbaBytes);
    return this.pba.getUint32(offset, true);
  }
}
