// Builds a player variant for the tests (make player-build) without blocking the test worker's
// event loop: a synchronous build of a minute or two starves vitest's RPC ("Timeout calling
// onTaskUpdate") on a loaded machine.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** `make -f tb/player/player.mk player-build VARS...`; rejects with the build output on failure. */
export function buildPlayer(vars: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile('make', ['-f', 'tb/player/player.mk', 'player-build', ...vars], { cwd: ROOT, timeout: 600_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`player build failed:\n${stdout}\n${stderr}`));
      else done();
    });
  });
}

/**
 * Runs a player binary without blocking the event loop (a synchronous run of a loaded minute would
 * starve vitest's RPC): exit status (null when killed by the timeout) and stdout + stderr.
 */
export function runPlayer(bin: string, args: readonly string[], timeoutMs = 120_000): Promise<{ status: number | null; out: string }> {
  return new Promise((done) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      done({ status, out: `${stdout}${stderr}` });
    });
  });
}
