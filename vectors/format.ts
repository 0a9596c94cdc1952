// Vector files: pick the form from the content (a JSON Lines file starts with `{`, a hex file
// with a comment or a hex word), read, write both forms, and summarise for `vectors check`.

import { readHex, writeHex } from './hex.js';
import { readJsonl, writeJsonl } from './jsonl.js';
import type { Vector } from './types.js';

export { readHex, writeHex, readJsonl, writeJsonl };
export * from './types.js';

export type VectorForm = 'jsonl' | 'hex';

export function formOf(text: string): VectorForm {
  return text.trimStart().startsWith('{') ? 'jsonl' : 'hex';
}

/** Read either form; throws VectorFormatError naming the line (and word for hex) and field. */
export function readVector(text: string): { vector: Vector; form: VectorForm } {
  const form = formOf(text);
  return { vector: form === 'jsonl' ? readJsonl(text) : readHex(text), form };
}

/** One-line summary: counts per channel and the cycle span. */
export function summarise(v: Vector): string {
  const counts = new Map<string, number>();
  for (const r of v.records) counts.set(`${r.kind} ${r.channel}`, (counts.get(`${r.kind} ${r.channel}`) ?? 0) + 1);
  const last = v.records.length ? v.records[v.records.length - 1].cycle : 0;
  const parts = [...counts].map(([k, n]) => `${k}=${n}`).join(' ');
  return `scenario ${v.header.scenario} seed ${v.header.seed}, ${v.records.length} records (${parts}), cycles 0..${last}, TLP_DATA_WIDTH ${v.header.params.TLP_DATA_WIDTH}`;
}
