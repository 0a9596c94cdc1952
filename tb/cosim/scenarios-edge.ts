// Host behaviour at the edges the other scenarios leave out (issue 14, mutation survivors): common
// config registers written while the rings run (selects, read-only fields, vectors: a decode that
// mistakes them for notifications shows as a ring read the model does not make), notifications of
// queues the device does not have and of idle queues, and a failed read whose split completions
// keep arriving after the failure, with other reads in flight (the device must drop them all).
// Every access is one a driver or root port may make; the lockstep engine compares what it causes.

import { highMsiBase, PCIE_CAP, type CommonField } from '../driver/layout.js';
import { STATUS, type VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { DriverError } from '../driver/dut.js';
import { VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT } from '../driver/vring.js';
import { addAddress } from '../../model/dma/types.js';
import * as F from '../../model/virtio/features.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { cfgRd0, cpl, cplD, mrd, mwr } from '../../model/tlp/build.js';
import type { Tlp } from '../../model/tlp/types.js';
import { ask, rawTag } from './raw-request.js';
import { COMPLETION_FAULTS, frame, someTraffic } from './scenarios-stress.js';
import type { Scenario } from './scenarios.js';

/** Fields of the common configuration the device owns (virtio §4.1.4.3): a driver write is ignored. */
const READ_ONLY: readonly CommonField[] = ['device_feature', 'num_queues', 'config_generation', 'queue_notify_off'];

const liveRegs: Scenario = {
  name: 'live-regs',
  description: 'common config written while the rings run (feature selects, read-only fields, vectors, queue_select of every queue), notifications of idle queues and of queues the device lacks (virtio §4.1.4.3, §4.1.4.4)',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 2 === 1 } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    someTraffic(ctx, 3);
    const notifyBase = d.barAddr('notify');
    const numQueues = d.readCommon('num_queues');
    for (let round = 0; round < 3; round++) {
      // Idle rings first: a spurious notification then shows as a ring read the model does not make.
      ctx.dut.drain();
      for (let sel = 0; sel < 3; sel++) {
        d.writeCommon('device_feature_select', sel);
        d.readCommon('device_feature');
        d.writeCommon('driver_feature_select', sel);
        d.readCommon('driver_feature');
      }
      for (const f of READ_ONLY) d.writeCommon(f, rng.int(0, 0xffff));
      for (const f of READ_ONLY) d.readCommon(f);
      d.writeCommon('config_msix_vector', d.readCommon('config_msix_vector'));
      for (let q = 0; q < numQueues; q++) {
        d.writeCommon('queue_select', q);
        d.readCommon('queue_size');
        d.readCommon('queue_enable');
        d.writeCommon('queue_msix_vector', d.readCommon('queue_msix_vector'));
      }
      d.writeCommon('queue_select', numQueues + rng.int(0, 3)); // no such queue: reads 0, writes ignored (§4.1.4.3)
      d.readCommon('queue_size');
      // Whole-DW reads of every common and device config DW (all four bytes enabled), then the
      // selected queue again: a read changes nothing (virtio §4.1.3.1).
      for (let dw = 0; dw < 16; dw++) d.pci.memRead(d.barAddr('common') + 4 * dw, 4);
      for (let dw = 0; dw < 4; dw++) d.pci.memRead(d.barAddr('device') + 4 * dw, 4);
      d.writeCommon('queue_select', rng.int(0, numQueues - 1));
      d.readCommon('queue_size');
      d.dut.run(200);
      // Notifications: an idle queue of each kind (the device looks, finds nothing), then queues
      // past num_queues, at their own notify offset and with another queue's index (§4.1.5.2).
      for (let q = 0; q < numQueues; q++) d.pci.memWrite(notifyBase + 4 * q, q, 2);
      d.pci.memWrite(notifyBase + 4 * (numQueues + rng.int(0, 2)), numQueues + rng.int(0, 2), 2);
      d.pci.memWrite(notifyBase, 0x7fff, 2);
      d.dut.run(rng.int(100, 600));
      d.takeInterrupts();
      someTraffic(ctx, 2);
    }
  },
};

