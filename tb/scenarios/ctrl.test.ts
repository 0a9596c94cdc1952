// Control queue, receive filtering, MQ steering and link status, end to end through the driver.
import { describe, expect, it } from 'vitest';
import * as F from '../../model/virtio/features.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { NET_CFG } from '../driver/layout.js';
import { ModelHarness } from './harness.js';

const OK = 0;
const ERR = 1;

function setup(): { h: ModelHarness; d: VirtioNetDriver } {
  const h = new ModelHarness({ model: { params: { numQueuePairs: 2, maxQueueSize: 256, msixVectors: 6, tagCount: 16 } } });
  const d = new VirtioNetDriver(h, h.memory, {
    seed: 4, msix: true, eventMode: 'enable', queueSize: 64,
    features: [F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_MQ, F.VIRTIO_NET_F_CTRL_MAC_ADDR, F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_STATUS],
  });
  d.bringUp();
  return { h, d };
}

function udpFrame(dst: Uint8Array, sport: number): Uint8Array {
  const f = new Uint8Array(80);
  f.set(dst, 0);
  f.set([0x02, 0, 0, 0, 0, 0x99], 6);
  f.set([0x08, 0x00, 0x45], 12);
  f[23] = 17;
  f.set([10, 0, 0, 1, 10, 0, 0, 2], 26);
  f.set([sport >> 8, sport & 0xff, 0, 53], 34);
  return f;
}

describe('control queue', () => {
  it('VQ_PAIRS_SET is range-checked against max_virtqueue_pairs', () => {
    const { d } = setup();
    expect(d.numPairs).toBe(2);
    expect(d.ctrlCommand(4, 0, Uint8Array.of(3, 0))).toBe(ERR);
    expect(d.ctrlCommand(4, 0, Uint8Array.of(0, 0))).toBe(ERR);
    expect(d.ctrlCommand(4, 0, Uint8Array.of(2, 0))).toBe(OK);
  });

  it('unknown class and command answer ERR', () => {
    const { d } = setup();
    expect(d.ctrlCommand(0x7f, 0, new Uint8Array(0))).toBe(ERR);
    expect(d.ctrlCommand(0, 9, Uint8Array.of(1))).toBe(ERR);
  });

  it('MAC ADDR_SET is visible in virtio_net_config.mac when the command completes', () => {
    const { d } = setup();
    const mac = Uint8Array.of(0x02, 0x11, 0x22, 0x33, 0x44, 0x55);
    expect(d.ctrlCommand(1, 1, mac)).toBe(OK);
    const dev = d.barAddr('device');
    const read = Array.from({ length: 6 }, (_, i) => d.pci.memRead(dev + NET_CFG.mac + i, 1));
    expect(read).toEqual([...mac]);
  });

  it('PROMISC off: frames for another MAC are filtered, own MAC and broadcast still arrive', () => {
    const { h, d } = setup();
    d.postRx(0);
    expect(d.ctrlCommand(0, 0, Uint8Array.of(0))).toBe(OK);
    h.pushFrame(udpFrame(Uint8Array.of(0x02, 9, 9, 9, 9, 9), 1000));
    h.pushFrame(udpFrame(d.mac, 1000));
    h.pushFrame(udpFrame(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 1000));
    h.run(5_000);
    expect(h.model.stats.rxDropped.filtered).toBe(1);
    expect(d.receive(0).length).toBe(2);
  });

  it('after VQ_PAIRS_SET 2, flows are spread over both receive queues', () => {
    const { h, d } = setup();
    d.postRx(0);
    d.postRx(1);
    for (let p = 0; p < 16; p++) h.pushFrame(udpFrame(d.mac, 2000 + p));
    h.run(5_000);
    expect(d.receive(1).length).toBe(0); // only receiveq1 before VQ_PAIRS_SET (§5.1.9.5.5)
    expect(d.receive(0).length).toBe(16);
    expect(d.ctrlCommand(4, 0, Uint8Array.of(2, 0))).toBe(OK);
    for (let p = 0; p < 16; p++) h.pushFrame(udpFrame(d.mac, 3000 + p));
    h.run(5_000);
    const n0 = d.receive(0).length;
    const n1 = d.receive(1).length;
    expect(n0 + n1).toBe(16);
    expect(n1).toBeGreaterThan(0);
    expect(n0).toBeGreaterThan(0);
  });
});

describe('link status', () => {
  it('link down: config change interrupt and VIRTIO_NET_S_LINK_UP clear', () => {
    const { h, d } = setup();
    const status = (): number => d.pci.memRead(d.barAddr('device') + NET_CFG.status, 2);
    expect(status() & 1).toBe(1);
    h.takeMsix();
    h.model.setLinkUp(false, h.cycle);
    h.run(100);
    expect(d.takeInterrupts().config).toBe(true);
    expect(status() & 1).toBe(0);
  });
});
