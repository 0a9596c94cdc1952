// The device behind the proxy, two ways, one shape (LinuxDut):
//  - 'model': the golden model alone (tb/scenarios ModelHarness), fast;
//  - 'rtl':   the Verilated RTL with the model in lockstep (tb/cosim Lockstep + scoreboard).
// Both reach guest RAM through the root complex's memory (GuestRam), both give the driver's
// view: completions, MSI-X vectors, INTx level, frames the device transmitted.

import type { Tlp } from '../../model/tlp/types.js';
import type { TimingProfile } from '../../model/timing/profile.js';
import type { OutputEvent, Side } from '../cosim/events.js';
import { CosimStop, Lockstep } from '../cosim/lockstep.js';
import { startRtl } from '../cosim/rtl.js';
import type { BuildOptions } from '../../rtl-bridge/client/index.js';
import type { RtlSide } from '../cosim/rtl-sync.js';
import { REFERENCE_RTL_MODEL, DEFAULT_LOOKAHEAD, profileFor } from '../cosim/runner.js';
import { formatDivergence } from '../cosim/scoreboard.js';
import type { RootComplex } from '../host/host.js';
import { ModelHarness } from '../scenarios/harness.js';
import type { GuestRam } from './guest-ram.js';

export type DutKind = 'model' | 'rtl';
export type CompareLevel = 'exact' | 'spec';

export interface LinuxDut {
  readonly kind: DutKind;
  readonly rc: RootComplex;
  /** A request TLP; the completion for non-posted ones (undefined once the run has diverged). */
  request(tlp: Tlp): Tlp | undefined;
  /** Let the device finish what it is doing (bounded). */
  settle(): void;
  pushFrame(frame: Uint8Array): void;
  /** Frames transmitted since the last call. */
  takeTxFrames(): Uint8Array[];
  takeMsix(): number[];
  intxLevel(): boolean;
  /** MSI-X table entry as the device holds it now (the model's copy). */
  msixEntry(vector: number): { address: bigint; data: number };
  msixVectors(): number;
  /** Cycles simulated so far. */
  cycles(): number;
  /** The divergence report, once the model and the RTL disagreed (rtl only). */
  divergence(): string | null;
  /** Transactions compared so far (rtl only). */
  compared(): number;
  close(): void;
}

function entryOf(readTable: (o: number) => number, v: number): { address: bigint; data: number } {
  const lo = readTable(16 * v) >>> 0;
  const hi = readTable(16 * v + 4) >>> 0;
  return { address: (BigInt(hi) << 32n) | BigInt(lo), data: readTable(16 * v + 8) >>> 0 };
}

export class ModelDut implements LinuxDut {
  readonly kind = 'model';
  readonly h: ModelHarness;
  private txAt = 0;
  constructor(ram: GuestRam) {
    this.h = new ModelHarness({ host: { memory: ram }, model: REFERENCE_RTL_MODEL, requestTimeout: 200_000 });
  }
  get rc(): RootComplex {
    return this.h.rc;
  }
  request(tlp: Tlp): Tlp | undefined {
    return this.h.request(tlp);
  }
  settle(): void {
    this.h.settle(2_000_000);
  }
  pushFrame(frame: Uint8Array): void {
    this.h.pushFrame(frame);
  }
  takeTxFrames(): Uint8Array[] {
    const f = this.h.txFrames.slice(this.txAt);
    this.txAt = this.h.txFrames.length;
    return f;
  }
  takeMsix(): number[] {
    return this.h.takeMsix();
  }
  intxLevel(): boolean {
    return this.h.intxLevel();
  }
  msixEntry(v: number): { address: bigint; data: number } {
    return entryOf((o) => this.h.model.fn.msix.readTable(o), v);
  }
  msixVectors(): number {
    return this.h.model.fn.params.msixVectors;
  }
  cycles(): number {
    return this.h.cycle;
  }
  divergence(): string | null {
    return null;
  }
  compared(): number {
    return 0;
  }
  close(): void {}
}

export interface RtlDutOptions {
  width: 64 | 256;
  defines: string[];
  /** A user's design (top, sources, include folders, parameters); default the reference RTL. */
  design?: BuildOptions['dut'];
  /** The model's timing profile (`--profile FILE`); default the reference RTL's. */
  profile?: TimingProfile;
  /** The comparison level (RunConfig.compare); this branch's lockstep engine compares exactly. */
  compare: CompareLevel;
  /** A --trace build; waves into `file` over cycles [from, to), the run stops at `to`. */
  waves?: { from: number; to: number; file: string };
}

