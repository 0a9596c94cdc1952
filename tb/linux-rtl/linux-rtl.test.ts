// A real Linux guest (Debian's kernel, busybox initramfs, QEMU TCG) drives the reference RTL
// behind x-pci-proxy-dev, with the model in lockstep: it binds virtio_pci/virtio_net, negotiates
// RING_PACKED and passes pings with exact counts, with MSI-X and with INTx; broken RTL variants
// diverge; a recorded run replays without QEMU to the same trace hash.
// Skipped, loudly, without qemu-system-x86 or the kernel (tb/linux-guest/fetch.sh).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchGuestParts } from '../linux-guest/guest.js';
import { proxyUnavailable } from './qemu-proxy.js';
import { readRecord } from './record.js';
import { replayLinux } from './replay.js';
import { runLinuxRtl, type LinuxRunResult } from './run.js';
import { WORKLOADS } from './workloads.js';

const noProxy = proxyUnavailable();
const fetched = noProxy === null ? fetchGuestParts() : { unavailable: noProxy };
const parts = 'parts' in fetched ? fetched.parts : null;
if (!parts) {
  const why = 'unavailable' in fetched ? fetched.unavailable : '';
  console.warn(`\n!!!!!!!! tb/linux-rtl: Linux-on-RTL tests SKIPPED: ${why}\n` +
    '!!!!!!!! needs qemu-system-x86 and apt access to Debian (linux-image-amd64, busybox-static)\n');
}

const dir = mkdtempSync(join(tmpdir(), 'linux-rtl-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function show(name: string, r: LinuxRunResult): void {
  const s = r.stats;
  console.info(`${name}: ${(r.wallMs / 1000).toFixed(1)} s wall, guest ${r.guestSeconds} s; cfg ${s.cfgReads}r/${s.cfgWrites}w, BAR ${s.barReads}r/${s.barWrites}w; ` +
    `DMA ${r.dma.reads}r/${r.dma.writes}w; frames TX ${s.txFrames} RX ${s.rxFrames}; MSI-X ${s.msix}, INTx edges ${s.intxEdges}; ` +
    `${r.cycles} cycles, ${r.compared} compared; hash 0x${r.hash.toString(16)}${r.problems.length ? `\n  ${r.problems.join('\n  ')}` : ''}`);
}


describe.skipIf(!parts)('Linux guest on the reference RTL (x-pci-proxy-dev), model in lockstep', () => {
  const record = join(dir, 'msix.rec.gz');
  let live: LinuxRunResult;

  it('MSI-X: probes, negotiates RING_PACKED, pings and control-queue commands with exact counts both ways, the model agreeing', async () => {
    live = await runLinuxRtl(parts!, { tag: 'test-msix', dut: 'rtl', width: 64, defines: [], compare: 'exact', workload: WORKLOADS.control, record, timeoutMs: 300_000 });
    show('msix', live);
    expect(live.divergence).toBeNull();
    expect(live.problems).toEqual([]);
    expect(live.report.features[34]).toBe('1'); // virtio §6: VIRTIO_F_RING_PACKED
    const pings = live.report.ping;
    expect(pings.map((p) => p.name)).toEqual(['small', 'big', 'promisc', 'nopromisc', 'mcast-joined', 'mcast-other', 'allmulti', 'newmac', 'mtu1000', 'relinked']);
    for (const p of pings) expect(p.received, `ping ${p.name}`).toBe(p.count);
    const echoes = pings.reduce((a, p) => a + p.count, 0);
    expect(live.txByKind['icmp-echo-request']).toBe(echoes);
    // Every guest frame was answered, plus one stray per filter ping (peer.ts, payloads 200..205 x 5):
    // 15 the receive filter must deliver, 15 it must drop.
    expect(live.stats.rxFrames).toBe(live.stats.txFrames + 30);
    expect(live.report.after.rx_packets - live.report.before.rx_packets).toBe(live.stats.txFrames + 15);
    expect(live.report.lines).toContain('mac 52:54:00:12:34:57'); // CTRL_MAC_ADDR_SET took
    expect(live.stats.msix).toBeGreaterThanOrEqual(echoes); // at least one interrupt per reply
    expect(live.stats.intxEdges).toBe(0);
    expect(live.compared).toBeGreaterThan(live.stats.cfgReads + live.stats.barReads); // every completion and DMA compared
  }, 400_000);

  it('a replay of the recorded run, without QEMU, gives the same trace hash', async () => {
    expect(live, 'the live run did not happen').toBeDefined();
    const r = await replayLinux(readRecord(record));
    console.info(`replay: ${(r.wallMs / 1000).toFixed(1)} s, hash 0x${r.hash.toString(16)} (live 0x${r.recordedHash.toString(16)})`);
    expect(r.departure).toBeNull();
    expect(r.divergence).toBeNull();
    expect(r.recordedHash).toBe(live.hash);
    expect(r.hash).toBe(live.hash);
    expect(r.stats).toEqual(live.stats);
    // The model alone answers the same stream the same way (the hash covers no cycle numbers).
    const m = await replayLinux(readRecord(record), { dut: 'model' });
    expect(m.departure).toBeNull();
    expect(m.hash).toBe(live.hash);
  }, 300_000);

  it('INTx (pci=nomsi): the same workload through the ISR status register and an IOAPIC pin', async () => {
    const r = await runLinuxRtl(parts!, { tag: 'test-intx', dut: 'rtl', width: 64, defines: [], compare: 'exact', workload: WORKLOADS.control, append: 'pci=nomsi', timeoutMs: 300_000 });
    show('intx', r);
    expect(r.divergence).toBeNull();
    expect(r.problems).toEqual([]);
    expect(r.report.ping.length).toBe(live?.report.ping.length ?? 10);
    for (const p of r.report.ping) expect(p.received, `ping ${p.name}`).toBe(p.count);
    expect(r.stats.msix).toBe(0);
    const echoes = r.report.ping.reduce((a, p) => a + p.count, 0);
    expect(r.stats.intxEdges).toBeGreaterThanOrEqual(2 * echoes); // raised and lowered per reply at least
  }, 400_000);

  it('BROKEN_WRAP_COUNTER diverges once the 256-entry rings wrap (virtio §2.8.1)', async () => {
    const r = await runLinuxRtl(parts!, { tag: 'test-wrap', dut: 'rtl', width: 64, defines: ['BROKEN_WRAP_COUNTER'], compare: 'exact', workload: WORKLOADS.ping, timeoutMs: 300_000 });
    show('BROKEN_WRAP_COUNTER', r);
    expect(r.divergence).toMatch(/^DIVERGENCE/);
    expect(r.stats.txFrames).toBeGreaterThanOrEqual(255); // agreement until the wrap
  }, 400_000);

  it('BROKEN_USED_FLAGS_FIRST (flags before id/len, virtio §2.8.6) diverges at the first used descriptor', async () => {
    const r = await runLinuxRtl(parts!, { tag: 'test-uff', dut: 'rtl', width: 64, defines: ['BROKEN_USED_FLAGS_FIRST'], compare: 'exact', workload: WORKLOADS.smoke, timeoutMs: 300_000 });
    show('BROKEN_USED_FLAGS_FIRST', r);
    expect(r.divergence).toMatch(/^DIVERGENCE/);
  }, 400_000);
});
