// Compares what the golden model predicted with what the RTL did, transaction by transaction.
//
// Events are matched in order within an ordering domain (by default one per output channel;
// the runner passes a finer one, e.g. per virtqueue, with MSI-X messages in the domain of the
// queue they announce, so an MSI-X overtaking its used-descriptor write is a divergence).
// Across domains any interleaving is accepted. Tags of the device's read requests are
// normalised: the RTL and the model may pick different tags, and the scoreboard keeps the map
// so the runner can hand the model the completion the host returned to the RTL.
//
// Timing (the exact level): a matched pair whose first beats differ by more than the timing
// profile's tolerance (rtl - model outside -before..+after) is a `timing` divergence, and so is
// a model event the RTL has not begun by its first beat + `after` (a late RTL is caught at the
// cycle it became late, not thousands of cycles later; `rtlStart` tells a transaction of several
// beats under way from one not begun), or an RTL event the model has not predicted by its last
// beat + `before`. Such an unpaired timing divergence is held for a short grace (before + after
// + 1 cycles): if in that time the same ordering domain pairs the event after all, or shows a
// content mismatch, that pair is the report (both cycles, or the differing fields) instead.
// With `timing: 'warn'` such pairs are counted and listed instead, and only the wide
// `matchWindow` declares an event missing.
// A beat that breaks the port contract (reported by the bridge) is a `contract` divergence.

import { describeTlp, diffTlp, sameHeader } from '../../model/tlp/describe.js';
import type { Tlp } from '../../model/tlp/types.js';
import type { OutputChannel, OutputEvent, Side } from './events.js';
import type { SpecKind } from './spec-check.js';

/** Accepted rtl cycle - model cycle of a matched pair: -before .. +after (model/timing profile). */
export interface TimingTolerance {
  before: number;
  after: number;
}

export interface ScoreboardOptions {
  /** Ordering domain of an event. Default: its channel. */
  domainOf?: (ev: OutputEvent, side: Side) => string;
  /** Accepted rtl - model cycle difference; a number n means -n..+n. */
  timingTolerance: number | TimingTolerance;
  /** 'fail' (default): a pair outside the tolerance is a divergence; 'warn': counted and listed. */
  timing?: 'fail' | 'warn';
  /** How many recent matched pairs a divergence report carries. */
  contextDepth?: number;
  /** Cycles an event may wait for its counterpart after the other side has passed its cycle. */
  matchWindow?: number;
  /** How many pairs outside the tolerance the summary lists (timing 'warn'). */
  timingListDepth?: number;
  /**
   * A pair of completions differing only in payload: true when the difference is one the
   * specifications leave open (the spec level's races, tb/cosim/spec-check.ts raceCompletion);
   * the pair then counts as matched.
   */
  legalPayloadRace?: (model: Tlp, rtl: Tlp) => boolean;
}

/** `ring-rule`: the ring-legality monitor (tb/monitor) found a rule broken; fields name the rule. `contract`: a beat broke the port contract. */
export type DivergenceKind = 'mismatch' | 'missing-in-rtl' | 'unexpected-in-rtl' | 'timing' | 'contract' | 'ring-rule' | SpecKind;

/** A beat on a DUT output channel that breaks the port contract (docs/dut-interface.md "Rules"). */
export interface ContractViolation {
  channel: OutputChannel;
  /** Cycle of the offending beat. */
  cycle: number;
  /** Rule name, e.g. `beat-not-full`, `beat-outside-packet` (rtl-bridge/PROTOCOL.md). */
  rule: string;
  detail: string;
}

/** One matched pair outside the tolerance (listed in the summary when timing is 'warn'). */
export interface TimingViolation {
  domain: string;
  channel: OutputChannel;
  modelCycle: number;
  rtlCycle: number;
  /** rtl - model. */
  difference: number;
  transaction: string;
}

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
  /** The accepted window and what happens outside it. */
  timingTolerance: TimingTolerance;
  timing: 'fail' | 'warn';
  /** The first pairs outside the tolerance (at most timingListDepth). */
  timingList: TimingViolation[];
  divergence: Divergence | null;
  pendingModel: number;
  pendingRtl: number;
}

