// VirtioPciRegs: the virtio-pci register block of the function's BAR0 (virtio §4.1.4), at
// register level. model/function decodes MRd/MWr TLPs to (region, offset, size) and calls
// read/write; the returned events tell it what to do (reset the datapath, kick a queue, ...).

import { DEFAULT_PARAMS, layoutOf, type DeviceLayout, type FunctionParams } from '../pci/layout.js';
import { COMMON_CFG_FIELDS, CommonCfg } from './common-cfg.js';
import { VirtioParamError } from './errors.js';
import type { QueueSnapshot, RegEvent, Region, WriteResult } from './events.js';
import {
  FeatureSet,
  VIRTIO_F_NOTIFICATION_DATA,
  VIRTIO_NET_F_CTRL_VQ,
  VIRTIO_NET_F_STATUS,
  buildOfferedFeatures,
  type FeatureOptions,
} from './features.js';
import { ISR_CONFIG, IsrStatus } from './isr.js';
import { NET_CONFIG_FIELDS, NetConfig, VIRTIO_NET_S_ANNOUNCE, VIRTIO_NET_S_LINK_UP, type NetConfigOptions } from './net-config.js';
import { decodeNotify } from './notify.js';
import { checkAccess, checkValue, composeRead, isNatural, splitWrite, type AccessSize } from './reg-table.js';
import { DEVICE_STATUS } from './status.js';

export interface VirtioOptions extends NetConfigOptions {
  /** Which optional features to offer (defaults: OPTIONAL_FEATURE_DEFAULTS). Giving `mtu` offers VIRTIO_NET_F_MTU unless set false here. */
  features?: FeatureOptions;
}

/** Result of a device-side configuration change. */
export interface ConfigChange {
  /** config_generation after the change. */
  generation: number;
  /**
   * A configuration-change notification is due (DRIVER_OK is set; checklist pitfall 25). ISR bit 1
   * is already set (§4.1.4.5.1); the function sends config_msix_vector or asserts INTx.
   */
  notify: boolean;
}


function checkParams(p: FunctionParams): void {
  const l = layoutOf(p);
  // Largest queue-pair count whose 2N+1 notify slots (2 bytes each) fit the notify region (§4.1.4.4).
  const mult = l.notifyOffMultiplier;
  const maxPairs = mult === 0 ? 0x7fff : Math.floor(((l.virtioRegions.notify.length - 2) / mult) / 2);
  if (!Number.isInteger(p.numQueuePairs) || p.numQueuePairs < 1 || p.numQueuePairs > maxPairs) {
    throw new VirtioParamError('numQueuePairs', p.numQueuePairs, `must be 1..${maxPairs} (the notify region holds ${l.virtioRegions.notify.length} bytes, notify_off_multiplier ${mult})`);
  }
  const m = p.maxQueueSize;
  if (!Number.isInteger(m) || m < 1 || m > 32768 || (m & (m - 1)) !== 0) {
    throw new VirtioParamError('maxQueueSize', m, 'must be a power of two 1..32768 (§2.8, checklist pitfall 11)');
  }
  if (!Number.isInteger(p.msixVectors) || p.msixVectors < 1 || p.msixVectors > 0x800) {
    throw new VirtioParamError('msixVectors', p.msixVectors, 'must be 1..2048 (§4.1.5.1.2)');
  }
}

export class VirtioPciRegs {
  readonly params: Readonly<FunctionParams>;
  private readonly offered: FeatureSet;
  private readonly common: CommonCfg;
  private readonly isr = new IsrStatus();
  private readonly net: NetConfig;
  private needsResetWhy: string | null = null;
  private readonly layout: DeviceLayout;

  constructor(params: FunctionParams = DEFAULT_PARAMS, options: VirtioOptions = {}) {
    checkParams(params);
    this.layout = layoutOf(params);
    this.params = Object.freeze({ ...params });
    const features: FeatureOptions = { ...options.features };
    if (options.mtu !== undefined && features.VIRTIO_NET_F_MTU === undefined) features.VIRTIO_NET_F_MTU = true;
    this.offered = buildOfferedFeatures(params, features);
    // Queues 2k / 2k+1 = receiveq(k+1) / transmitq(k+1); controlq last (§5.1.2).
    const numQueues = 2 * params.numQueuePairs + (this.offered.has(VIRTIO_NET_F_CTRL_VQ) ? 1 : 0);
    this.common = new CommonCfg(this.params, this.offered, numQueues);
    this.net = new NetConfig(this.offered, params.numQueuePairs, options);
  }

