// Writing a command's output file: any failure is one CliError line naming the path and the
// reason (ENOSPC on /dev/full, ENOTDIR under a file, EACCES, EROFS ...), never a stack trace.
import { writeFileSync } from 'node:fs';
import { CliError } from './args.js';

const REASONS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

/** The one line for an error writing `path` (a CliError, exit 1). */
export function outputError(path: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? `${REASONS[code] ?? (e as Error).message.split('\n')[0]} (${code})` : String(e);
  return new CliError(`cannot write ${path}: ${why}`);
}

/** Writes `data` to `path`; throws CliError (one line) on any failure. */
export function writeOutput(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw outputError(path, e);
  }
}
