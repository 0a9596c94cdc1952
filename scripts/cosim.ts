// `virtio-cosim cosim`: one co-simulation run (the golden model against the Verilated RTL) from
// the command line. Prints the divergence report (if any) and the summary; exit 0 agree,
// 1 divergence or simulator fault, 2 usage. `npx tsx scripts/cosim.ts ...` runs the same (tb/regress
// starts it that way, one child per co-sim job).
//
// The runner is loaded inside the error reporting (a broken timing profile is one line);
// scripts/cli.test.ts checks that with a broken profile.

import type { RunConfig, RunResult } from '../tb/cosim/runner.js';
import type { RtlSide } from '../tb/cosim/rtl-sync.js';
// The scenario list only (driver code, no timing profile): usage and validation before anything loads.
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { isScenarioFile } from '../tb/cosim/scenario-file.js';
import { BackpressureError, parseBackpressure, stallProbabilities, type BackpressureSetting } from '../tb/cosim/backpressure.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';
import { CliError, exitWith, isMainModule, runCommand, UsageError, type CommandSpec, type Parsed } from './args.js';

/** A built-in scenario name, or a path to a test file (tb/cosim/scenario-file.ts). */
export function checkScenarioName(name: string): void {
  if (isScenarioFile(name)) return;
  if (!SCENARIOS.some((s) => s.name === name)) {
    throw new UsageError(`${COSIM_COMMAND.name}: --scenario ${JSON.stringify(name)} is neither a scenario (${SCENARIOS.map((s) => s.name).join(', ')}) nor a test file`);
  }
}

/** A Verilog define as the simulator build takes it: NAME or NAME=VALUE (rtl-bridge/client/process.ts). */
const DEFINE = /^[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_]+)?$/;

