// The guest's initramfs, built at test time from the parts fetch.sh cached: busybox (as
// /bin/busybox; /init installs the applet links), the virtio-net modules in load order,
// /init (init.sh) and /etc/lg.conf. newc cpio (cpio.ts), gzip-compressed (the Debian kernel
// has CONFIG_RD_GZIP).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildNewcArchive, type CpioEntry } from './cpio.js';
import { loadOrder, moduleName, readModule, type KernelModule } from './modules.js';

/** The parts fetch.sh wrote to guest.env (paths relative to the repository root). */
export interface GuestParts {
  kernelPackage: string;
  kernel: string;
  kernelConfig: string;
  modules: string;
  busybox: string;
}

export class GuestPartsError extends Error {
  constructor(field: string, value: string, why: string) {
    super(`guest.env ${field} ${JSON.stringify(value)}: ${why}`);
    this.name = 'GuestPartsError';
  }
}

export function readGuestEnv(envFile: string, root: string): GuestParts {
  const kv = new Map<string, string>();
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv.set(m[1], m[2]);
  }
  const get = (k: string): string => {
    const v = kv.get(k);
    if (v === undefined) throw new GuestPartsError(k, '', 'missing');
    return k === 'KERNEL_PACKAGE' ? v : resolve(root, v); // fetch.sh writes absolute paths when given an absolute CACHE_DIR
  };
  return { kernelPackage: get('KERNEL_PACKAGE'), kernel: get('KERNEL'), kernelConfig: get('KERNEL_CONFIG'), modules: get('MODULES'), busybox: get('BUSYBOX') };
}

function findKo(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findKo(p, out);
    else if (name.endsWith('.ko')) out.push(p);
  }
  return out;
}

/** Modules the guest loads: virtio_pci and virtio_net plus what they depend on, minus built-ins. */
export function guestModules(parts: GuestParts): KernelModule[] {
  const builtin = new Set(
    readFileSync(join(parts.modules, 'modules.builtin'), 'utf8').split('\n').filter(Boolean).map(moduleName),
  );
  const available = findKo(join(parts.modules, 'kernel')).map(readModule);
  return loadOrder(available, ['virtio_pci', 'virtio_net'].filter((m) => !builtin.has(m)), builtin);
}

export interface GuestConfig {
  guestIp: string;
  peerIp: string;
  prefix: number;
  smallCount: number;
  bigCount: number;
  /** ICMP payload bytes of the big pings (1472 makes 1514-byte frames). */
  bigSize: number;
  /** Seconds each ping may run (busybox ping -w). */
  deadline: number;
}

export function buildInitramfs(parts: GuestParts, cfg: GuestConfig, initScript: string): { gz: Uint8Array; modules: KernelModule[] } {
  const modules = guestModules(parts);
  const conf = [
    `GUEST_IP=${cfg.guestIp}`, `PEER_IP=${cfg.peerIp}`, `PREFIX=${cfg.prefix}`, `SMALL_COUNT=${cfg.smallCount}`,
    `BIG_COUNT=${cfg.bigCount}`, `BIG_SIZE=${cfg.bigSize}`, `DEADLINE=${cfg.deadline}`, '',
  ].join('\n');
  const te = new TextEncoder();
  const entries: CpioEntry[] = [
    ...['bin', 'sbin', 'dev', 'etc', 'proc', 'sys', 'tmp', 'lib', 'lib/modules'].map((path): CpioEntry => ({ kind: 'dir', path })),
    { kind: 'chardev', path: 'dev/console', major: 5, minor: 1 }, // the kernel opens it for init's stdio
    { kind: 'file', path: 'bin/busybox', data: readFileSync(parts.busybox), mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'file', path: 'init', data: te.encode(initScript), mode: 0o755 },
    { kind: 'file', path: 'etc/lg.conf', data: te.encode(conf) },
    { kind: 'file', path: 'etc/modules.order', data: te.encode(modules.map((m) => m.name).join('\n') + '\n') },
    ...modules.map((m): CpioEntry => ({ kind: 'file', path: `lib/modules/${m.name}.ko`, data: readFileSync(m.file) })),
  ];
  return { gz: gzipSync(buildNewcArchive(entries), { level: 6 }), modules };
}
