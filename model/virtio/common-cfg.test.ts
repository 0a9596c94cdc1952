import { describe, expect, it } from 'vitest';
import { COMMON_CFG_FIELDS, NO_VECTOR } from './common-cfg.js';
import type { RegEvent } from './events.js';
import { FeatureSet, VIRTIO_F_IN_ORDER, VIRTIO_F_RING_PACKED, VIRTIO_F_RING_RESET, VIRTIO_F_VERSION_1, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_MQ } from './features.js';
import { VirtioPciRegs } from './regs.js';
import { DEVICE_STATUS } from './status.js';
import { OFF, bringUp, kinds, negotiate, readDeviceFeatures, setupQueue, writeDriverFeatures } from './testing.js';

const PARAMS = { numQueuePairs: 1, maxQueueSize: 256, msixVectors: 4, tagCount: 16 };
const fresh = (): VirtioPciRegs => new VirtioPciRegs(PARAMS);
const rd = (r: VirtioPciRegs, off: number, size: 1 | 2 | 4): number => r.read('common', off, size);
const wr = (r: VirtioPciRegs, off: number, size: 1 | 2 | 3 | 4, v: number): RegEvent[] => r.write('common', off, size, v);

/**
 * struct virtio_pci_common_cfg as the spec (§4.1.4.3) and Linux's virtio_pci.h give it, with the
 * reset value each field must show for PARAMS (queue_select = 0 = receiveq1).
 */
const SPEC: Record<string, { offset: number; width: number; access: 'RW' | 'RO'; reset: number }> = {
  device_feature_select: { offset: OFF.DFSELECT, width: 4, access: 'RW', reset: 0 },
  device_feature: { offset: OFF.DF, width: 4, access: 'RO', reset: -1 /* offered window 0, checked below */ },
  driver_feature_select: { offset: OFF.GFSELECT, width: 4, access: 'RW', reset: 0 },
  driver_feature: { offset: OFF.GF, width: 4, access: 'RW', reset: 0 },
  config_msix_vector: { offset: OFF.MSIX, width: 2, access: 'RW', reset: 0xffff }, // §4.1.5.1.2.1
  num_queues: { offset: OFF.NUMQ, width: 2, access: 'RO', reset: 3 }, // rx1, tx1, ctrl
  device_status: { offset: OFF.STATUS, width: 1, access: 'RW', reset: 0 },
  config_generation: { offset: OFF.CFGGENERATION, width: 1, access: 'RO', reset: 0 },
  queue_select: { offset: OFF.Q_SELECT, width: 2, access: 'RW', reset: 0 },
  queue_size: { offset: OFF.Q_SIZE, width: 2, access: 'RW', reset: 256 },
  queue_msix_vector: { offset: OFF.Q_MSIX, width: 2, access: 'RW', reset: 0xffff },
  queue_enable: { offset: OFF.Q_ENABLE, width: 2, access: 'RW', reset: 0 },
  queue_notify_off: { offset: OFF.Q_NOFF, width: 2, access: 'RO', reset: 0 },
  queue_desc_lo: { offset: OFF.Q_DESCLO, width: 4, access: 'RW', reset: 0 },
  queue_desc_hi: { offset: OFF.Q_DESCHI, width: 4, access: 'RW', reset: 0 },
  queue_driver_lo: { offset: OFF.Q_AVAILLO, width: 4, access: 'RW', reset: 0 },
  queue_driver_hi: { offset: OFF.Q_AVAILHI, width: 4, access: 'RW', reset: 0 },
  queue_device_lo: { offset: OFF.Q_USEDLO, width: 4, access: 'RW', reset: 0 },
  queue_device_hi: { offset: OFF.Q_USEDHI, width: 4, access: 'RW', reset: 0 },
  queue_notif_config_data: { offset: OFF.Q_NDATA, width: 2, access: 'RO', reset: 0 },
  queue_reset: { offset: OFF.Q_RESET, width: 2, access: 'RW', reset: 0 },
  admin_queue_index: { offset: OFF.ADM_Q_IDX, width: 2, access: 'RO', reset: 0 },
  admin_queue_num: { offset: OFF.ADM_Q_NUM, width: 2, access: 'RO', reset: 0 },
};

