// A type-0 function's 4 KiB configuration space built from the register table in regs.ts.
// Reads and writes are whole-DW requests with per-byte enables, as CfgRd0/CfgWr0 carry them
// (PCIe r6.0 §2.2.7). Bytes no register covers read 0 and ignore writes, and so does the
// extended space from 0x100 (no extended capabilities).

import { layoutOf, type FunctionParams } from './layout.js';
import type { BarDesc } from './description.js';
import {
  COMMAND, DEVICE_CONTROL, MPS_SUPPORTED_ENCODING, MSIX_CONTROL, STATUS, CAP, configRegisters,
  regKey, widthMask, type RegisterDef,
} from './regs.js';

export const CONFIG_SPACE_SIZE = 4096;

export class ConfigSpaceError extends Error {
  constructor(field: string, value: number, why: string) {
    super(`config space: ${field} = 0x${value.toString(16)}: ${why}`);
    this.name = 'ConfigSpaceError';
  }
}

/** What the virtio PCI-cfg access window (virtio §4.1.4.9) reaches: BAR space by BAR index and offset. */
export interface BarAccess {
  barRead(bar: number, offset: number, size: 1 | 2 | 4): number;
  barWrite(bar: number, offset: number, size: 1 | 2 | 4, value: number): void;
}

/** Called after a config write changed a register: key is `regKey()` of the register. */
export type ConfigWriteListener = (key: string, oldValue: number, newValue: number) => void;

const PCI_CFG = {
  bar: `${CAP.virtioPciCfg}.bar`,
  offset: `${CAP.virtioPciCfg}.offset`,
  length: `${CAP.virtioPciCfg}.length`,
  data: `${CAP.virtioPciCfg}.pci_cfg_data`,
} as const;

export class ConfigSpace {
  readonly bytes = new Uint8Array(CONFIG_SPACE_SIZE);
  readonly view = new DataView(this.bytes.buffer);
  readonly registers: readonly RegisterDef[];
  private readonly byKey = new Map<string, RegisterDef>();
  /** For each DW index, the registers inside it. */
  private readonly byDw: RegisterDef[][] = Array.from({ length: CONFIG_SPACE_SIZE / 4 }, () => []);
  private readonly listeners: ConfigWriteListener[] = [];
  private barAccess: BarAccess | null = null;
  private readonly pciCfgDataOffset: number;

  /** The implemented BARs (virtio structures, MSI-X), from the device description. */
  readonly bars: readonly BarDesc[];

  constructor(readonly params: FunctionParams) {
    if (!Number.isInteger(params.msixVectors) || params.msixVectors < 1 || params.msixVectors > 2048) {
      throw new ConfigSpaceError('msixVectors', params.msixVectors, 'MSI-X Table Size must be 1..2048 (PCIe r6.0 §7.7.2.2)');
    }
    this.registers = configRegisters(params);
    const l = layoutOf(params);
    this.bars = [l.bars.virtio, l.bars.msix];
    const covered = new Uint8Array(CONFIG_SPACE_SIZE);
    for (const r of this.registers) {
      const key = regKey(r);
      if (this.byKey.has(key)) throw new ConfigSpaceError(key, r.offset, 'register declared twice');
      if (r.offset % r.width !== 0 || r.offset + r.width > CONFIG_SPACE_SIZE) {
        throw new ConfigSpaceError(key, r.offset, `offset not aligned to width ${r.width}`);
      }
      const reserved = r.rsvdp | r.rsvdz;
      if ((r.reset & reserved) !== 0 || (r.reset & ~widthMask(r.width)) !== 0) {
        throw new ConfigSpaceError(key, r.reset, 'reset value sets reserved bits or exceeds the width');
      }
      const masks = [r.rw, r.rw1c, r.hwinit, r.rsvdp, r.rsvdz];
      for (let i = 0; i < masks.length; i++) {
        for (let j = i + 1; j < masks.length; j++) {
          if ((masks[i] & masks[j]) !== 0) throw new ConfigSpaceError(key, masks[i] & masks[j], 'bits carry two attributes');
        }
      }
      for (let b = 0; b < r.width; b++) {
        if (covered[r.offset + b]) throw new ConfigSpaceError(key, r.offset + b, 'byte covered by two registers');
        covered[r.offset + b] = 1;
      }
      this.byKey.set(key, r);
      this.byDw[r.offset >> 2].push(r);
    }
    this.pciCfgDataOffset = this.reg(PCI_CFG.data).offset;
    this.reset();
  }

  /** Conventional reset: every register to its reset value, everything else 0. */
  reset(): void {
    this.bytes.fill(0);
    for (const r of this.registers) this.set(r, r.reset);
  }

