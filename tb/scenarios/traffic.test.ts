// Model-only traffic scenarios: driver model + host models against the golden model.
import { describe, expect, it } from 'vitest';
import * as F from '../../model/virtio/features.js';
import { runTrafficAsync as runTraffic, type TrafficResult } from './traffic.js';

/** Driver and device agree on where the used side of queue q is, and on its wrap counter. */
function expectRingsAgree(r: TrafficResult, q: number, alsoAvail: boolean): void {
  const dev = r.harness.model.ringState(q)!;
  const drv = r.driver.queues[q].vring.state;
  expect({ q, nextUsed: dev.nextUsed, usedWrap: dev.usedWrap }).toEqual({ q, nextUsed: drv.nextUsed, usedWrap: drv.usedWrap });
  if (alsoAvail) expect({ q, nextAvail: dev.nextAvail, availWrap: dev.availWrap }).toEqual({ q, nextAvail: drv.nextAvail, availWrap: drv.availWrap });
}

function expectClean(r: TrafficResult): void {
  expect(r.harness.rc.errors.map((e) => e.message)).toEqual([]);
  expect(r.harness.model.stats.needsResetReason).toBeNull();
  expect(r.driver.deviceStatus & 0x40).toBe(0);
  expect(r.harness.model.stats.rxDropped).toEqual({ no_buffer: 0, too_big: 0, filtered: 0, not_ready: 0, runt: 0 });
}

describe('traffic', () => {
  it('10,000 frames each way (seeded features, queue sizes, chain shapes) arrive intact and in order', async () => {
    const r = await runTraffic({ seed: 11, frames: 10_000 });
    expect(r.txSent).toBe(10_000);
    expect(r.rxReceived).toBe(10_000);
    expect(r.harness.model.stats.txFrames).toBe(10_000);
    expectClean(r);
    expectRingsAgree(r, 0, false);
    expectRingsAgree(r, 1, true);
  });

  it('rings at 0xffff_ffff_ffff_0000 and buffers at 2^63 (above 2^53): the same frames arrive as with low addresses', async () => {
    const features = [F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_F_INDIRECT_DESC, F.VIRTIO_F_EVENT_IDX];
    const high = await runTraffic({ seed: 13, frames: 200, driver: { features, queueSize: 64, ringBase: 0xffff_ffff_ffff_0000n, arenaBase: 2n ** 63n } });
    const low = await runTraffic({ seed: 13, frames: 200, driver: { features, queueSize: 64 } });
    const L = high.driver.queues[1].vring.layout;
    expect([typeof L.desc, typeof L.driver, typeof L.device, typeof high.driver.queues[1].bufBase]).toEqual(['bigint', 'bigint', 'bigint', 'bigint']);
    expect(L.desc).toBeGreaterThanOrEqual(0xffff_ffff_ffff_0000n);
    expect(high.txSent).toBe(200);
    expect(high.rxReceived).toBe(200);
    expect(high.harness.model.stats.txFrames).toBe(200);
    expectClean(high);
    expectRingsAgree(high, 0, false);
    expectRingsAgree(high, 1, true);
    // The device's behaviour does not depend on where the rings are: frames identical to the low run.
    expect(high.harness.txFrames.map((f) => [...f])).toEqual(low.harness.txFrames.map((f) => [...f]));
  });

  it('with MRG_RXBUF a frame spreads over several buffers and num_buffers says how many', async () => {
    const r = await runTraffic({ seed: 5, frames: 1500, driver: { features: [F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_F_INDIRECT_DESC], queueSize: 64 } });
    expect(r.driver.has(F.VIRTIO_NET_F_MRG_RXBUF)).toBe(true);
    expect(r.rxReceived).toBe(1500);
    expect(r.maxNumBuffers).toBeGreaterThan(1);
    expectClean(r);
  });

  it('without MRG_RXBUF every frame uses one buffer (num_buffers = 1, checked per frame by the driver)', async () => {
    const r = await runTraffic({ seed: 6, frames: 800, driver: { features: [F.VIRTIO_F_INDIRECT_DESC] } });
    expect(r.driver.has(F.VIRTIO_NET_F_MRG_RXBUF)).toBe(false);
    expect(r.maxNumBuffers).toBe(1);
    expectClean(r);
  });

  it('runs with MSI-X off: INTx level + ISR read-to-clear', async () => {
    const r = await runTraffic({ seed: 7, frames: 500, driver: { msix: false, eventMode: 'enable' } });
    expect(r.driver.useMsix).toBe(false);
    expect(r.rxReceived).toBe(500);
    expect(r.harness.rc.interrupts.length).toBe(0); // no MSI-X message at all
    expect(r.driver.queues[0].interrupts).toBeGreaterThan(0); // seen through ISR bit 0
    r.driver.takeInterrupts(); // reads ISR (read-to-clear) if INTA is still up
    r.harness.run(10);
    expect(r.harness.intxLevel()).toBe(false);
    expectClean(r);
  });
});

