// What the interpreter needs from a device under test: config cycles, memory-space accesses at
// bus addresses (BARs and guest RAM alike), and a way to let the device run. The QEMU backend
// (qemu-backend.ts) and the model backend (model-backend.ts) both implement it.

export type AccessSize = 1 | 2 | 4;

export interface Backend {
  readonly name: 'qemu' | 'model';
  /** Config read of `size` bytes at `offset` (naturally aligned) of the function. */
  cfgRead(offset: number, size: AccessSize): Promise<number>;
  cfgWrite(offset: number, size: AccessSize, value: number): Promise<void>;
  /** Memory read/write as the CPU issues it (reaches a BAR or guest RAM). */
  memRead(addr: number, size: AccessSize): Promise<number>;
  memWrite(addr: number, size: AccessSize, value: number): Promise<void>;
  /** Guest RAM bytes (never a BAR). */
  ramRead(addr: number, len: number): Promise<Uint8Array>;
  ramWrite(addr: number, bytes: Uint8Array): Promise<void>;
  /** Let the device act on what it was told (DMA, interrupts); returns once it has or after a bound. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Device properties a script may ask for (`device` line), mapped to each backend's options. */
export interface DeviceProps {
  /** virtio-net mtu (offers VIRTIO_NET_F_MTU). */
  mtu?: number;
}

export class BackendError extends Error {
  constructor(backend: string, field: string, value: number | string, why: string) {
    super(`${backend}: ${field} = ${typeof value === 'number' ? '0x' + value.toString(16) : value}: ${why}`);
    this.name = 'BackendError';
  }
}

/** PCI slot (device number on bus 0) both backends put the function at. */
export const SLOT = 4;
