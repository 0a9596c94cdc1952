// Side effects of register accesses that model/function (and the datapath behind it) must act on.
// A write returns a list of these; most writes return an empty list.

import type { Address } from '../dma/types.js';
import type { FeatureSet, FeaturesOkRefusal } from './features.js';

export type Region = 'common' | 'notify' | 'isr' | 'device';

/** What the datapath needs to know about one virtqueue (values as programmed in common cfg). */
export interface QueueSnapshot {
  index: number;
  size: number;
  enabled: boolean;
  /** Descriptor ring address (queue_desc): any 64-bit value, a number below 2^53, else a bigint. */
  desc: Address;
  /** Driver event suppression area (queue_driver). */
  driver: Address;
  /** Device event suppression area (queue_device). */
  device: Address;
  msixVector: number;
  notifyOff: number;
}

export type RegEvent =
  /** device_status written 0: the whole device was reset (§2.4); drop ring state, stop DMA. */
  | { kind: 'reset' }
  /** device_status changed to `to` (after validation). */
  | { kind: 'status'; from: number; to: number }
  /** FEATURES_OK latched with this negotiated set. */
  | { kind: 'featuresOk'; features: FeatureSet }
  /** FEATURES_OK refused and not latched (§2.2.2): the driver will see the bit clear. */
  | { kind: 'featuresOkRefused'; reason: FeaturesOkRefusal; detail: string }
  /** DRIVER_OK latched: the device is live (§3.1.1 step 8). */
  | { kind: 'driverOk' }
  /** queue_enable went 0 -> 1; `config` is the queue's programming at that moment. */
  | { kind: 'queueEnable'; queue: number; config: QueueSnapshot }
  /** An address given at enable breaks the packed-ring alignment (§2.8.10.1). */
  | { kind: 'badQueueAddress'; queue: number; field: 'queue_desc' | 'queue_driver' | 'queue_device'; address: Address; reason: string }
  /** queue_reset written 1 (RING_RESET, §2.6.1): the queue is back at reset values. */
  | { kind: 'queueReset'; queue: number }
  /** Available-buffer notification (§4.1.5.2). nextOff/nextWrap only with NOTIFICATION_DATA. */
  | { kind: 'notify'; queue: number; data: number; nextOff?: number; nextWrap?: number }
  /** An MSI-X vector could not be mapped (>= table size), field reads back 0xFFFF (§4.1.5.1.2.1). */
  | { kind: 'vectorRefused'; field: 'config_msix_vector' | 'queue_msix_vector'; queue?: number; vector: number }
  /** Write to a read-only field: ignored. */
  | { kind: 'readOnly'; region: Region; field: string; value: number }
  /** Write to a writable field that the device refused; the field keeps its value. */
  | { kind: 'ignored'; region: Region; field: string; value: number; reason: string }
  /** Access to bytes that are no register (holes, out-of-range notify slots). */
  | { kind: 'unmapped'; region: Region; offset: number; size: number }
  /** Write that covers only part of a field: that field is not written. */
  | { kind: 'partialWrite'; region: Region; field: string; offset: number; size: number }
  /** Access that is not a naturally aligned 1/2/4-byte access (§4.1.3.1); still served bytewise. */
  | { kind: 'misaligned'; region: Region; offset: number; size: number };

export type WriteResult = RegEvent[];
