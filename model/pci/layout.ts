// The function's build-time parameters and layout. What a device is comes from a description
// (description.ts; the reference RTL's is reference-device.json): the model takes it in
// FunctionParams.layout and never reads module constants for IDs, BARs or capability offsets.

import { REFERENCE_DEVICE, type DeviceDescription, type DeviceLayout } from './description.js';
import type { VirtioOptions } from '../virtio/regs.js';

export type { DeviceDescription, DeviceLayout } from './description.js';

/** virtio_pci_cap cfg_type values (§4.1.4). */
export const VIRTIO_PCI_CAP = { COMMON_CFG: 1, NOTIFY_CFG: 2, ISR_CFG: 3, DEVICE_CFG: 4, PCI_CFG: 5 } as const;

/** Build-time parameters shared by the model and the RTL (see docs/dut-interface.md). */
export interface FunctionParams {
  numQueuePairs: number;
  maxQueueSize: number;
  msixVectors: number;
  tagCount: number;
  /** Where things are (IDs, BARs, regions, capabilities); default the reference RTL's. */
  layout?: DeviceLayout;
}

/** The layout a FunctionParams describes. */
export function layoutOf(p: FunctionParams): DeviceLayout {
  return p.layout ?? REFERENCE_DEVICE;
}

/** The parameters and layout of a description. */
export function paramsOf(d: DeviceDescription): FunctionParams {
  return { numQueuePairs: d.queuePairs, maxQueueSize: d.maxQueueSize, msixVectors: d.msixVectors, tagCount: d.tagCount, layout: d };
}

/**
 * The virtio options (offered features, MAC, MTU) of a description. The mtu field is offered only
 * where the description's features offer VIRTIO_NET_F_MTU (§5.1.4.1).
 */
export function virtioOptionsOf(d: DeviceDescription): VirtioOptions {
  return { features: { VIRTIO_NET_F_MTU: false, ...d.features }, mac: d.mac, mtu: d.mtu };
}

/** The reference RTL's parameters (model/pci/reference-device.json). */
export const DEFAULT_PARAMS: FunctionParams = paramsOf(REFERENCE_DEVICE);
