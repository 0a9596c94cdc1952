// The model's transaction-level view as a VCD, on the same time axis as the player's RTL VCD
// (tb/player, +trace=FILE): rising edge n of clk is at time 2n+1 (timescale 1 ns, so one clk
// cycle is 2 ns) and the vector's cycle c is edge c + RESET_CYCLES (8), i.e. time 2(c+8)+1.
//
// Per channel scope (rx_req, rx_cpl, s_axis_rx, tx_cpl, tx_rd_req, tx_wr_req, m_axis_tx, intx):
//   valid      1 for the cycle a TLP/frame starts (a pulse)
//   hdr[127:0] the 128-bit header as on the DUT port (docs/dut-interface.md), held
//   fmt_type[7:0], address[63:0], tag[7:0], length[9:0]   decoded from it, held
//   bytes[15:0] (frame channels), level (intx)
// Per virtqueue scope qN (from the ordering domains of vectors/FORMAT.md: DMA of queue N):
//   dma_reads[31:0], dma_writes[31:0] running counts of the device's reads / writes for queue N.
// The model does not expose its avail/used positions or wrap counters; those counts stand in.

import { tlpToHdr } from '../model/tlp/codec.js';
import type { Tlp } from '../model/tlp/types.js';
import type { Vector, VectorChannel } from '../vectors/types.js';

export const RESET_CYCLES = 8;
/** VCD time of the rising edge of vector cycle `c`. */
export const timeOfCycle = (c: number, reset = RESET_CYCLES): number => 2 * (c + reset) + 1;

export interface TimedEvent {
  cycle: number;
  channel: VectorChannel;
  tlp?: Tlp;
  frame?: Uint8Array;
  level?: boolean;
  /** Virtqueue a DMA belongs to, if known. */
  queue?: number;
}

const CHANNELS: readonly VectorChannel[] = ['rx_req', 'rx_cpl', 's_axis_rx', 'tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'];
const QUEUE_DOMAIN_BASE = 16;

/** Stimulus at its cycle and responses at the model's predicted cycle. */
export function eventsOfVector(v: Vector): TimedEvent[] {
  return v.records.map((r) => ({
    cycle: r.cycle, channel: r.channel, tlp: r.tlp, frame: r.frame, level: r.kind === 'expect' ? r.level : undefined,
    queue: r.kind === 'expect' && r.domain >= QUEUE_DOMAIN_BASE ? r.domain - QUEUE_DOMAIN_BASE : undefined,
  }));
}

interface Var { id: string; width: number }

function bin(v: number, width: number): string {
  return (v >>> 0).toString(2).slice(-width);
}

function bin128(hdr: Uint32Array): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += hdr[i].toString(2).padStart(32, '0');
  const t = s.replace(/^0+/, '');
  return t === '' ? '0' : t;
}

/** Render the VCD text. Deterministic: no date, ids assigned in declaration order. */
export function modelVcd(events: readonly TimedEvent[], reset = RESET_CYCLES): string {
  let next = 33; // '!'
  const newId = (): string => {
    let n = next++ - 33;
    let s = '';
    do {
      s += String.fromCharCode(33 + (n % 94));
      n = Math.floor(n / 94);
    } while (n > 0);
    return s;
  };
  const decl: string[] = ['$version virtio-cosim waves/model-vcd.ts $end', '$timescale 1ns $end', '$scope module model $end'];
  const vars = new Map<string, Var>();
  const add = (scope: string, name: string, width: number): void => {
    const v = { id: newId(), width };
    vars.set(`${scope}.${name}`, v);
    decl.push(`$var wire ${width} ${v.id} ${name}${width > 1 ? ` [${width - 1}:0]` : ''} $end`);
  };
  const clk = newId();
  decl.push(`$var wire 1 ${clk} clk $end`);
  for (const ch of CHANNELS) {
    decl.push(`$scope module ${ch} $end`);
    add(ch, 'valid', 1);
    if (ch === 'intx') add(ch, 'level', 1);
    else if (ch === 's_axis_rx' || ch === 'm_axis_tx') add(ch, 'bytes', 16);
    else {
      add(ch, 'hdr', 128);
      add(ch, 'fmt_type', 8);
      add(ch, 'address', 64);
      add(ch, 'tag', 8);
      add(ch, 'length', 10);
    }
    decl.push('$upscope $end');
  }
  const queues = [...new Set(events.filter((e) => e.queue !== undefined).map((e) => e.queue!))].sort((a, b) => a - b);
  for (const q of queues) {
    decl.push(`$scope module q${q} $end`);
    add(`q${q}`, 'dma_reads', 32);
    add(`q${q}`, 'dma_writes', 32);
    decl.push('$upscope $end');
  }
  decl.push('$upscope $end', '$enddefinitions $end');

  // Value changes keyed by time; later writes at the same time win.
  const changes = new Map<number, Map<string, string>>();
  const set = (t: number, key: string, value: number | string): void => {
    const v = vars.get(key)!;
    let m = changes.get(t);
    if (!m) changes.set(t, (m = new Map()));
    m.set(v.id, typeof value === 'string' ? value : v.width === 1 ? String(value & 1) : bin(value, v.width));
  };
  const counts = new Map<string, number>();
  const sorted = [...events].sort((a, b) => a.cycle - b.cycle);
  for (const e of sorted) {
    const t = timeOfCycle(e.cycle, reset);
    const ch = e.channel;
    set(t, `${ch}.valid`, 1);
    if (ch === 'intx') set(t, 'intx.level', e.level ? 1 : 0);
    else if (e.frame) set(t, `${ch}.bytes`, e.frame.length);
    else if (e.tlp) {
      const hdr = tlpToHdr(e.tlp);
      set(t, `${ch}.hdr`, `b${bin128(hdr)}`);
      set(t, `${ch}.fmt_type`, hdr[0] >>> 24);
      set(t, `${ch}.address`, `b${e.tlp.address.toString(2)}`);
      set(t, `${ch}.tag`, e.tlp.tag);
      set(t, `${ch}.length`, e.tlp.length);
    }
    if (e.queue !== undefined && (ch === 'tx_rd_req' || ch === 'tx_wr_req')) {
      const key = `q${e.queue}.${ch === 'tx_rd_req' ? 'dma_reads' : 'dma_writes'}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      set(t, key, n);
    }
  }
  // Drop each valid pulse one cycle later unless another event starts then.
  for (const e of sorted) {
    const t = timeOfCycle(e.cycle, reset) + 2;
    const m = changes.get(t);
    const id = vars.get(`${e.channel}.valid`)!.id;
    if (!m?.has(id)) set(t, `${e.channel}.valid`, 0);
  }

  const out = [...decl, '#0', '$dumpvars', `0${clk}`];
  const widthOf = new Map<string, number>();
  for (const v of vars.values()) {
    widthOf.set(v.id, v.width);
    out.push(v.width === 1 ? `0${v.id}` : `b0 ${v.id}`);
  }
  out.push('$end');
  const times = [...changes.keys()].sort((a, b) => a - b);
  const end = times.length ? times[times.length - 1] + 2 : 2;
  // clk toggles every time unit so the model VCD lines up edge for edge with the RTL one.
  let ti = 0;
  for (let t = 1; t <= end; t++) {
    out.push(`#${t}`, `${t & 1}${clk}`);
    while (ti < times.length && times[ti] < t) ti++;
    if (times[ti] === t) {
      for (const [id, val] of changes.get(t)!) {
        out.push(widthOf.get(id) === 1 ? `${val}${id}` : `${val.startsWith('b') ? val : `b${val}`} ${id}`);
      }
    }
  }
  return out.join('\n') + '\n';
}
