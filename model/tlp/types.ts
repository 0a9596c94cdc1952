// Shared PCIe TLP types. The codec (encode/decode, 128-bit header form) lives beside this file.
// Field names follow PCIe Base r6.0 §2.2 (Fmt, Type, TC, Attr, Length, Requester ID, Tag,
// First DW BE / Last DW BE, Completer ID, Completion Status, BCM, Byte Count, Lower Address).

/** TLP kinds the virtio-net function and its host exchange (Msg / MsgD: host to function only). */
export type TlpKind = 'MRd' | 'MWr' | 'CfgRd0' | 'CfgWr0' | 'Cpl' | 'CplD' | 'Msg' | 'MsgD';

/** Message routing, r[2:0] of a Msg / MsgD Type field (PCIe r6.0 §2.2.8 Table 2-17). */
export const MsgRouting = { TO_RC: 0, BY_ADDRESS: 1, BY_ID: 2, BROADCAST: 3, LOCAL: 4, GATHER: 5 } as const;

/** Message Codes a host may send to an endpoint (PCIe r6.0 §2.2.8). */
export const MsgCode = {
  /** §2.2.8.6: Vendor_Defined Type 0 (an Unsupported Request where not implemented) and Type 1 (silently discarded). */
  VENDOR_DEFINED_TYPE0: 0x7e,
  VENDOR_DEFINED_TYPE1: 0x7f,
  /** §2.2.8.5: Set_Slot_Power_Limit (MsgD, 1 DW), from the Downstream Port to the function. */
  SET_SLOT_POWER_LIMIT: 0x50,
  /** §2.2.8.2: PM_PME_Turn_Off, broadcast from the Root Complex. */
  PME_TURN_OFF: 0x19,
  /** §2.2.8.4: Unlock, broadcast. */
  UNLOCK: 0x00,
} as const;

/** Completion Status values (PCIe r6.0 §2.2.9). */
export const CplStatus = { SC: 0, UR: 1, CRS: 2, CA: 4 } as const;
export type CplStatus = (typeof CplStatus)[keyof typeof CplStatus];

/**
 * One TLP. Addresses are bigint: every 64-bit address exactly (PCIe r6.0 §2.2.4.1). `data` holds the payload DWs exactly as on the wire
 * (length*4 bytes, little-endian memory order within each DW), or is empty for no payload.
 */
export interface Tlp {
  kind: TlpKind;
  /** 4-DW header (64-bit address) for MRd/MWr; ignored for other kinds. */
  addr64: boolean;
  tc: number;
  attr: number; // Attr[1:0]: bit 1 = Relaxed Ordering, bit 0 = No Snoop
  td: boolean;
  ep: boolean;
  /** Length in DW, 1..1024 (encoded as 0 for 1024). 0 for Cpl, where Length is Reserved (PCIe r6.0 §2.2.1). */
  length: number;
  requesterId: number;
  tag: number;
  // Requests only.
  firstBe: number;
  lastBe: number;
  /** MRd/MWr: byte address of the first DW (low 2 bits 0), 0 .. 2^64-4. */
  address: bigint;
  // Config requests only: target Bus/Device/Function and the DW-aligned register byte offset.
  targetId: number;
  register: number;
  // Completions only.
  completerId: number;
  status: number;
  bcm: boolean;
  /** Byte Count, 1..4096 (encoded as 0 for 4096). */
  byteCount: number;
  lowerAddress: number;
  data: Uint8Array;
  // Messages only (PCIe r6.0 §2.2.8); `address` then holds header bytes 8..15 as one 64-bit value
  // (the address when routed by address, Bus/Device/Function in bits 63:48 when routed by ID,
  // the Vendor ID in bits 47:32 of a Vendor_Defined Message), `length` is 0 for a Msg.
  /** r[2:0] of the Type field (MsgRouting). */
  routing: number;
  messageCode: number;
}

/** Fields every constructor defaults; build TLPs with the helpers in `build.ts`. */
export const TLP_DEFAULTS: Tlp = {
  kind: 'MRd', addr64: false, tc: 0, attr: 0, td: false, ep: false, length: 1,
  requesterId: 0, tag: 0, firstBe: 0xf, lastBe: 0, address: 0n, targetId: 0, register: 0,
  completerId: 0, status: 0, bcm: false, byteCount: 4, lowerAddress: 0, data: new Uint8Array(0), routing: 0, messageCode: 0,
};
