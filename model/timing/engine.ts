// Cycle costs of a one-job-at-a-time DMA engine (policy.scheduling "oneJob"), as the reference
// RTL (rtl/vq_engine.sv, dma_rd.sv, dma_wr.sv) spends them. model/net/device.ts keeps one engine
// clock and asks this module how far each step moves it; all numbers come from the profile's
// `engine` section and widths, so another design gets its own JSON, not new code.
//
// Conventions: a "state cycle" is a cycle in which the RTL's job state machine sits in a state.
// An engine request (MRd or MWr) is "issued" in the state cycle that raises its valid; the bus
// cycle is when its first beat is taken on tx_rd_req / tx_wr_req (the player's ready is always 1).

import type { TimingProfile } from './profile.js';

/** Step costs (state cycles) of the engine; the `engine` section of a timing profile. */
export interface EngineSteps {
  /** Read issue state -> MRd on tx_rd_req (request handshake into the read engine + header register). */
  readIssueToBus: number;
  /** Last CplD data cycle -> the job continues (done pulse + return state). */
  readDoneToReturn: number;
  /** Write issue state -> first payload lane filled (handshake into the write engine + header state). */
  writeIssueToFill: number;
  /** Last beat on tx_wr_req -> the job continues (done pulse + return state). */
  writeDoneToReturn: number;
  /** Idle with a TX/control candidate -> first descriptor read issued. */
  pickToDescRead: number;
  /** Idle with a received frame -> first descriptor read issued (destination MAC for the filter). */
  pickToRxDescRead: number;
  /** Idle with a received frame the RX filter rejects -> the drop state (destination MAC read, filter decision). */
  pickToRxFilterDrop: number;
  /** Descriptor read returned -> its bytes are checked (the 16-byte copy is engineBytesPerCycle-bound; this is the rest). */
  descCheck: number;
  /** Checked descriptor -> next request: data read (readable element). */
  checkToDataRead: number;
  /** Checked descriptor -> ring-empty handling (write ENABLE / end). */
  checkToNotAvail: number;
  /** Checked descriptor -> end of chain (DISABLE write, RX dry pass). */
  checkToChainEnd: number;
  /** Checked ring descriptor with INDIRECT -> read of the table's first entry issued. */
  checkToTable: number;
  /** RX write pass: an indirect buffer's ring descriptor taken from the cache (WALK, DCHECK). */
  tableFromCache: number;
  /** RX write pass: a writable element after the frame's last byte, from the cache (WALK, DCHECK, ELEM, EDONE). */
  walkFromCache: number;
  /** Control queue: checked writable descriptor -> ack write issued (DCHECK, ELEM). */
  checkToCtrlAck: number;
  /** Control queue: ack write done -> DISABLE write at the chain end (EDONE, CEND). */
  ctrlAckToDisable: number;
  /** Control queue: DISABLE write done -> used write (CEND2, USED). */
  ctrlDisableToUsed: number;
  /** Control queue, MAC change: cycle after the ack MWr's last beat -> configuration change MSI-X ready. */
  ackToConfigMsix: number;
  /** Control queue, MAC change: ack write issued -> intx_level (MSI-X off; ISR set by the commit). */
  ackIssueToConfigIntx: number;
  /** ENABLE write done / armed re-check -> descriptor read issued. */
  toDescRead: number;
  /** End of chain (after DISABLE) -> RX data write (wet pass, descriptor from the cache). */
  chainEndToRxWrite: number;
  /** End of chain, TX: cycles after the last byte to the used write (flush the last beat, wait for it). */
  txTailToUsed: number;
  /** Extra cycles for the DISABLE decision at the end of a TX chain (CEND2 when no write). */
  chainEndNoWrite: number;
  /** TX data returned -> first m_axis_tx beat, beyond header + one beat of bytes. */
  txFirstBeat: number;
  /** RX data write done -> the next element's data write issued (EDONE, WALK from the cache, DCHECK, ELEM). */
  rxWriteToWrite: number;
  /** RX data write done -> used write issued. */
  rxWriteToUsed: number;
  /** Flags write done -> driver event read issued. */
  flagsToEventRead: number;
  /** Driver event read returned -> decision (bytes copied engineBytesPerCycle-bound; this is the rest). */
  eventDecide: number;
  /** Decision -> MSI-X message on tx_wr_req. */
  decideToMsix: number;
  /** Decision -> intx_level change (MSI-X disabled: ISR set, INTx asserted). */
  decideToIntx: number;
  /** Decision -> idle (no interrupt / after the interrupt was handed over). */
  decideToIdle: number;
  /** Notify register write taken on rx_req -> the queue is a candidate. */
  kickToCandidate: number;
  /** Last s_axis_rx beat of a frame -> the frame is a candidate. */
  frameToCandidate: number;
  /** Frame released -> the receive FIFO takes the next frame's first beat. */
  releaseToNextFrame: number;
  /** Ring found empty after the re-check -> idle. */
  notAvailToIdle: number;
  /** Extra cycles to idle when the decision raised an interrupt (handed to the MSI-X / INTx block). */
  irqHandover: number;
  /** Error state (DEVICE_NEEDS_RESET raised: an illegal descriptor one cycle after its check, a failed read) -> configuration change MSI-X on tx_wr_req (virtio 1.x §2.1.2). */
  errorToConfigMsix: number;
  /** Error state -> intx_level (MSI-X off: ISR bit 1 set, INTx asserted). */
  errorToConfigIntx: number;
  /** A failed completion (UR, CA, poisoned, malformed) taken by the model -> the engine's error state. */
  faultToError: number;
  /** The model's Completion Timeout of a read -> the engine's error state. */
  timeoutToError: number;
  /** queue_reset written (as the model handles it) -> the engine drained, when no write is in progress (rtl/vq_engine.sv S_DRAIN). */
  queueResetDrain: number;
  /** queue_reset written (as the model handles it) -> the engine sees it (rtl/virtio_common_cfg.sv queue_reset_req): an engine write issued by then still goes out. */
  queueResetToEngine: number;
  /** A write's last beat -> a waiting MSI-X message's first beat (rtl/dma_wr.sv back to idle, then the message). */
  msixAfterWrite: number;
  /**
   * A request that masks an MSI-X vector (Mask Bit, Function Mask, MSI-X Enable cleared), as the
   * model handles it -> the last bus cycle before which a waiting message of that vector is not
   * yet on the bus: one stamped later goes back to its Pending Bit (PCIe r6.0 §6.1.4.3;
   * rtl/msix_table.sv withdraw).
   */
  maskToMsixWithdraw: number;
  /** device_status written 0 (as the model handles it) -> the write engine's abort: a write TLP whose first beat comes later never leaves (rtl/dma_wr.sv; virtio 1.x §2.4). */
  resetWriteCut: number;
  /** Device reset: last beat of the last write TLP kept -> the request port takes requests again (device_status reads 0 only then). */
  resetHoldPad: number;
  /**
   * RX descriptor cache (a count, not cycles): walks (ring descriptors and indirect entries) of the
   * fit check a design keeps for the write pass; the write pass reads the walks past it again
   * (rtl/vq_engine.sv DCACHE = 32). 0 = the write pass never re-reads (the default: profiles older
   * than the key load as before). Legal either way: the device owns a buffer's descriptors until
   * it marks them used (virtio 1.x §2.8.6, §2.8.21).
   */
  rxDescCache: number;
  /**
   * 1: a received frame the device cannot take (receive ring known empty) is dropped at the
   * engine's first idle cycle, ahead of the round robin and without taking a turn of it
   * (rtl/vq_engine.sv S_IDLE -> S_RX_DROP, no RX filter); 0: in the RX queue's round-robin turn,
   * after the filter (the default: what the model did before the key). Either is legal: the
   * device drops a frame it has no buffer for (virtio 1.x §5.1.6.4), and the order of its jobs
   * is its own. With 1 the receive FIFO also outlives a device reset: the frames waiting in it
   * and those arriving before DRIVER_OK are dropped the same way, one by one from idle, and one
   * still there at DRIVER_OK is served (0: all dropped at the reset or on arrival).
   */
  rxDropFirst: number;
  /**
   * 1: a control command takes effect and its ack is written when the chain walk reaches the
   * buffer's first device-writable element, before the rest of the chain is read (rtl/vq_engine.sv
   * S_ELEM); 0: at the chain end (the default: what the model did before the key). Either is
   * legal: the driver made the whole chain available and may split the writable part as it likes
   * (virtio 1.x §2.7.4, §5.1.6.5).
   */
  ctrlAckFirst: number;
}

