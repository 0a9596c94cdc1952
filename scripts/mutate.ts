// `virtio-cosim mutate`: mutation testing of a DUT (the reference RTL by default, or yours named
// by --top/--rtl/... as for cosim) against a co-simulation suite (tb/mutate/README.md).
// Exit 0 when the run finished (whatever the score), 1 when the clean DUT fails its suite or the
// run was interrupted, 2 usage.

import path from 'node:path';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { suiteRunName, type SuiteRun } from '../tb/mutate/mutant-job.js';
import { mainJobSuite } from '../tb/mutate/run.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';
import { parseDefines } from './cosim.js';
import { CliError, exitWith, isMainModule, makeOutputDir, runCommand, UsageError, writeOutput, type CommandSpec } from './args.js';

export const MUTATE_COMMAND = {
  name: 'virtio-cosim mutate',
  summary: 'Mutation testing: single-point mutants of the DUT\'s sources, each built and run through the suite until its first kill; the score and every survivor.',
  options: {
    ...DUT_OPTIONS,
    count: { kind: 'int', min: 1, max: 100_000, default: 20, help: 'mutants to draw (each is a Verilator build, ~30-90 s)' },
    seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1, help: 'seed of the site sample (same seed, same mutants)' },
    jobs: { kind: 'int', min: 1, max: 64, default: 1, help: 'mutants built and run in parallel (child processes)' },
    profile: PROFILE_OPTION,
    suite: { kind: 'csv', meta: 'NAME[:SEED][@P][/W],...', help: 'scenario runs, cheapest first; NAME:A..B seeds A to B; @P: random back-pressure, stall probability P on every ready signal; /W: at TLP data width W (64 or 256; default --width), a second build of a mutant, made only when a run needs it; main-job: what the main job runs, its scenarios at seeds 1..4 at --width, then at the other width; default: the default suite (DEFAULT_SUITE of tb/mutate/run.ts, also the default)' },
    backpressure: { kind: 'string', meta: 'P', help: 'random back-pressure (stall probability 0 <= P < 1 on every ready signal) for every suite run without its own @P; the exact level then uses --timing warn for those runs' },
    'timeout-s': { kind: 'int', min: 1, max: 86_400, default: 600, help: 'bound of one scenario run of a mutant; a run past it is a kill (hang)' },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, default: 'exact', help: 'comparison level of every run' },
    out: { kind: 'string', meta: 'DIR', help: 'write DIR/mutate.json and DIR/mutate.junit.xml' },
    mutants: { kind: 'csv', meta: 'ID,...', help: 'run these mutants (ids from --list or mutate.json) instead of a sample' },
    list: { kind: 'flag', help: 'print the drawn mutants and exit (nothing is built)' },
  },
  epilogue: [
    'a kill is the first of: a divergence from the golden model, a memory difference, a host-check',
    'violation, a driver error, a simulator fault, a run past --timeout-s. score = killed /',
    '(mutants - equivalent - not compiling).',
    'exit status: 0 finished, 1 the clean DUT fails the suite or interrupted, 2 usage error',
    'example: npx virtio-cosim mutate --count 20 --jobs 2 --out out/mutate',
  ].join('\n'),
} satisfies CommandSpec;

/**
 * Items of --suite: `NAME[:SEED][@P][/W]` (P: back-pressure stall probability, W: TLP data width),
 * `NAME:A..B` (seeds A to B), `main-job` (mainJobSuite: both widths), `default` (the default suite);
 * checked against the built-in scenarios. `width` is the DUT's (--width): a run at it carries no
 * width (named without /W). A run named twice runs once, where it was first named.
 */
export function parseSuite(items: readonly string[], defaults: readonly SuiteRun[] = [], width: 64 | 256 = 64): SuiteRun[] {
  const out: SuiteRun[] = [];
  const seen = new Set<string>();
  const add = (given: SuiteRun): void => {
    const { width: w, ...rest } = given;
    const r: SuiteRun = w !== undefined && w !== width ? { ...rest, width: w } : rest;
    const key = suiteRunName(r);
    if (!seen.has(key)) out.push(r);
    seen.add(key);
  };
  for (const item of items) {
    if (item === 'main-job') { mainJobSuite(width).forEach(add); continue; }
    if (item === 'default') { defaults.forEach(add); continue; }
    const m = /^([A-Za-z0-9_-]+)(?::(\d+)(?:\.\.(\d+))?)?(?:@(0?\.\d+|0))?(?:\/(64|256))?$/.exec(item);
    if (!m || !SCENARIOS.some((s) => s.name === m[1]) || (m[3] !== undefined && Number(m[3]) < Number(m[2]))) {
      throw new UsageError(`${MUTATE_COMMAND.name}: --suite item ${JSON.stringify(item)} is not NAME[:SEED][@P][/W], NAME:A..B[@P][/W], main-job or default, with NAME one of ${SCENARIOS.map((s) => s.name).join(', ')}, A <= B, 0 <= P < 1 and W 64 or 256`);
    }
    const bp = m[4] === undefined ? 0 : Number(m[4]);
    const lo = m[2] === undefined ? 1 : Number(m[2]);
    const w = m[5] === undefined ? undefined : (Number(m[5]) as 64 | 256);
    for (let seed = lo; seed <= (m[3] === undefined ? lo : Number(m[3])); seed++) add({ scenario: m[1]!, seed, ...(bp > 0 ? { backpressure: bp } : {}), ...(w ? { width: w } : {}) });
  }
  return out;
}

