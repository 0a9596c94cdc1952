// Coverage probe: watches one model-only run (tb/scenarios ModelHarness + tb/driver driver) and
// turns what happened into coverage observations (coverage.ts). It only observes: every hook
// wraps a method on one instance, calls the original and returns its result unchanged.

import type { OutputEvent } from '../../model/net/device.js';
import type { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import type { ModelHarness } from '../scenarios/harness.js';
import { CoverageCounter } from './coverage.js';

export interface Compared {
  /** Frames the device sent on m_axis_tx (each checked against what the driver queued). */
  txFrames: number;
  /** Frames the driver received (each checked against what was pushed). */
  rxFrames: number;
  /** Device output events (completions, requests, frames, INTx edges) seen by the host models. */
  deviceOutputs: number;
  /** MSI-X messages the host received. */
  interrupts: number;
}

export class Probe {
  readonly cov = new CoverageCounter();
  /** MSI-X messages that were held pending while masked (counted by the scenario that masks). */
  maskedDeliveries = 0;
  private rxFrames = 0;
  private wraps = new Map<number, number>();
  private outstanding: number[] = []; // MRd keys (Requester ID << 8 | Tag) in request order

  /** For HarnessOptions.tamper: watches device outputs, changes nothing. */
  readonly watch = (ev: OutputEvent): OutputEvent => {
    if (ev.channel === 'm_axis_tx' && ev.frame) this.cov.observe('tx_frame_len', ev.frame.length);
    else if (ev.channel === 'intx' && ev.level) this.cov.observe('intx', 1);
    return ev;
  };

  /** Hook the root complex: completion splits and reordering. Call right after the harness is built. */
  attachHarness(h: ModelHarness): void {
    const rc = h.rc;
    const fromDevice = rc.fromDevice.bind(rc);
    rc.fromDevice = (tlp, cycle) => {
      if (tlp.kind === 'MRd') this.outstanding.push((tlp.requesterId << 8) | tlp.tag);
      fromDevice(tlp, cycle);
    };
    const toDevice = rc.toDevice.bind(rc);
    rc.toDevice = (cycle) => {
      const evs = toDevice(cycle);
      for (const ev of evs) {
        const t = ev.type === 'completion' ? ev.tlp : ev.request;
        const key = (t.requesterId << 8) | t.tag;
        const at = this.outstanding.indexOf(key);
        if (ev.type === 'completion') {
          if (at > 0) this.cov.observe('cpl_reordered', 1);
          // Every CplD but the last ends on an RCB-aligned address (PCIe r6.0 §2.3.1.1).
          const rcb = rc.completer.options.rcb;
          if (!ev.final && t.kind === 'CplD' && ((t.lowerAddress & ~3) + t.data.length) % rcb === 0) this.cov.observe('cpl_split_rcb', 1);
        }
        if ((ev.type === 'dropped' || ev.final) && at >= 0) this.outstanding.splice(at, 1);
      }
      return evs;
    };
  }

  /** Hook the driver: buffer shapes, wraps, event modes, MPS/MRRS, received frames. Call before bringUp. */
  attachDriver(h: ModelHarness, d: VirtioNetDriver): void {
    const bringUp = d.bringUp.bind(d);
    d.bringUp = () => {
      bringUp();
      this.afterBringUp(h, d);
    };
    const receive = d.receive.bind(d);
    d.receive = (pair) => {
      const got = receive(pair);
      for (const r of got) {
        this.cov.observe('rx_frame_len', r.frame.length);
        this.cov.observe('num_buffers', r.numBuffers);
        this.rxFrames++;
      }
      return got;
    };
  }

  private afterBringUp(h: ModelHarness, d: VirtioNetDriver): void {
    const cfg = h.model.fn.config;
    this.cov.observe('mps', cfg.maxPayloadSizeBytes);
    this.cov.observe('mrrs', cfg.maxReadRequestSizeBytes);
    for (const q of d.queues) {
      if (!q) continue;
      this.cov.observe('event_mode', q.eventMode);
      const v = q.vring;
      const add = v.add.bind(v);
      this.wraps.set(q.index, 0);
      v.add = (segs, token, indirectTable) => {
        const before = v.state.availWrap;
        const id = add(segs, token, indirectTable);
        if (id >= 0) {
          if (indirectTable !== undefined) this.cov.observe('indirect', segs.length);
          else this.cov.observe('chain_len', segs.length);
          if (v.state.availWrap !== before) this.wraps.set(q.index, this.wraps.get(q.index)! + 1);
        }
        return id;
      };
    }
  }

  /** Observations only known at the end; returns the counts the run compared. */
  finish(h: ModelHarness): Compared {
    for (const n of this.wraps.values()) this.cov.observe('ring_wraps', n);
    const msix = h.rc.interrupts.length;
    if (msix - this.maskedDeliveries > 0) this.cov.observe('msix', 'unmasked', msix - this.maskedDeliveries);
    if (this.maskedDeliveries > 0) this.cov.observe('msix', 'masked', this.maskedDeliveries);
    return { txFrames: h.txFrames.length, rxFrames: this.rxFrames, deviceOutputs: h.eventCount, interrupts: msix };
  }
}
