// Wire protocol v3 of the Verilator server (rtl-bridge/PROTOCOL.md is the normative text;
// server/protocol.hpp is the C++ side). Little-endian binary frames, read with DataView.
import { MalformedMessage, ProtocolVersionMismatch, ServerError, SimulatorArgumentError } from './errors.js';

/**
 * 2: contract (8) and start (9) records in ADVANCE replies. 3: the host replica (HOST_CONFIG,
 * HOST_WRITE, HOST_DECIDE; ADVANCE host_flags; the replica's completions after the outputs).
 */
export const PROTOCOL_VERSION = 3;
export const HEADER_BYTES = 16;

export const MsgType = {
  HELLO: 1, RESET: 2, SCHEDULE: 3, ADVANCE: 4, BACKPRESSURE: 5, PEEK: 6, POKE: 7, WAVES: 8, SHUTDOWN: 9,
  // Host replica (0x40-0x4f; docs/host-replica.md)
  HOST_CONFIG: 0x40, HOST_WRITE: 0x41, HOST_DECIDE: 0x42,
  // Grant control (0x70-0x7f)
  QUIET_STOP: 0x70,
  // Stimulus options (0x60-0x6f; PROTOCOL.md "Input noise")
  INPUT_NOISE: 0x60,
} as const;
export const REPLY_BIT = 0x80;
export const ERROR_REPLY = 0xff;
export const FLAG_STOPPED = 1;

/** Channel ids on the wire; inputs first, then outputs (one stop-mask bit per output). */
export const CHANNEL_ID = {
  rx_req: 0, rx_cpl: 1, s_axis_rx: 2, tx_cpl: 3, tx_rd_req: 4, tx_wr_req: 5, m_axis_tx: 6, intx: 7,
} as const;
export type ChannelName = keyof typeof CHANNEL_ID;
export type TlpInputChannel = 'rx_req' | 'rx_cpl';
export type OutputChannel = 'tx_cpl' | 'tx_rd_req' | 'tx_wr_req' | 'm_axis_tx' | 'intx';
export type ReadyChannel = Exclude<OutputChannel, 'intx'>;
/** Channels BACKPRESSURE takes: the ready signals, and rx_req (valid gaps between beats of one TLP). */
export type StallChannel = ReadyChannel | 'rx_req';
export const OUTPUT_CHANNELS: readonly OutputChannel[] = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];
const CHANNEL_NAME: ChannelName[] = ['rx_req', 'rx_cpl', 's_axis_rx', 'tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];
/** ADVANCE output record channels that are not ports: a contract report, a transaction's start. */
export const CONTRACT_CHANNEL_ID = 8;
export const START_CHANNEL_ID = 9;

/** The port contract's rules the server checks on every output beat (PROTOCOL.md, record `aux`). */
export const CONTRACT_RULE: Readonly<Record<number, string>> = {
  1: 'beat-outside-packet', 2: 'sop-inside-packet', 3: 'beat-not-full', 4: 'strb-not-contiguous',
  5: 'length-mismatch', 6: 'hdr-changed', 7: 'valid-dropped', 8: 'beat-changed', 9: 'reserved-bit-set',
};

/** A beat on an output channel that broke the port contract (docs/dut-interface.md "Rules"). */
export interface ContractReport {
  /** The output channel whose beat broke the rule. */
  channel: ReadyChannel;
  /** A name from CONTRACT_RULE. */
  rule: string;
  /** What the server saw, in words. */
  detail: string;
}

export const ErrorCode = {
  VERSION_MISMATCH: 1, MALFORMED: 2, UNKNOWN_TYPE: 3, UNKNOWN_SIGNAL: 4, INPUT_IN_PAST: 5,
  NO_TRACE: 6, BAD_ARGUMENT: 7, READ_ONLY_SIGNAL: 8, IO: 9, NO_HELLO: 10,
} as const;
export const ERROR_CODE_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCode).map(([k, v]) => [v, k]),
);

