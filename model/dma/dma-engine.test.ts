import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yielder } from '../util/yielder.js';
import { cpl, cplD } from '../tlp/build.js';
import { checkTlp } from '../tlp/rules.js';
import { CplStatus, type Tlp } from '../tlp/types.js';
import { Prng } from '../util/prng.js';
import { DmaEngine, type DmaOutTlp } from './dma-engine.js';
import { TestCompleter, enabledRange } from './test-completer.js';
import type { DmaConfig, DmaFault, DmaReadClient } from './types.js';

const SIZES = [128, 256, 512, 1024, 2048, 4096];

function config(over: Partial<DmaConfig> = {}): DmaConfig & { busMasterEnable: boolean } {
  return { busMasterEnable: true, maxPayloadSize: 256, maxReadRequestSize: 512, requesterId: 0x0300, ...over };
}

class Recorder implements DmaReadClient {
  done = new Map<number, Uint8Array>();
  failed = new Map<number, DmaFault>();
  dmaReadDone(cookie: number, data: Uint8Array): void {
    this.done.set(cookie, data);
  }
  dmaReadFailed(cookie: number, fault: DmaFault): void {
    this.failed.set(cookie, fault);
  }
}

function setup(over: Partial<DmaConfig> = {}, opts: { tagCount?: number; completionTimeoutCycles?: number } = {}) {
  const cfg = config(over);
  const faults: DmaFault[] = [];
  const engine = new DmaEngine(cfg, { ...opts, onFault: (f) => faults.push(f) });
  return { cfg, engine, faults, client: new Recorder() };
}

/** Check the request rules and return the byte ranges the requests cover, in order. */
function ranges(tlps: DmaOutTlp[], limit: number): { start: number; end: number }[] {
  return tlps.map(({ tlp }) => {
    checkTlp(tlp); // BE rules, 4 KiB, 3/4-DW address form (PCIe r6.0 §2.2.4.1, §2.2.5, §2.2.7)
    expect(tlp.length * 4).toBeLessThanOrEqual(limit);
    return enabledRange(tlp);
  });
}

function expectContiguous(rs: { start: number; end: number }[], addr: number, len: number): void {
  expect(rs[0].start).toBe(addr);
  for (let i = 1; i < rs.length; i++) expect(rs[i].start).toBe(rs[i - 1].end);
  expect(rs[rs.length - 1].end).toBe(addr + len);
}

