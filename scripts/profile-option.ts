// `--profile FILE`: the timing profile the model runs with (model/timing/profile.ts; default the
// reference RTL's, model/timing/reference-rtl.json), shared by every command that runs the model.
// A file that cannot be read, is not JSON or has a bad key is one line naming the file, the key
// and the value (exit 2); the loader is imported here, inside the command's error reporting.
import type { TimingProfile } from '../model/timing/profile.js';
import { UsageError, type OptSpec } from './args.js';

export const PROFILE_OPTION = {
  kind: 'string', meta: 'FILE', help: 'timing profile JSON the model runs with (docs/exact-level.md "Profiles"; `calibrate` writes one); default model/timing/reference-rtl.json',
} satisfies OptSpec;

/** The profile named by `--profile`, or undefined (the reference RTL's). */
export async function loadProfileOption(cmd: string, file: string | undefined): Promise<TimingProfile | undefined> {
  if (file === undefined) return undefined;
  const { loadProfileFile } = await import('../tb/cosim/profile-file.js');
  try {
    return loadProfileFile(file);
  } catch (e) {
    if ((e as Error).name === 'TimingProfileError') throw new UsageError(`${cmd}: --profile: ${(e as Error).message}`);
    throw e;
  }
}
