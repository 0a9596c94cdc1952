// Answers the device's memory reads from host memory the way a root complex does: CplDs split
// at the Read Completion Boundary, after a latency, optionally interleaved across requests, with
// faults injected per request. Deterministic for a given seed and request sequence.
//
// Completion rules (PCIe r6.0 §2.3.1.1): every CplD but the last of a request ends on an
// RCB-aligned address; Byte Count = bytes remaining from the first enabled byte of this
// completion to the end of the request; Lower Address = low 7 bits of that byte's address.
// Completions of one request are returned in address order; completions of different requests
// (different Transaction IDs) may pass each other (§2.4.1), which `reorder` exercises.
//
// The Verilator server runs a C++ twin of this policy next to the simulator
// (rtl-bridge/server/replica.hpp, whose header states the draw order both follow;
// docs/host-replica.md); replica-agree.test.ts checks they agree completion for completion.

import { completion, NO_DATA } from '../../model/tlp/build.js';
import { TlpError } from '../../model/tlp/errors.js';
import { checkTlp } from '../../model/tlp/rules.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { Prng } from '../../model/util/prng.js';
import { ByteSlab } from '../../model/util/slab.js';
import { HostConfigError } from './errors.js';
import { hostAddress, type HostMemory } from './memory.js';

/** UR / CA: one Cpl with that status; poison: the first CplD has EP = 1; drop: no completion. */
export type CplFault = 'UR' | 'CA' | 'poison' | 'drop';
/**
 * A one-shot fault (injectFault): a CplFault, or `stray`: the usual answer with an Unexpected
 * Completion (PCIe r6.0 §2.3.2) before it, a CplD of STRAY_DW DW, and a Cpl UR after it, both with
 * Tag XOR 0x80 (no request of a device using fewer than 128 Tags has it).
 */
export type OneShotFault = CplFault | 'stray';
/** Payload DWs of the stray CplD: more than one beat at every TLP data width up to 512 bits. */
export const STRAY_DW = 16;
/** Where to split: at every RCB boundary, as late as MPS allows, or a seeded mix of both. */
export type SplitPolicy = 'rcb' | 'largest' | 'random';

export interface CompleterOptions {
  seed: number;
  /** Completer ID of the root port (default 0x0000). */
  completerId: number;
  /** Read Completion Boundary in bytes, 64 or 128 (Link Control.RCB, PCIe r6.0 §7.5.3.7). */
  rcb: 64 | 128;
  /** The device's Max_Payload_Size: no CplD carries more (PCIe r6.0 §2.2.2). */
  maxPayloadSize: number;
  /** Cycles from a request to its first completion, drawn uniformly per request. */
  latency: { min: number; max: number };
  /** Interleave completions of different requests (never within one Tag). */
  reorder: boolean;
  split: SplitPolicy;
  /** Payload bytes per bus beat: a completion of n bytes holds the bus for ceil(n/busBytes) cycles. */
  busBytes: number;
  /** Probability per request of each fault, drawn from the seeded generator. */
  faultRates: Partial<Record<CplFault, number>>;
}

export const DEFAULT_COMPLETER_OPTIONS: CompleterOptions = {
  seed: 1,
  completerId: 0x0000,
  rcb: 64,
  maxPayloadSize: 128,
  latency: { min: 20, max: 20 },
  reorder: false,
  split: 'random',
  busBytes: 8,
  faultRates: {},
};

export type HostEvent =
  /** `final`: the last completion of its request (the Tag is free again at the device). */
  | { type: 'completion'; cycle: number; tlp: Tlp; final: boolean; unexpected?: true }
  /** No completion will come for `request` (an injected drop, or a malformed request). */
  | { type: 'dropped'; cycle: number; request: Tlp; reason: string };

/** What a request is answered with; the HostEvent (with its cycle) is made when it is emitted. */
interface Answer {
  /** The completion TLP, or null for a drop notice. */
  tlp: Tlp | null;
  final: boolean;
  /** Why no completion comes (drop notices only). */
  reason: string;
  /** An Unexpected Completion the host sends on purpose (OneShotFault 'stray'): it answers no read. */
  unexpected?: true;
}

