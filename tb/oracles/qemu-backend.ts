// Backend: QEMU's virtio-net-pci through qtest. Config cycles use the 0xCF8/0xCFC mechanism
// (PCI Local Bus 3.0 §3.2.2.3.2), memory accesses the qtest readX/writeX commands.

import { BackendError, SLOT, type AccessSize, type Backend, type DeviceProps } from './backend.js';
import { QtestClient, type QemuOptions } from './qemu-qtest.js';

const CONFIG_ADDRESS = 0xcf8;
const CONFIG_DATA = 0xcfc;

export class QemuBackend implements Backend {
  readonly name = 'qemu' as const;
  private constructor(readonly qt: QtestClient) {}

  static async start(props: DeviceProps = {}, opts: QemuOptions = {}): Promise<QemuBackend> {
    const deviceProps = [...(opts.deviceProps ?? [])];
    if (props.mtu !== undefined) deviceProps.push(`host_mtu=${props.mtu}`);
    return new QemuBackend(await QtestClient.start({ ...opts, slot: SLOT, deviceProps }));
  }

  private async select(offset: number): Promise<void> {
    if (offset < 0 || offset > 0xff) throw new BackendError('qemu', 'config offset', offset, 'is beyond the 256 bytes 0xCF8/0xCFC reaches');
    await this.qt.outl(CONFIG_ADDRESS, (0x8000_0000 | (SLOT << 11) | (offset & 0xfc)) >>> 0);
  }

  async cfgRead(offset: number, size: AccessSize): Promise<number> {
    await this.select(offset);
    const port = CONFIG_DATA + (offset & 3);
    return size === 1 ? this.qt.inb(port) : size === 2 ? this.qt.inw(port) : this.qt.inl(port);
  }

  async cfgWrite(offset: number, size: AccessSize, value: number): Promise<void> {
    await this.select(offset);
    const port = CONFIG_DATA + (offset & 3);
    if (size === 1) await this.qt.outb(port, value);
    else if (size === 2) await this.qt.outw(port, value);
    else await this.qt.outl(port, value);
  }

  memRead(addr: number, size: AccessSize): Promise<number> {
    return this.qt.read(addr, size);
  }

  async memWrite(addr: number, size: AccessSize, value: number): Promise<void> {
    await this.qt.write(addr, size, value);
  }

  ramRead(addr: number, len: number): Promise<Uint8Array> {
    return this.qt.readBytes(addr, len);
  }

  async ramWrite(addr: number, bytes: Uint8Array): Promise<void> {
    await this.qt.writeBytes(addr, bytes);
  }

  /** QEMU runs its device model in its own main loop; give it a moment (the callers poll with a bound). */
  async settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.qt.close();
  }
}
