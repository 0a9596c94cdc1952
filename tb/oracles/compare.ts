// Compares the answers QEMU and the model gave to the same script, in order. Equal answers agree;
// a difference is allowed only if the allow-list names it (with its spec section); anything else
// is a disagreement that shows both answers.

import { findAllowed, type AllowEntry } from './allowlist.js';
import type { RunResult } from './interp.js';

export interface Comparison {
  script: string;
  agreements: number;
  /** Differences the allow-list permits: `label: qemu=.. model=.. (entry id)`. */
  allowed: string[];
  disagreements: string[];
  /** Expectation failures and errors of either backend. */
  failures: string[];
}

export function compareRuns(qemu: RunResult, model: RunResult, allow: readonly AllowEntry[]): Comparison {
  const c: Comparison = { script: qemu.script, agreements: 0, allowed: [], disagreements: [], failures: [...qemu.failures, ...model.failures] };
  const n = Math.max(qemu.answers.length, model.answers.length);
  for (let i = 0; i < n; i++) {
    const q = qemu.answers[i];
    const m = model.answers[i];
    if (!q || !m || q.label !== m.label) {
      c.disagreements.push(`${qemu.script}: answer #${i} differs in shape: qemu ${q ? `line ${q.line} ${q.label}` : 'none'}, model ${m ? `line ${m.line} ${m.label}` : 'none'}`);
      break; // later answers no longer line up
    }
    if (q.value === m.value) {
      c.agreements++;
      continue;
    }
    const entry = findAllowed(allow, qemu.script, q.label);
    const detail = `${qemu.script}:${q.line} ${q.label}: qemu=${q.value} model=${m.value}`;
    if (entry) c.allowed.push(`${detail} (allowed: ${entry.id}, ${entry.spec})`);
    else c.disagreements.push(detail);
  }
  return c;
}
