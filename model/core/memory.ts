// Guest memory as the functional core sees it: bytes that may be unknown. The spec checker
// (tb/cosim/spec-check.ts) fills one with what the DUT received in its read completions and what
// it wrote itself (the "DUT view"); tests fill one with whole buffers. A read of a range holding
// any unknown byte answers null: the core never judges a device on bytes it did not see.
//
// Speed (docs/model-speed.md): no closure or piece list per call, the last page looked up is
// kept, the known flags are tested eight at a time, and readInto() copies into the caller's
// buffer so a descriptor read allocates nothing.

import { CoreError } from './errors.js';

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
/** Addresses must stay exact as JavaScript numbers (below 2^53). */
const ADDRESS_LIMIT = Number.MAX_SAFE_INTEGER;
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
  read(addr: number, len: number): Uint8Array | null;
  /**
   * Optional fast path: copies the `len` bytes at `addr` into `out` from `at`; false (and `out`
   * partly written) when any of them is unknown. The core uses it where present.
   */
  readInto?(addr: number, len: number, out: Uint8Array, at: number): boolean;
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

  private static check(addr: number, len: number): void {
    if (addr >= 0 && len >= 0 && addr + len <= ADDRESS_LIMIT && Number.isInteger(addr) && Number.isInteger(len)) return;
    if (!Number.isInteger(addr) || addr < 0) throw new CoreError('address', addr, 'is not a non-negative integer');
    if (!Number.isInteger(len) || len < 0) throw new CoreError('length', len, 'is not a non-negative integer');
    throw new CoreError('address', addr, `+ ${len} passes 2^53`);
  }

  /** Set by piece(): the page number and offset in it of the piece's first byte. */
  private pieceNum = 0;
  private pieceOff = 0;

  /** Where [a, a + left) first crosses a page boundary: sets pieceNum / pieceOff, answers the piece's length. */
  private piece(a: number, left: number): number {
    const pn = Math.floor(a / PAGE_SIZE);
    this.pieceNum = pn;
    this.pieceOff = a - pn * PAGE_SIZE;
    return Math.min(PAGE_SIZE - this.pieceOff, left);
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

  write(addr: number, data: Uint8Array): void {
    const len = data.length;
    SparseMemory.check(addr, len);
    for (let done = 0, n = 0; done < len; done += n) {
      n = this.piece(addr + done, len - done);
      const off = this.pieceOff;
      const pn = this.pieceNum;
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
  forget(addr: number, len: number): void {
    SparseMemory.check(addr, len);
    for (let done = 0, n = 0; done < len; done += n) {
      n = this.piece(addr + done, len - done);
      this.page(this.pieceNum)?.known.fill(0, this.pieceOff, this.pieceOff + n);
    }
  }

  read(addr: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    return this.readInto(addr, len, out, 0) ? out : null;
  }

  readInto(addr: number, len: number, out: Uint8Array, at: number): boolean {
    SparseMemory.check(addr, len);
    for (let done = 0, n = 0; done < len; done += n) {
      n = this.piece(addr + done, len - done);
      const off = this.pieceOff;
      const p = this.page(this.pieceNum);
      if (!p || !allKnown(p, off, n)) return false;
      const b = p.bytes;
      const o = at + done;
      if (n <= SHORT_COPY) for (let i = 0; i < n; i++) out[o + i] = b[off + i];
      else out.set(b.subarray(off, off + n), o);
    }
    return true;
  }

  /** The first unknown address in [addr, addr + len), or -1 when all are known. */
  firstUnknown(addr: number, len: number): number {
    SparseMemory.check(addr, len);
    for (let done = 0, n = 0; done < len; done += n) {
      n = this.piece(addr + done, len - done);
      const off = this.pieceOff;
      const p = this.page(this.pieceNum);
      if (!p) return addr + done;
      if (!allKnown(p, off, n)) for (let k = off; k < off + n; k++) if (p.known[k] === 0) return addr + done + (k - off);
    }
    return -1;
  }
}
