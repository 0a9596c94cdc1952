// Functional coverage from a co-simulation run (RunConfig.observer, tb/cosim/runner.ts): what the
// RTL did on the bus (its TLPs and completions, interrupts, frames) and what the driver did on the
// ring (chain shapes, wraps, suppression modes, features, control commands, resets), as
// observations into RTL_BINS (coverage.ts). It only observes: every hook wraps a method of one
// instance, calls the original and returns its result unchanged.

import * as F from '../../model/virtio/features.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { MSI_BASE } from '../driver/layout.js';
import type { HostEvent } from '../host/completer.js';
import type { DriverVring } from '../driver/vring.js';
import { STATUS, type QueueInfo, type VirtioNetDriver } from '../driver/virtio-net-driver.js';
import type { OutputEvent } from '../cosim/events.js';
import type { ObservedRun, RunObserver } from '../cosim/runner.js';
import { CoverageCounter, crossKey, RTL_BINS, RTL_FEATURES, shapeOf, type BinHits, type Metric } from './coverage.js';

/** Control classes by number (virtio §5.1.9.5). */
const CTRL_CLASS: Record<number, string> = { 0: 'RX', 1: 'MAC', 4: 'MQ' };
const VIRTIO_NET_OK = 0;
/** queue_reset in common cfg (virtio §4.1.4.3), see tb/cosim/scenarios-stress.ts. */
const QUEUE_RESET_OFFSET = 0x3a;

export class CosimProbe implements RunObserver {
  private readonly cov = new CoverageCounter(RTL_BINS);
  private readonly wraps = new Map<DriverVring, number>();
  /** The driver area's mode as the driver last set it, per ring. */
  private readonly modes = new Map<DriverVring, 'enable' | 'disable' | 'desc'>();
  /** MRd keys (Requester ID << 8 | Tag) of the RTL, in request order. */
  private outstanding: number[] = [];
  /** MSI-X vectors whose pending bit the driver saw set in the PBA. */
  private readonly pendingSeen = new Set<number>();
  private broughtUp = 0;
  private width: 64 | 256 = 64;

  /** Observe into the RTL bins; a model-bin name (BINS) is observed under its `rtl.` twin by the counter. */
  private see(metric: Metric, value: number | string, times = 1): void {
    this.cov.observe(metric, value, times);
  }

  attach(run: ObservedRun): void {
    const { driver: d, dut: ls } = run;
    this.width = run.width;
    this.see('width', run.width);
    const bringUp = d.bringUp.bind(d);
    d.bringUp = () => {
      bringUp();
      if (this.broughtUp++ > 0) this.see('device_reset', 1);
      this.afterBringUp(run);
    };
    const receive = d.receive.bind(d);
    d.receive = (pair) => {
      const got = receive(pair);
      for (const r of got) {
        this.see('rx_frame_len', r.frame.length);
        this.see('num_buffers', r.numBuffers);
      }
      return got;
    };
    const ctrl = d.ctrlCommand.bind(d);
    // Every argument passes through (the element shapes of ctrl-shapes among them).
    d.ctrlCommand = (cls, ...rest) => {
      const ack = ctrl(cls, ...rest);
      this.see('ctrl_class', CTRL_CLASS[cls] ?? String(cls));
      this.see('ctrl_ack', ack === VIRTIO_NET_OK ? 'OK' : 'ERR');
      return ack;
    };
    const readCommon = d.readCommon.bind(d);
    d.readCommon = (f) => {
      const v = readCommon(f);
      if (f === 'device_status' && v & STATUS.DEVICE_NEEDS_RESET) this.see('needs_reset', 1);
      return v;
    };
    // Every request the host sends the function, and the function's completion.
    const request = ls.request.bind(ls);
    ls.request = (tlp: Tlp) => {
      const c = request(tlp);
      this.hostRequest(d, tlp, c);
      return c;
    };
    const takeMsix = ls.takeMsix.bind(ls);
    ls.takeMsix = () => {
      const got = takeMsix();
      for (const v of got) {
        if (this.pendingSeen.delete(v)) this.see('msix', 'masked');
        else this.see('msix', 'unmasked');
      }
      return got;
    };
    // Completions to the RTL: splits at the RCB and reordering (the RTL's reads, ls.rc).
    const rc = ls.rc;
    const fromDevice = rc.fromDevice.bind(rc);
    rc.fromDevice = (tlp, cycle) => {
      if (tlp.kind === 'MRd') this.outstanding.push((tlp.requesterId << 8) | tlp.tag);
      fromDevice(tlp, cycle);
    };
    const poll = rc.completer.poll.bind(rc.completer);
    rc.completer.poll = (cycle: number): HostEvent[] => {
      const evs = poll(cycle);
      for (const ev of evs) this.hostEvent(ev, rc.completer.options.rcb);
      return evs;
    };
  }