export const ENGINE_STEP_KEYS = [
  'readIssueToBus', 'readDoneToReturn', 'writeIssueToFill', 'writeDoneToReturn', 'pickToDescRead', 'pickToRxDescRead', 'pickToRxFilterDrop',
  'descCheck', 'checkToDataRead', 'checkToNotAvail', 'checkToChainEnd', 'checkToTable', 'tableFromCache', 'walkFromCache', 'checkToCtrlAck', 'ctrlAckToDisable', 'ctrlDisableToUsed', 'ackToConfigMsix', 'ackIssueToConfigIntx', 'toDescRead', 'chainEndToRxWrite',
  'txTailToUsed', 'chainEndNoWrite', 'txFirstBeat', 'rxWriteToWrite', 'rxWriteToUsed', 'flagsToEventRead', 'eventDecide', 'decideToMsix', 'decideToIntx',
  'decideToIdle', 'kickToCandidate', 'frameToCandidate', 'releaseToNextFrame', 'notAvailToIdle', 'irqHandover',
  'errorToConfigMsix', 'errorToConfigIntx', 'faultToError', 'timeoutToError', 'queueResetDrain', 'queueResetToEngine', 'msixAfterWrite',
  'maskToMsixWithdraw',
  'resetWriteCut', 'resetHoldPad', 'rxDescCache', 'rxDropFirst', 'ctrlAckFirst',
] as const satisfies readonly (keyof EngineSteps)[];

