// Before any traffic, the DUT is checked against the device description the model is built from:
//  1. the parameters its server reported in HELLO (widths, queue pairs, max queue size, MSI-X
//     vectors, tags: rtl-bridge/PROTOCOL.md) against the description, the run's width and the
//     timing profile's AXI-Stream width;
//  2. every DW of its type-0 config space as it reads after reset (IDs, BAR types, capability
//     chain and order, every capability's fields: notify_off_multiplier, MSI-X Table Size ...);
//  3. each BAR's size (all ones written, read back: PCI 3.0 §6.2.5.1);
//  4. through the BARs, once assigned and enabled: the offered features (every
//     device_feature_select window, virtio §4.1.4.3), num_queues, every queue's maximum
//     queue_size and queue_notify_off, and virtio_net_config (mac, status, max_virtqueue_pairs,
//     mtu: §5.1.4).
// A difference is one DeviceMismatchError naming the field, the DUT's value and the
// description's, not a divergence somewhere in the scenario. The check runs in its own reset
// epoch (the runner resets the DUT again before the scenario), so the scenario's cycles do not
// depend on it.
import { configRegisters, regKey } from '../../model/pci/regs.js';
import { layoutOf, type FunctionParams } from '../../model/pci/layout.js';
import type { VirtioOptions } from '../../model/virtio/regs.js';
import type { TimingProfile } from '../../model/timing/profile.js';
import { FEATURE_WINDOWS, featureName } from '../../model/virtio/features.js';
import { hex8 } from '../../model/util/hex.js';
import type { DutInfo } from '../../rtl-bridge/client/index.js';
import { COMMON, NET_CFG, type CommonField } from '../driver/layout.js';
import { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { Lockstep } from './lockstep.js';
import type { RtlSide } from './rtl-sync.js';

const hex = (v: number): string => `0x${v.toString(16)}`;

export class DeviceMismatchError extends Error {
  /**
   * `field` names what differs (a config register, a HELLO parameter, a virtio field); `detail`
   * says what the DUT has and what the description gives.
   */
  constructor(readonly field: string, readonly dut: number, readonly expected: number, description: string, detail: string) {
    super(`the DUT does not match the device description (${description}): ${detail}`);
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

/** The HELLO parameters against the description (params), the run's TLP width and the profile's AXI-Stream width. */
export function checkHello(hello: DutInfo, cfg: PreflightConfig): void {
  const want: Array<[keyof DutInfo, string, number, string]> = [
    ['tlpDataWidth', 'tlp_data_width', cfg.profile.widths.tlpDataBits, 'the run asks for (--width)'],
    ['axisDataWidth', 'axis_data_width', cfg.profile.widths.axisDataBits, 'the timing profile gives (widths.axisDataBits)'],
    ['numQueuePairs', 'num_queue_pairs', cfg.params.numQueuePairs, 'the description gives (queuePairs)'],
    ['maxQueueSize', 'max_queue_size', cfg.params.maxQueueSize, 'the description gives (maxQueueSize)'],
    ['msixVectors', 'msix_vectors', cfg.params.msixVectors, 'the description gives (msixVectors)'],
    ['tagCount', 'tag_count', cfg.params.tagCount, 'the description gives (tagCount)'],
  ];
  for (const [k, name, expected, whose] of want) {
    const got = hello[k] as number;
    if (got !== expected) throw new DeviceMismatchError(name, got, expected, cfg.description, `HELLO parameter ${name} is ${got}, ${whose} ${expected}`);
  }
}

/** Throws DeviceMismatchError at the first difference between the DUT and the description (header comment). */
export function preflight(rtl: RtlSide, cfg: PreflightConfig): void {
  if (rtl.hello) checkHello(rtl.hello, cfg);
  rtl.reset();
  const ls = new Lockstep(rtl, {
    lookahead: cfg.lookahead, timingTolerance: Number.MAX_SAFE_INTEGER, profile: cfg.profile,
    host: { completer: { seed: 1, latency: { min: cfg.lookahead, max: cfg.lookahead } } },
    model: { params: cfg.params, virtio: cfg.virtio }, requestTimeout: 20_000, continueAfterDivergence: true,
  }, (ev) => ev.channel);
  const driver = new VirtioNetDriver(ls, ls.guest, { seed: 1 });
  const model = ls.model.fn;
  // The model's registers are read directly, after both sides have taken every request so far
  // (a DUT may answer before the model has applied a write the profile says it takes later).
  const settled = <T>(read: () => T): T => {
    ls.run(64);
    return read();
  };
  const regs = configRegisters(cfg.params);
  for (let off = 0; off < 0x100; off += 4) {
    const got = driver.pci.cfgRead32(off) >>> 0;
    const want = model.config.cfgRead(off) >>> 0;
    if (got === want) continue;
    // Name the register holding the first differing byte.
    let byte = off;
    while (((got >>> (8 * (byte - off))) & 0xff) === ((want >>> (8 * (byte - off))) & 0xff)) byte++;
    const r = regs.find((x) => byte >= x.offset && byte < x.offset + x.width);
    if (!r) throw new DeviceMismatchError(`reserved DW ${hex8(off)}`, got, want, cfg.description, `config register (reserved DW ${hex8(off)}) at ${hex(off)} reads ${hex(got)}, the description gives ${hex(want)}`);
    const shift = 8 * (r.offset - off);
    const mask = r.width === 4 ? 0xffff_ffff : (1 << (8 * r.width)) - 1;
    const field = (v: number): number => (shift >= 0 ? (v >>> shift) & mask : v);
    throw new DeviceMismatchError(regKey(r), field(got), field(want), cfg.description, `config register ${regKey(r)} at ${hex(r.offset)} reads ${hex(field(got))}, the description gives ${hex(field(want))}`);
  }
  // BAR sizes: write all ones, read back (PCI 3.0 §6.2.5.1). The types were compared above.
  const bars = layoutOf(cfg.params).bars;
  for (let b = 0; b < 6; b++) {
    const reg = 0x10 + 4 * b;
    const key = b === bars.virtio.index ? 'bars.virtio' : b === bars.msix.index ? 'bars.msix' : 'no BAR described here';
    driver.pci.cfgWrite(reg, 0xffff_ffff, 4);
    const got = driver.pci.cfgRead32(reg) >>> 0;
    const want = settled(() => model.config.cfgRead(reg) >>> 0);
    if (got !== want) {
      throw new DeviceMismatchError(`BAR${b}`, got, want, cfg.description, `BAR${b} reads ${hex(got)} after all ones were written (${sizeText(got)}), the description gives ${hex(want)} (${sizeText(want)}: ${key})`);
    }
  }
  // Through the BARs (the driver assigns and enables them).
  driver.enumerate();
  const common = (f: CommonField, name: string, what = name): number => {
    const [off, size] = COMMON[f];
    const got = driver.readCommon(f);
    const want = settled(() => model.virtio.read('common', off, size as 1 | 2 | 4));
    if (got !== want) throw new DeviceMismatchError(name, got, want, cfg.description, `${what} reads ${got === (got >>> 0) && size === 4 ? hex(got) : got}, the description gives ${size === 4 ? hex(want) : want}`);
    return got;
  };
  for (let w = 0; w < FEATURE_WINDOWS; w++) {
    driver.writeCommon('device_feature_select', w);
    const [off] = COMMON.device_feature;
    const got = driver.readCommon('device_feature') >>> 0;
    const want = settled(() => model.virtio.read('common', off, 4) >>> 0);
    if (got !== want) {
      const names = [];
      for (let i = 0; i < 32; i++) if (((got ^ want) >>> i) & 1) names.push(`${featureName(32 * w + i)} ${(got >>> i) & 1 ? 'offered by the DUT only' : 'not offered by the DUT'}`);
      throw new DeviceMismatchError(`device_feature[${w}]`, got, want, cfg.description,
        `device_feature (select ${w}, feature bits ${32 * w}..${32 * w + 31}) reads ${hex(got)}, the description gives ${hex(want)} (features: ${names.join(', ')})`);
    }
  }
  const numQueues = common('num_queues', 'num_queues', 'common config num_queues (2 × queuePairs + control queue)');
  for (let q = 0; q < numQueues; q++) {
    driver.writeCommon('queue_select', q);
    common('queue_size', `queue_size[${q}]`, `queue ${q}'s maximum queue_size (maxQueueSize)`);
    common('queue_notify_off', `queue_notify_off[${q}]`, `queue ${q}'s queue_notify_off`);
  }
  // virtio_net_config (§5.1.4), byte by byte so a difference names its field.
  const dev = driver.barAddr('device');
  const fields: Array<[string, number, number]> = [['mac', NET_CFG.mac, 6], ['status', NET_CFG.status, 2], ['max_virtqueue_pairs', NET_CFG.max_virtqueue_pairs, 2], ['mtu', NET_CFG.mtu, 2]];
  for (const [name, off, len] of fields) {
    const got: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < len; i++) {
      got.push(driver.pci.memRead(dev + off + i, 1));
      want.push(settled(() => model.virtio.read('device', off + i, 1)));
    }
    if (got.some((v, i) => v !== want[i])) {
      const text = (b: number[]): string => (name === 'mac' ? b.map((x) => x.toString(16).padStart(2, '0')).join(':') : String(b[0]! | (b[1]! << 8)));
      const le = (b: number[]): number => b.reduceRight((a, x) => a * 256 + x, 0);
      throw new DeviceMismatchError(`virtio_net_config.${name}`, le(got), le(want), cfg.description, `virtio_net_config.${name} reads ${text(got)}, the description gives ${text(want)}`);
    }
  }
}

/** What a BAR reads after all ones were written: its size (PCI 3.0 §6.2.5.1), or unimplemented. */
function sizeText(v: number): string {
  if (v === 0) return 'not implemented';
  if ((v & 1) === 1) return 'an I/O BAR';
  const mask = (v & 0xffff_fff0) >>> 0;
  return mask === 0 ? 'the upper half of a 64-bit BAR or a BAR of 4 GiB or more' : `${0x1_0000_0000 - mask} bytes`;
}
