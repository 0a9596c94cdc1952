// One co-simulation run from the command line; prints the summary, exits 1 on divergence.
//   npx tsx scripts/cosim.ts --scenario traffic --seed 1 [--width 64|256] [--defines X,Y]
//                            [--lookahead 128] [--transport zmq|fifo] [--no-waves] [--window 200] [--trace] [--keep-going]
import { CosimConfigError, DEFAULT_LOOKAHEAD, formatSummary, runCosim } from '../tb/cosim/runner.js';
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
}).catch((e: unknown) => (e instanceof CosimConfigError ? usage(e.message) : Promise.reject(e)));
if (result.report) console.log(result.report);
console.log(formatSummary(result));
process.exit(result.ok ? 0 : 1);
