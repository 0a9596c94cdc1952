// TLP codec: Tlp objects <-> PCIe wire bytes (header DWs big-endian, payload after; PCIe Base
// r6.0 §2.2) and <-> the 128-bit header form of docs/dut-interface.md (word 0 = hdr[127:96] =
// DW0). Both forms go through header DWs packed by the one field table in fields.ts.

import { TlpError } from './errors.js';
import { FMT, HDR, KIND_BY_BYTE0, KIND_CODES, OTHER_KINDS, getField, setField } from './fields.js';
import { checkTlp } from './rules.js';
import { defaultTlp } from './build.js';
import type { Tlp } from './types.js';

export { payloadBeats, beatsToPayload, type Beat } from './beats.js';
export { describeTlp, diffTlp } from './describe.js';

const EMPTY = new Uint8Array(0);

/** Header size in DW: 4 for 64-bit MRd/MWr and for messages, 3 for everything else this codec knows. */
export function headerDw(tlp: Tlp): 3 | 4 {
  if (tlp.kind === 'Msg' || tlp.kind === 'MsgD') return 4;
  return tlp.addr64 && (tlp.kind === 'MRd' || tlp.kind === 'MWr') ? 4 : 3;
}

/** Requester ID and Tag, DW1 of every request and message (§2.2.6.2). */
function packRequester(tlp: Tlp, out: Uint32Array): void {
  setField(out, HDR.requesterId, tlp.requesterId);
  setField(out, HDR.tag, tlp.tag);
}

/** Pack a (checked) TLP's header into `out` (4 words; DW3 is 0 for 3-DW headers). */
function packHeader(tlp: Tlp, out: Uint32Array): void {
  out.fill(0);
  const code = KIND_CODES[tlp.kind];
  const four = headerDw(tlp) === 4;
  setField(out, HDR.fmt, four ? code.fmt | 1 : code.fmt);
  setField(out, HDR.type, code.type);
  setField(out, HDR.tc, tlp.tc);
  setField(out, HDR.td, tlp.td ? 1 : 0);
  setField(out, HDR.ep, tlp.ep ? 1 : 0);
  setField(out, HDR.attr, tlp.attr);
  // Length 1024 is encoded as 0 (§2.2.1); Cpl keeps the Reserved field 0.
  setField(out, HDR.length, tlp.length & 0x3ff);
  switch (tlp.kind) {
    case 'MRd':
    case 'MWr':
    case 'CfgRd0':
    case 'CfgWr0':
      packRequester(tlp, out);
      setField(out, HDR.lastBe, tlp.lastBe);
      setField(out, HDR.firstBe, tlp.firstBe);
      if (tlp.kind === 'CfgRd0' || tlp.kind === 'CfgWr0') {
        setField(out, HDR.targetId, tlp.targetId);
        setField(out, HDR.regNum, tlp.register >>> 2);
      } else if (four) {
        setField(out, HDR.addrHi, Number(tlp.address >> 32n));
        setField(out, HDR.addrLo64, Number(BigInt.asUintN(32, tlp.address)) >>> 2);
      } else {
        setField(out, HDR.addr32, Number(BigInt.asUintN(32, tlp.address)) >>> 2);
      }
      return;
    case 'Cpl':
    case 'CplD':
      setField(out, HDR.completerId, tlp.completerId);
      setField(out, HDR.status, tlp.status);
      setField(out, HDR.bcm, tlp.bcm ? 1 : 0);
      setField(out, HDR.byteCount, tlp.byteCount & 0xfff); // 4096 is encoded as 0
      setField(out, HDR.cplRequesterId, tlp.requesterId);
      setField(out, HDR.cplTag, tlp.tag);
      setField(out, HDR.lowerAddress, tlp.lowerAddress);
      return;
    case 'Msg':
    case 'MsgD':
      setField(out, HDR.routing, tlp.routing);
      packRequester(tlp, out);
      setField(out, HDR.messageCode, tlp.messageCode);
      setField(out, HDR.msgBytes8, Number(tlp.address >> 32n));
      setField(out, HDR.msgBytes12, Number(BigInt.asUintN(32, tlp.address)));
      return;
  }
}

/** Which supported kind byte 0 names, or a TlpError naming Fmt and Type. */
function kindOf(byte0: number): { kind: Tlp['kind']; hdrDw: 3 | 4 } {
  const hit = KIND_BY_BYTE0[byte0];
  if (hit) return hit;
  const fmt = byte0 >>> 5;
  const type = byte0 & 0x1f;
  const bits = `Fmt=0b${fmt.toString(2).padStart(3, '0')} Type=0b${type.toString(2).padStart(5, '0')}`;
  if (fmt === FMT.PREFIX) throw new TlpError('fmt/type', byte0, `is a TLP Prefix (${bits}): prefixes are not supported`);
  const known = OTHER_KINDS.get(byte0);
  if (known) throw new TlpError('fmt/type', byte0, `is ${known} (${bits}): not supported by this function`);
  throw new TlpError('fmt/type', byte0, `is a reserved Fmt/Type combination (${bits}) (PCIe r6.0 §2.2.1)`);
}

/**
 * Unpack header DWs (already known to be at least `hdrDw` long) into a Tlp with `data`, then
 * check it. Fields that a kind does not carry keep their TLP_DEFAULTS values.
 */
