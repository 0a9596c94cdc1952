// A user's DUT, from their sources to a Verilator server binary.
//
// `resolveDut` turns what a user names (files, folders, `.f` lists, include folders, defines,
// parameters, a top module) into the exact list Verilator compiles, and a cache key over the
// content of every source and every file they include. `buildDut` builds the server once per key
// (rtl-bridge/build/<top>-w<width>[-DEFINES][-trace][-sig]-<key>/sim-server) under a lock, so parallel runs share
// builds; the folder name (and the server's BUILD_ID) also names the defines and trace kind. Nothing of the project's rtl/ is compiled unless it is what was named: the reference RTL
// is just the default of these options (REFERENCE_DUT).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatorError } from './errors.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER_DIR = path.join(REPO_ROOT, 'rtl-bridge', 'server');
const BUILD_ROOT = path.join(REPO_ROOT, 'rtl-bridge', 'build');
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** A DUT source problem (a missing file, a bad `.f` line, a bad define): names the culprit. */
export class DutSourceError extends SimulatorError {
  constructor(what: string, value: string, why: string) {
    super(`${what} ${JSON.stringify(value)} ${why}`);
    this.name = 'DutSourceError';
  }
}

export class BuildFailed extends SimulatorError {
  /** The last lines of the build log (the message's first line names the first error). */
  readonly stderrTail: string[];
  constructor(readonly log: string, readonly logPath?: string) {
    const lines = log.split('\n').filter((l) => l.trim());
    const first = lines.find((l) => /%Error|error:|Error \d|No rule|not found/i.test(l)) ?? lines.at(-1) ?? 'no output';
    super(`building the simulator failed: ${first.trim()}${logPath ? ` (full log: ${logPath})` : ''}\n${lines.slice(-30).join('\n')}`);
    this.name = 'BuildFailed';
    this.stderrTail = lines.slice(-20);
  }
}

/** What a user names on the command line (cosim --top --rtl --incdir --define --param --width). */
export interface DutSpec {
  /** Top module name (its ports follow docs/dut-interface.md). */
  top: string;
  /** Source files (.sv/.v), folders (their .sv/.v files, packages first) or `.f` file lists. */
  rtl: readonly string[];
  /** `include search folders, searched in this order. */
  incdirs?: readonly string[];
  /** Verilog defines, NAME or NAME=VALUE. */
  defines?: readonly string[];
  /** Top-level parameter overrides NAME=VALUE (Verilator -G). TLP_DATA_WIDTH comes from `width`. */
  params?: readonly string[];
  /** TLP_DATA_WIDTH: 64 or 256 (the tested widths of docs/dut-interface.md). */
  width?: 64 | 256;
  /** Wave capability: a `--trace` (vcd) or `--trace-fst` (fst) build. */
  trace?: false | 'vcd' | 'fst';
  /**
   * Public access to every internal signal (Verilator --public-flat-rw) for the signal-level test
   * API (tb/cosim/signals.ts): its own build (folder and BUILD_ID tag `-sig`), slower to simulate.
   */
  signals?: boolean;
  /** Line/toggle coverage build (Verilator --coverage): the server writes coverage.dat at exit (rtl-bridge/server/README.md). */
  coverage?: boolean;
}

/** The project's own RTL, as any user design is named. */
export const REFERENCE_DUT: Pick<DutSpec, 'top' | 'rtl'> = { top: 'virtio_net_pcie', rtl: [path.join(REPO_ROOT, 'rtl')] };
/** The bridge's stand-in DUT (protocol tests). */
export const TEST_DUT: Pick<DutSpec, 'top' | 'rtl'> = {
  top: 'test_dut_pcie',
  rtl: [path.join(REPO_ROOT, 'rtl-bridge', 'test-dut', 'test_dut_pcie.sv')],
};

/**
 * The reference RTL with every DMA read presented late (rtl-bridge/test-dut/slow_reads_dut.sv, the
 * exact level's timing test). Its parameter and port list is the reference top's own, cut out of
 * rtl/virtio_net_pcie.sv into a generated include, so the two cannot drift.
 */