export const BpMode = { always: 0, pattern: 1, random: 2, never: 3 } as const;
export const WavesOp = { start: 1, stop: 2, flush: 3 } as const;

/** Cycles travel as two u32 halves: exact for every cycle count below 2^53. */
function putCycle(dv: DataView, off: number, cycle: number): void {
  dv.setUint32(off, cycle % 0x1_0000_0000, true);
  dv.setUint32(off + 4, Math.floor(cycle / 0x1_0000_0000), true);
}
function getCycle(dv: DataView, off: number): number {
  return dv.getUint32(off, true) + dv.getUint32(off + 4, true) * 0x1_0000_0000;
}
const pad4 = (n: number): number => (n + 3) & ~3;

export interface Header { type: number; flags: number; seq: number; cycle: number }

function frame(type: number, seq: number, cycle: number, bodyBytes: number): { buf: Uint8Array; dv: DataView } {
  const buf = new Uint8Array(HEADER_BYTES + bodyBytes);
  const dv = new DataView(buf.buffer);
  dv.setUint16(0, type, true);
  dv.setUint16(2, 0, true);
  dv.setUint32(4, seq, true);
  putCycle(dv, 8, cycle);
  return { buf, dv };
}

// ---- requests ------------------------------------------------------------------------------

export function encodeHello(seq: number, version = PROTOCOL_VERSION): Uint8Array {
  const { buf, dv } = frame(MsgType.HELLO, seq, 0, 4);
  dv.setUint32(16, version, true);
  return buf;
}

export function encodeReset(seq: number, cycles: number): Uint8Array {
  const { buf, dv } = frame(MsgType.RESET, seq, 0, 4);
  dv.setUint32(16, cycles, true);
  return buf;
}

/** INPUT_NOISE: random values where the inputs carry no meaning, from `seed` (0 = off), until the next RESET. */
export function encodeInputNoise(seq: number, seed: number): Uint8Array {
  const { buf, dv } = frame(MsgType.INPUT_NOISE, seq, 0, 4);
  dv.setUint32(16, seed >>> 0, true);
  return buf;
}

/** One input transaction: a TLP on rx_req/rx_cpl or a frame on s_axis_rx. */
export interface InputItem {
  channel: 'rx_req' | 'rx_cpl' | 's_axis_rx';
  cycle: number;
  /** DW0..DW3; all zero for frames. */
  hdr: Uint32Array;
  data: Uint8Array;
  /** rx_req: BAR id; rx_cpl: error; s_axis_rx: tuser. */
  sideband: number;
  /** rx_req: function number (default 0). */
  funcNum?: number;
}

export function encodeSchedule(seq: number, cycle: number, items: readonly InputItem[]): Uint8Array {
  let body = 4;
  for (const it of items) body += 32 + pad4(it.data.length);
  const { buf, dv } = frame(MsgType.SCHEDULE, seq, cycle, body);
  dv.setUint32(16, items.length, true);
  let o = 20;
  for (const it of items) {
    dv.setUint8(o, CHANNEL_ID[it.channel]);
    dv.setUint8(o + 1, it.sideband);
    dv.setUint8(o + 2, it.funcNum ?? 0);
    putCycle(dv, o + 4, it.cycle);
    dv.setUint32(o + 12, it.data.length, true);
    for (let i = 0; i < 4; i++) dv.setUint32(o + 16 + 4 * i, it.hdr[i] ?? 0, true);
    buf.set(it.data, o + 32);
    o += 32 + pad4(it.data.length);
  }
  return buf;
}

/**
 * ADVANCE to `target`; an output on a `stopMask` channel ends it right after its cycle c, one on
 * a `lateMask` channel at cycle c + `lateDelay` (PROTOCOL.md).
 */
