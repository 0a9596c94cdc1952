import { describe, expect, it } from 'vitest';
import { planRxFill } from './rxplan.js';

describe('RX buffer-fill planning', () => {
  it('without MRG_RXBUF uses exactly one buffer holding header + frame', () => {
    expect(planRxFill(1514, 12, false, [1526])).toEqual({ ok: true, numBuffers: 1, lens: [1526] });
    expect(planRxFill(60, 12, false, [2048, 2048])).toEqual({ ok: true, numBuffers: 1, lens: [72] });
  });
  it('without MRG_RXBUF drops a frame that does not fit rather than splitting it', () => {
    expect(planRxFill(1514, 12, false, [1525, 4096])).toEqual({ ok: false, reason: 'too_big' });
  });
  it('drops when there is no buffer', () => {
    expect(planRxFill(60, 12, false, [])).toEqual({ ok: false, reason: 'no_buffer' });
    expect(planRxFill(60, 12, true, [100], 0)).toEqual({ ok: false, reason: 'no_buffer' });
  });
  it('with MRG_RXBUF fills buffers 1..n-1 completely and sets num_buffers = n', () => {
    const p = planRxFill(1514, 12, true, [512, 512, 512, 512]);
    expect(p).toEqual({ ok: true, numBuffers: 3, lens: [512, 512, 502] });
  });
  it('with MRG_RXBUF drops when the available buffers are too few in total', () => {
    expect(planRxFill(1514, 12, true, [512, 512])).toEqual({ ok: false, reason: 'no_buffer' });
  });
  it('with MRG_RXBUF needs the whole header in the first buffer', () => {
    expect(planRxFill(60, 12, true, [8, 100])).toEqual({ ok: false, reason: 'too_big' });
  });
});