function unpackHeader(hdr: Uint32Array, data: Uint8Array, check = true): Tlp {
  const { kind, hdrDw } = kindOf(hdr[0] >>> 24);
  const tlp: Tlp = defaultTlp(kind, data);
  tlp.tc = getField(hdr, HDR.tc);
  tlp.td = getField(hdr, HDR.td) === 1;
  tlp.ep = getField(hdr, HDR.ep) === 1;
  tlp.attr = getField(hdr, HDR.attr);
  const lengthField = getField(hdr, HDR.length);
  tlp.length = lengthField === 0 ? 1024 : lengthField;
  switch (kind) {
    case 'MRd':
    case 'MWr':
    case 'CfgRd0':
    case 'CfgWr0':
      tlp.requesterId = getField(hdr, HDR.requesterId);
      tlp.tag = getField(hdr, HDR.tag);
      tlp.lastBe = getField(hdr, HDR.lastBe);
      tlp.firstBe = getField(hdr, HDR.firstBe);
      if (kind === 'CfgRd0' || kind === 'CfgWr0') {
        tlp.targetId = getField(hdr, HDR.targetId);
        tlp.register = getField(hdr, HDR.regNum) << 2;
      } else if (hdrDw === 4) {
        tlp.addr64 = true;
        tlp.address = (BigInt(getField(hdr, HDR.addrHi)) << 32n) | BigInt(getField(hdr, HDR.addrLo64) << 2 >>> 0);
      } else {
        tlp.address = BigInt(getField(hdr, HDR.addr32) << 2 >>> 0);
      }
      break;
    case 'Cpl':
    case 'CplD': {
      tlp.completerId = getField(hdr, HDR.completerId);
      tlp.status = getField(hdr, HDR.status);
      tlp.bcm = getField(hdr, HDR.bcm) === 1;
      const bc = getField(hdr, HDR.byteCount);
      tlp.byteCount = bc === 0 ? 4096 : bc; // §2.2.9: 0 means 4096
      tlp.requesterId = getField(hdr, HDR.cplRequesterId);
      tlp.tag = getField(hdr, HDR.cplTag);
      tlp.lowerAddress = getField(hdr, HDR.lowerAddress);
      if (kind === 'Cpl') tlp.length = 0; // Reserved (§2.2.1): ignored on receipt
      break;
    }
    case 'Msg':
    case 'MsgD':
      tlp.addr64 = true;
      tlp.routing = getField(hdr, HDR.routing);
      tlp.requesterId = getField(hdr, HDR.requesterId);
      tlp.tag = getField(hdr, HDR.tag);
      tlp.messageCode = getField(hdr, HDR.messageCode);
      tlp.address = (BigInt(getField(hdr, HDR.msgBytes8)) << 32n) | BigInt(getField(hdr, HDR.msgBytes12));
      if (kind === 'Msg') tlp.length = 0; // Reserved without data (§2.2.1)
      break;
  }
  if (check) checkTlp(tlp);
  return tlp;
}

/** Encode a TLP to wire bytes: header DWs big-endian, then the payload as is. */
export function encodeTlp(tlp: Tlp): Uint8Array {
  if (tlp.td) throw new TlpError('td', 1, 'asks for an ECRC TLP Digest, which is not modelled');
  checkTlp(tlp);
  const hdr = new Uint32Array(4);
  packHeader(tlp, hdr);
  const hdrBytes = headerDw(tlp) * 4;
  const out = new Uint8Array(hdrBytes + tlp.data.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i * 4 < hdrBytes; i++) view.setUint32(i * 4, hdr[i], false);
  out.set(tlp.data, hdrBytes);
  return out;
}

/** Decode wire bytes (one whole TLP, no prefixes, no digest) into a checked Tlp. */
export function decodeTlp(bytes: Uint8Array): Tlp {
  if (bytes.length < 4) throw new TlpError('header', bytes.length, 'bytes: truncated header (less than 1 DW)');
  const { hdrDw } = kindOf(bytes[0]);
  const hdrBytes = hdrDw * 4;
  if (bytes.length < hdrBytes) {
    throw new TlpError('header', bytes.length, `bytes: truncated header, a ${hdrDw}-DW header needs ${hdrBytes}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hdr = new Uint32Array(4);
  for (let i = 0; i < hdrDw; i++) hdr[i] = view.getUint32(i * 4, false);
  if ((hdr[0] >>> 15) & 1) throw new TlpError('td', 1, 'means an ECRC TLP Digest follows, which is not modelled');
  const data = bytes.length > hdrBytes ? bytes.slice(hdrBytes) : EMPTY;
  return unpackHeader(hdr, data);
}

/**
 * The 128-bit header form: out[0] = hdr[127:96] = DW0 ... out[3] = hdr[31:0] = DW3 (0 for a
 * 3-DW header). TD is carried as a bit; the digest itself is not part of this form.
 */
export function tlpToHdr(tlp: Tlp, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  checkTlp(tlp);
  packHeader(tlp, out);
  return out;
}

/** Inverse of tlpToHdr. `data` (the payload DWs) is kept by reference, not copied. */
export function hdrToTlp(hdr: Uint32Array, data: Uint8Array): Tlp {
  if (hdr.length < 4) throw new TlpError('header', hdr.length, 'words: the 128-bit header form needs 4');
  return unpackHeader(hdr, data);
}

/**
 * hdrToTlp without the well-formedness rules of rules.ts, for checkers that want to report every
 * violation of a TLP rather than the first. Still throws TlpError for what a Tlp cannot hold:
 * or an unsupported Fmt/Type.
 */
export function hdrToTlpUnchecked(hdr: Uint32Array, data: Uint8Array): Tlp {
  if (hdr.length < 4) throw new TlpError('header', hdr.length, 'words: the 128-bit header form needs 4');
  return unpackHeader(hdr, data, false);
}
