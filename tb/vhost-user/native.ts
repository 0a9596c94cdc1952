// Loads the N-API addon (native/vhost_native.c). When the compiled .node is missing or older than
// its source it is compiled here with the same command as vhost.mk, so `vitest run tb/vhost-user`
// works on a fresh clone with only a C compiler and Node's headers.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An opaque uv_poll handle returned by watch(). */
export type WatchHandle = { readonly __watch: unique symbol };

export interface VhostNative {
  /** Listening unix stream socket at `path` (unlinked first); non-blocking fd. */
  listen(path: string): number;
  /** Connected unix stream socket (tests acting as a front-end). */
  connect(path: string): number;
  /** Accepted fd, or -1 when none is waiting. */
  accept(fd: number): number;
  /** Up to maxBytes bytes plus SCM_RIGHTS fds; data.length 0 at end of stream; null when nothing waits. */
  recvmsg(fd: number, maxBytes: number): { data: Buffer; fds: number[] } | null;
  sendmsg(fd: number, bytes: Uint8Array, fds?: number[]): number;
  /** MAP_SHARED read/write mapping of [offset, offset+size) of fd. */
  mmap(fd: number, size: number, offset: number): ArrayBuffer;
  munmap(ab: ArrayBuffer): void;
  eventfd(): number;
  memfd(name: string, size: number): number;
  eventfdWrite(fd: number, value: number): void;
  /** Counter value (reset to 0), or 0 when nothing was signalled. */
  eventfdRead(fd: number): number;
  close(fd: number): void;
  /** Call cb(status) on the Node event loop whenever fd is readable or hung up. */
  watch(fd: number, cb: (status: number) => void): WatchHandle;
  unwatch(h: WatchHandle): void;
}

const here = dirname(fileURLToPath(import.meta.url));
const SRC = join(here, 'native', 'vhost_native.c');
const OUT = join(here, 'native', 'build', 'vhost_native.node');

let cached: VhostNative | null = null;

/** Compile the addon if needed (bounded: 120 s) and load it. */
export function loadNative(): VhostNative {
  if (cached) return cached;
  if (!existsSync(OUT) || statSync(OUT).mtimeMs < statSync(SRC).mtimeMs) {
    mkdirSync(dirname(OUT), { recursive: true });
    const include = resolve(process.execPath, '../../include/node');
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-DNODE_GYP_MODULE_NAME=vhost_native', `-I${include}`, '-o', OUT, SRC], {
      stdio: 'pipe',
      timeout: 120_000,
    });
  }
  const req = createRequire(import.meta.url);
  cached = req(OUT) as VhostNative;
  return cached;
}
