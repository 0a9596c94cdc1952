// RTL line/toggle coverage and the HTML coverage report. A `--coverage` build of the DUT
// (rtl-bridge/client/dut-build.ts) writes Verilator's coverage.dat when its server exits; this
// merges such files with `verilator_coverage --write`, reads the merged points per file, line and
// kind (line / toggle / branch / expr, Verilator's `page` field), writes an lcov .info with
// `verilator_coverage --write-info` (and runs lcov's `genhtml` on it when it is installed), and
// writes DIR/index.html: the functional bins (coverage.ts) and the line coverage of every source
// file with the lines missed, each file annotated on its own page.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { binsOf, CoverageError, unhitBins, type CoverageFile } from './coverage.js';

/** The coverage files named: files as given, folders by their `*.dat` files (sorted). */
export function datFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new CoverageError('coverage data', p, 'does not exist');
    if (statSync(p).isDirectory()) out.push(...readdirSync(p).filter((f) => f.endsWith('.dat')).sort().map((f) => path.join(p, f)));
    else out.push(p);
  }
  return out;
}

function tool(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new CoverageError('tool', cmd, 'is not installed (scripts/install-deps.sh installs it)');
    throw new CoverageError(cmd, args.join(' ').slice(0, 200), `failed: ${(err.stderr ?? err.message).split('\n').filter(Boolean).slice(-1)[0] ?? ''}`);
  }
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));
}

/** `verilator_coverage --write OUT IN...`: point counts added. */
export function mergeDat(inputs: readonly string[], out: string): void {
  if (inputs.length === 0) throw new CoverageError('coverage data', '(none)', 'no .dat file to merge');
  tool('verilator_coverage', ['--write', out, ...inputs]);
}

export type PointKind = 'line' | 'toggle' | 'branch' | 'expr' | 'other';

/** One coverage point of a .dat file. */
export interface Point {
  file: string;
  line: number;
  kind: PointKind;
  count: number;
  /**
   * The module elaboration the point belongs to (the part of `page` after the kind, e.g.
   * `dma_rd__T40_TB2`): builds with other parameters (TLP widths) elaborate a module under another
   * name, with points of their own that a merge does not add up.
   */
  variant?: string;
}

/**
 * The points of a Verilator coverage.dat: `C '<key><value>...' count` lines, fields separated by
 * \x01 (field) and \x02 (key/value): f = file, l = line, page = v_line/... | v_toggle/... | v_branch/...
 */
export function parseDat(text: string): Point[] {
  const out: Point[] = [];
  for (const row of text.split('\n')) {
    const m = /^C '(.*)' (\d+)$/.exec(row);
    if (!m) continue;
    const fields = new Map<string, string>();
    for (const kv of m[1]!.split('\x01')) {
      const at = kv.indexOf('\x02');
      if (at > 0) fields.set(kv.slice(0, at), kv.slice(at + 1));
    }
    const page = fields.get('page') ?? '';
    const kind: PointKind = page.startsWith('v_line') ? 'line' : page.startsWith('v_toggle') ? 'toggle' : page.startsWith('v_branch') ? 'branch' : page.startsWith('v_expr') ? 'expr' : 'other';
    const slash = page.indexOf('/');
    out.push({ file: fields.get('f') ?? '?', line: Number(fields.get('l') ?? 0), kind, count: Number(m[2]), ...(slash >= 0 ? { variant: page.slice(slash + 1) } : {}) });
  }
  return out;
}

export interface FileCoverage {
  file: string;
  /**
   * Source lines with a statement (v_line) point, and those hit: a line is hit when every statement
   * point of one elaboration on it was (a line a width-64 build covers stays covered when a
   * width-256 build's own points on it are not: a merge never counts fewer lines than an input).
   */
  lines: number;
  linesHit: number;
  missed: number[];
  /** Branch points (v_branch: if / else / case arms, the implicit else included). */
  branches: number;
  branchesHit: number;
  toggles: number;
  togglesHit: number;
}