export const COSIM_COMMAND = {
  name: 'virtio-cosim cosim',
  summary: 'One co-simulation run: the golden model against the Verilated reference RTL (or a variant), compared transaction by transaction.',
  options: {
    scenario: { kind: 'string', meta: 'NAME|FILE', default: 'bringup', help: 'a built-in scenario (listed below) or a test file exporting a Scenario (docs/your-first-test.md)' },
    seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1, help: 'stimulus seed' },
    ...DUT_OPTIONS,
    device: { kind: 'string', meta: 'FILE', help: 'device description JSON (docs/device-description.md); default the reference RTL\'s' },
    profile: PROFILE_OPTION,
    lookahead: { kind: 'int', min: 1, max: 65535, help: 'host read-completion latency = lockstep lookahead in cycles, below the 65,536-cycle completion timeout (default DEFAULT_LOOKAHEAD of tb/cosim/runner.ts, 128)' },
    transport: { kind: 'enum', values: ['zmq', 'fifo', 'tcp'] as const, help: 'how to reach the simulator it starts: zmq (ipc), fifo (named pipes), tcp (ZeroMQ over TCP loopback); default COSIM_TRANSPORT or zmq' },
    connect: { kind: 'string', meta: 'ENDPOINT', nonEmpty: true, help: 'use a simulator started elsewhere (`sim-server --endpoint tcp://*:PORT`, docs/host-replica.md), e.g. tcp://simhost:5555' },
    'no-replica': { kind: 'flag', help: 'answer every device read from the testbench (one round trip each) instead of the simulator\'s host replica; same results' },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, default: 'exact', help: 'exact: TLP for TLP against the timing profile; spec: what the specifications fix' },
    timing: { kind: 'enum', values: ['fail', 'warn'] as const, default: 'fail', help: 'exact level: a pair outside the profile tolerance fails the run, or is only counted' },
    'notify-bound': { kind: 'int', min: 1, max: 100_000_000, meta: 'CYCLES', help: 'spec level: cycles from a used write to the notification it requires (default 65536; docs/spec-level.md)' },
    backpressure: { kind: 'string', meta: 'P|CH=P,...', nonEmpty: true, help: 'random back-pressure: stall probability per cycle (0 <= P < 1) of every ready signal the DUT sees and of valid gaps between beats of one rx_req TLP, or per channel (tx_cpl, tx_rd_req, tx_wr_req, m_axis_tx, rx_req), seeded by --seed; the server checks that valid and the beat hold while stalled. Exact level: needs --timing warn' },
    'no-input-noise': { kind: 'flag', help: 'drive the DUT inputs the contract gives no meaning (all but valid while valid is low, lanes outside strb/tkeep) and the disabled byte lanes of the host\'s MWr/CfgWr0 payloads (First/Last DW BE bit 0) as zeros instead of seeded random values' },
    'no-waves': { kind: 'flag', help: 'no re-run with waves around a divergence' },
    window: { kind: 'int', min: 1, max: 10_000_000, default: 200, help: 'half-width of the wave window in cycles' },
    trace: { kind: 'flag', help: 'print every transaction of both sides as it is compared' },
    'keep-going': { kind: 'flag', help: 'keep comparing after the first divergence (the report stays the first)' },
    signals: { kind: 'flag', help: "signal-level access for the test (ctx.signals: peek/poke by name, bounded waits): a build with public signals, slower; a test file may ask for it itself with signals: true" },
    coverage: { kind: 'string', meta: 'FILE', help: 'write the functional coverage bins this run hit (JSON, tb/regress/README.md "Coverage files"); written only when the run agrees' },
    'rtl-coverage': { kind: 'string', meta: 'FILE', help: "RTL line/toggle coverage: run a Verilator --coverage build, which writes its coverage.dat here (merge with 'virtio-cosim coverage')" },
    'regress-result': { kind: 'flag', help: 'end with a REGRESS-RESULT line (tb/regress/protocol.ts): how regress reads a co-sim job and its coverage' },
  },
  epilogue: [
    'scenarios:', ...SCENARIOS.map((s) => `  ${s.name.padEnd(18)} ${s.description}`), '',
    'exit status: 0 agree, 1 divergence or simulator fault, 2 usage error or a DUT that is not the device described (checked at start)',
    'example: npx virtio-cosim cosim --scenario traffic --seed 3 --width 256 --compare spec',
  ].join('\n'),
} satisfies CommandSpec;

