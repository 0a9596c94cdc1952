// Mutation operators on SystemVerilog source text and the seeded site sample.
//
// Every site is one textual change (offsets into the file, the replacement) found on the code
// tokens of tb/mutate/sv-lex.ts: comments, strings, directives and preprocessor branches the
// build does not compile are never touched, and no site's text holds a directive (a case item's
// body that crosses or contains `ifdef/`else/`endif is no site). Operators:
//   relational   < <= > >= == != swapped (< with <=, > with >=, == with !=)
//   logical      && with ||
//   bitwise      binary & with |, ^ with |
//   constant     a number literal +1 or -1 (kept inside its size; not a declared width)
//   negate-if    if (c) -> if (!(c))
//   delete       a procedural assignment (a <= b; / a = b;) inside an always block -> ;
//   ternary      c ? a : b -> c ? b : a
//   stuck        a read of a 1-bit signal (always blocks, continuous assignments, net initialisers) -> 1'b0 / 1'b1
//   arithmetic   binary + with - (not the +: / -: part-select)
//   shift        << with >>, <<< with >>>
//   unary        a unary ~ or ! removed
//   reduction    unary & with |, ~& with ~|, ^ with ~^
//   reset-value  the value a reset branch (if (rst...) / if (!rst_n)) assigns, all bits flipped
//   case-item    a case item's body (a statement or begin..end) deleted, its label kept
// (A `+ 1` increment doubled is the constant operator's 1 -> 2.)
// A site whose change can only reach signals that reach no compared output of the top (nothing
// reads them, or only lint waivers such as `wire unused_x = |{...}` do, followed through module
// ports: tb/mutate/liveness.ts), or a parameter nothing uses, is marked equivalent with that reason.

import { analyseLiveness, type Liveness, type TokenAnalysis } from './liveness.js';
import { codeTokens, tokenize, type Token } from './sv-lex.js';

export type OperatorName = 'relational' | 'logical' | 'bitwise' | 'constant' | 'negate-if' | 'delete' | 'ternary' | 'stuck'
  | 'arithmetic' | 'shift' | 'unary' | 'reduction' | 'reset-value' | 'case-item';
export const OPERATORS: readonly OperatorName[] = ['relational', 'logical', 'bitwise', 'constant', 'negate-if', 'delete', 'ternary', 'stuck',
  'arithmetic', 'shift', 'unary', 'reduction', 'reset-value', 'case-item'];

export interface Site {
  /** The file as given. */
  file: string;
  line: number;
  operator: OperatorName;
  /** Offsets of the replaced text in the file. */
  start: number;
  end: number;
  original: string;
  replacement: string;
  /** Set when the change cannot be observed whatever the stimulus (e.g. it only feeds an unread signal). */
  equivalent?: string;
}

