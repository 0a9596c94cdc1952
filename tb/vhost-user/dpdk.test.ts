// DPDK's virtio-user PMD (dpdk-testpmd, packed_vq=1) as the driver, the model's packed ring and
// net datapath as the device, over real shared memory. One testpmd run per case: 256 packets
// from testpmd to the model (8 x `start tx_first 1`: bursts of 32 from testpmd's txonly engine), then
// 300 frames from the model to testpmd (rxonly, verbose). queue_size 64, so both directions wrap
// the ring (and flip the wrap counters) several times.

import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackedVirtqueue } from '../../model/ring/packed.js';
import * as F from '../../model/virtio/features.js';
import { VhostUserServer } from './server.js';
import { Testpmd, testpmdAvailable, until } from './testpmd.js';
import { checkTxonlyFrame, makeRxFrame } from './frames.js';

const HAVE_TESTPMD = testpmdAvailable();
if (!HAVE_TESTPMD) {
  console.warn('\n!!!!!!!! tb/vhost-user: dpdk-testpmd NOT INSTALLED, DPDK tests SKIPPED !!!!!!!!\n' +
    '!!!!!!!! apt-get install dpdk-dev librte-net-virtio23 librte-mempool-ring23            !!!!!!!!\n');
}

const QUEUE_SIZE = 64;
const TX_BURSTS = 8; // testpmd bursts are 32 packets (default --burst)
const TX_COUNT = TX_BURSTS * 32;
const RX_COUNT = 300;

interface Outcome {
  problems: string[];
  server: VhostUserServer;
  output: string;
}

async function runScenario(inOrder: boolean, patchRing?: (r: PackedVirtqueue) => void): Promise<Outcome> {
  const WAIT_MS = patchRing ? 4000 : 15_000; // a planted bug stalls: do not wait long for it
  const socketPath = join(tmpdir(), `vhu-${process.pid}-${inOrder ? 'io' : 'ooo'}-${patchRing ? 'bug' : 'ok'}.sock`);
  const server = new VhostUserServer({ socketPath, patchRing });
  server.listen();
  const pmd = new Testpmd({ socketPath, inOrder, queueSize: QUEUE_SIZE });
  const problems: string[] = [];
  try {
    pmd.start();
    await server.waitConnected(30_000);
    await pmd.waitFor(/testpmd> /, 30_000);
    const portMac = pmd.output.match(/Port 0: ([0-9A-Fa-f:]{17})/)?.[1]?.toLowerCase() ?? '';
    pmd.send('set fwd rxonly');
    pmd.send('set verbose 1');
    // TX: testpmd -> model, one burst of 32 per start/stop so a burst never finds the ring full.
    let txPackets = 0;
    let txDropped = 0;
    for (let b = 1; b <= TX_BURSTS; b++) {
      pmd.send('start tx_first 1');
      const ok = await until(() => server.txFrames.length >= b * 32, WAIT_MS);
      const st = await pmd.stopForwarding();
      txPackets += st.txPackets;
      txDropped += st.txDropped;
      if (!ok) {
        problems.push(`TX: the model received ${server.txFrames.length} of ${TX_COUNT} frames sent by testpmd (ring stalled after burst ${b}?)`);
        break;
      }
    }
    const startAt = pmd.output.length;
    pmd.send('start');
    // Inject only once forwarding runs: `start` first flushes (frees) whatever waits in the RX ring.
    await pmd.waitFor(/Logical Core \d+ \(socket \d+\) forwards packets/, WAIT_MS, startAt);
    server.txFrames.forEach((f, i) => {
      const why = checkTxonlyFrame(f, portMac);
      if (why && problems.length < 20) problems.push(`TX frame ${i}: ${why}`);
    });
    // RX: model -> testpmd.
    const injected = Array.from({ length: RX_COUNT }, (_, i) => makeRxFrame(i, portMac));
    for (const f of injected) server.injectRx(f);
    if (!(await until(() => server.backend.stats.rxFrames === RX_COUNT, WAIT_MS))) {
      problems.push(`RX: the model delivered ${server.backend.stats.rxFrames} of ${RX_COUNT} frames to the driver (no RX buffers came back?)`);
    }
    const rxLine = /src=([0-9A-F:]{17}) - dst=([0-9A-F:]{17}) - pool=\S+ - type=(0x[0-9a-f]+) - length=(\d+)/g;
    await until(() => (pmd.output.slice(startAt).match(rxLine) ?? []).length >= RX_COUNT, 5000);
    const seen = [...pmd.output.slice(startAt).matchAll(rxLine)];
    if (seen.length !== RX_COUNT) problems.push(`RX: testpmd printed ${seen.length} received packets, expected ${RX_COUNT}`);
    seen.slice(0, RX_COUNT).forEach((m, i) => {
      const want = injected[i];
      const got = `${m[1]} ${m[2]} ${m[3]} ${m[4]}`.toLowerCase();
      const exp = `${mac(want, 6)} ${mac(want, 0)} 0x${((want[12] << 8) | want[13]).toString(16)} ${want.length}`;
      if (got !== exp && problems.length < 40) problems.push(`RX packet ${i}: testpmd saw "${got}", the model sent "${exp}"`);
    });
    const st = await pmd.stopForwarding();
    if (txPackets !== TX_COUNT || txDropped !== 0) problems.push(`testpmd TX-packets ${txPackets} (dropped ${txDropped}), expected ${TX_COUNT}`);
    if (txPackets !== server.txFrames.length) problems.push(`testpmd sent ${txPackets} but the model received ${server.txFrames.length}`);
    if (st.rxPackets !== RX_COUNT) problems.push(`testpmd RX-packets ${st.rxPackets}, expected ${RX_COUNT}`);
    if (server.ringErrors.length > 0) problems.push(`ring errors: ${server.ringErrors.join('; ')}`);
    return { problems, server, output: pmd.output };
  } finally {
    await pmd.stop();
    server.close();
  }
}