const splitFault: Scenario = {
  name: 'split-fault',
  description: 'a failed data read of a long TX frame while other reads are in flight, its completions split at the RCB: what arrives after the failure (the rest of a poisoned split, answers to other tags) is dropped; DEVICE_NEEDS_RESET, then a reset and traffic again (PCIe r6.0 §2.3.2, virtio §2.1.2)',
  datapath: true,
  setup: (seed) => ({
    // INTx: the config MSI-X after a fault is some cycles later in the RTL than the profile says (as tx-fault).
    driver: { msix: false, shapes: ['single'] },
    host: { completer: { rcb: 64, split: 'rcb', reorder: seed % 4 >= 2, latency: { min: 0, max: 300 } } },
  }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    // MRRS 128 bytes: a long frame is many reads, several in flight at once (PCIe r6.0 §7.5.3.4).
    ctx.dut.drain();
    const devctl = d.pcieCap + PCIE_CAP.DEVCTL;
    d.pci.cfgWrite(devctl, (d.pci.cfgRead16(devctl) & ~0x7000) | (0 << 12), 2);
    someTraffic(ctx, 2);
    ctx.dut.drain();
    // The traffic's last buffers were used after its last look at the ring: take them back.
    d.reclaimTx(0);
    let seen = 0;
    const k = rng.int(2, 5);
    // by seed: a poisoned first CplD (the rest of its split still arrives), UR, CA
    const fault = COMPLETION_FAULTS[(ctx.seed + 2) % 3]!;
    // The TX buffers of the traffic before are the driver's again: room for the two long frames
    // (without it some seeds found the ring full, at both levels).
    d.reclaimTx(0);
    ctx.dut.rc.completer.injectFault(fault, (req) => req.length > 4 && ++seen === k);
    for (const [len, kick] of [[rng.int(1200, 1514), false], [rng.int(600, 1514), true]] as const) {
      if (d.sendFrame(0, frame(ctx, len), kick)) continue;
      // A ring with no room left for the second frame (queue_size 1): the first goes alone.
      if (!kick) throw new DriverError('sendFrame', len, 'found no room in the TX ring');
      d.kickTx(0);
    }
    d.dut.run(6000);
    d.takeInterrupts();
    if (!(d.deviceStatus & STATUS.DEVICE_NEEDS_RESET)) throw new DriverError('device_status', d.deviceStatus, `no DEVICE_NEEDS_RESET after a ${fault} completion`);
    d.pci.memRead(d.barAddr('isr'), 1);
    // Kicks and frames after the failure: the device touches nothing until it is reset (§2.1.2).
    d.kickTx(0);
    ctx.dut.pushFrame(frame(ctx, 200));
    d.dut.run(1000);
    d.readCommon('device_status');
    d.resetDevice();
    d.bringUp();
    someTraffic(ctx, 3);
  },
};

/** Interrupts, TX reclaimed, RX received and re-posted on pair 0. */
function serviceQueue0(d: VirtioNetDriver): void {
  d.takeInterrupts();
  d.reclaimTx(0);
  d.receive(0);
  d.postRx(0);
}

const ringLaps: Scenario = {
  name: 'ring-laps',
  description: 'queue size 6, chains of 1..5 descriptors both ways, 40 bursts: many laps of both wrap counters with long chains on either side of a wrap, half in the default suppression mode and half with notifications enabled (virtio §2.8.1, §2.8.6, §2.8.10)',
  datapath: true,
  setup: () => ({ driver: { queueSize: 6, shapes: ['chained'], maxSegments: 5 } }),
  run(ctx) {
    const { driver: d, dut, rng } = ctx;
    d.bringUp();
    d.postRx(0);
    for (let i = 0; i < 40; i++) {
      if (i === 20) {
        // Second half with used-buffer notifications plainly enabled (virtio §2.8.10), both sides idle.
        for (const q of d.queues) {
          if (!q) continue;
          q.eventMode = 'enable';
          q.vring.setDriverEvent('enable', 0);
        }
      }
      for (let k = rng.int(1, 2); k > 0; k--) d.sendFrame(0, frame(ctx, rng.int(60, 600)));
      if (d.rxCapacity(0) >= 12 + 600) dut.pushFrame(frame(ctx, rng.int(60, 600)));
      // Both sides idle between bursts: no buffer is posted while a side decides on a kick.
      dut.drain();
      serviceQueue0(d);
      dut.drain();
    }
  },
};

/** One raw TX descriptor at `slot` of the first lap (AVAIL = 1, USED = 0), addr up to 2^64 - 1. */
function rawTxDesc(d: VirtioNetDriver, slot: number, addr: bigint, len: number, flags: number): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, addr, true);
  v.setUint32(8, len, true);
  v.setUint16(12, slot, true);
  v.setUint16(14, flags | VIRTQ_DESC_F_AVAIL, true);
  d.mem.write(addAddress(d.queues[1]!.vring.layout.desc, 16 * slot), b);
}

