// Well-formedness rules a TLP must meet, shared by encode, decode and the 128-bit header form.
// Each rule throws a TlpError naming the field and citing PCIe Base r6.0.

import { TlpError } from './errors.js';
import { CplStatus, type Tlp } from './types.js';

const TWO_POW_32 = 0x1_0000_0000n;
/** Memory addresses are 64 bits (PCIe r6.0 §2.2.4.1). */
export const ADDRESS_LIMIT = 1n << 64n;

const FIRST_BE_CONTIGUOUS = new Set([0b1000, 0b1100, 0b1110, 0b1111]);
const LAST_BE_CONTIGUOUS = new Set([0b0001, 0b0011, 0b0111, 0b1111]);

/**
 * First/Last DW Byte Enable rules (§2.2.5):
 * - Length = 1 DW: Last DW BE must be 0000b; any First DW BE, including 0000b (a zero-length
 *   read or write) and non-contiguous patterns.
 * - Length > 1 DW: neither First DW BE nor Last DW BE may be 0000b.
 * - Non-contiguous enables are permitted in both fields only for QW-aligned memory requests of
 *   Length 2 DW. All other requests of 2 DW or more must enable bytes contiguous with the data
 *   between the first and last DW: First DW BE ends at byte 3, Last DW BE starts at byte 0.
 */
export function checkByteEnables(
  length: number,
  firstBe: number,
  lastBe: number,
  isMemory: boolean,
  address: bigint,
): void {
  if (length === 1) {
    if (lastBe !== 0) throw new TlpError('lastBe', lastBe, 'must be 0 for a 1 DW request (PCIe r6.0 §2.2.5)');
    return;
  }
  if (firstBe === 0) throw new TlpError('firstBe', 0, `must be non-zero for a ${length} DW request (PCIe r6.0 §2.2.5)`);
  if (lastBe === 0) throw new TlpError('lastBe', 0, `must be non-zero for a ${length} DW request (PCIe r6.0 §2.2.5)`);
  if (length === 2 && isMemory && (address & 7n) === 0n) return; // QW-aligned 1 QW: any pattern.
  if (!FIRST_BE_CONTIGUOUS.has(firstBe)) {
    throw new TlpError('firstBe', firstBe, `is not contiguous with the following DW of a ${length} DW request (PCIe r6.0 §2.2.5)`);
  }
  if (!LAST_BE_CONTIGUOUS.has(lastBe)) {
    throw new TlpError('lastBe', lastBe, `is not contiguous with the preceding DW of a ${length} DW request (PCIe r6.0 §2.2.5)`);
  }
}

/** Memory requests must not cross a 4 KiB boundary (§2.2.7). */
export function checkNo4kCrossing(address: bigint, length: number): void {
  if (Number(address & 0xfffn) + length * 4 > 4096) {
    throw new TlpError('address', address, `with Length ${length} DW crosses a 4 KiB boundary (PCIe r6.0 §2.2.7)`);
  }
}

/** Address form rules for MRd/MWr (§2.2.4.1): 64 bits, DW aligned, 4-DW form only at or above 4 GiB. */
export function checkAddress(address: bigint, addr64: boolean): void {
  if (typeof address !== 'bigint' || address < 0n || address >= ADDRESS_LIMIT) throw new TlpError('address', typeof address === 'bigint' ? address : String(address), 'is not a 64-bit unsigned integer');
  if ((address & 3n) !== 0n) throw new TlpError('address', address, 'is not DW aligned (the byte offset goes in First DW BE)');
  if (addr64 && address < TWO_POW_32) {
    throw new TlpError('address', address, 'is below 4 GiB but uses the 4-DW (64-bit) header form (PCIe r6.0 §2.2.4.1)');
  }
  if (!addr64 && address >= TWO_POW_32) {
    throw new TlpError('address', address, 'is at or above 4 GiB and needs the 4-DW (64-bit) header form (PCIe r6.0 §2.2.4.1)');
  }
}

/** Completion Status must be a defined value (§2.2.9): SC, UR, CRS or CA. */
export function checkStatus(status: number): void {
  if (status !== CplStatus.SC && status !== CplStatus.UR && status !== CplStatus.CRS && status !== CplStatus.CA) {
    throw new TlpError('status', status, 'is a reserved Completion Status (PCIe r6.0 §2.2.9)');
  }
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TlpError(field, value, `is outside ${min}..${max}`);
  }
}

/** Requester ID and Tag of a request or message: 16 and 8 bits (§2.2.6.2). */
function checkRequester(tlp: Tlp): void {
  checkRange('requesterId', tlp.requesterId, 0, 0xffff);
  checkRange('tag', tlp.tag, 0, 0xff);
}

/**
 * Every rule a TLP object must satisfy before it can be put on the wire, and that a decoded
 * TLP is checked against. `data.length` is the payload actually present.
 */
