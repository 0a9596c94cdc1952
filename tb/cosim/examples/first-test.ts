// A user's first test (docs/your-first-test.md): bring the device up, send frames of random sizes
// on TX, deliver frames to RX and check in the test itself that the driver received each one
// intact. Every transaction this causes is also compared between the golden model and the DUT.
//   npx virtio-cosim cosim --scenario tb/cosim/examples/first-test.ts --seed 1
import { makeFrame, type Scenario } from '../test-api.js';

const test: Scenario = {
  name: 'first-test',
  description: 'bring-up, 8 TX frames, 8 RX frames checked byte for byte by the test',
  datapath: true,
  setup: () => ({ driver: { shapes: ['single'] } }),
  run({ driver, dut, rng }) {
    driver.bringUp();
    driver.postRx(0); // RX buffers for the frames below
    const sent: Uint8Array[] = [];
    const got: Uint8Array[] = [];
    for (let i = 0; i < 8; i++) {
      driver.sendFrame(0, makeFrame(rng, driver.mac, rng.int(60, 1514)));
      const rx = makeFrame(rng, driver.mac, rng.int(60, 1514));
      sent.push(rx);
      dut.pushFrame(rx);
      dut.run(3000);
      driver.takeInterrupts();
      driver.reclaimTx(0);
      for (const r of driver.receive(0)) got.push(r.frame);
    }
    dut.drain();
    driver.takeInterrupts();
    for (const r of driver.receive(0)) got.push(r.frame);
    if (got.length !== sent.length) throw new Error(`first-test: received ${got.length} frames, sent ${sent.length}`);
    got.forEach((g, i) => {
      if (Buffer.compare(Buffer.from(g), Buffer.from(sent[i]!)) !== 0) throw new Error(`first-test: frame ${i} differs`);
    });
  },
};
export default test;
