// The function's type-0 configuration space, declared as data. Every register is one entry:
// its spec name, byte offset, width, reset value and per-bit attribute masks (PCIe Base r6.0
// §7.4 "Register attributes"). config-space.ts turns this table into behaviour; the tests read
// the same table, so a wrong attribute here fails a test instead of hiding in a switch.
//
// Attributes: bits in `rw` are RW, `rw1c` RW1C, `hwinit` HwInit (read-only to software after
// reset), `rsvdp` RsvdP, `rsvdz` RsvdZ; every other bit is RO. Reserved bits read 0.

import { layoutOf, VIRTIO_PCI_CAP, type DeviceLayout, type FunctionParams } from './layout.js';

export type RegWidth = 1 | 2 | 4;

export interface RegisterDef {
  /** Spec name, e.g. `Command`, `Device Control`, `pci_cfg_data`. */
  name: string;
  /** Capability the register belongs to (undefined for the type-0 header). */
  cap?: string;
  /** Byte offset in config space (naturally aligned to `width`). */
  offset: number;
  width: RegWidth;
  reset: number;
  rw: number;
  rw1c: number;
  hwinit: number;
  rsvdp: number;
  rsvdz: number;
  /**
   * A field that only accepts some values: a write that would put any other value into
   * `mask` leaves the field unchanged (e.g. PMCSR PowerState, PCI PM 1.2 §3.2.4).
   */
  allowed?: { mask: number; values: readonly number[] };
}

export interface CapabilityDef {
  /** Name used in reports and as `RegisterDef.cap`. */
  name: string;
  /** Capability ID (PCI Code and ID Assignment): 0x10 PCIe, 0x01 PM, 0x11 MSI-X, 0x09 vendor. */
  id: number;
  offset: number;
  /** Bytes the structure occupies. */
  length: number;
  registers: RegisterDef[];
}

type Attrs = Partial<Pick<RegisterDef, 'rw' | 'rw1c' | 'hwinit' | 'rsvdp' | 'rsvdz' | 'allowed'>>;

function reg(name: string, offset: number, width: RegWidth, reset: number, attrs: Attrs = {}, cap?: string): RegisterDef {
  return {
    name, cap, offset, width, reset: reset >>> 0,
    rw: (attrs.rw ?? 0) >>> 0, rw1c: (attrs.rw1c ?? 0) >>> 0, hwinit: (attrs.hwinit ?? 0) >>> 0,
    rsvdp: (attrs.rsvdp ?? 0) >>> 0, rsvdz: (attrs.rsvdz ?? 0) >>> 0, allowed: attrs.allowed,
  };
}

export function widthMask(width: RegWidth): number {
  return width === 4 ? 0xffff_ffff : (1 << (width * 8)) - 1;
}

/** The RO bits of a register: everything not given another attribute. */
export function roMask(r: RegisterDef): number {
  return (widthMask(r.width) & ~(r.rw | r.rw1c | r.hwinit | r.rsvdp | r.rsvdz)) >>> 0;
}

/** Register names used by accessors (and by other folders) — one place to spell them. */
export const CAP = {
  pcie: 'PCI Express',
  pm: 'Power Management',
  msix: 'MSI-X',
  virtioCommon: 'virtio common cfg',
  virtioNotify: 'virtio notify cfg',
  virtioIsr: 'virtio ISR cfg',
  virtioDevice: 'virtio device cfg',
  virtioPciCfg: 'virtio pci cfg',
} as const;

// ---------------------------------------------------------------- type-0 header (PCIe r6.0 §7.5.1)

/** Command register bits (PCIe r6.0 §7.5.1.1.3). */
export const COMMAND = {
  ioSpaceEnable: 1 << 0,
  memorySpaceEnable: 1 << 1,
  busMasterEnable: 1 << 2,
  parityErrorResponse: 1 << 6,
  serrEnable: 1 << 8,
  interruptDisable: 1 << 10,
} as const;

