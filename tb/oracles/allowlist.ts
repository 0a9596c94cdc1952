// The allow-list of spec-permitted differences between QEMU and the model, read as data from
// docs/oracles-allowlist.md: a markdown table `| id | scripts | answer | spec | reason |` whose
// `scripts` and `answer` columns are globs (`*` = any text) over script file names and answer labels.

import { readFileSync } from 'node:fs';

export interface AllowEntry {
  id: string;
  scripts: RegExp;
  answer: RegExp;
  spec: string;
  reason: string;
}

export class AllowListError extends Error {
  constructor(line: number, why: string) {
    super(`oracles allow-list line ${line}: ${why}`);
    this.name = 'AllowListError';
  }
}

function glob(s: string): RegExp {
  const body = s.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

export function parseAllowList(markdown: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  markdown.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('|')) return;
    const cols = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cols[0] === 'id' || /^-+$/.test(cols[0])) return;
    if (cols.length !== 5) throw new AllowListError(i + 1, `expected 5 columns (id, scripts, answer, spec, reason), got ${cols.length}`);
    const [id, scripts, answer, spec, reason] = cols;
    if (!/§/.test(spec)) throw new AllowListError(i + 1, `entry '${id}' cites no spec section`);
    if (reason === '') throw new AllowListError(i + 1, `entry '${id}' gives no reason`);
    out.push({ id, scripts: glob(scripts), answer: glob(answer), spec, reason });
  });
  return out;
}

export function loadAllowList(path: string): AllowEntry[] {
  return parseAllowList(readFileSync(path, 'utf8'));
}

export function findAllowed(list: readonly AllowEntry[], script: string, label: string): AllowEntry | undefined {
  return list.find((e) => e.scripts.test(script) && e.answer.test(label));
}
