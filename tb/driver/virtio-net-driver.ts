// A virtio-net driver model that does what Linux's virtio_pci_modern + virtio_net do, through
// config and memory TLPs only (so it can drive the model or the RTL bridge alike). Every choice
// Linux leaves open (feature subset, queue sizes, buffer shapes, MSI-X or INTx, event
// suppression mode) is drawn from a seeded PRNG.
//
// Bring-up follows virtio §3.1.1: reset, ACKNOWLEDGE, DRIVER, read features, write the accepted
// subset, FEATURES_OK, re-read it, per-queue setup, DRIVER_OK.

import { Prng } from '../../model/util/prng.js';
import * as F from '../../model/virtio/features.js';
import { VIRTIO_NET_HDR_LEN } from '../../model/net/hdr.js';
import { PciAccess } from './access.js';
import { DriverError, type DeviceUnderTest, type GuestMemory } from './dut.js';
import { CAP_ID, CFG, COMMAND, COMMON, MSI_BASE, MSIX_CAP, NET_CFG, NO_VECTOR, PCIE_CAP, STATUS_CAP_LIST, VIRTIO_CAP, type CommonField } from './layout.js';
import { DriverVring, type Segment } from './vring.js';
import { addAddress, low32, type Address } from '../../model/dma/types.js';

export const STATUS = { ACKNOWLEDGE: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, DEVICE_NEEDS_RESET: 0x40, FAILED: 0x80 } as const;
const MAX_FRAME = 1514;

/** Features this driver knows how to use; the seed picks a subset of those the device offers. */
export const DRIVER_FEATURES = [
  F.VIRTIO_F_INDIRECT_DESC, F.VIRTIO_F_EVENT_IDX, F.VIRTIO_NET_F_CSUM, F.VIRTIO_NET_F_GUEST_CSUM, F.VIRTIO_NET_F_MTU,
  F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_NET_F_STATUS, F.VIRTIO_NET_F_CTRL_VQ, F.VIRTIO_NET_F_CTRL_RX,
  F.VIRTIO_NET_F_MQ, F.VIRTIO_NET_F_CTRL_MAC_ADDR,
] as const;
const NEEDS_CTRL_VQ: readonly number[] = [F.VIRTIO_NET_F_CTRL_RX, F.VIRTIO_NET_F_MQ, F.VIRTIO_NET_F_CTRL_MAC_ADDR];

export type BufferShape = 'single' | 'chained' | 'indirect';
export type EventMode = 'enable' | 'disable' | 'desc';

export interface DriverOptions {
  seed: number;
  /** Guest memory arena the driver allocates buffers (and rings, without ringBase) from: any 64-bit address (a bigint at or above 2^53). */
  arenaBase?: number | bigint;
  /** Where the rings go (queue_desc, queue_driver, queue_device, one after the other), if not in the arena: any 64-bit address. */
  ringBase?: number | bigint;
  /** Force the accepted feature set (must be offered), else a seeded subset. */
  features?: readonly number[];
  /** Force MSI-X on/off, else seeded. */
  msix?: boolean;
  /** Queue size for every queue ('max': the queue's maximum queue_size), else seeded per queue (1..max, non-powers of two included). */
  queueSize?: number | 'max';
  /** Used-buffer notification mode per queue, else seeded. */
  eventMode?: EventMode;
  /** Buffer shapes to draw from. */
  shapes?: readonly BufferShape[];
  /** Max segments in a chained / indirect buffer. */
  maxSegments?: number;
  /** Place every BAR at an odd multiple of its size (the address bit just above the BAR's size set). */
  oddBars?: boolean;
  /**
   * Base of the host's MSI window (DW aligned, any 64-bit address, e.g. at or above 2^63): vector v
   * is programmed with Message Address msiBase + 16 v (PCIe r6.0 §7.7.2). Default MSI_BASE (x86).
   */
  msiBase?: bigint;
}

export interface QueueInfo {
  index: number;
  vring: DriverVring;
  notifyAddr: number;
  vector: number;
  eventMode: EventMode;
  /** Per buffer ID: the segments posted with it. */
  segs: Segment[][];
  /** Bytes of buffers posted and not yet returned used. */
  postedBytes: number;
  /** Device-writable length of every buffer posted, in ring order (RX accounting in tests). */
  postedLens: number[];
  bufBase: Address;
  bufStride: number;
  interrupts: number;
}

export interface ReceivedFrame {
  pair: number;
  frame: Uint8Array;
  numBuffers: number;
  flags: number;
}

function segBytes(segs: readonly Segment[]): number {
  let n = 0;
  for (const s of segs) n += s.len;
  return n;
}

/**
 * A bump allocator over guest memory: any 64-bit base (a number below 2^53, else a bigint). The
 * position is kept as a number offset from the base, so addresses stay exact wherever the base is.
 */
