import { describe, expect, it } from 'vitest';
import { cfgRd0 } from '../tlp/build.js';
import { VirtioNetModel } from './device.js';
import { NetError } from './errors.js';

describe('VirtioNetModel API', () => {
  it('answers a config read on tx_cpl after the profile latency, not before', () => {
    const m = new VirtioNetModel();
    m.pushRequest(cfgRd0({ requesterId: 0, tag: 5, targetId: 0x0100, register: 0 }), 10);
    expect(m.advanceTo(10)).toEqual([]);
    const L = m.profile.latency;
    const out = m.advanceTo(10 + L.requestDecode + L.completionGeneration);
    expect(out.length).toBe(1);
    expect(out[0].channel).toBe('tx_cpl');
    expect(out[0].tlp!.tag).toBe(5);
    // Vendor ID 0x1af4, Device ID 0x1041 (virtio §4.1.2.1).
    expect([...out[0].tlp!.data]).toEqual([0xf4, 0x1a, 0x41, 0x10]);
  });

  it('refuses to go back in time with a typed error', () => {
    const m = new VirtioNetModel();
    m.advanceTo(100);
    expect(() => m.advanceTo(99)).toThrow(NetError);
  });

  it('drops frames before DRIVER_OK and counts them', () => {
    const m = new VirtioNetModel();
    m.pushFrame(new Uint8Array(60), 0);
    m.advanceTo(10);
    expect(m.stats.rxDropped.not_ready).toBe(1);
  });
});
