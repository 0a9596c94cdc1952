// --profile FILE: a timing profile read from a JSON file; every problem is one TimingProfileError
// naming the file, the key and the value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, TimingProfileError } from '../../model/timing/profile.js';
import { profileJson } from './calibrate.js';
import { loadProfileFile, profileAtWidth } from './profile-file.js';

describe('loadProfileFile', () => {
  it('reads back what calibrate writes; the run width replaces the file\'s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'profile-'));
    writeFileSync(path.join(dir, 'p.json'), profileJson({ ...REFERENCE_RTL_PROFILE, name: 'mine' }, 'a note'));
    const p = loadProfileFile(path.join(dir, 'p.json'));
    expect(p).toEqual({ ...REFERENCE_RTL_PROFILE, name: 'mine' });
    expect(profileAtWidth(p, 256).widths).toEqual({ ...p.widths, tlpDataBits: 256 });
  });

  it('a profile file with a bad or removed key is one error naming the file, the key and the value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'profile-'));
    const bad = JSON.parse(profileJson(REFERENCE_RTL_PROFILE, 'x'));
    bad.engine.readIssueToBus = -3;
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    expect(() => loadProfileFile(path.join(dir, 'bad.json'))).toThrow(TimingProfileError);
    expect(() => loadProfileFile(path.join(dir, 'bad.json'))).toThrow(/bad\.json key "engine\.readIssueToBus": value -3 is not an integer cycle count/);
    const old = JSON.parse(profileJson(REFERENCE_RTL_PROFILE, 'x'));
    old.arbitration = { policy: 'round-robin', queueSwitch: 1 };
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify(old));
    expect(() => loadProfileFile(path.join(dir, 'old.json'))).toThrow(/key "arbitration": .* is no longer a profile key .* remove it$/);
    writeFileSync(path.join(dir, 'broken.json'), '{"name": ');
    expect(() => loadProfileFile(path.join(dir, 'broken.json'))).toThrow(/broken\.json is not JSON/);
    expect(() => loadProfileFile(path.join(dir, 'none.json'))).toThrow(/none\.json cannot be read \(ENOENT\)/);
  });
});
