// Timing profile: named latencies (clk cycles) and bus widths the model uses to put a predicted
// cycle on every output event. Profiles are JSON files beside this one (reference-rtl.json is the
// reference RTL's); load them with parseTimingProfile(JSON.parse(text)) — this module does no I/O.
// Recalibrate by editing the JSON; the loader checks every key and names the one it dislikes.

import { ENGINE_STEP_DEFAULTS, ENGINE_STEP_KEYS, type EngineSteps } from './engine.js';
import referenceRtl from './reference-rtl.json' with { type: 'json' };

/** A profile key with a bad value: names the key, the value and (when known) the file. */
export class TimingProfileError extends Error {
  readonly key: string;
  constructor(key: string, readonly value: unknown, readonly reason: string, readonly source?: string) {
    // key '' = the file itself (cannot be read, not JSON): `value` is the file name.
    super(key === '' ? `timing profile ${String(value)} ${reason}` : `timing profile ${source ? `${source} ` : ''}key "${key}": value ${JSON.stringify(value)} ${reason}`);
    this.name = 'TimingProfileError';
    this.key = key;
  }
}

/** Per-stage pipeline latencies in cycles (see README.md for where each one applies). */
export const LATENCY_KEYS = [
  'requestDecode',
  'completionGeneration',
  'dmaReadIssue',
  'usedWrite',
  'msixAfterUsedWrite',
  'txFrameStartAfterLastCompletion',
  'intxAssert',
  'requestAccept',
  'requestPerDw',
] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];

/**
 * Keys earlier profiles carried that no model code applied (the one-job engine's `engine` steps
 * replaced them): a profile that still has one is told to remove it, not that it is unknown.
 */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
  'latency.descriptorFetchIssue': 'engine.pickToDescRead',
  'latency.bufferProcess': 'engine.checkToDataRead',
  'latency.rxFrameToFirstMwr': 'engine.chainEndToRxWrite',
  'latency.ctrlExecute': 'engine.checkToCtrlAck',
  'latency.configInterrupt': 'engine.ackToConfigMsix',
  arbitration: 'policy.scheduling (queues are taken round-robin)',
};

function removed(key: string, value: unknown): TimingProfileError {
  return new TimingProfileError(key, value, `is no longer a profile key (the model never applied it; its role is ${REMOVED_KEYS[key]}): remove it`);
}

/**
 * DMA / behaviour policy: the choices the virtio spec leaves to the device (read granularity,
 * prefetch, scheduling, write order) that change which TLPs a design puts on the bus. The model
 * follows the profile's policy so it predicts, TLP by TLP, the design the profile describes. Where
 * the spec mandates a behaviour there is no knob (README.md "Reference RTL policy and calibration").
 */
export const POLICY_ENUMS = {
  /** 'perQueue': every queue has its own fetch engine (queues interleave on the bus); 'oneJob': one
   *  job at a time (a TX chain, a control chain or one received frame), queues taken round-robin. */
  scheduling: ['perQueue', 'oneJob'],
  /** Indirect table (§2.8.7): 'wholeTable' in one read (split at MRRS); 'perEntry' one 16-byte read per entry. */
  indirectRead: ['wholeTable', 'perEntry'],
  /** Used elements of a frame spread over several buffers (MRG_RXBUF, §5.1.6.4): 'afterAllData'
   *  writes every buffer's data, then the id+len of each; 'perBuffer' writes each buffer's data and
   *  then its id+len. Either way flags follow id+len and the first entry's flags go last (§2.8.21). */
  usedWrite: ['afterAllData', 'perBuffer'],
  /** Reading a buffer (a chain, §2.8.5-§2.8.6): 'descriptorsFirst' reads every descriptor of the
   *  chain, then the device-readable data (pieces issued together); 'interleaved' reads each
   *  descriptor's data right after that descriptor, in dataReadChunk pieces one after the other
   *  (each consumed before the next is requested), then the next descriptor. The spec orders the
   *  elements (ring order, readable before writable) but not descriptor reads against data reads. */
  chainWalk: ['descriptorsFirst', 'interleaved'],
} as const;
export type PolicyEnumKey = keyof typeof POLICY_ENUMS;

export interface DmaPolicy {
  scheduling: (typeof POLICY_ENUMS.scheduling)[number];
  indirectRead: (typeof POLICY_ENUMS.indirectRead)[number];
  usedWrite: (typeof POLICY_ENUMS.usedWrite)[number];
  chainWalk: (typeof POLICY_ENUMS.chainWalk)[number];
  /** Buffers fetched ahead of the one being served, per queue (0 = one buffer at a time). */
  prefetch: number;
  /** Buffer data reads: 0 = the whole device-readable part in one request (split only at MRRS
   *  and 4 KiB, PCIe r6.0 §2.2.7); N > 0 = element by element, at most N bytes per request. */
  dataReadChunk: number;
  /** Look at every TX / control queue once at DRIVER_OK without waiting for a notification. */
  pollAtDriverOk: boolean;
  /** Bytes per clock the datapath moves between completions, frames and MWr payloads (0 = unlimited). */
  engineBytesPerCycle: number;
}

export interface TimingProfile {
  name: string;
  /** true while the numbers are guesses, not measured on the RTL (the co-simulation summary says so). */
  placeholder: boolean;
  widths: { tlpDataBits: number; axisDataBits: number };
  latency: Record<LatencyKey, number>;
  policy: DmaPolicy;
  /** Measured window (cycles) the design stays in around each predicted cycle; what a test vector
   *  generated from this profile should allow (vectors/FORMAT.md "Tolerance"). */
  tolerance: { before: number; after: number };
  /** Step costs of a one-job-at-a-time engine (engine.ts); needed by policy.scheduling "oneJob". */
  engine?: EngineSteps;
}

