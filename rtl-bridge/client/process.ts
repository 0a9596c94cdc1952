// Building (through make, cached) and spawning the Verilator server; no orphans left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { accessSync, constants as fsConstants, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SimulatorArgumentError, SimulatorSpawnFailed } from './errors.js';
import { buildDut, REFERENCE_DUT, slowReadsDut, TEST_DUT, type DutSpec } from './dut-build.js';

export { BuildFailed } from './dut-build.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuildOptions {
  /**
   * 'rtl' = the reference RTL (rtl/), 'test' = rtl-bridge/test-dut (fixture), 'slowrd' = the
   * reference RTL with its DMA reads delayed (test-dut/slow_reads_dut.sv); default defaultTop().
   * Ignored when `dut` is given.
   */
  top?: 'rtl' | 'test' | 'slowrd';
  /** A user's design: top module, sources, include folders, parameters (dut-build.ts). */
  dut?: Pick<DutSpec, 'top' | 'rtl' | 'incdirs' | 'params'>;
  /** TLP_DATA_WIDTH: 64 or 256 (the tested widths of docs/dut-interface.md). */
  width?: 64 | 256;
  /** Verilog `define names (NAME or NAME=VALUE), e.g. broken-RTL variants. */
  defines?: readonly string[];
  /** Wave capability: a `--trace` (vcd) or `--trace-fst` (fst) build. */
  trace?: false | 'vcd' | 'fst';
  /** Public access to every internal signal (--public-flat-rw): the signal-level test API's build. */
  signals?: boolean;
  /** A line/toggle coverage build (Verilator --coverage); the server writes $VIRTIO_COSIM_COVERAGE_DAT (default coverage.dat) at exit. */
  coverage?: boolean;
}

/** The real top once rtl/virtio_net_pcie.sv exists, else the bridge's stand-in DUT. */
export function defaultTop(): 'rtl' | 'test' {
  return existsSync(path.join(REPO_ROOT, 'rtl', 'virtio_net_pcie.sv')) ? 'rtl' : 'test';
}

/** The DUT a BuildOptions names: the user's, or the reference RTL / test DUT by the same path. */
export function dutSpecOf(opts: BuildOptions): DutSpec {
  const width = opts.width ?? 64;
  if (width !== 64 && width !== 256) throw new SimulatorArgumentError('width', width, 'must be 64 or 256');
  const top = opts.top ?? defaultTop();
  const base = opts.dut ?? (top === 'rtl' ? REFERENCE_DUT : top === 'slowrd' ? slowReadsDut() : TEST_DUT);
  return { ...base, width, defines: opts.defines ?? [], trace: opts.trace || false, ...(opts.signals ? { signals: true } : {}), coverage: opts.coverage ?? false };
}

/** Builds the server (cached by content, rtl-bridge/client/dut-build.ts) and returns the binary. */
export async function buildServer(opts: BuildOptions = {}): Promise<string> {
  return (await buildDut(dutSpecOf(opts))).bin;
}

/** Children still alive; SIGKILLed when this process exits. The server also has PDEATHSIG. */
const live = new Set<ChildProcess>();
/** Sockets and FIFO folders of live servers; removed when this process exits. */
const leftovers = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
    for (const p of leftovers) rmSync(p, { recursive: true, force: true });
  });
}

/**
 * Kills `child` (SIGKILL) if this Node process exits first, so no simulator or QEMU outlives the
 * test run. Used for every long-lived child the testbench spawns.
 */
export function killOnExit(child: ChildProcess): void {
  installExitHook();
  live.add(child);
  const forget = (): void => void live.delete(child);
  child.once('exit', forget);
  child.once('error', forget);
}

/**
 * Removes `p` (a server's ipc socket or FIFO folder) if this process exits before forgetOnExit(p):
 * process.exit() from a signal handler still leaves nothing in the temp dir.
 */
export function removeOnExit(p: string): void {
  installExitHook();
  leftovers.add(p);
}

export function forgetOnExit(p: string): void {
  leftovers.delete(p);
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

/** Keeps the last `n` lines a child wrote (stdout and stderr), for crash reports. */
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
  /** The binary started. */
  bin: string;
  child: ChildProcess;
  /** Set when the binary could not be started at all (ENOENT, EACCES ...). */
  spawnError?: NodeJS.ErrnoException;
  stderr: StderrTail;
  /** Resolves once the child has exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Throws SimulatorSpawnFailed (one line) unless `bin` is an executable regular file. */
export function checkExecutable(bin: string): void {
  try {
    if (!statSync(bin).isFile()) throw new SimulatorSpawnFailed(bin, 'EISDIR', 'not a regular file');
    accessSync(bin, fsConstants.X_OK);
  } catch (e) {
    if (e instanceof SimulatorSpawnFailed) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SimulatorSpawnFailed(bin, err.code ?? 'error', err.message);
  }
}

/** Starts the server binary (checked first: a missing or non-executable file is one typed line). */
export function spawnServer(bin: string, args: readonly string[], stderrFd?: number): ServerProcess {
  checkExecutable(bin);
  // stderrFd: a file the caller reads synchronously (the FIFO client blocks its event loop).
  // stdout too: Verilator prints $fatal / $error / $display there, the server its own lines on stderr.
  const child = spawn(bin, [...args, '--parent-pid', String(process.pid)], { stdio: ['ignore', stderrFd ?? 'pipe', stderrFd ?? 'pipe'] });
  const stderr = new StderrTail();
  for (const s of [child.stdout, child.stderr]) {
    s?.setEncoding('utf8');
    s?.on('data', (d: string) => stderr.push(d));
  }
  killOnExit(child);
  const proc: ServerProcess = { bin, child, stderr, exited: undefined as unknown as ServerProcess['exited'] };
  proc.exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (e) => {
      proc.spawnError = e;
      stderr.push(`spawn failed: ${e.message}\n`);
      resolve({ code: null, signal: 'SPAWN_ERROR' });
    });
  });
  return proc;
}
