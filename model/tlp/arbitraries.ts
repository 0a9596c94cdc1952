// fast-check generators of valid TLPs of every kind, for property tests here and in other
// folders (the bridge and RTL benches). Test-only: imports fast-check.

import fc from 'fast-check';
import { cfgRd0, cfgWr0, cpl, cplD, mrd, msg, mwr } from './build.js';
import type { Tlp } from './types.js';

const FIRST_CONTIG = [0b1000, 0b1100, 0b1110, 0b1111];
const LAST_CONTIG = [0b0001, 0b0011, 0b0111, 0b1111];

const id16 = fc.integer({ min: 0, max: 0xffff });
const tag8 = fc.integer({ min: 0, max: 0xff });

/** Common DW0 attributes. `td` only when the caller's form carries it (the byte codec does not). */
function dw0(withTd: boolean): fc.Arbitrary<{ tc: number; attr: number; ep: boolean; td: boolean }> {
  return fc.record({
    tc: fc.integer({ min: 0, max: 7 }),
    attr: fc.integer({ min: 0, max: 3 }),
    ep: fc.boolean(),
    td: withTd ? fc.boolean() : fc.constant(false),
  });
}

/** A DW-aligned address and Length that stay inside one 4 KiB page (PCIe r6.0 §2.2.7). */
const placement = fc
  .record({
    addr64: fc.boolean(),
    // the whole 64-bit space, edges likely (2^53 and 2^64 - 4 KiB)
    hi: fc.oneof(fc.integer({ min: 1, max: 0xffff_ffff }), fc.constantFrom(1, 0x1f_ffff, 0x20_0000, 0xffff_ffff)),
    page: fc.integer({ min: 0, max: 0xf_ffff }),
    dwInPage: fc.integer({ min: 0, max: 1023 }),
  })
  .chain((p) =>
    fc.integer({ min: 1, max: 1024 - p.dwInPage }).map((length) => ({
      addr64: p.addr64,
      address: (p.addr64 ? BigInt(p.hi) << 32n : 0n) + BigInt(p.page * 4096 + p.dwInPage * 4),
      length,
    })),
  );

/** Byte enables that obey §2.2.5 for this Length and address. */
function byteEnables(length: number, address: bigint): fc.Arbitrary<{ firstBe: number; lastBe: number }> {
  if (length === 1) return fc.record({ firstBe: fc.integer({ min: 0, max: 15 }), lastBe: fc.constant(0) });
  if (length === 2 && (address & 7n) === 0n) {
    return fc.record({ firstBe: fc.integer({ min: 1, max: 15 }), lastBe: fc.integer({ min: 1, max: 15 }) });
  }
  return fc.record({ firstBe: fc.constantFrom(...FIRST_CONTIG), lastBe: fc.constantFrom(...LAST_CONTIG) });
}

const memRequest = placement.chain((p) =>
  fc.record({ p: fc.constant(p), be: byteEnables(p.length, p.address), requesterId: id16, tag: tag8 }),
);

export function arbMRd(withTd = false): fc.Arbitrary<Tlp> {
  return fc.tuple(memRequest, dw0(withTd)).map(([r, d]) => ({
    ...mrd({ ...r.p, ...r.be, requesterId: r.requesterId, tag: r.tag }),
    ...d,
  }));
}

export function arbMWr(withTd = false): fc.Arbitrary<Tlp> {
  return fc
    .tuple(memRequest, dw0(withTd))
    .chain(([r, d]) =>
      fc.uint8Array({ minLength: r.p.length * 4, maxLength: r.p.length * 4 }).map((data) => ({
        ...mwr({ address: r.p.address, addr64: r.p.addr64, data, ...r.be, requesterId: r.requesterId, tag: r.tag }),
        ...d,
      })),
    );
}

const cfgArgs = fc.record({
  requesterId: id16,
  tag: tag8,
  targetId: id16,
  register: fc.integer({ min: 0, max: 0x3ff }).map((n) => n * 4),
  firstBe: fc.integer({ min: 0, max: 15 }),
});

export function arbCfgRd0(withTd = false): fc.Arbitrary<Tlp> {
  return fc.tuple(cfgArgs, dw0(withTd)).map(([a, d]) => ({ ...cfgRd0(a), ...d }));
}

export function arbCfgWr0(withTd = false): fc.Arbitrary<Tlp> {
  return fc
    .tuple(cfgArgs, dw0(withTd), fc.uint8Array({ minLength: 4, maxLength: 4 }))
    .map(([a, d, data]) => ({ ...cfgWr0({ ...a, data }), ...d }));
}

const cplArgs = fc.record({
  completerId: id16,
  requesterId: id16,
  tag: tag8,
  byteCount: fc.integer({ min: 1, max: 4096 }),
  lowerAddress: fc.integer({ min: 0, max: 0x7f }),
  bcm: fc.boolean(),
});

export function arbCpl(withTd = false): fc.Arbitrary<Tlp> {
  return fc
    .tuple(cplArgs, dw0(withTd), fc.constantFrom(0, 1, 2, 4))
    .map(([a, d, status]) => ({ ...cpl({ ...a, status }), ...d }));
}

export function arbCplD(withTd = false): fc.Arbitrary<Tlp> {
  return fc
    .tuple(cplArgs, dw0(withTd), fc.integer({ min: 1, max: 1024 }))
    .chain(([a, d, length]) =>
      fc.uint8Array({ minLength: length * 4, maxLength: length * 4 }).map((data) => ({ ...cplD({ ...a, data }), ...d })),
    );
}

/** Msg (no payload) or MsgD (1..8 DW): any routing 000..101, message code and header bytes 8..15. */
export function arbMsg(withTd = false): fc.Arbitrary<Tlp> {
  return fc
    .tuple(
      fc.record({ requesterId: fc.integer({ min: 0, max: 0xffff }), tag: fc.integer({ min: 0, max: 0xff }), routing: fc.integer({ min: 0, max: 5 }),
        messageCode: fc.integer({ min: 0, max: 0xff }), bytes8to15: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }),
      dw0(withTd), fc.integer({ min: 0, max: 8 }),
    )
    .chain(([a, d, dws]) => fc.uint8Array({ minLength: dws * 4, maxLength: dws * 4 }).map((data) => ({ ...msg({ ...a, data }), ...d })));
}

/** Any valid TLP of a kind this project exchanges. */
export function arbTlp(withTd = false): fc.Arbitrary<Tlp> {
  return fc.oneof(arbMRd(withTd), arbMWr(withTd), arbCfgRd0(withTd), arbCfgWr0(withTd), arbCpl(withTd), arbCplD(withTd), arbMsg(withTd));
}
