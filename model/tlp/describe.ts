// One-line descriptions and field-by-field differences of TLPs, for logs and the scoreboard's
// divergence reports. Field names are the spec's (PCIe Base r6.0 §2.2).

import { HDR } from './fields.js';
import type { Tlp, TlpKind } from './types.js';

const STATUS_NAMES: Record<number, string> = { 0: 'SC', 1: 'UR', 2: 'CRS', 4: 'CA' };

/** 0x1_0000_0040: hex in groups of four digits. */
export function hexAddr(address: number | bigint): string {
  const hex = address.toString(16);
  const groups: string[] = [];
  for (let end = hex.length; end > 0; end -= 4) groups.unshift(hex.slice(Math.max(0, end - 4), end));
  return `0x${groups.join('_')}`;
}

/** Bus:Device.Function as lspci prints it, e.g. 01:00.0. */
export function bdf(id: number): string {
  const bus = (id >>> 8).toString(16).padStart(2, '0');
  const dev = ((id >>> 3) & 0x1f).toString(16).padStart(2, '0');
  return `${bus}:${dev}.${id & 7}`;
}

const hex2 = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;
const hex1 = (v: number): string => `0x${v.toString(16)}`;

function statusName(s: number): string {
  return STATUS_NAMES[s] ?? `reserved(${s})`;
}

function flags(t: Tlp): string {
  let s = '';
  if (t.tc !== 0) s += ` TC=${t.tc}`;
  if (t.attr !== 0) s += ` Attr=${t.attr}`;
  if (t.td) s += ' TD';
  if (t.ep) s += ' EP';
  return s;
}

/** One line, e.g. `MWr64 addr=0x1_0000_0040 len=4 req=01:00.0 tag=0x03 FirstBE=0xf LastBE=0xf`. */
export function describeTlp(t: Tlp): string {
  switch (t.kind) {
    case 'MRd':
    case 'MWr':
      return `${t.kind}${t.addr64 ? 64 : 32} addr=${hexAddr(t.address)} len=${t.length} req=${bdf(t.requesterId)} ` +
        `tag=${hex2(t.tag)} FirstBE=${hex1(t.firstBe)} LastBE=${hex1(t.lastBe)}${flags(t)}`;
    case 'CfgRd0':
    case 'CfgWr0':
      return `${t.kind} target=${bdf(t.targetId)} reg=0x${t.register.toString(16).padStart(3, '0')} ` +
        `req=${bdf(t.requesterId)} tag=${hex2(t.tag)} FirstBE=${hex1(t.firstBe)}${flags(t)}`;
    case 'Cpl':
    case 'CplD':
      return `${t.kind} status=${statusName(t.status)} cpl=${bdf(t.completerId)} req=${bdf(t.requesterId)} ` +
        `tag=${hex2(t.tag)} bc=${t.byteCount} la=${hex2(t.lowerAddress)}` +
        `${t.kind === 'CplD' ? ` len=${t.length}` : ''}${t.bcm ? ' BCM' : ''}${flags(t)}`;
    case 'Msg':
    case 'MsgD':
      return `${t.kind} code=${hex2(t.messageCode)} routing=0b${t.routing.toString(2).padStart(3, '0')} bytes8-15=${hexAddr(t.address)} ` +
        `req=${bdf(t.requesterId)} tag=${hex2(t.tag)}${t.kind === 'MsgD' ? ` len=${t.length}` : ''}${flags(t)}`;
  }
}

type Key = Exclude<keyof Tlp, 'kind' | 'data'>;

/** Which Tlp properties a kind carries, with the spec name each is reported under. */
const COMMON: ReadonlyArray<[Key, string]> = [
  ['tc', HDR.tc.name], ['attr', HDR.attr.name], ['td', HDR.td.name], ['ep', HDR.ep.name], ['length', HDR.length.name],
];
const REQUEST: ReadonlyArray<[Key, string]> = [
  ['requesterId', HDR.requesterId.name], ['tag', HDR.tag.name],
  ['firstBe', HDR.firstBe.name], ['lastBe', HDR.lastBe.name],
];
const FIELDS_BY_KIND: Record<TlpKind, ReadonlyArray<[Key, string]>> = {
  MRd: [...COMMON, ...REQUEST, ['addr64', 'Fmt (4-DW header)'], ['address', 'Address']],
  MWr: [...COMMON, ...REQUEST, ['addr64', 'Fmt (4-DW header)'], ['address', 'Address']],
  CfgRd0: [...COMMON, ...REQUEST, ['targetId', HDR.targetId.name], ['register', HDR.regNum.name]],
  CfgWr0: [...COMMON, ...REQUEST, ['targetId', HDR.targetId.name], ['register', HDR.regNum.name]],
  Cpl: [...COMMON, ['completerId', HDR.completerId.name], ['status', HDR.status.name], ['bcm', HDR.bcm.name],
    ['byteCount', HDR.byteCount.name], ['requesterId', HDR.cplRequesterId.name], ['tag', HDR.cplTag.name],
    ['lowerAddress', HDR.lowerAddress.name]],
  CplD: [],
  Msg: [...COMMON, ['routing', HDR.routing.name], ['requesterId', HDR.requesterId.name], ['tag', HDR.tag.name],
    ['messageCode', HDR.messageCode.name], ['address', 'Message bytes 8-15']],
  MsgD: [],
};
FIELDS_BY_KIND.CplD = FIELDS_BY_KIND.Cpl;
FIELDS_BY_KIND.MsgD = FIELDS_BY_KIND.Msg;

function show(key: Key, v: number | bigint | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'bigint' || key === 'address') return hexAddr(v);
  if (key === 'requesterId' || key === 'completerId' || key === 'targetId') return bdf(v);
  if (key === 'status') return statusName(v);
  if (key === 'length' || key === 'byteCount') return String(v);
  return hex1(v);
}

/** Whether two TLPs have the same kind, header fields (every one diffTlp compares) and payload length: they can differ only in payload bytes. */
export function sameHeader(a: Tlp, b: Tlp): boolean {
  if (a.kind !== b.kind || a.data.length !== b.data.length) return false;
  for (const [key] of FIELDS_BY_KIND[a.kind]) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Fields in which two TLPs differ, one string each, e.g. `Length: 4 != 8`. A different kind
 * is reported as a single Fmt/Type line, since the other fields then mean different things.
 */
export function diffTlp(a: Tlp, b: Tlp): string[] {
  if (a.kind !== b.kind) return [`Fmt/Type: ${a.kind} != ${b.kind}`];
  const out: string[] = [];
  for (const [key, name] of FIELDS_BY_KIND[a.kind]) {
    const va = a[key];
    const vb = b[key];
    if (va !== vb) out.push(`${name}: ${show(key, va)} != ${show(key, vb)}`);
  }
  if (a.data.length !== b.data.length) {
    out.push(`payload: ${a.data.length} bytes != ${b.data.length} bytes`);
  } else {
    const n = a.data.length;
    let i = 0;
    while (i < n && a.data[i] === b.data[i]) i++; // stops at the first difference
    if (i < n) {
      out.push(`payload: first difference at byte ${i} (DW ${i >>> 2}): ${hex2(a.data[i])} != ${hex2(b.data[i])}`);
    }
  }
  return out;
}
