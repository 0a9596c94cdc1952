// Byte-range access over a register table: shared by the common configuration structure and the
// virtio-net device configuration. An access is the byte range [offset, offset+size); reads
// compose the covered bytes of each field (little-endian, §4.1.3 "little-endian"), writes reach a
// field only if they cover all of its bytes.

import { VirtioAccessError } from './errors.js';

/** Access widths the function can produce from contiguous First DW BE patterns (3 = BE 0111/1110). */
export type AccessSize = 1 | 2 | 3 | 4;

export interface RegField {
  readonly name: string;
  readonly offset: number;
  /** Width in bytes. */
  readonly width: 1 | 2 | 4;
}

/** Throws VirtioAccessError unless [offset, offset+size) lies inside a region of `length` bytes. */
export function checkAccess(region: string, offset: number, size: number, length: number): void {
  if (size !== 1 && size !== 2 && size !== 3 && size !== 4) {
    throw new VirtioAccessError(`${region} access size`, size, 'must be 1, 2, 3 or 4 bytes');
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + size > length) {
    throw new VirtioAccessError(`${region} offset`, offset, `access of ${size} bytes must lie within 0..${length - 1}`);
  }
}

export function checkValue(region: string, size: number, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** (8 * size) - 1) {
    throw new VirtioAccessError(`${region} write value`, value, `must be an integer that fits ${size} byte(s)`);
  }
}

/** Naturally aligned 1/2/4-byte access (§4.1.3.1); anything else is reported as misaligned. */
export function isNatural(offset: number, size: number): boolean {
  return size !== 3 && offset % size === 0;
}

/** Fields overlapping [offset, offset+size), in ascending offset order (table must be sorted). */
export function overlapping<F extends RegField>(table: readonly F[], offset: number, size: number): F[] {
  const end = offset + size;
  return table.filter((f) => f.offset < end && f.offset + f.width > offset);
}

/** Compose the value of a read: every covered byte of a field, holes read as 0. */
export function composeRead<F extends RegField>(
  table: readonly F[],
  offset: number,
  size: number,
  valueOf: (f: F) => number,
): number {
  let out = 0;
  for (const f of overlapping(table, offset, size)) {
    const v = valueOf(f);
    const from = Math.max(offset, f.offset);
    const to = Math.min(offset + size, f.offset + f.width);
    for (let a = from; a < to; a++) {
      const byte = (v >>> ((a - f.offset) * 8)) & 0xff;
      out |= byte << ((a - offset) * 8);
    }
  }
  return out >>> 0;
}

export interface SplitWrite<F extends RegField> {
  /** Fields the write covers completely, with the field's new value. */
  whole: { field: F; value: number }[];
  /** Fields the write touches only in part (not written). */
  partial: F[];
  /** True when some written byte lies on no field. */
  hole: boolean;
}

/** Split a write into per-field writes. */
export function splitWrite<F extends RegField>(table: readonly F[], offset: number, size: number, value: number): SplitWrite<F> {
  const out: SplitWrite<F> = { whole: [], partial: [], hole: false };
  let covered = 0;
  for (const f of overlapping(table, offset, size)) {
    const from = Math.max(offset, f.offset);
    const to = Math.min(offset + size, f.offset + f.width);
    covered += to - from;
    if (from === f.offset && to === f.offset + f.width) {
      const shift = (f.offset - offset) * 8;
      const mask = f.width === 4 ? 0xffffffff : (1 << (f.width * 8)) - 1;
      out.whole.push({ field: f, value: ((value >>> shift) & mask) >>> 0 });
    } else {
      out.partial.push(f);
    }
  }
  out.hole = covered < size;
  return out;
}
