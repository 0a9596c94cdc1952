// Seeded traffic for the stand-in DUT (test-dut/test_dut_pcie.sv): the stimulus the bridge tests
// and bench.ts share, plus a reactive host that answers the DUT's DMA reads.
import { cfgRd0, cplD, mrd, mwr } from '../model/tlp/build.js';
import { getField, HDR } from '../model/tlp/fields.js';
import { Prng } from '../model/util/prng.js';
import type { HostScheduler, ReactiveHost, Simulator } from './client/index.js';
import type { Output } from './client/protocol.js';

const REQUESTER = 0x0000; // root port
const BAR0 = 0x8000_0000;

function bytes(n: number, rng: Prng): Uint8Array {
  return rng.fill(new Uint8Array(n));
}

/**
 * Schedules `count` transactions, one every `spacing` cycles from `start`: config reads, MWr
 * (echoed on tx_wr_req), MRd (CplD), doorbells (the DUT's MRd, answered by EchoHost, then a frame
 * on m_axis_tx), frames on s_axis_rx (written back as MWr) and intx toggles.
 */
export function scheduleTraffic(sim: Pick<Simulator, 'scheduleTlp' | 'scheduleFrame'>, count: number, seed: number, start = 0, spacing = 40, configOnly = false): void {
  // The project's seeded generator: the same seed gives the same traffic.
  const rng = new Prng(seed);
  const rnd = (): number => rng.u32();
  let intx = 0;
  for (let i = 0; i < count; i++) {
    const c = start + i * spacing;
    const tag = i & 0xff;
    // configOnly: CfgRd0 of the first 64 registers, which every DUT of the contract answers.
    if (configOnly) {
      sim.scheduleTlp('rx_req', cfgRd0({ requesterId: REQUESTER, tag, targetId: 0x0100, register: 4 * (rnd() % 16) }), undefined, c);
      continue;
    }
    switch (rnd() % 6) {
      case 0: sim.scheduleTlp('rx_req', cfgRd0({ requesterId: REQUESTER, tag, targetId: 0x0100, register: 0 }), undefined, c); break;
      case 1: sim.scheduleTlp('rx_req', mwr({ address: BAR0, data: bytes(4 * (1 + (rnd() % 16)), rng), requesterId: REQUESTER, tag }), undefined, c, { barId: 0 }); break;
      case 2: sim.scheduleTlp('rx_req', mrd({ address: BAR0, length: 1 + (rnd() % 16), requesterId: REQUESTER, tag }), undefined, c, { barId: 0 }); break;
      case 3: {
        const doorbell = new Uint8Array(4);
        new DataView(doorbell.buffer).setUint32(0, 0x4000_0000 + ((rnd() & 0xff) << 4) + 1 + (rnd() % 8), true);
        sim.scheduleTlp('rx_req', mwr({ address: BAR0 + 0x80, data: doorbell, requesterId: REQUESTER, tag }), undefined, c, { barId: 0 });
        break;
      }
      case 4: sim.scheduleFrame(bytes(1 + (rnd() % 64), rng), c); break;
      default: {
        intx ^= 1;
        sim.scheduleTlp('rx_req', mwr({ address: BAR0 + 0x84, data: new Uint8Array([intx, 0, 0, 0]), requesterId: REQUESTER, tag }), undefined, c, { barId: 0 });
      }
    }
  }
}

/** Host memory that answers every MRd on tx_rd_req with a CplD `latency` cycles after it. */
export class EchoHost implements ReactiveHost {
  constructor(readonly latency: number) {}
  onOutput(out: Output, sched: HostScheduler): void {
    if (out.channel !== 'tx_rd_req') return;
    const len = getField(out.hdr, HDR.length) || 1024;
    const addr = out.hdr[2];
    const data = new Uint8Array(4 * len);
    const dv = new DataView(data.buffer);
    for (let i = 0; i < len; i++) dv.setUint32(4 * i, (addr + 4 * i) ^ 0xa5a5_0000, true);
    const requesterId = getField(out.hdr, HDR.requesterId);
    const tag = getField(out.hdr, HDR.tag);
    sched.scheduleTlp('rx_cpl', cplD({ completerId: 0, requesterId, tag, data, byteCount: 4 * len }), undefined, out.cycle + this.latency);
  }
}
