// Sparse host memory: 4 KiB pages created on first write, unwritten bytes read as 0.
// Addresses are JS numbers below 2^53 (the TLP codec's limit). Multi-byte helpers are
// little-endian, as host memory is to a virtio device (virtio 1.x §1.4: le16/le32/le64).

export const PAGE_SIZE = 4096;

export class HostMemoryError extends Error {
  constructor(
    readonly field: string,
    readonly value: number,
    reason: string,
  ) {
    super(`host memory argument "${field}": value ${value} ${reason}`);
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

  private check(addr: number, len: number): void {
    if (!Number.isInteger(addr) || addr < 0) throw new HostMemoryError('addr', addr, 'is not a non-negative integer');
    if (!Number.isInteger(len) || len < 0) throw new HostMemoryError('len', len, 'is not a non-negative integer');
    if (addr + len > Number.MAX_SAFE_INTEGER) throw new HostMemoryError('addr', addr, `+ ${len} reaches 2^53`);
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
  read(addr: number, len: number, out: Uint8Array = new Uint8Array(len)): Uint8Array {
    this.check(addr, len);
    if (out.length < len) throw new HostMemoryError('out.length', out.length, `is smaller than len ${len}`);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
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
  view(addr: number, len: number): Uint8Array | null {
    const pn = Math.floor(addr / PAGE_SIZE);
    const off = addr - pn * PAGE_SIZE;
    if (off + len > PAGE_SIZE || len < 0 || !(addr >= 0)) return null;
    const p = this.page(pn, false);
    return p ? p.bytes.subarray(off, off + len) : null;
  }

  write(addr: number, bytes: Uint8Array): void {
    this.check(addr, bytes.length);
    let done = 0;
    while (done < bytes.length) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, bytes.length - done);
      this.page(pn, true).bytes.set(n === bytes.length ? bytes : bytes.subarray(done, done + n), off);
      done += n;
    }
  }

  /**
   * write(addr, src.subarray(start, end)) without making the view: a write that stays in one
   * page is copied byte by byte when short (≤ 16 bytes: used-ring id/len and flags), else with set().
   */
  writeFrom(addr: number, src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (!(start >= 0 && end <= src.length && n >= 0)) throw new HostMemoryError('start', start, `..${end} is not a range of the ${src.length} source bytes`);
    this.check(addr, n);
    const pn = Math.floor(addr / PAGE_SIZE);
    const off = addr - pn * PAGE_SIZE;
    if (n > 16 || off + n > PAGE_SIZE) {
      this.write(addr, start === 0 && end === src.length ? src : src.subarray(start, end));
      return;
    }
    const bytes = this.page(pn, true).bytes;
    for (let i = 0; i < n; i++) bytes[off + i] = src[start + i];
  }

  fill(addr: number, len: number, value: number): void {
    this.check(addr, len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const pn = Math.floor(a / PAGE_SIZE);
      const off = a - pn * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, len - done);
      this.page(pn, true).bytes.fill(value, off, off + n);
      done += n;
    }
  }

  /** The page and offset holding [addr, addr+size) if it does not straddle pages. */
  private locate(addr: number, size: number, create: boolean): { p: Page | undefined; off: number } | null {
    this.check(addr, size);
    const pn = Math.floor(addr / PAGE_SIZE);
    const off = addr - pn * PAGE_SIZE;
    if (off + size > PAGE_SIZE) return null;
    return { p: create ? this.page(pn, true) : this.page(pn, false), off };
  }

  private scratch = new Uint8Array(8);
  private scratchView = new DataView(this.scratch.buffer);

  readU16(addr: number): number {
    const l = this.locate(addr, 2, false);
    if (l) return l.p ? l.p.view.getUint16(l.off, true) : 0;
    this.read(addr, 2, this.scratch);
    return this.scratchView.getUint16(0, true);
  }

  readU32(addr: number): number {
    const l = this.locate(addr, 4, false);
    if (l) return l.p ? l.p.view.getUint32(l.off, true) : 0;
    this.read(addr, 4, this.scratch);
    return this.scratchView.getUint32(0, true);
  }

  /** 64-bit little-endian value as a JS number; throws if it is 2^53 or more. */
  readU64(addr: number): number {
    const lo = this.readU32(addr);
    const hi = this.readU32(addr + 4);
    if (hi >= 0x20_0000) throw new HostMemoryError('value', hi, `(high DW at 0x${addr.toString(16)}) makes a u64 of 2^53 or more`);
    return hi * 0x1_0000_0000 + lo;
  }

  writeU16(addr: number, value: number): void {
    const l = this.locate(addr, 2, true);
    if (l && l.p) return l.p.view.setUint16(l.off, value, true);
    this.scratchView.setUint16(0, value, true);
    this.write(addr, this.scratch.subarray(0, 2));
  }

  writeU32(addr: number, value: number): void {
    const l = this.locate(addr, 4, true);
    if (l && l.p) return l.p.view.setUint32(l.off, value >>> 0, true);
    this.scratchView.setUint32(0, value >>> 0, true);
    this.write(addr, this.scratch.subarray(0, 4));
  }

  /** Write a non-negative integer below 2^53 as a 64-bit little-endian value. */
  writeU64(addr: number, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
      throw new HostMemoryError('value', value, 'is not an integer in 0..2^53-1');
    }
    this.writeU32(addr, value % 0x1_0000_0000);
    this.writeU32(addr + 4, Math.floor(value / 0x1_0000_0000));
  }
}