  // ---- driver side (BAR accesses) ------------------------------------------------------------

  read(region: Region, offset: number, size: AccessSize): number {
    return this.readDetailed(region, offset, size).value;
  }

  /** A read plus informational events (misaligned, unmapped). Reads have no side effect except ISR. */
  readDetailed(region: Region, offset: number, size: AccessSize): { value: number; events: RegEvent[] } {
    checkAccess(region, offset, size, this.layout.virtioRegions[region].length);
    const events: RegEvent[] = [];
    if (!isNatural(offset, size)) events.push({ kind: 'misaligned', region, offset, size });
    let value = 0;
    switch (region) {
      case 'common':
        value = this.common.read(offset, size);
        this.noteHoles(region, splitWrite(COMMON_CFG_FIELDS, offset, size, 0).hole, offset, size, events);
        break;
      case 'device':
        value = composeRead(NET_CONFIG_FIELDS, offset, size, (f) => this.net.fieldValue(f));
        this.noteHoles(region, splitWrite(NET_CONFIG_FIELDS, offset, size, 0).hole, offset, size, events);
        break;
      case 'isr':
        if (offset === 0) value = this.isr.readAndClear();
        else events.push({ kind: 'unmapped', region, offset, size });
        break;
      case 'notify':
        break; // reads of the notify region have no meaning; 0
    }
    return { value, events };
  }

  write(region: Region, offset: number, size: AccessSize, value: number): WriteResult {
    checkAccess(region, offset, size, this.layout.virtioRegions[region].length);
    checkValue(region, size, value);
    switch (region) {
      case 'common': {
        const events = this.common.write(offset, size, value);
        if (events.some((e) => e.kind === 'reset')) this.afterDeviceReset();
        return events;
      }
      case 'notify':
        return decodeNotify(offset, size, value, this.common.numQueues, this.common.negotiated.has(VIRTIO_F_NOTIFICATION_DATA), this.layout.notifyOffMultiplier);
      case 'isr': {
        const events: RegEvent[] = isNatural(offset, size) ? [] : [{ kind: 'misaligned', region, offset, size }];
        events.push(offset === 0 ? { kind: 'readOnly', region, field: 'isr_status', value: value & 0xff } : { kind: 'unmapped', region, offset, size });
        return events;
      }
      case 'device': {
        const events: RegEvent[] = isNatural(offset, size) ? [] : [{ kind: 'misaligned', region, offset, size }];
        const split = splitWrite(NET_CONFIG_FIELDS, offset, size, value);
        for (const { field, value: v } of split.whole) events.push({ kind: 'readOnly', region, field: field.name, value: v });
        for (const field of split.partial) events.push({ kind: 'readOnly', region, field: field.name, value });
        if (split.hole) events.push({ kind: 'unmapped', region, offset, size });
        return events;
      }
    }
  }

  // ---- device side ---------------------------------------------------------------------------

  /** OR bits into ISR status (ISR_QUEUE / ISR_CONFIG). */
  setIsr(bits: number): void {
    this.isr.set(bits);
  }

  /**
   * Link state change (net §5.1.4, checklist §5.9). Returns null if nothing driver-visible changed
   * (same state, or VIRTIO_NET_F_STATUS not offered so the field does not exist).
   */
  setLinkUp(up: boolean): ConfigChange | null {
    const changed = this.net.setStatusBit(VIRTIO_NET_S_LINK_UP, up);
    return changed && this.offered.has(VIRTIO_NET_F_STATUS) ? this.configChanged() : null;
  }

  /** VIRTIO_NET_S_ANNOUNCE (set on the device side, cleared when the ctrl vq handles ANNOUNCE_ACK). */
  setAnnounce(on: boolean): ConfigChange | null {
    const changed = this.net.setStatusBit(VIRTIO_NET_S_ANNOUNCE, on);
    return changed && this.offered.has(VIRTIO_NET_F_STATUS) ? this.configChanged() : null;
  }

