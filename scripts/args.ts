// The one strict command-line parser every entry point uses (scripts/, vectors/, waves/, tb/).
//
// A command declares its options as data; `parseCommand` returns typed values or throws a
// `UsageError` whose message is one line naming the offending option or value. `runCommand` wraps
// a command body: `--help`/`-h` prints the usage and exits 0, a UsageError is one line on stderr
// and exit 2, a `CliError` (a typed user-facing failure: unreadable file, unwritable output,
// simulator fault) is one line and its own exit code, anything else is reported as a bug in the
// tool (one line saying so, then the stack) and exit 70.
//
// Forms accepted: `--name value`, `--name=value`, `--flag`, `--` (the rest are positionals).
// Rejected: an unknown option, a missing value, a value that does not parse or is out of range,
// an option given twice (unless declared `repeat`), a value for a flag, extra positionals.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on, reported as one line (no stack) with its exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

interface Base {
  help?: string;
  /** Shown in the usage line instead of the kind's default (N, NAME, FILE ...). */
  meta?: string;
}
export interface FlagOpt extends Base { kind: 'flag' }
export interface IntOpt extends Base { kind: 'int'; min?: number; max?: number; default?: number }
export interface BigIntOpt extends Base { kind: 'bigint'; min?: bigint; max?: bigint; default?: bigint }
export interface FloatOpt extends Base { kind: 'float'; min?: number; max?: number; default?: number }
export interface EnumOpt<V extends string = string> extends Base { kind: 'enum'; values: readonly V[]; default?: V }
export interface StringOpt extends Base { kind: 'string'; default?: string; repeat?: false; nonEmpty?: boolean }
export interface ListOpt extends Base { kind: 'string'; repeat: true }
/** Integer list: `3`, `1..50`, `1,4,9`, `1..3,7` (each within [min, max]). */
export interface IntListOpt extends Base { kind: 'intlist'; min?: number; max?: number; default?: readonly number[] }
/** Comma-separated words: `a,b,c` (empty items rejected). */
export interface CsvOpt extends Base { kind: 'csv'; values?: readonly string[]; default?: readonly string[] }

export type OptSpec = FlagOpt | IntOpt | BigIntOpt | FloatOpt | EnumOpt | StringOpt | ListOpt | IntListOpt | CsvOpt;

type ValueOf<O> = O extends FlagOpt
  ? boolean
  : O extends IntOpt | FloatOpt
    ? number
    : O extends BigIntOpt
      ? bigint
      : O extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : O extends ListOpt
          ? string[]
          : O extends StringOpt
            ? string
            : O extends IntListOpt
              ? number[]
              : O extends CsvOpt
                ? string[]
                : never;

type Always<O> = O extends FlagOpt | ListOpt ? true : O extends { default: unknown } ? true : false;

