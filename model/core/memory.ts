// Guest memory as the functional core sees it: bytes that may be unknown. The spec checker
// (tb/cosim/spec-check.ts) fills one with what the DUT received in its read completions and what
// it wrote itself (the "DUT view"); tests fill one with whole buffers. A read of a range holding
// any unknown byte answers null: the core never judges a device on bytes it did not see.
//
// Addresses are 64-bit (virtio §2.8.13 struct pvirtq_desc addr is le64; PCIe r6.0 §2.2.4.1): a
// number while exact (the fast path), else a bigint up to 2^64 - 1; a range may end exactly at
// 2^64. Pages are keyed by page number, which stays below 2^52 for every 64-bit address, so the
// page walk is in numbers whichever form the address came in.
//
// Speed (docs/model-speed.md): no closure or piece list per call, the last page looked up is
// kept, the known flags are tested eight at a time, and readInto() copies into the caller's
// buffer so a descriptor read allocates nothing.

import type { Address } from '../dma/types.js';
import { CoreError } from './errors.js';

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_BITS_N = BigInt(PAGE_BITS);
const PAGE_MASK_N = BigInt(PAGE_SIZE - 1);
const U64_LIMIT = 1n << 64n;
/**
 * Eight known flags (1 each) read as one float64. A flag byte is 0 or 1, so no flag word is a NaN
 * or a signed zero, and two such words are equal as doubles exactly when their bits are: one
 * comparison tests eight flags, whatever the byte order.
 */
const EIGHT_KNOWN = new Float64Array(new Uint8Array(8).fill(1).buffer)[0];
/** Pieces up to this long are copied byte by byte (cheaper than a subarray view). */
const SHORT_COPY = 32;

/** What the core reads guest memory through. */
export interface CoreMemory {
  /** The `len` bytes at `addr` (a copy), or null when any of them is unknown. */
  read(addr: Address, len: number): Uint8Array | null;
  /**
   * Optional fast path: copies the `len` bytes at `addr` into `out` from `at`; false (and `out`
   * partly written) when any of them is unknown. The core uses it where present.
   */
  readInto?(addr: Address, len: number, out: Uint8Array, at: number): boolean;
}

interface Page {
  bytes: Uint8Array;
  /** 1 = the byte is known. */
  known: Uint8Array;
  /** `known` as 64-bit words (same buffer). */
  known64: Float64Array;
}

/** Every flag of known[off, off + n) is 1. */
function allKnown(p: Page, off: number, n: number): boolean {
  const k = p.known;
  const end = off + n;
  let i = off;
  for (; i < end && (i & 7) !== 0; i++) if (k[i] === 0) return false;
  const w = p.known64;
  for (; i + 8 <= end; i += 8) if (w[i >> 3] !== EIGHT_KNOWN) return false;
  for (; i < end; i++) if (k[i] === 0) return false;
  return true;
}

/** Sparse byte memory with a known/unknown flag per byte (4 KiB pages, made on first write). */
export class SparseMemory implements CoreMemory {
  private readonly pages = new Map<number, Page>();
  private lastPn = -1;
  private lastPage: Page | undefined;

  /** Set by locate(): the page number and offset in it of a range's first byte. */
  private startPn = 0;
  private startOff = 0;