/** Status register bits (PCIe r6.0 §7.5.1.1.4). */
export const STATUS = {
  interruptStatus: 1 << 3,
  capabilitiesList: 1 << 4,
  masterDataParityError: 1 << 8,
  signaledTargetAbort: 1 << 11,
  receivedTargetAbort: 1 << 12,
  receivedMasterAbort: 1 << 13,
  signaledSystemError: 1 << 14,
  detectedParityError: 1 << 15,
} as const;

/** BAR type bits (PCI Local Bus 3.0 §6.2.5.1): bits 2:1 = 10b for a 64-bit memory BAR, bit 3 prefetchable. */
function barTypeBits(is64: boolean, prefetchable: boolean): number {
  return (is64 ? 0x4 : 0) | (prefetchable ? 0x8 : 0);
}

/**
 * The six BAR slots. Sizing falls out of the attributes: address bits at and above log2(size)
 * are RW, the bits below are hardwired (RO), so writing all-ones reads back ~(size-1) plus the
 * type bits, and the upper half of a 64-bit BAR (all RW) reads back all-ones.
 */
function barRegisters(l: DeviceLayout): RegisterDef[] {
  const BARS = [l.bars.virtio, l.bars.msix];
  const out: RegisterDef[] = [];
  for (let i = 0; i < 6; i++) {
    const offset = 0x10 + 4 * i;
    const lower = BARS.find((b) => b.index === i);
    const upper = BARS.find((b) => b.is64 && b.index + 1 === i);
    if (lower) {
      out.push(reg(`BAR${i}`, offset, 4, barTypeBits(lower.is64, lower.prefetchable), { rw: ~(lower.size - 1) & ~0xf }));
    } else if (upper) {
      out.push(reg(`BAR${i}`, offset, 4, 0, { rw: 0xffff_ffff }));
    } else {
      out.push(reg(`BAR${i}`, offset, 4, 0)); // not implemented: hardwired 0
    }
  }
  return out;
}

export function headerRegisters(params: FunctionParams): RegisterDef[] {
  const l = layoutOf(params);
  const IDS = l.identity;
  return [
    reg('Vendor ID', 0x00, 2, IDS.vendorId),
    reg('Device ID', 0x02, 2, IDS.deviceId),
    // I/O Space Enable, Special Cycle, MWI, VGA snoop, IDSEL stepping and Fast Back-to-Back
    // Enable are hardwired 0 for a PCIe endpoint without I/O BARs; 15:11 RsvdP.
    reg('Command', 0x04, 2, 0, {
      rw: COMMAND.memorySpaceEnable | COMMAND.busMasterEnable | COMMAND.parityErrorResponse |
        COMMAND.serrEnable | COMMAND.interruptDisable,
      rsvdp: 0xf800,
    }),
    // Interrupt Status (3) is driven by the function; Capabilities List (4) = 1; 66 MHz,
    // Fast Back-to-Back and DEVSEL timing are 0 in PCIe; bits 2:1 and 6 RsvdZ.
    reg('Status', 0x06, 2, STATUS.capabilitiesList, {
      rw1c: STATUS.masterDataParityError | STATUS.signaledTargetAbort | STATUS.receivedTargetAbort |
        STATUS.receivedMasterAbort | STATUS.signaledSystemError | STATUS.detectedParityError,
      rsvdz: 0x0046,
    }),
    reg('Revision ID', 0x08, 1, IDS.revisionId),
    reg('Class Code', 0x09, 1, IDS.classCode & 0xff), // Programming Interface
    reg('Sub Class Code', 0x0a, 1, (IDS.classCode >> 8) & 0xff),
    reg('Base Class Code', 0x0b, 1, (IDS.classCode >> 16) & 0xff),
    reg('Cache Line Size', 0x0c, 1, 0, { rw: 0xff }), // RW, no effect in PCIe (§7.5.1.1.7)
    reg('Latency Timer', 0x0d, 1, 0), // hardwired 0 in PCIe
    reg('Header Type', 0x0e, 1, 0x00), // type 0, single function
    reg('BIST', 0x0f, 1, 0), // not BIST capable
    ...barRegisters(l),
    reg('Cardbus CIS Pointer', 0x28, 4, 0),
    reg('Subsystem Vendor ID', 0x2c, 2, IDS.subsystemVendorId, { hwinit: 0xffff }),
    reg('Subsystem ID', 0x2e, 2, IDS.subsystemId, { hwinit: 0xffff }),
    reg('Expansion ROM Base Address', 0x30, 4, 0), // no expansion ROM: hardwired 0
    reg('Capabilities Pointer', 0x34, 1, l.capabilities.pcie),
    reg('Interrupt Line', 0x3c, 1, 0, { rw: 0xff }),
    reg('Interrupt Pin', 0x3d, 1, IDS.interruptPin),
    reg('Min_Gnt', 0x3e, 1, 0),
    reg('Max_Lat', 0x3f, 1, 0),
  ];
}

