import { describe, expect, it } from 'vitest';
import { decodeNotify } from './notify.js';
import { VirtioPciRegs } from './regs.js';
import { VIRTIO_F_NOTIFICATION_DATA } from './features.js';
import { bringUp, readDeviceFeatures } from './testing.js';

describe('notify decoding (§4.1.4.4, §4.1.5.2)', () => {
  it('a 16-bit write at queue_notify_off * 4 notifies that queue', () => {
    expect(decodeNotify(4, 2, 1, 3, false, 4)).toEqual([{ kind: 'notify', queue: 1, data: 1 }]);
    expect(decodeNotify(8, 2, 2, 3, false, 4)).toEqual([{ kind: 'notify', queue: 2, data: 2 }]);
  });

  it('with NOTIFICATION_DATA a 32-bit write carries next_off and next_wrap', () => {
    // vq 1, next_off 0x1234, next_wrap 1: le32 = 1 | 0x1234 << 16 | 1 << 31
    const v = (1 | (0x1234 << 16) | (1 << 31)) >>> 0;
    expect(decodeNotify(4, 4, v, 3, true, 4)).toEqual([{ kind: 'notify', queue: 1, data: v, nextOff: 0x1234, nextWrap: 1 }]);
    expect(decodeNotify(0, 4, 0x7fff_0000, 3, true, 4)).toEqual([{ kind: 'notify', queue: 0, data: 0x7fff_0000, nextOff: 0x7fff, nextWrap: 0 }]);
  });

  it('without NOTIFICATION_DATA a 32-bit write only carries the index', () => {
    expect(decodeNotify(4, 4, 0x8001_0001, 3, false, 4)).toEqual([{ kind: 'notify', queue: 1, data: 1 }]);
  });

  it('other offsets, absent queues and byte writes are unmapped', () => {
    expect(decodeNotify(2, 2, 0, 3, false, 4)).toEqual([{ kind: 'unmapped', region: 'notify', offset: 2, size: 2 }]);
    expect(decodeNotify(12, 2, 3, 3, false, 4)).toEqual([{ kind: 'unmapped', region: 'notify', offset: 12, size: 2 }]);
    expect(decodeNotify(4, 1, 1, 3, false, 4)).toEqual([{ kind: 'unmapped', region: 'notify', offset: 4, size: 1 }]);
    expect(decodeNotify(5, 2, 1, 3, false, 4)).toEqual([
      { kind: 'misaligned', region: 'notify', offset: 5, size: 2 },
      { kind: 'unmapped', region: 'notify', offset: 5, size: 2 },
    ]);
  });

  it('the register block uses the negotiated NOTIFICATION_DATA bit; reads return 0', () => {
    const plain = new VirtioPciRegs();
    bringUp(plain);
    expect(plain.write('notify', 4, 4, 0x8005_0001)).toEqual([{ kind: 'notify', queue: 1, data: 1 }]);
    expect(plain.read('notify', 4, 2)).toBe(0);

    const nd = new VirtioPciRegs(undefined, { features: { VIRTIO_F_NOTIFICATION_DATA: true } });
    bringUp(nd, readDeviceFeatures(nd));
    expect(nd.hasFeature(VIRTIO_F_NOTIFICATION_DATA)).toBe(true);
    expect(nd.write('notify', 4, 4, 0x8005_0001)).toEqual([{ kind: 'notify', queue: 1, data: 0x8005_0001, nextOff: 5, nextWrap: 1 }]);
  });
});