interface Pending {
  seq: number;
  request: Tlp;
  key: number; // Requester ID << 8 | Tag
  ready: number;
  answers: Answer[];
  next: number;
}

const FAULTS: readonly CplFault[] = ['UR', 'CA', 'poison', 'drop'];

/** Byte range [start, end) a read asks for, per the Byte Count rules of PCIe r6.0 §2.3.1.1. */
function ctz(v: number): number {
  return 31 - Math.clz32(v & -v);
}
function top(v: number): number {
  return 31 - Math.clz32(v);
}

/**
 * The bytes a memory read asks for: [page + start, page + end), `page` its 4 KiB-aligned base
 * (any 64-bit address), start/end offsets in that page (a request never crosses 4 KiB, §2.2.7).
 */
export function readRange(req: Tlp): { page: bigint; start: number; end: number } {
  const page = req.address & ~0xfffn;
  const a = Number(req.address & 0xfffn);
  if (req.length === 1) {
    // Zero-length read (First DW BE 0000b): Byte Count 1, Lower Address[1:0] 00 (§2.2.5).
    if (req.firstBe === 0) return { page, start: a, end: a + 1 };
    return { page, start: a + ctz(req.firstBe), end: a + top(req.firstBe) + 1 };
  }
  return { page, start: a + ctz(req.firstBe), end: a + (req.length - 1) * 4 + top(req.lastBe) + 1 };
}


export class HostCompleter {
  private opts: CompleterOptions;
  /** Draws made when a request arrives (latency, fault, split points). */
  private readonly prng: Prng;
  /** Draws made when choosing which request sends next; separate, so that results do not depend on how often poll() is called. */
  private readonly pickPrng: Prng;
  private readonly pending: Pending[] = [];
  /** CplD payloads (copied from memory when the MRd arrives) come from here: no off-heap store each. */
  private readonly slab = new ByteSlab();
  private readonly oneShot: Array<{ fault: OneShotFault; match: (req: Tlp) => boolean }> = [];
  private seq = 0;
  private busFreeAt = 0;
  private lastPoll = -1;
  /**
   * Sees every request as it is decided, with the one-shot fault it took (null: the usual draw) and
   * the Max_Payload_Size in force: the co-simulation hands these to the server's replica of this
   * completer for reads it held (docs/host-replica.md).
   */
  onRequest: ((req: Tlp, cycle: number, oneShot: OneShotFault | null, maxPayloadSize: number) => void) | null = null;
  /** Every fault applied, in request order. */
  readonly faultLog: Array<{ cycle: number; request: Tlp; fault: OneShotFault }> = [];

  constructor(
    private readonly memory: HostMemory,
    options: Partial<CompleterOptions> = {},
  ) {
    this.opts = { ...DEFAULT_COMPLETER_OPTIONS };
    this.configure(options);
    const root = new Prng(this.opts.seed);
    this.prng = root.fork();
    this.pickPrng = root.fork();
  }

  get options(): Readonly<CompleterOptions> {
    return this.opts;
  }

  /** Change options; takes effect for requests received afterwards (seed is fixed at construction). */
  configure(o: Partial<CompleterOptions>): void {
    const n = { ...this.opts, ...o };
    if (n.rcb !== 64 && n.rcb !== 128) throw new HostConfigError('rcb', n.rcb, 'is not 64 or 128');
    if (![128, 256, 512, 1024, 2048, 4096].includes(n.maxPayloadSize)) {
      throw new HostConfigError('maxPayloadSize', n.maxPayloadSize, 'is not 128..4096, a power of two');
    }
    if (!Number.isInteger(n.latency.min) || n.latency.min < 1 || !Number.isInteger(n.latency.max) || n.latency.max < n.latency.min) {
      throw new HostConfigError('latency', `${n.latency.min}..${n.latency.max}`, 'needs integers 1 <= min <= max');
    }
    if (!Number.isInteger(n.busBytes) || n.busBytes < 4) throw new HostConfigError('busBytes', n.busBytes, 'is not an integer >= 4');
    for (const f of FAULTS) {
      const p = n.faultRates[f] ?? 0;
      if (!(p >= 0 && p <= 1)) throw new HostConfigError(`faultRates.${f}`, p, 'is not a probability');
    }
    this.opts = n;
  }

