// A register-level bring-up of the virtio-net function, as a host and a Linux-like driver would do
// it: enumerate, size and assign BARs, enable memory + bus mastering, then the virtio driver
// initialisation sequence (virtio §3.1.1) with MSI-X vectors. Every request goes through
// VirtioNetFunction.handleRequest as a TLP; the trace records each request and its completion
// (`->` request, `<-` completion, `<=` TLP the function sends, `==` INTx, `**` virtio event, `!!` log).

import { VirtioNetFunction } from '../model/function/function.js';
import { DEFAULT_PARAMS, layoutOf, type FunctionParams } from '../model/pci/layout.js';
import { cfgRd0, cfgWr0, mrd, mwr } from '../model/tlp/build.js';
import { describeTlp } from '../model/tlp/describe.js';
import type { Tlp } from '../model/tlp/types.js';
import { dwordsHex } from '../model/util/hex.js';

/** Where the host puts the function: bus 1, device 0 (behind root port 00:01.0). */
export const DEVICE_ID = 0x0100;
const ROOT_PORT_ID = 0x0008;
/** Addresses the host assigns (32-bit window below 4 GiB: non-prefetchable BARs). */
export const BAR_ADDRESSES: Record<number, number> = { 0: 0xfe00_0000, 2: 0xfe00_4000 };
const MSI_ADDRESS = 0xfee0_0000; // x86 local APIC message address
const MSI_DATA_BASE = 0x4020;
const QUEUE0 = { desc: 0x1_0000_0000, driver: 0x1_0000_1000, device: 0x1_0000_2000 };

// Common configuration offsets (virtio §4.1.4.3).
const CC = {
  device_feature_select: 0x00, device_feature: 0x04, driver_feature_select: 0x08, driver_feature: 0x0c,
  config_msix_vector: 0x10, num_queues: 0x12, device_status: 0x14, queue_select: 0x16, queue_size: 0x18,
  queue_msix_vector: 0x1a, queue_enable: 0x1c, queue_notify_off: 0x1e, queue_desc: 0x20, queue_driver: 0x28,
  queue_device: 0x30,
} as const;
// device_status bits (virtio §2.1).
const ACKNOWLEDGE = 0x01;
const DRIVER = 0x02;
const DRIVER_OK = 0x04;
const FEATURES_OK = 0x08;

export class BringUpError extends Error {
  constructor(step: string, value: number, why: string) {
    super(`bring-up: ${step} = 0x${value.toString(16)}: ${why}`);
    this.name = 'BringUpError';
  }
}

function dataHex(t: Tlp): string {
  if (t.data.length === 0) return '';
  return ` data=${dwordsHex(t.data).join(' ')}`;
}

/** The host side: issues TLPs to the function, keeps a trace. */
export class HostDriver {
  readonly trace: string[] = [];
  private tag = 0;

  constructor(readonly fn: VirtioNetFunction) {}

  note(text: string): void {
    this.trace.push(`# ${text}`);
  }

  private send(req: Tlp): Tlp | null {
    const cpl = this.fn.handleRequest(req);
    this.trace.push(`-> ${describeTlp(req)}${dataHex(req)}`);
    if (cpl) this.trace.push(`<- ${describeTlp(cpl)}${dataHex(cpl)}`);
    for (const e of this.fn.drainEvents()) {
      if (e.kind === 'tlp') this.trace.push(`<= ${describeTlp(e.tlp)}${dataHex(e.tlp)}`);
      else if (e.kind === 'intx') this.trace.push(`== INTA level ${e.level ? 1 : 0}`);
      else if (e.kind === 'log') this.trace.push(`!! ${e.name} ${e.detail}`);
      else if (e.kind === 'virtio') this.trace.push(`** virtio ${e.event.kind}${'queue' in e.event ? ` queue ${e.event.queue}` : ''}`);
    }
    return cpl;
  }

  private nextTag(): number {
    this.tag = (this.tag + 1) & 0xff;
    return this.tag;
  }

  cfgRead(register: number): number {
    const c = this.send(cfgRd0({ requesterId: ROOT_PORT_ID, tag: this.nextTag(), targetId: DEVICE_ID, register }));
    if (!c || c.kind !== 'CplD') throw new BringUpError('CfgRd0 register', register, 'no CplD');
    return new DataView(c.data.buffer, c.data.byteOffset).getUint32(0, true);
  }

