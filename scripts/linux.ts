// `npx virtio-cosim linux`: a Linux guest (QEMU TCG) drives the DUT behind x-pci-proxy-dev —
// the RTL with the model in lockstep (--dut rtl) or the model alone (--dut model) — or a
// recorded run is replayed without QEMU (--replay). Exit 0 on agreement, 1 on a divergence or a
// failed workload, 2 on a usage error. Everything started is stopped at the end or on Ctrl-C.

import { pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { CliError, runCommand, UsageError, type CommandSpec } from './args.js';
import { DUT_OPTIONS, dutFromValues } from './dut-options.js';
import { loadProfileOption, PROFILE_OPTION } from './profile-option.js';
import { fetchGuestParts } from '../tb/linux-guest/guest.js';
import { proxyUnavailable } from '../tb/linux-rtl/qemu-proxy.js';
import { readRecord, RecordError, writeRecord, type LinuxRecord } from '../tb/linux-rtl/record.js';
import { replayLinux, type ReplayOptions } from '../tb/linux-rtl/replay.js';
import { REPO_ROOT } from '../tb/linux-guest/guest.js';
import { existsSync, mkdirSync } from 'node:fs';
import { runLinuxRtl, type LinuxRunResult } from '../tb/linux-rtl/run.js';
import type { CompareLevel, DutKind } from '../tb/linux-rtl/backend.js';
import { WORKLOAD_NAMES, WORKLOADS, type WorkloadName } from '../tb/linux-rtl/workloads.js';

const spec = {
  name: 'virtio-cosim linux',
  summary: 'boot a Linux guest on the DUT (QEMU x-pci-proxy-dev) with the model in lockstep, or replay a recorded run',
  options: {
    width: { kind: 'enum', values: ['64', '256'] as const, help: 'TLP data width of the RTL build (default 64; a replay: as recorded)' },
    defines: { kind: 'csv', help: 'RTL defines (rtl/broken, rtl/variants), comma-separated (a replay: as recorded)' },
    top: DUT_OPTIONS.top,
    rtl: DUT_OPTIONS.rtl,
    incdir: DUT_OPTIONS.incdir,
    param: DUT_OPTIONS.param,
    profile: PROFILE_OPTION,
    dut: { kind: 'enum', values: ['rtl', 'model'] as const, help: 'the RTL with the model in lockstep (default), or the model alone; a replay defaults to the recorded one' },
    compare: { kind: 'enum', values: ['exact', 'spec'] as const, default: 'exact', help: 'comparison level of the lockstep engine' },
    workload: { kind: 'enum', values: WORKLOAD_NAMES, help: 'what the guest runs (default smoke)' },
    append: { kind: 'string', help: 'extra kernel command line (e.g. pci=nomsi for INTx)' },
    record: { kind: 'string', meta: 'FILE', help: "write the guest's access stream and DMA reads (gzip JSON)" },
    replay: { kind: 'string', meta: 'FILE', help: 'replay a recorded run without QEMU' },
    timeout: { kind: 'int', min: 10, max: 3600, default: 300, meta: 'S', help: 'QEMU is killed after S seconds' },
    'no-waves': { kind: 'flag', help: 'no waveform re-run after a divergence' },
    window: { kind: 'int', min: 1, max: 1_000_000, default: 200, meta: 'W', help: 'waves from W cycles before the divergence to W after' },
    verbose: { kind: 'flag', help: "echo the guest's console" },
  },
  epilogue: 'exit: 0 agreement and workload passed, 1 divergence or workload failure, 2 usage error, 3 QEMU or the guest kernel missing',
} satisfies CommandSpec;

function formatLive(r: LinuxRunResult, cfg: string): string {
  const s = r.stats;
  const accesses = s.cfgReads + s.cfgWrites + s.barReads + s.barWrites;
  return [
    `linux ${cfg}`,
    `  guest time ${r.guestSeconds.toFixed(2)} s, wall ${(r.wallMs / 1000).toFixed(1)} s of which ${(r.busyMs / 1000).toFixed(1)} s answering accesses: ` +
      `${(accesses / (r.wallMs / 1000)).toFixed(0)} accesses/s over the run, ${(accesses / Math.max(r.busyMs / 1000, 1e-3)).toFixed(0)} while answering`,
    `  accesses: CfgRd ${s.cfgReads}, CfgWr ${s.cfgWrites}, BAR reads ${s.barReads}, BAR writes ${s.barWrites} (other messages ${s.otherMessages})`,
    `  DMA: ${r.dma.reads} reads (${r.dma.readBytes} bytes), ${r.dma.writes} writes (${r.dma.writeBytes} bytes)`,
    `  frames: guest TX ${s.txFrames} (${s.txBytes} bytes; ${Object.entries(r.txByKind).map(([k, v]) => `${k} ${v}`).join(', ')}), guest RX ${s.rxFrames} (${s.rxBytes} bytes)`,
    `  interrupts: MSI-X ${s.msix}, INTx edges ${s.intxEdges}`,
    `  cycles simulated ${r.cycles}, transactions compared ${r.compared}, trace hash 0x${r.hash.toString(16).padStart(8, '0')}`,
    `  console: ${r.consolePath}`,
  ].join('\n');
}

/** Replays `rec` on a --trace build with waves over [cycle - w, cycle + w]; the VCD's path. */
async function waves(rec: LinuxRecord, o: ReplayOptions, cycle: number, w: number): Promise<string | null> {
  const file = join(REPO_ROOT, 'waves', 'out', `linux-${cycle}.vcd`);
  mkdirSync(dirname(file), { recursive: true });
  const r = await replayLinux(rec, { ...o, waves: { from: Math.max(0, cycle - w), to: cycle + w, file } });
  return r.wavePath;
}

export async function linuxMain(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values: v }) => {
    if (v.replay !== undefined) {
      const live = (['record', 'workload', 'append', 'verbose'] as const).find((k) => v[k] !== undefined && v[k] !== false);
      if (live) throw new UsageError(`${spec.name}: --${live} is for a live run, not with --replay`);
    }
    if (v.record !== undefined && !existsSync(dirname(resolve(v.record)))) {
      throw new UsageError(`${spec.name}: --record ${JSON.stringify(v.record)}: directory ${dirname(resolve(v.record))} does not exist`);
    }
    const width = v.width === undefined ? undefined : (Number(v.width) as 64 | 256);
    // The parser checked each against its enum's values.
    const dut = v.dut as DutKind | undefined;
    const compare = v.compare as CompareLevel;
    // A user's design by the same options as cosim (--top --rtl --incdir --param).
    const design = dutFromValues(spec.name, { ...v, define: [], width: '64' }).dut;
    const profile = await loadProfileOption(spec.name, v.profile);
    const workload = (v.workload ?? 'smoke') as WorkloadName;
    const abort = new AbortController();
    const onSignal = (): void => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      if (v.replay !== undefined) {
        let rec;
        try {
          rec = readRecord(v.replay);
        } catch (e) {
          if (e instanceof RecordError) throw new CliError(e.message, 2);
          throw e;
        }
        const o = { dut: dut ?? rec.dut, compare, width: width ?? rec.width, defines: v.defines ?? rec.defines, design, profile };
        let r = await replayLinux(rec, o);
        const same = r.hash === r.recordedHash;
        console.log(`linux replay ${v.replay}: dut=${o.dut} width ${o.width}${o.defines.length ? ` defines ${o.defines.join(',')}` : ''} compare=${compare}, ${rec.messages.length} messages, ` +
          `DMA ${r.dma.reads} reads ${r.dma.writes} writes, ${r.cycles} cycles, ${r.compared} compared, ${(r.wallMs / 1000).toFixed(1)} s`);
        if (r.divergence) {
          console.log(r.divergence);
          if (r.divergenceCycle !== null && !v['no-waves']) r = { ...r, wavePath: await waves(rec, o, r.divergenceCycle, v.window) };
          if (r.wavePath) console.log(`waves: ${r.wavePath}`);
        }
        if (r.departure) console.log(`replay departed from the record: ${r.departure}`);
        console.log(`trace hash 0x${r.hash.toString(16).padStart(8, '0')} (recorded 0x${r.recordedHash.toString(16).padStart(8, '0')}): ${same ? 'same' : 'DIFFERENT'}`);
        return same && !r.departure && !r.divergence ? 0 : 1;
      }
      const noProxy = proxyUnavailable();
      if (noProxy !== null) throw new CliError(noProxy, 3);
      const f = fetchGuestParts();
      if (!('parts' in f)) throw new CliError(`the guest kernel cannot be had: ${f.unavailable}`, 3);
      const defines = v.defines ?? [];
      const cfg = `dut=${dut ?? 'rtl'} width ${width ?? 64}${defines.length ? ` defines ${defines.join(',')}` : ''} compare=${v.compare} workload ${v.workload}${v.append ? ` append "${v.append}"` : ''}`;
      const r = await runLinuxRtl(f.parts, {
        tag: `cli-${process.pid}`, dut: dut ?? 'rtl', width: width ?? 64, defines, design, profile, compare, workload: WORKLOADS[workload],
        append: v.append, record: v.record, timeoutMs: v.timeout * 1000, signal: abort.signal,
        log: v.verbose ? (l) => console.log(`  | ${l}`) : undefined,
      });
      let wavePath: string | null = null;
      if (r.divergence) {
        console.log(r.divergence);
        // The device side is a function of the access stream: its replay on a --trace build
        // reaches the same divergence, with waves around it.
        if (r.divergenceCycle !== null && !v['no-waves']) wavePath = await waves(r.record, { dut: 'rtl', compare, width: width ?? 64, defines, design }, r.divergenceCycle, v.window);
        console.log(`waves: ${wavePath ?? '(none)'}`);
        let rec = v.record;
        if (rec === undefined) {
          rec = join(dirname(r.consolePath), 'run.rec.gz');
          writeRecord(rec, r.record);
        }
        console.log(`reproduce without QEMU: npx virtio-cosim linux --replay ${rec}`);
      }
      for (const l of r.report.lines) console.log(`  guest: ${l}`);
      console.log(formatLive(r, cfg));
      for (const p of r.problems) console.log(`  problem: ${p}`);
      const ok = !r.divergence && r.problems.length === 0;
      console.log(`result: ${r.divergence ? 'DIVERGENCE' : ok ? 'PASS' : 'FAIL'}${v.record ? ` (recorded to ${v.record})` : ''}`);
      if (abort.signal.aborted) return 130;
      return ok ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await linuxMain(process.argv.slice(2));
}
