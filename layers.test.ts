// Layers import only downward (docs/architecture.md "Layers"): model <- rtl-bridge <- tb, tools.
// Every relative import of every TypeScript file is read and checked against the rules below; a
// new import across a layer fails here with the file and the import named.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SKIP = new Set(['node_modules', 'build', 'dist', 'out']);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    if (SKIP.has(e) || e.startsWith('.') || e.startsWith('obj')) continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|mts)$/.test(e)) yield p;
  }
}

interface Import {
  file: string;
  spec: string;
  /** Repository-relative target for relative imports. */
  target: string | null;
}

function imports(): Import[] {
  const out: Import[] = [];
  for (const f of sources(ROOT)) {
    const file = path.relative(ROOT, f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      out.push({ file, spec, target: spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(f), spec)) : null });
    }
  }
  return out;
}

const layer = (p: string): string => p.split(path.sep)[0]!;
/** The one file every entry point may import across layers: the strict command-line parser. */
const SHARED = path.join('scripts', 'args.js');

/** Why an import breaks the layering, or null. */
function broken(i: Import): string | null {
  const from = layer(i.file);
  if (from === 'model') {
    if (i.spec.startsWith('node:')) return 'model/ is pure: no Node I/O modules';
    if (i.target && layer(i.target) !== 'model') return 'model/ imports only model/';
    return null;
  }
  if (!i.target || i.target === SHARED) return null;
  const to = layer(i.target);
  if (from === 'rtl-bridge' && !['model', 'rtl-bridge'].includes(to)) return 'rtl-bridge/ imports only model/ and rtl-bridge/';
  if (['tb', 'vectors', 'waves', 'rtl-bridge'].includes(from) && to === 'scripts') return 'only the tools in scripts/ import scripts/ (scripts/args.ts aside)';
  return null;
}

describe('layers', () => {
  it('every import goes downward', () => {
    const all = imports();
    expect(all.length).toBeGreaterThan(500);
    const bad = all.map((i) => ({ i, why: broken(i) })).filter((x) => x.why !== null).map((x) => `${x.i.file}: ${x.i.spec} (${x.why})`);
    expect(bad).toEqual([]);
  });

  it('the rules catch a planted upward import', () => {
    expect(broken({ file: path.join('model', 'net', 'x.ts'), spec: '../../tb/host/memory.js', target: path.join('tb', 'host', 'memory.js') })).toMatch(/model\/ imports only model/);
    expect(broken({ file: path.join('model', 'x.ts'), spec: 'node:fs', target: null })).toMatch(/pure/);
    expect(broken({ file: path.join('rtl-bridge', 'client', 'x.ts'), spec: '../../tb/cosim/runner.js', target: path.join('tb', 'cosim', 'runner.js') })).toMatch(/rtl-bridge/);
    expect(broken({ file: path.join('tb', 'cosim', 'x.ts'), spec: '../../scripts/cosim.js', target: path.join('scripts', 'cosim.js') })).toMatch(/scripts/);
  });
});
