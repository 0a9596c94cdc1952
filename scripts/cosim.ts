// One co-simulation run from the command line; prints the summary, exits 1 on divergence.
//   npx tsx scripts/cosim.ts --scenario traffic --seed 1 [--width 64|256] [--defines X,Y]
//                            [--lookahead 128] [--transport zmq|fifo] [--no-waves] [--window 200] [--trace] [--keep-going]
import { CosimConfigError, DEFAULT_LOOKAHEAD, formatSummary, runCosim, runExitCode } from '../tb/cosim/runner.js';
import { Interrupted, signalExitCode, supervise, watchSignals } from '../tb/cosim/interrupt.js';
import { RtlBridgeError } from '../tb/cosim/rtl-sync.js';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { describeEvent } from '../tb/cosim/scoreboard.js';

function usage(msg?: string): never {
  if (msg) console.error(msg.startsWith('cosim: ') ? msg : `cosim: ${msg}`);
  console.error(`usage: npx tsx scripts/cosim.ts --scenario NAME --seed N [--width 64|256] [--defines A,B] [--lookahead L (default ${DEFAULT_LOOKAHEAD})] [--transport zmq|fifo] [--no-waves] [--window W] [--trace] [--keep-going]`);
  console.error(`scenarios: ${SCENARIOS.map((s) => `${s.name} (${s.description})`).join('\n           ')}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`--${name} needs a value`);
  return v;
};
if (args.includes('--help') || args.includes('-h')) usage();
const int = (name: string, dflt: number): number => {
  const v = opt(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) usage(`--${name} ${v} is not an integer`);
  return n;
};

// Ctrl-C / SIGTERM: the run stops with its summary so far, exit 130/143 (tb/cosim/interrupt.ts);
// outside the run (build, start-up) at once, with one line.
await supervise();
watchSignals((sig) => {
  console.error(`cosim: interrupted by ${sig}`);
  process.exit(signalExitCode(sig));
});
const scenario = opt('scenario') ?? 'bringup';
const width = int('width', 64);
if (width !== 64 && width !== 256) usage(`--width ${width} must be 64 or 256`);
const result = await runCosim({
  scenario,
  seed: int('seed', 1),
  width,
  defines: (opt('defines') ?? '').split(/[,\s]+/).filter(Boolean),
  lookahead: int('lookahead', DEFAULT_LOOKAHEAD),
  transport: ((t) => (t === undefined || t === 'zmq' || t === 'fifo' ? t : usage(`--transport ${t} must be zmq or fifo`)))(opt('transport')),
  wavesOnDivergence: !args.includes('--no-waves'),
  waveWindow: int('window', 200),
  // --trace: every transaction of both sides, with its ordering domain, as it is compared.
  trace: args.includes('--trace') ? (side, ev, domain) => console.log(`${side.padEnd(5)} @${ev.cycle} [${domain}] ${describeEvent(ev)}`) : undefined,
  continueAfterDivergence: args.includes('--keep-going'),
}).catch((e: unknown) => {
  if (e instanceof CosimConfigError) usage(e.message);
  // The simulator never got going (build, binary, start-up): one line, exit 1.
  if (e instanceof RtlBridgeError) {
    for (const l of e.stderrTail) console.error(`  simulator stderr: ${l}`);
    console.error(`cosim: ${e.message}`);
    process.exit(1);
  }
  if (e instanceof Interrupted) {
    console.error(`cosim: ${e.message}`);
    process.exit(signalExitCode(e.signal));
  }
  return Promise.reject(e);
});
if (result.report) console.log(result.report);
console.log(formatSummary(result));
if (result.fault) console.error(`cosim: ${result.fault}`);
// A SIGTERM that came during the synchronous run is handled in this turn (exit 143 there).
await new Promise((r) => setImmediate(r));
process.exit(runExitCode(result));
