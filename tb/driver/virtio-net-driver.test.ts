// Stimulus the device cannot take is refused naming the limit (against the golden model, the
// reference device: 1 queue pair, maxQueueSize 256): a queue pair it does not have, a queue size
// above its maximum.
import { describe, expect, it } from 'vitest';
import { bringUpHarness } from '../scenarios/harness.js';
import { REFERENCE_DEVICE } from '../../model/pci/description.js';
import { DriverError } from './dut.js';

describe('VirtioNetDriver refuses stimulus beyond the device', () => {
  it('a queue pair the device does not have, in every per-pair call', () => {
    const { d } = bringUpHarness([]);
    expect(d.numPairs).toBe(REFERENCE_DEVICE.queuePairs);
    const frame = new Uint8Array(60);
    for (const call of [() => d.sendFrame(1, frame), () => d.postRx(1), () => d.kickTx(2), () => d.receive(1), () => d.reclaimTx(-1), () => d.rxCapacity(1.5)]) {
      expect(call).toThrow(DriverError);
      expect(call).toThrow(/"pair" = [-\d.]+ is not a queue pair of the device: it has 1 in use \(queues 0\.\.1; more need VIRTIO_NET_F_MQ/);
    }
    expect(d.sendFrame(0, frame)).toBe(true); // pair 0 is there
  });

  it('a queue size above the device maximum (no silent clamp)', () => {
    const max = REFERENCE_DEVICE.maxQueueSize;
    expect(() => bringUpHarness([], {}, max + 1)).toThrow(new RegExp(`"queueSize" = 0x${(max + 1).toString(16)} is above queue 0's maximum queue_size ${max} \\(the device description's maxQueueSize\\)`));
    expect(bringUpHarness([], {}, max).d.queues[0]!.vring.size).toBe(max);
  });
});

describe('an MSI window above 2^63 (driver option msiBase, PCIe r6.0 §7.7.2)', () => {
  it('programs Message Upper Address with bit 31 set and the device signals there', async () => {
    const { ModelHarness } = await import('../scenarios/harness.js');
    const { highMsiBase } = await import('./layout.js');
    const base = highMsiBase(5);
    expect(base >= 1n << 63n).toBe(true);
    expect(highMsiBase(6)).not.toBe(base);
    const h = new ModelHarness({ host: { msiWindow: { base, size: 0x10_0000n } } });
    const { VirtioNetDriver } = await import('./virtio-net-driver.js');
    const d = new VirtioNetDriver(h, h.memory, { seed: 9, features: [], queueSize: 8, msix: true, eventMode: 'enable', msiBase: base });
    d.bringUp();
    const table = d.msixLocations().table;
    expect(d.pci.memRead(table + 16 + 4, 4)).toBe(Number(base >> 32n));
    expect(d.pci.memRead(table + 16, 4)).toBe(Number((base + 16n) & 0xffff_ffffn));
    // A TX frame: its used buffer notification is an MSI-X message at the window above 2^63.
    const frame = new Uint8Array(60);
    frame.set([0x02, 0, 0, 0, 0, 1], 0);
    expect(d.sendFrame(0, frame)).toBe(true);
    h.run(5000);
    expect(h.rc.interrupts.length).toBeGreaterThan(0);
    expect(h.rc.errors).toEqual([]);
    expect(() => new VirtioNetDriver(h, h.memory, { seed: 1, msiBase: base + 2n })).toThrow(/msiBase/);
  });
});

describe('control commands split otherwise than Linux does (virtio §5.1.9.5)', () => {
  it('1-byte readable elements and a writable part of several elements: the ack in the first byte, used len 1', async () => {
    const { bringUpHarness: up } = await import('../scenarios/harness.js');
    const F = await import('../../model/virtio/features.js');
    const { d } = up([F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_MAC]);
    expect(d.ctrlCommand(0, 0, Uint8Array.of(1), 200_000, { readable: [1, 1, 1], writable: [1, 7, 2] })).toBe(0);
    expect(d.ctrlCommand(0x7f, 0, Uint8Array.of(1, 2), 200_000, { readable: [3, 1], writable: [4] })).toBe(1);
    expect(() => d.ctrlCommand(0, 0, Uint8Array.of(1), 200_000, { readable: [1, 1] })).toThrow(/does not cover the 3-byte request/);
  });
});
