// The recorded access stream of a live run (--record) and its replay without QEMU (--replay):
// the messages QEMU sent with the answers given, and the data every DMA read found in guest
// RAM. Replaying feeds the same messages to a fresh device whose DMA reads are answered from
// the record; the device side is deterministic, so the trace hash must come out the same.
// File: gzip-compressed JSON.

import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CompareLevel, DutKind } from './backend.js';
import type { DmaRead } from './guest-ram.js';
import type { MpqemuMessage } from './mpqemu.js';

export interface LinuxRecord {
  format: 'virtio-cosim-linux/1';
  dut: DutKind;
  width: 64 | 256;
  defines: string[];
  compare: CompareLevel;
  messages: { m: MpqemuMessage; ret: bigint | null }[];
  reads: DmaRead[];
  hash: number;
}

export class RecordError extends Error {
  constructor(file: string, why: string) {
    super(`record ${file}: ${why}`);
    this.name = 'RecordError';
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

export function writeRecord(file: string, r: LinuxRecord): void {
  const json = JSON.stringify({ ...r, reads: r.reads.map((x) => [x.addr, hex(x.data)]) }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  writeFileSync(file, gzipSync(json, { level: 6 }));
}

export function readRecord(file: string): LinuxRecord {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch (e) {
    throw new RecordError(file, `cannot be read (${(e as Error).message})`);
  }
  let raw: Omit<LinuxRecord, 'reads'> & { reads: [number, string][] };
  try {
    raw = JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as typeof raw;
  } catch (e) {
    throw new RecordError(file, `is not JSON (${(e as Error).message})`);
  }
  if (raw.format !== 'virtio-cosim-linux/1') throw new RecordError(file, `format ${JSON.stringify(raw.format)} is not virtio-cosim-linux/1`);
  return { ...raw, reads: raw.reads.map(([addr, h]) => ({ addr, data: new Uint8Array(Buffer.from(h, 'hex')) })) };
}
