import { describe, expect, it } from 'vitest';
import { runTraffic } from './traffic.js';

describe('traffic', () => {
  it('small run', () => {
    const r = runTraffic({ seed: 3, frames: 200 });
    expect(r.txSent).toBe(200);
    expect(r.rxReceived).toBe(200);
  });
});