// ---------------------------------------------------------------- capabilities

/** Builds a capability: the ID/next-pointer bytes plus body registers at offsets relative to the cap. */
function capability(name: string, id: number, offset: number, next: number, length: number,
  body: RegisterDef[]): CapabilityDef {
  const registers = [
    reg('Capability ID', 0, 1, id),
    reg('Next Capability Pointer', 1, 1, next),
    ...body,
  ].map((r) => ({ ...r, cap: name, offset: offset + r.offset }));
  return { name, id, offset, length, registers };
}

/** Max_Payload_Size Supported: 010b = 512 bytes (PCIe r6.0 §7.5.3.3). */
export const MPS_SUPPORTED_ENCODING = 2;

/** Device Control fields (PCIe r6.0 §7.5.3.4). */
export const DEVICE_CONTROL = {
  maxPayloadSizeShift: 5,
  maxReadRequestSizeShift: 12,
  fieldMask: 0x7,
} as const;

/** PCI Express Capability, version 2, Endpoint (PCIe r6.0 §7.5.3). 0x3C bytes. */
function pcieCapability(offset: number, next: number): CapabilityDef {
  return capability(CAP.pcie, 0x10, offset, next, 0x3c, [
    // Capability Version 2, Device/Port Type 0000b = PCI Express Endpoint, no slot, message number 0.
    reg('PCI Express Capabilities', 0x02, 2, 0x0002, { rsvdp: 0xc000 }),
    // Max_Payload_Size Supported 512 B, no phantom functions, 5-bit tags, Role-Based Error
    // Reporting (bit 15, required since r1.1), no FLR.
    reg('Device Capabilities', 0x04, 4, MPS_SUPPORTED_ENCODING | (1 << 15), { rsvdp: 0xe000_7000 }),
    // Error reporting enables 3:0, Relaxed Ordering (4, reset 1), MPS 7:5 (reset 128 B),
    // No Snoop (11, reset 1), MRRS 14:12 (reset 010b = 512 B) are RW. Extended Tag, Phantom
    // Functions, Aux Power PM and Initiate FLR are hardwired 0 (not supported).
    reg('Device Control', 0x08, 2, (1 << 4) | (1 << 11) | (2 << 12), { rw: 0x0f | (1 << 4) | 0xe0 | (1 << 11) | 0x7000 }),
    // Correctable/Non-Fatal/Fatal/Unsupported Request Detected are RW1C; AUX Power Detected
    // and Transactions Pending RO 0; 15:6 RsvdZ.
    reg('Device Status', 0x0a, 2, 0, { rw1c: 0x000f, rsvdz: 0xffc0 }),
    // x1, 2.5 GT/s (Max Link Speed 0001b = Supported Link Speeds Vector bit 0), no ASPM,
    // ASPM Optionality Compliance (bit 22) set, Port Number 0.
    reg('Link Capabilities', 0x0c, 4, 0x1 | (1 << 4) | (1 << 22), { rsvdp: 0x0080_0000 }),
    // ASPM Control 1:0, RCB 3, Common Clock 6, Extended Synch 7 are RW for an Endpoint; Link
    // Disable, Retrain Link and the bandwidth interrupt enables are RsvdP for an Endpoint;
    // Clock PM and HW Autonomous Width Disable hardwired 0 (not supported).
    reg('Link Control', 0x10, 2, 0, { rw: 0x00cb, rsvdp: 0xfc34 }),
    // Current Link Speed 1 (2.5 GT/s), Negotiated Link Width x1; the rest 0.
    reg('Link Status', 0x12, 2, 0x0011, { rsvdz: 0xc000 }),
    // No slot, not a Root Port: these are reserved for an Endpoint.
    reg('Slot Capabilities', 0x14, 4, 0, { rsvdp: 0xffff_ffff }),
    reg('Slot Control', 0x18, 2, 0, { rsvdp: 0xffff }),
    reg('Slot Status', 0x1a, 2, 0, { rsvdz: 0xffff }),
    reg('Root Control', 0x1c, 2, 0, { rsvdp: 0xffff }),
    reg('Root Capabilities', 0x1e, 2, 0, { rsvdp: 0xffff }),
    reg('Root Status', 0x20, 4, 0, { rsvdz: 0xffff_ffff }),
    // Completion Timeout Ranges A (50 us–10 ms) and B (10 ms–250 ms), Completion Timeout
    // Disable Supported; nothing else.
    reg('Device Capabilities 2', 0x24, 4, 0x3 | (1 << 4)),
    // Completion Timeout Value 3:0 and Completion Timeout Disable 4 are RW; the optional
    // features (IDO, LTR, 10-bit tags, OBFF, AtomicOp) are hardwired 0.
    reg('Device Control 2', 0x28, 2, 0, { rw: 0x001f }),
    reg('Device Status 2', 0x2a, 2, 0, { rsvdz: 0xffff }),
    // Supported Link Speeds Vector: 2.5 GT/s only.
    reg('Link Capabilities 2', 0x2c, 4, 1 << 1, { rsvdp: 0x0000_0001 }),
    // Target Link Speed hardwired to the only supported speed; compliance/margining test
    // modes are not implemented (hardwired 0).
    reg('Link Control 2', 0x30, 2, 0x0001),
    reg('Link Status 2', 0x32, 2, 0),
    reg('Slot Capabilities 2', 0x34, 4, 0, { rsvdp: 0xffff_ffff }),
    reg('Slot Control 2', 0x38, 2, 0, { rsvdp: 0xffff }),
    reg('Slot Status 2', 0x3a, 2, 0, { rsvdz: 0xffff }),
  ]);
}

