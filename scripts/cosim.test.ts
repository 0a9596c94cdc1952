// The cosim command line into RunConfig (no simulator: the run itself is tested in tb/cosim).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKAHEAD } from '../tb/cosim/runner.js';
import { SCENARIOS } from '../tb/cosim/scenarios.js';
import { parseCommand, UsageError } from './args.js';
import { COSIM_COMMAND, cosimConfig, parseDefines } from './cosim.js';

const config = (argv: string[]) => cosimConfig(parseCommand(COSIM_COMMAND, argv).values, DEFAULT_LOOKAHEAD);

describe('virtio-cosim cosim options -> RunConfig', () => {
  it('defaults: bringup seed 1, width 64, the runner lookahead, compare exact, timing fail, waves on', () => {
    expect(config([])).toEqual({
      scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: DEFAULT_LOOKAHEAD, transport: undefined,
      compare: 'exact', timing: 'fail', wavesOnDivergence: true, waveWindow: 200, continueAfterDivergence: false,
    });
  });

  it('passes every option through, --compare and --timing included', () => {
    const c = config(['--scenario', 'wrap', '--seed', '4294967295', '--width', '256', '--defines', 'A,B=1', '--define', 'C', '--define', 'A',
      '--lookahead', '65535', '--transport', 'fifo', '--compare', 'spec', '--timing', 'warn', '--no-waves', '--window', '7', '--keep-going']);
    expect(c).toEqual({
      scenario: 'wrap', seed: 2 ** 32 - 1, width: 256, defines: ['A', 'B=1', 'C'], lookahead: 65535, transport: 'fifo',
      compare: 'spec', timing: 'warn', wavesOnDivergence: false, waveWindow: 7, continueAfterDivergence: true,
    });
  });

  it('--signals asks for the signal-level build (absent: the ordinary build)', () => {
    expect(config(['--signals']).signals).toBe(true);
    expect('signals' in config([])).toBe(false);
  });

  it('every tb/cosim scenario is accepted, and listed in --help', () => {
    for (const s of SCENARIOS) expect(config(['--scenario', s.name]).scenario).toBe(s.name);
    expect(() => config(['--scenario', 'nope'])).toThrow(UsageError);
  });

  it('defines: comma or space separated (as tb/regress passes them), NAME or NAME=VALUE only', () => {
    expect(parseDefines('x', 'BUG_X BUG_Y', [])).toEqual(['BUG_X', 'BUG_Y']);
    expect(parseDefines('x', ' A , B ', ['C=2'])).toEqual(['A', 'B', 'C=2']);
    for (const bad of ['A,,B', '1A', 'A=', "A='x'"]) expect(() => parseDefines('x', bad, []), bad).toThrow(/is not NAME or NAME=VALUE/);
    for (const bad of ['A=b c', 'A B', '']) expect(() => parseDefines('x', undefined, [bad]), bad).toThrow(/is not NAME or NAME=VALUE/);
  });

  it('--backpressure: P or CH=P, a usage error when out of range or at the exact level without --timing warn', () => {
    expect(config(['--backpressure', '0.3', '--compare', 'spec']).backpressure).toBe(0.3);
    expect(config(['--backpressure', 'm_axis_tx=0.5', '--timing', 'warn']).backpressure).toEqual({ m_axis_tx: 0.5 });
    expect(() => config(['--backpressure', '0.3'])).toThrow(/--timing warn/);
    expect(() => config(['--backpressure', '1.5', '--compare', 'spec'])).toThrow(UsageError);
    expect(config(['--backpressure', 'rx_req=0.1', '--compare', 'spec']).backpressure).toEqual({ rx_req: 0.1 }); // valid gaps inside a request TLP
    expect(() => config(['--backpressure', 'rx_cpl=0.1', '--compare', 'spec'])).toThrow(/rx_cpl/);
    expect(config(['--no-input-noise']).inputNoise).toBe(false);
    expect('inputNoise' in config([])).toBe(false);
  });
});
