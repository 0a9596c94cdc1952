// Kernel modules for the guest's initramfs, in load order. busybox `insmod` loads one file and
// resolves nothing, so the order comes from each module's own `.modinfo` section: the
// NUL-separated "key=value" strings the kernel build writes there include
// `depends=a,b` (what `modinfo -F depends` prints; scripts/mod/modpost.c).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export class ModuleOrderError extends Error {
  constructor(module: string, why: string) {
    super(`kernel module ${module}: ${why}`);
    this.name = 'ModuleOrderError';
  }
}

/** Module name as the kernel knows it: file name without .ko, '-' read as '_'. */
export function moduleName(file: string): string {
  return basename(file).replace(/\.ko$/, '').replace(/-/g, '_');
}

/** The `depends=` list of a module image (empty when it depends on nothing). */
export function moduleDepends(image: Uint8Array): string[] {
  const key = new TextEncoder().encode('depends=');
  outer: for (let i = 0; i + key.length <= image.length; i++) {
    // A modinfo string starts right after a NUL (or at the section start).
    if (image[i] !== key[0] || (i > 0 && image[i - 1] !== 0)) continue;
    for (let k = 1; k < key.length; k++) if (image[i + k] !== key[k]) continue outer;
    let end = i + key.length;
    while (end < image.length && image[end] !== 0) end++;
    const list = new TextDecoder().decode(image.subarray(i + key.length, end));
    return list.split(',').filter((s) => s.length > 0);
  }
  return [];
}

export interface KernelModule {
  name: string;
  file: string;
  depends: string[];
}

export function readModule(file: string): KernelModule {
  return { name: moduleName(file), file, depends: moduleDepends(readFileSync(file)) };
}

/**
 * `wanted` and everything they depend on, dependencies first. Throws when a dependency is not
 * among `available` (it would have to be built in: check modules.builtin before calling) or
 * when the dependencies form a cycle.
 */
export function loadOrder(available: readonly KernelModule[], wanted: readonly string[], builtin: ReadonlySet<string> = new Set()): KernelModule[] {
  const byName = new Map(available.map((m) => [m.name, m]));
  const order: KernelModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string): void => {
    if (builtin.has(name) || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ModuleOrderError(name, `dependency cycle through ${from}`);
    const m = byName.get(name);
    if (!m) throw new ModuleOrderError(name, `needed by ${from} but neither built in nor among the fetched modules`);
    state.set(name, 'visiting');
    for (const d of m.depends) visit(d, name);
    state.set(name, 'done');
    order.push(m);
  };
  for (const w of wanted) visit(w, 'the guest');
  return order;
}
