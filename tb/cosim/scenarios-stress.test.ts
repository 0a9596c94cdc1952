// The issue-14 scenarios (scenarios-stress.ts) against the real Verilator build: each agrees end
// to end over seeds 1..3 at TLP_DATA_WIDTH 64 and seed 1 at 256, and reaches what it is for.
import { describe, expect, it } from 'vitest';
import { runCosim, type RunResult } from './runner.js';
import { referenceRtlsAtBothWidths } from './testkit.js';
import { Prng } from '../../model/util/prng.js';
import type { ScenarioContext } from './scenarios.js';
import { reprogramAndReset } from './scenarios-stress.js';

const rtl = referenceRtlsAtBothWidths();

const REACHES: Record<string, (r: RunResult) => void> = {
  // Multi-DW reads answered: many completions, some of them CplD of several DWs.
  'reg-access': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(40),
  'unsupported': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(20),
  'isr-intx': (r) => expect(r.summary.compared.intx).toBeGreaterThan(3),
  'queue-reset': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThan(4),
  'msix-load': (r) => expect(r.summary.compared.tx_wr_req).toBeGreaterThan(10),
  // Window reads and writes: hundreds of configuration completions.
  'pci-cfg': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(300),
  'pipelined': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(60),
  'reset-traffic': (r) => expect(r.summary.compared.tx_rd_req).toBeGreaterThan(20),
  'ctrl-edge': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThan(4),
  'queue-limits': (r) => expect(r.summary.compared.m_axis_tx).toBeGreaterThanOrEqual(14),
  // 64-bit DMA above 4 GiB: descriptor reads and frames went through.
  'layout': (r) => expect(r.summary.compared.tx_rd_req).toBeGreaterThan(5),
  'features-edge': (r) => expect(r.summary.compared.tx_cpl).toBeGreaterThan(200),
  // The fault's DEVICE_NEEDS_RESET raised INTx (config change, ISR bit 1).
  'tx-fault': (r) => expect(r.summary.compared.intx).toBeGreaterThan(0),
};

// The first five over seeds 1..3 at width 64 and seed 1 at 256 (exact level); the later ones
// (cheaper per kill, many more runs) seed 1 at both widths exact and seed 2 at the spec level.
const FIRST = new Set(['reg-access', 'unsupported', 'isr-intx', 'queue-reset', 'msix-load']);
// reset-traffic adds seeds past 3: 7 (a device reset with the write engine busy, exact) and 4 (spec).
const RUNS = (scenario: string): ReadonlyArray<readonly [64 | 256, number, 'exact' | 'spec']> => FIRST.has(scenario)
  ? [[64, 1, 'exact'], [64, 2, 'exact'], [64, 3, 'exact'], [256, 1, 'exact']]
  : scenario === 'reset-traffic' ? [[64, 1, 'exact'], [256, 1, 'exact'], [64, 2, 'spec'], [64, 7, 'exact'], [64, 4, 'spec']]
  : [[64, 1, 'exact'], [256, 1, 'exact'], [64, 2, 'spec']];

describe.each(Object.keys(REACHES))('%s', (scenario) => {
  it.each(RUNS(scenario))('agrees at width %i seed %i compare %s', async (width, seed, compare) => {
    const r = await runCosim({ scenario, seed, width, defines: [], lookahead: 128, wavesOnDivergence: false, rtl: rtl[width], compare, timing: 'fail' });
    expect(r.ok, `${r.report}\n${r.driverError ?? ''}\n${r.hostErrors.map((e) => e.message).join('\n')}\n${JSON.stringify(r.memoryDiffs)}`).toBe(true);
    if (compare === 'exact') REACHES[scenario]!(r);
    // The spec level counts what it judged (frames, used entries, notifications ...) instead.
    else expect(Object.values(r.spec!.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  }, 10 * 60_000);
});

// queue-reset's tail (round 8 of tb/mutate/README.md) on a driver that only records its register
// accesses: the shapes the two killed mutants need reach the bus for every queue.
function lastIndex<T>(a: readonly T[], pred: (e: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (pred(a[i]!)) return i;
  return -1;
}

describe('queue-reset re-programming', () => {
  it('writes each address high DW first with bits 63 and 32 set, resets the queue, reads every address back', () => {
    const COMMON_BASE = 0x4000;
    const NUM_QUEUES = 3;
    const log: { op: 'w' | 'r'; off: number; value?: number; size: number }[] = [];
    const pci = {
      memWrite: (addr: number, value: number, size: number) => { log.push({ op: 'w', off: addr - COMMON_BASE, value, size }); },
      memRead: (addr: number, size: number) => { log.push({ op: 'r', off: addr - COMMON_BASE, size }); return 0; },
    };
    const driver = {
      pci,
      barAddr: () => COMMON_BASE,
      readCommon: (f: string) => (f === 'num_queues' ? NUM_QUEUES : 0),
      writeCommon: (f: string, v: number) => { if (f === 'queue_select') log.push({ op: 'w', off: 0x16, value: v, size: 2 }); },
      postRx: () => {}, takeInterrupts: () => {}, reclaimTx: () => {}, receive: () => {},
    };
    reprogramAndReset({ driver, dut: { drain: () => {} }, rng: new Prng(5), seed: 5 } as unknown as ScenarioContext);
    const QUEUE_RESET = 0x3a;
    for (let q = 0; q < NUM_QUEUES; q++) {
      // the first time queue q is selected: a queue_reset, then high DW before low DW of each address
      const sel = log.findIndex((e) => e.op === 'w' && e.off === 0x16 && e.value === q);
      expect(log[sel + 1]).toMatchObject({ op: 'w', off: QUEUE_RESET, value: 1 });
      for (const lo of [0x20, 0x28, 0x30]) {
        const hi = log.findIndex((e, i) => i > sel && e.op === 'w' && e.off === lo + 4);
        const low = log.findIndex((e, i) => i > sel && e.op === 'w' && e.off === lo);
        expect(hi).toBeGreaterThan(sel);
        expect(low).toBeGreaterThan(hi);
        expect((log[hi]!.value! & 0x8000_0001) >>> 0).toBe(0x8000_0001);
      }
      // the last time: addresses read back (2 DWs each), queue_reset, read back again
      const last = lastIndex(log, (e) => e.op === 'w' && e.off === 0x16 && e.value === q);
      const tail = log.slice(last);
      const reset = tail.findIndex((e) => e.op === 'w' && e.off === QUEUE_RESET && e.value === 1);
      for (const lo of [0x20, 0x28, 0x30]) {
        expect(tail.findIndex((e) => e.op === 'r' && e.off === lo && e.size === 8)).toBeLessThan(reset);
        expect(lastIndex(tail, (e) => e.op === 'r' && e.off === lo && e.size === 8)).toBeGreaterThan(reset);
      }
    }
  });
});
