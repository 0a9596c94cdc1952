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
}
