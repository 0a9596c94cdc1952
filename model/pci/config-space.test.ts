import { describe, expect, it } from 'vitest';
import { ConfigSpace, ConfigSpaceError, type BarAccess } from './config-space.js';
import { DEFAULT_PARAMS, VIRTIO_PCI_CAP } from './layout.js';
import { REFERENCE_DEVICE } from './description.js';

const CAP_OFFSETS = REFERENCE_DEVICE.capabilities;
const IDS = REFERENCE_DEVICE.identity;
import { capabilities, regKey, roMask, widthMask, type RegisterDef } from './regs.js';

const fresh = (): ConfigSpace => new ConfigSpace(DEFAULT_PARAMS);

/** First DW BE covering exactly the register's bytes. */
const beOf = (r: RegisterDef): number => ((1 << r.width) - 1) << (r.offset & 3);
/** The register's value placed in its byte lanes of a DW. */
const lanes = (r: RegisterDef, v: number): number => ((v & widthMask(r.width)) << (8 * (r.offset & 3))) >>> 0;

/** What a write of `v` should leave, from the attributes alone. */
function expectedAfterWrite(r: RegisterDef, old: number, v: number): number {
  let next = ((old & ~r.rw) | (v & r.rw)) >>> 0;
  next = (next & ~(v & r.rw1c)) >>> 0;
  if (r.allowed && !r.allowed.values.includes(next & r.allowed.mask)) {
    next = ((next & ~r.allowed.mask) | (old & r.allowed.mask)) >>> 0;
  }
  return next;
}

describe('config space register table', () => {
  const cs = fresh();
  it('every bit of every register has exactly one attribute', () => {
    for (const r of cs.registers) {
      const all = [roMask(r), r.rw, r.rw1c, r.hwinit, r.rsvdp, r.rsvdz];
      expect(all.reduce((a, m) => (a | m) >>> 0, 0), regKey(r)).toBe(widthMask(r.width));
      expect(all.reduce((a, m) => a + m, 0), regKey(r)).toBe(widthMask(r.width)); // disjoint
    }
  });

  for (const r of cs.registers) {
    const key = regKey(r);
    it(`${key}: reset, all-ones, all-zeros follow the attributes`, () => {
      const c = fresh();
      expect(c.value(key)).toBe(r.reset);
      const before = c.bytes.slice();
      c.cfgWrite(r.offset & ~3, beOf(r), 0xffff_ffff);
      const ones = expectedAfterWrite(r, r.reset, widthMask(r.width));
      expect(c.value(key)).toBe(ones);
      // RO, HwInit and reserved bits keep their reset value.
      const fixed = (roMask(r) | r.hwinit | r.rsvdp | r.rsvdz) >>> 0;
      expect(c.value(key) & fixed).toBe(r.reset & fixed);
      c.cfgWrite(r.offset & ~3, beOf(r), 0);
      expect(c.value(key)).toBe(expectedAfterWrite(r, ones, 0));
      expect(c.value(key) & r.rw).toBe(0);
      // No byte outside the register moved.
      for (let i = 0; i < before.length; i++) {
        if (i >= r.offset && i < r.offset + r.width) continue;
        if (c.bytes[i] !== before[i]) throw new Error(`${key}: byte 0x${i.toString(16)} changed`);
      }
    });
    if (r.rw1c !== 0) {
      it(`${key}: RW1C bits clear on 1 and ignore 0`, () => {
        const c = fresh();
        c.setHardwareBits(key, r.rw1c, true);
        c.cfgWrite(r.offset & ~3, beOf(r), 0);
        expect(c.value(key) & r.rw1c).toBe(r.rw1c);
        c.cfgWrite(r.offset & ~3, beOf(r), lanes(r, r.rw1c));
        expect(c.value(key) & r.rw1c).toBe(0);
      });
    }
  }

  it('rejects a register offset that is not DW aligned or out of range', () => {
    const c = fresh();
    expect(() => c.cfgRead(0x02)).toThrow(ConfigSpaceError);
    expect(() => c.cfgWrite(0x1000, 0xf, 0)).toThrow(/register/);
  });
});