/** Per source file (under `root` when given): line and toggle coverage. */
export function fileCoverage(points: readonly Point[], root?: string): FileCoverage[] {
  const by = new Map<string, { lines: Map<number, Map<string, boolean>>; branches: number; branchesHit: number; toggles: number; togglesHit: number }>();
  for (const p of points) {
    const abs = path.resolve(p.file);
    if (root && !abs.startsWith(path.resolve(root) + path.sep)) continue;
    const f = by.get(abs) ?? { lines: new Map<number, Map<string, boolean>>(), branches: 0, branchesHit: 0, toggles: 0, togglesHit: 0 };
    by.set(abs, f);
    if (p.kind === 'line') {
      const variants = f.lines.get(p.line) ?? new Map<string, boolean>();
      f.lines.set(p.line, variants);
      const v = p.variant ?? '';
      variants.set(v, (variants.get(v) ?? true) && p.count > 0);
    }
    else if (p.kind === 'branch') {
      f.branches++;
      if (p.count > 0) f.branchesHit++;
    } else if (p.kind === 'toggle') {
      f.toggles++;
      if (p.count > 0) f.togglesHit++;
    }
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([file, f]) => {
    const missed = [...f.lines.entries()].filter(([, v]) => ![...v.values()].some(Boolean)).map(([l]) => l).sort((a, b) => a - b);
    return { file, lines: f.lines.size, linesHit: f.lines.size - missed.length, missed, branches: f.branches, branchesHit: f.branchesHit, toggles: f.toggles, togglesHit: f.togglesHit };
  });
}

export function totals(files: readonly FileCoverage[]): { lines: number; linesHit: number; branches: number; branchesHit: number; toggles: number; togglesHit: number } {
  const t = { lines: 0, linesHit: 0, branches: 0, branchesHit: 0, toggles: 0, togglesHit: 0 };
  for (const f of files) {
    t.lines += f.lines;
    t.linesHit += f.linesHit;
    t.branches += f.branches;
    t.branchesHit += f.branchesHit;
    t.toggles += f.toggles;
    t.togglesHit += f.togglesHit;
  }
  return t;
}

const pct = (hit: number, all: number): string => (all === 0 ? '-' : `${((100 * hit) / all).toFixed(1)} %`);

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Line ranges "12-14, 20". */
export function ranges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