  private hostEvent(ev: HostEvent, rcb: number): void {
    const t = ev.type === 'completion' ? ev.tlp : ev.request;
    const key = (t.requesterId << 8) | t.tag;
    const at = this.outstanding.indexOf(key);
    if (ev.type === 'completion') {
      if (at > 0) this.see('cpl_reordered', 1);
      // Every CplD but the last ends on an RCB-aligned address (PCIe r6.0 §2.3.1.1).
      if (!ev.final && t.kind === 'CplD' && ((t.lowerAddress & ~3) + t.data.length) % rcb === 0) this.see('cpl_split_rcb', 1);
    }
    if ((ev.type === 'dropped' || ev.final) && at >= 0) this.outstanding.splice(at, 1);
  }

  private hostRequest(d: VirtioNetDriver, tlp: Tlp, c: Tlp | undefined): void {
    const cfg = tlp.kind === 'CfgRd0' || tlp.kind === 'CfgWr0';
    if (cfg && tlp.targetId !== d.pci.targetId) this.see('host_request', 'other-function');
    else if (tlp.kind === 'MRd' || tlp.kind === 'MWr' || tlp.kind === 'Msg' || tlp.kind === 'MsgD' || cfg) this.see('host_request', tlp.kind);
    if (tlp.kind === 'MRd' || tlp.kind === 'MWr') {
      const addr = Number(tlp.address);
      if (!d.bars.some((b, i) => b !== 0 && addr >= b && addr < b + this.barSize(d, i))) this.see('host_request', 'outside-bars');
      this.see('access_bytes', enabledBytes(tlp));
      const common = d.caps.common ? d.barAddr('common') : -1;
      // (BAR addresses pass 2^31: no 32-bit bitwise operators on them.)
      const qr = common + QUEUE_RESET_OFFSET;
      if (tlp.kind === 'MWr' && common >= 0 && addr === qr - (qr % 4) && tlp.data.length >= 4 && tlp.data[qr % 4] === 1) this.see('queue_reset', 1);
      // The probe only observes: knownMsixLocations never reads config space (msixLocations would
      // on first use, and so change the run; a driver that read the PBA has the addresses).
      if (tlp.kind === 'MRd' && c?.kind === 'CplD' && d.msixTableSize > 0 && this.broughtUp > 0) {
        const pba = d.knownMsixLocations()?.pba;
        if (addr === pba) {
          const bits = c.data[0] | (c.data[1] << 8);
          for (let v = 0; v < d.msixTableSize; v++) if (bits & (1 << v)) this.pendingSeen.add(v);
        }
      }
    }
    if (c) this.see('device_cpl', c.status === CplStatus.SC ? 'SC' : c.status === CplStatus.UR ? 'UR' : c.status === CplStatus.CA ? 'CA' : 'other');
  }

  /** BAR size from the driver's own sizing (the distance to the next assigned BAR is not known): the caps' span. */
  private barSize(d: VirtioNetDriver, bar: number): number {
    let end = 0;
    for (const c of Object.values(d.caps)) if (c.bar === bar) end = Math.max(end, c.offset + c.length);
    const m = d.msixTableSize > 0 ? d.knownMsixLocations() : undefined;
    if (m !== undefined) {
      if (m.table >= d.bars[bar]! && m.table < d.bars[bar]! + 0x10_0000) end = Math.max(end, m.pba - d.bars[bar]! + 8);
    }
    return Math.max(end, 0x1000);
  }

