// One output channel's events, oldest first: a FIFO over an array with a head index (no
// Array.shift, which moves every element). Events are pushed in stamp order, which is cycle
// order because each channel's ChannelClock never goes backwards (model/timing/stamp.ts).

import type { OutputEvent } from './device.js';

export class OutQueue {
  private items: OutputEvent[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  /** Cycle of the oldest event, or Infinity when empty. */
  peekCycle(): number {
    return this.head < this.items.length ? this.items[this.head].cycle : Infinity;
  }

  push(ev: OutputEvent): void {
    this.items.push(ev);
  }

  /** Remove and return the oldest event; only call when size > 0. */
  take(): OutputEvent {
    const ev = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head); // bounded memory on long runs
      this.head = 0;
    }
    return ev;
  }
}
