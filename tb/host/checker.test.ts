import { describe, expect, it } from 'vitest';
import { cpl, mrd, mwr } from '../../model/tlp/build.js';
import type { Tlp } from '../../model/tlp/types.js';
import { HostChecker } from './checker.js';
import { HOST_RULES, HostCheckError, type HostRule } from './errors.js';

const REQ_ID = 0x0100;
const good = (): Tlp => mrd({ address: 0x1000, length: 16, requesterId: REQ_ID, tag: 1 });

function only(checker: HostChecker, tlp: Tlp, rule: HostRule): HostCheckError {
  const found = checker.check(tlp, 42);
  expect(found.map((e) => e.rule)).toEqual([rule]);
  const e = found[0];
  expect(e).toBeInstanceOf(HostCheckError);
  expect(e.tlp).toBe(tlp);
  expect(e.cycle).toBe(42);
  expect(e.section).toBe(HOST_RULES[rule].section);
  expect(e.message).toContain(rule);
  return e;
}

const checker = (): HostChecker => new HostChecker({ requesterId: REQ_ID, maxPayloadSize: 256, maxReadRequestSize: 512, tagLimit: 32 });

describe('HostChecker: one malformed request per rule', () => {
  it('a well-formed read and write pass', () => {
    const c = checker();
    expect(c.check(good(), 1)).toEqual([]);
    expect(c.check(mwr({ address: 0x2000, data: new Uint8Array(256), requesterId: REQ_ID }), 2)).toEqual([]);
  });
  it('BUS_MASTER_DISABLED', () => {
    const c = checker();
    c.configure({ busMasterEnable: false });
    only(c, good(), 'BUS_MASTER_DISABLED');
  });
  it('NOT_A_REQUEST', () => {
    only(checker(), cpl({ completerId: REQ_ID, requesterId: 0, tag: 0 }), 'NOT_A_REQUEST');
  });
  it('REQUESTER_ID', () => {
    only(checker(), mrd({ address: 0x1000, length: 1, requesterId: 0x0200, tag: 1 }), 'REQUESTER_ID');
  });
  it('MAX_PAYLOAD_SIZE', () => {
    const e = only(checker(), mwr({ address: 0x2000, data: new Uint8Array(260), requesterId: REQ_ID }), 'MAX_PAYLOAD_SIZE');
    expect(e.message).toContain('260 bytes > Max_Payload_Size 256');
  });
  it('MAX_READ_REQUEST_SIZE', () => {
    only(checker(), mrd({ address: 0x1000, length: 129, requesterId: REQ_ID, tag: 1 }), 'MAX_READ_REQUEST_SIZE');
  });
  it('CROSSES_4K', () => {
    only(checker(), mrd({ address: 0x1ff0, length: 8, requesterId: REQ_ID, tag: 1 }), 'CROSSES_4K');
  });
  it('BYTE_ENABLES', () => {
    only(checker(), mrd({ address: 0x1000, length: 4, requesterId: REQ_ID, tag: 1, firstBe: 0b0101 }), 'BYTE_ENABLES');
  });
  it('ADDR64_BELOW_4G', () => {
    only(checker(), mrd({ address: 0x1000, length: 1, requesterId: REQ_ID, tag: 1, addr64: true }), 'ADDR64_BELOW_4G');
  });
  it('TAG_REUSE while outstanding, and no error after release', () => {
    const c = checker();
    expect(c.check(good(), 1)).toEqual([]);
    only(c, good(), 'TAG_REUSE');
    c.release(REQ_ID, 1);
    expect(c.check(good(), 50)).toEqual([]);
    expect(c.outstandingCount).toBe(1);
  });
  it('TAG_RANGE', () => {
    only(checker(), mrd({ address: 0x1000, length: 1, requesterId: REQ_ID, tag: 40 }), 'TAG_RANGE');
  });
  it('POISONED_REQUEST', () => {
    only(checker(), { ...mwr({ address: 0x2000, data: new Uint8Array(4), requesterId: REQ_ID }), ep: true }, 'POISONED_REQUEST');
  });
  it('MALFORMED: Length inconsistent with the payload', () => {
    only(checker(), { ...mwr({ address: 0x2000, data: new Uint8Array(8), requesterId: REQ_ID }), length: 3, lastBe: 0xf }, 'MALFORMED');
  });
  it('several violations of one request are all reported', () => {
    const c = checker();
    c.configure({ busMasterEnable: false });
    const rules = c.check(mrd({ address: 0x1ffc, length: 2, requesterId: 0x0300, tag: 1, addr64: false, lastBe: 0 }), 5).map((e) => e.rule);
    expect(rules).toEqual(['BUS_MASTER_DISABLED', 'REQUESTER_ID', 'CROSSES_4K', 'BYTE_ENABLES']);
    expect(c.errors).toHaveLength(4);
  });
  it('throwOnError throws the HostCheckError', () => {
    const c = new HostChecker({ busMasterEnable: false }, true);
    expect(() => c.check(good(), 3)).toThrow(HostCheckError);
  });
  it('rejects a Max_Payload_Size that is not a power of two', () => {
    expect(() => new HostChecker({ maxPayloadSize: 300 })).toThrow(/maxPayloadSize/);
  });
});
