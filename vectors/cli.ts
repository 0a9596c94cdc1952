// `virtio-cosim vectors ...` subcommands (dispatched from scripts/cli.ts):
//   vectors gen --scenario S --seed N --out DIR [--width 64|256] [--tolerance B,A] [--frames N]
//       writes DIR/S-N-wW.jsonl and DIR/S-N-wW.hex
//   vectors check FILE...   validates each file (either form); exit 1 on the first error

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readVector, summarise, writeHex, writeJsonl, VectorFormatError } from './format.js';
import { GenError, SCENARIOS, generate } from './gen.js';

export const VECTORS_USAGE = `usage:
  vectors gen --scenario ${SCENARIOS.join('|')} --seed N --out DIR [--width 64|256] [--tolerance BEFORE,AFTER] [--frames N]
  vectors check FILE...
`;

function int(name: string, s: string | undefined, dflt?: number): number {
  if (s === undefined) {
    if (dflt !== undefined) return dflt;
    throw new GenError(`--${name}`, s, 'is required');
  }
  if (!/^\d+$/.test(s)) throw new GenError(`--${name}`, s, 'is not a non-negative integer');
  return Number(s);
}

/** Output file base name for a generated vector. */
export function vectorBaseName(scenario: string, seed: number, width: number): string {
  return `${scenario}-${seed}-w${width}`;
}

function gen(args: string[]): number {
  const { values } = parseArgs({
    args, strict: true,
    options: { scenario: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, width: { type: 'string' }, tolerance: { type: 'string' }, frames: { type: 'string' } },
  });
  if (!values.scenario) throw new GenError('--scenario', undefined, `is required (${SCENARIOS.join(', ')})`);
  if (!values.out) throw new GenError('--out', undefined, 'is required');
  const width = int('width', values.width, 64);
  if (width !== 64 && width !== 128 && width !== 256) throw new GenError('--width', width, 'is not 64, 128 or 256');
  let tolerance: { before: number; after: number } | undefined;
  if (values.tolerance !== undefined) {
    const [b, a] = values.tolerance.split(',');
    tolerance = { before: int('tolerance', b), after: int('tolerance', a ?? b) };
  }
  const seed = int('seed', values.seed);
  const v = generate({ scenario: values.scenario, seed, tlpDataWidth: width, tolerance, frames: int('frames', values.frames, 4) });
  mkdirSync(values.out, { recursive: true });
  const base = join(values.out, vectorBaseName(values.scenario, seed, width));
  writeFileSync(`${base}.jsonl`, writeJsonl(v));
  writeFileSync(`${base}.hex`, writeHex(v));
  console.log(`wrote ${base}.jsonl and ${base}.hex: ${summarise(v)}`);
  return 0;
}

function check(files: string[]): number {
  if (files.length === 0) throw new GenError('FILE', undefined, 'is required');
  for (const f of files) {
    try {
      const { vector, form } = readVector(readFileSync(f, 'utf8'));
      console.log(`${f}: OK (${form}) ${summarise(vector)}`);
    } catch (e) {
      if (e instanceof VectorFormatError) {
        console.error(`${f}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  return 0;
}

export function vectorsMain(argv: string[]): number {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'gen') return gen(rest);
    if (sub === 'check') return check(rest);
  } catch (e) {
    if (e instanceof GenError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  process.stderr.write(VECTORS_USAGE);
  return sub === undefined || sub === '-h' || sub === '--help' ? 0 : 2;
}