export function encodeAdvance(seq: number, target: number, stopMask: number, lateMask = 0, lateDelay = 0, hostFlags = 0): Uint8Array {
  const { buf, dv } = frame(MsgType.ADVANCE, seq, target, 8);
  dv.setUint32(16, stopMask, true);
  dv.setUint8(20, lateMask);
  dv.setUint8(21, hostFlags);
  dv.setUint16(22, lateDelay, true);
  return buf;
}

/** Channel list -> ADVANCE mask bits. */
export function channelMask(channels: readonly OutputChannel[]): number {
  let m = 0;
  for (const c of channels) m |= 1 << CHANNEL_ID[c];
  return m;
}

/** "Stop `delay` cycles after an output on one of `on`" (ADVANCE late_mask / late_delay). */
export interface LateStop {
  on: readonly OutputChannel[];
  /** 1 … 65535 cycles. */
  delay: number;
}

/**
 * QUIET_STOP (0x70, PROTOCOL.md), for the next ADVANCE only: it ends at cycle `from` at the
 * earliest, and each output on an `on` channel completing in cycle c moves that end to
 * c + 1 + `window` (never past the ADVANCE target). The lockstep drain's grant: the drain cannot
 * end within `window` cycles after a read (tb/cosim/lockstep.ts drain()).
 */
export interface QuietStop {
  on: readonly OutputChannel[];
  from: number;
  /** 1 … 2^32 - 1 cycles. */
  window: number;
}

/** QUIET_STOP: arms the next ADVANCE (header cycle = `q.from`). */
export function encodeQuietStop(seq: number, q: QuietStop): Uint8Array {
  const { buf, dv } = frame(MsgType.QUIET_STOP, seq, q.from, 8);
  dv.setUint8(16, channelMask(q.on));
  dv.setUint32(20, q.window, true);
  return buf;
}

export interface BackpressureWire { channel: StallChannel; mode: number; len: number; bitsLo: number; bitsHi: number; seed: number; duty: number }

/** A ready pattern of an output channel (BACKPRESSURE): always, never, repeating bits, or seeded random. */
export type Backpressure =
  | { kind: 'always' }
  | { kind: 'never' }
  /** Repeating ready pattern, first character = the pattern's first cycle, e.g. '1101'. */
  | { kind: 'pattern'; bits: string }
  /** Ready with probability `duty` (0..1) per cycle from a seeded xorshift32. */
  | { kind: 'random'; seed: number; duty: number };

/** BACKPRESSURE body fields of `bp` on `channel`, checked (SimulatorArgumentError names a bad value). */
export function backpressureWire(channel: StallChannel, bp: Backpressure): BackpressureWire {
  if (!(channel in CHANNEL_ID) || channel === ('intx' as string) || (CHANNEL_ID[channel] < CHANNEL_ID.tx_cpl && channel !== 'rx_req')) {
    throw new SimulatorArgumentError('channel', channel, 'has no ready signal driven by the bridge (and is not rx_req)');
  }
  const mode: number | undefined = BpMode[bp.kind];
  if (mode === undefined) throw new SimulatorArgumentError('kind', (bp as { kind: string }).kind, 'unknown back-pressure kind');
  let len = 0, lo = 0, hi = 0, seed = 0, duty = 65536;
  if (bp.kind === 'pattern') {
    if (!/^[01]{1,64}$/.test(bp.bits)) throw new SimulatorArgumentError('bits', bp.bits, 'must be 1..64 characters of 0/1');
    len = bp.bits.length;
    for (let i = 0; i < len; i++) {
      if (bp.bits[i] === '1') { if (i < 32) lo |= 1 << i; else hi |= 1 << (i - 32); }
    }
    lo >>>= 0; hi >>>= 0;
  } else if (bp.kind === 'random') {
    if (!(bp.duty >= 0 && bp.duty <= 1)) throw new SimulatorArgumentError('duty', bp.duty, 'must be within 0..1');
    seed = bp.seed >>> 0;
    duty = Math.round(bp.duty * 65536);
  }
  return { channel, mode, len, bitsLo: lo, bitsHi: hi, seed, duty };
}

