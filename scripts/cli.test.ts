// Every command-line entry point, spawned as a user would run it, with bad input: the exit code,
// one line on stderr naming the culprit, and never a stack trace. No Verilator is needed: every
// case here ends before a simulator would start. Children run a few at a time (a loaded 2-core
// machine: generous timeouts, no wall-clock assertions).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const TMP = mkdtempSync(join(tmpdir(), 'cli-test-'));

interface Ran { code: number | null; stdout: string; stderr: string }

function run(script: string, args: readonly string[], cwd = ROOT): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Runs every job, at most `limit` at once. */
async function pool<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const CLI = 'scripts/cli.ts';
const VCD_A = join(TMP, 'a.vcd');
const VCD_B = join(TMP, 'b.vcd');
const NOT_VCD = join(TMP, 'not.vcd');

function vcd(values: string[]): string {
  const lines = ['$timescale 1ns $end', '$scope module top $end', '$var wire 1 ! tx_valid $end', '$upscope $end', '$enddefinitions $end'];
  values.forEach((v, t) => lines.push(`#${t}`, `${v}!`));
  return `${lines.join('\n')}\n`;
}

/** One case: the command, the exit code, what the single stderr line must say, or stdout / stderr (several lines) must contain. */
interface Case { argv: [string, ...string[]]; code: number; line?: RegExp; out?: RegExp; err?: RegExp }

