// The whole PCIe function at request level: CfgRd0/CfgWr0 go to config space, MRd/MWr to the
// BARs (BAR0: virtio-pci structures, BAR2: MSI-X table and PBA). Answers follow the table
// "Answers to requests that hit nothing" in docs/dut-interface.md. Everything the function emits
// that is not a completion goes to its event list (drainEvents()).
//
// The datapath (DMA, rings, net) sits behind this class: it reacts to `virtio` events (notify,
// queue enable, reset) and calls raiseQueueInterrupt / raiseConfigInterrupt / setNeedsReset.

import { DEFAULT_PARAMS, layoutOf, type DeviceLayout, type FunctionParams } from '../pci/layout.js';
import { ConfigSpace, type BarAccess } from '../pci/config-space.js';
import { CAP } from '../pci/regs.js';
import { MsixTable } from '../msix/table.js';
import { CplStatus, MsgCode, type Tlp } from '../tlp/types.js';
import type { Region } from '../virtio/events.js';
import { ISR_CONFIG, ISR_QUEUE } from '../virtio/isr.js';
import { NO_VECTOR } from '../virtio/common-cfg.js';
import type { AccessSize } from '../virtio/reg-table.js';
import { VirtioPciRegs, type ConfigChange, type VirtioOptions } from '../virtio/regs.js';
import { cfgReadCompletion, memReadCompletion, noDataCompletion } from './completion.js';
import type { FunctionEvent, LogName } from './events.js';

export class FunctionError extends Error {
  constructor(field: string, value: number, why: string) {
    super(`function: ${field} = 0x${value.toString(16)}: ${why}`);
    this.name = 'FunctionError';
  }
}

/**
 * Naturally aligned pieces of the enabled bytes of one DW: 1111b → one 4-byte access, 0011b /
 * 1100b → 2 bytes, anything else byte-wise or in aligned halves. Each piece is [lane, size].
 */
export function beChunks(be: number): Array<[number, AccessSize]> {
  if (be === 0xf) return [[0, 4]];
  const out: Array<[number, AccessSize]> = [];
  for (let lane = 0; lane < 4; lane++) {
    if (!(be & (1 << lane))) continue;
    if (lane % 2 === 0 && be & (1 << (lane + 1))) {
      out.push([lane, 2]);
      lane++;
    } else {
      out.push([lane, 1]);
    }
  }
  return out;
}

export class VirtioNetFunction implements BarAccess {
  readonly config: ConfigSpace;
  readonly msix: MsixTable;
  /** The virtio-pci register block behind BAR0 (model/virtio). */
  readonly virtio: VirtioPciRegs;
  /** Bus/Device Number captured from the last CfgWr0 (PCIe r6.0 §2.2.6.2); function number 0. */
  private capturedId = 0;
  private intxLevel = false;
  private events: FunctionEvent[] = [];
  /** Where things are (description.ts). */
  private readonly layout: DeviceLayout;
  private readonly regionList: ReadonlyArray<{ name: Region; offset: number; length: number }>;

  constructor(readonly params: FunctionParams = DEFAULT_PARAMS, options: VirtioOptions = {}) {
    this.layout = layoutOf(params);
    this.regionList = (Object.keys(this.layout.virtioRegions) as Region[]).map((name) => ({ name, ...this.layout.virtioRegions[name] }));
    this.config = new ConfigSpace(params);
    this.virtio = new VirtioPciRegs(params, options);
    this.msix = new MsixTable(params.msixVectors, () => this.capturedId);
    this.config.connectBarAccess(this);
    this.config.onWrite((key) => this.afterConfigWrite(key));
  }

  /** Requester ID / Completer ID: the captured Bus/Device Number with function 0. */
  get requesterId(): number {
    return this.capturedId;
  }

  get intx(): boolean {
    return this.intxLevel;
  }

  /** Conventional reset (the `rst` port): config space, MSI-X and the virtio device to reset values. */
  reset(): void {
    this.config.reset();
    this.msix.reset();
    this.virtio.powerOnReset();
    this.capturedId = 0;
    this.updateIntx();
  }

  /** True when drainEvents() would return something. */
  get hasEvents(): boolean {
    return this.events.length > 0;
  }

  drainEvents(): FunctionEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  private log(name: LogName, detail: string): void {
    this.events.push({ kind: 'log', channel: 'log', name, detail });
  }

  /** Sees every MSI-X message the function sends, when it decides to (the spec-level checker's permits). */
  messageObserver: ((tlp: Tlp) => void) | null = null;

  /**
   * An MSI-X message this function made and its caller has not yet put on the bus: true when its
   * vector is masked now, which sets the vector's Pending Bit instead (PCIe r6.0 §6.1.4.3); the
   * caller then drops the message.
   */
  withdrawMsix(tlp: Tlp): boolean {
    if (!this.msix.withdraw(tlp)) return false;
    this.withdrawObserver?.(tlp);
    return true;
  }

