// A user's JSON file (--device, --profile): its text parsed, or `fail(why)` (the caller's typed
// error naming the file) when it cannot be read or is not JSON.
import { readFileSync } from 'node:fs';

export function readJsonFile(file: string, fail: (why: string) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fail(`is not JSON: ${(e as Error).message}`);
  }
}
