// Which signals of a design can reach an output the DUT interface compares: a conservative
// cone-of-influence over the code tokens of tb/mutate/operators.ts, followed through module
// instances (named port connections `.port(expr)`) up to the modules nobody instantiates (the top).
//
// A node is a signal of a module (`module.name`; same-named signals of one module are one node,
// which only makes more of them live). A source feeds a target where its value can flow:
//   assign L = R;  wire n = R;     every name of R (and of L's selects) feeds L's names / n
//   always blocks                  a name in an assignment's right-hand side (or its lvalue's
//                                  selects) and in the conditions it sits under (if, case
//                                  expression and labels, loop headers, the event control) feeds
//                                  that assignment's lvalue names; in a block of a shape the
//                                  parser does not know, any other name feeds every lvalue
//   .p(expr) of an instance        input p: the names of expr feed child.p; output p: child.p
//                                  feeds the names of expr
// Live: the outputs of a module nobody instantiates (except outputs the interface does not
// compare), every name read where the analysis cannot tell what it feeds (function and task
// bodies, initial blocks, generate conditions, system tasks, hierarchical references, unknown
// modules, positional or .* connections, inout ports, a block with ++/+= or a task call), and
// whatever feeds a live node. Anything else is dead: a change that reaches only dead signals
// cannot be observed at the DUT's ports.

import type { Token } from './sv-lex.js';

/** What tb/mutate/operators.ts knows about each code token (the fields this analysis reads). */
export interface TokenAnalysis {
  t: Token[];
  depth: number[];
  stmt: number[];
  match: Map<number, number>;
  inAlways: boolean[];
  decl: boolean[];
  lhs: boolean[];
  assignOf: number[];
  instance: boolean[];
}