  /** The MSI-X vector of a message this function sent, else undefined. */
  msixVectorOf(tlp: Tlp): number | undefined {
    return this.msix.vectorOf(tlp);
  }

  /**
   * For a memory read `req` answered with `bytes` payload bytes: a mask over that payload with the
   * Pending Bits of `vectors` that it covers (PCIe r6.0 §7.7.2.9), or null when it covers none.
   * A memory read's payload starts at its DW-aligned address.
   */
  pbaBitsIn(req: Tlp, bytes: number, vectors: ReadonlySet<number>): Uint8Array | null {
    if (req.kind !== 'MRd') return null;
    const hit = this.config.decodeMemory(req.address, bytes);
    if (!hit || hit.bar !== this.layout.bars.msix.index) return null;
    const base = hit.offset - this.layout.msixRegions.pba;
    let mask: Uint8Array | null = null;
    for (const v of vectors) {
      const i = (v >> 3) - base;
      if (i < 0 || i >= bytes) continue;
      mask ??= new Uint8Array(bytes);
      mask[i] |= 1 << (v & 7);
    }
    return mask;
  }

  /** Sees every MSI-X message withdrawn by withdrawMsix (the spec-level checker takes its permit back). */
  withdrawObserver: ((tlp: Tlp) => void) | null = null;

  private sendMessages(tlps: Tlp[]): void {
    for (const tlp of tlps) {
      this.messageObserver?.(tlp);
      this.events.push({ kind: 'tlp', channel: 'tx_wr_req', tlp });
    }
  }

  // ------------------------------------------------------------------ requests

  /** One request TLP from rx_req: the completion for tx_cpl, or null for a posted request. */
  handleRequest(tlp: Tlp): Tlp | null {
    switch (tlp.kind) {
      case 'CfgRd0':
      case 'CfgWr0':
        return this.handleConfig(tlp);
      case 'MRd':
        return this.handleMemRead(tlp);
      case 'MWr':
        this.handleMemWrite(tlp);
        return null;
      case 'Msg':
      case 'MsgD':
        this.handleMessage(tlp);
        return null;
      default:
        // A completion on the request channel is not a request; nothing to answer.
        this.log('UnsupportedRequest', `${tlp.kind} on rx_req dropped`);
        return null;
    }
  }

  /**
   * Messages are posted: never a completion (PCIe r6.0 §2.2.8). This function acts on none:
   * Vendor_Defined Type 1 and Unlock are silently discarded (§2.2.8.6, §2.2.8.4); Vendor_Defined
   * Type 0 and any other code is an Unsupported Request, which for a posted request is not
   * answered (§2.2.8.6, §6.2.3.1; this function does not implement the Device Status error bits).
   */
  private handleMessage(tlp: Tlp): void {
    const code = tlp.messageCode;
    if (code === MsgCode.VENDOR_DEFINED_TYPE1 || code === MsgCode.UNLOCK) this.log('MessageDiscarded', `${tlp.kind} code 0x${code.toString(16)}`);
    else this.log('UnsupportedRequest', `${tlp.kind} code 0x${code.toString(16)} (posted: no completion)`);
  }

  private handleConfig(tlp: Tlp): Tlp {
    if ((tlp.targetId & 0x7) !== 0) {
      this.log('UnsupportedRequest', `${tlp.kind} to function ${tlp.targetId & 7}`);
      return noDataCompletion(tlp, this.capturedId, CplStatus.UR);
    }
    if (tlp.kind === 'CfgRd0') return cfgReadCompletion(tlp, this.capturedId, this.config.cfgRead(tlp.register, tlp.firstBe));
    if (tlp.ep) {
      // Poisoned Configuration Write: discarded, completed with UR (PCIe r6.0 §2.7.2.2).
      this.log('PoisonedWrite', `CfgWr0 reg=0x${tlp.register.toString(16)}`);
      return noDataCompletion(tlp, this.capturedId, CplStatus.UR);
    }
    this.capturedId = tlp.targetId & 0xfff8; // PCIe r6.0 §2.2.6.2
    this.config.cfgWrite(tlp.register, tlp.firstBe, new DataView(tlp.data.buffer, tlp.data.byteOffset, 4).getUint32(0, true));
    return noDataCompletion(tlp, this.capturedId, CplStatus.SC);
  }

  /**
   * Whether an MRd would be answered with data as things stand: it hits a BAR and is no longer
   * than Max_Payload_Size (else UR / CA, a Cpl without data: PCIe r6.0 §2.3.1, §2.2.2).
   */
  readCompletesWithData(tlp: Tlp): boolean {
    return tlp.kind === 'MRd' && this.decode(tlp) !== null && tlp.length * 4 <= this.config.maxPayloadSizeBytes;
  }

