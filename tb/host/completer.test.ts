import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrd } from '../../model/tlp/build.js';
import { encodeTlp } from '../../model/tlp/codec.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { HostCompleter, readRange, type CompleterOptions, type HostEvent } from './completer.js';
import { HostMemory } from './memory.js';
import { yielder } from '../../model/util/yielder.js';

const REQ = 0x0100;

function memory(): HostMemory {
  const m = new HostMemory();
  const bytes = Uint8Array.from({ length: 0x4000 }, (_, i) => (i * 7 + 3) & 0xff);
  m.write(0x0, bytes);
  return m;
}

function run(req: Tlp[], o: Partial<CompleterOptions>, mem = memory()): HostEvent[] {
  const c = new HostCompleter(mem, o);
  req.forEach((r, i) => c.request(r, i));
  return c.poll(1_000_000);
}

const cpls = (ev: HostEvent[]): Tlp[] => ev.flatMap((e) => (e.type === 'completion' ? [e.tlp] : []));

describe('splitting at the Read Completion Boundary (PCIe r6.0 §2.3.1.1)', () => {
  // Reads 0x1002..0x10ff: First DW BE 1100b starts the data at byte 2 of DW 0x1000.
  const req = mrd({ address: 0x1000, length: 64, requesterId: REQ, tag: 3, firstBe: 0b1100 });

  it('RCB 64, split at every boundary: Byte Count = remaining, Lower Address = first byte', () => {
    const out = cpls(run([req], { rcb: 64, split: 'rcb', maxPayloadSize: 256 }));
    expect(out.map((t) => t.byteCount)).toEqual([254, 192, 128, 64]);
    expect(out.map((t) => t.lowerAddress)).toEqual([0x02, 0x40, 0x00, 0x40]);
    expect(out.map((t) => t.length)).toEqual([16, 16, 16, 16]);
    expect(out.every((t) => t.kind === 'CplD' && t.status === CplStatus.SC && t.tag === 3 && t.requesterId === REQ)).toBe(true);
  });

  it('RCB 128 gives two completions', () => {
    const out = cpls(run([req], { rcb: 128, split: 'rcb', maxPayloadSize: 256 }));
    expect(out.map((t) => [t.byteCount, t.lowerAddress, t.length])).toEqual([[254, 0x02, 32], [128, 0x00, 32]]);
  });

  it('largest split is bounded by Max_Payload_Size and still ends on an RCB boundary', () => {
    // MPS 128 from DW 0x1000: a completion may end at 0x1080 at most.
    const out = cpls(run([req], { rcb: 64, split: 'largest', maxPayloadSize: 128 }));
    expect(out.map((t) => [t.byteCount, t.lowerAddress, t.length])).toEqual([[254, 0x02, 32], [128, 0x00, 32]]);
  });

  it('one completion when the whole read fits in MPS', () => {
    const out = cpls(run([req], { rcb: 64, split: 'largest', maxPayloadSize: 512 }));
    expect(out.map((t) => [t.byteCount, t.lowerAddress, t.length])).toEqual([[254, 0x02, 64]]);
  });

  it('Byte Count from the Byte Enables of 1 DW reads, including zero-length', () => {
    const one = (firstBe: number): [number, number] => {
      const t = cpls(run([mrd({ address: 0x2010, length: 1, requesterId: REQ, tag: 0, firstBe })], {}))[0];
      return [t.byteCount, t.lowerAddress];
    };
    expect(one(0b1001)).toEqual([4, 0x10]); // holes count (§2.3.1.1 Byte Count table)
    expect(one(0b0100)).toEqual([1, 0x12]);
    expect(one(0b0110)).toEqual([2, 0x11]);
    expect(one(0b0000)).toEqual([1, 0x10]); // zero-length read: 1 DW of data, Byte Count 1
  });

  it('invariants for random reads, RCBs, MPS and split policies', async () => {
    const arb = fc.record({
      dw: fc.integer({ min: 0, max: 1023 }),
      len: fc.integer({ min: 1, max: 1024 }),
      fb: fc.constantFrom(0b1000, 0b1100, 0b1110, 0b1111),
      lb: fc.constantFrom(0b0001, 0b0011, 0b0111, 0b1111),
      rcb: fc.constantFrom(64 as const, 128 as const),
      mps: fc.constantFrom(128, 256, 512),
      split: fc.constantFrom('rcb' as const, 'largest' as const, 'random' as const),
      seed: fc.integer(),
    });
    const mem = memory();
    const tick = yielder(20);
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        await tick();
        const length = Math.min(a.len, 1024 - a.dw);
        const r = mrd({ address: 0x1000 + a.dw * 4, length, requesterId: REQ, tag: 9, firstBe: length === 1 ? 0xf : a.fb, lastBe: length === 1 ? 0 : a.lb });
        const { page, start, end } = readRange(r);
        expect(page).toBe(0x1000n);
        const ev = run([r], { rcb: a.rcb, maxPayloadSize: a.mps, split: a.split, seed: a.seed }, mem);
        let cur = start;
        ev.forEach((e, i) => {
          expect(e.type).toBe('completion');
          if (e.type !== 'completion') return;
          const t = e.tlp;
          expect(t.byteCount).toBe(end - cur);
          expect(t.lowerAddress).toBe(cur & 0x7f);
          expect(t.data.length).toBeLessThanOrEqual(a.mps);
          encodeTlp(t); // well-formed on the wire
          const dwStart = cur - (cur % 4);
          const partEnd = Math.min(end, dwStart + t.data.length);
          expect(t.data.subarray(cur - dwStart, partEnd - dwStart)).toEqual(mem.read(0x1000 + cur, partEnd - cur));
          expect(e.final).toBe(i === ev.length - 1);
          if (!e.final) expect(partEnd % a.rcb).toBe(0);
          cur = partEnd;
        });
        expect(cur).toBe(end);
      }),
      { numRuns: 400 },
    );
  });
});

