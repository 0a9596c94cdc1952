// The server's host replica (protocol 3, docs/host-replica.md) on the stand-in DUT: a read the DUT
// issues after a doorbell is answered from the replica's memory (the bytes a HOST_WRITE put
// there come back in the DUT's frame), a held read waits for HOST_DECIDE, and every misuse is a
// typed error reply naming the field and value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mwr } from '../../model/tlp/build.js';
import { ServerError, startSimulator, type HostReplicaConfig, type Simulator } from './index.js';
import { encodeAdvance, encodeHostConfig, encodeHostDecide, encodeHostWrite, HOST_HOLD_READS } from './protocol.js';

const BAR0 = 0x8000_0000;
const CONFIG: HostReplicaConfig = {
  seed: 7, completerId: 0, rcb: 64, maxPayloadSize: 128, latencyMin: 20, latencyMax: 20, reorder: false, split: 'rcb', busBytes: 8,
  faultRates: [0, 0, 0, 0], msiBase: 0xfee0_0000n, msiSize: 0x10_0000n,
};
/** Doorbell of the stand-in DUT: a MRd of data[3:0] DWs at the data's address (test_dut_pcie.sv). */
function ringDoorbell(sim: Simulator, address: number, dws: number): void {
  const d = new Uint8Array(4);
  new DataView(d.buffer).setUint32(0, address + dws, true);
  sim.scheduleTlp('rx_req', mwr({ address: BAR0 + 0x80, data: d, requesterId: 0, tag: 1 }), undefined, sim.cycle + 1, { barId: 0 });
}
let seq = 0x7000_0000;
async function refused(sim: Simulator, frame: Uint8Array): Promise<ServerError> {
  const e = await sim.sendRaw(frame).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ServerError);
  return e as ServerError;
}

describe('host replica (stand-in DUT, width 64)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ top: 'test' });
    await sim.reset();
  }, 25 * 60_000);
  afterAll(async () => { await sim?.close(); });

  it('answers the DUT read from the replica: the written bytes come back, the completion is reported', async () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    sim.hostStep({ config: { config: CONFIG, mode: 'start' }, writes: [{ address: 0x4000_1200n, data: bytes }] });
    ringDoorbell(sim, 0x4000_1200, 4);
    const { match } = await sim.advanceUntil(['m_axis_tx'], sim.cycle + 3000);
    expect(Array.from(match!.data)).toEqual(Array.from(bytes));
    const cpls = sim.takeHostCompletions();
    expect(cpls).toHaveLength(1);
    expect(cpls[0].final).toBe(true);
    expect(Array.from(cpls[0].data)).toEqual(Array.from(bytes));
    expect(cpls[0].hdr[0] >>> 24).toBe(0x4a); // CplD
  }, 120_000);

  it('holds a read for HOST_DECIDE and applies the one-shot fault it names', async () => {
    ringDoorbell(sim, 0x4000_1200, 4);
    const before = sim.cycle;
    sim.hostStep({ hold: true });
    await sim.advance(before + 15);
    // Held and undecided: the next ADVANCE is refused, naming the count.
    const e = await refused(sim, encodeAdvance(seq++, sim.cycle + 10, 0));
    expect(e.message).toMatch(/1 held read\(s\) not yet decided/);
    sim.hostStep({ decide: [{ fault: 1, maxPayloadSize: 128 }] });
    await sim.advance(sim.cycle + 100);
    const cpls = sim.takeHostCompletions();
    expect(cpls).toHaveLength(1);
    expect(cpls[0].hdr[0] >>> 24).toBe(0x0a); // Cpl without data
    expect((cpls[0].hdr[1] >>> 13) & 7).toBe(1); // Completion Status UR
  }, 120_000);

  it('refuses misuse with a typed error naming the field and value', async () => {
    expect((await refused(sim, encodeHostWrite(seq++, sim.cycle + 5, [{ address: 0n, data: new Uint8Array(4) }]))).message).toMatch(/HOST_WRITE cycle \d+ is not the server cycle/);
    expect((await refused(sim, encodeHostConfig(seq++, 0, { ...CONFIG, rcb: 96 }, 'update'))).message).toMatch(/rcb 96 is not 64 or 128/);
    expect((await refused(sim, encodeHostConfig(seq++, 0, { ...CONFIG, maxPayloadSize: 192 }, 'update'))).message).toMatch(/max_payload_size 192/);
    expect((await refused(sim, encodeHostDecide(seq++, 0, [{ fault: 0, maxPayloadSize: 128 }]))).message).toMatch(/count 1 but 0 read\(s\) are held/);
    await sim.reset();
    expect((await refused(sim, encodeHostWrite(seq++, 0, []))).message).toMatch(/without a host replica/);
    expect((await refused(sim, encodeAdvance(seq++, 10, 0, 0, 0, HOST_HOLD_READS))).message).toMatch(/HOLD_READS without a host replica/);
    expect((await refused(sim, encodeHostConfig(seq++, 0, CONFIG, 'update'))).message).toMatch(/update before a HOST_CONFIG start/);
  }, 120_000);
});
