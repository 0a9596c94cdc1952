import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureDependencyError, VirtioParamError } from './errors.js';
import {
  FeatureSet,
  NET_FEATURE_DEPENDENCIES,
  OPTIONAL_FEATURE_DEFAULTS,
  buildOfferedFeatures,
  dependencyViolations,
  featureName,
  validateDriverFeatures,
  VIRTIO_F_IN_ORDER,
  VIRTIO_F_RING_PACKED,
  VIRTIO_F_VERSION_1,
  VIRTIO_NET_F_CTRL_VQ,
  VIRTIO_NET_F_GUEST_ECN,
  VIRTIO_NET_F_GUEST_TSO6,
  VIRTIO_NET_F_HASH_REPORT,
  VIRTIO_NET_F_HASH_TUNNEL,
  VIRTIO_NET_F_MQ,
  VIRTIO_NET_F_RSS,
  type OptionalFeatureName,
} from './features.js';

describe('feature bit numbers (virtio §6, §5.1.3)', () => {
  it('match the spec', () => {
    // Numbers typed from the spec text, not from features.ts.
    const spec: Record<string, number> = {
      VIRTIO_F_INDIRECT_DESC: 28, VIRTIO_F_EVENT_IDX: 29, VIRTIO_F_VERSION_1: 32, VIRTIO_F_ACCESS_PLATFORM: 33,
      VIRTIO_F_RING_PACKED: 34, VIRTIO_F_IN_ORDER: 35, VIRTIO_F_ORDER_PLATFORM: 36, VIRTIO_F_NOTIFICATION_DATA: 38,
      VIRTIO_F_RING_RESET: 40, VIRTIO_NET_F_CSUM: 0, VIRTIO_NET_F_GUEST_CSUM: 1, VIRTIO_NET_F_MTU: 3, VIRTIO_NET_F_MAC: 5,
      VIRTIO_NET_F_MRG_RXBUF: 15, VIRTIO_NET_F_STATUS: 16, VIRTIO_NET_F_CTRL_VQ: 17, VIRTIO_NET_F_CTRL_RX: 18,
      VIRTIO_NET_F_MQ: 22, VIRTIO_NET_F_CTRL_MAC_ADDR: 23, VIRTIO_NET_F_RSS: 60, VIRTIO_NET_F_SPEED_DUPLEX: 63,
      VIRTIO_NET_F_IPSEC: 70,
    };
    for (const [name, bit] of Object.entries(spec)) expect(featureName(bit)).toBe(name);
  });
});

describe('FeatureSet', () => {
  it('windows hold bits 32n..32n+31', () => {
    const s = FeatureSet.of([0, 31, 32, 64, 127]);
    expect(s.window(0)).toBe(0x8000_0001);
    expect(s.window(1)).toBe(1);
    expect(s.window(2)).toBe(1);
    expect(s.window(3)).toBe(0x8000_0000);
    expect(s.window(4)).toBe(0);
    expect(s.bits()).toEqual([0, 31, 32, 64, 127]);
    expect(s.has(128)).toBe(false);
    expect(() => s.add(128)).toThrow(RangeError);
  });

  it('minus lists the extra bits', () => {
    expect(FeatureSet.of([1, 40, 70]).minus(FeatureSet.of([40]))).toEqual([1, 70]);
  });
});

describe('dependency table (§5.1.3.1)', () => {
  it('states the rules of the spec', () => {
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_MQ]))).toEqual([{ feature: VIRTIO_NET_F_MQ, missing: 'VIRTIO_NET_F_CTRL_VQ' }]);
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_MQ, VIRTIO_NET_F_CTRL_VQ]))).toEqual([]);
    // GUEST_ECN: TSO4 *or* TSO6; TSO6 itself needs GUEST_CSUM.
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_GUEST_ECN])).map((v) => v.feature)).toEqual([VIRTIO_NET_F_GUEST_ECN]);
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_GUEST_ECN, VIRTIO_NET_F_GUEST_TSO6, 1]))).toEqual([]);
    // HASH_TUNNEL: CTRL_VQ and (RSS or HASH_REPORT).
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_HASH_TUNNEL, VIRTIO_NET_F_CTRL_VQ]))).toHaveLength(1);
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_HASH_TUNNEL, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_RSS]))).toEqual([]);
    expect(dependencyViolations(FeatureSet.of([VIRTIO_NET_F_HASH_TUNNEL, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_HASH_REPORT]))).toEqual([]);
  });

  it('names every feature it mentions and never makes a feature require itself', () => {
    for (const d of NET_FEATURE_DEPENDENCIES) {
      for (const b of [d.feature, ...d.allOf, ...(d.anyOf ?? [])]) expect(featureName(b)).toMatch(/^VIRTIO_NET_F_/);
      expect([...d.allOf, ...(d.anyOf ?? [])]).not.toContain(d.feature);
    }
  });
});

