// Checks every request the device sends upstream against the rules a root complex would
// enforce (or a protocol analyser would flag). Settings that software controls (MPS, MRRS,
// Bus Master Enable, the captured Requester ID) are inputs: whoever drives the host sets them
// from what the driver model programmed into config space.

import { TlpError } from '../../model/tlp/errors.js';
import { checkByteEnables, checkNo4kCrossing, checkTlp } from '../../model/tlp/rules.js';
import type { Tlp } from '../../model/tlp/types.js';
import { HostCheckError, HostConfigError, type HostRule } from './errors.js';

export interface HostCheckerConfig {
  /** Command.Bus Master Enable (PCIe r6.0 §7.5.1.1.3). */
  busMasterEnable: boolean;
  /** Device Control.Max_Payload_Size in bytes, 128..4096 (PCIe r6.0 §7.5.3.4). */
  maxPayloadSize: number;
  /** Device Control.Max_Read_Request_Size in bytes, 128..4096 (PCIe r6.0 §7.5.3.4). */
  maxReadRequestSize: number;
  /** The Requester ID the device must use; null = do not check. */
  requesterId: number | null;
  /** Tags the device may use are 0..tagLimit-1 (e.g. TAG_COUNT; 32 without Extended Tag). */
  tagLimit: number;
}

export const DEFAULT_CHECKER_CONFIG: HostCheckerConfig = {
  busMasterEnable: true,
  maxPayloadSize: 128,
  maxReadRequestSize: 512, // PCIe reset value of Max_Read_Request_Size (§7.5.3.4)
  requesterId: null,
  tagLimit: 256,
};

const SIZES = new Set([128, 256, 512, 1024, 2048, 4096]);

/** `found` with one more violation (made on the first). */
function flagged(found: HostCheckError[] | null, rule: HostRule, tlp: Tlp, cycle: number, detail: string): HostCheckError[] {
  const e = new HostCheckError(rule, tlp, cycle, detail);
  if (found === null) return [e];
  found.push(e);
  return found;
}

/** A rule's TlpError as its message; anything else is a bug and goes on. */
function tlpErrorText(e: unknown): string {
  if (!(e instanceof TlpError)) throw e;
  return e.message;
}

export class HostChecker {
  private cfg: HostCheckerConfig;
  /** Outstanding non-posted requests, keyed by Requester ID << 8 | Tag. */
  private readonly outstanding = new Map<number, Tlp>();
  readonly errors: HostCheckError[] = [];

  /** `throwOnError`: throw the first violation of each request instead of only collecting. */
  constructor(config: Partial<HostCheckerConfig> = {}, readonly throwOnError = false) {
    this.cfg = { ...DEFAULT_CHECKER_CONFIG };
    this.configure(config);
  }

  get config(): Readonly<HostCheckerConfig> {
    return this.cfg;
  }

  /** Change settings (takes effect for the next request checked). */
  configure(c: Partial<HostCheckerConfig>): void {
    const next = { ...this.cfg, ...c };
    if (!SIZES.has(next.maxPayloadSize)) throw new HostConfigError('maxPayloadSize', next.maxPayloadSize, 'is not 128..4096, a power of two');
    if (!SIZES.has(next.maxReadRequestSize)) {
      throw new HostConfigError('maxReadRequestSize', next.maxReadRequestSize, 'is not 128..4096, a power of two');
    }
    if (!Number.isInteger(next.tagLimit) || next.tagLimit < 1 || next.tagLimit > 256) {
      throw new HostConfigError('tagLimit', next.tagLimit, 'is not 1..256');
    }
    this.cfg = next;
  }

  /** Number of non-posted requests awaiting their last completion. */
  get outstandingCount(): number {
    return this.outstanding.size;
  }

  /** The request with this Requester ID and Tag is finished (last completion sent, or dropped). */
  release(requesterId: number, tag: number): void {
    this.outstanding.delete((requesterId << 8) | tag);
  }

  /**
   * Check one request from the device at `cycle`. Returns the violations found (also appended
   * to `errors`); an MRd is recorded as outstanding even when it breaks rules, so that its
   * completion and a later tag reuse are still judged.
   */
  check(tlp: Tlp, cycle: number): HostCheckError[] {
    // No closures per request (one per check was most of its cost): `found` is made on the
    // first violation.
    let found: HostCheckError[] | null = null;
    const c = this.cfg;

    if (tlp.kind !== 'MRd' && tlp.kind !== 'MWr') {
      return this.finish([new HostCheckError('NOT_A_REQUEST', tlp, cycle, `${tlp.kind} on a device request channel`)]);
    }
    if (!c.busMasterEnable) found = flagged(found, 'BUS_MASTER_DISABLED', tlp, cycle, 'Bus Master Enable is 0');
    if (c.requesterId !== null && tlp.requesterId !== c.requesterId) {
      found = flagged(found, 'REQUESTER_ID', tlp, cycle, `Requester ID 0x${tlp.requesterId.toString(16)}, expected 0x${c.requesterId.toString(16)}`);
    }
    if (tlp.ep) found = flagged(found, 'POISONED_REQUEST', tlp, cycle, 'EP = 1');
    const bytes = tlp.length * 4;
    if (tlp.kind === 'MWr' && bytes > c.maxPayloadSize) {
      found = flagged(found, 'MAX_PAYLOAD_SIZE', tlp, cycle, `${bytes} bytes > Max_Payload_Size ${c.maxPayloadSize}`);
    }
    if (tlp.kind === 'MRd' && bytes > c.maxReadRequestSize) {
      found = flagged(found, 'MAX_READ_REQUEST_SIZE', tlp, cycle, `${bytes} bytes > Max_Read_Request_Size ${c.maxReadRequestSize}`);
    }
    if (tlp.addr64 && tlp.address < 0x1_0000_0000) {
      found = flagged(found, 'ADDR64_BELOW_4G', tlp, cycle, `address 0x${tlp.address.toString(16)} in a 4-DW header`);
    }
    try {
      checkNo4kCrossing(tlp.address, tlp.length);
    } catch (e) {
      found = flagged(found, 'CROSSES_4K', tlp, cycle, tlpErrorText(e));
    }
    try {
      checkByteEnables(tlp.length, tlp.firstBe, tlp.lastBe, true, tlp.address);
    } catch (e) {
      found = flagged(found, 'BYTE_ENABLES', tlp, cycle, tlpErrorText(e));
    }
    // Whatever else checkTlp finds (payload vs Length, field ranges, 32-bit form above 4 GiB),
    // unless a rule above already named it.
    if (found === null) {
      try {
        checkTlp(tlp);
      } catch (e) {
        found = flagged(found, 'MALFORMED', tlp, cycle, tlpErrorText(e));
      }
    }

    if (tlp.kind === 'MRd') {
      if (tlp.tag >= c.tagLimit) found = flagged(found, 'TAG_RANGE', tlp, cycle, `Tag ${tlp.tag} >= ${c.tagLimit}`);
      const key = (tlp.requesterId << 8) | tlp.tag;
      if (this.outstanding.has(key)) {
        found = flagged(found, 'TAG_REUSE', tlp, cycle, `Tag 0x${tlp.tag.toString(16)} is still outstanding`);
      }
      this.outstanding.set(key, tlp);
    }
    return found === null ? [] : this.finish(found);
  }

  private finish(found: HostCheckError[]): HostCheckError[] {
    this.errors.push(...found);
    if (this.throwOnError && found.length > 0) throw found[0];
    return found;
  }
}
