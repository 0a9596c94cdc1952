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
    const sb = new Scoreboard({ timingTolerance: 4, matchWindow: 100, timing: 'warn' });
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

  it('a pair outside the tolerance diverges (timing fail), or is counted and listed (warn)', () => {
    const strict = new Scoreboard({ timingTolerance: { before: 1, after: 3 } });
    strict.push('model', rd(10, 0x1000, 0));
    strict.push('rtl', rd(13, 0x1000, 0)); // +3: inside
    strict.push('model', rd(20, 0x1040, 1));
    strict.push('rtl', rd(18, 0x1040, 1)); // -2: outside -1..+3
    const d = strict.firstDivergence!;
    expect(d.kind).toBe('timing');
    expect(d.cycle).toBe(18);
    expect(d.fields[0]).toMatch(/model cycle 20, rtl cycle 18 \(rtl - model = -2, tolerance -1\.\.\+3\)/);
    expect(formatDivergence(d)).toMatch(/rtl   @18: tx_rd_req MRd/);

    const warn = new Scoreboard({ timingTolerance: 2, timing: 'warn' });
    warn.push('model', rd(10, 0x1000, 0));
    warn.push('rtl', rd(20, 0x1000, 0));
    expect(warn.stopped).toBe(false);
    const s = warn.summary();
    expect(s.timingViolations).toBe(1);
    expect(s.timing).toBe('warn');
    expect(s.timingList).toEqual([expect.objectContaining({ modelCycle: 10, rtlCycle: 20, difference: 10 })]);
  });

  it('a late RTL diverges at the cycle it became late, unless a transaction began in time', () => {
    const tol = { before: 2, after: 4 };
    const sb = new Scoreboard({ timingTolerance: tol });
    sb.push('model', wr(100, 0x2000, dw(1, 2, 3, 4, 5, 6)));
    expect(sb.nextDeadline()).toBe(105);
    sb.checkDeadlines(200, 104);
    expect(sb.stopped).toBe(false);
    sb.checkDeadlines(200, 105);
    // Held for a grace of before + after + 1 cycles (nothing better turns up), then it stands.
    expect(sb.stopped).toBe(false);
    expect(sb.nextDeadline()).toBe(105 + 7 + 1);
    sb.checkDeadlines(200, 112);
    const d = sb.firstDivergence!;
    expect(d.kind).toBe('timing');
    expect(d.cycle).toBe(105);
    expect(d.fields[0]).toMatch(/the RTL had begun nothing matching by cycle 104 \(tolerance -2\.\.\+4\)/);

    // The RTL began its (multi-beat) write at 103: not late; judged when it arrives.
    const under = new Scoreboard({ timingTolerance: tol });
    under.push('model', wr(100, 0x2000, dw(1, 2, 3, 4, 5, 6)));
    under.rtlStart('tx_wr_req', 103);
    expect(under.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
    under.checkDeadlines(300, 250);
    expect(under.stopped).toBe(false);
    under.push('rtl', { ...wr(103, 0x2000, dw(1, 2, 3, 4, 5, 6)), lastBeat: 250 });
    expect(under.stopped).toBe(false);
    expect(under.summary().timingHistogram.get(3)).toBe(1);
    // ... but a start after the window does not hold it.
    const late = new Scoreboard({ timingTolerance: tol });
    late.push('model', wr(100, 0x2000, dw(1, 2, 3, 4, 5, 6)));
    late.rtlStart('tx_wr_req', 105);
    late.checkDeadlines(200, 106);
    late.finish();
    expect(late.firstDivergence?.kind).toBe('timing');

    // warn: only the wide match window declares it missing.
    const warn = new Scoreboard({ timingTolerance: tol, timing: 'warn', matchWindow: 50 });
    warn.push('model', wr(100, 0x2000, dw(1)));
    warn.checkDeadlines(200, 140);
    expect(warn.stopped).toBe(false);
    warn.checkDeadlines(200, 151);
    expect(warn.firstDivergence?.kind).toBe('missing-in-rtl');
    // ... unless the RTL began its transaction within the window: judged when it arrives.
    const warnOpen = new Scoreboard({ timingTolerance: tol, timing: 'warn', matchWindow: 50 });
    warnOpen.push('model', wr(100, 0x2000, dw(1, 2, 3, 4, 5, 6)));
    warnOpen.rtlStart('tx_wr_req', 140);
    warnOpen.checkDeadlines(400, 300);
    expect(warnOpen.stopped).toBe(false);
    warnOpen.push('rtl', { ...wr(140, 0x2000, dw(1, 2, 3, 4, 5, 6)), lastBeat: 300 });
    warnOpen.finish();
    expect(warnOpen.firstDivergence).toBeNull();

    // An RTL event the model has not predicted by its last beat + before is early.
    const early = new Scoreboard({ timingTolerance: tol });
    early.push('rtl', { ...rd(50, 0x1000, 0), lastBeat: 50 });
    expect(early.nextDeadline()).toBe(54);
    early.checkDeadlines(52, 60);
    expect(early.stopped).toBe(false);
    early.checkDeadlines(53, 60);
    early.checkDeadlines(60, 60);
    expect(early.firstDivergence?.kind).toBe('timing');
    expect(early.firstDivergence?.cycle).toBe(50);
  });

  it('an unpaired timing divergence gives way to what its domain shows within the grace', () => {
    const tol = { before: 2, after: 4 };
    // The RTL writes early; the model's write of that domain comes 4 cycles later, elsewhere:
    // the report is the content mismatch of the pair.
    const sb = new Scoreboard({ timingTolerance: tol });
    sb.push('rtl', { ...wr(50, 0x200c, dw(1), 0xc), lastBeat: 50 });
    sb.checkDeadlines(53, 54);
    expect(sb.stopped).toBe(false);
    sb.push('model', wr(54, 0x2008, dw(1, 2)));
    expect(sb.firstDivergence?.kind).toBe('mismatch');
    expect(sb.firstDivergence?.fields.join('\n')).toMatch(/Address: 0x2008 != 0x200c/);
    // The same transaction a few cycles too late: the pair with both cycles.
    const late = new Scoreboard({ timingTolerance: tol });
    late.push('model', rd(100, 0x1000, 0));
    late.checkDeadlines(200, 105);
    late.push('rtl', rd(108, 0x1000, 0));
    expect(late.firstDivergence?.kind).toBe('timing');
    expect(late.firstDivergence?.fields[0]).toMatch(/model cycle 100, rtl cycle 108 \(rtl - model = 8/);
    // Something in another domain during the grace: the held divergence (earlier) stands.
    const other = new Scoreboard({ timingTolerance: tol });
    other.push('model', rd(100, 0x1000, 0));
    other.checkDeadlines(200, 105);
    other.push('model', { cycle: 106, channel: 'intx', level: true });
    other.push('rtl', { cycle: 106, channel: 'intx', level: false });
    expect(other.firstDivergence?.kind).toBe('timing');
    expect(other.firstDivergence?.channel).toBe('tx_rd_req');
  });

  it('names the end of the run, not cycle Infinity, for what never came', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', rd(10, 0x1000, 0));
    sb.finish();
    expect(sb.firstDivergence?.kind).toBe('missing-in-rtl');
    expect(sb.firstDivergence?.fields[0]).toMatch(/by the end of the run/);
  });

  it('makes a contract violation the headline', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', rd(10, 0x1000, 0));
    sb.contract({ channel: 'tx_cpl', cycle: 12, rule: 'beat-not-full', detail: 'beat 0 is not the last (no eop) but strb 0b01 is not full' });
    const d = sb.firstDivergence!;
    expect(d.kind).toBe('contract');
    expect(d.channel).toBe('tx_cpl');
    expect(d.cycle).toBe(12);
    expect(formatDivergence(d)).toMatch(/DIVERGENCE \(contract\) at cycle 12 on tx_cpl[\s\S]*beat-not-full: beat 0/);
    sb.push('rtl', rd(30, 0x9000, 0));
    expect(sb.firstDivergence).toBe(d);
  });

  it('rejects a negative tolerance', () => {
    expect(() => new Scoreboard({ timingTolerance: { before: -1, after: 2 } })).toThrow(/timingTolerance\.before = -1/);
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

  it('compares m_axis_tx tuser: a frame marked bad where the model sends a good one', () => {
    const f = new Uint8Array(60).fill(1);
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', { cycle: 1, channel: 'm_axis_tx', frame: f });
    sb.push('rtl', { cycle: 1, channel: 'm_axis_tx', frame: f, tuser: true });
    expect(sb.firstDivergence?.kind).toBe('mismatch');
    expect(sb.firstDivergence?.fields).toEqual(['tuser: 0 != 1']);
    const ok = new Scoreboard({ timingTolerance: 4 });
    ok.push('model', { cycle: 1, channel: 'm_axis_tx', frame: f });
    ok.push('rtl', { cycle: 1, channel: 'm_axis_tx', frame: f, tuser: false });
    expect(ok.stopped).toBe(false);
  });

  it('a frame whose queue was reset while it streamed (mayAbort) may end aborted or whole (docs/dut-interface.md "Queue reset")', () => {
    const f = new Uint8Array(200).fill(7);
    // Aborted: a shorter frame with tuser, later than the model's first beat, takes its place uncompared.
    const cut = new Scoreboard({ timingTolerance: 4 });
    const m: OutputEvent = { cycle: 10, channel: 'm_axis_tx', frame: f };
    cut.push('model', m);
    m.mayAbort = true; // set by the model when the reset arrives, after the frame was returned
    cut.push('rtl', { cycle: 30, channel: 'm_axis_tx', frame: f.subarray(0, 104), tuser: true });
    expect(cut.stopped).toBe(false);
    expect(cut.abortedFrames).toBe(1);
    cut.push('model', { cycle: 300, channel: 'm_axis_tx', frame: f });
    cut.push('rtl', { cycle: 300, channel: 'm_axis_tx', frame: f });
    expect(cut.stopped).toBe(false);
    expect(cut.summary().compared.m_axis_tx).toBe(1);
    // Whole: compared as any frame.
    const whole = new Scoreboard({ timingTolerance: 4 });
    whole.push('model', { cycle: 10, channel: 'm_axis_tx', frame: f, mayAbort: true });
    whole.push('rtl', { cycle: 10, channel: 'm_axis_tx', frame: f });
    expect(whole.stopped).toBe(false);
    expect(whole.summary().compared.m_axis_tx).toBe(1);
    // Without the mark an aborted frame where the model sends a good one still diverges.
    const strict = new Scoreboard({ timingTolerance: 4 });
    strict.push('model', { cycle: 10, channel: 'm_axis_tx', frame: f });
    strict.push('rtl', { cycle: 10, channel: 'm_axis_tx', frame: f.subarray(0, 104), tuser: true });
    expect(strict.firstDivergence?.kind).toBe('mismatch');
  });
});

