// Sparse host memory: 4 KiB pages created on first write, unwritten bytes read as 0.
// Addresses cover the whole 64-bit space (PCIe r6.0 §2.2.4.1): a number (exact integers, below
// 2^53) or a bigint (any value up to 2^64 - 1); a range may end exactly at 2^64. Multi-byte
// helpers are little-endian, as host memory is to a virtio device (virtio 1.x §1.4: le16/le32/le64).

export const PAGE_SIZE = 4096;
const TWO_POW_64 = 1n << 64n;

import { addAddress, type Address } from '../../model/dma/types.js';

export { addAddress, type Address };

/** A 64-bit address as a host Address: a number while exact (below 2^53), else the bigint. */
export function hostAddress(a: bigint): Address {
  return a <= MAX_EXACT ? Number(a) : a;
}
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);


export class HostMemoryError extends Error {
  constructor(
    readonly field: string,
    readonly value: number | bigint,
    reason: string,
  ) {
    super(`host memory argument "${field}": value ${typeof value === 'bigint' ? `0x${value.toString(16)}` : value} ${reason}`);
    this.name = 'HostMemoryError';
  }
}

interface Page {
  bytes: Uint8Array;
  view: DataView;
}

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);
/** Entries of the page cache (a power of two). */
const PAGE_CACHE = 16;

export class HostMemory {
  private readonly pages = new Map<number, Page>();
  /** The page most recently looked up (pages are never removed, so it stays valid). */
  private lastPn = -1;
  private lastPage: Page | undefined = undefined;
  /** Direct-mapped page cache: page number (-1 = empty) and page per slot. */
  private readonly cachePn = new Float64Array(PAGE_CACHE).fill(-1);
  private readonly cachePage: (Page | undefined)[] = new Array<Page | undefined>(PAGE_CACHE).fill(undefined);

  /** Number of 4 KiB pages that have been written. */
  get pageCount(): number {
    return this.pages.size;
  }

  // Page number (exact: below 2^52) and offset of the last address checked by start().
  private pn = 0;
  private off = 0;

  /** Checks that [addr, addr+len) lies in the 64-bit space and sets pn/off to addr's page and offset. */
  private start(addr: Address, len: number): void {
    if (!Number.isInteger(len) || len < 0) throw new HostMemoryError('len', len, 'is not a non-negative integer');
    if (typeof addr === 'number') {
      if (!Number.isSafeInteger(addr) || addr < 0) throw new HostMemoryError('addr', addr, 'is not a non-negative exact integer (a bigint carries addresses at or above 2^53)');
      this.pn = Math.floor(addr / PAGE_SIZE);
      this.off = addr - this.pn * PAGE_SIZE;
      return;
    }
    if (typeof addr !== 'bigint' || addr < 0n || addr + BigInt(len) > TWO_POW_64) {
      throw new HostMemoryError('addr', typeof addr === 'bigint' ? addr : Number.NaN, `+ ${len} bytes is not inside the 64-bit address space`);
    }
    this.pn = Number(addr >> 12n);
    this.off = Number(addr & 0xfffn);
  }

  private page(n: number, create: true): Page;
  private page(n: number, create: false): Page | undefined;
  private page(n: number, create: boolean): Page | undefined {
    if (n === this.lastPn) return this.lastPage; // DMA traffic comes in runs on one page
    // A device alternates between a few pages (descriptor ring, driver area, buffers): a small
    // direct-mapped cache in front of the Map catches those.
    const slot = n & (PAGE_CACHE - 1);
    if (this.cachePn[slot] === n) {
      this.lastPn = n;
      this.lastPage = this.cachePage[slot];
      return this.lastPage;
    }
    let p = this.pages.get(n);
    if (!p && create) {
      const bytes = new Uint8Array(PAGE_SIZE);
      p = { bytes, view: new DataView(bytes.buffer) };
      this.pages.set(n, p);
    }
    if (p) {
      this.lastPn = n;
      this.lastPage = p;
      this.cachePn[slot] = n;
      this.cachePage[slot] = p;
    }
    return p;
  }

