// vhost-user back-end (QEMU docs/interop/vhost-user.rst) for a packed-ring virtio-net device
// whose datapath is the golden model's (net-backend.ts). One front-end connection at a time;
// everything runs on the Node event loop: the socket, kick eventfds and the rings.
//
// Ring life cycle (vhost-user.rst "Ring states"): a ring is started once it has a size
// (SET_VRING_NUM), addresses (SET_VRING_ADDR), a kick fd (SET_VRING_KICK) and, when
// VHOST_USER_F_PROTOCOL_FEATURES was negotiated, SET_VRING_ENABLE 1; GET_VRING_BASE stops it
// and reports its position.

import { VHOST_USER_PROTOCOL_F, VHOST_USER, VHOST_USER_F_PROTOCOL_FEATURES, VHOST_USER_NEED_REPLY_MASK, VHOST_USER_VRING_IDX_MASK, VHOST_USER_VRING_NOFD_MASK,
  VHOST_MEMORY_BASELINE_NREGIONS, MessageReader, REQUEST_NAMES, VhostUserProtocolError, encodeMsg, featuresAt, u32At, u64At, u64Payload, vringStatePayload,
  type VhostUserMsg } from './protocol.js';
import { GuestMemory, type MemRegionDesc } from './guest-memory.js';
import { loadNative, type VhostNative, type WatchHandle } from './native.js';
import { VhostNetBackend, type NetBackendHooks, type RingPosition } from './net-backend.js';
import * as F from '../../model/virtio/features.js';
import type { PackedVirtqueue } from '../../model/ring/packed.js';
import type { RingError } from '../../model/ring/errors.js';

/** Device features offered (virtio §6, §5.1.3) plus the vhost-user protocol-features bit. */
export const DEFAULT_DEVICE_FEATURES: readonly number[] = [
  F.VIRTIO_F_VERSION_1, F.VIRTIO_F_RING_PACKED, F.VIRTIO_F_IN_ORDER, F.VIRTIO_F_EVENT_IDX, F.VIRTIO_F_INDIRECT_DESC,
  F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_NET_F_CSUM, VHOST_USER_F_PROTOCOL_FEATURES,
];

/** Protocol features offered: MQ (GET_QUEUE_NUM, recommended for every back-end) and REPLY_ACK. */
const PROTOCOL_FEATURES = (1 << VHOST_USER_PROTOCOL_F.MQ) | (1 << VHOST_USER_PROTOCOL_F.REPLY_ACK);

/** Queues: receiveq1 and transmitq1 (virtio §5.1.2). */
const NUM_QUEUES = 2;

export interface VhostServerOptions {
  socketPath: string;
  /** Feature bits offered (default DEFAULT_DEVICE_FEATURES). */
  features?: readonly number[];
  /** Called with each transmitted frame. */
  onTxFrame?: (frame: Uint8Array) => void;
  /** Test hook: every ring created (plant a bug, count things). */
  patchRing?: (ring: PackedVirtqueue) => void;
  /** Log lines (protocol trace); default none. */
  log?: (line: string) => void;
}

interface VringSlot {
  num: number;
  desc: number; // guest addresses (translated from user addresses)
  driver: number;
  device: number;
  hasAddr: boolean;
  base: RingPosition;
  kickFd: number;
  callFd: number;
  errFd: number;
  kickWatch: WatchHandle | null;
  enabled: boolean;
}

function freshSlot(): VringSlot {
  return { num: 0, desc: 0, driver: 0, device: 0, hasAddr: false, base: { nextAvail: 0, availWrap: 1, nextUsed: 0, usedWrap: 1 },
    kickFd: -1, callFd: -1, errFd: -1, kickWatch: null, enabled: false };
}

function bitsToWords(bits: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const b of bits) {
    if (b < 32) lo |= 1 << b;
    else if (b < 64) hi |= 1 << (b - 32);
  }
  return [lo >>> 0, hi >>> 0];
}