describe('timing and ordering', () => {
  it('first completion after the latency; back-to-back completions wait for the bus', () => {
    const c = new HostCompleter(memory(), { latency: { min: 10, max: 10 }, split: 'rcb', maxPayloadSize: 256, busBytes: 8 });
    c.request(mrd({ address: 0x1000, length: 32, requesterId: REQ, tag: 1 }), 5);
    expect(c.nextEventCycle()).toBe(15);
    expect(c.poll(14)).toEqual([]);
    const ev = c.poll(100);
    // 64-byte completions on an 8-byte bus hold it 8 cycles each.
    expect(ev.map((e) => e.cycle)).toEqual([15, 23]);
    expect(c.pendingCount).toBe(0);
  });

  it('the same events whether polled every cycle or once', () => {
    const reqs = Array.from({ length: 12 }, (_, i) => mrd({ address: 0x1000 + i * 0x100, length: 40, requesterId: REQ, tag: i }));
    const o: Partial<CompleterOptions> = { seed: 7, reorder: true, latency: { min: 5, max: 60 }, split: 'random', maxPayloadSize: 256 };
    const a = new HostCompleter(memory(), o);
    const b = new HostCompleter(memory(), o);
    const evA: HostEvent[] = [];
    for (let cyc = 0; cyc < 2000; cyc++) {
      evA.push(...a.poll(cyc));
      if (cyc < 12) a.request(reqs[cyc], cyc);
    }
    reqs.forEach((r, i) => b.request(r, i));
    expect(b.poll(2000)).toEqual(evA);
  });

  it('reordering interleaves different Tags but never reorders within a Tag (PCIe r6.0 §2.4.1)', () => {
    let interleaved = 0;
    for (let seed = 1; seed <= 20; seed++) {
      // Tags 0..7 used twice each: the second use must not overtake the first.
      const reqs = Array.from({ length: 16 }, (_, i) => mrd({ address: 0x1000 + i * 0x100, length: 48, requesterId: REQ, tag: i % 8 }));
      const ev = run(reqs, { seed, reorder: true, latency: { min: 1, max: 80 }, split: 'rcb', maxPayloadSize: 256 });
      const order = new Map<number, number[]>(); // tag -> Byte Counts of its completions in emission order
      let prevTag = -1;
      let switches = 0;
      for (const e of ev) {
        if (e.type !== 'completion') continue;
        const t = e.tlp;
        const list = order.get(t.tag) ?? [];
        list.push(t.byteCount);
        order.set(t.tag, list);
        if (t.tag !== prevTag) switches++;
        prevTag = t.tag;
      }
      for (const [, counts] of order) {
        // Two requests of 192 bytes each, split at 64: Byte Counts 192,128,64 then again.
        expect(counts).toEqual([192, 128, 64, 192, 128, 64]);
      }
      if (switches > 16) interleaved++;
    }
    expect(interleaved).toBeGreaterThan(10);
  });

  it('without reorder, completions come in request order', () => {
    const reqs = Array.from({ length: 6 }, (_, i) => mrd({ address: 0x1000 + i * 0x100, length: 32, requesterId: REQ, tag: 5 - i }));
    const ev = run(reqs, { seed: 3, latency: { min: 1, max: 50 }, split: 'rcb', maxPayloadSize: 256 });
    expect(cpls(ev).map((t) => t.tag)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0]);
  });
});

