// JUnit XML for CI, shaped for real consumers (Jenkins junit / xunit, GitLab): one <testsuite>
// per job, holding that job's <properties> (configuration and seed) and its one <testcase>. The
// Jenkins JUnit schemas allow <properties> only on a testsuite, never on a testcase
// (tb/regress/jenkins-junit.xsd; checked with xmllint in junit.test.ts), so a suite per job is how
// each test case carries its own. The classname keeps configurations apart:
//   co-simulation  virtio-cosim.<top>.w<width>.<defines|default>.<compare>.<scenario>
//   model-only     virtio-cosim.model-only.<scenario>
// A failing job has a <failure> (timeout / runner crash: <error>) carrying the report; every
// test case has the reproduce command in <system-out>. Text is escaped for XML 1.0, and
// characters XML cannot carry at all (most C0 controls) are written as "\xNN".

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

/** The configuration co-simulation jobs of one regress run ran with (model-only jobs use none of it). */
export interface RunLabel {
  /** Top module of the DUT (the reference RTL's is virtio_net_pcie). */
  top: string;
  /** `reference` (rtl/) or the user's --rtl paths, comma separated. */
  rtl: string;
  width: 64 | 256;
  /** Verilog defines, comma separated; '' for none. */
  defines: string;
  compare: 'exact' | 'spec';
  timing: 'fail' | 'warn';
  /** How cosim.ts reached the simulator (zmq, fifo ...). */
  transport: string;
  /** model-only: the deliberate breakage (--break), if any. */
  break?: string;
}

/** One test case: a job that ran (`finished`) or one that was not started (skipped). */
export interface JunitCase {
  spec: JobSpec;
  reproduce: string;
  label: RunLabel;
  finished?: Finished;
  /** Why a skipped job did not run. */
  skipReason?: string;
}

/** A classname component: dots would split Jenkins' package tree, so only [A-Za-z0-9_+=-] stay. */
function part(s: string): string {
  return s.replace(/,/g, '+').replace(/[^A-Za-z0-9_+=-]/g, '_');
}

export function classname(scenario: string, label: RunLabel): string {
  const sc = part(scenario.replace(/^cosim:/, ''));
  if (!isCosim(scenario)) return `virtio-cosim.model-only.${sc}`;
  return ['virtio-cosim', part(label.top), `w${label.width}`, label.defines ? part(label.defines) : 'default', label.compare, sc].join('.');
}

/** The <properties> of a job, in a fixed order. */
export function caseProperties(spec: JobSpec, label: RunLabel): [string, string][] {
  const common: [string, string][] = [['scenario', spec.scenario], ['seed', String(spec.seed)]];
  if (!isCosim(spec.scenario)) return [['mode', 'model-only'], ...common, ['rtl', 'none (golden model alone)'], ...(label.break ? [['break', label.break] as [string, string]] : [])];
  return [['mode', 'cosim'], ...common, ['top', label.top], ['rtl', label.rtl], ['width', String(label.width)], ['defines', label.defines || 'none'],
    ['compare', label.compare], ['timing', label.timing], ['transport', label.transport]];
}

const count = (l: readonly JunitCase[], st: string): number => l.filter((c) => c.finished?.result.status === st).length;
const errs = (l: readonly JunitCase[]): number => count(l, 'timeout') + count(l, 'error');
const total = (l: readonly JunitCase[]): number => l.reduce((n, c) => n + (c.finished?.result.ms ?? 0), 0);
const skips = (l: readonly JunitCase[]): number => l.filter((c) => !c.finished).length;

/** The JUnit document; test cases in the order given. */
export function junitXml(cases: readonly JunitCase[], name = 'virtio-cosim regress'): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // (the Jenkins schema has no `skipped` on <testsuites>: each suite carries its own)
  out.push(`<testsuites${attrs({ name, tests: cases.length, failures: count(cases, 'fail'), errors: errs(cases), time: secs(total(cases)) })}>`);
  for (const c of cases) {
    const cls = classname(c.spec.scenario, c.label);
    out.push(`  <testsuite${attrs({ name: `${cls} seed ${c.spec.seed}`, tests: 1, failures: count([c], 'fail'), errors: errs([c]), skipped: skips([c]), time: secs(total([c])) })}>`);
    out.push('    <properties>');
    for (const [k, v] of caseProperties(c.spec, c.label)) out.push(`      <property${attrs({ name: k, value: v })}/>`);
    out.push('    </properties>');
    out.push(`    <testcase${attrs({ classname: cls, name: `seed ${c.spec.seed}`, time: secs(c.finished?.result.ms ?? 0) })}>`);
    const r = c.finished?.result;
    if (!c.finished || !r) {
      out.push('      <skipped/>');
      out.push(`      <system-out>${xmlEscape(`skipped: ${c.skipReason ?? 'not run'}\nreproduce: ${c.reproduce}`)}</system-out>`);
    } else {
      if (r.status !== 'pass') {
        const tag = r.status === 'fail' ? 'failure' : 'error';
        out.push(`      <${tag}${attrs({ type: r.status, message: r.failure ?? r.status })}>${xmlEscape(r.report ?? r.failure ?? '')}</${tag}>`);
      }
      out.push(`      <system-out>${xmlEscape(`reproduce: ${c.reproduce}\n${r.status === 'pass' ? '' : c.finished.output}`)}</system-out>`);
    }
    out.push('    </testcase>');
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
