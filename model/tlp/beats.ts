// Splitting a TLP payload into bus beats and back, per docs/dut-interface.md: the first payload
// DW is in [31:0] of the first beat, `strb` has one bit per DW (contiguous from bit 0), every
// beat but the last is full, and a TLP without payload is one beat with strb = 0.

import { TlpError } from './errors.js';

export interface Beat {
  /** dataWidthBits/8 bytes; bytes past the strobed DWs of the last beat are 0. */
  data: Uint8Array;
  /** One bit per DW of this beat that carries payload. */
  strb: number;
  sop: boolean;
  eop: boolean;
}

const WIDTHS = new Set([32, 64, 128, 256, 512]);

function checkWidth(dataWidthBits: number): number {
  if (!WIDTHS.has(dataWidthBits)) throw new TlpError('dataWidthBits', dataWidthBits, 'is not 32, 64, 128, 256 or 512');
  return dataWidthBits / 8;
}

/** Split `payload` (whole DWs) into beats of a `dataWidthBits`-wide bus. */
export function payloadBeats(payload: Uint8Array, dataWidthBits: number): Beat[] {
  const beatBytes = checkWidth(dataWidthBits);
  if (payload.length % 4 !== 0) throw new TlpError('payload', payload.length, 'bytes is not a whole number of DW');
  if (payload.length === 0) return [{ data: new Uint8Array(beatBytes), strb: 0, sop: true, eop: true }];
  const count = Math.ceil(payload.length / beatBytes);
  const beats: Beat[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = i * beatBytes;
    const end = Math.min(start + beatBytes, payload.length);
    const data = new Uint8Array(beatBytes);
    data.set(payload.subarray(start, end));
    const dws = (end - start) / 4;
    // dws can be 16 on a 512-bit bus: build the mask without overflowing to a negative number.
    beats[i] = { data, strb: dws >= 31 ? 2 ** dws - 1 : (1 << dws) - 1, sop: i === 0, eop: i === count - 1 };
  }
  return beats;
}

/** Number of 1 bits at the bottom of `strb`, which must be contiguous from bit 0. */
function strbDws(strb: number, maxDw: number, beat: number): number {
  let n = 0;
  while (n < maxDw && (strb >>> n) & 1) n++;
  if (strb >>> n !== 0) throw new TlpError('strb', strb, `of beat ${beat} is not contiguous from bit 0`);
  return n;
}

/**
 * Reassemble the payload of one TLP from its beats (sop on the first, eop on the last, every
 * beat but the last full). Throws TlpError on a framing violation.
 */
export function beatsToPayload(beats: readonly Beat[], dataWidthBits: number): Uint8Array {
  const beatBytes = checkWidth(dataWidthBits);
  const maxDw = beatBytes / 4;
  if (beats.length === 0) throw new TlpError('beats', 0, 'given: a TLP has at least one beat');
  let total = 0;
  const dwsPerBeat = new Array<number>(beats.length);
  for (let i = 0; i < beats.length; i++) {
    const b = beats[i];
    if (b.sop !== (i === 0)) throw new TlpError('sop', i, `is ${b.sop ? 'set' : 'clear'} on beat ${i}`);
    if (b.eop !== (i === beats.length - 1)) throw new TlpError('eop', i, `is ${b.eop ? 'set' : 'clear'} on beat ${i}`);
    const n = strbDws(b.strb, maxDw, i);
    if (i < beats.length - 1 && n !== maxDw) throw new TlpError('strb', b.strb, `of beat ${i} is not full but eop is clear`);
    dwsPerBeat[i] = n;
    total += n * 4;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < beats.length; i++) {
    const n = dwsPerBeat[i] * 4;
    out.set(beats[i].data.subarray(0, n), at);
    at += n;
  }
  return out;
}