/** For each RW field: a legal write on a fresh device and what must read back. */
const RW_WRITE: Record<string, { value: number; readBack: number; events?: string[] }> = {
  device_feature_select: { value: 1, readBack: 1 },
  driver_feature_select: { value: 2, readBack: 2 },
  driver_feature: { value: 0x0000_0021, readBack: 0x0000_0021 },
  config_msix_vector: { value: 3, readBack: 3 },
  device_status: { value: DEVICE_STATUS.ACKNOWLEDGE, readBack: DEVICE_STATUS.ACKNOWLEDGE, events: ['status'] },
  queue_select: { value: 2, readBack: 2 },
  queue_size: { value: 64, readBack: 64 },
  queue_msix_vector: { value: 1, readBack: 1 },
  queue_enable: { value: 1, readBack: 1, events: ['queueEnable'] },
  queue_desc_lo: { value: 0x1234_5670, readBack: 0x1234_5670 },
  queue_desc_hi: { value: 0x8, readBack: 0x8 },
  queue_driver_lo: { value: 0xffff_fffc, readBack: 0xffff_fffc },
  queue_driver_hi: { value: 0x1, readBack: 0x1 },
  queue_device_lo: { value: 0x40, readBack: 0x40 },
  queue_device_hi: { value: 0x7fff_ffff, readBack: 0x7fff_ffff },
  // Without VIRTIO_F_RING_RESET negotiated the write is refused (queue_reset covered below).
  queue_reset: { value: 1, readBack: 0, events: ['ignored'] },
};

describe('common configuration table (§4.1.4.3)', () => {
  it('has exactly the spec fields at the spec offsets, widths and access', () => {
    expect(COMMON_CFG_FIELDS.map((f) => f.name).sort()).toEqual(Object.keys(SPEC).sort());
    for (const f of COMMON_CFG_FIELDS) {
      const { offset, width, access } = SPEC[f.name];
      expect([f.name, f.offset, f.width, f.access]).toEqual([f.name, offset, width, access]);
    }
    // sorted and non-overlapping, 64 bytes in all
    for (let i = 1; i < COMMON_CFG_FIELDS.length; i++) {
      const p = COMMON_CFG_FIELDS[i - 1];
      expect(COMMON_CFG_FIELDS[i].offset).toBe(p.offset + p.width);
    }
  });

  it('every field reads its reset value', () => {
    const r = fresh();
    for (const f of COMMON_CFG_FIELDS) {
      const want = f.name === 'device_feature' ? r.offeredFeatures.window(0) : SPEC[f.name].reset;
      expect([f.name, rd(r, f.offset, f.width)]).toEqual([f.name, want]);
    }
  });

  it('every RO field ignores writes and reports readOnly', () => {
    for (const f of COMMON_CFG_FIELDS.filter((x) => x.access === 'RO')) {
      const r = fresh();
      const before = rd(r, f.offset, f.width);
      const v = f.width === 1 ? 0x5a : f.width === 2 ? 0x5a5a : 0x5a5a5a5a;
      expect([f.name, wr(r, f.offset, f.width, v)]).toEqual([f.name, [{ kind: 'readOnly', region: 'common', field: f.name, value: v }]]);
      expect([f.name, rd(r, f.offset, f.width)]).toEqual([f.name, before]);
    }
  });

  it('every RW field takes a legal write as specified', () => {
    for (const f of COMMON_CFG_FIELDS.filter((x) => x.access === 'RW')) {
      const spec = RW_WRITE[f.name];
      expect(spec, `no write expectation for ${f.name}`).toBeDefined();
      const r = fresh();
      const ev = wr(r, f.offset, f.width, spec.value);
      expect([f.name, kinds(ev)]).toEqual([f.name, spec.events ?? []]);
      expect([f.name, rd(r, f.offset, f.width)]).toEqual([f.name, spec.readBack]);
    }
  });

  it('a device reset (status 0) brings every field back to its reset value', () => {
    const r = new VirtioPciRegs(PARAMS);
    bringUp(r);
    setupQueue(r, 1, { size: 32, vector: 2, desc: 0x1_0000_1000, driver: 0x2000, device: 0x3000 });
    wr(r, OFF.MSIX, 2, 1);
    wr(r, OFF.DFSELECT, 4, 1);
    r.setIsr(3);
    const ev = wr(r, OFF.STATUS, 1, 0);
    expect(kinds(ev)).toEqual(['status', 'reset']);
    expect(r.isrStatus).toBe(0);
    expect(r.negotiatedFeatures.bits()).toEqual([]);
    for (const q of [0, 1, 2]) {
      wr(r, OFF.Q_SELECT, 2, q);
      for (const f of COMMON_CFG_FIELDS.filter((x) => x.scope === 'queue')) {
        const want = f.name === 'queue_notify_off' ? q : SPEC[f.name].reset;
        expect([q, f.name, rd(r, f.offset, f.width)]).toEqual([q, f.name, want]);
      }
    }
    wr(r, OFF.Q_SELECT, 2, 0);
    for (const f of COMMON_CFG_FIELDS.filter((x) => x.scope === 'device')) {
      const want = f.name === 'device_feature' ? r.offeredFeatures.window(0) : SPEC[f.name].reset;
      expect([f.name, rd(r, f.offset, f.width)]).toEqual([f.name, want]);
    }
  });
});

