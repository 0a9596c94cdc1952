// ModelHarness: the golden model (model/net/device.ts) wired to the host models (tb/host
// RootComplex: memory, completer, request checker, MSI-X monitor) behind the DeviceUnderTest
// interface the driver model uses. Time is event-driven: the harness jumps to the next cycle at
// which the model or the host has something to do, so idle cycles cost nothing.
//
// Every output event is folded into a 32-bit FNV-1a trace hash (cycle, channel, encoded TLP or
// frame bytes, INTx level): same seed -> same hash.

import { VirtioNetModel, type NetModelOptions, type OutputChannel, type OutputEvent } from '../../model/net/device.js';
import { encodeTlp } from '../../model/tlp/codec.js';
import { TlpError } from '../../model/tlp/errors.js';
import type { Tlp } from '../../model/tlp/types.js';
import { MSI_BASE } from '../driver/layout.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { DriverError, type DeviceUnderTest } from '../driver/dut.js';
import { RootComplex, type RootComplexOptions } from '../host/host.js';

const CHANNEL_CODE: Record<OutputChannel, number> = { tx_cpl: 1, tx_rd_req: 2, tx_wr_req: 3, m_axis_tx: 4, intx: 5 };

/** Wire bytes of a TLP, or (for a malformed one the codec refuses) its header fields as text. */
function encodeOrMark(t: Tlp): Uint8Array {
  try {
    return encodeTlp(t);
  } catch (e) {
    if (!(e instanceof TlpError)) throw e;
    return new TextEncoder().encode(`malformed ${t.kind} ${t.address} ${t.length} ${t.firstBe} ${t.lastBe}`);
  }
}

export interface HarnessOptions {
  model?: NetModelOptions;
  host?: RootComplexOptions;
  /** Longest wait for one completion (cycles). */
  requestTimeout?: number;
  /** Change (or replace) a device output before the host sees it: fault injection on the device side. */
  tamper?: (ev: OutputEvent) => OutputEvent;
  /** Keep every output event (for debugging); off by default. */
  keepEvents?: boolean;
}

export class ModelHarness implements DeviceUnderTest {
  readonly model: VirtioNetModel;
  readonly rc: RootComplex;
  cycle = 0;
  /** Frames the device transmitted, in order. */
  readonly txFrames: Uint8Array[] = [];
  readonly events: OutputEvent[] = [];
  traceHash = 0x811c9dc5;
  eventCount = 0;
  private msix: number[] = [];
  private intx = false;
  private readonly cpls = new Map<number, Tlp>();
  private readonly timeout: number;
  private readonly keep: boolean;
  private readonly tamper: ((ev: OutputEvent) => OutputEvent) | undefined;

  constructor(o: HarnessOptions = {}) {
    this.model = new VirtioNetModel(o.model);
    this.rc = new RootComplex(o.host);
    this.timeout = o.requestTimeout ?? 100_000;
    this.keep = o.keepEvents ?? false;
    this.tamper = o.tamper;
    // The driver programs vector v as address msiBase + 16 v, data v (tb/driver; the host's window base).
    const n = this.model.fn.params.msixVectors;
    const base = o.host?.msiWindow?.base ?? BigInt(MSI_BASE);
    this.rc.msix.setMsixTable(Array.from({ length: n }, (_, v) => ({ address: base + 16n * BigInt(v), data: v, masked: false })));
  }

  get memory(): RootComplex['memory'] {
    return this.rc.memory;
  }

  // ---- DeviceUnderTest ------------------------------------------------------------------

  request(tlp: Tlp): Tlp | undefined {
    this.model.pushRequest(tlp, this.cycle);
    if (tlp.kind === 'MWr') return undefined;
    const key = tlp.tag;
    const deadline = this.cycle + this.timeout;
    while (!this.cpls.has(key)) {
      if (this.cycle >= deadline) throw new DriverError(`${tlp.kind} tag`, tlp.tag, `no completion within ${this.timeout} cycles`);
      this.stepUntil(deadline);
    }
    const c = this.cpls.get(key)!;
    this.cpls.delete(key);
    if (tlp.kind === 'CfgWr0') this.syncHost();
    return c;
  }

