// Parser for driver scripts (.vscr, described in SCRIPTS.md): one operation a line,
// `op arg... key=value... [CMP VALUE]`, `#` starts a comment.

export class ScriptError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'ScriptError';
  }
}

export const COMPARATORS = ['==', '!=', '>=', '<=', 'has', 'lacks'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface Expectation {
  cmp: Comparator;
  /** Number, or names joined by `|` (status bits, feature bits), resolved by the interpreter. */
  value: string;
}

export interface Step {
  line: number;
  op: string;
  args: string[];
  kv: Record<string, string>;
  expect?: Expectation;
  /** The source text without comment, used in answer labels and failure messages. */
  text: string;
}

export interface Script {
  file: string;
  title: string;
  /** `device key=value` lines: device properties both backends are started with. */
  device: Record<string, string>;
  steps: Step[];
}

/** Every op the interpreter knows, with its positional argument count [min, max]. */
export const OPS: Readonly<Record<string, [number, number]>> = {
  setup: [0, 0],
  'cfg.rd': [1, 1],
  'cfg.wr': [2, 2],
  'cap.has': [1, 1],
  'cap.list': [0, 0],
  'cap.rd': [2, 2],
  rd: [1, 1],
  wr: [2, 2],
  negotiate: [1, 1],
  'msix.rd': [2, 2],
  'msix.wr': [3, 3],
  'msix.enable': [1, 1],
  'pba.rd': [0, 1],
  'mem.wr': [2, 2],
  'mem.fill': [3, 3],
  'mem.rd': [1, 2],
  'mem.wait': [1, 1],
  'queue.setup': [1, 1],
  'tx.post': [3, 3],
  'rx.post': [3, 3],
  kick: [1, 1],
  used: [1, 1],
  settle: [0, 0],
};

export function parseScript(file: string, source: string): Script {
  const script: Script = { file, title: file, device: {}, steps: [] };
  source.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const text = raw.replace(/#.*$/, '').trim();
    if (text === '') return;
    const words = text.split(/\s+/);
    const op = words[0];
    if (op === 'title') {
      script.title = text.slice(5).trim();
      return;
    }
    if (op === 'device') {
      for (const w of words.slice(1)) {
        const eq = w.indexOf('=');
        if (eq <= 0) throw new ScriptError(file, line, `device property '${w}' is not key=value`);
        script.device[w.slice(0, eq)] = w.slice(eq + 1);
      }
      return;
    }
    const arity = OPS[op];
    if (!arity) throw new ScriptError(file, line, `unknown op '${op}'`);
    const rest = words.slice(1);
    let expect: Expectation | undefined;
    const ci = rest.findIndex((w) => (COMPARATORS as readonly string[]).includes(w));
    if (ci >= 0) {
      if (ci !== rest.length - 2) throw new ScriptError(file, line, `comparator '${rest[ci]}' must be followed by exactly one value`);
      expect = { cmp: rest[ci] as Comparator, value: rest[ci + 1] };
      rest.splice(ci, 2);
    }
    const args: string[] = [];
    const kv: Record<string, string> = {};
    for (const w of rest) {
      const eq = w.indexOf('=');
      if (eq > 0) kv[w.slice(0, eq)] = w.slice(eq + 1);
      else args.push(w);
    }
    if (args.length < arity[0] || args.length > arity[1]) {
      throw new ScriptError(file, line, `op '${op}' takes ${arity[0]}..${arity[1]} arguments, got ${args.length}`);
    }
    script.steps.push({ line, op, args, kv, expect, text: ci >= 0 ? words.slice(0, ci + 1).join(' ') : text });
  });
  return script;
}

/** A number in a script: decimal or 0x hex. */
export function parseNumber(s: string, what: string, file = '?', line = 0): number {
  const n = /^0x[0-9a-f]+$/i.test(s) ? Number.parseInt(s.slice(2), 16) : /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n)) throw new ScriptError(file, line, `${what} '${s}' is not a number`);
  return n;
}
