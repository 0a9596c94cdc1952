import { describe, expect, it } from 'vitest';
import { byteEnables, cplD, mrd, mwrBytes } from './build.js';
import { decodeTlp, encodeTlp } from './codec.js';

describe('byte enables for unaligned ranges (PCIe r6.0 §2.2.5)', () => {
  it('2 bytes inside one DW', () => {
    expect(byteEnables(0x1001, 2)).toEqual({ dwAddress: 0x1000, length: 1, firstBe: 0b0110, lastBe: 0 });
  });
  it('4 bytes straddling two DWs', () => {
    expect(byteEnables(0x1002, 4)).toEqual({ dwAddress: 0x1000, length: 2, firstBe: 0b1100, lastBe: 0b0011 });
  });
  it('6 bytes from offset 3 span 3 DWs', () => {
    expect(byteEnables(0x1003, 6)).toEqual({ dwAddress: 0x1000, length: 3, firstBe: 0b1000, lastBe: 0b0001 });
  });
  it('aligned whole DWs', () => {
    expect(byteEnables(0x2000, 16)).toEqual({ dwAddress: 0x2000, length: 4, firstBe: 0xf, lastBe: 0xf });
  });
  it('zero-length write form', () => {
    expect(byteEnables(0x2003, 0)).toEqual({ dwAddress: 0x2000, length: 1, firstBe: 0, lastBe: 0 });
  });
});

describe('builders', () => {
  it('mwrBytes places bytes at their lane and encodes', () => {
    const t = mwrBytes(0x1003, new Uint8Array([1, 2, 3, 4, 5, 6]), 0x0100);
    expect(t.address).toBe(0x1000);
    expect(Array.from(t.data)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0]);
    expect(decodeTlp(encodeTlp(t))).toEqual(t);
  });
  it('mrd picks the 4-DW form at and above 4 GiB only', () => {
    expect(mrd({ address: 0xffff_fffc, length: 1, requesterId: 0, tag: 0 }).addr64).toBe(false);
    expect(mrd({ address: 0x1_0000_0000, length: 1, requesterId: 0, tag: 0 }).addr64).toBe(true);
  });
  it('cplD byte count defaults to the bytes after the lower address offset', () => {
    expect(cplD({ completerId: 0, requesterId: 0, tag: 0, lowerAddress: 0x42, data: new Uint8Array(8) }).byteCount).toBe(6);
  });
});
