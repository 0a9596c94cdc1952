// Feature bits (virtio §2.2, §6, net §5.1.3), a 128-bit feature set without BigInt, the
// dependency table of §5.1.3.1 as data, and the set this device offers.

import type { FunctionParams } from '../pci/layout.js';
import { FeatureDependencyError, VirtioParamError } from './errors.js';

/** Transport / ring feature bits (virtio §6). */
export const VIRTIO_F_INDIRECT_DESC = 28;
export const VIRTIO_F_EVENT_IDX = 29;
export const VIRTIO_F_VERSION_1 = 32;
export const VIRTIO_F_ACCESS_PLATFORM = 33;
export const VIRTIO_F_RING_PACKED = 34;
export const VIRTIO_F_IN_ORDER = 35;
export const VIRTIO_F_ORDER_PLATFORM = 36;
export const VIRTIO_F_SR_IOV = 37;
export const VIRTIO_F_NOTIFICATION_DATA = 38;
export const VIRTIO_F_NOTIF_CONFIG_DATA = 39;
export const VIRTIO_F_RING_RESET = 40;
export const VIRTIO_F_ADMIN_VQ = 41;
export const VIRTIO_F_SUSPEND = 43;

/** virtio-net feature bits (virtio §5.1.3). */
export const VIRTIO_NET_F_CSUM = 0;
export const VIRTIO_NET_F_GUEST_CSUM = 1;
export const VIRTIO_NET_F_CTRL_GUEST_OFFLOADS = 2;
export const VIRTIO_NET_F_MTU = 3;
export const VIRTIO_NET_F_MAC = 5;
export const VIRTIO_NET_F_GUEST_TSO4 = 7;
export const VIRTIO_NET_F_GUEST_TSO6 = 8;
export const VIRTIO_NET_F_GUEST_ECN = 9;
export const VIRTIO_NET_F_GUEST_UFO = 10;
export const VIRTIO_NET_F_HOST_TSO4 = 11;
export const VIRTIO_NET_F_HOST_TSO6 = 12;
export const VIRTIO_NET_F_HOST_ECN = 13;
export const VIRTIO_NET_F_HOST_UFO = 14;
export const VIRTIO_NET_F_MRG_RXBUF = 15;
export const VIRTIO_NET_F_STATUS = 16;
export const VIRTIO_NET_F_CTRL_VQ = 17;
export const VIRTIO_NET_F_CTRL_RX = 18;
export const VIRTIO_NET_F_CTRL_VLAN = 19;
export const VIRTIO_NET_F_CTRL_RX_EXTRA = 20;
export const VIRTIO_NET_F_GUEST_ANNOUNCE = 21;
export const VIRTIO_NET_F_MQ = 22;
export const VIRTIO_NET_F_CTRL_MAC_ADDR = 23;
export const VIRTIO_NET_F_DEVICE_STATS = 50;
export const VIRTIO_NET_F_HASH_TUNNEL = 51;
export const VIRTIO_NET_F_VQ_NOTF_COAL = 52;
export const VIRTIO_NET_F_NOTF_COAL = 53;
export const VIRTIO_NET_F_GUEST_USO4 = 54;
export const VIRTIO_NET_F_GUEST_USO6 = 55;
export const VIRTIO_NET_F_HOST_USO = 56;
export const VIRTIO_NET_F_HASH_REPORT = 57;
export const VIRTIO_NET_F_GUEST_HDRLEN = 59;
export const VIRTIO_NET_F_RSS = 60;
export const VIRTIO_NET_F_RSC_EXT = 61;
export const VIRTIO_NET_F_STANDBY = 62;
export const VIRTIO_NET_F_SPEED_DUPLEX = 63;
export const VIRTIO_NET_F_RSS_CONTEXT = 64;
export const VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO = 65;
export const VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM = 66;
export const VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO = 67;
export const VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO_CSUM = 68;
export const VIRTIO_NET_F_OUT_NET_HEADER = 69;
export const VIRTIO_NET_F_IPSEC = 70;