describe('device_status state machine (§2.1, §3.1.1)', () => {
  it('walks ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK', () => {
    const r = fresh();
    const ev = negotiate(r);
    expect(kinds(ev)).toEqual(['status', 'featuresOk']);
    expect(rd(r, OFF.STATUS, 1)).toBe(0x0b);
    expect(r.featuresOk && !r.driverOk).toBe(true);
    expect(r.negotiatedFeatures.equals(r.offeredFeatures)).toBe(true);
    expect(kinds(wr(r, OFF.STATUS, 1, 0x0f))).toEqual(['status', 'driverOk']);
    expect(r.driverOk).toBe(true);
  });

  const refused = (features: FeatureSet, params = PARAMS): { ev: RegEvent[]; r: VirtioPciRegs } => {
    const r = new VirtioPciRegs(params);
    const ev = negotiate(r, features);
    return { ev, r };
  };

  it('refuses FEATURES_OK without VERSION_1 and leaves the bit clear', () => {
    const r0 = fresh();
    const { ev, r } = refused(readDeviceFeatures(r0).delete(VIRTIO_F_VERSION_1));
    expect(ev).toContainEqual(expect.objectContaining({ kind: 'featuresOkRefused', reason: 'missingMandatory' }));
    expect(rd(r, OFF.STATUS, 1)).toBe(DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER);
    expect(r.featuresOk).toBe(false);
    expect(r.negotiatedFeatures.bits()).toEqual([]);
  });

  it('refuses FEATURES_OK without RING_PACKED (packed-only device)', () => {
    const { ev } = refused(readDeviceFeatures(fresh()).delete(VIRTIO_F_RING_PACKED));
    expect(ev).toContainEqual(expect.objectContaining({ kind: 'featuresOkRefused', reason: 'missingMandatory' }));
  });

  it('refuses MQ without CTRL_VQ', () => {
    const params = { ...PARAMS, numQueuePairs: 2 };
    const { ev, r } = refused(FeatureSet.of([VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED, VIRTIO_NET_F_MQ]), params);
    expect(ev).toContainEqual(expect.objectContaining({ kind: 'featuresOkRefused', reason: 'dependency' }));
    expect(r.featuresOk).toBe(false);
    // the same driver then fixes its set and succeeds without a reset
    writeDriverFeatures(r, FeatureSet.of([VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED, VIRTIO_NET_F_MQ, VIRTIO_NET_F_CTRL_VQ]));
    expect(kinds(wr(r, OFF.STATUS, 1, 0x0b))).toEqual(['status', 'featuresOk']);
    expect(r.hasFeature(VIRTIO_NET_F_MQ)).toBe(true);
  });

  it('refuses a bit that was not offered', () => {
    const { ev } = refused(readDeviceFeatures(fresh()).add(VIRTIO_F_IN_ORDER));
    expect(ev).toContainEqual(expect.objectContaining({ kind: 'featuresOkRefused', reason: 'notOffered' }));
  });

  it('does not latch DRIVER_OK written together with a refused FEATURES_OK, nor without FEATURES_OK', () => {
    const r = fresh();
    wr(r, OFF.STATUS, 1, 3);
    expect(kinds(wr(r, OFF.STATUS, 1, 0x0f))).toEqual(['featuresOkRefused']); // value unchanged: no 'status'
    expect(rd(r, OFF.STATUS, 1)).toBe(3);
    expect(kinds(wr(r, OFF.STATUS, 1, 0x07))).toEqual(['ignored']);
    expect(rd(r, OFF.STATUS, 1)).toBe(3);
  });

  it('ignores driver_feature writes after FEATURES_OK (checklist pitfall 23)', () => {
    const r = fresh();
    negotiate(r, FeatureSet.of([VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED]));
    wr(r, OFF.GFSELECT, 4, 1);
    expect(kinds(wr(r, OFF.GF, 4, 0xffff_ffff))).toEqual(['ignored']);
    expect(rd(r, OFF.GF, 4)).toBe((1 << (VIRTIO_F_VERSION_1 - 32)) | (1 << (VIRTIO_F_RING_PACKED - 32)));
  });

  it('DEVICE_NEEDS_RESET is device-owned and notifies only after DRIVER_OK', () => {
    const r = fresh();
    negotiate(r);
    expect(r.setNeedsReset('bad descriptor')).toEqual({ notify: false });
    expect(rd(r, OFF.STATUS, 1)).toBe(0x4b);
    expect(r.isrStatus).toBe(0);
    // driver writes DRIVER_OK without the 0x40 bit: the bit stays
    wr(r, OFF.STATUS, 1, 0x0f);
    expect(rd(r, OFF.STATUS, 1)).toBe(0x4f);
    expect(r.needsReset && r.needsResetReason === 'bad descriptor').toBe(true);
    wr(r, OFF.STATUS, 1, 0);
    expect(r.needsReset || r.needsResetReason !== null).toBe(false);

    const live = fresh();
    bringUp(live);
    expect(live.setNeedsReset('x')).toEqual({ notify: true });
    expect(live.isrStatus).toBe(2); // §4.1.4.5.1: config bit before the notification
    expect(live.setNeedsReset('y')).toEqual({ notify: false });
    expect(live.needsResetReason).toBe('x');
  });

  it('the driver cannot set DEVICE_NEEDS_RESET or SUSPEND; FAILED is stored', () => {
    const r = fresh();
    expect(kinds(wr(r, OFF.STATUS, 1, 0x41))).toEqual(['ignored', 'status']);
    expect(rd(r, OFF.STATUS, 1)).toBe(1);
    wr(r, OFF.STATUS, 1, 0x11);
    expect(rd(r, OFF.STATUS, 1)).toBe(1);
    wr(r, OFF.STATUS, 1, 0x81);
    expect(rd(r, OFF.STATUS, 1)).toBe(0x81);
  });
});

