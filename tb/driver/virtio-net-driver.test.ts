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
