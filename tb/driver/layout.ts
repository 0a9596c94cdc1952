// Offsets the driver uses, named as in the specs. Config space: PCI Local Bus 3.0 §6.1 / PCIe
// r6.0 §7.5.1; virtio_pci_cap: virtio §4.1.4; common cfg: virtio §4.1.4.3; MSI-X: PCIe §7.7.2.

export const CFG = {
  VENDOR_ID: 0x00,
  DEVICE_ID: 0x02,
  COMMAND: 0x04,
  STATUS: 0x06,
  BAR0: 0x10,
  CAP_PTR: 0x34,
} as const;

export const COMMAND = { MEMORY_SPACE: 1 << 1, BUS_MASTER: 1 << 2, INTX_DISABLE: 1 << 10 } as const;
export const STATUS_CAP_LIST = 1 << 4;

export const CAP_ID = { PCIE: 0x10, MSIX: 0x11, VENDOR: 0x09 } as const;

/** PCI Express capability: Device Capabilities @+4, Device Control @+8 (PCIe r6.0 §7.5.3). */
export const PCIE_CAP = { DEVCAP: 0x04, DEVCTL: 0x08 } as const;

/** struct virtio_pci_cap (§4.1.4). */
export const VIRTIO_CAP = { CFG_TYPE: 3, BAR: 4, OFFSET: 8, LENGTH: 12, NOTIFY_OFF_MULTIPLIER: 16 } as const;

/** struct virtio_pci_common_cfg (§4.1.4.3): [offset, size]. */
export const COMMON = {
  device_feature_select: [0, 4],
  device_feature: [4, 4],
  driver_feature_select: [8, 4],
  driver_feature: [12, 4],
  config_msix_vector: [16, 2],
  num_queues: [18, 2],
  device_status: [20, 1],
  config_generation: [21, 1],
  queue_select: [22, 2],
  queue_size: [24, 2],
  queue_msix_vector: [26, 2],
  queue_enable: [28, 2],
  queue_notify_off: [30, 2],
  queue_desc: [32, 8],
  queue_driver: [40, 8],
  queue_device: [48, 8],
} as const satisfies Record<string, readonly [number, 1 | 2 | 4 | 8]>;
export type CommonField = keyof typeof COMMON;

/** struct virtio_net_config (§5.1.4). */
export const NET_CFG = { mac: 0, status: 6, max_virtqueue_pairs: 8, mtu: 10 } as const;

/** MSI-X capability (PCIe r6.0 §7.7.2): Message Control @+2, Table @+4, PBA @+8. */
export const MSIX_CAP = { MSG_CTL: 2, TABLE: 4, PBA: 8, ENABLE: 1 << 15, FUNCTION_MASK: 1 << 14 } as const;

export const NO_VECTOR = 0xffff;
/** Where MSI-X messages go; the host model recognises MWr in [MSI_BASE, MSI_BASE + 1 MiB). */
export const MSI_BASE = 0xfee0_0000;

/**
 * An MSI window at or above 2^63 (a platform may decode MSIs anywhere in the 64-bit space; PCIe
 * r6.0 §7.7.2.5/§7.7.2.6 give the Message Address all 64 bits): Message Upper Address with bit 31
 * set and 31 seeded bits, the x86 low DW. Scenarios use it in some seeds (driver option msiBase).
 */
export function highMsiBase(seed: number): bigint {
  const upper = 0x8000_0000 | ((Math.imul(seed, 0x9e37_79b1) >>> 1) & 0x7fff_ffff);
  return (BigInt(upper >>> 0) << 32n) | BigInt(MSI_BASE);
}
