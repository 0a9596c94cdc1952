import { describe, expect, it } from 'vitest';
import { VirtioAccessError } from './errors.js';
import { ISR_CONFIG, ISR_QUEUE } from './isr.js';
import { VirtioPciRegs } from './regs.js';

describe('ISR status (§4.1.4.5)', () => {
  it('bit values are queue 0x1, config 0x2', () => {
    expect([ISR_QUEUE, ISR_CONFIG]).toEqual([1, 2]);
  });

  it('a driver read returns the bits and clears them', () => {
    const r = new VirtioPciRegs();
    r.setIsr(ISR_QUEUE);
    r.setIsr(ISR_CONFIG);
    expect(r.isrStatus).toBe(3); // peek has no side effect
    expect(r.read('isr', 0, 1)).toBe(3);
    expect(r.read('isr', 0, 1)).toBe(0);
    expect(r.isrStatus).toBe(0);
  });

  it('a wider read at offset 0 also clears; other offsets read 0 and do not clear', () => {
    const r = new VirtioPciRegs();
    r.setIsr(ISR_QUEUE);
    expect(r.readDetailed('isr', 1, 1)).toEqual({ value: 0, events: [{ kind: 'unmapped', region: 'isr', offset: 1, size: 1 }] });
    expect(r.isrStatus).toBe(1);
    expect(r.read('isr', 0, 4)).toBe(1);
    expect(r.isrStatus).toBe(0);
  });

  it('writes are ignored and reported', () => {
    const r = new VirtioPciRegs();
    r.setIsr(ISR_CONFIG);
    expect(r.write('isr', 0, 1, 0)).toEqual([{ kind: 'readOnly', region: 'isr', field: 'isr_status', value: 0 }]);
    expect(r.write('isr', 8, 4, 0)).toEqual([{ kind: 'unmapped', region: 'isr', offset: 8, size: 4 }]);
    expect(r.isrStatus).toBe(ISR_CONFIG);
  });

  it('reserved bits cannot be set', () => {
    expect(() => new VirtioPciRegs().setIsr(4)).toThrow(VirtioAccessError);
  });
});