export function slowReadsDut(): Pick<DutSpec, 'top' | 'rtl' | 'incdirs'> {
  const genDir = path.join(BUILD_ROOT, 'gen-slow-reads');
  const top = readFileSync(path.join(REPO_ROOT, 'rtl', 'virtio_net_pcie.sv'), 'utf8').split('\n');
  const from = top.findIndex((l) => /^module virtio_net_pcie #\(/.test(l));
  const to = top.findIndex((l, i) => i > from && /^\);/.test(l));
  if (from < 0 || to < 0) throw new DutSourceError('rtl/virtio_net_pcie.sv', 'module header', 'not found (slow_reads_dut needs it)');
  const header = [top[from]!.replace(/^module virtio_net_pcie /, ''), ...top.slice(from + 1, to + 1)].join('\n');
  mkdirSync(genDir, { recursive: true });
  const file = path.join(genDir, 'virtio_net_pcie_header.svh');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== `${header}\n`) writeFileSync(file, `${header}\n`);
  return {
    top: 'slow_reads_dut',
    rtl: [path.join(REPO_ROOT, 'rtl'), path.join(REPO_ROOT, 'rtl-bridge', 'test-dut', 'slow_reads_dut.sv')],
    incdirs: [genDir],
  };
}

/** Parameters of the contract (docs/dut-interface.md) the server reports in HELLO, with defaults. */
const CONTRACT_PARAMS: Record<string, string> = {
  TLP_DATA_WIDTH: '64',
  AXIS_DATA_WIDTH: '64',
  NUM_QUEUE_PAIRS: '1',
  MAX_QUEUE_SIZE: '256',
  MSIX_VECTORS: '4',
  TAG_COUNT: '16',
};

