// Runs DPDK's dpdk-testpmd as a vhost-user front-end (virtio-user PMD, packed ring) against a
// VhostUserServer in this process. testpmd is driven interactively through stdin; every wait has a
// deadline, and stop() kills the process and removes its socket and runtime directory.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';

export const TESTPMD = 'dpdk-testpmd';

export function testpmdAvailable(): boolean {
  const r = spawnSync(TESTPMD, ['--version'], { timeout: 10_000, stdio: 'ignore' });
  return r.error === undefined;
}

export class TestpmdError extends Error {
  constructor(what: string, detail: string) {
    super(`testpmd ${what}: ${detail}`);
    this.name = 'TestpmdError';
  }
}

export interface TestpmdOptions {
  socketPath: string;
  /** virtio-user devargs (dpdk docs "Virtio-user"): packed_vq=1 always, in_order as given. */
  inOrder: boolean;
  /** Virtqueue size (devarg queue_size); small so a few hundred packets wrap the ring several times. */
  queueSize: number;
}

export interface PortStats {
  rxPackets: number;
  txPackets: number;
  txDropped: number;
}

export class Testpmd {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private out = '';
  private readonly prefix = `vhu${process.pid}_${Math.floor(performance.now())}`;

  constructor(private readonly opts: TestpmdOptions) {}

  /** Everything testpmd printed (stdout and stderr). */
  get output(): string {
    return this.out;
  }

  start(): void {
    const o = this.opts;
    const vdev = `net_virtio_user0,path=${o.socketPath},packed_vq=1,queues=1,in_order=${o.inOrder ? 1 : 0},queue_size=${o.queueSize}`;
    const args = ['-l', '0-1', '--no-huge', '-m', '256', '--no-pci', `--file-prefix=${this.prefix}`, `--vdev=${vdev}`,
      '--', '-i', '--nb-cores=1', '--total-num-mbufs=2048', `--txd=${o.queueSize}`, `--rxd=${o.queueSize}`];
    // stdout is a pipe, so testpmd's stdio would buffer whole blocks: unbuffer it (coreutils stdbuf).
    const p = spawn('stdbuf', ['-o0', '-e0', TESTPMD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    p.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (this.out += d.toString()));
    p.on('error', (e) => (this.out += `\n[spawn error] ${e.message}\n`));
    this.proc = p;
  }

  send(line: string): void {
    this.proc?.stdin.write(`${line}\n`);
  }

  /** Wait until the output (from `from` on) matches re; returns the match. */
  async waitFor(re: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = this.out.slice(from).match(re);
      if (m) return m;
      if (this.proc?.exitCode !== null && this.proc?.exitCode !== undefined) throw new TestpmdError('exited', `code ${this.proc.exitCode} before printing ${re}; last output:\n${this.out.slice(-2000)}`);
      if (performance.now() > deadline) throw new TestpmdError('timeout', `no ${re} within ${timeoutMs} ms; last output:\n${this.out.slice(-2000)}`);
      await sleep(50);
    }
  }

  /**
   * `stop` forwarding and return port 0's forward statistics for the run that just ended
   * (testpmd counts from each `start`).
   */
  async stopForwarding(timeoutMs = 10_000): Promise<PortStats> {
    const from = this.out.length;
    this.send('stop');
    const re = /Forward statistics for port 0\s*-+\s*RX-packets:\s+(\d+)[\s\S]*?TX-packets:\s+(\d+)\s+TX-dropped:\s+(\d+)[\s\S]*?Done\./;
    const m = await this.waitFor(re, timeoutMs, from);
    return { rxPackets: Number(m[1]), txPackets: Number(m[2]), txDropped: Number(m[3]) };
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (p && p.exitCode === null) {
      p.stdin.write('quit\n');
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      const t = setTimeout(() => p.kill('SIGKILL'), 3000);
      await Promise.race([exited, sleep(5000)]);
      clearTimeout(t);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
    rmSync(`/var/run/dpdk/${this.prefix}`, { recursive: true, force: true });
    rmSync(this.opts.socketPath, { force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll cond every 20 ms until true or the deadline; returns whether it became true. */
export async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
