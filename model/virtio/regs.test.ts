import { describe, expect, it } from 'vitest';
import { REFERENCE_DEVICE } from '../pci/description.js';

const VIRTIO_REGIONS = REFERENCE_DEVICE.virtioRegions;
import { VirtioAccessError, VirtioParamError } from './errors.js';
import { VirtioPciRegs } from './regs.js';
import { OFF, bringUp, setupQueue } from './testing.js';

describe('VirtioPciRegs construction', () => {
  it('rejects bad parameters with the field named', () => {
    const base = { numQueuePairs: 1, maxQueueSize: 256, msixVectors: 4, tagCount: 16 };
    expect(() => new VirtioPciRegs({ ...base, numQueuePairs: 0 })).toThrow(/numQueuePairs/);
    expect(() => new VirtioPciRegs({ ...base, numQueuePairs: 512 })).toThrow(VirtioParamError);
    expect(() => new VirtioPciRegs({ ...base, maxQueueSize: 100 })).toThrow(/maxQueueSize/);
    expect(() => new VirtioPciRegs({ ...base, maxQueueSize: 65536 })).toThrow(/maxQueueSize/);
    expect(() => new VirtioPciRegs({ ...base, msixVectors: 0x801 })).toThrow(/msixVectors/);
    expect(new VirtioPciRegs({ ...base, numQueuePairs: 511 }).numQueues).toBe(1023);
  });

  it('rejects accesses the function cannot produce', () => {
    const r = new VirtioPciRegs();
    expect(() => r.read('common', 0, 8 as 4)).toThrow(VirtioAccessError);
    expect(() => r.read('common', VIRTIO_REGIONS.common.length - 2, 4)).toThrow(/offset/);
    expect(() => r.write('common', 0, 2, 0x1_0000)).toThrow(/value/);
  });
});

describe('device reset side effects', () => {
  it('status 0 clears ISR, queues and negotiation; DRIVER_OK needed again', () => {
    const r = new VirtioPciRegs();
    bringUp(r);
    setupQueue(r, 0, { desc: 0x1000, driver: 0x2000, device: 0x3000 });
    r.setIsr(1);
    const ev = r.write('common', OFF.STATUS, 1, 0);
    expect(ev).toContainEqual({ kind: 'reset' });
    expect(r.driverOk || r.featuresOk).toBe(false);
    expect(r.isrStatus).toBe(0);
    expect(r.queues().every((q) => !q.enabled && q.size === 256 && q.desc === 0)).toBe(true);
    // a reset while already reset still reports 'reset' (drivers reset at probe)
    expect(r.write('common', OFF.STATUS, 1, 0)).toEqual([{ kind: 'reset' }]);
  });

  it('is deterministic: the same accesses give the same reads and events', () => {
    const run = (): unknown[] => {
      const r = new VirtioPciRegs({ numQueuePairs: 2, maxQueueSize: 64, msixVectors: 8, tagCount: 16 });
      const log: unknown[] = [bringUp(r)];
      log.push(setupQueue(r, 4, { size: 32, vector: 7, desc: 0x10000, driver: 0x20000, device: 0x30000 }));
      log.push(r.write('notify', 16, 2, 4), r.setLinkUp(false), r.read('isr', 0, 1), r.queues());
      return log;
    };
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });
});