describe('type-0 header values (spec-given)', () => {
  it('IDs, class, header type, interrupt pin', () => {
    const c = fresh();
    expect(c.cfgRead(0x00)).toBe(((IDS.deviceId << 16) | IDS.vendorId) >>> 0);
    expect(c.cfgRead(0x08)).toBe(((0x020000 << 8) | 0x01) >>> 0);
    expect((c.cfgRead(0x0c) >>> 16) & 0xff).toBe(0); // Header Type 0
    expect(c.cfgRead(0x2c)).toBe(((IDS.subsystemId << 16) | IDS.subsystemVendorId) >>> 0);
    expect((c.cfgRead(0x3c) >>> 8) & 0xff).toBe(1); // INTA
  });

  it('Command takes only Memory Space, Bus Master, Parity Error Response, SERR#, Interrupt Disable', () => {
    const c = fresh();
    c.cfgWrite(0x04, 0x3, 0xffff);
    expect(c.cfgRead(0x04) & 0xffff).toBe(0x0002 | 0x0004 | 0x0040 | 0x0100 | 0x0400);
    expect(c.memorySpaceEnabled && c.busMasterEnabled && c.interruptDisable).toBe(true);
  });

  it('Status: Capabilities List reads 1 and survives writes; Interrupt Status is driven by the function', () => {
    const c = fresh();
    c.cfgWrite(0x04, 0xc, 0xffff_0000);
    expect((c.cfgRead(0x04) >>> 16) & 0x10).toBe(0x10);
    c.setInterruptStatus(true);
    c.cfgWrite(0x04, 0xc, 0xffff_0000);
    expect((c.cfgRead(0x04) >>> 16) & 0x08).toBe(0x08);
    c.setInterruptStatus(false);
    expect((c.cfgRead(0x04) >>> 16) & 0x08).toBe(0);
  });

  it('honours per-byte enables: only enabled bytes change', () => {
    const c = fresh();
    c.cfgWrite(0x3c, 0x2, 0xffff_ffff); // only Interrupt Pin (RO) enabled
    expect(c.cfgRead(0x3c) & 0xff).toBe(0);
    c.cfgWrite(0x3c, 0x1, 0x0000_000b);
    expect(c.cfgRead(0x3c) & 0xff).toBe(0x0b);
    c.cfgWrite(0x04, 0x2, 0x0000_0404); // only byte 1: Interrupt Disable, not Memory Space
    expect(c.interruptDisable).toBe(true);
    expect(c.memorySpaceEnabled).toBe(false);
  });

  it('extended config space reads 0 and ignores writes', () => {
    const c = fresh();
    for (const reg of [0x100, 0x104, 0x800, 0xffc]) {
      c.cfgWrite(reg, 0xf, 0xdead_beef);
      expect(c.cfgRead(reg)).toBe(0);
    }
  });
});

