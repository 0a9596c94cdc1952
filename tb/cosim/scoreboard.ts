// Compares what the golden model predicted with what the RTL did, transaction by transaction.
//
// Events are matched in order within an ordering domain (by default one per output channel;
// the runner passes a finer one, e.g. per virtqueue, with MSI-X messages in the domain of the
// queue they announce, so an MSI-X overtaking its used-descriptor write is a divergence).
// Across domains any interleaving is accepted. Tags of the device's read requests are
// normalised: the RTL and the model may pick different tags, and the scoreboard keeps the map
// so the runner can hand the model the completion the host returned to the RTL.

import { describeTlp, diffTlp } from '../../model/tlp/describe.js';
import type { Tlp } from '../../model/tlp/types.js';
import type { OutputChannel, OutputEvent, Side } from './events.js';
import type { SpecKind } from './spec-check.js';

export interface ScoreboardOptions {
  /** Ordering domain of an event. Default: its channel. */
  domainOf?: (ev: OutputEvent, side: Side) => string;
  /** Largest accepted |rtl cycle - model cycle| for a matched pair. */
  timingTolerance: number;
  /** Stop at the first pair outside the tolerance (otherwise they are counted and reported). */
  stopOnTiming?: boolean;
  /** How many recent matched pairs a divergence report carries. */
  contextDepth?: number;
  /** Cycles an event may wait for its counterpart after the other side has passed its cycle. */
  matchWindow?: number;
}

export type DivergenceKind = 'mismatch' | 'missing-in-rtl' | 'unexpected-in-rtl' | 'timing' | SpecKind;

export interface MatchedPair {
  domain: string;
  model: OutputEvent;
  rtl: OutputEvent;
}

export interface Divergence {
  kind: DivergenceKind;
  /** RTL cycle where known, else the model's. */
  cycle: number;
  domain: string;
  channel: OutputChannel;
  model?: OutputEvent;
  rtl?: OutputEvent;
  /** Field-by-field differences, by spec name. */
  fields: string[];
  context: MatchedPair[];
  /** compare 'spec': the rule broken, with its spec section. */
  rule?: string;
}

export interface ScoreboardSummary {
  compared: Record<OutputChannel, number>;
  /** Histogram of rtl cycle - model cycle over matched pairs: key = signed difference. */
  timingHistogram: Map<number, number>;
  timingMaxAbs: number;
  timingMean: number;
  timingViolations: number;
  divergence: Divergence | null;
  pendingModel: number;
  pendingRtl: number;
}

const CHANNELS: OutputChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];

/** FIFO with O(1) shift (head index) for the per-domain queues. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(v: T): void {
    this.items.push(v);
  }
  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
}

interface DomainQueues {
  model: Fifo<OutputEvent>;
  rtl: Fifo<OutputEvent>;
}

/** Bytes of an MWr payload that its First/Last DW BE enable; the others carry no meaning. */
function enabledPayload(t: Tlp): Uint8Array {
  if (t.kind !== 'MWr' || t.data.length === 0) return t.data;
  const out = t.data.slice();
  const last = t.length - 1;
  for (let b = 0; b < 4; b++) {
    if (!(t.firstBe & (1 << b))) out[b] = 0;
    if (last > 0 && !(t.lastBe & (1 << b))) out[last * 4 + b] = 0;
  }
  return out;
}

/** Differences between two events of the same channel; empty when they agree. */
export function compareEvents(model: OutputEvent, rtl: OutputEvent): string[] {
  if (model.channel !== rtl.channel) return [`channel: ${model.channel} != ${rtl.channel}`];
  switch (model.channel) {
    case 'tx_cpl':
      return diffTlp(model.tlp!, rtl.tlp!);
    case 'tx_rd_req':
    case 'tx_wr_req': {
      // Tags are normalised: the RTL and the model allocate them independently.
      const m = { ...model.tlp!, tag: 0, data: enabledPayload(model.tlp!) };
      const r = { ...rtl.tlp!, tag: 0, data: enabledPayload(rtl.tlp!) };
      return diffTlp(m, r);
    }
    case 'm_axis_tx':
      return diffFrames(model.frame!, rtl.frame!);
    case 'intx':
      return model.level === rtl.level ? [] : [`INTx level: ${model.level ? 1 : 0} != ${rtl.level ? 1 : 0}`];
  }
}

