// Completion fields for the function's answers: Byte Count and Lower Address from a request's
// First/Last DW BE (PCIe r6.0 §2.2.9, §2.3.1.1), and the Cpl/CplD constructors the function uses.

import { completion, NO_DATA } from '../tlp/build.js';
import { CplStatus, type Tlp } from '../tlp/types.js';

/** Index of the first enabled byte in a BE nibble (0 for 0000b, the zero-length form). */
function firstEnabled(be: number): number {
  for (let i = 0; i < 4; i++) if (be & (1 << i)) return i;
  return 0;
}

/** Index of the last enabled byte in a BE nibble. */
function lastEnabled(be: number): number {
  for (let i = 3; i >= 0; i--) if (be & (1 << i)) return i;
  return 0;
}

/**
 * Byte Count of the (single) completion for a memory read (PCIe r6.0 §2.3.1.1): the bytes from
 * the first enabled byte of the first DW to the last enabled byte of the last DW. A 1 DW read
 * with First DW BE 0000b counts 1 (zero-length read); non-contiguous 1 DW patterns count the
 * span (e.g. 1001b = 4).
 */
export function readByteCount(length: number, firstBe: number, lastBe: number): number {
  if (length === 1) return firstBe === 0 ? 1 : lastEnabled(firstBe) - firstEnabled(firstBe) + 1;
  return length * 4 - firstEnabled(firstBe) - (3 - lastEnabled(lastBe));
}

/** Lower Address: address bits 6:2 plus the first enabled byte's offset (PCIe r6.0 §2.2.9). */
export function readLowerAddress(address: bigint, firstBe: number): number {
  return (Number(address & 0x7fn) & 0x7c) | firstEnabled(firstBe);
}

/** CplD for a 1 DW configuration read: Byte Count 4, Lower Address 0 (PCIe r6.0 §2.2.9). */
export function cfgReadCompletion(req: Tlp, completerId: number, dw: number): Tlp {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, dw >>> 0, true);
  return completion(completerId, req.requesterId, req.tag, CplStatus.SC, 4, 0, req.tc, req.attr, false, data);
}

/** Cpl without data: CfgWr0 success, or UR/CA for any non-posted request. */
export function noDataCompletion(req: Tlp, completerId: number, status: number): Tlp {
  const isMem = req.kind === 'MRd';
  const byteCount = isMem ? readByteCount(req.length, req.firstBe, req.lastBe) : 4;
  const lowerAddress = isMem ? readLowerAddress(req.address, req.firstBe) : 0;
  return completion(completerId, req.requesterId, req.tag, status, byteCount, lowerAddress, req.tc, req.attr, false, NO_DATA);
}

/**
 * The single CplD answering a whole memory read: data is Length DWs; TC and Attr copied from the
 * request (PCIe r6.0 §2.2.9). One allocation (model/tlp/build.ts completion()).
 */
export function memReadCompletion(req: Tlp, completerId: number, data: Uint8Array): Tlp {
  return completion(completerId, req.requesterId, req.tag, CplStatus.SC, readByteCount(req.length, req.firstBe, req.lastBe),
    readLowerAddress(req.address, req.firstBe), req.tc, req.attr, false, data);
}