  /** The BAR a memory request falls in entirely, or null if Memory Space is off or it hits none. */
  private decode(tlp: Tlp): { bar: number; offset: number } | null {
    if (!this.config.memorySpaceEnabled) return null;
    return this.config.decodeMemory(tlp.address, tlp.length * 4);
  }

  private handleMemRead(tlp: Tlp): Tlp {
    const hit = this.decode(tlp);
    if (!hit) {
      this.log('UnsupportedRequest', `MRd 0x${tlp.address.toString(16)} len=${tlp.length}`);
      return noDataCompletion(tlp, this.capturedId, CplStatus.UR);
    }
    if (tlp.length * 4 > this.config.maxPayloadSizeBytes) {
      this.log('CompleterAbort', `MRd len=${tlp.length} exceeds Max_Payload_Size ${this.config.maxPayloadSizeBytes}`);
      return noDataCompletion(tlp, this.capturedId, CplStatus.CA);
    }
    const data = new Uint8Array(tlp.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < tlp.length; i++) {
      const be = i === 0 ? tlp.firstBe : i === tlp.length - 1 ? tlp.lastBe : 0xf;
      view.setUint32(i * 4, this.readDw(hit.bar, hit.offset + i * 4, be), true);
    }
    const cplTlp = memReadCompletion(tlp, this.capturedId, data);
    this.updateIntx(); // an ISR read clears it
    return cplTlp;
  }

  private handleMemWrite(tlp: Tlp): void {
    const hit = this.decode(tlp);
    if (!hit) {
      this.log('UnsupportedRequest', `MWr 0x${tlp.address.toString(16)} len=${tlp.length} dropped`);
      return;
    }
    if (tlp.ep) {
      this.log('PoisonedWrite', `MWr 0x${tlp.address.toString(16)} discarded`);
      return;
    }
    const view = new DataView(tlp.data.buffer, tlp.data.byteOffset, tlp.data.byteLength);
    for (let i = 0; i < tlp.length; i++) {
      const be = i === 0 ? tlp.firstBe : i === tlp.length - 1 ? tlp.lastBe : 0xf;
      this.writeDw(hit.bar, hit.offset + i * 4, be, view.getUint32(i * 4, true));
    }
    this.updateIntx();
  }

  /** One DW of a memory read: each enabled piece from the register at its own offset. */
  private readDw(bar: number, dwOffset: number, be: number): number {
    let dw = 0;
    for (const [lane, size] of beChunks(be)) dw |= this.barRead(bar, dwOffset + lane, size) << (8 * lane);
    return dw >>> 0;
  }

  private writeDw(bar: number, dwOffset: number, be: number, dw: number): void {
    for (const [lane, size] of beChunks(be)) {
      const mask = size === 4 ? 0xffff_ffff : (1 << (8 * size)) - 1;
      this.barWrite(bar, dwOffset + lane, size, ((dw >>> (8 * lane)) & mask) >>> 0);
    }
  }

  // ------------------------------------------------------------------ BAR space (also the virtio PCI-cfg window)

  private virtioRegion(offset: number): { name: Region; base: number } | null {
    for (const r of this.regionList) if (offset >= r.offset && offset < r.offset + r.length) return { name: r.name, base: r.offset };
    return null;
  }

  /** Which MSI-X structure an offset in the MSI-X BAR falls in. */
  private msixRegion(offset: number): { name: 'table' | 'pba'; at: number } | null {
    const t = offset - this.layout.msixRegions.table;
    if (t >= 0 && t < this.msix.tableBytes) return { name: 'table', at: t };
    const p = offset - this.layout.msixRegions.pba;
    if (p >= 0 && p < this.msix.pbaBytes) return { name: 'pba', at: p };
    return null;
  }

  barRead(bar: number, offset: number, size: AccessSize): number {
    if (bar === this.layout.bars.virtio.index && offset + size <= this.layout.bars.virtio.size) {
      const r = this.virtioRegion(offset);
      const v = r ? this.virtio.read(r.name, offset - r.base, size) : 0;
      this.updateIntx();
      return v;
    }
    if (bar === this.layout.bars.msix.index && offset + size <= this.layout.bars.msix.size) {
      const r = this.msixRegion(offset);
      if (!r) return 0;
      const lane = r.at & 3;
      const dw = r.name === 'table' ? this.msix.readTable(r.at - lane) : this.msix.readPba(r.at - lane);
      return size === 4 ? dw : (dw >>> (8 * lane)) & ((1 << (8 * size)) - 1);
    }
    return 0; // not an implemented BAR (reachable only through the PCI-cfg window)
  }

