// The remote end of x-pci-proxy-dev: each message QEMU sends becomes requests to the device
// (CfgRd0/CfgWr0 for config space, MRd/MWr for BAR accesses, PCIe r6.0 §2.2.7), the device
// then settles (its DMA reaches guest RAM), its TX frames go to the peer (the wire's other end)
// and the peer's answers into its RX port, its MSI-X messages and INTx level go to the guest
// through qtest, and the read's value goes back in the RET.
//
// Deterministic for a given message sequence: every message is logged (with its answer) so a
// run replays without QEMU (replay.ts). The trace hash covers the answers, the interrupts, the
// frames both ways and every DMA write (GuestRam.hash).

import { byteEnables, cfgRd0, cfgWr0, mrd, mwr } from '../../model/tlp/build.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import type { LinuxDut } from './backend.js';
import { fnv1a, fnvNumber, FNV_OFFSET, type GuestRam } from './guest-ram.js';
import type { MpqemuMessage } from './mpqemu.js';

/** What the remote does with the device's outputs that leave the box. */
export interface RemoteSinks {
  msi(address: bigint, data: number): void;
  intx(level: boolean): void;
  /** A frame the device transmitted; returns the frames to put on its RX port (the peer's answers). */
  onTxFrame(frame: Uint8Array): Uint8Array[];
}

export interface RemoteStats {
  cfgReads: number;
  cfgWrites: number;
  barReads: number;
  barWrites: number;
  otherMessages: number;
  msix: number;
  intxEdges: number;
  txFrames: number;
  rxFrames: number;
  txBytes: number;
  rxBytes: number;
}

export class Remote {
  readonly stats: RemoteStats = { cfgReads: 0, cfgWrites: 0, barReads: 0, barWrites: 0, otherMessages: 0, msix: 0, intxEdges: 0, txFrames: 0, rxFrames: 0, txBytes: 0, rxBytes: 0 };
  /** Every message with the value answered (bigint as decimal text), in order. */
  readonly log: { m: MpqemuMessage; ret: bigint | null }[] = [];
  private hashValue = FNV_OFFSET;
  private tag = 0;
  private intx = false;
  readonly targetId: number;
  /** Wall time spent answering messages (the device's share of the run; not part of `stats`). */
  busyMs = 0;
  /** Requests the device answered with UR/CA (the guest read all ones). */
  readonly unsuccessful: string[] = [];

  constructor(readonly dut: LinuxDut, readonly ram: GuestRam, readonly sinks: RemoteSinks, slot: number) {
    this.targetId = (slot & 0x1f) << 3; // bus 0, device `slot`, function 0
  }

  get hash(): number {
    return fnvNumber(this.hashValue, this.ram.hash);
  }

  private nextTag(): number {
    this.tag = (this.tag + 1) & 0xff;
    return this.tag;
  }

  /** One message; the value for its RET (null when QEMU wants none). */
  handle(m: MpqemuMessage): bigint | null {
    const t0 = performance.now();
    const ret = this.answer(m);
    this.log.push({ m, ret });
    if (ret !== null) this.hashValue = fnvNumber(this.hashValue, Number(BigInt.asUintN(48, ret)));
    if (m.cmd === 'bar-write' || m.cmd === 'cfg-write') this.syncMsixMonitor();
    this.afterAccess();
    this.busyMs += performance.now() - t0;
    return ret;
  }

