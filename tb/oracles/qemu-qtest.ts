// A QEMU process driven through the qtest text protocol (QEMU's qtest.c): one command line out,
// one answer line back ("OK [value]", "FAIL reason" or "ERR reason"). Asynchronous lines that
// start with "IRQ " (after irq_intercept_in/out) may arrive at any time; they are collected in
// `irqLines` and never taken as an answer.
//
// Rules: every command has a bounded wait (QtestTimeoutError names the command); QEMU is killed
// on close(), on any protocol error, and when this Node process exits, so no QEMU outlives us.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesHex } from '../../model/util/hex.js';
import { killOnExit } from '../../rtl-bridge/client/process.js';

export class QtestError extends Error {
  constructor(readonly command: string, message: string) {
    super(`qtest: command '${command}': ${message}`);
    this.name = 'QtestError';
  }
}

export class QtestTimeoutError extends QtestError {
  constructor(command: string, ms: number) {
    super(command, `no answer within ${ms} ms`);
    this.name = 'QtestTimeoutError';
  }
}

export const QEMU_BINARY = 'qemu-system-x86_64';

/** True if the QEMU binary can be started (used to skip the suite loudly when it is missing). */
export function qemuAvailable(binary = QEMU_BINARY): boolean {
  const r = spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

export interface QemuOptions {
  binary?: string;
  /** PCI slot of the virtio-net-pci function on pcie.0 (device number). */
  slot?: number;
  /** Extra -device virtio-net-pci properties, e.g. ['mq=off']. */
  deviceProps?: string[];
  /** Per-command answer bound. */
  timeoutMs?: number;
  /** Bound for QEMU to answer its first command after spawn. */
  startTimeoutMs?: number;
}

interface Waiter {
  command: string;
  resolve: (line: string) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class QtestClient {
  /** Asynchronous "IRQ raise N" / "IRQ lower N" lines seen so far. */
  readonly irqLines: string[] = [];
  private proc: ChildProcess | null = null;
  private buf = '';
  private waiters: Waiter[] = [];
  private stderr = '';
  private dir: string;
  private dead: Error | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  readonly timeoutMs: number;

  private constructor(readonly opts: QemuOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.dir = mkdtempSync(join(tmpdir(), 'virtio-cosim-qtest-'));
  }

  /** Spawn QEMU with a 64 KiB BIOS of hlt bytes (0xF4) and check it answers. */
  static async start(opts: QemuOptions = {}): Promise<QtestClient> {
    const c = new QtestClient(opts);
    try {
      c.spawn();
      await c.command('outl 0xcf8 0x80000000', opts.startTimeoutMs ?? 30_000);
    } catch (e) {
      c.close();
      throw e;
    }
    return c;
  }

  private spawn(): void {
    const bios = join(this.dir, 'hlt.bin');
    writeFileSync(bios, new Uint8Array(0x10000).fill(0xf4));
    const slot = this.opts.slot ?? 4;
    const dev = ['virtio-net-pci', 'netdev=n0', 'packed=on', 'disable-legacy=on', 'romfile=', `addr=0x${slot.toString(16)}`, ...(this.opts.deviceProps ?? [])];
    const args = [
      '-machine', 'q35', '-accel', 'tcg', '-nodefaults', '-nographic', '-display', 'none',
      '-qtest', 'stdio', '-qtest-log', '/dev/null', '-bios', bios,
      '-netdev', 'user,id=n0,restrict=on', '-device', dev.join(','),
    ];
    const p = spawn(this.opts.binary ?? QEMU_BINARY, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc = p;
    killOnExit(p);
    p.stdout!.setEncoding('utf8');
    p.stdout!.on('data', (d: string) => this.onData(d));
    p.stderr!.setEncoding('utf8');
    p.stderr!.on('data', (d: string) => {
      if (this.stderr.length < 4096) this.stderr += d;
    });
    p.on('error', (e) => this.fail(new QtestError('(spawn)', e.message)));
    p.on('exit', (code, sig) => {
      this.fail(new QtestError('(process)', `QEMU exited (code ${code}, signal ${sig}): ${this.stderr.trim()}`));
    });
    // EPIPE here means QEMU is going away: its 'exit' (or the command's timeout) reports it.
    p.stdin!.on('error', (e) => {
      if (this.stderr.length < 4096) this.stderr += `[stdin: ${e.message}]`;
    });
  }

  private onData(d: string): void {
    this.buf += d;
    for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (line === '') continue;
      if (line.startsWith('IRQ ')) {
        this.irqLines.push(line);
        continue;
      }
      const w = this.waiters.shift();
      if (!w) {
        this.fail(new QtestError('(none)', `unexpected line '${line}'`));
        return;
      }
      clearTimeout(w.timer);
      if (line.startsWith('OK')) w.resolve(line.slice(2).trim());
      else w.reject(new QtestError(w.command, `answered '${line}'`));
    }
  }

  private fail(e: Error): void {
    if (!this.dead) this.dead = e;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.kill();
  }

  /** Send one command; resolves with the text after "OK". Commands are serialised. */
  command(cmd: string, timeoutMs = this.timeoutMs): Promise<string> {
    const run = (): Promise<string> =>
      new Promise<string>((resolve, reject) => {
        if (this.dead) return reject(this.dead);
        const p = this.proc;
        if (!p || !p.stdin || p.stdin.destroyed) return reject(new QtestError(cmd, 'QEMU is not running'));
        const timer = setTimeout(() => {
          const e = new QtestTimeoutError(cmd, timeoutMs);
          this.fail(e);
          reject(e);
        }, timeoutMs);
        this.waiters.push({ command: cmd, resolve, reject, timer });
        p.stdin.write(cmd + '\n');
      });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async value(cmd: string): Promise<number> {
    const v = await this.command(cmd);
    const n = Number.parseInt(v, 16);
    if (!/^0x[0-9a-f]+$/i.test(v) || !Number.isFinite(n)) throw new QtestError(cmd, `answer '${v}' is not a hex value`);
    return n;
  }

  // Port I/O and memory (values below 2^32; addresses below 2^53).
  outb(port: number, v: number): Promise<string> { return this.command(`outb 0x${port.toString(16)} 0x${v.toString(16)}`); }
  outw(port: number, v: number): Promise<string> { return this.command(`outw 0x${port.toString(16)} 0x${v.toString(16)}`); }
  outl(port: number, v: number): Promise<string> { return this.command(`outl 0x${port.toString(16)} 0x${(v >>> 0).toString(16)}`); }
  inb(port: number): Promise<number> { return this.value(`inb 0x${port.toString(16)}`); }
  inw(port: number): Promise<number> { return this.value(`inw 0x${port.toString(16)}`); }
  inl(port: number): Promise<number> { return this.value(`inl 0x${port.toString(16)}`); }

  /** readb/readw/readl at `addr` (size 1, 2 or 4). */
  read(addr: number, size: 1 | 2 | 4): Promise<number> {
    const op = size === 1 ? 'readb' : size === 2 ? 'readw' : 'readl';
    return this.value(`${op} 0x${addr.toString(16)}`);
  }

  write(addr: number, size: 1 | 2 | 4, v: number): Promise<string> {
    const op = size === 1 ? 'writeb' : size === 2 ? 'writew' : 'writel';
    return this.command(`${op} 0x${addr.toString(16)} 0x${(v >>> 0).toString(16)}`);
  }

  /** `read ADDR SIZE`: raw bytes. */
  async readBytes(addr: number, len: number): Promise<Uint8Array> {
    const cmd = `read 0x${addr.toString(16)} 0x${len.toString(16)}`;
    const v = await this.command(cmd);
    const hex = v.startsWith('0x') ? v.slice(2) : v;
    if (hex.length !== len * 2) throw new QtestError(cmd, `answer has ${hex.length / 2} bytes, want ${len}`);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }

  /** `write ADDR SIZE 0xHEX`: raw bytes. */
  writeBytes(addr: number, bytes: Uint8Array): Promise<string> {
    return this.command(`write 0x${addr.toString(16)} 0x${bytes.length.toString(16)} 0x${bytesHex(bytes)}`);
  }

  memset(addr: number, len: number, value: number): Promise<string> {
    return this.command(`memset 0x${addr.toString(16)} 0x${len.toString(16)} 0x${(value & 0xff).toString(16)}`);
  }

  get running(): boolean {
    return this.proc !== null && !this.dead;
  }

  private kill(): void {
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }

  /** Kill QEMU and remove the temp dir. Safe to call twice. */
  close(): void {
    if (!this.dead) this.dead = new QtestError('(closed)', 'client closed');
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.dead);
    }
    this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
