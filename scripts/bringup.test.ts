import { describe, expect, it } from 'vitest';
import { BAR_ADDRESSES, bringUp, DEVICE_ID } from './bringup.js';

describe('register-level bring-up', () => {
  const r = bringUp();
  it('sizes the BARs from the all-ones read-back: 16 KiB and 8 KiB', () => {
    expect(r.barSizes).toEqual([0x4000, 0, 0x2000, 0, 0, 0]);
    expect(r.fn.config.barAddress(0)).toBe(BigInt(BAR_ADDRESSES[0]));
    expect(r.fn.config.barAddress(2)).toBe(BigInt(BAR_ADDRESSES[2]));
  });
  it('ends with DRIVER_OK, MSI-X enabled and queue 0 live', () => {
    expect(r.fn.virtio.deviceStatus).toBe(0x0f); // ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK
    expect(r.fn.config.msixEnabled).toBe(true);
    expect(r.fn.config.msixFunctionMask).toBe(false);
    expect(r.fn.config.memorySpaceEnabled && r.fn.config.busMasterEnabled).toBe(true);
    expect(r.fn.virtio.queue(0)?.enabled).toBe(true);
    expect(r.fn.virtio.queue(0)?.msixVector).toBe(1);
    expect(r.fn.requesterId).toBe(DEVICE_ID);
  });
  it('offers VIRTIO_F_VERSION_1 and VIRTIO_F_RING_PACKED (bits 32, 34)', () => {
    expect(r.deviceFeatures[1] & 0b101).toBe(0b101);
  });
  it('traces every request with a completion for the non-posted ones', () => {
    const reqs = r.host.trace.filter((l) => l.startsWith('->'));
    const nonPosted = reqs.filter((l) => !l.startsWith('-> MWr')).length;
    expect(r.host.trace.filter((l) => l.startsWith('<-')).length).toBe(nonPosted);
    expect(r.host.trace.some((l) => l.includes('status=UR') || l.startsWith('!!'))).toBe(false);
  });
  it('a queue interrupt after bring-up is an MSI-X MWr with vector 1 data', () => {
    r.fn.raiseQueueInterrupt(0);
    const ev = r.fn.drainEvents();
    expect(ev).toHaveLength(1);
    if (ev[0].kind !== 'tlp') throw new Error('expected an MSI-X message');
    expect(ev[0].tlp.address).toBe(0xfee0_0000n);
    expect(new DataView(ev[0].tlp.data.buffer).getUint32(0, true)).toBe(0x4021);
  });
});
