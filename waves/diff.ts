// `waves diff`: for each chosen signal, the first time at which its value differs between two
// VCDs (values compared as numbers, so "03" and "3" are equal; widths may differ). Both files are
// read with the same time axis (see README: model VCD and player VCD share it).

import { findSignal, parseVcdFile, type VcdChange, type VcdSignal } from './vcd-read.js';

export interface SignalDiff {
  name: string;
  pathA: string;
  pathB: string;
  /** First time the values differ, with both values; undefined if they never do. */
  firstDiff?: { time: number; a: string; b: string };
  changesA: number;
  changesB: number;
}

function norm(v: string): string {
  return /^[0-9a-f]+$/.test(v) ? BigInt(`0x${v}`).toString(16) : v;
}

/** Walk both change lists in time order; the first instant whose settled values differ. */
export function firstDifference(a: VcdChange[], b: VcdChange[]): SignalDiff['firstDiff'] {
  let i = 0;
  let j = 0;
  let va = 'x';
  let vb = 'x';
  while (i < a.length || j < b.length) {
    const t = Math.min(i < a.length ? a[i].time : Infinity, j < b.length ? b[j].time : Infinity);
    while (i < a.length && a[i].time === t) va = norm(a[i++].value);
    while (j < b.length && b[j].time === t) vb = norm(b[j++].value);
    if (va !== vb) return { time: t, a: va, b: vb };
  }
  return undefined;
}

export async function diffVcdFiles(fileA: string, fileB: string, names: string[]): Promise<SignalDiff[]> {
  // "a:b" compares signal a of file A with signal b of file B.
  const side = (n: string, k: 0 | 1): string => (n.includes(':') ? n.split(':')[k] : n);
  const pick = (file: string, chosen: VcdSignal[], k: 0 | 1) => (signals: VcdSignal[]): Set<string> => {
    for (const n of names) chosen.push(findSignal(signals, side(n, k), file));
    return new Set(chosen.map((s) => s.id));
  };
  const sa: VcdSignal[] = [];
  const sb: VcdSignal[] = [];
  const [a, b] = await Promise.all([parseVcdFile(fileA, pick(fileA, sa, 0)), parseVcdFile(fileB, pick(fileB, sb, 1))]);
  return names.map((name, k) => {
    const ca = a.changes.get(sa[k].id) ?? [];
    const cb = b.changes.get(sb[k].id) ?? [];
    return { name, pathA: sa[k].path, pathB: sb[k].path, firstDiff: firstDifference(ca, cb), changesA: ca.length, changesB: cb.length };
  });
}

export function formatDiff(r: SignalDiff[], max = 20): string[] {
  const lines = r.slice(0, max).map((d) =>
    d.firstDiff
      ? `${d.name}: first differs at time ${d.firstDiff.time}: A=${d.firstDiff.a} B=${d.firstDiff.b} (A ${d.pathA}, B ${d.pathB})`
      : `${d.name}: same (${d.changesA} changes in A, ${d.changesB} in B)`,
  );
  const n = r.filter((d) => d.firstDiff).length;
  lines.push(n ? `${n} of ${r.length} signals differ` : `all ${r.length} signals match`);
  return lines;
}
