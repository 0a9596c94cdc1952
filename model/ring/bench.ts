// Micro-benchmark: descriptors per second through the device-side packed ring on plain memory.
// Run: npx tsx model/ring/bench.ts
// (A script, not model code: it reads the clock. Only the device's work is timed; the test
// driver refilling the ring and reaping used entries runs outside the timed sections.)

import { MemoryDma } from '../dma/memory-dma.js';
import type { RingError } from './errors.js';
import { PackedVirtqueue, type RingBuffer, type RingConsumer } from './packed.js';
import { TestDriver, type Elem } from './test-driver.js';

class Sink implements RingConsumer {
  bufs: RingBuffer[] = [];
  empty = false;
  notifies = 0;
  onBuffer(_q: PackedVirtqueue, b: RingBuffer): void {
    this.bufs.push(b);
  }
  onEmpty(): void {
    this.empty = true;
  }
  onData(): void {}
  onUsedNotify(): void {
    this.notifies++;
  }
  onRingError(_q: PackedVirtqueue, e: RingError): void {
    throw e;
  }
}

interface Case {
  name: string;
  queueSize: number;
  chain: number;
  indirect: boolean;
  batch: boolean;
}

function run(c: Case, minDescs: number): { descs: number; seconds: number } {
  const DESC = 0x1000;
  const dma = new MemoryDma({ size: 0x80_0000 });
  const sink = new Sink();
  const q = new PackedVirtqueue(dma, sink, { queueIndex: 0, queueSize: c.queueSize, queueDesc: DESC, queueDriver: 0, queueDevice: 8, indirectDesc: c.indirect, maxIndirect: 64 });
  const drv = new TestDriver(dma.mem, c.queueSize, DESC, 0, 8);
  const elems: Elem[] = Array.from({ length: c.chain }, (_, i) => ({ addr: 0x40_0000 + i * 2048, len: 1514, writable: i === c.chain - 1 }));
  let descs = 0;
  let t = 0;
  while (descs < minDescs) {
    while (drv.free >= (c.indirect ? 1 : c.chain)) {
      if (c.indirect) drv.addIndirect(0x30_0000 + (drv.nextAvail * 64 * 16), elems);
      else drv.addChain(elems);
    }
    const t0 = performance.now();
    sink.empty = false;
    while (!sink.empty) q.pop();
    for (const b of sink.bufs) {
      descs += c.indirect ? c.chain : b.ndescs;
      if (c.batch) q.fill(b, 64);
      else q.complete(b, 64);
    }
    if (c.batch) q.flush();
    t += performance.now() - t0;
    sink.bufs.length = 0;
    while (drv.pollUsed()) {}
  }
  return { descs, seconds: t / 1000 };
}

const cases: Case[] = [
  { name: '1-desc buffers, complete() each (1 event read per buffer)', queueSize: 256, chain: 1, indirect: false, batch: false },
  { name: '1-desc buffers, fill() x ring + one flush()', queueSize: 256, chain: 1, indirect: false, batch: true },
  { name: '3-desc chains, fill() x ring + one flush()', queueSize: 256, chain: 3, indirect: false, batch: true },
  { name: 'indirect tables of 4, fill() x ring + one flush()', queueSize: 256, chain: 4, indirect: true, batch: true },
  { name: '1-desc buffers, queue 32768, fill() x ring + one flush()', queueSize: 32768, chain: 1, indirect: false, batch: true },
];

// The machine is shared: report the best of five runs of each case (the least disturbed one).
for (const c of cases) run(c, 200_000); // warm-up
for (const c of cases) {
  let best = { descs: 0, seconds: Number.POSITIVE_INFINITY };
  for (let k = 0; k < 5; k++) {
    const r = run(c, 1_000_000);
    if (r.descs / r.seconds > best.descs / best.seconds) best = r;
  }
  console.log(`${c.name.padEnd(60)} ${(best.descs / best.seconds / 1e6).toFixed(2)} M desc/s  (best of 5: ${best.descs} descs in ${best.seconds.toFixed(3)} s)`);
}
