// The root complex and host memory a device sees, in one object: device requests go in with
// fromDevice(), completions come out of toDevice(). Each cycle, call toDevice(c) before
// fromDevice(..., c), so Tags freed by completions at c are free for requests at c.

import type { Tlp } from '../../model/tlp/types.js';
import { HostChecker, type HostCheckerConfig } from './checker.js';
import { HostCompleter, type CompleterOptions, type HostEvent } from './completer.js';
import type { HostCheckError } from './errors.js';
import { HostMemory, hostAddress } from './memory.js';
import { MsixMonitor, X86_MSI_WINDOW, type MsiWindow } from './msix.js';

export interface RootComplexOptions {
  completer?: Partial<CompleterOptions>;
  checker?: Partial<HostCheckerConfig>;
  msiWindow?: MsiWindow;
  /** Throw the first violation instead of collecting them in `errors`. */
  throwOnError?: boolean;
  /** The memory the device's DMA reaches (default: a fresh sparse HostMemory). */
  memory?: HostMemory;
}

export class RootComplex {
  readonly memory: HostMemory;
  readonly checker: HostChecker;
  readonly completer: HostCompleter;
  readonly msix: MsixMonitor;
  private readonly extraErrors: HostCheckError[] = [];

  constructor(o: RootComplexOptions = {}) {
    this.memory = o.memory ?? new HostMemory();
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

/** True when the set bits of a nonzero BE nibble are adjacent (0110b yes, 0101b no). */
function contiguousBe(be: number): boolean {
  const low = be & -be;
  return ((be + low) & be) === 0;
}

/**
 * Store an MWr's payload, honouring First/Last DW BE (PCIe r6.0 §2.2.5). The enabled bytes of a
 * write with contiguous enables (every write a DMA engine makes) are one range, stored with one
 * copy; other patterns go byte by byte.
 */
export function writeWithByteEnables(mem: HostMemory, t: Tlp): void {
  const n = t.length;
  const first = t.firstBe;
  const last = n === 1 ? first : t.lastBe;
  if (first === 0 || last === 0) {
    if (n === 1) return; // zero-length write: nothing stored
    writeBytewise(mem, t);
    return;
  }
  if (!contiguousBe(first) || !contiguousBe(last) || (n > 1 && (first & 8) === 0) || (n > 1 && (last & 1) === 0)) {
    writeBytewise(mem, t);
    return;
  }
  const start = 31 - Math.clz32(first & -first); // first enabled byte of DW 0
  const end = (n - 1) * 4 + (32 - Math.clz32(last)); // one past the last enabled byte
  mem.writeFrom(hostAddress(t.address + BigInt(start)), t.data, start, end);
}

function writeBytewise(mem: HostMemory, t: Tlp): void {
  const n = t.length;
  for (let dw = 0; dw < n; dw++) {
    const be = dw === 0 ? t.firstBe : dw === n - 1 ? t.lastBe : 0xf;
    for (let b = 0; b < 4; b++) {
      if ((be >>> b) & 1) mem.write(hostAddress(t.address + BigInt(dw * 4 + b)), t.data.subarray(dw * 4 + b, dw * 4 + b + 1));
    }
  }
}
