import { describe, expect, it } from 'vitest';
import { junitXml, xmlEscape, type JunitCase, type RunLabel } from './junit.js';
import type { Finished } from './pool.js';
import type { JobResult } from './protocol.js';
import { parseXml, XmlSyntaxError } from './xml-check.js';
import { xmllint, xmllintPresent } from './xmllint.js';

const LABEL: RunLabel = { top: 'virtio_net_pcie', rtl: 'reference', width: 64, defines: '', compare: 'exact', timing: 'fail', transport: 'zmq' };
const jc = (f: Finished): JunitCase => ({ spec: f.spec, reproduce: f.reproduce, label: LABEL, finished: f });

const NASTY = `a < b && c > d "q" 'a' ]]> \u0001\u0007 tab\there\nnewline é 🙂 \ud800`;

function fin(scenario: string, seed: number, index: number, r: Partial<JobResult>): Finished {
  return {
    spec: { scenario, seed, index },
    result: { scenario, seed, status: 'pass', cycles: 10, compared: {}, coverage: {}, artifacts: [], ms: 1234, ...r },
    output: `output of ${scenario} ${seed} ${NASTY}`,
    reproduce: `npx tsx tb/regress/model-job.ts --scenario ${scenario} --seed ${seed}`,
  };
}

describe('xml checker', () => {
  it('accepts well-formed documents and returns the tree', () => {
    const t = parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1" y=\'&lt;&#65;&#x42;\'><b/>t&amp;u<![CDATA[<raw>]]></a>\n');
    expect(t.name).toBe('a');
    expect(t.attrs).toEqual({ x: '1', y: '<AB' });
    expect(t.children.map((c) => c.name)).toEqual(['b']);
    expect(t.text).toBe('t&u<raw>');
  });

  it('rejects what is not well-formed', () => {
    for (const bad of ['<a>', '<a></b>', '<a x=1/>', '<a x="<"/>', '<a>&foo;</a>', '<a>& </a>', '<a/><b/>', '<a x="1" x="2"/>', '<a>\u0001</a>', '<a><b></a></b>', 'text']) {
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });
});

describe('JUnit XML', () => {
  it('escapes text so that it parses back to the same characters (controls shown as \\xNN)', () => {
    const t = parseXml(`<r a="${xmlEscape(NASTY)}">${xmlEscape(NASTY)}</r>`);
    const expected = NASTY.replace('\u0001', '\\x01').replace('\u0007', '\\x07').replace('\ud800', '\\ufffd');
    expect(t.text).toBe(expected);
    expect(t.attrs.a).toBe(expected);
  });

  it('one testsuite per job with its properties, one testcase in it; failure with report, reproduce command in system-out', () => {
    const xml = junitXml([
      jc(fin('traffic', 1, 0, {})),
      jc(fin('traffic', 2, 1, { status: 'fail', failure: 'ScenarioError: TX frame #2 differs <bad>', report: `report ${NASTY}` })),
      jc(fin('wrap', 1, 2, { status: 'timeout', failure: 'timeout after 1 s' })),
      { spec: { scenario: 'wrap', seed: 2, index: 3 }, reproduce: 'npx tsx tb/regress/model-job.ts --scenario wrap --seed 2', label: LABEL, skipReason: 'not run (--fail-fast)' },
    ]);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1' });
    expect(root.attrs.skipped).toBeUndefined(); // not in the Jenkins schema
    expect(root.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.skipped])).toEqual([
      ['virtio-cosim.model-only.traffic seed 1', '1', '0'], ['virtio-cosim.model-only.traffic seed 2', '1', '0'],
      ['virtio-cosim.model-only.wrap seed 1', '1', '0'], ['virtio-cosim.model-only.wrap seed 2', '1', '1']]);
    const failed = root.children[1].children[1];
    expect(failed.attrs).toMatchObject({ name: 'seed 2', classname: 'virtio-cosim.model-only.traffic' });
    const failure = failed.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe('ScenarioError: TX frame #2 differs <bad>');
    expect(failure.text).toContain('report a < b && c');
    expect(failed.children.find((c) => c.name === 'system-out')!.text).toContain('reproduce: npx tsx tb/regress/model-job.ts --scenario traffic --seed 2');
    expect(root.children[2].children[1].children.map((c) => c.name)).toEqual(['error', 'system-out']);
    const skipped = root.children[3].children[1];
    expect(skipped.children.map((c) => c.name)).toEqual(['skipped', 'system-out']);
    expect(skipped.children[0].attrs).toEqual({});
    expect(skipped.children[1].text).toContain('not run (--fail-fast)');
    expect(root.children[0].children[1].attrs.time).toBe('1.234');
  });

  it('the classname keeps configurations apart; properties name seed, width, defines, compare, top, scenario, transport', () => {
    const w256 = { ...LABEL, width: 256 as const, defines: 'BROKEN_X,Y=2', compare: 'spec' as const };
    const cases = [jc(fin('cosim:traffic', 3, 0, {})), { ...jc(fin('cosim:traffic', 3, 0, {})), label: w256 }, jc(fin('tests/my.test.ts', 3, 1, {})), jc(fin('wrap', 3, 2, {}))];
    const root = parseXml(junitXml(cases));
    const tc = root.children.map((s) => s.children[1].attrs.classname);
    expect(tc).toEqual(['virtio-cosim.virtio_net_pcie.w64.default.exact.traffic', 'virtio-cosim.virtio_net_pcie.w256.BROKEN_X+Y=2.spec.traffic',
      'virtio-cosim.virtio_net_pcie.w64.default.exact.tests_my_test_ts', 'virtio-cosim.model-only.wrap']);
    expect(new Set(tc).size).toBe(tc.length);
    const props = (i: number): Record<string, string> => Object.fromEntries(root.children[i].children[0].children.map((p) => [p.attrs.name, p.attrs.value]));
    expect(props(1)).toEqual({ mode: 'cosim', scenario: 'cosim:traffic', seed: '3', top: 'virtio_net_pcie', rtl: 'reference', width: '256', defines: 'BROKEN_X,Y=2', compare: 'spec', timing: 'fail', transport: 'zmq' });
    expect(props(3)).toMatchObject({ mode: 'model-only', scenario: 'wrap', seed: '3' });
    expect(root.children[3].attrs.name).toMatch(/^virtio-cosim\.model-only\./);
  });

  it('validates against the Jenkins JUnit schema with xmllint (failures, errors, skipped, properties, nasty text)', async (ctx) => {
    if (!(await xmllintPresent())) {
      if (process.env.CI) throw new Error('xmllint is missing in CI (scripts/install-deps.sh installs libxml2-utils)');
      ctx.skip('xmllint not installed (apt-get install libxml2-utils); CI has it');
    }
    const xml = junitXml([
      jc(fin('cosim:traffic', 1, 0, { status: 'fail', failure: `DIVERGENCE ${NASTY}`, report: NASTY })),
      jc(fin('wrap', 1, 1, { status: 'error', failure: 'worker died' })),
      { spec: { scenario: 'wrap', seed: 2, index: 2 }, reproduce: 'x', label: LABEL },
    ]);
    expect((await xmllint(xml)).code).toBe(0);
    // The schema does reject what Jenkins would: properties inside a testcase, skipped on <testsuites>.
    expect((await xmllint(xml.replace('<testcase', '<testcase><properties><property name="a" value="b"/></properties></testcase><testcase'))).code).not.toBe(0);
    expect((await xmllint(xml.replace('<testsuites ', '<testsuites skipped="1" '))).code).not.toBe(0);
  });
});
