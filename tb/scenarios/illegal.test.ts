// Rings that are legal but unusual, or illegal, each with the rule both the model and the
// reference RTL follow (docs/dut-interface.md "Illegal rings and faults").
import { describe, expect, it } from 'vitest';
import * as F from '../../model/virtio/features.js';
import { MAX_TX_FRAME } from '../../model/net/device.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../driver/vring.js';
import { bringUpHarness, ModelHarness, type HarnessOptions } from './harness.js';
import { addAddress } from '../../model/dma/types.js';

const SIZE = 8;
const RXQ = 0;
const TXQ = 1;
const BUF = 0x2000_0000;

const setup = (features: number[], o: HarnessOptions = {}) => bringUpHarness(features, o, SIZE);

/** One raw descriptor in queue q's ring, available in the first lap (AVAIL=1, USED=0). */
function rawDesc(h: ModelHarness, d: VirtioNetDriver, q: number, slot: number, addr: number, len: number, flags: number): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, addr % 0x1_0000_0000, true);
  v.setUint32(4, Math.floor(addr / 0x1_0000_0000), true);
  v.setUint32(8, len, true);
  v.setUint16(12, slot, true);
  v.setUint16(14, flags | VIRTQ_DESC_F_AVAIL, true);
  h.memory.write(addAddress(d.queues[q].vring.layout.desc, 16 * slot), b);
}

/** The used descriptor the device wrote at a slot: id, len, flags. */
function usedAt(h: ModelHarness, d: VirtioNetDriver, q: number, slot: number): { id: number; len: number; flags: number } {
  const v = new DataView(h.memory.read(addAddress(d.queues[q].vring.layout.desc, 16 * slot), 16).slice().buffer);
  return { id: v.getUint16(12, true), len: v.getUint32(8, true), flags: v.getUint16(14, true) };
}

function kick(h: ModelHarness, d: VirtioNetDriver, q: number): void {
  d.pci.memWrite(d.queues[q].notifyAddr, q, 2);
  h.run(2_000);
}

describe('MRG_RXBUF: a buffer with no device-writable bytes in the middle of a frame', () => {
  it('is used with len 0 (filled completely, §5.1.6.4), the frame goes on into the next buffer', () => {
    const { h, d } = setup([F.VIRTIO_NET_F_MRG_RXBUF]);
    rawDesc(h, d, RXQ, 0, BUF, 13, VIRTQ_DESC_F_WRITE);
    rawDesc(h, d, RXQ, 1, BUF + 0x100, 64, 0);
    rawDesc(h, d, RXQ, 2, BUF + 0x200, 64, VIRTQ_DESC_F_WRITE);
    kick(h, d, RXQ);
    const frame = Uint8Array.from({ length: 14 }, (_, i) => 0x40 + i);
    frame.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // broadcast: passes the RX filter
    h.pushFrame(frame);
    h.run(5_000);
    expect(d.deviceStatus & 0x40).toBe(0);
    expect(h.model.stats.rxFrames).toBe(1);
    expect([0, 1, 2].map((s) => usedAt(h, d, RXQ, s).len)).toEqual([13, 0, 13]);
    // header (12 bytes, num_buffers = 3 at offset 10) + first frame byte, then the rest after the empty buffer
    expect(new DataView(h.memory.read(BUF, 12).slice().buffer).getUint16(10, true)).toBe(3);
    expect([...h.memory.read(BUF + 12, 1), ...h.memory.read(BUF + 0x200, 13)]).toEqual([...frame]);
    expect([...h.memory.read(BUF + 0x100, 4)]).toEqual([0, 0, 0, 0]); // device-readable memory untouched
  });
});

