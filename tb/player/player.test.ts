// gen -> hex vector -> pure-SystemVerilog player on the reference RTL (no Node at replay time).
// One Verilator build (with --trace) in beforeAll serves every test here, including the RTL VCD
// checks of waves/.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPlayer, runPlayer } from './build.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeHex, type ExpectRecord, type Vector } from '../../vectors/format.js';
import { dwsOf } from '../../vectors/jsonl.js';
import { generate } from '../../vectors/gen.js';
import { parseVcdFile, findSignal } from '../../waves/vcd-read.js';
import { timeOfCycle } from '../../waves/model-vcd.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'tb/player/build/w64-trace/vector-player');
const dir = mkdtempSync(join(tmpdir(), 'player-'));

function play(v: Vector, name: string, extra: string[] = []): Promise<{ status: number | null; out: string }> {
  const file = join(dir, `${name}.hex`);
  writeFileSync(file, writeHex(v));
  return runPlayer(BIN, [`+vector=${file}`, ...extra]);
}

beforeAll(async () => {
  await buildPlayer(['PLAYER_WIDTH=64', 'PLAYER_TRACE=1']);
}, 600_000);

describe('vector player on the reference RTL (TLP_DATA_WIDTH 64)', () => {
  it('config scenario: PASS, every response matched', async () => {
    const v = generate({ scenario: 'config', seed: 1 });
    const n = v.records.filter((r) => r.kind === 'expect').length;
    const r = await play(v, 'config');
    expect(r.out).toContain(`PASS: ${v.records.length - n} stimulus records driven, ${n} responses matched`);
    expect(r.status).toBe(0);
  });

  it('bringup scenario (seed 7, DMA reads answered by "k-th read" completions): PASS', async () => {
    const v = generate({ scenario: 'bringup', seed: 7 });
    expect(v.records.some((r) => r.channel === 'rx_cpl')).toBe(true);
    const r = await play(v, 'bringup');
    expect(r.out).toMatch(/PASS: \d+ stimulus records driven, \d+ responses matched/);
    expect(r.status).toBe(0);
  });

  it('a corrupted expected payload DW fails with record, channel, field, expected and got', async () => {
    const v = generate({ scenario: 'config', seed: 1 });
    const idx = v.records.findIndex((r) => r.kind === 'expect' && r.tlp?.kind === 'CplD');
    const rec = v.records[idx] as ExpectRecord;
    const orig = dwsOf(rec.tlp!.data)[0];
    const data = rec.tlp!.data.slice();
    data[0] ^= 0x5a;
    rec.tlp = { ...rec.tlp!, data };
    const bad = dwsOf(data)[0];
    const r = await play(v, 'bad-data');
    expect(r.out).toMatch(new RegExp(`FAIL record ${idx} \\(expect tx_cpl, predicted cycle ${rec.cycle}\\): field "data\\[0\\]": expected 0x${bad}, got 0x${orig} at cycle \\d+`));
    expect(r.status).toBe(1);
  });

  it('a corrupted completion tag fails on field "tag"', async () => {
    const v = generate({ scenario: 'config', seed: 1 });
    const idx = v.records.findIndex((r, i) => i > 20 && r.kind === 'expect');
    const rec = v.records[idx] as ExpectRecord;
    const tag = rec.tlp!.tag;
    rec.tlp = { ...rec.tlp!, tag: (tag + 1) & 0xff };
    const r = await play(v, 'bad-tag');
    expect(r.out).toContain(`FAIL record ${idx} (expect tx_cpl, predicted cycle ${rec.cycle}): field "tag": expected 0x${((tag + 1) & 0xff).toString(16)}, got 0x${tag.toString(16)}`);
    expect(r.status).toBe(1);
  });

  it('a zero-width cycle window fails on field "cycle" when the RTL is not cycle-exact', async () => {
    const v = generate({ scenario: 'config', seed: 1, tolerance: { before: 0, after: 0 } });
    const r = await play(v, 'exact');
    expect(r.out).toMatch(/FAIL record \d+ \(expect tx_cpl, predicted cycle (\d+)\): field "cycle": expected in \[(\d+), \2\], got/);
    expect(r.status).toBe(1);
  });

  it('a vector for another TLP width is refused', async () => {
    const r = await play(generate({ scenario: 'config', seed: 1, tlpDataWidth: 256 }), 'w256');
    expect(r.out).toContain('word 2 (TLP_DATA_WIDTH) is 256 but the player was built for 64');
    expect(r.status).toBe(1);
  });

  it('a damaged file ends at the first $fatal: one error, no records banner, nothing driven', async () => {
    const file = join(dir, 'not-a-vector.hex');
    writeFileSync(file, 'deadbeef\n'.repeat(64));
    const r = await runPlayer(BIN, [`+vector=${file}`]);
    const out = r.out;
    expect(out).toContain('word 0 (magic) is deadbeef');
    expect(out).not.toMatch(/records \(|PASS|watchdog/);
    expect(out.split('\n').filter((l) => /FAIL|%Error/.test(l)).length).toBeLessThanOrEqual(3);
    expect(r.status).toBe(1);
  });

  it('+watchdog takes decimal cycles only: +watchdog=abc is refused in one line, +watchdog=500 moves the bound', async () => {
    const v = generate({ scenario: 'config', seed: 1 });
    for (const bad of ['abc', '12x', '', '1234567890']) {
      const r = await play(v, `watchdog-${bad || 'empty'}`, [`+watchdog=${bad}`]);
      expect(r.out).toContain(`+watchdog=${bad} is not a number of cycles`);
      expect(r.out).not.toContain('PASS');
      expect(r.status).toBe(1);
    }
    const bound = (out: string): number => Number(/watchdog at cycle (\d+)/.exec(out)?.[1]);
    const dflt = await play(v, 'watchdog-default');
    const ok = await play(v, 'watchdog-500', ['+watchdog=500']);
    expect(bound(ok.out)).toBe(bound(dflt.out) - 20000 + 500);
    expect(ok.status).toBe(0);
  });

  it('the RTL VCD (+trace) parses with vcd-stream, lines up with the model time axis and converts with vcd2fst', async () => {
    const v = generate({ scenario: 'config', seed: 1 });
    const vcd = join(dir, 'rtl.vcd');
    const r = await play(v, 'traced', [`+trace=${vcd}`]);
    expect(r.status).toBe(0);
    const d = await parseVcdFile(vcd);
    const valid = findSignal(d.signals, 'tx_cpl_tlp_valid', vcd);
    const rises = (d.changes.get(valid.id) ?? []).filter((c) => c.value === '1');
    // Each completion is one beat here (config CplD is 1 DW): a rise per completion at the latest.
    expect(rises.length).toBeGreaterThan(0);
    // Rising edges of clk are at odd times (2n+1), the axis the model VCD uses.
    const clk = d.changes.get(findSignal(d.signals, 'clk', vcd).id) ?? [];
    expect(clk.filter((c) => c.value === '1').every((c) => c.time % 2 === 1)).toBe(true);
    expect(timeOfCycle(0)).toBe(17);
    const fst = join(dir, 'rtl.fst');
    const c = spawnSync('vcd2fst', [vcd, fst], { encoding: 'utf8' });
    expect(c.status).toBe(0);
    expect(existsSync(fst) && statSync(fst).size).toBeGreaterThan(100);
    const back = spawnSync('fst2vcd', [fst], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(back.stdout).toContain('tx_cpl_tlp_valid');
    expect(readFileSync(vcd, 'utf8')).toContain('$timescale 1ns $end');
  });
});

describe('vector player on the reference RTL (TLP_DATA_WIDTH 256)', () => {
  const bin256 = join(ROOT, 'tb/player/build/w256/vector-player');
  beforeAll(async () => {
    await buildPlayer(['PLAYER_WIDTH=256']);
  }, 600_000);

  it('bringup scenario generated for 256-bit TLP beats: PASS', async () => {
    const v = generate({ scenario: 'bringup', seed: 7, tlpDataWidth: 256 });
    const file = join(dir, 'bringup-w256.hex');
    writeFileSync(file, writeHex(v));
    const r = await runPlayer(bin256, [`+vector=${file}`]);
    expect(r.out).toMatch(/PASS: \d+ stimulus records driven, \d+ responses matched/);
    expect(r.status).toBe(0);
  });
});
