import { describe, expect, it } from 'vitest';
import { flowHash, RxSteering } from './steer.js';

function udp(src: number[], dst: number[], sport: number, dport: number): Uint8Array {
  const f = new Uint8Array(60);
  f.set([0x08, 0x00], 12);
  f[14] = 0x45;
  f[23] = 17;
  f.set(src, 26);
  f.set(dst, 30);
  f.set([sport >> 8, sport & 0xff, dport >> 8, dport & 0xff], 34);
  return f;
}

describe('MQ steering', () => {
  it('hash is symmetric in direction', () => {
    expect(flowHash(udp([10, 0, 0, 1], [10, 0, 0, 2], 1000, 53))).toBe(flowHash(udp([10, 0, 0, 2], [10, 0, 0, 1], 53, 1000)));
  });
  it('uses receiveq1 only while one pair is in use', () => {
    const s = new RxSteering();
    for (let p = 0; p < 50; p++) expect(s.select(udp([10, 0, 0, 1], [10, 0, 0, 2], p, 80), 1)).toBe(0);
  });
  it('follows the TX queue pair a flow was last sent on, and stays below curQueuePairs', () => {
    const s = new RxSteering();
    const tx = udp([10, 0, 0, 2], [10, 0, 0, 1], 80, 4000);
    const rx = udp([10, 0, 0, 1], [10, 0, 0, 2], 4000, 80);
    s.learnTx(tx, 3);
    expect(s.select(rx, 4)).toBe(3);
    expect(s.select(rx, 2)).toBeLessThan(2);
  });
  it('spreads unlearned flows over all pairs', () => {
    const s = new RxSteering();
    const seen = new Set<number>();
    for (let p = 0; p < 64; p++) seen.add(s.select(udp([10, 0, 0, 1], [10, 0, 0, 2], 1000 + p, 80), 4));
    expect(seen.size).toBe(4);
  });
});
