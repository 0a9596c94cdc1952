// `virtio-cosim linux` options: every mistake is a usage error (exit 2) before anything starts.

import { describe, expect, it, vi } from 'vitest';
import { linuxMain } from './linux.js';

async function run(argv: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await linuxMain(argv), err, out };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe('virtio-cosim linux options', () => {
  it('--help lists every option and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const o of ['--dut', '--width', '--defines', '--compare', '--workload', '--append', '--record', '--replay']) expect(r.out).toContain(o);
  });

  it('rejects bad values and live-run options with --replay, naming them (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--dut', 'fpga'], /--dut "fpga" must be one of rtl\|model/],
      [['--width', '128'], /--width "128" must be one of 64\|256/],
      [['--workload', 'iperf'], /--workload "iperf" must be one of/],
      [['--replay', 'x.gz', '--append', 'pci=nomsi'], /--append is for a live run, not with --replay/],
      [['--replay', 'x.gz', '--record', 'y.gz'], /--record is for a live run/],
      [['--record', '/no/such/dir/r.gz'], /directory \/no\/such\/dir does not exist/],
      [['--replay', '/no/such/file.gz'], /record \/no\/such\/file.gz: cannot be read/],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2); // one line (+ the --help hint)
    }
  });
});
