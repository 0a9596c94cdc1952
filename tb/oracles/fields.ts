// Register names the driver scripts use, as data. Offsets inside a structure come from the specs
// (they are the same on every device); where each structure lives is found at run time through
// the capability walk, so QEMU's layout and the model's never have to match.

export interface FieldDef {
  offset: number;
  width: number;
  /** Fields whose meaning depends on queue_select / *_feature_select (for answer labels). */
  scope?: 'queue' | 'dfsel' | 'gfsel';
}

/** Type-0 config header (PCI Local Bus 3.0 §6.1; PCIe r6.0 §7.5.1). */
export const CFG_HEADER: Readonly<Record<string, FieldDef>> = {
  vendor_id: { offset: 0x00, width: 2 },
  device_id: { offset: 0x02, width: 2 },
  command: { offset: 0x04, width: 2 },
  status: { offset: 0x06, width: 2 },
  revision_id: { offset: 0x08, width: 1 },
  class_prog_if: { offset: 0x09, width: 1 },
  class_subclass: { offset: 0x0a, width: 1 },
  class_base: { offset: 0x0b, width: 1 },
  header_type: { offset: 0x0e, width: 1 },
  bar0: { offset: 0x10, width: 4 },
  bar1: { offset: 0x14, width: 4 },
  bar2: { offset: 0x18, width: 4 },
  bar3: { offset: 0x1c, width: 4 },
  bar4: { offset: 0x20, width: 4 },
  bar5: { offset: 0x24, width: 4 },
  subsystem_vendor_id: { offset: 0x2c, width: 2 },
  subsystem_id: { offset: 0x2e, width: 2 },
  capabilities_pointer: { offset: 0x34, width: 1 },
  interrupt_line: { offset: 0x3c, width: 1 },
  interrupt_pin: { offset: 0x3d, width: 1 },
};

/** Fields of the MSI-X capability (PCIe r6.0 §7.7.2), relative to the capability. */
export const MSIX_CAP: Readonly<Record<string, FieldDef>> = {
  message_control: { offset: 2, width: 2 },
  table_offset_bir: { offset: 4, width: 4 },
  pba_offset_bir: { offset: 8, width: 4 },
};

/** struct virtio_pci_cap (virtio §4.1.4), relative to the capability; notify_off_multiplier only in the notify cap (§4.1.4.4). */
export const VIRTIO_CAP: Readonly<Record<string, FieldDef>> = {
  cap_len: { offset: 2, width: 1 },
  cfg_type: { offset: 3, width: 1 },
  bar: { offset: 4, width: 1 },
  id: { offset: 5, width: 1 },
  offset: { offset: 8, width: 4 },
  length: { offset: 12, width: 4 },
  notify_off_multiplier: { offset: 16, width: 4 },
};

/** struct virtio_pci_common_cfg (virtio §4.1.4.3). 64-bit fields as 32-bit halves (§4.1.3.2). */
export const COMMON_CFG: Readonly<Record<string, FieldDef>> = {
  device_feature_select: { offset: 0x00, width: 4 },
  device_feature: { offset: 0x04, width: 4, scope: 'dfsel' },
  driver_feature_select: { offset: 0x08, width: 4 },
  driver_feature: { offset: 0x0c, width: 4, scope: 'gfsel' },
  config_msix_vector: { offset: 0x10, width: 2 },
  num_queues: { offset: 0x12, width: 2 },
  device_status: { offset: 0x14, width: 1 },
  config_generation: { offset: 0x15, width: 1 },
  queue_select: { offset: 0x16, width: 2 },
  queue_size: { offset: 0x18, width: 2, scope: 'queue' },
  queue_msix_vector: { offset: 0x1a, width: 2, scope: 'queue' },
  queue_enable: { offset: 0x1c, width: 2, scope: 'queue' },
  queue_notify_off: { offset: 0x1e, width: 2, scope: 'queue' },
  queue_desc_lo: { offset: 0x20, width: 4, scope: 'queue' },
  queue_desc_hi: { offset: 0x24, width: 4, scope: 'queue' },
  queue_driver_lo: { offset: 0x28, width: 4, scope: 'queue' },
  queue_driver_hi: { offset: 0x2c, width: 4, scope: 'queue' },
  queue_device_lo: { offset: 0x30, width: 4, scope: 'queue' },
  queue_device_hi: { offset: 0x34, width: 4, scope: 'queue' },
  queue_notif_config_data: { offset: 0x38, width: 2, scope: 'queue' },
  queue_reset: { offset: 0x3a, width: 2, scope: 'queue' },
};

/** ISR status (virtio §4.1.4.5). */
export const ISR_CFG: Readonly<Record<string, FieldDef>> = {
  isr: { offset: 0, width: 1 },
};

/** struct virtio_net_config (virtio §5.1.4). mac is read byte-wise (6 bytes). */
export const NET_CONFIG: Readonly<Record<string, FieldDef>> = {
  mac: { offset: 0, width: 6 },
  status: { offset: 6, width: 2 },
  max_virtqueue_pairs: { offset: 8, width: 2 },
  mtu: { offset: 10, width: 2 },
  speed: { offset: 12, width: 4 },
  duplex: { offset: 16, width: 1 },
};

/** One MSI-X table entry (PCIe r6.0 §7.7.2, 16 bytes). */
export const MSIX_ENTRY: Readonly<Record<string, FieldDef>> = {
  addr_lo: { offset: 0, width: 4 },
  addr_hi: { offset: 4, width: 4 },
  data: { offset: 8, width: 4 },
  ctrl: { offset: 12, width: 4 },
};

/** Capability IDs (PCI Code and ID Assignment spec). */
export const CAP_ID: Readonly<Record<string, number>> = { pm: 0x01, vendor: 0x09, pcie: 0x10, msix: 0x11 };

/** virtio_pci_cap cfg_type names (virtio §4.1.4). */
export const VIRTIO_CFG_TYPE: Readonly<Record<string, number>> = { common: 1, notify: 2, isr: 3, device: 4, pci_cfg: 5 };

/** device_status bits (virtio §2.1). */
export const STATUS_BITS: Readonly<Record<string, number>> = {
  ACKNOWLEDGE: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, DEVICE_NEEDS_RESET: 0x40, FAILED: 0x80,
};

/** Feature bits scripts may name (virtio §6, §5.1.3). */
export const FEATURE_BITS: Readonly<Record<string, number>> = {
  CSUM: 0, GUEST_CSUM: 1, MTU: 3, MAC: 5, MRG_RXBUF: 15, STATUS: 16, CTRL_VQ: 17, CTRL_RX: 18,
  CTRL_VLAN: 19, GUEST_ANNOUNCE: 21, MQ: 22, CTRL_MAC_ADDR: 23, SPEED_DUPLEX: 63,
  INDIRECT_DESC: 28, EVENT_IDX: 29, VERSION_1: 32, ACCESS_PLATFORM: 33, RING_PACKED: 34,
  IN_ORDER: 35, ORDER_PLATFORM: 36, NOTIFICATION_DATA: 38, RING_RESET: 40,
};

/** Packed descriptor flags (virtio §2.8.1). */
export const DESC_F = { NEXT: 1, WRITE: 2, AVAIL: 1 << 7, USED: 1 << 15 } as const;
