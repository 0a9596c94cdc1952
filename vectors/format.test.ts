import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbCplD, arbMRd, arbMWr, arbTlp } from '../model/tlp/arbitraries.js';
import { readHex, readJsonl, readVector, writeHex, writeJsonl, VectorFormatError, type Vector, type VectorRecord } from './format.js';
import { generate } from './gen.js';
import { REFERENCE_RTL_PROFILE } from '../model/timing/profile.js';
import type { ExpectRecord } from './types.js';

const header: Vector['header'] = {
  version: 1, generator: 1, scenario: 'prop', seed: 9,
  params: { TLP_DATA_WIDTH: 64, AXIS_DATA_WIDTH: 64, NUM_QUEUE_PAIRS: 1, MAX_QUEUE_SIZE: 256, MSIX_VECTORS: 4, TAG_COUNT: 16 },
  tolerance: { before: 2, after: 3 },
};

/** Records the property builds: stimulus requests, expected completions/writes, frames, intx. */
const arbRecords = fc.array(
  fc.oneof(
    fc.record({ t: fc.constant('req'), tlp: fc.oneof(arbMRd(), arbMWr()), bar: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ t: fc.constant('cpl'), tlp: arbTlp() }),
    fc.record({ t: fc.constant('frame'), frame: fc.uint8Array({ minLength: 1, maxLength: 80 }) }),
    fc.record({ t: fc.constant('intx'), level: fc.boolean(), domain: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ t: fc.constant('rd'), tlp: arbMRd(), answer: arbCplD() }),
  ),
  { maxLength: 12 },
);

function buildVector(items: Array<Record<string, unknown>>, gaps: number[]): Vector {
  const records: VectorRecord[] = [];
  let cycle = 0;
  let reads = 0;
  items.forEach((it, i) => {
    cycle += gaps[i % gaps.length];
    const win = { earliest: Math.max(0, cycle - 2), latest: cycle + 3 };
    switch (it.t) {
      case 'req': records.push({ kind: 'stim', channel: 'rx_req', cycle, tlp: it.tlp as never, bar: it.bar as number }); break;
      case 'cpl': records.push({ kind: 'expect', channel: 'tx_cpl', cycle, ...win, domain: 0, tlp: it.tlp as never }); break;
      case 'frame': records.push({ kind: 'stim', channel: 's_axis_rx', cycle, frame: it.frame as Uint8Array }); break;
      case 'intx': records.push({ kind: 'expect', channel: 'intx', cycle, ...win, domain: it.domain as number, level: it.level as boolean }); break;
      case 'rd': {
        const idx = records.length;
        records.push({ kind: 'expect', channel: 'tx_rd_req', cycle, ...win, domain: 1, read: reads, tlp: { ...(it.tlp as never as object), tag: 0 } as never });
        records.push({ kind: 'stim', channel: 'rx_cpl', cycle: cycle + 1, after: idx, gap: 1, read: reads++, error: 0, tlp: { ...(it.answer as never as object), tag: 0 } as never });
        cycle += 1;
        break;
      }
    }
  });
  return { header, records };
}

describe('vector forms round-trip', () => {
  it('JSON Lines and hex both read back to the same records (property)', () => {
    fc.assert(
      fc.property(arbRecords, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 5 }), (items, gaps) => {
        const v = buildVector(items as Array<Record<string, unknown>>, gaps);
        const j = writeJsonl(v);
        const h = writeHex(v);
        const fromJ = readJsonl(j);
        const fromH = readHex(h);
        // Same records whichever form they went through; and each form re-writes identically.
        expect(writeJsonl(fromH)).toBe(j);
        expect(writeHex(fromJ)).toBe(h);
        expect(fromJ.records.length).toBe(v.records.length);
        expect(fromH.header).toEqual(v.header);
      }),
      { numRuns: 150 },
    );
  });

  it('generated scenarios round-trip and have one line per record plus the header', () => {
    for (const scenario of ['config', 'bringup', 'tx', 'rx']) {
      const v = generate({ scenario, seed: 3 });
      const j = writeJsonl(v);
      expect(j.trimEnd().split('\n').length).toBe(v.records.length + 1);
      expect(writeJsonl(readHex(writeHex(v)))).toBe(j);
      // Every rx_cpl answers an earlier read and depends on that read's record.
      for (const r of v.records) {
        if (r.kind === 'stim' && r.channel === 'rx_cpl') {
          const target = v.records[r.after!];
          expect(target.channel).toBe('tx_rd_req');
          expect(target.read).toBe(r.read);
        }
      }
    }
  });

  it('--profile: the model stamps with the given profile and its tolerance is the window', () => {
    const ref = generate({ scenario: 'tx', seed: 5 });
    const slow = { ...REFERENCE_RTL_PROFILE, tolerance: { before: 3, after: 9 }, engine: { ...REFERENCE_RTL_PROFILE.engine!, readIssueToBus: REFERENCE_RTL_PROFILE.engine!.readIssueToBus + 100 } };
    const v = generate({ scenario: 'tx', seed: 5, profile: slow });
    expect(v.header.tolerance).toEqual({ before: 3, after: 9 });
    const firstRead = (x: typeof v): ExpectRecord => x.records.find((r): r is ExpectRecord => r.kind === 'expect' && r.channel === 'tx_rd_req')!;
    expect(firstRead(v).cycle - firstRead(ref).cycle).toBe(100);
    expect(firstRead(v).latest - firstRead(v).cycle).toBe(9);
  });

  it('the generator is deterministic: same scenario and seed, same bytes', () => {
    expect(writeHex(generate({ scenario: 'tx', seed: 5 }))).toBe(writeHex(generate({ scenario: 'tx', seed: 5 })));
  });
});