export interface ResolvedDut {
  top: string;
  /** Absolute paths in compile order (packages first). */
  files: string[];
  /** Absolute include folders in search order. */
  incdirs: string[];
  /** Files reached through `include (absolute), part of the cache key. */
  includes: string[];
  defines: string[];
  /** Parameter overrides passed with -G, in order. */
  params: [string, string][];
  width: 64 | 256;
  trace: false | 'vcd' | 'fst';
  /** Built with public access to every signal (`--public-flat-rw`). */
  signals: boolean;
  coverage: boolean;
  /** Content hash of everything that decides the binary. */
  key: string;
  /** Build folder under rtl-bridge/build. */
  dir: string;
  /** Non-fatal findings: defines no source tests, includes not found. */
  warnings: string[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const DEFINE_RE = /^[A-Za-z_][A-Za-z0-9_]*(=[^\s"'`\\]*)?$/;
const PARAM_RE = /^([A-Za-z_][A-Za-z0-9_]*)=([^\s"'`\\]+)$/;
const SOURCE_EXT = /\.(sv|v)$/i;

/** Reads a `.f` list as Verilator reads `-f`: paths relative to `base`; `-F` nests relative to the list. */
function readFileList(file: string, base: string, out: Collected, depth = 0): void {
  if (depth > 16) throw new DutSourceError('file list', file, 'nests -f/-F more than 16 deep');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DutSourceError('file list', file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const here = path.dirname(file);
  const tokens = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)(\/\/|#).*$/, ''))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, v: string) => {
      const val = process.env[v];
      if (val === undefined) throw new DutSourceError(`${file}: environment variable`, v, 'is not set');
      return val;
    }));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = (): string => {
      const v = tokens[++i];
      if (v === undefined) throw new DutSourceError(`${file}: option`, t, 'needs a value');
      return v;
    };
    if (t === '-f') readFileList(path.resolve(base, next()), base, out, depth + 1);
    else if (t === '-F') {
      const f = path.resolve(here, next());
      readFileList(f, path.dirname(f), out, depth + 1);
    } else if (t.startsWith('+incdir+')) for (const d of t.slice(8).split('+').filter(Boolean)) out.incdirs.push(path.resolve(base, d));
    else if (t === '-I' || t === '-y') out.incdirs.push(path.resolve(base, next()));
    else if (t.startsWith('-I')) out.incdirs.push(path.resolve(base, t.slice(2)));
    else if (t.startsWith('+define+')) for (const d of t.slice(8).split('+').filter(Boolean)) out.defines.push(d);
    else if (t === '-v') out.files.push(path.resolve(base, next()));
    else if (t.startsWith('-') || t.startsWith('+')) throw new DutSourceError(`${file}: option`, t, 'is not supported in a file list (use -f, -F, +incdir+, -I, +define+, -v, or a path)');
    else addPath(path.resolve(base, t), out, `${file}: path`);
  }
}

interface Collected {
  files: string[];
  incdirs: string[];
  defines: string[];
}

function isPackage(file: string): boolean {
  return /_pkg\.s?v$/i.test(file) || /^\s*package\s+[A-Za-z_]/m.test(readFileSync(file, 'utf8'));
}

function addPath(p: string, out: Collected, what: string): void {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new DutSourceError(what, p, 'does not exist');
  }
  if (st.isDirectory()) {
    const srcs = readdirSync(p).filter((f) => SOURCE_EXT.test(f)).sort().map((f) => path.join(p, f));
    if (srcs.length === 0) throw new DutSourceError(what, p, 'is a folder with no .sv or .v file');
    const pkgs = srcs.filter(isPackage);
    out.files.push(...pkgs, ...srcs.filter((f) => !pkgs.includes(f)));
    out.incdirs.push(p);
  } else if (/\.f$/i.test(p)) {
    readFileList(p, process.cwd(), out);
  } else {
    out.files.push(p);
  }
}

/** Every `include of a file, resolved through the incdirs then the including file's folder. */
function collectIncludes(files: readonly string[], incdirs: readonly string[], warnings: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length > 0) {
    const f = queue.shift()!;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/`include\s+"([^"]+)"/g)) {
      const name = m[1]!;
      const hit = [...incdirs, path.dirname(f)].map((d) => path.resolve(d, name)).find((c) => existsSync(c));
      if (!hit) {
        warnings.push(`${path.relative(process.cwd(), f)} includes "${name}", found in no include folder`);
        continue;
      }
      if (!seen.has(hit)) {
        seen.add(hit);
        queue.push(hit);
      }
    }
  }
  return [...seen].sort();
}

/** Names a source tests with `ifdef / `ifndef / `elsif or uses as `NAME. */
function definesUsed(files: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/`(?:ifdef|ifndef|elsif)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(m[1]!);
    for (const m of text.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(m[1]!);
  }
  return used;
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Resolves a DUT spec to the compile list and its cache key. Throws DutSourceError. */
export function resolveDut(spec: DutSpec): ResolvedDut {
  if (!IDENT.test(spec.top)) throw new DutSourceError('top', spec.top, 'is not a module name');
  const width = spec.width ?? 64;
  if (width !== 64 && width !== 256) throw new DutSourceError('width', String(width), 'must be 64 or 256');
  if (spec.rtl.length === 0) throw new DutSourceError('rtl', '', 'names no source (give a file, a folder or a .f list)');
  const out: Collected = { files: [], incdirs: [], defines: [] };
  for (const d of spec.incdirs ?? []) {
    const p = path.resolve(d);
    if (!existsSync(p) || !statSync(p).isDirectory()) throw new DutSourceError('incdir', d, 'is not a folder');
    out.incdirs.push(p);
  }
  for (const r of spec.rtl) addPath(path.resolve(r), out, 'rtl');
  for (const f of out.files) {
    if (!existsSync(f)) throw new DutSourceError('source', f, 'does not exist');
  }
  const defines = dedupe([...out.defines, ...(spec.defines ?? [])]);
  for (const d of defines) if (!DEFINE_RE.test(d)) throw new DutSourceError('define', d, 'must look like NAME or NAME=VALUE');
  const params: [string, string][] = [['TLP_DATA_WIDTH', String(width)]];
  for (const p of spec.params ?? []) {
    const m = PARAM_RE.exec(p);
    if (!m) throw new DutSourceError('param', p, 'must look like NAME=VALUE');
    if (m[1] === 'TLP_DATA_WIDTH') throw new DutSourceError('param', p, 'is set by --width');
    const at = params.findIndex(([k]) => k === m[1]);
    if (at >= 0) params[at] = [m[1]!, m[2]!];
    else params.push([m[1]!, m[2]!]);
  }
  const files = dedupe(out.files);
  const incdirs = dedupe(out.incdirs);
  const warnings: string[] = [];
  const includes = collectIncludes(files, incdirs, warnings);
  const used = definesUsed([...files, ...includes]);
  for (const d of defines) {
    const name = d.split('=')[0]!;
    if (!used.has(name)) warnings.push(`define ${name} is tested by no source: it changes nothing`);
  }
  const trace = spec.trace ?? false;
  const coverage = spec.coverage ?? false;
  const h = createHash('sha1');
  const serverSrcs = readdirSync(SERVER_DIR).filter((f) => /\.(cpp|hpp|h)$/.test(f)).sort().map((f) => path.join(SERVER_DIR, f));
  for (const f of [...files, ...includes, ...serverSrcs]) h.update(`${f}\0`).update(readFileSync(f)).update('\0');
  const signals = spec.signals === true;
  // An ordinary build hashes exactly as before the signals and coverage options existed.
  h.update(JSON.stringify({ top: spec.top, incdirs, defines, params, trace, ...(signals ? { signals } : {}), ...(coverage ? { coverage } : {}) }));
  const key = h.digest('hex').slice(0, 12);
  const defTag = defines.map((d) => d.replace(/[^A-Za-z0-9_]/g, '_')).join('-').slice(0, 120);
  const dir = path.join(BUILD_ROOT, `${spec.top}-w${width}${defTag ? `-${defTag}` : ''}${trace ? `-${trace}` : ''}${signals ? '-sig' : ''}${coverage ? '-cov' : ''}-${key}`);
  return { top: spec.top, files, incdirs, includes, defines, params, width, trace, signals, coverage, key, dir, warnings };
}

/** The verilator command line for a resolved DUT (without the binary name). */
export function verilatorArgs(d: ResolvedDut): string[] {
  return [
    '--cc', '--exe', '--build', '-O3', '-j', '2', '-Wno-fatal', '-Wno-lint', '-Wno-style',
    // Initial values and X assignments random per the server's seed (rtl-bridge/server/sim.cpp).
    '--x-initial', 'unique', '--x-assign', 'unique',
    ...d.incdirs.map((i) => `-I${i}`),
    '--top-module', d.top, '--prefix', 'Vdut', '-Mdir', path.join(d.dir, 'obj'), '-o', '../sim-server',
    ...d.params.map(([k, v]) => `-G${k}=${v}`),
    ...d.defines.map((x) => `+define+${x}`),
    ...(d.trace === 'fst' ? ['--trace-fst'] : d.trace === 'vcd' ? ['--trace'] : []),
    // Every signal in Verilator's scope table, readable and writable (the server's PEEK/POKE).
    ...(d.signals ? ['--public-flat-rw'] : []),
    // Coverage: line + toggle (signals up to 64 bits; wider data buses would only slow the
    // build), compiled at -O1: the instrumented model at -O3 takes over 20 minutes to compile.
    ...(d.coverage ? ['--coverage-line', '--coverage-toggle', '--coverage-max-width', '64'] : []),
    '-CFLAGS', `${d.coverage ? '-O1' : '-O3'} -std=c++17 -I${d.dir} -I${SERVER_DIR}`,
    '-LDFLAGS', '-lzmq',
    '-MAKEFLAGS', d.coverage ? 'OPT_FAST=-O1 OPT_GLOBAL=-O1 OPT_SLOW=-O0' : 'OPT_FAST=-O3 OPT_GLOBAL=-O3 OPT_SLOW=-O1',
    ...d.files,
    path.join(SERVER_DIR, 'main.cpp'), path.join(SERVER_DIR, 'sim.cpp'),
  ];
}

function buildInfo(d: ResolvedDut): string {
  const params = { ...CONTRACT_PARAMS, ...Object.fromEntries(d.params) };
  return [
    '// generated by rtl-bridge/client/dut-build.ts',
    `#define BUILD_ID "${path.basename(d.dir)}"`,
    `#define TOP_NAME "${d.top}"`,
    ...Object.entries(CONTRACT_PARAMS).map(([k]) => `#define ${k} ${params[k]}`),
    ...(d.signals ? ['#define PUBLIC_SIGNALS 1'] : []),
    '',
  ].join('\n');
}

function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ ok: !err, out: `${stdout}${stderr}${err && !stderr ? String(err.message) : ''}` });
    });
  });
}

