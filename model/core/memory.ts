// Guest memory as the functional core sees it: bytes that may be unknown. The spec checker
// (tb/cosim/spec-check.ts) fills one with what the DUT received in its read completions and what
// it wrote itself (the "DUT view"); tests fill one with whole buffers. A read of a range holding
// any unknown byte answers null: the core never judges a device on bytes it did not see.
//
// Addresses are 64-bit (virtio §2.8.13 struct pvirtq_desc addr is le64; PCIe r6.0 §2.2.4.1): a
// number while exact (the fast path), else a bigint up to 2^64 - 1; a range may end exactly at
// 2^64. Pages are keyed by page number, which stays below 2^52 for every 64-bit address, so the
// page walk is in numbers whichever form the address came in.

import type { Address } from '../dma/types.js';
import { CoreError } from './errors.js';

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_BITS_N = BigInt(PAGE_BITS);
const PAGE_MASK_N = BigInt(PAGE_SIZE - 1);
const U64_LIMIT = 1n << 64n;

/** What the core reads guest memory through. */
export interface CoreMemory {
  /** The `len` bytes at `addr` (a copy), or null when any of them is unknown. */
  read(addr: Address, len: number): Uint8Array | null;
}

interface Page {
  bytes: Uint8Array;
  /** 1 = the byte is known. */
  known: Uint8Array;
}

/** Sparse byte memory with a known/unknown flag per byte (4 KiB pages, made on first write). */
export class SparseMemory implements CoreMemory {
  private readonly pages = new Map<number, Page>();

  /** [addr, addr + len) as (first page number, offset in it); a typed CoreError for anything outside 0..2^64. */
  private static locate(addr: Address, len: number): { pn: number; off: number } {
    if (!Number.isInteger(len) || len < 0) throw new CoreError('length', len, 'is not a non-negative integer');
    if (typeof addr === 'number') {
      if (!Number.isInteger(addr) || addr < 0) throw new CoreError('address', addr, 'is not a non-negative integer');
      if (addr + len <= Number.MAX_SAFE_INTEGER) {
        const pn = Math.floor(addr / PAGE_SIZE);
        return { pn, off: addr - pn * PAGE_SIZE };
      }
      if (!Number.isSafeInteger(addr)) throw new CoreError('address', addr, 'is not exact as a number (pass a bigint at or above 2^53)');
      addr = BigInt(addr);
    }
    if (typeof addr !== 'bigint' || addr < 0n) throw new CoreError('address', addr, 'is not a non-negative integer');
    if (addr + BigInt(len) > U64_LIMIT) throw new CoreError('address', addr, `+ ${len} passes 2^64`);
    return { pn: Number(addr >> PAGE_BITS_N), off: Number(addr & PAGE_MASK_N) };
  }

  /** Calls `fn` for each page piece of [addr, addr + len): page number, offset in it, bytes, bytes before it. Stops when `fn` returns false. */
  private static pieces(addr: Address, len: number, fn: (pn: number, off: number, n: number, done: number) => boolean | void): boolean {
    let { pn, off } = SparseMemory.locate(addr, len);
    for (let done = 0; done < len; pn++, off = 0) {
      const n = Math.min(PAGE_SIZE - off, len - done);
      if (fn(pn, off, n, done) === false) return false;
      done += n;
    }
    return true;
  }

  write(addr: Address, data: Uint8Array): void {
    SparseMemory.pieces(addr, data.length, (pn, off, n, done) => {
      let p = this.pages.get(pn);
      if (!p) {
        p = { bytes: new Uint8Array(PAGE_SIZE), known: new Uint8Array(PAGE_SIZE) };
        this.pages.set(pn, p);
      }
      p.bytes.set(data.subarray(done, done + n), off);
      p.known.fill(1, off, off + n);
    });
  }

  /** Forget `len` bytes at `addr` (they become unknown). */
  forget(addr: Address, len: number): void {
    SparseMemory.pieces(addr, len, (pn, off, n) => {
      this.pages.get(pn)?.known.fill(0, off, off + n);
    });
  }

  read(addr: Address, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    const complete = SparseMemory.pieces(addr, len, (pn, off, n, done) => {
      const p = this.pages.get(pn);
      if (!p) return false;
      for (let i = off; i < off + n; i++) if (p.known[i] === 0) return false;
      out.set(p.bytes.subarray(off, off + n), done);
      return true;
    });
    return complete ? out : null;
  }

  /** The first unknown address in [addr, addr + len) (a number below 2^53, else a bigint), or -1 when all are known. */
  firstUnknown(addr: Address, len: number): Address {
    let at = -1;
    let atPn = 0;
    SparseMemory.pieces(addr, len, (pn, off, n) => {
      const p = this.pages.get(pn);
      for (let k = off; k < off + n; k++) {
        if (!p || p.known[k] === 0) {
          at = k;
          atPn = pn;
          return false;
        }
      }
      return true;
    });
    if (at < 0) return -1;
    const a = atPn * PAGE_SIZE + at;
    return Number.isSafeInteger(a) ? a : (BigInt(atPn) << PAGE_BITS_N) | BigInt(at);
  }
}
