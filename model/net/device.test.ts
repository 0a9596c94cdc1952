import { describe, expect, it } from 'vitest';
import { cfgRd0, completion } from '../tlp/build.js';
import { CplStatus } from '../tlp/types.js';
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

  it('discards an Unexpected Completion (PCIe r6.0 §2.3.2): no DEVICE_NEEDS_RESET, no output', () => {
    const m = new VirtioNetModel();
    const data = Uint8Array.from({ length: 64 }, (_, i) => i);
    m.pushCompletion(completion(0, m.fn.requesterId, 0x85, CplStatus.SC, 64, 0, 0, 0, false, data), 20);
    m.pushCompletion(completion(0, m.fn.requesterId, 0x86, CplStatus.UR, 4, 0, 0, 0, false, new Uint8Array(0)), 30);
    expect(m.advanceTo(200)).toEqual([]);
    expect(m.stats.needsResetReason).toBeNull();
    expect(m.fn.virtio.needsReset).toBe(false);
  });
});
