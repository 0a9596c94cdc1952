// Illegal rings and injected bus faults must end in DEVICE_NEEDS_RESET with the reason, plus a
// configuration change interrupt (virtio §2.1.2); the host checker must flag a malformed request.
import { describe, expect, it } from 'vitest';
import type { CplFault } from '../host/completer.js';
import * as F from '../../model/virtio/features.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../driver/vring.js';
import { bringUpHarness, ModelHarness, type HarnessOptions } from './harness.js';
import { addAddress } from '../../model/dma/types.js';

const SIZE = 8;
const TXQ = 1;

const setup = (features: number[], o: HarnessOptions = {}) => bringUpHarness(features, o, SIZE);

/** Write one raw descriptor into the TX ring, as available in the first lap (AVAIL=1, USED=0). */
function rawDesc(h: ModelHarness, d: VirtioNetDriver, slot: number, addr: number, len: number, flags: number): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, addr % 0x1_0000_0000, true);
  v.setUint32(4, Math.floor(addr / 0x1_0000_0000), true);
  v.setUint32(8, len, true);
  v.setUint16(12, slot, true);
  v.setUint16(14, flags | VIRTQ_DESC_F_AVAIL, true);
  h.memory.write(addAddress(d.queues[TXQ].vring.layout.desc, 16 * slot), b);
}

function kickAndExpectReset(h: ModelHarness, d: VirtioNetDriver, reason: RegExp): void {
  d.pci.memWrite(d.queues[TXQ].notifyAddr, TXQ, 2);
  h.run(5_000);
  expect(d.deviceStatus & 0x40).toBe(0x40); // DEVICE_NEEDS_RESET
  expect(h.model.stats.needsResetReason).toMatch(reason);
  expect(d.takeInterrupts().config).toBe(true); // configuration change notification
}

const BUF = 0x2000_0000;

describe('illegal rings end in DEVICE_NEEDS_RESET', () => {
  const cases: Array<{ name: string; features?: number[]; write: (h: ModelHarness, d: VirtioNetDriver) => void }> = [
    { name: 'ChainTooLong', write: (h, d) => { for (let s = 0; s < SIZE; s++) rawDesc(h, d, s, BUF, 64, VIRTQ_DESC_F_NEXT); } },
    { name: 'IndirectNotNegotiated', features: [], write: (h, d) => rawDesc(h, d, 0, BUF, 16, VIRTQ_DESC_F_INDIRECT) },
    { name: 'IndirectWithNext', write: (h, d) => { rawDesc(h, d, 1, BUF, 64, 0); rawDesc(h, d, 0, BUF, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT); } },
    { name: 'IndirectInChain', write: (h, d) => { rawDesc(h, d, 1, BUF, 16, VIRTQ_DESC_F_INDIRECT); rawDesc(h, d, 0, BUF, 64, VIRTQ_DESC_F_NEXT); } },
    { name: 'IndirectBadLength', write: (h, d) => rawDesc(h, d, 0, BUF, 20, VIRTQ_DESC_F_INDIRECT) },
    { name: 'IndirectTooLong', write: (h, d) => rawDesc(h, d, 0, BUF, 16 * (SIZE + 1), VIRTQ_DESC_F_INDIRECT) },
    { name: 'ReadableAfterWritable', write: (h, d) => { rawDesc(h, d, 1, BUF, 64, 0); rawDesc(h, d, 0, BUF, 64, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT); } },
    { name: 'ZeroLengthElement', write: (h, d) => rawDesc(h, d, 0, BUF, 0, 0) },
    // addr 0xffff_ffff_ffff_ffc0 + len 0x80 wraps past 2^64 (§2.8.4: the buffer must exist).
    { name: 'AddressOverflow', write: (h, d) => { rawDesc(h, d, 0, 0, 0x80, 0); h.memory.write(d.queues[TXQ].vring.layout.desc, Uint8Array.of(0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)); } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { h, d } = setup(c.features ?? [F.VIRTIO_F_INDIRECT_DESC]);
      if (c.name === 'IndirectTooLong') h.memory.write(BUF, new Uint8Array(16 * (SIZE + 1)).fill(0x40)); // entries with len 0x40..
      c.write(h, d);
      kickAndExpectReset(h, d, new RegExp(c.name));
    });
  }
});

describe('injected completion faults end in DEVICE_NEEDS_RESET', () => {
  const cases: Array<[CplFault, RegExp]> = [
    ['UR', /DmaFault UnsupportedRequest/],
    ['CA', /DmaFault CompleterAbort/],
    ['poison', /DmaFault Poisoned/],
    ['drop', /DmaFault CompletionTimeout/],
  ];
  for (const [fault, reason] of cases) {
    it(fault, () => {
      const { h, d } = setup([], { model: { completionTimeoutCycles: 2_000 } });
      h.rc.completer.injectFault(fault);
      expect(d.sendFrame(0, new Uint8Array(60).fill(0xab))).toBe(true);
      h.run(10_000);
      expect(d.deviceStatus & 0x40).toBe(0x40);
      expect(h.model.stats.needsResetReason).toMatch(reason);
      expect(d.takeInterrupts().config).toBe(true);
      expect(h.txFrames.length).toBe(0); // nothing was sent from a failed read
    });
  }

  it('a device reset clears DEVICE_NEEDS_RESET and the device works again', () => {
    const { h, d } = setup([]);
    h.rc.completer.injectFault('UR');
    d.sendFrame(0, new Uint8Array(60));
    h.run(5_000);
    expect(d.deviceStatus & 0x40).toBe(0x40);
    const d2 = new VirtioNetDriver(h, h.memory, { seed: 10, features: [], queueSize: SIZE, msix: true, arenaBase: 0x3000_0000 });
    d2.bringUp();
    expect(d2.deviceStatus & 0x44).toBe(0x04);
    const f = new Uint8Array(64).fill(7);
    d2.sendFrame(0, f);
    h.run(5_000);
    expect(h.txFrames.at(-1)).toEqual(f);
  });
});

describe('host checker', () => {
  it('flags a deliberately malformed device request', () => {
    let tampered = false;
    const { h, d } = setup([], {
      tamper: (ev) => {
        if (tampered || ev.channel !== 'tx_rd_req' || !ev.tlp) return ev;
        tampered = true;
        // A read that crosses a 4 KiB boundary (PCIe r6.0 §2.2.7).
        return { ...ev, tlp: { ...ev.tlp, address: 0x1000_0ff0n, length: 8, lastBe: 0xf } };
      },
    });
    d.sendFrame(0, new Uint8Array(60));
    h.run(2_000);
    expect(tampered).toBe(true);
    expect(h.rc.errors.map((e) => e.rule)).toContain('CROSSES_4K');
  });
});
