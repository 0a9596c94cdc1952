import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNewcArchive, CpioEntryError, type CpioEntry } from './cpio.js';
import { fileURLToPath } from 'node:url';

const td = new TextDecoder();
const entries: CpioEntry[] = [
  { kind: 'dir', path: 'etc' },
  { kind: 'file', path: 'etc/hello', data: new TextEncoder().encode('hi\n'), mode: 0o640 },
  { kind: 'symlink', path: 'etc/link', target: 'hello' },
  { kind: 'chardev', path: 'console', major: 5, minor: 1 },
];

/** Field k (0 = ino .. 12 = check) of the newc header at offset o. */
function field(a: Uint8Array, o: number, k: number): number {
  return parseInt(td.decode(a.subarray(o + 6 + k * 8, o + 14 + k * 8)), 16);
}

describe('newc cpio writer (kernel buffer-format.rst)', () => {
  it('writes 070701 headers, NUL-terminated names and data each padded to 4 bytes, then TRAILER!!!', () => {
    const a = buildNewcArchive(entries);
    expect(a.length % 4).toBe(0);
    const seen: { name: string; mode: number; size: number; rmaj: number; rmin: number; data: string }[] = [];
    let o = 0;
    for (let n = 0; n < 10 && o < a.length; n++) {
      expect(td.decode(a.subarray(o, o + 6))).toBe('070701');
      const nameSize = field(a, o, 11);
      const size = field(a, o, 6);
      const name = td.decode(a.subarray(o + 110, o + 110 + nameSize - 1));
      expect(a[o + 110 + nameSize - 1]).toBe(0);
      const dataAt = (o + 110 + nameSize + 3) & ~3;
      seen.push({ name, mode: field(a, o, 1), size, rmaj: field(a, o, 9), rmin: field(a, o, 10), data: td.decode(a.subarray(dataAt, dataAt + size)) });
      o = (dataAt + size + 3) & ~3;
      if (name === 'TRAILER!!!') break;
    }
    expect(o).toBe(a.length);
    expect(seen.map((s) => s.name)).toEqual(['etc', 'etc/hello', 'etc/link', 'console', 'TRAILER!!!']);
    expect(seen[0].mode).toBe(0o040755);
    expect(seen[1]).toMatchObject({ mode: 0o100640, size: 3, data: 'hi\n' });
    expect(seen[2]).toMatchObject({ mode: 0o120777, data: 'hello' });
    expect(seen[3]).toMatchObject({ mode: 0o020600, rmaj: 5, rmin: 1, size: 0 });
  });

  it('is deterministic and refuses paths that climb out', () => {
    expect(buildNewcArchive(entries)).toEqual(buildNewcArchive(entries));
    expect(() => buildNewcArchive([{ kind: 'dir', path: 'a/../b' }])).toThrow(CpioEntryError);
    expect(() => buildNewcArchive([{ kind: 'dir', path: '/' }])).toThrow(/path/);
  });

  // An independent reader: busybox's cpio applet, when fetch.sh has cached busybox-static.
  const busybox = fileURLToPath(new URL('../../build/linux-guest/root/bin/busybox', import.meta.url));
  it.skipIf(!existsSync(busybox))('extracts with busybox cpio -i to the same tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-cpio-'));
    try {
      writeFileSync(join(dir, 'a.cpio'), buildNewcArchive(entries.filter((e) => e.kind !== 'chardev')));
      const out = join(dir, 'out');
      const r = spawnSync('sh', ['-c', `mkdir ${out} && cd ${out} && ${busybox} cpio -i -d < ../a.cpio`], { encoding: 'utf8', timeout: 10_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(out, 'etc/hello'), 'utf8')).toBe('hi\n');
      expect(statSync(join(out, 'etc/hello')).mode & 0o777).toBe(0o640);
      expect(readlinkSync(join(out, 'etc/link'))).toBe('hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
