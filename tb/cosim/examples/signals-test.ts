// A signal-level test (docs/your-first-test.md "Signals"): besides driving the device as a driver
// does, it reads and writes the reference RTL's internal signals by hierarchical name and waits
// on them, cocotb style. `signals: true` gets it a build with public signals.
//   npx virtio-cosim cosim --scenario tb/cosim/examples/signals-test.ts --seed 1
import { makeFrame, STATUS, type Scenario } from '../test-api.js';

const STATUS_REG = 'virtio_net_pcie.device_status';
const TX_FRAMES = 'virtio_net_pcie.u_datapath.u_vq.tx_frame_count';

const test: Scenario = {
  name: 'signals-test',
  description: 'device_status after bring-up, a poked frame counter counting on, bounded waits',
  datapath: true,
  signals: true,
  setup: () => ({ driver: { shapes: ['single'] } }),
  async run({ driver, rng, signals }) {
    if ((await signals.peek(STATUS_REG)) !== 0n) throw new Error('signals-test: device_status is not 0 after reset');
    driver.bringUp();
    // bringUp ends with the DRIVER_OK write, a posted MWr: the DUT has it once cycles have run.
    await signals.cycles(20);
    // The register the driver reads through common_cfg (virtio 1.x §4.1.4.3) is the one peeked.
    const status = await signals.peek(STATUS_REG);
    if (status !== BigInt(driver.readCommon('device_status')) || (status & BigInt(STATUS.DRIVER_OK)) === 0n) {
      throw new Error(`signals-test: device_status peeked 0x${status.toString(16)} after bring-up`);
    }
    // A statistics counter no port shows: poking it perturbs nothing the model compares.
    await signals.poke(TX_FRAMES, 1000n);
    await signals.cycles(10);
    driver.sendFrame(0, makeFrame(rng, driver.mac, 200));
    const { cycles } = await signals.until(TX_FRAMES, (v) => v === 1001n, { within: 20_000 });
    if (cycles === 0) throw new Error('signals-test: the frame counted before any cycle ran');
    driver.takeInterrupts();
    driver.reclaimTx(0);
  },
};
export default test;
