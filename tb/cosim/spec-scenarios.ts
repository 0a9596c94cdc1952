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
