// virtio-net device configuration (struct virtio_net_config, virtio §5.1.4) as a data table.
// Every field is read-only for the driver. A field whose feature is not offered "does not
// exist" (§5.1.4) and reads 0; reads are allowed before FEATURES_OK (§2.5.2).

import type { FeatureSet } from './features.js';
import {
  VIRTIO_NET_F_HASH_REPORT,
  VIRTIO_NET_F_HASH_TUNNEL,
  VIRTIO_NET_F_MQ,
  VIRTIO_NET_F_MTU,
  VIRTIO_NET_F_RSS,
  VIRTIO_NET_F_SPEED_DUPLEX,
  VIRTIO_NET_F_STATUS,
} from './features.js';
import { VirtioParamError } from './errors.js';
import type { RegField } from './reg-table.js';

/** status bits (§5.1.4). */
export const VIRTIO_NET_S_LINK_UP = 1;
export const VIRTIO_NET_S_ANNOUNCE = 2;

/** Bytes of struct virtio_net_config up to supported_tunnel_types. */
export const NET_CONFIG_SIZE = 28;

export interface NetConfigOptions {
  /** Permanent MAC address (6 bytes); default 52:54:00:12:34:56 (locally administered). */
  mac?: ArrayLike<number>;
  /** mtu field, 68..65535 (§5.1.4.1); default 1500. Only visible with VIRTIO_NET_F_MTU. */
  mtu?: number;
  /** Initial link state; default up. */
  linkUp?: boolean;
  /** Mbit/s, 0..0x7FFFFFFF or 0xFFFFFFFF unknown (default). Only visible with SPEED_DUPLEX. */
  speed?: number;
  /** 0x01 full, 0x00 half, 0xFF unknown (default); see checklist §7 on the spec's contradiction. */
  duplex?: number;
}

export interface NetField extends RegField {
  /** The field exists only if one of these features is offered (undefined = always). */
  readonly existsWith?: readonly number[];
  readonly value: (n: NetConfig) => number;
}

const mac = (i: number): NetField => ({ name: `mac[${i}]`, offset: i, width: 1, value: (n) => n.mac[i] });

/** struct virtio_net_config, sorted by offset. */
export const NET_CONFIG_FIELDS: readonly NetField[] = Object.freeze([
  mac(0), mac(1), mac(2), mac(3), mac(4), mac(5),
  { name: 'status', offset: 6, width: 2, existsWith: [VIRTIO_NET_F_STATUS], value: (n) => n.status },
  { name: 'max_virtqueue_pairs', offset: 8, width: 2, existsWith: [VIRTIO_NET_F_MQ, VIRTIO_NET_F_RSS], value: (n) => n.maxVirtqueuePairs },
  { name: 'mtu', offset: 10, width: 2, existsWith: [VIRTIO_NET_F_MTU], value: (n) => n.mtu },
  { name: 'speed', offset: 12, width: 4, existsWith: [VIRTIO_NET_F_SPEED_DUPLEX], value: (n) => n.speed },
  { name: 'duplex', offset: 16, width: 1, existsWith: [VIRTIO_NET_F_SPEED_DUPLEX], value: (n) => n.duplex },
  // RSS / HASH_REPORT / HASH_TUNNEL are never offered by this model: these read 0.
  { name: 'rss_max_key_size', offset: 17, width: 1, existsWith: [VIRTIO_NET_F_RSS, VIRTIO_NET_F_HASH_REPORT], value: () => 0 },
  { name: 'rss_max_indirection_table_length', offset: 18, width: 2, existsWith: [VIRTIO_NET_F_RSS], value: () => 0 },
  { name: 'supported_hash_types', offset: 20, width: 4, existsWith: [VIRTIO_NET_F_RSS, VIRTIO_NET_F_HASH_REPORT], value: () => 0 },
  { name: 'supported_tunnel_types', offset: 24, width: 4, existsWith: [VIRTIO_NET_F_HASH_TUNNEL], value: () => 0 },
] satisfies NetField[]);

export const DEFAULT_MAC: readonly number[] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

export class NetConfig {
  readonly mac = new Uint8Array(6);
  status = 0;
  readonly mtu: number;
  readonly speed: number;
  readonly duplex: number;
  private readonly permanentMac: Uint8Array;

  constructor(
    private readonly offered: FeatureSet,
    readonly maxVirtqueuePairs: number,
    options: NetConfigOptions = {},
  ) {
    this.permanentMac = checkMac(options.mac ?? DEFAULT_MAC);
    this.mac.set(this.permanentMac);
    this.mtu = options.mtu ?? 1500;
    if (!Number.isInteger(this.mtu) || this.mtu < 68 || this.mtu > 65535) throw new VirtioParamError('mtu', this.mtu, 'must be 68..65535 (§5.1.4.1)');
    this.speed = options.speed ?? 0xffffffff;
    if (!Number.isInteger(this.speed) || this.speed < 0 || (this.speed > 0x7fffffff && this.speed !== 0xffffffff)) {
      throw new VirtioParamError('speed', this.speed, 'must be 0..0x7FFFFFFF or 0xFFFFFFFF (§5.1.4)');
    }
    this.duplex = options.duplex ?? 0xff;
    if (this.duplex !== 0 && this.duplex !== 1 && this.duplex !== 0xff) throw new VirtioParamError('duplex', this.duplex, 'must be 0x00, 0x01 or 0xFF');
    if (options.linkUp ?? true) this.status = VIRTIO_NET_S_LINK_UP;
  }

  /** Value of a field as the driver sees it (0 if the field does not exist). */
  fieldValue(f: NetField): number {
    if (f.existsWith && !f.existsWith.some((b) => this.offered.has(b))) return 0;
    return f.value(this);
  }

  get linkUp(): boolean {
    return (this.status & VIRTIO_NET_S_LINK_UP) !== 0;
  }

  /** Returns true if the status field changed. */
  setStatusBit(bit: number, on: boolean): boolean {
    const next = on ? this.status | bit : this.status & ~bit;
    const changed = next !== this.status;
    this.status = next;
    return changed;
  }

  /** Returns true if the mac changed. */
  setMac(mac: ArrayLike<number>): boolean {
    const m = checkMac(mac);
    const changed = m.some((b, i) => b !== this.mac[i]);
    this.mac.set(m);
    return changed;
  }

  /** Device reset: back to the permanent MAC, ANNOUNCE cleared; link state is the wire's, kept. */
  reset(): void {
    this.mac.set(this.permanentMac);
    this.status &= ~VIRTIO_NET_S_ANNOUNCE;
  }
}

function checkMac(mac: ArrayLike<number>): Uint8Array {
  if (mac.length !== 6 || Array.from(mac).some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new VirtioParamError('mac', Array.from(mac).join(':'), 'must be 6 bytes 0..255');
  }
  return Uint8Array.from(mac);
}