  cfgWrite(register: number, value: number, firstBe = 0xf): void {
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, value >>> 0, true);
    const c = this.send(cfgWr0({ requesterId: ROOT_PORT_ID, tag: this.nextTag(), targetId: DEVICE_ID, register, firstBe, data }));
    if (!c || c.status !== 0) throw new BringUpError('CfgWr0 register', register, 'not completed successfully');
  }

  /** Naturally aligned read of 1, 2 or 4 bytes. */
  memRead(address: number, size: 1 | 2 | 4): number {
    const lane = address & 3;
    const c = this.send(mrd({ address: address - lane, length: 1, requesterId: ROOT_PORT_ID, tag: this.nextTag(), firstBe: ((1 << size) - 1) << lane }));
    if (!c || c.kind !== 'CplD') throw new BringUpError('MRd address', address, 'no CplD');
    const dw = new DataView(c.data.buffer, c.data.byteOffset).getUint32(0, true);
    return size === 4 ? dw : (dw >>> (8 * lane)) & ((1 << (8 * size)) - 1);
  }

  memWrite(address: number, size: 1 | 2 | 4, value: number): void {
    const lane = address & 3;
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, (value << (8 * lane)) >>> 0, true);
    this.send(mwr({ address: address - lane, data, requesterId: ROOT_PORT_ID, firstBe: ((1 << size) - 1) << lane }));
  }

  /** 64-bit register as two 32-bit halves, low first (virtio §4.1.3.1). */
  memWrite64(address: number, value: number): void {
    this.memWrite(address, 4, value % 0x1_0000_0000);
    this.memWrite(address + 4, 4, Math.floor(value / 0x1_0000_0000));
  }
}

export interface BringUpResult {
  fn: VirtioNetFunction;
  host: HostDriver;
  /** Size of each BAR slot found by sizing (0 = not implemented). */
  barSizes: number[];
  deviceFeatures: number[];
  driverFeatures: number[];
}

/** PCI enumeration: IDs, BAR sizing (PCI Local Bus 3.0 §6.2.5.1), address assignment, capability walk, enables. */
function enumerate(host: HostDriver, params: FunctionParams): number[] {
  host.note('enumerate: Vendor/Device ID, Class Code, Header Type');
  const ids = host.cfgRead(0x00);
  if ((ids & 0xffff) === 0xffff) throw new BringUpError('Vendor ID', ids & 0xffff, 'no function');
  host.cfgRead(0x08);
  host.cfgRead(0x0c);

  host.note('size BARs: write all-ones, read back, restore');
  const raw: number[] = [];
  for (let i = 0; i < 6; i++) {
    const reg = 0x10 + 4 * i;
    const orig = host.cfgRead(reg);
    host.cfgWrite(reg, 0xffff_ffff);
    raw.push(host.cfgRead(reg));
    host.cfgWrite(reg, orig);
  }
  const sizes = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 6; i++) {
    const lo = raw[i];
    if (lo === 0) continue;
    if ((lo & 0x6) === 0x4) {
      // 64-bit: size from the combined mask (upper half all-ones here: size < 4 GiB)
      sizes[i] = (~(lo & ~0xf) >>> 0) + 1;
      i++;
    } else {
      sizes[i] = (~(lo & ~0xf) >>> 0) + 1;
    }
  }

  host.note('assign BAR addresses');
  for (const b of [layoutOf(params).bars.virtio, layoutOf(params).bars.msix]) {
    const addr = BAR_ADDRESSES[b.index];
    if (addr % sizes[b.index] !== 0) throw new BringUpError(`BAR${b.index} address`, addr, 'not aligned to its size');
    host.cfgWrite(0x10 + 4 * b.index, addr % 0x1_0000_0000);
    host.cfgWrite(0x14 + 4 * b.index, Math.floor(addr / 0x1_0000_0000));
  }

  host.note('walk the capability list from 0x34');
  let ptr = host.cfgRead(0x34) & 0xfc;
  for (let guard = 0; ptr !== 0 && guard < 48; guard++) ptr = (host.cfgRead(ptr) >>> 8) & 0xfc;

  host.note('Command: Memory Space Enable + Bus Master Enable');
  host.cfgWrite(0x04, 0x0006, 0x3);
  return sizes;
}