const RING_SIZE = 8;
/** Illegal TX rings the random mode does not post (docs/dut-interface.md "Illegal rings and faults"). */
const ILLEGAL: ReadonlyArray<[string, (d: VirtioNetDriver, buf: bigint) => void]> = [
  // A NEXT chain longer than queue_size (virtio §2.8.18): reason 1, before any data is read.
  ['chain longer than the queue', (d, buf) => { for (let s = 0; s < RING_SIZE; s++) rawTxDesc(d, s, buf + BigInt(64 * s), 64, VIRTQ_DESC_F_NEXT); }],
  // An indirect table of more entries than queue_size (§2.8.5): reason 2, the table is not read.
  ['indirect table longer than the queue', (d, buf) => rawTxDesc(d, 0, buf, 16 * (RING_SIZE + 1), VIRTQ_DESC_F_INDIRECT)],
  // A buffer whose addr + len passes 2^64 (§2.8.13, AddressOverflow): reason 13, nothing read there.
  ['buffer crossing 2^64', (d) => rawTxDesc(d, 0, 2n ** 64n - 36n, 37, 0)],
  // INDIRECT together with NEXT (§2.8.19: an indirect descriptor stands alone in the packed ring).
  ['indirect descriptor with NEXT', (d, buf) => rawTxDesc(d, 0, buf, 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT)],
  // An indirect table whose length is not a multiple of 16 (§2.8.5: a table of whole descriptors).
  ['indirect table of 24 bytes', (d, buf) => rawTxDesc(d, 0, buf, 24, VIRTQ_DESC_F_INDIRECT)],
  // A descriptor of length 0 (§2.8.4: no buffer; the reference device refuses it).
  ['descriptor of length 0', (d, buf) => rawTxDesc(d, 0, buf, 0, 0)],
  // A TX buffer longer than the header and the largest frame (65535 + 12 bytes, §5.1.6.2).
  ['TX buffer of 70000 bytes', (d, buf) => rawTxDesc(d, 0, buf, 70_000, 0)],
];

const illegalRings: Scenario = {
  name: 'illegal-rings',
  description: 'TX rings a driver must not post, one after another with a device reset between: a NEXT chain longer than the queue, an indirect table longer than the queue, a buffer crossing 2^64, an indirect descriptor with NEXT, an indirect table of 24 bytes, a descriptor of length 0, a TX buffer of 70000 bytes; each ends in DEVICE_NEEDS_RESET before any data is read (virtio §2.1.2, §2.8.5, §2.8.18); run the exact level with timing warn (error-path timing is not calibrated)',
  datapath: true,
  // INDIRECT_DESC negotiated, so the indirect shapes reach the device's own checks (§2.8.5, §2.8.19).
  setup: (seed) => ({ driver: { queueSize: RING_SIZE, msix: seed % 2 === 1, eventMode: 'enable', features: [F.VIRTIO_NET_F_MAC, F.VIRTIO_F_INDIRECT_DESC] } }),
  run(ctx) {
    const d = ctx.driver;
    for (let i = 0; i < ILLEGAL.length; i++) {
      const [what, post] = ILLEGAL[(i + ctx.seed) % ILLEGAL.length]!;
      // A fresh bring-up: the TX ring starts at slot 0 of the first lap, where the raw descriptors go.
      d.bringUp();
      ctx.dut.drain();
      post(d, BigInt(Number(d.queues[1]!.bufBase)));
      d.pci.memWrite(d.queues[1]!.notifyAddr, 1, 2);
      d.dut.run(3000);
      // A design may take longer to read the chain (any read latency is legal): wait, bounded.
      for (let t = 0; t < 40 && !(d.deviceStatus & STATUS.DEVICE_NEEDS_RESET); t++) d.dut.run(500);
      d.takeInterrupts();
      if (!(d.deviceStatus & STATUS.DEVICE_NEEDS_RESET)) throw new DriverError('device_status', d.deviceStatus, `no DEVICE_NEEDS_RESET after a ${what}`);
      d.resetDevice();
    }
    d.bringUp();
    someTraffic(ctx, 2);
  },
};


/** Requester IDs other than the driver's (its root port is 00:00.0): other root ports, a peer function, all ones. */
const OTHER_REQUESTERS = [0x0008, 0x0100, 0x1a2b, 0xffff] as const;
/** Control classes and commands (virtio §5.1.9.5). */
const CTRL_RX = 0, CTRL_RX_PROMISC = 0, CTRL_RX_ALLMULTI = 1, CTRL_MAC = 1, CTRL_MAC_TABLE_SET = 0, CTRL_MAC_ADDR_SET = 1;