const DECL_KEYWORDS = new Set(['input', 'output', 'inout', 'logic', 'wire', 'reg', 'bit', 'int', 'integer', 'localparam', 'parameter', 'typedef', 'genvar', 'import', 'byte', 'shortint', 'longint', 'var']);
const KEYWORDS = new Set([
  ...DECL_KEYWORDS, 'module', 'endmodule', 'begin', 'end', 'if', 'else', 'case', 'casez', 'casex', 'endcase', 'default', 'always', 'always_ff',
  'always_comb', 'always_latch', 'assign', 'posedge', 'negedge', 'or', 'and', 'for', 'while', 'function', 'endfunction', 'task', 'endtask',
  'generate', 'endgenerate', 'initial', 'unique', 'unique0', 'priority', 'signed', 'unsigned', 'automatic', 'return', 'struct', 'packed',
  'enum', 'package', 'endpackage', 'inside', 'void', 'const', 'static', 'final', 'assert', 'cover', 'assume', 'property', 'repeat', 'forever',
]);
const BOUNDARY = new Set([';', 'begin', 'end', 'else', 'endcase', 'generate', 'endgenerate', 'endfunction', 'endtask', 'always_comb', 'always_latch', 'initial', 'final', 'do']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const RELATIONAL: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>', '==': '!=', '!=': '==' };
const BITWISE: Record<string, string> = { '&': '|', '|': '&', '^': '|' };
const SHIFT: Record<string, string> = { '<<': '>>', '>>': '<<', '<<<': '>>>', '>>>': '<<<' };
const REDUCTION: Record<string, string> = { '&': '|', '|': '&', '~&': '~|', '~|': '~&', '^': '~^' };
/** A reset condition names a reset: rst, rst_n, reset, aresetn, ... */
const RESET_NAME = /rst|reset/i;

/**
 * Per code token: bracket depth, statement start, and the facts the operators need: `lhs` (a token
 * of an assignment's left-hand side), `assignOf` (for a token inside an assignment statement: the
 * index of its assignment operator), `instance` (module instantiation statements: their port
 * connections are left alone).
 */
type Analysis = TokenAnalysis;

function analyse(t: Token[]): Analysis {
  const n = t.length;
  const depth = new Array<number>(n).fill(0);
  const match = new Map<number, number>();
  const opens: number[] = [];
  let d = 0;
  for (let i = 0; i < n; i++) {
    const x = t[i]!.text;
    if (t[i]!.kind === 'op' && CLOSE.has(x)) {
      d = Math.max(0, d - 1);
      const o = opens.pop();
      if (o !== undefined) { match.set(o, i); match.set(i, o); }
    }
    depth[i] = d;
    if (t[i]!.kind === 'op' && OPEN.has(x)) { d++; opens.push(i); }
  }
  // Statement starts: after a boundary at depth 0, after the ) of if/for/while/case/@, after a case label's ':'.
  const stmt = new Array<number>(n).fill(0);
  let start = 0;
  let pendingQ = 0;
  const startsNext = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (startsNext.has(i)) { start = i; pendingQ = 0; }
    stmt[i] = start;
    const x = t[i]!.text;
    if (depth[i] !== 0) continue;
    if (t[i]!.kind === 'ident' && ['if', 'for', 'while', 'case', 'casez', 'casex', 'repeat'].includes(x) && t[i + 1]?.text === '(') {
      const close = match.get(i + 1);
      if (close !== undefined) startsNext.add(close + 1);
    } else if (x === '@' ) {
      if (t[i + 1]?.text === '(') { const close = match.get(i + 1); if (close !== undefined) startsNext.add(close + 1); }
      else if (t[i + 1]?.text === '*') startsNext.add(i + 2);
    } else if (BOUNDARY.has(x) && t[i]!.kind !== 'string') {
      startsNext.add(i + 1);
    } else if (x === '?') pendingQ++;
    else if (x === ':' && t[i]!.kind === 'op') {
      if (pendingQ > 0) pendingQ--;
      else startsNext.add(i + 1);
    }
  }
  // Always blocks: from the keyword to the end of its statement (begin..end matched).
  const inAlways = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!/^always(_ff|_comb|_latch)?$/.test(t[i]!.text)) continue;
    let j = i + 1;
    if (t[j]?.text === '@') j = t[j + 1]?.text === '(' ? (match.get(j + 1) ?? j) + 1 : j + 2;
    let end = j;
    if (t[j]?.text === 'begin') {
      let b = 0;
      for (end = j; end < n; end++) {
        if (t[end]!.text === 'begin') b++;
        else if (t[end]!.text === 'end' && --b === 0) break;
      }
    } else {
      while (end < n && !(t[end]!.text === ';' && depth[end] === 0)) end++;
    }
    for (let k = i; k <= Math.min(end, n - 1); k++) inAlways[k] = true;
  }
  // Declarations: a statement opened by a declaration keyword, a module/function/task header.
  const decl = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const x = t[i]!.text;
    const first = stmt[i] === i || ['module', 'function', 'task', 'package'].includes(x);
    if (!first || !(DECL_KEYWORDS.has(x) || ['module', 'function', 'task'].includes(x))) continue;
    let k = i;
    while (k < n && !(t[k]!.text === ';' && depth[k] === depth[i])) { decl[k] = true; k++; }
    if (k < n) decl[k] = true;
  }
  // A declaration's initial value (localparam X = 5;) is an expression like any other.
  for (let i = 0; i < n; i++) {
    if (!decl[i] || t[i]!.text !== '=' || depth[i] !== 0 || !['localparam', 'parameter', 'logic', 'wire', 'reg', 'int', 'integer', 'bit'].includes(t[stmt[i]!]!.text)) continue;
    for (let k = i + 1; k < n && !(t[k]!.text === ';' && depth[k] === 0) && !(t[k]!.text === ',' && depth[k] === 0); k++) decl[k] = false;
  }
  // Assignments: `lvalue <= expr;` / `lvalue = expr;` / `assign lvalue = expr;` at depth 0.
  const lhs = new Array<boolean>(n).fill(false);
  const assignOf = new Array<number>(n).fill(-1);
  const instance = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const s = stmt[i]!;
    if (i === s && t[i]!.kind === 'ident' && !KEYWORDS.has(t[i]!.text) && !decl[i] && (t[i + 1]?.kind === 'ident' || t[i + 1]?.text === '#')) {
      for (let k = i; k < n && !(t[k]!.text === ';' && depth[k] === depth[i]); k++) instance[k] = true;
    }
    if (t[i]!.kind !== 'op' || (t[i]!.text !== '<=' && t[i]!.text !== '=') || depth[i] !== depth[s] || decl[i]) continue;
    const from = t[s]!.text === 'assign' ? s + 1 : s;
    if (from >= i || !isLvalue(t, from, i, match)) continue;
    for (let k = from; k < i; k++) lhs[k] = true;
    for (let k = s; k < n && !(t[k]!.text === ';' && depth[k] === depth[s]); k++) assignOf[k] = i;
    const semi = t.findIndex((x, k) => k > i && x.text === ';' && depth[k] === depth[s]);
    if (semi > 0) assignOf[semi] = i;
  }
  return { t, depth, stmt, match, inAlways, decl, lhs, assignOf, instance };
}

