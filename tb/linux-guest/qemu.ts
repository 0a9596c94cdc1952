// QEMU for the Linux guest: TCG (no KVM needed), q35, the guest's RAM in a shared memfd (a
// vhost-user back-end maps it), one virtio-net-pci device with packed=on on a vhost-user netdev.
//
// QEMU 7.2 + vhost-user + MSI-X under TCG crashes, so the device has vectors=0: no MSI-X table,
// the driver falls back to INTx (virtio §4.1.5.1.2: no vectors, the ISR status register).
// -nodefaults leaves out QEMU's default NIC (user-mode networking would be a way off the box);
// the serial port is stdio, the only console.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { killOnExit } from '../../rtl-bridge/client/process.js';

export const QEMU = 'qemu-system-x86_64';

export function qemuAvailable(): boolean {
  const r = spawnSync(QEMU, ['--version'], { timeout: 10_000, stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

export interface QemuOptions {
  kernel: string;
  initrd: string;
  socketPath: string;
  mac: string;
  memoryMiB?: number;
  /** Extra kernel command line. */
  append?: string;
}

export function qemuArgs(o: QemuOptions): string[] {
  const mem = o.memoryMiB ?? 256;
  // quiet: only warnings and the init's lines; ipv6.disable=1: no router solicitations or
  // MLD reports, so every frame on the wire is one the test asked for; panic=-1 with
  // -no-reboot: a panic ends QEMU instead of hanging.
  const append = ['console=ttyS0', 'quiet', 'panic=-1', 'ipv6.disable=1', o.append ?? ''].join(' ').trim();
  return [
    '-accel', 'tcg', '-machine', 'q35', '-m', `${mem}`, '-smp', '1',
    '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot',
    '-kernel', o.kernel, '-initrd', o.initrd, '-append', append,
    '-object', `memory-backend-memfd,id=mem,size=${mem}M,share=on`, '-numa', 'node,memdev=mem',
    '-chardev', `socket,id=c0,path=${o.socketPath}`,
    '-netdev', 'vhost-user,id=n0,chardev=c0',
    '-device', `virtio-net-pci,netdev=n0,packed=on,mac=${o.mac},vectors=0`,
  ];
}

export interface QemuRun {
  /** Everything QEMU wrote to stdout (the serial console) and stderr. */
  console: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  elapsedMs: number;
}

/** A QEMU process with a bounded lifetime: killed at `timeoutMs`, or by `kill()`. */
export class QemuProcess {
  private proc: ChildProcess | null = null;
  private out = '';
  private err = '';
  private done: Promise<QemuRun> | null = null;

  get console(): string {
    return this.out;
  }

  start(o: QemuOptions, timeoutMs: number, onLine?: (line: string) => void): Promise<QemuRun> {
    const t0 = performance.now();
    const p = spawn(QEMU, qemuArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = p;
    let partial = '';
    p.stdout!.setEncoding('utf8').on('data', (s: string) => {
      this.out += s;
      if (!onLine) return;
      partial += s;
      const lines = partial.split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    });
    p.stderr!.setEncoding('utf8').on('data', (s: string) => (this.err += s));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, timeoutMs);
    killOnExit(p); // no orphan when the test process itself goes away first
    this.done = new Promise((resolve) => {
      const finish = (code: number | null, signal: string | null): void => {
        clearTimeout(timer);
        this.proc = null;
        resolve({ console: this.out, stderr: this.err, exitCode: code, signal, timedOut, elapsedMs: performance.now() - t0 });
      };
      p.once('exit', (code, signal) => finish(code, signal));
      p.once('error', (e) => {
        this.err += String(e);
        finish(null, null);
      });
    });
    return this.done;
  }

  /** Kill QEMU now (if running) and wait for it to be gone. */
  async kill(): Promise<void> {
    this.proc?.kill('SIGKILL');
    await this.done;
  }
}
