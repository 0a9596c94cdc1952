// Public surface of model/virtio.
export * from './errors.js';
export * from './events.js';
export * from './features.js';
export { COMMON_CFG_FIELDS, COMMON_CFG_SIZE, NO_VECTOR, type CommonField } from './common-cfg.js';
export { DEVICE_STATUS } from './status.js';
export { ISR_CONFIG, ISR_QUEUE } from './isr.js';
export { decodeNotify } from './notify.js';
export { DEFAULT_MAC, NET_CONFIG_FIELDS, NET_CONFIG_SIZE, VIRTIO_NET_S_ANNOUNCE, VIRTIO_NET_S_LINK_UP, type NetConfigOptions } from './net-config.js';
export type { AccessSize } from './reg-table.js';
export { VirtioPciRegs, type ConfigChange, type VirtioOptions } from './regs.js';
