// `--profile FILE`: a timing profile (model/timing/profile.ts, the reference RTL's is
// model/timing/reference-rtl.json) read from a JSON file. Every problem is one TimingProfileError
// naming the file and the key and value (or the JSON syntax error's position).
import { parseTimingProfile, TimingProfileError, type TimingProfile } from '../../model/timing/profile.js';
import { readJsonFile } from './json-file.js';

export function loadProfileFile(file: string): TimingProfile {
  return parseTimingProfile(readJsonFile(file, (why) => new TimingProfileError('', file, why)), file);
}

/** The profile a run uses: `profile` (default the reference RTL's) at the run's TLP width (the build's, not the file's). */
export function profileAtWidth(profile: TimingProfile, width: number): TimingProfile {
  return profile.widths.tlpDataBits === width ? profile : { ...profile, widths: { ...profile.widths, tlpDataBits: width } };
}
