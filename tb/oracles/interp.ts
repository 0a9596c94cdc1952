// The driver-script interpreter: runs one parsed script against one backend and records every
// answer (label + value) plus every expectation that did not hold. It plays the driver's part:
// capability walk, BAR sizing and assignment, virtio structures by name, packed rings in guest
// memory. Semantics of each op are in SCRIPTS.md.

import { bytesHex } from '../../model/util/hex.js';
import { BackendError, type AccessSize, type Backend } from './backend.js';
import {
  CAP_ID, CFG_HEADER, COMMON_CFG, DESC_F, FEATURE_BITS, ISR_CFG, MSIX_CAP, MSIX_ENTRY, NET_CONFIG,
  STATUS_BITS, VIRTIO_CAP, VIRTIO_CFG_TYPE, type FieldDef,
} from './fields.js';
import { parseNumber, ScriptError, type Expectation, type Script, type Step } from './script.js';

export interface Answer {
  line: number;
  label: string;
  value: string;
}

export interface RunResult {
  backend: string;
  script: string;
  answers: Answer[];
  /** Expectations that failed and errors, each naming line and backend. */
  failures: string[];
}

/** Where the first BAR is assigned; each BAR is placed at the next multiple of its size. */
export const BAR_POOL_BASE = 0xc000_0000;
/** Bounded polling: attempts of settle()+check before `used` / `mem.wait` give up. */
export const POLL_ATTEMPTS = 60;
const MAX_CAPS = 48; // 192 bytes of capability space / 4 bytes minimum per capability

interface VirtioCap {
  at: number;
  bar: number;
  offset: number;
  length: number;
  mult: number;
}

interface DriverQueue {
  size: number;
  desc: number;
  nextAvail: number;
  availWrap: boolean;
  nextUsed: number;
  usedWrap: boolean;
  nextId: number;
  /** Descriptors per posted buffer id (used entries skip that many slots, §2.8.7). */
  chainLen: Map<number, number>;
}

const hex = (n: number): string => '0x' + (n >>> 0).toString(16);
const STRUCTS: Record<string, Readonly<Record<string, FieldDef>>> = { common: COMMON_CFG, isr: ISR_CFG, device: NET_CONFIG };

class Interp {
  readonly answers: Answer[] = [];
  readonly failures: string[] = [];
  private caps: Array<{ id: number; at: number }> = [];
  private virtio = new Map<number, VirtioCap>();
  private msixAt = -1;
  private bars = new Map<number, { addr: number; size: number }>();
  private sel = { q: 0, df: 0, gf: 0 };
  private queues = new Map<number, DriverQueue>();
  private step!: Step;

  constructor(readonly b: Backend, readonly script: Script) {}

  private err(msg: string): ScriptError {
    return new ScriptError(this.script.file, this.step.line, msg);
  }

  private record(label: string, value: string, num?: number): void {
    this.answers.push({ line: this.step.line, label, value });
    const e = this.step.expect;
    if (e && !this.holds(e, value, num)) {
      this.failures.push(`${this.script.file}:${this.step.line} [${this.b.name}] ${label} = ${value}, expected ${e.cmp} ${e.value}`);
    }
  }

