// Small TLP constructors. Each sets exactly the fields its kind carries and leaves the rest at
// their TLP_DEFAULTS values, so a built TLP deep-equals what decodeTlp returns for its bytes.
// Builders do not validate spec rules (encodeTlp and the host checker do); they only compute fields.
//
// Every TLP object is made by makeTlp(): one object literal with all fields in TLP_DEFAULTS order.
// V8 then gives every TLP the same hidden class, and building one is a single allocation (no
// `{...TLP_DEFAULTS}` spread copies, which cost several allocations per TLP on the DMA hot path).

import { TlpError } from './errors.js';
import { CplStatus, type Tlp, type TlpKind } from './types.js';

const TWO_POW_32 = 0x1_0000_0000n;

/** An address given as a number (exact integers only) or a bigint, as the Tlp holds it. */
export function toAddress(address: number | bigint): bigint {
  if (typeof address === 'bigint') return address;
  if (!Number.isSafeInteger(address)) throw new TlpError('address', address, 'is not an exact integer (pass a bigint at or above 2^53)');
  return BigInt(address);
}

/** The payload of TLPs without data. Zero-length, so sharing one instance is safe. */
export const NO_DATA = new Uint8Array(0);

/** All fields, positionally, in TLP_DEFAULTS order. The one place a Tlp object is created. */
export function makeTlp(
  kind: TlpKind, addr64: boolean, tc: number, attr: number, td: boolean, ep: boolean, length: number,
  requesterId: number, tag: number, firstBe: number, lastBe: number, address: bigint, targetId: number,
  register: number, completerId: number, status: number, bcm: boolean, byteCount: number,
  lowerAddress: number, data: Uint8Array, routing = 0, messageCode = 0,
): Tlp {
  return {
    kind, addr64, tc, attr, td, ep, length, requesterId, tag, firstBe, lastBe, address, targetId, register,
    completerId, status, bcm, byteCount, lowerAddress, data, routing, messageCode,
  };
}

/** A TLP of `kind` with every other field at its TLP_DEFAULTS value (decoders fill it in). */
export function defaultTlp(kind: TlpKind, data: Uint8Array): Tlp {
  return makeTlp(kind, false, 0, 0, false, false, 1, 0, 0, 0xf, 0, 0n, 0, 0, 0, 0, false, 4, 0, data);
}

/**
 * MRd (PCIe r6.0 §2.2.7): the positional form the DMA engine uses. The 4-DW header only at or
 * above 4 GiB (§2.2.4.1).
 */
export function memRead(address: number | bigint, length: number, requesterId: number, tag: number, firstBe: number, lastBe: number): Tlp {
  const a = toAddress(address);
  return makeTlp('MRd', a >= TWO_POW_32, 0, 0, false, false, length, requesterId, tag, firstBe, lastBe, a, 0, 0, 0, 0, false, 4, 0, NO_DATA);
}

/** MWr of whole DWs `data` at DW-aligned `address` (PCIe r6.0 §2.2.7): the DMA engine's form. */
export function memWrite(address: number | bigint, data: Uint8Array, requesterId: number, firstBe: number, lastBe: number): Tlp {
  const a = toAddress(address);
  return makeTlp('MWr', a >= TWO_POW_32, 0, 0, false, false, wholeDw(data), requesterId, 0, firstBe, lastBe, a, 0, 0, 0, 0, false, 4, 0, data);
}

/**
 * Cpl or CplD with every completion field given (PCIe r6.0 §2.2.9): what completers use on their
 * hot path. `data` is whole DWs (CplD) or NO_DATA (Cpl, Length 0).
 */
export function completion(
  completerId: number, requesterId: number, tag: number, status: number, byteCount: number,
  lowerAddress: number, tc: number, attr: number, ep: boolean, data: Uint8Array,
): Tlp {
  const withData = data.length > 0;
  return makeTlp(withData ? 'CplD' : 'Cpl', false, tc, attr, false, ep, withData ? wholeDw(data) : 0, requesterId, tag,
    0xf, 0, 0n, 0, 0, completerId, status, false, byteCount, lowerAddress, withData ? data : NO_DATA);
}

function wholeDw(data: Uint8Array): number {
  if (data.length % 4 !== 0 || data.length === 0) {
    throw new TlpError('payload', data.length, 'bytes is not a whole, non-zero number of DW');
  }
  return data.length / 4;
}

export interface MrdArgs {
  address: number | bigint;
  length: number;
  requesterId: number;
  tag: number;
  firstBe?: number;
  /** Default: 0xf when length > 1, else 0. */
  lastBe?: number;
  /** Default: address >= 4 GiB (PCIe r6.0 §2.2.4.1). */
  addr64?: boolean;
}

export function mrd(a: MrdArgs): Tlp {
  const address = toAddress(a.address);
  return makeTlp('MRd', a.addr64 ?? address >= TWO_POW_32, 0, 0, false, false, a.length, a.requesterId, a.tag,
    a.firstBe ?? 0xf, a.lastBe ?? (a.length > 1 ? 0xf : 0), address, 0, 0, 0, 0, false, 4, 0, NO_DATA);
}

