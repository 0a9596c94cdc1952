import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DutSourceError, REFERENCE_DUT, resolveDut, verilatorArgs } from './dut-build.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dut-build-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('resolveDut: what a user names becomes exactly what Verilator compiles', () => {
  it('a folder gives its .sv/.v files, packages first, and becomes an include folder', () => {
    const root = tree({
      'hw/a_top.sv': 'module a_top; import z_pkg::*; `include "regs.svh" endmodule',
      'hw/z_pkg.sv': 'package z_pkg; endpackage',
      'hw/b.v': 'module b; endmodule',
      'hw/regs.svh': '// regs',
      'hw/notes.txt': 'not a source',
    });
    const d = resolveDut({ top: 'a_top', rtl: [path.join(root, 'hw')] });
    expect(d.files.map((f) => path.basename(f))).toEqual(['z_pkg.sv', 'a_top.sv', 'b.v']);
    expect(d.incdirs).toEqual([path.join(root, 'hw')]);
    expect(d.includes).toEqual([path.join(root, 'hw', 'regs.svh')]);
    expect(verilatorArgs(d)).toContain('--top-module');
    expect(verilatorArgs(d)).toContain('-GTLP_DATA_WIDTH=64');
  });

  it('signals: its own build (folder tag -sig, another key, --public-flat-rw); without it the build is unchanged', () => {
    const root = tree({ 'top.sv': 'module t; endmodule' });
    const plain = resolveDut({ top: 't', rtl: [path.join(root, 'top.sv')] });
    const off = resolveDut({ top: 't', rtl: [path.join(root, 'top.sv')], signals: false });
    const sig = resolveDut({ top: 't', rtl: [path.join(root, 'top.sv')], signals: true });
    expect(off.key).toBe(plain.key);
    expect(verilatorArgs(plain)).not.toContain('--public-flat-rw');
    expect(sig.key).not.toBe(plain.key);
    expect(path.basename(sig.dir)).toBe(`t-w64-sig-${sig.key}`);
    expect(verilatorArgs(sig)).toContain('--public-flat-rw');
  });

  it('a .f list: paths, -F nesting relative to the list, +incdir+, -I, +define+, comments, $VARS', () => {
    const root = tree({
      'src/top.sv': 'module my_top; `include "cfg.svh" `ifdef FAST `endif endmodule',
      'src/sub/leaf.sv': 'module leaf; endmodule',
      'src/sub/more.f': 'leaf.sv\n',
      'inc/cfg.svh': '`define CFG 1',
      'list.f': `// a comment\n\${DUT_ROOT}/src/top.sv  # trailing\n-F \${DUT_ROOT}/src/sub/more.f\n+incdir+\${DUT_ROOT}/inc\n+define+FAST\n`,
    });
    process.env.DUT_ROOT = root;
    const d = resolveDut({ top: 'my_top', rtl: [path.join(root, 'list.f')] });
    expect(d.files).toEqual([path.join(root, 'src/top.sv'), path.join(root, 'src/sub/leaf.sv')]);
    expect(d.incdirs).toEqual([path.join(root, 'inc')]);
    expect(d.defines).toEqual(['FAST']);
    expect(d.includes).toEqual([path.join(root, 'inc/cfg.svh')]);
    expect(d.warnings).toEqual([]);
  });

  it('the key follows the content of sources and included files, and the options', () => {
    const root = tree({ 't.sv': 'module t; `include "x.svh" endmodule', 'x.svh': '// v1' });
    const base = { top: 't', rtl: [path.join(root, 't.sv')], incdirs: [root] };
    const k1 = resolveDut(base).key;
    expect(resolveDut(base).key).toBe(k1);
    writeFileSync(path.join(root, 'x.svh'), '// v2');
    const k2 = resolveDut(base).key;
    expect(k2).not.toBe(k1);
    expect(resolveDut({ ...base, width: 256 }).key).not.toBe(k2);
    expect(resolveDut({ ...base, params: ['NUM_QUEUE_PAIRS=2'] }).key).not.toBe(k2);
    expect(resolveDut({ ...base, defines: ['X'] }).key).not.toBe(k2);
  });

  it('the project rtl/ is never searched unless named: a user include of the same name is theirs', () => {
    const root = tree({ 'my/top.sv': 'module top; `include "pci_cfg_table.svh" endmodule', 'my/pci_cfg_table.svh': '// mine' });
    const d = resolveDut({ top: 'top', rtl: [path.join(root, 'my')] });
    expect(d.includes).toEqual([path.join(root, 'my', 'pci_cfg_table.svh')]);
    expect(d.incdirs.some((i) => i.endsWith(`${path.sep}rtl`))).toBe(false);
    expect(d.files.every((f) => f.startsWith(root))).toBe(true);
  });

  it('a define no source tests is a warning naming it', () => {
    const root = tree({ 't.sv': 'module t; `ifdef USED `endif endmodule' });
    const d = resolveDut({ top: 't', rtl: [path.join(root, 't.sv')], defines: ['USED', 'TYPO=1'] });
    expect(d.warnings).toEqual(['define TYPO is tested by no source: it changes nothing']);
  });

  it('the reference RTL resolves through the same path, with its package first', () => {
    const d = resolveDut({ ...REFERENCE_DUT });
    expect(path.basename(d.files[0]!)).toBe('virtio_pkg.sv');
    expect(d.includes.map((f) => path.basename(f)).sort()).toEqual(['pci_cfg_table.svh', 'virtio_features.svh']);
  });

  it('bad input is a DutSourceError naming the value', () => {
    const root = tree({ 't.sv': 'module t; endmodule', 'bad.f': '-timescale 1ns/1ps\n', 'empty/x.txt': '' });
    const cases: [Parameters<typeof resolveDut>[0], RegExp][] = [
      [{ top: 't', rtl: [path.join(root, 'nope.sv')] }, /nope\.sv" does not exist/],
      [{ top: 't', rtl: [path.join(root, 'bad.f')] }, /option "-timescale" is not supported/],
      [{ top: 't', rtl: [path.join(root, 'empty')] }, /no \.sv or \.v file/],
      [{ top: 't-1', rtl: [path.join(root, 't.sv')] }, /top "t-1" is not a module name/],
      [{ top: 't', rtl: [path.join(root, 't.sv')], params: ['N'] }, /param "N" must look like NAME=VALUE/],
      [{ top: 't', rtl: [path.join(root, 't.sv')], defines: ['A B'] }, /define "A B" must look like/],
      [{ top: 't', rtl: [path.join(root, 't.sv')], incdirs: [path.join(root, 'nodir')] }, /is not a folder/],
      [{ top: 't', rtl: [] }, /names no source/],
    ];
    for (const [spec, re] of cases) {
      expect(() => resolveDut(spec)).toThrow(DutSourceError);
      expect(() => resolveDut(spec)).toThrow(re);
    }
  });
});