describe('DmaEngine splitting (PCIe r6.0 §2.2.7)', () => {
  const addrArb = fc.oneof(fc.integer({ min: 0, max: 0x2_0000 }), fc.integer({ min: 0xffff_f000, max: 0x1_0002_0000 }), fc.integer({ min: 0, max: 2 ** 40 }));

  it('MRd: union is the range, none crosses 4 KiB, none exceeds MRRS, BEs correct', async () => {
    const tick = yielder(20);
    await fc.assert(fc.asyncProperty(addrArb, fc.integer({ min: 1, max: 20000 }), fc.constantFrom(...SIZES), async (addr, len, mrrs) => {
      await tick();
      const { engine, client } = setup({ maxReadRequestSize: mrrs }, { tagCount: 256 });
      engine.read(addr, len, client, 1);
      const out = engine.takeTlps();
      expect(out.every((o) => o.channel === 'tx_rd_req' && o.tlp.kind === 'MRd')).toBe(true);
      expectContiguous(ranges(out, mrrs), addr, len);
      expect(new Set(out.map((o) => o.tlp.tag)).size).toBe(out.length);
    }), { numRuns: 400 });
  });

  it('MWr: union is the range, payload bytes in place, none exceeds MPS', async () => {
    const tick = yielder(20);
    await fc.assert(fc.asyncProperty(addrArb, fc.integer({ min: 1, max: 9000 }), fc.constantFrom(...SIZES), async (addr, len, mps) => {
      await tick();
      const { engine } = setup({ maxPayloadSize: mps });
      const data = new Uint8Array(len);
      for (let i = 0; i < len; i++) data[i] = (i * 7 + 3) & 0xff;
      engine.write(addr, data);
      const out = engine.takeTlps();
      const rs = ranges(out, mps);
      expectContiguous(rs, addr, len);
      out.forEach(({ tlp }, i) => {
        const { start, end } = rs[i];
        expect(Array.from(tlp.data.subarray(start - Number(tlp.address), end - Number(tlp.address)))).toEqual(Array.from(data.subarray(start - addr, end - addr)));
      });
    }), { numRuns: 400 });
  });

  it('uses the 3-DW form below 4 GiB and the 4-DW form above (PCIe r6.0 §2.2.4.1)', () => {
    const { engine, client } = setup({ maxReadRequestSize: 128 });
    engine.read(0xffff_ff80, 256, client, 0);
    const out = engine.takeTlps().map((o) => o.tlp);
    expect(out.map((t) => [t.address, t.addr64])).toEqual([[0xffff_ff80n, false], [0x1_0000_0000n, true]]);
  });

  it('single-DW and two-DW edge cases have the spec BEs (PCIe r6.0 §2.2.5)', () => {
    const { engine } = setup();
    engine.write(0x1001, new Uint8Array(2)); // bytes 1..2 of one DW
    engine.write(0x1003, new Uint8Array(2)); // byte 3, then byte 0 of the next DW
    const [a, b] = engine.takeTlps().map((o) => o.tlp);
    expect([a.length, a.firstBe, a.lastBe]).toEqual([1, 0b0110, 0]);
    expect([b.length, b.firstBe, b.lastBe]).toEqual([2, 0b1000, 0b0001]);
  });

  it('a reserved MRRS value is treated as 128', () => {
    const { engine, client } = setup({ maxReadRequestSize: 8192 });
    engine.read(0, 512, client, 0);
    expect(engine.takeTlps().map((o) => o.tlp.length)).toEqual([32, 32, 32, 32]);
  });
});

describe('DmaEngine tags and completions', () => {
  it('waits for a free tag, then issues (tag pool bound)', () => {
    const { engine, client } = setup({ maxReadRequestSize: 128 }, { tagCount: 2 });
    const mem = new Uint8Array(4096).map((_, i) => i & 0xff);
    const host = new TestCompleter(mem);
    engine.read(0, 384, client, 7);
    let out = engine.takeTlps();
    expect(out.map((o) => o.tlp.tag)).toEqual([0, 1]);
    host.accept(out);
    engine.onCompletion(host.next()!, 10); // tag 0, first 64 B (RCB split)
    expect(engine.takeTlps()).toEqual([]);
    engine.onCompletion(host.next()!, 11); // tag 0 done -> tag 0 reused for the third piece
    out = engine.takeTlps();
    expect(out.map((o) => [o.tlp.tag, o.tlp.address])).toEqual([[0, 256n]]);
    host.accept(out);
    for (let t = host.next(); t; t = host.next()) engine.onCompletion(t, 12);
    expect(Array.from(client.done.get(7)!)).toEqual(Array.from(mem.subarray(0, 384)));
    expect(engine.busy).toBe(false);
  });

  it('a withdrawn MRd frees its tag unanswered; a dropped pending read is never issued (reset before the bus)', () => {
    const { engine, client, faults } = setup({ maxReadRequestSize: 128 }, { tagCount: 2 });
    const other = new Recorder();
    engine.read(0, 256, client, 1); // tags 0 and 1
    engine.read(0x1000, 64, other, 2); // waits for a tag
    const out = engine.takeTlps();
    expect(out.map((o) => o.tlp.tag)).toEqual([0, 1]);
    expect(engine.clientOfTag(1)).toBe(client);
    engine.dropPending(other);
    engine.withdrawRead(1);
    engine.withdrawRead(0);
    expect(engine.clientOfTag(0)).toBeNull();
    expect(engine.takeTlps()).toEqual([]); // the dropped read did not take the freed tags
    expect(engine.busy).toBe(false);
    expect(client.done.size + client.failed.size + other.done.size + other.failed.size + faults.length).toBe(0);
    engine.read(0x2000, 4, client, 3);
    expect(engine.takeTlps().map((o) => o.tlp.tag)).toEqual([0]);
  });

  it('reassembles RCB-split completions arriving in any order across tags', async () => {
    const tick = yielder(5);
    await fc.assert(fc.asyncProperty(fc.integer(), fc.constantFrom(64, 128), fc.constantFrom(...SIZES), async (seed, rcb, mrrs) => {
      await tick();
      const rng = new Prng(seed);
      const mem = new Uint8Array(0x8000);
      for (let i = 0; i < mem.length; i++) mem[i] = rng.u32() & 0xff;
      const { engine, client, faults } = setup({ maxReadRequestSize: mrrs, readCompletionBoundary: rcb }, { tagCount: 4 });
      const host = new TestCompleter(mem, { rcb, rng });
      const reqs: [number, number][] = [];
      for (let k = 0; k < 6; k++) {
        const a = rng.u32() % 0x6000;
        const l = 1 + (rng.u32() % 0x1800);
        reqs.push([a, l]);
        engine.read(a, l, client, k);
      }
      let cycle = 0;
      for (let guard = 0; guard < 10000; guard++) {
        host.accept(engine.takeTlps());
        const c = host.next();
        if (!c) break;
        engine.onCompletion(c, ++cycle);
      }
      expect(faults).toEqual([]);
      reqs.forEach(([a, l], k) => expect(Array.from(client.done.get(k)!)).toEqual(Array.from(mem.subarray(a, a + l))));
    }), { numRuns: 60 });
  });
});

