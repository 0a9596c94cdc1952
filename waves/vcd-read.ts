// Reading VCD files with vcd-stream's WASM parser (no native build needed): the signal tree and
// every value change of the signals asked for. Values are strings: "0", "1", "x", "z" for scalars,
// lowercase hex for vectors ("x" where the mask says unknown).

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';

const require = createRequire(import.meta.url);

export class VcdError extends Error {
  constructor(field: string, value: string, reason: string) {
    super(`VCD ${field} "${value}" ${reason}`);
    this.name = 'VcdError';
  }
}

interface VcdNode { kind: 'scope' | 'var'; name: string; link?: string; size?: number; body?: VcdNode[] }
interface VcdStreamParser {
  info: { wires: VcdNode };
  change: { any(fn: (id: string, time: bigint, cmd: number, value?: bigint, mask?: bigint) => void): void };
  on(ev: string, fn: () => void): void;
  write(b: Uint8Array): boolean;
  end(): void;
}
interface VcdStream { createVCD(): Promise<unknown>; webVcdParser(wasm: unknown): Promise<VcdStreamParser> }

export interface VcdSignal { path: string; id: string; size: number }
export interface VcdChange { time: number; value: string }
export interface VcdData {
  signals: VcdSignal[];
  /** Changes per signal id, in time order. */
  changes: Map<string, VcdChange[]>;
  endTime: number;
}

const CHUNK = 16 * 1024;

// vcd-stream command codes for scalar values (vcd_parser.h): 14..17 = 0, 1, x, z.
const SCALAR = ['0', '1', 'x', 'z'];

function flatten(n: VcdNode, prefix: string, out: VcdSignal[]): void {
  for (const c of n.body ?? []) {
    const path = prefix ? `${prefix}.${c.name}` : c.name;
    if (c.kind === 'var') out.push({ path, id: c.link!, size: c.size ?? 1 });
    else flatten(c, path, out);
  }
}

/** Parse a whole VCD. With `only`, changes are kept for those ids alone. */
export async function parseVcd(bytes: Uint8Array, only?: (signals: VcdSignal[]) => Set<string>): Promise<VcdData> {
  const vcd = require('vcd-stream') as VcdStream;
  const p = await vcd.webVcdParser(await vcd.createVCD());
  const signals: VcdSignal[] = [];
  const changes = new Map<string, VcdChange[]>();
  let keep: Set<string> | undefined;
  let endTime = 0;
  let defined = false;
  p.on('$enddefinitions', () => {
    defined = true;
    flatten(p.info.wires, '', signals);
    keep = only ? only(signals) : undefined;
  });
  p.change.any((id, time, cmd, value, mask) => {
    if (keep && !keep.has(id)) return;
    const t = Number(time);
    if (t > endTime) endTime = t;
    let v: string;
    if (cmd >= 14 && cmd <= 17) v = SCALAR[cmd - 14];
    else if (mask !== undefined && mask !== 0n) v = 'x';
    else v = (value ?? 0n).toString(16);
    let list = changes.get(id);
    if (!list) changes.set(id, (list = []));
    list.push({ time: t, value: v });
  });
  await new Promise<void>((resolve, reject) => {
    p.on('finish', () => resolve());
    p.on('error', () => reject(new VcdError('stream', '', 'could not be parsed')));
    // The WASM build copies each chunk onto its own stack: feed it in small pieces.
    for (let at = 0; at < bytes.length; at += CHUNK) p.write(bytes.subarray(at, at + CHUNK));
    p.end();
  });
  if (!defined) throw new VcdError('header', '$enddefinitions', 'is missing: not a VCD file');
  return { signals, changes, endTime };
}

export async function parseVcdFile(path: string, only?: (signals: VcdSignal[]) => Set<string>): Promise<VcdData> {
  return parseVcd(await readFile(path), only);
}

/** The signal a user means by `name`: its full dotted path, or a suffix matching exactly one signal. */
export function findSignal(signals: VcdSignal[], name: string, file: string): VcdSignal {
  const exact = signals.find((s) => s.path === name);
  if (exact) return exact;
  const hits = signals.filter((s) => s.path.endsWith(`.${name}`));
  // Verilator dumps a port at every level it passes through; the shallowest is the one meant.
  if (hits.length === 0) throw new VcdError('signal', name, `is not in ${file}`);
  hits.sort((a, b) => a.path.split('.').length - b.path.split('.').length);
  if (hits.length > 1 && hits[0].path.split('.').length === hits[1].path.split('.').length) {
    throw new VcdError('signal', name, `is ambiguous in ${file}: ${hits.slice(0, 4).map((h) => h.path).join(', ')}`);
  }
  return hits[0];
}
