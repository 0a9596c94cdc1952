// ModelRtl: a second golden model standing in for the RTL behind the RtlSide interface. With a
// different timing profile it exercises the lockstep engine (tag translation, held completions,
// domains, memory comparison) without Verilator; `mutate` injects faults for the runner's tests.

import { VirtioNetModel, type NetModelOptions, type OutputEvent } from '../../model/net/device.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import type { LateStop, Output, OutputChannel } from '../../rtl-bridge/client/index.js';
import type { RtlInput, RtlSide } from './rtl-sync.js';

export class ModelRtl implements RtlSide {
  readonly buildId = 'model-as-rtl';
  cycle = 0;
  private model: VirtioNetModel;

  constructor(
    private readonly opts: NetModelOptions = {},
    /** Change or drop (null) an output before the runner sees it. */
    private readonly mutate?: (o: Output) => Output | null,
  ) {
    this.model = new VirtioNetModel(opts);
  }

  reset(): void {
    this.model = new VirtioNetModel(this.opts);
    this.cycle = 0;
    this.model.advanceTo(0);
  }

  step(inputs: RtlInput[], until: number, stopOn: readonly OutputChannel[] = [], late?: LateStop): Output[] {
    for (const i of inputs) {
      if (i.channel === 's_axis_rx') {
        if (!i.sideband) this.model.pushFrame(i.data, i.cycle);
      } else if (i.channel === 'rx_req') this.model.pushRequest(hdrToTlp(i.hdr, i.data), i.cycle);
      else this.model.pushCompletion(hdrToTlp(i.hdr, i.data), i.cycle);
    }
    const out: Output[] = [];
    // With a stop condition: event by event, ending after the first cycle with a `stopOn`
    // output, or late.delay cycles after one with a `late.on` output (as the server does).
    // Always event by event: a TX frame is reported (like the bridge's eop_cycle) at the cycle the
    // model releases it, which for cut-through frames is after its first beat (sopCycle).
    let end = until - 1;
    const events: OutputEvent[] = [];
    const at: number[] = [];
    for (let prev = this.model.cycle - 1; ; ) {
      const next = Math.max(this.model.nextEventCycle(), prev + 1); // always progress: bounded by `end`
      const t = next > end ? end : next;
      prev = t;
      const evs = this.model.advanceTo(t);
      for (const e of evs) {
        events.push(e);
        at.push(t);
        if (stopOn.includes(e.channel)) end = Math.min(end, t);
        if (late && late.on.includes(e.channel)) end = Math.min(end, e.cycle + late.delay - 1);
      }
      if (t >= end) break;
    }
    for (let k = 0; k < events.length; k++) {
      const ev = events[k];
      const o: Output = ev.tlp
        ? { channel: ev.channel, cycle: ev.cycle, sopCycle: ev.cycle, hdr: tlpToHdr(ev.tlp), data: ev.tlp.data, aux: 0 }
        : ev.frame
          ? { channel: ev.channel, cycle: Math.max(ev.cycle, at[k]), sopCycle: ev.cycle, hdr: new Uint32Array(4), data: ev.frame, aux: 0 }
          : { channel: ev.channel, cycle: ev.cycle, sopCycle: ev.cycle, hdr: new Uint32Array(4), data: new Uint8Array(0), aux: ev.level ? 1 : 0 };
      const m = this.mutate ? this.mutate(o) : o;
      if (m) out.push(m);
    }
    this.cycle = end + 1;
    return out;
  }

  wavesStart(file: string): string {
    return file;
  }
  wavesStop(): void {}
  close(): void {}
}