/** The virtio driver initialisation sequence (virtio §3.1.1) plus MSI-X set-up (§4.1.5.1.2). */
function initialiseVirtio(host: HostDriver, params: FunctionParams): { deviceFeatures: number[]; driverFeatures: number[] } {
  const l = layoutOf(params);
  const common = BAR_ADDRESSES[l.bars.virtio.index] + l.virtioRegions.common.offset;
  const msixTable = BAR_ADDRESSES[l.bars.msix.index] + l.msixRegions.table;
  host.note('reset the device (device_status = 0), wait for 0');
  host.memWrite(common + CC.device_status, 1, 0);
  if (host.memRead(common + CC.device_status, 1) !== 0) throw new BringUpError('device_status', 0, 'reset did not complete');
  host.note('ACKNOWLEDGE, DRIVER');
  host.memWrite(common + CC.device_status, 1, ACKNOWLEDGE);
  host.memWrite(common + CC.device_status, 1, ACKNOWLEDGE | DRIVER);

  host.note('read device features, every select window');
  const deviceFeatures: number[] = [];
  for (let sel = 0; sel < 4; sel++) {
    host.memWrite(common + CC.device_feature_select, 4, sel);
    deviceFeatures.push(host.memRead(common + CC.device_feature, 4));
  }
  host.note('write driver features (accept everything offered)');
  const driverFeatures = deviceFeatures.slice();
  for (let sel = 0; sel < 4; sel++) {
    host.memWrite(common + CC.driver_feature_select, 4, sel);
    host.memWrite(common + CC.driver_feature, 4, driverFeatures[sel]);
  }
  host.note('FEATURES_OK, re-read it');
  host.memWrite(common + CC.device_status, 1, ACKNOWLEDGE | DRIVER | FEATURES_OK);
  const st = host.memRead(common + CC.device_status, 1);
  if (!(st & FEATURES_OK)) throw new BringUpError('device_status', st, 'FEATURES_OK not accepted');

  host.note('MSI-X: enable with Function Mask, program the table, unmask');
  const mc = l.capabilities.msix;
  host.cfgWrite(mc, 0xc000_0000, 0xc);
  for (let v = 0; v < params.msixVectors; v++) {
    host.memWrite(msixTable + 16 * v + 0, 4, MSI_ADDRESS);
    host.memWrite(msixTable + 16 * v + 4, 4, 0);
    host.memWrite(msixTable + 16 * v + 8, 4, MSI_DATA_BASE + v);
    host.memWrite(msixTable + 16 * v + 12, 4, 0);
  }
  host.cfgWrite(mc, 0x8000_0000, 0xc);

  host.note('config_msix_vector = 0');
  host.memWrite(common + CC.config_msix_vector, 2, 0);
  host.memRead(common + CC.config_msix_vector, 2);

  host.note('queue 0: select, size, vector 1, ring addresses, enable');
  host.memRead(common + CC.num_queues, 2);
  host.memWrite(common + CC.queue_select, 2, 0);
  const size = host.memRead(common + CC.queue_size, 2);
  if (size === 0) throw new BringUpError('queue_size', size, 'queue 0 does not exist');
  host.memRead(common + CC.queue_notify_off, 2);
  host.memWrite(common + CC.queue_msix_vector, 2, 1);
  host.memRead(common + CC.queue_msix_vector, 2);
  host.memWrite64(common + CC.queue_desc, QUEUE0.desc);
  host.memWrite64(common + CC.queue_driver, QUEUE0.driver);
  host.memWrite64(common + CC.queue_device, QUEUE0.device);
  host.memWrite(common + CC.queue_enable, 2, 1);

  host.note('DRIVER_OK');
  host.memWrite(common + CC.device_status, 1, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
  host.memRead(common + CC.device_status, 1);
  return { deviceFeatures, driverFeatures };
}

/** Runs the full bring-up on a fresh function and returns it with the trace. */
export function bringUp(params: FunctionParams = DEFAULT_PARAMS): BringUpResult {
  const fn = new VirtioNetFunction(params);
  const host = new HostDriver(fn);
  const barSizes = enumerate(host, params);
  const { deviceFeatures, driverFeatures } = initialiseVirtio(host, params);
  return { fn, host, barSizes, deviceFeatures, driverFeatures };
}
