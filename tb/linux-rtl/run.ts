// One live run: the Linux guest (tb/linux-guest's kernel, busybox initramfs and /init) under
// QEMU TCG with the DUT behind x-pci-proxy-dev, the remote (remote.ts) answering for it, the
// peer (tb/linux-guest/responder.ts) on the wire, interrupts through qtest. Everything started
// is stopped in `finally`; QEMU has a deadline.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, PEER_MAC, parseGuestLines, type GuestReport } from '../linux-guest/guest.js';
import { buildInitramfs, type GuestParts } from '../linux-guest/initramfs.js';
import { initScript, WORKLOADS, type Workload } from './workloads.js';
import type { FrameKind } from '../linux-guest/responder.js';
import { FilterPeer } from './peer.js';
import { ModelDut, RtlDut, type CompareLevel, type DutKind, type LinuxDut, type RtlDutOptions } from './backend.js';
import { GuestRam } from './guest-ram.js';
import { encodeRet, MpqemuDecoder, wantsReply } from './mpqemu.js';
import { QtestLink } from './qtest.js';
import { ProxyQemu, ramDir, type ProxyQemuExit } from './qemu-proxy.js';
import { Remote, type RemoteStats } from './remote.js';
import { writeRecord, type LinuxRecord } from './record.js';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * PCI slot of the DUT and the IOAPIC input its INTA reaches on q35 (the firmware's routing,
 * found by experiment; Linux leaves Interrupt Line as SeaBIOS wrote it, a legacy PIC number).
 */
export const DUT_SLOT = 1;
export const DUT_GSI = 21;

export interface LinuxRunOptions {
  tag: string;
  dut: DutKind;
  width: 64 | 256;
  defines: string[];
  /** A user's design (RtlDutOptions.design). */
  design?: RtlDutOptions['design'];
  /** The model's timing profile (RtlDutOptions.profile). */
  profile?: RtlDutOptions['profile'];
  compare: CompareLevel;
  workload?: Workload;
  append?: string;
  record?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Aborting kills QEMU; the run then ends as usual (everything stopped, files removed). */
  signal?: AbortSignal;
}

export interface LinuxRunResult {
  problems: string[];
  divergence: string | null;
  divergenceCycle: number | null;
  /** The access stream of this run (written to `record` when asked). */
  record: LinuxRecord;
  report: GuestReport;
  stats: RemoteStats;
  txByKind: Record<FrameKind, number>;
  dma: { reads: number; writes: number; readBytes: number; writeBytes: number };
  cycles: number;
  compared: number;
  hash: number;
  wallMs: number;
  /** Wall time spent answering the proxy's messages (device, lockstep, peer). */
  busyMs: number;
  guestSeconds: number;
  qemu: ProxyQemuExit;
  consolePath: string;
}

export async function runLinuxRtl(parts: GuestParts, o: LinuxRunOptions): Promise<LinuxRunResult> {
  const w = o.workload ?? WORKLOADS.smoke;
  const cfg = w.guest;
  const runDir = join(CACHE_DIR, 'rtl-runs', o.tag);
  mkdirSync(runDir, { recursive: true });
  const { gz } = buildInitramfs(parts, cfg, initScript(readFileSync(join(here, '..', 'linux-guest', 'init.sh'), 'utf8'), w));
  const initrd = join(runDir, 'initrd.gz');
  writeFileSync(initrd, gz);
  const ramFile = join(ramDir(), `virtio-cosim-linux-${process.pid}-${o.tag}`);
  // UNIX socket paths are short (108 bytes): the temp directory, not the run directory.
  const qtestPath = join(tmpdir(), `virtio-cosim-qtest-${process.pid}-${o.tag}.sock`);
  const t0 = performance.now();

  const ram = new GuestRam({ file: ramFile });
  const peer = new FilterPeer(PEER_MAC, cfg.peerIp);
  const txByKind: Record<FrameKind, number> = { 'arp-request': 0, 'icmp-echo-request': 0, other: 0 };
  const problems: string[] = [];
  let dut: LinuxDut | null = null;
  let qemu: ProxyQemu | null = null;
  const qtest = new QtestLink(qtestPath);
  let exit: ProxyQemuExit;
  let remote: Remote;
  try {
    dut = o.dut === 'rtl' ? await RtlDut.start(ram, { width: o.width, defines: o.defines, design: o.design, profile: o.profile, compare: o.compare }) : new ModelDut(ram);
    const r = new Remote(dut, ram, {
      msi: (a, d) => qtest.msi(a, d),
      intx: (level) => qtest.intx(DUT_GSI, level),
      onTxFrame: (f) => {
        const { c, frames } = peer.answer(f);
        txByKind[c.kind]++;
        if (c.problem && problems.length < 20) problems.push(`guest TX frame: ${c.problem}`);
        return frames;
      },
    }, DUT_SLOT);
    remote = r;
    qemu = new ProxyQemu({ kernel: parts.kernel, initrd, ramFile, qtestPath, slot: DUT_SLOT, append: o.append }, o.timeoutMs ?? 300_000, o.log);
    const q = qemu;
    const interrupt = (): void => {
      problems.push('interrupted');
      q.proc.kill('SIGKILL');
    };
    if (o.signal?.aborted) interrupt(); // Ctrl-C while the simulator was starting
    else o.signal?.addEventListener('abort', interrupt, { once: true });
    const decoder = new MpqemuDecoder();
    let linkError: string | null = null;
    q.link.on('data', (chunk: Buffer) => {
      if (linkError) return;
      try {
        for (const m of decoder.push(chunk)) {
          const ret = r.handle(m);
          if (wantsReply(m)) q.link.write(encodeRet(ret ?? 0n));
          if (dut!.divergence()) {
            linkError = 'divergence';
            q.proc.kill('SIGKILL');
            return;
          }
        }
      } catch (e) {
        linkError = `${(e as Error).name}: ${(e as Error).message}`;
        q.proc.kill('SIGKILL');
      }
    });
    q.link.on('error', () => undefined);
    await qtest.waitConnected(30_000).catch((e: Error) => {
      problems.push(e.message);
      q.proc.kill('SIGKILL');
    });
    exit = await q.done;
    if (linkError && linkError !== 'divergence') problems.push(`remote: ${linkError}`);
    if (dut instanceof RtlDut) dut.finish();
  } finally {
    await qemu?.kill();
    qtest.close();
    dut?.close();
    ram.close();
    rmSync(ramFile, { force: true });
  }
  const wallMs = performance.now() - t0;
  const consolePath = join(runDir, 'console.log');
  writeFileSync(consolePath, (qemu?.console ?? '') + (exit.stderr ? `\n--- stderr ---\n${exit.stderr}` : ''));
  const report = parseGuestLines(qemu?.console ?? '');
  const divergence = dut.divergence();
  if (!divergence && !o.signal?.aborted) checkGuest(report, exit, remote, peer, txByKind, problems);
  problems.push(...ram.outside.map((s) => `DUT: ${s}`));
  problems.push(...dut.rc.errors.slice(0, 10).map((e) => `host check: ${e.message}`));
  if (qtest.failures.length) problems.push(`qtest answered: ${qtest.failures.slice(0, 3).join('; ')}`);
  const uptime = /^uptime (\S+)/.exec(report.lines.find((l) => l.startsWith('uptime ')) ?? '');
  const record: LinuxRecord = {
    format: 'virtio-cosim-linux/1', dut: o.dut, width: o.width, defines: o.defines, compare: o.compare,
    messages: remote.log, reads: ram.reads, hash: remote.hash,
  };
  const result: LinuxRunResult = {
    problems, divergence, report, stats: remote.stats, txByKind, record,
    divergenceCycle: dut instanceof RtlDut ? dut.divergenceCycle : null,
    dma: { reads: ram.dmaReads, writes: ram.dmaWrites, readBytes: ram.dmaReadBytes, writeBytes: ram.dmaWriteBytes },
    cycles: dut.cycles(), compared: dut.compared(), hash: remote.hash, wallMs, busyMs: remote.busyMs, guestSeconds: uptime ? Number(uptime[1]) : 0,
    qemu: exit, consolePath,
  };
  if (o.record) writeRecord(o.record, record);
  return result;
}

