import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applySite, findSites, sampleSites, type OperatorName, type Site } from './operators.js';
import { tokenize } from './sv-lex.js';

const SNIPPET = `// a <= b; if (x) comment: never mutated
module m (input logic clk, input logic rst, input logic en, input logic [7:0] d, output logic [7:0] q, output logic flag);
  logic [7:0] cnt;
  logic unused_r;
  localparam int LIMIT = 8'd10;
  assign flag = (cnt < LIMIT) && en ? 1'b1 : 1'b0;
  always_ff @(posedge clk) begin
    if (rst) begin
      cnt <= 8'd0;
    end else if (en & d[0]) begin
      cnt <= cnt + 8'd1;
      unused_r <= cnt == 8'd3;
      $display("if (a < b) cnt <= 0;");
    end
    q <= cnt ^ d;
  end
\`ifdef NEVER_DEFINED
  assign q2 = a < b;
\`endif
endmodule
`;

function sitesOf(op: OperatorName): Site[] {
  return findSites([{ file: 'm.sv', text: SNIPPET }]).filter((s) => s.operator === op);
}

function mutated(s: Site): string {
  return applySite(SNIPPET, s);
}

describe('tokenizer', () => {
  it('keeps comments, strings and inactive preprocessor branches apart', () => {
    const t = tokenize(SNIPPET);
    expect(t.find((x) => x.text.startsWith('// a <= b'))?.kind).toBe('comment');
    expect(t.find((x) => x.text.startsWith('"if (a < b)'))?.kind).toBe('string');
    const q2 = t.find((x) => x.text === 'q2')!;
    expect(q2.active).toBe(false);
    expect(tokenize(SNIPPET, new Set(['NEVER_DEFINED'])).find((x) => x.text === 'q2')!.active).toBe(true);
    expect(t.find((x) => x.text === '<=' )?.line).toBe(9);
  });
});

describe('operators on a small module', () => {
  it('never touch a comment, a string or an inactive branch', () => {
    const all = findSites([{ file: 'm.sv', text: SNIPPET }]);
    expect(all.length).toBeGreaterThan(10);
    const comment = SNIPPET.indexOf('// a');
    const str = SNIPPET.indexOf('"if (a');
    const inactive = SNIPPET.indexOf('`ifdef');
    for (const s of all) {
      expect(s.start < comment + 40 && s.end > comment).toBe(false);
      expect(s.start >= str && s.start < str + 30).toBe(false);
      expect(s.start).toBeLessThan(inactive);
      expect(SNIPPET.slice(s.start, s.end)).toBe(s.original);
    }
  });

  it('relational: < becomes <=, == becomes !=; a non-blocking assignment is not relational', () => {
    const rel = sitesOf('relational');
    expect(rel.map((s) => `${s.original}->${s.replacement}`).sort()).toEqual(['<-><=', '==->!='].sort());
    expect(mutated(rel.find((s) => s.original === '<')!)).toContain('(cnt <= LIMIT) && en');
  });

  it('logical and bitwise swaps, binary only', () => {
    expect(sitesOf('logical').map((s) => mutated(s))).toEqual([expect.stringContaining('(cnt < LIMIT) || en')]);
    const bw = sitesOf('bitwise').map((s) => `${s.original}->${s.replacement}`).sort();
    expect(bw).toEqual(['&->|', '^->|']);
  });

  it('constants +-1 kept in their size and base; declared widths untouched', () => {
    const c = sitesOf('constant').map((s) => `${s.line}:${s.original}->${s.replacement}`);
    expect(c).toContain("9:8'd0->8'd1");
    expect(c).toContain("11:8'd1->8'd2");
    expect(c).toContain("11:8'd1->8'd0");
    expect(c).toContain("5:8'd10->8'd11");
    expect(c.some((x) => x.startsWith('3:'))).toBe(false); // logic [7:0] cnt
    expect(c.some((x) => x.startsWith('2:'))).toBe(false); // port widths
  });

  it('negated conditions', () => {
    const n = sitesOf('negate-if').map((s) => mutated(s));
    expect(n).toHaveLength(2);
    expect(n[0]).toContain('if (!(rst)) begin');
    expect(n[1]).toContain('else if (!(en & d[0])) begin');
  });

  it('deleted assignments inside always blocks only', () => {
    const d = sitesOf('delete');
    expect(d.map((s) => s.original)).toEqual(['cnt <= 8\'d0;', 'cnt <= cnt + 8\'d1;', 'unused_r <= cnt == 8\'d3;', 'q <= cnt ^ d;']);
    expect(mutated(d[0]!)).toMatch(/if \(rst\) begin\n\s+;\n/);
  });

  it('swapped ternary arms', () => {
    const t = sitesOf('ternary');
    expect(t).toHaveLength(1);
    expect(mutated(t[0]!)).toContain("? (1'b0) : (1'b1);");
  });

  it('stuck bits: reads of 1-bit signals, not their assignments', () => {
    const s = sitesOf('stuck').map((x) => `${x.line}:${x.original}->${x.replacement}`);
    expect(s).toEqual(expect.arrayContaining(["8:rst->1'b0", "8:rst->1'b1", "6:en->1'b0", "10:en->1'b1"]));
    expect(s.some((x) => x.includes('unused_r'))).toBe(false);
  });

  it('marks a change that only reaches an unread signal as equivalent', () => {
    const all = findSites([{ file: 'm.sv', text: SNIPPET }]);
    const eq = all.filter((s) => s.equivalent);
    expect(eq.length).toBeGreaterThan(0);
    for (const s of eq) expect(s.line).toBe(12);
    expect(eq[0]!.equivalent).toContain('unused_r');
    expect(all.filter((s) => s.line === 11).every((s) => !s.equivalent)).toBe(true);
  });
});