/** A scoreboard option out of range (names the option and the value). */
export class ScoreboardConfigError extends Error {
  constructor(field: string, value: unknown, why: string) {
    super(`scoreboard: ${field} = ${JSON.stringify(value)} ${why}`);
    this.name = 'ScoreboardConfigError';
  }
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
  domain: string;
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

/**
 * The common case of compareEvents for memory requests, without allocating: every field
 * diffTlp compares for MRd/MWr (Tag aside) and the payload bytes the First/Last DW BE enable
 * are equal. False sends the pair through the full comparison, which names the differences.
 */
function sameRequestButTag(a: Tlp, b: Tlp): boolean {
  if (a.kind !== b.kind || (a.kind !== 'MRd' && a.kind !== 'MWr')) return false;
  if (a.tc !== b.tc || a.attr !== b.attr || a.td !== b.td || a.ep !== b.ep || a.length !== b.length || a.requesterId !== b.requesterId
    || a.firstBe !== b.firstBe || a.lastBe !== b.lastBe || a.addr64 !== b.addr64 || a.address !== b.address) return false;
  const x = a.data;
  const y = b.data;
  if (x.length !== y.length) return false;
  const lastDw = (a.length - 1) * 4;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    // A byte no byte enable covers carries no meaning (enabledPayload).
    const masked = a.kind === 'MWr' && ((i < 4 && !(a.firstBe & (1 << i))) || (lastDw > 0 && i >= lastDw && i < lastDw + 4 && !(a.lastBe & (1 << (i - lastDw)))));
    if (!masked) return false;
  }
  return true;
}

function frameUser(ev: OutputEvent): number {
  return ev.tuser ? 1 : 0;
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
      if (sameRequestButTag(model.tlp!, rtl.tlp!)) return [];
      const m = { ...model.tlp!, tag: 0, data: enabledPayload(model.tlp!) };
      const r = { ...rtl.tlp!, tag: 0, data: enabledPayload(rtl.tlp!) };
      return diffTlp(m, r);
    }
    case 'm_axis_tx': {
      const out = diffFrames(model.frame!, rtl.frame!);
      // tuser on the last beat marks a bad frame (docs/dut-interface.md, Ethernet ports).
      if (frameUser(model) !== frameUser(rtl)) out.push(`tuser: ${frameUser(model)} != ${frameUser(rtl)}`);
      return out;
    }
    case 'intx':
      return model.level === rtl.level ? [] : [`INTx level: ${model.level ? 1 : 0} != ${rtl.level ? 1 : 0}`];
  }
}

