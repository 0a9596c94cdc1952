// Hex text for logs, vector files and tool protocols: the one set of formatters the model, the
// testbench and the scripts share. Lowercase digits, no "0x" prefix (callers add it).

/** The 256 two-digit strings, so a byte costs one table read, not a toString/padStart. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, b) => (b < 16 ? '0' : '') + b.toString(16));

/** A 32-bit value as exactly 8 hex digits (negative numbers are taken as their u32). */
export function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

/** Bytes as two hex digits each, joined by `sep` ('' for a blob, ':' for a MAC address). */
export function bytesHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i > 0 ? sep : '') + HEX2[b[i]];
  return s;
}

/**
 * A TLP payload as its DWs, each read little-endian (memory order, as model/tlp keeps payloads)
 * and printed with hex8. Bytes short of a whole DW at the end are left out.
 */
export function dwordsHex(data: Uint8Array): string[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: string[] = [];
  for (let i = 0; i + 4 <= data.length; i += 4) out.push(hex8(v.getUint32(i, true)));
  return out;
}
