// Building (through make, cached) and spawning the Verilator server; no orphans left behind.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { SimulatorArgumentError, SimulatorError } from './errors.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuildOptions {
  /**
   * 'rtl' = rtl/virtio_net_pcie.sv, 'test' = rtl-bridge/test-dut (fixture), 'slowrd' = the
   * reference RTL with its DMA reads delayed (test-dut/slow_reads_dut.sv); default defaultTop().
   */
  top?: 'rtl' | 'test' | 'slowrd';
  /** TLP_DATA_WIDTH: 64 or 256 (the tested widths of docs/dut-interface.md). */
  width?: 64 | 256;
  /** Verilog `define names (NAME or NAME=VALUE), e.g. broken-RTL variants. */
  defines?: readonly string[];
  /** Wave capability: a `--trace` (vcd) or `--trace-fst` (fst) build. */
  trace?: false | 'vcd' | 'fst';
}

export class BuildFailed extends SimulatorError {
  constructor(readonly log: string) {
    super(`building the simulator failed:\n${log.split('\n').slice(-30).join('\n')}`);
  }
}

const DEFINE_RE = /^[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_]+)?$/;
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** The real top once rtl/virtio_net_pcie.sv exists, else the bridge's stand-in DUT. */
export function defaultTop(): 'rtl' | 'test' {
  return existsSync(path.join(REPO_ROOT, 'rtl', 'virtio_net_pcie.sv')) ? 'rtl' : 'test';
}

/** Runs `make bridge-server` under a lock (parallel test files share build dirs) and returns the binary. */
export async function buildServer(opts: BuildOptions = {}): Promise<string> {
  const width = opts.width ?? 64;
  if (width !== 64 && width !== 256) throw new SimulatorArgumentError('width', width, 'must be 64 or 256');
  for (const d of opts.defines ?? []) {
    if (!DEFINE_RE.test(d)) throw new SimulatorArgumentError('defines', d, 'must look like NAME or NAME=VALUE');
  }
  const args = [
    '-o', path.join(REPO_ROOT, 'rtl-bridge', 'build', '.lock'),
    'make', '-s', '-C', REPO_ROOT, 'bridge-server',
    `BRIDGE_TOP=${opts.top ?? defaultTop()}`, `BRIDGE_WIDTH=${width}`,
    `BRIDGE_DEFINES=${(opts.defines ?? []).join(' ')}`, `BRIDGE_TRACE=${opts.trace || ''}`,
  ];
  await mkdir(path.join(REPO_ROOT, 'rtl-bridge', 'build'), { recursive: true });
  return new Promise((resolve, reject) => {
    execFile('flock', args, { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const m = /^BRIDGE_BIN=(.+)$/m.exec(stdout);
      if (err || !m) reject(new BuildFailed(`${stdout}\n${stderr}\n${err ? String(err) : ''}`));
      else resolve(m[1].trim());
    });
  });
}

/** Children still alive; SIGKILLed when this process exits. The server also has PDEATHSIG. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Kills `child` (SIGKILL) if this Node process exits first, so no simulator or QEMU outlives the
 * test run. Used for every long-lived child the testbench spawns.
 */
export function killOnExit(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  const forget = (): void => void live.delete(child);
  child.once('exit', forget);
  child.once('error', forget);
}

/** utime + stime of a live process in seconds (Linux /proc, 100 ticks per second), NaN elsewhere. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may hold spaces): utime is field 14, stime 15 (proc(5)).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Keeps the last `n` lines a child wrote to stderr, for crash reports. */
export class StderrTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly n = 20) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((l) => l.length > 0));
    if (this.lines.length > this.n) this.lines.splice(0, this.lines.length - this.n);
  }
  get(): string[] {
    return this.partial ? [...this.lines, this.partial].slice(-this.n) : [...this.lines];
  }
}

export interface ServerProcess {
  child: ChildProcess;
  stderr: StderrTail;
  /** Resolves once the child has exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

export function spawnServer(bin: string, args: readonly string[]): ServerProcess {
  const child = spawn(bin, [...args, '--parent-pid', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = new StderrTail();
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => stderr.push(s));
  killOnExit(child);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (e) => {
      stderr.push(`spawn failed: ${e.message}\n`);
      resolve({ code: null, signal: 'SPAWN_ERROR' });
    });
  });
  return { child, stderr, exited };
}