/** Defines from a comma (or space) separated list and repeated single ones; each NAME or NAME=VALUE. */
export function parseDefines(cmd: string, csv: string | undefined, repeated: readonly string[]): string[] {
  const out: string[] = [];
  const items = [...(csv === undefined ? [] : csv.trim().split(/\s*,\s*|\s+/)), ...repeated];
  for (const d of items) {
    if (!DEFINE.test(d)) throw new UsageError(`${cmd}: define ${JSON.stringify(d)} is not NAME or NAME=VALUE (letters, digits, _)`);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/**
 * The RunConfig of a parsed command line (trace printing aside). `lookahead` defaults to the
 * runner's DEFAULT_LOOKAHEAD, passed in so this module loads no runner code.
 */
export function cosimConfig(v: Parsed<typeof COSIM_COMMAND.options>['values'], defaultLookahead: number): Omit<RunConfig, 'trace'> {
  checkScenarioName(v.scenario);
  const dut = dutFromValues(COSIM_COMMAND.name, v);
  return {
    scenario: v.scenario,
    seed: v.seed,
    width: v.width === '256' ? 256 : 64,
    defines: parseDefines(COSIM_COMMAND.name, undefined, dut.defines ?? []),
    dut: dut.dut,
    lookahead: v.lookahead ?? defaultLookahead,
    transport: v.transport,
    ...(v.connect !== undefined ? { connect: v.connect } : {}),
    ...(v['no-replica'] ? { replica: false } : {}),
    compare: v.compare,
    notifyBound: v['notify-bound'],
    timing: v.timing,
    wavesOnDivergence: !v['no-waves'],
    waveWindow: v.window,
    continueAfterDivergence: v['keep-going'],
    ...(v.signals ? { signals: true } : {}),
    rtlCoverage: v['rtl-coverage'],
    ...(v['no-input-noise'] ? { inputNoise: false } : {}),
    ...(v.backpressure !== undefined ? { backpressure: backpressureOption(COSIM_COMMAND.name, v.backpressure, v.compare, v.timing) } : {}),
  };
}

/** --backpressure as RunConfig takes it; a bad value, or a stall at the exact level without --timing warn, is a usage error. */
export function backpressureOption(cmd: string, text: string, compare: 'exact' | 'spec', timing: 'fail' | 'warn'): BackpressureSetting {
  let b: BackpressureSetting;
  try {
    b = parseBackpressure(text);
  } catch (e) {
    if (e instanceof BackpressureError) throw new UsageError(`${cmd}: --backpressure: ${e.message}`);
    throw e;
  }
  if (compare === 'exact' && timing !== 'warn' && [...stallProbabilities(b).values()].some((p) => p > 0)) {
    throw new UsageError(`${cmd}: --backpressure ${text} delays the device: at --compare exact it needs --timing warn (or use --compare spec)`);
  }
  return b;
}

export function cosimMain(argv: string[]): Promise<number> {
  return runCommand(COSIM_COMMAND, argv, async ({ values: v }) => {
    parseDefines(COSIM_COMMAND.name, undefined, [...(v.defines ?? []), ...v.define]); // a bad define is a usage error before anything loads
    // Ctrl-C / SIGTERM: the run stops with its summary so far, exit 130/143; outside the run
    // (build, start-up) at once, with one line (tb/cosim/interrupt.ts: the command re-runs itself
    // as a supervised child so a signal reaches a run that blocks on the simulator).
    const { supervise, watchSignals, signalExitCode } = await import('../tb/cosim/interrupt.js');
    await supervise();
    watchSignals((sig) => {
      process.stderr.write(`${COSIM_COMMAND.name}: interrupted by ${sig}\n`);
      exitWith(signalExitCode(sig));
    });
    return cosimRun(v);
  });
}

/**
 * What a caller running many jobs in one process (scripts/cosim-worker.ts) plugs into a run:
 * `rtl` gives an already started simulator for the run's configuration (undefined: the run
 * starts its own), `done` sees the run's result (null when it ended in an error).
 */
export interface CosimRunHooks {
  rtl?: (cfg: RunConfig) => Promise<RtlSide | undefined>;
  done?: (result: RunResult | null) => void;
}

/** One run of a parsed command line: report, summary, exit code (0 agree, 1 divergence or fault, 2 bad input). */
export async function cosimRun(v: Parsed<typeof COSIM_COMMAND.options>['values'], hooks: CosimRunHooks = {}): Promise<number> {
  parseDefines(COSIM_COMMAND.name, undefined, [...(v.defines ?? []), ...v.define]);
  const { Interrupted, signalExitCode } = await import('../tb/cosim/interrupt.js');
  const [{ CosimConfigError, DEFAULT_LOOKAHEAD, formatSummary, runCosim, runExitCode }, { describeEvent }, { SimulatorError }, { RtlBridgeError }, { RtlTransportError },
    { DutSourceError }, { DeviceDescriptionError }, { loadDeviceFile }, { DeviceMismatchError }, { ScenarioFileError }] = await Promise.all([
    import('../tb/cosim/runner.js'), import('../tb/cosim/scoreboard.js'),
    import('../rtl-bridge/client/errors.js'), import('../tb/cosim/rtl-sync.js'), import('../tb/cosim/rtl.js'),
    import('../rtl-bridge/client/dut-build.js'), import('../model/pci/description.js'), import('../tb/cosim/device-file.js'),
    import('../tb/cosim/preflight.js'), import('../tb/cosim/scenario-file.js'),
  ]);
  let device;
  try {
    device = v.device === undefined ? undefined : loadDeviceFile(v.device);
  } catch (e) {
    if (e instanceof DeviceDescriptionError) throw new UsageError(`${COSIM_COMMAND.name}: --device: ${e.message}`);
    throw e;
  }
  const profile = await loadProfileOption(COSIM_COMMAND.name, v.profile);
  const cfg: RunConfig = {
    ...cosimConfig(v, DEFAULT_LOOKAHEAD),
    device,
    profile,
    deviceFile: v.device,
    // --trace: every transaction of both sides, with its ordering domain, as it is compared.
    trace: v.trace ? (side, ev, domain) => console.log(`${side.padEnd(5)} @${ev.cycle} [${domain}] ${describeEvent(ev)}`) : undefined,
  };
  // Functional coverage from this RTL run (tb/regress/cosim-probe.ts), for --coverage and regress.
  const probe = v.coverage !== undefined || v['regress-result'] ? new (await import('../tb/regress/cosim-probe.js')).CosimProbe() : undefined;
  cfg.observer = probe;
  let result: RunResult | null = null;
  try {
    cfg.rtl = await hooks.rtl?.(cfg);
    result = await runCosim(cfg);
  } catch (e) {
    if (e instanceof CosimConfigError || e instanceof RtlTransportError || e instanceof DutSourceError || e instanceof ScenarioFileError) throw new UsageError(e.message);
    // The DUT is not the device described (--device, the DUT options): a configuration error
    // before any traffic, one line, exit 2 like any input that is not what it should be.
    if (e instanceof DeviceMismatchError) throw new CliError(e.message, 2);
    if (e instanceof Interrupted) throw new CliError(e.message, signalExitCode(e.signal));
    if (e instanceof SimulatorError || e instanceof RtlBridgeError) {
      // The first line names the fault; the rest (build log, simulator stderr) is context above it.
      const [first, ...rest] = e.message.split('\n');
      const tail = e instanceof RtlBridgeError ? e.stderrTail.map((l) => `  simulator stderr: ${l}`) : rest;
      if (tail.length) process.stderr.write(`${tail.join('\n')}\n`);
      // A simulator that died or hung names itself (pid, signal, cycle); a build or start-up failure says which.
      throw new CliError(e instanceof RtlBridgeError ? first! : `simulator fault (${e.name}): ${first}`, 1);
    }
    throw e;
  } finally {
    hooks.done?.(result);
  }
  if (result.report) console.log(result.report);
  console.log(formatSummary(result));
  if (result.fault) process.stderr.write(`${COSIM_COMMAND.name}: ${result.fault}\n`);
  // A SIGTERM that came during the synchronous run is handled in this turn (exit 143 there).
  await new Promise((r) => setImmediate(r));
  const code = runExitCode(result);
  if (probe && v.coverage !== undefined && code === 0) {
    const { coverageFile } = await import('../tb/regress/coverage.js');
    const { writeOutput } = await import('./output.js');
    writeOutput(v.coverage, `${JSON.stringify(coverageFile(probe.snapshot(), 1, [`rtl-w${cfg.width}`]), null, 2)}\n`);
  }
  if (probe && v['regress-result']) {
    const { formatResult } = await import('../tb/regress/protocol.js');
    // A failure's line and report are the output's, as regress reads any co-sim job (tb/regress/pool.ts).
    console.log(formatResult({
      scenario: result.config.scenario, seed: result.config.seed, status: code === 0 ? 'pass' : 'fail', cycles: result.cycles,
      compared: { ...result.summary.compared }, coverage: code === 0 ? probe.snapshot() : {},
      artifacts: result.wavePath ? [result.wavePath] : [], ms: Math.round(result.wallMs),
    }));
  }
  return code;
}

if (isMainModule(import.meta.url)) exitWith(await cosimMain(process.argv.slice(2)));