  private answer(m: MpqemuMessage): bigint | null {
    switch (m.cmd) {
      case 'cfg-read': {
        this.stats.cfgReads++;
        const c = this.request(cfgRd0({ requesterId: 0, tag: this.nextTag(), targetId: this.targetId, register: m.addr & ~3, firstBe: lanes(m.addr, m.len) }));
        return BigInt(sub(c, m.addr & 3, m.len));
      }
      case 'cfg-write': {
        this.stats.cfgWrites++;
        const shift = (m.addr & 3) * 8;
        const data = new Uint8Array(4);
        new DataView(data.buffer).setUint32(0, (m.len === 4 ? m.val : (m.val & (2 ** (8 * m.len) - 1)) * 2 ** shift) >>> 0, true);
        this.request(cfgWr0({ requesterId: 0, tag: this.nextTag(), targetId: this.targetId, register: m.addr & ~3, firstBe: lanes(m.addr, m.len), data }));
        return 0n;
      }
      case 'bar-read': {
        this.stats.barReads++;
        if (!m.memory) return allOnes(m.size); // the phantom I/O BAR QEMU makes of a 64-bit BAR's upper half
        if (!this.addressable(m.addr)) return allOnes(m.size);
        const addr = Number(m.addr);
        const be = byteEnables(addr, m.size);
        const c = this.request(mrd({ address: be.dwAddress, length: be.length, requesterId: 0, tag: this.nextTag(), firstBe: be.firstBe, lastBe: be.lastBe }));
        if (!c || c.status !== CplStatus.SC || c.kind !== 'CplD') return allOnes(m.size);
        let v = 0n;
        for (let i = m.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(c.data[(addr & 3) + i] ?? 0);
        return v;
      }
      case 'bar-write': {
        this.stats.barWrites++;
        if (!m.memory || !this.addressable(m.addr)) return 0n;
        const addr = Number(m.addr);
        const be = byteEnables(addr, m.size);
        const data = new Uint8Array(be.length * 4);
        for (let i = 0; i < m.size; i++) data[(addr & 3) + i] = Number((m.val >> BigInt(8 * i)) & 0xffn);
        this.dut.request(mwr({ address: be.dwAddress, data, requesterId: 0, firstBe: be.firstBe, lastBe: be.lastBe }));
        return 0n;
      }
      case 'sync-sysmem':
        this.stats.otherMessages++;
        this.ram.setRegions(m.regions);
        return null;
      case 'set-irqfd':
        this.stats.otherMessages++;
        return null;
      case 'reset':
        // A system reset: QEMU sends it before the firmware runs, when the device is fresh anyway.
        this.stats.otherMessages++;
        return 0n;
    }
  }

  /** The TLP codec carries addresses below 2^53; QEMU's proxy maps BARs below 4 GiB anyway. */
  private addressable(addr: bigint): boolean {
    if (addr + 8n <= BigInt(Number.MAX_SAFE_INTEGER)) return true;
    if (this.unsuccessful.length < 20) this.unsuccessful.push(`BAR access at 0x${addr.toString(16)}: above 2^53, not forwarded`);
    return false;
  }

  private request(t: Tlp): Tlp | undefined {
    const c = this.dut.request(t);
    if (c && c.status !== CplStatus.SC && this.unsuccessful.length < 20) this.unsuccessful.push(`${t.kind} 0x${(t.kind.startsWith('Cfg') ? t.register : t.address).toString(16)}: completion status ${c.status}`);
    return c;
  }

  /** The device runs until idle; frames go out and answers come in until the wire is quiet. */
  afterAccess(): void {
    for (let round = 0; round < 64; round++) {
      this.dut.settle();
      this.deliverInterrupts();
      const frames = this.dut.takeTxFrames();
      if (frames.length === 0) return;
      for (const f of frames) {
        this.stats.txFrames++;
        this.stats.txBytes += f.length;
        this.hashValue = fnv1a(fnvNumber(this.hashValue, 0x7e), f);
        for (const r of this.sinks.onTxFrame(f)) {
          this.stats.rxFrames++;
          this.stats.rxBytes += r.length;
          this.hashValue = fnv1a(fnvNumber(this.hashValue, 0x5e), r);
          this.dut.pushFrame(r);
        }
      }
    }
  }

  private deliverInterrupts(): void {
    for (const v of this.dut.takeMsix()) {
      const e = this.dut.msixEntry(v);
      this.stats.msix++;
      this.hashValue = fnvNumber(fnvNumber(this.hashValue, Number(e.address & 0xffff_ffffn)), e.data);
      this.sinks.msi(e.address, e.data);
    }
    const level = this.dut.intxLevel();
    if (level !== this.intx) {
      this.intx = level;
      this.stats.intxEdges++;
      this.hashValue = fnvNumber(this.hashValue, level ? 0x11 : 0x10);
      this.sinks.intx(level);
    }
  }

  /** Keep the root complex's MSI-X monitor in step with the table software programmed. */
  syncMsixMonitor(): void {
    const n = this.dut.msixVectors();
    const entries = [];
    for (let v = 0; v < n; v++) {
      const e = this.dut.msixEntry(v);
      const a = Number(e.address);
      const ok = this.dut.rc.msix.inWindow(a) && a % 4 === 0;
      entries.push(ok ? { address: a, data: e.data, masked: false } : { address: 0xfeef_fffc, data: 0xffff_ffff - v, masked: true });
    }
    this.dut.rc.msix.setMsixTable(entries);
  }
}

/** First DW BE of `len` bytes at `addr` within its DW. */
function lanes(addr: number, len: number): number {
  return ((1 << len) - 1) << (addr & 3) & 0xf;
}

function sub(c: Tlp | undefined, byte: number, len: number): number {
  if (!c || c.status !== CplStatus.SC || c.kind !== 'CplD') return len === 4 ? 0xffff_ffff : 2 ** (8 * len) - 1;
  const dw = new DataView(c.data.buffer, c.data.byteOffset, 4).getUint32(0, true);
  return len === 4 ? dw : Math.floor(dw / 2 ** (8 * byte)) % 2 ** (8 * len);
}

function allOnes(size: number): bigint {
  return (1n << BigInt(8 * size)) - 1n;
}