describe('event suppression', () => {
  it('driver area DISABLE: no used-buffer interrupt at all, traffic still completes', async () => {
    const r = await runTraffic({ seed: 21, frames: 400, driver: { msix: true, eventMode: 'disable' } });
    for (const q of [0, 1]) expect(r.driver.queues[q].interrupts).toBe(0);
    expect(r.rxReceived).toBe(400);
    expectClean(r);
  });

  it('driver area ENABLE: interrupts, at most one per used publication', async () => {
    const r = await runTraffic({ seed: 22, frames: 400, driver: { msix: true, eventMode: 'enable' } });
    for (const q of [0, 1]) expect(r.driver.queues[q].interrupts).toBeGreaterThan(0);
    const total = r.driver.queues[0].interrupts + r.driver.queues[1].interrupts;
    // Every RX frame and TX buffer is one publication; interrupts cannot outnumber them.
    expect(total).toBeLessThanOrEqual(800);
    expect(r.harness.model.stats.queueInterrupts).toBe(total);
    expectClean(r);
  });

  it('driver area DESC (EVENT_IDX): fewer interrupts than ENABLE for the same traffic', async () => {
    const feats = [F.VIRTIO_F_EVENT_IDX];
    const en = await runTraffic({ seed: 23, frames: 400, driver: { msix: true, eventMode: 'enable', features: feats } });
    const desc = await runTraffic({ seed: 23, frames: 400, driver: { msix: true, eventMode: 'desc', features: feats } });
    expect(desc.driver.queues[1].eventMode).toBe('desc');
    const sum = (r: typeof en): number => r.driver.queues[0].interrupts + r.driver.queues[1].interrupts;
    expect(sum(desc)).toBeGreaterThan(0);
    expect(sum(desc)).toBeLessThanOrEqual(sum(en));
    expectClean(desc);
  });

  it('device area: the driver honours it, so some kicks are suppressed while the device polls', async () => {
    const r = await runTraffic({ seed: 24, frames: 600, txBurst: 64, driver: { queueSize: 256 } });
    const tx = r.driver.queues[1].vring;
    expect(tx.kicks).toBeGreaterThan(0);
    expect(tx.kicksSuppressed).toBeGreaterThan(0);
    expectClean(r);
  });
});

describe('ring wrap-around', () => {
  for (const size of [1, 2, 3, 256]) {
    it(`queue size ${size}: many laps both ways`, async () => {
      const frames = size >= 256 ? 2_000 : 300;
      const r = await runTraffic({ seed: 100 + size, frames, driver: { queueSize: size }, harness: { model: { params: { numQueuePairs: 1, maxQueueSize: 256, msixVectors: 4, tagCount: 16 } } } });
      expect(r.driver.queues[0].vring.size).toBe(size);
      expect(r.txSent).toBe(frames);
      expect(r.rxReceived).toBe(frames);
      expectRingsAgree(r, 0, false);
      expectRingsAgree(r, 1, true);
      expectClean(r);
    });
  }

  it('queue size 32768: a full lap and more on TX', async () => {
    const frames = 33_000;
    const r = await runTraffic({
      seed: 32768, frames, direction: 'tx', minLen: 60, maxLen: 60, driver: { queueSize: 32768, shapes: ['single'] },
      harness: { model: { params: { numQueuePairs: 1, maxQueueSize: 32768, msixVectors: 4, tagCount: 16 } } },
    });
    expect(r.driver.queues[1].vring.size).toBe(32768);
    expect(r.txSent).toBe(frames);
    const st = r.driver.queues[1].vring.state;
    expect(st.availWrap).toBe(0); // wrapped once
    expectRingsAgree(r, 1, true);
    expectClean(r);
  });
});

describe('determinism', () => {
  it('same seed twice gives byte-identical traces; another seed does not', async () => {
    const a = await runTraffic({ seed: 77, frames: 300, harness: { keepEvents: true } });
    // advanceTo returns events in cycle order, and the harness never goes back in time. A TX frame
    // is stamped with its first beat and may come out after later events: cut-through, its first
    // beat leaves before the model has read all of it (model/net/out-queue.ts).
    const ordered = a.harness.events.filter((e) => e.channel !== 'm_axis_tx');
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].cycle).toBeGreaterThanOrEqual(ordered[i - 1].cycle);
    const b = await runTraffic({ seed: 77, frames: 300 });
    const c = await runTraffic({ seed: 78, frames: 300 });
    expect(a.harness.eventCount).toBeGreaterThan(1000);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.harness.eventCount).toBe(a.harness.eventCount);
    expect(c.traceHash).not.toBe(a.traceHash);
  });
});