export function mutateMain(argv: string[]): Promise<number> {
  return runCommand(MUTATE_COMMAND, argv, async ({ values: v }) => {
    const dut = dutFromValues(MUTATE_COMMAND.name, v);
    await loadProfileOption(MUTATE_COMMAND.name, v.profile); // a bad profile is one line before any mutant is built
    const defines = parseDefines(MUTATE_COMMAND.name, undefined, dut.defines ?? []);
    const [{ resolveDut, REFERENCE_DUT, DutSourceError }, m] = await Promise.all([import('../rtl-bridge/client/dut-build.js'), import('../tb/mutate/run.js')]);
    const { DEFAULT_SUITE } = m;
    const bp = v.backpressure === undefined ? 0 : Number(v.backpressure);
    if (!(/^[0-9.]+$/.test(v.backpressure ?? '0') && bp >= 0 && bp < 1)) throw new UsageError(`${MUTATE_COMMAND.name}: --backpressure ${JSON.stringify(v.backpressure)} is not a stall probability 0 <= P < 1`);
    const suite = parseSuite(v.suite ?? ['default'], DEFAULT_SUITE, dut.width).map((r) => (bp > 0 && !r.backpressure ? { ...r, backpressure: bp } : r));
    let resolved;
    try {
      const named = dut.dut ?? { ...REFERENCE_DUT, incdirs: [], params: [] };
      resolved = resolveDut({ top: named.top, rtl: named.rtl, incdirs: named.incdirs, params: named.params, defines, width: dut.width });
    } catch (e) {
      if (e instanceof DutSourceError) throw new UsageError(`${MUTATE_COMMAND.name}: ${e.message}`);
      throw e;
    }
    const mdut = {
      top: resolved.top, files: resolved.files, incdirs: resolved.incdirs, includes: resolved.includes, defines: resolved.defines, width: resolved.width,
      params: resolved.params.filter(([k]) => k !== 'TLP_DATA_WIDTH').map(([k, x]) => `${k}=${x}`),
    };
    let drawn;
    try {
      drawn = v.mutants ? m.pickMutants(mdut, v.mutants) : m.drawMutants(mdut, v.count, v.seed);
    } catch (e) {
      if (e instanceof m.MutateError) throw new UsageError(`${MUTATE_COMMAND.name}: --mutants: ${e.message}`);
      throw e;
    }
    const { sites, total } = drawn;
    if (v.list) {
      for (const s of sites) console.log(`${m.mutantId(s)} ${m.rel(s.file)}:${s.line} ${s.operator} ${m.oneLine(s.original)} -> ${m.oneLine(s.replacement)}${s.equivalent ? `  (equivalent: ${s.equivalent})` : ''}`);
      console.log(`${sites.length} of ${total} sites`);
      return 0;
    }
    console.log(`virtio-cosim mutate: ${sites.length} of ${total} sites of ${resolved.top} (w${resolved.width}), suite ${suite.map(suiteRunName).join(',')}, compare=${v.compare}, ${v.jobs} job(s); the clean DUT first`);
    let report;
    try {
      report = await m.runMutants(sites, { dut: mdut, suite, compare: v.compare, profileFile: v.profile === undefined ? undefined : path.resolve(v.profile), timeoutS: v['timeout-s'], jobs: v.jobs, seed: v.seed, sitesTotal: total, log: (l) => console.log(l) });
    } catch (e) {
      if (e instanceof m.MutateError) throw new CliError(e.message, 1);
      throw e;
    }
    console.log(m.formatReport(report));
    if (v.out !== undefined) {
      makeOutputDir(v.out);
      writeOutput(path.join(v.out, 'mutate.json'), `${JSON.stringify(report, null, 2)}\n`);
      writeOutput(path.join(v.out, 'mutate.junit.xml'), m.mutateJunit(report));
      console.log(`wrote ${path.join(v.out, 'mutate.json')} and mutate.junit.xml`);
    }
    return report.interrupted ? 1 : 0;
  });
}

if (isMainModule(import.meta.url)) exitWith(await mutateMain(process.argv.slice(2)));
