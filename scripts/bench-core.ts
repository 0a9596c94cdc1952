// The functional core's throughput (model/core: the spec level's model), for `make bench`.
//
// A device loop on the core's own calls, as the spec level runs them: the chain at next_avail
// popped from a SparseMemory (popChain), TX: its readable bytes gathered and the frame made
// (gatherReadable, txFrame); RX: the fill planned and the image scattered into the writable
// segments (rxPlan, rxImage, scatterWritable, SparseMemory.write); then the used descriptor
// written at next_used (usedFlags). A driver posts one ring's worth of single-descriptor chains
// between the timed parts (the ring wraps, so both wrap counters flip), and checks every used
// entry and every frame, so the bench also fails when the core goes wrong.

import { advance, gatherReadable, popChain, scatterWritable, type AvailCursor, type ChainRules } from '../model/core/chain.js';
import { SparseMemory } from '../model/core/memory.js';
import { rxImage, rxPlan, txFrame, TX_USED_LEN } from '../model/core/net.js';
import { isPublished, usedFlags } from '../model/core/used.js';
import { VIRTIO_NET_HDR_LEN } from '../model/net/hdr.js';
import { DESC_SIZE, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_USED, VIRTQ_DESC_F_WRITE } from '../model/ring/constants.js';

export type CoreDir = 'TX' | 'RX';

export interface CoreFigures {
  descriptors: number;
  frames: number;
  ms: number;
  cpuMs: number;
  /** FNV-1a over every frame and used entry: the same for the same case, run after run. */
  digest: string;
}

/** A common ring size (a 4096-entry ring measured slower: more pages, more cache misses). */
const QUEUE = 256;
const RING = 0x1_0000;
const BUFS = 0x10_0000;
const BUF_STRIDE = 2048;

function fnv(h: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x0100_0193) >>> 0;
  return h;
}

export class CoreBenchError extends Error {
  constructor(detail: string) {
    super(`core bench: ${detail}`);
    this.name = 'CoreBenchError';
  }
}

/** Runs `frames` single-descriptor chains of `len` frame bytes through the core, one direction. */
export function coreBench(dir: CoreDir, len: number, frames: number): CoreFigures {
  const mem = new SparseMemory();
  const rules: ChainRules = { indirectDesc: true };
  const cur: AvailCursor = { queueSize: QUEUE, queueDesc: BigInt(RING), nextAvail: 0, availWrap: 1 };
  let driverPos = 0;
  let driverWrap = 1;
  let usedPos = 0;
  let usedWrap = 1;
  const desc = new Uint8Array(DESC_SIZE);
  const dv = new DataView(desc.buffer);
  const payload = new Uint8Array(VIRTIO_NET_HDR_LEN + len).fill(0x5a, VIRTIO_NET_HDR_LEN);
  payload.fill(0, 0, VIRTIO_NET_HDR_LEN);
  const frame = new Uint8Array(len).fill(0xa5);
  // The used element's len, id and flags (bytes 8..15 of the descriptor, §2.8.13), written as one.
  const used = new Uint8Array(8);
  const uv = new DataView(used.buffer);
  const out: Uint8Array[] = new Array<Uint8Array>(QUEUE);
  let digest = 0x811c_9dc5;
  let done = 0;
  let descriptors = 0;
  let ms = 0;
  let cpuMs = 0;
  while (done < frames) {
    // Driver (untimed): a ring's worth of available chains, one descriptor each (§2.8.6).
    const n = Math.min(QUEUE, frames - done);
    for (let i = 0; i < n; i++) {
      const slot = driverPos;
      const buf = BUFS + slot * BUF_STRIDE;
      dv.setBigUint64(0, BigInt(buf), true);
      dv.setUint32(8, dir === 'TX' ? payload.length : VIRTIO_NET_HDR_LEN + len, true);
      dv.setUint16(12, slot, true);
      const avail = driverWrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
      dv.setUint16(14, avail | (dir === 'RX' ? VIRTQ_DESC_F_WRITE : 0), true);
      if (dir === 'TX') mem.write(buf, payload);
      mem.write(RING + slot * DESC_SIZE, desc);
      const a = advance(driverPos, driverWrap, 1, QUEUE);
      driverPos = a.pos;
      driverWrap = a.wrap;
    }
    // Device (timed): pop, make the frame or fill the buffer, write the used entry.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = popChain(mem, cur, rules);
      if (r.kind !== 'element') throw new CoreBenchError(`chain ${done + i}: ${r.kind}`);
      const el = r.element;
      let written = TX_USED_LEN;
      if (dir === 'TX') {
        const bytes = gatherReadable(mem, el);
        if (!(bytes instanceof Uint8Array)) throw new CoreBenchError(`chain ${done + i}: unknown readable byte`);
        const t = txFrame(bytes, false);
        if (t.kind !== 'frame') throw new CoreBenchError(`chain ${done + i}: ${t.reason}`);
        out[i] = t.frame;
      } else {
        const plan = rxPlan(len, false, [el]);
        if (!plan.ok) throw new CoreBenchError(`chain ${done + i}: RX ${plan.reason}`);
        const image = rxImage(frame, plan.numBuffers);
        for (const p of scatterWritable(el, image.length)) mem.write(Number(p.addr), image.subarray(p.at, p.at + p.len));
        written = image.length;
      }
      uv.setUint32(0, written, true);
      uv.setUint16(4, el.id, true);
      uv.setUint16(6, usedFlags(usedWrap, written), true);
      mem.write(RING + usedPos * DESC_SIZE + 8, used);
      const a = advance(usedPos, usedWrap, el.ndescs, QUEUE);
      usedPos = a.pos;
      usedWrap = a.wrap;
      descriptors += el.ndescs;
    }
    ms += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuMs += (c.user + c.system) / 1000;
    // Driver (untimed): every used entry published with the right id and len; RX bytes landed.
    for (let i = 0; i < n; i++) {
      const slot = (done + i) % QUEUE;
      const wrap = Math.floor((done + i) / QUEUE) % 2 === 0 ? 1 : 0;
      const u = mem.read(RING + slot * DESC_SIZE + 8, 8);
      if (!u) throw new CoreBenchError(`used slot ${slot} never written`);
      const flags = u[6] | (u[7] << 8);
      const id = u[4] | (u[5] << 8);
      const ulen = u[0] | (u[1] << 8) | (u[2] << 16) | (u[3] << 24);
      if (!isPublished(flags, wrap) || id !== slot) throw new CoreBenchError(`used slot ${slot}: id ${id} flags 0x${flags.toString(16)}`);
      digest = fnv(digest, u);
      if (dir === 'TX') {
        if (out[i].length !== len || out[i][len - 1] !== 0x5a) throw new CoreBenchError(`TX frame ${done + i}: bad bytes`);
        digest = fnv(digest, out[i]);
      } else {
        const got = mem.read(BUFS + slot * BUF_STRIDE, ulen);
        if (!got || ulen !== VIRTIO_NET_HDR_LEN + len || got[VIRTIO_NET_HDR_LEN + len - 1] !== 0xa5 || got[10] !== 1) throw new CoreBenchError(`RX buffer ${slot}: bad image`);
        digest = fnv(digest, got);
      }
    }
    done += n;
  }
  return { descriptors, frames, ms, cpuMs, digest: digest.toString(16).padStart(8, '0') };
}
