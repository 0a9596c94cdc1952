import { describe, expect, it } from 'vitest';
import { ChannelClock } from './stamp.js';

describe('ChannelClock', () => {
  it('stamps back to back; rewind frees the channel from an earlier cycle, never a later one', () => {
    const c = new ChannelClock();
    expect(c.stamp(10, 4)).toBe(10);
    expect(c.stamp(11, 2)).toBe(14);
    expect(c.nextFree).toBe(16);
    c.rewind(14); // the second stamp withdrawn
    expect(c.stamp(12, 1)).toBe(14);
    c.rewind(40);
    expect(c.nextFree).toBe(15);
  });
});
