// A device description that does not match the DUT (the reference RTL, a real Verilator build)
// fails at start, before any traffic, with one line naming the field, the DUT's value and the
// description's: HELLO parameters, config space, BAR sizes, offered features, virtio_net_config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDescription } from '../../model/pci/description.js';
import reference from '../../model/pci/reference-device.json' with { type: 'json' };
import { buildServer } from '../../rtl-bridge/client/index.js';
import { FifoRtl } from './rtl-fifo.js';
import { runCosim } from './runner.js';
import { DeviceMismatchError } from './preflight.js';

let rtl: FifoRtl;
beforeAll(async () => {
  const bin = await buildServer({ top: 'rtl', width: 64, trace: false });
  rtl = new FifoRtl(bin, { width: 64, defines: [], trace: false });
}, 600_000);
afterAll(() => rtl?.close());

/** The reference description with one edit. */
function described(edit: (d: any) => void): ReturnType<typeof parseDescription> {
  const d = structuredClone(reference) as any;
  edit(d);
  return parseDescription(d);
}

async function startError(edit: (d: any) => void): Promise<DeviceMismatchError> {
  const run = runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl, device: described(edit), deviceFile: 'edited.json' });
  const e = await run.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(DeviceMismatchError);
  expect((e as Error).message).not.toContain('\n');
  return e as DeviceMismatchError;
}

describe('the DUT against its device description, at start', () => {
  it('HELLO: queue pairs, max queue size, MSI-X vectors named with both values', async () => {
    expect(rtl.hello.numQueuePairs).toBe(reference.queuePairs);
    const pairs = await startError((d) => { d.queuePairs = 2; });
    expect(pairs.message).toMatch(/\(edited\.json\): HELLO parameter num_queue_pairs is 1, the description gives \(queuePairs\) 2$/);
    expect([pairs.field, pairs.dut, pairs.expected]).toEqual(['num_queue_pairs', 1, 2]);
    expect((await startError((d) => { d.maxQueueSize = 512; })).message).toMatch(/HELLO parameter max_queue_size is 256, the description gives \(maxQueueSize\) 512$/);
    expect((await startError((d) => { d.msixVectors = 8; })).field).toBe('msix_vectors');
  }, 300_000);

  it('config space, BAR size, features and virtio_net_config named by field', async () => {
    expect((await startError((d) => { d.identity.subsystemId = '0x1234'; })).message).toMatch(/config register Subsystem ID at 0x2e reads 0x1100, the description gives 0x1234$/);
    expect((await startError((d) => { d.notifyOffMultiplier = 8; })).message).toMatch(/config register .*[Mm]ultiplier.* reads 0x4, the description gives 0x8$/);
    const bar = await startError((d) => { d.bars.virtio.size = '0x8000'; });
    expect(bar.field).toBe('BAR0');
    expect(bar.message).toMatch(/BAR0 reads 0xffffc004 after all ones were written \(16384 bytes\), the description gives 0xffff8004 \(32768 bytes: bars\.virtio\)$/);
    const feat = await startError((d) => { d.features.VIRTIO_NET_F_MTU = true; d.mtu = 9000; });
    expect(feat.field).toMatch(/^device_feature\[0\]$/);
    expect(feat.message).toMatch(/features: VIRTIO_NET_F_MTU not offered by the DUT\)$/);
    const mac = await startError((d) => { d.mac = '02:00:00:00:00:07'; });
    expect(mac.message).toMatch(/virtio_net_config\.mac reads 52:54:00:12:34:56, the description gives 02:00:00:00:00:07$/);
  }, 300_000);

  it('the matching description passes and the run agrees', async () => {
    const r = await runCosim({ scenario: 'tx', seed: 1, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl, device: described(() => {}) });
    expect(r.ok).toBe(true);
  }, 300_000);
});
