// Before any traffic, the DUT is checked against the device description the model is built from:
// every DW of its type-0 config space as it reads after reset (IDs, BARs, capability chain and
// every capability's fields). A difference is one DeviceMismatchError naming the register, both
// values and the description, not a divergence somewhere in the scenario. The check runs in its
// own reset epoch (the runner resets the DUT again before the scenario), so the scenario's cycles
// do not depend on it.
import { configRegisters, regKey } from '../../model/pci/regs.js';
import type { FunctionParams } from '../../model/pci/layout.js';
import type { VirtioOptions } from '../../model/virtio/regs.js';
import type { TimingProfile } from '../../model/timing/profile.js';
import { hex8 } from '../../model/util/hex.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { Lockstep } from './lockstep.js';
import type { RtlSide } from './rtl-sync.js';

export class DeviceMismatchError extends Error {
  constructor(readonly register: string, readonly offset: number, readonly dut: number, readonly expected: number, description: string) {
    super(`the DUT does not match the device description (${description}): config register ${register} at 0x${offset.toString(16)} reads 0x${dut.toString(16)}, the description gives 0x${expected.toString(16)}`);
    this.name = 'DeviceMismatchError';
  }
}

export interface PreflightConfig {
  params: FunctionParams;
  virtio: VirtioOptions;
  profile: TimingProfile;
  lookahead: number;
  /** Named in the error: the description file, or "reference". */
  description: string;
}

/** Reads config space 0x00..0xFF through the DUT and the model; throws DeviceMismatchError at the first difference. */
export function preflight(rtl: RtlSide, cfg: PreflightConfig): void {
  rtl.reset();
  const ls = new Lockstep(rtl, {
    lookahead: cfg.lookahead, timingTolerance: Number.MAX_SAFE_INTEGER, profile: cfg.profile,
    host: { completer: { seed: 1, latency: { min: cfg.lookahead, max: cfg.lookahead } } },
    model: { params: cfg.params, virtio: cfg.virtio }, requestTimeout: 20_000, continueAfterDivergence: true,
  }, (ev) => ev.channel);
  const driver = new VirtioNetDriver(ls, ls.guest, { seed: 1 });
  const regs = configRegisters(cfg.params);
  for (let off = 0; off < 0x100; off += 4) {
    const got = driver.pci.cfgRead32(off) >>> 0;
    const want = ls.model.fn.config.cfgRead(off) >>> 0;
    if (got === want) continue;
    // Name the register holding the first differing byte.
    let byte = off;
    while (((got >>> (8 * (byte - off))) & 0xff) === ((want >>> (8 * (byte - off))) & 0xff)) byte++;
    const r = regs.find((x) => byte >= x.offset && byte < x.offset + x.width);
    if (!r) throw new DeviceMismatchError(`(reserved DW ${hex8(off)})`, off, got, want, cfg.description);
    const shift = 8 * (r.offset - off);
    const mask = r.width === 4 ? 0xffff_ffff : (1 << (8 * r.width)) - 1;
    const field = (v: number): number => (shift >= 0 ? (v >>> shift) & mask : v);
    throw new DeviceMismatchError(regKey(r), r.offset, field(got), field(want), cfg.description);
  }
}
