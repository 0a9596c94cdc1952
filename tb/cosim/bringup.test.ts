// Co-simulation of the config/MMIO surface against the real Verilator build (TLP_DATA_WIDTH 64)
// over the real ZeroMQ socket: the golden model and the RTL must agree on every completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DEVICE } from '../../model/pci/description.js';
import { CFG } from '../driver/layout.js';
import { runCosim, type RunResult } from './runner.js';
import { SyncRtl } from './rtl-sync.js';
import type { Scenario } from './scenarios.js';

let rtl: SyncRtl;
beforeAll(async () => {
  rtl = await SyncRtl.create({ width: 64, defines: [], trace: false });
});
afterAll(() => rtl?.close());

const run = (scenario: string | Scenario, seed = 1): Promise<RunResult> =>
  runCosim({ scenario, seed, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl });

function expectAgree(r: RunResult): void {
  if (!r.ok) throw new Error(`${r.report}\n${r.driverError ?? ''}\n${r.hostErrors.map((e) => e.message).join('\n')}`);
  expect(r.divergence).toBeNull();
  expect(r.memoryDiffs).toEqual([]);
}

describe('co-simulation, config and MMIO (64-bit)', () => {
  it('bringup agrees for two seeds, with every config register compared', async () => {
    for (const seed of [1, 2]) {
      const r = await run('bringup', seed);
      expectAgree(r);
      // 2 x (64 type-0/capability DWs + 16 extended DWs) read by the scenario itself, plus the driver's.
      expect(r.summary.compared.tx_cpl).toBeGreaterThan(2 * 80);
      expect(r.cycles).toBeGreaterThan(0);
    }
  });

  it('each run first gives the event loop a turn (back-to-back runs never starve a test runner\'s RPC)', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('turn'));
    const r = await runCosim({ scenario: 'bringup', seed: 3, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl,
      trace: () => { if (order.at(-1) !== 'run') order.push('run'); } });
    expectAgree(r);
    expect(order).toEqual(['turn', 'run']);
  });

  it('BAR sizing: the RTL answers every BAR probe as the model does, and the sizes are the layout (PCI 3.0 §6.2.5.1)', async () => {
    const sizes: number[] = [];
    const barSizing: Scenario = {
      name: 'bar-sizing', description: 'write all ones to every BAR slot, read back', datapath: false,
      setup: () => ({ driver: {} }),
      run({ driver: d }) {
        for (let b = 0; b < 6; b += 2) {
          const reg = CFG.BAR0 + 4 * b;
          d.pci.cfgWrite(reg, 0xffff_ffff, 4);
          d.pci.cfgWrite(reg + 4, 0xffff_ffff, 4);
          const lo = d.pci.cfgRead32(reg);
          const hi = d.pci.cfgRead32(reg + 4);
          // 64-bit BAR: upper DW all ones, size = ~(lower DW & ~0xf) + 1 (fits 32 bits here).
          sizes.push(lo === 0 ? 0 : hi === 0xffff_ffff ? (~(lo & ~0xf) + 1) >>> 0 : Number.NaN);
        }
      },
    };
    expectAgree(await run(barSizing));
    expect(sizes).toEqual([REFERENCE_DEVICE.bars.virtio.size, REFERENCE_DEVICE.bars.msix.size, 0]);
  });

  it('MSI-X table: Mask Bit, Function Mask and the PBA read the same on both sides (PCIe r6.0 §7.7.2)', async () => {
    let vc = -1;
    const masking: Scenario = {
      name: 'msix-regs', description: 'mask/unmask vectors without events', datapath: false,
      setup: () => ({ driver: { msix: true } }),
      run({ driver: d }) {
        d.bringUp();
        const entry = (v: number) => d.msixLocations().table + 16 * v + 12;
        for (let v = 0; v < d.msixTableSize; v++) d.pci.memWrite(entry(v), 1, 4);
        vc = d.pci.memRead(entry(1), 4);
        d.pci.memRead(d.msixLocations().pba, 4);
        d.pci.cfgWrite(d.msixCap + 2, 0xc000, 2);
        d.pci.cfgRead32(d.msixCap);
        for (let v = 0; v < d.msixTableSize; v++) d.pci.memWrite(entry(v), 0, 4);
        d.pci.cfgWrite(d.msixCap + 2, 0x8000, 2);
        d.pci.memRead(d.msixLocations().pba, 4);
      },
    };
    expectAgree(await run(masking));
    expect(vc & 1).toBe(1);
  });

  it('a completion the driver rejects ends the run with a driver error, both sides agreeing', async () => {
    // Function number 1 is answered with UR by both (docs/dut-interface.md): the driver's
    // completion check throws; the run ends with that driver error and no divergence.
    const other: Scenario = {
      name: 'function-1', description: 'CfgRd0 to function 1', datapath: false,
      setup: () => ({ driver: {} }),
      run({ driver: d }) {
        (d.pci as unknown as { targetId: number }).targetId = 0x0101;
        d.pci.cfgRead32(0);
      },
    };
    const r = await run(other);
    expect(r.divergence).toBeNull();
    expect(r.summary.compared.tx_cpl).toBe(1);
    expect(r.driverError).toMatch(/Completion Status/);
    expect(r.ok).toBe(false);
  });
});