export function encodeBackpressure(seq: number, cycle: number, b: BackpressureWire): Uint8Array {
  const { buf, dv } = frame(MsgType.BACKPRESSURE, seq, cycle, 20);
  dv.setUint8(16, CHANNEL_ID[b.channel]);
  dv.setUint8(17, b.mode);
  dv.setUint8(18, b.len);
  dv.setUint32(20, b.bitsLo, true);
  dv.setUint32(24, b.bitsHi, true);
  dv.setUint32(28, b.seed, true);
  dv.setUint32(32, b.duty, true);
  return buf;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

export function encodePeek(seq: number, name: string): Uint8Array {
  const n = utf8.encode(name);
  const { buf, dv } = frame(MsgType.PEEK, seq, 0, 4 + n.length);
  dv.setUint16(16, n.length, true);
  buf.set(n, 20);
  return buf;
}

export function encodePoke(seq: number, name: string, words: Uint32Array): Uint8Array {
  const n = utf8.encode(name);
  const { buf, dv } = frame(MsgType.POKE, seq, 0, 4 + 4 * words.length + n.length);
  dv.setUint16(16, n.length, true);
  dv.setUint16(18, words.length, true);
  for (let i = 0; i < words.length; i++) dv.setUint32(20 + 4 * i, words[i], true);
  buf.set(n, 20 + 4 * words.length);
  return buf;
}

export function encodeWaves(seq: number, op: number, path: string): Uint8Array {
  const p = utf8.encode(path);
  const { buf, dv } = frame(MsgType.WAVES, seq, 0, 4 + p.length);
  dv.setUint8(16, op);
  dv.setUint16(18, p.length, true);
  buf.set(p, 20);
  return buf;
}

export function encodeShutdown(seq: number): Uint8Array {
  return frame(MsgType.SHUTDOWN, seq, 0, 0).buf;
}

// ---- replies -------------------------------------------------------------------------------

/** Bounds-checked reader: a short reply is a MalformedMessage naming the field. */
export class Reader {
  readonly dv: DataView;
  off = 0;
  constructor(readonly bytes: Uint8Array, readonly what: string) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, field: string): void {
    if (this.off + n > this.bytes.length) {
      throw new MalformedMessage('reply', `${this.what}: ends before field '${field}' (offset ${this.off}, ${this.bytes.length} bytes)`);
    }
  }
  u8(f: string): number { this.need(1, f); return this.dv.getUint8(this.off++); }
  u16(f: string): number { this.need(2, f); const v = this.dv.getUint16(this.off, true); this.off += 2; return v; }
  u32(f: string): number { this.need(4, f); const v = this.dv.getUint32(this.off, true); this.off += 4; return v; }
  cycle(f: string): number { this.need(8, f); const v = getCycle(this.dv, this.off); this.off += 8; return v; }
  bytesOf(n: number, f: string): Uint8Array { this.need(n, f); const v = this.bytes.slice(this.off, this.off + n); this.off += n; return v; }
  str(n: number, f: string): string { return utf8d.decode(this.bytesOf(n, f)); }
}

export function decodeHeader(r: Reader): Header {
  return { type: r.u16('type'), flags: r.u16('flags'), seq: r.u32('seq'), cycle: r.cycle('cycle') };
}

export interface DutInfo {
  protocolVersion: number;
  tlpDataWidth: number;
  axisDataWidth: number;
  numQueuePairs: number;
  maxQueueSize: number;
  msixVectors: number;
  tagCount: number;
  traceVcd: boolean;
  traceFst: boolean;
  /** A `signals` build: every internal signal reachable by PEEK/POKE (capability bit 2). */
  publicSignals: boolean;
  /** The server takes QUIET_STOP (HELLO capability bit 3). */
  quietStop: boolean;
  buildId: string;
  topModule: string;
}