// ---- corruption: each kind is reported with its line (and word) and field -------------------

function lines(text: string): string[] {
  return text.split('\n');
}

function errorOf(text: string): VectorFormatError {
  try {
    readVector(text);
  } catch (e) {
    if (e instanceof VectorFormatError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('vectors check: corrupted JSON Lines', () => {
  const v = generate({ scenario: 'config', seed: 1 });
  const text = writeJsonl(v);
  const edit = (line: number, f: (o: Record<string, unknown>) => void): string => {
    const l = lines(text);
    const o = JSON.parse(l[line - 1]);
    f(o);
    l[line - 1] = JSON.stringify(o);
    return l.join('\n');
  };

  it('negative cycle', () => {
    const e = errorOf(edit(17, (o) => (o.cycle = -3)));
    expect(e.message).toBe('line 17, field "cycle": value -3 is negative');
  });
  it('bad format version', () => {
    expect(errorOf(edit(1, (o) => (o.version = 7))).message).toMatch(/^line 1, field "version": value 7 is not a supported format version/);
  });
  it('bad TLP header goes through the codec\'s TlpError', () => {
    // Fmt/Type 0b000_11111 is reserved (PCIe r6.0 §2.2.1).
    const e = errorOf(edit(5, (o) => ((o.hdr as string[])[0] = '1f000001')));
    expect(e.message).toMatch(/^line 5, field "hdr": .* is not a valid TLP: TLP field "fmt\/type"/);
  });
  it('cycles going backwards', () => {
    const e = errorOf(edit(30, (o) => (o.cycle = 1)));
    expect(e.message).toMatch(/^line 30, field "cycle": value 1 is before the previous record's cycle/);
  });
  it('unknown channel', () => {
    expect(errorOf(edit(9, (o) => (o.channel = 'tx_foo'))).message).toMatch(/^line 9, field "channel": value tx_foo is not a (stimulus|response) channel/);
  });
  it('truncated file', () => {
    const l = lines(text).slice(0, 100);
    expect(errorOf(l.join('\n')).message).toMatch(/^line 100, field "records": value 242 is the header's record count but the file has 99/);
  });
  it('window that misses the predicted cycle', () => {
    const e = errorOf(edit(3, (o) => (o.latest = 0)));
    expect(e.field).toBe('earliest/latest');
    expect(e.where).toBe('line 3');
  });
});

describe('vectors check: corrupted hex', () => {
  const v = generate({ scenario: 'bringup', seed: 7 });
  const text = writeHex(v);
  const wordLines = lines(text).map((l, i) => ({ l, i })).filter((x) => x.l !== '' && !x.l.startsWith('//'));

  it('truncated file names the word and field', () => {
    const keep = wordLines[wordLines.length - 40].i; // cut 40 words before the end
    const e = errorOf(lines(text).slice(0, keep).join('\n'));
    expect(e.message).toMatch(/^word \d+ \(past the end, \d+ words\), field "words": value \d+ is the header's word count but the file has \d+ \(truncated\)/);
  });
  it('unknown channel code in a record names its word and line', () => {
    const rec0 = wordLines[16]; // word 16 = first record's type/channel word
    const l = lines(text);
    l[rec0.i] = (parseInt(rec0.l, 16) | 0x00ff0000).toString(16).padStart(8, '0');
    const e = errorOf(l.join('\n'));
    expect(e.message).toBe(`word 16 (line ${rec0.i + 1}), record 0, field "channel": value 255 is not a known channel code`);
  });
  it('bad version word', () => {
    const l = lines(text);
    l[wordLines[1].i] = '00000002';
    expect(errorOf(l.join('\n')).message).toMatch(/^word 0 \(line 2\), field "version": value 2 is not a supported format version/);
  });
  it('bad TLP header names the header word', () => {
    const l = lines(text);
    l[wordLines[16 + 7].i] = '1f000001'; // record 0, DW0 of the header
    const e = errorOf(l.join('\n'));
    expect(e.message).toMatch(/^word 23 \(line \d+\), record 0, field "hdr": .*is not a valid TLP: TLP field "fmt\/type"/);
  });
  it('cycles going backwards', () => {
    const l = lines(text);
    // Record 1 starts after record 0's words; set its cycle (word 2) to 0 after a later record.
    const r0len = parseInt(wordLines[17].l, 16);
    const r1 = 16 + r0len;
    const r1len = parseInt(wordLines[r1 + 1].l, 16);
    const r2 = r1 + r1len;
    l[wordLines[r2 + 2].i] = '00000000';
    l[wordLines[r1 + 2].i] = '00000005';
    const e = errorOf(l.join('\n'));
    expect(e.message).toMatch(/^word \d+ \(line \d+\), record 2, field "cycle": value 0 is before the previous record's cycle 5/);
  });
  it('a payload length of 0xfffffff0 is a typed error naming the record, not a RangeError', () => {
    const l = lines(text);
    l[wordLines[16 + 1].i] = 'fffffffc'; // record 0: length = 12 fixed words + 0xfffffff0 payload words
    l[wordLines[16 + 11].i] = 'fffffff0';
    const e = errorOf(l.join('\n'));
    expect(e.message).toMatch(/^word 16 \(line \d+\), record 0, field "payload length": value 4294967280 runs past the \d+ words the header declares/);
  });
  it('a token that is not hex', () => {
    const l = lines(text);
    l[wordLines[20].i] = 'xyz00000';
    expect(errorOf(l.join('\n')).message).toBe(`word 20 (line ${wordLines[20].i + 1}), field "<word>": value xyz00000 is not a hex word of at most 8 digits`);
  });
});
