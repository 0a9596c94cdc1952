// One output channel's events, oldest first: a FIFO over an array with head and tail indices
// (no Array.shift, which moves every element, and no new array each time it runs empty). Events
// are pushed in stamp order, which is cycle order because each channel's ChannelClock never goes
// backwards (model/timing/stamp.ts). An event may be released later than its cycle: a TX frame
// whose first beat leaves before the model has read all of it (cut-through, policy.chainWalk
// "interleaved") is stamped with its first beat and released when the model has built it, so
// outputs still come out in the order the model produces them, whatever the caller's steps.

import type { OutputEvent } from './device.js';

export class OutQueue {
  /** Slots head .. tail-1 hold events; taken slots are set to null (nothing kept alive). */
  private readonly items: (OutputEvent | null)[] = [];
  /** Release cycle of each slot (>= its event's cycle). */
  private readonly rel: number[] = [];
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  /** Release cycle of the oldest event (its cycle unless pushed with a later one), or Infinity when empty. */
  peekCycle(): number {
    return this.head < this.tail ? this.rel[this.head] : Infinity;
  }

  /** `release`: the earliest cycle it may be returned; pushes are in release order too. */
  push(ev: OutputEvent, release = ev.cycle): void {
    this.rel[this.tail] = release > ev.cycle ? release : ev.cycle;
    this.items[this.tail++] = ev;
  }

  /**
   * Put `ev` (released at its cycle) before the first waiting event with a later release cycle:
   * an event that overtakes ones stamped earlier for later cycles.
   */
  insert(ev: OutputEvent): void {
    let i = this.tail;
    while (i > this.head && this.rel[i - 1] > ev.cycle) i--;
    this.items.splice(i, 0, ev);
    this.rel.splice(i, 0, ev.cycle);
    this.tail++;
  }

  /** Calls `f` on every waiting event, oldest first. */
  forEach(f: (ev: OutputEvent) => void): void {
    for (let i = this.head; i < this.tail; i++) f(this.items[i]!);
  }

  /** The newest event (undefined when empty). */
  last(): OutputEvent | undefined {
    return this.head < this.tail ? this.items[this.tail - 1]! : undefined;
  }

  /** Remove and return the oldest event; only call when size > 0. */
  take(): OutputEvent {
    const items = this.items;
    const ev = items[this.head]!;
    items[this.head++] = null;
    if (this.head === this.tail) {
      this.head = 0; // empty: start over at slot 0, the array keeps its length
      this.tail = 0;
    } else if (this.head > 1024 && this.head * 2 > this.tail) {
      // Never ran empty for long: move the waiting events to the front (bounded memory).
      const n = this.tail - this.head;
      items.copyWithin(0, this.head, this.tail);
      this.rel.copyWithin(0, this.head, this.tail);
      items.fill(null, n, this.tail);
      this.head = 0;
      this.tail = n;
    }
    return ev;
  }

  /** Remove the waiting events `drop` picks (rare: a reset withdrawing requests not yet sent); the rest keep their order. */
  removeWhere(drop: (ev: OutputEvent) => boolean): number {
    let w = this.head;
    for (let r = this.head; r < this.tail; r++) {
      const ev = this.items[r]!;
      if (drop(ev)) continue;
      this.items[w] = ev;
      this.rel[w++] = this.rel[r];
    }
    const removed = this.tail - w;
    this.items.fill(null, w, this.tail);
    this.tail = w;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
    return removed;
  }
}
