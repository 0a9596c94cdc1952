// Raw requests of a scenario (TLPs the driver's PciAccess does not make), sent through the lockstep
// engine: their tags and the one way to wait for a completion. The tag counter belongs to the run
// (its driver), not to the module, so the same seed gives the same trace however many runs came
// before it in the process.

import type { Tlp } from '../../model/tlp/types.js';
import { DriverError } from '../driver/dut.js';
import type { VirtioNetDriver } from '../driver/virtio-net-driver.js';

/** Each run's last raw tag, keyed by the run's driver (a new driver per run, the wave re-run too). */
const lastTag = new WeakMap<VirtioNetDriver, number>();

/** Tags 0x80..0xff for raw requests (the driver's own counter runs over all 8 bits; one request is outstanding at a time). */
export function rawTag(d: VirtioNetDriver): number {
  const t = ((lastTag.get(d) ?? 0) + 1) & 0x7f;
  lastTag.set(d, t);
  return 0x80 | t;
}

/** A non-posted raw request: its completion must come (any status; the engine compares it with the model's). */
export function ask(d: VirtioNetDriver, t: Tlp): Tlp {
  const c = d.dut.request(t);
  if (!c) throw new DriverError(t.kind, t.address ? `0x${t.address.toString(16)}` : t.register, 'got no completion');
  return c;
}