/** PMCSR PowerState values (PCI PM 1.2 §3.2.4): D1/D2 are not supported, so writes of 01b/10b are discarded. */
export const POWER_STATE = { D0: 0, D3hot: 3 } as const;

/**
 * PCI Power Management Capability, PM spec 1.2 (Version 011b). The function only implements
 * D0 and D3hot, and behaves as in D0 in both: PowerState is recorded for software but does not
 * gate memory decode, and No_Soft_Reset = 1 so D3hot→D0 keeps all state. No PME.
 */
function pmCapability(offset: number, next: number): CapabilityDef {
  return capability(CAP.pm, 0x01, offset, next, 0x08, [
    reg('Power Management Capabilities', 0x02, 2, 0x0003),
    reg('Power Management Control/Status', 0x04, 2, 1 << 3, {
      rw: 0x0003, rsvdp: 0x00f4,
      allowed: { mask: 0x0003, values: [POWER_STATE.D0, POWER_STATE.D3hot] },
    }),
    reg('PMCSR_BSE', 0x06, 1, 0, { rsvdp: 0xff }), // bridge extensions: RsvdP in PCIe
    reg('Data', 0x07, 1, 0),
  ]);
}

/** MSI-X Message Control bits (PCIe r6.0 §7.7.2.2). */
export const MSIX_CONTROL = {
  tableSizeMask: 0x07ff,
  functionMask: 1 << 14,
  msixEnable: 1 << 15,
} as const;

/** MSI-X Capability (PCIe r6.0 §7.7.2). Table and PBA locations come from the device description. */
function msixCapability(offset: number, next: number, params: FunctionParams): CapabilityDef {
  const l = layoutOf(params);
  return capability(CAP.msix, 0x11, offset, next, 0x0c, [
    reg('Message Control', 0x02, 2, (params.msixVectors - 1) & MSIX_CONTROL.tableSizeMask, {
      rw: MSIX_CONTROL.functionMask | MSIX_CONTROL.msixEnable, rsvdp: 0x3800,
    }),
    reg('Table Offset/Table BIR', 0x04, 4, (l.msixRegions.table | l.bars.msix.index) >>> 0),
    reg('PBA Offset/PBA BIR', 0x08, 4, (l.msixRegions.pba | l.bars.msix.index) >>> 0),
  ]);
}