/** A completion must carry the Requester ID and Tag of its request (PCIe r6.0 §2.2.9), whatever the model says. */
function askAs(d: VirtioNetDriver, t: Tlp): Tlp {
  const c = ask(d, t);
  if (c.requesterId !== t.requesterId || c.tag !== t.tag) {
    throw new DriverError('completion', `${c.requesterId.toString(16)}/${c.tag}`, `answers request ${t.requesterId.toString(16)}/${t.tag}: Requester ID and Tag must be the request's (PCIe r6.0 §2.2.9)`);
  }
  return c;
}

/** A MAC_TABLE_SET body (virtio §5.1.6.5.2): le32 count and 6-byte entries, unicast then multicast. */
function macTable(uni: readonly Uint8Array[], multi: readonly Uint8Array[]): Uint8Array {
  const t = new Uint8Array(8 + 6 * (uni.length + multi.length));
  const v = new DataView(t.buffer);
  v.setUint32(0, uni.length, true);
  uni.forEach((m, i) => t.set(m, 4 + 6 * i));
  v.setUint32(4 + 6 * uni.length, multi.length, true);
  multi.forEach((m, i) => t.set(m, 8 + 6 * (uni.length + i)));
  return t;
}

/** Frames to `macs` (RX filter: kept or dropped, virtio §5.1.6.5.1), then what arrived is taken. */
function framesTo(ctx: Parameters<Scenario['run']>[0], macs: readonly Uint8Array[]): void {
  const d = ctx.driver;
  d.postRx(0);
  for (const m of macs) {
    if (d.rxCapacity(0) < 1024) break;
    const f = frame(ctx, ctx.rng.int(60, 200));
    f.set(m, 0);
    ctx.dut.pushFrame(f);
    d.dut.run(ctx.rng.int(300, 600));
  }
  d.takeInterrupts();
  d.receive(0);
}