  /** Apply `fault` to the next request that `match`es (default: the next request). One-shot. */
  injectFault(fault: OneShotFault, match: (req: Tlp) => boolean = () => true): void {
    this.oneShot.push({ fault, match });
  }

  /** One-shot faults (injectFault) not yet applied. */
  get oneShotPending(): number {
    return this.oneShot.length;
  }

  /** Requests still owing at least one event. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Accept a MRd the device sent at `cycle`. Requests must come in cycle order; one may arrive
   * before the last poll only if its earliest answer (cycle + latency.min) still lies after it,
   * so polling up to a lookahead horizon loses nothing (the co-sim runner polls a chunk ahead).
   */
  request(req: Tlp, cycle: number): void {
    if (req.kind !== 'MRd') throw new HostConfigError('req.kind', req.kind, 'is not MRd (only reads are completed)');
    if (cycle + this.opts.latency.min <= this.lastPoll) throw new HostConfigError('cycle', cycle, `is before the last poll (${this.lastPoll}) by more than latency.min`);
    const { min, max } = this.opts.latency;
    const ready = cycle + (min === max ? min : this.prng.int(min, max));
    const shots = this.oneShot.length;
    const fault = this.pickFault(req);
    if (fault) this.faultLog.push({ cycle, request: req, fault });
    this.onRequest?.(req, cycle, this.oneShot.length < shots ? fault : null, this.opts.maxPayloadSize);
    const answers = this.completionsFor(req, fault);
    this.pending.push({ seq: this.seq++, request: req, key: (req.requesterId << 8) | req.tag, ready, answers, next: 0 });
  }

  private pickFault(req: Tlp): OneShotFault | null {
    const i = this.oneShot.findIndex((f) => f.match(req));
    if (i >= 0) return this.oneShot.splice(i, 1)[0].fault;
    const rates = this.opts.faultRates;
    if (FAULTS.every((f) => !rates[f])) return null; // no draw: fault-free runs keep their stream
    let x = this.prng.float();
    for (const f of FAULTS) {
      x -= rates[f] ?? 0;
      if (x < 0) return f;
    }
    return null;
  }

  /** What answers `req`, in order (cycles are given when emitted). */
  private completionsFor(req: Tlp, fault: OneShotFault | null): Answer[] {
    if (fault === 'stray') {
      // Same bytes as the server's host replica (replica.hpp answers, F_STRAY).
      const tag = req.tag ^ 0x80;
      const data = Uint8Array.from({ length: 4 * STRAY_DW }, (_, i) => (0x5a + i) & 0xff);
      const before = completion(this.opts.completerId, req.requesterId, tag, CplStatus.SC, 4 * STRAY_DW, 0, req.tc, req.attr, false, data);
      const after = completion(this.opts.completerId, req.requesterId, tag, CplStatus.UR, 4, 0, req.tc, req.attr, false, NO_DATA);
      const inner = this.completionsFor(req, null);
      if (inner.length === 1 && inner[0]!.tlp === null) return inner; // malformed: dropped, no strays either
      return [{ tlp: before, final: false, reason: '', unexpected: true }, ...inner, { tlp: after, final: false, reason: '', unexpected: true }];
    }
    try {
      checkTlp(req);
    } catch (e) {
      if (!(e instanceof TlpError)) throw e;
      // A Malformed TLP is discarded by its receiver (PCIe r6.0 §2.3): no completion.
      return [{ tlp: null, final: true, reason: `malformed: ${e.message}` }];
    }
    if (fault === 'drop') return [{ tlp: null, final: true, reason: 'injected drop' }];
    const { page, start, end } = readRange(req);
    const completerId = this.opts.completerId;
    if (fault === 'UR' || fault === 'CA') {
      const status = fault === 'UR' ? CplStatus.UR : CplStatus.CA;
      const t = completion(completerId, req.requesterId, req.tag, status, end - start, start & 0x7f, req.tc, req.attr, false, NO_DATA);
      return [{ tlp: t, final: true, reason: '' }];
    }
    const out: Answer[] = [];
    for (let cur = start; cur < end; ) {
      const dwStart = cur - (cur % 4);
      const partEnd = this.splitPoint(cur, dwStart, end);
      const lengthDw = Math.ceil((partEnd - dwStart) / 4);
      const data = this.memory.read(hostAddress(page + BigInt(dwStart)), lengthDw * 4, this.slab.alloc(lengthDw * 4));
      // Completions carry the request's TC and Attr (§2.2.9); a poisoned answer has EP on its first CplD.
      const t = completion(completerId, req.requesterId, req.tag, CplStatus.SC, end - cur, cur & 0x7f, req.tc, req.attr,
        fault === 'poison' && out.length === 0, data);
      out.push({ tlp: t, final: partEnd === end, reason: '' });
      cur = partEnd;
    }
    return out;
  }