class Arena {
  private readonly base: Address;
  private off = 0;
  constructor(base: number | bigint) {
    if (typeof base === 'bigint' ? base < 0n || base >= 1n << 64n : !Number.isSafeInteger(base) || base < 0) {
      throw new DriverError('arena base', base.toString(), 'is not a 64-bit address (a bigint at or above 2^53)');
    }
    this.base = typeof base === 'bigint' && base <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(base) : base;
  }

  alloc(size: number, align: number): Address {
    // the base is 4 KiB-aligned in practice; align the absolute address anyway
    const mis = low32(addAddress(this.base, this.off)) & (align - 1);
    if (mis) this.off += align - mis;
    const a = addAddress(this.base, this.off);
    this.off += size;
    if (typeof a === 'bigint' && a + BigInt(size) > 1n << 64n) throw new DriverError('arena', `0x${a.toString(16)}`, `+ ${size} bytes passes 2^64`);
    return a;
  }
}

export class VirtioNetDriver {
  readonly rng: Prng;
  readonly pci: PciAccess;
  private arena: Arena;
  private rings: Arena;
  bar0 = 0;
  /** Address assigned to each BAR slot (0 = not implemented; a 64-bit BAR's upper slot is 0 too). */
  bars: number[] = [];
  private msixAt: { table: number; pba: number } | undefined;
  caps: Record<string, { bar: number; offset: number; length: number }> = {};
  /** Config-space offset of the first virtio capability of each type (common, notify, isr, device, pci). */
  capAt: Record<string, number> = {};
  notifyOffMultiplier = 0;
  msixCap = 0;
  msixTableSize = 0;
  pcieCap = 0;
  offered = new F.FeatureSet();
  accepted = new F.FeatureSet();
  useMsix = false;
  queues: QueueInfo[] = [];
  numPairs = 1;
  ctrlQueue: QueueInfo | undefined;
  mac = new Uint8Array(6);
  configInterrupts = 0;
  /** MSI-X messages whose data matched no vector we programmed. */
  strayMsix = 0;

  constructor(
    readonly dut: DeviceUnderTest,
    readonly mem: GuestMemory,
    readonly opts: DriverOptions,
  ) {
    this.rng = new Prng(opts.seed);
    this.pci = new PciAccess(dut);
    this.arena = new Arena(opts.arenaBase ?? 0x1000_0000);
    this.rings = opts.ringBase === undefined ? this.arena : new Arena(opts.ringBase);
    this.msiBase = opts.msiBase ?? BigInt(MSI_BASE);
    if (this.msiBase < 0n || this.msiBase + 16n * 2048n > 1n << 64n || this.msiBase % 4n !== 0n) throw new DriverError('msiBase', `0x${this.msiBase.toString(16)}`, 'is not a DW-aligned 64-bit MSI window base');
  }

  /** Base of the MSI window: vector v's Message Address is msiBase + 16 v. */
  readonly msiBase: bigint;

  /** `size` bytes of guest memory from the buffer arena, `align`-aligned (a power of two up to 4096). */
  alloc(size: number, align = 64): Address {
    return this.arena.alloc(size, align);
  }

  has(bit: number): boolean {
    return this.accepted.has(bit);
  }

  // ---- PCI enumeration --------------------------------------------------------------------