describe('BAR sizing (PCI Local Bus 3.0 §6.2.5.1)', () => {
  it('BAR0/1 16 KiB and BAR2/3 8 KiB, 64-bit non-prefetchable; BAR4/5 absent', () => {
    const c = fresh();
    expect(c.cfgRead(0x10)).toBe(0x4); // type bits before sizing
    for (let i = 0; i < 6; i++) c.cfgWrite(0x10 + 4 * i, 0xf, 0xffff_ffff);
    expect(c.cfgRead(0x10)).toBe(((~(0x4000 - 1) & ~0xf) | 0x4) >>> 0);
    expect(c.cfgRead(0x10)).toBe(0xffff_c004);
    expect(c.cfgRead(0x14)).toBe(0xffff_ffff);
    expect(c.cfgRead(0x18)).toBe(0xffff_e004);
    expect(c.cfgRead(0x1c)).toBe(0xffff_ffff);
    expect(c.cfgRead(0x20)).toBe(0);
    expect(c.cfgRead(0x24)).toBe(0);
  });

  it('assigned addresses decode, size-aligned, including above 4 GiB', () => {
    const c = fresh();
    c.cfgWrite(0x10, 0xf, 0xfebf_0000 | 0x1234); // low bits are hardwired
    c.cfgWrite(0x14, 0xf, 0);
    c.cfgWrite(0x18, 0xf, 0x0000_4000);
    c.cfgWrite(0x1c, 0xf, 0x1);
    expect(c.barAddress(0)).toBe(0xfebf_0000n); // bits below 16 KiB are hardwired 0
    expect(c.barAddress(2)).toBe(0x1_0000_4000n);
    expect(c.decodeMemory(0xfebf_0000 + 0x3ffc, 4)).toEqual({ bar: 0, offset: 0x3ffc });
    expect(c.decodeMemory(0xfebf_0000 + 0x3ffe, 4)).toBeNull();
    expect(c.decodeMemory(0x1_0000_5000, 8)).toEqual({ bar: 2, offset: 0x1000 });
    expect(c.decodeMemory(0x0_0000_4000)).toBeNull();
    expect(() => c.barAddress(1)).toThrow(ConfigSpaceError);
  });
});

describe('capability chain', () => {
  it('walks from 0x34 through every capability in layout order without loops', () => {
    const c = fresh();
    const chain = c.walkCapabilities();
    expect(chain.map((e) => e.offset)).toEqual(Object.values(CAP_OFFSETS));
    expect(chain.map((e) => e.id)).toEqual([0x10, 0x01, 0x11, 0x09, 0x09, 0x09, 0x09, 0x09]);
    expect(new Set(chain.map((e) => e.offset)).size).toBe(chain.length);
    expect(c.cfgRead(0x34) & 0xff).toBe(0x40);
  });

  it('capabilities do not overlap and fit in the 256-byte space', () => {
    const caps = capabilities(DEFAULT_PARAMS);
    for (let i = 0; i < caps.length; i++) {
      expect(caps[i].offset).toBeGreaterThanOrEqual(0x40);
      expect(caps[i].offset % 4).toBe(0);
      const end = caps[i].offset + caps[i].length;
      expect(end).toBeLessThanOrEqual(i + 1 < caps.length ? caps[i + 1].offset : 0x100);
    }
  });

  it('virtio capabilities carry cfg_type 1..5, cap_len and the notify multiplier (virtio §4.1.4)', () => {
    const c = fresh();
    const virtio = c.walkCapabilities().filter((e) => e.id === 0x09);
    expect(virtio.map((e) => c.bytes[e.offset + 3])).toEqual([
      VIRTIO_PCI_CAP.COMMON_CFG, VIRTIO_PCI_CAP.NOTIFY_CFG, VIRTIO_PCI_CAP.ISR_CFG, VIRTIO_PCI_CAP.DEVICE_CFG, VIRTIO_PCI_CAP.PCI_CFG,
    ]);
    expect(virtio.map((e) => c.bytes[e.offset + 2])).toEqual([16, 20, 16, 16, 20]);
    expect(c.cfgRead(CAP_OFFSETS.virtioNotify + 16)).toBe(4);
    expect(c.cfgRead(CAP_OFFSETS.virtioNotify + 8)).toBe(0x3000);
  });

  it('PCI Express capability: v2 Endpoint, MPS supported 512 B, MPS/MRRS reset 128/512 B and RW', () => {
    const c = fresh();
    const p = CAP_OFFSETS.pcie;
    expect(c.cfgRead(p) >>> 16).toBe(0x0002);
    expect(c.cfgRead(p + 4) & 0x7).toBe(2);
    expect(c.maxPayloadSizeBytes).toBe(128);
    expect(c.maxReadRequestSizeBytes).toBe(512);
    c.cfgWrite(p + 8, 0x3, (1 << 5) | (5 << 12)); // MPS 256, MRRS 4096
    expect(c.maxPayloadSizeBytes).toBe(256);
    expect(c.maxReadRequestSizeBytes).toBe(4096);
    c.cfgWrite(p + 8, 0x3, 4 << 5); // 2048 B > supported: the function uses 512 B
    expect(c.maxPayloadSizeBytes).toBe(512);
  });

  it('PM: D1/D2 writes are discarded, D3hot is recorded (PCI PM 1.2 §3.2.4)', () => {
    const c = fresh();
    const pmcsr = CAP_OFFSETS.pm + 4;
    c.cfgWrite(pmcsr, 0x3, 1);
    expect(c.cfgRead(pmcsr) & 3).toBe(0);
    c.cfgWrite(pmcsr, 0x3, 3);
    expect(c.cfgRead(pmcsr) & 3).toBe(3);
    c.cfgWrite(pmcsr, 0x3, 2);
    expect(c.cfgRead(pmcsr) & 3).toBe(3);
  });

  it('MSI-X Message Control: Table Size = vectors-1, Function Mask and Enable RW', () => {
    const c = new ConfigSpace({ ...DEFAULT_PARAMS, msixVectors: 6 });
    const mc = CAP_OFFSETS.msix;
    expect(c.cfgRead(mc) >>> 16).toBe(5);
    c.cfgWrite(mc, 0xc, 0xffff_0000);
    expect(c.cfgRead(mc) >>> 16).toBe(0xc005);
    expect(c.msixEnabled && c.msixFunctionMask).toBe(true);
    expect(c.cfgRead(mc + 4)).toBe(0x0000_0002); // table at BAR2 + 0
    expect(c.cfgRead(mc + 8)).toBe(0x0000_1002); // PBA at BAR2 + 0x1000
  });
});