export type Values<S extends Record<string, OptSpec>> = {
  [K in keyof S]: Always<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export interface CommandSpec<S extends Record<string, OptSpec> = Record<string, OptSpec>> {
  /** As typed by the user, e.g. `virtio-cosim cosim`: the prefix of every error line. */
  name: string;
  summary: string;
  options: S;
  /** Positional arguments by name; a trailing `...` in the last name takes any number. */
  positionals?: readonly string[];
  /** Lines after the option table (examples, exit codes). */
  epilogue?: string;
}

export interface Parsed<S extends Record<string, OptSpec>> {
  values: Values<S>;
  positionals: string[];
  help: boolean;
}

const INT_RE = /^-?(?:0|[1-9][0-9]*)$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;

function parseInt(cmd: string, name: string, raw: string, min: number | undefined, max: number | undefined): number {
  let n: number;
  if (INT_RE.test(raw)) n = Number(raw);
  else if (HEX_RE.test(raw)) n = Number(BigInt(raw));
  else throw new UsageError(`${cmd}: --${name} ${JSON.stringify(raw)} is not an integer`);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${cmd}: --${name} ${raw} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  if (min !== undefined && n < min) throw new UsageError(`${cmd}: --${name} ${raw} is below ${min}`);
  if (max !== undefined && n > max) throw new UsageError(`${cmd}: --${name} ${raw} is above ${max}`);
  return n;
}

function parseValue(cmd: string, name: string, spec: OptSpec, raw: string): unknown {
  switch (spec.kind) {
    case 'flag':
      throw new UsageError(`${cmd}: --${name} takes no value (got ${JSON.stringify(raw)})`);
    case 'int':
      return parseInt(cmd, name, raw, spec.min, spec.max);
    case 'bigint': {
      if (!INT_RE.test(raw) && !HEX_RE.test(raw)) throw new UsageError(`${cmd}: --${name} ${JSON.stringify(raw)} is not an integer`);
      const n = BigInt(raw);
      if (spec.min !== undefined && n < spec.min) throw new UsageError(`${cmd}: --${name} ${raw} is below ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw new UsageError(`${cmd}: --${name} ${raw} is above ${spec.max}`);
      return n;
    }
    case 'float': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`${cmd}: --${name} ${JSON.stringify(raw)} is not a number`);
      if (spec.min !== undefined && n < spec.min) throw new UsageError(`${cmd}: --${name} ${raw} is below ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw new UsageError(`${cmd}: --${name} ${raw} is above ${spec.max}`);
      return n;
    }
    case 'enum':
      if (!spec.values.includes(raw)) throw new UsageError(`${cmd}: --${name} ${JSON.stringify(raw)} must be one of ${spec.values.join('|')}`);
      return raw;
    case 'string':
      if (!spec.repeat && spec.nonEmpty !== false && raw === '') throw new UsageError(`${cmd}: --${name} needs a non-empty value`);
      return raw;
    case 'intlist': {
      const out: number[] = [];
      if (raw === '') throw new UsageError(`${cmd}: --${name} needs a value such as 1..5 or 1,3,7`);
      for (const part of raw.split(',')) {
        const m = /^([^.]+)\.\.([^.]+)$/.exec(part);
        if (m) {
          const lo = parseInt(cmd, name, m[1]!, spec.min, spec.max);
          const hi = parseInt(cmd, name, m[2]!, spec.min, spec.max);
          if (hi < lo) throw new UsageError(`${cmd}: --${name} range ${part} is empty`);
          if (hi - lo >= 1_000_000) throw new UsageError(`${cmd}: --${name} range ${part} has more than 1000000 values`);
          for (let i = lo; i <= hi; i++) out.push(i);
        } else {
          out.push(parseInt(cmd, name, part, spec.min, spec.max));
        }
      }
      return out;
    }
    case 'csv': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) throw new UsageError(`${cmd}: --${name} ${JSON.stringify(raw)} has an empty item`);
      if (spec.values) {
        const bad = items.find((s) => !spec.values!.includes(s));
        if (bad !== undefined) throw new UsageError(`${cmd}: --${name} item ${JSON.stringify(bad)} must be one of ${spec.values.join('|')}`);
      }
      return items;
    }
  }
}

/** Parses argv against the spec. Throws UsageError (one line) on any mistake. */
export function parseCommand<S extends Record<string, OptSpec>>(spec: CommandSpec<S>, argv: readonly string[]): Parsed<S> {
  const cmd = spec.name;
  const values: Record<string, unknown> = {};
  const seen = new Set<string>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`${cmd}: unknown option ${arg} (options are spelled --name)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const opt = Object.prototype.hasOwnProperty.call(spec.options, name) ? spec.options[name] : undefined;
    if (opt === undefined) throw new UsageError(`${cmd}: unknown option --${name}${suggest(name, Object.keys(spec.options))}`);
    const repeatable = opt.kind === 'string' && opt.repeat === true;
    if (seen.has(name) && !repeatable) throw new UsageError(`${cmd}: --${name} given more than once`);
    seen.add(name);
    if (opt.kind === 'flag') {
      if (eq >= 0) parseValue(cmd, name, opt, arg.slice(eq + 1));
      values[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${cmd}: --${name} needs a value`);
      raw = next;
      i++;
    }
    const v = parseValue(cmd, name, opt, raw);
    if (repeatable) ((values[name] ??= []) as string[]).push(v as string);
    else values[name] = v;
  }
  for (const [name, opt] of Object.entries(spec.options)) {
    if (name in values) continue;
    if (opt.kind === 'flag') values[name] = false;
    else if (opt.kind === 'string' && opt.repeat) values[name] = [];
    else if ('default' in opt && opt.default !== undefined) values[name] = Array.isArray(opt.default) ? [...opt.default] : opt.default;
  }
  if (!help) {
    const names = spec.positionals ?? [];
    const variadic = names.length > 0 && names[names.length - 1]!.endsWith('...');
    if (!variadic && positionals.length > names.length) {
      throw new UsageError(`${cmd}: unexpected argument ${JSON.stringify(positionals[names.length])}`);
    }
  }
  return { values: values as Values<S>, positionals, help };
}