const hostEdge: Scenario = {
  name: 'host-edge',
  description: 'requests a host may send that the driver does not: other Requester IDs (the completion carries the request\'s, PCIe r6.0 §2.2.9), memory reads longer than 512 DW and of Length 0 = 1024 DW (PCIe r6.0 §2.2.7); MSI-X Message Upper Address DWs that are odd; in INTx mode the whole MSI-X table in one multi-beat MWr, read back; Unexpected Completions (a multi-beat CplD and a Cpl UR with a Tag no read has) around the answers of reads (PCIe r6.0 §2.3.2); a dropped read cut short by a device reset; two MAC_TABLE_SET in a run and a device reset with a table set, then promiscuous mode off (the table is empty again, virtio §5.1.6.5.1); run the exact level with timing warn (the error completions of long reads are not calibrated)',
  datapath: true,
  // The same features at every bring-up (the control queue and its RX class after the reset too);
  // queue size 64: a control command (three descriptors) always fits.
  // Seeds 1, 5, 9, ... (MSI-X): the host's MSI window above 2^63 (every message a 4-DW MWr with bit 63 set).
  setup: (seed) => ({ driver: { msix: seed % 2 === 1, queueSize: 64, features: [F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX], ...(seed % 4 === 1 ? { msiBase: highMsiBase(seed) } : {}) } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    someTraffic(ctx, 2);
    const common = d.barAddr('common');
    // Register reads and config reads from other requesters, each with its own tag.
    for (const rid of OTHER_REQUESTERS) {
      askAs(d, mrd({ address: common + 4 * rng.int(0, 13), length: 1, requesterId: rid, tag: rawTag(d), firstBe: 0xf, lastBe: 0 }));
      askAs(d, cfgRd0({ requesterId: rid, tag: rawTag(d), targetId: d.pci.targetId, register: 4 * rng.int(0, 15) }));
    }
    // Reads longer than any completion the function gives for a register (Length bits 9 and 0 = 1024, §2.2.7).
    for (const length of [513, 600, 1023, 1024]) {
      askAs(d, mrd({ address: common, length, requesterId: d.pci.requesterId, tag: rawTag(d), firstBe: 0xf, lastBe: 0xf }));
    }
    // Completions on the request channel answer nothing the function asked: not requests, dropped
    // without a completion (PCIe r6.0 §2.3.2); the registers read back unchanged after each.
    for (const stray of [
      cpl({ completerId: d.pci.requesterId, requesterId: d.pci.targetId, tag: rawTag(d), status: rng.int(0, 1) === 0 ? 1 : 4 }),
      cplD({ completerId: d.pci.requesterId, requesterId: d.pci.targetId, tag: rawTag(d), data: Uint8Array.of(1, 2, 3, 4) }),
    ]) {
      d.dut.request(stray);
      d.dut.run(50);
      d.readCommon('device_status');
    }
    // Message Upper Address of the MSI-X table (PCIe r6.0 §7.7.2): each entry's DW keeps its own
    // value when a neighbour's is written. Vector 1 masked while its upper DW is odd (no message goes there).
    ctx.dut.drain();
    const table = d.msixLocations().table;
    const hi = Number(d.msiBase >> 32n); // the Message Upper Address the driver programmed (the window may sit above 2^63)
    for (const v of [1, 2]) {
      const ctl = table + 16 * v + 12;
      d.pci.memWrite(ctl, 1, 4);
      d.pci.memWrite(table + 16 * v + 4, 0x0000_0001 + 2 * rng.int(0, 0x7fff), 4);
      d.pci.memWrite(table + 16 * (v - 1) + 4, hi, 4);
      d.pci.memRead(table + 16 * v + 4, 4);
      d.pci.memRead(table + 16 * v, 4);
      d.pci.memWrite(table + 16 * v + 4, hi, 4);
      d.pci.memWrite(ctl, 0, 4);
    }
    if (ctx.seed % 2 === 0) {
      // INTx mode (MSI-X off, the table's contents unused): the whole table in one MWr of several
      // beats, then read back; with rx_req valid gaps (--backpressure) the beats come apart.
      for (let k = 0; k < 3; k++) {
        const n = 4 * d.msixTableSize;
        const data = Uint8Array.from({ length: 4 * n }, () => rng.int(0, 255));
        for (let e = 0; e < d.msixTableSize; e++) data[16 * e] = data[16 * e]! & 0xfc; // Message Address bits 1:0 are 0
        d.dut.request(mwr({ address: table, data, requesterId: d.pci.requesterId, firstBe: 0xf, lastBe: 0xf }));
        askAs(d, mrd({ address: table, length: n, requesterId: d.pci.requesterId, tag: rawTag(d), firstBe: 0xf, lastBe: 0xf }));
      }
    }
    // Unexpected Completions (PCIe r6.0 §2.3.2) around the answers of data reads: a CplD of several
    // beats and a Cpl UR with a Tag no read has, while the read is in flight and after it ended;
    // the device discards them and its DMA stays correct.
    // (Each armed one-shot holds the device's reads for the client's decision: arm only what the next reads take.)
    ctx.dut.rc.completer.injectFault('stray', (req) => req.length > 2);
    ctx.dut.rc.completer.injectFault('stray');
    someTraffic(ctx, 2);
    // Two rounds may make no read above 2 DW (a seed whose rounds found no room): more, bounded.
    for (let k = 0; k < 8 && ctx.dut.rc.completer.oneShotPending !== 0; k++) someTraffic(ctx, 1);
    if (ctx.dut.rc.completer.oneShotPending !== 0) throw new DriverError('stray completions', ctx.dut.rc.completer.oneShotPending, 'armed but no read took them');
    // A read the host never answers, cut short by a device reset before its Completion Timeout
    // (PCIe r6.0 §2.8): the device must not hold that Tag forever; after the timeout has passed,
    // traffic again.
    ctx.dut.drain();
    ctx.dut.rc.completer.injectFault('drop');
    d.sendFrame(0, frame(ctx, rng.int(60, 400)));
    d.dut.run(400);
    d.resetDevice();
    d.dut.run(70_000);
    d.bringUp();
    someTraffic(ctx, 2);
    if (!d.ctrlQueue) return;
    const mac = (): Uint8Array => Uint8Array.from({ length: 6 }, (_, i) => (i === 0 ? 0x02 : rng.int(0, 255)));
    const [a, b, c] = [mac(), mac(), mac()];
    const other = mac();
    // Promiscuous off, then two tables one after the other: only the second one's addresses pass.
    d.ctrlCommand(CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(0));
    d.ctrlCommand(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([a, b], []));
    framesTo(ctx, [a, b, c, other]);
    d.ctrlCommand(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([c], []));
    framesTo(ctx, [a, b, c, other, d.mac]);
    // Bytes after the two tables: not a MAC_TABLE_SET body (virtio §5.1.6.5.2), refused; the table stays.
    const long = macTable([a], []);
    const ack = d.ctrlCommand(CTRL_MAC, CTRL_MAC_TABLE_SET, Uint8Array.from([...long, 0, 0]));
    if (ack !== 1) throw new DriverError('MAC_TABLE_SET ack', ack, 'with bytes after the tables is not VIRTIO_NET_ERR (1)');
    framesTo(ctx, [a, c]);
    // A device reset empties the table and turns promiscuous mode on (§5.1.6.5.1); off again, the old addresses do not pass.
    d.ctrlCommand(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([a, b, c], []));
    d.resetDevice();
    d.bringUp();
    framesTo(ctx, [a, other]);
    d.ctrlCommand(CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(0));
    framesTo(ctx, [a, b, c, other, d.mac]);
    someTraffic(ctx, 1);
  },
};

/** A random split of n bytes into 1..max elements of 1+ bytes. */
function splitBytes(rng: ScenarioRng, n: number, max: number): number[] {
  const parts: number[] = [];
  let left = n;
  while (left > 0) {
    const k = parts.length === max - 1 ? left : rng.int(1, left);
    parts.push(k);
    left -= k;
  }
  return parts;
}
type ScenarioRng = Parameters<Scenario['run']>[0]['rng'];

/** RX filter commands and the frames they keep (ctrl-shapes with `split`, mac-filter in Linux's layout). */
function filterRounds(ctx: Parameters<Scenario['run']>[0], split: boolean): void {
  const { driver: d, rng } = ctx;
  d.bringUp();
  someTraffic(ctx, 1);
  // Unicast: any first octet with the group bit (bit 0) clear; group addresses: any with it set (IEEE 802 bit order, every bit of each octet used).
  const mac = (): Uint8Array => Uint8Array.from({ length: 6 }, (_, i) => (i === 0 ? rng.int(0, 255) & 0xfe : rng.int(0, 255)));
  const shaped = (cls: number, cmd: number, data: Uint8Array, want: number): void => {
    const readable = split ? splitBytes(rng, 2 + data.length, rng.int(1, 5)) : undefined;
    const writable = !split || rng.bool(0.3) ? [1] : splitBytes(rng, rng.int(2, 24), rng.int(1, 4));
    const ack = d.ctrlCommand(cls, cmd, data, 200_000, { ...(readable ? { readable } : {}), writable });
    if (ack !== want) throw new DriverError(`ctrl ${cls}/${cmd} ack (readable ${readable?.join('+') ?? 'Linux layout'}, writable ${writable.join('+')})`, ack, `is not ${want}`);
  };
  const [a, b, m, a2, a3] = [mac(), mac(), mac(), mac(), mac()];
  const group = (): Uint8Array => Uint8Array.from({ length: 6 }, (_, i) => (i === 0 ? rng.int(0, 255) | 1 : rng.int(0, 255)));
  const [multi, multi2, multi3] = [group(), group(), group()];
  const other = mac();
  for (let round = 0; round < 2; round++) {
    shaped(CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(0), 0);
    shaped(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([a], [multi]), 0);
    framesTo(ctx, [a, b, multi, other, d.mac]);
    // Tables of several entries: every entry matches, each at its own place (virtio §5.1.6.5.2).
    shaped(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([a3, a, a2], [multi2, multi, multi3]), 0);
    framesTo(ctx, [a2, multi3, a3, multi2, a, multi, other, group()]);
    // The device's own address changed (virtio §5.1.6.5.2): frames to it pass, to the old one not.
    shaped(CTRL_MAC, CTRL_MAC_ADDR_SET, m, 0);
    shaped(CTRL_RX, CTRL_RX_ALLMULTI, Uint8Array.of(1), 0);
    framesTo(ctx, [m, a, d.mac, Uint8Array.of(0x01, 0x00, 0x5e, 0x7f, 0x00, 0x01), other]);
    shaped(CTRL_RX, CTRL_RX_ALLMULTI, Uint8Array.of(0), 0);
    // Unknown command of a known class, unknown class: VIRTIO_NET_ERR, nothing changes.
    shaped(CTRL_RX, 7, Uint8Array.of(1), 1);
    shaped(0x7f, 0, Uint8Array.of(1, 2, 3), 1);
    shaped(CTRL_MAC, CTRL_MAC_TABLE_SET, macTable([b], []), 0);
    framesTo(ctx, [a, b, m, other]);
    shaped(CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(1), 0);
    framesTo(ctx, [other]);
  }
  someTraffic(ctx, 1);
}

const macFilter: Scenario = {
  name: 'mac-filter',
  description: 'the RX filter through the control queue in Linux\'s layout: promiscuous and all-multicast off and on, MAC_TABLE_SET, MAC_ADDR_SET (frames to the new address pass, to the old one not), unknown classes and commands (ERR); frames to each address after each change; last, both tables exactly as long as the RTL keeps (4 entries) with promiscuous and all-multicast off (virtio §5.1.6.5.1, §5.1.6.5.2), then frames on an empty receive ring with controlq commands between them (no receiveq kick)',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 2 === 1, queueSize: 64, features: [F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_CTRL_MAC_ADDR, ...(seed % 3 === 0 ? [F.VIRTIO_NET_F_MRG_RXBUF] : [])] } }),
  run(ctx) {
    filterRounds(ctx, false);
    fullTables(ctx);
  },
};

