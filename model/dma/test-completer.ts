// A minimal host for tests: applies MWr to a flat memory and answers MRd with CplD split at the
// Read Completion Boundary (PCIe r6.0 §2.3.1.1), interleaving completions of different tags in a
// seeded order while keeping each tag's completions in address order. Test aid only; the real
// host model lives in tb/host.

import { cplD } from '../tlp/build.js';
import type { Tlp } from '../tlp/types.js';
import type { Prng } from '../util/prng.js';
import type { DmaOutTlp } from './dma-engine.js';

export interface TestCompleterOptions {
  rcb?: number;
  completerId?: number;
  /** Reorder across tags and choose split points; without it: FIFO, split at every RCB. */
  rng?: Prng;
}

/** Byte range [start, end) enabled by a request's Length and BEs (contiguous enables only). */
export function enabledRange(t: Tlp): { start: number; end: number } {
  const lead = t.firstBe === 0 ? 0 : 31 - Math.clz32(t.firstBe & -t.firstBe);
  const lastBe = t.length === 1 ? t.firstBe : t.lastBe;
  const trail = 3 - (31 - Math.clz32(lastBe));
  const a = Number(t.address); // test memories sit far below 2^53
  return { start: a + lead, end: a + t.length * 4 - trail };
}

export class TestCompleter {
  private readonly rcb: number;
  private readonly completerId: number;
  /** Per tag, completions not yet handed out. */
  private queues: Tlp[][] = [];
  readonly seen: DmaOutTlp[] = [];

  constructor(private readonly mem: Uint8Array, private readonly opts: TestCompleterOptions = {}) {
    this.rcb = opts.rcb ?? 64;
    this.completerId = opts.completerId ?? 0x0000;
  }

  /** Take the engine's TLPs in issue order. */
  accept(tlps: DmaOutTlp[]): void {
    for (const o of tlps) {
      this.seen.push(o);
      const t = o.tlp;
      const { start, end } = enabledRange(t);
      if (t.kind === 'MWr') {
        const a = Number(t.address);
        this.mem.set(t.data.subarray(start - a, end - a), start);
      } else if (t.kind === 'MRd') {
        this.queues.push(this.split(t, start, end));
      }
    }
  }

  get pending(): number {
    return this.queues.reduce((n, q) => n + q.length, 0);
  }

  /** Next completion, or null. */
  next(): Tlp | null {
    this.queues = this.queues.filter((q) => q.length > 0);
    if (this.queues.length === 0) return null;
    const i = this.opts.rng ? this.opts.rng.u32() % this.queues.length : 0;
    return this.queues[i].shift()!;
  }

  private split(req: Tlp, start: number, end: number): Tlp[] {
    const out: Tlp[] = [];
    let s = start;
    while (s < end) {
      let e = end;
      // Candidate split points: every RCB boundary after s; pick one (or always the first without rng).
      const firstBoundary = s - (s % this.rcb) + this.rcb;
      if (firstBoundary < end) {
        const boundaries = Math.ceil((end - firstBoundary) / this.rcb);
        const k = this.opts.rng ? this.opts.rng.u32() % (boundaries + 1) : 0;
        if (k < boundaries) e = firstBoundary + k * this.rcb;
      }
      const dw0 = s - (s % 4);
      const dwEnd = Math.ceil(e / 4) * 4;
      const data = this.mem.slice(dw0, dwEnd);
      out.push(cplD({
        completerId: this.completerId, requesterId: req.requesterId, tag: req.tag,
        byteCount: end - s, lowerAddress: s % 128, data,
      }));
      s = e;
    }
    return out;
  }
}
