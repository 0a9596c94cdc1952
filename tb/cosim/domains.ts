// Ordering domains for the scoreboard, derived from the driver's memory map: a device TLP that
// touches a queue's rings or buffers belongs to that queue; an MSI-X message belongs to the queue
// whose vector it carries (so an MSI-X that overtakes its used-descriptor write is a divergence,
// PCIe r6.0 §2.4.1 posted ordering). Queues that share a vector share a domain. Reads and writes
// travel on separate channels with no ordering between them (docs/dut-interface.md), so each
// domain is split into a read and a write half.

import { offsetIn, type Address } from '../../model/dma/types.js';
import type { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { NO_VECTOR } from '../driver/layout.js';
import type { OutputEvent } from './events.js';

const MSI_WINDOW = 0x10_0000n;

export interface Region {
  /** What the region is, e.g. "q1.desc", "q0.buffers". */
  name: string;
  queue: number;
  /** First byte (any 64-bit address) and length. */
  start: Address;
  len: number;
}

/** Rings and buffer slots of every queue the driver has set up (virtio §2.8: descriptor ring, driver/device event suppression areas). */
export function queueRegions(driver: VirtioNetDriver): Region[] {
  const out: Region[] = [];
  for (const q of driver.queues) {
    if (!q) continue;
    const { desc, driver: drv, device, size } = q.vring.layout;
    out.push({ name: `q${q.index}.desc`, queue: q.index, start: desc, len: 16 * size });
    out.push({ name: `q${q.index}.driver`, queue: q.index, start: drv, len: 4 });
    out.push({ name: `q${q.index}.device`, queue: q.index, start: device, len: 4 });
    out.push({ name: `q${q.index}.buffers`, queue: q.index, start: q.bufBase, len: size * q.bufStride });
  }
  return out;
}

export class DomainMap {
  private regions: Region[] = [];
  /** The queues the regions were computed from: a device reset and bring-up replaces them all with new rings. */
  private seen: unknown[] = [];

  constructor(private readonly driver: VirtioNetDriver) {}

  private refresh(): void {
    const qs = this.driver.queues;
    if (qs.length === this.seen.length && qs.every((q, i) => q === this.seen[i])) return;
    this.seen = [...qs];
    this.regions = queueRegions(this.driver);
  }

  /** The domain name of queue `index`: its MSI-X vector when it has one, else the queue. */
  queueDomain(index: number): string {
    const q = this.driver.queues[index];
    if (this.driver.useMsix && q && q.vector !== NO_VECTOR) return `vec${q.vector}`;
    return `q${index}`;
  }

  private vectorDomain(vector: number): string {
    for (const q of this.driver.queues) if (q && q.vector === vector) return this.queueDomain(q.index);
    return vector === 0 ? 'config' : `vec${vector}`;
  }

  domainOf = (ev: OutputEvent): string => {
    if (ev.channel !== 'tx_rd_req' && ev.channel !== 'tx_wr_req') return ev.channel;
    const half = ev.channel === 'tx_rd_req' ? 'rd' : 'wr';
    const a = ev.tlp!.address;
    const msi = this.driver.msiBase;
    if (ev.channel === 'tx_wr_req' && a >= msi && a < msi + MSI_WINDOW) {
      // The driver programs vector v at msiBase + 16 v (tb/driver); the domain is the one of
      // the writes that message announces, so it is compared in order with them.
      return `${this.vectorDomain(Number((a - msi) / 16n))}:wr`;
    }
    this.refresh();
    for (const r of this.regions) if (offsetIn(a, r.start, r.len) >= 0) return `${this.queueDomain(r.queue)}:${half}`;
    return `other:${half}`;
  };
}
