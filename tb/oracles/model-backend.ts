// Backend: the golden model (model/net VirtioNetModel, which wraps model/function's
// VirtioNetFunction) behind a root complex from tb/host. Config and memory accesses become
// CfgRd0/CfgWr0/MRd/MWr TLPs built with model/tlp/build.ts; the model's DMA reads are answered
// from tb/host memory, its writes (used descriptors, MSI-X messages) land there as a host
// would store them. Cycles advance only as far as the model needs.

import { VirtioNetModel, type NetModelOptions } from '../../model/net/device.js';
import { byteEnables, cfgRd0, cfgWr0, mrd, mwr } from '../../model/tlp/build.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { RootComplex } from '../host/host.js';
import { slirpArpReply } from './peer.js';
import { BackendError, SLOT, type AccessSize, type Backend, type DeviceProps } from './backend.js';

/** Requester ID of the root port (bus 0, device 0, function 0). */
const ROOT_ID = 0x0000;
/** Upper bound on model steps per request or settle (each step handles at least one event). */
const MAX_STEPS = 200_000;

export interface ModelBackendOptions {
  /** Called with the model right after construction: tests use it to plant a bug. */
  patch?: (m: VirtioNetModel) => void;
  model?: NetModelOptions;
  /** Answer the gateway ARP request as QEMU's user netdev does (peer.ts). Default true. */
  peer?: boolean;
}

export class ModelBackend implements Backend {
  readonly name = 'model' as const;
  readonly model: VirtioNetModel;
  readonly rc: RootComplex;
  /** Frames the model put on m_axis_tx. */
  readonly txFrames: Uint8Array[] = [];
  private cycle = 0;
  private tag = 0;
  private readonly targetId = SLOT << 3;
  private pending = new Map<number, Tlp | null>();
  private readonly peer: boolean;

  constructor(props: DeviceProps = {}, opts: ModelBackendOptions = {}) {
    const virtio = { ...(opts.model?.virtio ?? {}) };
    if (props.mtu !== undefined) virtio.mtu = props.mtu;
    this.model = new VirtioNetModel({ ...opts.model, virtio });
    this.rc = new RootComplex({ completer: { seed: 1, latency: { min: 4, max: 4 }, split: 'rcb' } });
    this.peer = opts.peer ?? true;
    opts.patch?.(this.model);
  }

  static async start(props: DeviceProps = {}, opts: ModelBackendOptions = {}): Promise<ModelBackend> {
    return new ModelBackend(props, opts);
  }

  /** Keep the host's checker and completer in step with config space (Bus Master, MPS, MRRS, BDF). */
  private syncHost(): void {
    const cs = this.model.fn.config;
    this.rc.checker.configure({
      busMasterEnable: cs.busMasterEnabled,
      maxPayloadSize: cs.maxPayloadSizeBytes,
      maxReadRequestSize: cs.maxReadRequestSizeBytes,
      requesterId: this.model.fn.requesterId,
    });
    this.rc.completer.configure({ maxPayloadSize: cs.maxPayloadSizeBytes });
  }

  /** Run the model and the host until nothing is left to do, or until `until()` holds. */
  private run(until: () => boolean = () => false): void {
    for (let step = 0; step < MAX_STEPS; step++) {
      if (until()) return;
      const host = this.rc.completer.nextEventCycle();
      const next = Math.min(this.model.nextEventCycle(), host ?? Infinity);
      if (!Number.isFinite(next)) return;
      this.cycle = Math.max(this.cycle, next);
      for (const ev of this.rc.toDevice(this.cycle)) if (ev.type === 'completion') this.model.pushCompletion(ev.tlp, this.cycle);
      for (const out of this.model.advanceTo(this.cycle)) {
        if (out.channel === 'tx_cpl' && out.tlp) this.pending.set(out.tlp.tag, out.tlp);
        else if ((out.channel === 'tx_rd_req' || out.channel === 'tx_wr_req') && out.tlp) this.rc.fromDevice(out.tlp, this.cycle);
        else if (out.channel === 'm_axis_tx' && out.frame) {
          this.txFrames.push(out.frame);
          const reply = this.peer ? slirpArpReply(out.frame) : null;
          if (reply) this.model.pushFrame(reply, this.cycle + 1);
        }
      }
    }
    throw new BackendError('model', 'steps', MAX_STEPS, 'model did not go idle');
  }

