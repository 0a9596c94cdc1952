// Raw requests of a scenario (TLPs the driver's PciAccess does not make), sent through the lockstep
// engine: their tags and the one way to wait for a completion. The tag counter belongs to the run
// (its driver), not to the module, so the same seed gives the same trace however many runs came
// before it in the process.

import { msg } from '../../model/tlp/build.js';
import { MsgCode, MsgRouting, type Tlp } from '../../model/tlp/types.js';
import type { Prng } from '../../model/util/prng.js';
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

/** The PCI-SIG Vendor ID of virtio devices, as a Vendor_Defined Message's Vendor ID (bytes 10..11). */
const VDM_VENDOR_ID = 0x1af4n;

/**
 * Messages a root port may send to this endpoint (PCIe r6.0 §2.2.8), one of each kind this
 * function must take without answering: Vendor_Defined Type 1 (silently discarded) and Type 0
 * (an Unsupported Request: posted, so no completion, §2.2.8.6) routed by ID to the function, to
 * another function, broadcast and local, with and without data; Unlock broadcast (§2.2.8.4).
 * Header bytes 8..15 of a Vendor_Defined Message: the target ID (by ID), the Vendor ID, then
 * vendor bytes (seeded).
 */
export function hostMessages(d: VirtioNetDriver, rng: Prng): Tlp[] {
  const rid = d.pci.requesterId;
  const own = BigInt(d.pci.targetId);
  const other = BigInt((d.pci.targetId & ~7) | rng.int(1, 7));
  const vendorBytes = (): bigint => BigInt(rng.int(0, 0x7fff_ffff));
  const vdm = (code: number, routing: number, target: bigint, dws: number): Tlp => {
    const data = new Uint8Array(dws * 4);
    rng.fill(data);
    return msg({ requesterId: rid, tag: rawTag(d), routing, messageCode: code, bytes8to15: (target << 48n) | (VDM_VENDOR_ID << 32n) | vendorBytes(), data });
  };
  const T0 = MsgCode.VENDOR_DEFINED_TYPE0;
  const T1 = MsgCode.VENDOR_DEFINED_TYPE1;
  return [
    vdm(T1, MsgRouting.BY_ID, own, 0),
    vdm(T1, MsgRouting.BY_ID, own, rng.int(1, 4)),
    vdm(T0, MsgRouting.BY_ID, own, 0),
    vdm(T0, MsgRouting.BY_ID, own, rng.int(1, 3)),
    vdm(T0, MsgRouting.BY_ID, other, 0),
    vdm(T1, MsgRouting.BROADCAST, 0n, 0),
    vdm(T0, MsgRouting.BROADCAST, 0n, 1),
    vdm(T1, MsgRouting.LOCAL, 0n, rng.int(0, 2)),
    msg({ requesterId: rid, tag: rawTag(d), routing: MsgRouting.BROADCAST, messageCode: MsgCode.UNLOCK }),
  ];
}
