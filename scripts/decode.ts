// A short human-readable decode of the function's config space: header, BARs and every
// capability by name. Reads the bytes only (no config requests, so no side effects).
// `virtio-cosim demo` (demoMain) prints it after bring-up, with the bring-up trace.

import { VIRTIO_PCI_CAP } from '../model/pci/layout.js';
import type { ConfigSpace } from '../model/pci/config-space.js';
import { hex8 } from '../model/util/hex.js';
import { runCommand, type CommandSpec } from './args.js';
import { bringUp } from './bringup.js';

const h = (v: number | bigint, digits: number): string => `0x${v.toString(16).padStart(digits, '0')}`;
const VIRTIO_CFG_NAMES: Record<number, string> = {
  [VIRTIO_PCI_CAP.COMMON_CFG]: 'VIRTIO_PCI_CAP_COMMON_CFG',
  [VIRTIO_PCI_CAP.NOTIFY_CFG]: 'VIRTIO_PCI_CAP_NOTIFY_CFG',
  [VIRTIO_PCI_CAP.ISR_CFG]: 'VIRTIO_PCI_CAP_ISR_CFG',
  [VIRTIO_PCI_CAP.DEVICE_CFG]: 'VIRTIO_PCI_CAP_DEVICE_CFG',
  [VIRTIO_PCI_CAP.PCI_CFG]: 'VIRTIO_PCI_CAP_PCI_CFG',
};
const CAP_NAMES: Record<number, string> = { 0x01: 'Power Management', 0x09: 'Vendor Specific (virtio)', 0x10: 'PCI Express', 0x11: 'MSI-X' };

export function decodeConfig(cs: ConfigSpace, barSizes: number[]): string[] {
  const v = cs.view;
  const u8 = (o: number) => v.getUint8(o);
  const u16 = (o: number) => v.getUint16(o, true);
  const u32 = (o: number) => v.getUint32(o, true);
  const out: string[] = [];
  out.push(`Vendor ID ${h(u16(0), 4)}  Device ID ${h(u16(2), 4)}  Revision ${h(u8(8), 2)}  Class ${h(u32(8) >>> 8, 6)}`);
  out.push(`Subsystem ${h(u16(0x2c), 4)}:${h(u16(0x2e), 4)}  Header Type ${h(u8(0x0e), 2)}  Interrupt Pin ${u8(0x3d)} Line ${u8(0x3c)}`);
  out.push(`Command ${h(u16(4), 4)}  Status ${h(u16(6), 4)}  Capabilities Pointer ${h(u8(0x34), 2)}`);
  for (let i = 0; i < 6; i++) {
    const lo = u32(0x10 + 4 * i);
    if (barSizes[i] === 0) continue;
    const is64 = (lo & 0x6) === 0x4;
    const addr = cs.barAddress(i);
    out.push(`BAR${i}: memory at ${h(addr, 8)} (${is64 ? '64-bit' : '32-bit'}, ${lo & 0x8 ? '' : 'non-'}prefetchable) size ${barSizes[i] / 1024} KiB`);
  }
  for (const { offset, id } of cs.walkCapabilities()) {
    const name = CAP_NAMES[id] ?? `ID ${h(id, 2)}`;
    let detail = '';
    if (id === 0x10) { // PCI Express capability (PCIe r6.0 §7.5.3)
      const devCtl = u16(offset + 8);
      detail = `v${u16(offset + 2) & 0xf} Endpoint, MPS supported ${128 << (u32(offset + 4) & 7)} B, ` +
        `MPS ${128 << ((devCtl >> 5) & 7)} B, MRRS ${128 << ((devCtl >> 12) & 7)} B, ` +
        `link x${(u16(offset + 0x12) >> 4) & 0x3f} speed ${u16(offset + 0x12) & 0xf}`;
    } else if (id === 0x01) {
      detail = `PMC ${h(u16(offset + 2), 4)}, PowerState D${u16(offset + 4) & 3}`;
    } else if (id === 0x11) {
      const mc = u16(offset + 2);
      const tbl = u32(offset + 4);
      const pba = u32(offset + 8);
      detail = `Table Size ${(mc & 0x7ff) + 1}, Enable ${mc >> 15}, Function Mask ${(mc >> 14) & 1}, ` +
        `Table BAR${tbl & 7}+${h(tbl & ~7, 4)}, PBA BAR${pba & 7}+${h(pba & ~7, 4)}`;
    } else if (id === 0x09) {
      const type = u8(offset + 3);
      detail = `${VIRTIO_CFG_NAMES[type] ?? `cfg_type ${type}`}: bar ${u8(offset + 4)} offset ${h(u32(offset + 8), 4)} length ${h(u32(offset + 12), 4)}`;
      if (type === VIRTIO_PCI_CAP.NOTIFY_CFG) detail += ` notify_off_multiplier ${u32(offset + 16)}`;
    }
    out.push(`[${h(offset, 2)}] ${name}: ${detail}`);
  }
  return out;
}

export const DEMO_COMMAND = {
  name: 'virtio-cosim demo',
  summary: 'The decoded config space after bring-up and the register-level bring-up trace.',
  options: {},
  epilogue: 'trace legend: -> request, <- completion, <= message from the function, == INTA, ** register side effect, !! refused',
} satisfies CommandSpec;

export function demoMain(argv: string[]): Promise<number> {
  return runCommand(DEMO_COMMAND, argv, () => {
    const r = bringUp();
    console.log('== config space after bring-up');
    for (const line of decodeConfig(r.fn.config, r.barSizes)) console.log(`  ${line}`);
    console.log('\n== bring-up trace (-> request, <- completion, <= message from the function)');
    for (const line of r.host.trace) console.log(line);
    const requests = r.host.trace.filter((l) => l.startsWith('->')).length;
    console.log(`\n${requests} requests; device features ${r.deviceFeatures.map((f) => `0x${hex8(f)}`).join(' ')}`);
    return 0;
  });
}
