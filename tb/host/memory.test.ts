import { describe, expect, it } from 'vitest';
import { HostMemory, HostMemoryError } from './memory.js';

describe('HostMemory', () => {
  it('reads zeros where nothing was written, without creating pages', () => {
    const m = new HostMemory();
    expect(Array.from(m.read(0x1234_5678, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.readU32(0x9000)).toBe(0);
    expect(m.pageCount).toBe(0);
  });
  it('write and read across a 4 KiB page boundary', () => {
    const m = new HostMemory();
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    m.write(0x1fd0, bytes);
    expect(m.read(0x1fd0, 100)).toEqual(bytes);
    expect(m.pageCount).toBe(2);
    expect(m.read(0x1fcf, 1)[0]).toBe(0);
  });
  it('writeFrom copies exactly src[start, end): short, long and page-straddling', () => {
    const m = new HostMemory();
    const src = Uint8Array.from({ length: 40 }, (_, i) => 0x80 + i);
    m.writeFrom(0x3000, src, 2, 8); // 6 bytes: the byte loop
    m.writeFrom(0x3ffe, src, 0, 5); // straddles 0x4000
    m.writeFrom(0x5001, src, 3, 40); // long: set()
    expect(Array.from(m.read(0x2fff, 8))).toEqual([0, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0]);
    expect(Array.from(m.read(0x3ffe, 6))).toEqual([0x80, 0x81, 0x82, 0x83, 0x84, 0]);
    expect(m.read(0x5001, 37)).toEqual(src.subarray(3, 40));
    expect(m.read(0x5000, 1)[0]).toBe(0);
    expect(() => m.writeFrom(0, src, 30, 41)).toThrow(HostMemoryError);
  });
  it('little-endian u16/u32/u64 byte layout', () => {
    const m = new HostMemory();
    m.writeU16(0x100, 0xbeef);
    m.writeU32(0x104, 0x1234_5678);
    m.writeU64(0x108, 0x1_0000_0002);
    expect(Array.from(m.read(0x100, 16))).toEqual([0xef, 0xbe, 0, 0, 0x78, 0x56, 0x34, 0x12, 2, 0, 0, 0, 1, 0, 0, 0]);
    expect(m.readU16(0x100)).toBe(0xbeef);
    expect(m.readU32(0x104)).toBe(0x1234_5678);
    expect(m.readU64(0x108)).toBe(0x1_0000_0002);
  });
  it('multi-byte values straddling a page boundary', () => {
    const m = new HostMemory();
    m.writeU32(0x0ffe, 0xa1b2_c3d4);
    expect(m.readU32(0x0ffe)).toBe(0xa1b2_c3d4);
    expect(m.read(0x1000, 2)).toEqual(new Uint8Array([0xb2, 0xa1]));
    m.writeU16(0x2fff, 0x0102);
    expect(m.readU16(0x2fff)).toBe(0x0102);
  });
  it('fill spans pages', () => {
    const m = new HostMemory();
    m.fill(0x0ff0, 0x20, 0xaa);
    expect(m.read(0x0fef, 0x22)).toEqual(new Uint8Array([0, ...new Array(0x20).fill(0xaa), 0]));
  });
  it('typed errors for bad addresses and values', () => {
    const m = new HostMemory();
    expect(() => m.read(-4, 4)).toThrow(HostMemoryError);
    expect(() => m.write(2 ** 53 + 2, new Uint8Array(4))).toThrow(/exact integer/);
    expect(() => m.write(2n ** 64n - 2n, new Uint8Array(4))).toThrow(/64-bit address space/);
    expect(() => m.writeU64(0, 2 ** 53)).toThrow(HostMemoryError);
    m.writeU32(0x14, 0x0020_0000);
    expect(() => m.readU64(0x10)).toThrow(HostMemoryError);
  });
  it('the whole 64-bit space: a buffer ending exactly at 2^53 or at 2^64, number and bigint addresses agree', () => {
    const m = new HostMemory();
    const b = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    m.write(2 ** 53 - 8, b);
    expect(m.read(2n ** 53n - 8n, 8)).toEqual(b);
    m.write(2n ** 64n - 8n, b);
    expect(m.read(2n ** 64n - 8n, 8)).toEqual(b);
    expect(m.readU32(2n ** 64n - 4n)).toBe(0x0807_0605);
    m.write(2n ** 53n + 4094n, b); // straddles a page above 2^53
    expect(m.read(2n ** 53n + 4094n, 8)).toEqual(b);
    expect(m.read(2 ** 53 - 8, 8)).toEqual(b);
  });
  it('view: zero-copy within one written page, null across pages or where nothing was written', () => {
    const m = new HostMemory();
    m.write(0x2_0000_1000, Uint8Array.of(1, 2, 3, 4, 5));
    const v = m.view(0x2_0000_1001, 3)!;
    expect(Array.from(v)).toEqual([2, 3, 4]);
    m.write(0x2_0000_1002, Uint8Array.of(9)); // a view aliases memory
    expect(v[1]).toBe(9);
    expect(m.view(0x2_0000_1ffe, 4)).toBeNull(); // straddles into the next page
    expect(m.view(0x3_0000_0000, 4)).toBeNull(); // never written
    // The one-page lookup cache must not confuse pages: alternate between two.
    m.write(0x5000, Uint8Array.of(7));
    expect(m.read(0x2_0000_1000, 1)[0]).toBe(1);
    expect(m.read(0x5000, 1)[0]).toBe(7);
    expect(m.view(0x5000, 1)![0]).toBe(7);
  });
});