describe('DmaEngine faults (never thrown, never hung)', () => {
  function oneRead(len = 8, addr = 0x100) {
    const s = setup();
    s.engine.read(addr, len, s.client, 5);
    const [req] = s.engine.takeTlps();
    return { ...s, req: req.tlp };
  }
  function goodCpl(req: Tlp, over: Partial<Tlp> = {}): Tlp {
    return { ...cplD({ completerId: 0, requesterId: req.requesterId, tag: req.tag, byteCount: req.length * 4, lowerAddress: Number(req.address % 128n), data: new Uint8Array(req.length * 4) }), ...over };
  }

  const cases: [string, (req: Tlp) => Tlp, DmaFault['kind']][] = [
    ['UR', (r) => cpl({ completerId: 0, requesterId: r.requesterId, tag: r.tag, status: CplStatus.UR, byteCount: 8 }), 'UnsupportedRequest'],
    ['CA', (r) => cpl({ completerId: 0, requesterId: r.requesterId, tag: r.tag, status: CplStatus.CA, byteCount: 8 }), 'CompleterAbort'],
    ['poisoned', (r) => goodCpl(r, { ep: true }), 'Poisoned'],
    ['Cpl SC without data', (r) => cpl({ completerId: 0, requesterId: r.requesterId, tag: r.tag, byteCount: 8 }), 'MalformedCompletion'],
    ['wrong Byte Count', (r) => goodCpl(r, { byteCount: 4 }), 'MalformedCompletion'],
    ['wrong Lower Address', (r) => goodCpl(r, { lowerAddress: 4 }), 'MalformedCompletion'],
    ['final with extra DW', (r) => goodCpl(r, { length: 3, data: new Uint8Array(12) }), 'MalformedCompletion'],
  ];
  for (const [name, make, kind] of cases) {
    it(`${name} -> ${kind}, reported to owner and client once, tag freed`, () => {
      const { engine, client, faults, req } = oneRead();
      engine.onCompletion(make(req), 5);
      expect(faults.map((f) => f.kind)).toEqual([kind]);
      expect(client.failed.get(5)?.kind).toBe(kind);
      expect(client.done.size).toBe(0);
      expect(engine.outstandingTags).toBe(0);
    });
  }

  it('a partial completion not ending on the RCB is malformed (PCIe r6.0 §2.3.1.1)', () => {
    const { engine, client, faults, req } = oneRead(128, 0x100);
    engine.onCompletion(goodCpl(req, { length: 4, data: new Uint8Array(16), byteCount: 128 }), 3); // 16 of 128 bytes
    expect(faults.map((f) => f.kind)).toEqual(['MalformedCompletion']);
    expect(faults[0].message).toMatch(/Read Completion Boundary/);
    expect(client.failed.size).toBe(1);
  });

  it('unknown tag and foreign Requester ID are Unexpected Completions; the request stays outstanding', () => {
    const { engine, client, faults, req } = oneRead();
    engine.onCompletion(goodCpl(req, { tag: 9 }), 1);
    engine.onCompletion(goodCpl(req, { requesterId: 0x0400 }), 2);
    expect(faults.map((f) => f.kind)).toEqual(['UnexpectedCompletion', 'UnexpectedCompletion']);
    expect(engine.outstandingTags).toBe(1);
    engine.onCompletion(goodCpl(req), 3);
    expect(client.done.has(5)).toBe(true);
  });

  it('completion timeout fires at issue + completionTimeoutCycles, found via nextEventCycle', () => {
    const { engine, client, faults } = setup({}, { completionTimeoutCycles: 1000 });
    engine.advanceTo(50);
    expect(engine.nextEventCycle()).toBe(Infinity);
    engine.read(0x200, 16, client, 1);
    expect(engine.nextEventCycle()).toBe(1050);
    engine.advanceTo(1049);
    expect(faults).toEqual([]);
    engine.advanceTo(engine.nextEventCycle());
    expect(faults.map((f) => [f.kind, f.cycle])).toEqual([['CompletionTimeout', 1050]]);
    expect(client.failed.get(1)?.kind).toBe('CompletionTimeout');
    expect(engine.nextEventCycle()).toBe(Infinity);
    expect(engine.busy).toBe(false);
  });

  it('a timed-out tag is quarantined: a late completion is Unexpected and releases it', () => {
    const { engine, client, faults } = setup({ maxReadRequestSize: 128 }, { tagCount: 2, completionTimeoutCycles: 100 });
    const mem = new Uint8Array(0x1000).map((_, i) => i & 0xff);
    const host = new TestCompleter(mem);
    engine.read(0, 8, client, 1);
    host.accept(engine.takeTlps());
    engine.advanceTo(100);
    expect(faults.map((f) => f.kind)).toEqual(['CompletionTimeout']);
    expect([engine.quarantinedTags, engine.outstandingTags, engine.busy]).toEqual([1, 0, false]);
    engine.read(0x100, 8, client, 2); // must not get tag 0
    expect(engine.takeTlps().map((o) => o.tlp.tag)).toEqual([1]);
    engine.onCompletion(host.next()!, 150); // the late answer for tag 0
    expect(faults.map((f) => f.kind)).toEqual(['CompletionTimeout', 'UnexpectedCompletion']);
    expect(faults[1].message).toMatch(/after its Completion Timeout/);
    expect(engine.quarantinedTags).toBe(0);
    expect(client.done.size).toBe(0);
  });

  it('with every tag quarantined a new read fails at once instead of waiting forever', () => {
    const { engine, client, faults } = setup({}, { tagCount: 1, completionTimeoutCycles: 100 });
    engine.read(0, 4, client, 1);
    engine.advanceTo(100);
    engine.read(0, 4, client, 2);
    expect(engine.takeTlps()).toHaveLength(1); // only the first MRd ever went out
    expect(faults.map((f) => f.kind)).toEqual(['CompletionTimeout', 'CompletionTimeout']);
    expect(client.failed.get(2)!.message).toMatch(/all 1 tags are held/);
    engine.reset();
    engine.read(0, 4, client, 3);
    expect(engine.takeTlps().map((o) => o.tlp.tag)).toEqual([0]);
  });

  it('a poisoned CplD fails the read once but the tag stays until the last completion (PCIe r6.0 §2.7.2)', () => {
    const { engine, client, faults } = setup();
    const mem = new Uint8Array(0x1000);
    const host = new TestCompleter(mem, { rcb: 64 });
    engine.read(0x40, 128, client, 4);
    host.accept(engine.takeTlps());
    const first = host.next()!;
    engine.onCompletion({ ...first, ep: true }, 1);
    expect(faults.map((f) => f.kind)).toEqual(['Poisoned']);
    expect(engine.outstandingTags).toBe(1);
    engine.onCompletion(host.next()!, 2);
    expect(faults.map((f) => f.kind)).toEqual(['Poisoned']);
    expect([engine.outstandingTags, client.done.size, client.failed.size]).toEqual([0, 0, 1]);
  });

  it('Bus Master Enable clear: reads and writes are refused with a fault, no TLP (PCIe r6.0 §7.5.1.1.3)', () => {
    const { engine, client, faults, cfg } = setup();
    cfg.busMasterEnable = false;
    engine.read(0, 64, client, 3);
    engine.write(0, new Uint8Array(8));
    expect(engine.takeTlps()).toEqual([]);
    expect(faults.map((f) => f.kind)).toEqual(['BusMasterDisabled', 'BusMasterDisabled']);
    expect(client.failed.get(3)?.kind).toBe('BusMasterDisabled');
    cfg.busMasterEnable = true;
    engine.write(0, new Uint8Array(8));
    expect(engine.takeTlps()).toHaveLength(1);
  });

  it('bad request arguments throw a typed error naming the field', () => {
    const { engine, client } = setup();
    expect(() => engine.read(0, 0, client, 0)).toThrow(/"len" = 0/);
    expect(() => engine.write(2 ** 53 - 2, new Uint8Array(4))).toThrow(/2\^53/);
  });
});

