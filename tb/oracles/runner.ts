// Runs driver scripts on both backends (a fresh QEMU per script, a fresh model per script) and
// compares the answers. `npx tsx tb/oracles/run.ts` is the command-line front end.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, DeviceProps } from './backend.js';
import { loadAllowList, type AllowEntry } from './allowlist.js';
import { compareRuns, type Comparison } from './compare.js';
import { runScript, type RunResult } from './interp.js';
import { ModelBackend, type ModelBackendOptions } from './model-backend.js';
import { QemuBackend } from './qemu-backend.js';
import { parseNumber, parseScript, ScriptError, type Script } from './script.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const SCRIPTS_DIR = join(HERE, 'scripts');
export const ALLOWLIST_PATH = join(HERE, '..', '..', 'docs', 'oracles-allowlist.md');

export function scriptFiles(dir = SCRIPTS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.vscr')).sort().map((f) => join(dir, f));
}

export function loadScript(path: string): Script {
  return parseScript(basename(path), readFileSync(path, 'utf8'));
}

export function deviceProps(s: Script): DeviceProps {
  const p: DeviceProps = {};
  for (const [k, v] of Object.entries(s.device)) {
    if (k === 'mtu') p.mtu = parseNumber(v, 'device mtu', s.file);
    else throw new ScriptError(s.file, 0, `unknown device property '${k}'`);
  }
  return p;
}

async function runOn(script: Script, start: () => Promise<Backend>): Promise<RunResult> {
  const b = await start();
  try {
    return await runScript(script, b);
  } finally {
    await b.close();
  }
}

export interface PairResult {
  comparison: Comparison;
  qemu: RunResult;
  model: RunResult;
}

export async function runPair(script: Script, allow: readonly AllowEntry[], modelOpts: ModelBackendOptions = {}): Promise<PairResult> {
  const props = deviceProps(script);
  const qemu = await runOn(script, () => QemuBackend.start(props));
  const model = await runOn(script, () => ModelBackend.start(props, modelOpts));
  return { comparison: compareRuns(qemu, model, allow), qemu, model };
}

export function defaultAllowList(): AllowEntry[] {
  return loadAllowList(ALLOWLIST_PATH);
}