  /** Read IDs, walk the capability list, size and assign the BARs, enable memory + bus master. */
  enumerate(): void {
    const id = this.pci.cfgRead32(CFG.VENDOR_ID);
    if ((id & 0xffff) !== 0x1af4) throw new DriverError('Vendor ID', id & 0xffff, 'is not 0x1af4 (virtio §4.1.2)');
    if (id >>> 16 !== 0x1041) throw new DriverError('Device ID', id >>> 16, 'is not 0x1041 (modern virtio-net)');
    if (!(this.pci.cfgRead16(CFG.STATUS) & STATUS_CAP_LIST)) throw new DriverError('Status.Capabilities List', 0, 'is clear');
    let ptr = this.pci.cfgRead8(CFG.CAP_PTR) & 0xfc;
    const names = ['', 'common', 'notify', 'isr', 'device', 'pci'];
    for (let n = 0; ptr !== 0; n++) {
      if (n >= 48) throw new DriverError('capability list', ptr, 'does not end within 48 entries');
      const dw0 = this.pci.cfgRead32(ptr);
      const capId = dw0 & 0xff;
      if (capId === CAP_ID.PCIE) this.pcieCap = ptr;
      else if (capId === CAP_ID.MSIX) {
        this.msixCap = ptr;
        this.msixTableSize = ((dw0 >>> 16) & 0x7ff) + 1;
      } else if (capId === CAP_ID.VENDOR) {
        const type = (dw0 >>> 24) & 0xff;
        const bar = this.pci.cfgRead8(ptr + VIRTIO_CAP.BAR);
        const offset = this.pci.cfgRead32(ptr + VIRTIO_CAP.OFFSET);
        const length = this.pci.cfgRead32(ptr + VIRTIO_CAP.LENGTH);
        // Linux uses the first capability of each type (virtio §4.1.4 "driver SHOULD use the first").
        if (names[type] && !this.caps[names[type]]) {
          this.caps[names[type]] = { bar, offset, length };
          this.capAt[names[type]] = ptr;
          if (type === 2) this.notifyOffMultiplier = this.pci.cfgRead32(ptr + VIRTIO_CAP.NOTIFY_OFF_MULTIPLIER);
        }
      }
      ptr = ((dw0 >>> 8) & 0xff) & 0xfc;
    }
    for (const need of ['common', 'notify', 'isr', 'device']) {
      if (!this.caps[need]) throw new DriverError('virtio capability', need, 'not found');
    }
    // Size BARs (write all ones, read back; PCI 3.0 §6.2.5.1) and assign 64-bit addresses.
    const bars: number[] = [];
    let where = this.rng.bool() ? 0xe000_0000 : 0x40_0000_0000; // below or above 4 GiB
    for (let b = 0; b < 6; b++) {
      const reg = CFG.BAR0 + 4 * b;
      const orig = this.pci.cfgRead32(reg);
      this.pci.cfgWrite(reg, 0xffff_ffff, 4);
      const lo = this.pci.cfgRead32(reg);
      if (lo === 0) {
        bars[b] = 0;
        continue;
      }
      const is64 = ((orig >>> 1) & 3) === 2;
      let size: number;
      if (is64) {
        this.pci.cfgWrite(reg + 4, 0xffff_ffff, 4);
        const hi = this.pci.cfgRead32(reg + 4);
        const mask = hi * 0x1_0000_0000 + (lo & 0xffff_fff0);
        size = 0x1_0000_0000 * 0x1_0000_0000 - mask; // ~mask + 1 over 64 bits
      } else size = 0x1_0000_0000 - (lo & 0xffff_fff0);
      where = Math.ceil(where / size) * size;
      if (this.opts.oddBars && Math.floor(where / size) % 2 === 0) where += size;
      this.pci.cfgWrite(reg, where % 0x1_0000_0000, 4);
      if (is64) this.pci.cfgWrite(reg + 4, Math.floor(where / 0x1_0000_0000), 4);
      bars[b] = where;
      where += size;
      if (is64) b++;
    }
    this.bars = bars;
    this.bar0 = bars[this.caps.common.bar];
    this.msixAt = undefined;
    this.pci.cfgWrite(CFG.COMMAND, COMMAND.MEMORY_SPACE | COMMAND.BUS_MASTER, 2);
    // MPS / MRRS in Device Control (PCIe r6.0 §7.5.3.4): MPS up to the supported maximum.
    if (this.pcieCap) {
      const devcap = this.pci.cfgRead32(this.pcieCap + PCIE_CAP.DEVCAP);
      const mpsSupported = devcap & 7;
      const mps = this.rng.int(0, Math.min(mpsSupported, 5));
      const mrrs = this.rng.int(0, 5);
      const devctl = this.pci.cfgRead16(this.pcieCap + PCIE_CAP.DEVCTL);
      this.pci.cfgWrite(this.pcieCap + PCIE_CAP.DEVCTL, (devctl & ~0x70e0) | (mps << 5) | (mrrs << 12), 2);
    }
  }

  barAddr(region: string): number {
    const c = this.caps[region];
    return this.bars[c.bar] + c.offset;
  }

  /** The MSI-X Table and PBA addresses if the driver has read them already; never reads (for observers). */
  knownMsixLocations(): { table: number; pba: number } | undefined {
    return this.msixAt;
  }

  /**
   * Guest addresses of the MSI-X Table and PBA: BAR (BIR) + offset from the MSI-X capability
   * (PCIe r6.0 §7.7.2.3, §7.7.2.4), read once, when first needed.
   */
  msixLocations(): { table: number; pba: number } {
    if (this.msixAt) return this.msixAt;
    if (!this.msixCap) throw new DriverError('MSI-X capability', 0, 'not found');
    const at = (reg: number): number => {
      const v = this.pci.cfgRead32(this.msixCap + reg);
      const bir = v & 7;
      if (!this.bars[bir]) throw new DriverError('MSI-X BIR', bir, 'is not a BAR the driver assigned');
      return this.bars[bir] + (v & ~7);
    };
    this.msixAt = { table: at(MSIX_CAP.TABLE), pba: at(MSIX_CAP.PBA) };
    return this.msixAt;
  }