describe('Scoreboard: payload bits the model marks as racing (OutputEvent.raceBits)', () => {
  const cpl = (data: Uint8Array, raceBits?: Uint8Array): OutputEvent => ({
    cycle: 5, channel: 'tx_cpl', tlp: cplD({ completerId: 0x100, requesterId: 0, tag: 9, data }), ...(raceBits ? { raceBits } : {}),
  });

  it('accepts either value of a marked Pending Bit (PCIe r6.0 §6.1.4.5), counts the pair', () => {
    const sb = new Scoreboard({ timingTolerance: 4 });
    sb.push('model', cpl(dw(0x0), Uint8Array.of(0x04, 0, 0, 0)));
    sb.push('rtl', cpl(dw(0x4)));
    sb.finish();
    expect(sb.summary().divergence).toBeNull();
    expect(sb.summary().compared.tx_cpl).toBe(1);
  });

  it('still diverges on a bit outside the mark, and without a mark', () => {
    for (const [rtlDw, mark] of [[0x5, Uint8Array.of(0x04, 0, 0, 0)], [0x4, undefined]] as const) {
      const sb = new Scoreboard({ timingTolerance: 4 });
      sb.push('model', cpl(dw(0x0), mark));
      sb.push('rtl', cpl(dw(rtlDw)));
      sb.finish();
      expect(sb.summary().divergence?.kind).toBe('mismatch');
    }
  });
});
