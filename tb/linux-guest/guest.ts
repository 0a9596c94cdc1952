// One Linux guest run against the model: fetch the parts (fetch.sh), build the initramfs, start
// the model's vhost-user server with a Peer (responder.ts) answering the guest's ARP and ICMP
// echo requests through the model's RX path, boot QEMU, read the guest's "LGUEST" console
// lines, and compare what the guest counted with what the model counted.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackedVirtqueue } from '../../model/ring/packed.js';
import * as F from '../../model/virtio/features.js';
import { VhostUserServer } from '../vhost-user/server.js';
import { buildInitramfs, readGuestEnv, type GuestConfig, type GuestParts } from './initramfs.js';
import { QemuProcess, type QemuRun } from './qemu.js';
import { Peer, type FrameKind } from './responder.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const CACHE_DIR = join(REPO_ROOT, 'build', 'linux-guest');

export const GUEST_MAC = '52:54:00:12:34:56';
/** Locally administered (IEEE 802 U/L bit set), so it can be no real NIC's. */
export const PEER_MAC = '02:00:00:00:00:01';

/**
 * Addresses from 198.18.0.0/15 (RFC 2544 benchmarking). They only exist on the virtual wire
 * between the guest and this process: nothing reaches a host interface.
 */
export const DEFAULT_CONFIG: GuestConfig = {
  guestIp: '198.18.0.2', peerIp: '198.18.0.1', prefix: 24,
  smallCount: 1000, bigCount: 40, bigSize: 1472, deadline: 60,
};

/** Runs fetch.sh (bounded); the parts, or why they cannot be had here. */
export function fetchGuestParts(): { parts: GuestParts } | { unavailable: string } {
  const r = spawnSync('bash', [join(here, 'fetch.sh'), CACHE_DIR], { encoding: 'utf8', timeout: 300_000 });
  if (r.error) return { unavailable: `fetch.sh did not run: ${r.error.message}` };
  if (r.status !== 0) return { unavailable: `fetch.sh exited ${r.status}: ${r.stderr.trim()}` };
  return { parts: readGuestEnv(r.stdout.trim().split('\n').pop() ?? '', REPO_ROOT) };
}

export interface GuestReport {
  /** LGUEST lines, key -> rest of the line (the last one wins for repeated keys except ping). */
  lines: string[];
  features: string;
  ping: { name: string; count: number; transmitted: number; received: number }[];
  before: Record<string, number>;
  after: Record<string, number>;
  done: string;
}