/** Equal payloads apart from bits set in `mask` (OutputEvent.raceBits). */
export function differsOnlyIn(a: Uint8Array, b: Uint8Array, mask: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] ^ b[i]) & ~(mask[i] ?? 0) & 0xff) return false;
  return true;
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
  private readonly opts: Required<Omit<ScoreboardOptions, 'domainOf' | 'timingTolerance' | 'legalPayloadRace'>> & Pick<ScoreboardOptions, 'domainOf' | 'legalPayloadRace'>;
  /** First beat of the RTL's transaction under way per channel (rtlStart), until it arrives. */
  private readonly rtlOpen = new Map<OutputChannel, number>();
  private readonly tol: TimingTolerance;
  private readonly timingList: TimingViolation[] = [];
  private readonly domains = new Map<string, DomainQueues>();
  /** The same queues in the order their domains appeared (walked per boundary: no Map iterator). */
  private readonly queues: DomainQueues[] = [];
  private readonly context: MatchedPair[] = [];
  private readonly compared: Record<OutputChannel, number> = { tx_cpl: 0, tx_rd_req: 0, tx_wr_req: 0, m_axis_tx: 0, intx: 0 };
  private readonly histogram = new Map<number, number>();
  private timingSum = 0;
  private timingCount = 0;
  private timingMaxAbs = 0;
  private timingViolations = 0;
  private divergence: Divergence | null = null;
  /** An unpaired timing divergence waiting out its grace (see the header). */
  private provisional: { d: Omit<Divergence, 'context'>; context: MatchedPair[]; until: number } | null = null;
  /** RTL read tag -> model read tag, for requests matched and not yet fully completed. */
  private readonly tagMap = new Map<number, number>();

  /** RTL frames ended with tuser where the model sent none (aborted, not compared). */
  abortedFrames = 0;

  constructor(opts: ScoreboardOptions) {
    const { timingTolerance, ...rest } = opts;
    this.tol = typeof timingTolerance === 'number' ? { before: timingTolerance, after: timingTolerance } : { ...timingTolerance };
    for (const [k, v] of Object.entries(this.tol)) {
      if (!Number.isInteger(v) || v < 0) throw new ScoreboardConfigError(`timingTolerance.${k}`, v, 'must be an integer >= 0');
    }
    this.opts = { contextDepth: 16, matchWindow: 4096, timing: 'fail', timingListDepth: 8, ...rest };
  }

  private get strict(): boolean {
    return this.opts.timing === 'fail';
  }

  /**
   * Boundary from which an unmatched model event is late: the RTL has begun nothing on its channel
   * by its first beat + after (timing 'fail'), or + the match window (timing 'warn'). Infinity
   * while an RTL transaction that began in time is still under way (it arrives at its last beat;
   * the pair is judged then): at either setting, a frame the RTL streams slowly as its data comes
   * in (queue-limits seed 2 with --timing warn) is not missing.
   */
  private lateAt(m: OutputEvent): number {
    const due = m.cycle + (this.strict ? this.tol.after : this.opts.matchWindow);
    const open = this.rtlOpen.get(m.channel);
    return open !== undefined && open <= due ? Number.POSITIVE_INFINITY : due + 1;
  }

  /** Model cycle from which an unmatched RTL event is unexpected: its last beat + before. */
  private earlyAt(r: OutputEvent): number {
    if (!this.strict) return r.cycle + this.opts.matchWindow + 1;
    return Math.max(r.cycle, r.lastBeat ?? r.cycle) + this.tol.before + 1;
  }

  /** The RTL began a transaction of several beats on `channel` at `cycle` (bridge start record). */
  rtlStart(channel: OutputChannel, cycle: number): void {
    this.rtlOpen.set(channel, cycle);
  }

  private tolText(): string {
    return `tolerance -${this.tol.before}..+${this.tol.after}`;
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
    if (side === 'rtl') {
      const open = this.rtlOpen.get(ev.channel);
      if (open !== undefined && open <= ev.cycle) this.rtlOpen.delete(ev.channel);
    }
    const domain = this.opts.domainOf ? this.opts.domainOf(ev, side) : ev.channel;
    let q = this.domains.get(domain);
    if (!q) {
      q = { domain, model: new Fifo(), rtl: new Fifo() };
      this.domains.set(domain, q);
      this.queues.push(q);
    }
    // A frame the RTL ended with tuser (aborted: a MAC discards it) where the model has no frame
    // pending is not a transmitted frame (docs/dut-interface.md "Illegal rings and faults"); one
    // where the model sends a good frame is compared, tuser included.
    if (side === 'rtl' && ev.channel === 'm_axis_tx' && ev.tuser && q.model.size === 0) {
      this.abortedFrames++;
      return;
    }
    // The model's frame whose queue was reset while it could still be streaming (mayAbort): the
    // DUT may end it aborted (virtio §2.6.1 leaves it open; docs/dut-interface.md "Queue reset"):
    // the aborted frame takes its place, uncompared (a MAC discards it), or it comes whole.
    if (side === 'rtl' && ev.channel === 'm_axis_tx' && ev.tuser && q.model.peek()?.mayAbort) {
      q.model.shift();
      this.abortedFrames++;
      return;
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
    const payloadOnly = fields.length > 0 && rtl.channel === 'tx_cpl' && sameHeader(model.tlp!, rtl.tlp!);
    // Bits the model marks as racing the device's own decision (OutputEvent.raceBits), then the spec level's races.
    const race = payloadOnly && ((model.raceBits !== undefined && differsOnlyIn(model.tlp!.data, rtl.tlp!.data, model.raceBits))
      || (this.opts.legalPayloadRace !== undefined && this.opts.legalPayloadRace(model.tlp!, rtl.tlp!)));
    if (fields.length > 0 && !race) {
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
    if (err < -this.tol.before || err > this.tol.after) {
      this.timingViolations++;
      if (this.opts.timing === 'fail') {
        this.diverge({
          kind: 'timing', cycle: rtl.cycle, domain, channel: rtl.channel, model, rtl,
          fields: [`first beat: model cycle ${model.cycle}, rtl cycle ${rtl.cycle} (rtl - model = ${err}, ${this.tolText()})`],
        });
        return;
      }
      if (this.timingList.length < this.opts.timingListDepth) {
        this.timingList.push({ domain, channel: rtl.channel, modelCycle: model.cycle, rtlCycle: rtl.cycle, difference: err, transaction: describeEvent(rtl) });
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
    const endRtl = rtlCycle === Number.POSITIVE_INFINITY;
    const endModel = modelCycle === Number.POSITIVE_INFINITY;
    if (this.provisional) {
      // Grace over with nothing better in its domain: the timing divergence stands.
      if (Math.min(modelCycle, rtlCycle) >= this.provisional.until) this.confirm();
      return;
    }
    for (let i = 0; i < this.queues.length; i++) {
      const q = this.queues[i];
      const domain = q.domain;
      const m = q.model.peek();
      if (m && (endRtl || rtlCycle >= this.lateAt(m))) {
        // Timing 'fail': the RTL is late by more than the tolerance, or never does it; either
        // way the run diverges at the first cycle a matching transaction would be late.
        const timing = !endRtl && this.strict;
        const by = endRtl ? 'the end of the run' : `cycle ${rtlCycle - 1}`;
        const d: Omit<Divergence, 'context'> = { kind: timing ? 'timing' : 'missing-in-rtl', cycle: timing ? m.cycle + this.tol.after + 1 : m.cycle, domain, channel: m.channel, model: m,
          fields: [`the model emitted ${describeEvent(m)} at cycle ${m.cycle}; the RTL had begun nothing matching by ${by}${timing ? ` (${this.tolText()})` : ''}`] };
        if (timing) this.hold(d, rtlCycle);
        else this.diverge(d);
        return;
      }
      const r = q.rtl.peek();
      if (r && (endModel || modelCycle >= this.earlyAt(r))) {
        const timing = !endModel && this.strict;
        const by = endModel ? 'the end of the run' : `cycle ${modelCycle}`;
        const d: Omit<Divergence, 'context'> = { kind: timing ? 'timing' : 'unexpected-in-rtl', cycle: r.cycle, domain, channel: r.channel, rtl: r,
          fields: [`the RTL emitted ${describeEvent(r)} at cycle ${r.cycle}; the model predicts nothing matching by ${by}${timing ? ` (${this.tolText()})` : ''}`] };
        if (timing) this.hold(d, modelCycle);
        else this.diverge(d);
        return;
      }
    }
  }

  private hold(d: Omit<Divergence, 'context'>, now: number): void {
    this.provisional = { d, context: this.context.slice(), until: now + this.tol.before + this.tol.after + 1 };
  }

  private confirm(): void {
    const p = this.provisional!;
    this.provisional = null;
    this.divergence = { ...p.d, context: p.context };
  }

  /** A beat that breaks the port contract: the run's headline divergence (kind `contract`). */
  contract(v: ContractViolation): void {
    if (this.divergence) return;
    this.provisional = null; // the malformed beat is the headline
    this.diverge({ kind: 'contract', cycle: v.cycle, domain: v.channel, channel: v.channel,
      fields: [`${v.rule}: ${v.detail} (docs/dut-interface.md, "Rules (all channels)")`] });
  }

  /**
   * First boundary B at which checkDeadlines(B - 1, B) would report a missing counterpart, or
   * Infinity (lets the lockstep engine skip idle cycles without missing the exact boundary).
   */
  nextDeadline(): number {
    if (this.divergence) return Number.POSITIVE_INFINITY;
    if (this.provisional) return this.provisional.until + 1;
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.queues.length; i++) {
      const q = this.queues[i];
      const m = q.model.peek();
      if (m) {
        const b = this.lateAt(m);
        if (b < t) t = b;
      }
      const r = q.rtl.peek();
      if (r) {
        const b = this.earlyAt(r) + 1;
        if (b < t) t = b;
      }
    }
    return t;
  }

  /** End of run: whatever is still unmatched is a divergence. */
  finish(): void {
    if (this.provisional) this.confirm();
    this.checkDeadlines(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /**
   * Records the run's divergence. While an unpaired timing divergence waits out its grace, one in
   * its own domain (the pair after all: timing with both cycles, or a content mismatch) replaces
   * it; one elsewhere came later, so the held one stands.
   */
  private diverge(d: Omit<Divergence, 'context'>): void {
    if (this.provisional) {
      if (d.domain !== this.provisional.d.domain) {
        this.confirm();
        return;
      }
      this.provisional = null;
    }
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
      timingTolerance: { ...this.tol },
      timing: this.opts.timing,
      timingList: this.timingList.slice(),
      divergence: this.divergence,
      pendingModel,
      pendingRtl,
    };
  }
}

export function describeEvent(ev: OutputEvent): string {
  if (ev.tlp) return `${ev.channel} ${describeTlp(ev.tlp)}`;
  if (ev.frame) return `${ev.channel} frame of ${ev.frame.length} bytes${ev.tuser ? ' (tuser 1: bad frame)' : ''}`;
  return `${ev.channel} level=${ev.level ? 1 : 0}`;
}

/** The divergence report printed when a run stops. */
export function formatDivergence(d: Divergence): string {
  const lines: string[] = [];
  lines.push(`DIVERGENCE (${d.kind}) at cycle ${d.cycle} on ${d.channel}, ordering domain "${d.domain}"`);
  if (d.model) lines.push(`  model @${d.model.cycle}: ${describeEvent(d.model)}`);
  if (d.rtl) lines.push(`  rtl   @${d.rtl.cycle}: ${describeEvent(d.rtl)}`);
  lines.push(d.kind === 'contract' ? '  contract rule broken by the RTL:' : '  differences (model != rtl):');
  for (const f of d.fields) lines.push(`    ${f}`);
  if (d.context.length > 0) {
    lines.push(`  last ${d.context.length} matched transactions:`);
    for (const p of d.context) lines.push(`    @${p.rtl.cycle} (model @${p.model.cycle}) [${p.domain}] ${describeEvent(p.rtl)}`);
  }
  return lines.join('\n');
}

export { CHANNELS };
