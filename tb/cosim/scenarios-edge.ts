// Host behaviour at the edges the other scenarios leave out (issue 14, mutation survivors): common
// config registers written while the rings run (selects, read-only fields, vectors: a decode that
// mistakes them for notifications shows as a ring read the model does not make), notifications of
// queues the device does not have and of idle queues, and a failed read whose split completions
// keep arriving after the failure, with other reads in flight (the device must drop them all).
// Every access is one a driver or root port may make; the lockstep engine compares what it causes.

import { PCIE_CAP, type CommonField } from '../driver/layout.js';
import { STATUS, type VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { DriverError } from '../driver/dut.js';
import { frame, someTraffic } from './scenarios-stress.js';
import type { Scenario } from './scenarios.js';

/** Fields of the common configuration the device owns (virtio §4.1.4.3): a driver write is ignored. */
const READ_ONLY: readonly CommonField[] = ['device_feature', 'num_queues', 'config_generation', 'queue_notify_off'];

const liveRegs: Scenario = {
  name: 'live-regs',
  description: 'common config written while the rings run (feature selects, read-only fields, vectors, queue_select of every queue), notifications of idle queues and of queues the device lacks (virtio §4.1.4.3, §4.1.4.4)',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 2 === 1 } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    someTraffic(ctx, 3);
    const notifyBase = d.barAddr('notify');
    const numQueues = d.readCommon('num_queues');
    for (let round = 0; round < 3; round++) {
      // Idle rings first: a spurious notification then shows as a ring read the model does not make.
      ctx.dut.drain();
      for (let sel = 0; sel < 3; sel++) {
        d.writeCommon('device_feature_select', sel);
        d.readCommon('device_feature');
        d.writeCommon('driver_feature_select', sel);
        d.readCommon('driver_feature');
      }
      for (const f of READ_ONLY) d.writeCommon(f, rng.int(0, 0xffff));
      for (const f of READ_ONLY) d.readCommon(f);
      d.writeCommon('config_msix_vector', d.readCommon('config_msix_vector'));
      for (let q = 0; q < numQueues; q++) {
        d.writeCommon('queue_select', q);
        d.readCommon('queue_size');
        d.readCommon('queue_enable');
        d.writeCommon('queue_msix_vector', d.readCommon('queue_msix_vector'));
      }
      d.writeCommon('queue_select', numQueues + rng.int(0, 3)); // no such queue: reads 0, writes ignored (§4.1.4.3)
      d.readCommon('queue_size');
      d.dut.run(200);
      // Notifications: an idle queue of each kind (the device looks, finds nothing), then queues
      // past num_queues, at their own notify offset and with another queue's index (§4.1.5.2).
      for (let q = 0; q < numQueues; q++) d.pci.memWrite(notifyBase + 4 * q, q, 2);
      d.pci.memWrite(notifyBase + 4 * (numQueues + rng.int(0, 2)), numQueues + rng.int(0, 2), 2);
      d.pci.memWrite(notifyBase, 0x7fff, 2);
      d.dut.run(rng.int(100, 600));
      d.takeInterrupts();
      someTraffic(ctx, 2);
    }
  },
};

/** The fault by seed: a poisoned first CplD (the rest of its split still arrives), UR, CA. */
const FAULTS = ['poison', 'UR', 'CA'] as const;

const splitFault: Scenario = {
  name: 'split-fault',
  description: 'a failed data read of a long TX frame while other reads are in flight, its completions split at the RCB: what arrives after the failure (the rest of a poisoned split, answers to other tags) is dropped; DEVICE_NEEDS_RESET, then a reset and traffic again (PCIe r6.0 §2.3.2, virtio §2.1.2)',
  datapath: true,
  setup: (seed) => ({
    // INTx: the config MSI-X after a fault is some cycles later in the RTL than the profile says (as tx-fault).
    driver: { msix: false, shapes: ['single'] },
    host: { completer: { rcb: 64, split: 'rcb', reorder: seed % 4 >= 2, latency: { min: 0, max: 300 } } },
  }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    // MRRS 128 bytes: a long frame is many reads, several in flight at once (PCIe r6.0 §7.5.3.4).
    ctx.dut.drain();
    const devctl = d.pcieCap + PCIE_CAP.DEVCTL;
    d.pci.cfgWrite(devctl, (d.pci.cfgRead16(devctl) & ~0x7000) | (0 << 12), 2);
    someTraffic(ctx, 2);
    ctx.dut.drain();
    let seen = 0;
    const k = rng.int(2, 5);
    const fault = FAULTS[ctx.seed % FAULTS.length]!;
    ctx.dut.rc.completer.injectFault(fault, (req) => req.length > 4 && ++seen === k);
    for (const [len, kick] of [[rng.int(1200, 1514), false], [rng.int(600, 1514), true]] as const) {
      if (!d.sendFrame(0, frame(ctx, len), kick)) throw new DriverError('sendFrame', len, 'found no room in the TX ring');
    }
    d.dut.run(6000);
    d.takeInterrupts();
    if (!(d.deviceStatus & STATUS.DEVICE_NEEDS_RESET)) throw new DriverError('device_status', d.deviceStatus, `no DEVICE_NEEDS_RESET after a ${fault} completion`);
    d.pci.memRead(d.barAddr('isr'), 1);
    // Kicks and frames after the failure: the device touches nothing until it is reset (§2.1.2).
    d.kickTx(0);
    ctx.dut.pushFrame(frame(ctx, 200));
    d.dut.run(1000);
    d.readCommon('device_status');
    d.writeCommon('device_status', 0);
    for (let i = 0; i < 100 && d.deviceStatus !== 0; i++) d.dut.run(10);
    d.bringUp();
    someTraffic(ctx, 3);
  },
};

/** Interrupts, TX reclaimed, RX received and re-posted on pair 0. */
function serviceQueue0(d: VirtioNetDriver): void {
  d.takeInterrupts();
  d.reclaimTx(0);
  d.receive(0);
  d.postRx(0);
}

const ringLaps: Scenario = {
  name: 'ring-laps',
  description: 'queue size 6, chains of 1..5 descriptors both ways, 40 bursts: many laps of both wrap counters with long chains on either side of a wrap, half in the default suppression mode and half with notifications enabled (virtio §2.8.1, §2.8.6, §2.8.10)',
  datapath: true,
  setup: () => ({ driver: { queueSize: 6, shapes: ['chained'], maxSegments: 5 } }),
  run(ctx) {
    const { driver: d, dut, rng } = ctx;
    d.bringUp();
    d.postRx(0);
    for (let i = 0; i < 40; i++) {
      if (i === 20) {
        // Second half with used-buffer notifications plainly enabled (virtio §2.8.10), both sides idle.
        for (const q of d.queues) {
          if (!q) continue;
          q.eventMode = 'enable';
          q.vring.setDriverEvent('enable', 0);
        }
      }
      for (let k = rng.int(1, 2); k > 0; k--) d.sendFrame(0, frame(ctx, rng.int(60, 600)));
      if (d.rxCapacity(0) >= 12 + 600) dut.pushFrame(frame(ctx, rng.int(60, 600)));
      // Both sides idle between bursts: no buffer is posted while a side decides on a kick.
      dut.drain();
      serviceQueue0(d);
      dut.drain();
    }
  },
};

export const EDGE_SCENARIOS: readonly Scenario[] = [liveRegs, splitFault, ringLaps];