export function decodeHelloBody(r: Reader): DutInfo {
  const protocolVersion = r.u32('protocol_version');
  const tlpDataWidth = r.u32('tlp_data_width');
  const axisDataWidth = r.u32('axis_data_width');
  const numQueuePairs = r.u32('num_queue_pairs');
  const maxQueueSize = r.u32('max_queue_size');
  const msixVectors = r.u32('msix_vectors');
  const tagCount = r.u32('tag_count');
  const caps = r.u32('capabilities');
  const idLen = r.u16('build_id_len');
  const topLen = r.u16('top_name_len');
  const buildId = r.str(idLen, 'build_id');
  const topModule = r.str(topLen, 'top_name');
  return {
    protocolVersion, tlpDataWidth, axisDataWidth, numQueuePairs, maxQueueSize, msixVectors, tagCount,
    traceVcd: (caps & 1) !== 0, traceFst: (caps & 2) !== 0, publicSignals: (caps & CAP_PUBLIC_SIGNALS) !== 0, quietStop: (caps & CAP_QUIET_STOP) !== 0, buildId, topModule,
  };
}

/**
 * Error reply body (PROTOCOL.md §Error reply) as the typed error it stands for. `request` names
 * the request it answers; `clientVersion` is what HELLO sent (for VERSION_MISMATCH).
 */
export function decodeErrorBody(r: Reader, request: string, clientVersion: number): Error {
  const code = r.u16('error_code');
  const len = r.u16('message_len');
  const text = r.str(len, 'message');
  if (code === ErrorCode.VERSION_MISMATCH) return new ProtocolVersionMismatch(clientVersion, r.u32('server_version'));
  if (code === ErrorCode.MALFORMED) return new MalformedMessage('request', `${request}: ${text}`);
  return new ServerError(code, ERROR_CODE_NAME[code] ?? `code ${code}`, request, text);
}

/** SHUTDOWN reply: what the server simulated, and a 64-bit digest of every output as 16 hex digits. */
export interface FinalStats { simulatedCycles: number; outputs: number; digest: string }

