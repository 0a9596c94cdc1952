// Splitting a byte range into memory requests (PCIe r6.0 §2.2.7):
// - an MRd asks for at most Max_Read_Request_Size bytes, an MWr carries at most Max_Payload_Size;
// - no request crosses a 4 KiB address boundary.
// Pieces end on multiples of the size limit. Every legal limit is a power of two ≤ 4096, so a
// piece that ends on such a multiple never crosses 4 KiB either, and every piece but the first is
// naturally aligned (the usual DMA-engine choice: it keeps completions on RCB boundaries too).

/** Smallest legal Max_Payload_Size / Max_Read_Request_Size (PCIe r6.0 §7.5.3.4). */
export const MIN_TLP_BYTES = 128;
export const MAX_TLP_BYTES = 4096;
export const PAGE_4K = 4096;

/**
 * `x mod (mask + 1)` for a non-negative integer x below 2^53 and mask = 2^k - 1 (k ≤ 12): `>>> 0`
 * takes x mod 2^32 exactly for such x, then the mask keeps the low k bits. Addresses above 2^31 are
 * not small integers in V8, and a plain `%` on them is a floating-point fmod call per TLP.
 */
export function lowBits(x: number, mask: number): number {
  return (x >>> 0) & mask;
}

/**
 * The size limit actually used for a Device Control value in bytes. A value that is not a power
 * of two in 128..4096 (a Reserved encoding) is treated as 128, which is always safe.
 */
export function effectiveLimit(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < MIN_TLP_BYTES || bytes > MAX_TLP_BYTES) return MIN_TLP_BYTES;
  return (bytes & (bytes - 1)) === 0 ? bytes : MIN_TLP_BYTES;
}

/** End (exclusive) of the piece that starts at `addr`, for a range ending at `end`. `limit` from effectiveLimit. */
export function pieceEnd(addr: number, end: number, limit: number): number {
  const boundary = addr - lowBits(addr, limit - 1) + limit; // next multiple of limit (≤ next 4 KiB boundary)
  return boundary < end ? boundary : end;
}

/** Length in DW of a request covering bytes [addr, end): the DWs it touches (PCIe r6.0 §2.2.5). */
export function dwLength(addr: number, end: number): number {
  const first = addr - lowBits(addr, 3);
  return Math.ceil((end - first) / 4);
}

/** First DW BE for bytes [addr, end) (PCIe r6.0 §2.2.5). */
export function firstDwBe(addr: number, end: number): number {
  const off = lowBits(addr, 3);
  let be = (0xf << off) & 0xf;
  if (dwLength(addr, end) === 1) be &= 0xf >> ((4 - lowBits(end, 3)) & 3);
  return be;
}

/** Last DW BE for bytes [addr, end): 0 for a 1 DW request (PCIe r6.0 §2.2.5). */
export function lastDwBe(addr: number, end: number): number {
  if (dwLength(addr, end) === 1) return 0;
  return 0xf >> ((4 - lowBits(end, 3)) & 3);
}
