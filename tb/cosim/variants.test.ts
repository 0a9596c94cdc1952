// Legal variants of the reference RTL (rtl/variants/README.md) against the golden model.
// Exact level: each variant departs from the reference RTL's schedule, so the run stops at the
// first TLP that differs, of the kind and on the channel the README names; before that point
// everything agreed. Spec level: every scenario x seeds 1..2 agrees, since each variant is a
// choice the specifications leave to the device. That block runs once the spec level exists
// (tb/cosim/runner.ts RunConfig `compare: 'exact' | 'spec'`), or with VARIANTS_SPEC=1.
// With VARIANTS_COMBOS=1 as well, every rtl/broken define on top of every variant must still
// diverge at the spec level (25 servers, built on first use: minutes each).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKAHEAD, runCosim, type RunConfig } from './runner.js';
import { SCENARIOS } from './scenarios.js';
import type { DivergenceKind } from './scoreboard.js';

interface Variant {
  define: string;
  /** Scenario in which the variant's choice shows first (seed 1, 64-bit). */
  scenario: string;
  kind: DivergenceKind;
  channel: string;
  /** What the first differing field must say (model value != RTL value). */
  field: RegExp;
}

const VARIANTS: Variant[] = [
  // one MRd of the head's 64-byte block where the reference reads one descriptor (4 DW)
  { define: 'VARIANT_DESC_BATCH', scenario: 'traffic', kind: 'mismatch', channel: 'tx_rd_req', field: /Length: 4 != (8|12|16)$/m },
  // a data read cut at a 256-byte boundary once MRRS is 512 B (the RTL's read is shorter)
  { define: 'VARIANT_ADDR_CUT', scenario: 'mps-mrrs', kind: 'mismatch', channel: 'tx_rd_req', field: /Length: \d+ != \d+/ },
  // a later used entry of a mergeable RX batch as one 8-byte MWr (len, id, flags): Last DW BE full
  { define: 'VARIANT_USED_BATCH', scenario: 'ctrl', kind: 'mismatch', channel: 'tx_wr_req', field: /Last DW BE: 0x3 != 0xf/ },
  // no driver-area read right after the first TX used write: the model's read of it is not begun
  // by the RTL within the profile tolerance (the exact level's timing rule reports it first)
  { define: 'VARIANT_IRQ_COALESCE', scenario: 'tx', kind: 'timing', channel: 'tx_rd_req', field: /the RTL had begun nothing matching by cycle/ },
  // every read 96 cycles later than the profile predicts (tags from the top are not compared)
  { define: 'VARIANT_EXTRA_LATENCY', scenario: 'tx', kind: 'timing', channel: 'tx_rd_req', field: /cycle/ },
];

/** The exact level reports timing divergences (tb/cosim/scoreboard.ts kind 'timing' enforced). */
function timingEnforced(): boolean {
  const runner = readFileSync(new URL('./runner.ts', import.meta.url), 'utf8');
  return /timing\?:\s*'fail'\s*\|\s*'warn'/.test(runner);
}

/**
 * Whether the spec level exists: RunConfig accepts `compare: 'spec'` (the shared interface of
 * issue 10) and the spec checker beside this file is there (the option alone is not the level).
 */
function specLevel(): boolean {
  if (process.env.VARIANTS_SPEC === '1') return true;
  const runner = readFileSync(new URL('./runner.ts', import.meta.url), 'utf8');
  return /compare\?:\s*'exact'\s*\|\s*'spec'/.test(runner) && existsSync(new URL('./spec-check.ts', import.meta.url));
}

const TIMEOUT = 600_000;