/** Tokens [from, to) form an lvalue: names, selects [..], member access, a {concatenation}. */
function isLvalue(t: Token[], from: number, to: number, match: Map<number, number>): boolean {
  let k = from;
  if (t[k]!.text === '{') return match.get(k) === to - 1;
  if (t[k]!.kind !== 'ident' || KEYWORDS.has(t[k]!.text)) return false;
  k++;
  while (k < to) {
    const x = t[k]!.text;
    if (x === '[') { const c = match.get(k); if (c === undefined || c >= to) return false; k = c + 1; }
    else if ((x === '.' || x === '::') && t[k + 1]?.kind === 'ident') k += 2;
    else return false;
  }
  return true;
}

/** For a token in the value of `localparam/parameter NAME = value`: NAME. */
function paramName(a: Analysis, at: number): string | undefined {
  const s = a.stmt[at]!;
  // A parameter's value, or a net's initialiser (`wire unused = |{...};`, the lint-waiver idiom).
  if (!['localparam', 'parameter', 'wire', 'logic', 'reg', 'bit'].includes(a.t[s]!.text)) return undefined;
  for (let k = at - 1; k > s; k--) {
    if (a.t[k]!.text === '=' && a.depth[k] === a.depth[s]) return a.t[k - 1]?.kind === 'ident' ? a.t[k - 1]!.text : undefined;
  }
  return undefined;
}

/** The base name of the lvalue of the assignment whose operator is at `op`. */
function lhsName(a: Analysis, op: number): string | undefined {
  const s = a.stmt[op]!;
  const from = a.t[s]!.text === 'assign' ? s + 1 : s;
  return a.t[from]!.kind === 'ident' ? a.t[from]!.text : undefined;
}