describe('virtio PCI-cfg access window (virtio §4.1.4.9)', () => {
  const base = CAP_OFFSETS.virtioPciCfg;
  function withBars(): { c: ConfigSpace; log: string[] } {
    const c = fresh();
    const log: string[] = [];
    const access: BarAccess = {
      barRead: (bar, offset, size) => { log.push(`R${bar}:${offset.toString(16)}/${size}`); return 0xa1b2c3d4; },
      barWrite: (bar, offset, size, value) => { log.push(`W${bar}:${offset.toString(16)}/${size}=${value.toString(16)}`); },
    };
    c.connectBarAccess(access);
    return { c, log };
  }

  it('a read of pci_cfg_data performs the BAR read first; a write performs the BAR write', () => {
    const { c, log } = withBars();
    c.cfgWrite(base + 4, 0x1, 0); // bar 0
    c.cfgWrite(base + 8, 0xf, 0x14); // offset: device_status
    c.cfgWrite(base + 12, 0xf, 1); // length 1
    expect(log).toEqual([]);
    expect(c.cfgRead(base + 16) & 0xff).toBe(0xd4);
    expect(log).toEqual(['R0:14/1']);
    c.cfgWrite(base + 16, 0x1, 0x0f);
    expect(log).toEqual(['R0:14/1', 'W0:14/1=f']);
    c.cfgWrite(base + 12, 0xf, 2);
    c.cfgWrite(base + 8, 0xf, 0x16);
    expect(c.cfgRead(base + 16) & 0xffff).toBe(0xc3d4);
  });

  it('bar/offset/length/pci_cfg_data are writable, reads elsewhere have no BAR side effect', () => {
    const { c, log } = withBars();
    c.cfgWrite(base + 4, 0x1, 2);
    expect(c.cfgRead(base + 4) & 0xff).toBe(2);
    c.cfgRead(base + 12);
    c.cfgRead(base + 16, 0);
    expect(log).toEqual([]);
  });

  it('lengths other than 1/2/4 or misaligned offsets do not reach a BAR', () => {
    const { c, log } = withBars();
    c.cfgWrite(base + 12, 0xf, 3);
    c.cfgRead(base + 16);
    c.cfgWrite(base + 12, 0xf, 4);
    c.cfgWrite(base + 8, 0xf, 2);
    c.cfgWrite(base + 16, 0xf, 1);
    expect(log).toEqual([]);
  });
});