describe('faults', () => {
  const req = (tag: number): Tlp => mrd({ address: 0x1004, length: 40, requesterId: REQ, tag });

  it('UR: one Cpl with Completion Status UR and the whole Byte Count', () => {
    const c = new HostCompleter(memory(), {});
    c.injectFault('UR');
    c.request(req(1), 0);
    const ev = c.poll(1000);
    expect(ev).toHaveLength(1);
    const e = ev[0];
    expect(e.type === 'completion' && e.final).toBe(true);
    if (e.type !== 'completion') return;
    expect(e.tlp.kind).toBe('Cpl');
    expect(e.tlp.status).toBe(CplStatus.UR);
    expect(e.tlp.byteCount).toBe(160);
    expect(e.tlp.lowerAddress).toBe(0x04);
    expect(c.faultLog).toEqual([{ cycle: 0, request: req(1), fault: 'UR' }]);
  });

  it('CA applies to the matching request only', () => {
    const c = new HostCompleter(memory(), {});
    c.injectFault('CA', (r) => r.tag === 2);
    c.request(req(1), 0);
    c.request(req(2), 1);
    const out = cpls(c.poll(1000));
    expect(out.filter((t) => t.tag === 1).every((t) => t.kind === 'CplD')).toBe(true);
    expect(out.filter((t) => t.tag === 2).map((t) => [t.kind, t.status])).toEqual([['Cpl', CplStatus.CA]]);
  });

  it('poison: EP = 1 on the first CplD, data still delivered', () => {
    const c = new HostCompleter(memory(), { split: 'rcb' });
    c.injectFault('poison');
    c.request(req(1), 0);
    const out = cpls(c.poll(1000));
    expect(out.map((t) => t.ep)).toEqual([true, false, false]);
    expect(out.every((t) => t.kind === 'CplD')).toBe(true);
  });

  it('drop: no completion, a dropped notice instead', () => {
    const c = new HostCompleter(memory(), {});
    c.injectFault('drop');
    c.request(req(1), 0);
    const ev = c.poll(1000);
    expect(ev.map((e) => e.type)).toEqual(['dropped']);
  });

  it('a malformed request gets no completion', () => {
    const ev = run([mrd({ address: 0x1ffc, length: 2, requesterId: REQ, tag: 0 })], {});
    expect(ev).toHaveLength(1);
    expect(ev[0].type === 'dropped' && ev[0].reason).toContain('4 KiB');
  });

  it('random fault rates are reproducible from the seed', () => {
    const reqs = Array.from({ length: 200 }, (_, i) => mrd({ address: 0x1000 + (i % 32) * 0x80, length: 8, requesterId: REQ, tag: i & 0xff }));
    const rates = { UR: 0.1, CA: 0.1, poison: 0.1, drop: 0.1 };
    const a = run(reqs, { seed: 11, faultRates: rates });
    const b = run(reqs, { seed: 11, faultRates: rates });
    const c = run(reqs, { seed: 12, faultRates: rates });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const kinds = new Set(a.map((e) => (e.type === 'dropped' ? 'drop' : e.tlp.ep ? 'poison' : e.tlp.kind === 'Cpl' ? e.tlp.status : 'ok')));
    expect(kinds).toEqual(new Set(['drop', 'poison', CplStatus.UR, CplStatus.CA, 'ok']));
  });
});