/** Entries the reference RTL's tables hold (rtl/net_ctrl.sv MAC_TABLE_ENTRIES); a longer table accepts every address of its kind. */
const RTL_MAC_TABLE_ENTRIES = 4;

/** Both tables exactly full, promiscuous and all-multicast off: only their addresses pass (virtio §5.1.6.5.2). */
function fullTables(ctx: Parameters<Scenario['run']>[0]): void {
  const { driver: d, rng } = ctx;
  const addr = (group: boolean): Uint8Array => Uint8Array.from({ length: 6 }, (_, i) => (i === 0 ? (rng.int(0, 255) & 0xfe) | (group ? 1 : 0) : rng.int(0, 255)));
  const uni = Array.from({ length: RTL_MAC_TABLE_ENTRIES }, () => addr(false));
  const multi = Array.from({ length: RTL_MAC_TABLE_ENTRIES }, () => addr(true));
  for (const [cls, cmd, data] of [[CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(0)], [CTRL_RX, CTRL_RX_ALLMULTI, Uint8Array.of(0)], [CTRL_MAC, CTRL_MAC_TABLE_SET, macTable(uni, multi)]] as const) {
    const ack = d.ctrlCommand(cls, cmd, data);
    if (ack !== 0) throw new DriverError(`ctrl ${cls}/${cmd} ack`, ack, 'is not VIRTIO_NET_OK (0)');
  }
  const last = RTL_MAC_TABLE_ENTRIES - 1;
  framesTo(ctx, [uni[last]!, addr(true), multi[last]!, addr(false), multi[0]!, addr(true), uni[0]!]);
  // After a device reset no RX buffer is posted: a frame is dropped and the receive ring counts
  // as empty until the next receiveq kick (docs/dut-interface.md); a controlq kick is not one.
  d.resetDevice();
  d.bringUp();
  for (let k = 0; k < 2; k++) {
    ctx.dut.pushFrame(frame(ctx, rng.int(60, 300)));
    ctx.dut.drain();
    const ack = d.ctrlCommand(CTRL_RX, CTRL_RX_PROMISC, Uint8Array.of(1)); // on since the reset: every frame passes the filter
    if (ack !== 0) throw new DriverError('ctrl RX_PROMISC ack', ack, 'is not VIRTIO_NET_OK (0)');
    ctx.dut.drain();
  }
  framesTo(ctx, [d.mac, addr(false)]);
}