/** The RTL with the model beside it in lockstep; the guest sees the RTL. */
export class RtlDut implements LinuxDut {
  readonly kind = 'rtl';
  readonly ls: Lockstep;
  private tx: Uint8Array[] = [];
  private stop: string | null = null;
  /** Cycle of the first divergence (null while the sides agree). */
  divergenceCycle: number | null = null;
  /** The VCD written (waves option), once its window has been reached. */
  wavePath: string | null = null;
  private wavesOpen = false;
  private constructor(readonly rtl: RtlSide & { close(): void }, ram: GuestRam, readonly o: RtlDutOptions) {
    const host = { memory: ram, completer: { seed: 1, latency: { min: DEFAULT_LOOKAHEAD, max: DEFAULT_LOOKAHEAD } } };
    const w = o.waves;
    this.ls = new Lockstep(rtl, {
      lookahead: DEFAULT_LOOKAHEAD, timingTolerance: 64, host, profile: profileFor(o), model: REFERENCE_RTL_MODEL,
      requestTimeout: 20_000,
      // The comparison level as the shared interface names it (RunConfig/Lockstep `compare`);
      // this branch's engine has only the exact level and ignores it.
      ...{ compare: o.compare },
      ...(w ? { stopAt: w.to, breakpoints: [w.from, w.to], continueAfterDivergence: true, onBoundary: (c: number) => this.waveBoundary(c) } : {}),
      onEvent: (side: Side, ev: OutputEvent) => {
        if (side === 'rtl' && ev.channel === 'm_axis_tx') this.tx.push(ev.frame!);
      },
    }, (ev) => ev.channel);
  }

  static async start(ram: GuestRam, o: RtlDutOptions): Promise<RtlDut> {
    const rtl = await startRtl({ width: o.width, defines: o.defines, dut: o.design, trace: o.waves !== undefined });
    rtl.reset();
    const d = new RtlDut(rtl, ram, o);
    if (o.waves?.from === 0) d.waveBoundary(0);
    return d;
  }

  private waveBoundary(c: number): void {
    const w = this.o.waves!;
    if (!this.wavesOpen && c >= w.from && c < w.to) {
      this.wavePath = this.rtl.wavesStart(w.file);
      this.wavesOpen = true;
    } else if (this.wavesOpen && c >= w.to) {
      this.rtl.wavesStop();
      this.wavesOpen = false;
    }
  }

  get rc(): RootComplex {
    return this.ls.rc;
  }

  private guard<T>(f: () => T): T | undefined {
    if (this.stop) return undefined;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof CosimStop)) throw e;
      const d = this.ls.scoreboard.summary().divergence;
      this.divergenceCycle = d?.cycle ?? null;
      this.stop = d ? [formatDivergence(d), '  last inputs (both sides):', ...this.ls.inputLog.map((l) => `    ${l}`)].join('\n') : e.message;
      return undefined;
    }
  }

  request(tlp: Tlp): Tlp | undefined {
    return this.guard(() => this.ls.request(tlp));
  }
  settle(): void {
    this.guard(() => this.ls.drain(256, 2_000_000));
  }
  pushFrame(frame: Uint8Array): void {
    this.guard(() => this.ls.pushFrame(frame));
  }
  takeTxFrames(): Uint8Array[] {
    const f = this.tx;
    this.tx = [];
    return f;
  }
  takeMsix(): number[] {
    return this.ls.takeMsix();
  }
  intxLevel(): boolean {
    return this.ls.intxLevel();
  }
  msixEntry(v: number): { address: bigint; data: number } {
    return entryOf((o) => this.ls.model.fn.msix.readTable(o), v);
  }
  msixVectors(): number {
    return this.ls.model.fn.params.msixVectors;
  }
  cycles(): number {
    return this.ls.now;
  }
  /** Ends the comparison: anything still unmatched is a divergence. */
  finish(): void {
    this.guard(() => {
      this.ls.drain(256, 2_000_000);
      this.ls.scoreboard.finish();
      if (this.ls.scoreboard.stopped) throw new CosimStop('divergence', this.ls.now);
    });
  }
  divergence(): string | null {
    return this.stop;
  }
  compared(): number {
    const c = this.ls.scoreboard.summary().compared;
    return Object.values(c).reduce((a, b) => a + b, 0);
  }
  close(): void {
    if (this.wavesOpen) this.rtl.wavesStop();
    this.wavesOpen = false;
    this.rtl.close();
  }
}
