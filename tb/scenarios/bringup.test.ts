import { describe, expect, it } from 'vitest';
import { ModelHarness } from './harness.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';

describe('bring-up', () => {
  it('enumerates, negotiates and reaches DRIVER_OK', () => {
    const h = new ModelHarness();
    const d = new VirtioNetDriver(h, h.memory, { seed: 1 });
    d.bringUp();
    expect(d.deviceStatus & 0x4).toBe(4);
    expect(d.deviceStatus & 0x40).toBe(0);
    expect(h.rc.errors).toEqual([]);
  });
});