  readCommon(f: CommonField): number {
    const [off, size] = COMMON[f];
    if (size === 8) return this.pci.memRead(this.barAddr('common') + off, 4) + this.pci.memRead(this.barAddr('common') + off + 4, 4) * 0x1_0000_0000;
    return this.pci.memRead(this.barAddr('common') + off, size);
  }

  writeCommon(f: CommonField, v: number | bigint): void {
    const [off, size] = COMMON[f];
    // 64-bit fields as two 32-bit writes, low first (what Linux's vp_iowrite64_twopart does).
    if (size === 8) {
      const lo = typeof v === 'bigint' ? Number(v & 0xffff_ffffn) : v % 0x1_0000_0000;
      const hi = typeof v === 'bigint' ? Number(v >> 32n) : Math.floor(v / 0x1_0000_0000);
      this.pci.memWrite(this.barAddr('common') + off, lo, 4);
      this.pci.memWrite(this.barAddr('common') + off + 4, hi, 4);
    } else if (typeof v === 'bigint') throw new DriverError(f, v.toString(), 'is a bigint for a field narrower than 64 bits');
    else this.pci.memWrite(this.barAddr('common') + off, v, size);
  }

  get deviceStatus(): number {
    return this.readCommon('device_status');
  }

  /**
   * Device reset (virtio §2.4, §4.1.4.3.2): write 0 to device_status, then read it until it
   * returns 0, at most `tries` reads 10 cycles apart. Whether it read 0.
   */
  resetDevice(tries = 100): boolean {
    this.writeCommon('device_status', 0);
    for (let i = 0; i < tries; i++) {
      if (this.deviceStatus === 0) return true;
      this.dut.run(10);
    }
    return false;
  }

  // ---- virtio bring-up ----------------------------------------------------------------------

  /** virtio §3.1.1 up to DRIVER_OK, including queue setup and interrupts. */
  bringUp(): void {
    this.enumerate();
    if (!this.resetDevice(101)) throw new DriverError('device_status', this.deviceStatus, 'did not read 0 after reset (§4.1.4.3.2)');
    this.writeCommon('device_status', STATUS.ACKNOWLEDGE);
    this.writeCommon('device_status', STATUS.ACKNOWLEDGE | STATUS.DRIVER);
    for (let w = 0; w < F.FEATURE_WINDOWS; w++) {
      this.writeCommon('device_feature_select', w);
      this.offered.setWindow(w, this.readCommon('device_feature'));
    }
    for (const must of [F.VIRTIO_F_VERSION_1, F.VIRTIO_F_RING_PACKED]) {
      if (!this.offered.has(must)) throw new DriverError('device_feature', F.featureName(must), 'is not offered');
    }
    this.chooseFeatures();
    for (let w = 0; w < F.FEATURE_WINDOWS; w++) {
      this.writeCommon('driver_feature_select', w);
      this.writeCommon('driver_feature', this.accepted.window(w));
    }
    const s = STATUS.ACKNOWLEDGE | STATUS.DRIVER | STATUS.FEATURES_OK;
    this.writeCommon('device_status', s);
    if (!(this.deviceStatus & STATUS.FEATURES_OK)) throw new DriverError('device_status', this.deviceStatus, 'FEATURES_OK not kept: device refused the features');
    this.readNetConfig();
    this.setupInterruptsAndQueues();
    this.writeCommon('device_status', s | STATUS.DRIVER_OK);
  }

  private chooseFeatures(): void {
    const acc = new F.FeatureSet();
    acc.add(F.VIRTIO_F_VERSION_1).add(F.VIRTIO_F_RING_PACKED);
    const want = this.opts.features ?? DRIVER_FEATURES.filter(() => this.rng.bool(0.6));
    for (const b of want) if (this.offered.has(b)) acc.add(b);
    if (!acc.has(F.VIRTIO_NET_F_CTRL_VQ)) for (const b of NEEDS_CTRL_VQ) acc.delete(b); // §5.1.3.1
    this.accepted = acc;
  }

  private readNetConfig(): void {
    const dev = this.barAddr('device');
    for (let i = 0; i < 6; i++) this.mac[i] = this.has(F.VIRTIO_NET_F_MAC) ? this.pci.memRead(dev + NET_CFG.mac + i, 1) : 0x02;
    if (!this.has(F.VIRTIO_NET_F_MAC)) this.mac.set([0x02, 0, 0, 0, 0, 1]); // a locally administered MAC of our own
    this.numPairs = this.has(F.VIRTIO_NET_F_MQ) ? this.pci.memRead(dev + NET_CFG.max_virtqueue_pairs, 2) : 1;
  }

