import { describe, expect, it } from 'vitest';
import { parseTimingProfile, REFERENCE_RTL_PROFILE, TimingProfileError, LATENCY_KEYS } from './profile.js';
import { ChannelClock, frameBeats, tlpBeats } from './stamp.js';
import reference from './reference-rtl.json' with { type: 'json' };

describe('timing profile', () => {
  it('loads the reference RTL profile, marked as placeholder, with every latency key', () => {
    expect(REFERENCE_RTL_PROFILE.placeholder).toBe(true);
    for (const k of LATENCY_KEYS) expect(Number.isInteger(REFERENCE_RTL_PROFILE.latency[k])).toBe(true);
    expect(REFERENCE_RTL_PROFILE.widths.tlpDataBits).toBe(64); // docs/dut-interface.md default TLP_DATA_WIDTH
  });
  it('names the offending key', () => {
    const bad = structuredClone(reference) as any;
    bad.latency.usedWrite = -1;
    expect(() => parseTimingProfile(bad)).toThrow(TimingProfileError);
    expect(() => parseTimingProfile(bad)).toThrow(/latency\.usedWrite/);
    const missing = structuredClone(reference) as any;
    delete missing.latency.requestDecode;
    expect(() => parseTimingProfile(missing)).toThrow(/latency\.requestDecode/);
    const typo = structuredClone(reference) as any;
    typo.latency.usedWrit = 3;
    expect(() => parseTimingProfile(typo)).toThrow(/latency\.usedWrit"/);
    const w = structuredClone(reference) as any;
    w.widths.tlpDataBits = 96;
    expect(() => parseTimingProfile(w)).toThrow(/widths\.tlpDataBits/);
  });
});

describe('stamping', () => {
  it('counts beats from the bus widths', () => {
    const p = { ...REFERENCE_RTL_PROFILE, widths: { tlpDataBits: 64, axisDataBits: 64 } };
    expect(tlpBeats(p, 0)).toBe(1); // header-only TLP is one beat (dut-interface.md)
    expect(tlpBeats(p, 3)).toBe(2);
    expect(tlpBeats({ ...p, widths: { tlpDataBits: 256, axisDataBits: 64 } }, 16)).toBe(2);
    expect(frameBeats(p, 60)).toBe(8);
    expect(frameBeats(p, 64)).toBe(8);
  });
  it('never overlaps two events on one channel', () => {
    const c = new ChannelClock();
    expect(c.stamp(10, 3)).toBe(10);
    expect(c.stamp(11, 1)).toBe(13);
    expect(c.stamp(20, 1)).toBe(20);
  });
});
