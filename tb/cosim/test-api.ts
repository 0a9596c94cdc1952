// What a user's test file needs, in one import (docs/your-first-test.md):
//   import { type Scenario, makeFrame, STATUS } from 'virtio-cosim/tb/cosim/test-api.js';
// A test is a Scenario: `setup(seed)` picks driver and host options, `run(ctx)` drives the DUT
// through ctx.driver (a Linux-like virtio-net driver: bringUp, sendFrame, reclaimTx, takeInterrupts,
// readCommon/writeCommon, pci.cfgRead32/memRead/memWrite) and ctx.dut (run(n) cycles, pushFrame,
// drain), and with `signals: true` ctx.signals (peek/poke by hierarchical name, cycles, edges,
// bounded waits: signals.ts). Every transaction it causes is compared between the model and the DUT.
export type { Scenario, ScenarioContext, ScenarioSetup } from './scenarios.js';
export { makeFrame } from './scenarios.js';
export { STATUS } from '../driver/virtio-net-driver.js';
export { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
export { SignalError, type Signals, type SignalErrorKind, type WaitOptions, type WaitForOptions, type EdgeKind, type PokeRecord } from './signals.js';