export function checkTlp(tlp: Tlp): void {
  checkRange('tc', tlp.tc, 0, 7);
  checkRange('attr', tlp.attr, 0, 3);
  const payloadDw = tlp.data.length / 4;
  if (!Number.isInteger(payloadDw)) {
    throw new TlpError('payload', tlp.data.length, 'bytes is not a whole number of DW');
  }
  switch (tlp.kind) {
    case 'MRd':
    case 'MWr': {
      checkRange('length', tlp.length, 1, 1024);
      checkRequester(tlp);
      checkRange('firstBe', tlp.firstBe, 0, 0xf);
      checkRange('lastBe', tlp.lastBe, 0, 0xf);
      checkAddress(tlp.address, tlp.addr64);
      const expectDw = tlp.kind === 'MWr' ? tlp.length : 0;
      if (payloadDw !== expectDw) {
        throw new TlpError('length', tlp.length, `inconsistent with payload of ${payloadDw} DW (${tlp.kind})`);
      }
      checkByteEnables(tlp.length, tlp.firstBe, tlp.lastBe, true, tlp.address);
      checkNo4kCrossing(tlp.address, tlp.length);
      return;
    }
    case 'CfgRd0':
    case 'CfgWr0': {
      // Configuration requests are always 1 DW (§2.2.7).
      if (tlp.length !== 1) throw new TlpError('length', tlp.length, `must be 1 for ${tlp.kind} (PCIe r6.0 §2.2.7)`);
      checkRange('requesterId', tlp.requesterId, 0, 0xffff);
      checkRange('tag', tlp.tag, 0, 0xff);
      checkRange('firstBe', tlp.firstBe, 0, 0xf);
      checkRange('targetId', tlp.targetId, 0, 0xffff);
      if (!Number.isInteger(tlp.register) || tlp.register < 0 || tlp.register > 0xffc || tlp.register % 4 !== 0) {
        throw new TlpError('register', tlp.register, 'is not a DW-aligned offset in 0..0xffc');
      }
      const expectDw = tlp.kind === 'CfgWr0' ? 1 : 0;
      if (payloadDw !== expectDw) {
        throw new TlpError('length', tlp.length, `inconsistent with payload of ${payloadDw} DW (${tlp.kind})`);
      }
      checkByteEnables(1, tlp.firstBe, tlp.lastBe, false, 0n);
      return;
    }
    case 'Cpl':
    case 'CplD': {
      checkRange('completerId', tlp.completerId, 0, 0xffff);
      checkRange('requesterId', tlp.requesterId, 0, 0xffff);
      checkRange('tag', tlp.tag, 0, 0xff);
      checkStatus(tlp.status);
      checkRange('byteCount', tlp.byteCount, 1, 4096);
      checkRange('lowerAddress', tlp.lowerAddress, 0, 0x7f);
      if (tlp.kind === 'Cpl') {
        // Length is Reserved in a Cpl (§2.2.1); the model keeps it 0.
        if (tlp.length !== 0) throw new TlpError('length', tlp.length, 'must be 0 for Cpl (Length is Reserved without payload)');
        if (payloadDw !== 0) throw new TlpError('payload', tlp.data.length, 'bytes present in a Cpl (no data)');
        return;
      }
      checkRange('length', tlp.length, 1, 1024);
      if (payloadDw !== tlp.length) {
        throw new TlpError('length', tlp.length, `inconsistent with payload of ${payloadDw} DW (CplD)`);
      }
      // Only Successful Completions carry data (§2.2.9).
      if (tlp.status !== CplStatus.SC) {
        throw new TlpError('status', tlp.status, 'in a CplD: only Successful Completion carries data (PCIe r6.0 §2.2.9)');
      }
      return;
    }
    case 'Msg':
    case 'MsgD': {
      // Messages (§2.2.8): routing r[2:0] 000..101, a 4-DW header whose bytes 8..15 are the message's.
      checkRange('routing', tlp.routing, 0, 5);
      checkRange('messageCode', tlp.messageCode, 0, 0xff);
      checkRequester(tlp);
      if (typeof tlp.address !== 'bigint' || tlp.address < 0n || tlp.address >= ADDRESS_LIMIT) throw new TlpError('address', String(tlp.address), 'is not 64 bits of message header (bytes 8..15)');
      if (tlp.kind === 'Msg') {
        if (tlp.length !== 0) throw new TlpError('length', tlp.length, 'must be 0 for Msg (Length is Reserved without payload)');
        if (payloadDw !== 0) throw new TlpError('payload', tlp.data.length, 'bytes present in a Msg (no data)');
        return;
      }
      checkRange('length', tlp.length, 1, 1024);
      if (payloadDw !== tlp.length) throw new TlpError('length', tlp.length, `inconsistent with payload of ${payloadDw} DW (MsgD)`);
      return;
    }
    default: {
      const k: never = tlp.kind;
      throw new TlpError('kind', String(k), 'is not a TLP kind this codec knows');
    }
  }
}