describe('feature select windows (§4.1.4.3.1)', () => {
  it('device_feature shows windows 0..3 and 0 beyond', () => {
    const r = fresh();
    const off = r.offeredFeatures;
    for (const sel of [0, 1, 2, 3]) {
      wr(r, OFF.DFSELECT, 4, sel);
      expect(rd(r, OFF.DF, 4)).toBe(off.window(sel));
    }
    expect(off.window(1) & (1 << (VIRTIO_F_VERSION_1 - 32))).not.toBe(0);
    for (const sel of [4, 0xffff_ffff]) {
      wr(r, OFF.DFSELECT, 4, sel);
      expect(rd(r, OFF.DFSELECT, 4)).toBe(sel);
      expect(rd(r, OFF.DF, 4)).toBe(0);
    }
  });

  it('driver_feature windows are independent; select >= 4 reads 0 and ignores non-zero writes', () => {
    const r = fresh();
    for (const sel of [0, 1, 2, 3]) {
      wr(r, OFF.GFSELECT, 4, sel);
      wr(r, OFF.GF, 4, 0x100 + sel);
    }
    for (const sel of [3, 2, 1, 0]) {
      wr(r, OFF.GFSELECT, 4, sel);
      expect(rd(r, OFF.GF, 4)).toBe(0x100 + sel);
    }
    wr(r, OFF.GFSELECT, 4, 4);
    expect(kinds(wr(r, OFF.GF, 4, 1))).toEqual(['ignored']);
    expect(rd(r, OFF.GF, 4)).toBe(0);
  });
});

describe('MSI-X vector mapping (§4.1.5.1.2.1)', () => {
  it('a vector beyond the table reads back NO_VECTOR and is reported', () => {
    const r = fresh();
    expect(wr(r, OFF.Q_MSIX, 2, 4)).toEqual([{ kind: 'vectorRefused', field: 'queue_msix_vector', queue: 0, vector: 4 }]);
    expect(rd(r, OFF.Q_MSIX, 2)).toBe(NO_VECTOR);
    wr(r, OFF.Q_MSIX, 2, 3);
    expect(rd(r, OFF.Q_MSIX, 2)).toBe(3);
    expect(wr(r, OFF.Q_MSIX, 2, NO_VECTOR)).toEqual([]);
    expect(rd(r, OFF.Q_MSIX, 2)).toBe(NO_VECTOR);
    expect(kinds(wr(r, OFF.MSIX, 2, 0x7ff))).toEqual(['vectorRefused']);
    expect(rd(r, OFF.MSIX, 2)).toBe(NO_VECTOR);
    expect(r.queue(0)!.msixVector).toBe(NO_VECTOR);
  });
});

