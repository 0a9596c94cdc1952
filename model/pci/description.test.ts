import { describe, expect, it } from 'vitest';
import { DeviceDescriptionError, parseDescription, REFERENCE_DEVICE } from './description.js';
import reference from './reference-device.json' with { type: 'json' };
import { paramsOf } from './layout.js';
import { ConfigSpace } from './config-space.js';

const clone = (): Record<string, any> => JSON.parse(JSON.stringify(reference));

describe('device descriptions', () => {
  it('the reference description decodes hex strings and defaults', () => {
    expect(REFERENCE_DEVICE.identity.subsystemId).toBe(0x1100);
    expect(REFERENCE_DEVICE.bars.virtio).toEqual({ index: 0, size: 0x4000, is64: true, prefetchable: false });
    expect(Array.from(REFERENCE_DEVICE.mac)).toEqual([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
  });

  it('the model is built from it: another layout gives another config space', () => {
    const raw = clone();
    raw.identity.subsystemId = '0x2222';
    raw.capabilities = { pcie: '0x40', pm: '0x80', msix: '0x88', virtioCommon: '0x98', virtioNotify: '0xa8', virtioIsr: '0xbc', virtioDevice: '0xcc', virtioPciCfg: '0xdc' };
    raw.msixVectors = 8;
    const d = parseDescription(raw);
    const cs = new ConfigSpace(paramsOf(d));
    expect(cs.cfgRead(0x2c) >>> 16).toBe(0x2222);
    expect(cs.walkCapabilities().map((c) => c.offset)).toEqual([0x40, 0x80, 0x88, 0x98, 0xa8, 0xbc, 0xcc, 0xdc]);
    expect((cs.cfgRead(0x88) >>> 16) & 0x7ff).toBe(7); // MSI-X Table Size = vectors - 1
  });

  it('every mistake is one DeviceDescriptionError naming the key and the value', () => {
    const cases: [(r: Record<string, any>) => void, RegExp][] = [
      [(r) => { r.identity.vendorId = 'xyz'; }, /identity\.vendorId = "xyz" must be an integer or a 0x hex string/],
      [(r) => { r.bars.virtio.size = '0x3000'; }, /bars\.virtio\.size = 12288 must be a power of two/],
      [(r) => { r.virtioRegions.notify.offset = '0x3800'; }, /virtioRegions\.notify .* must lie inside the virtio BAR/],
      [(r) => { r.capabilities.pm = '0x44'; }, /capabilities\.(pcie|pm) = .* overlaps capability/],
      [(r) => { r.queuePairs = 600; }, /queuePairs = 600 needs 1201 notify slots/],
      [(r) => { r.features.VIRTIO_NET_F_TURBO = true; }, /features\.VIRTIO_NET_F_TURBO = true is not an optional feature/],
      [(r) => { r.colour = 'blue'; }, /colour = "blue" is not a description key/],
      [(r) => { delete r.msixVectors; }, /msixVectors is missing/],
      [(r) => { r.mac = '52:54:00'; }, /mac = "52:54:00" must match pattern/],
      [(r) => { r.identity.deviceId = '0x1000'; }, /identity\.deviceId = 4096 must be 0x1041/],
      [(r) => { r.msixRegions.pba = '0x0020'; }, /msixRegions\.pba = 32 overlaps the MSI-X table/],
    ];
    for (const [edit, re] of cases) {
      const raw = clone();
      edit(raw);
      expect(() => parseDescription(raw)).toThrow(DeviceDescriptionError);
      expect(() => parseDescription(raw)).toThrow(re);
    }
  });
});
