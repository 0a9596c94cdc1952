import { describe, expect, it } from 'vitest';
import { parseTimingProfile, REFERENCE_RTL_PROFILE, REMOVED_KEYS, TimingProfileError, LATENCY_KEYS } from './profile.js';
import { ChannelClock, firstBeatWait, frameBeats, RequestPort, requestTiming, tlpBeats } from './stamp.js';
import { ENGINE_STEP_DEFAULTS, ENGINE_STEP_KEYS } from './engine.js';
import reference from './reference-rtl.json' with { type: 'json' };

describe('timing profile', () => {
  it('loads the reference RTL profile, calibrated, with every latency key and engine step', () => {
    expect(REFERENCE_RTL_PROFILE.placeholder).toBe(false); // measured with tb/player (README.md)
    expect(REFERENCE_RTL_PROFILE.policy.scheduling).toBe('oneJob');
    for (const k of ENGINE_STEP_KEYS) expect(Number.isInteger(REFERENCE_RTL_PROFILE.engine?.[k])).toBe(true);
    for (const k of LATENCY_KEYS) expect(Number.isInteger(REFERENCE_RTL_PROFILE.latency[k])).toBe(true);
    expect(REFERENCE_RTL_PROFILE.widths.tlpDataBits).toBe(64); // docs/dut-interface.md default TLP_DATA_WIDTH
  });
  it('oneJob needs the engine section, and engine keys are checked', () => {
    const noEngine = structuredClone(reference) as any;
    delete noEngine.engine;
    expect(() => parseTimingProfile(noEngine)).toThrow(/engine/);
    noEngine.policy.scheduling = 'perQueue';
    expect(parseTimingProfile(noEngine).engine).toBeUndefined();
    const typo = structuredClone(reference) as any;
    typo.engine.readIssueToBuss = 3;
    expect(() => parseTimingProfile(typo)).toThrow(/engine\.readIssueToBuss/);
  });
  it('an older profile without the engine steps added later loads with the reference RTL\'s values', () => {
    const old = structuredClone(reference) as any;
    const added = Object.keys(ENGINE_STEP_DEFAULTS);
    expect(added).toEqual(expect.arrayContaining(['errorToConfigMsix', 'errorToConfigIntx', 'faultToError', 'timeoutToError', 'queueResetDrain', 'queueResetToEngine', 'msixAfterWrite', 'resetWriteCut', 'resetHoldPad', 'rxDescCache', 'rxDropFirst', 'ctrlAckFirst']));
    for (const k of added) delete old.engine[k];
    const p = parseTimingProfile(old, 'old.json');
    // rxDescCache, rxDropFirst, ctrlAckFirst: absent = 0, what the model did before the keys (never re-read; drops in the round robin; ack at the chain end).
    for (const k of added) expect(p.engine![k as keyof typeof p.engine], k).toBe(k === 'rxDescCache' || k === 'rxDropFirst' || k === 'ctrlAckFirst' ? 0 : (reference.engine as Record<string, number>)[k]);
    // A value given still wins, and is still checked; a step not in the list stays required.
    old.engine.faultToError = 9;
    expect(parseTimingProfile(old).engine!.faultToError).toBe(9);
    old.engine.faultToError = -1;
    expect(() => parseTimingProfile(old)).toThrow(/engine\.faultToError/);
    const missing = structuredClone(reference) as any;
    delete missing.engine.readIssueToBus;
    expect(() => parseTimingProfile(missing)).toThrow(/engine\.readIssueToBus/);
  });
  it('device reset latencies and the RX descriptor cache are profile keys (reference RTL: 2, 1, 32)', () => {
    const e = REFERENCE_RTL_PROFILE.engine!;
    expect([e.resetWriteCut, e.resetHoldPad, e.rxDescCache]).toEqual([2, 1, 32]); // rtl/dma_wr.sv abort, rtl/vq_engine.sv DCACHE
    const other = structuredClone(reference) as any;
    other.engine.resetWriteCut = 5;
    other.engine.resetHoldPad = 0;
    other.engine.rxDescCache = 8;
    const p = parseTimingProfile(other, 'other.json').engine!;
    expect([p.resetWriteCut, p.resetHoldPad, p.rxDescCache]).toEqual([5, 0, 8]);
    other.engine.rxDescCache = 1.5;
    expect(() => parseTimingProfile(other, 'other.json')).toThrow(/other\.json key "engine\.rxDescCache"/);
    other.engine.rxDescCache = 8;
    other.engine.resetWriteCut = 'x';
    expect(() => parseTimingProfile(other)).toThrow(/engine\.resetWriteCut/);
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

describe('DMA policy', () => {
  it('carries the reference RTL choices (rtl/vq_engine.sv: one job at a time, 16-byte indirect reads, no prefetch)', () => {
    const p = REFERENCE_RTL_PROFILE.policy;
    expect(p.scheduling).toBe('oneJob');
    expect(p.indirectRead).toBe('perEntry');
    expect(p.usedWrite).toBe('perBuffer');
    expect(p.prefetch).toBe(0);
    expect(p.dataReadChunk).toBe(1024); // vq_engine RD_CHUNK = BUF_BYTES/2 (virtio_net_datapath.sv)
    expect(p.chainWalk).toBe('interleaved'); // vq_engine: S_ELEM reads the element's data before S_WALK reads the next descriptor
  });
  it('chainWalk is required and checked', () => {
    const none = structuredClone(reference) as any;
    delete none.policy.chainWalk;
    expect(() => parseTimingProfile(none)).toThrow(/policy\.chainWalk.*descriptorsFirst, interleaved/);
    const bad = structuredClone(reference) as any;
    bad.policy.chainWalk = 'zigzag';
    expect(() => parseTimingProfile(bad)).toThrow(TimingProfileError);
    const other = structuredClone(reference) as any;
    other.policy.chainWalk = 'descriptorsFirst';
    expect(parseTimingProfile(other).policy.chainWalk).toBe('descriptorsFirst');
  });
  it('rejects a missing, misspelt or out-of-range policy, naming it', () => {
    const noPolicy = structuredClone(reference) as any;
    delete noPolicy.policy;
    expect(() => parseTimingProfile(noPolicy)).toThrow(/"policy"/);
    const badEnum = structuredClone(reference) as any;
    badEnum.policy.indirectRead = 'sometimes';
    expect(() => parseTimingProfile(badEnum)).toThrow(/policy\.indirectRead.*wholeTable, perEntry/);
    const typo = structuredClone(reference) as any;
    typo.policy.prefech = 1;
    expect(() => parseTimingProfile(typo)).toThrow(/policy\.prefech/);
    const range = structuredClone(reference) as any;
    range.policy.prefetch = 65;
    expect(() => parseTimingProfile(range)).toThrow(/policy\.prefetch.*0\.\.64/);
    const flag = structuredClone(reference) as any;
    flag.policy.pollAtDriverOk = 'yes';
    expect(() => parseTimingProfile(flag)).toThrow(/policy\.pollAtDriverOk/);
    const tol = structuredClone(reference) as any;
    tol.tolerance.after = -1;
    expect(() => parseTimingProfile(tol)).toThrow(/tolerance\.after/);
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
  it('request port: a burst of posted writes queues up; CfgWr0 completes after its payload', () => {
    const p = { ...REFERENCE_RTL_PROFILE, latency: { ...REFERENCE_RTL_PROFILE.latency, requestDecode: 1, completionGeneration: 1, requestAccept: 1, requestPerDw: 1 } };
    const mwr = requestTiming(p, { payloadDw: 1, completes: false, completionDw: 0 });
    expect(mwr.busy).toBe(2);
    const cfgWr = requestTiming(p, { payloadDw: 1, completes: true, completionDw: 0 });
    expect(cfgWr).toEqual({ cpl: 3, busy: 3 });
    const mrd4 = requestTiming(p, { payloadDw: 0, completes: true, completionDw: 4 });
    expect(mrd4).toEqual({ cpl: 2, busy: 5 });
    // 256-bit beats: the first beat of an n-DW CplD holds min(n, 8) DWs, made one per requestPerDw
    // (beyond the 2 the calibration covers): later by that much, never for 1..2 DWs.
    const wide = { ...p, widths: { ...p.widths, tlpDataBits: 256 } };
    expect([0, 1, 2, 3, 7, 8, 16].map((n) => firstBeatWait(wide, n))).toEqual([0, 0, 0, 1, 5, 6, 6]);
    expect([1, 2, 4, 16].map((n) => firstBeatWait(p, n))).toEqual([0, 0, 0, 0]); // 64 bits: 2 DWs per beat
    const port = new RequestPort();
    expect(port.take(10, mwr.busy)).toBe(10);
    expect(port.take(10, mwr.busy)).toBe(12);
    expect(port.take(10, mrd4.busy)).toBe(14);
    expect(port.take(30, 2)).toBe(30);
    // A Message (PCIe r6.0 §2.2.8) is taken with its header and its payload drained beat by beat.
    expect(requestTiming(p, { payloadDw: 0, completes: false, completionDw: 0, discarded: true }).busy).toBe(1);
    expect(requestTiming(p, { payloadDw: 3, completes: false, completionDw: 0, discarded: true }).busy).toBe(3);
    expect(requestTiming(wide, { payloadDw: 3, completes: false, completionDw: 0, discarded: true }).busy).toBe(2);
  });
  it('never overlaps two events on one channel', () => {
    const c = new ChannelClock();
    expect(c.stamp(10, 3)).toBe(10);
    expect(c.stamp(11, 1)).toBe(13);
    expect(c.stamp(20, 1)).toBe(20);
  });
});

describe('removed keys', () => {
  it('a key no model code applied is refused naming the engine step that took its role', () => {
    for (const [key, role] of Object.entries(REMOVED_KEYS)) {
      const old = structuredClone(reference) as any;
      const [section, name] = key.split('.');
      if (name === undefined) old[section!] = { policy: 'round-robin', queueSwitch: 1 };
      else old[section!][name] = 3;
      expect(() => parseTimingProfile(old, 'old.json'), key).toThrow(`timing profile old.json key "${key}"`);
      expect(() => parseTimingProfile(old), key).toThrow(`is no longer a profile key (the model never applied it; its role is ${role}): remove it`);
    }
  });
});