export function decodeShutdownBody(r: Reader): FinalStats {
  const simulatedCycles = r.cycle('simulated_cycles');
  const outputs = r.cycle('outputs');
  const lo = r.u32('digest_lo');
  const hi = r.u32('digest_hi');
  return { simulatedCycles, outputs, digest: hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0') };
}

/**
 * One transaction the DUT produced (`cycle` is the cycle of its last beat, eop / tlast); or, with
 * channel `contract`, a beat that broke the port contract (`cycle` = that beat's cycle), reported
 * before the transaction it concerns; or, with channel `start`, the first beat (`cycle`) of a
 * transaction of more than one beat on channel `startOf`, reported before it completes.
 */
export interface Output {
  channel: OutputChannel | 'contract' | 'start';
  cycle: number;
  /** Cycle of the first beat (sop); equal to `cycle` for one-beat TLPs and intx edges. */
  sopCycle: number;
  /** DW0..DW3 of the TLP header; zero for frames and intx. */
  hdr: Uint32Array;
  data: Uint8Array;
  /** m_axis_tx: tuser on the last beat; intx: the new level; contract: the rule id. */
  aux: number;
  /** Channel `contract` only. */
  contract?: ContractReport;
  /** Channel `start` only: the channel whose transaction began. */
  startOf?: ReadyChannel;
}

/** A transaction on an output port (not a contract or start record). */
export function isTransaction(o: Output): o is Output & { channel: OutputChannel } {
  return o.channel !== 'contract' && o.channel !== 'start';
}

export function decodeAdvanceBody(r: Reader): Output[] {
  const count = r.u32('count');
  const out: Output[] = [];
  for (let i = 0; i < count; i++) {
    const ch = r.u8('channel');
    const aux = r.u8('aux');
    const subject = r.u8('subject');
    r.u8('reserved');
    const sopCycle = r.cycle('sop_cycle');
    const cycle = r.cycle('eop_cycle');
    const nbytes = r.u32('nbytes');
    const hdr = new Uint32Array(4);
    for (let k = 0; k < 4; k++) hdr[k] = r.u32('hdr');
    const data = r.bytesOf(nbytes, 'data');
    r.need(pad4(nbytes) - nbytes, 'padding');
    r.off += pad4(nbytes) - nbytes;
    if (ch === START_CHANNEL_ID) {
      const on = CHANNEL_NAME[subject];
      if (on === undefined || subject < CHANNEL_ID.tx_cpl || on === 'intx') throw new MalformedMessage('reply', `ADVANCE reply: start record on channel ${subject}`);
      out.push({ channel: 'start', cycle, sopCycle, hdr, data, aux, startOf: on as ReadyChannel });
      continue;
    }
    if (ch === CONTRACT_CHANNEL_ID) {
      const on = CHANNEL_NAME[subject];
      const rule = CONTRACT_RULE[aux];
      if (on === undefined || subject < CHANNEL_ID.tx_cpl || on === 'intx' || rule === undefined) {
        throw new MalformedMessage('reply', `ADVANCE reply: contract record with rule ${aux} on channel ${subject}`);
      }
      out.push({ channel: 'contract', cycle, sopCycle, hdr, data, aux, contract: { channel: on as ReadyChannel, rule, detail: utf8d.decode(data) } });
      continue;
    }
    const name = CHANNEL_NAME[ch];
    if (name === undefined || ch < CHANNEL_ID.tx_cpl) {
      throw new MalformedMessage('reply', `ADVANCE reply: output channel ${ch} is not an output`);
    }
    out.push({ channel: name as OutputChannel, cycle, sopCycle, hdr, data, aux });
  }
  return out;
}

// ---- signal-level test API (type codes 0x50-0x5f; PROTOCOL.md "Signal access") ----------------

export const SignalMsgType = { SIGNAL_LIST: 0x50, WATCH: 0x51 } as const;
/** HELLO capabilities bit 2: a `signals` build (--public-flat-rw), every internal signal reachable. */
export const CAP_PUBLIC_SIGNALS = 4;
/** HELLO capabilities bit 3: the server takes QUIET_STOP (0x70). */
export const CAP_QUIET_STOP = 8;

/** One name PEEK/POKE reach: its width and whether POKE may write it (ports: no). */
export interface SignalEntry { name: string; bits: number; writable: boolean }

/** SIGNAL_LIST: the names starting with `prefix` (at most `max` of them). */
export function encodeSignalList(seq: number, prefix: string, max: number): Uint8Array {
  const p = utf8.encode(prefix);
  const { buf, dv } = frame(SignalMsgType.SIGNAL_LIST, seq, 0, 8 + p.length);
  dv.setUint16(16, p.length, true);
  dv.setUint32(20, max, true);
  buf.set(p, 24);
  return buf;
}

/**
 * WATCH: replaces the server's watch list (empty: cleared). While it is not empty, ADVANCE also
 * stops (flag STOPPED) after the first cycle in which a watched signal changed.
 */
export function encodeWatch(seq: number, names: readonly string[]): Uint8Array {
  const enc = names.map((n) => utf8.encode(n));
  const body = 4 + enc.reduce((a, n) => a + pad4(2 + n.length), 0);
  const { buf, dv } = frame(SignalMsgType.WATCH, seq, 0, body);
  dv.setUint16(16, names.length, true);
  let o = 20;
  for (const n of enc) {
    dv.setUint16(o, n.length, true);
    buf.set(n, o + 2);
    o += pad4(2 + n.length);
  }
  return buf;
}

export function decodeSignalListBody(r: Reader): { total: number; entries: SignalEntry[] } {
  const total = r.u32('total');
  const count = r.u32('count');
  const entries: SignalEntry[] = [];
  for (let i = 0; i < count; i++) {
    const bits = r.u32('bits');
    const writable = r.u8('writable') !== 0;
    r.u8('reserved');
    const n = r.u16('name_len');
    const name = r.str(n, 'name');
    r.off += pad4(n) - n;
    entries.push({ name, bits, writable });
  }
  return { total, entries };
}

/** PEEK reply body: width in bits and the value as 32-bit words (word 0 = bits [31:0]). */
export function decodePeekBody(r: Reader): { bits: number; words: Uint32Array } {
  const bits = r.u32('width_bits');
  const n = r.u32('nwords');
  const words = new Uint32Array(n);
  for (let i = 0; i < n; i++) words[i] = r.u32('words');
  return { bits, words };
}

/** 32-bit words (word 0 = bits [31:0]) as one bigint of any width. */
export function wordsToBigint(words: Uint32Array): bigint {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]!);
  return v;
}

