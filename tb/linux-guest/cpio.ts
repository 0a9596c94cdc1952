// A "newc" cpio archive writer: the format the Linux kernel unpacks as an initramfs
// (Documentation/driver-api/early-userspace/buffer-format.rst). Written here so building the
// guest's initramfs needs no host `cpio` package. All mtimes, uids and gids are 0, so the same
// entries give the same bytes.
//
// Each entry: a 110-byte ASCII header ("070701" + 13 eight-digit hex fields), the NUL-terminated
// name, padding to 4 bytes, the data, padding to 4 bytes. The archive ends with "TRAILER!!!".

import { hex8 } from '../../model/util/hex.js';

export type CpioEntry =
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Uint8Array; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'chardev'; path: string; major: number; minor: number; mode?: number };

export class CpioEntryError extends Error {
  constructor(field: string, value: string | number, why: string) {
    super(`cpio entry ${field} ${JSON.stringify(value)}: ${why}`);
    this.name = 'CpioEntryError';
  }
}

// st_mode file types (POSIX <sys/stat.h>).
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

const HEADER_LEN = 110;
const MAGIC = '070701';

const enc = new TextEncoder();

function pad4(n: number): number {
  return (4 - (n & 3)) & 3;
}

interface Raw {
  name: string;
  mode: number;
  nlink: number;
  data: Uint8Array;
  rdevMajor: number;
  rdevMinor: number;
}

function toRaw(e: CpioEntry): Raw {
  const name = e.path.replace(/^\/+/, '');
  if (name.length === 0 || name.split('/').some((p) => p === '..' || p === '')) {
    throw new CpioEntryError('path', e.path, 'must be a relative path without empty or ".." parts');
  }
  const base = { name, nlink: 1, data: new Uint8Array(0), rdevMajor: 0, rdevMinor: 0 };
  switch (e.kind) {
    case 'dir':
      return { ...base, mode: S_IFDIR | (e.mode ?? 0o755), nlink: 2 };
    case 'file':
      return { ...base, mode: S_IFREG | (e.mode ?? 0o644), data: e.data };
    case 'symlink':
      return { ...base, mode: S_IFLNK | 0o777, data: enc.encode(e.target) };
    case 'chardev':
      return { ...base, mode: S_IFCHR | (e.mode ?? 0o600), rdevMajor: e.major, rdevMinor: e.minor };
  }
}

function header(raw: Raw, ino: number, nameSize: number): string {
  // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
  const fields = [ino, raw.mode, 0, 0, raw.nlink, 0, raw.data.length, 0, 0, raw.rdevMajor, raw.rdevMinor, nameSize, 0];
  return MAGIC + fields.map(hex8).join('');
}

/** The newc archive of `entries`, in order (parents must come before their children). */
export function buildNewcArchive(entries: readonly CpioEntry[]): Uint8Array {
  const raws = entries.map(toRaw);
  raws.push({ name: 'TRAILER!!!', mode: 0, nlink: 1, data: new Uint8Array(0), rdevMajor: 0, rdevMinor: 0 });
  const parts: Uint8Array[] = [];
  let total = 0;
  raws.forEach((raw, i) => {
    const name = enc.encode(raw.name);
    const nameSize = name.length + 1; // with the NUL
    const head = enc.encode(header(raw, raw.name === 'TRAILER!!!' ? 0 : i + 1, nameSize));
    const headLen = HEADER_LEN + nameSize + pad4(HEADER_LEN + nameSize);
    const len = headLen + raw.data.length + pad4(raw.data.length);
    const out = new Uint8Array(len); // zero-filled: NUL and padding come free
    out.set(head, 0);
    out.set(name, HEADER_LEN);
    out.set(raw.data, headLen);
    parts.push(out);
    total += len;
  });
  const archive = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    archive.set(p, o);
    o += p.length;
  }
  return archive;
}