describe('DmaEngine read destinations (copies saved)', () => {
  it('assembles a split read into the caller-given dest and hands dest back', () => {
    const { engine, client } = setup({ maxReadRequestSize: 128 });
    const mem = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    const host = new TestCompleter(mem);
    const dest = new Uint8Array(300);
    engine.read(5, 300, client, 1, dest);
    for (let round = 0; round < 20 && !client.done.has(1); round++) {
      host.accept(engine.takeTlps());
      for (let t = host.next(); t; t = host.next()) engine.onCompletion(t, round);
    }
    expect(client.done.get(1)).toBe(dest);
    expect(Array.from(dest)).toEqual(Array.from(mem.subarray(5, 305)));
  });

  it('hands a one-CplD read out as a view of that CplD payload, with the right bytes', () => {
    const { engine, client } = setup({ maxReadRequestSize: 512, maxPayloadSize: 512 });
    engine.read(0x1006, 10, client, 2);
    const [{ tlp: req }] = engine.takeTlps();
    const payload = new Uint8Array(req.length * 4).map((_, i) => 0x40 + i);
    // One CplD for the whole read: Byte Count 10, Lower Address 0x06 (PCIe r6.0 §2.3.1.1).
    engine.onCompletion(cplD({ completerId: 0, requesterId: req.requesterId, tag: req.tag, byteCount: 10, lowerAddress: 0x06, data: payload }), 5);
    const got = client.done.get(2)!;
    expect(Array.from(got)).toEqual(Array.from(payload.subarray(2, 12)));
    expect(got.buffer).toBe(payload.buffer);
  });

  it('refuses a dest of the wrong length with a typed error', () => {
    const { engine, client } = setup();
    expect(() => engine.read(0, 16, client, 3, new Uint8Array(8))).toThrow(/dest.length/);
  });
});