const BINARY_LEFT = (t: Token | undefined): boolean => !!t && (t.kind === 'ident' || t.kind === 'number' || (t.kind === 'op' && CLOSE.has(t.text)));

/** Parses a literal: value, size, base letter; undefined for reals, x/z/? digits or unsized '0/'1. */
function parseNumber(s: string): { value: bigint; size?: number; base?: string; signed: boolean } | undefined {
  const m = /^(\d[\d_]*)?\s*'([sS]?)([bBoOdDhH])\s*([0-9a-fA-F_]+)$/.exec(s);
  if (m) {
    const radix = { b: 2, o: 8, d: 10, h: 16 }[m[3]!.toLowerCase() as 'b' | 'o' | 'd' | 'h'];
    const digits = m[4]!.replace(/_/g, '');
    if (![...digits].every((c) => parseInt(c, 16) < radix)) return undefined;
    let v = 0n;
    for (const c of digits) v = v * BigInt(radix) + BigInt(parseInt(c, 16));
    return { value: v, size: m[1] ? Number(m[1].replace(/_/g, '')) : undefined, base: m[3]!.toLowerCase(), signed: m[2] !== '' };
  }
  if (/^\d[\d_]*$/.test(s)) return { value: BigInt(s.replace(/_/g, '')), signed: false };
  return undefined;
}

function formatNumber(v: bigint, p: NonNullable<ReturnType<typeof parseNumber>>): string {
  if (p.base === undefined) return v.toString();
  const radix = { b: 2, o: 8, d: 10, h: 16 }[p.base as 'b' | 'o' | 'd' | 'h'];
  return `${p.size ?? ''}'${p.signed ? 's' : ''}${p.base}${v.toString(radix)}`;
}

/** 1-bit signals declared in the file: `logic a, b;`, `input logic c`, `wire d` (no packed range, no user type). */
function oneBitSignals(a: Analysis): Set<string> {
  const out = new Set<string>();
  const { t } = a;
  for (let i = 0; i < t.length; i++) {
    if (!a.decl[i] || !['input', 'output', 'inout', 'logic', 'wire', 'reg', 'bit'].includes(t[i]!.text)) continue;
    if (['logic', 'wire', 'reg', 'bit'].includes(t[i - 1]?.text ?? '') || ['input', 'output', 'inout'].includes(t[i - 1]?.text ?? '')) continue;
    let k = i + 1;
    while (['logic', 'wire', 'reg', 'var', 'bit', 'signed', 'unsigned'].includes(t[k]?.text ?? '')) k++;
    while (t[k]?.kind === 'ident' && !KEYWORDS.has(t[k]!.text)) {
      if (t[k + 1]?.text === '[') break; // unpacked array
      out.add(t[k]!.text);
      if (t[k + 1]?.text !== ',' || t[k + 2]?.kind !== 'ident' || KEYWORDS.has(t[k + 2]!.text)) break;
      k += 2;
    }
  }
  return out;
}

/** Output port names (observable outside the module whether or not it reads them). */
function outputs(a: Analysis): Set<string> {
  const out = new Set<string>();
  const { t } = a;
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.text !== 'output' && t[i]!.text !== 'inout') continue;
    let k = i + 1;
    while (k < t.length && t[k]!.text !== ',' && t[k]!.text !== ';' && t[k]!.text !== ')') {
      if (t[k]!.text === '[') k = (a.match.get(k) ?? k) + 1;
      else { if (t[k]!.kind === 'ident' && !KEYWORDS.has(t[k]!.text)) out.add(t[k]!.text); k++; }
    }
    // `output logic a, b` : the names after commas until the next direction keyword.
    while (t[k]?.text === ',' && t[k + 1]?.kind === 'ident' && !KEYWORDS.has(t[k + 1]!.text)) { out.add(t[k + 1]!.text); k += 2; }
  }
  return out;
}