/**
 * Builds (once per key, under a lock) and returns the server binary and what was built.
 * Throws DutSourceError for bad sources and BuildFailed (with the log's tail) when Verilator fails.
 */
export async function buildDut(spec: DutSpec): Promise<{ bin: string; dut: ResolvedDut }> {
  const dut = resolveDut(spec);
  const bin = path.join(dut.dir, 'sim-server');
  if (existsSync(bin)) return { bin, dut };
  await mkdir(dut.dir, { recursive: true });
  await writeFile(path.join(dut.dir, 'build_info.h'), buildInfo(dut));
  const script = [
    // Another process may have finished the build while this one waited for the lock.
    `[ -x ${JSON.stringify(bin)} ] && exit 0`,
    `verilator "$@" > ${JSON.stringify(path.join(dut.dir, 'build.log'))} 2>&1`,
  ].join('\n');
  const r = await run('flock', [path.join(dut.dir, '.lock'), 'sh', '-c', script, 'build', ...verilatorArgs(dut)]);
  if (!r.ok || !existsSync(bin)) {
    const logPath = path.join(dut.dir, 'build.log');
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : r.out;
    // Keep the failed attempt's log beside, not under the key (a retry rebuilds from scratch).
    await rename(logPath, `${logPath}.failed`).catch(() => undefined);
    throw new BuildFailed(log, `${logPath}.failed`);
  }
  return { bin, dut };
}