describe('TX buffer shorter than the virtio_net_hdr', () => {
  it('sets DEVICE_NEEDS_RESET (§5.1.6.2: every TX buffer starts with the header) and sends nothing', () => {
    const { h, d } = setup([]);
    rawDesc(h, d, TXQ, 0, BUF, 8, 0);
    kick(h, d, TXQ);
    expect(d.deviceStatus & 0x40).toBe(0x40);
    expect(h.model.stats.needsResetReason).toMatch(/TxShorterThanHeader/);
    expect(h.txFrames.length).toBe(0);
  });

  it('a chain whose parts add up to the header is legal (no descriptor split is assumed)', () => {
    const { h, d } = setup([]);
    rawDesc(h, d, TXQ, 0, BUF, 6, VIRTQ_DESC_F_NEXT);
    rawDesc(h, d, TXQ, 1, BUF + 0x100, 6 + 60, 0);
    kick(h, d, TXQ);
    expect(d.deviceStatus & 0x40).toBe(0);
    expect(h.txFrames.length).toBe(1);
    expect(h.txFrames[0].length).toBe(60);
  });
});

describe('64-bit buffer addresses', () => {
  it('TX data at 2^60 and just below 2^64 is read and sent (no 2^53 limit)', () => {
    const { h, d } = setup([]);
    const frame = Uint8Array.from({ length: 12 + 64 }, (_, i) => (i < 12 ? 0 : i));
    h.memory.write(2n ** 60n, frame.subarray(0, 40));
    h.memory.write(2n ** 64n - 36n, frame.subarray(40));
    const b = new Uint8Array(32);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0, true); v.setUint32(4, 0x1000_0000, true); v.setUint32(8, 40, true);
    v.setUint16(12, 0, true); v.setUint16(14, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_AVAIL, true);
    v.setUint32(16, 0xffff_ffdc, true); v.setUint32(20, 0xffff_ffff, true); v.setUint32(24, 36, true);
    v.setUint16(28, 1, true); v.setUint16(30, VIRTQ_DESC_F_AVAIL, true);
    h.memory.write(d.queues[TXQ].vring.layout.desc, b);
    kick(h, d, TXQ);
    expect(h.model.stats.needsResetReason).toBeNull();
    expect(h.txFrames.map((f) => [...f])).toEqual([[...frame.subarray(12)]]);
  });
});

describe('TX buffer longer than the header plus the largest frame (MAX_TX_FRAME)', () => {
  it('one 2 GiB descriptor: DEVICE_NEEDS_RESET TxTooLong, its data never read', () => {
    const { h, d } = setup([]);
    rawDesc(h, d, TXQ, 0, BUF, 0x8000_0000, 0);
    kick(h, d, TXQ);
    expect(d.deviceStatus & 0x40).toBe(0x40);
    expect(h.model.stats.needsResetReason).toMatch(/TxTooLong/);
    expect(h.txFrames.length).toBe(0);
  });

  it('a chain totalling more than 4 GiB (three 0xffffffff-byte descriptors): TxTooLong, no RangeError', () => {
    const { h, d } = setup([]);
    rawDesc(h, d, TXQ, 0, BUF, 100, VIRTQ_DESC_F_NEXT);
    rawDesc(h, d, TXQ, 1, BUF, 0xffff_ffff, VIRTQ_DESC_F_NEXT);
    rawDesc(h, d, TXQ, 2, BUF, 0xffff_ffff, 0);
    kick(h, d, TXQ);
    expect(h.model.stats.needsResetReason).toMatch(/TxTooLong/);
  });

  it('exactly header + MAX_TX_FRAME is sent whole', () => {
    const { h, d } = setup([]);
    rawDesc(h, d, TXQ, 0, BUF, 12 + MAX_TX_FRAME, 0);
    d.pci.memWrite(d.queues[TXQ].notifyAddr, TXQ, 2);
    h.run(200_000);
    expect(d.deviceStatus & 0x40).toBe(0);
    expect(h.txFrames.length).toBe(1);
    expect(h.txFrames[0].length).toBe(MAX_TX_FRAME);
  });
});
