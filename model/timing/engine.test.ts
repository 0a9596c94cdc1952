import { describe, expect, it } from 'vitest';
import { EngineTimer } from './engine.js';
import { REFERENCE_RTL_PROFILE } from './profile.js';

const w = (bits: number) => ({ ...REFERENCE_RTL_PROFILE, widths: { tlpDataBits: bits, axisDataBits: 64 } });

describe('EngineTimer (one byte per clock, rtl/dma_wr.sv / dma_rd.sv)', () => {
  it('an MWr beat is filled one lane per cycle: a 2-DW write is 8 fill cycles, a 4-beat one 4 × (8 + 1)', () => {
    const t = new EngineTimer(w(64));
    const one = t.write(100, [2]);
    const four = t.write(100, [8]);
    expect(four.cycles[0]).toBe(one.cycles[0]); // first beat: same 8 lanes
    expect(four.ret - one.ret).toBe(3 * 9); // three more beats, each 8 fills + 1 send
  });
  it('a wider bus fills more lanes before the first beat, the same payload in total', () => {
    const a = new EngineTimer(w(64)).write(0, [8]);
    const b = new EngineTimer(w(256)).write(0, [8]);
    expect(b.cycles[0] - a.cycles[0]).toBe(24); // 32 lanes instead of 8
    expect(b.ret).toBeLessThan(a.ret); // one send state instead of four
  });
  it('completions are taken one at a time: a second CplD offered early waits for the first', () => {
    const t = new EngineTimer(w(64));
    t.completion(10, 4); // 2 beats × (1 take + 2 DWs)
    expect(t.lastCplDone).toBe(16);
    t.completion(11, 1); // waits until 16, then 1 take + 1 DW + 1 for the empty lane
    expect(t.lastCplDone).toBe(19);
    expect(t.readReturn()).toBe(19 + REFERENCE_RTL_PROFILE.engine!.readDoneToReturn);
  });
  it('bytes are free with engineBytesPerCycle 0', () => {
    const p = { ...REFERENCE_RTL_PROFILE, policy: { ...REFERENCE_RTL_PROFILE.policy, engineBytesPerCycle: 0 } };
    expect(new EngineTimer(p).bytes(1500)).toBe(0);
    expect(new EngineTimer(REFERENCE_RTL_PROFILE).bytes(1500)).toBe(1500);
  });
});

describe('EngineTimer closed forms (one step per beat, written as a sum)', () => {
  // The beat-by-beat walk the RTL does, written the long way, as the reference.
  function walkWrite(t: number, dws: number[], laneBytes: number, bpc: number, fill: number, ret: number): { cycles: number[]; ret: number } {
    let c = t + fill;
    let send = c;
    const cycles: number[] = [];
    for (const d of dws) {
      let left = Math.max(1, d) * 4;
      let first = true;
      while (left > 0) {
        const f = Math.min(laneBytes, left);
        send = c + (bpc === 0 ? 1 : Math.ceil(f / bpc)) + 1;
        if (first) cycles.push(send);
        first = false;
        left -= f;
        c = send;
      }
      c = send + 1;
    }
    return { cycles, ret: send + ret };
  }
  function walkCompletions(arrivals: [number, number][], per: number): number {
    let free = 0;
    for (const [at, dws] of arrivals) {
      let t = Math.max(at, free);
      if (dws === 0) t += 1;
      for (let left = dws; left > 0; left -= per) t += 1 + (Math.min(per, left) === per ? per : Math.min(per, left) + 1);
      free = t;
    }
    return free;
  }
  it('write() and completion() agree with the beat-by-beat walk for every width, rate and length', () => {
    for (const bits of [64, 128, 256]) {
      for (const bpc of [0, 1, 3, 8]) {
        const p = { ...w(bits), policy: { ...REFERENCE_RTL_PROFILE.policy, engineBytesPerCycle: bpc } };
        const e = REFERENCE_RTL_PROFILE.engine!;
        for (const dws of [[0], [1], [2], [3], [7, 1], [16, 128, 5], [1024]]) {
          expect(new EngineTimer(p).write(50, dws)).toEqual(walkWrite(50, dws, bits / 8, bpc, e.writeIssueToFill, e.writeDoneToReturn));
        }
        const arrivals: [number, number][] = [[10, 0], [11, 1], [11, 3], [40, 128], [41, 7], [400, 16]];
        const t = new EngineTimer(p);
        for (const [at, dws] of arrivals) t.completion(at, dws);
        expect(t.lastCplDone).toBe(walkCompletions(arrivals, bits / 32));
      }
    }
  });
});