  /** mac change (VIRTIO_NET_CTRL_MAC_ADDR_SET, §5.1.9.5.2). Returns null if unchanged. */
  setMac(mac: ArrayLike<number>): ConfigChange | null {
    return this.net.setMac(mac) ? this.configChanged() : null;
  }

  /**
   * Unrecoverable device error (§2.1.2): set DEVICE_NEEDS_RESET and remember why. If DRIVER_OK is
   * set a configuration-change notification is due (`notify`, ISR bit 1 set). Only the first reason
   * is kept; a second call returns notify=false.
   */
  setNeedsReset(reason: string): { notify: boolean } {
    if (this.needsResetWhy !== null) return { notify: false };
    this.needsResetWhy = reason;
    this.common.regs.device_status |= DEVICE_STATUS.DEVICE_NEEDS_RESET;
    return { notify: this.raiseConfigInterrupt() };
  }

  /** PCI-level reset (power-on, FLR, hot reset): device reset plus config_generation = 0. */
  powerOnReset(): void {
    this.common.reset();
    this.common.regs.config_generation = 0;
    this.afterDeviceReset();
  }

  // ---- getters for the datapath --------------------------------------------------------------

  get numQueues(): number {
    return this.common.numQueues;
  }
  queue(index: number): QueueSnapshot | undefined {
    return this.common.queue(index);
  }
  queues(): QueueSnapshot[] {
    return Array.from({ length: this.common.numQueues }, (_, i) => this.common.queue(i)!);
  }
  get offeredFeatures(): FeatureSet {
    return this.offered.clone();
  }
  /** Negotiated set (frozen at FEATURES_OK); empty before. */
  get negotiatedFeatures(): FeatureSet {
    return this.common.negotiated.clone();
  }
  hasFeature(bit: number): boolean {
    return this.common.negotiated.has(bit);
  }
  get deviceStatus(): number {
    return this.common.regs.device_status;
  }
  get featuresOk(): boolean {
    return (this.common.regs.device_status & DEVICE_STATUS.FEATURES_OK) !== 0;
  }
  get driverOk(): boolean {
    return (this.common.regs.device_status & DEVICE_STATUS.DRIVER_OK) !== 0;
  }
  get needsReset(): boolean {
    return (this.common.regs.device_status & DEVICE_STATUS.DEVICE_NEEDS_RESET) !== 0;
  }
  get needsResetReason(): string | null {
    return this.needsResetWhy;
  }
  get configMsixVector(): number {
    return this.common.regs.config_msix_vector;
  }
  get configGeneration(): number {
    return this.common.regs.config_generation;
  }
  /** ISR status without the read side effect. INTx level = isrStatus != 0 && MSI-X off && !Interrupt Disable (function's job). */
  get isrStatus(): number {
    return this.isr.peek();
  }
  get linkUp(): boolean {
    return this.net.linkUp;
  }
  get mac(): Uint8Array {
    return this.net.mac.slice();
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * config_generation rule (§4.1.4.3.1, checklist §1.5): incremented (mod 256) on every device
   * configuration change, at the moment of the change (QEMU's rule). It is not touched by a
   * device reset; a PCI reset sets it to 0.
   */
  private configChanged(): ConfigChange {
    this.common.bumpGeneration();
    return { generation: this.common.regs.config_generation, notify: this.raiseConfigInterrupt() };
  }

  /** Config-change interrupts only while DRIVER_OK (checklist pitfall 25); ISR bit 1 first (§4.1.4.5.1). */
  private raiseConfigInterrupt(): boolean {
    if (!this.driverOk) return false;
    this.isr.set(ISR_CONFIG);
    return true;
  }

  private afterDeviceReset(): void {
    this.isr.clear();
    this.net.reset();
    this.needsResetWhy = null;
  }

  private noteHoles(region: Region, hole: boolean, offset: number, size: number, events: RegEvent[]): void {
    if (hole) events.push({ kind: 'unmapped', region, offset, size });
  }
}