const NET_KEYWORDS = new Set(['wire', 'logic', 'reg', 'bit', 'var']);
const COMPOUND_WRITES = new Set(['++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '<<<=', '>>>=']);
type Dir = 'input' | 'output' | 'inout';

interface ModuleRange {
  name: string;
  a: TokenAnalysis;
  from: number;
  to: number;
  ports: Map<string, Dir>;
}

export interface Liveness {
  /** Whether `name` of the module holding token `at` of analysis `a` can reach a compared output. */
  live(a: TokenAnalysis, at: number, name: string): boolean;
  /** For a dead signal: the dead signals its value ends in (`module.name`, at most `max`). */
  sinks(a: TokenAnalysis, at: number, name: string, max?: number): string[];
  /** For a live signal: one chain of signals from it to a live root (`module.name`, the root last). */
  why(a: TokenAnalysis, at: number, name: string): string[];
}

const key = (module: string, name: string): string => `${module}.${name}`;

/**
 * The liveness of every signal of the analysed files. `isKeyword` tells names from keywords;
 * `globalRoots`: names read where no module can be told (included files): live in every module.
 */
export function analyseLiveness(analyses: readonly TokenAnalysis[], isKeyword: (s: string) => boolean, uncompared: ReadonlySet<string>,
  globalRoots: ReadonlySet<string> = new Set()): Liveness {
  const modules: ModuleRange[] = [];
  for (const a of analyses) {
    for (let i = 0; i < a.t.length; i++) {
      if (a.t[i]!.text !== 'module' || a.t[i]!.kind !== 'ident' || a.t[i + 1]?.kind !== 'ident') continue;
      let end = i + 1;
      while (end < a.t.length && a.t[end]!.text !== 'endmodule') end++;
      modules.push({ name: a.t[i + 1]!.text, a, from: i, to: end, ports: new Map() });
      i = end;
    }
  }
  const byName = new Map(modules.map((m) => [m.name, m]));
  const sources = new Map<string, Set<string>>(); // target -> sources
  const targetsOf = new Map<string, Set<string>>(); // source -> targets (for sinks)
  const roots = new Set<string>();
  const instantiated = new Set<string>();
  const edge = (src: string, dst: string): void => {
    if (src === dst) return;
    if (!sources.has(dst)) sources.set(dst, new Set());
    sources.get(dst)!.add(src);
    if (!targetsOf.has(src)) targetsOf.set(src, new Set());
    targetsOf.get(src)!.add(dst);
  };

  // Function and task bodies (every name read there is live), then every module's ports.
  const subs = new Map<ModuleRange, boolean[]>();
  for (const m of modules) {
    const { t } = m.a;
    const inSub = new Array<boolean>(m.to).fill(false);
    for (let i = m.from; i < m.to; i++) {
      const x = t[i]!.text;
      if (x !== 'function' && x !== 'task') continue;
      const close = x === 'function' ? 'endfunction' : 'endtask';
      let e = i;
      while (e < m.to && t[e]!.text !== close) inSub[e++] = true;
      i = e;
    }
    subs.set(m, inSub);
    const { a } = m;
    // Ports: the names after input/output/inout up to the next direction (ANSI header or body declarations).
    for (let i = m.from; i < m.to; i++) {
      const x = t[i]!.text;
      if ((x !== 'input' && x !== 'output' && x !== 'inout') || inSub[i]) continue;
      let k = i + 1;
      while (k < m.to && ![',', ';', ')'].includes(t[k]!.text)) {
        if (t[k]!.text === '[') k = (a.match.get(k) ?? k) + 1;
        else { if (t[k]!.kind === 'ident' && !isKeyword(t[k]!.text)) m.ports.set(t[k]!.text, x); k++; }
      }
      while (t[k]?.text === ',' && t[k + 1]?.kind === 'ident' && !isKeyword(t[k + 1]!.text)) { m.ports.set(t[k + 1]!.text, x); k += 2; }
    }
  }

  for (const m of modules) {
    const { a } = m;
    const { t } = a;
    const inSub = subs.get(m)!;
    const isName = (i: number): boolean => t[i]!.kind === 'ident' && !isKeyword(t[i]!.text) && !t[i]!.text.startsWith('$') && t[i - 1]?.text !== '.' && t[i - 1]?.text !== '::' && t[i + 1]?.text !== '::';
    const node = (name: string): string => key(m.name, name);
    /** Instance name -> module, for hierarchical references. */
    const instances = new Map<string, string>();
    const root = (i: number): void => { if (isName(i)) roots.add(node(t[i]!.text)); };
    /** Lvalue names of tokens [from, to) (not the names inside its selects, which are reads). */
    const lvalueNames = (from: number, to: number): { targets: number[]; reads: number[] } => {
      const targets: number[] = [];
      const reads: number[] = [];
      for (let k = from; k < to; k++) {
        if (t[k]!.text === '[') {
          const c = Math.min(a.match.get(k) ?? k, to - 1);
          for (let j = k + 1; j < c; j++) if (isName(j)) reads.push(j);
          k = c;
        } else if (isName(k)) targets.push(k);
      }
      return { targets, reads };
    };

    let i = m.from;
    while (i < m.to) {
      const x = t[i]!;
      // Always blocks, as one unit.
      if (/^always(_ff|_comb|_latch)?$/.test(x.text) && a.inAlways[i]) {
        let end = i + 1;
        while (end < m.to && a.inAlways[end] && !/^always(_ff|_comb|_latch)?$/.test(t[end]!.text)) end++;
        alwaysBlock(i, end);
        i = end;
        continue;
      }
      if (a.instance[i] && a.stmt[i] === i) { i = instanceStatement(i); continue; }
      const s = a.stmt[i]!;
      if (!isName(i)) { i++; continue; }
      if (inSub[i]) { root(i); i++; continue; }
      if (t[s]!.text === 'assign') {
        const op = a.assignOf[i]!;
        if (op >= 0 && a.assignOf[s] === op) {
          const { targets, reads } = lvalueNames(s + 1, op);
          const from = [...reads, ...rhsNames(op)];
          for (const dst of targets) for (const src of from) edge(node(t[src]!.text), node(t[dst]!.text));
          // Skip the whole statement.
          let e = op;
          while (e < m.to && !(t[e]!.text === ';' && a.depth[e] === a.depth[s])) e++;
          i = e + 1;
          continue;
        }
        root(i);
      } else if (a.decl[i]) {
        // A declaration (a declared name, a port, a range of parameters): not a signal read.
      } else if (NET_KEYWORDS.has(t[s]!.text) && !a.decl[i]) {
        // A net's initialiser: feeds the net declared before the nearest `=`.
        let k = i - 1;
        while (k > s && !(t[k]!.text === '=' && a.depth[k] === a.depth[s])) k--;
        if (k > s && t[k - 1]?.kind === 'ident') edge(node(x.text), node(t[k - 1]!.text));
        else root(i);
      } else root(i);
      i++;
    }

    function rhsNames(op: number): number[] {
      const out: number[] = [];
      const d = a.depth[a.stmt[op]!]!;
      for (let k = op + 1; k < m.to && !(t[k]!.text === ';' && a.depth[k] === d); k++) if (isName(k)) out.push(k);
      return out;
    }

    function alwaysBlock(from: number, to: number): void {
      // Writes the analysis cannot attribute make every name of the block live.
      let opaque = false;
      const assigns: number[] = [];
      const inSystem = new Set<number>();
      for (let k = from; k < to; k++) {
        const x = t[k]!;
        if (inSub[k]) continue;
        if (x.kind === 'op' && COMPOUND_WRITES.has(x.text) && a.depth[k] === a.depth[a.stmt[k]!]) opaque = true;
        if (x.kind === 'op' && (x.text === '<=' || x.text === '=') && a.depth[k] === a.depth[a.stmt[k]!] && !a.decl[k]) {
          if (a.assignOf[k] === k) assigns.push(k);
          else if (a.assignOf[k]! < 0) opaque = true;
        }
        // A task call: what it writes is not followed. A system task ($display, $fatal): what it reads is live.
        if (a.stmt[k] === k && x.kind === 'ident' && t[k + 1]?.text === '(' && !isKeyword(x.text) && !x.text.startsWith('$')) opaque = true;
        if (a.stmt[k] === k && x.text.startsWith('$')) {
          for (let j = k; j < to && !(t[j]!.text === ';' && a.depth[j] === a.depth[k]); j++) { inSystem.add(j); root(j); }
        }
      }
      if (opaque) {
        for (let k = from; k < to; k++) root(k);
        return;
      }
      if (controlled(from, to, assigns)) return;
      const all = new Set<string>();
      const inAssign = new Array<boolean>(to - from).fill(false);
      for (const op of assigns) {
        const s = a.stmt[op]!;
        const { targets, reads } = lvalueNames(s, op);
        for (let k = s; k < to && !(t[k]!.text === ';' && a.depth[k] === a.depth[s]); k++) inAssign[k - from] = true;
        const srcs = [...reads, ...rhsNames(op)];
        for (const dst of targets) {
          all.add(t[dst]!.text);
          for (const src of srcs) edge(node(t[src]!.text), node(t[dst]!.text));
        }
      }
      for (let k = from; k < to; k++) {
        if (inAssign[k - from] || inSystem.has(k) || !isName(k) || (a.decl[k] && a.depth[k] === a.depth[a.stmt[k]!])) continue;
        if (inSub[k]) { root(k); continue; }
        for (const dst of all) edge(node(t[k]!.text), node(dst));
      }
    }

    /**
     * The block statement by statement: an assignment's right-hand side, its lvalue's selects and
     * the conditions it sits under (if, case expression and labels, loop headers, the event
     * control) feed its lvalue. False (nothing added) on a shape it does not know: the caller then
     * makes every name of the block feed every lvalue.
     */
    function controlled(from: number, to: number, assigns: readonly number[]): boolean {
      const edges: [number, number][] = [];
      const ops = new Set(assigns);
      const names = (a1: number, b1: number): number[] => { const o: number[] = []; for (let k = a1; k < b1; k++) if (isName(k)) o.push(k); return o; };
      /** Parses the statement at i under `conds`; the index past it, or -1. */
      const stmt = (i: number, conds: readonly number[]): number => {
        if (i >= to) return -1;
        const x = t[i]!.text;
        if (x === 'begin') {
          let k = i + 1;
          if (t[k]?.text === ':') k += 2;
          while (k < to && t[k]!.text !== 'end') { k = stmt(k, conds); if (k < 0) return -1; }
          return k < to ? (t[k + 1]?.text === ':' ? k + 3 : k + 1) : -1;
        }
        if (x === 'unique' || x === 'unique0' || x === 'priority') return stmt(i + 1, conds);
        if (x === ';') return i + 1;
        if ((x === 'if' || x === 'for' || x === 'while' || x === 'repeat') && t[i + 1]?.text === '(') {
          const c = a.match.get(i + 1);
          if (c === undefined) return -1;
          const inner = [...conds, ...names(i + 2, c)];
          const e = stmt(c + 1, inner);
          if (e < 0) return -1;
          return x === 'if' && t[e]?.text === 'else' ? stmt(e + 1, inner) : e;
        }
        if ((x === 'case' || x === 'casez' || x === 'casex') && t[i + 1]?.text === '(') {
          const c = a.match.get(i + 1);
          if (c === undefined) return -1;
          const inner = [...conds, ...names(i + 2, c)];
          let k = c + 1;
          while (k < to && t[k]!.text !== 'endcase') {
            let colon = k;
            while (colon < to && !(t[colon]!.text === ':' && a.depth[colon] === a.depth[k]) && t[colon]!.text !== ';' && t[colon]!.text !== 'begin'
              && !(t[k]!.text === 'default' && colon > k)) colon++;
            if (colon >= to || t[colon]!.text === ';' || t[colon]!.text === 'begin' && t[k]!.text !== 'default') return -1;
            const body = t[colon]!.text === ':' ? colon + 1 : colon;
            k = stmt(body, [...inner, ...names(k, colon)]);
            if (k < 0) return -1;
          }
          return k < to ? k + 1 : -1;
        }
        if (x === '@') {
          if (t[i + 1]?.text === '*') return stmt(i + 2, conds);
          const c = t[i + 1]?.text === '(' ? a.match.get(i + 1) : undefined;
          return c === undefined ? -1 : stmt(c + 1, [...conds, ...names(i + 2, c)]);
        }
        // An assignment: from its statement start (i) to its ';'.
        let e = i;
        while (e < to && !(t[e]!.text === ';' && a.depth[e] === a.depth[i])) e++;
        const op = a.assignOf[i]!;
        if (e >= to || op < 0 || !ops.has(op) || a.stmt[op] !== i) {
          // A system task reads its arguments (made live by the caller); anything else is not known.
          return t[i]!.text.startsWith('$') ? e + 1 : -1;
        }
        const { targets, reads } = lvalueNames(i, op);
        for (const dst of targets) for (const src of [...reads, ...rhsNames(op), ...conds]) edges.push([src, dst]);
        return e + 1;
      };
      // The block: always[_ff|_comb|_latch] then its statement (an event control first).
      const end = stmt(from + 1, []);
      if (end !== to) return false;
      for (const [src, dst] of edges) edge(node(t[src]!.text), node(t[dst]!.text));
      return true;
    }

    /** An instance statement from its first token: connections followed; returns the index past it. */
    function instanceStatement(s: number): number {
      let e = s;
      while (e < m.to && !(t[e]!.text === ';' && a.depth[e] === a.depth[s])) e++;
      const child = byName.get(t[s]!.text);
      const all = (from: number, to: number): void => { for (let k = from; k < to; k++) root(k); };
      if (!child) { all(s + 1, e); return e + 1; }
      instantiated.add(child.name);
      let k = s + 1;
      if (t[k]?.text === '#' && t[k + 1]?.text === '(') { const c = a.match.get(k + 1) ?? e; all(k + 1, c); k = c + 1; }
      while (k < e) {
        if (t[k]!.kind === 'ident') { instances.set(t[k]!.text, child.name); k++; continue; }
        if (t[k]!.text === '[') { const c = a.match.get(k) ?? e; all(k, c); k = c + 1; continue; }
        if (t[k]!.text !== '(') { k++; continue; }
        const close = a.match.get(k) ?? e;
        // Items at the list's depth: .p(expr), .p, .*, or positional.
        let p = k + 1;
        while (p < close) {
          let q = p;
          while (q < close && !(t[q]!.text === ',' && a.depth[q] === a.depth[k]! + 1)) q++;
          connection(child, p, q);
          p = q + 1;
        }
        k = close + 1;
      }
      return e + 1;
    }

    function connection(child: ModuleRange, p: number, q: number): void {
      const opaque = (): void => {
        for (let k = p; k < q; k++) root(k);
        for (const [port, dir] of child.ports) if (dir !== 'input') roots.add(key(child.name, port));
      };
      if (p >= q) return;
      if (t[p]!.text !== '.' || t[p + 1]?.kind !== 'ident') return opaque(); // positional, .*
      const port = t[p + 1]!.text;
      const dir = child.ports.get(port);
      // `.p` alone connects the same name.
      const exprFrom = t[p + 2]?.text === '(' ? p + 3 : p + 1;
      const exprTo = t[p + 2]?.text === '(' ? (a.match.get(p + 2) ?? q) : p + 2;
      if (dir === undefined || dir === 'inout') {
        roots.add(key(child.name, port));
        for (let k = exprFrom; k < exprTo; k++) root(k);
        return;
      }
      if (dir === 'input') {
        for (let k = exprFrom; k < exprTo; k++) if (isName(k)) edge(node(t[k]!.text), key(child.name, port));
        return;
      }
      const { targets, reads } = lvalueNames(exprFrom, exprTo);
      for (const r of reads) root(r);
      for (const dst of targets) edge(key(child.name, port), node(t[dst]!.text));
    }

    // Hierarchical references `inst.sig` outside instance statements: the child's signal is live.
    for (let k = m.from; k < m.to; k++) {
      const child = instances.get(t[k]!.text);
      if (child === undefined || a.instance[k] || t[k + 1]?.text !== '.' || t[k + 2]?.kind !== 'ident') continue;
      roots.add(key(child, t[k + 2]!.text));
    }
  }
  // Modules nobody instantiates are tops: their outputs are what is observed.
  for (const m of modules) {
    if (instantiated.has(m.name)) continue;
    for (const [port, dir] of m.ports) if (dir !== 'input' && !uncompared.has(port)) roots.add(key(m.name, port));
  }
  for (const m of modules) for (const n of globalRoots) roots.add(key(m.name, n));

  const live = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length) {
    const n = queue.pop()!;
    for (const s of sources.get(n) ?? []) if (!live.has(s)) { live.add(s); queue.push(s); }
  }
  const moduleAt = (a: TokenAnalysis, at: number): string | undefined => modules.find((m) => m.a === a && at >= m.from && at < m.to)?.name;
  return {
    live(a, at, name) {
      const m = moduleAt(a, at);
      // Outside any module (a package): not followed.
      return m === undefined || live.has(key(m, name));
    },
    why(a, at, name) {
      const m = moduleAt(a, at);
      if (m === undefined) return [];
      const from = key(m, name);
      const prev = new Map<string, string>([[from, '']]);
      const queue = [from];
      while (queue.length) {
        const n = queue.shift()!;
        if (roots.has(n)) {
          const chain = [n];
          for (let p = prev.get(n)!; p; p = prev.get(p)!) chain.unshift(p);
          return chain;
        }
        for (const x of targetsOf.get(n) ?? []) if (live.has(x) && !prev.has(x)) { prev.set(x, n); queue.push(x); }
      }
      return [];
    },
    sinks(a, at, name, max = 3) {
      const m = moduleAt(a, at);
      if (m === undefined) return [];
      const seen = new Set<string>([key(m, name)]);
      const out: string[] = [];
      const queue = [key(m, name)];
      while (queue.length && out.length < max) {
        const n = queue.shift()!;
        const next = [...(targetsOf.get(n) ?? [])];
        if (next.length === 0 && n !== key(m, name)) out.push(n);
        for (const x of next) if (!seen.has(x)) { seen.add(x); queue.push(x); }
      }
      return out;
    },
  };
}
