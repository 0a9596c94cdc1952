import { describe, expect, it } from 'vitest';
import { cfgRd0, cpl, cplD, mwr } from './build.js';
import { describeTlp, diffTlp, sameHeader } from './describe.js';
import { CplStatus } from './types.js';

describe('describeTlp', () => {
  it('MWr64 in the documented form', () => {
    const t = mwr({ address: 0x1_0000_0040, data: new Uint8Array(16), requesterId: 0x0100, tag: 3 });
    expect(describeTlp(t)).toBe('MWr64 addr=0x1_0000_0040 len=4 req=01:00.0 tag=0x03 FirstBE=0xf LastBE=0xf');
  });
  it('completion and config request', () => {
    expect(describeTlp(cpl({ completerId: 0, requesterId: 0x0108, tag: 0x10, status: CplStatus.UR })))
      .toBe('Cpl status=UR cpl=00:00.0 req=01:01.0 tag=0x10 bc=4 la=0x00');
    expect(describeTlp(cfgRd0({ requesterId: 0, tag: 1, targetId: 0x0100, register: 0x10 })))
      .toBe('CfgRd0 target=01:00.0 reg=0x010 req=00:00.0 tag=0x01 FirstBE=0xf');
  });
});

describe('diffTlp', () => {
  it('no differences for equal TLPs', () => {
    const a = mwr({ address: 0x1000, data: new Uint8Array(8), requesterId: 1 });
    expect(diffTlp(a, { ...a, data: new Uint8Array(8) })).toEqual([]);
  });
  it('names differing fields by spec name, and the first differing payload byte', () => {
    const a = cplD({ completerId: 0, requesterId: 0x100, tag: 2, data: new Uint8Array(8) });
    const data = new Uint8Array(8);
    data[5] = 0x7f;
    const b = { ...a, tag: 3, lowerAddress: 0x40, data };
    expect(diffTlp(a, b)).toEqual([
      'Tag: 0x2 != 0x3',
      'Lower Address: 0x0 != 0x40',
      'payload: first difference at byte 5 (DW 1): 0x00 != 0x7f',
    ]);
  });
  it('different kinds give one Fmt/Type line', () => {
    const a = mwr({ address: 0x1000, data: new Uint8Array(4), requesterId: 1 });
    expect(diffTlp(a, cpl({ completerId: 0, requesterId: 1, tag: 0 }))).toEqual(['Fmt/Type: MWr != Cpl']);
  });
});

describe('sameHeader', () => {
  it('true when only payload bytes differ; false for a header field, a payload length or a kind', () => {
    const a = cplD({ completerId: 0, requesterId: 0x100, tag: 2, data: new Uint8Array(8) });
    const data = new Uint8Array(8);
    data[5] = 0x7f;
    expect(sameHeader(a, { ...a, data })).toBe(true);
    expect(sameHeader(a, { ...a, data, lowerAddress: 0x40 })).toBe(false);
    expect(sameHeader(a, { ...a, data: new Uint8Array(4) })).toBe(false);
    expect(sameHeader(a, cpl({ completerId: 0, requesterId: 0x100, tag: 2 }))).toBe(false);
  });
});