  /** End of the completion starting at byte `cur`: an RCB boundary, or the end of the request. */
  private splitPoint(cur: number, dwStart: number, end: number): number {
    const { rcb, maxPayloadSize, split } = this.opts;
    const limit = dwStart + maxPayloadSize; // payload <= MPS
    const endFits = end <= limit;
    const first = (Math.floor(cur / rcb) + 1) * rcb;
    if (first >= end) return end; // the rest lies within one RCB block
    const lastBoundary = Math.min(Math.floor(limit / rcb) * rcb, Math.ceil(end / rcb) * rcb - rcb);
    if (split === 'rcb') return first;
    if (split === 'largest') return endFits ? end : lastBoundary;
    const choices = (lastBoundary - first) / rcb + 1 + (endFits ? 1 : 0);
    const k = this.prng.int(0, choices - 1);
    return first + k * rcb > lastBoundary ? end : first + k * rcb;
  }

  /** Cycle of the next event if no new request arrives, or null when nothing is pending. */
  nextEventCycle(): number | null {
    if (this.pending.length === 0) return null;
    const t = this.opts.reorder ? Math.min(...this.pending.map((p) => p.ready)) : this.pending[0].ready;
    return Math.max(t, this.busFreeAt);
  }

  /** Emit every event due at or before `cycle`, in the order the device receives them. */
  poll(cycle: number): HostEvent[] {
    if (cycle < this.lastPoll) throw new HostConfigError('cycle', cycle, `is before the last poll (${this.lastPoll})`);
    this.lastPoll = cycle;
    const out: HostEvent[] = [];
    let budget = 0; // loop bound: every answer still owed
    for (let i = 0; i < this.pending.length; i++) budget += this.pending[i].answers.length - this.pending[i].next;
    while (this.pending.length > 0 && budget-- > 0) {
      const pick = this.choose(cycle);
      if (!pick) break;
      const p = pick.p;
      const a = p.answers[p.next++];
      if (a.tlp !== null) {
        this.busFreeAt = pick.at + Math.max(1, Math.ceil(a.tlp.data.length / this.opts.busBytes));
        out.push(a.unexpected ? { type: 'completion', cycle: pick.at, tlp: a.tlp, final: false, unexpected: true } : { type: 'completion', cycle: pick.at, tlp: a.tlp, final: a.final });
      } else {
        out.push({ type: 'dropped', cycle: pick.at, request: p.request, reason: a.reason });
      }
      if (p.next === p.answers.length) {
        if (this.pending[0] === p) this.pending.shift();
        else this.pending.splice(this.pending.indexOf(p), 1);
      }
    }
    return out;
  }

  /** Which request sends next, and when; null if nothing is due by `cycle` (no draw is made then). */
  private choose(cycle: number): { p: Pending; at: number } | null {
    if (!this.opts.reorder) {
      const p = this.pending[0];
      const at = Math.max(p.ready, this.busFreeAt);
      return at <= cycle ? { p, at } : null;
    }
    // Eligible: the oldest pending request of each Tag (a reused Tag never overtakes itself).
    const seen = new Set<number>();
    const eligible: Pending[] = [];
    for (const p of this.pending) {
      if (seen.has(p.key)) continue;
      seen.add(p.key);
      eligible.push(p);
    }
    const at = Math.max(this.busFreeAt, Math.min(...eligible.map((p) => p.ready)));
    if (at > cycle) return null;
    const ready = eligible.filter((p) => p.ready <= at);
    return { p: ready.length === 1 ? ready[0] : this.pickPrng.pick(ready), at };
  }
}
