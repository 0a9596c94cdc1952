// Guest memory as the functional core sees it: bytes that may be unknown. The spec checker
// (tb/cosim/spec-check.ts) fills one with what the DUT received in its read completions and what
// it wrote itself (the "DUT view"); tests fill one with whole buffers. A read of a range holding
// any unknown byte answers null: the core never judges a device on bytes it did not see.

import { CoreError } from './errors.js';

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
/** Addresses must stay exact as JavaScript numbers (below 2^53). */
const ADDRESS_LIMIT = Number.MAX_SAFE_INTEGER;

/** What the core reads guest memory through. */
export interface CoreMemory {
  /** The `len` bytes at `addr` (a copy), or null when any of them is unknown. */
  read(addr: number, len: number): Uint8Array | null;
}

interface Page {
  bytes: Uint8Array;
  /** 1 = the byte is known. */
  known: Uint8Array;
}

/** Sparse byte memory with a known/unknown flag per byte (4 KiB pages, made on first write). */
export class SparseMemory implements CoreMemory {
  private readonly pages = new Map<number, Page>();

  private static check(addr: number, len: number): void {
    if (!Number.isInteger(addr) || addr < 0) throw new CoreError('address', addr, 'is not a non-negative integer');
    if (!Number.isInteger(len) || len < 0) throw new CoreError('length', len, 'is not a non-negative integer');
    if (addr + len > ADDRESS_LIMIT) throw new CoreError('address', addr, `+ ${len} passes 2^53`);
  }

  /** Calls `fn` for each page piece of [addr, addr + len): page number, offset in it, bytes, bytes before it. Stops when `fn` returns false. */
  private static pieces(addr: number, len: number, fn: (pn: number, off: number, n: number, done: number) => boolean | void): boolean {
    SparseMemory.check(addr, len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, len - done);
      if (fn(pn, off, n, done) === false) return false;
      done += n;
    }
    return true;
  }

  write(addr: number, data: Uint8Array): void {
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
  forget(addr: number, len: number): void {
    SparseMemory.pieces(addr, len, (pn, off, n) => {
      this.pages.get(pn)?.known.fill(0, off, off + n);
    });
  }

  read(addr: number, len: number): Uint8Array | null {
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

  /** The first unknown address in [addr, addr + len), or -1 when all are known. */
  firstUnknown(addr: number, len: number): number {
    SparseMemory.check(addr, len);
    for (let i = 0; i < len; ) {
      const a = addr + i;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, len - i);
      const p = this.pages.get(pn);
      if (!p) return a;
      for (let k = off; k < off + n; k++) if (p.known[k] === 0) return pn * PAGE_SIZE + k;
      i += n;
    }
    return -1;
  }
}
