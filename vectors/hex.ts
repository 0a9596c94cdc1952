// $readmemh form of a vector (vectors/FORMAT.md "Hex form"): one 32-bit word per line as 8 hex
// digits, `//` comments between records. A SystemVerilog bench loads it with
//   logic [31:0] mem [0:N-1]; $readmemh(file, mem);
// and walks the records by their length word. tb/player/vector_player.sv is that bench.

import { TlpError } from '../model/tlp/errors.js';
import { hdrToTlp, tlpToHdr } from '../model/tlp/codec.js';
import { describeTlp } from '../model/tlp/describe.js';
import { hex8 } from '../model/util/hex.js';
import {
  CHANNEL_CODE, PARAM_KEYS, STIM_CHANNELS, VectorFormatError,
  type ExpectRecord, type StimRecord, type Vector, type VectorChannel, type VectorHeader, type VectorRecord,
} from './types.js';
import { RecordSequence, checkHeader } from './validate.js';

export const HEX_MAGIC = 0x5643_5643; // "VCVC"
export const HEADER_WORDS = 16;
export const RECORD_FIXED_WORDS = 12;
export const NONE = 0xffff_ffff;
export const TYPE = { stim: 0x01, expect: 0x02, end: 0xff } as const;
/** Record word 0 flag bits [7:0]. */
export const FLAG = { after: 0x01, tagNormalised: 0x02 } as const;

const CHANNEL_BY_CODE = new Map<number, VectorChannel>(Object.entries(CHANNEL_CODE).map(([k, v]) => [v, k as VectorChannel]));

function scenarioWords(s: string): [number, number] {
  const b = new Uint8Array(8);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  const v = new DataView(b.buffer);
  return [v.getUint32(0, true), v.getUint32(4, true)];
}

function scenarioOf(w0: number, w1: number): string {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, w0, true);
  v.setUint32(4, w1, true);
  let s = '';
  for (const c of b) {
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function packBytes(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 4) out.push((b[i] | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0);
  return out;
}

function recordWords(r: VectorRecord): number[] {
  const w = new Array<number>(RECORD_FIXED_WORDS).fill(0);
  const normalised = r.read !== undefined && (r.channel === 'tx_rd_req' || r.channel === 'rx_cpl');
  const hasAfter = r.kind === 'stim' && r.after !== undefined;
  const domain = r.kind === 'expect' ? r.domain : 0;
  w[0] = ((TYPE[r.kind] << 24) | (CHANNEL_CODE[r.channel] << 16) | (domain << 8) | (hasAfter ? FLAG.after : 0) | (normalised ? FLAG.tagNormalised : 0)) >>> 0;
  w[2] = r.cycle;
  if (r.kind === 'expect') {
    w[3] = r.earliest;
    w[4] = r.latest;
    w[6] = r.level ? 1 : 0;
  } else {
    w[3] = hasAfter ? r.after! : NONE;
    w[4] = hasAfter ? r.gap ?? 0 : 0;
    w[6] = r.channel === 'rx_req' ? r.bar ?? 0 : r.channel === 'rx_cpl' ? r.error ?? 0 : 0;
  }
  w[5] = r.read ?? 0;
  let payload: number[] = [];
  if (r.tlp) {
    const hdr = tlpToHdr(r.tlp);
    for (let i = 0; i < 4; i++) w[7 + i] = hdr[i];
    w[11] = r.tlp.data.length / 4;
    payload = packBytes(r.tlp.data);
  } else if (r.frame) {
    w[11] = r.frame.length;
    payload = packBytes(r.frame);
  }
  w[1] = RECORD_FIXED_WORDS + payload.length;
  return w.concat(payload);
}

function comment(i: number, r: VectorRecord): string {
  const what = r.tlp ? describeTlp(r.tlp) : r.frame ? `frame ${r.frame.length} bytes` : `level ${r.kind === 'expect' && r.level ? 1 : 0}`;
  return `// record ${i}: ${r.kind} ${r.channel} cycle ${r.cycle}: ${what.replace(/\n/g, ' ')}`;
}

export function writeHex(v: Vector): string {
  const h = v.header;
  const body: string[] = [];
  let words = HEADER_WORDS;
  v.records.forEach((r, i) => {
    const w = recordWords(r);
    body.push(comment(i, r), ...w.map(hex8));
    words += w.length;
  });
  words += 2; // end record
  const [s0, s1] = scenarioWords(h.scenario);
  const head = [
    HEX_MAGIC, h.version, ...PARAM_KEYS.map((k) => h.params[k]), v.records.length, words,
    h.seed, h.tolerance.before, h.tolerance.after, s0, s1, h.generator,
  ];
  return [
    `// virtio-cosim test vector, format ${h.version} (vectors/FORMAT.md): scenario ${h.scenario}, seed ${h.seed}`,
    ...head.map(hex8), ...body, '// end', hex8(TYPE.end << 24), hex8(2), '',
  ].join('\n');
}

// ---- reader -------------------------------------------------------------------------------

interface Word { value: number; line: number }

/** The words of a $readmemh file with their line numbers (comments and blank lines skipped). */
export function hexWords(text: string): Word[] {
  const out: Word[] = [];
  const lines = text.split(/\r?\n/); // CRLF as well as LF line ends (as the JSONL reader)
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].replace(/\/\/.*$/, '').trim();
    if (s === '') continue;
    for (const tok of s.split(/\s+/)) {
      if (!/^[0-9a-fA-F]{1,8}$/.test(tok)) throw new VectorFormatError(`word ${out.length} (line ${i + 1})`, '<word>', tok, 'is not a hex word of at most 8 digits');
      out.push({ value: parseInt(tok, 16) >>> 0, line: i + 1 });
    }
  }
  return out;
}

