// The remote without QEMU: proxy messages into the model (ModelDut), guest RAM as a temp file.

import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_DEVICE } from '../../model/pci/description.js';

const BARS = [REFERENCE_DEVICE.bars.virtio, REFERENCE_DEVICE.bars.msix];
const IDS = REFERENCE_DEVICE.identity;
import { ModelDut } from './backend.js';
import { GuestRam, GuestRamError } from './guest-ram.js';
import type { MpqemuMessage } from './mpqemu.js';
import { Remote } from './remote.js';

const dir = mkdtempSync(join(tmpdir(), 'linux-rtl-remote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RAM_GPA = 0x100_0000n;
const BAR0 = 0xfe00_0000;
const BAR2 = 0xfe00_4000;

function setup(tag: string): { ram: GuestRam; remote: Remote; sent: { msi: [bigint, number][]; intx: boolean[] }; file: string } {
  const file = join(dir, `${tag}.ram`);
  writeFileSync(file, new Uint8Array(0x10000));
  const ram = new GuestRam({ file });
  const sent = { msi: [] as [bigint, number][], intx: [] as boolean[] };
  const remote = new Remote(new ModelDut(ram), ram, { msi: (a, d) => sent.msi.push([a, d]), intx: (l) => sent.intx.push(l), onTxFrame: () => [] }, 1);
  remote.handle({ cmd: 'sync-sysmem', regions: [{ gpa: RAM_GPA, size: 0x10000n, offset: 0n }] });
  return { ram, remote, sent, file };
}

const cfgWrite = (addr: number, val: number, len = 4): MpqemuMessage => ({ cmd: 'cfg-write', addr, val, len });
const cfgRead = (addr: number, len = 4): MpqemuMessage => ({ cmd: 'cfg-read', addr, len });

/** Firmware-style BAR assignment and Memory Space + Bus Master Enable. */
function enumerate(r: Remote): void {
  r.handle(cfgWrite(0x10 + 4 * BARS[0].index, BAR0));
  r.handle(cfgWrite(0x14 + 4 * BARS[0].index, 0));
  r.handle(cfgWrite(0x10 + 4 * BARS[1].index, BAR2));
  r.handle(cfgWrite(0x14 + 4 * BARS[1].index, 0));
  r.handle(cfgWrite(0x04, 0x6, 2));
}

describe('Remote: proxy messages into the device', () => {
  it('answers config reads of any size from the function (CfgRd0 with First DW BE)', () => {
    const { remote } = setup('cfg');
    expect(remote.handle(cfgRead(0x00))).toBe(BigInt(IDS.vendorId | (IDS.deviceId << 16)));
    expect(remote.handle(cfgRead(0x02, 2))).toBe(BigInt(IDS.deviceId));
    expect(remote.handle(cfgRead(0x3d, 1))).toBe(BigInt(IDS.interruptPin));
    expect(remote.handle(cfgRead(0x0a, 2))).toBe(BigInt(IDS.classCode >> 8));
    expect(remote.stats.cfgReads).toBe(4);
  });

  it('turns BAR accesses into MRd/MWr: the MSI-X table keeps a 64-bit address, I/O reads all ones', () => {
    const { remote } = setup('bar');
    enumerate(remote);
    const entry = BigInt(BAR2 + REFERENCE_DEVICE.msixRegions.table);
    remote.handle({ cmd: 'bar-write', addr: entry, val: 0x1_fee0_1000n, size: 8, memory: true });
    expect(remote.handle({ cmd: 'bar-read', addr: entry, size: 8, memory: true })).toBe(0x1_fee0_1000n);
    expect(remote.handle({ cmd: 'bar-read', addr: entry + 4n, size: 4, memory: true })).toBe(1n);
    expect(remote.handle({ cmd: 'bar-read', addr: entry + 1n, size: 1, memory: true })).toBe(0x10n);
    expect(remote.handle({ cmd: 'bar-read', addr: 0xc000n, size: 2, memory: false })).toBe(0xffffn);
    // Outside every BAR: UR, the guest reads all ones.
    expect(remote.handle({ cmd: 'bar-read', addr: 0xfd00_0000n, size: 4, memory: true })).toBe(0xffff_ffffn);
    expect(remote.unsuccessful.length).toBe(1);
    // Never rounded: an address past 2^53 is not forwarded at all.
    expect(remote.handle({ cmd: 'bar-read', addr: 0xffff_ffff_fe00_0000n, size: 4, memory: true })).toBe(0xffff_ffffn);
    expect(remote.unsuccessful[1]).toMatch(/0xfffffffffe000000: above 2\^53/);
  });

  it('the trace hash depends on the answers and the log keeps every message', () => {
    const a = setup('h1');
    const b = setup('h2');
    a.remote.handle(cfgRead(0x00));
    b.remote.handle(cfgRead(0x08));
    expect(a.remote.hash).not.toBe(b.remote.hash);
    expect(a.remote.log.map((x) => x.m.cmd)).toEqual(['sync-sysmem', 'cfg-read']);
    expect(a.remote.log[1].ret).toBe(BigInt(IDS.vendorId | (IDS.deviceId << 16)));
  });
});

describe('GuestRam', () => {
  it('reads and writes the RAM file at the region offset; outside every region is reported', () => {
    const { ram, file } = setup('ram');
    ram.write(Number(RAM_GPA) + 0x20, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file).subarray(0x20, 0x23)]).toEqual([1, 2, 3]);
    expect([...ram.read(Number(RAM_GPA) + 0x1f, 5)]).toEqual([0, 1, 2, 3, 0]);
    expect([...ram.read(0x1000, 2)]).toEqual([0, 0]);
    expect(ram.outside).toEqual(['DMA read of 2 bytes at 0x1000 is outside guest RAM']);
    expect(ram.reads.map((r) => r.addr)).toEqual([Number(RAM_GPA) + 0x1f, 0x1000]);
    ram.close();
  });

  it('in replay answers reads from the record and names the first read that departs from it', () => {
    const ram = new GuestRam({ replay: [{ addr: 0x2000, data: new Uint8Array([9, 8]) }] });
    expect([...ram.read(0x2000, 2)]).toEqual([9, 8]);
    expect(() => ram.read(0x2000, 2)).toThrow(GuestRamError);
    const again = new GuestRam({ replay: [{ addr: 0x2000, data: new Uint8Array([9, 8]) }] });
    expect(() => again.read(0x2004, 2)).toThrow(/0x2004 .*read #0.* departs from the record \(0x2000, 2 bytes\)/);
  });
});
