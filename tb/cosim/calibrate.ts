// Calibration: fit a timing profile's latency keys to a design. Scenarios x seeds run at the exact
// level with timing measured, not failing (`timing: 'warn'`); every matched pair's rtl − model
// first-beat cycle is recorded under its output kind (the read requests, the MSI-X messages, the
// other memory writes, the frames, the completions, INTx). Each output kind has one profile key
// that moves it (KIND_KEYS: the one-job engine's step for `scheduling: oneJob`, the latency for
// `perQueue`). Two phases, every candidate judged by re-running the whole set:
//  1. while pairs lie outside the tolerance: the kind of the first such pair (first run in order)
//     gets its key moved by the median of that kind's outside differences; kept if fewer pairs
//     end up outside (ties: a smaller sum of |rtl − model|), otherwise that kind is left alone;
//  2. every kind whose median difference is not 0 gets its key moved by it, kept if no more pairs
//     are outside and the sum of |rtl − model| falls.
// The result is the profile with the kept changes, and the histograms before and after.

import { LATENCY_KEYS, type LatencyKey, type TimingProfile } from '../../model/timing/profile.js';
import { ENGINE_STEP_KEYS, type EngineSteps } from '../../model/timing/engine.js';
import { MSI_BASE } from '../driver/layout.js';
import type { OutputEvent } from './events.js';
import { startRtl } from './rtl.js';
import type { RtlSide } from './rtl-sync.js';
import { histogram, profileFor, runCosim, type RunConfig, type RunResult } from './runner.js';

/** What a kind of output is, as the scoreboard pairs it. */
export const OUTPUT_KINDS = ['read request', 'MSI-X message', 'memory write', 'frame', 'completion', 'INTx'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The profile key that moves each output kind: [oneJob, perQueue] (model/timing/README.md "Where each latency is applied"). */
export const KIND_KEYS: Record<OutputKind, readonly [`engine.${keyof EngineSteps}` | `latency.${LatencyKey}`, `latency.${LatencyKey}`]> = {
  'read request': ['engine.readIssueToBus', 'latency.dmaReadIssue'],
  'MSI-X message': ['engine.decideToMsix', 'latency.msixAfterUsedWrite'],
  'memory write': ['engine.writeIssueToFill', 'latency.usedWrite'],
  frame: ['engine.txFirstBeat', 'latency.txFrameStartAfterLastCompletion'],
  completion: ['latency.completionGeneration', 'latency.completionGeneration'],
  INTx: ['engine.decideToIntx', 'latency.intxAssert'],
};

export function kindOf(ev: OutputEvent): OutputKind {
  switch (ev.channel) {
    case 'tx_rd_req': return 'read request';
    case 'tx_cpl': return 'completion';
    case 'm_axis_tx': return 'frame';
    case 'intx': return 'INTx';
    default: {
      const a = BigInt(ev.tlp!.address);
      // The driver programs vector v's message address at MSI_BASE + 16 v (tb/driver/layout.ts).
      return a >= BigInt(MSI_BASE) && a < BigInt(MSI_BASE) + 0x10_0000n ? 'MSI-X message' : 'memory write';
    }
  }
}

export function keyFor(profile: TimingProfile, kind: OutputKind): string {
  return KIND_KEYS[kind][profile.policy.scheduling === 'oneJob' ? 0 : 1];
}

export function keyValue(profile: TimingProfile, key: string): number {
  const [section, name] = key.split('.') as ['engine' | 'latency', string];
  return section === 'engine' ? profile.engine![name as keyof EngineSteps] : profile.latency[name as LatencyKey];
}

export function withKey(profile: TimingProfile, key: string, value: number): TimingProfile {
  const [section, name] = key.split('.') as ['engine' | 'latency', string];
  if (section === 'engine') return { ...profile, engine: { ...profile.engine!, [name]: value } };
  return { ...profile, latency: { ...profile.latency, [name]: value } };
}

/** One pass over every scenario x seed with one profile. */
export interface Evaluation {
  /** rtl − model histogram per kind (only kinds that occurred). */
  kinds: Map<OutputKind, Map<number, number>>;
  pairs: number;
  outside: number;
  sumAbs: number;
  /** Per run, the kind of its first pair outside the tolerance (null: none). */
  firstOutside: Array<OutputKind | null>;
  /** Runs that failed for another reason than timing (content, memory, driver error, fault): one line each. */
  failures: string[];
}

/** The run options of every measured run (RunConfig's), the set measured, and the search's bounds. */
export interface CalibrateConfig extends Pick<RunConfig, 'width' | 'defines' | 'dut' | 'device' | 'deviceFile' | 'lookahead' | 'transport'> {
  scenarios: string[];
  seeds: number[];
  /** The profile to start from (default the reference RTL's). */
  profile?: TimingProfile;
  /** An already started simulator (tests); otherwise one is started and closed. */
  rtl?: RtlSide;
  /** Most candidate evaluations in phase 1 (default 8). */
  maxRounds?: number;
  /** Progress lines (one per candidate). */
  log?: (line: string) => void;
}

export interface CalibrationResult {
  profile: TimingProfile;
  before: Evaluation;
  after: Evaluation;
  changes: Array<{ key: string; kind: OutputKind; from: number; to: number }>;
  /** Whole-set evaluations run (before included). */
  evaluations: number;
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)]!;
}

