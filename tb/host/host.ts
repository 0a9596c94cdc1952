// The root complex and host memory a device sees, in one object: device requests go in with
// fromDevice(), completions come out of toDevice(). Each cycle, call toDevice(c) before
// fromDevice(..., c), so Tags freed by completions at c are free for requests at c.

import type { Tlp } from '../../model/tlp/types.js';
import { HostChecker, type HostCheckerConfig } from './checker.js';
import { HostCompleter, type CompleterOptions, type HostEvent } from './completer.js';
import type { HostCheckError } from './errors.js';
import { HostMemory } from './memory.js';
import { MsixMonitor, X86_MSI_WINDOW, type MsiWindow } from './msix.js';

export interface RootComplexOptions {
  completer?: Partial<CompleterOptions>;
  checker?: Partial<HostCheckerConfig>;
  msiWindow?: MsiWindow;
  /** Throw the first violation instead of collecting them in `errors`. */
  throwOnError?: boolean;
}

export class RootComplex {
  readonly memory = new HostMemory();
  readonly checker: HostChecker;
  readonly completer: HostCompleter;
  readonly msix: MsixMonitor;
  private readonly extraErrors: HostCheckError[] = [];

  constructor(o: RootComplexOptions = {}) {
    this.checker = new HostChecker(o.checker, o.throwOnError ?? false);
    this.completer = new HostCompleter(this.memory, o.completer);
    this.msix = new MsixMonitor(o.msiWindow ?? X86_MSI_WINDOW);
  }

  /** Every violation found so far (checker rules and MSI-X), in the order found. */
  get errors(): readonly HostCheckError[] {
    return [...this.checker.errors, ...this.extraErrors].sort((a, b) => a.cycle - b.cycle);
  }

  get interrupts(): MsixMonitor['interrupts'] {
    return this.msix.interrupts;
  }

  /** A request the device sent at `cycle` (tx_rd_req or tx_wr_req). */
  fromDevice(tlp: Tlp, cycle: number): void {
    this.checker.check(tlp, cycle);
    if (tlp.kind === 'MRd') {
      this.completer.request(tlp, cycle);
    } else if (tlp.kind === 'MWr') {
      if (this.msix.inWindow(tlp.address)) {
        const r = this.msix.handle(tlp, cycle);
        if ('error' in r) {
          this.extraErrors.push(r.error);
          if (this.checker.throwOnError) throw r.error;
        }
      } else if (!tlp.ep) {
        writeWithByteEnables(this.memory, tlp); // a poisoned write is not stored (§2.7.2.2)
      }
    }
  }

  /** Completions (and drop notices) due by `cycle`; frees their Tags in the checker. */
  toDevice(cycle: number): HostEvent[] {
    const events = this.completer.poll(cycle);
    for (const ev of events) {
      if (ev.type === 'dropped') this.checker.release(ev.request.requesterId, ev.request.tag);
      else if (ev.final) this.checker.release(ev.tlp.requesterId, ev.tlp.tag);
    }
    return events;
  }
}

/** Store an MWr's payload, honouring First/Last DW BE (PCIe r6.0 §2.2.5). */
export function writeWithByteEnables(mem: HostMemory, t: Tlp): void {
  const n = t.length;
  const writeDw = (dw: number, be: number): void => {
    if (be === 0xf) {
      mem.write(t.address + dw * 4, t.data.subarray(dw * 4, dw * 4 + 4));
      return;
    }
    for (let b = 0; b < 4; b++) {
      if ((be >>> b) & 1) mem.write(t.address + dw * 4 + b, t.data.subarray(dw * 4 + b, dw * 4 + b + 1));
    }
  };
  writeDw(0, t.firstBe);
  if (n > 2) mem.write(t.address + 4, t.data.subarray(4, (n - 1) * 4));
  if (n > 1) writeDw(n - 1, t.lastBe);
}