export interface MwrArgs {
  /** DW-aligned address of the first payload DW. */
  address: number | bigint;
  /** Whole DWs, as on the wire. */
  data: Uint8Array;
  requesterId: number;
  tag?: number;
  firstBe?: number;
  lastBe?: number;
  addr64?: boolean;
}

export function mwr(a: MwrArgs): Tlp {
  const length = wholeDw(a.data);
  const address = toAddress(a.address);
  return makeTlp('MWr', a.addr64 ?? address >= TWO_POW_32, 0, 0, false, false, length, a.requesterId, a.tag ?? 0,
    a.firstBe ?? 0xf, a.lastBe ?? (length > 1 ? 0xf : 0), address, 0, 0, 0, 0, false, 4, 0, a.data);
}

/**
 * First/Last DW BE and Length for the byte range [address, address+count) (PCIe r6.0 §2.2.5).
 * count 0 gives the zero-length form: Length 1, First DW BE 0.
 */
export function byteEnables(address: number, count: number): { dwAddress: number; length: number; firstBe: number; lastBe: number } {
  const offset = address % 4;
  const dwAddress = address - offset;
  if (count === 0) return { dwAddress, length: 1, firstBe: 0, lastBe: 0 };
  const end = offset + count; // bytes from dwAddress to the end of the range
  const length = Math.ceil(end / 4);
  const lastBytes = end - (length - 1) * 4; // enabled bytes in the last DW, 1..4
  if (length === 1) return { dwAddress, length, firstBe: ((1 << count) - 1) << offset, lastBe: 0 };
  return { dwAddress, length, firstBe: (0xf << offset) & 0xf, lastBe: (1 << lastBytes) - 1 };
}

/** One MWr covering an unaligned byte range; bytes outside the enables are zero. */
export function mwrBytes(address: number, bytes: Uint8Array, requesterId: number, tag = 0): Tlp {
  const be = byteEnables(address, bytes.length);
  const data = new Uint8Array(be.length * 4);
  data.set(bytes, address % 4);
  return mwr({ address: be.dwAddress, data, requesterId, tag, firstBe: be.firstBe, lastBe: be.lastBe });
}

export interface CfgArgs {
  requesterId: number;
  tag: number;
  targetId: number;
  /** DW-aligned register byte offset, 0..0xffc. */
  register: number;
  firstBe?: number;
}

export function cfgRd0(a: CfgArgs): Tlp {
  return makeTlp('CfgRd0', false, 0, 0, false, false, 1, a.requesterId, a.tag, a.firstBe ?? 0xf, 0, 0n, a.targetId, a.register,
    0, 0, false, 4, 0, NO_DATA);
}

export function cfgWr0(a: CfgArgs & { data: Uint8Array }): Tlp {
  if (a.data.length !== 4) throw new TlpError('payload', a.data.length, 'bytes: CfgWr0 carries exactly 1 DW');
  return makeTlp('CfgWr0', false, 0, 0, false, false, 1, a.requesterId, a.tag, a.firstBe ?? 0xf, 0, 0n, a.targetId, a.register,
    0, 0, false, 4, 0, a.data);
}

export interface CplArgs {
  completerId: number;
  requesterId: number;
  tag: number;
  status?: number;
  /** Default 4 (a 1 DW config request's completion). */
  byteCount?: number;
  lowerAddress?: number;
  bcm?: boolean;
}

/** Completion without data: Length is Reserved and kept 0 (PCIe r6.0 §2.2.1). */
export function cpl(a: CplArgs): Tlp {
  return makeTlp('Cpl', false, 0, 0, false, false, 0, a.requesterId, a.tag, 0xf, 0, 0n, 0, 0, a.completerId,
    a.status ?? CplStatus.SC, a.bcm ?? false, a.byteCount ?? 4, a.lowerAddress ?? 0, NO_DATA);
}

/** Completion with data (Successful Completion). `data` is whole DWs as on the wire. */
export function cplD(a: Omit<CplArgs, 'status'> & { data: Uint8Array }): Tlp {
  const length = wholeDw(a.data);
  const lowerAddress = a.lowerAddress ?? 0;
  return makeTlp('CplD', false, 0, 0, false, false, length, a.requesterId, a.tag, 0xf, 0, 0n, 0, 0, a.completerId,
    CplStatus.SC, a.bcm ?? false, a.byteCount ?? a.data.length - (lowerAddress % 4), lowerAddress, a.data);
}

export interface MsgArgs {
  requesterId: number;
  tag?: number;
  /** r[2:0] of Type (MsgRouting). */
  routing: number;
  messageCode: number;
  /** Header bytes 8..15 (address, target ID, Vendor ID and vendor fields: the message's own). */
  bytes8to15?: bigint;
  /** A payload makes it MsgD (whole DWs). */
  data?: Uint8Array;
}

/** Msg (no data) or MsgD (PCIe r6.0 §2.2.8): always a 4-DW header; a Msg has Length 0 (Reserved). */
export function msg(a: MsgArgs): Tlp {
  const data = a.data ?? NO_DATA;
  const withData = data.length > 0;
  return makeTlp(withData ? 'MsgD' : 'Msg', true, 0, 0, false, false, withData ? wholeDw(data) : 0, a.requesterId, a.tag ?? 0, 0xf, 0,
    a.bytes8to15 ?? 0n, 0, 0, 0, 0, false, 4, 0, data, a.routing, a.messageCode);
}