describe('site sampling', () => {
  const rtl = path.resolve(import.meta.dirname, '..', '..', 'rtl');
  const files = readdirSync(rtl).filter((f) => f.endsWith('.sv')).map((f) => ({ file: path.join(rtl, f), text: readFileSync(path.join(rtl, f), 'utf8') }));
  const sites = findSites(files);

  it('same seed, same mutants; another seed, others', () => {
    const a = sampleSites(sites, files, 30, 7);
    const b = sampleSites(sites, files, 30, 7);
    const c = sampleSites(sites, files, 30, 8);
    expect(a.map((s) => `${s.file}:${s.start}:${s.replacement}`)).toEqual(b.map((s) => `${s.file}:${s.start}:${s.replacement}`));
    expect(a.map((s) => `${s.file}:${s.start}`)).not.toEqual(c.map((s) => `${s.file}:${s.start}`));
    expect(new Set(a).size).toBe(30);
  });

  it('weights files by size: the largest file gets more mutants than the smallest', () => {
    const drawn = sampleSites(sites, files, 400, 1);
    const per = (name: string): number => drawn.filter((s) => s.file.endsWith(name)).length;
    expect(per('vq_engine.sv')).toBeGreaterThan(per('virtio_notify.sv'));
  });

  it('every site of the reference RTL applies to its file', () => {
    for (const s of sampleSites(sites, files, 200, 3)) {
      const text = files.find((f) => f.file === s.file)!.text;
      expect(applySite(text, s)).not.toBe(text);
    }
  });
});