  barWrite(bar: number, offset: number, size: AccessSize, value: number): void {
    const where = `BAR${bar}+0x${offset.toString(16)}/${size}`;
    if (bar === this.layout.bars.virtio.index && offset + size <= this.layout.bars.virtio.size) {
      const r = this.virtioRegion(offset);
      if (!r) {
        this.log('UnmappedWrite', where);
        return;
      }
      for (const event of this.virtio.write(r.name, offset - r.base, size, value)) {
        if (event.kind === 'readOnly') this.log('ReadOnlyWrite', `${where} ${event.field}`);
        else if (event.kind === 'unmapped') this.log('UnmappedWrite', where);
        else this.events.push({ kind: 'virtio', channel: 'internal', event });
      }
      this.updateIntx();
      return;
    }
    if (bar === this.layout.bars.msix.index && offset + size <= this.layout.bars.msix.size) {
      const r = this.msixRegion(offset);
      if (!r) {
        this.log('UnmappedWrite', where);
      } else if (r.name === 'pba') {
        this.log('ReadOnlyWrite', `${where} PBA`); // PBA is read-only (PCIe r6.0 §7.7.2.9)
      } else {
        const lane = r.at & 3;
        const be = ((1 << size) - 1) << lane;
        // Mask Bit written 1: a waiting message of the vector is not sent (PCIe r6.0 §6.1.4.3)
        if ((r.at & 0xf) === 0xc && (value & 1) === 1) this.events.push({ kind: 'msixMasked', channel: 'internal' });
        this.sendMessages(this.msix.writeTable(r.at - lane, be, (value << (8 * lane)) >>> 0));
      }
      return;
    }
    this.log('UnmappedWrite', where);
  }

  // ------------------------------------------------------------------ interrupts

  private afterConfigWrite(key: string): void {
    if (key === `${CAP.msix}.Message Control`) {
      if (this.config.msixFunctionMask || !this.config.msixEnabled) this.events.push({ kind: 'msixMasked', channel: 'internal' });
      this.sendMessages(this.msix.setControl(this.config.msixEnabled, this.config.msixFunctionMask));
    }
    this.updateIntx();
  }

  /**
   * INTx (virtio §4.1.4.5, PCIe r6.0 §7.5.1.1.4): an interrupt is pending while ISR ≠ 0 and
   * MSI-X is disabled; Status.Interrupt Status shows it; the INTA level is that, gated by
   * Command.Interrupt Disable.
   */
  private updateIntx(): void {
    const pending = this.virtio.isrStatus !== 0 && !this.config.msixEnabled;
    this.config.setInterruptStatus(pending);
    const level = pending && !this.config.interruptDisable;
    if (level !== this.intxLevel) {
      this.intxLevel = level;
      this.events.push({ kind: 'intx', channel: 'intx_level', level });
    }
  }

  private fireVector(vector: number): void {
    if (vector === NO_VECTOR) return; // unmapped: MUST NOT interrupt (virtio §4.1.5.1.2)
    if (vector >= this.params.msixVectors) {
      throw new FunctionError('MSI-X vector', vector, `outside the table (Table Size ${this.params.msixVectors})`);
    }
    const m = this.msix.fire(vector);
    if (m) this.sendMessages([m]);
  }

  /** Used-buffer notification for queue `queue` (virtio §4.1.5.3). */
  raiseQueueInterrupt(queue: number): void {
    if (this.config.msixEnabled) {
      const q = this.virtio.queue(queue);
      if (!q) throw new FunctionError('queue', queue, `does not exist (num_queues ${this.virtio.numQueues})`);
      this.fireVector(q.msixVector);
    } else {
      this.virtio.setIsr(ISR_QUEUE);
      this.updateIntx();
    }
  }

  /** Configuration change notification (virtio §4.1.5.4): ISR bit 1 is set in both modes. */
  raiseConfigInterrupt(): void {
    this.virtio.setIsr(ISR_CONFIG);
    if (this.config.msixEnabled) this.fireVector(this.virtio.configMsixVector);
    this.updateIntx();
  }

  /** Delivers the notification a device-side config change asked for (VirtioPciRegs.setLinkUp/setMac/...). */
  deliverConfigChange(change: ConfigChange | null): void {
    if (change?.notify) this.raiseConfigInterrupt();
  }

  /**
   * The device hit an error it cannot recover from (virtio §2.1.2): set DEVICE_NEEDS_RESET and,
   * if DRIVER_OK is set, send a configuration change notification.
   */
  setNeedsReset(reason: string): void {
    if (this.virtio.needsReset) return;
    const { notify } = this.virtio.setNeedsReset(reason);
    this.events.push({ kind: 'needsReset', channel: 'status_needs_reset', reason });
    if (notify) this.raiseConfigInterrupt();
  }
}
