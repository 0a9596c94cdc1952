import { describe, expect, it } from 'vitest';
import { mutateMain, parseSuite } from './mutate.js';

describe('virtio-cosim mutate command line', () => {
  it('parses NAME[:SEED] suite items and refuses unknown scenarios', () => {
    expect(parseSuite(['ctrl:3', 'bringup'])).toEqual([{ scenario: 'ctrl', seed: 3 }, { scenario: 'bringup', seed: 1 }]);
    expect(() => parseSuite(['nope:1'])).toThrow(/"nope:1"/);
    expect(parseSuite(['traffic:2@0.4', 'ctrl@0'])).toEqual([{ scenario: 'traffic', seed: 2, backpressure: 0.4 }, { scenario: 'ctrl', seed: 1 }]);
    expect(() => parseSuite(['traffic:2@1.5'])).toThrow(/0 <= P < 1/);
    expect(() => parseSuite(['ctrl:x'])).toThrow(/"ctrl:x"/);
  });

  it('exits 2 on a bad option value, 0 on --list (nothing built)', async () => {
    expect(await mutateMain(['--suite', 'nope'])).toBe(2);
    expect(await mutateMain(['--count', '0'])).toBe(2);
    expect(await mutateMain(['--list', '--count', '3', '--seed', '5'])).toBe(0);
  });
});
