// A user's own test as a file: `cosim --scenario ./my-test.ts` (and `regress --scenarios`) load a
// module whose default export (or export named `scenario`) is a Scenario (scenarios.ts: name,
// description, datapath, setup(seed), run(ctx), optional signals: true for ctx.signals). The file is plain TypeScript run through tsx; it
// may import anything the testbench exports (tb/cosim/test-api.ts gathers what a test needs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario, ScenarioSetup } from './scenarios.js';

/** A scenario file that cannot be loaded or does not export a Scenario: names the file and the field. */
export class ScenarioFileError extends Error {
  constructor(file: string, why: string) {
    super(`scenario file ${file}: ${why}`);
    this.name = 'ScenarioFileError';
  }
}

/** A scenario argument that names a file rather than a built-in scenario. */
export function isScenarioFile(name: string): boolean {
  return name.includes('/') || /\.(ts|mts|js|mjs)$/.test(name);
}

const FIELDS: [keyof Scenario, string][] = [
  ['name', 'string'],
  ['description', 'string'],
  ['datapath', 'boolean'],
  ['setup', 'function'],
  ['run', 'function'],
];

/** Checks that a module export is a Scenario; throws ScenarioFileError naming the first bad field. */
export function checkScenario(file: string, value: unknown): Scenario {
  if (typeof value !== 'object' || value === null) throw new ScenarioFileError(file, 'exports no scenario (export default { name, description, datapath, setup, run })');
  for (const [k, type] of FIELDS) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v !== type) throw new ScenarioFileError(file, `field ${k} is ${v === undefined ? 'missing' : `a ${typeof v}`}, must be a ${type}`);
  }
  const sig = (value as Record<string, unknown>).signals;
  if (sig !== undefined && typeof sig !== 'boolean') throw new ScenarioFileError(file, `field signals is a ${typeof sig}, must be a boolean (true: the test uses ctx.signals)`);
  const s = value as Scenario;
  return { ...s, setup: (seed: number) => checkSetup(file, s.setup(seed)) };
}

/** What a file's setup(seed) returned, checked (no type checker ran on the file): `driver` defaults to no options. */
function checkSetup(file: string, v: unknown): ScenarioSetup {
  const what = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : `a ${typeof x}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ScenarioFileError(file, `setup(seed) returned ${what(v)}, must return an object ({ driver: { ... }, host?: { ... } })`);
  const r = v as Record<string, unknown>;
  for (const k of ['driver', 'host'] as const) {
    const f = r[k];
    if (f !== undefined && (typeof f !== 'object' || f === null || Array.isArray(f))) throw new ScenarioFileError(file, `setup(seed).${k} is ${what(f)}, must be an object`);
  }
  return r.driver === undefined ? { ...(r as Omit<ScenarioSetup, 'driver'>), driver: {} } : (r as unknown as ScenarioSetup);
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new ScenarioFileError(file, 'does not exist');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ScenarioFileError(file, `cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkScenario(file, mod.default ?? mod.scenario);
}
