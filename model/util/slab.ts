// ByteSlab: fresh, zero-filled byte arrays carved out of large shared buffers.
//
// V8 keeps typed arrays of at most 64 bytes on its own heap (cheap), but every larger one gets
// its own off-heap backing store: an allocation ~10x as expensive, plus external-memory
// accounting in the GC. The model allocates one such array per descriptor (the bytes of a TX
// buffer, an RX frame with its header), so it takes them from a slab instead: a view into a
// 64 KiB ArrayBuffer, never handed out twice, so each one is as fresh and as zeroed as
// `new Uint8Array(n)`. A slab stays alive while any view into it does (at most 64 KiB per
// retained array); arrays above a quarter slab are allocated on their own.

const SLAB_BYTES = 64 * 1024;

export class ByteSlab {
  private buf: ArrayBuffer | null = null; // the first alloc creates it
  private off = SLAB_BYTES;

  /** A new zero-filled array of `n` bytes (n ≥ 0). */
  alloc(n: number): Uint8Array<ArrayBuffer> {
    if (n > SLAB_BYTES / 4) return new Uint8Array(n);
    if (this.buf === null || this.off + n > SLAB_BYTES) {
      this.buf = new ArrayBuffer(SLAB_BYTES);
      this.off = 0;
    }
    const a = new Uint8Array(this.buf, this.off, n);
    this.off += (n + 7) & ~7; // 8-byte aligned starts
    return a;
  }
}
