// Wave windows: a trace build writes a non-empty VCD/FST covering only the requested window.
import { describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { cfgRd0 } from '../../model/tlp/build.js';
import { ServerError, startSimulator } from './index.js';

describe('waves', () => {
  it('writes a VCD window, and a second window after the first is closed', async () => {
    const sim = await startSimulator({ top: 'test', trace: 'vcd' });
    try {
      expect(sim.info.traceVcd).toBe(true);
      await sim.reset();
      await sim.advanceTo(100);
      const file = await sim.waves.start();
      expect(file).toMatch(/waves\/out\/.*\.vcd$/);
      sim.scheduleTlp('rx_req', cfgRd0({ requesterId: 0, tag: 1, targetId: 0x100, register: 0 }), undefined, 110);
      await sim.advanceTo(150);
      await sim.waves.stop();
      const text = await readFile(file, 'utf8');
      expect(text).toContain('$enddefinitions');
      expect(text).toMatch(/rx_req_tlp_valid/);
      // 50 cycles, two dumps (half-cycles) each, time starts where the window opened.
      const stamps = text.split('\n').filter((l) => /^#\d+$/.test(l)).map((l) => Number(l.slice(1)));
      expect(stamps.length).toBe(100);
      expect(stamps[99] - stamps[0]).toBe(99);
      const second = await sim.waves.start(`${file}.2.vcd`);
      await sim.advanceTo(160);
      await sim.waves.flush();
      await sim.waves.stop();
      expect((await stat(second)).size).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });

  it('writes an FST window with a --trace-fst build', async () => {
    const sim = await startSimulator({ top: 'test', trace: 'fst' });
    try {
      await sim.reset();
      const file = await sim.waves.start();
      expect(file).toMatch(/\.fst$/);
      await sim.advanceTo(200);
      await sim.waves.stop();
      expect((await stat(file)).size).toBeGreaterThan(100);
    } finally {
      await sim.close();
    }
  });

  it('refuses WAVES on a build without tracing', async () => {
    const sim = await startSimulator({ top: 'test' });
    try {
      await expect(sim.waves.start()).rejects.toThrow(ServerError);
      await expect(sim.waves.start()).rejects.toThrow(/NO_TRACE/);
    } finally {
      await sim.close();
    }
  });
});
