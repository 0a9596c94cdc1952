// The SystemVerilog player must fail, with the record and field, when the RTL departs from the
// vector (a broken-RTL variant, rtl/broken/README.md) and when the vector file itself is damaged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPlayer, runPlayer } from './build.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeHex } from '../../vectors/format.js';
import { generate } from '../../vectors/gen.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFINE = 'BROKEN_RO_CONFIG_WRITABLE';
const BIN = join(ROOT, `tb/player/build/w64-${DEFINE}/vector-player`);
const dir = mkdtempSync(join(tmpdir(), 'player-broken-'));

function play(file: string): Promise<{ status: number | null; out: string }> {
  return runPlayer(BIN, [`+vector=${file}`]);
}

beforeAll(async () => {
  await buildPlayer(['PLAYER_WIDTH=64', `PLAYER_DEFINES=${DEFINE}`]);
}, 600_000);

describe('vector player against a broken RTL and damaged files', () => {
  it(`${DEFINE}: the BAR0 sizing read-back fails on the completion's data, naming expected and got`, async () => {
    const file = join(dir, 'config.hex');
    writeFileSync(file, writeHex(generate({ scenario: 'config', seed: 1 })));
    const r = await play(file);
    // BAR0 is 16 KiB: after writing all-ones, bits 13:4 read 0 (PCI 3.0 §6.2.5.1). The broken
    // variant lets bit 13 be written, so the read-back shows 0xffffe004 instead of 0xffffc004.
    expect(r.out).toMatch(/FAIL record \d+ \(expect tx_cpl, predicted cycle \d+\): field "data\[0\]": expected 0xffffc004, got 0xffffe004/);
    expect(r.status).not.toBe(0);
  });

  it('a truncated vector file is refused before anything is driven', async () => {
    const text = writeHex(generate({ scenario: 'config', seed: 1 }));
    const lines = text.split('\n');
    const file = join(dir, 'truncated.hex');
    writeFileSync(file, lines.slice(0, Math.floor(lines.length / 3)).join('\n'));
    const r = await play(file);
    expect(r.out).toMatch(/FAIL vector .*truncated\.hex: no end record at word \d+ \(truncated\?\)/);
    expect(r.status).not.toBe(0);
  });
});