/** Names read somewhere in the analysed code (not only assigned or declared). */
function readNames(a: Analysis, into: Set<string>): void {
  const { t } = a;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind !== 'ident' || KEYWORDS.has(x.text) || a.lhs[i]) continue;
    // A declared name (depth 0) is not a read; names in ranges, port lists and initial values count.
    if (a.decl[i] && a.depth[i] === 0) continue;
    into.add(x.text);
  }
  // An lvalue's select expressions ([idx]) read idx.
  for (let i = 0; i < t.length; i++) {
    if (!a.lhs[i] || t[i]!.text !== '[') continue;
    const c = a.match.get(i) ?? i;
    for (let k = i + 1; k < c; k++) if (t[k]!.kind === 'ident') into.add(t[k]!.text);
  }
}

/**
 * Outputs of the DUT interface that nothing compares (docs/dut-interface.md: `status_needs_reset`
 * mirrors device_status.DEVICE_NEEDS_RESET as a debug aid): a change that reaches only them is
 * not observable by any suite.
 */
const UNCOMPARED_OUTPUTS: ReadonlySet<string> = new Set(['status_needs_reset']);

export interface SourceFile {
  /** As given (reported as file:line). */
  file: string;
  text: string;
}

/** Every mutation site of the files (defines select the compiled preprocessor branches). */
export function findSites(files: readonly SourceFile[], defines: readonly string[] = [], included: readonly SourceFile[] = []): Site[] {
  const defs = new Set(defines.map((d) => d.split('=')[0]!));
  const analyses = files.map((f) => {
    const tokens = tokenize(f.text, defs);
    return { f, a: analyse(codeTokens(tokens)), directives: tokens.filter((x) => x.kind === 'directive').map((x) => x.start) };
  });
  const read = new Set<string>();
  // `include files are not mutated, but what they read counts.
  for (const { a } of [...analyses, ...included.map((f) => ({ a: analyse(codeTokens(tokenize(f.text, defs))) }))]) {
    readNames(a, read);
    for (const o of outputs(a)) if (!UNCOMPARED_OUTPUTS.has(o)) read.add(o);
  }
  // An uncompared output counts as read only where an expression reads it (not its port declaration).
  for (const name of UNCOMPARED_OUTPUTS) {
    const used = analyses.some(({ a }) => a.t.some((x, i) => x.text === name && !a.lhs[i] && !a.decl[i]));
    if (!used) read.delete(name);
  }
  // Names an included file reads: live in every module (the file is not told apart by module).
  const includeReads = new Set<string>();
  for (const f of included) readNames(analyse(codeTokens(tokenize(f.text, defs))), includeReads);
  const liveness = analyseLiveness(analyses.map((x) => x.a), (x) => KEYWORDS.has(x), UNCOMPARED_OUTPUTS, includeReads);
  const sites: Site[] = [];
  for (const { f, a, directives } of analyses) sites.push(...fileSites(f, a, read, liveness, directives));
  return sites;
}

