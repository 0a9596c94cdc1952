import { describe, expect, it } from 'vitest';
import { filterRxFrame } from './filter.js';
import { initialCtrlState } from './ctrl.js';

const MAC = Uint8Array.from([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
function frame(dst: number[]): Uint8Array {
  const f = new Uint8Array(60);
  f.set(dst, 0);
  return f;
}

describe('receive filter', () => {
  const mode = initialCtrlState(MAC, 1);
  mode.promisc = false;
  mode.allmulti = false;
  it('accepts own MAC and broadcast, drops other unicast', () => {
    expect(filterRxFrame(frame([...MAC]), mode)).toBe('accept');
    expect(filterRxFrame(frame([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), mode)).toBe('accept');
    expect(filterRxFrame(frame([0x52, 0x54, 0x00, 0x12, 0x34, 0x57]), mode)).toBe('filtered');
  });
  it('multicast needs allmulti or a table entry', () => {
    const mc = [0x01, 0x00, 0x5e, 0x00, 0x00, 0x01];
    expect(filterRxFrame(frame(mc), mode)).toBe('filtered');
    expect(filterRxFrame(frame(mc), { ...mode, macTableMulti: [Uint8Array.from(mc)] })).toBe('accept');
    expect(filterRxFrame(frame(mc), { ...mode, allmulti: true })).toBe('accept');
  });
  it('unicast table and promisc', () => {
    const other = [0x02, 0, 0, 0, 0, 9];
    expect(filterRxFrame(frame(other), { ...mode, macTableUni: [Uint8Array.from(other)] })).toBe('accept');
    expect(filterRxFrame(frame(other), { ...mode, promisc: true })).toBe('accept');
  });
  it('drops runts', () => {
    expect(filterRxFrame(new Uint8Array(13), { ...mode, promisc: true })).toBe('runt');
  });
});