  private afterBringUp(run: ObservedRun): void {
    const { driver: d, dut: ls } = run;
    const cfg = ls.model.fn.config;
    this.see('mps', cfg.maxPayloadSizeBytes);
    this.see('mrrs', cfg.maxReadRequestSizeBytes);
    for (const name of RTL_FEATURES) {
      const bit = (F as unknown as Record<string, number>)[`VIRTIO_F_${name}`] ?? (F as unknown as Record<string, number>)[`VIRTIO_NET_F_${name}`];
      if (bit !== undefined && d.has(bit)) this.see('feature', name);
    }
    for (const q of d.queues) if (q) this.hookQueue(d, q);
  }

  private queueKind(d: VirtioNetDriver, q: QueueInfo): 'rx' | 'tx' | 'ctrl' {
    return q === d.ctrlQueue ? 'ctrl' : q.index % 2 === 0 ? 'rx' : 'tx';
  }

  private hookQueue(d: VirtioNetDriver, q: QueueInfo): void {
    const v = q.vring;
    const kind = this.queueKind(d, q);
    this.see('event_mode', q.eventMode);
    this.wraps.set(v, 0);
    this.modes.set(v, q.eventMode);
    const setDriverEvent = v.setDriverEvent.bind(v);
    v.setDriverEvent = (mode, idx) => {
      setDriverEvent(mode, idx);
      this.modes.set(v, mode);
      this.see('event_mode', mode);
    };
    const add = v.add.bind(v);
    v.add = (segs, token, indirectTable) => {
      const wrapBefore = v.state.availWrap;
      const id = add(segs, token, indirectTable);
      if (id >= 0) {
        const indirect = indirectTable !== undefined;
        if (indirect) this.see('indirect', segs.length);
        else this.see('chain_len', segs.length);
        if (segs.some((s) => s.write) && segs.some((s) => !s.write)) this.see('chain_mixed', 1);
        this.see('queue', kind);
        // The suppression mode in force is the one the driver area holds now (the driver may change it).
        this.see('cross', crossKey(kind, shapeOf(segs.length, indirect), wrapBefore === 1, this.modes.get(v)!, this.width));
        if (v.state.availWrap !== wrapBefore) this.wraps.set(v, this.wraps.get(v)! + 1);
      }
      return id;
    };
  }

  event(side: 'model' | 'rtl', ev: OutputEvent): void {
    if (side !== 'rtl') return;
    if (ev.channel === 'm_axis_tx' && ev.frame && !ev.tuser) this.see('tx_frame_len', ev.frame.length);
    else if (ev.channel === 'intx' && ev.level) this.see('intx', 1);
    else if (ev.tlp) {
      const t = ev.tlp;
      if (t.kind === 'MWr' && t.address >= BigInt(MSI_BASE) && t.address < BigInt(MSI_BASE + 0x10_0000)) this.see('device_tlp', 'MSI-X');
      else this.see('device_tlp', t.kind);
      if (t.kind === 'MRd' || t.kind === 'MWr') this.see('dma_addr', t.address >= 0x1_0000_0000n ? 64 : 32);
    }
  }

  finish(run: ObservedRun): void {
    for (const n of this.wraps.values()) this.see('ring_wraps', n);
    for (const f of run.dut.rc.completer.faultLog) this.see('fault', f.fault);
  }

  /** Bin hits so far (RTL_BINS names). */
  snapshot(): BinHits {
    return this.cov.snapshot();
  }
}

/** Bytes a memory request enables (First/Last DW BE, PCIe r6.0 §2.2.5). */
function enabledBytes(t: Tlp): number {
  const ones = (be: number): number => ((be >> 0) & 1) + ((be >> 1) & 1) + ((be >> 2) & 1) + ((be >> 3) & 1);
  if (t.length === 1) return ones(t.firstBe);
  return ones(t.firstBe) + ones(t.lastBe) + 4 * (t.length - 2);
}
