// A device description: what a virtio-net PCIe function is (identity, BAR layout, capability
// offsets, notify_off_multiplier, queues, MSI-X vectors, offered features, MTU, MAC), as data the
// model is built from. The reference RTL's is model/pci/reference-device.json (rtl/gen generates
// the RTL's tables from the same file); a user's is a JSON file named with `--device FILE`.
//
// `parseDescription` validates a parsed JSON value against device-description.schema.json (ajv),
// then checks what a schema cannot (regions inside their BAR, capability offsets in the header's
// capability area, a notify region that holds every queue's slot) and returns the description
// with every number decoded. Any problem is one DeviceDescriptionError naming the key and value.

import { Ajv, type ErrorObject } from 'ajv';
import schema from './device-description.schema.json' with { type: 'json' };
import reference from './reference-device.json' with { type: 'json' };
import type { FeatureOptions, OptionalFeatureName } from '../virtio/features.js';
import { OPTIONAL_FEATURE_DEFAULTS } from '../virtio/features.js';

export class DeviceDescriptionError extends Error {
  constructor(readonly key: string, readonly value: unknown, readonly why: string) {
    super(`device description: ${key}${value === undefined ? '' : ` = ${JSON.stringify(value)}`} ${why}`);
    this.name = 'DeviceDescriptionError';
  }
}

export interface BarDesc {
  index: number;
  size: number;
  is64: boolean;
  prefetchable: boolean;
}

export interface RegionDesc {
  offset: number;
  length: number;
}

export type VirtioRegionName = 'common' | 'isr' | 'device' | 'notify';
export type CapabilityName = 'pcie' | 'pm' | 'msix' | 'virtioCommon' | 'virtioNotify' | 'virtioIsr' | 'virtioDevice' | 'virtioPciCfg';

/** Where things are: what software finds in config space and the BARs. */
export interface DeviceLayout {
  identity: {
    vendorId: number;
    deviceId: number;
    revisionId: number;
    classCode: number;
    subsystemVendorId: number;
    subsystemId: number;
    interruptPin: number;
  };
  /** virtio-pci structures (common, ISR, device, notify) in one BAR; MSI-X table and PBA in another. */
  bars: { virtio: BarDesc; msix: BarDesc };
  virtioRegions: Record<VirtioRegionName, RegionDesc>;
  msixRegions: { table: number; pba: number };
  /** Capability offsets in config space, in list order. */
  capabilities: Record<CapabilityName, number>;
  /** notify address of queue q = notify.offset + q * notifyOffMultiplier (queue_notify_off = q, §4.1.4.4). */
  notifyOffMultiplier: number;
}

export interface DeviceDescription extends DeviceLayout {
  name: string;
  queuePairs: number;
  maxQueueSize: number;
  msixVectors: number;
  tagCount: number;
  features: FeatureOptions;
  mtu: number;
  mac: Uint8Array;
}

const ajv = new Ajv({ allErrors: false, strict: true });
const validate = ajv.compile(schema);

/** Where an ajv error points, as a dotted key (`bars.virtio.size`). */
function keyOf(e: ErrorObject): string {
  const parts = e.instancePath.split('/').filter(Boolean);
  if (e.keyword === 'required') parts.push(String((e.params as { missingProperty: string }).missingProperty));
  if (e.keyword === 'additionalProperties') parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return parts.join('.') || '(top level)';
}