  private pickQueueSize(max: number, q: number): number {
    if (this.opts.queueSize === 'max') return max;
    if (this.opts.queueSize !== undefined) {
      // The driver may choose a smaller size, never a larger one (virtio 1.x §4.1.4.3.2).
      if (this.opts.queueSize > max) throw new DriverError('queueSize', this.opts.queueSize, `is above queue ${q}'s maximum queue_size ${max} (the device description's maxQueueSize)`);
      return this.opts.queueSize;
    }
    const r = this.rng.int(0, 3);
    if (r === 0) return max;
    if (r === 1) return this.rng.int(1, Math.min(max, 8));
    return this.rng.int(1, max); // any size: packed rings need not be powers of two (§2.8)
  }

  private setupInterruptsAndQueues(): void {
    this.useMsix = this.opts.msix ?? (this.msixCap !== 0 && this.rng.bool(0.7));
    const numQueues = this.readCommon('num_queues');
    const indices: number[] = [];
    for (let p = 0; p < this.numPairs; p++) indices.push(2 * p, 2 * p + 1);
    if (this.has(F.VIRTIO_NET_F_CTRL_VQ)) indices.push(2 * this.numPairs);
    if (indices[indices.length - 1] >= numQueues) throw new DriverError('num_queues', numQueues, `is too small for queue ${indices[indices.length - 1]}`);
    if (this.useMsix) {
      // Table entries: vector v -> address msiBase + 16 v (Message Address, Message Upper
      // Address), data v, unmasked (PCIe §7.7.2).
      const table = this.msixLocations().table;
      for (let v = 0; v < this.msixTableSize; v++) {
        const address = this.msiBase + 16n * BigInt(v);
        this.pci.memWrite(table + 16 * v, Number(address & 0xffff_ffffn), 4);
        this.pci.memWrite(table + 16 * v + 4, Number(address >> 32n), 4);
        this.pci.memWrite(table + 16 * v + 8, v, 4);
        this.pci.memWrite(table + 16 * v + 12, 0, 4);
      }
      const ctl = this.pci.cfgRead16(this.msixCap + MSIX_CAP.MSG_CTL);
      this.pci.cfgWrite(this.msixCap + MSIX_CAP.MSG_CTL, (ctl | MSIX_CAP.ENABLE) & ~MSIX_CAP.FUNCTION_MASK, 2);
      this.writeCommon('config_msix_vector', 0);
      if (this.readCommon('config_msix_vector') !== 0) throw new DriverError('config_msix_vector', this.readCommon('config_msix_vector'), 'did not take vector 0');
    }
    const eventIdx = this.has(F.VIRTIO_F_EVENT_IDX);
    for (const q of indices) {
      this.writeCommon('queue_select', q);
      const max = this.readCommon('queue_size');
      if (max === 0) throw new DriverError('queue_size', 0, `queue ${q} is not available`);
      const size = this.pickQueueSize(max, q);
      const desc = this.rings.alloc(16 * size, 16);
      const driver = this.rings.alloc(4, 4);
      const device = this.rings.alloc(4, 4);
      const vring = new DriverVring(this.mem, { size, desc, driver, device }, eventIdx);
      this.writeCommon('queue_size', size);
      this.writeCommon('queue_desc', desc);
      this.writeCommon('queue_driver', driver);
      this.writeCommon('queue_device', device);
      let vector = NO_VECTOR;
      if (this.useMsix) {
        vector = this.msixTableSize > 1 ? 1 + (q % (this.msixTableSize - 1)) : 0;
        this.writeCommon('queue_msix_vector', vector);
        const back = this.readCommon('queue_msix_vector');
        if (back !== vector) throw new DriverError('queue_msix_vector', back, `read back instead of ${vector} for queue ${q}`);
      }
      const notifyOff = this.readCommon('queue_notify_off');
      this.writeCommon('queue_enable', 1);
      const modes: EventMode[] = eventIdx ? ['enable', 'disable', 'desc'] : ['enable', 'disable'];
      const eventMode = this.opts.eventMode && (this.opts.eventMode !== 'desc' || eventIdx) ? this.opts.eventMode : this.rng.pick(modes);
      const bufStride = 4096;
      const info: QueueInfo = {
        index: q, vring, notifyAddr: this.barAddr('notify') + notifyOff * this.notifyOffMultiplier, vector, eventMode,
        segs: new Array(size), postedBytes: 0, postedLens: [], bufBase: this.alloc(size * bufStride, 4096), bufStride, interrupts: 0,
      };
      this.applyEventMode(info);
      this.queues[q] = info;
    }
    // A bring-up that does not negotiate the control queue leaves none from an earlier one.
    this.ctrlQueue = this.has(F.VIRTIO_NET_F_CTRL_VQ) ? this.queues[2 * this.numPairs] : undefined;
  }