/** struct virtio_pci_cap (virtio §4.1.4): all fields RO except in the PCI_CFG variant. */
function virtioCapability(name: string, offset: number, next: number, cfgType: number,
  region: { bar: number; offset: number; length: number }, extra: RegisterDef[], capLen: number): CapabilityDef {
  return capability(name, 0x09, offset, next, capLen, [
    reg('cap_len', 0x02, 1, capLen),
    reg('cfg_type', 0x03, 1, cfgType),
    reg('bar', 0x04, 1, region.bar),
    reg('id', 0x05, 1, 0),
    reg('padding', 0x06, 2, 0),
    reg('offset', 0x08, 4, region.offset),
    reg('length', 0x0c, 4, region.length),
    ...extra,
  ]);
}

/**
 * virtio_pci_cfg_cap (virtio §4.1.4.9): bar, offset, length and pci_cfg_data are writable so
 * a driver without BAR access can reach the structures through config space.
 */
function virtioPciCfgCapability(offset: number, next: number): CapabilityDef {
  const c = virtioCapability(CAP.virtioPciCfg, offset, next, VIRTIO_PCI_CAP.PCI_CFG,
    { bar: 0, offset: 0, length: 0 }, [reg('pci_cfg_data', 0x10, 4, 0, { rw: 0xffff_ffff })], 20);
  for (const r of c.registers) {
    if (r.name === 'bar') r.rw = 0xff;
    if (r.name === 'offset' || r.name === 'length') r.rw = 0xffff_ffff;
  }
  return c;
}

/** Every capability in list order; each next pointer is the following entry's offset (0 ends the list). */
export function capabilities(params: FunctionParams): CapabilityDef[] {
  const l = layoutOf(params);
  const o = l.capabilities;
  const r = l.virtioRegions;
  const bar = l.bars.virtio.index;
  const VIRTIO_REGIONS = {
    common: { bar, ...r.common }, notify: { bar, ...r.notify }, isr: { bar, ...r.isr }, device: { bar, ...r.device },
  };
  return [
    pcieCapability(o.pcie, o.pm),
    pmCapability(o.pm, o.msix),
    msixCapability(o.msix, o.virtioCommon, params),
    virtioCapability(CAP.virtioCommon, o.virtioCommon, o.virtioNotify, VIRTIO_PCI_CAP.COMMON_CFG, VIRTIO_REGIONS.common, [], 16),
    virtioCapability(CAP.virtioNotify, o.virtioNotify, o.virtioIsr, VIRTIO_PCI_CAP.NOTIFY_CFG, VIRTIO_REGIONS.notify,
      [reg('notify_off_multiplier', 0x10, 4, l.notifyOffMultiplier)], 20),
    virtioCapability(CAP.virtioIsr, o.virtioIsr, o.virtioDevice, VIRTIO_PCI_CAP.ISR_CFG, VIRTIO_REGIONS.isr, [], 16),
    virtioCapability(CAP.virtioDevice, o.virtioDevice, o.virtioPciCfg, VIRTIO_PCI_CAP.DEVICE_CFG, VIRTIO_REGIONS.device, [], 16),
    virtioPciCfgCapability(o.virtioPciCfg, 0),
  ];
}

/** The full register table: header followed by every capability's registers. */
export function configRegisters(params: FunctionParams): RegisterDef[] {
  return [...headerRegisters(params), ...capabilities(params).flatMap((c) => c.registers)];
}

/** Key under which ConfigSpace and tests look a register up: `Cap.Name` or `Name` for the header. */
export function regKey(r: Pick<RegisterDef, 'name' | 'cap'>): string {
  return r.cap ? `${r.cap}.${r.name}` : r.name;
}
