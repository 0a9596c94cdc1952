// Config-space and memory-space accesses as a root port issues them: CfgRd0/CfgWr0 and MRd/MWr
// TLPs through a DeviceUnderTest, completions checked (PCIe r6.0 §2.2.9). Sub-DW accesses use
// First DW BE (§2.2.5).

import { byteEnables, cfgRd0, cfgWr0, mrd, mwr } from '../../model/tlp/build.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { DriverError, type DeviceUnderTest } from './dut.js';

export class PciAccess {
  private tag = 0;
  /** Root port's Requester ID (bus 0, device 0, function 0). */
  readonly requesterId = 0x0000;

  constructor(
    readonly dut: DeviceUnderTest,
    /** Bus/Device/Function of the virtio function. */
    readonly targetId = 0x0100,
  ) {}

  private nextTag(): number {
    this.tag = (this.tag + 1) & 0xff;
    return this.tag;
  }

  private expectCpl(req: Tlp, withData: boolean): Tlp {
    const c = this.dut.request(req);
    if (!c) throw new DriverError(req.kind, req.kind === 'MRd' ? `0x${req.address.toString(16)}` : req.register, 'got no completion');
    if (c.tag !== req.tag) throw new DriverError('Tag', c.tag, `does not match the request's ${req.tag}`);
    if (c.status !== CplStatus.SC) throw new DriverError('Completion Status', c.status, `for ${req.kind} 0x${(req.kind === 'MRd' ? req.address : req.register).toString(16)}`);
    if (withData && c.kind !== 'CplD') throw new DriverError('completion kind', c.kind, `for ${req.kind} (expected CplD)`);
    return c;
  }

  cfgRead32(register: number): number {
    const c = this.expectCpl(cfgRd0({ requesterId: this.requesterId, tag: this.nextTag(), targetId: this.targetId, register }), true);
    return new DataView(c.data.buffer, c.data.byteOffset, 4).getUint32(0, true);
  }

  cfgRead16(offset: number): number {
    return (this.cfgRead32(offset & ~3) >>> ((offset & 2) * 8)) & 0xffff;
  }

  cfgRead8(offset: number): number {
    return (this.cfgRead32(offset & ~3) >>> ((offset & 3) * 8)) & 0xff;
  }

  /** Write `size` bytes (1, 2, 4) at a config offset with the matching First DW BE. */
  cfgWrite(offset: number, value: number, size: 1 | 2 | 4): void {
    const shift = (offset & 3) * 8;
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, (size === 4 ? value : (value & ((1 << (size * 8)) - 1)) << shift) >>> 0, true);
    const firstBe = ((1 << size) - 1) << (offset & 3);
    this.expectCpl(cfgWr0({ requesterId: this.requesterId, tag: this.nextTag(), targetId: this.targetId, register: offset & ~3, firstBe, data }), false);
  }

  /** Memory read of 1, 2, 4 or 8 naturally aligned bytes. */
  memRead(addr: number, size: 1 | 2 | 4 | 8): number {
    const be = byteEnables(addr, size);
    const c = this.expectCpl(mrd({ address: be.dwAddress, length: be.length, requesterId: this.requesterId, tag: this.nextTag(), firstBe: be.firstBe, lastBe: be.lastBe }), true);
    const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.length);
    const o = addr & 3;
    if (size === 8) return dv.getUint32(0, true) + dv.getUint32(4, true) * 0x1_0000_0000;
    if (size === 4) return dv.getUint32(0, true);
    if (size === 2) return dv.getUint16(o, true);
    return dv.getUint8(o);
  }

  memWrite(addr: number, value: number, size: 1 | 2 | 4 | 8): void {
    const be = byteEnables(addr, size);
    const data = new Uint8Array(be.length * 4);
    const dv = new DataView(data.buffer);
    const o = addr & 3;
    if (size === 8) {
      dv.setUint32(0, value % 0x1_0000_0000, true);
      dv.setUint32(4, Math.floor(value / 0x1_0000_0000), true);
    } else if (size === 4) dv.setUint32(0, value >>> 0, true);
    else if (size === 2) dv.setUint16(o, value, true);
    else dv.setUint8(o, value);
    this.dut.request(mwr({ address: be.dwAddress, data, requesterId: this.requesterId, firstBe: be.firstBe, lastBe: be.lastBe }));
  }
}
