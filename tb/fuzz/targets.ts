// Seeded fuzz targets. Each one turns a Prng into one random case and runs it; `run` returns
// normally or throws. Which throws are allowed is per target (`allowed`): the input parsers may
// refuse bad input with their own typed error; the model must never throw on anything that comes
// from the wire or from guest memory (a request TLP, a ring, a frame).
//
// Same seed, same case: a failure is reproduced by `make fuzz FUZZ_ARGS="--target T --seed S --cases 1"`.

import { hdrToTlp, decodeTlp, encodeTlp } from '../../model/tlp/codec.js';
import { TlpError } from '../../model/tlp/errors.js';
import type { Tlp, TlpKind } from '../../model/tlp/types.js';
import { cfgRd0, cfgWr0, mrd, mwr } from '../../model/tlp/build.js';
import { VirtioNetModel } from '../../model/net/device.js';
import { parseTimingProfile, TimingProfileError } from '../../model/timing/profile.js';
import referenceRtl from '../../model/timing/reference-rtl.json' with { type: 'json' };
import type { Prng } from '../../model/util/prng.js';
import * as F from '../../model/virtio/features.js';
import { generate } from '../../vectors/gen.js';
import { readHex, writeHex } from '../../vectors/hex.js';
import { readJsonl, writeJsonl } from '../../vectors/jsonl.js';
import { VectorFormatError } from '../../vectors/types.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../driver/vring.js';
import { ModelHarness } from '../scenarios/harness.js';
import { addAddress, type Address } from '../../model/dma/types.js';

export interface FuzzTarget {
  name: string;
  what: string;
  /** Error classes this target may throw on bad input (anything else is a failure). */
  allowed: ReadonlyArray<abstract new (...a: never[]) => Error>;
  run(rng: Prng): void;
}

const u32 = (rng: Prng): number => rng.u32();
/** An integer in 0 .. 2^53-1 biased towards edges (0, 2^32 boundaries, 2^53-1). */
function bigish(rng: Prng): number {
  switch (rng.int(0, 5)) {
    case 0: return 0;
    case 1: return rng.int(0, 0xffff_ffff);
    case 2: return Number.MAX_SAFE_INTEGER - rng.int(0, 4096);
    case 3: return 0x1_0000_0000 - rng.int(0, 64);
    default: return rng.int(0, 0x1f_ffff) * 0x1_0000_0000 + u32(rng);
  }
}

function randomBytes(rng: Prng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  rng.fill(b);
  return b;
}

/** Any 64-bit address (edges likely), DW aligned most of the time; sometimes out of range. */
function randomTlpAddress(rng: Prng): bigint {
  const a = (BigInt(u32(rng)) << 32n) | BigInt(u32(rng));
  switch (rng.int(0, 6)) {
    case 0: return BigInt(bigish(rng)) & ~3n;
    case 1: return (1n << 64n) - 4n * BigInt(rng.int(1, 4));
    case 2: return (1n << 53n) + BigInt(rng.int(-4, 4)) * 4n;
    case 3: return rng.bool() ? -4n : 1n << 64n;
    case 4: return a;
    default: return a & ~3n;
  }
}

// ---- TLP codec -----------------------------------------------------------------------------

const KINDS: readonly TlpKind[] = ['MRd', 'MWr', 'CfgRd0', 'CfgWr0', 'Cpl', 'CplD', 'Msg', 'MsgD'];

function randomTlp(rng: Prng): Tlp {
  const kind = KINDS[rng.int(0, KINDS.length - 1)];
  const dws = rng.int(0, 3) === 0 ? rng.int(0, 1100) : rng.int(1, 8);
  const data = kind === 'MWr' || kind === 'CfgWr0' || kind === 'CplD' || kind === 'MsgD' ? randomBytes(rng, dws * 4) : new Uint8Array(0);
  return {
    kind, addr64: rng.bool(), tc: rng.int(0, 8), attr: rng.int(0, 4), td: rng.bool(), ep: rng.bool(),
    length: rng.bool(0.8) ? Math.max(1, data.length / 4) : rng.int(-2, 1100), requesterId: rng.int(0, 0x1_0000), tag: rng.int(0, 0x100),
    firstBe: rng.int(0, 0x10), lastBe: rng.int(0, 0x10), address: randomTlpAddress(rng),
    targetId: rng.int(0, 0x1_0000), register: rng.int(0, 0x1000), completerId: rng.int(0, 0x1_0000), status: rng.int(0, 8),
    bcm: rng.bool(), byteCount: rng.int(0, 4097), lowerAddress: rng.int(0, 0x80), data,
    routing: rng.int(0, 7), messageCode: rng.int(0, 0x100),
  };
}

