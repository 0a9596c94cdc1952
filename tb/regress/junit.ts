// JUnit XML for CI: one <testsuite> per scenario, one <testcase> per seed. A failing seed has a
// <failure> (timeout / runner crash: <error>) carrying the report; every test case has the
// reproduce command in <system-out>. Text is escaped for XML 1.0, and characters XML cannot
// carry at all (most C0 controls) are written as "\xNN".

import { isCosim, type JobSpec } from './jobs.js';
import type { Finished } from './pool.js';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape for element text and attribute values (XML 1.0 §2.4, §3.3.3); drops what XML cannot hold. */
export function xmlEscape(s: string): string {
  // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
  return s
    .replace(/[&<>"']/g, (c) => ENTITY[c])
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\\ufffd');
}

function attrs(o: Record<string, string | number>): string {
  return Object.entries(o).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * `cosimLevel` (e.g. `compare=spec`) names the comparison level in every co-simulation test case
 * (`seed 3 compare=spec`); model-only cases compare nothing and are named by seed alone.
 */
export function junitXml(finished: readonly Finished[], skipped: readonly (JobSpec & { reproduce: string })[], name = 'virtio-cosim regress', cosimLevel?: string): string {
  const scenarios: string[] = [];
  for (const s of [...finished.map((f) => f.spec), ...skipped]) if (!scenarios.includes(s.scenario)) scenarios.push(s.scenario);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const count = (l: readonly Finished[], st: string): number => l.filter((f) => f.result.status === st).length;
  const errs = (l: readonly Finished[]): number => count(l, 'timeout') + count(l, 'error');
  const total = (l: readonly Finished[]): number => l.reduce((n, f) => n + f.result.ms, 0);
  out.push(`<testsuites${attrs({ name, tests: finished.length + skipped.length, failures: count(finished, 'fail'), errors: errs(finished), skipped: skipped.length, time: secs(total(finished)) })}>`);
  for (const sc of scenarios) {
    const fs = finished.filter((f) => f.spec.scenario === sc);
    const sk = skipped.filter((s) => s.scenario === sc);
    out.push(`  <testsuite${attrs({ name: sc, tests: fs.length + sk.length, failures: count(fs, 'fail'), errors: errs(fs), skipped: sk.length, time: secs(total(fs)) })}>`);
    const cases = [...fs.map((f) => ({ seed: f.spec.seed, index: f.spec.index, f })), ...sk.map((s) => ({ seed: s.seed, index: s.index, s }))].sort((a, b) => a.index - b.index);
    for (const c of cases) {
      const head = `    <testcase${attrs({ classname: `regress.${sc}`, name: `seed ${c.seed}${cosimLevel && isCosim(sc) ? ` ${cosimLevel}` : ''}`, time: 'f' in c && c.f ? secs(c.f.result.ms) : '0.000' })}>`;
      if ('f' in c && c.f) {
        const r = c.f.result;
        out.push(head);
        if (r.status !== 'pass') {
          const tag = r.status === 'fail' ? 'failure' : 'error';
          out.push(`      <${tag}${attrs({ type: r.status, message: r.failure ?? r.status })}>${xmlEscape(r.report ?? r.failure ?? '')}</${tag}>`);
        }
        out.push(`      <system-out>${xmlEscape(`reproduce: ${c.f.reproduce}\n${r.status === 'pass' ? '' : c.f.output}`)}</system-out>`);
      } else if ('s' in c && c.s) {
        out.push(head);
        out.push(`      <skipped${attrs({ message: 'not run (--fail-fast)' })}/>`);
        out.push(`      <system-out>${xmlEscape(`reproduce: ${c.s.reproduce}`)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
