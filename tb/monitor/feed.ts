// Host facts for the ring monitor from what tb/driver programmed. The driver keeps its own record
// (accepted features, MSI-X use, one QueueInfo per enabled queue), so the feed reads that record
// before each DUT event and tells the monitor what changed; the driver needs no hook. A queue is
// entered once its QueueInfo exists, which the driver creates right after writing queue_enable and
// before the device can next run.

import * as F from '../../model/virtio/features.js';
import type { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import type { HostCheckError } from '../host/errors.js';
import type { Tlp } from '../../model/tlp/types.js';
import { RingMonitor, type DutStreamObserver } from './monitor.js';

export class DriverFeed implements DutStreamObserver {
  private monitorRef: RingMonitor | null = null;
  private driver: VirtioNetDriver | null = null;
  private readonly seen = new Map<number, object>();
  /** Feature bits 0..31 and 32..63 last told to the monitor (-1: none yet). */
  private featureLo = -1;
  private featureHi = -1;
  private msixSet = false;

  /** The monitor, once attached. */
  get monitor(): RingMonitor | null {
    return this.monitorRef;
  }

  /**
   * Starts monitoring for `driver`. `host`: the root complex that already checks the same
   * requests (its PCIe findings go into the monitor's report instead of being found twice).
   */
  attach(driver: VirtioNetDriver, host: { readonly errors: readonly HostCheckError[] }): RingMonitor {
    this.driver = driver;
    this.monitorRef = new RingMonitor({ host, msiWindow: { base: driver.msiBase, size: 0x10_0000n } });
    return this.monitorRef;
  }

  private sync(): void {
    const d = this.driver;
    const m = this.monitorRef;
    if (!d || !m) return;
    const lo = d.accepted.window(0);
    const hi = d.accepted.window(1);
    if (lo !== this.featureLo || hi !== this.featureHi) {
      this.featureLo = lo;
      this.featureHi = hi;
      m.setFeatures({
        eventIdx: d.has(F.VIRTIO_F_EVENT_IDX), indirectDesc: d.has(F.VIRTIO_F_INDIRECT_DESC),
        mrgRxbuf: d.has(F.VIRTIO_NET_F_MRG_RXBUF), inOrder: d.has(F.VIRTIO_F_IN_ORDER),
      });
    }
    if (d.useMsix && !this.msixSet && d.msixTableSize > 0) {
      // The driver programs entry v as address msiBase + 16 v, data v, and msix_config = 0.
      this.msixSet = true;
      m.setMsix({ entries: Array.from({ length: d.msixTableSize }, (_, v) => ({ address: d.msiBase + 16n * BigInt(v), data: v })), msix_config: 0 });
    }
    for (const q of d.queues) {
      if (!q || this.seen.get(q.index) === q.vring) continue;
      this.seen.set(q.index, q.vring);
      const l = q.vring.layout;
      m.enableQueue({
        index: q.index, size: l.size, queue_desc: BigInt(l.desc), queue_driver: BigInt(l.driver), queue_device: BigInt(l.device),
        queue_msix_vector: q.vector, receive: q.index % 2 === 0 && q.index < 2 * d.numPairs,
      });
    }
  }

  read(tlp: Tlp, cycle: number): void {
    this.sync();
    this.monitorRef?.read(tlp, cycle);
  }

  completion(tlp: Tlp, cycle: number): void {
    this.sync();
    this.monitorRef?.completion(tlp, cycle);
  }

  write(tlp: Tlp, cycle: number): void {
    this.sync();
    this.monitorRef?.write(tlp, cycle);
  }

  intx(level: boolean, cycle: number): void {
    this.sync();
    this.monitorRef?.intx(level, cycle);
  }
}