/** Spec name of every bit above, for messages and option keys. */
export const FEATURE_NAMES: Readonly<Record<number, string>> = {
  [VIRTIO_F_INDIRECT_DESC]: 'VIRTIO_F_INDIRECT_DESC',
  [VIRTIO_F_EVENT_IDX]: 'VIRTIO_F_EVENT_IDX',
  [VIRTIO_F_VERSION_1]: 'VIRTIO_F_VERSION_1',
  [VIRTIO_F_ACCESS_PLATFORM]: 'VIRTIO_F_ACCESS_PLATFORM',
  [VIRTIO_F_RING_PACKED]: 'VIRTIO_F_RING_PACKED',
  [VIRTIO_F_IN_ORDER]: 'VIRTIO_F_IN_ORDER',
  [VIRTIO_F_ORDER_PLATFORM]: 'VIRTIO_F_ORDER_PLATFORM',
  [VIRTIO_F_SR_IOV]: 'VIRTIO_F_SR_IOV',
  [VIRTIO_F_NOTIFICATION_DATA]: 'VIRTIO_F_NOTIFICATION_DATA',
  [VIRTIO_F_NOTIF_CONFIG_DATA]: 'VIRTIO_F_NOTIF_CONFIG_DATA',
  [VIRTIO_F_RING_RESET]: 'VIRTIO_F_RING_RESET',
  [VIRTIO_F_ADMIN_VQ]: 'VIRTIO_F_ADMIN_VQ',
  [VIRTIO_F_SUSPEND]: 'VIRTIO_F_SUSPEND',
  [VIRTIO_NET_F_CSUM]: 'VIRTIO_NET_F_CSUM',
  [VIRTIO_NET_F_GUEST_CSUM]: 'VIRTIO_NET_F_GUEST_CSUM',
  [VIRTIO_NET_F_CTRL_GUEST_OFFLOADS]: 'VIRTIO_NET_F_CTRL_GUEST_OFFLOADS',
  [VIRTIO_NET_F_MTU]: 'VIRTIO_NET_F_MTU',
  [VIRTIO_NET_F_MAC]: 'VIRTIO_NET_F_MAC',
  [VIRTIO_NET_F_GUEST_TSO4]: 'VIRTIO_NET_F_GUEST_TSO4',
  [VIRTIO_NET_F_GUEST_TSO6]: 'VIRTIO_NET_F_GUEST_TSO6',
  [VIRTIO_NET_F_GUEST_ECN]: 'VIRTIO_NET_F_GUEST_ECN',
  [VIRTIO_NET_F_GUEST_UFO]: 'VIRTIO_NET_F_GUEST_UFO',
  [VIRTIO_NET_F_HOST_TSO4]: 'VIRTIO_NET_F_HOST_TSO4',
  [VIRTIO_NET_F_HOST_TSO6]: 'VIRTIO_NET_F_HOST_TSO6',
  [VIRTIO_NET_F_HOST_ECN]: 'VIRTIO_NET_F_HOST_ECN',
  [VIRTIO_NET_F_HOST_UFO]: 'VIRTIO_NET_F_HOST_UFO',
  [VIRTIO_NET_F_MRG_RXBUF]: 'VIRTIO_NET_F_MRG_RXBUF',
  [VIRTIO_NET_F_STATUS]: 'VIRTIO_NET_F_STATUS',
  [VIRTIO_NET_F_CTRL_VQ]: 'VIRTIO_NET_F_CTRL_VQ',
  [VIRTIO_NET_F_CTRL_RX]: 'VIRTIO_NET_F_CTRL_RX',
  [VIRTIO_NET_F_CTRL_VLAN]: 'VIRTIO_NET_F_CTRL_VLAN',
  [VIRTIO_NET_F_CTRL_RX_EXTRA]: 'VIRTIO_NET_F_CTRL_RX_EXTRA',
  [VIRTIO_NET_F_GUEST_ANNOUNCE]: 'VIRTIO_NET_F_GUEST_ANNOUNCE',
  [VIRTIO_NET_F_MQ]: 'VIRTIO_NET_F_MQ',
  [VIRTIO_NET_F_CTRL_MAC_ADDR]: 'VIRTIO_NET_F_CTRL_MAC_ADDR',
  [VIRTIO_NET_F_DEVICE_STATS]: 'VIRTIO_NET_F_DEVICE_STATS',
  [VIRTIO_NET_F_HASH_TUNNEL]: 'VIRTIO_NET_F_HASH_TUNNEL',
  [VIRTIO_NET_F_VQ_NOTF_COAL]: 'VIRTIO_NET_F_VQ_NOTF_COAL',
  [VIRTIO_NET_F_NOTF_COAL]: 'VIRTIO_NET_F_NOTF_COAL',
  [VIRTIO_NET_F_GUEST_USO4]: 'VIRTIO_NET_F_GUEST_USO4',
  [VIRTIO_NET_F_GUEST_USO6]: 'VIRTIO_NET_F_GUEST_USO6',
  [VIRTIO_NET_F_HOST_USO]: 'VIRTIO_NET_F_HOST_USO',
  [VIRTIO_NET_F_HASH_REPORT]: 'VIRTIO_NET_F_HASH_REPORT',
  [VIRTIO_NET_F_GUEST_HDRLEN]: 'VIRTIO_NET_F_GUEST_HDRLEN',
  [VIRTIO_NET_F_RSS]: 'VIRTIO_NET_F_RSS',
  [VIRTIO_NET_F_RSC_EXT]: 'VIRTIO_NET_F_RSC_EXT',
  [VIRTIO_NET_F_STANDBY]: 'VIRTIO_NET_F_STANDBY',
  [VIRTIO_NET_F_SPEED_DUPLEX]: 'VIRTIO_NET_F_SPEED_DUPLEX',
  [VIRTIO_NET_F_RSS_CONTEXT]: 'VIRTIO_NET_F_RSS_CONTEXT',
  [VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO]: 'VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO',
  [VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM]: 'VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM',
  [VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO]: 'VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO',
  [VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO_CSUM]: 'VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO_CSUM',
  [VIRTIO_NET_F_OUT_NET_HEADER]: 'VIRTIO_NET_F_OUT_NET_HEADER',
  [VIRTIO_NET_F_IPSEC]: 'VIRTIO_NET_F_IPSEC',
};