describe('legal RTL variants at the exact level', () => {
  for (const v of VARIANTS) {
    if (v.kind === 'timing' && !timingEnforced()) {
      // Until timing divergences fail a run, the late reads are only counted.
      it(`${v.define} reads outside the timing tolerance in ${v.scenario}`, async () => {
        const r = await runCosim({ scenario: v.scenario, seed: 1, width: 64, defines: [v.define], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false });
        expect(r.buildId).toContain(v.define);
        expect(r.driverError, r.driverError ?? '').toBeNull();
        expect(r.summary.timingViolations).toBeGreaterThan(0);
        expect(r.summary.timingMaxAbs).toBeGreaterThan(64);
      }, TIMEOUT);
      continue;
    }
    it(`${v.define} diverges at its first differing TLP in ${v.scenario}`, async () => {
      const r = await runCosim({ scenario: v.scenario, seed: 1, width: 64, defines: [v.define], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false });
      expect(r.buildId).toContain(v.define);
      expect(r.driverError, r.driverError ?? '').toBeNull();
      const d = r.divergence;
      expect(d, 'no divergence').not.toBeNull();
      expect(r.ok).toBe(false);
      expect(d!.kind).toBe(v.kind);
      expect(d!.channel).toBe(v.channel);
      expect(d!.fields.join('\n')).toMatch(v.field);
      // everything before the variant's first choice agreed
      expect(Object.values(r.summary.compared).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(r.report).toMatch(/DIVERGENCE/);
    }, TIMEOUT);
  }
});

describe('legal RTL variants still work under co-simulation', () => {
  // Past the first divergence (continueAfterDivergence) the scenario runs to its end on the
  // variant: no driver error (frames, used entries and num_buffers as the driver expects them), no
  // PCIe rule broken at the host, and guest memory at the end equal to the model's.
  const RUNS: Array<[string, string, number]> = [
    ['VARIANT_DESC_BATCH', 'traffic', 1],
    ['VARIANT_ADDR_CUT', 'traffic', 2],
    ['VARIANT_USED_BATCH', 'ctrl', 1],
    ['VARIANT_IRQ_COALESCE', 'traffic', 1],
    ['VARIANT_EXTRA_LATENCY', 'traffic', 1],
  ];
  for (const [define, scenario, seed] of RUNS) {
    it(`${define} runs ${scenario} seed ${seed} to the end`, async () => {
      const r = await runCosim({ scenario, seed, width: 64, defines: [define], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false, continueAfterDivergence: true, drainCycles: 100_000 });
      expect(r.buildId).toContain(define);
      expect(r.driverError, r.driverError ?? '').toBeNull();
      expect(r.hostErrors.map((e) => e.message)).toEqual([]);
      expect(r.memoryDiffs).toEqual([]);
      expect(r.summary.compared.tx_cpl).toBeGreaterThan(0);
    }, TIMEOUT);
  }
});

describe.skipIf(!specLevel())('legal RTL variants at the spec level', () => {
  // Every scenario x seeds 1..2 at 64 bits agrees: a legal choice is never a divergence.
  const spec: Record<string, unknown> = { compare: 'spec' };
  // queue-reset included: writes under way into a queue being reset are legal (virtio 1.x §2.6.1,
  // docs/spec-level.md); VARIANT_EXTRA_LATENCY makes one.
  // reset-traffic included: a device reset drains the write engine before device_status reads 0
  // (virtio 1.x §2.4, docs/dut-interface.md "Device reset"). Not judged here: the constrained-random
  // mode (its own tests pick seeds, tb/cosim/scenarios-random.test.ts; spec-rtl.test.ts).
  const UNJUDGED = new Set(['random']);
  for (const v of VARIANTS) {
    for (const s of SCENARIOS.filter((x) => !UNJUDGED.has(x.name))) {
      for (const seed of [1, 2]) {
        it(`${v.define} agrees in ${s.name} seed ${seed}`, async () => {
          const cfg = { scenario: s.name, seed, width: 64, defines: [v.define], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false, ...spec } as RunConfig;
          const r = await runCosim(cfg);
          expect((r.config as Record<string, unknown>).compare).toBe('spec');
          expect(r.divergence, r.report).toBeNull();
          expect(r.driverError, r.driverError ?? '').toBeNull();
          expect(r.ok, r.report).toBe(true);
        }, TIMEOUT);
      }
    }
  }
});

/** Each rtl/broken define and the scenario that shows it (tb/cosim/broken.test.ts). */
const BROKEN: Array<[string, string]> = [
  ['BROKEN_RO_CONFIG_WRITABLE', 'bringup'],
  ['BROKEN_MSIX_WHILE_MASKED', 'msix-mask'],
  ['BROKEN_MRRS_IGNORED', 'mps-mrrs'],
  ['BROKEN_WRAP_COUNTER', 'wrap'],
  ['BROKEN_USED_FLAGS_FIRST', 'tx'],
];

describe.skipIf(!specLevel() || process.env.VARIANTS_COMBOS !== '1')('broken RTL on top of each legal variant, spec level', () => {
  const spec: Record<string, unknown> = { compare: 'spec' };
  for (const v of VARIANTS) {
    for (const [broken, scenario] of BROKEN) {
      it(`${v.define} + ${broken} diverges in ${scenario}`, async () => {
        const cfg = { scenario, seed: 1, width: 64, defines: [v.define, broken], lookahead: DEFAULT_LOOKAHEAD, wavesOnDivergence: false, preflight: false, ...spec } as RunConfig;
        const r = await runCosim(cfg);
        expect(r.buildId).toContain(broken);
        expect(r.ok).toBe(false);
        expect(r.divergence !== null || r.hostErrors.length > 0 || r.memoryDiffs.length > 0, r.report).toBe(true);
      }, TIMEOUT);
    }
  }
});