function valueAt(root: unknown, key: string): unknown {
  let v: unknown = root;
  for (const p of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function num(v: unknown): number {
  return typeof v === 'string' ? Number.parseInt(v.slice(2), 16) : (v as number);
}

const CAP_ORDER: readonly CapabilityName[] = ['pcie', 'pm', 'msix', 'virtioCommon', 'virtioNotify', 'virtioIsr', 'virtioDevice', 'virtioPciCfg'];
/** Bytes each capability occupies (PCIe r6.0 §7.5.3: PCIe cap 0x3C; PM §7.5.2.1: 8; MSI-X §7.7.2: 12; virtio_pci_cap §4.1.4: 16, notify 20, pci_cfg 20). */
const CAP_BYTES: Record<CapabilityName, number> = { pcie: 0x3c, pm: 8, msix: 12, virtioCommon: 16, virtioNotify: 20, virtioIsr: 16, virtioDevice: 16, virtioPciCfg: 20 };

/** Validates and decodes a parsed JSON description. Throws DeviceDescriptionError. */
export function parseDescription(raw: unknown): DeviceDescription {
  if (!validate(raw)) {
    const errs = validate.errors!;
    // A failed oneOf (integer or hex string) lists each branch's error first: report the oneOf.
    const e = errs.find((x) => x.keyword === 'oneOf' && x.instancePath === errs[0]!.instancePath) ?? errs[0]!;
    const key = keyOf(e);
    const why = e.keyword === 'additionalProperties' ? 'is not a description key' : e.keyword === 'required' ? 'is missing' : e.keyword === 'oneOf' ? 'must be an integer or a 0x hex string' : (e.message ?? 'is invalid');
    throw new DeviceDescriptionError(key, e.keyword === 'required' ? undefined : valueAt(raw, key), why);
  }
  const r = raw as Record<string, any>; // shape checked by the schema above
  const bar = (b: Record<string, unknown>): BarDesc => ({ index: b.index as number, size: num(b.size), is64: (b.is64 as boolean) ?? true, prefetchable: (b.prefetchable as boolean) ?? false });
  const region = (x: Record<string, unknown>): RegionDesc => ({ offset: num(x.offset), length: num(x.length) });
  const d: DeviceDescription = {
    name: r.name,
    identity: {
      vendorId: num(r.identity.vendorId),
      deviceId: num(r.identity.deviceId),
      revisionId: num(r.identity.revisionId),
      classCode: num(r.identity.classCode),
      subsystemVendorId: num(r.identity.subsystemVendorId),
      subsystemId: num(r.identity.subsystemId),
      interruptPin: r.identity.interruptPin ?? 1,
    },
    bars: { virtio: bar(r.bars.virtio), msix: bar(r.bars.msix) },
    virtioRegions: {
      common: region(r.virtioRegions.common),
      isr: region(r.virtioRegions.isr),
      device: region(r.virtioRegions.device),
      notify: region(r.virtioRegions.notify),
    },
    msixRegions: { table: num(r.msixRegions.table), pba: num(r.msixRegions.pba) },
    capabilities: Object.fromEntries(CAP_ORDER.map((k) => [k, num(r.capabilities[k])])) as Record<CapabilityName, number>,
    notifyOffMultiplier: r.notifyOffMultiplier,
    queuePairs: r.queuePairs,
    maxQueueSize: r.maxQueueSize,
    msixVectors: r.msixVectors,
    tagCount: r.tagCount ?? 16,
    features: r.features ?? {},
    mtu: r.mtu ?? 1500,
    mac: Uint8Array.from(((r.mac as string | undefined) ?? '52:54:00:12:34:56').split(':').map((h) => Number.parseInt(h, 16))),
  };
  checkDescription(d);
  return d;
}

function check(ok: boolean, key: string, value: unknown, why: string): void {
  if (!ok) throw new DeviceDescriptionError(key, value, why);
}

/** What the schema cannot say. */
export function checkDescription(d: DeviceDescription): void {
  const id = d.identity;
  for (const k of ['vendorId', 'deviceId', 'subsystemVendorId', 'subsystemId'] as const) check(id[k] <= 0xffff, `identity.${k}`, id[k], 'must fit 16 bits');
  check(id.revisionId <= 0xff, 'identity.revisionId', id.revisionId, 'must fit 8 bits');
  check(id.classCode <= 0xffffff, 'identity.classCode', id.classCode, 'must fit 24 bits');
  // A non-transitional virtio device: Device ID 0x1040 + device type, revision >= 1 (virtio §4.1.2.1).
  check(id.deviceId === 0x1041, 'identity.deviceId', id.deviceId, 'must be 0x1041 (0x1040 + virtio-net, virtio §4.1.2.1)');
  check(id.revisionId >= 1, 'identity.revisionId', id.revisionId, 'must be >= 1 for a non-transitional device (virtio §4.1.2.1)');
  for (const [name, b] of Object.entries(d.bars) as [string, BarDesc][]) {
    // Memory BAR sizes are powers of two of at least 16 bytes (PCI 3.0 §6.2.5.1); a 64-bit BAR takes two slots.
    check(b.size >= 16 && (b.size & (b.size - 1)) === 0, `bars.${name}.size`, b.size, 'must be a power of two >= 16 (PCI 3.0 §6.2.5.1)');
    check(!b.is64 || b.index <= 4, `bars.${name}.index`, b.index, 'is the last slot: a 64-bit BAR needs two');
  }
  const slots = (b: BarDesc): number[] => (b.is64 ? [b.index, b.index + 1] : [b.index]);
  check(!slots(d.bars.virtio).some((s) => slots(d.bars.msix).includes(s)), 'bars.msix.index', d.bars.msix.index, 'overlaps the virtio BAR');
  for (const [name, r] of Object.entries(d.virtioRegions) as [VirtioRegionName, RegionDesc][]) {
    check(r.length > 0 && r.offset % 4 === 0, `virtioRegions.${name}`, { offset: r.offset, length: r.length }, 'must be DW aligned and non-empty');
    check(r.offset + r.length <= d.bars.virtio.size, `virtioRegions.${name}`, { offset: r.offset, length: r.length }, `must lie inside the virtio BAR (${d.bars.virtio.size} bytes)`);
    for (const [other, o] of Object.entries(d.virtioRegions) as [VirtioRegionName, RegionDesc][]) {
      if (other !== name && r.offset < o.offset + o.length && o.offset < r.offset + r.length) check(false, `virtioRegions.${name}`, { offset: r.offset, length: r.length }, `overlaps ${other}`);
    }
  }
  check(d.virtioRegions.common.length >= 0x40, 'virtioRegions.common.length', d.virtioRegions.common.length, 'must hold struct virtio_pci_common_cfg (0x40 bytes, §4.1.4.3)');
  check(d.virtioRegions.isr.length >= 1, 'virtioRegions.isr.length', d.virtioRegions.isr.length, 'must hold the ISR byte');
  check(d.virtioRegions.device.length >= 12, 'virtioRegions.device.length', d.virtioRegions.device.length, 'must hold struct virtio_net_config up to mtu (§5.1.4)');
  const numQueues = 2 * d.queuePairs + 1;
  // Every queue's notify slot, 2 bytes wide, inside the notify region (§4.1.4.4). Multiplier 0 = one shared slot.
  check(d.notifyOffMultiplier % 2 === 0, 'notifyOffMultiplier', d.notifyOffMultiplier, 'must be even (§4.1.4.4)');
  check((numQueues - 1) * d.notifyOffMultiplier + 2 <= d.virtioRegions.notify.length, 'queuePairs', d.queuePairs,
    `needs ${numQueues} notify slots of ${d.notifyOffMultiplier} bytes: the notify region holds ${d.virtioRegions.notify.length} bytes`);
  const tableBytes = 16 * d.msixVectors;
  const pbaBytes = 8 * Math.ceil(d.msixVectors / 64);
  for (const [k, off, len] of [['table', d.msixRegions.table, tableBytes], ['pba', d.msixRegions.pba, pbaBytes]] as const) {
    check(off % 8 === 0, `msixRegions.${k}`, off, 'must be QW aligned (PCIe r6.0 §7.7.2.4)');
    check(off + len <= d.bars.msix.size, `msixRegions.${k}`, off, `+ ${len} bytes must lie inside the MSI-X BAR (${d.bars.msix.size} bytes)`);
  }
  check(d.msixRegions.table + tableBytes <= d.msixRegions.pba || d.msixRegions.pba + pbaBytes <= d.msixRegions.table, 'msixRegions.pba', d.msixRegions.pba, 'overlaps the MSI-X table');
  const caps = CAP_ORDER.map((k) => [k, d.capabilities[k]] as const);
  for (const [k, off] of caps) {
    check(off >= 0x40 && off % 4 === 0 && off + CAP_BYTES[k] <= 0x100, `capabilities.${k}`, off, `must be DW aligned in 0x40..0x${(0x100 - CAP_BYTES[k]).toString(16)} (PCI 3.0 §6.7)`);
    for (const [k2, off2] of caps) {
      if (k2 !== k && off < off2 + CAP_BYTES[k2] && off2 < off + CAP_BYTES[k]) check(false, `capabilities.${k}`, off, `overlaps capability ${k2} at 0x${off2.toString(16)}`);
    }
  }
  check((d.maxQueueSize & (d.maxQueueSize - 1)) === 0, 'maxQueueSize', d.maxQueueSize, 'must be a power of two (the split ring needs it; §2.7)');
  for (const f of Object.keys(d.features)) {
    check(f in OPTIONAL_FEATURE_DEFAULTS, `features.${f}`, d.features[f as OptionalFeatureName], `is not an optional feature this model knows (${Object.keys(OPTIONAL_FEATURE_DEFAULTS).join(', ')})`);
  }
}

/** The reference RTL's description (model/pci/reference-device.json). */
export const REFERENCE_DEVICE: DeviceDescription = parseDescription(reference);