describe('trivially equivalent parameters', () => {
  const pkg = 'package p;\n  localparam int USED = 3;\n  localparam int UNUSED = 5;\nendpackage\n';
  const user = 'module u (output logic [3:0] o);\n  assign o = p::USED;\nendmodule\n';
  it('a localparam nothing uses is equivalent; one an include file uses is not', () => {
    const sites = findSites([{ file: 'p.sv', text: pkg }, { file: 'u.sv', text: user }]);
    const c = (name: string): Site[] => sites.filter((s) => s.operator === 'constant' && s.line === (name === 'USED' ? 2 : 3));
    expect(c('UNUSED').length).toBe(2);
    for (const s of c('UNUSED')) expect(s.equivalent).toContain('UNUSED');
    for (const s of c('USED')) expect(s.equivalent).toBeUndefined();
    const viaInclude = findSites([{ file: 'p.sv', text: pkg }], [], [{ file: 'i.svh', text: 'assign x = UNUSED + USED;\n' }]);
    expect(viaInclude.every((s) => !s.equivalent)).toBe(true);
  });
});

describe('trivially equivalent nets', () => {
  it('a net initialiser nothing reads and an output nothing compares are equivalent; a read one is not', () => {
    const text = 'module m (input logic [3:0] a, output logic o, output logic status_needs_reset);\n'
      + '  wire unused_x = |{a[3:1], 1\'b0};\n  wire used_y = a[0] & a[1];\n  assign o = used_y;\n  assign status_needs_reset = a[2];\nendmodule\n';
    const sites = findSites([{ file: 'm.sv', text }]);
    const on = (line: number): Site[] => sites.filter((s) => s.line === line);
    expect(on(2).length).toBeGreaterThan(0);
    for (const s of on(2)) expect(s.equivalent).toContain('unused_x');
    expect(on(3).length).toBeGreaterThan(0);
    for (const s of on(3)) expect(s.equivalent).toBeUndefined();
    expect(on(5).length).toBeGreaterThan(0);
    for (const s of on(5)) expect(s.equivalent).toContain('status_needs_reset');
  });
});