const USAGE_CASES: Case[] = [
  // virtio-cosim itself
  { argv: [CLI], code: 2, err: /virtio-cosim: a command is required.*commands:.*cosim/s },
  { argv: [CLI, 'bogus'], code: 2, line: /virtio-cosim: unknown command "bogus"/ },
  { argv: [CLI, '--sed', '3'], code: 2, line: /unknown option --sed/ },
  { argv: [CLI, '--help'], code: 0, out: /cosim .*regress .*vectors .*waves .*config-dump .*demo/s },
  // cosim
  { argv: [CLI, 'cosim', '--sed', '3'], code: 2, line: /unknown option --sed \(did you mean --seed\?\)/ },
  { argv: [CLI, 'cosim', '--seed', ''], code: 2, line: /--seed "" is not an integer/ },
  { argv: [CLI, 'cosim', '--seed', '-5'], code: 2, line: /--seed -5 is below 0/ },
  { argv: [CLI, 'cosim', '--seed', '9007199254740993'], code: 2, line: /--seed 9007199254740993 is too large/ },
  { argv: [CLI, 'cosim', '--seed', '4294967296'], code: 2, line: /--seed 4294967296 is above 4294967295/ },
  { argv: [CLI, 'cosim', '--seed'], code: 2, line: /--seed needs a value/ },
  { argv: [CLI, 'cosim', '--window', '-5'], code: 2, line: /--window -5 is below 1/ },
  { argv: [CLI, 'cosim', '--lookahead', '65536'], code: 2, line: /--lookahead 65536 is above 65535/ },
  { argv: [CLI, 'cosim', '--width', '128'], code: 2, line: /--width "128" must be one of 64\|256/ },
  { argv: [CLI, 'cosim', '--compare', 'loose'], code: 2, line: /--compare "loose" must be one of exact\|spec/ },
  { argv: [CLI, 'cosim', '--timing', 'ignore'], code: 2, line: /--timing "ignore" must be one of fail\|warn/ },
  { argv: [CLI, 'cosim', '--transport', 'udp'], code: 2, line: /--transport "udp" must be one of zmq\|fifo\|tcp/ },
  { argv: [CLI, 'cosim', '--define', 'A B'], code: 2, line: /define "A B" is not NAME or NAME=VALUE/ },
  { argv: [CLI, 'cosim', '--defines', 'A,,B'], code: 2, line: /--defines "A,,B" has an empty item/ },
  { argv: [CLI, 'cosim', '--scenario', 'nope'], code: 2, line: /--scenario "nope" is neither a scenario \(bringup, traffic, .*\) nor a test file/ },
  { argv: [CLI, 'cosim', '--top', 'acme'], code: 2, line: /--top and --rtl go together/ },
  { argv: [CLI, 'cosim', '--device', '/nonexistent.json'], code: 2, line: /device description: file = "\/nonexistent.json" cannot be read \(ENOENT\)/ },
  { argv: [CLI, 'cosim', '--scenario', '/nonexistent-test.ts'], code: 2, line: /scenario file \/nonexistent-test.ts: does not exist/ },
  { argv: [CLI, 'build', '--top', 'x', '--rtl', '/nonexistent.sv'], code: 2, line: /rtl "\/nonexistent.sv" does not exist/ },
  { argv: [CLI, 'signals', '--top', 'x', '--rtl', '/nonexistent.sv'], code: 2, line: /rtl "\/nonexistent.sv" does not exist/ },
  { argv: [CLI, 'signals', '--max', '0'], code: 2, line: /--max/ },
  { argv: [CLI, 'cosim', 'extra'], code: 2, line: /unexpected argument "extra"/ },
  { argv: [CLI, 'cosim', '--help'], code: 0, out: /--compare exact\|spec.*--timing fail\|warn.*scenarios:\n {2}bringup /s },
  { argv: ['scripts/cosim.ts', '--sed', '3'], code: 2, line: /unknown option --sed/ },
  { argv: ['scripts/cosim.ts', '--help'], code: 0, out: /--scenario NAME/ },
  // main job
  { argv: ['scripts/main-job.ts', '--seed', '1..2'], code: 2, line: /unknown option --seed \(did you mean --seeds\?\)/ },
  { argv: ['scripts/main-job.ts', '--seeds', '5..1'], code: 2, line: /--seeds range 5\.\.1 is empty/ },
  { argv: ['scripts/main-job.ts', '--scenarios', 'traffic,nope'], code: 2, line: /--scenarios item "nope" must be one of bringup\|traffic/ },
  { argv: ['scripts/main-job.ts', '--help'], code: 0, out: /--seeds256/ },
  // regress
  { argv: [CLI, 'regress', '--timeout', '3000000'], code: 2, line: /--timeout 3000000 is above 2147483/ },
  { argv: [CLI, 'regress', '--scenarios', 'cosim:nope'], code: 2, line: /"cosim:nope" is not a co-simulation scenario/ },
  { argv: [CLI, 'regress', '--scenarios', 'nosuch'], code: 2, line: /"nosuch" is not a model-only scenario/ },
  { argv: [CLI, 'regress', '--jobs', '0'], code: 2, line: /--jobs 0 is below 1/ },
  { argv: [CLI, 'regress', '--compare', 'x'], code: 2, line: /--compare "x" must be one of exact\|spec/ },
  { argv: [CLI, 'regress', '--help'], code: 0, out: /--scenarios/ },
  { argv: [CLI, 'regress', '--scenarios', 'model', '--top', 'x', '--rtl', 'y.sv'], code: 2, line: /--top is for co-simulation jobs but --scenarios "model" has none/ },
  { argv: [CLI, 'regress', '--scenarios', './no/such/tests/'], code: 2, line: /--scenarios path "\.\/no\/such\/tests\/" does not exist/ },
  { argv: [CLI, 'regress', 'merge', '/tmp'], code: 2, line: /regress merge: --out is required/ },
  { argv: [CLI, 'regress', 'merge', '--out', '/tmp/virtio-cosim-merge-test', '/no/such/shard'], code: 2, line: /cannot read \/no\/such\/shard\/results\.json: ENOENT/ },
  { argv: [CLI, 'regress', 'merge', '--help'], code: 0, out: /SHARD_DIR\.\.\./ },
  { argv: ['scripts/regress.ts', '--seeds', '5..1'], code: 2, line: /--seeds range "5\.\.1" ends before it starts/ },
  // vectors
  { argv: [CLI, 'vectors'], code: 2, err: /virtio-cosim vectors: a command is required.*gen .*check /s },
  { argv: [CLI, 'vectors', 'bogus'], code: 2, line: /virtio-cosim vectors: unknown command "bogus"; commands are gen, check/ },
  { argv: [CLI, 'vectors', 'check'], code: 2, line: /vectors check: FILE is required/ },
  { argv: [CLI, 'vectors', 'check', join(TMP, 'missing.hex')], code: 2, line: /cannot read .*missing\.hex: ENOENT/ },
  { argv: [CLI, 'vectors', 'gen', '--help'], code: 0, out: /--scenario config\|bringup\|tx\|rx/ },
  { argv: [CLI, 'vectors', 'gen', '--scenario', 'tx'], code: 2, line: /--seed is required/ },
  { argv: [CLI, 'vectors', 'gen', '--scenario', 'tx', '--seed', '1', '--frames', '0'], code: 2, line: /--frames 0 is below 1/ },
  { argv: [CLI, 'vectors', 'gen', '--scenario', 'config', '--seed', '1', '--out', '/etc/passwd/x'], code: 2, line: /cannot create folder \/etc\/passwd\/x: ENOTDIR/ },
  // waves
  { argv: [CLI, 'waves', 'diff', VCD_A, VCD_B], code: 2, line: /--signals is required/ },
  { argv: [CLI, 'waves', 'diff', VCD_A, VCD_B, '--signals', ',,'], code: 2, line: /--signals ",," has an empty item/ },
  { argv: [CLI, 'waves', 'diff', join(TMP, 'missing.vcd'), VCD_B, '--signals', 'tx_valid'], code: 2, line: /cannot read .*missing\.vcd: ENOENT/ },
  { argv: [CLI, 'waves', 'diff', NOT_VCD, VCD_B, '--signals', 'tx_valid'], code: 2, line: /not a VCD file/ },
  { argv: [CLI, 'waves', 'diff', VCD_A, VCD_B, '--signals', 'rx_valid'], code: 2, line: /signal "rx_valid" is not in/ },
  { argv: [CLI, 'waves', 'diff', VCD_A, VCD_A, '--signals', 'tx_valid'], code: 0, out: /all 1 signals match/ },
  { argv: [CLI, 'waves', 'diff', VCD_A, VCD_B, '--signals', 'tx_valid'], code: 1, out: /tx_valid: first differs at time 2/ },
  // config-dump, demo
  { argv: [CLI, 'config-dump', '--help'], code: 0, out: /--out FILE/ },
  { argv: [CLI, 'config-dump', '--out', '/dev/full'], code: 2, line: /cannot write \/dev\/full: ENOSPC/ },
  { argv: [CLI, 'config-dump', '--out', '/etc/passwd/x'], code: 2, line: /cannot write \/etc\/passwd\/x: ENOTDIR/ },
  { argv: [CLI, 'config-dump', '--out'], code: 2, line: /--out needs a value/ },
  { argv: [CLI, 'demo', '--verbose'], code: 2, line: /unknown option --verbose/ },
  // benches and tools
  { argv: ['scripts/bench.ts', '--case', 'tx65'], code: 2, line: /--case "tx65" must be one of/ },
  { argv: ['scripts/bench.ts', '--reps', '0'], code: 2, line: /--reps 0 is below 1/ },
  { argv: ['tb/cosim/bench.ts', '--scenario', 'nope'], code: 2, line: /--scenario "nope" is not stream or one of/ },
  { argv: ['rtl-bridge/bench.ts', '--width', '128'], code: 2, line: /--width "128" must be one of 64\|256/ },
  { argv: ['tb/regress/model-job.ts', '--seed', 'x'], code: 2, line: /--seed "x" is not an integer/ },
  { argv: ['tb/regress/model-job.ts', '--seed', '1'], code: 2, line: /--scenario is required/ },
  { argv: ['scripts/cosim-worker.ts', '--seed', '1'], code: 2, line: /unknown option --seed/ },
  { argv: ['scripts/cosim-worker.ts', '--help'], code: 0, out: /one job per stdin line/ },
  { argv: ['tb/oracles/run.ts', '--verbos'], code: 2, line: /unknown option --verbos \(did you mean --verbose\?\)/ },
  { argv: ['rtl/gen/gen-vectors.ts'], code: 2, line: /OUT .* is required/ },
  { argv: ['rtl/gen/gen-tables.ts', '--chek'], code: 2, line: /unknown option --chek/ },
];

