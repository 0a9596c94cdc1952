// Guest memory as the vhost-user front-end shares it (VHOST_USER_SET_MEM_TABLE), and the ring's
// Dma interface (model/dma/types.ts) over it. Each region has a guest address (what descriptors
// carry), a user address (what VHOST_USER_SET_VRING_ADDR carries: the front-end's virtual
// address) and an mmap offset into the region's fd (vhost-user.rst "Memory access").
//
// The model only ever sees guest addresses: ring addresses are translated from user to guest
// address once, when the ring is set up (toGuest).
//
// Ordering against the real driver running in another process (virtio §2.8.21 barriers): a read
// of at most 16 bytes (a descriptor, or the 4-byte event suppression area) loads the last
// 16-bit word (flags) with Atomics.load before copying the rest, so the body is never older than
// the flags that published it; a 2-byte write (used flags) is an Atomics.store issued after the
// id/len write before it. Both are sequentially consistent, so neither V8 nor the CPU moves the
// plain accesses across them.

import type { Dma, DmaReadClient } from '../../model/dma/types.js';
import { DmaFault } from '../../model/dma/types.js';

export interface MemRegionDesc {
  guestPhysAddr: number;
  memorySize: number;
  userspaceAddr: number;
  mmapOffset: number;
}

export interface MappedRegion extends MemRegionDesc {
  /** The mapping of [0, mmapOffset + memorySize) of the fd; the region is bytes at mmapOffset. */
  readonly mapping: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array | null;
}

export class GuestMemoryError extends Error {
  constructor(field: string, value: number, reason: string) {
    super(`guest memory ${field} 0x${value.toString(16)}: ${reason}`);
    this.name = 'GuestMemoryError';
  }
}

export class GuestMemory implements Dma {
  private regions: MappedRegion[] = [];
  private last: MappedRegion | null = null;
  /** Bytes read and written through the Dma interface (for reports). */
  bytesRead = 0;
  bytesWritten = 0;

  constructor(private readonly unmap: (ab: ArrayBuffer) => void = () => {}) {}

  /** Replace the table; the previous mappings are unmapped. */
  setRegions(regions: { desc: MemRegionDesc; mapping: ArrayBuffer }[]): void {
    this.clear();
    for (const { desc, mapping } of regions) {
      const u8 = new Uint8Array(mapping, desc.mmapOffset, desc.memorySize);
      // A 16-bit view needs an even start; mappings start page aligned, so only an odd mmap_offset prevents it.
      const u16 = desc.mmapOffset % 2 === 0 ? new Uint16Array(mapping, desc.mmapOffset, Math.floor(desc.memorySize / 2)) : null;
      this.regions.push({ ...desc, mapping, u8, u16 });
    }
  }

  clear(): void {
    for (const r of this.regions) this.unmap(r.mapping);
    this.regions = [];
    this.last = null;
  }

  get regionCount(): number {
    return this.regions.length;
  }

  /** Front-end user address -> guest address (for ring addresses, vhost-user.rst "Memory access"). */
  toGuest(userAddr: number, len: number): number {
    for (const r of this.regions) {
      if (userAddr >= r.userspaceAddr && userAddr + len <= r.userspaceAddr + r.memorySize) return userAddr - r.userspaceAddr + r.guestPhysAddr;
    }
    throw new GuestMemoryError('user address', userAddr, `(+${len} bytes) is in no region of the memory table`);
  }

  private find(addr: number, len: number): MappedRegion | null {
    const l = this.last;
    if (l && addr >= l.guestPhysAddr && addr + len <= l.guestPhysAddr + l.memorySize) return l;
    for (const r of this.regions) {
      if (addr >= r.guestPhysAddr && addr + len <= r.guestPhysAddr + r.memorySize) {
        this.last = r;
        return r;
      }
    }
    return null;
  }

  read(addr: number, len: number, client: DmaReadClient, cookie: number): void {
    const r = this.find(addr, len);
    if (!r) {
      client.dmaReadFailed(cookie, new DmaFault('UnsupportedRequest', 0, addr, -1, `read of ${len} bytes is outside the guest memory table`));
      return;
    }
    const off = addr - r.guestPhysAddr;
    this.bytesRead += len;
    if (len <= 16 && len >= 2 && r.u16 && (off + len) % 2 === 0) {
      const flags = Atomics.load(r.u16, (off + len - 2) >> 1); // acquire the publishing word first
      const out = r.u8.slice(off, off + len);
      out[len - 2] = flags & 0xff;
      out[len - 1] = flags >>> 8;
      client.dmaReadDone(cookie, out);
      return;
    }
    client.dmaReadDone(cookie, r.u8.slice(off, off + len));
  }

  write(addr: number, data: Uint8Array): void {
    const r = this.find(addr, data.length);
    if (!r) throw new GuestMemoryError('guest address', addr, `write of ${data.length} bytes is outside the guest memory table`);
    const off = addr - r.guestPhysAddr;
    this.bytesWritten += data.length;
    if (data.length === 2 && r.u16 && off % 2 === 0) {
      Atomics.store(r.u16, off >> 1, data[0] | (data[1] << 8)); // release: flags after id/len and data
      return;
    }
    r.u8.set(data, off);
  }
}