  /**
   * The root complex learns what software programmed (Bus Master Enable, MPS, MRRS, Requester
   * ID) so its checker and completer judge the device by the same numbers.
   */
  private syncHost(): void {
    const cfg = this.model.fn.config;
    this.rc.checker.configure({
      busMasterEnable: cfg.busMasterEnabled, maxPayloadSize: cfg.maxPayloadSizeBytes,
      maxReadRequestSize: cfg.maxReadRequestSizeBytes, requesterId: this.model.fn.requesterId,
    });
    this.rc.completer.configure({ maxPayloadSize: cfg.maxPayloadSizeBytes });
  }

  run(cycles: number): void {
    const end = this.cycle + cycles;
    while (this.cycle < end) this.stepUntil(end);
  }

  takeMsix(): number[] {
    const r = this.msix;
    this.msix = [];
    return r;
  }

  intxLevel(): boolean {
    return this.intx;
  }

  /** Let time pass until neither the model nor the host has anything scheduled (bounded). */
  settle(maxCycles = 1_000_000): void {
    const end = this.cycle + maxCycles;
    while (this.cycle < end) {
      const next = this.nextCycle();
      if (next === Infinity) return;
      this.stepUntil(end);
    }
  }

  /** Push a received Ethernet frame into the device now. */
  pushFrame(frame: Uint8Array): void {
    this.model.pushFrame(frame, this.cycle);
  }

  // ---- time ------------------------------------------------------------------------------

  private nextCycle(): number {
    const h = this.rc.completer.nextEventCycle();
    return Math.min(this.model.nextEventCycle(), h ?? Infinity);
  }

  /** Advance to the next cycle at which something happens (at most `limit`) and handle it. */
  private stepUntil(limit: number): void {
    const t = Math.max(this.cycle, Math.min(this.nextCycle(), limit));
    for (const ev of this.model.advanceTo(t)) this.onOutput(ev);
    for (const hev of this.rc.toDevice(t)) {
      if (hev.type === 'completion') this.model.pushCompletion(hev.tlp, hev.cycle);
    }
    this.cycle = t;
  }

  private onOutput(original: OutputEvent): void {
    const ev = this.tamper ? this.tamper(original) : original;
    this.eventCount++;
    if (this.keep) this.events.push(ev);
    let h = this.traceHash;
    const mix = (b: number): void => {
      h = Math.imul(h ^ (b & 0xff), 0x01000193);
    };
    const mixBytes = (a: Uint8Array): void => {
      for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i], 0x01000193);
    };
    for (let c = ev.cycle, i = 0; i < 6; i++, c = Math.floor(c / 256)) mix(c);
    mix(CHANNEL_CODE[ev.channel]);
    switch (ev.channel) {
      case 'tx_cpl':
        mixBytes(encodeTlp(ev.tlp!));
        this.cpls.set(ev.tlp!.tag, ev.tlp!);
        break;
      case 'tx_rd_req':
      case 'tx_wr_req': {
        mixBytes(encodeOrMark(ev.tlp!));
        const before = this.rc.msix.interrupts.length;
        this.rc.fromDevice(ev.tlp!, ev.cycle);
        for (let i = before; i < this.rc.msix.interrupts.length; i++) this.msix.push(this.rc.msix.interrupts[i].vector);
        break;
      }
      case 'm_axis_tx':
        mixBytes(ev.frame!);
        this.txFrames.push(ev.frame!);
        break;
      case 'intx':
        mix(ev.level ? 1 : 0);
        this.intx = ev.level!;
        break;
    }
    this.traceHash = h >>> 0;
  }
}

/** A model harness with the driver brought up: queues of 8, MSI-X on, notifications enabled (the illegal-ring and fault tests). */
export function bringUpHarness(features: number[], o: HarnessOptions = {}, queueSize = 8): { h: ModelHarness; d: VirtioNetDriver } {
  const h = new ModelHarness(o);
  const d = new VirtioNetDriver(h, h.memory, { seed: 9, features, queueSize, msix: true, eventMode: 'enable' });
  d.bringUp();
  return { h, d };
}
