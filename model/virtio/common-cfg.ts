// The common configuration structure (virtio §4.1.4.3) as a data table: each field's offset,
// width, access and behaviour hook. CommonCfg owns the state behind it and serves byte-range
// accesses (see reg-table.ts for the partial/misaligned rules).

import type { Address } from '../dma/types.js';
import type { FunctionParams } from '../pci/layout.js';
import type { QueueSnapshot, RegEvent } from './events.js';
import { FeatureSet, VIRTIO_F_RING_RESET, validateDriverFeatures } from './features.js';
import { composeRead, isNatural, splitWrite, type RegField } from './reg-table.js';
import { DEVICE_STATUS, applyStatusWrite } from './status.js';

/** VIRTIO_MSI_NO_VECTOR (§4.1.5.1.2). */
export const NO_VECTOR = 0xffff;

/** Size of the structure; the rest of the common region (VIRTIO_REGIONS.common) is a hole. */
export const COMMON_CFG_SIZE = 0x40;

/** Per-queue registers, named as the fields that expose them. 64-bit fields as two 32-bit halves (§4.1.3.2). */
export interface QueueRegs {
  queue_size: number;
  queue_msix_vector: number;
  queue_enable: number;
  queue_desc_lo: number;
  queue_desc_hi: number;
  queue_driver_lo: number;
  queue_driver_hi: number;
  queue_device_lo: number;
  queue_device_hi: number;
}

type QueueAddrName = 'queue_desc_lo' | 'queue_desc_hi' | 'queue_driver_lo' | 'queue_driver_hi' | 'queue_device_lo' | 'queue_device_hi';
type DeviceRegName = 'device_feature_select' | 'driver_feature_select' | 'queue_select';

/** How a field behaves. `write` is absent for read-only hooks. */
interface Hook {
  read(c: CommonCfg, f: CommonField): number;
  write?(c: CommonCfg, f: CommonField, value: number): RegEvent[];
}

export interface CommonField extends RegField {
  readonly access: 'RW' | 'RO';
  /** 'queue' fields act on the queue chosen by queue_select. */
  readonly scope: 'device' | 'queue';
  readonly hook: Hook;
}

const ignored = (field: string, value: number, reason: string): RegEvent => ({ kind: 'ignored', region: 'common', field, value, reason });

// ---- hooks -------------------------------------------------------------------------------------

/** Plain latch of a device-scope register (selects). */
const latch: Hook = {
  read: (c, f) => c.regs[f.name as DeviceRegName],
  write: (c, f, v) => {
    c.regs[f.name as DeviceRegName] = v;
    return [];
  },
};

const constant = (value: (c: CommonCfg) => number): Hook => ({ read: (c) => value(c) });

/** device_feature: offered bits of window device_feature_select, 0 beyond bit 127 (§4.1.4.3.1). */
const deviceFeature: Hook = { read: (c) => c.offered.window(c.regs.device_feature_select) };

/**
 * driver_feature: mirrors what the driver wrote (the spec allows echoing invalid bits; they are
 * refused at FEATURES_OK). Ignored once FEATURES_OK is latched (checklist pitfall 23).
 */
const driverFeature: Hook = {
  read: (c) => c.driverFeatures.window(c.regs.driver_feature_select),
  write: (c, f, v) => {
    if (c.regs.device_status & DEVICE_STATUS.FEATURES_OK) return [ignored(f.name, v, 'FEATURES_OK already set')];
    const sel = c.regs.driver_feature_select;
    if (sel >= 4) return v === 0 ? [] : [ignored(f.name, v, `driver_feature_select ${sel} is beyond bit 127`)];
    c.driverFeatures.setWindow(sel, v);
    return [];
  },
};

/** Map a vector or answer NO_VECTOR if it is not in the MSI-X table (§4.1.5.1.2.1). */
function mapVector(c: CommonCfg, field: 'config_msix_vector' | 'queue_msix_vector', v: number, queue?: number): [number, RegEvent[]] {
  if (v === NO_VECTOR || v < c.params.msixVectors) return [v, []];
  const e: RegEvent = queue === undefined ? { kind: 'vectorRefused', field, vector: v } : { kind: 'vectorRefused', field, queue, vector: v };
  return [NO_VECTOR, [e]];
}

