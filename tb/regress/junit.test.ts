import { describe, expect, it } from 'vitest';
import { junitXml, xmlEscape } from './junit.js';
import type { Finished } from './pool.js';
import type { JobResult } from './protocol.js';
import { parseXml, XmlSyntaxError } from './xml-check.js';

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

  it('one testsuite per scenario, one testcase per seed, failure with report, reproduce command in system-out', () => {
    const xml = junitXml(
      [
        fin('traffic', 1, 0, {}),
        fin('traffic', 2, 1, { status: 'fail', failure: 'ScenarioError: TX frame #2 differs <bad>', report: `report ${NASTY}` }),
        fin('wrap', 1, 2, { status: 'timeout', failure: 'timeout after 1 s' }),
      ],
      [{ scenario: 'wrap', seed: 2, index: 3, reproduce: 'npx tsx tb/regress/model-job.ts --scenario wrap --seed 2' }],
    );
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    expect(root.children.map((s) => [s.attrs.name, s.attrs.tests, s.children.length])).toEqual([['traffic', '2', 2], ['wrap', '2', 2]]);
    const failed = root.children[0].children[1];
    expect(failed.attrs.name).toBe('seed 2');
    const failure = failed.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe('ScenarioError: TX frame #2 differs <bad>');
    expect(failure.text).toContain('report a < b && c');
    expect(failed.children.find((c) => c.name === 'system-out')!.text).toContain('reproduce: npx tsx tb/regress/model-job.ts --scenario traffic --seed 2');
    expect(root.children[1].children[0].children.map((c) => c.name)).toEqual(['error', 'system-out']);
    expect(root.children[1].children[1].children.map((c) => c.name)).toEqual(['skipped', 'system-out']);
    expect(root.children[0].children[0].attrs.time).toBe('1.234');
  });

  it('co-simulation test cases name the comparison level; model-only ones do not', () => {
    const root = parseXml(junitXml([fin('cosim:traffic', 3, 0, {}), fin('wrap', 3, 1, {})], [], undefined, 'compare=spec'));
    expect(root.children.map((s) => s.children[0].attrs.name)).toEqual(['seed 3 compare=spec', 'seed 3']);
  });
});
