// The server's host replica (docs/host-replica.md) answers the device's reads next to the
// simulator; with it on or off, the RTL must produce the same output stream, byte for byte and
// cycle for cycle, and the run the same verdict. Scenarios cover the completer's policy (reorder,
// random latency, RCB splitting), one-shot faults (reads held for the client's decision) and
// configuration writes that change Max_Payload_Size while traffic runs. And a simulator started
// elsewhere, reached over TCP (--connect), gives the same stream.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, killOnExit } from '../../rtl-bridge/client/index.js';
import { tlpToHdr } from '../../model/tlp/codec.js';
import type { OutputEvent } from './events.js';
import { runCosim, type RunResult } from './runner.js';
import { SyncRtl } from './rtl-sync.js';
import { freeLoopbackPort } from './rtl.js';

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** One RTL output as bytes: cycle of its first and last beat, channel, header DWs and payload, or frame, or level. */
function bytesOf(ev: OutputEvent): string {
  const head = `@${ev.cycle}/${ev.lastBeat ?? ev.cycle} ${ev.channel}`;
  if (ev.tlp) return `${head} ${Array.from(tlpToHdr(ev.tlp), (w) => (w >>> 0).toString(16).padStart(8, '0')).join('')} ${hex(ev.tlp.data)}`;
  if (ev.frame) return `${head} ${ev.tuser ? 'bad ' : ''}${hex(ev.frame)}`;
  return `${head} ${ev.level ? 1 : 0}`;
}

let rtl: SyncRtl;
beforeAll(async () => {
  rtl = await SyncRtl.create({ width: 64, defines: [], trace: false });
}, 25 * 60_000);
afterAll(() => rtl?.close());

async function run(scenario: string, seed: number, replica: boolean): Promise<{ r: RunResult; stream: string[] }> {
  const stream: string[] = [];
  const r = await runCosim({
    scenario, seed, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl, replica,
    trace: (side, ev) => { if (side === 'rtl') stream.push(bytesOf(ev)); },
  });
  return { r, stream };
}

describe('host replica on = off (Verilator, 64-bit)', () => {
  const cases: Array<[string, number]> = [['split-cpl', 1], ['cpl-fault', 1], ['cpl-fault', 2], ['mps-mrrs', 1], ['traffic', 3]];
  for (const [scenario, seed] of cases) {
    it(`${scenario} seed ${seed}: the same RTL output stream and verdict`, async () => {
      const off = await run(scenario, seed, false);
      const on = await run(scenario, seed, true);
      expect(off.stream.length).toBeGreaterThan(20);
      expect(on.stream).toEqual(off.stream);
      expect({ cycles: on.r.cycles, ok: on.r.ok, summary: on.r.summary.compared, div: on.r.divergence?.kind ?? null, host: on.r.hostErrors.length })
        .toEqual({ cycles: off.r.cycles, ok: off.r.ok, summary: off.r.summary.compared, div: off.r.divergence?.kind ?? null, host: off.r.hostErrors.length });
      // The replica really answered the reads (and the engine checked each completion), and it
      // saved round trips; off, the engine answered them all.
      expect(off.r.engine.replicaCompletions).toBe(0);
      expect(on.r.engine.replicaCompletions).toBeGreaterThan(0);
      expect(on.r.engine.grants).toBeLessThan(off.r.engine.grants);
    }, 300_000);
  }
});

describe('a simulator started elsewhere, over TCP (--connect)', () => {
  it('split-cpl seed 1: the same RTL output stream as over ipc, and the server shuts down cleanly', async () => {
    const bin = await buildServer({ top: 'rtl', width: 64 });
    const port = await freeLoopbackPort();
    const child = spawn(bin, ['--endpoint', `tcp://127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    killOnExit(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const stream: string[] = [];
    const r = await runCosim({
      scenario: 'split-cpl', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, connect: `tcp://127.0.0.1:${port}`,
      trace: (side, ev) => { if (side === 'rtl') stream.push(bytesOf(ev)); },
    });
    const local = await run('split-cpl', 1, true);
    expect(r.ok).toBe(true);
    expect(stream).toEqual(local.stream);
    expect(r.engine.replicaCompletions).toBeGreaterThan(0);
    expect(await exited).toBe(0); // SHUTDOWN at the end of the run
  }, 300_000);
});
