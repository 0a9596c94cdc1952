// Header field positions, the one table both TLP forms use (PCIe Base r6.0 §2.2.1, §2.2.4.1,
// §2.2.6.2, §2.2.7, §2.2.9). Positions are within a header DW numbered as on the wire: DW0 is the
// first DW sent, bit 31 of a DW is bit 7 of its first byte. In the 128-bit form of
// docs/dut-interface.md, DW n occupies hdr[127-32n : 96-32n].

import type { TlpKind } from './types.js';

export interface HdrField {
  /** Spec name, used in divergence reports. */
  readonly name: string;
  readonly dw: number;
  readonly shift: number;
  readonly width: number;
}

function f(name: string, dw: number, shift: number, width: number): HdrField {
  return { name, dw, shift, width };
}

/** Every header field the codec reads or writes. */
export const HDR = {
  // DW0, common to all TLPs (§2.2.1).
  fmt: f('Fmt', 0, 29, 3),
  type: f('Type', 0, 24, 5),
  tc: f('TC', 0, 20, 3),
  td: f('TD', 0, 15, 1),
  ep: f('EP', 0, 14, 1),
  attr: f('Attr', 0, 12, 2),
  length: f('Length', 0, 0, 10),
  // DW1 of requests (§2.2.6.2 Requester ID and Tag, §2.2.5 Byte Enables).
  requesterId: f('Requester ID', 1, 16, 16),
  tag: f('Tag', 1, 8, 8),
  lastBe: f('Last DW BE', 1, 4, 4),
  firstBe: f('First DW BE', 1, 0, 4),
  // Memory request address (§2.2.4.1): 3-DW form Address[31:2] in DW2, 4-DW form Address[63:32]
  // in DW2 and Address[31:2] in DW3. The low 2 bits (PH) are not modelled and written as 0.
  addr32: f('Address[31:2]', 2, 2, 30),
  addrHi: f('Address[63:32]', 2, 0, 32),
  addrLo64: f('Address[31:2]', 3, 2, 30),
  // Configuration requests, DW2 (§2.2.7): Bus/Device/Function, Ext Register + Register Number.
  targetId: f('Bus/Device/Function', 2, 16, 16),
  regNum: f('Register Number', 2, 2, 10),
  // Completions (§2.2.9): DW1 and DW2.
  completerId: f('Completer ID', 1, 16, 16),
  status: f('Completion Status', 1, 13, 3),
  bcm: f('BCM', 1, 12, 1),
  byteCount: f('Byte Count', 1, 0, 12),
  cplRequesterId: f('Requester ID', 2, 16, 16),
  cplTag: f('Tag', 2, 8, 8),
  lowerAddress: f('Lower Address', 2, 0, 7),
  // Messages (§2.2.8): DW1 Requester ID, Tag, Message Code; DW2 and DW3 by message.
  messageCode: f('Message Code', 1, 0, 8),
  msgBytes8: f('Message bytes 8-11', 2, 0, 32),
  msgBytes12: f('Message bytes 12-15', 3, 0, 32),
  routing: f('Type r[2:0] (routing)', 0, 24, 3),
} as const;

/** Read a field from header DWs (numbers are unsigned). */
export function getField(hdr: Uint32Array, fld: HdrField): number {
  const dw = hdr[fld.dw];
  if (fld.width === 32) return dw >>> 0;
  return (dw >>> fld.shift) & ((1 << fld.width) - 1);
}

/** Write a field into header DWs; bits of `value` above the field width are dropped. */
export function setField(hdr: Uint32Array, fld: HdrField, value: number): void {
  if (fld.width === 32) {
    hdr[fld.dw] = value >>> 0;
    return;
  }
  const mask = ((1 << fld.width) - 1) << fld.shift;
  hdr[fld.dw] = (hdr[fld.dw] & ~mask) | ((value << fld.shift) & mask);
}

/** Fmt values (§2.2.1 Table 2-2). */
export const FMT = {
  NO_DATA_3DW: 0b000,
  NO_DATA_4DW: 0b001,
  DATA_3DW: 0b010,
  DATA_4DW: 0b011,
  PREFIX: 0b100,
} as const;

/** Fmt/Type encodings of the kinds the project exchanges (§2.2.1 Table 2-3). */
export const KIND_CODES: Readonly<Record<TlpKind, { readonly fmt: number; readonly type: number }>> = {
  MRd: { fmt: FMT.NO_DATA_3DW, type: 0b00000 }, // 4-DW form: Fmt 001
  MWr: { fmt: FMT.DATA_3DW, type: 0b00000 }, // 4-DW form: Fmt 011
  CfgRd0: { fmt: FMT.NO_DATA_3DW, type: 0b00100 },
  CfgWr0: { fmt: FMT.DATA_3DW, type: 0b00100 },
  Cpl: { fmt: FMT.NO_DATA_3DW, type: 0b01010 },
  CplD: { fmt: FMT.DATA_3DW, type: 0b01010 },
  // Messages: always a 4-DW header; Type 10rrr, the routing r[2:0] added by the codec (§2.2.8).
  Msg: { fmt: FMT.NO_DATA_4DW, type: 0b10000 },
  MsgD: { fmt: FMT.DATA_4DW, type: 0b10000 },
};

/**
 * Other Fmt/Type combinations PCIe defines but this project does not exchange, so that errors
 * can name them (§2.2.1 Table 2-3). Key: Fmt << 5 | Type, i.e. byte 0 of the TLP.
 */
export const OTHER_KINDS: ReadonlyMap<number, string> = new Map<number, string>([
  [0b000_00001, 'MRdLk'], [0b001_00001, 'MRdLk'],
  [0b000_00010, 'IORd'], [0b010_00010, 'IOWr'],
  [0b000_00101, 'CfgRd1'], [0b010_00101, 'CfgWr1'],
  [0b000_11011, 'TCfgRd (deprecated)'], [0b010_11011, 'TCfgWr (deprecated)'],
  [0b000_01011, 'CplLk'], [0b010_01011, 'CplDLk'],
  [0b010_01100, 'FetchAdd'], [0b011_01100, 'FetchAdd'],
  [0b010_01101, 'Swap'], [0b011_01101, 'Swap'],
  [0b010_01110, 'CAS'], [0b011_01110, 'CAS'],
]);

/** Message routing values r[2:0] that PCIe defines (§2.2.8): 000..101. */
export const MSG_ROUTINGS = 6;

/** Decode table indexed by byte 0 of a TLP: which supported kind, and whether the header is 4 DW. */
export const KIND_BY_BYTE0: ReadonlyArray<{ kind: TlpKind; hdrDw: 3 | 4 } | undefined> = (() => {
  const t: Array<{ kind: TlpKind; hdrDw: 3 | 4 } | undefined> = new Array(256).fill(undefined);
  for (const kind of Object.keys(KIND_CODES) as TlpKind[]) {
    const { fmt, type } = KIND_CODES[kind];
    if (kind === 'Msg' || kind === 'MsgD') {
      for (let r = 0; r < MSG_ROUTINGS; r++) t[(fmt << 5) | type | r] = { kind, hdrDw: 4 };
      continue;
    }
    t[(fmt << 5) | type] = { kind, hdrDw: 3 };
    if (kind === 'MRd' || kind === 'MWr') t[((fmt | 1) << 5) | type] = { kind, hdrDw: 4 };
  }
  return t;
})();