const configMsixVector: Hook = {
  read: (c) => c.regs.config_msix_vector,
  write: (c, _f, v) => {
    const [mapped, ev] = mapVector(c, 'config_msix_vector', v);
    c.regs.config_msix_vector = mapped;
    return ev;
  },
};

const deviceStatus: Hook = {
  read: (c) => c.regs.device_status,
  write: (c, _f, v) => c.writeStatus(v),
};

/**
 * Queue-scope hook: `read`/`write` get the selected queue's registers. An absent queue
 * (queue_select >= num_queues) reads `absent` and ignores writes.
 */
function perQueue(absent: number, read: (q: QueueRegs, c: CommonCfg) => number, write?: (q: QueueRegs, c: CommonCfg, f: CommonField, v: number) => RegEvent[]): Hook {
  return {
    read: (c) => {
      const q = c.selected();
      return q ? read(q, c) : absent;
    },
    write: write
      ? (c, f, v) => {
          const q = c.selected();
          if (!q) return [ignored(f.name, v, `queue_select ${c.regs.queue_select} names no queue`)];
          return write(q, c, f, v);
        }
      : undefined,
  };
}

/** Fields the driver programs before queue_enable; frozen while the queue is enabled (§4.1.4.3.2). */
function frozenWhileEnabled(q: QueueRegs, f: CommonField, v: number): RegEvent[] | null {
  return q.queue_enable ? [ignored(f.name, v, 'queue is enabled; reset the queue or the device first')] : null;
}

/** queue_size: reset = maxQueueSize; driver may lower it to 1..max (packed: any size, §2.8). */
const queueSize = perQueue(
  0, // §4.1.4.3.1: 0 for an unavailable queue
  (q) => q.queue_size,
  (q, c, f, v) => {
    const frozen = frozenWhileEnabled(q, f, v);
    if (frozen) return frozen;
    if (v === 0 || v > c.params.maxQueueSize) return [ignored(f.name, v, `must be 1..${c.params.maxQueueSize}`)];
    q.queue_size = v; // visible on the next read (checklist pitfall 13)
    return [];
  },
);

const queueMsixVector = perQueue(
  NO_VECTOR,
  (q) => q.queue_msix_vector,
  (q, c, _f, v) => {
    const [mapped, ev] = mapVector(c, 'queue_msix_vector', v, c.regs.queue_select);
    q.queue_msix_vector = mapped;
    return ev;
  },
);

/** queue_enable: 0 after reset; 1 makes the queue live. The driver MUST NOT write 0 (§4.1.4.3.2). */
const queueEnable = perQueue(
  0,
  (q) => q.queue_enable,
  (q, c, f, v) => {
    if (v !== 1) return [ignored(f.name, v, 'only 1 may be written (§4.1.4.3.2)')];
    if (q.queue_enable) return [ignored(f.name, v, 'queue already enabled')];
    q.queue_enable = 1;
    const index = c.regs.queue_select;
    const config = c.queue(index)!;
    return [{ kind: 'queueEnable', queue: index, config }, ...checkAddresses(config)];
  },
);

/** Packed ring alignment (§2.8.10.1): descriptor ring 16, event suppression areas 4. */
function checkAddresses(s: QueueSnapshot): RegEvent[] {
  const out: RegEvent[] = [];
  const rules: [field: 'queue_desc' | 'queue_driver' | 'queue_device', addr: Address, align: number][] = [
    ['queue_desc', s.desc, 16],
    ['queue_driver', s.driver, 4],
    ['queue_device', s.device, 4],
  ];
  for (const [field, address, align] of rules) {
    // Any 64-bit address is legal (§4.1.4.3: le64); the alignment divides 2^32, so the low bits decide.
    const low = typeof address === 'number' ? address % 0x1_0000_0000 : Number(address & 0xffff_ffffn);
    if (low % align !== 0) out.push({ kind: 'badQueueAddress', queue: s.index, field, address, reason: `not ${align}-byte aligned (§2.8.10.1)` });
  }
  return out;
}

function queueAddressHook(name: QueueAddrName): Hook {
  return perQueue(
    0,
    (q) => q[name],
    (q, _c, f, v) => {
      const frozen = frozenWhileEnabled(q, f, v);
      if (frozen) return frozen;
      q[name] = v;
      return [];
    },
  );
}

/** queue_notify_off = queue index (notify slot q at q * NOTIFY_OFF_MULTIPLIER, §4.1.4.4). */
const queueNotifyOff = perQueue(0, (_q, c) => c.regs.queue_select);

