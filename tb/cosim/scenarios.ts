// Co-simulation scenarios: what the driver does, by seed. Each one is plain driver code (the
// lockstep engine compares every transaction it causes); `setup` picks the driver options and
// the host's completer behaviour.

import * as F from '../../model/virtio/features.js';
import type { Prng } from '../../model/util/prng.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import type { CompleterOptions } from '../host/completer.js';
import type { HostCheckerConfig } from '../host/checker.js';
import { COMMON, NET_CFG, PCIE_CAP, type CommonField } from '../driver/layout.js';
import { STATUS, type DriverOptions, type VirtioNetDriver } from '../driver/virtio-net-driver.js';
import type { Lockstep } from './lockstep.js';
import type { Signals } from './signals.js';
import { STRESS_SCENARIOS } from './scenarios-stress.js';
import { EDGE_SCENARIOS } from './scenarios-edge.js';
import { RANDOM_SCENARIO } from './scenarios-random.js';

export interface ScenarioContext {
  driver: VirtioNetDriver;
  dut: Lockstep;
  rng: Prng;
  seed: number;
  /** Signal-level access (peek/poke by name, edges, cycles, bounded waits; signals.ts); only for a scenario with `signals: true` or a run with --signals, else every call is a SignalError. */
  signals: Signals;
}

export interface ScenarioSetup {
  driver: Omit<DriverOptions, 'seed'>;
  host?: { completer?: Partial<CompleterOptions>; checker?: Partial<HostCheckerConfig> };
  /**
   * Random back-pressure on the DUT's ready signals (stall probability, tb/cosim/backpressure.ts),
   * used when the run sets none and its level allows it (spec, or exact with timing 'warn').
   */
  backpressure?: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** Needs the datapath (rings, DMA, frames) on both sides. */
  datapath: boolean;
  setup(seed: number): ScenarioSetup;
  /** May be async (a test that `await`s ctx.signals calls); the run waits for it. */
  run(ctx: ScenarioContext): void | Promise<void>;
  /** Needs signal-level access: the DUT is built with public signals (a slower build of its own). */
  signals?: boolean;
}

/** PCI-cfg access capability fields (virtio §4.1.4.9): bar @+4, offset @+8, length @+12, pci_cfg_data @+16. */
const PCI_CFG_CAP = { bar: 4, offset: 8, length: 12, data: 16 } as const;
const MSIX_ENTRY_BYTES = 16;
const MSIX_VECTOR_CONTROL = 12;

function readAllConfig(d: VirtioNetDriver): void {
  for (let r = 0; r < 0x100; r += 4) d.pci.cfgRead32(r);
  // Extended configuration space is not implemented: reserved, reads 0 (PCI rule).
  for (let r = 0x100; r < 0x140; r += 4) d.pci.cfgRead32(r);
}

/** Every common-cfg field, per queue for the queue_* ones (virtio §4.1.4.3). */
function readAllCommon(d: VirtioNetDriver): void {
  const numQueues = d.readCommon('num_queues');
  const fields = Object.keys(COMMON) as CommonField[];
  for (const f of fields) if (!f.startsWith('queue_') && f !== 'device_feature') d.readCommon(f);
  for (let w = 0; w < F.FEATURE_WINDOWS; w++) {
    d.writeCommon('device_feature_select', w);
    d.readCommon('device_feature');
  }
  for (let q = 0; q < numQueues; q++) {
    d.writeCommon('queue_select', q);
    for (const f of fields) if (f.startsWith('queue_') && f !== 'queue_select') d.readCommon(f);
  }
}

function readDeviceConfig(d: VirtioNetDriver): void {
  const dev = d.barAddr('device');
  for (let i = 0; i < 6; i++) d.pci.memRead(dev + NET_CFG.mac + i, 1);
  d.pci.memRead(dev + NET_CFG.status, 2);
  d.pci.memRead(dev + NET_CFG.max_virtqueue_pairs, 2);
  d.pci.memRead(dev + NET_CFG.mtu, 2);
  d.pci.memRead(dev, 4);
  d.pci.memRead(dev + 4, 4);
}

function readMsix(d: VirtioNetDriver): void {
  for (let v = 0; v < d.msixTableSize; v++) for (let k = 0; k < 16; k += 4) d.pci.memRead(d.msixLocations().table + v * MSIX_ENTRY_BYTES + k, 4);
  d.pci.memRead(d.msixLocations().pba, 4);
}