function mac(b: Uint8Array, o: number): string {
  return Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}

describe.skipIf(!HAVE_TESTPMD)('DPDK virtio-user (packed ring) against the model over vhost-user', () => {
  for (const inOrder of [false, true]) {
    it(`moves ${TX_COUNT} frames TX and ${RX_COUNT} frames RX with exact counts and contents, in_order=${inOrder ? 1 : 0}`, async () => {
      const r = await runScenario(inOrder);
      expect(r.problems, r.problems.join('\n')).toEqual([]);
      expect(r.server.hasFeature(F.VIRTIO_F_RING_PACKED)).toBe(true);
      expect(r.server.hasFeature(F.VIRTIO_F_IN_ORDER)).toBe(inOrder);
      // Both rings went round more than once: 256 TX and 300 RX buffers on 64-entry rings.
      expect(r.server.backend.stats.txFrames).toBe(TX_COUNT);
      expect(r.server.seen).toContain('VHOST_USER_SET_MEM_TABLE');
    }, 90_000);
  }

  it('catches a planted bug: used_wrap_counter never flipped (virtio §2.8.1)', async () => {
    // The bug lives in the ring instance only; model files are untouched.
    const plant = (ring: PackedVirtqueue): void => {
      const r = ring as unknown as { advanceUsed(n: number): void; nextUsed: number; queueSize: number };
      r.advanceUsed = function (this: typeof r, n: number): void {
        let next = this.nextUsed + n;
        if (next >= this.queueSize) next -= this.queueSize; // BUG: usedWrapCounter stays as it was
        this.nextUsed = next;
      };
    };
    const r = await runScenario(false, plant);
    console.info(`planted bug caught:\n  ${r.problems.slice(0, 4).join('\n  ')}`);
    // The driver stops seeing used descriptors after the first lap: both directions stall.
    expect(r.problems.length, 'the planted bug went unnoticed').toBeGreaterThan(0);
    expect(r.problems.join('\n')).toMatch(/TX: the model received \d+ of 256/);
    expect(r.problems.join('\n')).toMatch(/RX/);
  }, 90_000);
});
