// Tests of the oracle machinery that need no QEMU: script parser, allow-list, comparator, the
// model backend running every script (expectations only), and the qtest client's bounds.

import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAllowed, parseAllowList, AllowListError } from './allowlist.js';
import { compareRuns } from './compare.js';
import { runScript, type RunResult } from './interp.js';
import { ModelBackend } from './model-backend.js';
import { plantQueueMsixVectorBug } from './planted-bug.js';
import { QtestClient, QtestError, QtestTimeoutError } from './qemu-qtest.js';
import { defaultAllowList, deviceProps, loadScript, scriptFiles, SCRIPTS_DIR } from './runner.js';
import { parseScript, ScriptError } from './script.js';

describe('script parser', () => {
  it('splits op, args, key=value and the expectation; drops comments', () => {
    const s = parseScript('t.vscr', 'title Hello there\ndevice mtu=1500\n# only a comment\nqueue.setup 1 size=16 desc=0x1000 driver=0x2000 device=0x3000\nrd common.queue_size == 16 # trailing\n');
    expect(s.title).toBe('Hello there');
    expect(s.device).toEqual({ mtu: '1500' });
    expect(s.steps).toHaveLength(2);
    expect(s.steps[0]).toMatchObject({ line: 4, op: 'queue.setup', args: ['1'], kv: { size: '16', desc: '0x1000' } });
    expect(s.steps[1]).toMatchObject({ line: 5, op: 'rd', args: ['common.queue_size'], expect: { cmp: '==', value: '16' } });
  });

  it('names the line of an unknown op, a bad arity and a dangling comparator', () => {
    expect(() => parseScript('a.vscr', 'setup\nfrobnicate 1')).toThrow(/a\.vscr:2: unknown op 'frobnicate'/);
    expect(() => parseScript('a.vscr', 'rd')).toThrow(ScriptError);
    expect(() => parseScript('a.vscr', 'rd common.isr == 1 2')).toThrow(/a\.vscr:1: comparator '=='/);
  });

  it('parses every shipped script and its device line', () => {
    const files = scriptFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) expect(() => deviceProps(loadScript(f))).not.toThrow();
  });
});

describe('allow-list', () => {
  it('parses the shipped list; every row cites a section and names an existing script', () => {
    const list = defaultAllowList();
    expect(list.length).toBeGreaterThan(5);
    const names = scriptFiles().map((f) => f.slice(SCRIPTS_DIR.length + 1));
    for (const e of list) {
      expect(e.spec).toMatch(/§/);
      expect(names.some((n) => e.scripts.test(n)), `allow-list row ${e.id} matches no script`).toBe(true);
    }
  });

  it('matches by script and answer glob only', () => {
    const list = parseAllowList('| id | scripts | answer | spec | reason |\n|---|---|---|---|---|\n| x | a-*.vscr | rd common.device_feature[sel=*] | virtio §2.2 | choice |\n');
    expect(findAllowed(list, 'a-1.vscr', 'rd common.device_feature[sel=1]')?.id).toBe('x');
    expect(findAllowed(list, 'b.vscr', 'rd common.device_feature[sel=1]')).toBeUndefined();
    expect(findAllowed(list, 'a-1.vscr', 'rd common.driver_feature[sel=1]')).toBeUndefined();
  });

  it('rejects a row without a spec section', () => {
    expect(() => parseAllowList('| x | * | cap.list | none | because |')).toThrow(AllowListError);
  });
});

describe('comparator', () => {
  const run = (backend: string, values: string[]): RunResult => ({
    backend, script: 's.vscr', failures: [], answers: values.map((value, i) => ({ line: i + 1, label: `rd common.f${i}`, value })),
  });

  it('counts agreements, allows listed differences, reports the rest with both answers', () => {
    const allow = parseAllowList('| a | s.vscr | rd common.f1 | virtio §1 | ok |');
    const c = compareRuns(run('qemu', ['0x1', '0x2', '0x3']), run('model', ['0x1', '0x9', '0x4']), allow);
    expect(c.agreements).toBe(1);
    expect(c.allowed).toHaveLength(1);
    expect(c.disagreements).toEqual(['s.vscr:3 rd common.f2: qemu=0x3 model=0x4']);
  });

  it('reports answers that no longer line up', () => {
    const c = compareRuns(run('qemu', ['0x1']), run('model', ['0x1', '0x2']), []);
    expect(c.disagreements[0]).toMatch(/differs in shape/);
  });
});

describe('model backend alone', () => {
  it('meets every expectation of every script', async () => {
    for (const f of scriptFiles()) {
      const s = loadScript(f);
      const b = await ModelBackend.start(deviceProps(s));
      const r = await runScript(s, b);
      expect(r.failures, s.file).toEqual([]);
      expect(b.hostErrors, `${s.file}: host checker`).toEqual([]);
    }
  });

  it('the planted queue_msix_vector bug breaks an expectation, naming the field', async () => {
    const s = loadScript(join(SCRIPTS_DIR, 'queue-msix-vector.vscr'));
    const r = await runScript(s, await ModelBackend.start({}, { patch: plantQueueMsixVectorBug }));
    expect(r.failures[0]).toMatch(/\[model\] rd common\.queue_msix_vector\[q=0\] = 0x4, expected == NO_VECTOR/);
  });
});

describe('qtest client bounds', () => {
  const fake = (body: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'oracles-fake-'));
    const p = join(dir, 'fake-qemu');
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  };

  it('a silent QEMU times out with an error naming the command, and is killed', async () => {
    const err = await QtestClient.start({ binary: fake('exec sleep 30'), startTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QtestTimeoutError);
    expect((err as Error).message).toContain("'outl 0xcf8 0x80000000'");
  });

  it('a QEMU that answers FAIL gives a QtestError with its answer', async () => {
    const err = await QtestClient.start({ binary: fake('read l; echo "FAIL Unknown command"; exec sleep 30'), startTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QtestError);
    expect((err as Error).message).toContain('FAIL Unknown command');
  });

  it('a QEMU that exits is reported, not waited for', async () => {
    const err = await QtestClient.start({ binary: fake('exit 3'), startTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/exited \(code 3/);
  });

  it('IRQ lines between answers are collected, not taken as answers', async () => {
    const c = await QtestClient.start({ binary: fake('read l; echo OK; read l; echo "IRQ raise 11"; echo "OK 0x1234"; exec sleep 30'), startTimeoutMs: 5000 });
    try {
      expect(await c.inl(0xcfc)).toBe(0x1234);
      expect(c.irqLines).toEqual(['IRQ raise 11']);
    } finally {
      c.close();
    }
    expect(existsSync(c.opts.binary!)).toBe(true);
  });
});