/** `directives`: offsets of the file's compiler directives (no site's text may contain one). */
function fileSites(f: SourceFile, a: Analysis, read: ReadonlySet<string>, liveness: Liveness, directives: readonly number[]): Site[] {
  const { t } = a;
  const out: Site[] = [];
  const oneBit = oneBitSignals(a);
  const add = (operator: OperatorName, from: number, to: number, replacement: string, at: number): void => {
    const start = t[from]!.start;
    const end = t[to]!.end;
    // A change whose text holds a directive (`ifdef/`else/`endif...) would delete or split a
    // preprocessor branch: a case item's body opened in one `ifdef branch and closed after `endif.
    if (directives.some((d) => d >= start && d < end)) return;
    const site: Site = { file: f.file, line: t[at]!.line, operator, start, end, original: f.text.slice(start, end), replacement };
    const op = a.assignOf[at]!;
    const dead = (name: string): string | undefined => {
      if (liveness.live(a, at, name)) return undefined;
      if (UNCOMPARED_OUTPUTS.has(name)) return `only changes ${name}, an output the DUT interface does not compare (docs/dut-interface.md)`;
      const sinks = liveness.sinks(a, at, name);
      return sinks.length === 0 ? `only changes ${name}, which nothing reads and no port outputs`
        : `only changes ${name}, whose value ends only in ${sinks.join(', ')}: no compared output reads it (followed through module ports)`;
    };
    if (op >= 0) {
      const name = lhsName(a, op);
      const why = name === undefined ? undefined : dead(name);
      if (why) site.equivalent = why;
    } else {
      const name = paramName(a, at);
      const param = ['localparam', 'parameter'].includes(t[a.stmt[at]!]!.text);
      if (name !== undefined && param && !read.has(name)) site.equivalent = `only changes the value of ${name}, which nothing uses`;
      else if (name !== undefined && !param) {
        const why = dead(name);
        if (why) site.equivalent = why.replace(/^only changes /, 'only changes the value of ');
      }
    }
    out.push(site);
  };
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (a.decl[i] || a.instance[i]) continue;
    const system = t[a.stmt[i]!]!.text.startsWith('$');
    if (system) continue;
    if (x.kind === 'op') {
      const isAssign = a.assignOf[i] === i;
      if (RELATIONAL[x.text] !== undefined && !isAssign && BINARY_LEFT(t[i - 1])) add('relational', i, i, RELATIONAL[x.text]!, i);
      else if (x.text === '&&' || x.text === '||') add('logical', i, i, x.text === '&&' ? '||' : '&&', i);
      else if (BITWISE[x.text] !== undefined && BINARY_LEFT(t[i - 1])) add('bitwise', i, i, BITWISE[x.text]!, i);
      else if ((x.text === '+' || x.text === '-') && BINARY_LEFT(t[i - 1])) add('arithmetic', i, i, x.text === '+' ? '-' : '+', i);
      else if (SHIFT[x.text] !== undefined) add('shift', i, i, SHIFT[x.text]!, i);
      else if ((x.text === '~' || x.text === '!') && !BINARY_LEFT(t[i - 1])) add('unary', i, i, '', i);
      else if (REDUCTION[x.text] !== undefined && !BINARY_LEFT(t[i - 1]) && !a.lhs[i]) add('reduction', i, i, REDUCTION[x.text]!, i);
      else if (x.text === '?') {
        const arms = ternaryArms(a, i);
        if (arms) {
          const [colon, last] = arms;
          const armA = f.text.slice(t[i + 1]!.start, t[colon - 1]!.end);
          const armB = f.text.slice(t[colon + 1]!.start, t[last]!.end);
          if (armA.trim() !== armB.trim()) add('ternary', i + 1, last, `(${armB}) : (${armA})`, i);
        }
      } else if (isAssign && a.inAlways[i] && t[a.stmt[i]!]!.text !== 'assign') {
        const semi = t.findIndex((y, k) => k > i && y.text === ';' && a.depth[k] === a.depth[i]);
        if (semi > 0) add('delete', a.stmt[i]!, semi, ';', i);
      }
    } else if (x.kind === 'number') {
      const p = parseNumber(x.text);
      if (!p || t[i + 1]?.text === '{' || (a.depth[i] > 0 && t[i - 1]?.text === '#')) continue;
      const max = p.size !== undefined ? (1n << BigInt(p.size)) - 1n : undefined;
      if (max === undefined || p.value < max) add('constant', i, i, formatNumber(p.value + 1n, p), i);
      if (p.value > 0n) add('constant', i, i, formatNumber(p.value - 1n, p), i);
    } else if (x.kind === 'ident') {
      if (x.text === 'if' && t[i + 1]?.text === '(') {
        const close = a.match.get(i + 1);
        if (close !== undefined && close > i + 2) add('negate-if', i + 2, close - 1, `!(${f.text.slice(t[i + 2]!.start, t[close - 1]!.end)})`, i);
      } else if (oneBit.has(x.text) && !a.lhs[i] && t[i - 1]?.text !== '.' && t[i + 1]?.text !== '(' && t[i + 1]?.text !== '.'
        && (a.inAlways[i] || ['assign', 'wire', 'logic', 'reg', 'bit'].includes(t[a.stmt[i]!]!.text)) && a.stmt[i] !== i) {
        add('stuck', i, i, "1'b0", i);
        add('stuck', i, i, "1'b1", i);
      }
    }
  }
  for (const r of resetValues(a)) {
    const p = r.token.kind === 'number' ? parseNumber(r.token.text) : undefined;
    let flipped: string | undefined;
    if (r.token.text === "'0") flipped = "'1";
    else if (r.token.text === "'1") flipped = "'0";
    else if (p && p.size !== undefined && p.base !== undefined) flipped = formatNumber(((1n << BigInt(p.size)) - 1n) ^ p.value, p);
    else if (p) flipped = p.value === 0n ? "'1" : "'0";
    if (flipped !== undefined && flipped !== r.token.text) add('reset-value', r.at, r.at, flipped, r.at);
  }
  for (const [label, from, to] of caseItems(a)) {
    const body = f.text.slice(t[from]!.start, t[to]!.end);
    if (body.trim() === ';' || /^begin\s*end$/.test(body.trim())) continue;
    add('case-item', from, to, t[from]!.text === 'begin' ? 'begin end' : ';', label);
  }
  return out;
}

