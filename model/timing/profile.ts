// Timing profile: named latencies (clk cycles) and bus widths the model uses to put a predicted
// cycle on every output event. Profiles are JSON files beside this one (reference-rtl.json is the
// reference RTL's); load them with parseTimingProfile(JSON.parse(text)) — this module does no I/O.
// Recalibrate by editing the JSON; the loader checks every key and names the one it dislikes.

import referenceRtl from './reference-rtl.json' with { type: 'json' };

export class TimingProfileError extends Error {
  readonly key: string;
  constructor(key: string, value: unknown, reason: string) {
    super(`timing profile key "${key}": value ${JSON.stringify(value)} ${reason}`);
    this.name = 'TimingProfileError';
    this.key = key;
  }
}

/** Per-stage pipeline latencies in cycles (see README.md for where each one applies). */
export const LATENCY_KEYS = [
  'requestDecode',
  'completionGeneration',
  'descriptorFetchIssue',
  'dmaReadIssue',
  'bufferProcess',
  'usedWrite',
  'msixAfterUsedWrite',
  'configInterrupt',
  'txFrameStartAfterLastCompletion',
  'rxFrameToFirstMwr',
  'ctrlExecute',
  'intxAssert',
] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];

export const ARBITRATION_POLICIES = ['round-robin', 'fixed-priority'] as const;

export interface TimingProfile {
  name: string;
  /** true while the numbers are guesses, not measured on the RTL. */
  placeholder: boolean;
  widths: { tlpDataBits: number; axisDataBits: number };
  latency: Record<LatencyKey, number>;
  arbitration: { policy: (typeof ARBITRATION_POLICIES)[number]; queueSwitch: number };
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

/** Validate a parsed JSON profile. Unknown keys are rejected too, so typos cannot hide. */
export function parseTimingProfile(json: unknown): TimingProfile {
  const o = obj(json, '<root>');
  for (const k of Object.keys(o)) {
    if (!['name', 'placeholder', 'note', 'widths', 'latency', 'arbitration'].includes(k)) throw new TimingProfileError(k, o[k], 'is not a known key');
  }
  if (typeof o.name !== 'string' || o.name === '') throw new TimingProfileError('name', o.name, 'is not a non-empty string');
  if (typeof o.placeholder !== 'boolean') throw new TimingProfileError('placeholder', o.placeholder, 'is not a boolean');
  const w = obj(o.widths, 'widths');
  const l = obj(o.latency, 'latency');
  for (const k of Object.keys(l)) {
    if (!(LATENCY_KEYS as readonly string[]).includes(k)) throw new TimingProfileError(`latency.${k}`, l[k], 'is not a known latency');
  }
  const latency = {} as Record<LatencyKey, number>;
  for (const k of LATENCY_KEYS) latency[k] = cycles(l[k], `latency.${k}`);
  const a = obj(o.arbitration, 'arbitration');
  if (!(ARBITRATION_POLICIES as readonly string[]).includes(a.policy as string)) {
    throw new TimingProfileError('arbitration.policy', a.policy, `is not one of ${ARBITRATION_POLICIES.join(', ')}`);
  }
  return {
    name: o.name,
    placeholder: o.placeholder,
    widths: {
      tlpDataBits: width(w.tlpDataBits, 'widths.tlpDataBits', [64, 128, 256]),
      axisDataBits: width(w.axisDataBits, 'widths.axisDataBits', [8, 16, 32, 64, 128, 256, 512]),
    },
    latency,
    arbitration: { policy: a.policy as TimingProfile['arbitration']['policy'], queueSwitch: cycles(a.queueSwitch, 'arbitration.queueSwitch') },
  };
}

/** The reference RTL's profile (placeholder numbers until the RTL is measured). */
export const REFERENCE_RTL_PROFILE: TimingProfile = parseTimingProfile(referenceRtl);