const codec: FuzzTarget = {
  name: 'tlp-codec',
  what: 'random TLP fields through encode/decode (round trip when accepted), random bytes and headers through decode',
  allowed: [TlpError],
  run(rng) {
    switch (rng.int(0, 2)) {
      case 0: {
        let bytes: Uint8Array;
        try {
          bytes = encodeTlp(randomTlp(rng));
        } catch (e) {
          if (e instanceof TlpError) return;
          throw e;
        }
        const again = encodeTlp(decodeTlp(bytes));
        if (again.length !== bytes.length || again.some((v, i) => v !== bytes[i])) throw new Error('tlp-codec: decode(encode(t)) does not encode to the same bytes');
        return;
      }
      case 1:
        decodeTlp(randomBytes(rng, rng.int(0, 64)));
        return;
      default:
        hdrToTlp(Uint32Array.of(u32(rng), u32(rng), u32(rng), u32(rng)), randomBytes(rng, 4 * rng.int(0, 16)));
    }
  },
};

// ---- function registers (request TLPs into the whole model) -------------------------------

const BAR0 = 0x1_0000_0000; // common cfg, ISR, device cfg, notify (16 KiB)
const BAR2 = 0x2000_0000; // MSI-X table and PBA (8 KiB)

function cfgWrite(m: VirtioNetModel, register: number, value: number, at: number): void {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, value >>> 0, true);
  m.pushRequest(cfgWr0({ requesterId: 0, tag: 0, targetId: 0x0100, register, data }), at);
}

const functionRegs: FuzzTarget = {
  name: 'function',
  what: 'random config and memory requests (any BE, length, EP, address near the BARs, MSI-X entries with any 64-bit address) into VirtioNetModel',
  allowed: [],
  run(rng) {
    const m = new VirtioNetModel();
    let t = 0;
    // BAR0 (64-bit) at 4 GiB, BAR2 (64-bit) below it, Memory Space + Bus Master (PCI 3.0 §6.2.2).
    cfgWrite(m, 0x10, BAR0 % 0x1_0000_0000 | 4, t++);
    cfgWrite(m, 0x14, Math.floor(BAR0 / 0x1_0000_0000), t++);
    cfgWrite(m, 0x18, BAR2 | 4, t++);
    cfgWrite(m, 0x1c, 0, t++);
    cfgWrite(m, 0x04, 0x6, t++);
    const n = rng.int(1, 60);
    for (let i = 0; i < n; i++) {
      t += rng.int(1, 50);
      const tag = i & 0xff;
      const be = rng.int(0, 15);
      const r = rng.int(0, 9);
      if (r === 0) {
        m.pushRequest(cfgRd0({ requesterId: 0, tag, targetId: rng.bool(0.9) ? 0x0100 : rng.int(0, 0xffff), register: rng.int(0, 0x3ff) * 4, firstBe: be }), t);
      } else if (r === 1) {
        m.pushRequest(cfgWr0({ requesterId: 0, tag, targetId: 0x0100, register: rng.int(0, 0x3ff) * 4, firstBe: be, data: randomBytes(rng, 4) }), t);
      } else {
        const base = rng.bool() ? BAR0 + rng.int(0, 0x4000) : rng.bool(0.95) ? BAR2 + rng.int(0, 0x2000) : bigish(rng);
        const address = base - (base % 4);
        const len = rng.bool(0.8) ? 1 : rng.int(1, 40);
        const lastBe = len === 1 ? 0 : rng.int(0, 15);
        const ep = rng.bool(0.05);
        let tlp: Tlp;
        if (rng.bool()) {
          tlp = mrd({ address, length: len, requesterId: 0, tag, firstBe: be, lastBe });
        } else {
          const data = randomBytes(rng, len * 4);
          // MSI-X table entries: any 64-bit Message Address, Upper Address and Data, mask toggled.
          if (rng.bool(0.3)) new DataView(data.buffer).setUint32(0, rng.bool() ? 0xffff_ffff - rng.int(0, 3) : u32(rng), true);
          tlp = mwr({ address, data, requesterId: 0, firstBe: be, lastBe });
        }
        tlp.ep = ep;
        tlp.addr64 = address >= 0x1_0000_0000;
        m.pushRequest(tlp, t);
      }
      m.advanceTo(t);
    }
    m.advanceTo(t + 5000);
  },
};