/**
 * queue_reset (§4.1.4.3.1, §2.6.1): only with VIRTIO_F_RING_RESET negotiated. Writing 1 resets the
 * queue at once, so the field never reads 1 and queue_enable reads 0 right after.
 */
const queueReset = perQueue(
  0,
  () => 0,
  (q, c, f, v) => {
    if (!c.negotiated.has(VIRTIO_F_RING_RESET)) return [ignored(f.name, v, 'VIRTIO_F_RING_RESET not negotiated')];
    if (v !== 1) return [ignored(f.name, v, 'only 1 starts a queue reset')];
    c.resetQueue(q);
    return [{ kind: 'queueReset', queue: c.regs.queue_select }];
  },
);

// ---- the table ---------------------------------------------------------------------------------

const def = (name: string, offset: number, width: 1 | 2 | 4, access: 'RW' | 'RO', scope: 'device' | 'queue', hook: Hook): CommonField =>
  Object.freeze({ name, offset, width, access, scope, hook });

/** struct virtio_pci_common_cfg (§4.1.4.3), sorted by offset. */
export const COMMON_CFG_FIELDS: readonly CommonField[] = Object.freeze([
  def('device_feature_select', 0x00, 4, 'RW', 'device', latch),
  def('device_feature', 0x04, 4, 'RO', 'device', deviceFeature),
  def('driver_feature_select', 0x08, 4, 'RW', 'device', latch),
  def('driver_feature', 0x0c, 4, 'RW', 'device', driverFeature),
  def('config_msix_vector', 0x10, 2, 'RW', 'device', configMsixVector),
  def('num_queues', 0x12, 2, 'RO', 'device', constant((c) => c.numQueues)),
  def('device_status', 0x14, 1, 'RW', 'device', deviceStatus),
  def('config_generation', 0x15, 1, 'RO', 'device', constant((c) => c.regs.config_generation)),
  def('queue_select', 0x16, 2, 'RW', 'device', latch),
  def('queue_size', 0x18, 2, 'RW', 'queue', queueSize),
  def('queue_msix_vector', 0x1a, 2, 'RW', 'queue', queueMsixVector),
  def('queue_enable', 0x1c, 2, 'RW', 'queue', queueEnable),
  def('queue_notify_off', 0x1e, 2, 'RO', 'queue', queueNotifyOff),
  def('queue_desc_lo', 0x20, 4, 'RW', 'queue', queueAddressHook('queue_desc_lo')),
  def('queue_desc_hi', 0x24, 4, 'RW', 'queue', queueAddressHook('queue_desc_hi')),
  def('queue_driver_lo', 0x28, 4, 'RW', 'queue', queueAddressHook('queue_driver_lo')),
  def('queue_driver_hi', 0x2c, 4, 'RW', 'queue', queueAddressHook('queue_driver_hi')),
  def('queue_device_lo', 0x30, 4, 'RW', 'queue', queueAddressHook('queue_device_lo')),
  def('queue_device_hi', 0x34, 4, 'RW', 'queue', queueAddressHook('queue_device_hi')),
  // VIRTIO_F_NOTIF_CONFIG_DATA is never offered, so the field does not exist: reads 0.
  def('queue_notif_config_data', 0x38, 2, 'RO', 'queue', perQueue(0, () => 0)),
  def('queue_reset', 0x3a, 2, 'RW', 'queue', queueReset),
  // VIRTIO_F_ADMIN_VQ is never offered: no admin queues (§4.1.4.3 "valid only if negotiated").
  def('admin_queue_index', 0x3c, 2, 'RO', 'device', constant(() => 0)),
  def('admin_queue_num', 0x3e, 2, 'RO', 'device', constant(() => 0)),
]);

// ---- state -------------------------------------------------------------------------------------

function resetQueueRegs(q: QueueRegs, maxQueueSize: number): void {
  q.queue_size = maxQueueSize;
  q.queue_msix_vector = NO_VECTOR;
  q.queue_enable = 0;
  q.queue_desc_lo = q.queue_desc_hi = 0;
  q.queue_driver_lo = q.queue_driver_hi = 0;
  q.queue_device_lo = q.queue_device_hi = 0;
}