  private applyEventMode(q: QueueInfo): void {
    q.vring.setDriverEvent(q.eventMode, q.eventMode === 'desc' ? this.rng.int(0, Math.max(0, q.vring.size - 1)) : 0);
  }

  // ---- buffers --------------------------------------------------------------------------

  /** Split [base, base+len) into 1..k segments with small gaps, per shape. */
  private segments(q: QueueInfo, id: number, len: number, write: boolean, shape: BufferShape): Segment[] {
    const base = addAddress(q.bufBase, id * q.bufStride);
    const maxSegs = shape === 'single' ? 1 : Math.min(this.opts.maxSegments ?? 4, len);
    let n = shape === 'single' ? 1 : this.rng.int(1, maxSegs);
    // §2.8.5: no list longer than the queue size (chains also need that many free slots).
    n = Math.min(n, q.vring.size);
    if (shape === 'chained') n = Math.min(n, q.vring.numFree);
    const cuts: number[] = [];
    for (let i = 1; i < n; i++) cuts.push(this.rng.int(1, len - 1));
    cuts.sort((a, b) => a - b);
    const segs: Segment[] = [];
    let prev = 0;
    let at = 256; // first 256 bytes of the slot are the indirect table
    for (const c of [...cuts, len]) {
      if (c === prev) continue;
      segs.push({ addr: addAddress(base, at), len: c - prev, write });
      at += c - prev + this.rng.int(0, 7);
      prev = c;
    }
    return segs;
  }

  private shape(): BufferShape {
    const shapes = (this.opts.shapes ?? ['single', 'chained', 'indirect']).filter((s) => s !== 'indirect' || this.has(F.VIRTIO_F_INDIRECT_DESC));
    return this.rng.pick(shapes.length ? shapes : ['single']);
  }

  private post(q: QueueInfo, len: number, write: boolean, fill?: (segs: Segment[]) => void, token = 0): boolean {
    if (q.vring.numFree === 0) return false;
    const id = q.vring.nextId();
    if (id < 0) return false;
    const shape = this.shape();
    const segs = this.segments(q, id, len, write, shape);
    if (shape !== 'indirect' && segs.length > q.vring.numFree) return false;
    fill?.(segs);
    const got = q.vring.add(segs, token, shape === 'indirect' ? addAddress(q.bufBase, id * q.bufStride) : undefined);
    if (got !== id) throw new DriverError('buffer id', got, `differs from the predicted ${id}`);
    q.segs[id] = segs;
    q.postedBytes += len;
    if (write) q.postedLens.push(len);
    return true;
  }

  private notify(q: QueueInfo): void {
    if (q.vring.kickPrepare()) this.pci.memWrite(q.notifyAddr, q.index, 2); // §4.1.5.2: le16 queue index
  }

  /**
   * Queue `2 pair` (receiveq) or `2 pair + 1` (transmitq) of a pair the device has (virtio 1.x
   * §5.1.2); any other pair is stimulus the device cannot take, refused naming the limit.
   */
  private pairQueue(pair: number, tx: boolean): QueueInfo {
    if (!Number.isInteger(pair) || pair < 0 || pair >= this.numPairs) {
      throw new DriverError('pair', pair, `is not a queue pair of the device: it has ${this.numPairs} in use (queues 0..${2 * this.numPairs - 1}; more need VIRTIO_NET_F_MQ and the device description's queuePairs, virtio 1.x §5.1.5)`);
    }
    return this.queues[2 * pair + (tx ? 1 : 0)];
  }

  /** Queue one frame for transmission on pair `pair`; false if the TX ring is full. */
  sendFrame(pair: number, frame: Uint8Array, kick = true): boolean {
    const q = this.pairQueue(pair, true);
    const total = VIRTIO_NET_HDR_LEN + frame.length;
    const buf = new Uint8Array(total); // header all zero: no offload, num_buffers ignored on TX (§5.1.9.2)
    buf.set(frame, VIRTIO_NET_HDR_LEN);
    const ok = this.post(q, total, false, (segs) => {
      let o = 0;
      for (const s of segs) {
        this.mem.write(s.addr, buf.subarray(o, o + s.len));
        o += s.len;
      }
    });
    if (ok && kick) this.notify(q);
    return ok;
  }

  kickTx(pair: number): void {
    this.notify(this.pairQueue(pair, true));
  }