/** The virtio PCI-cfg access window (§4.1.4.9): read num_queues and device_status through config space. */
function pciCfgWindow(d: VirtioNetDriver): void {
  const cap = d.capAt.pci;
  const common = d.caps.common;
  d.pci.cfgWrite(cap + PCI_CFG_CAP.bar, common.bar, 1);
  d.pci.cfgWrite(cap + PCI_CFG_CAP.offset, common.offset + COMMON.num_queues[0], 4);
  d.pci.cfgWrite(cap + PCI_CFG_CAP.length, 2, 4);
  d.pci.cfgRead32(cap + PCI_CFG_CAP.data);
  d.pci.cfgWrite(cap + PCI_CFG_CAP.offset, common.offset + COMMON.device_status[0], 4);
  d.pci.cfgWrite(cap + PCI_CFG_CAP.length, 1, 4);
  d.pci.cfgRead32(cap + PCI_CFG_CAP.data);
  // length 3 is not 1/2/4: no BAR access, the data register just reads back.
  d.pci.cfgWrite(cap + PCI_CFG_CAP.length, 3, 4);
  d.pci.cfgRead32(cap + PCI_CFG_CAP.data);
}

/** A frame to the driver's MAC (or broadcast), IPv4 ethertype, seeded payload. */
export function makeFrame(rng: Prng, mac: Uint8Array, len: number): Uint8Array {
  const f = new Uint8Array(len);
  if (rng.bool(0.2)) f.fill(0xff, 0, 6);
  else f.set(mac, 0);
  f.set([0x02, 0x11, 0x22, 0x33, 0x44, rng.int(0, 255)], 6);
  f[12] = 0x08;
  f[13] = 0x00;
  for (let i = 14; i < len; i++) f[i] = rng.int(0, 255);
  return f;
}

/** Mixed TX and RX on every queue pair for `rounds` rounds. */
function traffic(ctx: ScenarioContext, rounds: number, sizes: { min: number; max: number } = { min: 60, max: 1514 }): void {
  const { driver: d, dut, rng } = ctx;
  for (let p = 0; p < d.numPairs; p++) d.postRx(p);
  for (let i = 0; i < rounds; i++) {
    const p = rng.int(0, d.numPairs - 1);
    const what = rng.int(0, 2);
    if (what !== 1) d.sendFrame(p, makeFrame(rng, d.mac, rng.int(sizes.min, sizes.max)));
    if (what !== 0 && d.rxCapacity(p) >= VIRTIO_NET_HDR_LEN + sizes.max) dut.pushFrame(makeFrame(rng, d.mac, rng.int(sizes.min, sizes.max)));
    d.dut.run(rng.int(50, 1500));
    d.takeInterrupts();
    for (let q = 0; q < d.numPairs; q++) {
      d.reclaimTx(q);
      d.receive(q);
      if (d.rxCapacity(q) < 4 * 1536) d.postRx(q);
    }
  }
  d.dut.run(4000);
  d.takeInterrupts();
  for (let q = 0; q < d.numPairs; q++) {
    d.reclaimTx(q);
    d.receive(q);
  }
}

const bringup: Scenario = {
  name: 'bringup',
  description: 'enumerate, every config register, BAR sizing, feature negotiation, queue setup, MSI-X, PCI-cfg window',
  datapath: false,
  setup: () => ({ driver: { msix: true } }),
  run({ driver: d }) {
    readAllConfig(d);
    d.bringUp();
    if (d.deviceStatus & STATUS.DEVICE_NEEDS_RESET) throw new Error('bringup: DEVICE_NEEDS_RESET after DRIVER_OK');
    readAllConfig(d);
    readAllCommon(d);
    readDeviceConfig(d);
    readMsix(d);
    d.pci.memRead(d.barAddr('isr'), 1);
    pciCfgWindow(d);
  },
};

const trafficScenario: Scenario = {
  name: 'traffic',
  description: 'bring-up, then mixed TX/RX on every queue with random sizes and chain shapes',
  datapath: true,
  setup: () => ({ driver: {} }),
  run(ctx) {
    ctx.driver.bringUp();
    traffic(ctx, 24);
  },
};

const rxOnly: Scenario = {
  name: 'rx',
  description: 'bring-up, then frames on s_axis_rx only (RX buffers, num_buffers, used entries)',
  datapath: true,
  setup: () => ({ driver: { shapes: ['single'] } }),
  run(ctx) {
    const { driver: d, dut, rng } = ctx;
    d.bringUp();
    d.postRx(0);
    for (let i = 0; i < 12; i++) {
      if (d.rxCapacity(0) >= VIRTIO_NET_HDR_LEN + 1514) dut.pushFrame(makeFrame(rng, d.mac, rng.int(60, 1514)));
      d.dut.run(rng.int(200, 2000));
      d.takeInterrupts();
      d.receive(0);
      if (d.rxCapacity(0) < 4 * 1536) d.postRx(0);
    }
  },
};