  /**
   * [addr, addr + len) located: sets startPn / startOff. A typed CoreError for a length that is not
   * a non-negative integer or a range outside 0..2^64 (it may end exactly at 2^64).
   */
  private locate(addr: Address, len: number): void {
    if (typeof addr === 'number' && addr >= 0 && len >= 0 && addr + len <= Number.MAX_SAFE_INTEGER && Number.isInteger(addr) && Number.isInteger(len)) {
      const pn = Math.floor(addr / PAGE_SIZE);
      this.startPn = pn;
      this.startOff = addr - pn * PAGE_SIZE;
      return;
    }
    if (!Number.isInteger(len) || len < 0) throw new CoreError('length', len, 'is not a non-negative integer');
    if (typeof addr === 'number') {
      if (!Number.isInteger(addr) || addr < 0) throw new CoreError('address', addr, 'is not a non-negative integer');
      if (!Number.isSafeInteger(addr)) throw new CoreError('address', addr, 'is not exact as a number (pass a bigint at or above 2^53)');
      addr = BigInt(addr);
    }
    if (typeof addr !== 'bigint' || addr < 0n) throw new CoreError('address', addr, 'is not a non-negative integer');
    if (addr + BigInt(len) > U64_LIMIT) throw new CoreError('address', addr, `+ ${len} passes 2^64`);
    this.startPn = Number(addr >> PAGE_BITS_N);
    this.startOff = Number(addr & PAGE_MASK_N);
  }

  private page(pn: number): Page | undefined {
    if (pn === this.lastPn) return this.lastPage;
    const p = this.pages.get(pn);
    if (p) {
      this.lastPn = pn;
      this.lastPage = p;
    }
    return p;
  }

  write(addr: Address, data: Uint8Array): void {
    const len = data.length;
    this.locate(addr, len);
    for (let done = 0, n = 0, pn = this.startPn, off = this.startOff; done < len; done += n, pn++, off = 0) {
      n = Math.min(PAGE_SIZE - off, len - done);
      let p = this.page(pn);
      if (!p) {
        const known = new Uint8Array(PAGE_SIZE);
        p = { bytes: new Uint8Array(PAGE_SIZE), known, known64: new Float64Array(known.buffer) };
        this.pages.set(pn, p);
        this.lastPn = pn;
        this.lastPage = p;
      }
      const b = p.bytes;
      const k = p.known;
      if (n <= SHORT_COPY) {
        for (let i = 0; i < n; i++) {
          b[off + i] = data[done + i];
          k[off + i] = 1;
        }
      } else {
        b.set(done === 0 && n === len ? data : data.subarray(done, done + n), off);
        k.fill(1, off, off + n);
      }
    }
  }

  /** Forget `len` bytes at `addr` (they become unknown). */
  forget(addr: Address, len: number): void {
    this.locate(addr, len);
    for (let done = 0, n = 0, pn = this.startPn, off = this.startOff; done < len; done += n, pn++, off = 0) {
      n = Math.min(PAGE_SIZE - off, len - done);
      this.page(pn)?.known.fill(0, off, off + n);
    }
  }

  read(addr: Address, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    return this.readInto(addr, len, out, 0) ? out : null;
  }

  readInto(addr: Address, len: number, out: Uint8Array, at: number): boolean {
    this.locate(addr, len);
    for (let done = 0, n = 0, pn = this.startPn, off = this.startOff; done < len; done += n, pn++, off = 0) {
      n = Math.min(PAGE_SIZE - off, len - done);
      const p = this.page(pn);
      if (!p || !allKnown(p, off, n)) return false;
      const b = p.bytes;
      const o = at + done;
      if (n <= SHORT_COPY) for (let i = 0; i < n; i++) out[o + i] = b[off + i];
      else out.set(b.subarray(off, off + n), o);
    }
    return true;
  }

  /** The first unknown address in [addr, addr + len) (a number below 2^53, else a bigint), or -1 when all are known. */
  firstUnknown(addr: Address, len: number): Address {
    this.locate(addr, len);
    for (let done = 0, n = 0, pn = this.startPn, off = this.startOff; done < len; done += n, pn++, off = 0) {
      n = Math.min(PAGE_SIZE - off, len - done);
      const p = this.page(pn);
      if (p && allKnown(p, off, n)) continue;
      let k = off;
      if (p) while (p.known[k] !== 0) k++;
      const a = pn * PAGE_SIZE + k;
      return Number.isSafeInteger(a) ? a : (BigInt(pn) << PAGE_BITS_N) | BigInt(k);
    }
    return -1;
  }
}