  /** Fill the RX ring of `pair` (up to `max` buffers). */
  postRx(pair: number, max = Infinity): number {
    const q = this.pairQueue(pair, false);
    const mrg = this.has(F.VIRTIO_NET_F_MRG_RXBUF);
    let n = 0;
    while (n < max) {
      // Mergeable buffers: random sizes, but a full ring must still hold one maximum frame.
      // (worst case: every buffer is a chain of maxSegments descriptors).
      const fewest = Math.max(1, Math.floor(q.vring.size / (this.opts.maxSegments ?? 4)));
      const minMrg = Math.max(VIRTIO_NET_HDR_LEN + 64, Math.ceil((VIRTIO_NET_HDR_LEN + MAX_FRAME) / fewest));
      const len = mrg ? this.rng.int(Math.min(minMrg, 1536), Math.max(minMrg, 1536)) : VIRTIO_NET_HDR_LEN + MAX_FRAME + this.rng.int(0, 64);
      if (!this.post(q, len, true)) break;
      n++;
    }
    if (n) this.notify(q);
    return n;
  }

  /**
   * One RX buffer of exactly `len` device-writable bytes (a seeded shape: one descriptor, a chain or
   * an indirect table), made available and notified; false when the ring is full. Without
   * MRG_RXBUF a buffer smaller than header + frame is legal (virtio §5.1.6.3.1 only says SHOULD);
   * the device must drop the frame then.
   */
  postRxBuffer(pair: number, len: number): boolean {
    if (!(Number.isInteger(len) && len >= 1 && len <= 65535)) throw new DriverError('RX buffer length', len, 'is not 1..65535');
    const q = this.pairQueue(pair, false);
    const ok = this.post(q, len, true);
    if (ok) this.notify(q);
    return ok;
  }

  /** Linux re-arms used-buffer callbacks after each poll (virtqueue_enable_cb_prepare). */
  rearm(q: QueueInfo): void {
    if (q.eventMode === 'desc') q.vring.setDriverEvent('desc', this.rng.int(0, 3));
  }

  /** Device-writable bytes of the RX buffers posted on `pair` and not yet used. */
  rxCapacity(pair: number): number {
    return this.pairQueue(pair, false).postedBytes;
  }

  /** Reclaim TX buffers; returns how many. */
  reclaimTx(pair: number): number {
    const q = this.pairQueue(pair, true);
    let n = 0;
    for (let u = q.vring.getUsed(); u; u = q.vring.getUsed()) {
      if (u.len !== 0) throw new DriverError('TX used len', u.len, 'is not 0 (§5.1.9.2)');
      n++;
    }
    if (n) this.rearm(q);
    return n;
  }

  private readBuffer(segs: Segment[], len: number, out: Uint8Array, at: number): number {
    let left = len;
    let o = at;
    for (const s of segs) {
      if (left === 0) break;
      const n = Math.min(left, s.len);
      out.set(this.mem.read(s.addr, n), o);
      o += n;
      left -= n;
    }
    if (left > 0) throw new DriverError('RX used len', len, 'exceeds the buffer');
    return o;
  }

