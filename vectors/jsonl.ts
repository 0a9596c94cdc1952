// JSON Lines form of a vector (vectors/FORMAT.md): line 1 is the header, then one record per
// line. TLPs are written as their 128-bit header (4 hex words, DW0 first) plus payload DWs as the
// bus carries them ([31:0] value, lowest-address byte in [7:0]); `desc` is a readable summary
// the reader ignores.

import { TlpError } from '../model/tlp/errors.js';
import { hdrToTlp, tlpToHdr } from '../model/tlp/codec.js';
import { describeTlp } from '../model/tlp/describe.js';
import type { Tlp } from '../model/tlp/types.js';
import { bytesHex, dwordsHex, hex8 } from '../model/util/hex.js';
import {
  EXPECT_CHANNELS, PARAM_KEYS, STIM_CHANNELS, VectorFormatError,
  type ExpectChannel, type ExpectRecord, type StimChannel, type StimRecord, type Vector, type VectorHeader, type VectorParams, type VectorRecord,
} from './types.js';
import { RecordSequence, checkHeader, checkUint } from './validate.js';

/** A payload's DWs as the `data` field writes them (tb/player's tests import it from here). */
export const dwsOf = dwordsHex;

function tlpFields(t: Tlp): Record<string, unknown> {
  return { hdr: Array.from(tlpToHdr(t), hex8), data: dwsOf(t.data), desc: describeTlp(t) };
}

function recordJson(r: VectorRecord): Record<string, unknown> {
  const o: Record<string, unknown> = { kind: r.kind, channel: r.channel, cycle: r.cycle };
  if (r.kind === 'stim') {
    if (r.after !== undefined) Object.assign(o, { after: r.after, gap: r.gap ?? 0 });
    if (r.read !== undefined) o.read = r.read;
    if (r.bar !== undefined) o.bar = r.bar;
    if (r.error !== undefined) o.error = r.error;
  } else {
    Object.assign(o, { earliest: r.earliest, latest: r.latest, domain: r.domain });
    if (r.read !== undefined) o.read = r.read;
    if (r.level !== undefined) o.level = r.level;
  }
  if (r.tlp) Object.assign(o, tlpFields(r.tlp));
  if (r.frame) o.frame = bytesHex(r.frame);
  return o;
}

export function headerJson(h: VectorHeader, records: number): Record<string, unknown> {
  return {
    kind: 'header', format: 'virtio-cosim-vector', version: h.version, generator: h.generator,
    scenario: h.scenario, seed: h.seed, params: h.params, tolerance: h.tolerance, records,
  };
}

export function writeJsonl(v: Vector): string {
  const lines = [JSON.stringify(headerJson(v.header, v.records.length))];
  for (const r of v.records) lines.push(JSON.stringify(recordJson(r)));
  return lines.join('\n') + '\n';
}

// ---- reader -------------------------------------------------------------------------------

const RECORD_KEYS = new Set(['kind', 'channel', 'cycle', 'after', 'gap', 'read', 'bar', 'error', 'earliest', 'latest', 'domain', 'level', 'hdr', 'data', 'desc', 'frame']);

function parseHexWord(where: string, field: string, s: unknown): number {
  if (typeof s !== 'string' || !/^[0-9a-fA-F]{8}$/.test(s)) throw new VectorFormatError(where, field, s, 'is not 8 hex digits');
  return parseInt(s, 16) >>> 0;
}

function parseTlp(where: string, o: Record<string, unknown>): Tlp {
  if (!Array.isArray(o.hdr) || o.hdr.length !== 4) throw new VectorFormatError(where, 'hdr', o.hdr, 'is not an array of 4 hex words');
  const hdr = new Uint32Array(4);
  o.hdr.forEach((w, i) => (hdr[i] = parseHexWord(where, `hdr[${i}]`, w)));
  const dws = o.data ?? [];
  if (!Array.isArray(dws)) throw new VectorFormatError(where, 'data', dws, 'is not an array of hex words');
  const data = new Uint8Array(dws.length * 4);
  const view = new DataView(data.buffer);
  dws.forEach((w, i) => view.setUint32(i * 4, parseHexWord(where, `data[${i}]`, w), true));
  try {
    return hdrToTlp(hdr, data);
  } catch (e) {
    if (e instanceof TlpError) throw new VectorFormatError(where, 'hdr', o.hdr.join(' '), `is not a valid TLP: ${e.message}`);
    throw e;
  }
}