  /** Send a non-posted request and wait (bounded) for its completion. */
  private request(tlp: Tlp): Tlp {
    this.pending.set(tlp.tag, null);
    this.cycle += 1;
    this.model.pushRequest(tlp, this.cycle);
    this.run(() => this.pending.get(tlp.tag) !== null);
    const cpl = this.pending.get(tlp.tag);
    this.pending.delete(tlp.tag);
    if (!cpl) throw new BackendError('model', `${tlp.kind} tag`, tlp.tag, 'no completion');
    return cpl;
  }

  private posted(tlp: Tlp): void {
    this.cycle += 1;
    this.model.pushRequest(tlp, this.cycle);
    this.run();
  }

  private nextTag(): number {
    this.tag = (this.tag + 1) & 0xff;
    return this.tag;
  }

  async cfgRead(offset: number, size: AccessSize): Promise<number> {
    const be = byteEnables(offset, size);
    const cpl = this.request(cfgRd0({ requesterId: ROOT_ID, tag: this.nextTag(), targetId: this.targetId, register: be.dwAddress, firstBe: be.firstBe }));
    if (cpl.status !== CplStatus.SC || cpl.data.length < 4) return 0xffff_ffff >>> (32 - 8 * size); // master abort reads all ones
    const dw = new DataView(cpl.data.buffer, cpl.data.byteOffset, 4).getUint32(0, true);
    return size === 4 ? dw : (dw >>> (8 * (offset & 3))) & ((1 << (8 * size)) - 1);
  }

  async cfgWrite(offset: number, size: AccessSize, value: number): Promise<void> {
    const be = byteEnables(offset, size);
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, (value << (8 * (offset & 3))) >>> 0, true);
    this.request(cfgWr0({ requesterId: ROOT_ID, tag: this.nextTag(), targetId: this.targetId, register: be.dwAddress, firstBe: be.firstBe, data }));
    this.syncHost();
  }

  /** Is `addr` inside one of the function's enabled BARs? Otherwise it is guest RAM. */
  private hitsBar(addr: number): boolean {
    const cs = this.model.fn.config;
    return cs.memorySpaceEnabled && cs.decodeMemory(addr, 1) !== null;
  }

  async memRead(addr: number, size: AccessSize): Promise<number> {
    if (!this.hitsBar(addr)) {
      const b = this.rc.memory.read(addr, size);
      return size === 1 ? b[0] : size === 2 ? b[0] | (b[1] << 8) : (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    }
    const be = byteEnables(addr, size);
    if (be.length !== 1) throw new BackendError('model', 'MMIO read address', addr, `size ${size} crosses a DW`);
    const cpl = this.request(mrd({ address: be.dwAddress, length: 1, requesterId: ROOT_ID, tag: this.nextTag(), firstBe: be.firstBe }));
    if (cpl.status !== CplStatus.SC || cpl.data.length < 4) return 0xffff_ffff >>> (32 - 8 * size); // UR: the CPU sees all ones
    const dw = new DataView(cpl.data.buffer, cpl.data.byteOffset, 4).getUint32(0, true);
    return size === 4 ? dw : (dw >>> (8 * (addr & 3))) & ((1 << (8 * size)) - 1);
  }

  async memWrite(addr: number, size: AccessSize, value: number): Promise<void> {
    if (!this.hitsBar(addr)) {
      const b = new Uint8Array(size);
      for (let i = 0; i < size; i++) b[i] = (value >>> (8 * i)) & 0xff;
      this.rc.memory.write(addr, b);
      return;
    }
    const be = byteEnables(addr, size);
    if (be.length !== 1) throw new BackendError('model', 'MMIO write address', addr, `size ${size} crosses a DW`);
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, (value << (8 * (addr & 3))) >>> 0, true);
    this.posted(mwr({ address: be.dwAddress, data, requesterId: ROOT_ID, firstBe: be.firstBe, lastBe: 0 }));
  }

  async ramRead(addr: number, len: number): Promise<Uint8Array> {
    return this.rc.memory.read(addr, len);
  }

  async ramWrite(addr: number, bytes: Uint8Array): Promise<void> {
    this.rc.memory.write(addr, bytes);
  }

  async settle(): Promise<void> {
    this.run();
  }

  /** Rule violations the host checker saw in the model's requests. */
  get hostErrors(): string[] {
    return this.rc.errors.map((e) => e.message);
  }

  async close(): Promise<void> {}
}