const txOnly: Scenario = {
  name: 'tx',
  description: 'bring-up, then frames on the TX queue only, one descriptor per buffer; last, header-only buffers (an empty packet)',
  datapath: true,
  setup: () => ({ driver: { shapes: ['single'] } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    for (let i = 0; i < 12; i++) {
      d.sendFrame(0, makeFrame(rng, d.mac, rng.int(60, 1514)));
      d.dut.run(rng.int(200, 2000));
      d.takeInterrupts();
      d.reclaimTx(0);
    }
    // A buffer of the virtio_net_hdr alone (§5.1.6.2: the packet after it is empty) is used like
    // any other; there is nothing to send on m_axis_tx. Then a frame behind it still goes out.
    for (let i = 0; i < 2; i++) {
      d.sendFrame(0, new Uint8Array(0));
      d.sendFrame(0, makeFrame(rng, d.mac, rng.int(60, 300)));
      ctx.dut.drain();
      d.takeInterrupts();
      d.reclaimTx(0);
    }
  },
};

const msixMask: Scenario = {
  name: 'msix-mask',
  description: 'masked vector -> Pending Bit -> unmask sends the message (PCIe r6.0 §6.1.4.5)',
  datapath: true,
  setup: () => ({ driver: { msix: true, eventMode: 'enable' } }),
  run(ctx) {
    const d = ctx.driver;
    d.bringUp();
    const tx = d.queues[1];
    const entry = d.msixLocations().table + tx.vector * MSIX_ENTRY_BYTES + MSIX_VECTOR_CONTROL;
    d.pci.memWrite(entry, 1, 4); // Mask Bit
    d.sendFrame(0, makeFrame(ctx.rng, d.mac, 128));
    d.dut.run(3000);
    d.pci.memRead(d.msixLocations().pba, 4); // Pending Bit set on both sides
    d.pci.memWrite(entry, 0, 4); // unmask: the pending message goes out
    d.dut.run(500);
    d.pci.memRead(d.msixLocations().pba, 4);
    // Function Mask the same way (Message Control bit 14).
    const ctl = d.msixCap + 2;
    d.pci.cfgWrite(ctl, 0x8000 | 0x4000, 2);
    d.sendFrame(0, makeFrame(ctx.rng, d.mac, 200));
    d.dut.run(3000);
    d.pci.memRead(d.msixLocations().pba, 4);
    d.pci.cfgWrite(ctl, 0x8000, 2);
    d.dut.run(500);
    d.takeInterrupts();
    d.reclaimTx(0);
  },
};

const eventSuppression: Scenario = {
  name: 'event-suppression',
  description: 'driver event suppression ENABLE / DISABLE / DESC with EVENT_IDX (virtio §2.8.10)',
  datapath: true,
  setup: (seed) => ({
    driver: { shapes: ['single'], features: [F.VIRTIO_F_EVENT_IDX, F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_MRG_RXBUF], eventMode: (['enable', 'disable', 'desc'] as const)[seed % 3], msix: seed % 2 === 0 },
  }),
  run(ctx) {
    ctx.driver.bringUp();
    traffic(ctx, 16);
  },
};

const wrap: Scenario = {
  name: 'wrap',
  description: 'queue size 4: many wraps of the packed ring wrap counters (virtio §2.8.1)',
  datapath: true,
  setup: () => ({ driver: { queueSize: 4, shapes: ['single'] } }),
  run(ctx) {
    const { driver: d, dut, rng } = ctx;
    d.bringUp();
    d.postRx(0);
    // Bursts of 1..3 frames each way, then both sides idle: the wrap counters flip every 4
    // buffers, and no buffer is posted while a side is still deciding to enable kicks.
    for (let i = 0; i < 12; i++) {
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) d.sendFrame(0, makeFrame(rng, d.mac, rng.int(60, 600)));
      for (let k = 0; k < n && d.rxCapacity(0) >= VIRTIO_NET_HDR_LEN + 600; k++) dut.pushFrame(makeFrame(rng, d.mac, rng.int(60, 600)));
      dut.drain();
      d.takeInterrupts();
      d.reclaimTx(0);
      d.receive(0);
      d.postRx(0);
      dut.drain();
    }
  },
};

const mpsMrrs: Scenario = {
  name: 'mps-mrrs',
  description: 'traffic at several Max_Payload_Size / Max_Read_Request_Size settings (PCIe r6.0 §7.5.3.4)',
  datapath: true,
  setup: () => ({ driver: { shapes: ['single'] } }),
  run(ctx) {
    const d = ctx.driver;
    d.bringUp();
    const devctl = d.pcieCap + PCIE_CAP.DEVCTL;
    const mpsSupported = d.pci.cfgRead32(d.pcieCap + PCIE_CAP.DEVCAP) & 7;
    for (const [mps, mrrs] of [[0, 0], [Math.min(1, mpsSupported), 2], [mpsSupported, 5], [0, 1]]) {
      // Both sides idle first: a DMA in flight would see the old or the new setting depending on
      // how fast each side is, which is timing, not function.
      ctx.dut.drain();
      const v = d.pci.cfgRead16(devctl);
      d.pci.cfgWrite(devctl, (v & ~0x70e0) | (mps << 5) | (mrrs << 12), 2);
      traffic(ctx, 6, { min: 600, max: 1514 });
    }
  },
};