/** The usage text: one line per option with its kind, range and default. */
export function formatUsage(spec: CommandSpec): string {
  const lines = [`usage: ${spec.name} [options]${(spec.positionals ?? []).map((p) => ` ${p.toUpperCase()}`).join('')}`, '', spec.summary, '', 'options:'];
  const rows: [string, string][] = [];
  for (const [name, o] of Object.entries(spec.options)) {
    let left = `--${name}`;
    let right = o.help ?? '';
    switch (o.kind) {
      case 'flag':
        break;
      case 'enum':
        left += ` ${o.values.join('|')}`;
        break;
      case 'int':
      case 'float':
      case 'bigint':
        left += ` ${o.meta ?? 'N'}`;
        if (o.min !== undefined || o.max !== undefined) right += ` [${o.min ?? ''}..${o.max ?? ''}]`;
        break;
      case 'intlist':
        left += ` ${o.meta ?? 'A..B|A,B'}`;
        break;
      case 'csv':
        left += ` ${o.meta ?? (o.values ? o.values.join(',') : 'A,B')}`;
        break;
      case 'string':
        left += ` ${o.meta ?? 'VALUE'}`;
        if (o.repeat) right += ' (repeatable)';
        break;
    }
    if ('default' in o && o.default !== undefined) right += ` (default ${Array.isArray(o.default) ? o.default.join(',') : String(o.default)})`;
    rows.push([left, right.trim()]);
  }
  rows.push(['--help', 'print this text and exit 0']);
  const w = Math.min(34, Math.max(...rows.map((r) => r[0].length)));
  for (const [l, r] of rows) lines.push(`  ${l.padEnd(w)}  ${r}`.trimEnd());
  if (spec.epilogue) lines.push('', spec.epilogue.trimEnd());
  return `${lines.join('\n')}\n`;
}

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => distance(k, name) <= 2);
  return close ? ` (did you mean --${close}?)` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Exit code for a bug in the tool (BSD sysexits EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/**
 * Runs a command: parses, prints usage on --help (exit 0), and turns every error into one line
 * with the right exit code. Returns the exit code (the caller sets process.exitCode).
 */
export async function runCommand<S extends Record<string, OptSpec>>(
  spec: CommandSpec<S>,
  argv: readonly string[],
  body: (p: Parsed<S>) => number | Promise<number>,
): Promise<number> {
  try {
    const parsed = parseCommand(spec, argv);
    if (parsed.help) {
      process.stdout.write(formatUsage(spec));
      return 0;
    }
    return await body(parsed);
  } catch (e) {
    return reportError(spec.name, e);
  }
}

/** One line on stderr for a user-facing error; a bug in the tool is named as one, with its stack. */
export function reportError(cmd: string, e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`${oneLine(e.message)}\n(try ${cmd} --help)\n`);
    return 2;
  }
  if (e instanceof CliError) {
    process.stderr.write(`${cmd}: ${oneLine(e.message)}\n`);
    return e.exitCode;
  }
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno) && (e as NodeJS.ErrnoException).syscall) {
    process.stderr.write(`${cmd}: ${oneLine((e as Error).message)}\n`);
    return 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`${cmd}: internal error (a bug in virtio-cosim, please report it): ${err.name}: ${oneLine(err.message)}\n${err.stack ?? ''}\n`);
  return EXIT_INTERNAL;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** Requires a value for an option the command cannot run without. */
export function required<T>(cmd: string, name: string, v: T | undefined): T {
  if (v === undefined) throw new UsageError(`${cmd}: --${name} is required`);
  return v;
}