function diffFrames(a: Uint8Array, b: Uint8Array): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`frame length: ${a.length} != ${b.length}`);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      out.push(`frame byte ${i}: 0x${a[i].toString(16).padStart(2, '0')} != 0x${b[i].toString(16).padStart(2, '0')}`);
      break;
    }
  }
  return out;
}

export class Scoreboard {
  private readonly opts: Required<Omit<ScoreboardOptions, 'domainOf'>> & Pick<ScoreboardOptions, 'domainOf'>;
  private readonly domains = new Map<string, DomainQueues>();
  private readonly context: MatchedPair[] = [];
  private readonly compared: Record<OutputChannel, number> = { tx_cpl: 0, tx_rd_req: 0, tx_wr_req: 0, m_axis_tx: 0, intx: 0 };
  private readonly histogram = new Map<number, number>();
  private timingSum = 0;
  private timingCount = 0;
  private timingMaxAbs = 0;
  private timingViolations = 0;
  private divergence: Divergence | null = null;
  /** RTL read tag -> model read tag, for requests matched and not yet fully completed. */
  private readonly tagMap = new Map<number, number>();

  constructor(opts: ScoreboardOptions) {
    this.opts = { contextDepth: 16, matchWindow: 4096, stopOnTiming: false, ...opts };
  }

  get stopped(): boolean {
    return this.divergence !== null;
  }

  get firstDivergence(): Divergence | null {
    return this.divergence;
  }

  /** The model's tag for the read the RTL issued with `rtlTag`, once both have been matched. */
  modelTagFor(rtlTag: number): number | undefined {
    return this.tagMap.get(rtlTag);
  }

  /** Forget a tag mapping once its last completion has been delivered. */
  releaseTag(rtlTag: number): void {
    this.tagMap.delete(rtlTag);
  }

  push(side: Side, ev: OutputEvent): void {
    if (this.divergence) return;
    const domain = this.opts.domainOf ? this.opts.domainOf(ev, side) : ev.channel;
    let q = this.domains.get(domain);
    if (!q) {
      q = { model: new Fifo(), rtl: new Fifo() };
      this.domains.set(domain, q);
    }
    const other = side === 'model' ? q.rtl : q.model;
    const counterpart = other.shift();
    if (!counterpart) {
      (side === 'model' ? q.model : q.rtl).push(ev);
      return;
    }
    const model = side === 'model' ? ev : counterpart;
    const rtl = side === 'rtl' ? ev : counterpart;
    this.match(domain, model, rtl);
  }

  private match(domain: string, model: OutputEvent, rtl: OutputEvent): void {
    const fields = compareEvents(model, rtl);
    if (fields.length > 0) {
      this.diverge({ kind: 'mismatch', cycle: rtl.cycle, domain, channel: rtl.channel, model, rtl, fields });
      return;
    }
    this.compared[rtl.channel]++;
    if (rtl.channel === 'tx_rd_req') this.tagMap.set(rtl.tlp!.tag, model.tlp!.tag);
    const err = rtl.cycle - model.cycle;
    this.histogram.set(err, (this.histogram.get(err) ?? 0) + 1);
    this.timingSum += err;
    this.timingCount++;
    const abs = Math.abs(err);
    if (abs > this.timingMaxAbs) this.timingMaxAbs = abs;
    if (abs > this.opts.timingTolerance) {
      this.timingViolations++;
      if (this.opts.stopOnTiming) {
        this.diverge({
          kind: 'timing', cycle: rtl.cycle, domain, channel: rtl.channel, model, rtl,
          fields: [`cycle: model ${model.cycle}, rtl ${rtl.cycle} (difference ${err}, tolerance ${this.opts.timingTolerance})`],
        });
        return;
      }
    }
    this.context.push({ domain, model, rtl });
    if (this.context.length > this.opts.contextDepth) this.context.shift();
  }