  /** The register declared under `key` (see regKey). Throws for an unknown key. */
  reg(key: string): RegisterDef {
    const r = this.byKey.get(key);
    if (!r) throw new ConfigSpaceError(`register "${key}"`, 0, 'not in the table');
    return r;
  }

  get(r: RegisterDef): number {
    switch (r.width) {
      case 1: return this.view.getUint8(r.offset);
      case 2: return this.view.getUint16(r.offset, true);
      case 4: return this.view.getUint32(r.offset, true);
    }
  }

  value(key: string): number {
    return this.get(this.reg(key));
  }

  private set(r: RegisterDef, v: number): void {
    switch (r.width) {
      case 1: this.view.setUint8(r.offset, v); break;
      case 2: this.view.setUint16(r.offset, v, true); break;
      case 4: this.view.setUint32(r.offset, v >>> 0, true); break;
    }
  }

  /**
   * Hardware side: set or clear bits the function drives (RO status such as Status.Interrupt
   * Status, or RW1C error bits being set). Software attributes do not apply here.
   */
  setHardwareBits(key: string, mask: number, on: boolean): void {
    const r = this.reg(key);
    const old = this.get(r);
    this.set(r, on ? (old | mask) >>> 0 : (old & ~mask) >>> 0);
  }

  onWrite(listener: ConfigWriteListener): void {
    this.listeners.push(listener);
  }

  /** Connects the virtio PCI-cfg window to the BARs. Without it the window never touches a BAR. */
  connectBarAccess(access: BarAccess): void {
    this.barAccess = access;
  }

  private checkRequest(register: number, firstBe: number): void {
    if (!Number.isInteger(register) || register < 0 || register >= CONFIG_SPACE_SIZE || register % 4 !== 0) {
      throw new ConfigSpaceError('register', register, 'must be a DW-aligned offset in 0..0xffc');
    }
    if (!Number.isInteger(firstBe) || firstBe < 0 || firstBe > 0xf) throw new ConfigSpaceError('First DW BE', firstBe, 'must be 0..0xf');
  }

  private touchesPciCfgData(register: number, firstBe: number): boolean {
    return register === this.pciCfgDataOffset && firstBe !== 0;
  }

  /** CfgRd0: the DW at `register` (byte offset). Reading pci_cfg_data first performs the window's BAR read. */
  cfgRead(register: number, firstBe = 0xf): number {
    this.checkRequest(register, firstBe);
    if (this.touchesPciCfgData(register, firstBe)) this.pciCfgWindow('read');
    return this.view.getUint32(register, true);
  }

  /** CfgWr0: writes the enabled bytes of `dwValue` honouring each bit's attribute. */
  cfgWrite(register: number, firstBe: number, dwValue: number): void {
    this.checkRequest(register, firstBe);
    const changes: Array<[RegisterDef, number, number]> = [];
    for (const r of this.byDw[register >> 2]) {
      const lane = r.offset & 3;
      let beMask = 0;
      for (let b = 0; b < r.width; b++) if (firstBe & (1 << (lane + b))) beMask |= 0xff << (8 * b);
      if (beMask === 0) continue;
      const v = (dwValue >>> (8 * lane)) & widthMask(r.width);
      const old = this.get(r);
      const rw = r.rw & beMask;
      let next = (old & ~rw) | (v & rw);
      next &= ~(v & r.rw1c & beMask);
      next >>>= 0;
      if (r.allowed && !r.allowed.values.includes(next & r.allowed.mask)) {
        next = ((next & ~r.allowed.mask) | (old & r.allowed.mask)) >>> 0;
      }
      this.set(r, next);
      if (next !== old) changes.push([r, old, next]);
    }
    if (this.touchesPciCfgData(register, firstBe)) this.pciCfgWindow('write');
    for (const [r, old, next] of changes) for (const l of this.listeners) l(regKey(r), old, next);
  }

  /**
   * virtio §4.1.4.9: an access touching pci_cfg_data moves cap.length bytes between its first
   * bytes and cap.offset in BAR cap.bar. Lengths other than 1, 2, 4, or an offset that is not a
   * multiple of the length, perform no BAR access (the driver MUST NOT use them).
   */
  private pciCfgWindow(dir: 'read' | 'write'): void {
    if (!this.barAccess) return;
    const bar = this.value(PCI_CFG.bar);
    const offset = this.value(PCI_CFG.offset);
    const length = this.value(PCI_CFG.length);
    if (length !== 1 && length !== 2 && length !== 4) return;
    if (offset % length !== 0) return;
    const mask = widthMask(length);
    const at = this.pciCfgDataOffset;
    if (dir === 'read') {
      const v = this.barAccess.barRead(bar, offset, length) & mask;
      const keep = this.view.getUint32(at, true) & ~mask;
      this.view.setUint32(at, (keep | v) >>> 0, true);
    } else {
      // `>>> 0`: a 4-byte mask makes `&` yield a negative int32; registers take unsigned values.
      this.barAccess.barWrite(bar, offset, length, (this.view.getUint32(at, true) & mask) >>> 0);
    }
  }

