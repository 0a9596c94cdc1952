import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../vectors/gen.js';
import { diffVcdFiles, firstDifference } from './diff.js';
import { eventsOfVector, modelVcd, timeOfCycle } from './model-vcd.js';
import { findSignal, parseVcd, parseVcdFile } from './vcd-read.js';

const dir = mkdtempSync(join(tmpdir(), 'waves-'));
const vector = generate({ scenario: 'tx', seed: 7 });
const text = modelVcd(eventsOfVector(vector));

describe('model VCD', () => {
  it('parses with vcd-stream: one tx_rd_req valid rise per distinct read cycle, the header and queue counters', async () => {
    const d = await parseVcd(new TextEncoder().encode(text));
    const reads = vector.records.filter((r) => r.kind === 'expect' && r.channel === 'tx_rd_req');
    const cycles = [...new Set(reads.map((r) => r.cycle))];
    const valid = findSignal(d.signals, 'model.tx_rd_req.valid', 'model');
    const rises = (d.changes.get(valid.id) ?? []).filter((c) => c.value === '1').map((c) => c.time);
    // Pulses at back-to-back cycles merge into one high stretch, so count rises <= cycles.
    expect(rises.every((t) => cycles.some((c) => timeOfCycle(c) === t))).toBe(true);
    expect(rises[0]).toBe(timeOfCycle(cycles[0]));
    // The address signal carries the first read's address at its cycle.
    const addr = findSignal(d.signals, 'model.tx_rd_req.address', 'model');
    const first = (d.changes.get(addr.id) ?? []).find((c) => c.time === timeOfCycle(reads[0].cycle));
    expect(first && BigInt(`0x${first.value}`)).toBe(BigInt(reads[0].tlp!.address));
    // Per-queue DMA counters reach the number of reads of that queue.
    const perQueue = new Map<number, number>();
    for (const r of reads) if (r.kind === 'expect' && r.domain >= 16) perQueue.set(r.domain - 16, (perQueue.get(r.domain - 16) ?? 0) + 1);
    for (const [q, n] of perQueue) {
      const s = findSignal(d.signals, `model.q${q}.dma_reads`, 'model');
      const ch = d.changes.get(s.id) ?? [];
      expect(parseInt(ch[ch.length - 1].value, 16)).toBe(n);
    }
  });

  it('is deterministic and converts with vcd2fst (and back with fst2vcd)', () => {
    expect(modelVcd(eventsOfVector(generate({ scenario: 'tx', seed: 7 })))).toBe(text);
    const vcd = join(dir, 'model.vcd');
    const fst = join(dir, 'model.fst');
    writeFileSync(vcd, text);
    const r = spawnSync('vcd2fst', [vcd, fst], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(statSync(fst).size).toBeGreaterThan(100);
    const back = spawnSync('fst2vcd', [fst], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(back.stdout).toContain('dma_reads');
  });
});

describe('waves diff', () => {
  it('firstDifference compares settled values per time, numerically', () => {
    expect(firstDifference([{ time: 1, value: '03' }], [{ time: 1, value: '3' }])).toBeUndefined();
    expect(firstDifference([{ time: 1, value: '0' }, { time: 5, value: '1' }], [{ time: 1, value: '0' }, { time: 7, value: '1' }])).toEqual({ time: 5, a: '1', b: '0' });
  });

  it('finds a planted difference in one signal and reports the others as the same', async () => {
    const a = join(dir, 'a.vcd');
    const b = join(dir, 'b.vcd');
    writeFileSync(a, text);
    // Plant: change the value of the third tx_wr_req write's tag in B.
    const writes = vector.records.filter((r) => r.channel === 'tx_wr_req');
    const target = writes[2];
    const d = await parseVcd(new TextEncoder().encode(text));
    const tag = findSignal(d.signals, 'model.tx_wr_req.tag', 'a');
    const t = timeOfCycle(target.cycle);
    const lines = text.split('\n');
    const at = lines.indexOf(`#${t}`);
    let k = at + 1;
    while (!lines[k].endsWith(` ${tag.id}`) && !lines[k].startsWith('#')) k++;
    expect(lines[k].startsWith('#')).toBe(false); // the tag changes (or is set) at that time
    lines[k] = `b10101010 ${tag.id}`;
    writeFileSync(b, lines.join('\n'));
    const r = await diffVcdFiles(a, b, ['tx_wr_req.tag', 'tx_rd_req.address', 'clk']);
    expect(r[0].firstDiff).toEqual({ time: t, a: r[0].firstDiff!.a, b: 'aa' });
    expect(r[1].firstDiff).toBeUndefined();
    expect(r[2].firstDiff).toBeUndefined();
  });

  it('names a signal that is not in the file', async () => {
    const a = join(dir, 'c.vcd');
    writeFileSync(a, text);
    await expect(diffVcdFiles(a, a, ['no_such_signal'])).rejects.toThrow(/VCD signal "no_such_signal" is not in/);
    await expect(parseVcdFile(a)).resolves.toBeTruthy();
  });
});
