// Cycle stamping: how many clk cycles a TLP or a frame occupies on its bus, and a per-channel
// clock that never lets two events on the same channel overlap. The model asks
// `channel.stamp(readyCycle, beats)` for every output event and gets back the cycle of its
// first beat (sop / first tdata beat).

import type { TimingProfile } from './profile.js';

/** Beats a TLP with `lengthDw` payload DWs occupies on a TLP channel (header rides beside beat 0). */
export function tlpBeats(profile: TimingProfile, lengthDw: number): number {
  const dwPerBeat = profile.widths.tlpDataBits / 32;
  return lengthDw <= 0 ? 1 : Math.ceil(lengthDw / dwPerBeat);
}

/** Beats an Ethernet frame of `bytes` occupies on AXI-Stream. */
export function frameBeats(profile: TimingProfile, bytes: number): number {
  return Math.max(1, Math.ceil(bytes / (profile.widths.axisDataBits / 8)));
}

/** One output channel: events leave in order, one beat per cycle, back to back at best. */
export class ChannelClock {
  /** First cycle at which the channel is free. */
  private free = 0;

  reset(): void {
    this.free = 0;
  }

  /** Reserve `beats` cycles starting no earlier than `ready`; returns the first beat's cycle. */
  stamp(ready: number, beats: number): number {
    const start = ready > this.free ? ready : this.free;
    this.free = start + beats;
    return start;
  }

  /** Cycle of the last beat of the most recent stamp + 1. */
  get nextFree(): number {
    return this.free;
  }

  /** Stamps withdrawn: the channel is free from `cycle` (never later than it was). */
  rewind(cycle: number): void {
    if (cycle < this.free) this.free = cycle;
  }
}

/**
 * The DUT's request port (rx_req): requests are taken one at a time, in order. A request offered
 * at `arrival` is taken when the port is free and then holds it for `busy` cycles, so a burst of
 * posted MWrs (doorbells, queue setup) backs up behind each other instead of landing in one cycle.
 * `cpl` is how many cycles after being taken its completion's first beat is ready.
 */
export interface RequestShape {
  /** Payload DWs the request carries (MWr, CfgWr0); 0 for reads. */
  payloadDw: number;
  /** DWs of the completion's payload (0 for Cpl without data, or no completion). */
  completionDw: number;
  /** Non-posted: a completion follows. */
  completes: boolean;
  /** Taken without any register work (a Message, PCIe r6.0 §2.2.8): the header, then its payload beat by beat. */
  discarded?: boolean;
}

export function requestTiming(profile: TimingProfile, r: RequestShape): { cpl: number; busy: number } {
  const L = profile.latency;
  const cpl = L.requestDecode + L.completionGeneration + L.requestPerDw * r.payloadDw;
  // Payload DWs or completion DWs are handled one per requestPerDw; a write that also completes
  // (CfgWr0) spends one more cycle sending its Cpl.
  if (r.discarded) return { cpl, busy: L.requestAccept + Math.ceil(r.payloadDw / (profile.widths.tlpDataBits / 32)) };
  const dws = Math.max(1, r.payloadDw, r.completionDw);
  const busy = L.requestAccept + L.requestPerDw * dws + (r.payloadDw > 0 && r.completes ? 1 : 0);
  return { cpl, busy };
}

/**
 * Extra cycles before a CplD of `dw` payload DWs starts: its first beat carries its first
 * tlpDataBits/32 DWs, made one per requestPerDw, so on a wide bus it waits for them (the register
 * latencies were measured on completions of at most 2 DWs: only DWs past 2 add; width 64 adds
 * nothing). A Cpl without data (UR, CA) waits for nothing.
 */
export function firstBeatWait(profile: TimingProfile, dw: number): number {
  return profile.latency.requestPerDw * Math.max(0, Math.min(dw, profile.widths.tlpDataBits / 32) - 2);
}

export class RequestPort {
  private free = 0;

  reset(): void {
    this.free = 0;
  }

  /** Take a request offered at `arrival` that holds the port `busy` cycles; returns the cycle it is taken. */
  take(arrival: number, busy: number): number {
    const t = arrival > this.free ? arrival : this.free;
    this.free = t + busy;
    return t;
  }

  get nextFree(): number {
    return this.free;
  }
}
