// A Linux guest (Debian's kernel, busybox-static in an initramfs, QEMU TCG, virtio-net-pci
// packed=on, vectors=0) against the model over vhost-user: eth0 comes up, RING_PACKED is
// negotiated, and ICMP echo traffic flows both ways with exact counts on both sides.
// QEMU's rings are 256 entries, so 1000 + 40 round trips wrap each ring four times.

import { describe, expect, it } from 'vitest';
import type { PackedVirtqueue } from '../../model/ring/packed.js';
import * as F from '../../model/virtio/features.js';
import { DEFAULT_CONFIG, fetchGuestParts, runLinuxGuest } from './guest.js';
import { QEMU, qemuAvailable } from './qemu.js';

const HAVE_QEMU = qemuAvailable();
const fetched = HAVE_QEMU ? fetchGuestParts() : { unavailable: `${QEMU} not installed (Debian package qemu-system-x86)` };
const parts = 'parts' in fetched ? fetched.parts : null;
if (!parts) {
  const why = 'unavailable' in fetched ? fetched.unavailable : '';
  console.warn(`\n!!!!!!!! tb/linux-guest: Linux guest tests SKIPPED: ${why}\n` +
    '!!!!!!!! needs qemu-system-x86 and apt access to Debian (linux-image-amd64, busybox-static)\n');
}

describe.skipIf(!parts)('Linux guest (virtio_net, packed ring) on the model over vhost-user', () => {
  it('brings up eth0 with RING_PACKED and exchanges ARP + 1040 ICMP echoes with exact counts both ways', async () => {
    const r = await runLinuxGuest(parts!, { tag: 'ok', timeoutMs: 180_000 });
    const g = r.report;
    console.info(`linux guest (${parts!.kernelPackage}, ${(r.run.elapsedMs / 1000).toFixed(1)} s):\n  ${g.lines.join('\n  ')}\n` +
      `  model: TX ${r.server.txFrames.length} frames (${JSON.stringify(r.txByKind)}), RX delivered ${r.server.backend.stats.rxFrames} of ${r.injected} injected`);
    expect(r.problems, r.problems.join('\n')).toEqual([]);
    expect(r.moduleOrder.at(-1)).toBe('virtio_net');
    // virtio §6: bit 34 VIRTIO_F_RING_PACKED, bit 32 VIRTIO_F_VERSION_1, as the guest's driver sees them.
    expect(g.features[F.VIRTIO_F_RING_PACKED]).toBe('1');
    expect(g.features[F.VIRTIO_F_VERSION_1]).toBe('1');
    const echoes = DEFAULT_CONFIG.smallCount + DEFAULT_CONFIG.bigCount;
    expect(r.txByKind['icmp-echo-request']).toBe(echoes);
    // Each echo request and each ARP request got exactly one answer, and the guest counted all of them.
    expect(r.injected).toBe(echoes + r.txByKind['arp-request']);
    expect(g.after.tx_packets - g.before.tx_packets).toBe(r.server.txFrames.length);
    expect(g.after.rx_packets - g.before.rx_packets).toBe(r.injected);
  }, 200_000);

  it('catches a planted bug: used_wrap_counter never flipped (virtio §2.8.1) stalls the guest', async () => {
    // Same instance patch as tb/vhost-user's DPDK test; model files untouched.
    const plant = (ring: PackedVirtqueue): void => {
      const q = ring as unknown as { advanceUsed(n: number): void; nextUsed: number; queueSize: number };
      q.advanceUsed = function (this: typeof q, n: number): void {
        let next = this.nextUsed + n;
        if (next >= this.queueSize) next -= this.queueSize; // BUG: usedWrapCounter stays as it was
        this.nextUsed = next;
      };
    };
    const r = await runLinuxGuest(parts!, { tag: 'bug', timeoutMs: 180_000, patchRing: plant, config: { ...DEFAULT_CONFIG, deadline: 10 } });
    console.info(`planted bug caught:\n  ${r.problems.slice(0, 6).join('\n  ')}`);
    const all = r.problems.join('\n');
    expect(r.problems.length, 'the planted bug went unnoticed').toBeGreaterThan(0);
    // After one lap of the 256-entry rings the driver sees no more used descriptors.
    expect(all).toMatch(/ping small: \d+ of 1000 replies/);
    expect(r.report.ping.find((p) => p.name === 'small')!.received).toBeLessThan(256);
    expect(all).toMatch(/TX: the model received \d+ ICMP echo requests, the guest was to send 1040/);
  }, 200_000);
});