  /** Collect received frames from pair `pair`, reassembling num_buffers buffers (§5.1.9.4). */
  receive(pair: number): ReceivedFrame[] {
    const q = this.pairQueue(pair, false);
    const out: ReceivedFrame[] = [];
    for (let u = q.vring.getUsed(); u; u = q.vring.getUsed()) {
      if (u.len < VIRTIO_NET_HDR_LEN + 14) throw new DriverError('RX used len', u.len, 'is shorter than header + Ethernet header');
      const first = q.segs[u.id];
      q.postedBytes -= segBytes(first);
      const hdr = new Uint8Array(Math.min(u.len, 4096 * 64));
      this.readBuffer(first, u.len, hdr, 0);
      const flags = hdr[0];
      const numBuffers = hdr[10] | (hdr[11] << 8);
      if (!this.has(F.VIRTIO_NET_F_MRG_RXBUF) && numBuffers !== 1) throw new DriverError('num_buffers', numBuffers, 'is not 1 without MRG_RXBUF');
      if (numBuffers < 1) throw new DriverError('num_buffers', numBuffers, 'is 0');
      const parts: Uint8Array[] = [hdr.subarray(VIRTIO_NET_HDR_LEN, u.len)];
      let total = u.len - VIRTIO_NET_HDR_LEN;
      for (let i = 1; i < numBuffers; i++) {
        const v = q.vring.getUsed();
        if (!v) throw new DriverError('num_buffers', numBuffers, `but only ${i} used buffers were published together`);
        q.postedBytes -= segBytes(q.segs[v.id]);
        const b = new Uint8Array(v.len);
        this.readBuffer(q.segs[v.id], v.len, b, 0);
        parts.push(b);
        total += v.len;
      }
      const frame = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        frame.set(p, o);
        o += p.length;
      }
      out.push({ pair, frame, numBuffers, flags });
    }
    if (out.length) this.rearm(q);
    return out;
  }

  // ---- interrupts ---------------------------------------------------------------------

  /**
   * Service interrupts: MSI-X messages (by vector) or, with MSI-X off, INTx + ISR read (read
   * clears, §4.1.4.5). Returns the queue indices that were signalled and whether config changed.
   */
  takeInterrupts(): { queues: Set<number>; config: boolean } {
    const queues = new Set<number>();
    let config = false;
    if (this.useMsix) {
      for (const data of this.dut.takeMsix()) {
        let hit = false;
        if (data === 0) {
          config = true;
          hit = true;
        }
        for (const q of this.queues) {
          if (q && q.vector === data) {
            queues.add(q.index);
            q.interrupts++;
            hit = true;
          }
        }
        if (!hit) this.strayMsix++;
      }
    } else if (this.dut.intxLevel()) {
      const isr = this.pci.memRead(this.barAddr('isr'), 1);
      if (isr & 1) for (const q of this.queues) if (q) {
        queues.add(q.index);
        q.interrupts++;
      }
      if (isr & 2) config = true;
    }
    if (config) this.configInterrupts++;
    return { queues, config };
  }

  // ---- control queue --------------------------------------------------------------------

  /** Send one control command (§5.1.9.5) and wait (bounded) for its ack. */
  /**
   * One control command, waits for its used element; returns the ack. `shape` splits the request
   * otherwise than Linux does (virtio §5.1.9.5: the split into descriptors is arbitrary):
   * `readable` sizes of the device-readable elements (summing to 2 + data.length), `writable`
   * sizes of the device-writable ones (the ack is the first byte of the first; the rest is an
   * optional command-specific result area the device leaves alone: used len stays 1).
   */
  ctrlCommand(cls: number, cmd: number, data: Uint8Array, maxCycles = 200_000, shape: { readable?: readonly number[]; writable?: readonly number[] } = {}): number {
    const q = this.ctrlQueue;
    if (!q) throw new DriverError('VIRTIO_NET_F_CTRL_VQ', 0, 'not negotiated');
    const req = new Uint8Array(2 + data.length);
    req[0] = cls;
    req[1] = cmd;
    req.set(data, 2);
    const id = q.vring.nextId();
    if (id < 0) throw new DriverError('control queue', q.vring.size, 'is full');
    const base = addAddress(q.bufBase, id * q.bufStride + 256);
    // Linux's layout: class+command, data, ack in separate elements (§5.1.9.5).
    const segs: Segment[] = [];
    if (shape.readable) {
      if (shape.readable.reduce((n, x) => n + x, 0) !== req.length || shape.readable.some((x) => !(x >= 1) || !Number.isInteger(x))) throw new DriverError('ctrl readable split', shape.readable.join('+'), `does not cover the ${req.length}-byte request`);
      // Each element 64 bytes after the last one's end (never adjacent, so no element merges with the next).
      let at = 0;
      let off = 0;
      for (const n of shape.readable) {
        segs.push({ addr: addAddress(base, at), len: n, write: false });
        this.mem.write(addAddress(base, at), req.subarray(off, off + n));
        off += n;
        at += n + 64;
      }
      if (at > 2048) throw new DriverError('ctrl readable split', shape.readable.join('+'), 'is longer than the 2 KiB request area');
    } else {
      segs.push({ addr: base, len: 2, write: false });
      if (data.length) segs.push({ addr: addAddress(base, 64), len: data.length, write: false });
      this.mem.write(base, req.subarray(0, 2));
      if (data.length) this.mem.write(addAddress(base, 64), data);
    }
    const writable = shape.writable ?? [1];
    if (writable.length === 0 || writable.some((x) => !(x >= 1) || !Number.isInteger(x)) || writable.reduce((n, x) => n + 64 + x, 0) > 1024) throw new DriverError('ctrl writable split', writable.join('+'), 'is not 1 or more elements of 1+ bytes within 1 KiB');
    let wat = 2048;
    for (const n of writable) {
      segs.push({ addr: addAddress(base, wat), len: n, write: true });
      this.mem.write(addAddress(base, wat), new Uint8Array(n).fill(0xee));
      wat += n + 64;
    }
    if (q.vring.add(segs, 0) < 0) throw new DriverError('control queue', q.vring.size, 'is full');
    q.segs[id] = segs;
    this.pci.memWrite(q.notifyAddr, q.index, 2); // Linux always kicks the control queue
    for (let t = 0; t < maxCycles; t += 50) {
      const u = q.vring.getUsed();
      if (u) {
        if (u.len !== 1) throw new DriverError('ctrl used len', u.len, 'is not 1 (the ack byte)');
        return this.mem.read(addAddress(base, 2048), 1)[0];
      }
      this.dut.run(50);
    }
    throw new DriverError('control command', `${cls}/${cmd}`, `not completed within ${maxCycles} cycles`);
  }
}
