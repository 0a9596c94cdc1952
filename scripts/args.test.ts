import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, formatUsage, makeOutputDir, parseCommand, readInput, requireFile, UsageError, writeOutput, type CommandSpec } from './args.js';

const spec = {
  name: 'tool',
  summary: 'a test command',
  options: {
    seed: { kind: 'int', min: 0, max: 2 ** 32 - 1, default: 1 },
    window: { kind: 'int', min: 1 },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, default: 'exact' },
    'no-waves': { kind: 'flag' },
    define: { kind: 'string', repeat: true },
    out: { kind: 'string' },
    seeds: { kind: 'intlist', min: 0 },
    addr: { kind: 'bigint', min: 0n, max: 2n ** 64n - 1n },
    verbose: { kind: 'flag', short: 'v' },
  },
  positionals: ['file'],
} satisfies CommandSpec;

const bad = (argv: string[], msg: RegExp) => expect(() => parseCommand(spec, argv)).toThrow(msg);

describe('parseCommand', () => {
  it('parses typed values, defaults, repeats and both value forms', () => {
    const p = parseCommand(spec, ['--seed', '7', '--compare=spec', '--no-waves', '--define', 'A', '--define=B=1', '--seeds', '1..3,9', 'x.vcd']);
    expect(p.values.seed).toBe(7);
    expect(p.values.compare).toBe('spec');
    expect(p.values['no-waves']).toBe(true);
    expect(p.values.define).toEqual(['A', 'B=1']);
    expect(p.values.seeds).toEqual([1, 2, 3, 9]);
    expect(p.values.window).toBeUndefined();
    expect(p.positionals).toEqual(['x.vcd']);
    expect(parseCommand(spec, []).values.seed).toBe(1);
    expect(parseCommand(spec, ['--addr', '0xffffffffffffffff']).values.addr).toBe(2n ** 64n - 1n);
  });
  it('rejects every malformed input with one line naming it', () => {
    bad(['--sed', '3'], /unknown option --sed \(did you mean --seed\?\)/);
    bad(['--seed', ''], /--seed "" is not an integer/);
    bad(['--seed', '-5'], /--seed -5 is below 0/);
    bad(['--window', '-5'], /--window -5 is below 1/);
    bad(['--seed', '9007199254740993'], /too large/);
    bad(['--seed', '1.5'], /not an integer/);
    bad(['--seed'], /--seed needs a value/);
    bad(['--seed', '--compare'], /--seed needs a value/);
    bad(['--seed', '1', '--seed', '2'], /given more than once/);
    bad(['--compare', 'loose'], /must be one of exact\|spec/);
    bad(['--no-waves=1'], /takes no value/);
    bad(['--seeds', '5..1'], /is empty/);
    bad(['-x'], /unknown option -x/);
    bad(['a', 'b'], /unexpected argument "b"/);
    bad(['--addr', '0x10000000000000000'], /above/);
    for (const argv of [['--sed', '3'], ['--seed', 'x']]) {
      try {
        parseCommand(spec, argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as Error).message).not.toContain('\n');
      }
    }
  });
  it('--help is recognised anywhere and the usage lists every option', () => {
    expect(parseCommand(spec, ['--seed', '3', '--help']).help).toBe(true);
    const u = formatUsage(spec);
    for (const k of Object.keys(spec.options)) expect(u).toContain(`--${k}`);
  });
});

describe('short flag aliases', () => {
  it('-v sets its flag once; other single-dash words are unknown options', () => {
    expect(parseCommand(spec, ['-v']).values.verbose).toBe(true);
    expect(parseCommand(spec, []).values.verbose).toBe(false);
    bad(['-v', '--verbose'], /--verbose given more than once/);
    bad(['-w'], /unknown option -w/);
    expect(formatUsage(spec)).toContain('-v, --verbose');
  });
});

describe('files: one CliError line naming the path, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'args-'));
  const fails = (f: () => unknown, msg: RegExp): void => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(2);
      expect((e as Error).message).toMatch(msg);
      expect((e as Error).message).not.toContain('\n');
      return;
    }
    expect.unreachable('no error');
  };
  it('writes and reads what it is given', () => {
    writeOutput(join(dir, 'a.txt'), 'x\n');
    expect(readInput(join(dir, 'a.txt'))).toBe('x\n');
    makeOutputDir(join(dir, 'b', 'c'));
    requireFile(join(dir, 'a.txt'));
  });
  it('names the path and the errno for every failure', () => {
    fails(() => writeOutput('/dev/full', 'x'), /cannot write \/dev\/full: ENOSPC/);
    fails(() => writeOutput('/etc/passwd/x', 'x'), /cannot write \/etc\/passwd\/x: ENOTDIR/);
    fails(() => writeOutput(dir, 'x'), /cannot write .*: EISDIR/);
    fails(() => makeOutputDir('/etc/passwd/x'), /cannot create folder \/etc\/passwd\/x: ENOTDIR/);
    fails(() => readInput(join(dir, 'missing')), /cannot read .*missing: ENOENT/);
    fails(() => requireFile(dir), /cannot read .*: EISDIR/);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('x\n');
  });
});