/** Every register a driver can read back, as the device holds it now (the exact level compares each value). */
function readEverything(d: VirtioNetDriver): void {
  const { table, pba } = d.msixLocations();
  for (let v = 0; v < d.msixTableSize; v++) for (let dw = 0; dw < 4; dw++) d.pci.memRead(table + 16 * v + 4 * dw, 4);
  for (let dw = 0; dw < Math.ceil(d.msixTableSize / 32); dw++) d.pci.memRead(pba + 4 * dw, 4);
  const fields: CommonField[] = ['device_feature', 'driver_feature', 'config_msix_vector', 'num_queues', 'device_status', 'config_generation'];
  for (let w = 0; w < 2; w++) {
    d.writeCommon('device_feature_select', w);
    d.writeCommon('driver_feature_select', w);
    for (const f of fields) d.readCommon(f);
  }
  const queues = d.readCommon('num_queues');
  for (let q = 0; q < queues; q++) {
    d.writeCommon('queue_select', q);
    for (const f of ['queue_size', 'queue_msix_vector', 'queue_enable', 'queue_notify_off', 'queue_desc', 'queue_driver', 'queue_device'] as const) d.readCommon(f);
  }
  for (let off = 0; off < 12; off += 4) d.pci.memRead(d.barAddr('device') + off, 4);
  d.pci.memRead(d.barAddr('isr'), 1);
}