export class VhostUserServer {
  readonly native: VhostNative;
  readonly memory: GuestMemory;
  readonly backend: VhostNetBackend;
  /** Messages handled, by name (for tests and the README's trace). */
  readonly seen: string[] = [];
  readonly ringErrors: string[] = [];
  /** Frames transmitted by the driver, in order. */
  readonly txFrames: Uint8Array[] = [];
  private listenFd = -1;
  private listenWatch: WatchHandle | null = null;
  private connFd = -1;
  private connWatch: WatchHandle | null = null;
  private reader = new MessageReader();
  private readonly offered: [number, number];
  private acked: [number, number] = [0, 0];
  private protocolAcked = 0;
  private vrings: VringSlot[] = [];
  private connectWaiters: (() => void)[] = [];
  private closed = false;
  private readonly log: (l: string) => void;

  constructor(private readonly opts: VhostServerOptions) {
    this.native = loadNative();
    this.log = opts.log ?? (() => {});
    const native = this.native;
    this.memory = new GuestMemory((ab) => native.munmap(ab));
    this.offered = bitsToWords(opts.features ?? DEFAULT_DEVICE_FEATURES);
    const hooks: NetBackendHooks = {
      onTxFrame: (frame) => {
        const copy = frame.slice();
        this.txFrames.push(copy);
        opts.onTxFrame?.(copy);
      },
      onCall: (qi) => {
        const fd = this.vrings[qi]?.callFd ?? -1;
        if (fd >= 0) native.eventfdWrite(fd, 1);
      },
      onRingError: (qi, err: RingError) => {
        this.ringErrors.push(`queue ${qi}: ${err.message}`);
        this.log(`ring error on queue ${qi}: ${err.message}`);
      },
      defer: (fn) => setImmediate(fn),
      patchRing: opts.patchRing,
    };
    this.backend = new VhostNetBackend(this.memory, hooks);
    this.resetVrings();
  }

  /** Start listening on the socket path (the front-end connects as a client). */
  listen(): void {
    this.listenFd = this.native.listen(this.opts.socketPath);
    this.listenWatch = this.native.watch(this.listenFd, () => this.onAcceptable());
  }

  get connected(): boolean {
    return this.connFd >= 0;
  }

  /** Negotiated feature bits (after SET_FEATURES). */
  hasFeature(bit: number): boolean {
    return bit < 32 ? (this.acked[0] & (1 << bit)) !== 0 : ((this.acked[1] >>> (bit - 32)) & 1) === 1;
  }

  /** Frames for the driver's receive queue. */
  injectRx(frame: Uint8Array): void {
    this.backend.injectRx(frame);
  }