/** Index just past the statement starting at i (begin..end, if/else, case..endcase, or up to its ';'). */
function statementEnd(a: Analysis, i: number): number {
  const { t } = a;
  const x = t[i]?.text;
  if (x === undefined) return i;
  if (x === 'begin') {
    let b = 0;
    for (let k = i; k < t.length; k++) {
      if (t[k]!.text === 'begin') b++;
      else if (t[k]!.text === 'end' && --b === 0) return k + 1;
    }
    return t.length;
  }
  if ((x === 'unique' || x === 'unique0' || x === 'priority') && t[i + 1]) return statementEnd(a, i + 1);
  if (x === 'if' && t[i + 1]?.text === '(') {
    const close = a.match.get(i + 1);
    if (close === undefined) return t.length;
    const end = statementEnd(a, close + 1);
    return t[end]?.text === 'else' ? statementEnd(a, end + 1) : end;
  }
  if (['case', 'casez', 'casex'].includes(x)) {
    let c = 0;
    for (let k = i; k < t.length; k++) {
      if (['case', 'casez', 'casex'].includes(t[k]!.text) && t[k]!.kind === 'ident') c++;
      else if (t[k]!.text === 'endcase' && --c === 0) return k + 1;
    }
    return t.length;
  }
  for (let k = i; k < t.length; k++) if (t[k]!.text === ';' && a.depth[k] === a.depth[i]) return k + 1;
  return t.length;
}

/** Case items inside always blocks: [label token, first and last token of the body]. */
function caseItems(a: Analysis): [number, number, number][] {
  const { t } = a;
  const out: [number, number, number][] = [];
  for (let i = 0; i < t.length; i++) {
    if (!['case', 'casez', 'casex'].includes(t[i]!.text) || t[i]!.kind !== 'ident' || t[i + 1]?.text !== '(' || !a.inAlways[i]) continue;
    const close = a.match.get(i + 1);
    if (close === undefined) continue;
    let p = close + 1;
    while (p < t.length && t[p]!.text !== 'endcase') {
      // The label: up to the ':' at the item's depth ('default' may omit it).
      let colon = p;
      while (colon < t.length && !(t[colon]!.text === ':' && a.depth[colon] === a.depth[p]) && t[colon]!.text !== ';' && t[colon]!.text !== 'endcase'
        && !(t[p]!.text === 'default' && colon > p)) colon++;
      if (t[colon]?.text === ';' || t[colon]?.text === 'endcase') break;
      const from = t[colon]!.text === ':' ? colon + 1 : colon;
      const end = statementEnd(a, from);
      if (end <= from || end > t.length) break;
      out.push([p, from, end - 1]);
      p = end;
    }
  }
  return out;
}

