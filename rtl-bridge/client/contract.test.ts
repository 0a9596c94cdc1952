// The server's port-contract checks (docs/dut-interface.md "Rules (all channels)") on a real
// Verilator build of the stand-in DUT: a clean DUT under back-pressure reports nothing; one that
// ends a beat after every DW, or sends beats without sop, gets contract records naming the
// channel, the cycle and the rule, before the transaction they concern (PROTOCOL.md).
import { afterEach, describe, expect, it } from 'vitest';
import { mrd, mwr } from '../../model/tlp/build.js';
import { startSimulator, type Output, type Simulator } from './index.js';

const BAR0 = 0x8000_0000;
const words = (n: number): Uint8Array => {
  const b = new Uint8Array(4 * n);
  for (let i = 0; i < b.length; i++) b[i] = (i * 37 + 11) & 0xff;
  return b;
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** MWr of `n` DW into the DUT's scratch (echoed on tx_wr_req), then an MRd of `n` DW (CplD on tx_cpl). */
async function writeThenRead(s: Simulator, n: number): Promise<Output[]> {
  s.scheduleTlp('rx_req', mwr({ address: BAR0, data: words(n), requesterId: 0, tag: 1 }), undefined, 2, { barId: 0 });
  s.scheduleTlp('rx_req', mrd({ address: BAR0, length: n, requesterId: 0, tag: 2 }), undefined, 60, { barId: 0 });
  return s.advanceTo(200);
}

describe('contract records from the bridge', () => {
  it('a clean DUT under back-pressure breaks no rule (valid held, beats full but the last)', async () => {
    sim = await startSimulator({ top: 'test', width: 64 });
    await sim.reset();
    await sim.setBackpressure('tx_wr_req', { kind: 'pattern', bits: '0110' });
    await sim.setBackpressure('tx_cpl', { kind: 'pattern', bits: '101' });
    const outs = await writeThenRead(sim, 5);
    expect(outs.filter((o) => o.channel === 'contract')).toEqual([]);
    const wr = outs.find((o) => o.channel === 'tx_wr_req')!;
    const cpl = outs.find((o) => o.channel === 'tx_cpl')!;
    expect(wr.data).toEqual(words(5));
    expect(cpl.data).toEqual(words(5));
    expect(cpl.cycle - cpl.sopCycle).toBeGreaterThan(2); // 3 beats, stalled in between
  });

  it('a beat ended after every DW: beat-not-full on each beat but the last, then length-mismatch, then the TLP', async () => {
    sim = await startSimulator({ top: 'test', width: 64, defines: ['TEST_DUT_BEAT_PER_DW'] });
    await sim.reset();
    const outs = await writeThenRead(sim, 4);
    const wrAt = outs.findIndex((o) => o.channel === 'tx_wr_req');
    expect(wrAt).toBeGreaterThan(0);
    const before = outs.slice(0, wrAt).filter((o) => o.channel === 'contract').map((o) => o.contract!);
    expect(before.map((c) => c.rule)).toEqual(['beat-not-full', 'beat-not-full', 'beat-not-full', 'length-mismatch']);
    expect(before.every((c) => c.channel === 'tx_wr_req')).toBe(true);
    expect(before[0].detail).toMatch(/beat 0 is not the last \(no eop\) but strb 0b01 is not full/);
    expect(before[3].detail).toMatch(/Length 4 DW but the TLP carried 4 DW in 4 beat\(s\); 2 full beat\(s\) expected/);
    // Cycles: the first report is the first beat's cycle, the TLP's sop.
    const first = outs.find((o) => o.channel === 'contract')!;
    expect(first.cycle).toBe(outs[wrAt].sopCycle);
    // The completion breaks the same rules on tx_cpl; nothing is dropped.
    expect(outs.some((o) => o.channel === 'contract' && o.contract!.channel === 'tx_cpl' && o.contract!.rule === 'beat-not-full')).toBe(true);
    expect(outs.find((o) => o.channel === 'tx_cpl')!.data).toEqual(words(4));
  });

  it('beats without sop: beat-outside-packet for each, no TLP delivered', async () => {
    sim = await startSimulator({ top: 'test', width: 64, defines: ['TEST_DUT_NO_SOP'] });
    await sim.reset();
    const outs = await writeThenRead(sim, 3);
    expect(outs.some((o) => o.channel === 'tx_wr_req')).toBe(false);
    const c = outs.filter((o) => o.channel === 'contract').map((o) => o.contract!);
    expect(c.map((x) => `${x.channel} ${x.rule}`)).toEqual(['tx_wr_req beat-outside-packet', 'tx_wr_req beat-outside-packet']);
    expect(c[0].detail).toMatch(/a beat without sop outside a TLP/);
    // The completion (sop intact) still arrives.
    expect(outs.find((o) => o.channel === 'tx_cpl')!.data).toEqual(words(3));
  });

  it('an unstable DUT (TEST_DUT_UNSTABLE): hdr-changed, beat-changed and valid-dropped', async () => {
    sim = await startSimulator({ top: 'test', width: 64, defines: ['TEST_DUT_UNSTABLE'] });
    await sim.reset();
    await sim.setBackpressure('tx_wr_req', { kind: 'pattern', bits: '01' });
    await sim.setBackpressure('tx_cpl', { kind: 'pattern', bits: '01' });
    const outs = await writeThenRead(sim, 5);
    const seen = new Set(outs.filter((o) => o.channel === 'contract').map((o) => `${o.contract!.channel} ${o.contract!.rule}`));
    expect(seen).toEqual(new Set(['tx_wr_req hdr-changed', 'tx_wr_req beat-changed', 'tx_cpl valid-dropped']));
    const changed = outs.find((o) => o.contract?.rule === 'hdr-changed')!;
    expect(changed.contract!.detail).toMatch(/hdr on beat 1 differs from the sop beat/);
    expect(outs.find((o) => o.contract?.rule === 'valid-dropped')!.contract!.detail).toMatch(/valid deasserted before ready/);
  });
});
