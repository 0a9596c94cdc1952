// engine.rxDescCache (model/timing/engine.ts): the RX write pass reads the fit check's walks past
// the design's descriptor cache again (rtl/vq_engine.sv DCACHE = 32). Legal: the device owns the
// descriptors of available buffers until it marks them used (virtio 1.x §2.8.6, §2.8.21).
import { describe, expect, it } from 'vitest';
import * as F from '../../model/virtio/features.js';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import type { OutputEvent } from '../../model/net/device.js';
import { VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_WRITE } from '../driver/vring.js';
import { addAddress, low32 } from '../../model/dma/types.js';
import { bringUpHarness } from './harness.js';

const RXQ = 0;
const BUF = 0x2000_0000;
const BUFS = 40; // one 16-byte writable buffer per ring slot: 40 walks for a 620-byte frame
const FRAME = BUFS * 16 - 12 - 8; // header + frame fill 39.5 buffers: all 40 used

function run(cache: number): { events: OutputEvent[]; descReads: number[]; rxOk: boolean } {
  const profile: TimingProfile = structuredClone(REFERENCE_RTL_PROFILE);
  profile.engine!.rxDescCache = cache;
  const { h, d } = bringUpHarness([F.VIRTIO_NET_F_MRG_RXBUF], { model: { profile }, keepEvents: true }, 64);
  const desc = d.queues[RXQ].vring.layout.desc;
  for (let slot = 0; slot < BUFS; slot++) {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setUint32(0, BUF + slot * 0x100, true);
    v.setUint32(8, 16, true);
    v.setUint16(12, slot, true);
    v.setUint16(14, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_AVAIL, true);
    h.memory.write(addAddress(desc, 16 * slot), b);
  }
  d.pci.memWrite(d.queues[RXQ].notifyAddr, RXQ, 2);
  h.run(2_000);
  const frame = Uint8Array.from({ length: FRAME }, (_, i) => (i * 7 + 3) & 0xff);
  frame.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // broadcast: passes the RX filter
  const start = h.events.length;
  h.pushFrame(frame);
  h.run(200_000);
  const events = h.events.slice(start);
  const base = low32(desc);
  const descReads = events
    .filter((e) => e.channel === 'tx_rd_req' && e.tlp!.length === 4 && low32(e.tlp!.address) - base >= 0 && low32(e.tlp!.address) - base < 16 * 64)
    .map((e) => (low32(e.tlp!.address) - base) / 16);
  let got: number[] = [];
  for (let slot = 0; slot < BUFS; slot++) got = got.concat([...h.memory.read(BUF + slot * 0x100, 16)]);
  const rxOk = h.model.stats.rxFrames === 1 && got.slice(12, 12 + FRAME).every((x, i) => x === frame[i]);
  return { events, descReads, rxOk };
}

describe('engine.rxDescCache: RX write pass re-reads past the descriptor cache', () => {
  it('reads walks 32..39 again in the write pass with the reference profile (32), none with 0', () => {
    const ref = run(32);
    const none = run(0);
    expect(ref.rxOk).toBe(true);
    expect(none.rxOk).toBe(true);
    // fit check: slots 0..39 (and the re-check of slot 40 at most); write pass: 32..39 again
    const dry = none.descReads;
    expect(dry.slice(0, BUFS)).toEqual(Array.from({ length: BUFS }, (_, i) => i));
    expect(ref.descReads.slice(0, dry.length)).toEqual(dry);
    expect(ref.descReads.slice(dry.length)).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
    // each re-read comes after buffer 31's data write: between the data writes of its buffer and the one before
    const reread32 = ref.events.findIndex((e) => e.channel === 'tx_rd_req' && e.tlp!.length === 4 && ref.events.indexOf(e) > 0
      && ref.events.slice(0, ref.events.indexOf(e)).filter((x) => x.channel === 'tx_rd_req' && x.tlp!.length === 4).length === dry.length);
    const writesBefore = ref.events.slice(0, reread32).filter((e) => e.channel === 'tx_wr_req' && low32(e.tlp!.address) >= BUF);
    expect(low32(writesBefore[writesBefore.length - 1].tlp!.address)).toBe(BUF + 31 * 0x100);
    // and the frame's last data write waits for them: later with the cache than without
    const lastData = (r: typeof ref): number => r.events.filter((e) => e.channel === 'tx_wr_req' && low32(e.tlp!.address) >= BUF).at(-1)!.cycle;
    expect(lastData(ref)).toBeGreaterThan(lastData(none));
  });
});