  /** A value in a script: number, or bit names joined by `|` (status, features in their 32-bit window, NO_VECTOR). */
  private value(s: string): number {
    if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(s)) return parseNumber(s, 'value', this.script.file, this.step.line);
    let v = 0;
    for (const name of s.split('|')) {
      if (name in STATUS_BITS) v |= STATUS_BITS[name];
      else if (name in FEATURE_BITS) v |= 1 << FEATURE_BITS[name] % 32;
      else if (name === 'NO_VECTOR') v |= 0xffff;
      else throw this.err(`unknown value name '${name}'`);
    }
    return v >>> 0;
  }

  private holds(e: Expectation, value: string, num?: number): boolean {
    if (num === undefined) {
      if (e.cmp === '==') return value === e.value;
      if (e.cmp === '!=') return value !== e.value;
      throw this.err(`comparator '${e.cmp}' needs a numeric answer, got '${value}'`);
    }
    const w = this.value(e.value);
    switch (e.cmp) {
      case '==': return num === w;
      case '!=': return num !== w;
      case '>=': return num >= w;
      case '<=': return num <= w;
      case 'has': return ((num & w) >>> 0) === w;
      case 'lacks': return (num & w) === 0;
    }
  }

  // ---------------------------------------------------------------- config space

  private cfgField(name: string): FieldDef {
    if (name in CFG_HEADER) return CFG_HEADER[name];
    const m = /^(0x[0-9a-f]+):([124])$/i.exec(name);
    if (m) return { offset: parseNumber(m[1], 'offset'), width: Number(m[2]) };
    const [cap, field] = name.split('.');
    if (cap === 'msix' && field in MSIX_CAP) {
      if (this.msixAt < 0) throw this.err('no MSI-X capability (run setup first)');
      return { offset: this.msixAt + MSIX_CAP[field].offset, width: MSIX_CAP[field].width };
    }
    throw this.err(`unknown config register '${name}'`);
  }

  private async walkCaps(): Promise<void> {
    this.caps = [];
    this.virtio.clear();
    this.msixAt = -1;
    const status = await this.b.cfgRead(CFG_HEADER.status.offset, 2);
    if (!(status & 0x10)) return; // Status.Capabilities List (PCI 3.0 §6.2.3)
    let at = (await this.b.cfgRead(CFG_HEADER.capabilities_pointer.offset, 1)) & 0xfc;
    for (let n = 0; at !== 0; n++) {
      if (n >= MAX_CAPS || at < 0x40) throw new BackendError(this.b.name, 'capability pointer', at, 'loops or points into the header');
      const id = await this.b.cfgRead(at, 1);
      this.caps.push({ id, at });
      if (id === CAP_ID.msix && this.msixAt < 0) this.msixAt = at;
      if (id === CAP_ID.vendor) {
        const type = await this.b.cfgRead(at + VIRTIO_CAP.cfg_type.offset, 1);
        // The driver uses the first capability of each type it understands (virtio §4.1.4).
        if (!this.virtio.has(type)) {
          this.virtio.set(type, {
            at,
            bar: await this.b.cfgRead(at + VIRTIO_CAP.bar.offset, 1),
            offset: await this.b.cfgRead(at + VIRTIO_CAP.offset.offset, 4),
            length: await this.b.cfgRead(at + VIRTIO_CAP.length.offset, 4),
            mult: type === VIRTIO_CFG_TYPE.notify ? await this.b.cfgRead(at + VIRTIO_CAP.notify_off_multiplier.offset, 4) : 0,
          });
        }
      }
      at = (await this.b.cfgRead(at + 1, 1)) & 0xfc;
    }
  }

  /** Size every BAR (write all-ones, read back), assign addresses from BAR_POOL_BASE, enable Memory Space and Bus Master. */
  private async assignBars(): Promise<void> {
    let pool = BAR_POOL_BASE;
    for (let i = 0; i < 6; i++) {
      const off = CFG_HEADER.bar0.offset + 4 * i;
      await this.b.cfgWrite(off, 4, 0xffff_ffff);
      const probe = await this.b.cfgRead(off, 4);
      if (probe === 0 || probe & 1) continue; // unimplemented or I/O BAR
      const is64 = ((probe >>> 1) & 3) === 2;
      const size = (~(probe & 0xffff_fff0) + 1) >>> 0;
      if (is64) {
        await this.b.cfgWrite(off + 4, 4, 0xffff_ffff);
        const hi = await this.b.cfgRead(off + 4, 4);
        if (hi !== 0xffff_ffff) throw new BackendError(this.b.name, `BAR${i + 1} (upper half)`, hi, 'BARs of 4 GiB or more are not supported here');
      }
      pool = Math.ceil(pool / size) * size;
      await this.b.cfgWrite(off, 4, pool);
      if (is64) await this.b.cfgWrite(off + 4, 4, 0);
      this.bars.set(i, { addr: pool, size });
      pool += size;
      if (is64) i++;
    }
    const cmd = await this.b.cfgRead(CFG_HEADER.command.offset, 2);
    await this.b.cfgWrite(CFG_HEADER.command.offset, 2, cmd | 0x2 | 0x4); // Memory Space, Bus Master (PCI 3.0 §6.2.2)
  }

  /** Sanity of the virtio capabilities (virtio §4.1.4): the ones a net driver needs exist and fit their BAR. */
  private checkVirtioCaps(): string {
    const need: Array<[string, number]> = [['common', 0x38], ['notify', 2], ['isr', 1], ['device', 6]];
    const problems: string[] = [];
    for (const [name, min] of need) {
      const c = this.virtio.get(VIRTIO_CFG_TYPE[name]);
      if (!c) {
        problems.push(`${name}: missing`);
        continue;
      }
      const bar = this.bars.get(c.bar);
      if (!bar) problems.push(`${name}: bar ${c.bar} is not a memory BAR`);
      else if (c.offset + c.length > bar.size) problems.push(`${name}: offset+length 0x${(c.offset + c.length).toString(16)} > BAR size 0x${bar.size.toString(16)}`);
      if (c.length < min) problems.push(`${name}: length ${c.length} < ${min}`);
    }
    const n = this.virtio.get(VIRTIO_CFG_TYPE.notify);
    // notify_off_multiplier: 0 or an even power of 2 (virtio §4.1.4.4.1).
    if (n && n.mult !== 0 && (n.mult & (n.mult - 1) || n.mult < 2)) problems.push(`notify_off_multiplier ${n.mult} is not 0 or an even power of 2`);
    return problems.length ? problems.join('; ') : 'ok';
  }

  // ---------------------------------------------------------------- virtio structures

  private structAddr(struct: string, field: FieldDef): number {
    const type = VIRTIO_CFG_TYPE[struct];
    const c = type === undefined ? undefined : this.virtio.get(type);
    if (!c) throw this.err(`no virtio '${struct}' capability (run setup first)`);
    const bar = this.bars.get(c.bar);
    if (!bar) throw this.err(`virtio '${struct}' is in BAR ${c.bar}, which was not assigned`);
    return bar.addr + c.offset + field.offset;
  }

  private fieldOf(path: string): { struct: string; name: string; f: FieldDef } {
    const dot = path.indexOf('.');
    const struct = path.slice(0, dot);
    const name = path.slice(dot + 1);
    const table = STRUCTS[struct];
    if (!table || !(name in table)) throw this.err(`unknown virtio field '${path}'`);
    return { struct, name, f: table[name] };
  }

  private scopeLabel(f: FieldDef): string {
    if (f.scope === 'queue') return `[q=${this.sel.q}]`;
    if (f.scope === 'dfsel') return `[sel=${this.sel.df}]`;
    if (f.scope === 'gfsel') return `[sel=${this.sel.gf}]`;
    return '';
  }

  private async readField(path: string): Promise<{ value: string; num?: number }> {
    const { struct, f } = this.fieldOf(path);
    const addr = this.structAddr(struct, f);
    if (f.width === 6) {
      const bytes: string[] = [];
      for (let i = 0; i < 6; i++) bytes.push((await this.b.memRead(addr + i, 1)).toString(16).padStart(2, '0'));
      return { value: bytes.join(':') };
    }
    const v = await this.b.memRead(addr, f.width as AccessSize);
    return { value: hex(v), num: v };
  }

  private async writeField(path: string, v: number): Promise<void> {
    const { struct, name, f } = this.fieldOf(path);
    if (f.width > 4) throw this.err(`field '${path}' is not writable`);
    await this.b.memWrite(this.structAddr(struct, f), f.width as AccessSize, v);
    if (name === 'queue_select') this.sel.q = v;
    if (name === 'device_feature_select') this.sel.df = v;
    if (name === 'driver_feature_select') this.sel.gf = v;
  }

  // ---------------------------------------------------------------- MSI-X

  private async msixAddr(entry: number, field: string): Promise<number> {
    if (this.msixAt < 0) throw this.err('no MSI-X capability (run setup first)');
    const f = MSIX_ENTRY[field];
    if (!f) throw this.err(`unknown MSI-X entry field '${field}'`);
    const t = await this.b.cfgRead(this.msixAt + MSIX_CAP.table_offset_bir.offset, 4);
    const bar = this.bars.get(t & 7);
    if (!bar) throw this.err(`MSI-X table BIR ${t & 7} was not assigned`);
    return bar.addr + (t & ~7) + 16 * entry + f.offset;
  }

  // ---------------------------------------------------------------- packed rings (virtio §2.8)

  private queue(qs: string): { q: number; dq: DriverQueue } {
    const q = parseNumber(qs, 'queue', this.script.file, this.step.line);
    const dq = this.queues.get(q);
    if (!dq) throw this.err(`queue ${q} was not set up`);
    return { q, dq };
  }

  private async post(qs: string, addr: number, len: number, write: boolean): Promise<void> {
    const { dq } = this.queue(qs);
    const id = this.step.kv.id !== undefined ? this.num(this.step.kv.id) : dq.nextId++;
    const d = new Uint8Array(16);
    const v = new DataView(d.buffer);
    v.setUint32(0, addr >>> 0, true);
    v.setUint32(4, Math.floor(addr / 0x1_0000_0000), true);
    v.setUint32(8, len, true);
    v.setUint16(12, id, true);
    // Available: AVAIL = wrap counter, USED = its inverse (§2.8.1). Flags written last.
    const flags = (write ? DESC_F.WRITE : 0) | (dq.availWrap ? DESC_F.AVAIL : DESC_F.USED);
    const at = dq.desc + dq.nextAvail * 16;
    await this.b.ramWrite(at, d.subarray(0, 14));
    await this.b.ramWrite(at + 14, new Uint8Array([flags & 0xff, flags >>> 8]));
    dq.chainLen.set(id, 1);
    if (++dq.nextAvail === dq.size) {
      dq.nextAvail = 0;
      dq.availWrap = !dq.availWrap;
    }
  }

  private async waitUsed(qs: string): Promise<void> {
    const { q, dq } = this.queue(qs);
    const at = dq.desc + dq.nextUsed * 16;
    for (let i = 0; i < POLL_ATTEMPTS; i++) {
      await this.b.settle();
      const d = await this.b.ramRead(at, 16);
      const v = new DataView(d.buffer, d.byteOffset, 16);
      const flags = v.getUint16(14, true);
      const avail = (flags & DESC_F.AVAIL) !== 0;
      const used = (flags & DESC_F.USED) !== 0;
      if (avail === dq.usedWrap && used === dq.usedWrap) {
        const id = v.getUint16(12, true);
        this.record(`used q=${q}`, `id=${id} len=${v.getUint32(8, true)} flags=${hex(flags)}`);
        dq.nextUsed += dq.chainLen.get(id) ?? 1;
        if (dq.nextUsed >= dq.size) {
          dq.nextUsed -= dq.size;
          dq.usedWrap = !dq.usedWrap;
        }
        return;
      }
    }
    this.record(`used q=${q}`, 'none');
    this.failures.push(`${this.script.file}:${this.step.line} [${this.b.name}] no used descriptor at slot ${dq.nextUsed} of queue ${q} after ${POLL_ATTEMPTS} polls`);
  }

  private num(s: string): number {
    return this.value(s);
  }

  // ---------------------------------------------------------------- ops

  async exec(s: Step): Promise<void> {
    this.step = s;
    const a = s.args;
    switch (s.op) {
      case 'setup': {
        await this.walkCaps();
        await this.assignBars();
        const types = [...this.virtio.keys()].sort().map((t) => Object.keys(VIRTIO_CFG_TYPE).find((k) => VIRTIO_CFG_TYPE[k] === t) ?? `type${t}`);
        this.record('setup virtio caps', types.join(','));
        const sanity = this.checkVirtioCaps();
        this.record('setup sanity', sanity);
        if (sanity !== 'ok') this.failures.push(`${this.script.file}:${s.line} [${this.b.name}] capability sanity: ${sanity}`);
        return;
      }
      case 'cfg.rd': {
        const f = this.cfgField(a[0]);
        const v = await this.b.cfgRead(f.offset, f.width as AccessSize);
        this.record(`cfg.rd ${a[0]}`, hex(v), v);
        return;
      }
      case 'cfg.wr': {
        const f = this.cfgField(a[0]);
        await this.b.cfgWrite(f.offset, f.width as AccessSize, this.num(a[1]));
        return;
      }
      case 'cap.has': {
        const name = a[0];
        let has: boolean;
        if (name in CAP_ID) has = this.caps.some((c) => c.id === CAP_ID[name]);
        else if (name in VIRTIO_CFG_TYPE) has = this.virtio.has(VIRTIO_CFG_TYPE[name]);
        else throw this.err(`unknown capability '${name}'`);
        this.record(`cap.has ${name}`, has ? 'yes' : 'no');
        return;
      }
      case 'cap.list': {
        const ids = [...new Set(this.caps.map((c) => c.id))].sort((x, y) => x - y).map(hex);
        this.record('cap.list', ids.join(','));
        return;
      }
      case 'cap.rd': {
        const c = this.virtio.get(VIRTIO_CFG_TYPE[a[0]] ?? -1);
        const f = VIRTIO_CAP[a[1]];
        if (!c || !f) throw this.err(`no virtio capability '${a[0]}' or field '${a[1]}'`);
        const v = await this.b.cfgRead(c.at + f.offset, f.width as AccessSize);
        this.record(`cap.rd ${a[0]}.${a[1]}`, hex(v), v);
        return;
      }
      case 'rd': {
        const { f } = this.fieldOf(a[0]);
        const label = `rd ${a[0]}${this.scopeLabel(f)}`;
        const r = await this.readField(a[0]);
        this.record(label, r.value, r.num);
        return;
      }
      case 'wr':
        await this.writeField(a[0], this.num(a[1]));
        return;
      case 'negotiate': {
        // Driver feature negotiation (virtio §3.1.1 step 4): accept offered ∩ wanted, window by window.
        const want = a[0].split(',').map((n) => {
          if (!(n in FEATURE_BITS)) throw this.err(`unknown feature '${n}'`);
          return FEATURE_BITS[n];
        });
        const got: string[] = [];
        for (let sel = 0; sel < 4; sel++) {
          await this.writeField('common.device_feature_select', sel);
          const offered = (await this.readField('common.device_feature')).num ?? 0;
          let accept = 0;
          for (const bit of want) if (Math.floor(bit / 32) === sel && offered & (1 << bit % 32)) accept |= 1 << bit % 32;
          await this.writeField('common.driver_feature_select', sel);
          await this.writeField('common.driver_feature', accept >>> 0);
          for (const [n, bit] of Object.entries(FEATURE_BITS)) if (Math.floor(bit / 32) === sel && accept & (1 << bit % 32)) got.push(n);
        }
        this.record('negotiate', got.join(','));
        return;
      }
      case 'msix.enable': {
        const at = this.cfgField('msix.message_control');
        const mc = await this.b.cfgRead(at.offset, 2);
        const mask = s.kv.mask !== undefined ? this.num(s.kv.mask) : 0;
        const v = (mc & 0x3fff) | (this.num(a[0]) ? 0x8000 : 0) | (mask ? 0x4000 : 0); // Enable bit 15, Function Mask bit 14
        await this.b.cfgWrite(at.offset, 2, v);
        return;
      }
      case 'msix.wr':
        await this.b.memWrite(await this.msixAddr(this.num(a[0]), a[1]), 4, this.num(a[2]));
        return;
      case 'msix.rd': {
        const v = await this.b.memRead(await this.msixAddr(this.num(a[0]), a[1]), 4);
        this.record(`msix.rd ${a[0]}.${a[1]}`, hex(v), v);
        return;
      }
      case 'pba.rd': {
        if (this.msixAt < 0) throw this.err('no MSI-X capability (run setup first)');
        const p = await this.b.cfgRead(this.msixAt + MSIX_CAP.pba_offset_bir.offset, 4);
        const bar = this.bars.get(p & 7);
        if (!bar) throw this.err(`PBA BIR ${p & 7} was not assigned`);
        const dw = a[0] ? this.num(a[0]) : 0;
        const v = await this.b.memRead(bar.addr + (p & ~7) + 4 * dw, 4);
        this.record(`pba.rd ${dw}`, hex(v), v);
        return;
      }
      case 'mem.wr': {
        const h = a[1].replace(/^0x/i, '');
        if (!/^([0-9a-f]{2})+$/i.test(h)) throw this.err(`'${a[1]}' is not whole hex bytes`);
        const bytes = new Uint8Array(h.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
        await this.b.ramWrite(this.num(a[0]), bytes);
        return;
      }
      case 'mem.fill':
        await this.b.ramWrite(this.num(a[0]), new Uint8Array(this.num(a[1])).fill(this.num(a[2])));
        return;
      case 'mem.rd': {
        if (a[1] === undefined) {
          const d = await this.b.ramRead(this.num(a[0]), 4);
          const v = new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true);
          this.record(`mem.rd ${a[0]}`, hex(v), v);
        } else {
          const d = await this.b.ramRead(this.num(a[0]), this.num(a[1]));
          this.record(`mem.rd ${a[0]} ${a[1]}`, bytesHex(d));
        }
        return;
      }
      case 'mem.wait': {
        if (!s.expect) throw this.err('mem.wait needs a comparator and value');
        let v = 0;
        for (let i = 0; i < POLL_ATTEMPTS; i++) {
          await this.b.settle();
          const d = await this.b.ramRead(this.num(a[0]), 4);
          v = new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true);
          if (this.holds(s.expect, hex(v), v)) break;
        }
        this.record(`mem.wait ${a[0]}`, hex(v), v);
        return;
      }
      case 'queue.setup': {
        const q = this.num(a[0]);
        const kv = s.kv;
        for (const k of ['desc', 'driver', 'device']) if (kv[k] === undefined) throw this.err(`queue.setup needs ${k}=ADDR`);
        const desc = this.num(kv.desc);
        await this.writeField('common.queue_select', q);
        if (kv.size !== undefined) await this.writeField('common.queue_size', this.num(kv.size));
        const size = (await this.readField('common.queue_size')).num ?? 0;
        if (size === 0) throw this.err(`queue ${q} has queue_size 0`);
        await this.b.ramWrite(desc, new Uint8Array(size * 16));
        for (const k of ['driver', 'device']) await this.b.ramWrite(this.num(kv[k]), new Uint8Array(4));
        for (const [k, field] of [['desc', 'queue_desc'], ['driver', 'queue_driver'], ['device', 'queue_device']] as const) {
          const addr = this.num(kv[k]);
          await this.writeField(`common.${field}_lo`, addr >>> 0);
          await this.writeField(`common.${field}_hi`, Math.floor(addr / 0x1_0000_0000));
        }
        if (kv.vector !== undefined) await this.writeField('common.queue_msix_vector', this.num(kv.vector));
        if ((kv.enable ?? '1') !== '0') await this.writeField('common.queue_enable', 1);
        this.queues.set(q, { size, desc, nextAvail: 0, availWrap: true, nextUsed: 0, usedWrap: true, nextId: 0, chainLen: new Map() });
        return;
      }
      case 'tx.post':
      case 'rx.post':
        await this.post(a[0], this.num(a[1]), this.num(a[2]), s.op === 'rx.post');
        return;
      case 'kick': {
        // Available buffer notification: the queue index at the queue's notify address (virtio §4.1.5.2).
        const q = this.num(a[0]);
        const saved = this.sel.q;
        await this.writeField('common.queue_select', q);
        const off = (await this.readField('common.queue_notify_off')).num ?? 0;
        await this.writeField('common.queue_select', saved);
        const n = this.virtio.get(VIRTIO_CFG_TYPE.notify)!;
        const addr = this.structAddr('notify', { offset: off * n.mult, width: 2 });
        await this.b.memWrite(addr, 2, q);
        return;
      }
      case 'used':
        await this.waitUsed(a[0]);
        return;
      case 'settle':
        await this.b.settle();
        return;
      default:
        throw this.err(`op '${s.op}' is not implemented`);
    }
  }
}

/** Run every step of `script` on `backend`; errors end the run and are recorded as failures. */
export async function runScript(script: Script, backend: Backend): Promise<RunResult> {
  const it = new Interp(backend, script);
  for (const s of script.steps) {
    try {
      await it.exec(s);
    } catch (e) {
      it.failures.push(`${script.file}:${s.line} [${backend.name}] error in '${s.text}': ${(e as Error).message}`);
      break;
    }
  }
  return { backend: backend.name, script: script.file, answers: it.answers, failures: it.failures };
}
