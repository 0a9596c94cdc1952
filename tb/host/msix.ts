// MSI-X messages as the root complex sees them: a DW memory write to an address in the MSI
// window (0xFEE0_0000..0xFEEF_FFFF on x86, configurable) carrying the Message Data of a table
// entry (PCIe r6.0 §6.1.4). The driver model programs the table into the device and tells this
// monitor the same entries with setMsixTable(); writes to the window are reported as
// interrupts, never stored in host memory.

import type { Tlp } from '../../model/tlp/types.js';
import { HostCheckError, HostConfigError } from './errors.js';

export interface MsixEntry {
  /** Message Address (upper and lower DW combined), DW aligned: a bigint at or above 2^53. */
  address: number | bigint;
  /** Message Data. */
  data: number;
  /** Vector Control.Mask; also set it when Function Mask is set or MSI-X is disabled. */
  masked?: boolean;
}

/** The host's MSI address window: any 64-bit range (a platform may place it at or above 2^63). */
export interface MsiWindow {
  base: bigint;
  size: bigint;
}

export const X86_MSI_WINDOW: MsiWindow = { base: 0xfee0_0000n, size: 0x10_0000n };

export interface Interrupt {
  vector: number;
  cycle: number;
}

export class MsixMonitor {
  private entries: readonly MsixEntry[] = [];
  private readonly window: MsiWindow;
  readonly interrupts: Interrupt[] = [];

  constructor(window: MsiWindow = X86_MSI_WINDOW) {
    this.window = window;
  }

  /** Table entry i is vector i. Replaces the whole table. */
  setMsixTable(entries: readonly MsixEntry[]): void {
    entries.forEach((e, i) => {
      if (!this.inWindow(e.address)) {
        throw new HostConfigError(`entries[${i}].address`, `0x${e.address.toString(16)}`, 'is outside the MSI address window');
      }
      if (BigInt(e.address) % 4n !== 0n) throw new HostConfigError(`entries[${i}].address`, `0x${e.address.toString(16)}`, 'is not DW aligned');
    });
    this.entries = entries.map((e) => ({ ...e }));
  }

  /** Change one vector's mask (Vector Control.Mask or Function Mask as the driver sets it). */
  setMasked(vector: number, masked: boolean): void {
    const e = this.entries[vector];
    if (!e) throw new HostConfigError('vector', vector, 'has no programmed entry');
    this.entries = this.entries.map((x, i) => (i === vector ? { ...x, masked } : x));
  }

  inWindow(address: number | bigint): boolean {
    const a = BigInt(address);
    return a >= this.window.base && a < this.window.base + this.window.size;
  }

  /**
   * Handle an MWr whose address is in the window. Returns the vector it signalled, or the
   * violation (recorded by the caller) when it matches no programmed, unmasked entry.
   */
  handle(tlp: Tlp, cycle: number): { vector: number } | { error: HostCheckError } {
    if (tlp.length !== 1 || tlp.firstBe !== 0xf) {
      return { error: new HostCheckError('MSIX_FORMAT', tlp, cycle, `Length ${tlp.length}, First DW BE 0x${tlp.firstBe.toString(16)}`) };
    }
    const data = new DataView(tlp.data.buffer, tlp.data.byteOffset, 4).getUint32(0, true);
    let maskedMatch = -1;
    for (let v = 0; v < this.entries.length; v++) {
      const e = this.entries[v];
      if (BigInt(e.address) !== tlp.address || e.data !== data) continue;
      if (e.masked) {
        if (maskedMatch < 0) maskedMatch = v;
        continue;
      }
      this.interrupts.push({ vector: v, cycle });
      return { vector: v };
    }
    if (maskedMatch >= 0) {
      return { error: new HostCheckError('MSIX_MASKED', tlp, cycle, `vector ${maskedMatch} is masked`) };
    }
    return {
      error: new HostCheckError('MSIX_UNPROGRAMMED', tlp, cycle,
        `address 0x${tlp.address.toString(16)} data 0x${data.toString(16)} matches no programmed entry`),
    };
  }
}
