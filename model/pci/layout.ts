// The function's fixed layout: IDs, BARs, capability offsets, and where each virtio-pci
// structure lives. docs/dut-interface.md summarises this table; the RTL must match it
// (rtl/virtio_pkg.sv carries the same numbers).

export const IDS = {
  vendorId: 0x1af4, // virtio §4.1.2.1
  deviceId: 0x1041, // 0x1040 + virtio device ID 1 (net), §4.1.2.1
  revisionId: 0x01, // non-transitional: revision >= 1, §4.1.2.1
  classCode: 0x020000, // network controller / Ethernet
  subsystemVendorId: 0x1af4,
  subsystemId: 0x1100, // >= 0x40 for non-transitional devices, §4.1.2.1
  interruptPin: 1, // INTA
} as const;

/** Memory BARs. Each is 64-bit, non-prefetchable and occupies two BAR slots. */
export const BARS = [
  { index: 0, size: 0x4000, is64: true, prefetchable: false, name: 'virtio' },
  { index: 2, size: 0x2000, is64: true, prefetchable: false, name: 'msix' },
] as const;

/** Where each virtio-pci structure lives (virtio §4.1.4). */
export const VIRTIO_REGIONS = {
  common: { bar: 0, offset: 0x0000, length: 0x1000 },
  isr: { bar: 0, offset: 0x1000, length: 0x1000 },
  device: { bar: 0, offset: 0x2000, length: 0x1000 },
  notify: { bar: 0, offset: 0x3000, length: 0x1000 },
} as const;

/** notify address of queue q = notify.offset + queue_notify_off(q) * NOTIFY_OFF_MULTIPLIER (§4.1.4.4). */
export const NOTIFY_OFF_MULTIPLIER = 4;

/** MSI-X table and PBA (PCIe r6.0 §7.7.2); in their own BAR so no other register shares their 4 KiB pages. */
export const MSIX_REGIONS = {
  table: { bar: 2, offset: 0x0000 },
  pba: { bar: 2, offset: 0x1000 },
} as const;

/** Capability chain in config space, in list order. */
export const CAP_OFFSETS = {
  pcie: 0x40,
  pm: 0x7c,
  msix: 0x84,
  virtioCommon: 0x90,
  virtioNotify: 0xa0,
  virtioIsr: 0xb4,
  virtioDevice: 0xc4,
  virtioPciCfg: 0xd4,
} as const;

/** virtio_pci_cap cfg_type values (§4.1.4). */
export const VIRTIO_PCI_CAP = { COMMON_CFG: 1, NOTIFY_CFG: 2, ISR_CFG: 3, DEVICE_CFG: 4, PCI_CFG: 5 } as const;

/** Build-time parameters shared by the model and the RTL (see docs/dut-interface.md). */
export interface FunctionParams {
  numQueuePairs: number;
  maxQueueSize: number;
  msixVectors: number;
  tagCount: number;
}

export const DEFAULT_PARAMS: FunctionParams = {
  numQueuePairs: 1,
  maxQueueSize: 256,
  msixVectors: 4,
  tagCount: 16,
};