/**
 * Steps added after profiles were first calibrated: a profile without one gets the reference
 * RTL's value (reference-rtl.json), so an older calibrated profile still loads; except
 * `rxDescCache`, `rxDropFirst` and `ctrlAckFirst`, which default to 0 (never re-read; drops in
 * the round robin; the control ack at the chain end: what the model did before the keys). Every other step is required.
 */
export const ENGINE_STEP_DEFAULTS: Readonly<Partial<Record<keyof EngineSteps, number>>> = {
  errorToConfigMsix: 5, errorToConfigIntx: 3, faultToError: 2, timeoutToError: 6, queueResetDrain: 5, queueResetToEngine: 3, msixAfterWrite: 2,
  maskToMsixWithdraw: 3,
  resetWriteCut: 2, resetHoldPad: 1, rxDescCache: 0, rxDropFirst: 0, ctrlAckFirst: 0,
};

/**
 * The byte-serial parts of the engine and its two DMA servers (read completions, MWr beats).
 * Stateless except for the completion server's free cycle.
 */
export class EngineTimer {
  readonly s: EngineSteps;
  /** Bytes per clock in the datapath (0 = unlimited: byte loops cost nothing). */
  private readonly bpc: number;
  /** Payload DWs per TLP beat. */
  private readonly dwPerBeat: number;
  /** First cycle the read engine can take a completion beat. */
  private cplFree = 0;
  /** Cycle the last completion finished (its data written into the read buffer). */
  lastCplDone = 0;
  /** Cycle the read engine took the last completion's first beat (later than its arrival while
   *  earlier completions' DWs are still being written: rx_cpl back-pressure). */
  lastCplTaken = 0;