  /** Resolves once a front-end connected (bounded by timeoutMs). */
  waitConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no vhost-user front-end connected to ${this.opts.socketPath} within ${timeoutMs} ms`)), timeoutMs);
      this.connectWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropConnection();
    if (this.listenWatch) this.native.unwatch(this.listenWatch);
    this.listenWatch = null;
    if (this.listenFd >= 0) this.native.close(this.listenFd);
    this.listenFd = -1;
  }

  // ---- connection ------------------------------------------------------------------------

  private onAcceptable(): void {
    for (let i = 0; i < 4; i++) {
      const fd = this.native.accept(this.listenFd);
      if (fd < 0) return;
      if (this.connFd >= 0) {
        this.log('second front-end refused (one connection at a time)');
        this.native.close(fd);
        continue;
      }
      this.connFd = fd;
      this.reader = new MessageReader();
      this.acked = [0, 0];
      this.protocolAcked = 0;
      this.connWatch = this.native.watch(fd, () => this.onReadable());
      this.log('front-end connected');
      for (const w of this.connectWaiters.splice(0)) w();
    }
  }

  private onReadable(): void {
    // Bounded: at most 64 reads per readiness callback; the rest on the next one.
    for (let i = 0; i < 64 && this.connFd >= 0; i++) {
      const r = this.native.recvmsg(this.connFd, this.reader.want);
      if (r === null) return;
      if (r.data.length === 0) {
        for (const fd of r.fds) this.native.close(fd);
        this.log('front-end disconnected');
        this.dropConnection();
        return;
      }
      let msg: VhostUserMsg | null;
      try {
        msg = this.reader.feed(r.data, r.fds);
        if (msg) this.handle(msg);
      } catch (e) {
        // vhost-user.rst: on a protocol error the back-end may close the connection.
        this.log(`closing connection: ${(e as Error).message}`);
        this.ringErrors.push((e as Error).message);
        this.dropConnection();
        return;
      }
    }
  }

  private dropConnection(): void {
    if (this.connWatch) this.native.unwatch(this.connWatch);
    this.connWatch = null;
    if (this.connFd >= 0) this.native.close(this.connFd);
    this.connFd = -1;
    this.resetVrings();
    this.memory.clear();
    // The negotiated features stay readable (hasFeature) until the next front-end connects.
  }

  private resetVrings(): void {
    for (let i = 0; i < this.vrings.length; i++) {
      this.backend.stop(i);
      this.closeFds(this.vrings[i]);
    }
    this.vrings = [];
    for (let i = 0; i < NUM_QUEUES; i++) this.vrings.push(freshSlot());
  }

  private closeFds(s: VringSlot): void {
    if (s.kickWatch) this.native.unwatch(s.kickWatch);
    s.kickWatch = null;
    for (const fd of [s.kickFd, s.callFd, s.errFd]) if (fd >= 0) this.native.close(fd);
    s.kickFd = s.callFd = s.errFd = -1;
  }

  private reply(request: number, payload: Uint8Array): void {
    this.native.sendmsg(this.connFd, encodeMsg(request, payload, true));
  }

  // ---- messages ---------------------------------------------------------------------------

  private vring(index: number, what: string): VringSlot {
    const s = this.vrings[index];
    if (!s) throw new VhostUserProtocolError(`${what} vring index`, index, `this device has ${NUM_QUEUES} queues (receiveq1, transmitq1)`);
    return s;
  }

  private handle(m: VhostUserMsg): void {
    const name = REQUEST_NAMES[m.request] ?? `request ${m.request}`;
    this.seen.push(name);
    this.log(`<- ${name} size ${m.payload.length}${m.fds.length ? ` fds ${m.fds.length}` : ''}`);
    const p = m.payload;
    let replied = false;
    const need = (n: number): void => {
      if (p.length < n) throw new VhostUserProtocolError(`${name} payload size`, p.length, `must be at least ${n}`);
    };
    switch (m.request) {
      case VHOST_USER.GET_FEATURES:
        this.reply(m.request, u64Payload(this.offered[0], this.offered[1]));
        replied = true;
        break;
      case VHOST_USER.SET_FEATURES: {
        need(8);
        const [lo, hi] = featuresAt(p);
        if ((lo & ~this.offered[0]) !== 0 || (hi & ~this.offered[1]) !== 0) {
          throw new VhostUserProtocolError('SET_FEATURES', `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`, 'acks bits that were not offered');
        }
        this.acked = [lo, hi];
        if (!this.hasFeature(F.VIRTIO_F_RING_PACKED)) {
          throw new VhostUserProtocolError('SET_FEATURES', 'VIRTIO_F_RING_PACKED', 'not negotiated: this model implements packed virtqueues only');
        }
        this.backend.setFeatures({ mrgRxbuf: this.hasFeature(F.VIRTIO_NET_F_MRG_RXBUF), csum: this.hasFeature(F.VIRTIO_NET_F_CSUM), eventIdx: this.hasFeature(F.VIRTIO_F_EVENT_IDX) });
        break;
      }
      case VHOST_USER.GET_PROTOCOL_FEATURES:
        this.reply(m.request, u64Payload(PROTOCOL_FEATURES));
        replied = true;
        break;
      case VHOST_USER.SET_PROTOCOL_FEATURES:
        need(8);
        this.protocolAcked = u32At(p, 0) & PROTOCOL_FEATURES;
        break;
      case VHOST_USER.GET_QUEUE_NUM:
        this.reply(m.request, u64Payload(NUM_QUEUES / 2)); // queue pairs, as QEMU and DPDK read it
        replied = true;
        break;
      case VHOST_USER.SET_OWNER:
        break;
      case VHOST_USER.RESET_OWNER:
      case VHOST_USER.RESET_DEVICE:
        this.resetVrings();
        this.acked = [0, 0];
        break;
      case VHOST_USER.SET_MEM_TABLE:
        this.setMemTable(p, m.fds);
        m.fds = [];
        break;
      case VHOST_USER.SET_VRING_NUM: {
        need(8);
        const s = this.vring(u32At(p, 0), name);
        const num = u32At(p, 4);
        if (num < 1 || num > 32768) throw new VhostUserProtocolError('SET_VRING_NUM num', num, 'must be 1..32768 (virtio §2.8)');
        s.num = num;
        break;
      }
      case VHOST_USER.SET_VRING_ADDR: {
        need(40);
        const s = this.vring(u32At(p, 0), name);
        // Packed rings: descriptor = descriptor ring, available = driver area, used = device area.
        const size = s.num > 0 ? s.num * 16 : 16;
        s.desc = this.memory.toGuest(u64At(p, 8), size);
        s.device = this.memory.toGuest(u64At(p, 16), 4);
        s.driver = this.memory.toGuest(u64At(p, 24), 4);
        s.hasAddr = true;
        break;
      }
      case VHOST_USER.SET_VRING_BASE: {
        need(8);
        const index = u32At(p, 0);
        const s = this.vring(index, name);
        s.base = decodeVringBase(u32At(p, 4));
        break;
      }
      case VHOST_USER.GET_VRING_BASE: {
        need(8);
        const index = u32At(p, 0);
        const s = this.vring(index, name);
        const pos = this.backend.stop(index) ?? s.base;
        s.base = pos;
        if (s.kickWatch) this.native.unwatch(s.kickWatch);
        s.kickWatch = null;
        this.reply(m.request, vringStatePayload(index, encodeVringBase(pos)));
        replied = true;
        break;
      }
      case VHOST_USER.SET_VRING_KICK:
      case VHOST_USER.SET_VRING_CALL:
      case VHOST_USER.SET_VRING_ERR: {
        need(8);
        const v = u32At(p, 0);
        const s = this.vring(v & VHOST_USER_VRING_IDX_MASK, name);
        const fd = (v & VHOST_USER_VRING_NOFD_MASK) !== 0 ? -1 : m.fds.shift() ?? -1;
        if (m.request === VHOST_USER.SET_VRING_KICK) this.setKick(v & VHOST_USER_VRING_IDX_MASK, s, fd);
        else if (m.request === VHOST_USER.SET_VRING_CALL) {
          if (s.callFd >= 0) this.native.close(s.callFd);
          s.callFd = fd;
        } else {
          if (s.errFd >= 0) this.native.close(s.errFd);
          s.errFd = fd;
        }
        break;
      }
      case VHOST_USER.SET_VRING_ENABLE: {
        need(8);
        const index = u32At(p, 0);
        const s = this.vring(index, name);
        s.enabled = u32At(p, 4) === 1;
        this.maybeStart(index);
        break;
      }
      case VHOST_USER.SET_VRING_ENDIAN:
      case VHOST_USER.NET_SET_MTU:
      case VHOST_USER.SEND_RARP:
        break; // little-endian only; MTU and RARP have no effect on this model
      default:
        throw new VhostUserProtocolError('request', m.request, `${name} is not supported by this back-end`);
    }
    for (const fd of m.fds) this.native.close(fd); // fds nobody took
    // REPLY_ACK (vhost-user.rst): a u64 0 for success when the front-end asked and no other reply was sent.
    if (!replied && (m.flags & VHOST_USER_NEED_REPLY_MASK) !== 0 && (this.protocolAcked & (1 << VHOST_USER_PROTOCOL_F.REPLY_ACK)) !== 0) {
      this.reply(m.request, u64Payload(0));
    }
  }

  private setMemTable(p: Uint8Array, fds: number[]): void {
    if (p.length < 8) throw new VhostUserProtocolError('SET_MEM_TABLE payload size', p.length, 'must be at least 8');
    const n = u32At(p, 0);
    if (n < 1 || n > VHOST_MEMORY_BASELINE_NREGIONS || p.length < 8 + n * 32) {
      throw new VhostUserProtocolError('SET_MEM_TABLE num regions', n, `must be 1..${VHOST_MEMORY_BASELINE_NREGIONS} with 32 bytes each`);
    }
    if (fds.length !== n) throw new VhostUserProtocolError('SET_MEM_TABLE fds', fds.length, `must match num regions ${n}`);
    // Rings use the old table until replaced: stop them, remap, and restart at the same positions.
    const running: number[] = [];
    for (let i = 0; i < NUM_QUEUES; i++) {
      const pos = this.backend.stop(i);
      if (pos) {
        this.vrings[i].base = pos;
        running.push(i);
      }
    }
    const regions: { desc: MemRegionDesc; mapping: ArrayBuffer }[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const o = 8 + i * 32;
        const desc: MemRegionDesc = { guestPhysAddr: u64At(p, o), memorySize: u64At(p, o + 8), userspaceAddr: u64At(p, o + 16), mmapOffset: u64At(p, o + 24) };
        // Map from offset 0 of the fd so the mapping stays page aligned; the region starts at mmapOffset.
        regions.push({ desc, mapping: this.native.mmap(fds[i], desc.mmapOffset + desc.memorySize, 0) });
        this.log(`   region ${i}: guest 0x${desc.guestPhysAddr.toString(16)} size 0x${desc.memorySize.toString(16)} user 0x${desc.userspaceAddr.toString(16)} offset 0x${desc.mmapOffset.toString(16)}`);
      }
    } finally {
      for (const fd of fds) this.native.close(fd); // the mappings keep the memory
    }
    this.memory.setRegions(regions);
    for (const i of running) this.maybeStart(i);
  }

  private setKick(index: number, s: VringSlot, fd: number): void {
    if (s.kickWatch) this.native.unwatch(s.kickWatch);
    s.kickWatch = null;
    if (s.kickFd >= 0) this.native.close(s.kickFd);
    s.kickFd = fd;
    if (fd >= 0) {
      s.kickWatch = this.native.watch(fd, () => {
        this.native.eventfdRead(fd);
        this.backend.kick(index);
      });
    }
    this.maybeStart(index);
  }

  /** Start the ring when it is fully described and enabled (vhost-user.rst "Ring states"). */
  private maybeStart(index: number): void {
    const s = this.vrings[index];
    const enabled = this.hasFeature(VHOST_USER_F_PROTOCOL_FEATURES) ? s.enabled : true;
    const ready = s.num > 0 && s.hasAddr && s.kickFd >= 0 && this.memory.regionCount > 0;
    if (!ready || !enabled) {
      const pos = this.backend.stop(index);
      if (pos) s.base = pos;
      return;
    }
    if (this.backend.isStarted(index)) return;
    this.log(`   start queue ${index}: size ${s.num} desc 0x${s.desc.toString(16)} base avail ${s.base.nextAvail}/${s.base.availWrap} used ${s.base.nextUsed}/${s.base.usedWrap}`);
    this.backend.start(
      {
        queueIndex: index, queueSize: s.num, queueDesc: s.desc, queueDriver: s.driver, queueDevice: s.device,
        indirectDesc: this.hasFeature(F.VIRTIO_F_INDIRECT_DESC), eventIdx: this.hasFeature(F.VIRTIO_F_EVENT_IDX),
        inOrder: this.hasFeature(F.VIRTIO_F_IN_ORDER),
      },
      s.base,
    );
  }
}

/**
 * SET_VRING_BASE num for a packed ring: bits 0-14 next avail index, bit 15 avail wrap counter;
 * bits 16-30 next used index, bit 31 used wrap counter (vhost-user.rst "Vring descriptor indices
 * for packed virtqueues"). Front-ends that send only the low half (DPDK virtio-user, older QEMU)
 * mean "used = avail", as the ring was stopped with nothing in flight.
 */
export function decodeVringBase(num: number): RingPosition {
  const nextAvail = num & 0x7fff;
  const availWrap = (num >>> 15) & 1;
  const hi = num >>> 16;
  if (hi === 0) return { nextAvail, availWrap, nextUsed: nextAvail, usedWrap: availWrap };
  return { nextAvail, availWrap, nextUsed: hi & 0x7fff, usedWrap: (hi >>> 15) & 1 };
}

export function encodeVringBase(pos: RingPosition): number {
  return ((pos.nextAvail | (pos.availWrap << 15)) | ((pos.nextUsed | (pos.usedWrap << 15)) << 16)) >>> 0;
}
