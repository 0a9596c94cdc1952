// A beat that breaks the port contract (docs/dut-interface.md "Rules (all channels)") is the
// headline divergence, kind `contract`, naming the channel, the cycle and the rule: on real
// Verilator builds of the bridge's stand-in DUT (rtl-bridge/test-dut) with a contract-breaking
// define, and with the model stand-in reporting a malformed completion (never "missing-in-rtl ...
// by cycle Infinity").
import { afterEach, describe, expect, it } from 'vitest';
import { cfgRd0, mrd, mwr } from '../../model/tlp/build.js';
import { buildServer, type Output } from '../../rtl-bridge/client/index.js';
import { ModelRtl } from './model-rtl.js';
import { FifoRtl } from './rtl-fifo.js';
import { REFERENCE_RTL_MODEL, runCosim, type RunResult } from './runner.js';
import type { Scenario } from './scenarios.js';

const BAR0 = 0x8000_0000; // the stand-in DUT's scratch window (it ignores the BAR decode)
const payload = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

/**
 * Talks to the function below the driver: a config read both sides answer alike, then either a
 * 4-DW MWr (the stand-in echoes it on tx_wr_req) or a 4-DW MRd (it answers with a 4-DW CplD).
 */
function probe(kind: 'write' | 'read'): Scenario {
  return {
    name: `contract-probe-${kind}`,
    description: 'a config read, then a 4-DW memory request',
    datapath: false,
    setup: () => ({ driver: {} }),
    run({ dut }) {
      dut.request(cfgRd0({ requesterId: 0, tag: 1, targetId: 0x0100, register: 0 }));
      if (kind === 'write') dut.request(mwr({ address: BAR0 + 0x10, data: payload, requesterId: 0, tag: 2 }));
      else dut.request(mrd({ address: BAR0, length: 4, requesterId: 0, tag: 2 }));
      dut.run(400);
    },
  };
}

let rtl: FifoRtl | undefined;
afterEach(() => {
  rtl?.close();
  rtl = undefined;
});

async function onStandIn(define: string, kind: 'write' | 'read'): Promise<RunResult> {
  const bin = await buildServer({ top: 'test', width: 64, defines: [define], trace: false });
  rtl = new FifoRtl(bin, { width: 64, defines: [define], trace: false });
  return runCosim({ scenario: probe(kind), seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl, preflight: false });
}

describe('contract divergences on a real Verilator build', () => {
  it('a beat ended after every DW (TEST_DUT_BEAT_PER_DW) diverges with kind contract on tx_wr_req', async () => {
    const r = await onStandIn('TEST_DUT_BEAT_PER_DW', 'write');
    expect(r.ok).toBe(false);
    const d = r.divergence!;
    expect(d.kind).toBe('contract');
    expect(d.channel).toBe('tx_wr_req');
    expect(d.fields[0]).toMatch(/^beat-not-full: beat 0 is not the last \(no eop\) but strb 0b01 is not full/);
    expect(r.summary.compared.tx_cpl).toBe(1); // the config read before it agreed
    expect(r.report).toMatch(new RegExp(`DIVERGENCE \\(contract\\) at cycle ${d.cycle} on tx_wr_req`));
  });

  it('a malformed completion (TEST_DUT_BEAT_PER_DW) is the headline: contract on tx_cpl', async () => {
    const r = await onStandIn('TEST_DUT_BEAT_PER_DW', 'read');
    const d = r.divergence!;
    expect(d.kind).toBe('contract');
    expect(d.channel).toBe('tx_cpl');
    expect(d.fields[0]).toMatch(/^beat-not-full/);
  });

  it('beats without sop (TEST_DUT_NO_SOP) diverge with kind contract, never dropped silently', async () => {
    const r = await onStandIn('TEST_DUT_NO_SOP', 'write');
    const d = r.divergence!;
    expect(d.kind).toBe('contract');
    expect(d.channel).toBe('tx_wr_req');
    expect(d.fields[0]).toMatch(/^beat-outside-packet: a beat without sop outside a TLP/);
  });
});

describe('contract divergences through the engine (model stand-in)', () => {
  it('a completion reported malformed instead of delivered is the headline, not missing-in-rtl', async () => {
    let n = 0;
    const rtl2 = new ModelRtl({ ...REFERENCE_RTL_MODEL }, (o): Output | null => {
      if (o.channel !== 'tx_cpl' || ++n !== 5) return o;
      return { ...o, channel: 'contract', contract: { channel: 'tx_cpl', rule: 'length-mismatch', detail: 'Length 1 DW but the TLP carried 2 DW in 1 beat(s)' } };
    });
    const r = await runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: rtl2, preflight: false });
    const d = r.divergence!;
    expect(d.kind).toBe('contract');
    expect(d.channel).toBe('tx_cpl');
    expect(d.cycle).toBeLessThan(10_000);
    expect(r.report).not.toMatch(/Infinity/);
    expect(r.report).toMatch(/length-mismatch: Length 1 DW/);
  });
});