// ---- random rings through the model -------------------------------------------------------

function rawDesc(h: ModelHarness, descBase: Address, slot: number, addrHi: number, addrLo: number, len: number, id: number, flags: number): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, addrLo, true);
  v.setUint32(4, addrHi, true);
  v.setUint32(8, len, true);
  v.setUint16(12, id, true);
  v.setUint16(14, flags, true);
  h.memory.write(addAddress(descBase, 16 * slot), b);
}

const FEATURE_CHOICES = [F.VIRTIO_F_INDIRECT_DESC, F.VIRTIO_F_EVENT_IDX, F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_F_IN_ORDER];
const ARENA = 0x4000_0000;

function randomAddress(rng: Prng): [number, number] {
  switch (rng.int(0, 5)) {
    case 0: return [0xffff_ffff, u32(rng)]; // up to 2^64 - 1
    case 1: return [u32(rng), u32(rng)];
    case 2: return [0x1f_ffff, 0xffff_ffff - rng.int(0, 0x1_0000)]; // just below 2^53
    default: return [0, ARENA + rng.int(0, 0xffff) * 16];
  }
}

function randomLen(rng: Prng): number {
  switch (rng.int(0, 6)) {
    case 0: return 0;
    case 1: return u32(rng);
    case 2: return 0xffff_ffff;
    case 3: return rng.int(1, 16);
    default: return rng.int(1, 2048);
  }
}

const rings: FuzzTarget = {
  name: 'rings',
  what: 'random descriptor tables (chains, indirect tables, flags, lengths, addresses up to 2^64-1) in the RX, TX and control queues, then kicks and frames',
  allowed: [],
  run(rng) {
    const features = FEATURE_CHOICES.filter(() => rng.bool());
    const h = new ModelHarness({ requestTimeout: 50_000 });
    const size = [1, 2, 3, 4, 8, 16][rng.int(0, 5)];
    const d = new VirtioNetDriver(h, h.memory, { seed: rng.int(0, 0xffff), features, queueSize: size, msix: rng.bool(), eventMode: rng.bool() ? 'enable' : 'disable' });
    d.bringUp();
    // Any legal 64-bit MSI-X Message Address (PCIe r6.0 §7.7.2.5): upper DWs up to 0xffffffff.
    if (d.msixTableSize > 0 && rng.bool(0.3)) {
      for (let v = 0; v < d.msixTableSize; v++) d.pci.memWrite(d.msixLocations().table + 16 * v + 4, rng.bool() ? 0xffff_ffff : u32(rng), 4);
    }
    const queues = d.queues.map((q, i) => ({ q, i })).filter((x) => x.q);
    for (let round = rng.int(1, 4); round > 0; round--) {
      const { q, i } = queues[rng.int(0, queues.length - 1)];
      const base = q.vring.layout.desc;
      for (let s = 0; s < size; s++) {
        if (!rng.bool(0.7)) continue;
        const [hi, lo] = randomAddress(rng);
        let flags = rng.bool(0.9) ? VIRTQ_DESC_F_AVAIL : rng.int(0, 0xffff);
        if (rng.bool(0.4)) flags |= VIRTQ_DESC_F_NEXT;
        if (rng.bool(0.4)) flags |= VIRTQ_DESC_F_WRITE;
        if (rng.bool(0.15)) flags |= VIRTQ_DESC_F_INDIRECT;
        rawDesc(h, base, s, hi, lo, randomLen(rng), rng.int(0, size + 2), flags);
      }
      // An indirect table or two in the arena, entries of any shape.
      for (let k = rng.int(0, 8); k > 0; k--) {
        const [hi, lo] = randomAddress(rng);
        rawDesc(h, ARENA + rng.int(0, 0xffff) * 16, 0, hi, lo, randomLen(rng), rng.int(0, 0xffff), rng.int(0, 0xffff));
      }
      d.pci.memWrite(q.notifyAddr, i, 2);
      if (rng.bool()) h.pushFrame(randomBytes(rng, rng.int(1, 1600)));
      h.run(rng.int(100, 20_000));
    }
    d.readCommon('device_status');
  },
};