  /**
   * Both sides have run up to the given cycles: anything still waiting for a counterpart long
   * after the other side passed its cycle is missing on that side.
   */
  checkDeadlines(modelCycle: number, rtlCycle: number): void {
    if (this.divergence) return;
    for (const [domain, q] of this.domains) {
      const m = q.model.peek();
      if (m && rtlCycle > m.cycle + this.opts.matchWindow) {
        this.diverge({ kind: 'missing-in-rtl', cycle: m.cycle, domain, channel: m.channel, model: m,
          fields: [`the model emitted ${describeEvent(m)} at cycle ${m.cycle}; the RTL emitted nothing matching by cycle ${rtlCycle}`] });
        return;
      }
      const r = q.rtl.peek();
      if (r && modelCycle > r.cycle + this.opts.matchWindow) {
        this.diverge({ kind: 'unexpected-in-rtl', cycle: r.cycle, domain, channel: r.channel, rtl: r,
          fields: [`the RTL emitted ${describeEvent(r)} at cycle ${r.cycle}; the model predicts nothing matching by cycle ${modelCycle}`] });
        return;
      }
    }
  }

  /**
   * First boundary B at which checkDeadlines(B - 1, B) would report a missing counterpart, or
   * Infinity (lets the lockstep engine skip idle cycles without missing the exact boundary).
   */
  nextDeadline(): number {
    if (this.divergence) return Number.POSITIVE_INFINITY;
    const w = this.opts.matchWindow;
    let t = Number.POSITIVE_INFINITY;
    for (const q of this.domains.values()) {
      const m = q.model.peek();
      if (m && m.cycle + w + 1 < t) t = m.cycle + w + 1;
      const r = q.rtl.peek();
      if (r && r.cycle + w + 2 < t) t = r.cycle + w + 2;
    }
    return t;
  }

  /** End of run: whatever is still unmatched is a divergence. */
  finish(): void {
    this.checkDeadlines(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  private diverge(d: Omit<Divergence, 'context'>): void {
    this.divergence = { ...d, context: this.context.slice() };
  }

  summary(): ScoreboardSummary {
    let pendingModel = 0;
    let pendingRtl = 0;
    for (const q of this.domains.values()) {
      pendingModel += q.model.size;
      pendingRtl += q.rtl.size;
    }
    return {
      compared: { ...this.compared },
      timingHistogram: new Map(this.histogram),
      timingMaxAbs: this.timingMaxAbs,
      timingMean: this.timingCount ? this.timingSum / this.timingCount : 0,
      timingViolations: this.timingViolations,
      divergence: this.divergence,
      pendingModel,
      pendingRtl,
    };
  }
}

export function describeEvent(ev: OutputEvent): string {
  if (ev.tlp) return `${ev.channel} ${describeTlp(ev.tlp)}`;
  if (ev.frame) return `${ev.channel} frame of ${ev.frame.length} bytes`;
  return `${ev.channel} level=${ev.level ? 1 : 0}`;
}

/** The divergence report printed when a run stops. */
export function formatDivergence(d: Divergence): string {
  const lines: string[] = [];
  lines.push(`DIVERGENCE (${d.kind}) at cycle ${d.cycle} on ${d.channel}, ordering domain "${d.domain}"`);
  if (d.model) lines.push(`  model @${d.model.cycle}: ${describeEvent(d.model)}`);
  if (d.rtl) lines.push(`  rtl   @${d.rtl.cycle}: ${describeEvent(d.rtl)}`);
  lines.push('  differences (model != rtl):');
  for (const f of d.fields) lines.push(`    ${f}`);
  if (d.context.length > 0) {
    lines.push(`  last ${d.context.length} matched transactions:`);
    for (const p of d.context) lines.push(`    @${p.rtl.cycle} (model @${p.model.cycle}) [${p.domain}] ${describeEvent(p.rtl)}`);
  }
  return lines.join('\n');
}

export { CHANNELS };
