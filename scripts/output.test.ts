import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, reportError } from './args.js';
import { writeOutput } from './output.js';

describe('writeOutput', () => {
  it('writes the file', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'out-')), 'a.txt');
    writeOutput(p, 'hello\n');
    expect(readFileSync(p, 'utf8')).toBe('hello\n');
  });

  it('a full device (/dev/full) is one line naming the path and ENOSPC', () => {
    const e = (() => { try { writeOutput('/dev/full', 'x'.repeat(100_000)); } catch (err) { return err; } return undefined; })();
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).message).toBe('cannot write /dev/full: no space left on the device (ENOSPC)');
  });

  it('a path under a file (/etc/passwd/x) is one line naming ENOTDIR; reportError prints it without a stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    writeFileSync(join(dir, 'file'), '');
    const p = join(dir, 'file', 'x');
    const e = (() => { try { writeOutput(p, 'x'); } catch (err) { return err; } return undefined; })();
    expect((e as CliError).message).toBe(`cannot write ${p}: a part of the path is a file, not a folder (ENOTDIR)`);
    const write = process.stderr.write.bind(process.stderr);
    let text = '';
    process.stderr.write = ((s: string) => { text += s; return true; }) as typeof process.stderr.write;
    try {
      expect(reportError('vectors gen', e)).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(text).toBe(`vectors gen: cannot write ${p}: a part of the path is a file, not a folder (ENOTDIR)\n`);
  });
});
