import { describe, expect, it } from 'vitest';
import { cplD, mrd, mwr } from '../../model/tlp/build.js';
import type { OutputEvent } from './events.js';
import { Scoreboard, formatDivergence } from './scoreboard.js';

const dw = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer);
const rd = (cycle: number, address: number, tag: number): OutputEvent => ({
  cycle, channel: 'tx_rd_req', tlp: mrd({ address, length: 4, requesterId: 0x100, tag }),
});
const wr = (cycle: number, address: number, data: Uint8Array, firstBe = 0xf): OutputEvent => ({
  cycle, channel: 'tx_wr_req', tlp: mwr({ address, data, requesterId: 0x100, firstBe }),
});

describe('Scoreboard', () => {
  it('matches identical streams and builds the timing histogram', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', rd(100, 0x1000, 0));
    sb.push('rtl', rd(102, 0x1000, 0));
    sb.push('rtl', wr(110, 0x2000, dw(1)));
    sb.push('model', wr(109, 0x2000, dw(1)));
    sb.finish();
    const s = sb.summary();
    expect(s.divergence).toBeNull();
    expect(s.compared.tx_rd_req).toBe(1);
    expect(s.compared.tx_wr_req).toBe(1);
    expect(s.timingHistogram.get(2)).toBe(1);
    expect(s.timingHistogram.get(1)).toBe(1);
    expect(s.timingMaxAbs).toBe(2);
  });

  it('normalises read tags and remembers the mapping for completions', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', rd(10, 0x1000, 3));
    sb.push('rtl', rd(10, 0x1000, 7));
    expect(sb.stopped).toBe(false);
    expect(sb.modelTagFor(7)).toBe(3);
    sb.releaseTag(7);
    expect(sb.modelTagFor(7)).toBeUndefined();
  });

  it('reports a field mismatch by spec name with context', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', rd(10, 0x1000, 0));
    sb.push('rtl', rd(10, 0x1000, 0));
    sb.push('model', rd(20, 0x1040, 1));
    sb.push('rtl', rd(21, 0x1080, 1));
    const d = sb.firstDivergence!;
    expect(d.kind).toBe('mismatch');
    expect(d.cycle).toBe(21);
    expect(d.fields.join('\n')).toMatch(/Address: 0x1040 != 0x1080/);
    expect(d.context).toHaveLength(1);
    expect(formatDivergence(d)).toMatch(/DIVERGENCE \(mismatch\) at cycle 21/);
  });

  it('ignores payload bytes outside First/Last DW BE but not inside', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', wr(1, 0x2000, dw(0x000000aa), 0x1));
    sb.push('rtl', wr(1, 0x2000, dw(0xdeadbeaa), 0x1));
    expect(sb.stopped).toBe(false);
    sb.push('model', wr(2, 0x2000, dw(0x000000aa), 0x1));
    sb.push('rtl', wr(2, 0x2000, dw(0x000000ab), 0x1));
    expect(sb.firstDivergence?.fields[0]).toMatch(/payload: first difference at byte 0/);
  });

  it('accepts any interleaving across ordering domains but not within one', () => {
    const domainOf = (ev: OutputEvent) => (ev.tlp!.address < 0x8000 ? 'q0' : 'q1');
    const sb = new Scoreboard({ timingTolerance: 8, domainOf });
    sb.push('model', wr(1, 0x1000, dw(1)));
    sb.push('model', wr(2, 0x9000, dw(2)));
    sb.push('rtl', wr(1, 0x9000, dw(2)));
    sb.push('rtl', wr(2, 0x1000, dw(1)));
    expect(sb.stopped).toBe(false);

    const strict = new Scoreboard({ timingTolerance: 8 });
    strict.push('model', wr(1, 0x1000, dw(1)));
    strict.push('model', wr(2, 0x9000, dw(2)));
    strict.push('rtl', wr(1, 0x9000, dw(2)));
    expect(strict.firstDivergence?.kind).toBe('mismatch');
  });

  it('flags what one side emitted and the other never did', () => {
    const sb = new Scoreboard({ timingTolerance: 4, matchWindow: 100 });
    sb.push('model', rd(50, 0x1000, 0));
    sb.checkDeadlines(200, 120);
    expect(sb.stopped).toBe(false);
    sb.checkDeadlines(200, 151);
    expect(sb.firstDivergence?.kind).toBe('missing-in-rtl');

    const sb2 = new Scoreboard({ timingTolerance: 4 });
    sb2.push('rtl', { cycle: 5, channel: 'm_axis_tx', frame: new Uint8Array(60) });
    sb2.finish();
    expect(sb2.firstDivergence?.kind).toBe('unexpected-in-rtl');
  });

  it('counts timing outside the tolerance, and stops on it when asked', () => {
    const sb = new Scoreboard({ timingTolerance: 2 });
    sb.push('model', rd(10, 0x1000, 0));
    sb.push('rtl', rd(20, 0x1000, 0));
    expect(sb.summary().timingViolations).toBe(1);
    expect(sb.stopped).toBe(false);
    const strict = new Scoreboard({ timingTolerance: 2, stopOnTiming: true });
    strict.push('model', rd(10, 0x1000, 0));
    strict.push('rtl', rd(20, 0x1000, 0));
    expect(strict.firstDivergence?.kind).toBe('timing');
  });

  it('compares completions exactly, including the tag', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    const c = (tag: number): OutputEvent => ({
      cycle: 3, channel: 'tx_cpl', tlp: cplD({ completerId: 0x100, requesterId: 0, tag, data: dw(0x10411af4) }),
    });
    sb.push('model', c(1));
    sb.push('rtl', c(2));
    expect(sb.firstDivergence?.fields.join()).toMatch(/Tag/);
  });

  it('compares frames and INTx levels', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    const f = new Uint8Array(64).fill(7);
    const g = f.slice();
    g[33] = 8;
    sb.push('model', { cycle: 1, channel: 'm_axis_tx', frame: f });
    sb.push('rtl', { cycle: 1, channel: 'm_axis_tx', frame: g });
    expect(sb.firstDivergence?.fields).toEqual(['frame byte 33: 0x07 != 0x08']);
    const sb2 = new Scoreboard({ timingTolerance: 4 });
    sb2.push('model', { cycle: 1, channel: 'intx', level: true });
    sb2.push('rtl', { cycle: 1, channel: 'intx', level: false });
    expect(sb2.firstDivergence?.fields).toEqual(['INTx level: 1 != 0']);
  });
});