export function featureName(bit: number): string {
  return FEATURE_NAMES[bit] ?? `feature bit ${bit}`;
}

/** Number of 32-bit feature windows (select 0..3 = bits 0..127). */
export const FEATURE_WINDOWS = 4;
export const FEATURE_BITS = FEATURE_WINDOWS * 32;

/** A 128-bit feature bitmap: window n holds bits 32n..32n+31 (virtio §4.1.4.3 feature selects). */
export class FeatureSet {
  readonly words = new Uint32Array(FEATURE_WINDOWS);

  static of(bits: Iterable<number>): FeatureSet {
    const s = new FeatureSet();
    for (const b of bits) s.add(b);
    return s;
  }

  clone(): FeatureSet {
    const s = new FeatureSet();
    s.words.set(this.words);
    return s;
  }

  has(bit: number): boolean {
    if (!Number.isInteger(bit) || bit < 0 || bit >= FEATURE_BITS) return false;
    return ((this.words[bit >>> 5] >>> (bit & 31)) & 1) === 1;
  }

  add(bit: number): this {
    checkBit(bit);
    this.words[bit >>> 5] |= 1 << (bit & 31);
    return this;
  }

  delete(bit: number): this {
    checkBit(bit);
    this.words[bit >>> 5] &= ~(1 << (bit & 31));
    return this;
  }