function expand(h: Map<number, number>, pred: (d: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (const [d, n] of h) if (pred(d)) for (let i = 0; i < n; i++) out.push(d);
  return out;
}

/** Fewer pairs outside, then a smaller sum of |rtl − model|. */
function better(a: Evaluation, b: Evaluation): boolean {
  return a.outside < b.outside || (a.outside === b.outside && a.sumAbs < b.sumAbs);
}

async function evaluate(cfg: CalibrateConfig, rtl: RtlSide, profile: TimingProfile): Promise<Evaluation> {
  const tol = profile.tolerance;
  const ev: Evaluation = { kinds: new Map(), pairs: 0, outside: 0, sumAbs: 0, firstOutside: [], failures: [] };
  for (const scenario of cfg.scenarios) {
    for (const seed of cfg.seeds) {
      // Pair the two sides' outputs per ordering domain, in order, as the scoreboard does.
      const waiting = new Map<string, { model: OutputEvent[]; rtl: OutputEvent[] }>();
      let first: OutputKind | null = null;
      const trace = (side: 'model' | 'rtl', e: OutputEvent, domain: string): void => {
        let q = waiting.get(domain);
        if (!q) waiting.set(domain, (q = { model: [], rtl: [] }));
        const other = side === 'model' ? q.rtl : q.model;
        const counterpart = other.shift();
        if (!counterpart) {
          (side === 'model' ? q.model : q.rtl).push(e);
          return;
        }
        const [m, r] = side === 'model' ? [e, counterpart] : [counterpart, e];
        const kind = kindOf(r);
        const d = r.cycle - m.cycle;
        let h = ev.kinds.get(kind);
        if (!h) ev.kinds.set(kind, (h = new Map()));
        h.set(d, (h.get(d) ?? 0) + 1);
        ev.pairs++;
        ev.sumAbs += Math.abs(d);
        if (d < -tol.before || d > tol.after) {
          ev.outside++;
          first ??= kind;
        }
      };
      const r: RunResult = await runCosim({
        scenario, seed, width: cfg.width, defines: cfg.defines, dut: cfg.dut, device: cfg.device, deviceFile: cfg.deviceFile,
        profile, lookahead: cfg.lookahead, timing: 'warn', wavesOnDivergence: false, rtl, trace,
      });
      ev.firstOutside.push(first);
      if (!r.ok) {
        const why = r.divergence ? `${r.divergence.kind} on ${r.divergence.channel} at cycle ${r.divergence.cycle}` : r.driverError ?? r.fault ?? (r.memoryDiffs.length ? `memory differs in ${r.memoryDiffs[0]!.region}` : 'host rule violation');
        ev.failures.push(`${scenario} seed ${seed}: ${why}`);
      }
    }
  }
  return ev;
}

/** Runs the calibration (header comment). Simulator faults and start-up checks throw as runCosim's do. */
export async function calibrate(cfg: CalibrateConfig): Promise<CalibrationResult> {
  const log = cfg.log ?? (() => {});
  const rtl = cfg.rtl ?? (await startRtl({ width: cfg.width, defines: cfg.defines, dut: cfg.dut, trace: false, transport: cfg.transport }));
  try {
    let profile = profileFor({ profile: cfg.profile, width: cfg.width });
    const before = await evaluate(cfg, rtl, profile);
    let best = before;
    let evaluations = 1;
    const changes: CalibrationResult['changes'] = [];
    const tried = async (kind: OutputKind, cand: TimingProfile, why: 'outside' | 'centre'): Promise<boolean> => {
      const key = keyFor(profile, kind);
      const ev = await evaluate(cfg, rtl, cand);
      evaluations++;
      const keep = why === 'outside' ? better(ev, best) : ev.outside <= best.outside && ev.sumAbs < best.sumAbs;
      log(`  ${key} ${keyValue(profile, key)} -> ${keyValue(cand, key)} (${kind}): outside ${best.outside} -> ${ev.outside}, sum |rtl - model| ${best.sumAbs} -> ${ev.sumAbs}: ${keep ? 'kept' : 'dropped'}`);
      if (keep) {
        changes.push({ key, kind, from: keyValue(profile, key), to: keyValue(cand, key) });
        profile = cand;
        best = ev;
      }
      return keep;
    };
    // Phase 1: the first kind outside the tolerance, by its median outside difference.
    const blocked = new Set<OutputKind>();
    for (let round = 0; round < (cfg.maxRounds ?? 8) && best.outside > 0; round++) {
      const kind = best.firstOutside.find((k): k is OutputKind => k !== null && !blocked.has(k));
      if (!kind) break;
      const tol = profile.tolerance;
      const shift = median(expand(best.kinds.get(kind)!, (d) => d < -tol.before || d > tol.after));
      const key = keyFor(profile, kind);
      const to = Math.max(0, keyValue(profile, key) + shift);
      if (to === keyValue(profile, key) || !(await tried(kind, withKey(profile, key, to), 'outside'))) blocked.add(kind);
    }
    // Phase 2: centre every kind on 0 where that helps.
    for (const kind of OUTPUT_KINDS) {
      const h = best.kinds.get(kind);
      const shift = h ? median(expand(h)) : 0;
      if (shift === 0) continue;
      const key = keyFor(profile, kind);
      const to = Math.max(0, keyValue(profile, key) + shift);
      if (to !== keyValue(profile, key)) await tried(kind, withKey(profile, key, to), 'centre');
    }
    return { profile, before, after: best, changes, evaluations };
  } finally {
    if (!cfg.rtl) rtl.close();
  }
}

/** The histogram lines of one evaluation: per kind (with its key), then all pairs. */
export function formatEvaluation(ev: Evaluation, profile: TimingProfile): string[] {
  const tol = profile.tolerance;
  const lines: string[] = [];
  const all = new Map<number, number>();
  for (const kind of OUTPUT_KINDS) {
    const h = ev.kinds.get(kind);
    if (!h) continue;
    let n = 0;
    let out = 0;
    for (const [d, c] of h) {
      all.set(d, (all.get(d) ?? 0) + c);
      n += c;
      if (d < -tol.before || d > tol.after) out += c;
    }
    const ds = [...h.keys()];
    lines.push(`  ${kind.padEnd(14)} ${String(n).padStart(6)} pairs, ${String(out).padStart(5)} outside, rtl - model ${Math.min(...ds)}..${Math.max(...ds)}, median ${median(expand(h))}  [${keyFor(profile, kind)}]  ${histogram(h)}`);
  }
  lines.push(`  ${'all'.padEnd(14)} ${String(ev.pairs).padStart(6)} pairs, ${String(ev.outside).padStart(5)} outside tolerance -${tol.before}..+${tol.after}, sum |rtl - model| ${ev.sumAbs}  ${histogram(all)}`);
  for (const f of ev.failures) lines.push(`  run failed: ${f}`);
  return lines;
}

/** The profile as the JSON file `--profile` loads (model/timing/reference-rtl.json's layout). */
export function profileJson(profile: TimingProfile, note: string): string {
  const latency = Object.fromEntries(LATENCY_KEYS.map((k) => [k, profile.latency[k]]));
  const engine = profile.engine ? Object.fromEntries(ENGINE_STEP_KEYS.map((k) => [k, profile.engine![k]])) : undefined;
  const out = { name: profile.name, placeholder: false, note, widths: profile.widths, latency, policy: profile.policy, tolerance: profile.tolerance, ...(engine ? { engine } : {}) };
  return `${JSON.stringify(out, null, 2)}\n`;
}
