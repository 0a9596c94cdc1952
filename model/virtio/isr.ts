// ISR status (virtio §4.1.4.5): one byte at offset 0 of the ISR region. Reading it returns the
// bits and clears them (which deasserts INTx); writes are ignored.

import { VirtioAccessError } from './errors.js';

/** ISR status bits (§4.1.4.5). */
export const ISR_QUEUE = 0x1;
export const ISR_CONFIG = 0x2;

export class IsrStatus {
  private bits = 0;

  /** OR in `bits` (ISR_QUEUE and/or ISR_CONFIG); bits 2..7 are reserved. */
  set(bits: number): void {
    if (!Number.isInteger(bits) || (bits & ~(ISR_QUEUE | ISR_CONFIG)) !== 0) {
      throw new VirtioAccessError('isr bits', bits, 'only ISR_QUEUE (0x1) and ISR_CONFIG (0x2) exist');
    }
    this.bits |= bits;
  }

  /** Current value without the read side effect (for INTx level and tests). */
  peek(): number {
    return this.bits;
  }

  /** Driver read: return and clear (§4.1.4.5.1 "MUST reset ISR status to 0 on driver read"). */
  readAndClear(): number {
    const v = this.bits;
    this.bits = 0;
    return v;
  }

  clear(): void {
    this.bits = 0;
  }
}