/** A non-negative bigint as `nwords` 32-bit words (word 0 = bits [31:0]); higher bits are cut. */
export function bigintToWords(value: bigint, nwords: number): Uint32Array {
  const w = new Uint32Array(nwords);
  let v = value;
  for (let i = 0; i < nwords; i++) {
    w[i] = Number(v & 0xffff_ffffn);
    v >>= 32n;
  }
  return w;
}

// ---- host replica (protocol 3; PROTOCOL.md "Host replica", docs/host-replica.md) ------------

/** ADVANCE host_flags bit: reads of this ADVANCE wait for HOST_DECIDE (fault or MPS to come). */
export const HOST_HOLD_READS = 1;
/** ADVANCE reply, second list: a completion the server's replica put on rx_cpl. */
export const HOST_CPL_CHANNEL_ID = 10;
export const HOST_FAULT_CODE = { UR: 1, CA: 2, poison: 3, drop: 4, stray: 5 } as const;
export const HOST_SPLIT_CODE = { rcb: 0, largest: 1, random: 2 } as const;

/** The completer policy of tb/host/completer.ts as the server's replica takes it. */
export interface HostReplicaConfig {
  seed: number;
  completerId: number;
  rcb: number;
  maxPayloadSize: number;
  latencyMin: number;
  latencyMax: number;
  reorder: boolean;
  split: keyof typeof HOST_SPLIT_CODE;
  busBytes: number;
  /** UR, CA, poison, drop. */
  faultRates: readonly [number, number, number, number];
  /** MWr into [msiBase, msiBase + msiSize) are interrupts, not memory writes. */
  msiBase: bigint;
  msiSize: bigint;
}

/** HOST_CONFIG: `start` makes a fresh completer from the seed and an empty memory; else an update. */
export function encodeHostConfig(seq: number, cycle: number, c: HostReplicaConfig, mode: 'start' | 'update' | 'off'): Uint8Array {
  const { buf, dv } = frame(MsgType.HOST_CONFIG, seq, cycle, 80);
  dv.setUint8(16, mode === 'off' ? 0 : mode === 'start' ? 3 : 1);
  dv.setUint8(17, c.reorder ? 1 : 0);
  dv.setUint8(18, HOST_SPLIT_CODE[c.split]);
  dv.setUint32(20, c.seed >>> 0, true);
  dv.setUint32(24, c.completerId, true);
  dv.setUint32(28, c.rcb, true);
  dv.setUint32(32, c.maxPayloadSize, true);
  dv.setUint32(36, c.latencyMin, true);
  dv.setUint32(40, c.latencyMax, true);
  dv.setUint32(44, c.busBytes, true);
  for (let i = 0; i < 4; i++) dv.setFloat64(48 + 8 * i, c.faultRates[i], true);
  dv.setBigUint64(80, c.msiBase, true);
  dv.setBigUint64(88, c.msiSize, true);
  return buf;
}