  /** 32-bit window `select` (0 for select >= 4). */
  window(select: number): number {
    return select >= 0 && select < FEATURE_WINDOWS ? this.words[select] >>> 0 : 0;
  }

  setWindow(select: number, value: number): void {
    if (select >= 0 && select < FEATURE_WINDOWS) this.words[select] = value >>> 0;
  }

  clear(): void {
    this.words.fill(0);
  }

  /** Bits of this set that are not in `other`, ascending. */
  minus(other: FeatureSet): number[] {
    const out: number[] = [];
    for (let w = 0; w < FEATURE_WINDOWS; w++) {
      const extra = (this.words[w] & ~other.words[w]) >>> 0;
      for (let b = 0; b < 32; b++) if ((extra >>> b) & 1) out.push(w * 32 + b);
    }
    return out;
  }

  bits(): number[] {
    return this.minus(new FeatureSet());
  }

  equals(other: FeatureSet): boolean {
    for (let w = 0; w < FEATURE_WINDOWS; w++) if (this.words[w] !== other.words[w]) return false;
    return true;
  }

  toString(): string {
    return this.bits().map(featureName).join('|') || '(none)';
  }
}

function checkBit(bit: number): void {
  if (!Number.isInteger(bit) || bit < 0 || bit >= FEATURE_BITS) {
    throw new RangeError(`feature bit = ${bit}: must be an integer 0..${FEATURE_BITS - 1}`);
  }
}

/**
 * One row of a feature dependency table: `feature` needs every bit of `allOf` and, if `anyOf`
 * is given, at least one of `anyOf`. `level` says whether the spec says MUST or SHOULD; both are
 * enforced here (for offering and at FEATURES_OK).
 */
export interface FeatureDependency {
  feature: number;
  allOf: readonly number[];
  anyOf?: readonly number[];
  level: 'MUST' | 'SHOULD';
}

