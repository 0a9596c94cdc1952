import { describe, expect, it } from 'vitest';
import { ALL_BINS, BINS, binsOf, CoverageCounter, CoverageError, coverageFile, coverageTable, crossKey, mergeCoverage, mergeHits, parseCoverageFile, RTL_BINS, shapeOf, unhitBins } from './coverage.js';
import { Probe } from './probe.js';
import { runTraffic } from '../scenarios/traffic.js';

describe('coverage bins', () => {
  it('bin names are unique and every bin names its metric and match', () => {
    expect(new Set(BINS.map((b) => b.name)).size).toBe(BINS.length);
    for (const b of BINS) expect(b.description.length).toBeGreaterThan(5);
  });

  it('counts observations into the bins whose match accepts them (ranges inclusive)', () => {
    const c = new CoverageCounter();
    c.observe('chain_len', 1);
    c.observe('chain_len', 3);
    c.observe('chain_len', 4, 2);
    c.observe('tx_frame_len', 60);
    c.observe('tx_frame_len', 1514);
    c.observe('tx_frame_len', 1515); // above MTU: no bin
    c.observe('ring_wraps', 10); // hits both >=1 and >=10
    c.observe('event_mode', 'desc');
    expect(c.snapshot()).toEqual({ 'chain.1': 1, 'chain.2-3': 1, 'chain.4+': 2, 'tx.frame.60': 1, 'tx.frame.1024-mtu': 1, 'wrap.1+': 1, 'wrap.10+': 1, 'event.DESC': 1 });
  });

  it('merging refuses unknown bins and bad counts; the table marks unhit bins', () => {
    expect(() => mergeHits({}, { 'chain.7': 1 })).toThrow(CoverageError);
    expect(() => mergeHits({}, { 'chain.1': -1 })).toThrow(CoverageError);
    const total = mergeHits(mergeHits({}, { 'chain.1': 2 }), { 'chain.1': 3, indirect: 1 });
    expect(total).toEqual({ 'chain.1': 5, indirect: 1 });
    expect(unhitBins(total).length).toBe(BINS.length - 2);
    const t = coverageTable(total);
    expect(t).toMatch(/^chain\.1\s+5\s+✓/m);
    expect(t).toMatch(/^chain\.4\+\s+0\s+✗/m);
    expect(t).toContain(`2/${BINS.length} bins hit; unhit: chain.2-3`);
  });
});

describe('probe', () => {
  const run = (reorder: boolean): Record<string, number> => {
    const p = new Probe();
    const r = runTraffic({
      seed: 3, frames: 60, harness: { tamper: p.watch, host: { completer: { seed: 3, reorder, latency: { min: 20, max: 200 } } } },
      onStart: (h, d) => {
        p.attachHarness(h);
        p.attachDriver(h, d);
      },
    });
    const compared = p.finish(r.harness);
    expect(compared.txFrames).toBe(60);
    expect(compared.rxFrames).toBe(60);
    return p.cov.snapshot();
  };

  it('sees reordered completions only when the completer reorders (PCIe r6.0 §2.4.1)', () => {
    expect(run(false)['cpl.reordered'] ?? 0).toBe(0);
    expect(run(true)['cpl.reordered']).toBeGreaterThan(0);
  });

  it('counts every TX and RX frame into exactly one size bin', () => {
    const hits = run(false);
    const sum = (dir: string): number => BINS.filter((b) => b.name.startsWith(`${dir}.frame.`)).reduce((n, b) => n + (hits[b.name] ?? 0), 0);
    expect(sum('tx')).toBe(60);
    expect(sum('rx')).toBe(60);
  });
});

describe('RTL bins and coverage files', () => {
  it('RTL bin names are unique and apart from the model bins; every cross value has its bin', () => {
    expect(new Set(ALL_BINS.map((b) => b.name)).size).toBe(ALL_BINS.length);
    const c = new CoverageCounter(RTL_BINS);
    c.observe('cross', crossKey('tx', shapeOf(5, false), false, 'desc', 256));
    c.observe('cross', crossKey('rx', shapeOf(2, true), true, 'enable', 64));
    c.observe('chain_len', 1);
    expect(c.snapshot()).toEqual({ 'x.tx.chain.4+.wrap0.desc.w256': 1, 'x.rx.indirect.wrap1.enable.w64': 1, 'rtl.chain.1': 1 });
  });

  it('merges files: hits and runs added, sets joined; a bad file names its field', () => {
    const a = coverageFile({ 'queue.rx': 2 }, 3, ['rtl-w64']);
    const b = parseCoverageFile(JSON.stringify(coverageFile({ 'queue.rx': 1, 'width.256': 4 }, 2, ['rtl-w256'])), 'b.json');
    const old = parseCoverageFile(JSON.stringify({ 'chain.1': 5 }), 'old.json');
    const m = mergeCoverage([a, b, old]);
    expect(m).toEqual({ format: 'virtio-cosim-coverage', version: 1, runs: 5, sets: ['model', 'rtl-w256', 'rtl-w64'], hits: { 'queue.rx': 3, 'width.256': 4, 'chain.1': 5 } });
    expect(binsOf(m.sets)).toHaveLength(ALL_BINS.length);
    // One width fills only its own width's bins (and those of every width).
    const w64 = binsOf(['rtl-w64']).map((x) => x.name);
    expect(w64).toContain('x.rx.chain.1.wrap1.enable.w64');
    expect(w64).not.toContain('x.rx.chain.1.wrap1.enable.w256');
    expect(w64).not.toContain('width.256');
    expect(w64).toContain('queue.rx');
    expect(() => parseCoverageFile('{', 'x.json')).toThrow(/x.json/);
    expect(() => parseCoverageFile(JSON.stringify({ ...a, runs: -1 }), 'x.json')).toThrow(/runs -1/);
    expect(() => parseCoverageFile(JSON.stringify({ ...a, hits: { 'x.nope': 1 } }), 'x.json')).toThrow(/"x.nope" is not a defined bin/);
  });
});