/** One write to host memory: a 64-bit address and the bytes. */
export interface HostWrite { address: bigint; data: Uint8Array }

/** HOST_WRITE: driver writes, taking effect at `cycle` (the server cycle). */
export function encodeHostWrite(seq: number, cycle: number, writes: readonly HostWrite[]): Uint8Array {
  let body = 4;
  for (const w of writes) body += 12 + pad4(w.data.length);
  const { buf, dv } = frame(MsgType.HOST_WRITE, seq, cycle, body);
  dv.setUint32(16, writes.length, true);
  let o = 20;
  for (const w of writes) {
    dv.setBigUint64(o, w.address, true);
    dv.setUint32(o + 8, w.data.length, true);
    buf.set(w.data, o + 12);
    o += 12 + pad4(w.data.length);
  }
  return buf;
}

/** How one held read is decided: a one-shot fault (0 = the usual draw) and the MPS it saw. */
export interface HostDecision { fault: number; maxPayloadSize: number }

export function encodeHostDecide(seq: number, cycle: number, ds: readonly HostDecision[]): Uint8Array {
  const { buf, dv } = frame(MsgType.HOST_DECIDE, seq, cycle, 4 + 8 * ds.length);
  dv.setUint32(16, ds.length, true);
  for (let i = 0; i < ds.length; i++) {
    dv.setUint8(20 + 8 * i, ds[i].fault);
    dv.setUint32(24 + 8 * i, ds[i].maxPayloadSize, true);
  }
  return buf;
}

/** A completion the server's replica delivered on rx_cpl (cycle = the cycle it was presented from). */
export interface HostCompletion { cycle: number; final: boolean; hdr: Uint32Array; data: Uint8Array }

/** The ADVANCE reply's second list (after decodeAdvanceBody); empty when the reply has none. */
export function decodeHostCompletions(r: Reader): HostCompletion[] {
  if (r.off >= r.bytes.length) return [];
  const count = r.u32('host_count');
  const out: HostCompletion[] = [];
  for (let i = 0; i < count; i++) {
    const ch = r.u8('channel');
    const aux = r.u8('aux');
    r.off += 2;
    r.cycle('sop_cycle');
    const cycle = r.cycle('eop_cycle');
    const nbytes = r.u32('nbytes');
    const hdr = new Uint32Array(4);
    for (let k = 0; k < 4; k++) hdr[k] = r.u32('hdr');
    const data = r.bytesOf(nbytes, 'data');
    r.need(pad4(nbytes) - nbytes, 'padding');
    r.off += pad4(nbytes) - nbytes;
    if (ch !== HOST_CPL_CHANNEL_ID) throw new MalformedMessage('reply', `ADVANCE reply: host record on channel ${ch}`);
    out.push({ cycle, final: (aux & 1) !== 0, hdr, data });
  }
  return out;
}

/** The replica messages to send before one grant (ADVANCE), in this order. */
export interface HostStep {
  config?: { config: HostReplicaConfig; mode: 'start' | 'update' | 'off' };
  writes?: readonly HostWrite[];
  decide?: readonly HostDecision[];
  /** ADVANCE host_flags HOLD_READS. */
  hold?: boolean;
}

/** The frames of a HostStep, stamped `cycle` (the server cycle). */
export function encodeHostStep(nextSeq: () => number, cycle: number, s: HostStep): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (s.config?.mode === 'start') out.push(encodeHostConfig(nextSeq(), cycle, s.config.config, 'start'));
  if (s.writes && s.writes.length > 0) out.push(encodeHostWrite(nextSeq(), cycle, s.writes));
  if (s.decide && s.decide.length > 0) out.push(encodeHostDecide(nextSeq(), cycle, s.decide));
  if (s.config && s.config.mode !== 'start') out.push(encodeHostConfig(nextSeq(), cycle, s.config.config, s.config.mode));
  return out;
}
