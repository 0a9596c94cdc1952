// QEMU for a guest whose NIC is the DUT behind x-pci-proxy-dev: TCG, q35, RAM in a named
// /dev/shm file (share=on) that the remote reads and writes, the proxy's socket on the child's
// fd 3 (Node's stdio 'pipe' is a UNIX stream socket pair), qtest on a UNIX socket we listen on
// (interrupts, qtest.ts). Serial console on stdout. Bounded: SIGKILL at the deadline.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Duplex } from 'node:stream';
import { killOnExit } from '../../rtl-bridge/client/process.js';
import { QEMU } from '../linux-guest/qemu.js';

/** Why this QEMU cannot run the proxy (not installed, or built without multi-process support), or null. */
export function proxyUnavailable(): string | null {
  const r = spawnSync(QEMU, ['-device', 'help'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status !== 0) return `${QEMU} does not run (Debian package qemu-system-x86)`;
  if (!/"x-pci-proxy-dev"/.test(r.stdout + r.stderr)) return `${QEMU} has no x-pci-proxy-dev device (built without CONFIG_MULTIPROCESS)`;
  return null;
}

/** Where the guest's RAM file goes: /dev/shm (RAM) when there is one. */
export function ramDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export interface ProxyQemuOptions {
  kernel: string;
  initrd: string;
  ramFile: string;
  qtestPath: string;
  /** PCI slot of the proxy device on the root bus. */
  slot: number;
  append?: string;
  memoryMiB?: number;
}

export function proxyQemuArgs(o: ProxyQemuOptions): string[] {
  const mem = o.memoryMiB ?? 256; // below 4 GiB: the firmware keeps the 64-bit BARs there too
  const append = ['console=ttyS0', 'quiet', 'panic=-1', 'ipv6.disable=1', o.append ?? ''].join(' ').trim();
  return [
    '-accel', 'tcg', '-machine', 'q35', '-m', `${mem}`, '-smp', '1',
    '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot',
    '-kernel', o.kernel, '-initrd', o.initrd, '-append', append,
    '-object', `memory-backend-file,id=mem,size=${mem}M,mem-path=${o.ramFile},share=on`, '-numa', 'node,memdev=mem',
    '-qtest', `unix:${o.qtestPath}`, '-qtest-log', '/dev/null',
    '-device', `x-pci-proxy-dev,id=dut,addr=${o.slot.toString(16)}.0,fd=3`,
  ];
}

export interface ProxyQemuExit {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  elapsedMs: number;
  stderr: string;
}

export class ProxyQemu {
  readonly proc: ChildProcess;
  /** The proxy's socket (our end). */
  readonly link: Duplex;
  console = '';
  stderr = '';
  readonly done: Promise<ProxyQemuExit>;
  private timedOut = false;

  constructor(o: ProxyQemuOptions, timeoutMs: number, onLine?: (l: string) => void) {
    const t0 = performance.now();
    this.proc = spawn(QEMU, proxyQemuArgs(o), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    killOnExit(this.proc);
    this.link = this.proc.stdio[3] as Duplex;
    let partial = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (s: string) => {
      this.console += s;
      partial += s;
      const lines = partial.split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const l of lines) onLine?.(l);
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.proc.kill('SIGKILL');
    }, timeoutMs);
    this.done = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ exitCode: code, signal, timedOut: this.timedOut, elapsedMs: performance.now() - t0, stderr: this.stderr });
      });
      this.proc.once('error', (e) => {
        clearTimeout(timer);
        this.stderr += String(e);
        resolve({ exitCode: null, signal: null, timedOut: false, elapsedMs: performance.now() - t0, stderr: this.stderr });
      });
    });
  }

  async kill(): Promise<ProxyQemuExit> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    return this.done;
  }
}
