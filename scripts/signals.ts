// `virtio-cosim signals`: the names a signal-level test can peek and poke (tb/cosim/signals.ts),
// with their widths, from the DUT's `signals` build (built or found cached), as `dir(dut)` would
// show them to a cocotb user.
import { CliError, runCommand, UsageError, type CommandSpec } from './args.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';

export const SIGNALS_COMMAND = {
  name: 'virtio-cosim signals',
  summary: 'List the signals a signal-level test can peek and poke (hierarchical name, width, writable), from the DUT built with public signals.',
  options: {
    ...DUT_OPTIONS,
    prefix: { kind: 'string', meta: 'NAME', default: '', help: 'only names starting with this (e.g. virtio_net_pcie.u_datapath.)' },
    max: { kind: 'int', min: 1, max: 1_000_000, default: 100_000, help: 'list at most this many' },
  },
  epilogue: [
    'ports are listed by their bare name and are read-only (the co-simulation drives and compares them); so are parameters',
    'example: npx virtio-cosim signals --prefix virtio_net_pcie.u_common.',
  ].join('\n'),
} satisfies CommandSpec;

export function signalsMain(argv: string[]): Promise<number> {
  return runCommand(SIGNALS_COMMAND, argv, async ({ values: v }) => {
    const opts = dutFromValues(SIGNALS_COMMAND.name, v);
    const [{ startRtl }, { RtlBridgeError }, { DutSourceError, resolveDut }, { dutSpecOf }] = await Promise.all([
      import('../tb/cosim/rtl.js'), import('../tb/cosim/rtl-sync.js'), import('../rtl-bridge/client/dut-build.js'), import('../rtl-bridge/client/process.js'),
    ]);
    let rtl;
    try {
      resolveDut(dutSpecOf({ ...opts, signals: true })); // a missing source or bad define: a usage error before any build
      rtl = await startRtl({ width: opts.width, defines: opts.defines ?? [], dut: opts.dut, trace: false, signals: true, transport: 'fifo' });
    } catch (e) {
      if (e instanceof DutSourceError) throw new UsageError(`${SIGNALS_COMMAND.name}: ${e.message}`);
      if (e instanceof RtlBridgeError) throw new CliError(e.message.split('\n')[0]!, 1);
      throw e;
    }
    try {
      rtl.reset();
      const { total, entries } = rtl.signalList!(v.prefix, v.max);
      for (const e of entries) console.log(`${e.name}  ${e.bits}  ${e.writable ? 'rw' : 'ro'}`);
      console.log(`${entries.length} of ${total} signals${v.prefix ? ` starting with ${v.prefix}` : ''} (build ${rtl.buildId})`);
    } catch (e) {
      if (e instanceof RtlBridgeError) throw new CliError(e.message.split('\n')[0]!, 1);
      throw e;
    } finally {
      rtl.close();
    }
    return 0;
  });
}