  constructor(profile: TimingProfile) {
    if (!profile.engine) throw new Error('EngineTimer: the profile has no `engine` section');
    this.s = profile.engine;
    this.bpc = profile.policy.engineBytesPerCycle;
    this.dwPerBeat = profile.widths.tlpDataBits / 32;
  }

  /** Cycles to move `n` bytes through the datapath. */
  bytes(n: number): number {
    return this.bpc === 0 ? 0 : Math.ceil(n / this.bpc);
  }

  /**
   * A CplD / Cpl with `dws` payload DWs offered on rx_cpl at `arrival`: the read engine takes a
   * beat, then writes its DWs one per cycle (one more cycle when the beat is not full).
   */
  completion(arrival: number, dws: number): void {
    let t = Math.max(arrival, this.cplFree);
    this.lastCplTaken = t;
    const per = this.dwPerBeat;
    if (dws === 0) t += 1;
    // Each full beat: 1 + per cycles; a last partial beat of k DWs: 1 + k + 1.
    const full = Math.floor(dws / per);
    const k = dws - full * per;
    t += full * (1 + per) + (k > 0 ? k + 2 : 0);
    this.cplFree = t;
    this.lastCplDone = t;
  }

  /** The job continues this many cycles after the read's last completion was taken. */
  readReturn(): number {
    return this.lastCplDone + this.s.readDoneToReturn;
  }

  // One engine write, TLP by TLP without allocating: beginWrite(t), then writeTlp(dws) for each
  // MWr in order (returns the bus cycle of its first beat), then endWrite() (the cycle the job
  // continues). write() is the same as one call.
  private wrC = 0;
  private wrSend = 0;

  /** An engine write issued at `t` starts: the header state of its first TLP. */
  beginWrite(t: number): void {
    this.wrC = t + this.s.writeIssueToFill;
    this.wrSend = this.wrC;
  }

  /** The next MWr of the write (`dws` payload DWs): bus cycle of its first beat. Each beat is filled one lane per cycle. */
  writeTlp(dws: number): number {
    const laneBytes = this.dwPerBeat * 4;
    const bytes = Math.max(1, dws) * 4;
    // A beat of `fill` bytes is sent fill/bpc cycles after the previous one (+1 to send it).
    const fullBeats = Math.floor(bytes / laneBytes);
    const rest = bytes - fullBeats * laneBytes;
    const fullCost = (this.bpc === 0 ? 1 : Math.ceil(laneBytes / this.bpc)) + 1;
    const restCost = rest === 0 ? 0 : (this.bpc === 0 ? 1 : Math.ceil(rest / this.bpc)) + 1;
    const c = this.wrC;
    const firstCycle = c + (fullBeats > 0 ? fullCost : restCost);
    const send = c + fullBeats * fullCost + restCost;
    this.wrSend = send;
    this.wrC = send + 1; // header state of the next TLP
    return firstCycle;
  }

  /** Bus cycle of the last beat of the MWr writeTlp() stamped last. */
  get tlpSend(): number {
    return this.wrSend;
  }

  /** The cycle the job continues after the write's last beat. */
  endWrite(): number {
    return this.wrSend + this.s.writeDoneToReturn;
  }

  /**
   * MWr TLPs (payload DWs each) of one engine write issued at `t`: bus cycle of each TLP's first
   * beat and the cycle the job continues.
   */
  write(t: number, tlpDws: readonly number[]): { cycles: number[]; ret: number } {
    this.beginWrite(t);
    const cycles: number[] = [];
    for (const dws of tlpDws) cycles.push(this.writeTlp(dws));
    return { cycles, ret: this.endWrite() };
  }

  /** Bus cycles of the MRds of one engine read issued at `t` (one per cycle). */
  read(t: number, tlps: number): number[] {
    const r: number[] = [];
    for (let i = 0; i < tlps; i++) r.push(t + this.s.readIssueToBus + i);
    return r;
  }
}