/** A 64-bit queue address from its halves: a number while exact (below 2^53), else the bigint. */
const hiLo = (hi: number, lo: number): Address => (hi < 0x20_0000 ? hi * 0x1_0000_0000 + lo : (BigInt(hi) << 32n) | BigInt(lo));

export class CommonCfg {
  /** Device-scope registers. */
  readonly regs = {
    device_feature_select: 0,
    driver_feature_select: 0,
    config_msix_vector: NO_VECTOR,
    device_status: 0,
    config_generation: 0,
    queue_select: 0,
  };
  /** driver_feature as written (all four windows). */
  readonly driverFeatures = new FeatureSet();
  /** Set frozen at FEATURES_OK; empty while FEATURES_OK is clear. */
  negotiated = new FeatureSet();
  readonly queues: QueueRegs[];

  constructor(
    readonly params: Readonly<FunctionParams>,
    readonly offered: FeatureSet,
    readonly numQueues: number,
  ) {
    this.queues = Array.from({ length: numQueues }, () => {
      const q = {} as QueueRegs;
      resetQueueRegs(q, params.maxQueueSize);
      return q;
    });
  }

  selected(): QueueRegs | undefined {
    return this.queues[this.regs.queue_select];
  }

  queue(index: number): QueueSnapshot | undefined {
    const q = this.queues[index];
    if (!q) return undefined;
    return {
      index,
      size: q.queue_size,
      enabled: q.queue_enable === 1,
      desc: hiLo(q.queue_desc_hi, q.queue_desc_lo),
      driver: hiLo(q.queue_driver_hi, q.queue_driver_lo),
      device: hiLo(q.queue_device_hi, q.queue_device_lo),
      msixVector: q.queue_msix_vector,
      notifyOff: index,
    };
  }

  resetQueue(q: QueueRegs): void {
    resetQueueRegs(q, this.params.maxQueueSize);
  }

  /**
   * Device reset (§2.4, §4.1.4.3.1): status, features, selects, MSI-X mappings and every queue
   * back to reset values. config_generation is kept (it only ever moves forward).
   */
  reset(): void {
    this.regs.device_feature_select = 0;
    this.regs.driver_feature_select = 0;
    this.regs.config_msix_vector = NO_VECTOR;
    this.regs.device_status = 0;
    this.regs.queue_select = 0;
    this.driverFeatures.clear();
    this.negotiated = new FeatureSet();
    for (const q of this.queues) resetQueueRegs(q, this.params.maxQueueSize);
  }

  writeStatus(v: number): RegEvent[] {
    const from = this.regs.device_status;
    if (v === 0) {
      this.reset();
      return from === 0 ? [{ kind: 'reset' }] : [{ kind: 'status', from, to: 0 }, { kind: 'reset' }];
    }
    const w = applyStatusWrite(from, v, () => validateDriverFeatures(this.driverFeatures, this.offered));
    this.regs.device_status = w.value;
    if (w.featuresOkLatched) {
      this.negotiated = this.driverFeatures.clone();
      w.events.push({ kind: 'featuresOk', features: this.negotiated.clone() });
    } else if (!(w.value & DEVICE_STATUS.FEATURES_OK)) {
      this.negotiated = new FeatureSet();
    }
    return w.events;
  }

  /** Serve a read; no side effects in this structure. */
  read(offset: number, size: number): number {
    return composeRead(COMMON_CFG_FIELDS, offset, size, (fld) => fld.hook.read(this, fld));
  }

  /** Serve a write: whole fields in ascending offset order; partly covered fields are not written. */
  write(offset: number, size: number, value: number): RegEvent[] {
    const events: RegEvent[] = [];
    if (!isNatural(offset, size)) events.push({ kind: 'misaligned', region: 'common', offset, size });
    const split = splitWrite(COMMON_CFG_FIELDS, offset, size, value);
    for (const fld of split.partial) events.push({ kind: 'partialWrite', region: 'common', field: fld.name, offset, size });
    if (split.hole) events.push({ kind: 'unmapped', region: 'common', offset, size });
    for (const { field, value: v } of split.whole) {
      if (field.access === 'RO' || !field.hook.write) events.push({ kind: 'readOnly', region: 'common', field: field.name, value: v });
      else events.push(...field.hook.write(this, field, v));
    }
    return events;
  }

  bumpGeneration(): void {
    this.regs.config_generation = (this.regs.config_generation + 1) & 0xff;
  }
}