const STYLE = `body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.hit{background:#dfd}.miss{background:#fdd}.num{text-align:right}pre{margin:0}code{white-space:pre}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

/** One annotated source page: each line with its points' smallest count, missed lines red. */
function sourcePage(file: string, points: readonly Point[]): string {
  // Per line: the smallest count of one elaboration's points, the best elaboration (as fileCoverage).
  const per = new Map<number, Map<string, number>>();
  for (const p of points) {
    if (p.kind !== 'line') continue;
    const v = per.get(p.line) ?? new Map<string, number>();
    per.set(p.line, v);
    v.set(p.variant ?? '', Math.min(v.get(p.variant ?? '') ?? Infinity, p.count));
  }
  const counts = new Map<number, number>([...per].map(([l, v]) => [l, Math.max(...v.values())]));
  const src = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const rows = src.map((text, i) => {
    const n = counts.get(i + 1);
    const cls = n === undefined ? '' : n > 0 ? ' class="hit"' : ' class="miss"';
    return `<tr${cls}><td class="num">${i + 1}</td><td class="num">${n ?? ''}</td><td><code>${esc(text)}</code></td></tr>`;
  });
  return page(file, `<p><a href="../index.html">back</a></p><table><tr><th>line</th><th>count</th><th>source</th></tr>\n${rows.join('\n')}\n</table>`);
}

export interface ReportInput {
  dir: string;
  /** Functional coverage (merged). */
  coverage: CoverageFile;
  /** coverage.dat files or folders of them (may be empty: functional bins only). */
  dats: readonly string[];
  /** Only source files under this folder count (default the repository's rtl/ when it holds any point, else all). */
  root?: string;
}

export interface ReportOutput {
  index: string;
  /** Printable lines: functional figure, RTL line / toggle figure, files with missed lines. */
  summary: string;
  files: FileCoverage[];
}

/** Writes DIR/index.html (+ DIR/src/*.html, DIR/merged.dat, DIR/coverage.info, DIR/genhtml/ when genhtml is installed). */
export function coverageReport(input: ReportInput): ReportOutput {
  const { dir } = input;
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const bins = binsOf(input.coverage.sets);
  const unhit = unhitBins(input.coverage.hits, bins);
  const lines: string[] = [`functional coverage: ${bins.length - unhit.length}/${bins.length} bins hit (${pct(bins.length - unhit.length, bins.length)}) over ${input.coverage.runs} passing runs${unhit.length ? `; unhit: ${unhit.slice(0, 24).map((b) => b.name).join(', ')}${unhit.length > 24 ? ` and ${unhit.length - 24} more` : ''}` : ''}`];
  let files: FileCoverage[] = [];
  let points: Point[] = [];
  let genhtml = '';
  const dats = datFiles(input.dats);
  if (dats.length) {
    const merged = path.join(dir, 'merged.dat');
    mergeDat(dats, merged);
    points = parseDat(readFileSync(merged, 'utf8'));
    const root = input.root ?? (points.some((p) => p.file.startsWith('rtl/') || p.file.includes(`${path.sep}rtl${path.sep}`)) ? 'rtl' : undefined);
    files = fileCoverage(points, root);
    const t = totals(files);
    lines.push(`RTL line coverage${root ? ` of ${root}/` : ''}: ${t.linesHit}/${t.lines} lines (${pct(t.linesHit, t.lines)}), branch ${t.branchesHit}/${t.branches} (${pct(t.branchesHit, t.branches)}), toggle ${t.togglesHit}/${t.toggles} (${pct(t.togglesHit, t.toggles)}), from ${dats.length} runs`);
    for (const f of files) if (f.missed.length) lines.push(`  ${path.relative(process.cwd(), f.file)}: ${f.linesHit}/${f.lines}, missed lines ${ranges(f.missed)}`);
    const info = path.join(dir, 'coverage.info');
    tool('verilator_coverage', ['--write-info', info, merged]);
    if (onPath('genhtml') && points.length > 0) {
      tool('genhtml', ['--quiet', '--output-directory', path.join(dir, 'genhtml'), info]);
      genhtml = '<p>lcov view of the same data: <a href="genhtml/index.html">genhtml/index.html</a></p>';
    }
  }
  const binRows = bins.map((b) => {
    const n = input.coverage.hits[b.name] ?? 0;
    return `<tr class="${n > 0 ? 'hit' : 'miss'}"><td>${esc(b.name)}</td><td class="num">${n}</td><td>${esc(b.description)}</td></tr>`;
  });
  const fileRows = files.map((f, i) => {
    const name = `${i}-${path.basename(f.file)}.html`;
    writeFileSync(path.join(dir, 'src', name), sourcePage(f.file, points.filter((p) => path.resolve(p.file) === f.file)));
    return `<tr class="${f.missed.length ? 'miss' : 'hit'}"><td><a href="src/${esc(name)}">${esc(path.relative(process.cwd(), f.file))}</a></td><td class="num">${f.linesHit}/${f.lines}</td><td class="num">${pct(f.linesHit, f.lines)}</td><td class="num">${pct(f.branchesHit, f.branches)}</td><td class="num">${pct(f.togglesHit, f.toggles)}</td><td>${esc(ranges(f.missed))}</td></tr>`;
  });
  const body = [
    `<pre>${esc(lines.join('\n'))}</pre>`,
    files.length ? `<h2>RTL line coverage</h2>${genhtml}<table><tr><th>file</th><th>lines hit</th><th>line %</th><th>branch %</th><th>toggle %</th><th>missed lines</th></tr>\n${fileRows.join('\n')}\n</table>` : '<p>No RTL coverage data (run regress with --coverage-html, or cosim with --rtl-coverage).</p>',
    `<h2>Functional coverage bins</h2><table><tr><th>bin</th><th>hits</th><th>description</th></tr>\n${binRows.join('\n')}\n</table>`,
  ].join('\n');
  const index = path.join(dir, 'index.html');
  writeFileSync(index, page('virtio-cosim coverage', body));
  return { index, summary: lines.join('\n'), files };
}