describe('offered set', () => {
  it('defaults: VERSION_1 and RING_PACKED, no IN_ORDER, MQ only with several pairs', () => {
    const one = buildOfferedFeatures({ numQueuePairs: 1 });
    expect(one.has(VIRTIO_F_VERSION_1) && one.has(VIRTIO_F_RING_PACKED)).toBe(true);
    expect(one.has(VIRTIO_F_IN_ORDER)).toBe(false);
    expect(one.has(VIRTIO_NET_F_MQ)).toBe(false);
    expect(buildOfferedFeatures({ numQueuePairs: 4 }).has(VIRTIO_NET_F_MQ)).toBe(true);
    expect(buildOfferedFeatures({ numQueuePairs: 1 }, { VIRTIO_F_IN_ORDER: true }).has(VIRTIO_F_IN_ORDER)).toBe(true);
  });

  it('refuses to offer a feature without its prerequisite', () => {
    expect(() => buildOfferedFeatures({ numQueuePairs: 1 }, { VIRTIO_NET_F_CTRL_VQ: false })).toThrow(FeatureDependencyError);
    expect(() => buildOfferedFeatures({ numQueuePairs: 1 }, { VIRTIO_NET_F_CTRL_VQ: false })).toThrow(/VIRTIO_NET_F_CTRL_RX requires VIRTIO_NET_F_CTRL_VQ/);
    expect(() => buildOfferedFeatures({ numQueuePairs: 2 }, { VIRTIO_NET_F_MQ: false })).toThrow(FeatureDependencyError);
    expect(() => buildOfferedFeatures({ numQueuePairs: 1 }, { VIRTIO_F_IN_ORDER: 1 as unknown as boolean })).toThrow(VirtioParamError);
  });

  it('any option mix either throws or offers a dependency-clean set', () => {
    const names = Object.keys(OPTIONAL_FEATURE_DEFAULTS) as OptionalFeatureName[];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.boolean()), fc.integer({ min: 1, max: 8 }), (opts, pairs) => {
        let set: FeatureSet;
        try {
          set = buildOfferedFeatures({ numQueuePairs: pairs }, opts);
        } catch (e) {
          expect(e).toBeInstanceOf(FeatureDependencyError);
          return;
        }
        expect(dependencyViolations(set)).toEqual([]);
        expect(set.has(VIRTIO_F_VERSION_1)).toBe(true);
        if (pairs > 1) expect(set.has(VIRTIO_NET_F_MQ)).toBe(true);
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});

describe('FEATURES_OK validation', () => {
  const offered = buildOfferedFeatures({ numQueuePairs: 2 });
  it('accepts the offered set and a minimal one', () => {
    expect(validateDriverFeatures(offered.clone(), offered)).toBeNull();
    expect(validateDriverFeatures(FeatureSet.of([VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED]), offered)).toBeNull();
  });
  it('refuses a bit not offered, a missing mandatory bit, a broken dependency', () => {
    expect(validateDriverFeatures(offered.clone().add(VIRTIO_F_IN_ORDER), offered)?.reason).toBe('notOffered');
    expect(validateDriverFeatures(offered.clone().delete(VIRTIO_F_VERSION_1), offered)?.reason).toBe('missingMandatory');
    expect(validateDriverFeatures(offered.clone().delete(VIRTIO_F_RING_PACKED), offered)?.reason).toBe('missingMandatory');
    const r = validateDriverFeatures(FeatureSet.of([VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED, VIRTIO_NET_F_MQ]), offered);
    expect(r?.reason).toBe('dependency');
    expect(r?.detail).toContain('VIRTIO_NET_F_MQ requires VIRTIO_NET_F_CTRL_VQ');
  });
});