/** Single-token values assigned in the then-branch of `if (<a reset>)` inside always blocks. */
function resetValues(a: Analysis): { at: number; token: Token }[] {
  const { t } = a;
  const out: { at: number; token: Token }[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.text !== 'if' || t[i + 1]?.text !== '(' || !a.inAlways[i]) continue;
    const close = a.match.get(i + 1);
    if (close === undefined) continue;
    const cond = t.slice(i + 2, close);
    if (!cond.some((x) => x.kind === 'ident' && RESET_NAME.test(x.text)) || cond.some((x) => x.text === '&&' || x.text === '||')) continue;
    const end = statementEnd(a, close + 1);
    for (let k = close + 1; k < end; k++) {
      const op = a.assignOf[k];
      if (op !== k || !a.lhs[k - 1]) continue;
      const v = t[k + 1];
      if (v && (v.kind === 'number') && t[k + 2]?.text === ';') out.push({ at: k + 1, token: v });
    }
  }
  return out;
}

/** For the `?` at q: the index of its ':' and of the last token of the second arm. */
function ternaryArms(a: Analysis, q: number): [number, number] | undefined {
  const { t } = a;
  const base = a.depth[q]!;
  let nested = 0;
  let colon = -1;
  for (let k = q + 1; k < t.length; k++) {
    const d = a.depth[k]!;
    const x = t[k]!.text;
    if (d < base || (d === base && CLOSE.has(x) && (a.match.get(k) ?? -1) < q) || x === ';') return undefined;
    if (d !== base) continue;
    if (x === '?') nested++;
    else if (x === ':') { if (nested === 0) { colon = k; break; } nested--; }
  }
  if (colon < 0 || colon === q + 1) return undefined;
  nested = 0;
  for (let k = colon + 1; k < t.length; k++) {
    const d = a.depth[k]!;
    const x = t[k]!.text;
    const ends = x === ';' || (d === base && (x === ',' || (CLOSE.has(x) && (a.match.get(k) ?? -1) < q))) || d < base || (d === base && x === ':' && nested === 0);
    if (ends) return k - 1 > colon ? [colon, k - 1] : undefined;
    if (d === base && x === '?') nested++;
    else if (d === base && x === ':') nested--;
  }
  return undefined;
}

/** The file's text with one site's change. */
export function applySite(text: string, s: Site): string {
  if (text.slice(s.start, s.end) !== s.original) throw new Error(`site ${s.file}:${s.line} does not match the file (changed since the sites were found?)`);
  return text.slice(0, s.start) + s.replacement + text.slice(s.end);
}

/** A small deterministic PRNG (mulberry32): the same seed draws the same sample. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct sites drawn by a seeded sample weighted by file size: a file is chosen with
 * probability proportional to its length (among files with sites left), then a site in it uniformly.
 */
export function sampleSites(sites: readonly Site[], files: readonly SourceFile[], count: number, seed: number): Site[] {
  const rnd = prng(seed);
  const byFile = new Map<string, Site[]>();
  for (const s of sites) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const pools = files.filter((f) => byFile.has(f.file)).map((f) => ({ weight: f.text.length, left: [...byFile.get(f.file)!] }));
  const out: Site[] = [];
  while (out.length < count && pools.length > 0) {
    const total = pools.reduce((n, p) => n + p.weight, 0);
    let r = rnd() * total;
    let i = 0;
    while (i < pools.length - 1 && r >= pools[i]!.weight) r -= pools[i++]!.weight;
    const p = pools[i]!;
    out.push(p.left.splice(Math.floor(rnd() * p.left.length), 1)[0]!);
    if (p.left.length === 0) pools.splice(i, 1);
  }
  return out;
}