describe('mutant ids', () => {
  it('do not depend on where the checkout is: the path is taken relative to the repository', async () => {
    const { mutantId } = await import('./run.js');
    const site: Site = { file: 'rtl/x.sv', line: 1, operator: 'constant', start: 10, end: 11, original: '1', replacement: '2' };
    const abs = { ...site, file: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rtl', 'x.sv') };
    expect(mutantId(abs)).toBe(mutantId(site));
    expect(mutantId({ ...site, replacement: '0' })).not.toBe(mutantId(site));
  });
});

describe('round-7 operators (arithmetic, shift, unary, reduction, reset values, case items)', () => {
  const text = `module r (input logic clk, input logic rst, input logic [1:0] sel, input logic [7:0] d, output logic [7:0] q, output logic any, output logic all_n);
  logic [7:0] acc;
  logic [1:0] st;
  assign any = |d;
  assign all_n = ~&d;
  always_ff @(posedge clk) begin
    case (st)
      2'd0: acc <= acc + d;
      2'd1: begin
        acc <= (acc << 1) - d[7:1];
        st <= 2'd2;
      end
      2'd2: if (!sel[0]) st <= 2'd0; else st <= 2'd1;
      default: ;
    endcase
    q <= ~acc ^ d[acc[2:0] +: 1];
    if (rst) begin
      acc <= '0;
      st <= 2'd1;
    end
  end
endmodule
`;
  const all = findSites([{ file: 'r.sv', text }]);
  const of = (op: OperatorName): string[] => all.filter((s) => s.operator === op).map((s) => `${s.line}:${s.original}->${s.replacement}`);
  const apply = (op: OperatorName, line: number): string => applySite(text, all.find((s) => s.operator === op && s.line === line)!);

  it('arithmetic: binary + and - swapped, never a +: part-select or a unary minus', () => {
    expect(of('arithmetic').sort()).toEqual(['10:-->+', '8:+->-'].sort());
    expect(apply('arithmetic', 8)).toContain('acc <= acc - d;');
  });

  it('shift: << with >>', () => {
    expect(of('shift')).toEqual(['10:<<->>>']);
    expect(apply('shift', 10)).toContain('(acc >> 1)');
  });

  it('unary: ~ and ! removed, not the binary ^ or a ~& reduction', () => {
    expect(of('unary').sort()).toEqual(['13:!->', '16:~->'].sort());
    expect(apply('unary', 13)).toContain('if (sel[0]) st');
    expect(apply('unary', 16)).toContain('q <= acc ^ d');
  });

  it('reduction: unary | with &, ~& with ~|; the binary ^ untouched', () => {
    expect(of('reduction').sort()).toEqual(['4:|->&', '5:~&->~|'].sort());
    expect(apply('reduction', 4)).toContain('assign any = &d;');
  });

  it("reset values: the reset branch's single-token values flipped, nothing outside it", () => {
    expect(of('reset-value').sort()).toEqual(["18:'0->'1", "19:2'd1->2'd2"].sort());
  });

  it('case items: each body deleted, its label kept; an empty default is no site', () => {
    const c = all.filter((s) => s.operator === 'case-item');
    expect(c.map((s) => s.line)).toEqual([8, 9, 13]);
    expect(applySite(text, c[0]!)).toContain("2'd0: ;\n");
    expect(applySite(text, c[1]!)).toMatch(/2'd1: begin end\n\s+2'd2:/);
    expect(applySite(text, c[2]!)).toContain("2'd2: ;\n      default");
  });

  it('every new-operator site of the reference RTL applies to its file', () => {
    const rtl = path.resolve(import.meta.dirname, '..', '..', 'rtl');
    const files = readdirSync(rtl).filter((f) => f.endsWith('.sv')).map((f) => ({ file: path.join(rtl, f), text: readFileSync(path.join(rtl, f), 'utf8') }));
    const sites = findSites(files);
    for (const op of ['arithmetic', 'shift', 'unary', 'reduction', 'reset-value', 'case-item'] as const) {
      const some = sites.filter((s) => s.operator === op);
      expect(some.length, op).toBeGreaterThan(0);
      for (const s of some) expect(applySite(files.find((f) => f.file === s.file)!.text, s)).not.toBe(files.find((f) => f.file === s.file)!.text);
    }
  });
});

describe('sites never hold a preprocessor directive', () => {
  // The shape of rtl/dma_rd.sv's completion state 0: the item's label and the head of its body in
  // `ifdef branches, the body running on past `endif. Deleting it would leave `ifdef unterminated.
  const text = `module c (input logic clk, input logic v, input logic s, output logic [1:0] st);
  always_ff @(posedge clk) begin
    case (st)
\`ifdef ALT
      2'd0: if (s) begin
\`else
      2'd0: if (v && s) begin
\`endif
        st <= 2'd1;
      end
      2'd1: begin
\`ifdef ALT
        st <= 2'd0;
\`endif
      end
      2'd2: st <= 2'd0;
      default: ;
    endcase
  end
endmodule
`;
  it('a case item whose body crosses or contains `ifdef/`else/`endif is no site; the others are', () => {
    for (const defs of [[], ['ALT']]) {
      const sites = findSites([{ file: 'c.sv', text }], defs);
      const items = sites.filter((s) => s.operator === 'case-item');
      expect(items.map((s) => s.line), defs.join()).toEqual([16]);
      for (const s of sites) expect(s.original.includes('`'), `${s.line} ${s.operator}`).toBe(false);
      // The assignments inside the branches are still sites of their own.
      expect(sites.some((s) => s.operator === 'delete' && s.line === 9)).toBe(true);
    }
  });

  it('no site of the reference RTL holds a directive', () => {
    const rtl = path.resolve(import.meta.dirname, '..', '..', 'rtl');
    const files = readdirSync(rtl).filter((f) => f.endsWith('.sv')).map((f) => ({ file: path.join(rtl, f), text: readFileSync(path.join(rtl, f), 'utf8') }));
    const bad = findSites(files).filter((s) => /`(ifdef|ifndef|elsif|else|endif|define|undef|include)\b/.test(s.original));
    expect(bad.map((s) => `${s.file}:${s.line} ${s.operator}`)).toEqual([]);
  });
});
