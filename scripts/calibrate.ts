// `virtio-cosim calibrate`: fit a timing profile's latency keys to a design (tb/cosim/calibrate.ts).
// Runs scenarios x seeds at the exact level with timing measured, not failing, prints the timing
// histogram (rtl − model first-beat cycles, per output kind) before and after, the keys changed,
// and writes the profile `--profile FILE` loads. Exit 0 when every pair of the fitted profile lies
// inside its tolerance and every run agrees, 1 otherwise (the file is written either way), 2 usage.

import { checkScenarioName, parseDefines } from './cosim.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';
import { writeOutput } from './output.js';
import { CliError, exitWith, isMainModule, runCommand, UsageError, type CommandSpec } from './args.js';

export const CALIBRATE_COMMAND = {
  name: 'virtio-cosim calibrate',
  summary: 'Fit the timing profile\'s latency keys to a design: scenarios at the exact level, histogram before and after, a profile file out.',
  options: {
    ...DUT_OPTIONS,
    device: { kind: 'string', meta: 'FILE', help: 'device description JSON (docs/device-description.md); default the reference RTL\'s' },
    profile: { ...PROFILE_OPTION, help: 'profile to start from (default model/timing/reference-rtl.json); its policy, widths and tolerance are kept' },
    scenarios: { kind: 'csv', meta: 'A,B', default: ['bringup', 'tx', 'rx', 'traffic'], help: 'scenarios (built-in names or test files) to measure on' },
    seeds: { kind: 'intlist', min: 0, max: 2 ** 32 - 1, default: [1, 2, 3], help: 'seeds of each scenario (e.g. 1..5,9)' },
    lookahead: { kind: 'int', min: 1, max: 65535, help: 'host read-completion latency in cycles (default 128, as cosim)' },
    transport: { kind: 'enum', values: ['zmq', 'fifo'] as const, help: 'how to reach the simulator (default COSIM_TRANSPORT or zmq)' },
    rounds: { kind: 'int', min: 1, max: 100, default: 8, help: 'most keys tried while pairs lie outside the tolerance' },
    name: { kind: 'string', nonEmpty: true, help: 'the profile\'s name (default: the starting profile\'s name + "-calibrated")' },
    out: { kind: 'string', meta: 'FILE', help: 'where the fitted profile goes (JSON, `--profile FILE` loads it); required' },
  },
  epilogue: [
    'exit status: 0 the fitted profile agrees on every run, 1 it does not (the file is still written), 2 usage error',
    'example: npx virtio-cosim calibrate --top my_nic --rtl hw/files.f --scenarios tx,rx --seeds 1..3 --out my-nic-profile.json',
  ].join('\n'),
} satisfies CommandSpec;

export function calibrateMain(argv: string[]): Promise<number> {
  return runCommand(CALIBRATE_COMMAND, argv, async ({ values: v }) => {
    if (v.out === undefined) throw new UsageError(`${CALIBRATE_COMMAND.name}: --out is required`);
    for (const s of v.scenarios) checkScenarioName(s);
    const dut = dutFromValues(CALIBRATE_COMMAND.name, v);
    const defines = parseDefines(CALIBRATE_COMMAND.name, undefined, dut.defines ?? []);
    const start = await loadProfileOption(CALIBRATE_COMMAND.name, v.profile);
    const [{ calibrate, formatEvaluation, profileJson }, { DEFAULT_LOOKAHEAD }, { loadDeviceFile }] = await Promise.all([
      import('../tb/cosim/calibrate.js'), import('../tb/cosim/runner.js'), import('../tb/cosim/device-file.js'),
    ]);
    let device;
    try {
      device = v.device === undefined ? undefined : loadDeviceFile(v.device);
    } catch (e) {
      if ((e as Error).name === 'DeviceDescriptionError') throw new UsageError(`${CALIBRATE_COMMAND.name}: --device: ${(e as Error).message}`);
      throw e;
    }
    const seeds = v.seeds;
    console.log(`calibrate: ${v.scenarios.join(', ')} x seeds ${seeds.join(',')}, TLP_DATA_WIDTH ${dut.width}, starting from profile ${start?.name ?? 'reference-rtl'}`);
    let result;
    try {
      result = await calibrate({
        scenarios: v.scenarios, seeds, width: dut.width, defines, dut: dut.dut, device, deviceFile: v.device, profile: start,
        lookahead: v.lookahead ?? DEFAULT_LOOKAHEAD, transport: v.transport, maxRounds: v.rounds, log: (l) => console.log(l),
      });
    } catch (e) {
      throw runError(e);
    }
    const fitted = { ...result.profile, name: v.name ?? `${result.profile.name}-calibrated` };
    console.log('timing before (rtl - model, first beats):');
    console.log(formatEvaluation(result.before, fitted).join('\n'));
    console.log('timing after:');
    console.log(formatEvaluation(result.after, fitted).join('\n'));
    console.log(result.changes.length ? `keys changed: ${result.changes.map((c) => `${c.key} ${c.from} -> ${c.to}`).join(', ')}` : 'keys changed: none (the starting profile fits)');
    const note = `calibrated by virtio-cosim calibrate on ${v.scenarios.join(', ')} x seeds ${seeds.join(',')} at width ${dut.width}, from ${start?.name ?? 'reference-rtl'}: ${result.changes.map((c) => `${c.key} ${c.from} -> ${c.to}`).join(', ') || 'no change'}; pairs outside the tolerance ${result.before.outside} -> ${result.after.outside} of ${result.after.pairs}`;
    writeOutput(v.out, profileJson(fitted, note));
    console.log(`profile written: ${v.out} (use it with --profile ${v.out})`);
    const ok = result.after.outside === 0 && result.after.failures.length === 0;
    console.log(`result: ${ok ? 'FITTED' : 'NOT FITTED'} (${result.evaluations} passes over ${v.scenarios.length * seeds.length} runs)`);
    return ok ? 0 : 1;
  });
}

/** A run's typed error as the command's line and exit code (as `cosim`: a bad input or a DUT that is not the device described 2, a simulator fault 1). */
function runError(e: unknown): unknown {
  const name = (e as Error | undefined)?.name;
  const message = (e as Error | undefined)?.message ?? String(e);
  if (name === 'CosimConfigError' || name === 'DutSourceError' || name === 'ScenarioFileError' || name === 'RtlTransportError') return new UsageError(message);
  if (name === 'DeviceMismatchError') return new CliError(message, 2);
  if (name === 'SimulatorError' || name === 'RtlBridgeError') return new CliError(`simulator fault (${name}): ${message.split('\n')[0]}`, 1);
  return e;
}

if (isMainModule(import.meta.url)) exitWith(await calibrateMain(process.argv.slice(2)));
