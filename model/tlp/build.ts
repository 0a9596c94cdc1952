// Small TLP constructors. Each starts from TLP_DEFAULTS and sets exactly the fields its kind
// carries, so a built TLP deep-equals what decodeTlp returns for its bytes. Builders do not
// validate spec rules (encodeTlp and the host checker do); they only compute fields.

import { TlpError } from './errors.js';
import { CplStatus, TLP_DEFAULTS, type Tlp } from './types.js';

const TWO_POW_32 = 0x1_0000_0000;

function wholeDw(data: Uint8Array): number {
  if (data.length % 4 !== 0 || data.length === 0) {
    throw new TlpError('payload', data.length, 'bytes is not a whole, non-zero number of DW');
  }
  return data.length / 4;
}

export interface MrdArgs {
  address: number;
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
  return {
    ...TLP_DEFAULTS,
    kind: 'MRd',
    address: a.address,
    addr64: a.addr64 ?? a.address >= TWO_POW_32,
    length: a.length,
    requesterId: a.requesterId,
    tag: a.tag,
    firstBe: a.firstBe ?? 0xf,
    lastBe: a.lastBe ?? (a.length > 1 ? 0xf : 0),
    data: new Uint8Array(0),
  };
}

export interface MwrArgs {
  /** DW-aligned address of the first payload DW. */
  address: number;
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
  return {
    ...TLP_DEFAULTS,
    kind: 'MWr',
    address: a.address,
    addr64: a.addr64 ?? a.address >= TWO_POW_32,
    length,
    requesterId: a.requesterId,
    tag: a.tag ?? 0,
    firstBe: a.firstBe ?? 0xf,
    lastBe: a.lastBe ?? (length > 1 ? 0xf : 0),
    data: a.data,
  };
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
  return {
    ...TLP_DEFAULTS, kind: 'CfgRd0', length: 1, requesterId: a.requesterId, tag: a.tag,
    targetId: a.targetId, register: a.register, firstBe: a.firstBe ?? 0xf, lastBe: 0, data: new Uint8Array(0),
  };
}

export function cfgWr0(a: CfgArgs & { data: Uint8Array }): Tlp {
  if (a.data.length !== 4) throw new TlpError('payload', a.data.length, 'bytes: CfgWr0 carries exactly 1 DW');
  return { ...cfgRd0(a), kind: 'CfgWr0', data: a.data };
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
  return {
    ...TLP_DEFAULTS, kind: 'Cpl', length: 0, completerId: a.completerId, requesterId: a.requesterId,
    tag: a.tag, status: a.status ?? CplStatus.SC, byteCount: a.byteCount ?? 4,
    lowerAddress: a.lowerAddress ?? 0, bcm: a.bcm ?? false, data: new Uint8Array(0),
  };
}

/** Completion with data (Successful Completion). `data` is whole DWs as on the wire. */
export function cplD(a: Omit<CplArgs, 'status'> & { data: Uint8Array }): Tlp {
  const length = wholeDw(a.data);
  return {
    ...cpl({ ...a, status: CplStatus.SC, byteCount: a.byteCount ?? a.data.length - ((a.lowerAddress ?? 0) % 4) }),
    kind: 'CplD', length, data: a.data,
  };
}