describe('per-queue configuration', () => {
  it('queue_size accepts 1..max (any value for packed), refuses 0 and > max', () => {
    const r = fresh();
    for (const bad of [0, 257, 0xffff]) {
      expect(kinds(wr(r, OFF.Q_SIZE, 2, bad))).toEqual(['ignored']);
      expect(rd(r, OFF.Q_SIZE, 2)).toBe(256);
    }
    for (const ok of [1, 100, 256]) {
      wr(r, OFF.Q_SIZE, 2, ok);
      expect(rd(r, OFF.Q_SIZE, 2)).toBe(ok);
    }
  });

  it('an absent queue reads size 0 and ignores writes', () => {
    const r = fresh();
    wr(r, OFF.Q_SELECT, 2, 3);
    expect(rd(r, OFF.Q_SIZE, 2)).toBe(0);
    expect(rd(r, OFF.Q_MSIX, 2)).toBe(NO_VECTOR);
    expect(kinds(wr(r, OFF.Q_SIZE, 2, 16))).toEqual(['ignored']);
    expect(kinds(wr(r, OFF.Q_ENABLE, 2, 1))).toEqual(['ignored']);
    expect(rd(r, OFF.Q_ENABLE, 2)).toBe(0);
  });

  it('queue_notify_off is the queue index; num_queues = 2N + ctrl', () => {
    const r = new VirtioPciRegs({ ...PARAMS, numQueuePairs: 4 });
    expect(rd(r, OFF.NUMQ, 2)).toBe(9);
    for (let q = 0; q < 9; q++) {
      wr(r, OFF.Q_SELECT, 2, q);
      expect(rd(r, OFF.Q_NOFF, 2)).toBe(q);
    }
    const noCtrl = new VirtioPciRegs(PARAMS, {
      features: { VIRTIO_NET_F_CTRL_VQ: false, VIRTIO_NET_F_CTRL_RX: false, VIRTIO_NET_F_CTRL_MAC_ADDR: false },
    });
    expect(rd(noCtrl, OFF.NUMQ, 2)).toBe(2);
    expect(noCtrl.offeredFeatures.has(VIRTIO_NET_F_CTRL_VQ)).toBe(false);
  });

  it('queue_enable: 0 is refused, 1 latches and reports the programming; config then frozen', () => {
    const r = fresh();
    bringUp(r);
    expect(kinds(wr(r, OFF.Q_ENABLE, 2, 0))).toEqual(['ignored']);
    const ev = setupQueue(r, 1, { size: 128, vector: 1, desc: 0x2_0000_0000 + 0x1000, driver: 0x3004, device: 0x4008 });
    expect(ev).toEqual([
      {
        kind: 'queueEnable',
        queue: 1,
        config: { index: 1, size: 128, enabled: true, desc: 0x2_0000_1000, driver: 0x3004, device: 0x4008, msixVector: 1, notifyOff: 1 },
      },
    ]);
    expect(kinds(wr(r, OFF.Q_SIZE, 2, 64))).toEqual(['ignored']);
    expect(kinds(wr(r, OFF.Q_DESCLO, 4, 0))).toEqual(['ignored']);
    expect(kinds(wr(r, OFF.Q_ENABLE, 2, 1))).toEqual(['ignored']);
    expect(r.queue(1)!.size).toBe(128);
  });

  it('64-bit addresses are two independent 32-bit halves, written in any order', () => {
    const r = fresh();
    wr(r, OFF.Q_DESCHI, 4, 0x1);
    wr(r, OFF.Q_DESCLO, 4, 0x8000_0000);
    expect(r.queue(0)!.desc).toBe(0x1_8000_0000);
    wr(r, OFF.Q_DESCHI, 4, 0);
    expect(r.queue(0)!.desc).toBe(0x8000_0000);
    expect(rd(r, OFF.Q_DESCLO, 4)).toBe(0x8000_0000);
  });

  it('misaligned ring addresses are reported at enable (§2.8.10.1)', () => {
    const r = fresh();
    const ev = setupQueue(r, 0, { desc: 0x1008, driver: 0x2002, device: 0x3000 });
    expect(ev.filter((e) => e.kind === 'badQueueAddress').map((e) => (e as { field: string }).field)).toEqual(['queue_desc', 'queue_driver']);
  });

  it('queue_reset with RING_RESET: queue back to reset values, queue_reset and queue_enable read 0', () => {
    const r = fresh();
    expect(r.offeredFeatures.has(VIRTIO_F_RING_RESET)).toBe(true);
    bringUp(r);
    setupQueue(r, 1, { size: 16, vector: 2, desc: 0x1000, driver: 0x2000, device: 0x3000 });
    expect(wr(r, OFF.Q_RESET, 2, 1)).toEqual([{ kind: 'queueReset', queue: 1 }]);
    expect(rd(r, OFF.Q_RESET, 2)).toBe(0);
    expect(rd(r, OFF.Q_ENABLE, 2)).toBe(0);
    expect(r.queue(1)).toEqual({ index: 1, size: 256, enabled: false, desc: 0, driver: 0, device: 0, msixVector: NO_VECTOR, notifyOff: 1 });
    // re-enable with new values (§2.6.1)
    const ev = setupQueue(r, 1, { size: 8, desc: 0x5000, driver: 0x6000, device: 0x7000 });
    expect(kinds(ev)).toEqual(['queueEnable']);
    expect(rd(r, OFF.Q_RESET, 2)).toBe(0);
    expect(r.driverOk).toBe(true); // the device as a whole is untouched
  });

  it('queue_reset without RING_RESET negotiated is ignored', () => {
    const r = fresh();
    const f = readDeviceFeatures(r).delete(VIRTIO_F_RING_RESET);
    bringUp(r, f);
    setupQueue(r, 0, { desc: 0x1000, driver: 0x2000, device: 0x3000 });
    expect(kinds(wr(r, OFF.Q_RESET, 2, 1))).toEqual(['ignored']);
    expect(rd(r, OFF.Q_ENABLE, 2)).toBe(1);
  });
});