const splitCpl: Scenario = {
  name: 'split-cpl',
  description: 'read completions split at the RCB and reordered across tags (PCIe r6.0 §2.3.1.1, §2.4.1)',
  datapath: true,
  setup: () => ({ driver: { shapes: ['single'] }, host: { completer: { rcb: 64, split: 'rcb', reorder: true, latency: { min: 0, max: 200 } } } }),
  run(ctx) {
    ctx.driver.bringUp();
    traffic(ctx, 20, { min: 300, max: 1514 });
  },
};

const cplFault: Scenario = {
  name: 'cpl-fault',
  description: 'injected UR / CA completion -> DEVICE_NEEDS_RESET on both sides (virtio §2.1.2)',
  datapath: true,
  setup: () => ({ driver: { msix: false } }),
  run(ctx) {
    const d = ctx.driver;
    d.bringUp();
    ctx.dut.drain(); // the DRIVER_OK ring checks are done: the fault hits the TX data path
    ctx.dut.rc.completer.injectFault(ctx.seed % 2 === 0 ? 'UR' : 'CA');
    d.sendFrame(0, makeFrame(ctx.rng, d.mac, 100));
    d.dut.run(3000);
    d.takeInterrupts();
    d.readCommon('device_status');
    d.pci.memRead(d.barAddr('isr'), 1);
  },
};

/** virtio §5.1.6.5 control classes / commands used by the `ctrl` scenario. */
const CTRL = { RX: 0, RX_PROMISC: 0, RX_ALLMULTI: 1, MAC: 1, MAC_TABLE_SET: 0, MAC_ADDR_SET: 1 } as const;

const ctrlScenario: Scenario = {
  name: 'ctrl',
  description: 'control queue (§5.1.6.5): RX mode, MAC table, MAC address, an unknown command, between TX/RX traffic',
  datapath: true,
  setup: () => ({ driver: { queueSize: 64, features: [F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_CTRL_MAC_ADDR, F.VIRTIO_NET_F_MRG_RXBUF] } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    const macTable = (n: number): Uint8Array => {
      // struct virtio_net_ctrl_mac (le32 entries + 6-byte MACs), unicast then multicast table
      const t = new Uint8Array(4 + 6 * n + 4);
      t[0] = n;
      for (let i = 0; i < 6 * n; i++) t[4 + i] = i % 6 === 0 ? 0x02 : rng.int(0, 255);
      return t;
    };
    const commands: Array<[number, number, Uint8Array]> = [
      [CTRL.RX, CTRL.RX_PROMISC, Uint8Array.of(1)],
      [CTRL.RX, CTRL.RX_ALLMULTI, Uint8Array.of(1)],
      [CTRL.MAC, CTRL.MAC_TABLE_SET, macTable(rng.int(0, 3))],
      [CTRL.MAC, CTRL.MAC_ADDR_SET, Uint8Array.of(0x02, 0x00, 0x00, 0x12, 0x34, rng.int(0, 255))],
      [CTRL.RX, CTRL.RX_PROMISC, Uint8Array.of(0)],
      [7, 0, new Uint8Array(0)], // unknown class: VIRTIO_NET_ERR
    ];
    traffic(ctx, 3);
    for (const [cls, cmd, data] of commands) {
      d.ctrlCommand(cls, cmd, data);
      d.takeInterrupts();
      traffic(ctx, 2);
    }
  },
};

export const SCENARIOS: readonly Scenario[] = [bringup, trafficScenario, rxOnly, txOnly, msixMask, eventSuppression, wrap, mpsMrrs, splitCpl, cplFault, ctrlScenario, ...STRESS_SCENARIOS, ...EDGE_SCENARIOS, RANDOM_SCENARIO];


/**
 * The main job's scenarios (scripts/main-job.ts, `make demo`; mutate's `main-job` suite item):
 * traffic and ctrl first, then every other scenario, so that register,
 * config, interrupt, reset and error behaviour is checked on every run of the main job too
 * (issue 14: traffic and ctrl alone killed 52 of 98 mutants).
 */
export const MAIN_JOB_SCENARIOS: readonly string[] = ['traffic', 'ctrl', ...SCENARIOS.map((s) => s.name).filter((n) => n !== 'traffic' && n !== 'ctrl')];