export function parseGuestLines(consoleText: string): GuestReport {
  const lines = consoleText.split(/\r?\n/).filter((l) => l.startsWith('LGUEST ')).map((l) => l.slice(7).trim());
  const rest = (key: string): string => lines.filter((l) => l.startsWith(`${key} `) || l === key).pop()?.slice(key.length).trim() ?? '';
  const kv = (s: string): Record<string, number> => Object.fromEntries([...s.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const ping = lines.filter((l) => l.startsWith('ping ')).map((l) => {
    const m = /^ping (\S+) count=(\d+).*?(\d+) packets transmitted, (\d+) packets received/.exec(l);
    return m ? { name: m[1], count: Number(m[2]), transmitted: Number(m[3]), received: Number(m[4]) } : { name: l.split(' ')[1] ?? '?', count: -1, transmitted: -1, received: -1 };
  });
  const stats = (which: string): Record<string, number> => kv(lines.filter((l) => l.startsWith(`stats ${which} `)).pop() ?? '');
  return { lines, features: rest('features'), ping, before: stats('before'), after: stats('after'), done: rest('done') };
}

export interface GuestOutcome {
  problems: string[];
  report: GuestReport;
  run: QemuRun;
  server: VhostUserServer;
  /** Frames the model transmitted (the guest's TX), by kind. */
  txByKind: Record<FrameKind, number>;
  /** Replies injected into the model's RX path. */
  injected: number;
  moduleOrder: string[];
}

export interface GuestRunOptions {
  tag: string;
  config?: GuestConfig;
  patchRing?: (ring: PackedVirtqueue) => void;
  /** QEMU is killed after this long. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export async function runLinuxGuest(parts: GuestParts, o: GuestRunOptions): Promise<GuestOutcome> {
  const cfg = o.config ?? DEFAULT_CONFIG;
  const runDir = join(CACHE_DIR, 'runs', o.tag);
  mkdirSync(runDir, { recursive: true });
  const { gz, modules } = buildInitramfs(parts, cfg, readFileSync(join(here, 'init.sh'), 'utf8'));
  const initrd = join(runDir, 'initrd.gz');
  writeFileSync(initrd, gz);

  const peer = new Peer(PEER_MAC, cfg.peerIp);
  const txByKind: Record<FrameKind, number> = { 'arp-request': 0, 'icmp-echo-request': 0, other: 0 };
  const problems: string[] = [];
  let injected = 0;
  const socketPath = join(tmpdir(), `lguest-${process.pid}-${o.tag}.sock`);
  const server = new VhostUserServer({
    socketPath,
    patchRing: o.patchRing,
    onTxFrame: (frame) => {
      const c = peer.classify(frame);
      txByKind[c.kind]++;
      if (c.problem && problems.length < 20) problems.push(`guest TX frame ${server.txFrames.length - 1}: ${c.problem}`);
      if (c.reply) {
        injected++;
        const reply = c.reply;
        setImmediate(() => server.injectRx(reply)); // the peer answers after the frame is out
      }
    },
  });
  server.listen();
  const qemu = new QemuProcess();
  let run: QemuRun;
  try {
    run = await qemu.start({ kernel: parts.kernel, initrd, socketPath, mac: GUEST_MAC }, o.timeoutMs ?? 180_000, (l) => o.log?.(l));
    await new Promise((r) => setImmediate(r)); // let the last injected replies settle
  } finally {
    await qemu.kill();
    server.close();
    rmSync(socketPath, { force: true });
  }
  writeFileSync(join(runDir, 'console.log'), run.console + (run.stderr ? `\n--- stderr ---\n${run.stderr}` : ''));

  const report = parseGuestLines(run.console);
  checkOutcome(cfg, report, run, server, txByKind, injected, problems);
  return { problems, report, run, server, txByKind, injected, moduleOrder: modules.map((m) => m.name) };
}

function checkOutcome(cfg: GuestConfig, g: GuestReport, run: QemuRun, server: VhostUserServer, tx: Record<FrameKind, number>, injected: number, problems: string[]): void {
  const p = (s: string): void => void problems.push(s);
  if (run.timedOut) p(`QEMU killed after ${Math.round(run.elapsedMs / 1000)} s without powering off`);
  if (g.done !== 'ok') p(`guest did not finish: "done ${g.done}" (console in build/linux-guest/runs/)`);
  for (const l of g.lines.filter((x) => x.startsWith('error '))) p(`guest: ${l}`);
  // virtio §6: bit 32 VIRTIO_F_VERSION_1, bit 34 VIRTIO_F_RING_PACKED.
  if (g.features[F.VIRTIO_F_VERSION_1] !== '1') p(`guest features "${g.features}": VIRTIO_F_VERSION_1 (bit 32) not negotiated`);
  if (g.features[F.VIRTIO_F_RING_PACKED] !== '1') p(`guest features "${g.features}": VIRTIO_F_RING_PACKED (bit 34) not negotiated`);
  if (!server.hasFeature(F.VIRTIO_F_RING_PACKED)) p('the model was not told RING_PACKED (SET_FEATURES)');
  const want = [{ name: 'small', count: cfg.smallCount }, { name: 'big', count: cfg.bigCount }];
  for (const w of want) {
    const got = g.ping.find((x) => x.name === w.name);
    if (!got) p(`ping ${w.name}: no result line`);
    else if (got.transmitted !== w.count || got.received !== w.count) p(`ping ${w.name}: ${got.received} of ${w.count} replies (transmitted ${got.transmitted})`);
  }
  const echoes = cfg.smallCount + cfg.bigCount;
  if (tx['icmp-echo-request'] !== echoes) p(`TX: the model received ${tx['icmp-echo-request']} ICMP echo requests, the guest was to send ${echoes}`);
  if (tx['arp-request'] < 1) p('TX: the model received no ARP request for the peer');
  if (tx.other !== 0) p(`TX: ${tx.other} frames that are neither ARP nor ICMP echo requests for the peer`);
  const stats = server.backend.stats;
  if (stats.rxFrames !== injected) p(`RX: the model delivered ${stats.rxFrames} of ${injected} reply frames to the guest (${server.backend.rxPending} still waiting for buffers)`);
  if (g.after.tx_packets === undefined || g.after.rx_packets === undefined) p('guest printed no "stats after" line');
  else {
    // Nothing is on the wire before "stats before" (IPv6 off, static IPv4 sends no probes).
    const gtx = g.after.tx_packets - (g.before.tx_packets ?? 0);
    const grx = g.after.rx_packets - (g.before.rx_packets ?? 0);
    if (gtx !== server.txFrames.length) p(`TX: the guest counted ${gtx} tx_packets, the model received ${server.txFrames.length} frames`);
    if (grx !== stats.rxFrames) p(`RX: the guest counted ${grx} rx_packets, the model delivered ${stats.rxFrames} frames`);
  }
  if (server.ringErrors.length > 0) p(`ring errors: ${server.ringErrors.join('; ')}`);
}