export function readHex(text: string): Vector {
  const words = hexWords(text);
  const at = (i: number): string => (i < words.length ? `word ${i} (line ${words[i].line})` : `word ${i} (past the end, ${words.length} words)`);
  const get = (i: number, field: string): number => {
    if (i >= words.length) throw new VectorFormatError(at(i), field, '<missing>', `is missing: the file ends after ${words.length} words (truncated)`);
    return words[i].value;
  };
  if (get(0, 'magic') !== HEX_MAGIC) throw new VectorFormatError(at(0), 'magic', hex8(words[0].value), `is not ${hex8(HEX_MAGIC)}`);
  const params = {} as VectorHeader['params'];
  PARAM_KEYS.forEach((k, i) => (params[k] = get(2 + i, `params.${k}`)));
  const header: VectorHeader = {
    version: get(1, 'version'), generator: get(15, 'generator'), scenario: scenarioOf(get(13, 'scenario'), get(14, 'scenario')),
    seed: get(10, 'seed'), params, tolerance: { before: get(11, 'tolerance.before'), after: get(12, 'tolerance.after') },
  };
  checkHeader(at(0), header);
  const count = get(8, 'records');
  const total = get(9, 'words');
  if (words.length < total) throw new VectorFormatError(at(words.length), 'words', total, `is the header's word count but the file has ${words.length} (truncated)`);

  const seq = new RecordSequence();
  const records: VectorRecord[] = [];
  let p = HEADER_WORDS;
  for (let n = 0; n < count; n++) {
    const where = `${at(p)}, record ${n}`;
    const w0 = get(p, 'type');
    const type = w0 >>> 24;
    const len = get(p + 1, 'length');
    if (type !== TYPE.stim && type !== TYPE.expect) throw new VectorFormatError(where, 'type', hex8(w0), 'is not a stimulus (01) or expect (02) record type');
    if (len < RECORD_FIXED_WORDS) throw new VectorFormatError(where, 'length', len, `is below the fixed part (${RECORD_FIXED_WORDS} words)`);
    const channel = CHANNEL_BY_CODE.get((w0 >>> 16) & 0xff);
    if (!channel) throw new VectorFormatError(where, 'channel', (w0 >>> 16) & 0xff, 'is not a known channel code');
    const isStim = type === TYPE.stim;
    if (isStim !== (STIM_CHANNELS as readonly string[]).includes(channel)) {
      throw new VectorFormatError(where, 'channel', channel, `is not a ${isStim ? 'stimulus' : 'response'} channel`);
    }
    const f = (k: number): number => get(p + k, `word ${k}`);
    const plen = f(11);
    const pwords = channel === 's_axis_rx' || channel === 'm_axis_tx' ? Math.ceil(plen / 4) : channel === 'intx' ? 0 : plen;
    if (len !== RECORD_FIXED_WORDS + pwords) throw new VectorFormatError(where, 'length', len, `disagrees with the payload length ${plen} (${RECORD_FIXED_WORDS + pwords} words expected)`);
    // Checked before the payload is allocated: a length word may claim gigabytes.
    if (p + len > total) throw new VectorFormatError(where, 'payload length', plen, `runs past the ${total} words the header declares (record of ${len} words at word ${p})`);
    const payload = new Uint8Array(pwords * 4);
    const pv = new DataView(payload.buffer);
    for (let k = 0; k < pwords; k++) pv.setUint32(k * 4, get(p + RECORD_FIXED_WORDS + k, `payload[${k}]`), true);
    const tlp = (): StimRecord['tlp'] => {
      const hdr = Uint32Array.of(f(7), f(8), f(9), f(10));
      try {
        return hdrToTlp(hdr, payload);
      } catch (e) {
        if (e instanceof TlpError) throw new VectorFormatError(`${at(p + 7)}, record ${n}`, 'hdr', Array.from(hdr, hex8).join(' '), `is not a valid TLP: ${e.message}`);
        throw e;
      }
    };
    let r: VectorRecord;
    if (isStim) {
      const s: StimRecord = { kind: 'stim', channel: channel as StimRecord['channel'], cycle: f(2) };
      if (w0 & FLAG.after) Object.assign(s, { after: f(3), gap: f(4) });
      if (channel === 's_axis_rx') s.frame = payload.slice(0, plen);
      else s.tlp = tlp();
      if (channel === 'rx_req') s.bar = f(6) & 7;
      if (channel === 'rx_cpl') {
        s.error = f(6) & 0xf;
        if (w0 & FLAG.tagNormalised) s.read = f(5);
      }
      r = s;
    } else {
      const e: ExpectRecord = { kind: 'expect', channel: channel as ExpectRecord['channel'], cycle: f(2), earliest: f(3), latest: f(4), domain: (w0 >>> 8) & 0xff };
      if (channel === 'm_axis_tx') e.frame = payload.slice(0, plen);
      else if (channel === 'intx') e.level = (f(6) & 1) === 1;
      else e.tlp = tlp();
      if (channel === 'tx_rd_req') e.read = f(5);
      r = e;
    }
    if ((r.channel === 's_axis_rx' || r.channel === 'm_axis_tx') && plen === 0) throw new VectorFormatError(where, 'payload length', 0, 'is an empty frame');
    seq.add(where, r);
    records.push(r);
    p += len;
  }
  if (get(p, 'type') !== ((TYPE.end << 24) >>> 0)) throw new VectorFormatError(at(p), 'type', hex8(words[p].value), `is not the end record ${hex8(TYPE.end << 24)} after ${count} records`);
  if (p + 2 !== total) throw new VectorFormatError(at(p), 'words', total, `is the header's word count but the end record ends at word ${p + 2}`);
  return { header, records };
}