/** virtio-net §5.1.3.1 "Feature bit requirements" plus the two SHOULD NOTs of §5.1.4.1. */
export const NET_FEATURE_DEPENDENCIES: readonly FeatureDependency[] = [
  { feature: VIRTIO_NET_F_GUEST_TSO4, allOf: [VIRTIO_NET_F_GUEST_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_TSO6, allOf: [VIRTIO_NET_F_GUEST_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_ECN, allOf: [], anyOf: [VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_UFO, allOf: [VIRTIO_NET_F_GUEST_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_USO4, allOf: [VIRTIO_NET_F_GUEST_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_USO6, allOf: [VIRTIO_NET_F_GUEST_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_HOST_TSO4, allOf: [VIRTIO_NET_F_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_HOST_TSO6, allOf: [VIRTIO_NET_F_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_HOST_ECN, allOf: [], anyOf: [VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6], level: 'MUST' },
  { feature: VIRTIO_NET_F_HOST_UFO, allOf: [VIRTIO_NET_F_CSUM], level: 'MUST' },
  { feature: VIRTIO_NET_F_HOST_USO, allOf: [VIRTIO_NET_F_CSUM], level: 'MUST' },
  {
    feature: VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO,
    allOf: [VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6, VIRTIO_NET_F_GUEST_USO4, VIRTIO_NET_F_GUEST_USO6],
    level: 'MUST',
  },
  { feature: VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM, allOf: [VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO], level: 'MUST' },
  {
    feature: VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO,
    allOf: [VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6, VIRTIO_NET_F_HOST_USO],
    level: 'MUST',
  },
  { feature: VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO_CSUM, allOf: [VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO], level: 'MUST' },
  { feature: VIRTIO_NET_F_CTRL_RX, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_CTRL_VLAN, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_GUEST_ANNOUNCE, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_MQ, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_CTRL_MAC_ADDR, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_NOTF_COAL, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_VQ_NOTF_COAL, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_RSS, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'MUST' },
  { feature: VIRTIO_NET_F_RSC_EXT, allOf: [], anyOf: [VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6], level: 'MUST' },
  {
    feature: VIRTIO_NET_F_HASH_TUNNEL,
    allOf: [VIRTIO_NET_F_CTRL_VQ],
    anyOf: [VIRTIO_NET_F_RSS, VIRTIO_NET_F_HASH_REPORT],
    level: 'MUST',
  },
  { feature: VIRTIO_NET_F_RSS_CONTEXT, allOf: [VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_RSS], level: 'MUST' },
  // §5.1.4.1: "SHOULD NOT offer ... if it does not offer VIRTIO_NET_F_CTRL_VQ".
  { feature: VIRTIO_NET_F_HASH_REPORT, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'SHOULD' },
  { feature: VIRTIO_NET_F_CTRL_RX_EXTRA, allOf: [VIRTIO_NET_F_CTRL_VQ], level: 'SHOULD' },
];

export interface DependencyViolation {
  feature: number;
  /** Human-readable requirement that is not met, e.g. "VIRTIO_NET_F_CTRL_VQ". */
  missing: string;
}

/** Every row of `table` whose feature is in `set` but whose requirement is not. */
export function dependencyViolations(
  set: FeatureSet,
  table: readonly FeatureDependency[] = NET_FEATURE_DEPENDENCIES,
): DependencyViolation[] {
  const out: DependencyViolation[] = [];
  for (const dep of table) {
    if (!set.has(dep.feature)) continue;
    const missingAll = dep.allOf.filter((b) => !set.has(b));
    const anyOk = dep.anyOf === undefined || dep.anyOf.some((b) => set.has(b));
    if (missingAll.length === 0 && anyOk) continue;
    const parts = missingAll.map(featureName);
    if (!anyOk) parts.push(`one of ${dep.anyOf!.map(featureName).join(' or ')}`);
    out.push({ feature: dep.feature, missing: parts.join(' and ') });
  }
  return out;
}

/**
 * Optional features the build may offer; each defaults as shown. Anything not listed here is
 * never offered: the model's datapath could not honour it (§6.3 "MUST NOT offer" what it cannot do).
 */
export const OPTIONAL_FEATURE_DEFAULTS = {
  VIRTIO_F_INDIRECT_DESC: true,
  VIRTIO_F_EVENT_IDX: true,
  VIRTIO_F_ACCESS_PLATFORM: true, // addresses are bus addresses (recommended for PCIe cards, §6.1)
  VIRTIO_F_ORDER_PLATFORM: true, // real hardware: driver must use platform barriers (§6.1)
  VIRTIO_F_IN_ORDER: false,
  VIRTIO_F_NOTIFICATION_DATA: false,
  VIRTIO_F_RING_RESET: true,
  VIRTIO_NET_F_CSUM: false,
  VIRTIO_NET_F_GUEST_CSUM: false,
  VIRTIO_NET_F_MTU: false,
  VIRTIO_NET_F_MAC: true,
  VIRTIO_NET_F_MRG_RXBUF: true,
  VIRTIO_NET_F_STATUS: true,
  VIRTIO_NET_F_CTRL_VQ: true,
  VIRTIO_NET_F_CTRL_RX: true,
  VIRTIO_NET_F_CTRL_VLAN: false,
  VIRTIO_NET_F_GUEST_ANNOUNCE: false,
  /** undefined = offered exactly when numQueuePairs > 1. */
  VIRTIO_NET_F_MQ: undefined as boolean | undefined,
  VIRTIO_NET_F_CTRL_MAC_ADDR: true,
  VIRTIO_NET_F_SPEED_DUPLEX: false,
} as const;

export type OptionalFeatureName = keyof typeof OPTIONAL_FEATURE_DEFAULTS;
export type FeatureOptions = Partial<Record<OptionalFeatureName, boolean>>;

const OPTIONAL_FEATURE_BITS: Record<OptionalFeatureName, number> = {
  VIRTIO_F_INDIRECT_DESC,
  VIRTIO_F_EVENT_IDX,
  VIRTIO_F_ACCESS_PLATFORM,
  VIRTIO_F_ORDER_PLATFORM,
  VIRTIO_F_IN_ORDER,
  VIRTIO_F_NOTIFICATION_DATA,
  VIRTIO_F_RING_RESET,
  VIRTIO_NET_F_CSUM,
  VIRTIO_NET_F_GUEST_CSUM,
  VIRTIO_NET_F_MTU,
  VIRTIO_NET_F_MAC,
  VIRTIO_NET_F_MRG_RXBUF,
  VIRTIO_NET_F_STATUS,
  VIRTIO_NET_F_CTRL_VQ,
  VIRTIO_NET_F_CTRL_RX,
  VIRTIO_NET_F_CTRL_VLAN,
  VIRTIO_NET_F_GUEST_ANNOUNCE,
  VIRTIO_NET_F_MQ,
  VIRTIO_NET_F_CTRL_MAC_ADDR,
  VIRTIO_NET_F_SPEED_DUPLEX,
};

/**
 * Features the driver must accept: VERSION_1 (modern-only device, §6.2 MAY refuse without it) and
 * RING_PACKED (this device implements packed virtqueues only, §2.8).
 */
export const MANDATORY_FEATURES: readonly number[] = [VIRTIO_F_VERSION_1, VIRTIO_F_RING_PACKED];

/**
 * The feature set this function offers: the mandatory bits plus the optional ones chosen by
 * `options` (defaults in OPTIONAL_FEATURE_DEFAULTS). Throws FeatureDependencyError if the result
 * offers a feature without what it requires (§5.1.3.1).
 */
export function buildOfferedFeatures(params: Pick<FunctionParams, 'numQueuePairs'>, options: FeatureOptions = {}): FeatureSet {
  const set = FeatureSet.of(MANDATORY_FEATURES);
  for (const name of Object.keys(OPTIONAL_FEATURE_BITS) as OptionalFeatureName[]) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      throw new VirtioParamError(`features.${name}`, options[name], 'must be true, false or undefined');
    }
    let on: boolean | undefined = options[name] ?? OPTIONAL_FEATURE_DEFAULTS[name];
    if (name === 'VIRTIO_NET_F_MQ' && on === undefined) on = params.numQueuePairs > 1;
    if (on) set.add(OPTIONAL_FEATURE_BITS[name]);
  }
  const bad = dependencyViolations(set);
  if (bad.length > 0) throw new FeatureDependencyError(featureName(bad[0].feature), bad[0].missing);
  // More than one queue pair is only reachable through MQ (§5.1.2: N = 1 unless MQ or RSS).
  if (params.numQueuePairs > 1 && !set.has(VIRTIO_NET_F_MQ)) {
    throw new FeatureDependencyError(`numQueuePairs=${params.numQueuePairs}`, 'VIRTIO_NET_F_MQ');
  }
  return set;
}

export type FeaturesOkRefusal = 'notOffered' | 'missingMandatory' | 'dependency';

/**
 * FEATURES_OK validation (§2.2.2, §3.1.1): the driver's set must be a subset of what was offered,
 * contain the mandatory bits, and satisfy every dependency. Returns null when acceptable.
 */
export function validateDriverFeatures(
  driver: FeatureSet,
  offered: FeatureSet,
): { reason: FeaturesOkRefusal; detail: string } | null {
  const extra = driver.minus(offered);
  if (extra.length > 0) return { reason: 'notOffered', detail: `driver accepted ${extra.map(featureName).join(', ')}, not offered` };
  const missing = MANDATORY_FEATURES.filter((b) => !driver.has(b));
  if (missing.length > 0) return { reason: 'missingMandatory', detail: `driver did not accept ${missing.map(featureName).join(', ')}` };
  const bad = dependencyViolations(driver);
  if (bad.length > 0) return { reason: 'dependency', detail: `${featureName(bad[0].feature)} requires ${bad[0].missing}` };
  return null;
}
