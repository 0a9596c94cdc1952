// A plain-memory implementation of the Dma interface: no TLPs, no time. The ring's unit tests and
// benchmark run against it. Reads are answered at once ('immediate') or queued until deliver()
// ('deferred'), optionally in a seeded shuffled order to mimic completions reordered across tags.

import type { Prng } from '../util/prng.js';
import { DmaFault, DmaRequestError, type Address, type Dma, type DmaReadClient } from './types.js';

export interface MemoryDmaOptions {
  /** Bytes of memory, addresses 0 .. size-1. */
  size: number;
  /** 'immediate' answers inside read(); 'deferred' waits for deliver(). Default 'immediate'. */
  mode?: 'immediate' | 'deferred';
  /** With 'deferred': deliver in an order drawn from this PRNG instead of FIFO. */
  shuffle?: Prng;
  /** Called for every write, before memory changes (tests record the write order here). */
  onWrite?: (addr: number, data: Uint8Array) => void;
  /** Called for every read request. */
  onRead?: (addr: number, len: number) => void;
}

interface PendingRead {
  addr: number;
  len: number;
  client: DmaReadClient;
  cookie: number;
}

export class MemoryDma implements Dma {
  readonly mem: Uint8Array;
  readonly view: DataView;
  private readonly mode: 'immediate' | 'deferred';
  private queue: PendingRead[] = [];
  /** Reads to fail with this fault kind when they touch [failFrom, failTo). */
  private failFrom = -1;
  private failTo = -1;

  constructor(private readonly opts: MemoryDmaOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new DmaRequestError('size', opts.size, 'must be a positive integer');
    this.mem = new Uint8Array(opts.size);
    this.view = new DataView(this.mem.buffer);
    this.mode = opts.mode ?? 'immediate';
  }

  /** Make reads that touch [from, to) fail like an Unsupported Request (tests of DMA-fault handling). */
  failReadsIn(from: number, to: number): void {
    this.failFrom = from;
    this.failTo = to;
  }

  read(address: Address, len: number, client: DmaReadClient, cookie: number): void {
    const addr = Number(address); // a test memory: anything past it is refused by answer()
    this.opts.onRead?.(addr, len);
    if (this.mode === 'immediate') this.answer(addr, len, client, cookie);
    else this.queue.push({ addr, len, client, cookie });
  }

  write(address: Address, data: Uint8Array): void {
    const addr = Number(address);
    if (addr < 0 || addr + data.length > this.mem.length) {
      throw new DmaRequestError('addr', addr, `write of ${data.length} bytes is outside memory of ${this.mem.length} bytes`);
    }
    this.opts.onWrite?.(addr, data);
    this.mem.set(data, addr);
  }

  /** Reads waiting in 'deferred' mode. */
  get pendingReads(): number {
    return this.queue.length;
  }

  /** Answer up to `max` queued reads (answers may queue more); returns how many were answered. */
  deliver(max = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (this.queue.length > 0 && n < max) {
      const rng = this.opts.shuffle;
      const i = rng ? rng.u32() % this.queue.length : 0;
      const r = i === 0 ? this.queue.shift()! : this.queue.splice(i, 1)[0];
      this.answer(r.addr, r.len, r.client, r.cookie);
      n++;
    }
    return n;
  }

  private answer(addr: number, len: number, client: DmaReadClient, cookie: number): void {
    if (addr < 0 || addr + len > this.mem.length) {
      client.dmaReadFailed(cookie, new DmaFault('UnsupportedRequest', 0, addr, -1, `read of ${len} bytes outside memory of ${this.mem.length} bytes`));
      return;
    }
    if (addr < this.failTo && addr + len > this.failFrom) {
      client.dmaReadFailed(cookie, new DmaFault('UnsupportedRequest', 0, addr, -1, 'read hit the failing range set by failReadsIn'));
      return;
    }
    client.dmaReadDone(cookie, this.mem.slice(addr, addr + len));
  }
}