function checkGuest(g: GuestReport, run: ProxyQemuExit, remote: Remote, peer: FilterPeer, tx: Record<FrameKind, number>, problems: string[]): void {
  const p = (s: string): void => void problems.push(s);
  if (run.timedOut) p(`QEMU killed after ${Math.round(run.elapsedMs / 1000)} s without powering off`);
  if (g.done !== 'ok') p(`guest did not finish: "done ${g.done}"`);
  for (const l of g.lines.filter((x) => x.startsWith('error '))) p(`guest: ${l}`);
  // virtio §6: bit 32 VIRTIO_F_VERSION_1, bit 34 VIRTIO_F_RING_PACKED.
  if (g.features[32] !== '1') p(`guest features "${g.features}": VIRTIO_F_VERSION_1 (bit 32) not negotiated`);
  if (g.features[34] !== '1') p(`guest features "${g.features}": VIRTIO_F_RING_PACKED (bit 34) not negotiated`);
  if (g.ping.length === 0) p('no ping result line');
  // Concurrent busybox pings (the burst workload) may send one or two requests past -c: any
  // reply wakes each of them. Every request is counted; each flow needs all its replies.
  for (const w of g.ping) {
    if (w.transmitted < w.count || w.received !== w.count) p(`ping ${w.name}: ${w.received} of ${w.count} replies (transmitted ${w.transmitted})`);
  }
  const echoes = g.ping.reduce((a, w) => a + Math.max(0, w.transmitted), 0);
  if (tx['icmp-echo-request'] !== echoes) p(`TX: the peer received ${tx['icmp-echo-request']} ICMP echo requests, the guest was to send ${echoes}`);
  if (tx.other !== 0) p(`TX: ${tx.other} frames that are neither ARP nor ICMP echo requests for the peer`);
  if (g.after.tx_packets === undefined) p('guest printed no "stats after" line');
  else {
    const gtx = g.after.tx_packets - (g.before.tx_packets ?? 0);
    const grx = g.after.rx_packets - (g.before.rx_packets ?? 0);
    if (gtx !== remote.stats.txFrames) p(`TX: the guest counted ${gtx} tx_packets, the device sent ${remote.stats.txFrames} frames`);
    // Strays the receive filter must drop never reach the driver (peer.ts).
    const want = remote.stats.rxFrames - peer.straysDropped;
    if (grx !== want) p(`RX: the guest counted ${grx} rx_packets, the peer sent ${remote.stats.rxFrames} frames of which ${peer.straysDropped} the device's filter must drop (${peer.straysDelivered} strays it must deliver)`);
    // virtio_net counts bytes of the Ethernet frame (no virtio-net header, no FCS).
    const gtxb = g.after.tx_bytes - (g.before.tx_bytes ?? 0);
    const grxb = g.after.rx_bytes - (g.before.rx_bytes ?? 0);
    if (gtxb !== remote.stats.txBytes) p(`TX: the guest counted ${gtxb} tx_bytes, the device sent ${remote.stats.txBytes} bytes`);
    const wantb = remote.stats.rxBytes - peer.straysDroppedBytes;
    if (grxb !== wantb) p(`RX: the guest counted ${grxb} rx_bytes, the device was to deliver ${wantb}`);
  }
}