  /** Copy `len` bytes at `addr` into `out` (allocated if not given) and return it. */
  read(addr: Address, len: number, out: Uint8Array = new Uint8Array(len)): Uint8Array {
    this.start(addr, len);
    if (out.length < len) throw new HostMemoryError('out.length', out.length, `is smaller than len ${len}`);
    let pn = this.pn;
    let off = this.off;
    for (let done = 0; done < len; pn++, off = 0) {
      const n = Math.min(PAGE_SIZE - off, len - done);
      const p = this.page(pn, false);
      out.set((p ? p.bytes : ZERO_PAGE).subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /**
   * Zero-copy: a view of [addr, addr+len) when it lies within one page that has been written,
   * else null (callers fall back to read()). The view aliases memory: later writes show through.
   */
  view(addr: Address, len: number): Uint8Array | null {
    try {
      this.start(addr, len);
    } catch {
      return null;
    }
    const off = this.off;
    if (off + len > PAGE_SIZE) return null;
    const p = this.page(this.pn, false);
    return p ? p.bytes.subarray(off, off + len) : null;
  }

  write(addr: Address, bytes: Uint8Array): void {
    this.start(addr, bytes.length);
    let pn = this.pn;
    let off = this.off;
    for (let done = 0; done < bytes.length; pn++, off = 0) {
      const n = Math.min(PAGE_SIZE - off, bytes.length - done);
      this.page(pn, true).bytes.set(n === bytes.length ? bytes : bytes.subarray(done, done + n), off);
      done += n;
    }
  }

  /**
   * write(addr, src.subarray(start, end)) without making the view: a write that stays in one
   * page is copied byte by byte when short (≤ 16 bytes: used-ring id/len and flags), else with set().
   */
  writeFrom(addr: Address, src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (!(start >= 0 && end <= src.length && n >= 0)) throw new HostMemoryError('start', start, `..${end} is not a range of the ${src.length} source bytes`);
    this.start(addr, n);
    const off = this.off;
    if (n > 16 || off + n > PAGE_SIZE) {
      this.write(addr, start === 0 && end === src.length ? src : src.subarray(start, end));
      return;
    }
    const bytes = this.page(this.pn, true).bytes;
    for (let i = 0; i < n; i++) bytes[off + i] = src[start + i];
  }

  fill(addr: Address, len: number, value: number): void {
    this.start(addr, len);
    let pn = this.pn;
    let off = this.off;
    for (let done = 0; done < len; pn++, off = 0) {
      const n = Math.min(PAGE_SIZE - off, len - done);
      this.page(pn, true).bytes.fill(value, off, off + n);
      done += n;
    }
  }

  /** The page and offset holding [addr, addr+size) if it does not straddle pages. */
  private locate(addr: Address, size: number, create: boolean): { p: Page | undefined; off: number } | null {
    this.start(addr, size);
    const off = this.off;
    if (off + size > PAGE_SIZE) return null;
    return { p: create ? this.page(this.pn, true) : this.page(this.pn, false), off };
  }

  private scratch = new Uint8Array(8);
  private scratchView = new DataView(this.scratch.buffer);

  readU16(addr: Address): number {
    const l = this.locate(addr, 2, false);
    if (l) return l.p ? l.p.view.getUint16(l.off, true) : 0;
    this.read(addr, 2, this.scratch);
    return this.scratchView.getUint16(0, true);
  }

  readU32(addr: Address): number {
    const l = this.locate(addr, 4, false);
    if (l) return l.p ? l.p.view.getUint32(l.off, true) : 0;
    this.read(addr, 4, this.scratch);
    return this.scratchView.getUint32(0, true);
  }

  /** 64-bit little-endian value as a JS number; throws if it is 2^53 or more. */
  readU64(addr: Address): number {
    const lo = this.readU32(addr);
    const hi = this.readU32(addAddress(addr, 4));
    if (hi >= 0x20_0000) throw new HostMemoryError('value', hi, `(high DW at 0x${addr.toString(16)}) makes a u64 of 2^53 or more`);
    return hi * 0x1_0000_0000 + lo;
  }

  writeU16(addr: Address, value: number): void {
    const l = this.locate(addr, 2, true);
    if (l && l.p) return l.p.view.setUint16(l.off, value, true);
    this.scratchView.setUint16(0, value, true);
    this.write(addr, this.scratch.subarray(0, 2));
  }

  writeU32(addr: Address, value: number): void {
    const l = this.locate(addr, 4, true);
    if (l && l.p) return l.p.view.setUint32(l.off, value >>> 0, true);
    this.scratchView.setUint32(0, value >>> 0, true);
    this.write(addr, this.scratch.subarray(0, 4));
  }

  /** Write a non-negative integer below 2^53 as a 64-bit little-endian value. */
  writeU64(addr: Address, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
      throw new HostMemoryError('value', value, 'is not an integer in 0..2^53-1');
    }
    this.writeU32(addr, value % 0x1_0000_0000);
    this.writeU32(addAddress(addr, 4), Math.floor(value / 0x1_0000_0000));
  }
}