  // ------------------------------------------------------------- accessors the function needs

  private bit(key: string, mask: number): boolean {
    return (this.value(key) & mask) !== 0;
  }

  get memorySpaceEnabled(): boolean { return this.bit('Command', COMMAND.memorySpaceEnable); }
  get busMasterEnabled(): boolean { return this.bit('Command', COMMAND.busMasterEnable); }
  get interruptDisable(): boolean { return this.bit('Command', COMMAND.interruptDisable); }
  get msixEnabled(): boolean { return this.bit(`${CAP.msix}.Message Control`, MSIX_CONTROL.msixEnable); }
  get msixFunctionMask(): boolean { return this.bit(`${CAP.msix}.Message Control`, MSIX_CONTROL.functionMask); }

  /**
   * Max_Payload_Size in bytes (PCIe r6.0 §7.5.3.4). Encodings above the supported 512 B
   * (including the reserved 110b/111b) are software errors; the function then uses 512 B.
   */
  get maxPayloadSizeBytes(): number {
    const enc = (this.value(`${CAP.pcie}.Device Control`) >> DEVICE_CONTROL.maxPayloadSizeShift) & DEVICE_CONTROL.fieldMask;
    return 128 << Math.min(enc, MPS_SUPPORTED_ENCODING);
  }

  /** Max_Read_Request_Size in bytes; reserved encodings 110b/111b are treated as 4096 B. */
  get maxReadRequestSizeBytes(): number {
    const enc = (this.value(`${CAP.pcie}.Device Control`) >> DEVICE_CONTROL.maxReadRequestSizeShift) & DEVICE_CONTROL.fieldMask;
    return 128 << Math.min(enc, 5);
  }

  /** Device Control 2 Completion Timeout Value (3:0) and Disable (4), PCIe r6.0 §7.5.3.16. */
  get completionTimeout(): { value: number; disabled: boolean } {
    const v = this.value(`${CAP.pcie}.Device Control 2`);
    return { value: v & 0xf, disabled: (v & 0x10) !== 0 };
  }

  /** Status.Interrupt Status (PCIe r6.0 §7.5.1.1.4): set while the function has an INTx pending. */
  setInterruptStatus(on: boolean): void {
    this.setHardwareBits('Status', STATUS.interruptStatus, on);
  }

  /** The memory address a BAR (0..5) decodes; for the lower slot of a 64-bit BAR, both halves (any 64-bit value). */
  barAddress(index: number): bigint {
    const bar = this.bars.find((b) => b.index === index);
    if (!bar) throw new ConfigSpaceError('BAR index', index, 'is not the lower slot of an implemented BAR');
    const low = (this.value(`BAR${index}`) & ~0xf) >>> 0;
    const high = bar.is64 ? this.value(`BAR${index + 1}`) >>> 0 : 0;
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /**
   * Which implemented BAR contains the byte range [address, address+bytes), and the offset in
   * it; null if none. Ignores Command.Memory Space Enable (the caller checks it).
   */
  decodeMemory(address: number | bigint, bytes = 1): { bar: number; offset: number } | null {
    if (typeof address === 'number' && !Number.isSafeInteger(address)) return null;
    const a = BigInt(address);
    for (const b of this.bars) {
      const base = this.barAddress(b.index);
      if (a >= base && a + BigInt(bytes) <= base + BigInt(b.size)) return { bar: b.index, offset: Number(a - base) };
    }
    return null;
  }

  /** The capability chain as software walks it from Capabilities Pointer (0x34). Bounded: throws on a loop. */
  walkCapabilities(): Array<{ offset: number; id: number }> {
    const out: Array<{ offset: number; id: number }> = [];
    let ptr = this.view.getUint8(0x34) & 0xfc;
    for (let guard = 0; ptr !== 0; guard++) {
      if (guard >= 48) throw new ConfigSpaceError('Next Capability Pointer', ptr, 'capability list does not end (loop)');
      out.push({ offset: ptr, id: this.view.getUint8(ptr) });
      ptr = this.view.getUint8(ptr + 1) & 0xfc;
    }
    return out;
  }
}

