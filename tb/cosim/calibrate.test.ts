// The pieces of calibrate.ts that need no simulator: which output kind a transaction is and which
// profile key moves it (the fit itself runs against a real build in timing.test.ts).
import { describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE } from '../../model/timing/profile.js';
import type { Tlp } from '../../model/tlp/types.js';
import { MSI_BASE } from '../driver/layout.js';
import { keyFor, keyValue, kindOf, OUTPUT_KINDS, withKey } from './calibrate.js';
import type { OutputEvent } from './events.js';

const write = (address: bigint): OutputEvent => ({ channel: 'tx_wr_req', cycle: 0, tlp: { kind: 'MWr', address } as unknown as Tlp }) as OutputEvent;

describe('calibrate: output kinds and their keys', () => {
  it('an MWr to the driver\'s MSI-X message window is an MSI-X message; any other MWr a memory write', () => {
    expect(kindOf(write(BigInt(MSI_BASE) + 0x10n))).toBe('MSI-X message');
    expect(kindOf(write(0x1_0000_2000n))).toBe('memory write');
    expect(kindOf(write(2n ** 63n))).toBe('memory write');
    expect(kindOf({ channel: 'tx_rd_req', cycle: 0 } as OutputEvent)).toBe('read request');
    expect(kindOf({ channel: 'm_axis_tx', cycle: 0 } as OutputEvent)).toBe('frame');
  });
  it('oneJob profiles move engine steps, perQueue ones the latencies the model applies there; every key exists', () => {
    const perQueue = { ...REFERENCE_RTL_PROFILE, policy: { ...REFERENCE_RTL_PROFILE.policy, scheduling: 'perQueue' as const } };
    expect(keyFor(REFERENCE_RTL_PROFILE, 'read request')).toBe('engine.readIssueToBus');
    expect(keyFor(perQueue, 'read request')).toBe('latency.dmaReadIssue');
    for (const kind of OUTPUT_KINDS) {
      for (const p of [REFERENCE_RTL_PROFILE, perQueue]) {
        const key = keyFor(p, kind);
        expect(Number.isInteger(keyValue(p, key)), key).toBe(true);
        const moved = withKey(p, key, keyValue(p, key) + 7);
        expect(keyValue(moved, key)).toBe(keyValue(p, key) + 7);
        expect(keyValue(p, key)).not.toBe(keyValue(moved, key)); // a copy: the original is untouched
      }
    }
  });
});
