// What the driver model needs from the thing it drives. The model harness (tb/scenarios) and,
// later, the RTL bridge both implement these, so one driver drives either.

import type { Address } from '../../model/dma/types.js';
import type { Tlp } from '../../model/tlp/types.js';

export class DriverError extends Error {
  constructor(field: string, value: number | string, reason: string) {
    super(`driver: "${field}" = ${typeof value === 'number' && value >= 16 ? `0x${value.toString(16)}` : value} ${reason}`);
    this.name = 'DriverError';
  }
}

/** A device reached through request TLPs (config + memory), as a root port would. */
export interface DeviceUnderTest {
  /**
   * Send one request TLP on rx_req. For a non-posted request (CfgRd0, CfgWr0, MRd) the call
   * lets simulated time pass until the completion arrives and returns it; it throws after a
   * bounded number of cycles. For MWr it returns undefined at once.
   */
  request(tlp: Tlp): Tlp | undefined;
  /**
   * Optional: several non-posted reads sent back to back before the first completion; their
   * completions in request order, bounded like request(). Tags must differ.
   */
  requestPipelined?(tlps: readonly Tlp[]): Tlp[];
  /** Let `cycles` of simulated time pass (the device keeps doing DMA meanwhile). */
  run(cycles: number): void;
  /** MSI-X messages received since the last call: the Message Data of each, in arrival order. */
  takeMsix(): number[];
  /** Current level of INTA (intx_level). */
  intxLevel(): boolean;
}

/** Guest memory as the CPU sees it (the driver writes rings and buffers straight into it). */
export interface GuestMemory {
  /** Any 64-bit address: a number below 2^53 or a bigint (model/dma/types.ts Address). */
  read(addr: Address, len: number): Uint8Array;
  write(addr: Address, data: Uint8Array): void;
}
