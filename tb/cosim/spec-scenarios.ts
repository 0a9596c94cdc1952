// Scenarios of the spec-level tests that go beyond what a legal driver does (tb/cosim/scenarios.ts
// holds the legal ones every level runs).

import type { Scenario } from './scenarios.js';

/**
 * A TX chain with a device-readable element after a device-writable one (virtio 1.x §2.8.4.1):
 * the device must set DEVICE_NEEDS_RESET (§2.1.2). `seen.status` gets device_status as the
 * driver read it afterwards.
 */
export function illegalChainScenario(seen: { status: number }): Scenario {
  return {
    name: 'illegal-chain',
    description: 'a TX chain with a device-readable element after a device-writable one',
    datapath: true,
    setup: () => ({ driver: { shapes: ['single'] } }),
    run({ driver: d, dut }) {
      d.bringUp();
      dut.drain();
      d.queues[1].vring.add([{ addr: 0x3000_0000, len: 16, write: true }, { addr: 0x3000_1000, len: 64, write: false }], 0);
      d.kickTx(0);
      dut.run(3000);
      seen.status = d.readCommon('device_status');
    },
  };
}

/** PCI Command register (PCIe r6.0 §7.5.1.1.3): Memory Space Enable, Bus Master Enable. */
const COMMAND = 0x04;
const MEMORY_SPACE = 1 << 1;
const BUS_MASTER = 1 << 2;

/**
 * Bus Master Enable cleared with a TX frame pending, then set again (PCIe r6.0 §7.5.1.1.3: no
 * request while it is clear). A device may hold its DMA until it is set again (the reference
 * RTL) or treat it as an error and set DEVICE_NEEDS_RESET (the golden model's DMA engine):
 * `seen.status` gets device_status as the driver read it at the end.
 */
export function busMasterOffScenario(seen: { status: number }): Scenario {
  return {
    name: 'bus-master-off',
    description: 'Bus Master Enable cleared with a TX frame pending, then set again',
    datapath: true,
    setup: () => ({ driver: { msix: true, shapes: ['single'] } }),
    run({ driver: d, dut }) {
      d.bringUp();
      dut.drain();
      d.pci.cfgWrite(COMMAND, MEMORY_SPACE, 2);
      d.sendFrame(0, Uint8Array.from({ length: 120 }, (_, i) => (i < 6 ? 0xff : i & 0xff)));
      dut.run(2000);
      d.pci.cfgWrite(COMMAND, MEMORY_SPACE | BUS_MASTER, 2);
      dut.run(4000);
      d.takeInterrupts();
      seen.status = d.readCommon('device_status');
    },
  };
}