// ---- vector readers and the timing-profile loader -----------------------------------------

let vectorCache: { jsonl: string; hex: string } | null = null;
function vectorTexts(): { jsonl: string; hex: string } {
  if (!vectorCache) {
    const v = generate({ scenario: 'bringup', seed: 3 });
    vectorCache = { jsonl: writeJsonl(v), hex: writeHex(v) };
  }
  return vectorCache;
}

/** A few random edits of a text: bytes replaced, lines cut, duplicated or swapped, numbers pushed to edges. */
function mutateText(rng: Prng, text: string): string {
  const lines = text.split('\n');
  for (let k = rng.int(1, 4); k > 0; k--) {
    const i = rng.int(0, lines.length - 1);
    switch (rng.int(0, 6)) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, lines[rng.int(0, lines.length - 1)]); break;
      case 2: lines.length = Math.max(1, i); break;
      case 3: lines[i] = lines[i].replace(/[0-9a-f]{8}/, ['ffffffff', 'fffffff0', '00000000', '7fffffff'][rng.int(0, 3)]); break;
      case 4: lines[i] = lines[i].replace(/-?\d+/, ['-1', '1e308', '9007199254740993', '4294967296', '0', 'NaN'][rng.int(0, 5)]); break;
      case 5: {
        const p = rng.int(0, Math.max(0, lines[i].length - 1));
        lines[i] = lines[i].slice(0, p) + String.fromCharCode(rng.int(0, 127)) + lines[i].slice(p + 1);
        break;
      }
      default: lines[i] = lines[i] + '\r';
    }
  }
  return lines.join('\n');
}

const vectorReaders: FuzzTarget = {
  name: 'vectors',
  what: 'generated JSON Lines and $readmemh vectors with random edits through readJsonl / readHex',
  allowed: [VectorFormatError, TlpError],
  run(rng) {
    const t = vectorTexts();
    if (rng.bool()) readJsonl(mutateText(rng, t.jsonl));
    else readHex(mutateText(rng, t.hex));
  },
};

function mutateJson(rng: Prng, v: unknown, depth = 0): unknown {
  if (v !== null && typeof v === 'object' && depth < 6) {
    const o: Record<string, unknown> = Array.isArray(v) ? [...v] as unknown as Record<string, unknown> : { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    for (const k of keys) if (rng.bool(0.3)) o[k] = mutateJson(rng, o[k], depth + 1);
    if (rng.bool(0.1) && keys.length > 0) delete o[keys[rng.int(0, keys.length - 1)]];
    if (rng.bool(0.05)) o[`extra${rng.int(0, 9)}`] = 1;
    return o;
  }
  const edges: unknown[] = [null, -1, 0, 1.5, 2 ** 31, 2 ** 53, Number.NaN, 'x', '', [], {}, true, 1e308];
  return rng.bool(0.5) ? edges[rng.int(0, edges.length - 1)] : typeof v === 'number' ? v + rng.int(-3, 3) : v;
}

const profileLoader: FuzzTarget = {
  name: 'profile',
  what: 'model/timing/reference-rtl.json with random fields changed, removed or added through parseTimingProfile',
  allowed: [TimingProfileError],
  run(rng) {
    parseTimingProfile(mutateJson(rng, JSON.parse(JSON.stringify(referenceRtl))));
  },
};

export const TARGETS: readonly FuzzTarget[] = [codec, functionRegs, rings, vectorReaders, profileLoader];
