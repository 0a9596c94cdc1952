// Random back-pressure on the ready signals the DUT sees (issue 14: "back-pressure randomised on
// every ready signal"). The Verilator server drives tx_cpl_tlp_ready, tx_rd_req_tlp_ready,
// tx_wr_req_tlp_ready and m_axis_tx_tready from a seeded xorshift32 per channel (BACKPRESSURE,
// rtl-bridge/PROTOCOL.md), and its output monitors check the stream rules under the stall: once
// valid is high, valid and the beat (hdr/data/strb/sop/eop; tdata/tkeep/tlast/tuser) hold until
// ready (docs/dut-interface.md "Rules", AXI4-Stream). A break is a `contract` divergence naming
// the rule and the channel. Back-pressure only delays the device, so the run must still agree:
// at the spec level as is, at the exact level with timing 'warn' (the profile's latencies assume
// ready always high).
//
// rx_req valid gaps (issue 14): with a probability for `rx_req` (and with every `P` form) the
// bridge also holds valid low between two beats of one request TLP in the cycles its seeded pattern
// says (AXI4-Stream allows TVALID low inside a packet); a design must take a beat only with valid.
//
// Input noise (INPUT_NOISE, on by default): what the DUT's inputs carry where the contract gives
// them no meaning is random, seeded from the run: hdr, data, strb, sop, eop, bar_id, func_num,
// tdata, tkeep, tlast, tuser while valid is low, and the payload lanes outside strb / tkeep of a
// valid beat (docs/dut-interface.md: a signal is sampled only with valid; bytes outside the
// enables carry no meaning). A design that looks at them diverges.

import type { ReadyChannel, StallChannel } from '../../rtl-bridge/client/index.js';
import type { RtlSide } from './rtl-sync.js';

/** The ready signals the bridge drives, in channel-id order. */
export const READY_CHANNELS: readonly ReadyChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx'];

/** Every channel a stall applies to: the ready signals, then rx_req's valid gaps inside a TLP. */
export const STALL_CHANNELS: readonly StallChannel[] = [...READY_CHANNELS, 'rx_req'];

/** Stall probability per cycle (0 <= p < 1): one for every channel, or per channel (absent = 0). */
export type BackpressureSetting = number | Partial<Record<StallChannel, number>>;

export class BackpressureError extends Error {
  constructor(value: unknown, why: string) {
    super(`cosim: backpressure = ${JSON.stringify(value)} ${why}`);
    this.name = 'BackpressureError';
  }
}

/** Each ready channel's stall probability; throws BackpressureError on a bad value or channel. */
export function stallProbabilities(b: BackpressureSetting): Map<StallChannel, number> {
  const out = new Map<StallChannel, number>();
  const check = (p: unknown, what: unknown): number => {
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new BackpressureError(what, 'must be a stall probability in 0 <= p < 1');
    return p;
  };
  if (typeof b === 'number') {
    check(b, b);
    for (const ch of STALL_CHANNELS) out.set(ch, b);
    return out;
  }
  if (b === null || typeof b !== 'object') throw new BackpressureError(b, 'must be a number or a per-channel object');
  for (const [ch, p] of Object.entries(b)) {
    if (!STALL_CHANNELS.includes(ch as StallChannel)) throw new BackpressureError(b, `names ${ch}, not one of ${STALL_CHANNELS.join(', ')}`);
    out.set(ch as StallChannel, check(p, b));
  }
  return out;
}

/** Parses the command-line form: `P` (every ready) or `CHANNEL=P,...`. */
export function parseBackpressure(text: string): BackpressureSetting {
  if (/^[0-9.]+$/.test(text)) {
    const p = Number(text);
    stallProbabilities(p);
    return p;
  }
  const o: Partial<Record<StallChannel, number>> = {};
  for (const part of text.split(',')) {
    const m = /^([a-z_]+)=([0-9.]+)$/.exec(part);
    if (!m) throw new BackpressureError(text, `part "${part}" is not CHANNEL=P`);
    o[m[1] as StallChannel] = Number(m[2]);
  }
  stallProbabilities(o);
  return o;
}

/** The seed of one channel's ready sequence in a run (never 0: xorshift32 would stay at 0). */
export function readySeed(runSeed: number, channelIndex: number): number {
  let x = (Math.imul(runSeed | 0, 0x9e3779b1) ^ Math.imul(channelIndex + 1, 0x85ebca6b)) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  return x >>> 0 || 0x1234567;
}

/** Arms the ready patterns of a run on a freshly reset simulator (they last until its next reset). */
export function applyBackpressure(rtl: RtlSide, b: BackpressureSetting, runSeed: number): void {
  const probs = stallProbabilities(b);
  if (![...probs.values()].some((p) => p > 0)) return;
  if (!rtl.setBackpressure) throw new BackpressureError(b, `cannot be applied: the simulator side ${rtl.buildId} has no ready control`);
  READY_CHANNELS.forEach((ch, i) => {
    const p = probs.get(ch) ?? 0;
    if (p > 0) rtl.setBackpressure!(ch, { kind: 'random', seed: readySeed(runSeed, i), duty: 1 - p });
  });
  // rx_req after the input noise's seed index (READY_CHANNELS.length): the ready seeds stay as they were.
  const gaps = probs.get('rx_req') ?? 0;
  if (gaps > 0) rtl.setBackpressure('rx_req', { kind: 'random', seed: readySeed(runSeed, READY_CHANNELS.length + 1), duty: 1 - gaps });
}

/** Turns input noise on for a run on a freshly reset simulator (it lasts until its next reset). */
export function applyInputNoise(rtl: RtlSide, runSeed: number, required: boolean): void {
  if (!rtl.setInputNoise) {
    if (required) throw new BackpressureError('inputNoise', `cannot be applied: the simulator side ${rtl.buildId} has no input noise`);
    return;
  }
  rtl.setInputNoise(readySeed(runSeed, READY_CHANNELS.length));
}
