// Handshake, config reads and BAR sizing through rx_req -> tx_cpl on a real Verilator build,
// over a real ZeroMQ socket. The DUT is the default top (the real RTL once it exists).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfgRd0, cfgWr0 } from '../../model/tlp/build.js';
import { REFERENCE_DEVICE } from '../../model/pci/description.js';
import { PROTOCOL_VERSION, ServerError, Simulator, startSimulator } from './index.js';

const RC = 0x0000; // Requester ID of the root port
const FN = 0x0100; // bus 1, device 0, function 0

function dw(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

async function cfgRead(sim: Simulator, register: number, tag: number): Promise<number> {
  sim.scheduleTlp('rx_req', cfgRd0({ requesterId: RC, tag, targetId: FN, register }), undefined, sim.cycle + 1);
  const { match } = await sim.advanceUntil(['tx_cpl'], sim.cycle + 500);
  const cpl = Simulator.toTlp(match!);
  expect(cpl.kind).toBe('CplD');
  expect(cpl.tag).toBe(tag);
  expect(cpl.status).toBe(0); // SC
  return new DataView(cpl.data.buffer, cpl.data.byteOffset).getUint32(0, true);
}

async function cfgWrite(sim: Simulator, register: number, value: number, tag: number): Promise<void> {
  sim.scheduleTlp('rx_req', cfgWr0({ requesterId: RC, tag, targetId: FN, register, data: dw(value) }), undefined, sim.cycle + 1);
  const { match } = await sim.advanceUntil(['tx_cpl'], sim.cycle + 500);
  const cpl = Simulator.toTlp(match!);
  expect(cpl.kind).toBe('Cpl'); // CfgWr0 completes without data (PCIe r6.0 §2.2.9)
  expect(cpl.tag).toBe(tag);
}

for (const width of [64, 256] as const) {
  describe(`simulator, TLP_DATA_WIDTH=${width}`, () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ width });
      await sim.reset();
    });
    afterAll(async () => { await sim?.close(); });

    it('handshakes with the protocol version and the DUT parameters', () => {
      expect(sim.info.protocolVersion).toBe(PROTOCOL_VERSION);
      expect(sim.info.tlpDataWidth).toBe(width);
      expect(sim.info.axisDataWidth).toBe(64);
      expect(sim.info.buildId).toMatch(new RegExp(`-w${width}-[0-9a-f]{12}$`));
    });

    it('answers a CfgRd0 of register 0 with the Vendor ID and Device ID', async () => {
      const v = await cfgRead(sim, 0x00, 3);
      expect(v & 0xffff).toBe(REFERENCE_DEVICE.identity.vendorId);
      expect(v >>> 16).toBe(REFERENCE_DEVICE.identity.deviceId);
    });

    it('sizes BAR0/1 as a 64-bit memory BAR of the layout size (PCI r3.0 §6.2.5.1)', async () => {
      const bar0 = REFERENCE_DEVICE.bars.virtio;
      await cfgWrite(sim, 0x10, 0xffff_ffff, 4);
      await cfgWrite(sim, 0x14, 0xffff_ffff, 5);
      const lo = await cfgRead(sim, 0x10, 6);
      const hi = await cfgRead(sim, 0x14, 7);
      expect(lo & 0x1).toBe(0); // memory space
      expect((lo >>> 1) & 0x3).toBe(0x2); // 64-bit
      // A 16 KiB BAR keeps address bits [63:14] writable: upper DW all ones, size = ~mask + 1.
      expect(hi >>> 0).toBe(0xffff_ffff);
      expect((~(lo & ~0xf) + 1) >>> 0).toBe(bar0.size);
    });

    it('peeks a port and refuses names outside the signal table', async () => {
      const p = await sim.peek('rx_req_tlp_valid');
      expect(p.bits).toBe(1);
      await expect(sim.peek('no_such.signal')).rejects.toThrow(/no_such\.signal/);
      await expect(sim.poke('rx_req_tlp_valid', 1)).rejects.toBeInstanceOf(ServerError);
    });
  });
}
