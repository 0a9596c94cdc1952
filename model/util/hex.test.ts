import { describe, expect, it } from 'vitest';
import { bytesHex, dwordsHex, hex8 } from './hex.js';

describe('hex formatters', () => {
  it('hex8 pads to 8 digits and takes negatives as u32', () => {
    expect(hex8(0)).toBe('00000000');
    expect(hex8(0xabc)).toBe('00000abc');
    expect(hex8(-1)).toBe('ffffffff');
    expect(hex8(0x8000_0000 | 0)).toBe('80000000');
  });

  it('bytesHex gives two digits a byte, with an optional separator', () => {
    const b = Uint8Array.of(0x02, 0x00, 0xab, 0x0f, 0xff, 0x10);
    expect(bytesHex(b)).toBe('0200ab0fff10');
    expect(bytesHex(b, ':')).toBe('02:00:ab:0f:ff:10');
    expect(bytesHex(new Uint8Array(0), ':')).toBe('');
  });

  it('dwordsHex reads each DW little-endian and drops a partial last DW', () => {
    const data = Uint8Array.of(0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde, 0x01);
    expect(dwordsHex(data)).toEqual(['12345678', 'deadbeef']);
    expect(dwordsHex(data.subarray(4, 8))).toEqual(['deadbeef']);
  });
});
