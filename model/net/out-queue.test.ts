import { describe, expect, it } from 'vitest';
import type { OutputEvent } from './device.js';
import { OutQueue } from './out-queue.js';

const ev = (cycle: number): OutputEvent => ({ cycle, channel: 'intx', level: cycle % 2 === 0 });

describe('OutQueue', () => {
  it('is FIFO, reports the oldest cycle, and Infinity when empty', () => {
    const q = new OutQueue();
    expect(q.peekCycle()).toBe(Infinity);
    q.push(ev(3));
    q.push(ev(5));
    expect(q.size).toBe(2);
    expect(q.peekCycle()).toBe(3);
    expect(q.take().cycle).toBe(3);
    expect(q.take().cycle).toBe(5);
    expect(q.size).toBe(0);
    expect(q.peekCycle()).toBe(Infinity);
  });

  it('keeps order across compaction on long runs', () => {
    const q = new OutQueue();
    let next = 0;
    for (let c = 0; c < 10_000; c++) {
      q.push(ev(c));
      if (c % 3 !== 0) expect(q.take().cycle).toBe(next++); // consumes slower than it fills
    }
    while (q.size > 0) expect(q.take().cycle).toBe(next++);
    expect(next).toBe(10_000);
  });

  it('removeWhere drops the chosen waiting events and keeps the others in order', () => {
    const q = new OutQueue();
    for (let c = 0; c < 8; c++) q.push(ev(c));
    q.take();
    expect(q.removeWhere((e) => e.cycle % 3 === 0)).toBe(2); // 3 and 6
    const left: number[] = [];
    while (q.size > 0) left.push(q.take().cycle);
    expect(left).toEqual([1, 2, 4, 5, 7]);
    q.push(ev(9));
    expect(q.removeWhere(() => true)).toBe(1);
    expect(q.peekCycle()).toBe(Infinity);
  });
});