function obj(v: unknown, key: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TimingProfileError(key, v, 'is not an object');
  return v as Record<string, unknown>;
}

function cycles(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw new TimingProfileError(key, v, 'is not an integer cycle count in 0..1000000');
  }
  return v;
}

function width(v: unknown, key: string, allowed: readonly number[]): number {
  if (typeof v !== 'number' || !allowed.includes(v)) throw new TimingProfileError(key, v, `is not one of ${allowed.join(', ')}`);
  return v;
}

function intIn(v: unknown, key: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new TimingProfileError(key, v, `is not an integer in ${lo}..${hi}`);
  return v;
}

const POLICY_NUMBERS = { prefetch: [0, 64], dataReadChunk: [0, 4096], engineBytesPerCycle: [0, 64] } as const;

function parsePolicy(v: unknown): DmaPolicy {
  const o = obj(v, 'policy');
  const known = [...Object.keys(POLICY_ENUMS), ...Object.keys(POLICY_NUMBERS), 'pollAtDriverOk'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new TimingProfileError(`policy.${k}`, o[k], 'is not a known policy');
  const p: Record<string, unknown> = {};
  for (const [k, allowed] of Object.entries(POLICY_ENUMS) as [PolicyEnumKey, readonly string[]][]) {
    if (typeof o[k] !== 'string' || !allowed.includes(o[k] as string)) throw new TimingProfileError(`policy.${k}`, o[k], `is not one of ${allowed.join(', ')}`);
    p[k] = o[k];
  }
  for (const [k, [lo, hi]] of Object.entries(POLICY_NUMBERS)) p[k] = intIn(o[k], `policy.${k}`, lo, hi);
  if (typeof o.pollAtDriverOk !== 'boolean') throw new TimingProfileError('policy.pollAtDriverOk', o.pollAtDriverOk, 'is not a boolean');
  p.pollAtDriverOk = o.pollAtDriverOk;
  return p as unknown as DmaPolicy;
}

function parseTolerance(v: unknown): { before: number; after: number } {
  const o = obj(v, 'tolerance');
  for (const k of Object.keys(o)) if (k !== 'before' && k !== 'after') throw new TimingProfileError(`tolerance.${k}`, o[k], 'is not a known key');
  return { before: cycles(o.before, 'tolerance.before'), after: cycles(o.after, 'tolerance.after') };
}

/**
 * Validate a parsed JSON profile. Unknown keys are rejected too, so typos cannot hide. `source`
 * (the file name) goes into the error message.
 */
export function parseTimingProfile(json: unknown, source?: string): TimingProfile {
  try {
    return parseProfile(json);
  } catch (e) {
    if (source !== undefined && e instanceof TimingProfileError) throw new TimingProfileError(e.key, e.value, e.reason, source);
    throw e;
  }
}

function parseProfile(json: unknown): TimingProfile {
  const o = obj(json, '<root>');
  for (const k of Object.keys(o)) {
    if (k in REMOVED_KEYS) throw removed(k, o[k]);
    if (!['name', 'placeholder', 'note', 'widths', 'latency', 'policy', 'tolerance', 'engine'].includes(k)) throw new TimingProfileError(k, o[k], 'is not a known key');
  }
  if (typeof o.name !== 'string' || o.name === '') throw new TimingProfileError('name', o.name, 'is not a non-empty string');
  if (typeof o.placeholder !== 'boolean') throw new TimingProfileError('placeholder', o.placeholder, 'is not a boolean');
  const w = obj(o.widths, 'widths');
  const l = obj(o.latency, 'latency');
  for (const k of Object.keys(l)) {
    if (`latency.${k}` in REMOVED_KEYS) throw removed(`latency.${k}`, l[k]);
    if (!(LATENCY_KEYS as readonly string[]).includes(k)) throw new TimingProfileError(`latency.${k}`, l[k], 'is not a known latency');
  }
  const latency = {} as Record<LatencyKey, number>;
  for (const k of LATENCY_KEYS) latency[k] = cycles(l[k], `latency.${k}`);
  const policy = parsePolicy(o.policy);
  if (policy.scheduling === 'oneJob' && o.engine === undefined) throw new TimingProfileError('engine', o.engine, 'is required by policy.scheduling "oneJob" (model/timing/engine.ts)');
  return {
    name: o.name,
    placeholder: o.placeholder,
    widths: {
      tlpDataBits: width(w.tlpDataBits, 'widths.tlpDataBits', [64, 128, 256]),
      axisDataBits: width(w.axisDataBits, 'widths.axisDataBits', [8, 16, 32, 64, 128, 256, 512]),
    },
    latency,
    policy,
    tolerance: parseTolerance(o.tolerance),
    ...(o.engine === undefined ? {} : { engine: parseEngine(o.engine) }),
  };
}

function parseEngine(v: unknown): EngineSteps {
  const o = obj(v, 'engine');
  for (const k of Object.keys(o)) {
    if (!(ENGINE_STEP_KEYS as readonly string[]).includes(k)) throw new TimingProfileError(`engine.${k}`, o[k], 'is not a known engine step');
  }
  const e = {} as Record<keyof EngineSteps, number>;
  for (const k of ENGINE_STEP_KEYS) e[k] = cycles(o[k] === undefined && k in ENGINE_STEP_DEFAULTS ? ENGINE_STEP_DEFAULTS[k] : o[k], `engine.${k}`);
  return e;
}

/** The reference RTL's profile (rtl/; measured numbers where `calibration` says so). */
export const REFERENCE_RTL_PROFILE: TimingProfile = parseTimingProfile(referenceRtl, 'model/timing/reference-rtl.json');
