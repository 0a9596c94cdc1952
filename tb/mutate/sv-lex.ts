// Enough of a SystemVerilog tokenizer for mutation: identifiers, numbers, operators and brackets
// with their offsets and lines; comments, strings, attributes and compiler directives are kept
// apart so no mutation ever touches them. `ifdef/`ifndef/`elsif/`else/`endif are followed with a
// set of defines: a token in a branch the build does not compile is marked inactive.

export type TokenKind = 'ident' | 'number' | 'op' | 'string' | 'comment' | 'directive';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset one past the last character. */
  end: number;
  /** 1-based line of the first character. */
  line: number;
  /** False inside a preprocessor branch the build does not compile. */
  active: boolean;
}

// Longest first: a multi-character operator is one token (<<= is not < then <=).
const OPS = [
  '<<<=', '>>>=', '===', '!==', '==?', '!=?', '<<<', '>>>', '<<=', '>>=', '->>', '<->',
  '&&&', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '**', '~&', '~|', '~^', '^~', '->',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--', '::', '+:', '-:', '##', '.*',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
// A number: sized/based literal, plain decimal, real, or an unbased unsized '0 '1 'x 'z.
const NUMBER = /^(?:\d[\d_]*\s*)?'[sS]?[bBoOdDhH]\s*[0-9a-fA-FxXzZ?_]+|^\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|^'[01xXzZ]/;

/** Tokens of `src`; `defines` decides which preprocessor branches are active. */
export function tokenize(src: string, defines: ReadonlySet<string> = new Set()): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  // Preprocessor stack: for each open `ifdef, whether its current branch is taken and whether any was.
  const stack: { taken: boolean; any: boolean; parentActive: boolean }[] = [];
  const active = (): boolean => stack.length === 0 || (stack[stack.length - 1]!.taken && stack[stack.length - 1]!.parentActive);
  const push = (kind: TokenKind, start: number, end: number): void => {
    const text = src.slice(start, end);
    out.push({ kind, text, start, end, line, active: active() });
    for (let k = start; k < end; k++) if (src.charCodeAt(k) === 10) line++;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') { i++; continue; }
    if (src.startsWith('//', i)) {
      const e = src.indexOf('\n', i);
      push('comment', i, e < 0 ? src.length : e);
      i = e < 0 ? src.length : e;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      const end = e < 0 ? src.length : e + 2;
      push('comment', i, end);
      i = end;
      continue;
    }
    // Attributes (* ... *) are not expressions; `(*)` in `@(*)` is not an attribute.
    if (src.startsWith('(*', i) && src[i + 2] !== ')') {
      const e = src.indexOf('*)', i + 2);
      const end = e < 0 ? src.length : e + 2;
      push('comment', i, end);
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"' && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      push('string', i, Math.min(j + 1, src.length));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j]!)) j++;
      const name = src.slice(i + 1, j);
      if (['ifdef', 'ifndef', 'elsif', 'define', 'undef', 'include', 'timescale', 'default_nettype'].includes(name)) {
        // The directive with its argument(s) up to the end of the line (a `define body with \ continuations).
        let e = j;
        if (name === 'define') {
          while (e < src.length && src[e] !== '\n') e += src[e] === '\\' && src[e + 1] === '\n' ? 2 : src[e] === '\\' && src.startsWith('\r\n', e + 1) ? 3 : 1;
        } else {
          const m = /^[ \t]*[^\s/]*/.exec(src.slice(j))!;
          e = j + m[0].length;
        }
        const arg = src.slice(j, e).trim();
        if (name === 'ifdef' || name === 'ifndef') {
          const def = defines.has(arg);
          stack.push({ taken: name === 'ifdef' ? def : !def, any: false, parentActive: active() });
          stack[stack.length - 1]!.any = stack[stack.length - 1]!.taken;
        } else if (name === 'elsif' && stack.length) {
          const top = stack[stack.length - 1]!;
          top.taken = !top.any && defines.has(arg);
          top.any ||= top.taken;
        }
        push('directive', i, e);
        i = e;
        continue;
      }
      if (name === 'else' && stack.length) {
        const top = stack[stack.length - 1]!;
        top.taken = !top.any;
        top.any = true;
      }
      push('directive', i, j);
      if (name === 'endif') stack.pop();
      i = j;
      continue;
    }
    if (IDENT_START.test(c) || c === '$' || c === '\\') {
      let j = i + 1;
      if (c === '\\') while (j < src.length && !/\s/.test(src[j]!)) j++;
      else while (j < src.length && IDENT_PART.test(src[j]!)) j++;
      push('ident', i, j);
      i = j;
      continue;
    }
    if (/[0-9']/.test(c)) {
      const m = NUMBER.exec(src.slice(i, i + 200));
      if (m) {
        push('number', i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
    const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
    push('op', i, i + op.length);
    i += op.length;
  }
  return out;
}

/** The tokens that matter to expressions: no comments, no directives, only compiled code. */
export function codeTokens(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.active && t.kind !== 'comment' && t.kind !== 'directive');
}