describe('access granularity', () => {
  it('reads compose bytes of the fields they cover', () => {
    const r = fresh();
    wr(r, OFF.STATUS, 1, 1);
    wr(r, OFF.Q_SELECT, 2, 2);
    // 0x14: device_status, config_generation, queue_select (le)
    expect(rd(r, OFF.STATUS, 4)).toBe(0x0002_0001);
    expect(rd(r, OFF.NUMQ, 1)).toBe(3);
    expect(rd(r, OFF.NUMQ + 1, 1)).toBe(0);
    expect(r.readDetailed('common', OFF.Q_SELECT + 1, 2).events).toEqual([{ kind: 'misaligned', region: 'common', offset: 0x17, size: 2 }]);
  });

  it('a write reaches only the fields it covers completely', () => {
    const r = fresh();
    expect(wr(r, OFF.Q_SELECT, 1, 2)).toEqual([{ kind: 'partialWrite', region: 'common', field: 'queue_select', offset: 0x16, size: 1 }]);
    expect(rd(r, OFF.Q_SELECT, 2)).toBe(0);
    // a 32-bit write over device_status | config_generation | queue_select
    const ev = wr(r, OFF.STATUS, 4, 0x0001_7701);
    expect(kinds(ev)).toEqual(['status', 'readOnly']);
    expect(rd(r, OFF.STATUS, 1)).toBe(1);
    expect(rd(r, OFF.Q_SELECT, 2)).toBe(1);
    // a 3-byte write from contiguous byte enables: misaligned, covers queue_size and half of queue_msix_vector
    const ev3 = wr(r, OFF.Q_SIZE, 3, 0x00_0020);
    expect(kinds(ev3)).toEqual(['misaligned', 'partialWrite']);
    expect(rd(r, OFF.Q_SIZE, 2)).toBe(0x20);
  });

  it('the rest of the 4 KiB common region is a hole', () => {
    const r = fresh();
    expect(r.readDetailed('common', 0x40, 4)).toEqual({ value: 0, events: [{ kind: 'unmapped', region: 'common', offset: 0x40, size: 4 }] });
    expect(wr(r, 0xffc, 4, 1)).toEqual([{ kind: 'unmapped', region: 'common', offset: 0xffc, size: 4 }]);
  });
});
