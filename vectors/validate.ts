// Rules every vector obeys whatever its file form (vectors/FORMAT.md "Rules"). The readers call
// these per record with a `where` that names the line (JSONL) or word (hex).

import { FORMAT_VERSION, PARAM_KEYS, VectorFormatError, type VectorHeader, type VectorRecord } from './types.js';

export const MAX_CYCLE = 0xffff_fffe; // fits a hex word; 0xFFFFFFFF means "none"
const SCENARIO_RE = /^[a-z0-9_-]{1,8}$/;
const TLP_WIDTHS = [64, 128, 256];

export function checkUint(where: string, field: string, v: unknown, max = MAX_CYCLE): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new VectorFormatError(where, field, v, 'is not an integer');
  if (v < 0) throw new VectorFormatError(where, field, v, 'is negative');
  if (v > max) throw new VectorFormatError(where, field, v, `is above ${max}`);
  return v;
}

export function checkHeader(where: string, h: VectorHeader): void {
  if (h.version !== FORMAT_VERSION) throw new VectorFormatError(where, 'version', h.version, `is not a supported format version (this reader knows ${FORMAT_VERSION})`);
  checkUint(where, 'generator', h.generator);
  if (typeof h.scenario !== 'string' || !SCENARIO_RE.test(h.scenario)) {
    throw new VectorFormatError(where, 'scenario', h.scenario, 'is not 1..8 characters of [a-z0-9_-]');
  }
  checkUint(where, 'seed', h.seed, 0xffff_ffff);
  for (const k of PARAM_KEYS) checkUint(where, `params.${k}`, h.params[k], 1 << 20);
  if (!TLP_WIDTHS.includes(h.params.TLP_DATA_WIDTH)) {
    throw new VectorFormatError(where, 'params.TLP_DATA_WIDTH', h.params.TLP_DATA_WIDTH, `is not one of ${TLP_WIDTHS.join(', ')}`);
  }
  if (h.params.AXIS_DATA_WIDTH !== 64) throw new VectorFormatError(where, 'params.AXIS_DATA_WIDTH', h.params.AXIS_DATA_WIDTH, 'is not 64 (the only width the player supports)');
  checkUint(where, 'tolerance.before', h.tolerance.before, 1 << 20);
  checkUint(where, 'tolerance.after', h.tolerance.after, 1 << 20);
}

/**
 * Cross-record rules, checked as record `index` is read (all earlier records already read):
 * cycles never decrease; `after` names an earlier response record; read numbers count up from 0
 * on tx_rd_req and an rx_cpl answers a read already listed; windows hold the predicted cycle.
 */
export class RecordSequence {
  private lastCycle = 0;
  private reads = 0;
  private readonly kinds: Array<'stim' | 'expect'> = [];

  add(where: string, r: VectorRecord): void {
    const index = this.kinds.length;
    if (r.cycle < this.lastCycle) throw new VectorFormatError(where, 'cycle', r.cycle, `is before the previous record's cycle ${this.lastCycle} (cycles must not decrease)`);
    this.lastCycle = r.cycle;
    if (r.kind === 'stim') {
      if (r.after !== undefined) {
        if (r.after >= index) throw new VectorFormatError(where, 'after', r.after, `does not name an earlier record (this is record ${index})`);
        if (this.kinds[r.after] !== 'expect') throw new VectorFormatError(where, 'after', r.after, 'names a stimulus record, not a response');
      }
      if (r.channel === 'rx_cpl' && r.read !== undefined && r.read >= this.reads) {
        throw new VectorFormatError(where, 'read', r.read, `answers a read not yet listed (${this.reads} tx_rd_req records so far)`);
      }
    } else {
      if (r.earliest > r.cycle || r.latest < r.cycle) {
        throw new VectorFormatError(where, 'earliest/latest', `[${r.earliest}, ${r.latest}]`, `does not contain the predicted cycle ${r.cycle}`);
      }
      if (r.channel === 'tx_rd_req') {
        if (r.read !== this.reads) throw new VectorFormatError(where, 'read', r.read, `is not the next read number ${this.reads}`);
        this.reads++;
      }
    }
    this.kinds.push(r.kind);
  }

  get count(): number {
    return this.kinds.length;
  }
}