const resetValues: Scenario = {
  name: 'reset-values',
  description: 'every register read back at the function\'s reset, before the driver writes any (MSI-X Mask bits set, PCIe r6.0 §7.7.2.4; Pending bits clear, §7.7.2.5; queue registers, virtio §4.1.4.3), after bring-up and traffic, after a device reset (virtio §2.4: the virtio registers return to their initial values, the MSI-X table keeps what the driver wrote), then bring-up and traffic again',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 2 === 1, features: [F.VIRTIO_NET_F_MAC, ...(seed % 3 === 0 ? [F.VIRTIO_F_RING_RESET, F.VIRTIO_NET_F_CTRL_VQ] : [])] } }),
  run(ctx) {
    const { driver: d } = ctx;
    d.enumerate();
    readEverything(d);
    d.bringUp();
    someTraffic(ctx, 1);
    readEverything(d);
    d.resetDevice();
    readEverything(d);
    d.bringUp();
    someTraffic(ctx, 1);
  },
};

const rxFit: Scenario = {
  name: 'rx-fit',
  description: 'RX buffers one byte shorter than, exactly as long as, and one byte longer than header + frame (without MRG_RXBUF a short buffer is legal, virtio §5.1.6.3.1 SHOULD; the device drops a frame that does not fit and the buffer stays available, §5.1.6.4); with MRG_RXBUF (odd seeds) frames spread over buffers whose sizes add up to header + frame exactly, and one byte less',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 4 < 2, queueSize: 64, features: [F.VIRTIO_NET_F_MAC, ...(seed % 2 === 1 ? [F.VIRTIO_NET_F_MRG_RXBUF] : [])] } }),
  run(ctx) {
    const { driver: d, rng } = ctx;
    d.bringUp();
    // No traffic first: its full-size RX buffers would take every frame before the ones posted here.
    const mrg = d.has(F.VIRTIO_NET_F_MRG_RXBUF);
    for (let k = 0; k < 24; k++) {
      const len = rng.pick([60, 61, 64, 100, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1024, 1500, 1514, rng.int(60, 1514)]);
      const need = VIRTIO_NET_HDR_LEN + len;
      if (!mrg) {
        d.postRxBuffer(0, need + rng.pick([-1, 0, 1, -1, 0, 1, -VIRTIO_NET_HDR_LEN, 64]));
      } else {
        // Pieces adding up to need (or need - 1: the frame cannot fit what is available), each at
        // least header + Ethernet header (the spec asks the header; the driver model reads the
        // Ethernet header from the first buffer).
        const min = VIRTIO_NET_HDR_LEN + 14;
        let left = need - (rng.bool(0.25) ? 1 : 0);
        while (left > 0) {
          const piece = left < 2 * min ? left : rng.int(min, left - min);
          d.postRxBuffer(0, piece);
          left -= piece;
        }
      }
      const f = frame(ctx, len);
      f.set(d.mac, 0);
      ctx.dut.pushFrame(f);
      d.dut.run(rng.int(300, 900));
      d.takeInterrupts();
      d.receive(0);
    }
    someTraffic(ctx, 1);
  },
};

const ctrlShapes: Scenario = {
  name: 'ctrl-shapes',
  description: 'control commands split into descriptors otherwise than Linux does (virtio §5.1.9.5: the split is arbitrary): class and command in separate 1-byte elements, data in pieces, and a device-writable part of several elements (the ack in the first byte of the first, a result area after it the device leaves alone: used len 1); RX_PROMISC / ALLMULTI / MAC_ADDR_SET / MAC_TABLE_SET and unknown classes and commands (ERR), each checked by its ack and by the frames the filter keeps (virtio §5.1.6.5.1)',
  datapath: true,
  setup: (seed) => ({ driver: { msix: seed % 2 === 1, queueSize: 64, features: [F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_CTRL_MAC_ADDR, ...(seed % 3 === 0 ? [F.VIRTIO_NET_F_MRG_RXBUF] : [])] } }),
  run: (ctx) => filterRounds(ctx, true),
};

export const EDGE_SCENARIOS: readonly Scenario[] = [liveRegs, splitFault, ringLaps, illegalRings, hostEdge, ctrlShapes, macFilter, resetValues, rxFit];