function parseFrame(where: string, s: unknown): Uint8Array {
  if (typeof s !== 'string' || s.length === 0 || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new VectorFormatError(where, 'frame', typeof s === 'string' && s.length > 40 ? `${s.slice(0, 40)}...` : s, 'is not a non-empty string of hex byte pairs');
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function optUint(where: string, o: Record<string, unknown>, k: string, max?: number): number | undefined {
  return o[k] === undefined ? undefined : checkUint(where, k, o[k], max);
}

/** One record object -> a record, checked field by field. */
export function parseRecord(where: string, o: Record<string, unknown>): VectorRecord {
  for (const k of Object.keys(o)) if (!RECORD_KEYS.has(k)) throw new VectorFormatError(where, k, o[k], 'is not a known record field');
  const cycle = checkUint(where, 'cycle', o.cycle);
  if (o.kind === 'stim') {
    if (!(STIM_CHANNELS as readonly unknown[]).includes(o.channel)) throw new VectorFormatError(where, 'channel', o.channel, `is not a stimulus channel (${STIM_CHANNELS.join(', ')})`);
    const r: StimRecord = { kind: 'stim', channel: o.channel as StimChannel, cycle };
    const after = optUint(where, o, 'after');
    if (after !== undefined) Object.assign(r, { after, gap: checkUint(where, 'gap', o.gap ?? 0) });
    if (r.channel === 's_axis_rx') r.frame = parseFrame(where, o.frame);
    else r.tlp = parseTlp(where, o);
    if (r.channel === 'rx_req') r.bar = optUint(where, o, 'bar', 7) ?? 0;
    if (r.channel === 'rx_cpl') {
      r.error = optUint(where, o, 'error', 15) ?? 0;
      const read = optUint(where, o, 'read');
      if (read !== undefined) r.read = read;
      if (r.read !== undefined && r.after === undefined) throw new VectorFormatError(where, 'after', undefined, 'is missing: an rx_cpl answering a read must name that read\'s record');
    }
    return r;
  }
  if (o.kind === 'expect') {
    if (!(EXPECT_CHANNELS as readonly unknown[]).includes(o.channel)) throw new VectorFormatError(where, 'channel', o.channel, `is not a response channel (${EXPECT_CHANNELS.join(', ')})`);
    const r: ExpectRecord = {
      kind: 'expect', channel: o.channel as ExpectChannel, cycle,
      earliest: checkUint(where, 'earliest', o.earliest), latest: checkUint(where, 'latest', o.latest),
      domain: checkUint(where, 'domain', o.domain, 255),
    };
    if (r.channel === 'm_axis_tx') r.frame = parseFrame(where, o.frame);
    else if (r.channel === 'intx') {
      if (typeof o.level !== 'boolean') throw new VectorFormatError(where, 'level', o.level, 'is not true or false');
      r.level = o.level;
    } else r.tlp = parseTlp(where, o);
    if (r.channel === 'tx_rd_req') r.read = checkUint(where, 'read', o.read);
    return r;
  }
  throw new VectorFormatError(where, 'kind', o.kind, 'is not "stim" or "expect"');
}

function parseHeader(where: string, o: Record<string, unknown>): { header: VectorHeader; records: number } {
  if (o.kind !== 'header') throw new VectorFormatError(where, 'kind', o.kind, 'is not "header" (the first line must be the header)');
  if (o.format !== 'virtio-cosim-vector') throw new VectorFormatError(where, 'format', o.format, 'is not "virtio-cosim-vector"');
  const p = (o.params ?? {}) as Record<string, unknown>;
  const params = {} as VectorParams;
  for (const k of PARAM_KEYS) params[k] = p[k] as number;
  const t = (o.tolerance ?? {}) as Record<string, unknown>;
  const header: VectorHeader = {
    version: o.version as number, generator: o.generator as number, scenario: o.scenario as string,
    seed: o.seed as number, params, tolerance: { before: t.before as number, after: t.after as number },
  };
  checkHeader(where, header);
  return { header, records: checkUint(where, 'records', o.records) };
}

export function readJsonl(text: string): Vector {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const obj = (i: number): Record<string, unknown> => {
    const where = `line ${i + 1}`;
    let o: unknown;
    try {
      o = JSON.parse(lines[i]);
    } catch (e) {
      throw new VectorFormatError(where, '<json>', lines[i].length > 60 ? `${lines[i].slice(0, 60)}...` : lines[i], `is not valid JSON (${(e as Error).message})`);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new VectorFormatError(where, '<json>', lines[i], 'is not a JSON object');
    return o as Record<string, unknown>;
  };
  if (lines.length === 0) throw new VectorFormatError('line 1', 'kind', '<empty file>', 'is missing: the file has no header');
  const { header, records: count } = parseHeader('line 1', obj(0));
  const seq = new RecordSequence();
  const records: VectorRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    const r = parseRecord(where, obj(i));
    seq.add(where, r);
    records.push(r);
  }
  if (records.length !== count) throw new VectorFormatError(`line ${lines.length}`, 'records', count, `is the header's record count but the file has ${records.length} (truncated?)`);
  return { header, records };
}
