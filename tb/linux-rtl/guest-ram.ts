// The guest's RAM as the DUT's DMA sees it: QEMU's RAM backend is a file under /dev/shm
// (memory-backend-file, share=on), so reads and writes here (pread/pwrite on the same pages
// QEMU has mapped) are what the guest's CPU sees. Guest-physical addresses map to file offsets
// by the regions of QEMU's last SYNC_SYSMEM message (mpqemu.ts).
//
// It is a HostMemory (tb/host), so the root complex's completer and posted-write path use it
// unchanged. Every DMA read is logged (address, length, data) when recording, and in replay the
// log answers the reads instead of the file: a replay needs no QEMU and no guest. Every DMA
// write is folded into `hash` (with its address), so a live run and its replay can be compared.

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { HostMemory } from '../host/memory.js';
import type { SysmemRegion } from './mpqemu.js';

export class GuestRamError extends Error {
  constructor(field: string, value: number | string, why: string) {
    super(`guest RAM: ${field} = ${typeof value === 'number' ? `0x${value.toString(16)}` : value} ${why}`);
    this.name = 'GuestRamError';
  }
}

export interface DmaRead {
  addr: number;
  data: Uint8Array;
}

/** FNV-1a over bytes, continuing from `h`. */
export function fnv1a(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

export function fnvNumber(h: number, v: number): number {
  for (let i = 0; i < 8; i++, v = Math.floor(v / 256)) h = Math.imul(h ^ (v & 0xff), 0x01000193);
  return h >>> 0;
}

export const FNV_OFFSET = 0x811c9dc5;

interface Span {
  gpa: number;
  end: number;
  offset: number;
}

export class GuestRam extends HostMemory {
  private fd: number | null = null;
  private readonly file: string | null = null;
  private spans: Span[] = [];
  /** Reads logged while recording; the reads to answer while replaying. */
  readonly reads: DmaRead[] = [];
  private replayAt = 0;
  readonly mode: 'live' | 'replay';
  hash = FNV_OFFSET;
  dmaReads = 0;
  dmaWrites = 0;
  dmaReadBytes = 0;
  dmaWriteBytes = 0;
  /** Accesses outside every RAM region (a DUT fault: reported, served as zeros / dropped). */
  readonly outside: string[] = [];

  constructor(o: { file: string } | { replay: DmaRead[] }) {
    super();
    if ('file' in o) {
      this.file = o.file; // QEMU creates it: opened at the first SYNC_SYSMEM
      this.mode = 'live';
    } else {
      this.reads = o.replay;
      this.mode = 'replay';
    }
  }

  /** The layout of QEMU's last SYNC_SYSMEM (replaces the previous one). */
  setRegions(regions: SysmemRegion[]): void {
    if (this.fd === null && this.file !== null) this.fd = openSync(this.file, 'r+');
    this.spans = regions.map((r) => {
      if (r.gpa + r.size > BigInt(Number.MAX_SAFE_INTEGER)) throw new GuestRamError('region end', `0x${(r.gpa + r.size).toString(16)}`, 'is above 2^53 (host memory addresses are numbers)');
      return { gpa: Number(r.gpa), end: Number(r.gpa + r.size), offset: Number(r.offset) };
    });
  }

  get regionCount(): number {
    return this.spans.length;
  }

  private fileOffset(addr: number, len: number): number | null {
    for (const s of this.spans) if (addr >= s.gpa && addr + len <= s.end) return s.offset + addr - s.gpa;
    return null;
  }

  private noteOutside(what: string, addr: number, len: number): void {
    if (this.outside.length < 20) this.outside.push(`${what} of ${len} bytes at 0x${addr.toString(16)} is outside guest RAM`);
  }

  override read(addr: number, len: number, out: Uint8Array = new Uint8Array(len)): Uint8Array {
    this.dmaReads++;
    this.dmaReadBytes += len;
    if (this.mode === 'replay') {
      const r = this.reads[this.replayAt++];
      if (!r || r.addr !== addr || r.data.length !== len) {
        throw new GuestRamError('replayed DMA read', addr, `(${len} bytes, read #${this.replayAt - 1}) departs from the record (${r ? `0x${r.addr.toString(16)}, ${r.data.length} bytes` : 'no more reads'})`);
      }
      out.set(r.data);
      return out;
    }
    const off = this.fileOffset(addr, len);
    if (off === null) {
      this.noteOutside('DMA read', addr, len);
      out.fill(0, 0, len);
    } else readSync(this.fd!, out, 0, len, off);
    this.reads.push({ addr, data: out.slice(0, len) });
    return out;
  }

  override view(): Uint8Array | null {
    return null;
  }

  override writeFrom(addr: number, src: Uint8Array, start: number, end: number): void {
    this.write(addr + 0, src.subarray(start, end));
  }

  override write(addr: number, bytes: Uint8Array): void {
    this.dmaWrites++;
    this.dmaWriteBytes += bytes.length;
    this.hash = fnv1a(fnvNumber(this.hash, addr), bytes);
    if (this.mode === 'replay') return;
    const off = this.fileOffset(addr, bytes.length);
    if (off === null) this.noteOutside('DMA write', addr, bytes.length);
    else writeSync(this.fd!, bytes, 0, bytes.length, off);
  }

  override fill(addr: number, len: number, value: number): void {
    this.write(addr, new Uint8Array(len).fill(value));
  }

  override readU16(addr: number): number {
    const b = this.read(addr, 2);
    return b[0] | (b[1] << 8);
  }

  override readU32(addr: number): number {
    const b = this.read(addr, 4);
    return new DataView(b.buffer).getUint32(0, true);
  }

  override readU64(addr: number): number {
    const b = this.read(addr, 8);
    const dv = new DataView(b.buffer);
    return dv.getUint32(0, true) + dv.getUint32(4, true) * 0x1_0000_0000;
  }

  private writeLe(addr: number, value: number, n: number): void {
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, value % 0x1_0000_0000, true);
    dv.setUint32(4, Math.floor(value / 0x1_0000_0000), true);
    this.write(addr, b.subarray(0, n));
  }

  override writeU16(addr: number, value: number): void {
    this.writeLe(addr, value, 2);
  }

  override writeU32(addr: number, value: number): void {
    this.writeLe(addr, value, 4);
  }

  override writeU64(addr: number, value: number): void {
    this.writeLe(addr, value, 8);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