/** No stack frame and no Node error banner in what a user sees. */
function noTrace(r: Ran): void {
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at |node:internal|triggerUncaughtException/m);
}

beforeAll(() => {
  writeFileSync(VCD_A, vcd(['0', '1', '1', '0']));
  writeFileSync(VCD_B, vcd(['0', '1', '0', '0']));
  writeFileSync(NOT_VCD, 'this is not a waveform\n');
});

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('every entry point: bad input is one line and exit 2, --help is exit 0', () => {
  let results: Ran[] = [];
  beforeAll(async () => {
    results = await pool(USAGE_CASES, 4, (c) => run(c.argv[0], c.argv.slice(1)));
  }, 600_000);

  it.each(USAGE_CASES.map((c, i) => [c.argv.join(' '), i] as const))('%s', (_name, i) => {
    const c = USAGE_CASES[i]!;
    const r = results[i]!;
    const what = `${c.argv.join(' ')}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`;
    expect(r.code, what).toBe(c.code);
    noTrace(r);
    if (c.line) {
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toMatch(c.line);
    }
    if (c.out) expect(r.stdout, what).toMatch(c.out);
    if (c.err) expect(r.stderr, what).toMatch(c.err);
  });

});

describe('vector files', () => {
  it('vectors check accepts CRLF line ends in both forms, and rejects a damaged file with exit 1', async () => {
    const gen = await run(CLI, ['vectors', 'gen', '--scenario', 'config', '--seed', '1', '--out', TMP]);
    expect(gen.code, gen.stderr).toBe(0);
    const base = join(TMP, 'config-1-w64');
    const crlf = (f: string): string => {
      const out = `${f}.crlf${f.endsWith('.hex') ? '.hex' : '.jsonl'}`;
      writeFileSync(out, readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
      return out;
    };
    const hex = crlf(`${base}.hex`);
    const jsonl = crlf(`${base}.jsonl`);
    const ok = await run(CLI, ['vectors', 'check', hex, jsonl]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK \(hex\)/);
    expect(ok.stdout).toMatch(/OK \(jsonl\)/);
    const bad = join(TMP, 'bad.hex');
    writeFileSync(bad, readFileSync(`${base}.hex`, 'utf8').replace(/^[0-9a-f]{8}/m, 'zzzzzzzz'));
    const r = await run(CLI, ['vectors', 'check', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.hex: .*zzzzzzzz/);
    noTrace(r);
  }, 120_000);
});

describe('a broken model/timing/reference-rtl.json', () => {
  // A scratch copy of the sources (the shared file is never touched), node_modules linked.
  const tree = join(TMP, 'tree');
  beforeAll(() => {
    for (const d of ['model', 'scripts', 'tb', 'vectors', 'waves', 'rtl-bridge']) {
      cpSync(join(ROOT, d), join(tree, d), { recursive: true, filter: (src) => !/\/(build|out|native)(\/|$)/.test(src.slice(ROOT.length)) });
    }
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(tree, f));
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  }, 120_000);

  const profile = (): string => join(tree, 'model/timing/reference-rtl.json');
  const original = readFileSync(join(ROOT, 'model/timing/reference-rtl.json'), 'utf8');

  it('a bad value: one line naming the file, the key and the value, exit 1, in every command', async () => {
    const json = JSON.parse(original) as { latency: Record<string, unknown> };
    const key = Object.keys(json.latency)[0]!;
    json.latency[key] = 'soon';
    writeFileSync(profile(), JSON.stringify(json, null, 2));
    const commands = [[CLI, 'cosim'], [CLI, 'vectors', 'gen', '--scenario', 'config', '--seed', '1', '--out', TMP], [CLI, 'regress', '--seeds', '1'], ['scripts/cosim.ts'], ['scripts/main-job.ts']];
    const runs = await pool(commands, 3, ([s, ...a]) => run(s!, a, tree));
    for (const [i, r] of runs.entries()) {
      expect(r.code, `${commands[i]!.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1);
      noTrace(r);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`model/timing/reference-rtl.json key "latency.${key}": value "soon"`);
    }
  }, 300_000);

  it('a JSON syntax error: one line naming the file and the position, exit 1', async () => {
    writeFileSync(profile(), original.replace('{', '{,'));
    const r = await run(CLI, ['cosim'], tree);
    expect(r.code, r.stderr).toBe(1);
    noTrace(r);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/reference-rtl\.json line 1 column \d+/);
  }, 120_000);
});

describe('--profile FILE in every command that runs the model', () => {
  it('a removed key, a bad value or an unreadable file (and a DUT unlike its description): one line naming the file, the key and the value, exit 2', async () => {
    const json = JSON.parse(readFileSync(join(ROOT, 'model/timing/reference-rtl.json'), 'utf8')) as { latency: Record<string, unknown>; engine: Record<string, unknown> };
    json.latency.ctrlExecute = 4;
    writeFileSync(join(TMP, 'old-profile.json'), JSON.stringify(json));
    delete json.latency.ctrlExecute;
    json.engine.readIssueToBus = 'late';
    writeFileSync(join(TMP, 'bad-profile.json'), JSON.stringify(json));
    const device = JSON.parse(readFileSync(join(ROOT, 'model/pci/reference-device.json'), 'utf8')) as { queuePairs: number };
    device.queuePairs = 2;
    writeFileSync(join(TMP, 'two-pairs.json'), JSON.stringify(device));
    const commands: Array<[string[], RegExp]> = [
      // Not a profile: the device check at start is a configuration error of the same kind.
      [['cosim', '--device', join(TMP, 'two-pairs.json'), '--scenario', 'tx', '--no-waves'], /two-pairs\.json\): HELLO parameter num_queue_pairs is 1, the description gives \(queuePairs\) 2$/m],
      [['cosim', '--profile', join(TMP, 'old-profile.json')], /old-profile\.json key "latency\.ctrlExecute": value 4 is no longer a profile key .*: remove it/],
      [['vectors', 'gen', '--scenario', 'tx', '--seed', '1', '--out', TMP, '--profile', join(TMP, 'bad-profile.json')], /bad-profile\.json key "engine\.readIssueToBus": value "late"/],
      [['regress', '--seeds', '1', '--profile', join(TMP, 'none.json')], /timing profile .*none\.json cannot be read \(ENOENT\)/],
      [['calibrate', '--out', join(TMP, 'p.json'), '--profile', join(TMP, 'bad-profile.json')], /--profile: .*"engine\.readIssueToBus"/],
      [['calibrate', '--scenarios', 'tx'], /calibrate: --out is required/],
    ];
    const runs = await pool(commands, 3, ([a]) => run(CLI, a));
    for (const [i, r] of runs.entries()) {
      expect(r.code, `${commands[i]![0].join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      noTrace(r);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(commands[i]![1]);
    }
  }, 300_000);
});