describe('config write listeners', () => {
  it('report changed registers only', () => {
    const c = fresh();
    const seen: string[] = [];
    c.onWrite((key, o, n) => seen.push(`${key}:${o}->${n}`));
    c.cfgWrite(0x04, 0x3, 0x0002);
    c.cfgWrite(0x04, 0x3, 0x0002);
    expect(seen).toEqual(['Command:0->2']);
  });
});

/**
 * An oracle independent of regs.ts: the software-writable bits of each register as the specs
 * give them (PCIe r6.0 §7.5.1 header, §7.5.3 PCI Express Capability, §7.7.2 MSI-X; PCI PM 1.2
 * §3.2; virtio §4.1.4.9). Every register not listed must be entirely read-only. A wrong
 * attribute in the table makes the write results disagree with this list.
 */
const SPEC_WRITABLE: Record<string, { rw?: number; rw1c?: number }> = {
  Command: { rw: 0x0546 }, // Memory Space, Bus Master, Parity Error Response, SERR# Enable, Interrupt Disable
  Status: { rw1c: 0xf900 }, // Master Data Parity Error, Signaled/Received Target Abort, Received Master Abort, Signaled System Error, Detected Parity Error
  'Cache Line Size': { rw: 0xff },
  'Interrupt Line': { rw: 0xff },
  BAR0: { rw: 0xffff_c000 }, // 16 KiB
  BAR1: { rw: 0xffff_ffff },
  BAR2: { rw: 0xffff_e000 }, // 8 KiB
  BAR3: { rw: 0xffff_ffff },
  'PCI Express.Device Control': { rw: 0x78ff }, // enables 3:0, RO 4, MPS 7:5, No Snoop 11, MRRS 14:12
  'PCI Express.Device Status': { rw1c: 0x000f },
  'PCI Express.Link Control': { rw: 0x00cb }, // ASPM Control, RCB, Common Clock, Extended Synch
  'PCI Express.Device Control 2': { rw: 0x001f }, // Completion Timeout Value, Completion Timeout Disable
  'Power Management.Power Management Control/Status': { rw: 0x0003 }, // PowerState (D0/D3hot accepted)
  'MSI-X.Message Control': { rw: 0xc000 }, // Function Mask, MSI-X Enable
  'virtio pci cfg.bar': { rw: 0xff },
  'virtio pci cfg.offset': { rw: 0xffff_ffff },
  'virtio pci cfg.length': { rw: 0xffff_ffff },
  'virtio pci cfg.pci_cfg_data': { rw: 0xffff_ffff },
};

describe('register table against the spec oracle', () => {
  const cs = fresh();
  it('lists only registers that exist', () => {
    for (const key of Object.keys(SPEC_WRITABLE)) expect(() => cs.reg(key)).not.toThrow();
  });
  for (const r of cs.registers) {
    const key = regKey(r);
    it(`${key}: writable bits match the spec`, () => {
      const spec = SPEC_WRITABLE[key] ?? {};
      const c = fresh();
      c.cfgWrite(r.offset & ~3, beOf(r), 0xffff_ffff);
      // PowerState 11b (D3hot) is an accepted value, so all-ones shows every RW bit.
      expect(((c.value(key) ^ r.reset) | (spec.rw ?? 0)) >>> 0, 'bits that changed on all-ones').toBe((spec.rw ?? 0) >>> 0);
      expect((c.value(key) & (spec.rw ?? 0)) >>> 0).toBe((spec.rw ?? 0) >>> 0);
      c.cfgWrite(r.offset & ~3, beOf(r), 0);
      expect((c.value(key) & (spec.rw ?? 0)) >>> 0).toBe(0);
      expect(r.rw1c, 'RW1C bits').toBe((spec.rw1c ?? 0) >>> 0);
    });
  }
});
